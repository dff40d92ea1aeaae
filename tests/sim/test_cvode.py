"""The variable step method (pyhoc.sim.cvode) against NEURON 9.0.2 goldens
(tools/gen_cvode_golden.py), plus checks that need no golden.

Where the tolerances come from: a variable step run is one sample of the solutions its error
control allows, and its step sequence moves with round-off (a different CPU, a different
summation order).  The generator runs each scenario in NEURON at atol x 0.9, 0.95, 1.05 and
1.1 too and stores, per value, how far NEURON's own result moves (``neuron_spread``).  pyhoc's
values are held to NEURON's within twice that spread (the largest within two samples either
side, since a spike-time shift moves v at neighbouring samples) plus 10 x atol (1e-4; where
NEURON's perturbed runs happen to coincide, e.g. before any input); against the accurate
solution (NEURON at atol 1e-9) pyhoc's error is held to NEURON's own error plus that bound.
Step counts are held to NEURON's within twice its own relative spread.  None of these come
from one machine's run of pyhoc.
"""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

from pyhoc.sim import Model

import cvode_scenarios as S  # noqa: E402  (tests/sim is on sys.path under pytest)

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim')
FLOOR = 1e-4        # 10 x atol (1e-5) of the scenarios


def load(case: str) -> dict:
    with open(os.path.join(GOLDEN, case + '.json')) as f:
        return json.load(f)


class Result:
    """pyhoc's run of a scenario with NEURON's golden: the checks against both."""

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
        self.ref = doc['reference_atol_1e-9']
        self.spread = doc['neuron_spread']

    def tol(self, key: str) -> np.ndarray:
        """Twice NEURON's spread, the largest within two samples, plus FLOOR."""
        sp = np.asarray(self.spread[key], float)
        wide = np.array([sp[max(0, i - 2):i + 3].max(axis=0) for i in range(len(sp))])
        return 2. * wide + FLOOR

    def close(self, key: str) -> None:
        """Against NEURON at the same atol, and against the accurate solution."""
        g, w, r = (np.asarray(x[key], float) for x in (self.got, self.want, self.ref))
        assert g.shape == w.shape, '%s: %s want %s' % (key, self.got[key], self.want[key])
        tol = self.tol(key)
        bad = np.abs(g - w) > tol
        assert not bad.any(), '%s vs NEURON: %s want %s (tol %s)' % (key, g[bad], w[bad],
                                                                      tol[bad])
        if r.shape == w.shape:
            lim = np.abs(w - r) + tol
            bad = np.abs(g - r) > lim
            assert not bad.any(), '%s vs accurate: %s want %s (tol %s)' % (key, g[bad],
                                                                            r[bad], lim[bad])

    def steps_close(self) -> None:
        n, nn = self.got['nfadvance'][0], self.want['nfadvance'][0]
        ratio = 1. + 2. * self.spread['nfadvance']
        assert nn / ratio <= n <= nn * ratio, (n, nn, ratio)


@pytest.mark.parametrize('fast', [True, False], ids=['compiled', 'numpy'])
def test_hh_iclamp(fast):
    res = Result('cvode_hh_iclamp', fast)
    assert len(res.want['spikes']) >= 1
    for key in ('v', 'm', 'n', 'spikes'):
        res.close(key)
    res.steps_close()


def test_hh_subthreshold():
    res = Result('cvode_hh_sub')
    for key in ('v', 'm', 'n'):
        res.close(key)
    assert res.got['spikes'] == res.want['spikes'] == []
    res.steps_close()


def test_network():
    res = Result('cvode_network')
    for key in ('pre_t', 'post_t'):
        assert len(res.want[key]) >= 2
    # after post's first spike NEURON's own v moves by tenths of a mV under a 10% change of
    # atol (spike times move by ~0.01 ms): the spread says so, sample by sample
    for key in ('pre_t', 'post_t', 'v_pre', 'v_post', 'v_dend', 'g', 'g2'):
        res.close(key)


def test_event_callback():
    res = Result('cvode_event_callback')
    got, want = res.got['log'], res.want['log']
    assert len(got) == len(want) == 2
    for g, w, sp in zip(got, want, res.spread['log']):
        assert g[0] == w[0]
        assert g[1] == w[1]                          # the callback runs at t exactly
        assert abs(g[2] - w[2]) <= 2 * sp[2] + FLOOR, (g, w, sp)
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
    res.steps_close()


def test_settings_and_fixed_step_untouched():
    """Settings round-trip; switching CVode off gives the fixed step back, bit for bit."""
    from pyhoc.sim.cvode import CVode

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
    from pyhoc.sim.cvode import CVode
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
    """NEURON's VClamp cannot run under CVODE: finitialize says so (the same words)."""
    from pyhoc.errors import HocError
    h.load_file('stdrun.hoc')
    s = h.Section(name='soma')
    s.insert('hh')
    vc = h.VClamp(s(0.5))
    h.cvode_active(1)
    with pytest.raises(HocError, match='VClamp  does not work with CVODE'):
        h.finitialize(-65.)
    assert vc.gain == 1e5


def test_active_and_re_init_restart_at_once():
    """cvode.active(1) and cvode.re_init() initialize the integrator right away, as NEURON's
    do: the next fadvance takes a step (NEURON 9.0.2: t 0.025 -> 0.2540 after active(1))
    instead of returning at the same t; re_init keeps dt, and the counts restart."""
    from pyhoc.sim.cvode import CVode
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
