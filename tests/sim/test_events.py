"""Events and synapses against NEURON 9.0.2 goldens (tools/gen_events_golden.py), plus unit
tests of the event queue's ordering."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

from pyhoc.sim import Model
from pyhoc.sim.events import TQueue

import events_scenarios as S  # noqa: E402  (tests/sim is on sys.path under pytest)

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim')
TOL = 1e-6   # mV, uS, ms; in practice the results are bit-identical


def load(case: str) -> dict:
    with open(os.path.join(GOLDEN, case + '.json')) as f:
        return json.load(f)


def _compare(case, got, want, path=''):
    if isinstance(want, list) and want and isinstance(want[0], list):
        assert len(got) == len(want), '%s %s: %d entries, want %d' % (case, path, len(got),
                                                                       len(want))
        for k, (g, w) in enumerate(zip(got, want)):
            _compare(case, g, w, '%s[%d]' % (path, k))
        return
    a = np.asarray(got, dtype=float)
    b = np.asarray(want, dtype=float)
    assert a.shape == b.shape, '%s %s: shape %s, want %s' % (case, path, a.shape, b.shape)
    np.testing.assert_allclose(a, b, rtol=0, atol=TOL, err_msg='%s: %s' % (case, path))


@pytest.mark.parametrize('case', sorted(S.CASES))
def test_against_neuron(case):
    fn, kwargs = S.CASES[case]
    doc = load(case)
    assert doc['provenance']['kwargs'] == kwargs
    got = getattr(S, fn)(Model(), **kwargs)
    assert sorted(got) == sorted(doc['data'])
    for key, want in doc['data'].items():
        _compare(case, got[key], want, key)


def test_goldens_have_spikes():
    d = load('events_two_cells')['data']
    assert len(d['pre_t']) >= 2 and len(d['post_t']) >= 1 and len(d['apc_t']) >= 1
    d = load('events_intfire')['data']
    assert all(len(d['spk%d' % k]) for k in range(5))


def test_queue_ties():
    """Equal times leave first in first out, except that an item displaced from the least
    slot goes behind the equal-time items already waiting (TQueue::insert)."""
    q = TQueue()
    for name, t in (('a', 5.), ('b', 5.), ('c', 3.), ('d', 5.)):
        q.insert(t, name)
    out = []
    while True:
        it = q.atomic_dq(10.)
        if it is None:
            break
        out.append(it.ev)
    assert out == ['c', 'b', 'a', 'd']


def test_queue_move_and_remove():
    q = TQueue()
    a = q.insert(1., 'a')
    b = q.insert(2., 'b')
    c = q.insert(3., 'c')
    q.move(c, .5)
    q.remove(b)
    q.move(a, 4.)
    assert q.times() == [.5, 4.]
    assert q.atomic_dq(.4) is None
    assert q.atomic_dq(.5).ev == 'c'
    assert q.atomic_dq(10.).ev == 'a'


def test_netcon_fields():
    from pyhoc.sim.mechanisms.synapses import ExpSyn
    from pyhoc.sim.netcon import NetCon
    m = Model()
    s = m.new_section('soma')
    syn = ExpSyn(s(.5), model=m)
    nc = NetCon(s(.5)._ref_v, syn)
    assert (nc.threshold, nc.delay, list(nc.weight)) == (10., 1., [0.])
    assert nc.wcnt() == 1 and nc.valid() == 1 and nc.syn() is syn and nc.pre() is None
    nc2 = NetCon(s(.5)._ref_v, None)
    nc2.threshold = -30
    assert nc.threshold == -30       # one source, one threshold
    assert nc.active(0) == 1 and nc.active() == 0


HOC_NET = r'''
create pre, post
forall { L = 20 diam = 20 insert hh }
objref stim, syn, nc, vec, nil, det, pv, ns, nc2, fih, fih2, apc, av
pre stim = new IClamp(0.5)
stim.del = 1
stim.dur = 20
stim.amp = 0.2
post syn = new ExpSyn(0.5)
syn.tau = 3
pre nc = new NetCon(&v(0.5), syn)
nc.threshold = -20
nc.delay = 2.5
nc.weight[0] = 0.01
vec = new Vector()
pv = new Vector()
nc.record(vec)
post det = new NetCon(&v(.5), nil, -20, 0, 0)
det.record(pv)
post apc = new APCount(0.5)
av = new Vector()
apc.record(av)
ns = new NetStim()
ns.start = 3
ns.number = 2
ns.interval = 4
nc2 = new NetCon(ns, syn, 0, 1, 0.001)
fih = new FInitializeHandler("print \"fih0 t=\", t, \" v=\", v(.5)")
fih2 = new FInitializeHandler(2, "print \"fih2 g=\", syn.g")
finitialize(-65)
while (t < 30) fadvance()
print "pre ", vec.size(), vec.x[0], " post ", pv.size(), pv.x[0], " apc ", apc.n, av.x[0]
print nc.weight[0], nc.wcnt(), nc2.weight[0], nc2.delay, nc2.threshold, det.threshold
printf("%.12f\n", syn.g)
'''


def test_hoc_network(hoc):
    """The same network from HOC (NEURON 9.0.2 printed these lines)."""
    hoc.execute('~' + HOC_NET)
    out = hoc.stdout.getvalue()
    assert 'fih0 t=0  v=-65 \nfih2 g=0 \n' in out
    assert 'pre 2 2.4  post 2 5.6  apc 2 5.6 \n' in out
    assert '0.01 1 0.001 1 0 -20 \n' in out
    assert '0.000174494598\n' in out
    assert out.startswith('\t0 \n\t0 \n\t1 \n')      # the record() calls' values


def test_python_network(h):
    """h.NetCon(seg._ref_v, syn, sec=sec), FInitializeHandler and cvode.event from Python."""
    h.load_file('stdrun.hoc')
    s = h.Section(name='soma')
    s.insert('hh')
    syn = h.ExpSyn(s(.5))
    ns = h.NetStim()
    ns.start, ns.number, ns.interval = .5, 3, .7
    nc = h.NetCon(ns, syn)
    nc.weight[0], nc.delay = .02, 0
    det = h.NetCon(s(.5)._ref_v, None, sec=s)
    assert det.threshold == 10 and nc.syn() is syn and nc.pre() is ns
    cv = h.CVode()
    out = []

    def at_init():
        for k, tt in enumerate((1.0125, 1.2, 1.1)):
            cv.event(tt, lambda k=k: out.append((k, round(h.t, 9), syn.g)))
    f = h.FInitializeHandler(1, at_init)
    f0 = h.FInitializeHandler(lambda: out.append(('f0', h.t)))
    tv = h.Vector()
    nc.record(tv)
    h.finitialize(-65)
    while h.t < 2:
        h.fadvance()
    # NEURON 9.0.2
    assert out == [('f0', 0.0), (0, 1.025, 0.00010495036798362773),
                   (2, 1.1, 4.95750435333272e-05), (1, 1.2, 1.8237639311090332e-05)]
    assert list(tv) == [0.5, 1.2, 1.9]
    del f, f0


def test_finitialize_handler_type_defaults_to_1(hoc):
    """FInitializeHandler("stmt") runs after the INITIAL blocks and before the currents
    (type 1), so states it sets stay and the currents see them (NEURON 9.0.2 printed these
    lines; ModelDB 35358 zeroes its gates so)."""
    hoc.execute('~create soma\naccess soma\ninsert hh\nobjref f1\n'
                'f1 = new FInitializeHandler("m_hh = 0  h_hh = 0  n_hh = 0")\n'
                '{finitialize(-60)}\nprint ina, ik, m_hh, i_cap, il_hh\n'
                'f1 = new FInitializeHandler(0, "m_hh = 0.5")\n'
                '{finitialize(-60)}\nprint ina, ik, m_hh\n')
    assert hoc.stdout.getvalue() == ('0 0 0 0 -0.00171 \n'
                                     '-0.0045322926 0.01509067 0.093641951 \n')
