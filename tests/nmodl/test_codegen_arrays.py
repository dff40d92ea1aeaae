"""Array variables of translated .mod files as HOC and Python see them (NEURON 9.0.2's
spellings and values, checked by hand against it): ``ca_arrcad[k](x)``, ``sec.ca_arrcad[k]``,
``seg.arrcad.ca[k]``, ``seg.ca_arrcad[k]``, ``_ref_`` elements, a GLOBAL array
``scale_arrcad[k]``, a point process's ``pp.w[k]``; printf to stdout; cnexp on the elements
of an array state gives the scalar states' numbers."""
from __future__ import annotations

import os

import numpy as np
import pytest

from pyhoc.bridge import HocTop
from pyhoc.hoc.interpreter import Interpreter
from pyhoc.nmodl.load import load_into

MOD = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mod')


def _h(*mods):
    interp = Interpreter()
    load_into(interp.sim.model, [os.path.join(MOD, m) for m in mods])
    return HocTop(interp)


def test_range_arrays_from_hoc_and_python(capsys):
    h = _h('arrcad.mod', 'arrpp.mod')
    h('create soma\naccess soma\nsoma { L = 10  diam = 5  insert arrcad }')
    h('objref pp\nsoma pp = new arrpp(.5)')
    h.finitialize(-65)
    assert capsys.readouterr().out == 'arrpp init t=0 w[2]=3\n'
    seg = h.soma(.5)
    assert list(seg.arrcad.ca) == [1e-4, 4e-4, 7e-4, 1e-3]
    assert len(seg.arrcad.ca) == 4 and seg.arrcad.kb[3] == .04
    assert seg.ca_arrcad[1] == seg.arrcad.ca[1] == 4e-4
    with pytest.raises(TypeError, match='ca_arrcad directly'):     # (as NEURON's h.xraxial)
        h.ca_arrcad
    assert seg.arrcad.shell[3] == 9.0
    assert seg.arrcad._ref_ca[2][0] == seg._ref_ca_arrcad[2][0] == 7e-4
    assert h.scale_arrcad[1] == 2.0
    h('ca_arrcad[3](.5) = 7\nsoma.ca_arrcad[2] = 5\nca_arrcad = 6\nscale_arrcad[0] = 9')
    assert list(seg.arrcad.ca) == [6., 4e-4, 5., 7.]
    assert h.scale_arrcad[0] == 9.0
    seg.arrcad.ca[0] = 11
    h('x = ca_arrcad(.5)\ny = soma.ca_arrcad[3](.5)')
    assert (h.x, h.y) == (11., 7.)
    pp = h.pp
    assert (pp.w[2], len(pp.w), pp._ref_w[2][0]) == (3., 3, 3.)
    h('pp.amp[1] = 3\nz = pp.amp[1] + pp.w[1]')
    assert h.z == 5.
    capsys.readouterr()
    for bad, name, n in (('ca_arrcad[4](.5)', 'ca_arrcad', 4), ('scale_arrcad[2]', 'scale_arrcad', 2),
                         ('pp.w[3]', 'w', 3)):
        assert not h('x = ' + bad)
        assert 'subscript 0 index %d of %s out of range %d' % (n, name, n) in capsys.readouterr().err


def test_vector_records_an_element():
    h = _h('arrcad.mod')
    h('create soma\nsoma { insert arrcad }\nobjref v1, v2\nv1 = new Vector()\n'
      'v2 = new Vector()\nv1.record(&soma.ca_arrcad[3](.5))')
    seg = h.soma(.5)
    h.v2.record(seg.arrcad._ref_ca[0])
    h.finitialize(-65)
    for _ in range(5):
        h.fadvance()
    assert h.v1.size() == 6 and h.v1[0] == 1e-3 and h.v1[5] == seg.arrcad.ca[3]
    assert h.v2[5] == seg.ca_arrcad[0] and h.v2[5] != h.v2[0]


ARRAY_GATES = '''
NEURON { SUFFIX %s  NONSPECIFIC_CURRENT i }
PARAMETER { g = .001 (S/cm2) }
ASSIGNED { v (mV)  i (mA/cm2) }
STATE { %s }
BREAKPOINT { SOLVE s METHOD %s  i = g*%s*(v + 70) }
DERIVATIVE s { %s }
'''


@pytest.mark.parametrize('method', ['cnexp', 'euler', 'derivimplicit'])
def test_array_state_elements_are_the_scalar_states(tmp_path, method):
    """x'[k] in a FROM loop (NEURON 9.0.2's nocmodl cannot build these: its output does not
    compile) gives the numbers of the same equations on scalar states."""
    rhs = '(1/(1 + exp(-(v + 40 + 10*%s)/5)) - %s)/(1 + %s)'
    (tmp_path / 'ga.mod').write_text(ARRAY_GATES % (
        'ga', 'x[3]', method, 'x[0]*x[1]*x[2]',
        "FROM k = 0 TO 2 { x'[k] = %s }" % (rhs % ('k', 'x[k]', 'k'))))
    (tmp_path / 'gs.mod').write_text(ARRAY_GATES % (
        'gs', 'x0 x1 x2', method, 'x0*x1*x2',
        '\n'.join("x%d' = %s" % (k, rhs % (k, 'x%d' % k, k)) for k in range(3))))

    def run(mech, names):
        interp = Interpreter()
        load_into(interp.sim.model, [str(tmp_path / (mech + '.mod'))])
        h = HocTop(interp)
        h('create soma\nsoma { insert %s  insert pas }\nobjref st\nsoma st = new IClamp(.5)\n'
          'st.del = 1\nst.dur = 3\nst.amp = .1' % mech)
        h.finitialize(-65)
        out = []
        for _ in range(200):
            h.fadvance()
            out.append([h.soma(.5).v] + [getattr(h.soma(.5), n) for n in names])
        return np.array(out)

    a = run('ga', ['x_ga[%d]' % k for k in range(3)])
    b = run('gs', ['x%d_gs' % k for k in range(3)])
    assert np.ptp(a[:, 1]) > .002
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-12 if method == 'derivimplicit' else 0)
