"""cvode.use_fast_imem(1) and i_membrane_: NEURON's numbers (tests/golden/sim/fast_imem.json,
from tools/gen_fast_imem_golden.py), the HOC spelling and the error without it."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

import fast_imem_case  # noqa: E402  (tests/sim is on sys.path under pytest)
from pyhoc.errors import HocError
from pyhoc.sim import backend

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim', 'fast_imem.json')


def _golden(kind: str) -> dict:
    with open(GOLDEN) as f:
        return json.load(f)[kind]


@pytest.mark.parametrize('which', ['numba', 'numpy'])
def test_fixed_step_equals_neuron(h, which):
    """Fixed step: every recorded i_membrane_ equals NEURON's (bit for bit with numba; the
    NumPy path's exp is NumPy's, within 1e-9 nA)."""
    backend.set_backend(which)
    try:
        got = fast_imem_case.run(h)
    finally:
        backend.set_backend(None)
    want = _golden('fixed')
    assert got['previous'] == 0.0
    assert got['t'] == want['t']
    tol = 0.0 if which == 'numba' else 1e-9
    for g, w in zip(got['i_membrane_'], want['i_membrane_']):
        np.testing.assert_allclose(g, w, rtol=0, atol=tol)
    soma = np.array(got['i_membrane_'][0])
    assert soma.max() > 0.1        # the clamp's current leaves through the soma's membrane


def test_cvode_close_to_neuron(h):
    """CVode: the integrators take their own steps.  NEURON's values interpolated to pyhoc's
    times are held to twice NEURON's own spread under atol x 0.9 .. 1.1 (the largest within
    two points, tools/gen_fast_imem_golden.py) plus 1e-6 nA, the number of points to twice
    its relative spread: bounds from NEURON's error control, not from one machine's run."""
    got = fast_imem_case.run(h, cvode=True)
    want = _golden('cvode')
    spread = _golden('cvode_spread')
    n = len(want['t'])
    assert abs(len(got['t']) - n) <= 2 * spread['n_rel'] * n
    assert got['t'][-1] == want['t'][-1] == 5.0     # the last point is tstop's
    for g, w, sp in zip(got['i_membrane_'], want['i_membrane_'], spread['i_membrane_']):
        sp = np.asarray(sp)
        wide = np.array([sp[max(0, i - 2):i + 3].max() for i in range(len(sp))])
        tol = np.interp(got['t'], want['t'], 2 * wide) + 1e-6
        d = np.abs(np.asarray(g) - np.interp(got['t'], want['t'], w))
        assert (d <= tol).all(), (d.max(), tol[d.argmax()])


def test_hoc_spelling_and_error(h, hoc):
    h('create soma')
    h('soma insert pas')
    assert h('x = soma.i_membrane_(0.5)') == 0
    assert 'cvode.use_fast_imem(1) has not been executed so i_membrane_ does not exist' in \
        hoc.stderr.getvalue()
    h('objref cv\ncv = new CVode()\ncv.use_fast_imem(1)\nfinitialize(-60)\nfadvance()')
    h('x = soma.i_membrane_(0.5)')
    # a lone compartment: its capacitive current balances the leak, nothing leaves the cell
    assert h.x == pytest.approx(0.0, abs=1e-12)
    assert h('x = cv.use_fast_imem(0)') == 1 and h.x == 1.0
