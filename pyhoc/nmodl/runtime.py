"""What a generated mechanism module needs at run time: its MechanismType base class.

The generated class (pyhoc.nmodl.codegen) adds its spec and kernels; this base keeps the
globals in one array (``glob``, read by the kernels, read and written by HOC through
``global_values``), builds the TABLEs of nocmodl's _check_ functions when a DEPEND value
changed, runs NET_RECEIVE per event, and calls FUNCTIONs and PROCEDUREs for HOC.
"""
from __future__ import annotations

import math
from collections.abc import MutableMapping

import numpy as np

from ..errors import HocError
from ..sim import contract
from ..sim.mechanisms.base import MechanismType


class ExecError(HocError):
    """hoc_execerror(s1, s2) of a .mod file's VERBATIM with literal messages
    (pyhoc.nmodl.verbatim): raised where the C calls it, by the Python kernels and, with its
    constant message, by their numba-compiled copies (it reaches Python through a compiled
    function's wrapper as this class).  The compiled loop cannot pass an exception out: it
    stops (STOP_ERROR) and the message comes from the mechanism's globals
    (:meth:`GeneratedMechanism.execerror_pending`)."""

    def __init__(self, message: str, *rest):
        super().__init__(message)


class _Scop:
    """A scopmath random function as the generated kernels call it, ``f(glob, slot, *args)``:
    in Python (the NumPy path, HOC calls, NET_RECEIVE) NEURON's process-wide generator
    (pyhoc.nmodl.randoms); its ``py_func``, what pyhoc.sim.contract copies into the kernel
    modules for numba, is the same algorithm over the generator's value kept in
    ``glob[slot]``, which the compiled loop copies in and out around its run
    (GeneratedMechanism.kernel_globals, ``rng_out``)."""

    def __init__(self, compiled, python):
        self.py_func = compiled
        self.__name__ = compiled.__name__
        self._python = python

    def __call__(self, glob, slot, *args):
        return self._python(*args)


def scop_uniform(glob, slot):
    x = (2147437301 * int(glob[slot]) + 453816981) & 4294967295
    glob[slot] = float(x)
    return x / 4294967295.0


def scop_set_seed(glob, slot, seed):
    if -9.223372036854775808e18 <= seed < 9.223372036854775808e18:
        glob[slot] = float(int(seed) & 4294967295)
    else:
        glob[slot] = 0.0
    return 0.0


def scop_log(x):
    if x > 0.0:
        return math.log(x)
    if x == 0.0:
        return -math.inf
    return math.nan


def scop_exprand(glob, slot, mean):
    return -mean * scop_log(scop_uniform(glob, slot))


def scop_normrand(glob, slot, mean, std_dev):
    s = 1.0
    v1 = 0.0
    while s >= 1.0:
        v1 = 2.0 * scop_uniform(glob, slot) - 1.0
        v2 = 2.0 * scop_uniform(glob, slot) - 1.0
        s = v1 * v1 + v2 * v2
    v2 = v1 * math.sqrt(-2.0 * scop_log(s) / s)
    return v2 * std_dev + mean


def scop_poisrand(glob, slot, mean):
    n = 0
    s = math.exp(-mean)
    q = 1.0
    while q >= s:
        q *= scop_uniform(glob, slot)
        n += 1
    return float(n - 1)


def _scop_functions():
    from . import randoms
    g = globals()
    for name, py in (('scop_uniform', randoms.scop_random), ('scop_set_seed', randoms.set_seed),
                     ('scop_exprand', randoms.exprand), ('scop_normrand', randoms.normrand),
                     ('scop_poisrand', randoms.poisrand)):
        g[name] = _Scop(g[name], py)


_scop_functions()     # (their names: pyhoc.nmodl.verbatim.SCOP_CALLS)


def float_int(x):
    """NMODL's INT(): truncation toward zero, as a double."""
    return float(int(x))


# C's libm answers where Python's math raises: the NMODL translation calls these for the
# functions whose domain or range can fail, so the NumPy path gives what NEURON's compiled
# C gives (inf, nan), as the compiled loop does (numba's math follows C) -- e.g. an NMODL
# log10(K*cai) at cai = 0, before INITIAL, is -inf in NEURON, not an error.  A NaN has the
# sign glibc gives it on x86-64 (HOC prints it: -nan for log(-1), nan for log10(-1)).

def c_log(x):
    """C's log: -inf at 0, -nan below 0."""
    if x > 0.0:
        return math.log(x)
    if x != x:
        return x
    return -math.inf if x == 0.0 else math.copysign(math.nan, -1.0)


def c_log10(x):
    """C's log10: -inf at 0, nan below 0."""
    if x > 0.0:
        return math.log10(x)
    if x != x:
        return x
    return -math.inf if x == 0.0 else math.nan


def c_sqrt(x):
    """C's sqrt: -nan below 0."""
    return math.sqrt(x) if x >= 0.0 or x != x else math.copysign(math.nan, -1.0)


def c_acos(x):
    """C's acos: nan outside [-1, 1]."""
    return math.acos(x) if -1.0 <= x <= 1.0 or x != x else math.nan


def c_asin(x):
    """C's asin: nan outside [-1, 1]."""
    return math.asin(x) if -1.0 <= x <= 1.0 or x != x else math.nan


def c_pow(x, y):
    """C's pow: -nan for a negative base and a fractional exponent, +-inf where it
    overflows or divides by zero (math.pow raises there)."""
    try:
        return math.pow(x, y)
    except Exception:       # ValueError or OverflowError: the edge C answers
        if x < 0.0 and y != math.floor(y):
            return math.copysign(math.nan, -1.0)
        if y == math.floor(y) and 0.5 * y != math.floor(0.5 * y) and math.copysign(1.0, x) < 0.0:
            return -math.inf
        return math.inf


def c_fmod(x, y):
    """C's fmod: -nan for y = 0 or an infinite x (math.fmod raises; numba has np.fmod)."""
    if x != x or y != y:
        return x + y
    if y == 0.0 or math.isinf(x):
        return math.copysign(math.nan, -1.0)
    return float(np.fmod(x, y))


def c_sinh(x):
    """C's sinh: +-inf where it overflows."""
    if abs(x) > 710.5:
        return math.copysign(math.inf, x)
    return math.sinh(x)


def c_cosh(x):
    """C's cosh: inf where it overflows."""
    if abs(x) > 710.5:
        return math.inf
    return math.cosh(x)


def c_floor(x):
    """C's floor, a double (math.floor gives an int and raises at inf and nan)."""
    if x != x or math.isinf(x):
        return x
    return float(math.floor(x))


def c_ceil(x):
    """C's ceil, a double (math.ceil gives an int and raises at inf and nan)."""
    if x != x or math.isinf(x):
        return x
    return float(math.ceil(x))


# C/C++ library functions a .mod file may call without NMODL knowing them (nocmodl leaves
# the call to the C++ compiler, which finds them in <math.h>/<stdlib.h>: abs(double) is
# std::abs, fabs)

def c_round(x):
    """C's round: halfway cases away from zero (Python's round goes to the even one)."""
    if x != x or math.isinf(x):
        return x
    a = abs(x)
    y = float(math.floor(a))
    if a - y >= 0.5:
        y += 1.0
    return math.copysign(y, x)


def c_trunc(x):
    """C's trunc, a double."""
    if x != x or math.isinf(x):
        return x
    return math.copysign(float(math.floor(abs(x))), x)


def c_fmin(x, y):
    """C's fmin: a NaN argument loses."""
    if x != x:
        return y
    if y != y:
        return x
    return x if x < y else y


def c_fmax(x, y):
    """C's fmax: a NaN argument loses."""
    if x != x:
        return y
    if y != y:
        return x
    return x if x > y else y


def _copied(ion):
    """A copy of one element of the kernels' ``ions``: an ion's rows, or the list of arrays
    the POINTERs point into (of different lengths)."""
    if isinstance(ion, np.ndarray):
        return ion.copy()
    return [np.array(a, copy=True) for a in ion]


def scop_gauss(x, mean, std_dev):
    """scopmath's gauss(x, mean, std_dev): the normal probability density at x (its 2 pi is
    the constant 6.28318530)."""
    return math.exp(-0.5 * math.pow((x - mean) / std_dev, 2.0)) / (
        math.sqrt(6.28318530) * std_dev)


class _Globals(MutableMapping):
    """global_values backed by the kernels' glob array (HOC names -> slots)."""

    def __init__(self, names, glob):
        self._slot = {n: k for k, n in enumerate(names)}
        self._glob = glob

    def __getitem__(self, name):
        return float(self._glob[self._slot[name]])

    def __setitem__(self, name, value):
        self._glob[self._slot[name]] = float(value)

    def __delitem__(self, name):
        raise TypeError('mechanism globals cannot be deleted')

    def slot(self, name):
        """(array, index) where global ``name`` lives (another .mod's EXTERNAL reads it)."""
        return self._glob, self._slot[name]

    def __iter__(self):
        return iter(self._slot)

    def __len__(self):
        return len(self._slot)


class GeneratedMechanism(MechanismType):
    """Base of the mechanism classes generated from ``.mod`` files."""

    glob_names: tuple = ()
    # an instance-step of the generated kernels' Python loop on the NumPy path costs about 75
    # node-steps of the vectorised built-ins (hh + pas, 1000 segments): numba pays off sooner
    numpy_work = 50
    glob_size = 2               # HOC's globals, file-level LOCALs, secondorder, celsius
    table_specs: tuple = ()
    table_rows = 0
    glob_slots: dict = {}       # a global's or file-static LOCAL's slot in the globals array
    glob_init: dict = {}        # slot -> start value of a file static (not in HOC)
    callables: dict = {}
    source_file = ''
    library = False             # SUFFIX nothing (pyhoc.nmodl.load registers it as a library)
    hoc_suffix = ''             # '_' + name: the suffix of its HOC names ('' for a library)
    ion_valence: dict = {}
    has_net_init = False
    net_receive_sets_v = False      # NET_RECEIVE assigns v: its body returns the node's new v
    hoc_args: tuple = ()            # callables given the HOC call's arguments as _h
    pointer_args: tuple = ()        # callables given the POINTERs' targets as arrays (_p)
    randoms: tuple = ()             # RANDOM variables (rows hold their streams' handles)
    has_diam = False
    pointers_written: tuple = ()
    watch_conds: dict = {}
    tables_after_initial = False    # (codegen: tables read GLOBALs that INITIAL assigns)
    at_time_current = False         # BREAKPOINT calls at_time/state_discontinuity (codegen)
    _glob_after_initial = None      # the GLOBALs the last INITIAL left (tables_after_initial)
    # hoc_execerror in VERBATIM (pyhoc.nmodl.verbatim): the glob slot where compiled code
    # leaves the number (1, 2...) of the call that raised, and each call's message
    execerror_slot = -1
    execerror_messages: tuple = ()
    # scopmath's random functions: the glob slot of the generator's value while compiled
    # code runs (_Scop)
    rng_slot = -1

    def __init__(self, model):
        super().__init__(model)
        self._glob = np.zeros(self.glob_size + 2 * len(self.table_specs))
        for k, name in enumerate(self.glob_names):
            self._glob[k] = self.globals[name]
        for k, x in self.glob_init.items():     # file statics with a start value (<state>0)
            self._glob[k] = x
        self.global_values = _Globals(self.glob_names, self._glob)
        width = max([spec[3] + 1 for spec in self.table_specs] + [1])
        self._tab = np.zeros((max(self.table_rows, 1), width))
        self._depend = [None] * len(self.table_specs)
        self._dep_all = None        # (_depend, every DEPEND value) at the last check

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        # a point process's FUNCTIONs/PROCEDUREs as pyhoc.sim.mechfuncs calls its methods
        # (a density mechanism's are HOC functions: pyhoc.nmodl.load)
        if cls.point and 'callables' in cls.__dict__:
            from ..sim.mechfuncs import MechFunction
            cls.functions = {n: MechFunction(_point_call(n), 0, not c[2], True, True)
                             for n, c in cls.callables.items()}
        else:
            cls.functions = {}

    array_vars: dict = {}
    global_arrays: dict = {}
    function_table_rows: dict = {}

    def function_table_value(self, name: str, x: float) -> float:
        """A FUNCTION_TABLE's value at x (HOC's ``name_suffix(x)``)."""
        fn = getattr(_module_of(self), '%sft_%s' % (self.kernels.init.__name__[:-4], name))
        return float(fn(self._tab, float(x)))

    def hoc_name(self, var: str) -> str:
        """``ca_cadifus[2]`` for element ``ca[2]`` of a density mechanism's array."""
        k = var.find('[')
        if k > 0 and not self.point:
            return '%s_%s%s' % (var[:k], self.name, var[k:])
        return super().hoc_name(var)

    def global_array(self, name: str):
        """The elements of GLOBAL array ``name`` (HOC's name) as a list-like view of glob."""
        slot, n = self.global_arrays[name]
        return GlobalElements(self._glob, slot, n)

    def _fill_diam(self, blk) -> None:
        """The ``diam`` row: each instance's segment diameter (set at finitialize)."""
        model = self.model
        nd = np.zeros(len(model.v))
        for sec in model.sections:
            nd[sec._node0:sec._node0 + sec._nseg] = sec._diam
        blk.data[list(self.all_defaults()).index('diam')] = nd[blk.node]

    @classmethod
    def range_names(cls) -> tuple:
        hid = set(cls.hidden)
        return tuple(n for n in tuple(cls.parameters) + cls.assigned + cls.states
                     if n not in hid)

    def kernel_globals(self):
        g = self._glob
        if self.execerror_slot >= 0:
            g[self.execerror_slot] = 0.0        # (an error already reported: not again)
        if self.rng_slot >= 0:                  # (the process's generator, for compiled code)
            from .randoms import _state
            g[self.rng_slot] = float(_state[0])
        g[self.glob_size - 2] = self.model.secondorder
        g[self.glob_size - 1] = self.model.celsius
        if self.table_specs:
            self._check_tables()
        return g, self._tab

    def rng_out(self) -> None:
        """After compiled code ran this mechanism's kernels: the generator's value they left
        in ``glob`` becomes the process's (pyhoc.nmodl.randoms)."""
        if self.rng_slot >= 0:
            from .randoms import _state
            _state[0] = int(self._glob[self.rng_slot])

    def execerror_pending(self):
        """The ExecError a compiled kernel of this mechanism raised and the compiled loop
        caught (its number left in ``glob``), or None; the slot is cleared."""
        k = self.execerror_slot
        if k < 0:
            return None
        n = int(self._glob[k])
        self._glob[k] = 0.0
        if 0 < n <= len(self.execerror_messages):
            return ExecError(self.execerror_messages[n - 1])
        return None

    # ---- TABLE
    def _check_tables(self, src=None) -> None:
        """nocmodl's _check_<f>: rebuild a table when usetable is on and a DEPEND value
        (or the first call) changed: FROM lo TO hi WITH n, n + 1 points x = lo + i*dx.
        ``src``: (globals, data) the table functions read instead of the model's own."""
        g = self._glob
        use, rows, readers = self._table_readers()
        if g[use] == 0.0:
            return
        # as nocmodl's _check_table_thread: RANGE values (DEPENDs, what the function reads
        # and writes) are those of the first instance, else the defaults
        model = self.model
        blk = model.blocks.get(self.name)
        quick = None
        if src is None and blk is not None and blk.n:
            # every table's DEPEND values at once, as floats (this runs before each
            # compiled step of a model whose HOC advance() calls fadvance(): the key of each
            # table, NumPy takes and bytes, cost more than the step)
            gall, dall, anydt = self._tab_all
            data = blk.data
            quick = (model.celsius, model.dt if anydt else 0.0,
                     tuple([g.item(i) for i in gall]), tuple([data.item(r, 0) for r in dall]))
            last = self._dep_all
            if last is not None and last[0] is self._depend and last[1] == quick:
                return
        if src is not None:
            gsrc, data = src
        elif blk is not None and blk.n:
            gsrc, data = g, blk.data
        else:
            gsrc, data = g, np.array([[x] for x in self.all_defaults().values()])
        mod = None
        for k, (name, names, row, n, depend, is_func, slot, rng) in enumerate(self.table_specs):
            gi, di, dt = readers[k]         # (the DEPEND values as bytes: one NumPy take each)
            key = (model.celsius, model.dt if dt else 0.0, g[gi].tobytes(),
                   data[di, 0].tobytes() if len(di) else b'')
            if self._depend[k] == key:
                continue
            if mod is None:
                mod = _module_of(self)
            lo, hi = getattr(mod, rng)(gsrc)
            dx = (hi - lo) / n
            g[slot], g[slot + 1] = gsrc[slot], gsrc[slot + 1] = 1. / dx, lo
            fn = self.callables[name][0]
            x = lo
            for i in range(n + 1):
                r = fn(self.model.t, self.model.dt, 0.0, data, 0, gsrc, self._tab, x)
                if is_func:
                    self._tab[row, i] = r
                else:
                    for q, nm in enumerate(names):
                        self._tab[row + q, i] = self._table_value(data, nm, gsrc)
                x += dx
            self._depend[k] = key
        self._dep_all = None if quick is None else (self._depend, quick)

    def _table_readers(self) -> tuple:
        """(usetable's slot, {RANGE name: data row}, per table: where its DEPENDs are read
        (glob slots, data rows, whether dt is one)), made once: _check_tables runs at every
        kernel call."""
        c = self.__dict__.get('_tab_readers')
        if c is None:
            rows = {nm: r for r, nm in enumerate(self.all_defaults())}
            sfx = self.hoc_suffix
            gslot = {nm: k for k, nm in enumerate(self.glob_names)}
            readers = []
            for spec in self.table_specs:
                rd = []
                for d in spec[4]:
                    if d + sfx in gslot:
                        rd.append((0, gslot[d + sfx]))
                    elif d in self.glob_slots:
                        rd.append((0, self.glob_slots[d]))
                    elif d in rows:
                        rd.append((1, rows[d]))
                    else:
                        rd.append((2 if d == 'dt' else 3, 0))
                readers.append((np.array([i for how, i in rd if how == 0], dtype=np.intp),
                                np.array([i for how, i in rd if how == 1], dtype=np.intp),
                                any(how == 2 for how, i in rd)))
            c = self.__dict__['_tab_readers'] = (gslot['usetable' + sfx], rows, readers)
            self._tab_all = (sorted({int(i) for r in readers for i in r[0]}),
                             sorted({int(i) for r in readers for i in r[1]}),
                             any(r[2] for r in readers))
        return c

    def _table_value(self, data, name, g) -> float:
        if name in self.glob_slots:
            return float(g[self.glob_slots[name]])
        sfx = self.hoc_suffix
        k = name.find('[')
        if k > 0 and name[:k] + sfx in self.global_arrays:     # a GLOBAL array's element
            return self.global_array(name[:k] + sfx)[int(name[k + 1:-1])]
        return float(data[list(self.all_defaults()).index(name), 0])

    # ---- HOC calls of FUNCTIONs and PROCEDUREs
    def call(self, name: str, args, blk=None, slot: int = 0) -> float:
        """FUNCTION/PROCEDURE ``name`` with ``args`` for instance ``slot`` of ``blk`` (a
        density mechanism's function called from HOC without an instance gets zeros)."""
        fn, nargs, is_func = self.callables[name]
        hoc = name in self.hoc_args     # its VERBATIM reads the call's own arguments
        if name in self.tables and not hoc:     # as nocmodl's _hoc_f: _check_f, the table
            fn = getattr(_module_of(self), fn.__name__[:-len('_raw')])
        if len(args) != nargs and not (hoc and len(args) > nargs):
            from ..errors import HocError
            raise HocError('%s: wrong number of arguments (%d, expects %d)'
                           % (name, len(args), nargs))
        g, tab = self.kernel_globals()
        if blk is None:
            data = np.array([[v] for v in self.all_defaults().values()])
            slot = 0
            v = -65.0
        else:
            data = blk.data
            v = float(self.model.v[blk.node[slot]]) if blk.node is not None else 0.0
            if blk.node is not None:
                self.pointers_io(blk, slot, False)
        extra = {'_h': tuple(args)} if hoc else {}
        if name in self.pointer_args and blk is not None and blk.node is not None:
            extra['_p'] = self.pointer_views(blk, slot)
        r = fn(self.model.t, self.model.dt, v, data, slot, g, tab,
               *[float(a) for a in args[:nargs]], **extra)
        if blk is not None and blk.node is not None:
            self.pointers_io(blk, slot, True)
        return float(r) if is_func else 1.0       # a PROCEDURE returns 1 to HOC

    def method_of(self, pp, name: str):
        """A point process's FUNCTION/PROCEDURE as a method of its HOC object."""
        def method(*args):
            model = self.model
            model.ensure_built()
            if self.artificial:
                return self._on_values(pp, lambda data, j, v: self.call(
                    name, args, _Rows(data), 0))
            blk = model.blocks.get(self.name)
            return self.call(name, args, blk, pp._slot) if pp._slot >= 0 else \
                self.call(name, args)
        method.__name__ = name
        return method

    def _instance(self, pp, fn):
        """fn(data, j, v) on point process ``pp``'s row: its block's column j, or (an
        artificial cell, which has no block) its values as one column, written back."""
        if self.artificial:
            return self._on_values(pp, fn)
        blk = self.model.blocks[self.name]
        j = pp._slot
        self.pointers_io(blk, j, False)          # (POINTERs: their targets' values)
        r = fn(blk.data, j, float(self.model.v[blk.node[j]]))
        self.pointers_io(blk, j, True)
        return r

    def _on_values(self, pp, fn):
        names = list(self.all_defaults())
        vals = pp._values
        data = np.array([[vals[n]] for n in names], dtype=float)
        try:
            return fn(data, 0, 0.0)
        finally:
            for k, n in enumerate(names):
                vals[n] = float(data[k, 0])

    # ---- NET_RECEIVE
    def net_receive(self, pp, weight, flag: float) -> None:
        model = self.model
        g, tab = self.kernel_globals()
        v = self._instance(pp, lambda data, j, v: self._net_receive_body(
            _NetCalls(self, pp, weight), model.t, model.dt, v, data, j, g, tab, weight,
            float(flag)))
        if self.net_receive_sets_v and not self.artificial:
            model.v[model.blocks[self.name].node[pp._slot]] = v

    def construct(self, pp, args) -> None:
        """When HOC makes ``pp`` with ``args`` (the arguments of ``new``): a stream for each
        RANDOM variable (``pp.<name>`` is its NMODLRandom), then CONSTRUCTOR."""
        from .randoms import new_random
        for name in self.randoms:
            stream, key = new_random(self.model)
            pp.__dict__['_rand_' + name] = stream
            pp._values[name] = key
        body = getattr(self, '_constructor_body', None)
        if body is not None:
            model = self.model
            g, tab = self.kernel_globals()
            self._on_values(pp, lambda data, j, v: body(model.t, model.dt, 0.0, data, j, g,
                                                        tab, tuple(args)))

    def current(self, blk) -> None:
        """The cur kernel; one whose BREAKPOINT calls at_time gets -dt at finitialize and
        fcurrent (no state_discontinuity: NEURON's state_discon_allowed_; under the variable
        step its glob's _vcv says so), codegen._at_time_uses."""
        if not self.at_time_current:
            return super().current(blk)
        m = self.model
        dt = -m.dt if m.__dict__.get('_no_discon') else m.dt
        contract.run_python(self, blk, 'cur', m.t, dt)

    @property
    def at_time_dynamic(self) -> bool:
        return '_at_next' in self.assigned

    def set_vcv(self, mode: float) -> None:
        """CVode's mode for the kernels that read it (codegen: glob's _vcv): 0 the fixed
        step, 1 CVode, 2 CVode's initialization (its f)."""
        k = self.glob_slots.get('_vcv')
        if k is not None:
            self._glob[k] = mode

    def at_time_begin(self, blk, t0: float) -> bool:
        """CVode's initialization at t0 begins: at_time records each instance's next time
        (Cvode::at_time while initialize_, codegen.Gen.at_time_def); False for a mechanism
        that never calls at_time."""
        if not self.at_time_dynamic:
            return False
        self.set_vcv(2.0)
        blk.arrays['_at_next'][:] = t0 + 1e5
        return True

    def at_time_end(self, blk):
        """The initialization's f is done: each instance's earliest at_time time after t0."""
        self.set_vcv(1.0)
        return blk.arrays['_at_next']

    def initialize(self, blk) -> None:
        """The init kernel, then (a point process whose INITIAL sends events) INITIAL for
        each instance in order, with its HOC object as the events' target."""
        if self.has_diam:
            self._fill_diam(blk)
        if self.tables_after_initial and (
                self._glob_after_initial is None or not np.array_equal(
                    self._glob[:-2], self._glob_after_initial, equal_nan=True)):
            self._tables_from_initial(blk)
        super().initialize(blk)
        body = getattr(self, '_initial_body', None)
        if body is None or self.artificial:
            return
        model = self.model
        pps = {p._slot: p for p in model.points if p._mtype is self}
        g, tab = self.kernel_globals()
        for j in range(blk.n):
            self.pointers_io(blk, j, False)
            body(_NetCalls(self, pps[j]), model.t, model.dt, float(model.v[blk.node[j]]),
                 blk.data, j, g, tab)
            self.pointers_io(blk, j, True)

    def _tables_from_initial(self, blk) -> None:
        """A mechanism that is not thread safe builds its tables at their first call, in
        INITIAL, from the GLOBALs INITIAL has set by then (HVA's ``rate_k = 2.49``): the init
        kernel is run on copies without the tables, its GLOBALs kept, then the tables are
        built from them and the first instance's values it left (what the table's function
        assigns to GLOBALs while it is built stays, as in NEURON).  Done again at a later
        initialization when the GLOBALs are no longer those INITIAL left (HOC set one that
        INITIAL assigns: NEURON's table, checked at the call, is INITIAL's again)."""
        from ..sim.contract import kernel_args
        m = self.model
        glob = self._glob
        glob[self.glob_size - 2], glob[self.glob_size - 1] = m.secondorder, m.celsius
        node, data, g_, ix, ions, glob, tab = kernel_args(self, blk, (glob, self._tab))
        g = glob.copy()
        use = self.glob_names.index('usetable' + self.hoc_suffix)
        g[use] = 0.0
        data = data.copy()
        self.kernels.init(m.t, m.dt, m.v.copy(), m.rhs.copy(), m.area, node, data, g_.copy(),
                          ix, tuple(_copied(i) for i in ions), g, tab)
        g[use] = glob[use]
        glob[:] = g             # (INITIAL sets them again; the build's own writes stay, as
        self._depend = [None] * len(self.table_specs)      # NEURON's tadj = q10^... does)
        self._check_tables((glob, data))
        self._glob_after_initial = glob[:-2].copy()

    def initialize_instance(self, pp) -> None:
        """An artificial cell's INITIAL for one instance (pyhoc.sim.fixed_step calls it)."""
        body = getattr(self, '_initial_body', None)
        if body is None:
            return
        model = self.model
        g, tab = self.kernel_globals()
        self._instance(pp, lambda data, j, v: body(_NetCalls(self, pp), model.t, model.dt,
                                                   0.0, data, j, g, tab))

    def net_receive_init(self, pp, weight) -> None:
        if not self.has_net_init:
            weight[1:] = 0.0
            return
        model = self.model
        g, tab = self.kernel_globals()
        self._instance(pp, lambda data, j, v: self._net_init_body(
            _NetCalls(self, pp, weight), model.t, model.dt, 0.0, data, j, g, tab, weight))


    # ---- POINTER values around Python-run bodies (the kernels copy them themselves)
    def pointer_views(self, blk, j: int) -> tuple:
        """Instance j's POINTER targets, each as the array from its target on (what C's
        ``&vec1`` reaches: a HOC double array's elements from the one pointed at)."""
        from ..sim.contract import kernel_args
        _, _, _, ix, ions = kernel_args(self, blk)[:5]
        ni = len(self.ions)
        return tuple(ions[ni][ix[ni + 2 * k, j]][ix[ni + 2 * k + 1, j]:]
                     for k in range(len(self.pointers)))

    def pointers_io(self, blk, j: int, out: bool) -> None:
        """Copy instance j's POINTER values in from their targets (``out`` False) or the
        assigned ones back out to them (pyhoc.sim.pointers)."""
        if not self.pointers or (out and not self.pointers_written):
            return
        from ..sim.contract import kernel_args
        _, data, _, ix, ions = kernel_args(self, blk)[:5]
        ni = len(self.ions)
        srcs = ions[ni]
        order = list(self.all_defaults())
        for k, var in enumerate(self.pointers):
            arr, i = srcs[ix[ni + 2 * k, j]], ix[ni + 2 * k + 1, j]
            if not out:
                data[order.index(var), j] = arr[i]
            elif var in self.pointers_written:
                arr[i] = data[order.index(var), j]


class _Rows:
    """An artificial cell's values as call() takes a block (data; v is 0)."""

    __slots__ = ('data', 'node')

    def __init__(self, data):
        self.data = data
        self.node = None


def _point_call(name):
    def impl(mt, inst, *args):
        return mt.method_of(inst['pp'], name)(*args)
    return impl


class GlobalElements:
    """A GLOBAL array's elements in the glob array (what HOC's ``inf_mech[k]`` reads)."""

    __slots__ = ('glob', 'slot', 'n')

    def __init__(self, glob, slot: int, n: int):
        self.glob, self.slot, self.n = glob, slot, n

    def __len__(self) -> int:
        return self.n

    def _k(self, k) -> int:
        k = int(k)
        if not 0 <= k < self.n:
            raise IndexError(k)
        return self.slot + k

    def __getitem__(self, k) -> float:
        return float(self.glob[self._k(k)])

    def __setitem__(self, k, value) -> None:
        self.glob[self._k(k)] = float(value)

    def buffer(self):
        """(glob, slot of element 0): where a POINTER at an element points."""
        return self.glob, self.slot


class _NetCalls:
    """net_send, net_event and net_move of one instance (NET_RECEIVE's and INITIAL's)."""

    __slots__ = ('mt', 'pp', 'weight', 'nwatch')

    def __init__(self, mt, pp, weight=None):
        self.mt, self.pp, self.weight = mt, pp, weight
        self.nwatch = 0             # WATCHes run in this call (nocmodl's _watch_rm)

    def watch(self, n, flag):
        from ..sim.watch import activate
        activate(self.pp, n, flag, self.nwatch == 0)
        self.nwatch += 1
        return 0.0

    def net_send_at(self, tt, flag):
        """net_send: the event at tt (t + delay, summed as nocmodl's C does)."""
        from ..sim.events import state
        state(self.mt.model).net_send(self.pp, tt, flag, self.weight)   # the event's weights
        return 0.0

    def net_event(self, tt):
        from ..sim.events import state
        state(self.mt.model).net_event(self.pp, tt)
        return 0.0

    def net_move(self, tt):
        from ..sim.events import state
        state(self.mt.model).net_move(self.pp, tt)
        return 0.0


def _module_of(mt):
    import sys
    return sys.modules[type(mt).__module__]


__all__ = ['GeneratedMechanism', 'float_int', 'scop_gauss', 'math']
