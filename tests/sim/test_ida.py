"""IDA (pyhoc.sim.ida, pyhoc.sim.daspk) against NEURON 9.0.2 goldens
(tools/gen_ida_golden.py): extracellular with an extracellular stimulus, a LinearMechanism
circuit and use_daspk(1) on a plain cell.  Values are held to NEURON's within twice its own
spread under atol x 0.9 .. 1.1 (the largest within two samples either side) plus 10 x atol,
spike times likewise, step counts within twice NEURON's relative spread (as
tests/sim/test_cvode.py does for CVODE)."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

import ida_scenarios as S  # noqa: E402  (tests/sim is on sys.path under pytest)

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim')
FLOOR = 1e-3        # 10 x atol (1e-4) of the scenarios


def _tol(spread) -> np.ndarray:
    sp = np.asarray(spread, float)
    wide = np.array([sp[max(0, i - 2):i + 3].max() for i in range(len(sp))])
    return 2. * wide + FLOOR


@pytest.mark.parametrize('case', sorted(S.CASES))
def test_equals_neuron(h, case):
    fn, kwargs = S.CASES[case]
    with open(os.path.join(GOLDEN, case + '.json')) as f:
        doc = json.load(f)
    assert doc['provenance']['kwargs'] == kwargs
    got = getattr(S, fn)(h, **kwargs)
    want, spread = doc['data'], doc['neuron_spread']
    assert got['method'] == want['method']
    n, nn = got['nfadvance'][0], want['nfadvance'][0]
    ratio = 1. + 2. * spread['nfadvance']
    assert nn / ratio <= n <= nn * ratio, (n, nn, ratio)
    for key, w in want.items():
        if key in ('method', 'nfadvance'):
            continue
        g, w = np.asarray(got[key], float), np.asarray(w, float)
        assert g.shape == w.shape, (key, got[key], want[key])
        if key not in spread:           # (no spikes)
            assert not len(w)
            continue
        tol = _tol(spread[key])
        bad = np.abs(g - w) > tol
        assert not bad.any(), '%s: %s want %s (tol %s)' % (key, g[bad], w[bad], tol[bad])


def test_integrator_index1_dae():
    """pyhoc.sim.ida alone on y' = -y with the algebraic z = y^2 (index 1): y(t) = e^-t,
    z = e^-2t at every step and interpolated between, to the tolerance asked for; the order
    rises past 1 and the steps grow."""
    from pyhoc.sim.ida import IDA

    def res(t, y, yp, delta):
        delta[0] = yp[0] + y[0]
        delta[1] = y[1] - y[0] ** 2

    state = {}

    def psol(b, cj):                 # [[cj + 1, 0], [-2 y0, 1]] x = b
        y0 = state['y'][0]
        b[0] /= cj + 1.
        b[1] += 2. * y0 * b[0]

    ida = IDA(lambda t, y, yp, d: (state.__setitem__('y', y.copy()), res(t, y, yp, d)),
              psol, 2, np.array([1e-8, 1e-8]), rtol=1e-8)
    ida.reinit(0., np.array([1., 1.]), np.array([-1., -2.]))
    t, hs, ks = 0., [], []
    while t < 2.:
        t, _ = ida.step(2.)
        hs.append(ida.hu)
        ks.append(ida.kused)
        assert abs(ida.y[0] - np.exp(-t)) < 1e-6
        assert abs(ida.y[1] - np.exp(-2 * t)) < 1e-6
    assert t == 2.
    assert max(ks) >= 3 and hs[-2] > 10 * hs[0]
    out = np.zeros(2)
    tm = 0.5 * (ida.t0 + ida.tn)
    ida.get_solution(tm, out)
    assert abs(out[0] - np.exp(-tm)) < 1e-6


def test_statistics_as_neuron(hoc):
    """cvode.statistics() under IDA: NEURON 9.0.2 prints, for 20 fadvances of this cable,
    24 IDA states, 20 advance_tn, 1 init, 52 function evaluations and 31 mx=b solves."""
    import io
    from pyhoc.base.context import current
    hoc.execute('''~create cable
    cable { nseg = 3  insert hh  insert extracellular }
    objref cv
    cv = new CVode()
    cv.active(1)
    finitialize(-65)
    for i = 1, 20 fadvance()
    ''')
    buf = io.StringIO()
    ctx = current(hoc.sim.model)
    sav = ctx.write
    ctx.write = buf.write
    try:
        hoc.execute('cv.statistics()')
    finally:
        ctx.write = sav
    text = buf.getvalue()
    assert 'statistics : 24 IDA states' in text
    assert '20 advance_tn, 0 interpolate, 1 init (0 due to at_time)' in text
    assert '52 function evaluations, 31 mx=b solves' in text
