"""LinearMechanism: NEURON 9.0.2's voltages (tests/golden/sim/linmech.json from
tools/gen_linmech_golden.py), the step-by-step path, the HOC spelling and the refusals."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

import linmech_case  # noqa: E402  (tests/sim is on sys.path under pytest)
from pyhoc.errors import HocError

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim', 'linmech.json')


@pytest.mark.parametrize('case', ['clamp', 'gap', 'callable_b'])
def test_equals_neuron(h, case):
    """Within 1e-9 mV of NEURON (its general sparse solver eliminates in another order)."""
    with open(GOLDEN) as f:
        want = json.load(f)[case]
    got = getattr(linmech_case, case)(h)
    assert set(got) == set(want)
    for key in want:
        np.testing.assert_allclose(np.array(got[key]), np.array(want[key]), rtol=0,
                                   atol=1e-9, err_msg=key)


def test_hoc_spelling_and_step_by_step_path(hoc):
    from pyhoc.sim import fused
    hoc.execute('''~create soma
    soma { insert pas  L = 20 diam = 20 }
    objref c, g, y, b, lm
    c = new Matrix(2, 2, 2)
    g = new Matrix(2, 2)
    y = new Vector(2)
    b = new Vector(2)
    g.x[0][1] = -1
    g.x[1][0] = 1
    b.x[1] = -40
    soma lm = new LinearMechanism(c, g, y, b, .5)
    finitialize(-65)
    fadvance()
    i1 = y.x[1]
    fadvance()
    ''')
    assert hoc.eval_string('soma.v(.5)') == pytest.approx(-40, abs=1e-12)
    # the clamp's current: the first step charges the membrane (cm dv/dt) and then holds it
    # against the leak, g_pas*(v - e_pas) (mA/cm2)
    assert hoc.eval_string('i1') == pytest.approx(1e-3 * 25 / .025 + 0.001 * 30, rel=1e-9)
    assert hoc.eval_string('y.x[1]') == pytest.approx(0.001 * 30, rel=1e-9)
    assert fused._plan(hoc.sim.model) is None       # not the compiled loop


_ONE_NODE_LM = '''~create soma
    objref c, g, y, b, lm, cv
    c = new Matrix(1, 1)
    g = new Matrix(1, 1)
    y = new Vector(1)
    b = new Vector(1)
    g.x[0][0] = 1
    soma lm = new LinearMechanism(c, g, y, b, .5)'''


def test_refusals(hoc):
    hoc.execute(_ONE_NODE_LM + '''
    secondorder = 2''')
    with pytest.raises(HocError, match='NrnDAEs only work with secondorder==0'):
        hoc.execute('~finitialize(-65)')
    with pytest.raises(HocError, match='must be a 2 x 2 matrix'):
        hoc.execute('~y = new Vector(2)\nb = new Vector(2)\nsoma lm = new LinearMechanism(c, g, y, b, .5)')
    with pytest.raises(HocError, match='c and g Matrix'):
        hoc.execute('~lm = new LinearMechanism(y, g, y, b)')


def test_cvode_takes_ida(hoc):
    """Under the variable step NEURON integrates a LinearMechanism with IDA (also when
    CVode is switched on after finitialize): one fadvance of the one-node system (v held at
    0 by g) takes NEURON 9.0.2's first step, t = 7.6923308e-09, v = -64.99937."""
    hoc.execute(_ONE_NODE_LM + '''
    finitialize(-65)
    cv = new CVode()
    cv.active(1)
    fadvance()''')
    assert hoc.eval_string('cv.current_method()') == 412
    assert hoc.eval_string('cv.use_daspk()') == 1
    assert hoc.eval_string('t') == pytest.approx(7.6923308e-09, rel=1e-7)
    assert hoc.eval_string('soma.v(.5)') == pytest.approx(-64.99937, abs=1e-5)
