"""The numba and NumPy backends (pyhoc.sim.backend) give the same results: bit-identical with
libm's exp (``Model.exact_exp = True``), within 1e-9 mV with the NumPy path's default exp
(NumPy's SIMD exp differs from libm's by an ulp for a few percent of arguments)."""
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


def _ring_levels(h, n=120):
    """Many small identical cells: the NumPy path's level-scheduled tree solve (checked)."""
    import events_scenarios as ev
    cells = []
    for k in range(n):
        soma = h.Section(name='soma%d' % k)
        soma.L = soma.diam = 12.6157
        soma.insert('hh')
        dend = h.Section(name='dend%d' % k)
        dend.L, dend.diam, dend.nseg = 200., 1., 3
        dend.insert('pas')
        dend.connect(soma(1))
        syn = ev._pp(h, 'ExpSyn', dend(0.5))
        syn.tau = 2.
        cells.append((soma, dend, syn))
    ncs, recs = [], []
    for k in range(n):
        nc = ev._netcon(h, cells[k][0](0.5)._ref_v, cells[(k + 1) % n][2], sec=cells[k][0])
        nc.weight[0], nc.delay = .05, 2.
        rec = ev._vec(h)
        nc.record(rec)
        ncs.append(nc)
        recs.append(rec)
    ns = ev._pp(h, 'NetStim')
    ns.start, ns.number = .5, 1
    kick = ev._netcon(h, ns, cells[0][2])
    kick.weight[0], kick.delay = .05, .5
    probes = {'v0': lambda: cells[0][0](0.5).v, 'v1d': lambda: cells[1][1](0.9).v,
              'vlast': lambda: cells[-1][0](0.5).v}
    out = scenarios._run(h, probes, 400)
    if backend.name() == 'numpy':
        assert hines.plan_for(h.a, h.b, h.parent, h.ncell).method == 'levels'
    for k, rec in enumerate(recs):
        out['spikes%d' % k] = list(rec)
    return out


def _shared_nodes(h):
    """Two IClamps and two ExpSyns at one node (the point processes' np.add.at path), and a
    geometry change in the middle of the run (a new tree-solve plan)."""
    import events_scenarios as ev
    soma = h.Section(name='soma')
    soma.L = soma.diam = 20.
    soma.insert('hh')
    dend = h.Section(name='dend')
    dend.L, dend.diam, dend.nseg = 300., 1., 7
    dend.insert('pas')
    dend.connect(soma(1))
    stims = []
    for delay, amp in ((.5, .2), (1., .15)):
        st = h.IClamp(soma(0.5))
        st.delay, st.dur, st.amp = delay, 3., amp
        stims.append(st)
    syns = [ev._pp(h, 'ExpSyn', dend(0.5)) for _ in range(2)]
    ns = ev._pp(h, 'NetStim')
    ns.start, ns.number, ns.interval = 1., 3, 2.
    ncs = []
    for k, syn in enumerate(syns):
        syn.tau = 1. + k
        nc = ev._netcon(h, ns, syn)
        nc.weight[0], nc.delay = .01 * (k + 1), 1.
        ncs.append(nc)
    probes = {'soma': lambda: soma(0.5).v, 'dend': lambda: dend(0.5).v,
              'g': lambda: syns[1].g}
    first = scenarios._run(h, probes, 200)
    dend.diam = 2.
    second = {k: [] for k in probes}
    for _ in range(200):
        h.fadvance()
        for k, f in probes.items():
            second[k].append(f())
    return {k: first[k] + second.get(k, []) for k in first}


CASES = {
    'ring_levels': _ring_levels,
    'shared_nodes': _shared_nodes,
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


def _run_with(which, fn, exact_exp=None):
    backend.set_backend(which)
    assert backend.name() == which
    model = Model()
    model.exact_exp = exact_exp
    return fn(model)


@pytest.mark.parametrize('case', sorted(CASES))
def test_backends_bit_identical(case, restore_backend):
    """With libm's exp on both paths the results are equal bit for bit."""
    ref = _run_with('numpy', CASES[case], exact_exp=True)
    got = _run_with('numba', CASES[case])
    assert ref.keys() == got.keys()
    for key in ref:
        a, b = np.asarray(got[key]), np.asarray(ref[key])
        assert np.array_equal(a, b), '%s: %s differs by %g' % (case, key, np.abs(a - b).max())


@pytest.mark.parametrize('case', sorted(CASES))
def test_numpy_default_exp_within_1e9(case, restore_backend):
    """The NumPy path's default (NumPy's exp) stays within 1e-9 mV (and 1e-9 in states)."""
    ref = _run_with('numpy', CASES[case], exact_exp=True)
    got = _run_with('numpy', CASES[case])
    assert ref.keys() == got.keys()
    for key in ref:
        a, b = np.asarray(got[key]), np.asarray(ref[key])
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-9, err_msg='%s: %s' % (case, key))


def test_exp_array_bit_identical(restore_backend):
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


def _random_tree(rng, n, ncell, wide=False):
    parent = np.zeros(n, dtype=np.intp)
    for i in range(ncell, n):
        if wide:        # parents among the first nodes: many siblings, few levels
            parent[i] = rng.integers(0, min(i, ncell + 30))
        else:           # parents among the last 40 nodes: long branches
            parent[i] = rng.integers(max(0, i - 40), i)
    a, b = rng.uniform(-1., 0., n), rng.uniform(-1., 0., n)
    d = rng.uniform(3., 5., n)
    rhs = rng.normal(size=n)
    return a, b, d, rhs, parent


def test_hines_random_tree_bit_identical(restore_backend):
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


@pytest.mark.parametrize('seed,n,ncell,wide', [(1, 300, 1, False), (2, 500, 3, True),
                                                (3, 2000, 200, True), (4, 50, 50, False),
                                                (5, 1, 1, False)])
def test_hines_levels_equal_sequential(seed, n, ncell, wide):
    """The level-scheduled NumPy solve equals the sequential loop bit for bit (siblings in
    decreasing index order), d included; and the automatic choice (groups by NumPy or by
    the loop by their size, 'mixed') gives the same."""
    rng = np.random.default_rng(seed)
    a, b, d, rhs, parent = _random_tree(rng, n, ncell, wide)
    out = []
    for method in ('sequential', 'levels', None):
        plan = hines.Plan(a, b, parent, ncell, method)
        assert plan.method == method or method is None or n == ncell
        dd, rr = d.copy(), rhs.copy()
        plan.solve(a, b, dd, rr, True)
        out.append((dd, rr))
    for dd, rr in out[1:]:
        assert np.array_equal(out[0][0], dd)
        assert np.array_equal(out[0][1], rr)
    M = hines.dense_matrix(a, b, d, parent, ncell)
    np.testing.assert_allclose(M @ out[0][1], rhs, rtol=0, atol=1e-9)


def test_hines_plan_follows_new_coefficients(restore_backend):
    """A plan bakes a and b in; changed values (new geometry) make a new plan."""
    backend.set_backend('numpy')
    rng = np.random.default_rng(9)
    a, b, d, rhs, parent = _random_tree(rng, 400, 100, True)
    for _ in range(2):
        dd, rr = d.copy(), rhs.copy()
        hines.solve(a, b, dd, rr, parent, 100)
        M = hines.dense_matrix(a, b, d, parent, 100)
        np.testing.assert_allclose(M @ rr, rhs, rtol=0, atol=1e-9)
        a *= 1.5        # in place, as tree.recalc_geometry does
        b *= .5


def test_exp_array_modes(restore_backend):
    """exact=True is libm's exp on the NumPy path too; False/None (NumPy path) within 1 ulp."""
    backend.set_backend('numpy')
    rng = np.random.default_rng(5)
    x = np.concatenate([rng.uniform(-50., 50., 5000), [-700.5, 700.5, -1e300, 1e300, np.inf,
                                                        -np.inf, np.nan, 0.0]])
    exact = base.exp_array(x, True)
    fin = np.isfinite(x) & (np.abs(x) < 700.)
    assert exact[fin].tolist() == [math.exp(v) for v in x[fin].tolist()]
    for mode in (False, None):
        fast = base.exp_array(x, mode)
        np.testing.assert_allclose(fast, exact, rtol=3e-16, atol=0)
        assert np.array_equal(np.isnan(fast), np.isnan(exact))
    out = np.empty_like(x)
    assert np.array_equal(base.exp_into(x, out, True), exact, equal_nan=True)
    assert exact[-8:-2].tolist() == [0.0, base.EXP700, 0.0, base.EXP700, base.EXP700, 0.0]
    assert np.isnan(exact[-2]) and exact[-1] == 1.0


@pytest.mark.parametrize('cexp', [True, False])
def test_libm_exp_is_math_exp(cexp, monkeypatch):
    """libm_exp (NumPy's complex exp, or the loop where that differed) is math.exp bit for bit,
    into a strided view too; the kernels' in-range exp_into goes through it."""
    monkeypatch.setattr(base, '_cexp_exact', None if cexp else False)
    rng = np.random.default_rng(11)
    x = np.concatenate([rng.uniform(-700., 700., 20000), rng.normal(0., 2., 20000),
                        [-700.0, 700.0, 0.0, -0.0, 1e-300, -745.0]])
    want = [math.exp(v) for v in x.tolist()]
    assert base.libm_exp(x).tolist() == want
    assert base._cexp_exact is cexp
    o = np.zeros((2, x.size))[1]
    assert base.libm_exp(x, o) is o and o.tolist() == want
    X = x[:3000].reshape(3, 1000)
    e = np.empty((3, 1000))
    base.exp_into(X, e, True, in_range=True)
    assert e.ravel().tolist() == want[:3000]
    assert np.isnan(base.libm_exp(np.array([np.nan]))[0])


def test_hh_rates_array_is_rates_scalar():
    """hh's vectorised rates (its TABLE and usetable_hh = 0) are rates_scalar bit for bit,
    the vtrap branch near its singular points and hoc_Exp's clamps included."""
    from pyhoc.sim.mechanisms import hh
    rng = np.random.default_rng(2)
    v = np.concatenate([rng.uniform(-200., 200., 5000), [-40., -55., -40. + 1e-6, -40. - 1e-8,
                                                         -55. + 1e-9, 1e5, -1e5, np.nan]])
    for celsius in (6.3, 37.):
        want = np.array([hh.rates_scalar(float(x), celsius) for x in v.tolist()]).T
        assert np.array_equal(hh.rates_array(v, celsius), want, equal_nan=True)


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
    env = {k: v for k, v in os.environ.items() if k != 'PYHOC_BACKEND'}
    r = subprocess.run([sys.executable, '-c', "from pyhoc.sim import backend; print(backend.name())"],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == 'numba'


def test_notice_when_numba_broken(tmp_path):
    """numba installed but failing to import (a broken llvmlite): one line on stderr."""
    (tmp_path / 'numba').mkdir()
    (tmp_path / 'numba' / '__init__.py').write_text("raise ImportError('llvmlite broken')\n")
    r = _py("from pyhoc.sim import backend; print(backend.name())", PYHOC_BACKEND='numba',
            PYTHONPATH=os.pathsep.join([str(tmp_path), ROOT]))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == 'numpy'
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and 'numba unavailable' in lines[0] and 'llvmlite' in lines[0]


def test_silent_without_numba():
    """A Python with no numba installed takes the NumPy path without a word on stderr."""
    code = ("import sys; sys.modules['numba'] = None\n"     # find_spec: not installed
            "from pyhoc.sim import backend; print(backend.name())")
    r = _py(code, PYHOC_BACKEND='numba')
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == 'numpy'
    assert r.stderr == ''


_STARTUP = '''
import sys
from neuron import h
h.load_file('stdrun.hoc')
soma = h.Section(name='soma')
soma.L = soma.diam = 20
soma.insert('hh')
dend = h.Section(name='dend')
dend.L, dend.diam, dend.nseg = 1000, 2, 201
dend.insert('hh')
dend.connect(soma(1))
ic = h.IClamp(soma(0.5))
ic.delay, ic.dur, ic.amp = 1, 1, 0.5
vs = h.Vector().record(dend(0.9)._ref_v)
h.finitialize(-65)
%s
from pyhoc.sim import backend, objload
print(repr(vs[min(200, vs.size() - 1)]), repr(vs[vs.size() - 1]), 'numba' in sys.modules,
      backend.current() is not None, bool(objload._loaded))
'''


def _startup(tmp_path, run: str, **environ) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ('PYHOC_BACKEND', 'PYHOC_LOAD_WORK')}
    env['PYTHONPATH'] = os.path.abspath(ROOT)
    env.update(environ)
    script = tmp_path / 'run.py'
    script.write_text(_STARTUP % run)
    r = subprocess.run([sys.executable, '-m', 'pyhoc', '-nobanner', str(script)],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return r.stdout.split()


def test_short_run_does_not_load_numba_long_run_does(tmp_path):
    """backend.LOAD_WORK: a short run stays on the NumPy path without importing numba, a
    long one loads the compiled kernels at once, a long fadvance loop once the NumPy path
    has done LOAD_WORK (or, where pyhoc.sim.objload's store has its compiled loop, once it
    has done STORED_WORK: the stored loop, the backend unchosen); all three give the same
    numbers, bit for bit."""
    steps_long = backend.LOAD_WORK // 1400 + 200     # > LOAD_WORK node-steps (~1400 a step)
    short = _startup(tmp_path, 'h.continuerun(5)')
    long = _startup(tmp_path, 'h.continuerun(%g)' % (steps_long * 0.025))
    loop = _startup(tmp_path, 'for i in range(%d): h.fadvance()' % steps_long)
    assert short[2] == short[3] == 'False'
    assert long[3] == 'True'    # (the compiled backend; numba itself is imported where the
    # code is not in pyhoc.sim.objload's store yet)
    assert loop[3] == 'True' or loop[2:] == ['False', 'False', 'True']
    assert short[0] == short[1] == long[0] == loop[0]
    assert long[1] == loop[1]


def test_short_cvode_run_does_not_load_numba(tmp_path):
    """CVode's NumPy path until its work is worth numba's load, as the fixed step's; a run
    that passes LOAD_WORK goes on with the compiled f from there; the same numbers all three
    ways (numba from the start, never, from the middle of the run)."""
    run = 'h.cvode_active(1)\nh.finitialize(-65)\nh.continuerun(5)'
    short = _startup(tmp_path, run)
    first = _startup(tmp_path, run, PYHOC_LOAD_WORK='0')
    middle = _startup(tmp_path, run, PYHOC_LOAD_WORK='100000')
    assert short[2] == 'False' and first[2] == 'True' and middle[2] == 'True'
    assert short[:2] == first[:2] == middle[:2]
