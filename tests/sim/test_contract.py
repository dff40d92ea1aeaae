"""The mechanism contract (pyhoc.sim.contract): a channel defined in one file outside the
package runs on the NumPy path, in the compiled fixed-step loop and under CVode.

The file also defines a point process, ``linstim``, a constant electrode current: a passive
compartment's v then rises linearly, by amp*1e5/(area*cm) mV/ms.  The channel, ``linch``, is
linear: a potassium current gbar*x*(v - ek) whose gate relaxes to a
constant, x' = (xinf - x)/tau.  Hand-checked references: cnexp is exact for that equation, so
x(t_n) = xinf + (x0 - xinf) exp(-t_n/tau); with x held at xinf (x0 = xinf) a one-compartment
cell's fixed step is backward Euler on cm v' = -1000 gbar xinf (v - ek), so
v_n - ek = (v_0 - ek) / (1 + dt k)^n with k = 1000 gbar xinf / cm, and CVode follows
v(t) - ek = (v_0 - ek) exp(-k t).
"""
from __future__ import annotations

import importlib.util
import linecache
import math
import sys
import textwrap
from types import SimpleNamespace

import numpy as np
import pytest

from pyhoc.sim import backend, cvode, fused
from pyhoc.sim.cvode_object import CVode
from pyhoc.sim.mechanisms.base import register_mechanism
from pyhoc.sim.model import Model

CHANNEL = '''
"""linch: a linear potassium channel, gbar*x*(v - ek), x' = (xinf - x)/tau."""
from pyhoc.sim.contract import Kernels, cnexp1, density_onto, point_onto, rows
from pyhoc.sim.mechanisms.base import MechanismType
from pyhoc.sim.mechanisms.ions import ION_DIDV, ION_E, ION_I


def linch_init(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    for j in range(node.shape[0]):
        data[LIN_X, j] = data[LIN_X0, j]
    return 0


def linch_cur(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    k = ions[0]
    for j in range(node.shape[0]):
        vv = v[node[j]]
        ki = ix[0, j]
        ek = k[ION_E, ki]
        gx = data[LIN_GBAR, j] * data[LIN_X, j]
        i1 = gx * ((vv + .001) - ek)
        i0 = gx * (vv - ek)
        data[LIN_IK, j] = i0
        k[ION_DIDV, ki] += (i1 - i0) / .001
        k[ION_I, ki] += i0
        density_onto(rhs, g, node, j, i0, i1)
    return 0


def linch_state(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    for j in range(node.shape[0]):
        data[LIN_X, j] = cnexp1(data[LIN_X, j], data[LIN_XINF, j], data[LIN_TAU, j], dt)
    return 0


def linch_ode(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab, ydot, diag, off):
    for j in range(node.shape[0]):
        ydot[off + j] = (data[LIN_XINF, j] - data[LIN_X, j]) / data[LIN_TAU, j]
        diag[off + j] = -1.0 / data[LIN_TAU, j]
    return 0


class LinCh(MechanismType):
    name = 'linch'
    parameters = {'gbar': .002, 'xinf': .5, 'tau': 3.0, 'x0': .5}
    assigned = ('ik',)
    states = ('x',)
    ions = ('k',)
    hidden = ('ik',)
    kernels = Kernels(init=linch_init, cur=linch_cur, state=linch_state, ode=linch_ode)


LIN_GBAR, LIN_XINF, LIN_TAU, LIN_X0, LIN_IK, LIN_X = rows(
    LinCh, 'gbar', 'xinf', 'tau', 'x0', 'ik', 'x')


def linstim_cur(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    for j in range(node.shape[0]):
        data[STIM_I, j] = data[STIM_AMP, j]
        point_onto(rhs, g, area, node, j, data[STIM_I, j], data[STIM_I, j], True)
    return 0


class LinStim(MechanismType):
    """A constant electrode current amp (nA)."""
    name = 'linstim'
    point = True
    electrode_current = True
    parameters = {'amp': 0.0}
    assigned = ('i',)
    kernels = Kernels(cur=linstim_cur)


STIM_AMP, STIM_I = rows(LinStim, 'amp', 'i')
'''

DT, NSTEP, V0 = .025, 400, -65.


@pytest.fixture(scope='module')
def linch(tmp_path_factory):
    path = tmp_path_factory.mktemp('mech') / 'linch_mech.py'
    path.write_text(textwrap.dedent(CHANNEL))
    spec = importlib.util.spec_from_file_location('linch_mech', path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules['linch_mech'] = mod
    spec.loader.exec_module(mod)
    yield mod
    del sys.modules['linch_mech']


AMP = .001      # nA: v rises by AMP*1e5/(area*cm) mV/ms in a passive compartment


def _cell(mod):
    """Three one-compartment cells: in A, x stays at xinf (v decays to ek); in B, gbar = 0
    and x relaxes from x0 = 0 to xinf (v stays); C has only a constant linstim current."""
    m = Model()
    mt = register_mechanism(m, mod.LinCh)
    register_mechanism(m, mod.LinStim)
    a = m.new_section('a')
    b = m.new_section('b')
    c = m.new_section('c')
    for s in (a, b, c):
        s.L = s.diam = 10.
    for s in (a, b):
        s.insert('linch')
    b(.5).linch.gbar = 0.
    b(.5).linch.x0 = 0.
    stim = m.new_point_process('linstim', c(.5))
    stim.amp = AMP
    m.dt = DT
    return SimpleNamespace(m=m, mt=mt, a=a, b=b, c=c, stim=stim)


def _vc_slope():
    return AMP * 1e5 / (math.pi * 10. * 10.)


def _fixed(mod, compiled: bool):
    cell = _cell(mod)
    m, a, b, c = cell.m, cell.a, cell.b, cell.c
    backend.set_backend('numba' if compiled else 'numpy')
    try:
        m.finitialize(V0)
        va, xb, vc = [a(.5).v], [b(.5).linch.x], [c(.5).v]
        if compiled:
            m.ensure_built()
            assert fused._plan(m) is not None           # the driver runs this model
        for _ in range(NSTEP):
            fused.advance(m, 1)
            va.append(a(.5).v)
            xb.append(b(.5).linch.x)
            vc.append(c(.5).v)
    finally:
        backend.set_backend(None)
    return np.array(va), np.array(xb), np.array(vc)


def test_registered_type_number_and_names(linch):
    cell = _cell(linch)
    m, mt = cell.m, cell.mt
    assert mt.type_index >= 25 and m.mech_types['linstim'].type_index == mt.type_index + 1
    assert m.type_order[-2] is mt
    assert type(cell.stim).__name__ == 'linstim' and cell.stim.amp == AMP
    assert cell.a(.5).linch.tau == 3.0 and cell.a(.5).ek == -77.
    assert 'linch' in m.mechanism_names(point=False)


def test_fixed_step_numpy_and_compiled_match_the_reference(linch):
    va, xb, vc = _fixed(linch, compiled=False)
    t = DT * np.arange(NSTEP + 1)
    xinf, tau, ek = .5, 3.0, -77.
    np.testing.assert_allclose(xb, xinf + (0. - xinf) * np.exp(-t / tau), rtol=0, atol=1e-13)
    k = 1000. * .002 * xinf / 1.0
    ref = ek + (V0 - ek) / (1. + DT * k) ** np.arange(NSTEP + 1)
    np.testing.assert_allclose(va, ref, rtol=0, atol=1e-11)
    np.testing.assert_allclose(vc, V0 + _vc_slope() * t, rtol=0, atol=1e-11)
    va2, xb2, vc2 = _fixed(linch, compiled=True)
    assert np.array_equal(va, va2) and np.array_equal(xb, xb2)     # bit for bit
    assert np.array_equal(vc, vc2)


def test_the_driver_has_the_types_with_instances(linch):
    """A model with a registered type gets a driver of its types with instances; a model of
    built-ins only, the one driver of every built-in type; a new type's instance replans."""
    m = Model()
    s = m.new_section('s')
    s.insert('hh')
    m.ensure_built()
    from pyhoc.sim.mechanisms import BUILTIN_TYPES
    types = fused.driver_types(m)
    assert [mt.name for mt, _ in types] == [mt.name for mt in m.type_order
                                            if type(mt) in BUILTIN_TYPES and mt.kernels]
    assert sorted(mt.name for mt, blk in types if blk is not None) == ['hh', 'k_ion', 'na_ion']
    register_mechanism(m, linch.LinCh)
    m.ensure_built()
    assert len(fused.driver_types(m)) == len(types)     # registered, no instance: the same
    key = fused._key(m)
    s.insert('linch')
    m.ensure_built()
    assert fused._key(m) != key
    assert [(mt.name, blk is not None) for mt, blk in fused.driver_types(m)] == \
        [('na_ion', True), ('k_ion', True), ('hh', True), ('linch', True)]


@pytest.mark.parametrize('fast', [False, True])
def test_cvode_matches_the_exponential(linch, fast):
    cell = _cell(linch)
    m, a, b, c = cell.m, cell.a, cell.b, cell.c
    sav = cvode.FAST
    cvode.FAST = fast
    backend.set_backend('numba')
    try:
        cv = CVode(model=m)
        cv.active(1)
        cv.atol(1e-7)
        m.finitialize(V0)
        out = []
        for tt in (1., 2.5, 5., 10.):
            cv.solve(tt)
            out.append((m.t, a(.5).v, b(.5).linch.x, c(.5).v))
        assert (m._cvode._fast is not None) == fast         # the compiled f ran
        cv.active(0)
    finally:
        cvode.FAST = sav
        backend.set_backend(None)
    k = 1000. * .002 * .5
    for tt, va, xb, vc in out:
        assert va == pytest.approx(-77. + (V0 + 77.) * math.exp(-k * tt), abs=2e-4)
        assert xb == pytest.approx(.5 - .5 * math.exp(-tt / 3.0), abs=2e-5)
        assert vc == pytest.approx(V0 + _vc_slope() * tt, abs=1e-6)


@pytest.mark.parametrize('env', [None, 'PMI_RANK', 'OMPI_COMM_WORLD_SIZE',
                                 'PYHOC_COMPILE_JOBS'])
def test_a_compile_ahead_worker_but_not_in_an_mpi_rank_or_with_one_job(env, monkeypatch,
                                                                       tmp_path):
    import io
    import subprocess
    from pyhoc.sim import contract
    for k in contract._MPI_ENV + ('PYHOC_COMPILE_JOBS',):
        monkeypatch.delenv(k, raising=False)
    if env is not None:
        monkeypatch.setenv(env, '1')
    monkeypatch.setattr(contract, 'AHEAD_MIN', 0)
    monkeypatch.setattr(contract, '_AHEAD', [])
    monkeypatch.setattr('os.cpu_count', lambda: 2)
    spawned = []
    monkeypatch.setattr(subprocess, 'Popen',
                        lambda *a, **k: spawned.append(a) or SimpleNamespace(stdin=io.BytesIO()))
    cache = SimpleNamespace(_cache_file=SimpleNamespace(_index_path=str(tmp_path / 'x.nbi')))
    km = SimpleNamespace(kern=SimpleNamespace(_cache=cache), __file__='k.py', __name__='k')
    monkeypatch.setattr(contract, '_jobs', lambda *a: [(km, 'kern', ())])
    monkeypatch.setattr(contract, 'helper_module', lambda: km)
    contract.compile_ahead([], [], ())
    assert len(spawned) == (1 if env is None else 0)


def test_a_kernel_called_by_address_and_refused_for_other_types():
    """pyhoc.sim.kcall calls a compiled kernel through its (tag, address) pair: the call
    does the kernel's work; a pair made for other argument types raises, never calls."""
    from numba import njit, typeof
    from pyhoc.sim import contract
    from pyhoc.sim.kcall import kcall

    @njit(no_cpython_wrapper=True)
    def kern(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
        for j in range(node.shape[0]):
            rhs[node[j]] -= data[0, j] * (v[node[j]] - glob[0]) + ions[0][0, ix[0, j]]
        return 2

    @njit
    def call(a, t, dt, v, rhs, area, m):
        return kcall(a, 0, t, dt, v, rhs, area, m[0], m[1], m[2], m[3], m[4], m[5], m[6])

    v, rhs, area = np.array([1., 2., 3.]), np.zeros(3), np.ones(3)
    args = (np.array([0, 2]), np.array([[2., 3.]]), np.zeros(2),
            np.zeros((1, 2), dtype=np.intp), (np.array([[.5]]),), np.array([1.]),
            np.zeros((0, 0)))
    head = contract.head_types(v, rhs, area)
    a = np.array(contract._address(kern, head + tuple(typeof(x) for x in args)),
                 dtype=np.int64)
    assert call(a, 0., .025, v, rhs, area, args) == 2
    assert rhs.tolist() == [-(2. * 0. + .5), 0., -(3. * 2. + .5)]
    a[0] += 1
    with pytest.raises(RuntimeError, match='not compiled for'):
        call(a, 0., .025, v, rhs, area, args)
    assert rhs.tolist() == [-.5, 0., -6.5]          # (not called)


def test_a_caught_call_gives_the_error_code_for_a_raise_or_other_types():
    """kcall_caught (the compiled loop's kernel calls) returns the kernel's result, and
    ERROR_CODE where the kernel raised or the pair was made for other types (never called);
    the loop's text has no try block (numba compiled it ten times slower)."""
    from numba import njit, typeof
    from pyhoc.sim import contract
    from pyhoc.sim.kcall import kcall_caught

    @njit(no_cpython_wrapper=True)
    def kern(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
        if glob[0] > 1.:
            raise ValueError('glob too large')
        rhs[node[0]] += 1.
        return 2

    @njit
    def call(a, t, dt, v, rhs, area, m):
        return kcall_caught(a, 0, t, dt, v, rhs, area, m[0], m[1], m[2], m[3], m[4], m[5], m[6])

    v, rhs, area = np.zeros(2), np.zeros(2), np.ones(2)
    glob = np.array([0.])
    args = (np.array([1]), np.zeros((1, 1)), np.zeros(1), np.zeros((1, 1), dtype=np.intp),
            (np.zeros((1, 1)),), glob, np.zeros((0, 0)))
    head = contract.head_types(v, rhs, area)
    a = np.array(contract._address(kern, head + tuple(typeof(x) for x in args)),
                 dtype=np.int64)
    assert call(a, 0., .025, v, rhs, area, args) == 2 and rhs.tolist() == [0., 1.]
    glob[0] = 5.
    assert call(a, 0., .025, v, rhs, area, args) == contract.ERROR_CODE == 3
    glob[0] = 0.
    a[0] += 1
    assert call(a, 0., .025, v, rhs, area, args) == contract.ERROR_CODE
    assert rhs.tolist() == [0., 1.]          # (not called)
    assert 'try:' not in contract._loop_source() and 'kcall_caught(' in contract._loop_source()


def test_one_kernel_module_per_mechanism_for_every_set_and_one_loop(linch):
    """A mechanism's kernels live in one generated module whatever model has it (numba's
    cache of them serves every model), the compiled loop in one module for all."""
    from pyhoc.sim import contract
    one = _cell(linch)
    km = contract.kernel_module(one.mt)
    two = Model()
    register_mechanism(two, linch.LinCh)
    assert contract.kernel_module(two.mech_types['linch']) is km
    assert km.__name__.startswith('pyhoc_k_') and hasattr(km, linch.linch_cur.__name__)
    lm = contract.loop_module()
    assert lm is contract.loop_module() and 'mech_currents_text' not in open(lm.__file__).read()


def test_borrowed_records_read_in_place():
    """kcall.borrow: the same array without its reference (writes reach the owner's data);
    items_of/item_at read a typed List's items in place, as a getitem does."""
    from numba import njit
    from numba.typed import List
    from pyhoc.sim.kcall import borrow, item_at, items_of

    @njit
    def records(xs, ys):
        own = List()
        for i in range(len(xs)):
            own.append((borrow(xs[i]), borrow(ys[i]), i))
        return own

    @njit
    def total(own):
        b = items_of(own)
        s = 0.
        for i in range(len(own)):
            r = item_at(b, own, i)
            r[0][0] += 1.
            s += r[0].sum() * r[2] + r[1][0, 1]
        return s

    from numba.typed import List as TList
    xs = TList([np.array([1., 2.]), np.array([3., 4., 5.])])
    ys = TList([np.array([[0., 10.]]), np.array([[0., 20.]])])
    own = records(xs, ys)
    assert total(own) == (2. + 2.) * 0 + 10. + (4. + 4. + 5.) * 1 + 20.
    assert xs[0].tolist() == [2., 2.] and xs[1].tolist() == [4., 4., 5.]
    assert own[1][0].tolist() == [4., 4., 5.]     # (boxed: the owner's NumPy array)


def test_generated_text_that_does_not_compile_is_not_cached(tmp_path):
    from pyhoc.sim.contract import import_source
    path = tmp_path / 'pyhoc_k_broken.py'
    with pytest.raises(SyntaxError):
        import_source('pyhoc_k_broken', str(path), 'def f(:\n    return 0\n')
    assert not path.exists() and 'pyhoc_k_broken' not in sys.modules
    mod = import_source('pyhoc_k_broken', str(path), 'def f():\n    return 7\n')
    assert mod.f() == 7 and path.read_text().startswith('def f():')
    sys.modules.pop('pyhoc_k_broken', None)


def test_remembered_names_follow_the_source(tmp_path, monkeypatch):
    """A generated module's name is remembered across processes (names/) under what its
    text is made of: the same as made from the text, and made again (another name) once a
    function's file changes."""
    from pyhoc.sim import contract
    monkeypatch.setenv('PYHOC_CACHE_DIR', str(tmp_path))
    monkeypatch.setattr(contract, '_MEMO', {})
    src = tmp_path / 'remembered_kernels.py'

    def name_of(body: str):
        text = 'def kern(x):\n    return %s\n' % body
        if not src.exists() or src.read_text() != text:
            src.write_text(text)
            linecache.checkcache(str(src))      # (a new process would read it afresh)
        spec = importlib.util.spec_from_file_location('remembered_kernels', src)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        col = contract._Collector()
        col.add(mod.kern)
        made = []
        got = contract._remembered_name('pyhoc_t_', col, '',
                                        lambda: made.append(1) or col.text())
        return got, contract._module_name('pyhoc_t_', col.text()), bool(made)

    a, a_text, made = name_of('x + 1')
    assert a == a_text and made
    assert name_of('x + 1')[::2] == (a, False)      # (remembered: no text made)
    monkeypatch.setattr(contract, '_MEMO', {})
    assert name_of('x + 1')[::2] == (a, False)      # (read back from names/)
    b, b_text, made = name_of('x + 10')
    assert b == b_text != a and made
