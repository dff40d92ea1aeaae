"""The compiled variable steps (pyhoc.sim.cvode_fast, cvode_numba) take the steps of the
Python integrator (pyhoc.sim.cvode_bdf with CvodeState's microsteps): the same statistics and
the same values, on the CVode golden scenarios (whose NEURON comparison is test_cvode.py's),
under stdrun's continuerun with records and spike detection, and with translated .mod
mechanisms."""
from __future__ import annotations

import os

import numpy as np
import pytest

from pyhoc.sim import Model, cvode_fast

import cvode_scenarios as S  # noqa: E402  (tests/sim is on sys.path under pytest)


MOD = os.path.join(os.path.dirname(__file__), '..', 'nmodl', 'mod')


def _counts(m) -> dict:
    cv = m.__dict__['_cvode']
    b = cv.bdf
    out = dict(cv.stats)
    out.update(nst=b.nst, nfe=b.nfe, nni=b.nni, nsetups=b.nsetups, netf=b.netf, ncfn=b.ncfn,
               q=b.q, h=b.h)
    return out


def _both(run):
    """run(compiled) -> (values, counts) with the compiled microsteps on and off."""
    sav = cvode_fast.ENABLED
    try:
        cvode_fast.ENABLED = False
        want = run()
        cvode_fast.ENABLED = True
        got = run()
    finally:
        cvode_fast.ENABLED = sav
    return got, want


def _same(got, want) -> None:
    """Equal counts and equal values (the same operations in the same order)."""
    (gv, gc), (wv, wc) = got, want
    assert gc == wc
    assert gv.keys() == wv.keys()
    for k in wv:
        if wv[k] and isinstance(wv[k][0], str):         # (statename's names)
            assert gv[k] == wv[k], k
            continue
        np.testing.assert_array_equal(np.asarray(gv[k], float), np.asarray(wv[k], float),
                                      err_msg=k)


def _used(m) -> bool:
    run = m.__dict__['_cvode']._run
    return run is not None and run[2] is not None


@pytest.mark.parametrize('case', sorted(S.CASES))
def test_golden_scenarios_take_the_same_steps(case):
    fn, kwargs = S.CASES[case]

    def run():
        m = Model()
        out = getattr(S, fn)(m, **kwargs)
        return out, _counts(m)
    got, want = _both(run)
    _same(got, want)


def _hoc_run(h, setup: str, tstop: float, probes) -> dict:
    h(setup)
    h('objref tv_, sv_, nc_, nil_, vecs_[%d]' % len(probes))
    h('tv_ = new Vector()\ntv_.record(&t)\nsv_ = new Vector()')
    for k, p in enumerate(probes):
        h('vecs_[%d] = new Vector()\nvecs_[%d].record(&%s)' % (k, k, p))
    h('%s nc_ = new NetCon(&v(.5), nil_)\nnc_.record(sv_)' % probes[0].split('.')[0])
    h('cvode_active(1)\ncvode.atol(1e-5)\nfinitialize(-65)\ncontinuerun(%g)' % tstop)
    out = {'t': list(h.tv_), 'spikes': list(h.sv_)}
    for k, p in enumerate(probes):
        out[p] = list(h.vecs_[k])
    return out


def _interp_run(setup, tstop, probes, mods=(), vectors=()):
    """The run's records and spikes (and the Vectors named in ``vectors`` at its end), the
    integrator's counts, and whether the compiled loop ran."""
    from pyhoc.bridge import HocTop
    from pyhoc.hoc.interpreter import Interpreter
    interp = Interpreter()
    h = HocTop(interp)
    if mods:
        from pyhoc.nmodl.load import load_into
        load_into(interp.sim.model, [os.path.join(MOD, f) for f in mods])
    h('load_file("stdrun.hoc")')
    out = _hoc_run(h, setup, tstop, probes)
    for name in vectors:
        out[name] = list(getattr(h, name))
    m = interp.sim.model
    return out, _counts(m), _used(m)


def test_continuerun_records_and_spikes():
    setup = '''create soma, dend
connect dend(0), soma(1)
soma { L = 20  diam = 20  insert hh }
dend { L = 300  diam = 2  nseg = 7  insert pas  e_pas = -65 }
objref st
soma st = new IClamp(.5)
st.del = 2
st.dur = 40
st.amp = .25
'''
    got, want = _both(lambda: _interp_run(setup, 60, ['soma.v(.5)', 'dend.v(.9)',
                                                       'soma.m_hh(.5)', 'st.i']))
    assert got[2] and not want[2]
    assert len(want[0]['spikes']) >= 1
    _same(got[:2], want[:2])


def test_translated_mechanisms_take_the_same_steps(tmp_path, monkeypatch):
    monkeypatch.setenv('PYHOC_MODL_CACHE', str(tmp_path / 'modl'))
    setup = '''create soma, dend
connect dend(0), soma(1)
soma { L = 20  diam = 20  nseg = 1  insert kdr  insert nachan }
dend { L = 200  diam = 2  nseg = 5  insert kdr  gbar_kdr = .01
       insert pas  e_pas = -65  g_pas = 1e-4 }
objref st
soma st = new stim(.5)
st.amp = .4
celsius = 16
'''
    got, want = _both(lambda: _interp_run(setup, 30, ['soma.v(.5)', 'dend.v(.9)',
                                                       'soma.n_kdr(.5)'],
                                          ['kdr.mod', 'nachan.mod', 'stim.mod']))
    assert got[2] and not want[2]
    assert len(want[0]['spikes']) >= 1
    _same(got[:2], want[:2])


def test_clamp_counter_and_play_run_compiled():
    """SEClamp (its current computed before each step), APCount (a count makes Python append
    the crossing time to its Vector) and a continuous Vector.play into an IClamp's amp (set
    in each f) run in the compiled loop, with the steps and values of Python's microsteps."""
    setup = '''create soma, cell2
soma { L = 20  diam = 20  insert hh }
cell2 { L = 20  diam = 20  insert hh }
objref se, apc, apv, ic, tv, av
soma se = new SEClamp(.5)
se.dur1 = 5
se.amp1 = -65
se.dur2 = 10
se.amp2 = -20
se.dur3 = 10
se.amp3 = -70
cell2 apc = new APCount(.5)
apv = new Vector()
apc.record(apv)
cell2 ic = new IClamp(.5)
ic.del = 0
ic.dur = 1e9
tv = new Vector(4)
tv.x[1] = 5
tv.x[2] = 20
tv.x[3] = 30
av = new Vector(4)
av.x[1] = .3
av.x[2] = .05
av.x[3] = .4
av.play(&ic.amp, tv, 1)
'''
    from pyhoc.sim import backend
    backend.kernels()           # (a run this short would not load numba by itself)
    got, want = _both(lambda: _interp_run(setup, 35, ['cell2.v(.5)', 'soma.v(.5)', 'se.i',
                                                       'ic.amp'], vectors=['apv']))
    assert got[2] and not want[2]
    apv, spikes = want[0]['apv'], want[0]['spikes']     # (APCount at -20 mV, NetCon at 10)
    assert len(apv) == len(spikes) >= 3 and all(a < b for a, b in zip(apv, spikes))
    _same(got[:2], want[:2])
