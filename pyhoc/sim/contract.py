"""The mechanism contract: one description and one kernel set per mechanism, one path for all.

A mechanism is a :class:`~pyhoc.sim.mechanisms.base.MechanismType` subclass whose class
attributes are its declarative spec (``parameters``, ``assigned``, ``states``, ``globals``,
``ions`` with ``ion_use`` read/write codes, ``electrode_current``, ``pointers``, ``tables``,
``functions``, ``net_receive_nargs``...; see the base class) and whose ``kernels`` attribute is a
:class:`Kernels`: plain Python functions over the block's arrays, written once, in nocmodl's
expression shapes.  Every kernel has one calling convention::

    init/cur/state(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab) -> int
    ode(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab, ydot, diag, off) -> int

``v, rhs, area`` are the model's node arrays; ``node`` each instance's node; ``data`` the
block's (nvar, n) array, one row per variable in ``all_defaults()`` order (row numbers come
from :func:`rows`); ``g`` the block's conductance (nocmodl's ``_g``: ``cur`` stores dI/dv there,
the caller adds it to the diagonal); ``ix[k, j]`` instance j's index in the block of ion
``ions[k]`` (that ion block's ``data``, rows ``ION_*`` of :mod:`.mechanisms.ions`); ``glob``
(1-D) and ``tab`` (2-D) what ``mt.kernel_globals()`` hands the kernels (globals, celsius, rate
tables).  ``cur`` subtracts the current from ``rhs`` (adds it for an electrode current, point
currents scaled by 1e2/area: :func:`density_onto`, :func:`point_onto`).  ``ode`` writes
d(state)/dt of state k, instance j to ``ydot[off + k*n + j]`` and its Jacobian diagonal to
``diag`` at the same place.  The return value is 0, :data:`FAIL` (a singular system: the step
stops with an error) or :data:`NOTIFY` (Python must look at the block after this step:
``mt.notify(blk)``, e.g. APCount's spike times into a Vector).  A mechanism without a kernel
has None there; NET_RECEIVE stays a per-instance Python method; ``at_times`` (CVode's
discontinuities) is a Python function of the block's arrays.  ``watch`` (same signature) tests
a mechanism's active WATCH conditions at a step's start and returns 1 where one crossed
upwards (:mod:`.watch`).  A mechanism with POINTERs (``pointers``) gets their targets through
the same arguments: ``ions[len(mt.ions)]`` is the list of source arrays and ``ix`` has two rows
per pointer after the ions' rows, the source's number and the index in it (:mod:`.pointers`).

The same functions serve three paths:

* the NumPy path: ``MechanismType``'s default ``initialize``/``current``/``advance``/
  ``derivatives_jacobian`` call the kernels as plain Python (a loop over instances); built-ins
  may override them with vectorised NumPy twins (tests check them against the kernels);
* the compiled fixed-step loop: each mechanism type's kernels, with every function and
  constant they reach (found from their code objects), are the text of one generated module
  (:func:`kernel_module`, named by the hash of that text; the helpers of this module, hoc_exp,
  density_onto..., come from one shared module, :func:`helper_module`), so numba compiles and
  caches each kernel once per machine, for every model and every set of mechanisms that has
  it.  ``run_steps`` (pyhoc.sim.kernels_numba) is generated once for all models
  (:func:`loop_module`): it takes, per kernel slot (cur, state, watch), a typed List of the
  records of the types with that kernel and instances, in NEURON's type order
  (:func:`loop_records`: the kernel arguments in one shape, the ions and POINTER sources as
  typed Lists, and the addresses), and calls each kernel by address (pyhoc.sim.kcall, numba's
  calling convention, checked against a tag of the argument types), building the kernel's
  own ``ions`` tuple of up to DIRECT_IONS ions itself, other shapes through the
  :func:`trampoline` of their ions' shape.
  Nothing is inlined across these calls, so no compilation links or optimises another
  function's code again, and a new model compiles only kernels it has not seen: cold, 30
  ``.mod`` mechanisms cost their kernels' compilation only (30 s CPU, was 55 s with one
  unrolled run_steps per set, half of it run_steps' own LLVM work on hundreds of tuple
  arguments).  The records' arrays are borrowed (kcall.borrow: no atomic reference counts)
  and read in place (kcall.item_at: no List getitem): ring-100's 10 µs steps cost ~2% more
  than with the kernels inlined (they cost 20% more with a List getitem, counted
  references and a trampoline per call), hh-axon's none.
  With a second core a worker process compiles the kernels from the last one backwards into
  numba's cache while this process compiles them from the first forwards
  (:func:`compile_ahead`, as ``make -j``).  All compiled without fastmath: bit-identical
  to the NumPy path and to NEURON.
* CVode's compiled steps and the local step: :func:`driver` generates, for the set of
  mechanism types a model has, one module with the driver pieces of
  :mod:`pyhoc.sim.cvode_numba` (``cv_run``) and :mod:`pyhoc.sim.lvardt_numba` (``lv_run``),
  each type's kernel calls written into them in NEURON's type order (direct calls, imported
  from the kernel modules: they keep the operation order), and ``mech_currents``/
  ``mech_odes`` for CVode's Python steps; it is made (and compiles) only when the variable
  step runs.  No function takes the mechanisms' whole tuple M (each use of a tuple-typed
  variable copies and reference-counts every array in it): the step loops take each type's
  tuple out of M once.  Measured and left out: numba-IR inlining of the kernels' helpers
  (``inline='always'``: slower, numba types each inlined body again).

So a new mechanism needs one module: its spec, its kernels, ``mt.kernel_globals()`` if it has
globals or tables, and a ``model.register_mechanism(cls)`` call.
"""
from __future__ import annotations

import importlib.util
import inspect
import math
import os
import sys
import textwrap
import types
from typing import Callable, Optional

import numpy as np

from . import backend, stepcompile

FAIL = 1            # kernel return: singular system (VClamp's simeq)
NOTIFY = 2          # kernel return: Python must see the block after this step (mt.notify)

EXP700 = math.exp(700.0)


class Kernels:
    """A mechanism's kernel set (None: the mechanism has no such block).  Immutable; a plain
    class rather than a frozen dataclass (importing dataclasses costs every process ~1 ms)."""

    FIELDS = ('init', 'cur', 'state', 'ode', 'at_times', 'watch')
    __slots__ = FIELDS
    # at_times: Python: arrays -> iterable of times (CVode); watch: WATCH conditions at a
    # step's start, 1 where one crossed upwards (pyhoc.sim.watch)

    def __init__(self, init: Optional[Callable] = None, cur: Optional[Callable] = None,
                 state: Optional[Callable] = None, ode: Optional[Callable] = None,
                 at_times: Optional[Callable] = None, watch: Optional[Callable] = None):
        for name, value in zip(self.FIELDS, (init, cur, state, ode, at_times, watch)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError('Kernels are immutable')

    def _values(self) -> tuple:
        return tuple(getattr(self, n) for n in self.FIELDS)

    def __eq__(self, other):
        return type(other) is Kernels and self._values() == other._values()

    def __hash__(self):
        return hash(self._values())

    def __reduce__(self):
        return Kernels, self._values()

    def __repr__(self):
        return 'Kernels(%s)' % ', '.join('%s=%r' % kv for kv in zip(self.FIELDS, self._values()))


def rows(cls, *names: str) -> tuple[int, ...]:
    """The data rows of ``cls``'s variables ``names`` (kernels' row constants)."""
    order = list(cls.all_defaults())
    return tuple(order.index(n) for n in names)


# ---------------------------------------------------------------- helpers kernels call
def hoc_exp(x):
    """NEURON's hoc_Exp: exp with 0 below -700 and exp(700) above 700 (libm exp)."""
    if x < -700.0:
        return 0.0
    if x > 700.0:
        return EXP700
    return math.exp(x)


def cnexp1(x, xinf, xtau, dt):
    """nocmodl's cnexp update of x' = (xinf - x)/xtau, in its exact expression shape."""
    a = -1.0 / xtau
    return x + (1. - hoc_exp(dt * a)) * (-(xinf / xtau) / a - x)


def density_onto(rhs, g, node, j, i_v, i_plus):
    """nocmodl's nrn_cur tail of a density mechanism: rhs -= I(v), g = dI/dv by the
    difference quotient (I(v+.001) - I(v))/.001."""
    rhs[node[j]] -= i_v
    g[j] = (i_plus - i_v) / .001


def point_onto(rhs, g, area, node, j, i_v, i_plus, electrode):
    """nocmodl's nrn_cur tail of a point process (currents in nA): scaled by
    mfact = 1e2/area; an ELECTRODE_CURRENT adds to rhs, others subtract."""
    nd = node[j]
    mfact = 1.e2 / area[nd]
    if electrode:
        rhs[nd] += i_v * mfact
    else:
        rhs[nd] -= i_v * mfact
    g[j] = ((i_plus - i_v) / .001) * mfact


def simeq(c, soln):
    """scopmath simeq on the n x (n+1) system c (partial pivoting by row index), solution
    into soln; False when singular."""
    n = c.shape[0]
    perm = np.empty(n, dtype=np.intp)
    for i in range(n):
        perm[i] = i
    isave = 0
    for j in range(n):
        ipivot = perm[j]
        for i in range(j + 1, n):
            jrow = perm[i]
            if abs(c[ipivot, j]) < abs(c[jrow, j]):
                ipivot = jrow
                isave = i
        if abs(c[ipivot, j]) < 1e-20:
            return False
        if ipivot != perm[j]:
            perm[isave] = perm[j]
            perm[j] = ipivot
        for kcol in range(j + 1, n + 1):
            c[ipivot, kcol] /= c[ipivot, j]
        for i in range(j + 1, n):
            r = perm[i]
            for kcol in range(j + 1, n + 1):
                c[r, kcol] -= c[ipivot, kcol] * c[r, j]
    for i in range(n - 1, -1, -1):
        r = perm[i]
        sv = c[r, n]
        for j in range(i + 1, n):
            sv -= c[r, j] * soln[j]
        soln[i] = sv
    return True


def lu_solve(a, b):
    """Solve a x = b in place (x into b) by Gaussian elimination without pivoting, the rows
    and columns already in pivot order (scopmath's sparse matsol: a caller that orders them as
    its minimum ordering gets its operations in its order); False when a pivot is <= 1e-20."""
    n = b.shape[0]
    for i in range(n):
        p = a[i, i]
        if abs(p) <= 1e-20:
            return False
        for k in range(i + 1, n):
            if a[k, i] != 0.0:
                r = a[k, i] / p
                b[k] -= b[i] * r
                for c in range(i + 1, n):
                    a[k, c] -= a[i, c] * r
    for i in range(n - 1, -1, -1):
        for c in range(i + 1, n):
            b[i] -= a[i, c] * b[c]
        b[i] /= a[i, i]
    return True


# ---------------------------------------------------------------- the block's arguments
_NO_ION = np.zeros((0, 0))


def kernel_args(mt, blk, glob=None):
    """The per-block kernel arguments (node, data, g, ix, ions, glob, tab) of ``blk``."""
    c = blk.cache.get('kernel_args')
    if c is None:
        node = np.ascontiguousarray(blk.node, dtype=np.intp)
        names = mt.ions
        if names:
            ix = np.ascontiguousarray(np.array([blk.ion_index[i] for i in names],
                                               dtype=np.intp).reshape(len(names), blk.n))
            blocks = mt.model.blocks
            ions = tuple(blocks[i + '_ion'].data for i in names)
        else:
            ix = np.zeros((0, blk.n), dtype=np.intp)
            ions = (_NO_ION,)
        c = blk.cache['kernel_args'] = (node, blk.data, blk.g, ix, ions)
    if mt.pointers:             # POINTER targets: one more ions element, two ix rows each
        from .pointers import kernel_part
        c = kernel_part(mt, blk, c)
    g, tab = mt.kernel_globals() if glob is None else glob
    return c + (g, tab)


def empty_args(mt):
    """kernel_args for a mechanism type with no instances in the model (the driver is shared
    by every model with the same mechanism types, inserted or not)."""
    c = mt.__dict__.get('_empty_kernel_args')
    if c is None:
        k = len(mt.all_defaults())
        ions = tuple(np.zeros((6, 0)) for _ in mt.ions) or (_NO_ION,)
        c = (np.zeros(0, dtype=np.intp), np.zeros((k, 0)), np.zeros(0),
             np.zeros((len(mt.ions), 0), dtype=np.intp), ions)
        mt.__dict__['_empty_kernel_args'] = c
    if mt.pointers:
        from .pointers import empty_part
        c = empty_part(mt, c)
    return c + tuple(mt.kernel_globals())


def run_python(mt, blk, which: str, t: float, dt: float) -> int:
    """A kernel run over the block from Python (finitialize, the step-by-step path): plain
    Python on the NumPy path; on numba's, once a driver with the kernel has run (its kernels
    are compiled or in numba's cache), the driver's compiled copy, not a Python loop over
    the instances (a translated .mod's INITIAL and BREAKPOINT at finitialize)."""
    fn = getattr(mt.kernels, which)
    m = mt.model
    args = (t, dt, m.v, m.rhs, m.area) + kernel_args(mt, blk)
    if backend.current() is not None:
        c = _compiled(fn) if _COMPILED else None
        if c is None and which != 'init':       # (the step-by-step path)
            c = stepcompile.compiled_after_use(mt, fn, blk.n)
        if c is not None:
            try:
                return _checked(mt, blk, c(*args))
            except Exception as e:      # (numba's typing or lowering error: Python then)
                if not type(e).__module__.startswith('numba'):
                    raise
                _COMPILED.pop(getattr(fn, 'py_func', fn), None)
    code = fn(*args)
    return _checked(mt, blk, code)


_COMPILED: dict = {}        # a kernel function -> [(its copy, its kernel module), ...]


def _compiled(fn):
    """``fn``'s compiled copy in a driver module that has run, or None."""
    for c, km in _COMPILED.get(getattr(fn, 'py_func', fn), ()):
        if km.__name__ in _RAN:
            return c
    return None


def _checked(mt, blk, code) -> int:
    if code == FAIL:
        raise ArithmeticError('simeq: singular matrix')
    if code == NOTIFY:
        mt.notify(blk)
    return code


def ode_python(mt, blk) -> tuple[list, list]:
    """The ode kernel as plain Python: (derivatives, Jacobian diagonal), one row per state."""
    m = mt.model
    k = len(mt.states)
    ydot = np.zeros(k * blk.n)
    diag = np.zeros(k * blk.n)
    mt.kernels.ode(m.t, m.dt, m.v, m.rhs, m.area, *kernel_args(mt, blk), ydot, diag, 0)
    n = blk.n
    return ([ydot[i * n:(i + 1) * n] for i in range(k)],
            [diag[i * n:(i + 1) * n] for i in range(k)])


# ---------------------------------------------------------------- the generated modules
_JIT = ("@njit(cache=True, fastmath=False, error_model='numpy', no_cfunc_wrapper=True)\n")
# inlined where called (numba IR): pyhoc.sim.cvode_numba's variants of mech_currents/odes
_JIT_INLINE = "@njit(inline='always', cache=True, fastmath=False, error_model='numpy')\n"
# what only compiled code calls: no CPython wrapper (numba compiles one for every function
# otherwise; the Python entries are run_steps and the loop module's list makers, cv_run,
# lv_run, lv_lists, mech_* and each kernel's entry for run_python: E_<its name>)
_JIT_INNER = ("@njit(cache=True, fastmath=False, error_model='numpy', "
              "no_cpython_wrapper=True, no_cfunc_wrapper=True)\n")
_ENTRIES = ('cv_run', 'lv_run', 'lv_lists')      # (the driver's)
_GENERATED = ('mech_currents', 'mech_odes', 'cv_mech_currents', 'cv_mech_odes')
# the kernels' helpers of this module: one shared module of them (:func:`helper_module`)
_HELPERS = ('hoc_exp', 'cnexp1', 'density_onto', 'point_onto', 'simeq', 'lu_solve')
SLOTS = ('cur', 'state', 'watch')   # run_steps' kernels, by address: kernel_addrs' order


def _last_line(code) -> int:
    """The last source line of ``code`` and the code nested in it."""
    last = max((p[1] for p in code.co_positions() if p[1] is not None),
               default=code.co_firstlineno)
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            last = max(last, _last_line(c))
    return last


def _source(fn) -> str:
    """``fn``'s source text without its decorators: its lines as its code object places
    them (inspect.getsource's text without tokenizing the file: every process generating a
    module reads a few hundred functions)."""
    import linecache
    fn = getattr(fn, 'py_func', fn)
    code = fn.__code__
    lines = linecache.getlines(code.co_filename)
    if lines:
        src = textwrap.dedent(''.join(lines[code.co_firstlineno - 1:_last_line(code)]))
    else:
        src = textwrap.dedent(inspect.getsource(fn))
    lines = src.splitlines(True)
    while lines and lines[0].lstrip().startswith('@'):
        lines.pop(0)
    return ''.join(lines)


def _names(code) -> set:
    out = set(code.co_names)
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            out |= _names(c)
    return out


class _Collector:
    """The functions and constants that a set of functions reaches, as source text; those in
    ``shared`` (a function -> the generated module that has it) are imported from there."""

    def __init__(self, entries=(), shared=None):
        self.funcs: dict[str, object] = {}
        self.consts: dict[str, object] = {}
        self.order: list[str] = []
        self.entries: set[str] = set(entries)     # called from Python: with a wrapper
        self.shared = shared or {}
        self.imports: dict[str, list] = {}

    def add(self, fn) -> None:
        fn = getattr(fn, 'py_func', fn)
        name = fn.__name__
        have = self.funcs.get(name)
        if have is not None:
            if have is not fn:
                raise ValueError('mechanism kernels: two functions named %s' % name)
            return
        self.funcs[name] = fn
        home = self.shared.get(fn)
        if home is not None:
            self.imports.setdefault(home, []).append(name)
            return
        g = fn.__globals__
        for nm in sorted(_names(fn.__code__)):
            if nm in _GENERATED or nm not in g:
                continue
            obj = g[nm]
            if isinstance(obj, types.ModuleType) or isinstance(obj, type):
                continue
            if callable(obj) and hasattr(getattr(obj, 'py_func', obj), '__code__'):
                self.add(obj)
            elif isinstance(obj, (bool, int, float)) and not isinstance(obj, np.ndarray):
                have = self.consts.get(nm, obj)
                if have != obj and not (have != have and obj != obj):
                    raise ValueError('mechanism kernels: two constants named %s' % nm)
                self.consts[nm] = obj
        self.order.append(name)

    def text(self) -> str:
        out = ['from %s import %s\n' % (m, ', '.join(sorted(ns)))
               for m, ns in sorted(self.imports.items())]
        for nm in sorted(self.consts):
            x = self.consts[nm]
            if isinstance(x, float) and not math.isfinite(x):
                x = "float('%r')" % x
            else:
                x = repr(x)
            out.append('%s = %s\n' % (nm, x))
        out.append('\n')
        for nm in self.order:
            out.append('\n' + (_JIT if nm in self.entries else _JIT_INNER) +
                       _source(self.funcs[nm]))
        return ''.join(out)


_HEAD = 'import math\nimport numpy as np\nfrom numba import njit\n'


def _load(prefix: str, src: str):
    """The generated module of text ``src``, named by its hash (with numba's and Python's
    versions: numba's cache of a function keys on its file, so the name is the key)."""
    import hashlib      # (here: it loads OpenSSL, and the NumPy path never needs it)
    import numba
    h = hashlib.sha256((src + numba.__version__ + sys.version).encode()).hexdigest()[:20]
    name = prefix + h
    mod = sys.modules.get(name)
    if mod is None:
        d = cache_dir()
        os.makedirs(d, exist_ok=True)
        mod = import_source(name, os.path.join(d, name + '.py'), src)
    return mod


_HELPER_MOD: list = []


def helper_module():
    """The generated module of this module's kernel helpers (hoc_exp, density_onto...): every
    kernel module imports them from it, so each compiles once, not once per mechanism."""
    if not _HELPER_MOD:
        col = _Collector()
        for nm in _HELPERS:
            col.add(globals()[nm])
        _HELPER_MOD.append(_load('pyhoc_kh_', '# generated by pyhoc.sim.contract: the '
                                 'kernels\' helpers\n' + _HEAD + col.text()))
    return _HELPER_MOD[0]


_KMODS: dict = {}


def kernel_module(mt):
    """The generated module of ``mt``'s kernels and every function and constant they reach
    (the shared helpers imported from :func:`helper_module`), named by the hash of its text:
    compiled and cached by numba per kernel, so any model set with this mechanism reuses it."""
    key = (type(mt), mt.kernels)
    mod = _KMODS.get(key)
    if mod is None:
        mod = _KMODS[key] = _kernel_module(mt)
    for fn in (mt.kernels.init, mt.kernels.cur, mt.kernels.state):   # (run_python's copies)
        if fn is not None:
            fn = getattr(fn, 'py_func', fn)
            if fn not in _COMPILED:
                _COMPILED[fn] = [(getattr(mod, 'E_' + fn.__name__), mod)]
    return mod


def _kernel_module(mt):
    """kernel_module's module, generated (or found by its hash) and imported."""
    hm = helper_module()
    col = _Collector(shared={globals()[nm]: hm.__name__ for nm in _HELPERS})
    K = mt.kernels
    for fn in (K.init, K.cur, K.state, K.ode if mt.states else None, K.watch):
        if fn is not None:
            col.add(fn)
    entries = ''.join('\n' + _JIT + _ENTRY % ((_kname(fn),) * 2)
                      for fn in (K.init, K.cur, K.state) if fn is not None)
    return _load('pyhoc_k_', '# generated by pyhoc.sim.contract: the kernels of %s\n'
                 % mt.name + _HEAD + col.text() + entries)


# a kernel called from Python (run_python, stepcompile): its own function with a CPython
# wrapper, compiled only when Python calls it (the kernels themselves have none: the loop
# calls them by address, and a wrapper costs about a third of a kernel's compilation)
_ENTRY = ('def E_%s(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):\n'
          '    return %s(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab)\n')


def _kname(fn) -> str:
    return getattr(fn, 'py_func', fn).__name__


# ---------------------------------------------------------------- the generated driver
def _call(m: int, part: str, extra: str = '') -> str:
    return 'k%d_%s(t, dt, v, rhs, area, %s%s)' % (
        m, part, ', '.join('m%d_[%d]' % (m, k) for k in range(7)), extra)


def _guard(m: int) -> str:
    return '    if m%d_[0].shape[0]:\n' % m      # (no call for a type without instances)


def _bodies(mtypes) -> tuple:
    """Each mechanism's lines of mech_currents, mech_odes and the variable step's
    after_cvode procedures without a STATE, one list each of (type number, lines), written
    over ``m<k>_``, type k's tuple of M, its kernels called by name (``k<m>_<part>``,
    imported from its kernel module)."""
    cur, ode, non = [], [], []
    for m, mt in enumerate(mtypes):
        K = mt.kernels
        if K.cur is not None:
            lines = [_guard(m), '        code = max(code, %s)\n' % _call(m, 'cur')]
            if not mt.is_ion:
                lines.append('        node, g = m%d_[0], m%d_[2]\n' % (m, m))
                lines.append('        for j in range(node.shape[0]):\n')
                if mt.point and mt.electrode_current:
                    i_row = rows(type(mt), 'i')[0]
                    lines.append('            nd = node[j]\n'
                                 '            d[nd] -= g[j]\n'
                                 '            if sav_rhs.shape[0]:\n'
                                 '                sav_rhs[nd] += m%d_[1][%d, j] * (1.e2 / area[nd])\n'
                                 '                sav_d[nd] -= g[j]\n' % (m, i_row))
                else:
                    lines.append('            d[node[j]] += g[j]\n')
            cur.append((m, lines))
        if K.state is not None and mt.has_state and (K.ode is None or not mt.states):
            non.append((m, [_guard(m),                  # (do_nonode: cv_run)
                            '        code = max(code, %s)\n' % _call(m, 'state')]))
        if K.ode is not None and mt.states:
            ode.append((m, [_guard(m), '        code = max(code, %s)\n'
                            % _call(m, 'ode', ', ydot, diag, offs[%d]' % m)]))
    return tuple([(m, [x for ln in lines for x in ln.splitlines(True)]) for m, lines in part]
                 for part in (cur, ode, non))


def _function(head: str, body) -> str:
    """A standalone mech_* function: each type's tuple taken out of M once, then the body."""
    out = [head]
    out.extend('    m%d_ = M[%d]\n' % (m, m) for m, _ in body)
    out.append('    code = 0\n')
    for _, lines in body:
        out.extend(lines)
    out.append('    return code\n')
    return ''.join(out)


def _cv_variant(head: str, body) -> str:
    """mech_currents or mech_odes as the variable step's compiled f inlines them
    (pyhoc.sim.cvode_numba): told which types have instances by ``present`` and taking
    the tuple of a type with instances only out of M (every tuple taken out counts a
    reference to each of its arrays, atomically)."""
    out = [head, '    code = 0\n']
    for m, lines in body:
        out.append('    if present[%d]:\n        m%d_ = M[%d]\n' % (m, m, m))
        out.extend(lines[1:])
    out.append('    return code\n')
    return ''.join(out)


def _expand(text: str, bodies: dict, ntypes: int) -> str:
    """The variable step's driver pieces' text for ``ntypes`` mechanism types: cv_run's
    (pyhoc.sim.cvode_numba) placeholder line ``cv_mech_tuples_text()`` takes each type's
    tuple out of M, a line ``cv_mech_<name>_text()`` becomes ``code = 0`` and the body of
    mech_<name> tested by ``present``, and lv_run's (pyhoc.sim.lvardt_numba)
    ``lv_mech_cut_text()`` cuts each type's tuple to one cell's instances, so that no step
    loop passes M to a function."""
    import re
    out = []
    for ln in text.splitlines(True):
        word = ln.strip()
        pad = ln[:len(ln) - len(ln.lstrip())]
        if word == 'cv_mech_tuples_text()':
            out.extend('%sm%d_ = M[%d]\n' % (pad, m, m) for m in range(ntypes))
            continue
        if word == 'lv_mech_cut_text()':       # (pyhoc.sim.lvardt_numba) one cell's part
            out.append('%sMc = (%s)\n' % (pad, ''.join(
                'cv_cut(M[%d], cut[c, %d], cut[c, %d]), ' % (m, 2 * m, 2 * m + 1)
                for m in range(ntypes))))
            continue
        mm = re.match(r'cv_mech_(\w+)_text\(\)$', word)
        if mm is None:
            out.append(ln)
            continue
        out.append(pad + 'code = 0\n')
        for m, lines in bodies[mm.group(1)]:
            for b in ['    if present[%d]:\n' % m] + lines[1:]:
                out.append(pad + b[4:])
    return ''.join(out)


def generate(mtypes, kmods=None) -> str:
    """The driver module's source for the mechanism types ``mtypes`` (in type order), their
    kernels imported from ``kmods`` (:func:`kernel_module` of each) and ``run_steps`` from
    :func:`loop_module`."""
    from . import cvode_numba, lvardt_numba
    if kmods is None:
        kmods = [kernel_module(mt) for mt in mtypes]
    col = _Collector(_ENTRIES)
    for fn in cvode_numba.DRIVER + lvardt_numba.DRIVER:
        col.add(fn)
    imports = ['from %s import run_steps\n' % loop_module().__name__]
    for m, (mt, km) in enumerate(zip(mtypes, kmods)):
        K = mt.kernels
        names = ['%s as k%d_%s' % (_kname(fn), m, part) for part, fn in
                 (('cur', K.cur), ('state', K.state), ('ode', K.ode if mt.states else None))
                 if fn is not None]
        if names:
            imports.append('from %s import %s\n' % (km.__name__, ', '.join(names)))
    cur, ode, non = _bodies(mtypes)
    bodies = {'currents': cur, 'odes': ode, 'nonode': non}
    h_cur = 'def mech_currents(t, dt, v, rhs, d, sav_rhs, sav_d, area, M):\n'
    h_ode = 'def mech_odes(t, dt, v, rhs, area, M, ydot, diag, offs):\n'
    head = ('# generated by pyhoc.sim.contract for: %s\n' % ', '.join(mt.name for mt in mtypes)
            + _HEAD + 'from numba.typed import List\nfrom pyhoc.sim.kcall import borrow_all\n'
            + ''.join(imports) + '\n')
    return (head + _expand(col.text(), bodies, len(mtypes)) +
            '\n' + _JIT + _function(h_cur, cur) +
            '\n' + _JIT + _function(h_ode, ode) +
            '\n' + _JIT_INLINE + _cv_variant(h_cur.replace('def ', 'def cv_').replace(
                ', M', ', M, present'), cur) +
            '\n' + _JIT_INLINE + _cv_variant(h_ode.replace('def ', 'def cv_').replace(
                ', M', ', M, present'), ode))


_DRIVERS: dict = {}


def cache_dir() -> str:
    d = os.environ.get('PYHOC_CACHE_DIR')
    if not d:
        base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'),
                                                                '.cache')
        d = os.path.join(base, 'pyhoc', 'drivers')
    return d


def driver(mtypes):
    """The driver module for the mechanism types ``mtypes`` (in type order): run_steps and
    the variable step's compiled pieces for them (nothing compiled yet)."""
    key = tuple((type(mt), mt.kernels) for mt in mtypes)
    mod = _DRIVERS.get(key)
    if mod is not None:
        return mod
    mod = _DRIVERS[key] = _load('pyhoc_drv_', generate(mtypes))
    return mod


# ---------------------------------------------------------------- the compiled loop
# run_steps' record of a mechanism type: its kernel arguments in one shape for every type
# (the ions as a typed List, the POINTER sources as another, empty without) and an int64
# array ``a``: the (tag, address) pairs of SLOTS' trampolines, then of their kernels
# (pyhoc.sim.kcall), then what the loop itself reads of the type
# ``a[A_DIRECT]``: k > 0 where run_steps builds the kernel's ions tuple of k ions itself and
# calls the kernel directly (the shapes up to DIRECT_IONS ions, no POINTERs), 0 through the
# trampoline
A_N, A_ION, A_ELECTRODE, A_IROW, A_DIRECT = 12, 13, 14, 15, 16
A_LEN = 17
DIRECT_IONS = 3


def _loop_body(part: str) -> str:
    """run_steps' text for its placeholder ``mech_<part>_text()``: every type of M's list
    for the part (the types with that kernel and instances, in type order), its kernel
    called through its trampoline by address, as the unrolled calls of mech_* do."""
    s = SLOTS.index({'currents': 'cur', 'states': 'state', 'watch': 'watch'}[part])
    out = ['code = 0\n',
           'L_ = M[%d]\n' % s,
           'n_ = len(L_)\n',
           'if n_:\n',
           '    b_ = items_of(L_)\n',
           'for mk_ in range(n_):\n',
           '    r_ = item_at(b_, L_, mk_)\n',
           '    a_ = r_[8]\n',
           '    nd_ = a_[%d]\n' % A_DIRECT]
    for k in range(1, DIRECT_IONS + 1):
        out += ['    %sif nd_ == %d:\n' % ('' if k == 1 else 'el', k),
                '        ionsL_ = r_[4]\n',
                '        code = max(code, kcall(a_, %d, t, dt, v, rhs, area, r_[0], r_[1], r_[2], '
                'r_[3], (%s,), r_[6], r_[7]))\n'
                % (s + len(SLOTS), ', '.join('ionsL_[%d]' % i for i in range(k)))]
    out += ['    else:\n',
            '        code = max(code, kcall(a_, %d, a_, %d, t, dt, v, rhs, area, r_[0], r_[1], '
            'r_[2], r_[3], r_[4], r_[5], r_[6], r_[7]))\n' % (s, s)]
    if part == 'currents':
        out += ['    if a_[%d] == 0:\n' % A_ION,
                '        node_, g_ = r_[0], r_[2]\n',
                '        if a_[%d] != 0:\n' % A_ELECTRODE,
                '            data_ = r_[1]\n',
                '            irow_ = a_[%d]\n' % A_IROW,
                '            for j in range(node_.shape[0]):\n',
                '                nd = node_[j]\n',
                '                d[nd] -= g_[j]\n',
                '                if sav_rhs.shape[0]:\n',
                '                    sav_rhs[nd] += data_[irow_, j] * (1.e2 / area[nd])\n',
                '                    sav_d[nd] -= g_[j]\n',
                '        else:\n',
                '            for j in range(node_.shape[0]):\n',
                '                d[node_[j]] += g_[j]\n']
    return ''.join(out)


_LOOP_EXTRA = '''

@njit(cache=True)
def make_list(xs):
    """A typed List of the items of the (reflected) list ``xs`` (made by cached code: one
    made from Python compiles its methods in every process)."""
    out = List()
    for x in xs:
        out.append(x)
    return out


@njit(cache=True)
def empty_like(x):
    """An empty typed List of items of x's type."""
    out = List()
    out.append(x)
    out.pop()
    return out


@njit(cache=True)
def borrowed_list(xs):
    """make_list of arrays, each borrowed (kcall.borrow): the caller keeps xs' arrays."""
    out = List()
    for x in xs:
        out.append(borrow(x))
    return out


@njit(cache=True)
def borrowed_records(recs):
    """A typed List of the records of ``recs`` (a typed List), every item borrowed: the
    loop takes them out each step without counting references (``recs`` keeps them)."""
    out = List()
    for r in recs:
        out.append((borrow(r[0]), borrow(r[1]), borrow(r[2]), borrow(r[3]), borrow(r[4]),
                    borrow(r[5]), borrow(r[6]), borrow(r[7]), borrow(r[8])))
    return out


@njit(cache=True)
def empty_sources():
    """An empty typed List of POINTER sources (a type without POINTERs)."""
    return List.empty_list(float64[::1])
'''
_LOOP_MOD: list = []


def loop_module():
    """The generated module of run_steps (pyhoc.sim.kernels_numba) over typed Lists of
    records of the mechanism types (:func:`loop_records`): its text does not depend on the
    mechanisms, so one compilation serves every model on the machine."""
    if not _LOOP_MOD:
        import re
        from . import kcall, kernels_numba as kn
        col = _Collector(('run_steps',))
        col.add(kn.run_steps)
        out = []
        for ln in col.text().splitlines(True):
            mm = re.match(r'mech_(\w+)_text\(\)$', ln.strip())
            if mm is None:
                out.append(ln)
                continue
            pad = ln[:len(ln) - len(ln.lstrip())]
            out.extend(pad + x for x in _loop_body(mm.group(1)).splitlines(True))
        _LOOP_MOD.append(_load('pyhoc_loop_', '# generated by pyhoc.sim.contract: the compiled '
                               'loop (kcall %d)\n' % kcall.VERSION + _HEAD +
                               'from numba import float64\nfrom numba.typed import List\n'
                               'from pyhoc.sim.kcall import borrow, item_at, items_of, kcall\n' + ''.join(out) +
                               _LOOP_EXTRA))
    return _LOOP_MOD[0]


_TRAMPS: dict = {}


def trampoline(nions: int, pointers: bool):
    """The trampoline of kernels with ``nions`` ions (and POINTERs): run_steps' record's
    arguments in the kernel's own shape (the ions' tuple), the kernel called by address.
    One per shape, compiled once per machine."""
    key = (nions, bool(pointers))
    f = _TRAMPS.get(key)
    if f is None:
        from . import kcall
        parts = ['ionsL[%d]' % i for i in range(nions)] + (['srcs'] if pointers else [])
        ions = '(%s,)' % ', '.join(parts or ['ionsL[0]'])
        src = ('# generated by pyhoc.sim.contract: a trampoline (kcall %d)\n' % kcall.VERSION +
               _HEAD + 'from pyhoc.sim.kcall import kcall\n\n\n' + _JIT_INNER +
               'def trampoline(a, s, t, dt, v, rhs, area, node, data, g, ix, ionsL, srcs, glob, '
               'tab):\n    return kcall(a, s + 3, t, dt, v, rhs, area, node, data, g, ix, %s, '
               'glob, tab)\n' % ions)
        f = _TRAMPS[key] = _load('pyhoc_kt_', src).trampoline
    return f


def head_types(v, rhs, area) -> tuple:
    """The numba types of a kernel's first five arguments (t, dt, v, rhs, area)."""
    from numba import typeof, types
    return (types.float64, types.float64, typeof(v), typeof(rhs), typeof(area))


def _jobs(mtypes, margs, head) -> list:
    """(kernel module, function name, signature) of each kernel run_steps calls (the
    types with instances), in the order this process compiles them: SLOTS-major."""
    from numba import typeof
    sigs = [head + tuple(typeof(x) for x in args) if args[0].shape[0] else None
            for args in margs]
    out = []
    for part in SLOTS:
        for mt, sig in zip(mtypes, sigs):
            fn = getattr(mt.kernels, part)
            if fn is not None and sig is not None:
                out.append((kernel_module(mt), _kname(fn), sig))
    return out


_RAN: set = set()       # the kernel modules whose kernels a run compiled (run_python's test)


def _address(disp, sig) -> tuple:
    """(tag, address) of ``disp`` compiled for ``sig`` (compiled now, or loaded from numba's
    cache), for pyhoc.sim.kcall."""
    from numba import types
    from .kcall import tag
    disp.compile(sig)
    cres = disp.overloads[sig]
    ret = types.unliteral(cres.signature.return_type)
    if ret != types.int64:
        raise TypeError('pyhoc: kernel %s returns %s, not an int' % (disp.py_func.__name__,
                                                                     ret))
    return tag(sig, ret), cres.library.get_pointer_to_function(cres.fndesc.llvm_func_name)


def _typed_list(lm, items, borrowed=False):
    """lm.make_list(items) (lm.borrowed_list) without numba's warning about the reflected
    list it reads once."""
    import warnings
    from numba.core.errors import NumbaPendingDeprecationWarning
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', NumbaPendingDeprecationWarning)
        return (lm.borrowed_list if borrowed else lm.make_list)(items)


def loop_records(mtypes, margs, head):
    """run_steps' M: for each of SLOTS, the typed List of the records of the types of
    ``mtypes`` with instances and that kernel (their kernel arguments ``margs``, in type
    order), every kernel it calls compiled now if numba's cache does not have it (in the
    order of :func:`_jobs`; a worker may compile from the other end: :func:`compile_ahead`).
    Returns (M, owners): M's records and the ions' Lists hold borrowed arrays and Lists
    (kcall.borrow: no reference counting each step), ``owners`` what keeps them alive."""
    from numba import typeof
    from numba.core import types as types_
    from .kcall import tag as kcall_tag
    lm = loop_module()
    done = {}
    for km, name, sig in _jobs(mtypes, margs, head):
        done[(km.__name__, name)] = _address(getattr(km, name), sig)
        _RAN.add(km.__name__)
    empty = None
    recs = []
    for mt, args in zip(mtypes, margs):
        node, data, g, ix, ions, glob, tab = args
        if not node.shape[0]:
            continue        # (no instance: nothing to call)
        ni = len(mt.ions)
        if mt.pointers:
            srcs = ions[ni]
        else:
            if empty is None:
                empty = lm.empty_sources()
            srcs = empty
        ionsL = _typed_list(lm, list(ions[:ni]) or [_NO_ION], borrowed=True)
        a = np.zeros(A_LEN, dtype=np.int64)
        rec = (node, data, g, ix, ionsL, srcs, glob, tab, a)
        a[A_N] = node.shape[0]
        a[A_ION] = int(bool(mt.is_ion))
        if mt.point and mt.electrode_current and not mt.is_ion:
            a[A_ELECTRODE] = 1
            a[A_IROW] = rows(type(mt), 'i')[0]
        km = kernel_module(mt)
        tsig = (typeof(a), typeof(0)) + head + tuple(typeof(x) for x in rec[:8])
        if not mt.pointers and max(ni, 1) <= DIRECT_IONS:
            a[A_DIRECT] = max(ni, 1)    # (its kernels' tags must then match run_steps' call)
            dsig = head + tuple(typeof(x) for x in rec[:4]) + (
                types_.UniTuple(typeof(ionsL).item_type, max(ni, 1)),) + \
                tuple(typeof(x) for x in rec[6:8])
        for k, part in enumerate(SLOTS):
            fn = getattr(mt.kernels, part)
            if fn is not None:
                a[2 * k + 6:2 * k + 8] = done[(km.__name__, _kname(fn))]
                if a[A_DIRECT] and a[2 * k + 6] != kcall_tag(dsig):
                    a[A_DIRECT] = 0
                a[2 * k:2 * k + 2] = _address(trampoline(ni, mt.pointers), tsig)
        recs.append(rec)
    dummy = recs[0] if recs else (
        np.zeros(0, dtype=np.intp), np.zeros((0, 0)), np.zeros(0),
        np.zeros((0, 0), dtype=np.intp), _typed_list(lm, [_NO_ION]), lm.empty_sources(),
        np.zeros(1), np.zeros((0, 0)), np.zeros(A_LEN, dtype=np.int64))
    t0 = typeof(dummy)
    for r in recs[1:]:
        if typeof(r) != t0:
            raise TypeError('pyhoc: kernel arguments of another type (%s, not %s)'
                            % (typeof(r), t0))
    own = tuple(_typed_list(lm, part) if part else lm.empty_like(dummy)
                for part in ([r for r in recs if r[8][2 * k + 1]] for k in range(len(SLOTS))))
    return tuple(lm.borrowed_records(L) for L in own), (own, margs)


# ---------------------------------------------------------------- compiling ahead
_AHEAD_SCRIPT = r"""
import importlib.util, os, pickle, sys
mods, jobs = pickle.load(sys.stdin.buffer)
for name, path in mods:
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
for name, fn, sig in jobs:
    d = getattr(sys.modules[name], fn)
    if os.path.exists(d._cache._cache_file._index_path):
        break               # the parent compiled this one: it did the rest before it too
    d.compile(sig)
"""
AHEAD_MIN = 8           # kernels to compile below which a second process is not worth it
_AHEAD: list = []       # the worker processes in flight
_MPI_ENV = ('PMI_RANK', 'PMI_SIZE', 'PMIX_RANK', 'OMPI_COMM_WORLD_SIZE')   # (set by mpiexec)


def compile_ahead(mtypes, margs, head) -> None:
    """A cold start on a machine with several cores, as ``make -j``: a worker process
    compiles the kernels run_steps calls into numba's disk cache from the last one backwards
    while this process compiles them from the first one forwards (:func:`kernel_addrs`) and
    loads the ones the worker has cached; the worker stops at the first kernel this process
    has cached.  Does nothing where fewer than AHEAD_MIN kernels are not cached yet, with one
    core or ``PYHOC_COMPILE_JOBS=1``, and in an MPI rank (the ranks have the cores already;
    a child of a rank is MPI's worry)."""
    if _AHEAD or os.environ.get('PYHOC_COMPILE_JOBS') == '1' or \
            (os.cpu_count() or 1) < 2 or any(k in os.environ for k in _MPI_ENV):
        return
    try:
        jobs = [(km, name, sig) for km, name, sig in _jobs(mtypes, margs, head)
                if not os.path.exists(getattr(km, name)._cache._cache_file._index_path)]
        if len(jobs) < AHEAD_MIN or not os.access(os.path.dirname(
                getattr(jobs[0][0], jobs[0][1])._cache._cache_file._index_path) or '.',
                os.W_OK):
            return
        mods = [helper_module()] + list({id(km): km for km, _, _ in jobs}.values())
        import pickle
        import subprocess
        p = subprocess.Popen([sys.executable, '-c', _AHEAD_SCRIPT], stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not _AHEAD:
            import atexit
            atexit.register(ahead_done)
        _AHEAD.append(p)
        p.stdin.write(pickle.dumps(([(m.__name__, m.__file__) for m in mods],
                                    [(km.__name__, name, sig) for km, name, sig in jobs[::-1]])))
        p.stdin.close()
    except Exception:       # (numba internals moved, no process: compile here only)
        return


def ahead_done() -> None:
    """run_steps has compiled: a worker still running has nothing left to do."""
    while _AHEAD:
        p = _AHEAD.pop()
        if p.poll() is None:
            p.kill()
        p.wait()


def import_source(name: str, path: str, src: str):
    """Import generated source ``src`` as module ``name`` from ``path``, writing the file
    first (atomically, so parallel processes never read half a file) when it is not there."""
    if not os.path.exists(path):
        tmp = '%s.%d.tmp' % (path, os.getpid())
        with open(tmp, 'w') as f:
            f.write(src)
        os.replace(tmp, path)
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    try:
        spec.loader.exec_module(mod)
    except BaseException:
        sys.modules.pop(name, None)     # (a half-run module would answer the next import)
        raise
    return mod
