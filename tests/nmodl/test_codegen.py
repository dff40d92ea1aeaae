"""NMODL code generation against NEURON: our own .mod files (tests/nmodl/mod) translated by
pyhoc.nmodl, run in pyhoc and compared with NEURON 9.0.2's traces of the same files built by
nrnivmodl (tools/gen_nmodl_golden.py), on the NumPy path and in the compiled loop; and our
hh.mod translated against the hand-written built-in hh, bit for bit."""
from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest

from pyhoc.hoc.interpreter import Interpreter
from pyhoc.bridge import HocTop
from pyhoc.nmodl.load import load_into
from pyhoc.sim import backend, fused
from pyhoc.sim.model import Model

HERE = os.path.dirname(os.path.abspath(__file__))
MOD = os.path.join(HERE, 'mod')
sys.path.insert(0, HERE)
import codegen_cases  # noqa: E402

# bit for bit, except where NEURON stops an iteration at a tolerance (derivimplicit's Newton
# on a nonlinear equation: pyhoc iterates to convergence): there within 1e-8 (1e-15 mM for the
# array calcium diffusion, within an ulp)
TOL = {'nonlinear': 1e-8, 'cnexp_nonlinear': 1e-8, 'arrays': 1e-15,
       # NEURON's runge moves the thread's t by ((t + h/2) + h/2) - h at each step and instance
       # (1e-13 ms by t = 10); pyhoc's t stays n*dt
       'runge': 1e-12,
       # the calcium pool of casyn (derivimplicit), and CVode (pyhoc's own BDF): within bounds
       'casyn': 1e-9, 'watch_cvode': 1e-6, 'pointer_cvode': 1e-7}


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv('PYHOC_MODL_CACHE', str(tmp_path_factory.getbasetemp() / 'modl'))


def _run(name, compiled):
    case = codegen_cases.CASES[name]
    interp = Interpreter()
    h = HocTop(interp)
    load_into(interp.sim.model, [os.path.join(MOD, m) for m in case['mods']])
    backend.set_backend('numba' if compiled else 'numpy')
    try:
        interp.sim.model.exact_exp = True
        return codegen_cases.run_case(h, case)
    finally:
        backend.set_backend(None)


@pytest.mark.parametrize('name', sorted(codegen_cases.CASES))
def test_case_matches_neuron_numpy(name):
    with open(os.path.join(HERE, 'golden', 'codegen_%s.json' % name)) as f:
        gold = json.load(f)['trace']
    out = _run(name, compiled=False)
    for expr, ref in gold.items():
        got = np.array(out[expr])
        if name in TOL:
            np.testing.assert_allclose(got, ref, rtol=0, atol=TOL[name], err_msg=expr)
        else:
            np.testing.assert_array_equal(got, ref, err_msg=expr)


@pytest.mark.parametrize('name', sorted(codegen_cases.CASES))
def test_case_compiled_is_the_numpy_path(name):
    a = _run(name, compiled=False)
    b = _run(name, compiled=True)
    for expr in a:
        if 'vectors' in codegen_cases.CASES[name]:     # CVode: within its bounds
            np.testing.assert_allclose(b[expr], a[expr], rtol=0, atol=TOL[name], err_msg=expr)
        else:
            assert np.array_equal(a[expr], b[expr]), expr


def test_hh_mod_gives_the_builtin_hh_bit_for_bit(tmp_path):
    src = os.path.join(os.path.dirname(HERE), '..', 'pyhoc', 'nmodl', 'builtin_mod', 'hh.mod')
    with open(src) as f:
        (tmp_path / 'hhmod.mod').write_text(f.read().replace('SUFFIX hh', 'SUFFIX hhmod'))

    def run(mech):
        m = Model()
        load_into(m, [str(tmp_path / 'hhmod.mod')])
        s = m.new_section('s')
        s.L = s.diam = 20.
        s.nseg = 3
        s.insert(mech)
        st = m.new_point_process('IClamp', s(.5))
        st.amp, st.delay, st.dur = .3, 1., 100.
        m.dt = .025
        backend.set_backend('numba')
        try:
            m.finitialize(-65.)
            out = [s(.5).v]
            for _ in range(400):
                fused.advance(m, 1)
                out.append(s(.5).v)
        finally:
            backend.set_backend(None)
        return np.array(out)

    a, b = run('hh'), run('hhmod')
    assert a.max() > 30.          # it fired
    assert np.array_equal(a, b)
