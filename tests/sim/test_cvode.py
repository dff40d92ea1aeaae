"""The variable step method (pyhoc.sim.cvode) against NEURON 9.0.2 goldens
(tools/gen_cvode_golden.py), plus checks that need no golden.

Tolerances are those of the issue: at atol 1e-5, voltages within 2e-3 mV below threshold
(looser near spikes, where a spike-time difference of 0.02 ms moves v steeply), spike times
within 0.02 ms, and a step count within 1.5x of NEURON's.
"""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

from pyhoc.sim import Model

import cvode_scenarios as S  # noqa: E402  (tests/sim is on sys.path under pytest)

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim')


def load(case: str) -> dict:
    with open(os.path.join(GOLDEN, case + '.json')) as f:
        return json.load(f)


def run(case: str, fast: bool = True):
    """(pyhoc's result, NEURON's at the same atol, NEURON's at atol 1e-9); ``fast`` False
    forces the NumPy f and solve instead of the compiled ones."""
    from pyhoc.sim import cvode
    fn, kwargs = S.CASES[case]
    doc = load(case)
    assert doc['provenance']['kwargs'] == kwargs
    sav = cvode.FAST
    cvode.FAST = fast
    try:
        got = getattr(S, fn)(Model(), **kwargs)
    finally:
        cvode.FAST = sav
    return got, doc['data'], doc['reference_atol_1e-9']


def _v_close(got, ref, key, vtol=2e-3, spike_tol=0.05):
    """Against the accurate solution: below -50 mV within vtol, elsewhere within spike_tol."""
    g, w = np.asarray(got, float), np.asarray(ref, float)
    assert g.shape == w.shape, key
    sub = w < -50.
    np.testing.assert_allclose(g[sub], w[sub], rtol=0, atol=vtol, err_msg=key)
    np.testing.assert_allclose(g[~sub], w[~sub], rtol=0, atol=spike_tol,
                               err_msg='%s (spiking)' % key)


def _t_close(got, want, key, tol=0.02):
    assert len(got) == len(want), '%s: %s want %s' % (key, got, want)
    np.testing.assert_allclose(got, want, rtol=0, atol=tol, err_msg=key)


def _steps_close(got, want, ratio=1.5):
    n, nn = got['nfadvance'][0], want['nfadvance'][0]
    assert nn / ratio <= n <= nn * ratio, (n, nn)


@pytest.mark.parametrize('fast', [True, False], ids=['compiled', 'numpy'])
def test_hh_iclamp(fast):
    got, want, ref = run('cvode_hh_iclamp', fast)
    _v_close(got['v'], ref['v'], 'v', vtol=3e-3)     # NEURON's own error here: 2.0e-3
    np.testing.assert_allclose(got['m'], ref['m'], atol=2e-4)
    assert len(want['spikes']) >= 1
    _t_close(got['spikes'], want['spikes'], 'spikes vs NEURON')
    # NEURON's condition_order 1 times a crossing at the end of the step that shows it
    _t_close(got['spikes'], ref['spikes'], 'spikes vs accurate', tol=5e-3)
    _steps_close(got, want, 1.1)        # NEURON's step sequence: 478 fadvance, NEURON 466


def test_hh_subthreshold():
    got, want, ref = run('cvode_hh_sub')
    _v_close(got['v'], ref['v'], 'v', vtol=1e-3)
    _v_close(got['v'], want['v'], 'v', vtol=1e-3)
    np.testing.assert_allclose(got['m'], ref['m'], atol=2e-5)
    np.testing.assert_allclose(got['n'], ref['n'], atol=2e-5)
    assert got['spikes'] == want['spikes'] == []
    _steps_close(got, want)


def test_network():
    got, want, ref = run('cvode_network')
    for key in ('pre_t', 'post_t'):
        assert len(want[key]) >= 2
        _t_close(got[key], want[key], key)
        # condition_order 1 detects at step ends: NEURON's own times are 0.014 ms late here
        _t_close(got[key], ref[key], key + ' vs accurate', tol=0.03)
    # up to the first spike of post the voltages are held to NEURON's at 2e-3 mV; after it,
    # spike times that differ by ~0.015 ms (NEURON's own error here) move v in the
    # after-hyperpolarization by tenths of a mV: held to twice NEURON's own error
    times = np.array([0.5 * k for k in range(1, 51)])
    early = times < want['post_t'][0]
    for key in ('v_pre', 'v_post', 'v_dend'):
        g, w, r = (np.asarray(x[key], float) for x in (got, want, ref))
        _v_close(g[early], w[early], key, vtol=2e-3, spike_tol=.05)
        own = np.abs(w - r)[~early].max()
        assert np.abs(g - r)[~early].max() <= 2 * own + .1, key
    # the conductances follow the (step-end) spike times: NEURON's own error is 5e-5 .. 1e-4
    np.testing.assert_allclose(got['g'], ref['g'], atol=1e-4)
    np.testing.assert_allclose(got['g2'], ref['g2'], atol=2e-4)
    np.testing.assert_allclose(got['g'], want['g'], atol=1e-4)
    np.testing.assert_allclose(got['g2'], want['g2'], atol=2e-4)


def test_event_callback():
    got, want, ref = run('cvode_event_callback')
    assert len(got['log']) == len(want['log']) == 2
    for g, w in zip(got['log'], ref['log']):
        assert g[0] == w[0]
        assert g[1] == w[1]                          # the callback runs at t exactly
        assert g[2] == pytest.approx(w[2], abs=2e-3)
    _v_close(got['v'], ref['v'], 'v', vtol=5e-3)     # NEURON's own error here is 4.7e-3


def test_reinit_state():
    got, want, ref = run('cvode_reinit_state')
    _v_close(got['v'], ref['v'], 'v')
    _v_close(got['v'], want['v'], 'v')
    np.testing.assert_allclose(got['h'], ref['h'], atol=1e-5)


@pytest.mark.parametrize('fast', [True, False], ids=['compiled', 'numpy'])
def test_axon_zero_area_clamp(fast):
    """The IClamp at axon(0), a node without capacitance: its voltage is algebraic and
    includes the clamp's current (NEURON's nocap_v); the axon fires and conducts.  pyhoc
    takes NEURON's steps here: voltages agree to 1e-9 mV."""
    got, want, ref = run('cvode_axon', fast)
    for key in ('spikes_0', 'spikes_0.5', 'spikes_1'):
        _t_close(got[key], want[key], key)
        _t_close(got[key], ref[key], key + ' vs accurate', tol=0.01)
    for key in ('v0', 'v5', 'v1'):
        _v_close(got[key], want[key], key, vtol=2e-3, spike_tol=1.)
    _steps_close(got, want, 1.05)


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
