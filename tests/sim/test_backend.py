"""The numba and NumPy backends (pyhoc.sim.backend) give bit-identical results."""
from __future__ import annotations

import math
import os
import subprocess
import sys

import numpy as np
import pytest

from pyhoc.sim import Model, backend, hines
from pyhoc.sim.mechanisms import base

import scenarios  # noqa: E402  (tests/sim is on sys.path under pytest)

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')


def _two_cells(h):
    """Two unconnected trees (ncell 2: the roots' part of bksub), hh and pas, a branch."""
    soma = h.Section(name='soma')
    soma.L = soma.diam = 20.
    soma.insert('hh')
    dend = h.Section(name='dend')
    dend.L, dend.diam, dend.nseg = 300., 1., 11
    dend.insert('pas')
    dend.connect(soma(1))
    other = h.Section(name='other')
    other.L, other.diam, other.nseg = 500., 2., 21
    other.insert('hh')
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 0.5, 5., 0.3
    stim2 = h.IClamp(other(0.))
    stim2.delay, stim2.dur, stim2.amp = 1., 5., 0.5
    probes = {'soma': lambda: soma(0.5).v, 'dend': lambda: dend(0.9).v,
              'other': lambda: other(1.).v, 'm': lambda: other(0.5).hh.m}
    return scenarios._run(h, probes, 400)


CASES = {
    'hh_single': lambda h: scenarios.hh_single(h),
    'hh_single_notable': lambda h: scenarios.hh_single(h, usetable=0),
    'hh_single_cn': lambda h: scenarios.hh_single(h, secondorder=2),
    'branched_3d': lambda h: scenarios.branched_3d(h),
    'two_cells': _two_cells,
}


@pytest.fixture
def restore_backend():
    yield
    backend.set_backend(None)


def _run_with(which, fn):
    backend.set_backend(which)
    assert backend.name() == which
    return fn(Model())


@pytest.mark.parametrize('case', sorted(CASES))
def test_backends_bit_identical(case, restore_backend):
    pytest.importorskip('numba')
    ref = _run_with('numpy', CASES[case])
    got = _run_with('numba', CASES[case])
    assert ref.keys() == got.keys()
    for key in ref:
        a, b = np.asarray(got[key]), np.asarray(ref[key])
        assert np.array_equal(a, b), '%s: %s differs by %g' % (case, key, np.abs(a - b).max())


def test_exp_array_bit_identical(restore_backend):
    pytest.importorskip('numba')
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.uniform(-50., 50., 20000), rng.normal(0., 3., 20000),
                        [-700.0, 700.0, -700.5, 700.5, -1e300, 1e300, 0.0, -0.0,
                         np.inf, -np.inf, np.nan, 709.7, -745.2]])
    backend.set_backend('numpy')
    ref = base.exp_array(x)
    backend.set_backend('numba')
    got = base.exp_array(x)
    assert np.array_equal(got, ref, equal_nan=True)
    assert np.array_equal(base.exp_array(x[::3]), ref[::3], equal_nan=True)   # strided input
    assert got[np.isfinite(x) & (np.abs(x) < 700.)].tolist() == \
        [math.exp(v) for v in x[np.isfinite(x) & (np.abs(x) < 700.)].tolist()]


def test_hines_random_tree_bit_identical(restore_backend):
    pytest.importorskip('numba')
    rng = np.random.default_rng(3)
    n, ncell = 500, 3
    parent = np.zeros(n, dtype=np.intp)
    for i in range(ncell, n):
        parent[i] = rng.integers(0, i)
    a, b = rng.uniform(-1., 0., n), rng.uniform(-1., 0., n)
    d = rng.uniform(3., 5., n)
    rhs = rng.normal(size=n)
    out = {}
    for which in ('numpy', 'numba'):
        backend.set_backend(which)
        dd, rr = d.copy(), rhs.copy()
        hines.solve(a, b, dd, rr, parent, ncell)
        out[which] = (dd, rr)
    assert np.array_equal(out['numpy'][0], out['numba'][0])
    assert np.array_equal(out['numpy'][1], out['numba'][1])


def _py(code, **env):
    e = dict(os.environ, **env)
    return subprocess.run([sys.executable, '-c', code], cwd=ROOT, env=e,
                          capture_output=True, text=True, timeout=120)


def test_import_does_not_load_numba():
    r = _py("import sys; from pyhoc import h; h('x=1'); print('numba' in sys.modules)")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == 'False'


def test_env_selects_numpy():
    r = _py("import sys; from pyhoc.sim import backend; print(backend.name(), "
            "'numba' in sys.modules)", PYHOC_BACKEND='numpy')
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ['numpy', 'False']
    assert r.stderr == ''


def test_default_is_numba_when_importable():
    pytest.importorskip('numba')
    env = {k: v for k, v in os.environ.items() if k != 'PYHOC_BACKEND'}
    r = subprocess.run([sys.executable, '-c', "from pyhoc.sim import backend; print(backend.name())"],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == 'numba'


def test_notice_when_numba_missing():
    code = ("import sys; sys.modules['numba'] = None\n"     # makes `import numba` fail
            "from pyhoc.sim import backend; print(backend.name())")
    r = _py(code, PYHOC_BACKEND='numba')
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == 'numpy'
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and 'numba unavailable' in lines[0]
