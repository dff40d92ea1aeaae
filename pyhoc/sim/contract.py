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
* the compiled fixed-step loop and CVode's compiled steps: :func:`driver` generates, for the
  set of mechanism types a model has (the built-ins and those registered in it, whether
  inserted or not: models of built-ins share one driver, compiled once per machine, and
  inserting a mechanism never waits for a compilation), one module's source text: the kernels
  and every function and constant they reach (found from their code objects), the driver
  pieces of :mod:`pyhoc.sim.kernels_numba` (``run_steps``) and :mod:`pyhoc.sim.cvode_numba`
  (``cv_run``) and :mod:`pyhoc.sim.lvardt_numba` (``lv_run``), with each mechanism's kernel calls written into them in NEURON's type order
  (direct calls keep the operation order), and ``mech_currents``/``mech_odes`` for CVode's
  Python steps.  All of it is compiled with numba (no fastmath: bit-identical to the NumPy path
  and to NEURON), lazily (a function compiles at its first call: CVode's pieces only when
  CVode runs) and cached on disk under a file named by the hash of that text (so every
  kernel's source is in the key; numba's own cache does not notice edits in other modules).

  Compile time (cold: 30 ``.mod`` mechanisms and the 19 built-ins, issue 13) is shaped by how
  numba compiles: a function's LLVM module gets every callee's code linked in and optimised
  and compiled again, and each use of a tuple-typed variable copies and reference-counts every
  array in it, at each way out of the function too.  So no function takes the mechanisms'
  whole tuple M (that made ``mech_currents`` alone megabytes of IR): ``run_steps`` takes one
  tuple per type (``m<k>_``), calls the kernels itself (no mech_* level between: one less
  re-optimisation of every kernel) and has one way out of its loop.  What is left is about
  half the kernels' own compilation, half run_steps optimising itself with them linked in.
  The driver has the types with instances only (pyhoc.sim.fused.driver_types; models of
  built-ins only share the driver of all built-ins), and with a second core a worker process
  compiles the kernels from the last one backwards into numba's cache while this one types
  run_steps from the first forwards (:func:`compile_ahead`, as ``make -j``): 30 ``.mod``
  mechanisms, this process 39 s CPU instead of 58, the two together as before.
  Measured and left out: numba-IR inlining of the kernels' helpers (``inline='always'``:
  slower, numba types each inlined body again).

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


_COMPILED: dict = {}        # a kernel function -> [(its copy, the driver module), ...]


def _compiled(fn):
    """``fn``'s compiled copy in a driver module that has run, or None."""
    for c, mod in _COMPILED.get(getattr(fn, 'py_func', fn), ()):
        if mod.run_steps.overloads:
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


# ---------------------------------------------------------------- the generated driver
_JIT = "@njit(cache=True, fastmath=False, error_model='numpy')\n"
# inlined where called (numba IR): pyhoc.sim.cvode_numba's variants of mech_currents/odes
_JIT_INLINE = "@njit(inline='always', cache=True, fastmath=False, error_model='numpy')\n"
# what only compiled code calls: no CPython or C wrapper (numba compiles both for every
# function otherwise; the driver's Python entries are run_steps, cv_run, lv_run, lv_lists,
# mech_* and the kernels run_python calls: each type's init, cur and state)
_JIT_INNER = ("@njit(cache=True, fastmath=False, error_model='numpy', "
              "no_cpython_wrapper=True, no_cfunc_wrapper=True)\n")
_ENTRIES = ('run_steps', 'cv_run', 'lv_run', 'lv_lists')
_GENERATED = ('mech_currents', 'mech_odes', 'cv_mech_currents', 'cv_mech_odes')


def _source(fn) -> str:
    fn = getattr(fn, 'py_func', fn)
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
    """The functions and constants that a set of functions reaches, as source text."""

    def __init__(self):
        self.funcs: dict[str, object] = {}
        self.consts: dict[str, object] = {}
        self.order: list[str] = []
        self.entries: set[str] = set(_ENTRIES)     # called from Python: with a wrapper

    def add(self, fn) -> None:
        fn = getattr(fn, 'py_func', fn)
        name = fn.__name__
        have = self.funcs.get(name)
        if have is not None:
            if have is not fn:
                raise ValueError('mechanism kernels: two functions named %s' % name)
            return
        self.funcs[name] = fn
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
        out = []
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


def _call(fn, m: int, extra: str = '') -> str:
    return '%s(t, dt, v, rhs, area, %s%s)' % (
        fn.__name__, ', '.join('m%d_[%d]' % (m, k) for k in range(7)), extra)


def _guard(m: int) -> str:
    return '    if m%d_[0].shape[0]:\n' % m      # (no call for a type without instances)


def _bodies(mtypes) -> tuple:
    """Each mechanism's lines of mech_currents, mech_states, mech_odes, mech_watch and the
    variable step's after_cvode procedures without a STATE, one list each of (type number, lines), written over ``m<k>_``, type k's tuple of M."""
    cur, st, ode, wat, non = [], [], [], [], []
    for m, mt in enumerate(mtypes):
        K = mt.kernels
        if K.cur is not None:
            lines = [_guard(m), '        code = max(code, %s)\n' % _call(K.cur, m)]
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
        if K.state is not None:
            st.append((m, [_guard(m), '        code = max(code, %s)\n' % _call(K.state, m)]))
            if mt.has_state and (K.ode is None or not mt.states):  # (do_nonode: cv_run)
                non.append((m, [_guard(m),
                                '        code = max(code, %s)\n' % _call(K.state, m)]))
        if K.ode is not None and mt.states:
            ode.append((m, [_guard(m), '        code = max(code, %s)\n'
                            % _call(K.ode, m, ', ydot, diag, offs[%d]' % m)]))
        if K.watch is not None:
            wat.append((m, [_guard(m), '        code = max(code, %s)\n' % _call(K.watch, m)]))
    return tuple([(m, [x for ln in lines for x in ln.splitlines(True)]) for m, lines in part]
                 for part in (cur, st, ode, wat, non))


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
    """The driver pieces' text for ``ntypes`` mechanism types: run_steps'
    (pyhoc.sim.kernels_numba) parameter M becomes one parameter per type (``m<k>_``, its
    tuple), cv_run's (pyhoc.sim.cvode_numba) placeholder line ``cv_mech_tuples_text()`` takes
    each type's tuple out of M, and a line ``[cv_]mech_<name>_text()`` becomes ``code = 0``
    and the body of mech_<name> (in cv_run tested by ``present``), so that no step loop
    passes M to a function."""
    import re
    text = re.sub(r'(def run_steps\([^)]*?)\bM, ',
                  lambda mm: mm.group(1) + ''.join('m%d_, ' % m for m in range(ntypes)), text)
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
        mm = re.match(r'(cv_)?mech_(\w+)_text\(\)$', word)
        if mm is None:
            out.append(ln)
            continue
        cv = mm.group(1) is not None
        out.append(pad + 'code = 0\n')
        for m, lines in bodies[mm.group(2)]:
            for b in (['    if present[%d]:\n' % m] + lines[1:] if cv else lines):
                out.append(pad + b[4:])
    return ''.join(out)


def generate(mtypes) -> str:
    """The driver module's source for the mechanism types ``mtypes`` (in type order)."""
    from . import cvode_numba, kernels_numba as kn, lvardt_numba
    col = _Collector()
    for fn in kn.DRIVER + cvode_numba.DRIVER + lvardt_numba.DRIVER:
        col.add(fn)
    for mt in mtypes:
        K = mt.kernels
        for fn in (K.init, K.cur, K.state, K.ode if mt.states else None, K.watch):
            if fn is not None:      # (init: compiled when first called, by run_python)
                col.add(fn)
        for fn in (K.init, K.cur, K.state):
            if fn is not None:
                col.entries.add(getattr(fn, 'py_func', fn).__name__)
    cur, st, ode, wat, non = _bodies(mtypes)
    bodies = {'currents': cur, 'states': st, 'odes': ode, 'watch': wat, 'nonode': non}
    h_cur = 'def mech_currents(t, dt, v, rhs, d, sav_rhs, sav_d, area, M):\n'
    h_ode = 'def mech_odes(t, dt, v, rhs, area, M, ydot, diag, offs):\n'
    head = ('# generated by pyhoc.sim.contract for: %s\n'
            'import math\nimport numpy as np\nfrom numba import njit\n'
            'from numba.typed import List\n\n'
            % ', '.join(mt.name for mt in mtypes))
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
    """The compiled driver module for the mechanism types ``mtypes`` (in type order)."""
    key = tuple((type(mt), mt.kernels) for mt in mtypes)
    mod = _DRIVERS.get(key)
    if mod is not None:
        return mod
    src = generate(mtypes)
    import hashlib      # (here: it loads OpenSSL, and the NumPy path never needs it)
    import numba
    h = hashlib.sha256((src + numba.__version__ + sys.version).encode()).hexdigest()[:20]
    name = 'pyhoc_drv_' + h
    d = cache_dir()
    os.makedirs(d, exist_ok=True)
    mod = _DRIVERS[key] = import_source(name, os.path.join(d, name + '.py'), src)
    for mt in mtypes:
        for fn in (mt.kernels.init, mt.kernels.cur, mt.kernels.state):
            if fn is not None:
                fn = getattr(fn, 'py_func', fn)
                _COMPILED.setdefault(fn, []).append((getattr(mod, fn.__name__), mod))
    return mod


# ---------------------------------------------------------------- compiling ahead
_AHEAD_SCRIPT = r"""
import importlib.util, os, pickle, sys
path, name = sys.argv[1], sys.argv[2]
jobs = pickle.load(sys.stdin.buffer)
spec = importlib.util.spec_from_file_location(name, path)
mod = importlib.util.module_from_spec(spec)
sys.modules[name] = mod
spec.loader.exec_module(mod)
for fn, sig in jobs:
    d = getattr(mod, fn)
    if os.path.exists(d._cache._cache_file._index_path):
        break               # the parent compiled this one: it did the rest before it too
    d.compile(sig)
"""
AHEAD_MIN = 8           # kernels in run_steps below which a second process is not worth it
_AHEAD: list = []       # the worker processes in flight
_MPI_ENV = ('PMI_RANK', 'PMI_SIZE', 'PMIX_RANK', 'OMPI_COMM_WORLD_SIZE')   # (set by mpiexec)


def compile_ahead(mod, mtypes, margs, v, rhs, area) -> None:
    """A cold driver on a machine with several cores, as ``make -j``: a worker process
    compiles run_steps' kernels into numba's disk cache from the last one backwards (state
    kernels in reverse type order, then cur and watch), while this process compiles them
    from the first one forwards as it types run_steps and loads the ones the worker has
    cached; the worker stops at the first kernel this process has cached.  Does nothing
    where run_steps is cached or compiled, with one core or ``PYHOC_COMPILE_JOBS=1``, and in
    an MPI rank (the ranks have the cores already; a child of a rank is MPI's worry)."""
    if mod.run_steps.overloads or _AHEAD or os.environ.get('PYHOC_COMPILE_JOBS') == '1' or \
            (os.cpu_count() or 1) < 2 or any(k in os.environ for k in _MPI_ENV):
        return
    try:
        if os.path.exists(mod.run_steps._cache._cache_file._index_path) or \
                not os.access(os.path.dirname(mod.run_steps._cache._cache_file._index_path)
                              or '.', os.W_OK):
            return
        from numba import typeof, types
        head = (types.float64, types.float64, typeof(v), typeof(rhs), typeof(area))
        jobs = []
        for part in ('watch', 'cur', 'state'):
            for mt, args in zip(mtypes, margs):
                fn = getattr(mt.kernels, part)
                if fn is not None:      # (typed, so compiled, with instances or not)
                    jobs.append((getattr(fn, 'py_func', fn).__name__,
                                 head + tuple(typeof(x) for x in args)))
        if len(jobs) < AHEAD_MIN:
            return
        import pickle
        import subprocess
        p = subprocess.Popen([sys.executable, '-c', _AHEAD_SCRIPT, mod.__file__, mod.__name__],
                             stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        if not _AHEAD:
            import atexit
            atexit.register(ahead_done)
        _AHEAD.append(p)
        p.stdin.write(pickle.dumps(jobs[::-1]))
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
    spec.loader.exec_module(mod)
    return mod
