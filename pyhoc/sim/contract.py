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
  :func:`trampoline` of their ions' shape.  Python calls it through ``run_c``, a C entry
  in the same module that makes those Lists from a descriptor of addresses and shapes
  (pyhoc.sim.fused); run_c, the kernels and the trampolines are numba's machine code, kept
  in pyhoc.sim.objload's store as numba makes them, so a later process loads them without
  importing numba (0.3 s CPU for a cached 30-.mod build and run, was 1.3 s).
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
import operator
import os
import sys
import textwrap
import types
from typing import Callable, Optional

import numpy as np

from . import backend, stepcompile

FAIL = 1            # kernel return: singular system (VClamp's simeq)
NOTIFY = 2          # kernel return: Python must see the block after this step (mt.notify)
ERROR_CODE = 3      # a kernel raised (pyhoc.sim.kcall.kcall_caught's result): the loop stops

EXP700 = math.exp(700.0)
KCALL_VERSION = 7   # pyhoc.sim.kcall's lowering, in the generated modules' text: bump with it


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


def empty_args(mt, glob=None):
    """kernel_args for a mechanism type with no instances in the model (the driver is shared
    by every model with the same mechanism types, inserted or not); ``glob``: as
    kernel_args'."""
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
    return c + tuple(mt.kernel_globals() if glob is None else glob)


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
        rng = mt.rng_slot >= 0      # (scopmath's generator: nmodl.runtime._Scop)
        if rng and c is not None:
            from ..base.rng import use_mcell_ran4
            if use_mcell_ran4():            # (compiled: the linear congruence only)
                c = None
        if c is not None:
            try:
                code = c(*args)
                if rng:
                    mt.rng_out()
                return _checked(mt, blk, code)
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


_END_LINE = operator.itemgetter(1)      # (a code position's end line)


def _last_line(code) -> int:
    """The last source line of ``code`` and the code nested in it."""
    last = max(filter(None, map(_END_LINE, code.co_positions())),
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
            if isinstance(obj, type) and issubclass(obj, Exception) and \
                    obj.__name__ == nm and '.' not in obj.__qualname__:
                ns = self.imports.setdefault(obj.__module__, [])   # an error a kernel raises
                if nm not in ns:                # (pyhoc.nmodl.runtime.ExecError)
                    ns.append(nm)
                continue
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

    def ident(self) -> str | None:
        """What :meth:`text` is made of, short of making it: the functions (their files'
        present state, their first lines), the constants, the imports; None where a
        function's file cannot be looked at."""
        files: dict = {}
        fns = []
        for nm, fn in self.funcs.items():
            code = fn.__code__
            f = code.co_filename
            if f not in files:
                try:
                    st = os.stat(f)
                except (OSError, ValueError):
                    return None
                files[f] = (len(files), st.st_mtime_ns, st.st_size)
            fns.append((nm, files[f][0], code.co_firstlineno))
        return repr((fns, self.order, sorted(self.entries),
                     sorted((k, repr(v)) for k, v in self.consts.items()),
                     sorted((m, sorted(ns)) for m, ns in self.imports.items()),
                     sorted(files.items())))

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


def _module_name(prefix: str, src: str) -> str:
    """The name of the generated module of text ``src``: its hash, with numba's and Python's
    versions (numba's cache of a function keys on its file, so the name is the key);
    numba's version read without importing it (pyhoc.sim.objload)."""
    from .objload import numba_version, sha256
    return prefix + sha256((src + numba_version() + sys.version).encode()).hexdigest()[:20]


_MEMO: dict = {}     # what a generated module's text is made of -> its name (names/)


def _remembered_name(prefix: str, col: _Collector, extra: str, source: Callable) -> str:
    """``_module_name(prefix, source())``, remembered across processes (the store's
    names/ folder, a file per key: a run reads only the keys it asks) under what the text is
    made of: ``col``'s :meth:`_Collector.ident`, ``extra``, this module's own file (the
    templates), the versions; so a process whose compiled code is all stored makes no
    module text."""
    ident = col.ident()
    if ident is None:
        return _module_name(prefix, source())
    from .objload import numba_version, sha256
    st = os.stat(__file__)
    key = prefix + sha256(repr((ident, extra, st.st_mtime_ns, st.st_size, numba_version(),
                                sys.version)).encode()).hexdigest()[:32]
    got = _MEMO.get(key)
    if got is not None:
        return got
    path = os.path.join(cache_dir(), 'names', key)
    try:
        with open(path) as f:
            got = f.read()
    except OSError:
        pass
    if got is None or not (got.startswith(prefix) and got.isidentifier()):
        got = _module_name(prefix, source())
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            tmp = '%s.%d.tmp' % (path, os.getpid())
            with open(tmp, 'w') as f:
                f.write(got)
            os.replace(tmp, path)
        except OSError:
            pass
    _MEMO[key] = got
    return got


def _load(prefix: str, src: str):
    """The generated module of text ``src``, named by :func:`_module_name`."""
    name = _module_name(prefix, src)
    mod = sys.modules.get(name)
    if mod is None:
        d = cache_dir()
        os.makedirs(d, exist_ok=True)
        mod = import_source(name, os.path.join(d, name + '.py'), src)
    return mod


_HELPER_MOD: list = []


def _helper_collector() -> _Collector:
    col = _Collector()
    for nm in _HELPERS:
        col.add(globals()[nm])
    return col


def _helper_source(col: _Collector | None = None) -> str:
    col = col or _helper_collector()
    return '# generated by pyhoc.sim.contract: the kernels\' helpers\n' + _HEAD + col.text()


def helper_module():
    """The generated module of this module's kernel helpers (hoc_exp, density_onto...): every
    kernel module imports them from it, so each compiles once, not once per mechanism."""
    if not _HELPER_MOD:
        _HELPER_MOD.append(_load('pyhoc_kh_', _helper_source()))
    return _HELPER_MOD[0]


_NAMES: dict = {}       # generated modules' names (by what they are made of); 'loop': loop_entry


def _named(key, prefix: str, collect: Callable, source: Callable, extra=lambda: '') -> str:
    """:func:`_remembered_name` of the module whose collector ``collect()`` makes and whose
    text ``source(col)`` makes (``extra()``: what else the text depends on), kept in this
    process under ``key``."""
    got = _NAMES.get(key)
    if got is None:
        col = collect()
        got = _NAMES[key] = _remembered_name(prefix, col, extra(), lambda: source(col))
    return got


def _helper_name() -> str:
    return _named('helpers', 'pyhoc_kh_', _helper_collector, _helper_source)


def kernel_module_name(mt) -> str:
    """The name of :func:`kernel_module`'s module for ``mt`` (its text made, not imported:
    numba stays unimported where the compiled code is served from pyhoc.sim.objload)."""
    helpers = _helper_name()
    return _named((type(mt), mt.kernels), 'pyhoc_k_', lambda: _kernel_collector(mt, helpers),
                  lambda col: _kernel_source(mt, helpers, col),
                  lambda: repr((mt.name, [_kname(fn) for fn in _entry_kernels(mt)])))


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
    return _load('pyhoc_k_', _kernel_source(mt, helper_module().__name__))


def _kernel_collector(mt, helpers: str) -> _Collector:
    col = _Collector(shared={globals()[nm]: helpers for nm in _HELPERS})
    K = mt.kernels
    for fn in (K.init, K.cur, K.state, K.ode if mt.states else None, K.watch):
        if fn is not None:
            col.add(fn)
    return col


def _entry_kernels(mt) -> list:
    K = mt.kernels
    return [fn for fn in (K.init, K.cur, K.state) if fn is not None]


def _kernel_source(mt, helpers: str, col: _Collector | None = None) -> str:
    """The text of ``mt``'s kernel module, the shared helpers imported from module
    ``helpers``."""
    col = col or _kernel_collector(mt, helpers)
    entries = ''.join('\n' + _JIT + _ENTRY % ((_kname(fn),) * 2)
                      for fn in _entry_kernels(mt))
    return ('# generated by pyhoc.sim.contract: the kernels of %s\n' % mt.name + _HEAD +
            col.text() + entries)


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
    kernels imported from ``kmods`` (:func:`kernel_module` of each)."""
    from . import cvode_numba, lvardt_numba
    if kmods is None:
        kmods = [kernel_module(mt) for mt in mtypes]
    col = _Collector(_ENTRIES)
    for fn in cvode_numba.DRIVER + lvardt_numba.DRIVER:
        col.add(fn)
    imports = []
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


_CACHE_DIRS: dict = {}


def cache_dir() -> str:
    """The folder of generated modules and stored objects: $PYHOC_CACHE_DIR, else
    pyhoc/drivers in the user's cache folder (asked many times a run: kept by what decides
    it)."""
    env = os.environ
    k = (env.get('PYHOC_CACHE_DIR'), env.get('XDG_CACHE_HOME'), env.get('HOME'))
    d = _CACHE_DIRS.get(k)
    if d is None:
        d = k[0]
        if not d:
            base = k[1] or os.path.join(os.path.expanduser('~'), '.cache')
            d = os.path.join(base, 'pyhoc', 'drivers')
        _CACHE_DIRS[k] = d
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
    call = 'kcall' if part == 'watch' else 'kcall_caught'   # (a raise: code ERROR_CODE, out)
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
                '        code = max(code, %s(a_, %d, t, dt, v, rhs, area, r_[0], r_[1], r_[2], '
                'r_[3], (%s,), r_[6], r_[7]))\n'
                % (call, s + len(SLOTS), ', '.join('ionsL_[%d]' % i for i in range(k)))]
    out += ['    else:\n',
            '        code = max(code, %s(a_, %d, a_, %d, t, dt, v, rhs, area, r_[0], r_[1], '
            'r_[2], r_[3], r_[4], r_[5], r_[6], r_[7]))\n' % (call, s, s)]
    if call == 'kcall_caught':
        out += ['    if code == %d:\n' % ERROR_CODE,
                '        break\n']
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

F1, F2, I1, I2 = float64[::1], float64[:, ::1], int64[::1], int64[:, ::1]
LF1, LF2 = ListType(F1), ListType(F2)
REC = Tuple((I1, F2, F1, I2, LF2, LF1, F1, F2, I1))
LREC = ListType(REC)
# what run_c keeps from one call to the next while its descriptor is the same (records' Lists,
# the source, play y and t Lists, and the Lists the records borrow)
KEPT = Tuple((LREC, LREC, LREC, LF1, LF1, LF1, ListType(LF2), ListType(LF1)))
LKEPT = ListType(KEPT)
# run_steps' signature as run_c calls it (compiled on its own: pyhoc.sim.contract.loop_entry)
RS_RET = Tuple((int64, int64, float64, int64))
RS_ARGS = (int64, float64, float64, int64, float64, boolean, float64, int64, int64,
           Tuple((F1, F1, F1, F1, F1, I1, F1)), int64, Tuple((I1, F1, F1)),
           Tuple((LREC, LREC, LREC)), Tuple((I1, F1, boolean[::1], I1)),
           Tuple((LF1, I1, I1, F2, F1)), Tuple((F1, F1, F1)),
           Tuple((LF1, I1, I1, LF1, LF1, I1, I1, I1)))


@njit(cache=True, fastmath=False, error_model='numpy', no_cpython_wrapper=True,
      no_cfunc_wrapper=True)
def _arrays(I, c):
    """The float64 1-d arrays of descriptor I from position c (a count, then address and
    length each) as a typed List, and the position after them."""
    n = I[c]
    c += 1
    out = List.empty_list(F1)
    for k in range(n):
        out.append(carray(f8_pointer(I[c]), (I[c + 1],)))
        c += 2
    return out, c


@njit(cache=True, fastmath=False, error_model='numpy', no_cpython_wrapper=True,
      no_cfunc_wrapper=True)
def _records(I, c):
    """The records' Lists per kernel slot from position c of descriptor I, and the Lists
    they borrow (ions, POINTER sources)."""
    keep_i = List.empty_list(LF2)       # (the records hold these borrowed)
    keep_s = List.empty_list(LF1)
    L0 = List.empty_list(REC)
    L1 = List.empty_list(REC)
    L2 = List.empty_list(REC)
    nrec = I[c]
    c += 1
    for r in range(nrec):
        node = carray(i8_pointer(I[c]), (I[c + 1],))
        data = carray(f8_pointer(I[c + 2]), (I[c + 3], I[c + 4]))
        g = carray(f8_pointer(I[c + 5]), (I[c + 6],))
        ix = carray(i8_pointer(I[c + 7]), (I[c + 8], I[c + 9]))
        c += 10
        ionsL = List.empty_list(F2)
        for k in range(I[c]):
            ionsL.append(carray(f8_pointer(I[c + 1]), (I[c + 2], I[c + 3])))
            c += 3
        c += 1
        psrc, c = _arrays(I, c)
        glob = carray(f8_pointer(I[c]), (I[c + 1],))
        tab = carray(f8_pointer(I[c + 2]), (I[c + 3], I[c + 4]))
        a = carray(i8_pointer(I[c + 5]), (I[c + 6],))
        c += 7
        keep_i.append(ionsL)
        keep_s.append(psrc)
        r_ = (node, data, g, ix, borrow(ionsL), borrow(psrc), glob, tab, a)
        if a[1] != 0:
            L0.append(r_)
        if a[3] != 0:
            L1.append(r_)
        if a[5] != 0:
            L2.append(r_)
    return L0, L1, L2, keep_i, keep_s


@cfunc(void(CPointer(int64), int64, CPointer(float64)), cache=True, error_model='numpy')
def run_c(ip, ni, fp):
    """run_steps through the C ABI (pyhoc.sim.fused calls it by address, numba's compiled
    copy or pyhoc.sim.objload's): its arrays from descriptor ``ip`` (fused._Descriptor's
    layout: addresses and shapes), its scalars from ``ip``'s head and ``fp``; the results
    into ``ip[6:9]`` (status, steps, down-crossings) and ``fp[4]`` (t).  run_steps is
    called by address (``ip[10:12]``: its tag and address, kcall.call_at), compiled on its
    own: linked in here, LLVM would optimise its code again (3% slower steps).
    The typed Lists made of the descriptor are kept for the next call with the same
    descriptor (its last element: their handle, 0 until made; a model whose HOC advance()
    calls fadvance() comes here every step, and making 27 types' Lists took ~40 µs of
    each); a call with ``ip[0]`` < 0 lets them go instead (the descriptor is dropped)."""
    I = carray(ip, (ni,))
    F = carray(fp, (5,))
    h = I[ni - 1]
    if I[0] < 0:
        if h != 0:
            list_free(h, LKEPT)
            I[ni - 1] = 0
        return
    c = HEAD_LEN
    tree = (carray(f8_pointer(I[c]), (I[c + 1],)), carray(f8_pointer(I[c + 2]), (I[c + 3],)),
            carray(f8_pointer(I[c + 4]), (I[c + 5],)), carray(f8_pointer(I[c + 6]), (I[c + 7],)),
            carray(f8_pointer(I[c + 8]), (I[c + 9],)), carray(i8_pointer(I[c + 10]), (I[c + 11],)),
            carray(f8_pointer(I[c + 12]), (I[c + 13],)))
    c += 14
    cap = (carray(i8_pointer(I[c]), (I[c + 1],)), carray(f8_pointer(I[c + 2]), (I[c + 3],)),
           carray(f8_pointer(I[c + 4]), (I[c + 5],)))
    c += 6
    thr = (carray(i8_pointer(I[c]), (I[c + 1],)), carray(f8_pointer(I[c + 2]), (I[c + 3],)),
           carray(b1_pointer(I[c + 4]), (I[c + 5],)), carray(i8_pointer(I[c + 6]), (I[c + 7],)))
    c += 8
    fim = (carray(f8_pointer(I[c]), (I[c + 1],)), carray(f8_pointer(I[c + 2]), (I[c + 3],)),
           carray(f8_pointer(I[c + 4]), (I[c + 5],)))
    c += 6
    c_srcs = c
    c += 1 + 2 * I[c]
    rec_ix = (carray(i8_pointer(I[c]), (I[c + 1],)), carray(i8_pointer(I[c + 2]), (I[c + 3],)),
              carray(f8_pointer(I[c + 4]), (I[c + 5], I[c + 6])),
              carray(f8_pointer(I[c + 7]), (I[c + 8],)))
    c += 9
    c_ys = c
    c += 1 + 2 * I[c]
    c_tvs = c
    c += 1 + 2 * I[c]
    play_ix = (carray(i8_pointer(I[c]), (I[c + 1],)), carray(i8_pointer(I[c + 2]), (I[c + 3],)),
               carray(i8_pointer(I[c + 4]), (I[c + 5],)),
               carray(i8_pointer(I[c + 6]), (I[c + 7],)), carray(i8_pointer(I[c + 8]), (I[c + 9],)))
    c += 10
    if h == 0:
        srcs, _ = _arrays(I, c_srcs)
        ys, _ = _arrays(I, c_ys)
        tvs, _ = _arrays(I, c_tvs)
        L0, L1, L2, keep_i, keep_s = _records(I, c)
        box = List.empty_list(KEPT)
        box.append((L0, L1, L2, srcs, ys, tvs, keep_i, keep_s))
        I[ni - 1] = list_keep(box)
    else:
        box = list_kept(h, LKEPT)
    K = box[0]
    srcs = K[3]
    rec = (srcs, rec_ix[0], rec_ix[1], rec_ix[2], rec_ix[3])
    play = (srcs, play_ix[0], play_ix[1], K[4], K[5], play_ix[2], play_ix[3], play_ix[4])
    status, steps, t, ndc = call_at(I[10], I[11], RS_RET, I[0], F[0], F[1], I[1], F[2],
                                    I[2] != 0, F[3], I[3], I[4], tree, I[5], cap,
                                    (K[0], K[1], K[2]), thr, rec, fim, play)
    I[6] = status
    I[7] = steps
    I[8] = ndc
    I[9] = len(K[6]) + len(K[7])
    F[4] = t
'''
HEAD_LEN = 12       # run_c's descriptor: nmax, secondorder, skip, group, phase, ncell, 4 out,
#                     run_steps' tag and address
_LOOP_MOD: list = []


def _loop_collector() -> _Collector:
    from . import kernels_numba as kn
    col = _Collector(())
    col.add(kn.run_steps)
    return col


def _loop_source(col: _Collector | None = None) -> str:
    import re
    col = col or _loop_collector()
    out = []
    for ln in col.text().splitlines(True):
        mm = re.match(r'mech_(\w+)_text\(\)$', ln.strip())
        if mm is None:
            out.append(ln)
            continue
        pad = ln[:len(ln) - len(ln.lstrip())]
        out.extend(pad + x for x in _loop_body(mm.group(1)).splitlines(True))
    return ('# generated by pyhoc.sim.contract: the compiled loop (kcall %d)\n' % KCALL_VERSION
            + _HEAD + 'from numba import boolean, carray, cfunc, float64, int64, void\n'
            'from numba.types import CPointer, ListType, Tuple\nfrom numba.typed import List\n'
            'from pyhoc.sim.kcall import b1_pointer, borrow, call_at, f8_pointer, i8_pointer, '
            'item_at, items_of, kcall, kcall_caught, list_free, list_keep, list_kept\n'
            'HEAD_LEN = %d\n' % HEAD_LEN + ''.join(out) + _LOOP_EXTRA)


def loop_module():
    """The generated module of run_steps (pyhoc.sim.kernels_numba) over typed Lists of
    records of the mechanism types, and of run_c, its C entry (made of a descriptor of the
    arrays: pyhoc.sim.fused): its text does not depend on the mechanisms, so one
    compilation serves every model on the machine."""
    if not _LOOP_MOD:
        _LOOP_MOD.append(_load('pyhoc_loop_', _loop_source()))
    return _LOOP_MOD[0]


def loop_entry() -> tuple:
    """(run_c's address, run_steps' tag and address) of :func:`loop_module`: loaded from
    pyhoc.sim.objload's store without numba where it has them, else compiled (or loaded)
    by numba and stored."""
    got = _NAMES.get('loop')
    if got is None:
        from . import objload
        name = _loop_name()
        c = objload.load('run_c|' + name)
        r = objload.load('run_steps|' + name)
        if c is None or r is None:
            lm = loop_module()
            cf = lm.run_c
            _store('run_c|' + name, cf._library, cf.native_name, cf._cache, cf._sig, {})
            disp = lm.run_steps
            disp.compile(lm.RS_ARGS)
            cres = disp.overloads[lm.RS_ARGS]
            if cres.signature.return_type != lm.RS_RET:
                raise TypeError('pyhoc: run_steps returns %s' % cres.signature.return_type)
            from .kcall import tag
            sym = cres.fndesc.llvm_func_name
            rtag = tag(lm.RS_ARGS, lm.RS_RET)
            _store('run_steps|' + name, cres.library, sym, disp._cache, lm.RS_ARGS,
                   {'tag': rtag})
            c = objload.load('run_c|' + name)
            r = objload.load('run_steps|' + name)
            if c is None or r is None:      # (no store here: numba's copies)
                got = (cf.address, rtag, cres.library.get_pointer_to_function(sym))
        if got is None:
            got = (c['addr'][c['symbols'][0]], r['tag'], r['addr'][r['symbols'][0]])
        _NAMES['loop'] = got
    return got


def _loop_name() -> str:
    return _named('loop_name', 'pyhoc_loop_', _loop_collector, _loop_source)


def loop_keys(mechs) -> list | None:
    """The keys in pyhoc.sim.objload's store of all the compiled loop needs for the (type,
    block) pairs ``mechs``: run_c, run_steps, the kernels and trampolines of the types with
    instances; None where a type has POINTERs (their sources are a numba typed List: the
    loop cannot run from the store alone)."""
    return _live_keys([mt for mt, blk in mechs if blk is not None and blk.n])


def _live_keys(live) -> list | None:
    """:func:`loop_keys` of the mechanism types ``live`` (those with instances)."""
    name = _loop_name()
    keys = ['run_c|' + name, 'run_steps|' + name]
    for mt in live:
        if mt.pointers:
            return None
        ni = len(mt.ions)
        for part in SLOTS:
            fn = getattr(mt.kernels, part)
            if fn is not None:
                keys += (_kernel_key(mt, fn, ni), _tramp_key(ni, mt.pointers))
    return keys


def keys_stored(keys) -> bool:
    """Whether the store has all of :func:`loop_keys`' ``keys`` (None: never), so that running
    the loop imports neither numba nor llvmlite."""
    from . import objload
    return keys is not None and objload.may_have() and all(objload.stored(k) for k in keys)


def keys_loaded(keys) -> bool:
    """:func:`keys_stored`, their objects loaded into this process now (all of them, as
    the loop's next run takes them: pyhoc.sim.objload.load_all)."""
    from . import objload
    return keys is not None and objload.may_have() and objload.load_all(keys)


def _store(key: str, library, symbol: str, cache, sig, meta: dict) -> None:
    """Keep ``library``'s object code (numba's, for ``symbol``) in pyhoc.sim.objload's store
    under ``key``: the object just compiled, or the one numba's disk cache holds."""
    from . import objload
    if not objload.usable() or objload.stored(key):
        return
    obj = getattr(library, '_compiled_object', None)
    if not obj and cache is not None:       # (loaded from numba's cache: its entry)
        try:
            data = cache._cache_file.load(cache._index_key(sig, library.codegen))
            state = data[0] if isinstance(data, tuple) else data['library']
            if state[1] == 'object':
                obj = state[2][0]
        except Exception:
            obj = None
    if obj:
        objload.save(key, obj, dict(meta, symbols=[symbol]))


_TRAMPS: dict = {}


def _tramp_source(nions: int, pointers: bool) -> str:
    parts = ['ionsL[%d]' % i for i in range(nions)] + (['srcs'] if pointers else [])
    ions = '(%s,)' % ', '.join(parts or ['ionsL[0]'])
    return ('# generated by pyhoc.sim.contract: a trampoline (kcall %d)\n' % KCALL_VERSION +
            _HEAD + 'from pyhoc.sim.kcall import kcall\n\n\n' + _JIT_INNER +
            'def trampoline(a, s, t, dt, v, rhs, area, node, data, g, ix, ionsL, srcs, glob, '
            'tab):\n    return kcall(a, s + 3, t, dt, v, rhs, area, node, data, g, ix, %s, '
            'glob, tab)\n' % ions)


def trampoline(nions: int, pointers: bool):
    """The trampoline of kernels with ``nions`` ions (and POINTERs): run_steps' record's
    arguments in the kernel's own shape (the ions' tuple), the kernel called by address.
    One per shape, compiled once per machine."""
    key = (nions, bool(pointers))
    f = _TRAMPS.get(key)
    if f is None:
        f = _TRAMPS[key] = _load('pyhoc_kt_', _tramp_source(nions, pointers)).trampoline
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


def _address(disp, sig, key: str | None = None, meta=None) -> tuple:
    """(tag, address) of ``disp`` compiled for ``sig`` (compiled now, or loaded from numba's
    cache), for pyhoc.sim.kcall; its object code stored under ``key`` (pyhoc.sim.objload)
    with ``meta`` and the tag."""
    from numba import types
    from .kcall import tag
    disp.compile(sig)
    cres = disp.overloads[sig]
    ret = types.unliteral(cres.signature.return_type)
    if ret != types.int64:
        raise TypeError('pyhoc: kernel %s returns %s, not an int' % (disp.py_func.__name__,
                                                                     ret))
    name = cres.fndesc.llvm_func_name
    t = tag(sig, ret)
    if key is not None:
        _store(key, cres.library, name, disp._cache, sig, dict(meta or {}, tag=t))
    return t, cres.library.get_pointer_to_function(name)


def _kernel_key(mt, fn, ni: int) -> str:
    """The store key (pyhoc.sim.objload) of ``mt``'s kernel ``fn`` in the compiled loop."""
    return 'k|%s|%s|%d|%d' % (kernel_module_name(mt), _kname(fn), ni, bool(mt.pointers))


def _tramp_key(ni: int, pointers) -> str:
    key = ('tramp', ni, bool(pointers))         # (asked per kernel: hashed once)
    got = _NAMES.get(key)
    if got is None:
        got = _NAMES[key] = 't|' + _module_name('pyhoc_kt_', _tramp_source(ni, pointers))
    return got


def loop_records(mtypes, margs, head=None):
    """run_steps' records, as pyhoc.sim.fused hands them to run_c: for each type of
    ``mtypes`` with instances (kernel arguments ``margs``, in type order) the tuple (node,
    data, g, ix, ions list, POINTER sources list, glob, tab, a); ``a`` holds the (tag,
    address) pairs of the trampolines and kernels of SLOTS (pyhoc.sim.kcall) and what the
    loop reads of the type (A_*).  The addresses come from pyhoc.sim.objload's store where
    it has every one, else from numba (every kernel compiled now if numba's cache does not
    have it, in the order of :func:`_jobs`; a worker may compile from the other end:
    :func:`compile_ahead`), which stores them for the next process."""
    recs = []
    for mt, args in zip(mtypes, margs):
        node, data, g, ix, ions, glob, tab = args
        if not node.shape[0]:
            continue        # (no instance: nothing to call)
        ni = len(mt.ions)
        srcs = list(ions[ni]) if mt.pointers else []
        a = np.zeros(A_LEN, dtype=np.int64)
        a[A_N] = node.shape[0]
        a[A_ION] = int(bool(mt.is_ion))
        if mt.point and mt.electrode_current and not mt.is_ion:
            a[A_ELECTRODE] = 1
            a[A_IROW] = rows(type(mt), 'i')[0]
        recs.append((node, data, g, ix, list(ions[:ni]) or [_NO_ION], srcs, glob, tab, a))
    live = [mt for mt, args in zip(mtypes, margs) if args[0].shape[0]]
    if not _stored_addresses(live, recs):
        _numba_addresses(mtypes, margs, live, recs, head)
    return recs


def _direct(mt) -> int:
    ni = len(mt.ions)
    return max(ni, 1) if not mt.pointers and max(ni, 1) <= DIRECT_IONS else 0


def _stored_addresses(live, recs) -> bool:
    """Fill the records' ``a`` from pyhoc.sim.objload's store; False unless it has all."""
    from . import objload
    if not objload.usable():
        return False
    keys = _live_keys(live)
    if keys is not None:
        objload.load_all(keys)      # (together where they were before: one file, one map)
    fills = []
    for mt, rec in zip(live, recs):
        ni = len(mt.ions)
        a = rec[8].copy()
        direct = _direct(mt)
        for k, part in enumerate(SLOTS):
            fn = getattr(mt.kernels, part)
            if fn is None:
                continue
            km = objload.load(_kernel_key(mt, fn, ni))
            tm = objload.load(_tramp_key(ni, mt.pointers))
            if km is None or tm is None:
                return False
            a[2 * k + 6:2 * k + 8] = km['tag'], km['addr'][km['symbols'][0]]
            a[2 * k:2 * k + 2] = tm['tag'], tm['addr'][tm['symbols'][0]]
            if not km.get('direct'):
                direct = 0
        a[A_DIRECT] = direct
        fills.append(a)
    for rec, a in zip(recs, fills):
        rec[8][:] = a
    return True


def _numba_addresses(mtypes, margs, live, recs, head) -> None:
    """Fill the records' ``a`` with numba's compiled kernels and trampolines (stored for
    pyhoc.sim.objload as they come)."""
    from numba import typeof
    from numba.core import types as types_
    from .kcall import tag as kcall_tag
    done = {}
    if not live:
        return
    if head is None:
        m = live[0].model
        head = head_types(m.v, m.rhs, m.area)
    compile_ahead(mtypes, margs, head)
    try:
        for km, name, sig in _jobs(mtypes, margs, head):
            done[(km.__name__, name)] = sig
            _RAN.add(km.__name__)
            _address(getattr(km, name), sig)
    finally:
        ahead_done()
    for mt, rec in zip(live, recs):
        ni = len(mt.ions)
        a = rec[8]
        km = kernel_module(mt)
        ion_t = typeof(rec[4][0])
        tsig = (typeof(a), typeof(0)) + head + tuple(typeof(x) for x in rec[:4]) + (
            types_.ListType(ion_t), types_.ListType(types_.float64[::1])) + \
            tuple(typeof(x) for x in rec[6:8])
        direct = _direct(mt)
        dsig = head + tuple(typeof(x) for x in rec[:4]) + (
            types_.UniTuple(ion_t, max(ni, 1)),) + tuple(typeof(x) for x in rec[6:8])
        for k, part in enumerate(SLOTS):
            fn = getattr(mt.kernels, part)
            if fn is None:
                continue
            sig = done[(km.__name__, _kname(fn))]
            ok = kcall_tag(sig) == kcall_tag(dsig)
            a[2 * k + 6:2 * k + 8] = _address(getattr(km, _kname(fn)), sig,
                                              _kernel_key(mt, fn, ni), {'direct': ok})
            if not ok:
                direct = 0
            a[2 * k:2 * k + 2] = _address(trampoline(ni, mt.pointers), tsig,
                                          _tramp_key(ni, mt.pointers))
        a[A_DIRECT] = direct


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
    first (atomically, so parallel processes never read half a file) when it is not there and
    compiles (text made from a source file edited under a running process may not)."""
    if not os.path.exists(path):
        compile(src, path, 'exec')          # (raises SyntaxError, and nothing is written)
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
