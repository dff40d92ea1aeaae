"""The compiled local step (pyhoc.sim.lvardt_fast, lvardt_numba) takes the steps of the NumPy
one (pyhoc.sim.lvardt's microsteps): the same spike times, samples and statistics on the
local step golden scenarios, and NEURON's within the goldens' tolerances; a model with what
the compiled path does not take (a continuous Vector.record) runs the NumPy microsteps with
the same results."""
from __future__ import annotations

import io
import json
import os

import numpy as np

from pyhoc.bridge import HocTop
from pyhoc.hoc.interpreter import Interpreter
from pyhoc.sim import backend, cvode, cvode_fast

import lvardt_scenarios as S  # noqa: E402  (tests/sim is on sys.path under pytest)
from test_lvardt import GOLDEN, check_against_golden, golden  # noqa: E402


def _fresh(compiled: bool, build):
    """``build(h)`` in a fresh interpreter with the compiled microsteps allowed or not:
    (the interpreter, build's result)."""
    backend.kernels()                   # (numba loaded: the compiled path may be taken)
    sav = cvode_fast.ENABLED
    cvode_fast.ENABLED = compiled
    try:
        interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
        return interp, build(HocTop(interp))
    finally:
        cvode_fast.ENABLED = sav


def _run(case: str, compiled: bool):
    """The scenario in a fresh interpreter: (its output, the statistics, whether the compiled
    microsteps ran)."""
    fn, kwargs = S.CASES[case]
    interp, out = _fresh(compiled, lambda h: getattr(S, fn)(h, **kwargs))
    cv = cvode.state(interp.sim.model)
    lv = cv._lvardt
    stats = dict(cv.stats, nsteps=[c.nsteps for c in lv.cells], counts=lv.counts.tolist())
    return out, stats, lv.fast is not None


def _same(got, want) -> None:
    assert got[1] == want[1]
    assert got[0].keys() == want[0].keys()
    for k in want[0]:
        if k == 'spikes':
            for g, w in zip(got[0][k], want[0][k]):
                np.testing.assert_array_equal(g, w)
        else:
            np.testing.assert_array_equal(np.asarray(got[0][k], float),
                                          np.asarray(want[0][k], float), err_msg=k)


def test_compiled_local_steps_equal_numpy_and_neuron():
    """stdrun's run() (fadvance: one least-time move per call) with Dt records (events that
    bring every cell back to their time): compiled, and the same steps as NumPy's."""
    got = _run('lvardt_run', True)
    want = _run('lvardt_run', False)
    assert got[2] and not want[2]
    assert got[1]['steps'] > 1000 and len(set(got[1]['nsteps'])) == len(got[1]['nsteps'])
    _same(got, want)
    check_against_golden(got[0], golden('lvardt_run'))


def test_unsupported_model_falls_back_with_the_same_results():
    """A continuous Vector.record (cell 1's v at each of its steps): the NumPy microsteps
    run, with the results of the compiled path switched off."""
    got = _run('lvardt_net', True)
    want = _run('lvardt_net', False)
    assert not got[2] and not want[2]
    _same(got, want)
    check_against_golden(got[0], golden('lvardt_net'))


def test_compiled_cells_step_ahead_with_numpys_steps():
    """cvode.solve without continuous records: the compiled path lets the least cell step
    on up to the other cells' least time plus the least NetCon delay (no event can reach it
    before); each cell still takes the NumPy microsteps' steps (NEURON's order: one step of
    the least cell at a time), with NEURON's spike times."""
    got = _run('lvardt_solve', True)
    want = _run('lvardt_solve', False)
    assert got[2] and not want[2]
    _same(got, want)
    check_against_golden(got[0], golden('lvardt_solve'))


def test_statistics_per_cell_equal_neurons():
    """cvode.statistics() under local steps prints each cell's integrator as NEURON does
    (named by the cell's first section, its own counts: tools/gen_lvardt_stats_golden.py),
    then the event counts and the integrators' queue (the splay trees' comparison counts
    have no counterpart: pyhoc prints 0); statistics(i) prints cell i's only."""
    import re
    backend.kernels()
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    h = HocTop(interp)
    S.statistics(h)
    got = re.sub(r'0x[0-9a-fA-F]+', '0x', interp.stdout.getvalue())
    got = got[got.index('\nCvode instance'):].splitlines()
    with open(os.path.join(GOLDEN, 'lvardt_statistics.json')) as f:
        want = json.load(f)['text'].splitlines()
    assert len(got) == len(want) and got.count('comparisons=0') == 2
    for g, w in zip(got, want):
        if not w.startswith('comparisons='):
            assert g == w
    cells, spikes, keep = S._network(h, 3)      # (kept: the statistics name the cells)
    cvo = h.CVode()
    h.finitialize(-65.)
    cvo.solve(5.)
    out = interp.stdout
    out.seek(0)
    out.truncate()
    cvo.statistics(2)
    one = out.getvalue()
    assert one.count('Cvode instance') == 1 and ' soma2 statistics : 10 CVode states' in one


def test_integrators_made_when_the_method_is_chosen():
    """use_local_dt(1) under an active CVode re-initializes at once, as NEURON's
    NetCvode::localstep: cvode.statistics() right after it prints each cell's integrator
    with its one init and one f (tools/gen_lvardt_stats_golden.py), on both paths (the
    compiled one initializes its cells there too, its code loaded before the first solve)."""
    import re
    with open(os.path.join(GOLDEN, 'lvardt_statistics.json')) as f:
        want = json.load(f)['text_at_choice'].splitlines()
    for compiled in (True, False):
        interp, _ = _fresh(compiled, S.statistics_at_choice)
        lv = cvode.state(interp.sim.model)._lvardt
        assert (lv.fast is not None) == compiled
        got = re.sub(r'0x[0-9a-fA-F]+', '0x', interp.stdout.getvalue())
        got = got[got.index('\nCvode instance'):].splitlines()
        assert len(got) == len(want)
        for g, w in zip(got, want):
            if not w.startswith('comparisons='):
                assert g == w


def _callbacks(h):
    """The network under cvode.solve with cvode.event callbacks that change a drive and a
    NetCon delay mid-run (events with every cell as target: each cell is brought back to
    them; the step-ahead bound is taken anew after them)."""
    cells, spikes, keep = S._network(h, 5)
    cv = h.CVode()
    cv.active(1)
    cv.use_local_dt(1)
    cv.atol(1e-4)
    ic, nc = keep[1], keep[-1]

    def louder():
        ic.amp = 0.4

    def shorter():
        nc.delay = 0.3
        cv.event(h.t + 0.05, louder)

    h.finitialize(-65.)
    cv.event(7.5, shorter)
    samples = []
    for k in range(1, 41):
        cv.solve(float(k))
        samples.append([c(0.5).v for c in cells])
    return {'spikes': [list(v) for v in spikes], 'samples': samples,
            'changed': [ic.amp, nc.delay]}


def test_compiled_callbacks_equal_numpy():
    def run(compiled):
        interp, out = _fresh(compiled, _callbacks)
        lv = cvode.state(interp.sim.model)._lvardt
        return out, lv.counts.tolist(), lv.fast is not None
    got, want = run(True), run(False)
    assert got[2] and not want[2]
    assert sum(len(s) for s in got[0]['spikes']) > 10 and got[0]['changed'] == [0.4, 0.3]
    _same(got, want)


def _mixed(h):
    """Cells exciting each other through Exp2Syns (compiled deliveries, A and B += w*factor)
    and ExpSyns, a source whose spikes also run a statement and a NetStim driving a cell
    (both delivered by Python), under cvode.solve every 5 ms (the compiled events go back to
    Python's queue between solves and are taken again)."""
    h.load_file('stdrun.hoc')
    n = 5
    cells, keep, spikes = [], [], []
    for i in range(n):
        s = h.Section(name='soma%d' % i)
        s.L = s.diam = 20.
        s.insert('hh')
        cells.append(s)
        ic = h.IClamp(s(0.5))
        ic.delay, ic.dur, ic.amp = 1. + 2. * i, 30., 0.05 + 0.03 * i
        keep.append(ic)
    calls = []
    for i in range(n):
        tgt = (h.Exp2Syn(cells[(i + 1) % n](0.5)) if i % 2 == 0
               else h.ExpSyn(cells[(i + 2) % n](0.5)))
        tgt.e = 0.
        nc = h.NetCon(cells[i](0.5)._ref_v, tgt, sec=cells[i])
        nc.threshold, nc.delay, nc.weight[0] = -10., 0.7 + 0.3 * i, 0.01
        vec = h.Vector()
        nc.record(vec)
        spikes.append(vec)
        keep += [tgt, nc]
    nc2 = h.NetCon(cells[3](0.5)._ref_v, keep[-2], sec=cells[3])   # (cell 3's source again)
    nc2.record(lambda: calls.append(h.t))
    stim = h.NetStim()
    stim.start, stim.interval, stim.number, stim.noise = 3., 4., 6, 0.
    syn = h.ExpSyn(cells[2](0.5))
    ns = h.NetCon(stim, syn)
    ns.delay, ns.weight[0] = 0.5, 0.02
    keep += [nc2, stim, syn, ns]
    cv = h.CVode()
    cv.active(1)
    cv.use_local_dt(1)
    cv.atol(1e-4)
    h.finitialize(-65.)
    samples = []
    for k in range(1, 9):
        cv.solve(5. * k)
        samples.append([c(0.5).v for c in cells])
    return {'spikes': [list(v) for v in spikes] + [calls], 'samples': samples}


def test_compiled_events_equal_numpy():
    """Threshold sends and NetCon deliveries to ExpSyn and Exp2Syn taken inside the
    compiled loop (pyhoc.sim.lvardt_fast.Net), the rest (a record statement's source, a
    NetStim's events) by Python: the NumPy microsteps' spikes, samples and counts."""
    def run(compiled):
        interp, out = _fresh(compiled, _mixed)
        cv = cvode.state(interp.sim.model)
        lv = cv._lvardt
        sent = int(lv.fast.net.hi[1]) if lv.fast is not None else 0
        return out, [lv.counts.tolist(), cv.stats['nfev'],
                     list(interp.sim.model._net.queue.nstat)], sent
    got, want = run(True), run(False)
    assert got[2] > 10 and not want[2]          # (events the compiled loop sent)
    assert sum(len(s) for s in got[0]['spikes'][:-1]) > 10 and len(got[0]['spikes'][-1]) > 1
    _same(got, want)
