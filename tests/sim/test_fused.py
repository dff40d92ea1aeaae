"""The compiled stretches (pyhoc.sim.fused) give bit for bit the step-by-step results.

Each model runs twice in a fresh interpreter, once with ``fused.ENABLED`` off (every step
through fixed_step.fadvance) and once on, and everything observable is compared exactly:
recorded vectors (v, t, a state, a point process variable, Dt and time-vector records),
spike times, final states, t, and what the HOC code printed.
"""
from __future__ import annotations

import io

import numpy as np
import pytest

from pyhoc.bridge import HocTop
from pyhoc.errors import HocError
from pyhoc.base.context import running
from pyhoc.hoc.interpreter import Interpreter
from pyhoc.sim import backend, fused


def _fresh():
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    return interp, HocTop(interp)


def _network(h, ncell=6, tstop=60.0):
    """Cells with every mechanism the compiled loop knows, connected in a ring."""
    h.load_file('stdrun.hoc')
    cells = []
    for i in range(ncell):
        s = h.Section(name='soma%d' % i)
        s.L = s.diam = 12.6157
        s.insert('hh')
        d = h.Section(name='dend%d' % i)
        d.connect(s(1))
        d.L, d.diam, d.nseg = 200, 1, 3
        d.insert('pas')
        syn = h.ExpSyn(d(0.5))
        syn.tau = 2
        s2 = h.Exp2Syn(d(0.2))
        s2.tau1, s2.tau2 = .5, 3
        al = h.AlphaSynapse(d(0.9))
        al.onset, al.gmax = 3 + i, 0.001
        cells.append((s, d, syn, s2, al))
    keep = []
    for i in range(ncell):
        src, tgt = cells[i][0], cells[(i + 1) % ncell]
        nc = h.NetCon(src(0.5)._ref_v, tgt[2], sec=src)
        nc.weight[0], nc.delay, nc.threshold = .01, 5, 10
        nc2 = h.NetCon(src(0.5)._ref_v, tgt[3], sec=src)
        nc2.weight[0], nc2.delay = .005, 0     # delivered in the step that detects it
        keep += [nc, nc2]
    stim = h.NetStim()
    stim.number, stim.start, stim.interval = 3, 9, 7
    nc0 = h.NetCon(stim, cells[0][2])
    nc0.delay, nc0.weight[0] = 1, .04
    ic = h.IClamp(cells[0][0](0.5))
    ic.delay, ic.dur, ic.amp = 2, 0.5, 0.3
    vecs = {name: h.Vector() for name in ('t', 'v0', 'v1', 'm1', 'g2', 'vdt', 'vtv', 'spk', 'id')}
    vecs['t'].record(h._ref_t)
    vecs['v0'].record(cells[0][0](0.5)._ref_v)
    vecs['v1'].record(cells[1 % ncell][1](0.5)._ref_v)
    vecs['m1'].record(cells[1 % ncell][0](0.5)._ref_m_hh)
    vecs['g2'].record(cells[2 % ncell][2]._ref_g)
    vecs['vdt'].record(cells[3 % ncell][0](0.5)._ref_v, 0.1)
    tv = h.Vector([0.5, 1.0, 7.33, 20.0, 20.01])
    vecs['vtv'].record(cells[4 % ncell][0](0.5)._ref_v, tv)
    for i, c in enumerate(cells):
        n = h.NetCon(c[0](0.5)._ref_v, None, sec=c[0])
        n.record(vecs['spk'], vecs['id'], i)
        keep.append(n)
    h.tstop = tstop
    return cells, keep + [stim, nc0, ic, tv], vecs


def _observe(h, cells, vecs) -> dict:
    out = {k: v.as_numpy().copy() for k, v in vecs.items()}
    out['state'] = np.array([h.t] + [x for c in cells for x in (
        c[0](0.5).v, c[0](0.5).hh.m, c[1](0.5).v, c[2].g, c[3].A, c[3].B, c[4].i)])
    return out


def _both(build_and_run):
    """build_and_run(interp, h) -> dict of arrays, step by step and then compiled."""
    results = []
    for on in (False, True):
        fused.ENABLED = on
        try:
            interp, h = _fresh()
            with running(interp):      # h.cvode.event's model is the running interpreter's
                r = build_and_run(interp, h)
            cached = interp.sim.model.__dict__.get('_fused_plan')
            r['compiled'] = np.array([cached is not None and cached[1] is not None])
            r['stdout'] = interp.stdout.getvalue()
            results.append(r)
        finally:
            fused.ENABLED = True
    return results


def _assert_same(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for k in a.keys() - {'compiled'}:
        if isinstance(a[k], str):
            assert a[k] == b[k], k
        else:
            np.testing.assert_array_equal(a[k], b[k], err_msg=k)


@pytest.fixture(autouse=True)
def _numba():
    backend.set_backend('numba')
    yield
    backend.set_backend(None)


def test_network_run_is_bit_identical():
    def go(interp, h):
        cells, keep, vecs = _network(h)
        h.run()
        return _observe(h, cells, vecs)
    a, b = _both(go)
    _assert_same(a, b)
    assert len(a['spk']) >= 6 and len(a['t']) == 2401
    assert b['compiled'][0]


def test_pieces_fadvance_events_and_stoprun():
    """continuerun in pieces, single fadvance calls, cvode.event statements, stoprun from a
    NetCon callback, a second run (re-initialisation)."""
    def go(interp, h):
        cells, keep, vecs = _network(h, ncell=4)
        said = []
        stops = []

        def stop():
            if not stops:
                stops.append(h.t)
                h.stoprun = 1
        stopper = h.NetCon(cells[2][0](0.5)._ref_v, None, sec=cells[2][0])
        stopper.record(stop)
        h.finitialize(-65)
        h.cvode.event(3.3, lambda: said.append(h.t))
        h.cvode.event(5.0, lambda: said.append(h.t))
        h.continuerun(7.3)
        for _ in range(17):
            h.fadvance()
        h.continuerun(30)          # stopped by the spike of cell 2
        said.append(h.t)
        h.continuerun(60)
        first = _observe(h, cells, vecs)
        h.run()
        second = _observe(h, cells, vecs)
        return {'said': np.array(said), **{'a_' + k: v for k, v in first.items()},
                **{'b_' + k: v for k, v in second.items()}}
    a, b = _both(go)
    _assert_same(a, b)
    assert np.allclose(a['said'][:2], [3.3, 5.0]) and 14 < a['said'][2] < 15


def test_steps_per_ms_groups_and_secondorder():
    def go(interp, h):
        cells, keep, vecs = _network(h, ncell=3, tstop=20)
        h.dt = 0.01            # steps_per_ms 40: "Changed dt", groups of 2 steps
        h.secondorder = 1
        h.run()
        return _observe(h, cells, vecs)
    a, b = _both(go)
    _assert_same(a, b)
    assert 'Changed dt' in a['stdout']


def test_changes_made_by_events():
    """A cvode.event statement changes nseg and inserts hh (a new layout from the next step
    on); a NetCon callback changes parameters at the step that detects the spike."""
    def go(interp, h):
        cells, keep, vecs = _network(h, ncell=3, tstop=40)
        def grow():
            cells[1][1].nseg = 5
            cells[1][1].insert('hh')
        def tune():
            cells[2][0].gnabar_hh = .2
            keep[-3].amp = 1.0        # the IClamp, on again
            keep[-3].delay = h.t
        h.finitialize(-65)
        h.cvode.event(12.5, grow)
        cb = h.NetCon(cells[0][0](0.5)._ref_v, None, sec=cells[0][0])
        cb.record(tune)
        h.continuerun(h.tstop)
        return _observe(h, cells, vecs)
    a, b = _both(go)
    _assert_same(a, b)


def test_event_statement_delivered_at_a_steps_start_runs_at_its_end():
    """cvode.event(3.01, stmt): delivered at the start of the step from 3.0, its statement
    runs at that step's end (t 3.025, NEURON's), not at the next stop of the loop (4.3)."""
    def go(interp, h):
        cells, keep, vecs = _network(h, ncell=2, tstop=10)
        h('objref fih_\nproc at_() { printf("at %.17g\\n", t) }\n'
          'fih_ = new FInitializeHandler("{cvode.event(4.3, \\"at_()\\") '
          'cvode.event(3.01, \\"at_()\\") cvode.event(7.5, \\"at_()\\")}")')
        h.run()
        return _observe(h, cells, vecs)
    a, b = _both(go)
    _assert_same(a, b)
    assert b['compiled'][0]
    # NEURON 9.0.2's
    assert b['stdout'].split('\n')[-4:] == ['at 3.0250000000000092', 'at 4.3000000000000274',
                                            'at 7.5000000000000728', '']


def test_seclamp_and_apcount():
    """SEClamp and APCount (with a Vector) in the compiled loop."""
    def go(interp, h):
        cells, keep, vecs = _network(h, ncell=2, tstop=40)
        clamp = h.SEClamp(cells[1][0](0.5))
        clamp.dur1, clamp.amp1, clamp.dur2, clamp.amp2, clamp.rs = 5, -50, 3, 20, .5
        ci = h.Vector()
        ci.record(clamp._ref_i)
        apc = h.APCount(cells[0][0](0.5))
        apc.thresh = -20
        times = h.Vector()
        apc.record(times)
        h.run()
        r = _observe(h, cells, vecs)
        r['apc'] = np.array([apc.n, apc.time])
        r['apc_times'] = times.as_numpy().copy()
        r['ci'] = ci.as_numpy().copy()
        return r
    a, b = _both(go)
    _assert_same(a, b)
    assert a['apc'][0] >= 1 and len(a['apc_times']) == a['apc'][0]
    assert b['compiled'][0] and not a['compiled'][0]


def test_vclamp():
    """VClamp (its three-level steps and amplifier equations) in the compiled loop."""
    def go(interp, h):
        cells, keep, vecs = _network(h, ncell=2, tstop=15)
        clamp = h.VClamp(cells[1][0](0.5))
        clamp.dur[0], clamp.amp[0], clamp.dur[1], clamp.amp[1] = 3, -50, 4, 10
        clamp.dur[2], clamp.amp[2], clamp.tau2 = 2, -70, .01
        ci = h.Vector()
        ci.record(clamp._ref_i)
        h.run()
        r = _observe(h, cells, vecs)
        r['ci'] = ci.as_numpy().copy()
        r['vc'] = np.array([clamp.e, clamp.vo, clamp.vi])
        return r
    a, b = _both(go)
    _assert_same(a, b)
    assert b['compiled'][0] and abs(a['ci']).max() > 0


def test_models_the_loop_does_not_know_run_step_by_step():
    """extracellular is not in the compiled loop: the model runs in Python, same result."""
    def go(interp, h):
        cells, keep, vecs = _network(h, ncell=2, tstop=15)
        cells[0][1].insert('extracellular')
        h.run()
        return _observe(h, cells, vecs)
    a, b = _both(go)
    _assert_same(a, b)
    assert not b['compiled'][0]


def test_unstable_run_reports_where():
    interp, h = _fresh()
    cells, keep, vecs = _network(h, ncell=1, tstop=5)
    h.finitialize(-65)
    cells[0][1](0.5).v = float('nan')
    with pytest.raises(HocError, match=r'unstable: v = nan at soma0\(0.5\) at t = 0.025'):
        h.continuerun(1)


def test_continuous_vector_play():
    """Vector.play with interpolation (and with discontinuities) into an IClamp's amp and a
    range variable, in the compiled loop."""
    def go(interp, h):
        cells, keep, vecs = _network(h, ncell=2, tstop=30)
        ic = keep[-2]
        tv = h.Vector([0, 2, 2, 5, 9.3, 12, 12, 20])
        amp = h.Vector([0, 0.1, 0.5, 0.3, 0.05, 0.4, 0, 0.2])
        amp.play(ic._ref_amp, tv, 1)
        ic.dur = 1e9
        el = h.Vector([-54.3, -60, -50])
        elt = h.Vector([0, 10, 20])
        el.play(cells[1][0](0.5)._ref_el_hh, elt, 1, h.Vector([1]))
        h.run()
        return _observe(h, cells, vecs)
    a, b = _both(go)
    _assert_same(a, b)
    assert b['compiled'][0]


def test_run_args_kept_while_the_arguments_are_the_same():
    """One compiled step at a time (a HOC advance() calling fadvance()): run_c's records
    are kept while every type's arguments are the same objects (globals read afresh each
    time), made again when a block's arguments change; the steps equal the step-by-step
    ones bit for bit."""
    from pyhoc.sim import Model

    def model():
        m = Model()
        s = m.new_section('soma')
        s.nseg = 3
        s.insert('hh')
        s.insert('pas')
        return m

    m = model()
    m.finitialize(-65.)
    fused.advance(m, 1)
    plan = fused._plan(m)
    d1 = plan.run_args()
    assert plan.run_args() is d1
    m.celsius = 20.                 # (hh's rate table made anew: another array)
    d2 = plan.run_args()
    assert d2 is not d1 and plan.run_args() is d2
    m.blocks['hh'].cache.pop('kernel_args')     # (hh's arguments made again: new ix)
    d3 = plan.run_args()
    assert d3 is not d2 and plan.run_args() is d3
    for _ in range(40):
        fused.advance(m, 1)
    ref = model()
    ref.finitialize(-65.)
    fused.ENABLED = False
    try:
        ref.fadvance()
        ref.celsius = 20.
        for _ in range(40):
            ref.fadvance()
    finally:
        fused.ENABLED = True
    assert m.t == ref.t and m.v.tolist() == ref.v.tolist()
    assert m.blocks['hh'].data.tolist() == ref.blocks['hh'].data.tolist()


def test_run_c_keeps_its_lists_per_descriptor():
    """run_c's Lists stay made while the descriptor stays (the handle in its last element),
    and are let go when fused replaces the descriptor (handle back to 0)."""
    from pyhoc.sim import Model
    m = Model()
    s = m.new_section('soma')
    s.insert('hh')
    m.finitialize(-65.)
    fused.advance(m, 1)
    plan = fused._plan(m)
    I1 = plan._desc[1]
    h = int(I1[-1])
    assert h != 0
    fused.advance(m, 1)
    assert plan._desc[1] is I1 and int(I1[-1]) == h         # (kept: the same Lists)
    m.blocks['hh'].cache.pop('kernel_args')                 # (new arguments: new records)
    fused.advance(m, 1)
    I2 = plan._desc[1]
    assert I2 is not I1 and int(I1[-1]) == 0 and int(I2[-1]) != 0
    v = m.v.copy()
    ref = Model()
    r = ref.new_section('soma')
    r.insert('hh')
    ref.finitialize(-65.)
    fused.ENABLED = False
    try:
        for _ in range(3):
            ref.fadvance()
    finally:
        fused.ENABLED = True
    assert v.tolist() == ref.v.tolist() and m.t == ref.t
    plan._drop_desc()
    assert int(I2[-1]) == 0


def test_single_steps_see_changes_made_between_them():
    """h.fadvance() one step at a time (the kept ticket of fused._run, the kept records of
    run_args): a parameter, a global, celsius, dt, a new mechanism, a new point process, a
    new record, CVode on and off between two single steps take effect at the
    next step exactly as on the step-by-step path."""
    def go(interp, h):
        h('create soma')
        soma = h.soma
        soma.L = soma.diam = 20
        soma.insert('hh')
        ic = h.IClamp(soma(0.5))
        ic.dur, ic.amp = 1e9, 0.0
        nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
        spikes = h.Vector()
        nc.record(spikes)
        h.finitialize(-65)
        vs = []

        def steps(n):
            for _ in range(n):
                h.fadvance()
                vs.append(soma(0.5).v)
        steps(5)
        ic.amp = 0.3
        steps(3)
        soma(0.5).hh.gnabar = 0.2
        steps(3)
        h.celsius = 20
        steps(3)
        h.dt = 0.01
        steps(3)
        h.usetable_hh = 0
        steps(3)
        soma.insert('pas')
        steps(3)
        ic2 = h.IClamp(soma(0.5))
        ic2.dur, ic2.amp = 1e9, 0.4
        steps(3)
        tv = h.Vector()
        tv.record(soma(0.5)._ref_v)
        steps(1500)
        cv = h.CVode()
        cv.active(1)
        steps(3)
        cv.active(0)
        steps(3)
        got = np.array(spikes), np.array(tv)
        h.dt = 0.025
        h.finitialize(-60)
        steps(3)
        return {'v': np.array(vs), 't': np.array([h.t]), 'rec': got[1],
                'spikes': got[0], 'keep': np.array([0.0]) * len([ic, ic2, nc])}
    a, b = _both(go)
    _assert_same(a, b)
    assert b['compiled'][0] and len(b['spikes']) > 1


def test_single_steps_follow_a_backend_switch(monkeypatch):
    """The ticket kept for one-step calls is dropped when the backend changes: after
    set_backend('numpy') the next single step runs on the NumPy path, and back."""
    from pyhoc.sim import Model
    m = Model()
    s = m.new_section('soma')
    s.insert('hh')
    m.finitialize(-65.)
    python = []
    real = fused._python_steps
    monkeypatch.setattr(fused, '_python_steps',
                        lambda *a, **k: (python.append(1), real(*a, **k)))
    fused.advance(m, 1)
    fused.advance(m, 1)
    assert python == []
    backend.set_backend('numpy')
    fused.advance(m, 1)
    assert python == [1]
    backend.set_backend('numba')
    fused.advance(m, 1)
    assert python == [1]
