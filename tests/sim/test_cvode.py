"""The variable step method (pyhoc.sim.cvode) against NEURON 9.0.2 goldens
(tools/gen_cvode_golden.py), plus checks that need no golden.

pyhoc's CVode does NEURON's arithmetic operation for operation (pyhoc.sim.cvode_bdf is
CVODES's step; f, the Newton matrix and the norms round as NEURON's), so it takes NEURON's
steps: the values are held to NEURON's within TOL, and so is the time of every step of a
fadvance run (``tsteps``).  On the machine that made the goldens they agree bit for bit; a
libm whose exp rounds otherwise would move a step, as it would move the fixed step's values.
The goldens also hold NEURON's own spread under atol x 0.9 .. 1.1 (``neuron_spread``): a
failure shows it, to tell a round-off difference from a wrong step.
"""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

from pyhoc.sim import Model

import cvode_scenarios as S  # noqa: E402  (tests/sim is on sys.path under pytest)

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim')
TOL = 1e-9


def load(case: str) -> dict:
    with open(os.path.join(GOLDEN, case + '.json')) as f:
        return json.load(f)


class Result:
    """pyhoc's run of a scenario with NEURON's golden: the checks against it."""

    def __init__(self, case: str, fast: bool = True):
        from pyhoc.sim import cvode
        fn, kwargs = S.CASES[case]
        doc = load(case)
        assert doc['provenance']['kwargs'] == kwargs
        sav = cvode.FAST
        cvode.FAST = fast       # False forces the NumPy f and solve instead of the compiled
        try:
            self.got = getattr(S, fn)(Model(), **kwargs)
        finally:
            cvode.FAST = sav
        self.want = doc['data']
        self.spread = doc['neuron_spread']

    def close(self, key: str) -> None:
        """NEURON's values within TOL."""
        g, w = (np.asarray(x[key], float) for x in (self.got, self.want))
        assert g.shape == w.shape, '%s: %s want %s' % (key, self.got[key], self.want[key])
        bad = np.abs(g - w) > TOL
        sp = self.spread.get(key)
        assert not bad.any(), '%s vs NEURON: %s want %s (NEURON\'s spread there: %s)' % (
            key, g[bad], w[bad], None if sp is None else np.asarray(sp, float)[bad])

    def steps_same(self) -> None:
        """NEURON's steps: their number and the time of each."""
        assert self.got['nfadvance'] == self.want['nfadvance']
        self.close('tsteps')


@pytest.mark.parametrize('fast', [True, False], ids=['compiled', 'numpy'])
def test_hh_iclamp(fast):
    res = Result('cvode_hh_iclamp', fast)
    assert len(res.want['spikes']) >= 1
    for key in ('v', 'm', 'n', 'spikes', 't_end'):
        res.close(key)
    res.steps_same()


def test_hh_subthreshold():
    res = Result('cvode_hh_sub')
    for key in ('v', 'm', 'n', 't_end'):
        res.close(key)
    assert res.got['spikes'] == res.want['spikes'] == []
    res.steps_same()


@pytest.mark.parametrize('fast', [True, False], ids=['compiled', 'numpy'])
def test_network(fast):
    """Two cells: NEURON numbers their nodes cell by cell, and its norms sum in that order
    (after post's first spike a 10% change of atol moves NEURON's own v by tenths of a mV,
    so a step taken otherwise shows)."""
    res = Result('cvode_network', fast)
    for key in ('pre_t', 'post_t'):
        assert len(res.want[key]) >= 2
    for key in ('pre_t', 'post_t', 'v_pre', 'v_post', 'v_dend', 'g', 'g2', 'tsteps'):
        res.close(key)


def test_event_callback():
    res = Result('cvode_event_callback')
    got, want = res.got['log'], res.want['log']
    assert len(got) == len(want) == 2
    for g, w in zip(got, want):
        assert g[0] == w[0]
        assert g[1] == w[1]                          # the callback runs at t exactly
        assert abs(g[2] - w[2]) <= TOL, (g, w)
    res.close('v')


def test_reinit_state():
    res = Result('cvode_reinit_state')
    res.close('v')
    res.close('h')


@pytest.mark.parametrize('fast', [True, False], ids=['compiled', 'numpy'])
def test_axon_zero_area_clamp(fast):
    """The IClamp at axon(0), a node without capacitance: its voltage is algebraic and
    includes the clamp's current (NEURON's nocap_v); the axon fires and conducts."""
    res = Result('cvode_axon', fast)
    for key in ('spikes_0', 'spikes_0.5', 'v0', 'v5', 'v1'):
        res.close(key)
    assert res.got['spikes_1'] == res.want['spikes_1']
    res.steps_same()


def test_settings_and_fixed_step_untouched():
    """Settings round-trip; switching CVode off gives the fixed step back, bit for bit."""
    from pyhoc.sim.cvode_object import CVode

    def fixed_run(m):
        s = m.Section(name='soma')
        s.L = s.diam = 20
        s.insert('hh')
        st = m.IClamp(s(0.5))
        st.delay, st.dur, st.amp = 1., 2., .3
        m.finitialize(-65.)
        for _ in range(200):
            m.fadvance()
        return s(0.5).v, m.t

    ref = fixed_run(Model())
    m = Model()
    cv = CVode(model=m)
    assert cv.active() is False
    assert cv.atol() == 1e-3 and cv.rtol() == 0.
    cv.active(1)
    assert cv.atol(1e-4) == 1e-4 and cv.maxorder(3) == 3 and cv.maxstep(1) == 1
    assert cv.atolscale('v', 2) == 2
    cv.active(0)
    assert fixed_run(m) == ref


def test_solve_and_dt():
    """solve(t) ends at t; dt holds the last step size afterwards."""
    from pyhoc.sim.cvode_object import CVode
    m = Model()
    s = m.Section(name='soma')
    s.L = s.diam = 20
    s.insert('hh')
    cv = CVode(model=m)
    cv.active(1)
    m.finitialize(-65.)
    cv.solve(5.)
    assert m.t == 5.
    assert m.dt > 0.025          # the resting cell takes long steps
    assert abs(s(0.5).v + 65.) < .1


def test_vclamp_refused_as_neuron_does(h):
    """NEURON's VClamp refuses CVODE in its INITIAL when a level is on (dur > 0, amp != 0):
    finitialize says so (the same words); with every level off it runs (next test)."""
    from pyhoc.errors import HocError
    h.load_file('stdrun.hoc')
    s = h.Section(name='soma')
    s.insert('hh')
    vc = h.VClamp(s(0.5))
    vc.dur[1] = 2.
    vc.amp[1] = -20.
    h.cvode_active(1)
    with pytest.raises(HocError, match='VClamp  does not work with CVODE'):
        h.finitialize(-65.)
    assert vc.gain == 1e5
    vc.amp[1] = 0.
    h.finitialize(-65.)
    h.fadvance()
    assert h.t > 0


@pytest.mark.parametrize('fast', [True, False], ids=['compiled', 'numpy'])
def test_vclamp_off(fast):
    """A VClamp left off (durations -1, as electrod.hoc's IClamp mode leaves it) under CVode:
    its update runs before each step (do_nonode), NEURON's steps and values."""
    res = Result('cvode_vclamp_off', fast)
    for key in ('i0', 'e0', 'v', 'i', 'vo'):
        res.close(key)
    res.steps_same()


def test_active_and_re_init_restart_at_once():
    """cvode.active(1) and cvode.re_init() initialize the integrator right away, as NEURON's
    do: the next fadvance takes a step (NEURON 9.0.2: t 0.025 -> 0.2540 after active(1))
    instead of returning at the same t; re_init keeps dt, and the counts restart."""
    from pyhoc.sim.cvode_object import CVode
    m = Model()
    s = m.Section(name='soma')
    s.L = s.diam = 20
    s.insert('hh')
    m.finitialize(-65.)
    m.fadvance()
    assert m.t == 0.025
    cv = CVode(model=m)
    cv.active(1)
    m.fadvance()
    assert m.t > 0.2
    t1 = m.t
    dt = m.dt
    cv.re_init()
    assert m.dt == dt
    st = m._cvode.stats
    assert (st['init'], st['steps']) == (1, 0)
    m.fadvance()
    assert m.t > t1 and st['steps'] == 1


@pytest.mark.parametrize('order', [1, 2])
def test_threshold_crossing_in_last_step(order):
    """NetCon and APCount spike times under condition_order 1 and 2, the spikes reaching a
    second cell; runs cut just after each spike find it within the cut (the crossing inside
    the last step before tstop: condition_order 2 evaluates after each step, as NEURON) and
    at the time one uncut run gives."""
    res = Result('cvode_thresh_o%d' % order)
    assert len(res.want['pre_t']) == 2 and len(res.want['post_t']) == 2
    for key in ('pre_t', 'post_t', 'apc_t'):
        res.close(key)
    for eps in ('0.0005', '0.005'):
        assert res.got['chunk_counts_' + eps] == res.want['chunk_counts_' + eps] == [1, 2]
        for key in ('pre_t', 'post_t'):
            assert res.got['chunk_%s_%s' % (key, eps)] == res.got[key]
            res.close('chunk_%s_%s' % (key, eps))


@pytest.mark.parametrize('fast', [True, False], ids=['compiled', 'numpy'])
def test_state_vector(fast):
    """cvode.states/dstates/f/statename index y as NEURON does (cell by cell, each
    instance's states together), with NEURON's values and names."""
    res = Result('cvode_state_vector', fast)
    for key in ('y', 'ydot', 'f_ydot', 'y_after_f'):
        res.close(key)
    for style in (0, 1, 2):
        key = 'names_%d' % style
        assert res.got[key] == res.want[key]


def test_states_right_after_init_are_the_initial_state():
    """cvode.states() before any step gives y as initialised (NEURON's values: -65,
    0.052932, 0.596121, 0.317677), not a zero vector."""
    h = Model()
    soma = h.Section(name='soma')
    soma.insert('hh')
    cv = S._cvode(h)
    cv.active(1)
    h.finitialize(-65.)
    y = S._vec(h)
    cv.states(y)
    seg = soma(.5)
    assert list(y) == [-65., seg.m_hh, seg.h_hh, seg.n_hh]
    assert np.allclose(list(y), [-65., 0.052932, 0.596121, 0.317677], atol=1e-6)


@pytest.fixture
def modl_cache(tmp_path, monkeypatch):
    """The translated .mod files of a scenario go to a cache of this test's own."""
    monkeypatch.setenv('PYHOC_MODL_CACHE', str(tmp_path / 'modl'))


@pytest.mark.parametrize('fast', [True, False], ids=['compiled', 'numpy'])
@pytest.mark.parametrize('case', ['cvode_pulse_at_time', 'cvode_pulse_at_time_spike'])
def test_mod_at_time_stops_the_integration(case, fast, modl_cache):
    """A translated .mod's at_time(te) under CVode (NEURON's Cvode::at_time): the f of each
    initialization meets the times, the integration stops 100 roundoffs before the next and
    initializes again 1.5 x that after it (the steps around te: NEURON's, t by t, and the
    values, to TOL as the other goldens of this file: pyhoc does NEURON's arithmetic).
    dt, as the BREAKPOINT reads it, is the step size of the f evaluating it."""
    res = Result(case, fast)
    want = res.want['tsteps']
    assert sum(1 for t in want if abs(t - 1.) < 1e-12) == 2      # stop, restart at onset
    assert sum(1 for t in want if abs(t - 3.) < 1e-12) == 2      # and at its end
    res.steps_same()
    for key in ('v', 'i', 'v2', 'dt'):
        res.close(key)
    # dt in a BREAKPOINT is the step size of the f evaluating it (Cvode::fun_thread), 1e-8
    # in an initialization's (NEURON's h.dt after a fadvance: its last f's)
    assert res.want['dtseen'] == res.want['dt'] and 1e-8 in res.want['dt']
    res.close('dtseen')
    res.close('dtseen2')


@pytest.mark.parametrize('fast', [True, False], ids=['compiled', 'numpy'])
def test_mod_at_time_local_step(fast, modl_cache):
    """The same under the local step: each cell's integrator stops at its own instances'
    at_time times only (the second cell's pulse, 0.7 to 1.2 ms, does not stop the first
    cell); NEURON's steps t by t, h.dt and its values, to TOL (the cells' microsteps run in
    Python where a .mod calls at_time: the compiled local step initializes a cell in numba).
    (Not dtseen: pyhoc's f under the local step evaluates every cell's currents, at the
    moving cell's dt.)"""
    res = Result('lvardt_pulse_at_time', fast)
    want = res.want['tsteps']
    for te in (0.7, 1.2, 1., 3.):
        assert sum(1 for t in want if abs(t - te) < 1e-12) == 2
    res.steps_same()
    for key in ('v', 'i', 'v2', 'dt'):
        res.close(key)


def test_mod_at_time_in_the_initialization_only(modl_cache):
    """tests/nmodl/mod/attime.mod under CVode: at_time is 1 in the initialization's f at te
    only (nseen counts it twice, nrn_cur's two evaluations), its state_discontinuity leaves g
    as it was (NEURON applies it to the model's copy, which CVODE's y overwrites)."""
    res = Result('cvode_attime_kicks')
    assert res.got['nseen'] == res.want['nseen']
    assert res.got['g'] == res.want['g'] == [0.] * len(res.want['g'])
    res.steps_same()


@pytest.mark.parametrize('fast', [True, False], ids=['compiled', 'numpy'])
def test_dstates_is_the_last_f(fast):
    """cvode.dstates reads what the last f left (Cvode::dstates): after HOC's f(t', y', yp)
    that yp, evaluated at t' (the IClamp off there: a re-evaluation at t would differ by its
    current), t unchanged by f; after the next step the integrator's own; states and
    dstates are empty once CVode is off (NEURON's values, TOL)."""
    res = Result('cvode_dstates_last_f', fast)
    w = res.want
    assert abs(w['f_ydot'][0] - w['ydot'][0]) > 10.       # (the clamp's current is off at t')
    assert w['ydot_after_f'] == w['f_ydot'] and w['t_after_f'] == w['t'] + w['dt']
    for key in ('t', 'dt', 'y', 'ydot', 'f_ydot', 't_after_f', 'ydot_after_f', 'y_after_f',
                'ydot_after_step', 't_after_step'):
        res.close(key)
    assert res.got['sizes_off'] == w['sizes_off'] == [0, 0]


@pytest.fixture
def asked_work(monkeypatch):
    """The work each backend.kernels_for call asked about (numba left unloaded)."""
    from pyhoc.sim import backend
    asked = []

    def kernels_for(work):
        asked.append(work)
        return None
    monkeypatch.setattr(backend, '_kernels', backend._UNSET)
    monkeypatch.setattr(backend, '_spent', 0)
    monkeypatch.setattr(backend, 'kernels_for', kernels_for)
    return asked


@pytest.mark.parametrize('tstop,loads', [(5., False), (400., True)])
def test_run_length_chooses_the_backend_at_its_start(tstop, loads, asked_work):
    """cvode.solve(tstop) guesses the run's NumPy work before its first step (10 steps per
    ms of 3 f each, a fixed step's work each): a long run asks for numba then, a short one
    (NEURON's default 5 ms) stays on the NumPy path."""
    from pyhoc.sim import backend
    from pyhoc.sim.cvode_object import CVode
    asked = asked_work
    m = Model()
    soma = m.new_section('soma')
    soma.insert('hh')
    cv = CVode(model=m)
    cv.active(1)
    m.finitialize(-65.)
    cv.solve(tstop)
    assert m.t == tstop
    # 3 entries of v (the root, the segment, the 1 end), 4 instances (capacitance, hh,
    # na_ion, k_ion): 500 + 3 + 4 node-steps a step
    assert len(m.v) == 3 and backend.step_work(m) == 507
    assert asked[0] == tstop * 10 * 3 * 507
    assert (asked[0] >= backend.LOAD_WORK) is loads


def test_stdrun_run_tells_cvode_its_length(asked_work):
    """stdrun's run() under cvode_active(1) (using_cvode_ left 0, so continuerun steps
    through HOC) guesses the run's work before its first step."""
    import io
    from pyhoc.hoc.interpreter import Interpreter
    from pyhoc.sim import backend
    asked = asked_work
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    interp.run_text('load_file("stdrun.hoc")\ncreate soma\nsoma insert hh\n'
                    'cvode_active(1)\ntstop = 400\nrun()\n')
    m = interp.model
    assert m.t == 400. and backend.step_work(m) == 507
    assert asked[0] == 400. * 10 * 3 * 507 >= backend.LOAD_WORK
