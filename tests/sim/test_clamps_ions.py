"""SEClamp, VClamp, ion styles and temperature against NEURON 9.0.2 goldens
(tools/gen_clamps_golden.py), plus the HOC functions nernst/ghk/ion_style/ion_register."""
from __future__ import annotations

import json
import math
import os

import numpy as np
import pytest

from pyhoc.sim import Model
from pyhoc.sim.mechanisms import ions
from pyhoc.sim.contract import simeq

import clamps_scenarios  # noqa: E402  (tests/sim is on sys.path under pytest)

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim')
CASES = {
    'clamps_seclamp': ('seclamp', {}),
    'clamps_seclamp_cn': ('seclamp', {'secondorder': 2, 'nseg': 3}),
    'clamps_seclamp_cable': ('seclamp_cable', {}),
    'clamps_vclamp': ('vclamp', {}),
    'clamps_vclamp_slow': ('vclamp', {'gain': 50., 'tau1': .05, 'tau2': .02, 'fac': 1.}),
    'clamps_ion_styles': ('ion_styles', {}),
    'clamps_ion_styles_warm': ('ion_styles', {'celsius': 25.}),
    'clamps_hh_celsius30': ('hh_celsius', {'celsius': 30.}),
    'clamps_hh_celsius_cold': ('hh_celsius', {'celsius': -5.}),
}
TOL = 1e-9   # in practice bit-identical


def load(case: str) -> dict:
    with open(os.path.join(GOLDEN, case + '.json')) as f:
        return json.load(f)


@pytest.mark.parametrize('case', sorted(CASES))
def test_against_neuron(case):
    fn, kwargs = CASES[case]
    doc = load(case)
    assert doc['provenance']['kwargs'] == kwargs
    got = getattr(clamps_scenarios, fn)(Model(), **kwargs)
    assert set(got) == set(doc['data'])
    for key, want in doc['data'].items():
        a = np.asarray(got[key], dtype=float)
        b = np.asarray(want, dtype=float)
        assert a.shape == b.shape, key
        np.testing.assert_allclose(a, b, rtol=0, atol=TOL, err_msg='%s: %s' % (case, key))


def test_clamps_do_clamp():
    d = load('clamps_seclamp')['data']
    v, t = np.asarray(d['v']), np.asarray(d['t'])
    assert abs(v[(t > 1.5) & (t < 2)] + 70).max() < .1
    d = load('clamps_vclamp')['data']
    assert abs(np.asarray(d['v'])[150:200] - 10).max() < .01


def test_ionfuncs_scalars():
    data = load('clamps_ionfuncs')['data']
    for c in (6.3, 16.3, 37.):
        got = [ions.nernst(10, 140, 1, c), ions.nernst(5e-5, 2, 2, c),
               ions.nernst(54.4, 2.5, 1, c), ions.nernst(0, 1, 1, c), ions.nernst(1, 0, 1, c),
               ions.nernst(1, 2, 0, c), ions.nernst(1, 2, -1, c)]
        assert got == data['nernst_%g' % c]
        got = [ions.ghk(-50, 10, 140, 1, c), ions.ghk(0, 10, 140, 1, c),
               ions.ghk(1e-7, 1, 2, 2, c), ions.ghk(30, 5e-5, 2, 2, c),
               ions.ghk(-120, 54.4, 2.5, 1, c)]
        np.testing.assert_allclose(got, data['ghk_%g' % c], rtol=1e-15, atol=0)


def test_ion_defaults_and_promote():
    m = Model()
    s = m.new_section('soma')
    m.insert(s, 'hh')
    seg = s(0.5)
    assert (seg.nai, seg.nao, seg.ena, seg.ki, seg.ko, seg.ek) == (10., 140., 50., 54.4, 2.5, -77.)
    assert m.global_get('nai0_na_ion') == 10. and m.global_get('ko0_k_ion') == 2.5
    from pyhoc.sim.ionfuncs import set_ion_style
    assert set_ion_style(m, s, 'na_ion') == 8.       # hh reads ena: e is a constant
    assert set_ion_style(m, s, 'ca_ion') == -1.
    m.insert(s, 'ca_ion')
    assert set_ion_style(m, s, 'ca_ion') == 0.
    assert math.isclose(seg.eca, 132.4579341637009, rel_tol=1e-15)
    m.global_set('celsius', 37.)
    seg.nai = 20.
    m.finitialize(-65.)
    assert seg.ena == 50. and seg.nai == 20.          # no einit, no cinit
    assert ions.promoted_style(0, 3, 1) == 0o3 + 0o20 + 0o4 + 0o100 + 0o40
    assert ions.promoted_style(0, 1, 1) == 0o1 + 0o20 + 0o40


def test_simeq_pivots():
    c = [[1e-3, 2., 1., 4.], [3., 1., -1., 2.], [1., 1., 1., 6.]]
    want = np.linalg.solve(np.array(c)[:, :3], np.array(c)[:, 3])
    soln = np.empty(3)
    assert simeq(np.array(c), soln)
    np.testing.assert_allclose(soln, want, rtol=1e-12)
    assert not simeq(np.array([[1., 2., 3.], [2., 4., 6.]]), np.empty(2))     # singular


def test_vclamp_arrays_python_api():
    m = Model()
    s = m.new_section('soma')
    vc = m.new_point_process('VClamp', s(0.5))
    vc.dur[1] = 4.
    vc.amp[2] = -40.
    assert list(vc.dur) == [0., 4., 0.] and vc.amp[2] == -40. and len(vc.amp) == 3
    with pytest.raises(IndexError):
        vc.dur[3]
    m.finitialize(-65.)
    assert vc.dur[1] == 4. and vc.vi0 == -65.


HOC = r'''
create soma
access soma
soma { L = 20 diam = 20 insert hh }
print ion_style("na_ion"), ion_style("k_ion"), ion_charge("na_ion")
print nernst(10, 140, 1), ghk(-50, 10, 140, 1), nernst("ena"), nernst("nai"), nernst("nao", 0.3)
print ion_register("na", 1), ion_register("ca", 2), ion_charge("ca_ion")
x = ion_style("na_ion", 3, 2, 1, 1, 1)
print x, ion_style("na_ion")
nai0_na_ion = 20
celsius = 16.3
finitialize(-65)
print nai, ena, ek
objref c
c = new SEClamp(.5)
c.dur1 = 1
c.amp1 = -30
c.rs = .1
finitialize(-65)
fadvance()
print c.i, v, c.vc
objref vc
vc = new VClamp(.5)
vc.dur[0] = 2
vc.amp[0] = 20
print vc.dur[0], vc.amp[0], vc.gain
'''


def test_hoc_functions(tmp_path):
    from pyhoc.hoc.interpreter import Interpreter
    import io
    out = io.StringIO()
    interp = Interpreter(stdout=out)
    interp.run_text(HOC)
    lines = out.getvalue().split('\n')
    assert lines[0].split() == ['8', '8', '1']
    assert lines[1].split() == ['63.551503', '-31780.548', '63.551503', '17.55482', '79.750176']
    assert lines[2].split() == ['15', '24', '2']
    assert lines[-2].split() == ['2', '20', '100000']
