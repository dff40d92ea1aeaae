"""The extracellular mechanism against NEURON 9.0.2 goldens (tools/gen_extra_golden.py)."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

from pyhoc.sim import Model

import extra_scenarios  # noqa: E402  (tests/sim is on sys.path under pytest)

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim')
CASES = ('extra_passive', 'extra_passive_cn', 'extra_hh_axon', 'extra_branched')
TOL = 1e-6   # mV (and mA/cm2); in practice about 1e-11 (a sparse LU solve, not the tree's)


def load(case: str) -> dict:
    with open(os.path.join(GOLDEN, case + '.json')) as f:
        return json.load(f)


@pytest.mark.parametrize('case', CASES)
def test_against_neuron(case):
    doc = load(case)
    prov = doc['provenance']
    got = getattr(extra_scenarios, prov['scenario'])(Model(), **prov['kwargs'])
    for key, want in doc['data'].items():
        a = np.asarray(got[key], dtype=float)
        b = np.asarray(want, dtype=float)
        assert a.shape == b.shape, key
        np.testing.assert_allclose(a, b, rtol=0, atol=TOL, err_msg='%s: %s' % (case, key))


def test_goldens_exercise_the_medium():
    """vext is far from zero and the HH axon fires, so the goldens test something."""
    d = load('extra_hh_axon')['data']
    assert max(d['v0.7']) > 20.
    assert max(abs(v) for v in d['ve0_0.3']) > .1
    assert max(abs(v) for v in d['ve1_0.3']) > .1
    p = load('extra_passive')['data']
    assert max(abs(a - b) for a, b in zip(p['ve0_0.5'], p['ve1_0.5'])) > 1e-2


def test_defaults_and_access():
    h = Model()
    s = h.Section(name='s')
    s.nseg = 3
    s.insert('extracellular')
    seg = s(0.5)
    assert seg.xraxial[0] == seg.xraxial[1] == 1e9
    assert seg.xg[0] == seg.extracellular.xg[1] == 1e9
    assert seg.xc[0] == seg.xc[1] == 0.
    assert seg.e_extracellular == seg.extracellular.e == 0.
    assert seg.vext[0] == seg.i_membrane == 0.
    seg.xraxial[1] = 7.
    seg.extracellular.xg[0] = 3.
    assert seg.extracellular.xraxial[1] == 7. and seg.xg[0] == 3.
    assert s(0.1).xraxial[1] == 1e9
    assert len(seg.xc) == 2 and list(seg.vext) == [0., 0.]
    with pytest.raises(IndexError):
        seg.xg[2]
    assert h.range_get(s, 'xraxial[1]', .5) == 7.
    other = h.Section(name='o')
    with pytest.raises(AttributeError):
        other(0.5).xraxial


def test_default_medium_is_nearly_grounded():
    """With the default xg = 1e9 the cable behaves as without extracellular (to ~1e-9 mV)."""
    def run(ext):
        h = Model()
        c = h.Section(name='c')
        c.L, c.diam, c.nseg = 500., 1., 11
        c.insert('hh')
        if ext:
            c.insert('extracellular')
        st = h.IClamp(c(0.))
        st.delay, st.dur, st.amp = .2, 1., .5
        h.finitialize(-65.)
        out = []
        for _ in range(200):
            h.fadvance()
            out.append(c(0.8).v)
        return np.array(out)
    assert np.max(np.abs(run(True) - run(False))) < 1e-6


HOC = r'''
create a
access a
nseg = 3
insert extracellular
print xraxial[0](0.5), xraxial[1], e_extracellular(0.5), i_membrane(0.5), vext[1](.5)
xg[1] = 5
print xg[1](0.5), xg[0](.1)
a.xc[0] = 2
print a.xc[0](0.5), a.xc[1]
xraxial[1](0.9) = 4
for (x,0) print x, xraxial[1](x)
a.xg[0](0.1) = 7
print a.xg[0](0.1), xg[0](0.5)
objref p
p = new Pointer(&vext[0](0.5))
print p.val
'''

# NEURON 9.0.2 (nrniv) prints these lines for HOC above
HOC_OUT = ['1e+09 1e+09 0 0 0', '5 1e+09', '2 0', '0.16666667 1e+09', '0.5 1e+09',
           '0.83333333 4', '7 1e+09', '0']


def test_hoc_array_range_syntax():
    import io
    from pyhoc.hoc.interpreter import Interpreter
    out = io.StringIO()
    Interpreter(stdout=out).run_text(HOC)
    lines = [ln.strip() for ln in out.getvalue().split('\n') if ln.strip()]
    assert lines == HOC_OUT
