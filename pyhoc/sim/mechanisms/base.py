"""Mechanism types and their structure-of-arrays blocks.

A mechanism type (hh, pas, IClamp...) is a class whose attributes are its spec and whose
``kernels`` are its equations (the contract: :mod:`pyhoc.sim.contract`).  A block holds one
row of float64 values per variable over all instances (``data``, rows in ``all_defaults()``
order), in NEURON's node order, plus the node index of each instance.  Kernels follow the
expression shapes nocmodl generates, so that results match NEURON's bit for bit (see
shared/design/exact-fixed-step.md).
"""
from __future__ import annotations

import math
from typing import Callable, ClassVar

import numpy as np

from .. import backend, contract
from ..contract import EXP700, Kernels  # noqa: F401  (EXP700: hoc_Exp's bound, for callers)


def exp_array(x: np.ndarray, exact: bool | None = True) -> np.ndarray:
    """Elementwise hoc_Exp.

    ``exact`` True: the C library's exp (as NEURON's compiled mechanisms do; compiled when the
    numba backend is in use, else a Python loop over ``math.exp``).  False: NumPy's SIMD exp,
    which may differ from libm's by one ulp for a few percent of arguments.  None (``auto``):
    libm's exp unless the NumPy backend was chosen (PYHOC_BACKEND=numpy, or no numba), where
    NumPy's is used (results within about 1e-11 mV of NEURON's, at a fraction of the cost).
    """
    if exact is None:
        exact = backend.exact_exp_default()
    if exact:
        k = backend.current()
        if k is not None:                        # compiled libm exp, same results
            xc = np.ascontiguousarray(x, dtype=float)
            return k.exp_array(xc.ravel()).reshape(xc.shape)
        xc = np.asarray(x, dtype=float)
        out = libm_exp(np.minimum(xc, 700.0))
        mask = xc < -700.0
        if mask.any():
            out[mask] = 0.0
        return out
    return exp_fast(x)


EXPM700 = math.exp(-700.0)

_cexp_exact: bool | None = None     # whether NumPy's complex exp gives libm's exp (checked once)


def libm_exp(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """The C library's exp of each x (into ``out`` if given; |x| <= 700 or the caller accepts
    overflow to inf), without a Python call per element.

    NumPy's float64 exp is its own SIMD code (not libm's: it differs in the last bit for a few
    percent of arguments), but its complex exp is the C library's cexp (or NumPy's fallback of
    the same form), whose real part at imaginary 0 is exp(re)*cos(0): libm's exp(re) exactly.
    Checked once against math.exp; where it differs, a loop over math.exp."""
    global _cexp_exact
    if _cexp_exact is None:
        s = [-745.5, -700.0, -80.0, -1.2345678, -1e-9, 0.0, 3e-7, 0.7, 1.0, 2.5, 33.3, 700.0]
        s += [k * 0.37 - 20.0 for k in range(100)]
        _cexp_exact = np.exp(np.array(s, dtype=complex)).real.tolist() == list(map(math.exp, s))
    if _cexp_exact:
        e = np.exp(x.astype(np.complex128))
        if out is None:
            return np.ascontiguousarray(e.real)
        np.copyto(out, e.real)
        return out
    y = np.fromiter(map(math.exp, x.reshape(-1).tolist()), dtype=float,
                    count=x.size).reshape(x.shape)
    if out is None:
        return y
    np.copyto(out, y)
    return out


def exp_fast(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """hoc_Exp with NumPy's exp (into ``out`` if given; ``out`` may be ``x``)."""
    if x.size and x.min() >= -700.0 and x.max() <= 700.0:      # (False with a NaN)
        return np.exp(x, out=out)
    with np.errstate(over='ignore', under='ignore'):
        mask = x < -700.0
        out = np.minimum(x, 700.0, out=out)
        np.exp(out, out=out)
    out[mask] = 0.0
    return out


def exp_into(x: np.ndarray, out: np.ndarray, exact: bool | None,
             in_range: bool = False) -> np.ndarray:
    """hoc_Exp of x into out (kernels' work buffers): exp_array's choice of exp.
    ``in_range``: the caller knows that no x lies outside [-700, 700] (NaN aside)."""
    if exact is None:
        exact = backend.exact_exp_default()
    if exact:
        if in_range and backend.current() is None:
            return libm_exp(x, out)     # no range clamp needed (NaN passes through)
        out[...] = exp_array(x, True)
        return out
    if in_range:
        return np.exp(x, out=out)
    return exp_fast(x, out)


def index_of(idx: np.ndarray):
    """``idx`` as a slice when it is an increasing arithmetic progression (indexing with it
    then gives views and needs no gather), else ``idx`` itself."""
    n = len(idx)
    if n == 0:
        return slice(0, 0)
    i0 = int(idx[0])
    if n == 1:
        return slice(i0, i0 + 1)
    step = int(idx[1]) - i0
    if step > 0 and bool((np.diff(idx) == step).all()):
        return slice(i0, i0 + step * (n - 1) + 1, step)
    return np.ascontiguousarray(idx, dtype=np.intp)


def is_unique(idx) -> bool:
    """Whether an index (array or slice) names each element at most once."""
    if isinstance(idx, slice):
        return True
    return len(np.unique(idx)) == len(idx)


def is_identity(idx: np.ndarray, n: int) -> bool:
    """Whether idx is 0, 1, ..., n-1 (an instance map that needs no indexing)."""
    return len(idx) == n and bool((idx == np.arange(n)).all())


class Block:
    """Instances of one mechanism type: ``arrays[name]`` is a float64 array over instances.

    ``node`` holds each instance's node index; ``ion_index[ion]`` the instance's index in
    that ion's block (density mechanisms and point processes that use ions).
    """

    def __init__(self, mtype: 'MechanismType', n: int):
        self.mtype = mtype
        self.n = n
        self.node = np.zeros(n, dtype=np.intp)
        self.arrays: dict[str, np.ndarray] = {}
        # the variables are the rows of one 2-D array, in all_defaults() order: variables
        # declared together (hh's m, h, n) are one (k, n) view that kernels update at once
        defaults = mtype.all_defaults()
        self.data = np.empty((len(defaults), n))
        for k, (name, default) in enumerate(defaults.items()):
            row = self.data[k]
            row.fill(default)
            self.arrays[name] = row
        self.cache: dict = {}            # kernels' index maps and work arrays for this layout
        self.ion_index: dict[str, np.ndarray] = {}
        self.g = np.zeros(n)             # dI/dv of the last current() call (nocmodl's _g)
        self.objects: list = []          # point processes: a weakref.ref to each instance's object
        self.sec_off = None              # density blocks: each section's first row (tree.build)

    def __getattr__(self, name: str) -> np.ndarray:
        try:
            return self.__dict__['arrays'][name]
        except KeyError:
            raise AttributeError(name) from None


class MechanismType:
    """Base class of a mechanism: its spec (class attributes) and its kernels.

    Spec
    ----
    name : NEURON's mechanism name (``hh``, ``IClamp``, ``na_ion``).
    type_index : NEURON's internal type number; kernels run in increasing type order.
    point, artificial : a point process; an artificial cell (no location, no per-step work).
    parameters : PARAMETER range variables and their defaults (in declaration order).
    assigned : ASSIGNED range variables (initial value 0).
    states : STATE variables (initial value 0).
    globals : GLOBAL variables (HOC names) and their defaults.
    ions : names of the ions used (each implies inserting ``<ion>_ion``); ``ion_use`` their
        (conc, rev) codes for nrn_promote (default (0, 1): reads e, writes the current).
    electrode_current : point process current adds to rhs (ELECTRODE_CURRENT) instead of
        subtracting; its current is the variable ``i``.
    hidden : variables not shown as range variables (hh's ina, ik: ion variables).
    array_params : array PARAMETERs (name -> length), stored as ``name[k]``.
    pointers, tables : POINTER variables, TABLE'd procedures.
    functions : FUNCTIONs and PROCEDUREs callable from HOC and Python (name ->
        :class:`~pyhoc.sim.mechfuncs.MechFunction`).
    net_receive_nargs : NET_RECEIVE's argument count (0: no NET_RECEIVE).
    kernels : the :class:`~pyhoc.sim.contract.Kernels` (None: Python methods only, never
        compiled).
    python_only : the kernels call Python (a .mod file's random numbers): they run as plain
        Python and a model with an instance takes its steps in Python.
    has_current, has_state : whether current()/advance() do anything (fixed_step skips
        the others).
    """

    name: ClassVar[str] = ''
    type_index: ClassVar[int] = 0
    point: ClassVar[bool] = False
    artificial: ClassVar[bool] = False
    parameters: ClassVar[dict[str, float]] = {}
    assigned: ClassVar[tuple[str, ...]] = ()
    states: ClassVar[tuple[str, ...]] = ()
    ions: ClassVar[tuple[str, ...]] = ()
    ion_use: ClassVar[dict[str, tuple[int, int]]] = {}
    ion_valence: ClassVar[dict[str, float]] = {}   # USEION ... VALENCE z: the ion's charge
    globals: ClassVar[dict[str, float]] = {}
    hidden: ClassVar[tuple[str, ...]] = ()
    array_params: ClassVar[dict[str, int]] = {}
    pointers: ClassVar[tuple[str, ...]] = ()
    tables: ClassVar[tuple[str, ...]] = ()
    net_receive_nargs: ClassVar[int] = 0
    kernels: ClassVar[Kernels | None] = None
    python_only: ClassVar[bool] = False
    has_current: ClassVar[bool] = True
    has_state: ClassVar[bool] = False
    is_ion: ClassVar[bool] = False
    functions: ClassVar[dict] = {}
    # node-steps one instance's fixed step costs on the NumPy path (backend.step_work): the
    # hand-written kernels are vectorised (1); a translated .mod runs a Python loop (many)
    numpy_work: ClassVar[int] = 1
    # blocks of at most scalar_max instances run the kernels as plain Python even where the
    # type has vectorised NumPy twins: a twin makes tens of NumPy calls of about a µs each
    # whatever the size (one hh instance: ~13 µs of kernel loop against ~50 µs of twin)
    scalar_max: ClassVar[int] = 0
    # CVode: each STATE's default atolscale (a .mod's ``<abstol>``, as a float), and a
    # KINETIC scheme's solve of its states with the scheme's matrix (else the diagonal)
    state_tolerances: ClassVar[dict[str, float]] = {}
    matsol: ClassVar[Callable | None] = None
    # the order of an instance's states in NEURON's CVode y (indices into ``states``; empty:
    # as declared), a KINETIC scheme's rows: the norms sum in it
    cvode_order: ClassVar[tuple] = ()
    # CVode: a kernel run each time y is placed in the model, before the currents (nocmodl's
    # _ode_synonym: a written ion concentration that is no STATE, cai = ca[0])
    ode_synonym: ClassVar[Callable | None] = None
    # LONGITUDINAL_DIFFUSION (pyhoc.sim.ldifus): one (state, ion position or -1, 'ci'/'co'/'',
    # flux current's ion position or -1) per species element, and the kernel that gives each
    # instance's volume, diffusion constant and d(flux)/dv; the NumPy path solves them
    ldifus: ClassVar[tuple] = ()
    # pointers that are another mechanism's GLOBAL (a .mod's EXTERNAL): set for every instance
    externals: ClassVar[tuple] = ()
    # POINTERs the .mod file never reads or writes: left unset, they point at nothing (a zero
    # of their own) where NEURON never follows them, instead of stopping the run
    pointers_unused: ClassVar[tuple] = ()
    ldifus_kernel: ClassVar[Callable | None] = None
    # scopmath's random functions in compiled code: the glob slot holding a copy of the
    # process's generator (-1: none; pyhoc.nmodl.runtime), copied back by rng_out()
    rng_slot: ClassVar[int] = -1
    # RANGE arrays HOC and Python see (name -> size; extracellular's, a .mod's), RANDOM
    # variables and a .mod point process's FUNCTIONs/PROCEDUREs (name -> its spec)
    array_vars: ClassVar[dict[str, int]] = {}
    randoms: ClassVar[tuple[str, ...]] = ()
    callables: ClassVar[dict] = {}
    # NET_RECEIVE(pp, weight, flag) and its INITIAL(pp, weight): None where the type has none
    net_receive: ClassVar[Callable | None] = None
    net_receive_init: ClassVar[Callable | None] = None

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        K = cls.__dict__.get('kernels')
        if K is not None and K.state is not None:
            cls.has_state = True

    def __init__(self, model):
        self.model = model
        self.global_values: dict[str, float] = dict(self.globals)

    # ---- variable catalogue
    @classmethod
    def all_defaults(cls) -> dict[str, float]:
        d = dict(cls.parameters)
        for name in cls.assigned + cls.states:
            d.setdefault(name, 0.0)
        return d

    @classmethod
    def range_names(cls) -> tuple[str, ...]:
        """Variable names in NEURON's order: parameters, assigned, states."""
        return tuple(cls.parameters) + cls.assigned + cls.states

    def hoc_name(self, var: str) -> str:
        """The HOC name of a range variable (``gnabar_hh``); point processes use bare names."""
        if self.point or self.is_ion:
            return var
        return '%s_%s' % (var, self.name)

    def kernel_globals(self) -> tuple[np.ndarray, np.ndarray]:
        """(glob, tab): the global values and tables the kernels read (contract)."""
        return _NO_GLOB

    def notify(self, blk: Block) -> None:
        """Python's part after a kernel returned contract.NOTIFY."""

    def rng_out(self) -> None:
        """After compiled code ran the kernels: the generator's value left at ``rng_slot``
        becomes the process's (types with ``rng_slot`` >= 0 only)."""

    def execerror_pending(self):
        """The error a compiled kernel raised and the compiled loop caught (hoc_execerror in
        a .mod's VERBATIM), or None."""
        return None

    def inserted(self, sec) -> None:
        """After ``sec.insert`` of this type (a type made from a HOC template makes its
        objects here)."""

    def runs_scalar(self, blk: Block) -> bool:
        """Whether a twin should hand ``blk`` to the kernels (plain Python): a block of at
        most ``scalar_max`` instances, with the C library's exp in use (the kernels' exp;
        a twin's NumPy exp may differ by an ulp)."""
        if blk.n > self.scalar_max:
            return False
        exact = self.model.exact_exp
        return backend.exact_exp_default() if exact is None else bool(exact)

    # ---- kernels; every method works on a whole block (default: the contract's kernels
    # run as plain Python; built-ins may override with vectorised NumPy twins)
    def initialize(self, blk: Block) -> None:
        """INITIAL block."""
        K = self.kernels
        if K is not None and K.init is not None:
            contract.run_python(self, blk, 'init', self.model.t, self.model.dt)

    def current(self, blk: Block) -> None:
        """BREAKPOINT currents: update model.rhs and store dI/dv in blk.g (nrn_cur)."""
        K = self.kernels
        if K is not None and K.cur is not None:
            contract.run_python(self, blk, 'cur', self.model.t, self.model.dt)

    def jacob(self, blk: Block) -> None:
        """Add the stored conductance to the diagonal (nrn_jacob)."""
        d = self.model.d
        ix, unique = node_index(blk)
        if self.point and not unique:      # several instances at one node: in slot order
            if self.electrode_current:
                np.subtract.at(d, blk.node, blk.g)
            else:
                np.add.at(d, blk.node, blk.g)
        elif self.point and self.electrode_current:
            d[ix] -= blk.g
        else:
            d[ix] += blk.g

    electrode_current: ClassVar[bool] = False

    def advance(self, blk: Block) -> None:
        """SOLVE ... METHOD cnexp (nrn_state)."""
        K = self.kernels
        if K is not None and K.state is not None:
            contract.run_python(self, blk, 'state', self.model.t, self.model.dt)

    @property
    def has_ode(self) -> bool:
        """Whether the variable step can integrate the states: an ode kernel, or a type's
        own derivatives_jacobian (KSChan's NumPy one)."""
        if self.kernels is not None and self.kernels.ode is not None:
            return True
        return type(self).derivatives_jacobian is not MechanismType.derivatives_jacobian

    def derivatives(self, blk: Block) -> list:
        """The DERIVATIVE block (nocmodl's ode_spec): one array per STATE."""
        return self.derivatives_jacobian(blk)[0]

    def derivatives_jacobian(self, blk: Block) -> tuple[list, list]:
        """The states' derivatives and the diagonal of their Jacobian (ode_spec,
        ode_matsol), one array per STATE."""
        return contract.ode_python(self, blk)

    def at_times(self, blk: Block) -> list:
        """at_time() discontinuities of the block's instances (CVode)."""
        K = self.kernels
        if K is None or K.at_times is None:
            return []
        return list(K.at_times(blk.arrays))

    # whether at_time() runs in the currents (a translated .mod's): CVode's initialization
    # finds the times (at_time_begin, at_time_end); the compiled local step's does not
    at_time_dynamic: ClassVar[bool] = False

    def set_vcv(self, mode: float) -> None:
        """CVode's mode, for kernels that read it (a translated .mod's at_time and its
        current READ and WRITE): 0 the fixed step, 1 CVode, 2 its initialization's f."""

    def at_time_begin(self, blk: Block, t0: float) -> bool:
        """CVode's initialization at t0 begins (its f is next): a mechanism whose at_time()
        is evaluated in its currents (a translated .mod) records each instance's next time;
        False for those whose at_time times are known without (at_times)."""
        return False

    def at_time_end(self, blk: Block) -> np.ndarray:
        """The initialization's f is done: each instance's earliest at_time time after t0."""
        return np.full(blk.n, math.inf)

    # ---- helpers for kernels
    def exp(self, x: np.ndarray) -> np.ndarray:
        return exp_array(x, self.model.exact_exp)

    def add_density_current(self, blk: Block, i_of_v) -> np.ndarray:
        """nocmodl's nrn_cur for a density mechanism: g by finite difference, rhs -= I(v).

        ``i_of_v(v)`` returns the total current at v (and may store the branch currents in
        the block); it is called at v+.001 first and then at v, as the generated code does.
        """
        model = self.model
        ix, _ = node_index(blk)
        v = model.v[ix]
        g_local = i_of_v(v + .001)
        rhs = i_of_v(v)
        g = blk.g
        np.subtract(g_local, rhs, out=g)
        g /= .001
        model.rhs[ix] -= rhs
        return rhs

    def add_point_current(self, blk: Block, i_of_v) -> None:
        """nocmodl's nrn_cur for a point process: scaled by 1e2/area of the node."""
        model = self.model
        ix, unique = node_index(blk)
        v = model.v[ix]
        g_local = i_of_v(v + .001)
        rhs = i_of_v(v)
        point_current_onto(model, blk, ix, unique, g_local, rhs, work(blk, 'prhs'),
                           self.electrode_current)


_NO_GLOB = (np.zeros(1), np.zeros((0, 0)))


FIRST_USER_INDEX = 25      # NEURON numbers mechanisms loaded after its built-ins from here


def register_mechanism(model, cls: type[MechanismType]) -> MechanismType:
    """Add mechanism type ``cls`` to ``model`` at run time, after the built-ins in type order
    (a type number is handed out unless the class has one); returns its instance.  HOC and
    Python names (``gbar_name``, ``new Name()``, ``h.Name``) come from the spec."""
    if cls.name in model.mech_types:
        raise ValueError('mechanism %s already exists' % cls.name)
    for ion in cls.ions:        # its ions first: they zero their currents before it writes
        valence = cls.ion_valence.get(ion)
        if ion + '_ion' not in model.mech_types:
            from .ions import make_ion
            register_mechanism(model, make_ion(ion, valence, 0))
        elif valence is not None:
            set_ion_charge(model.mech_types[ion + '_ion'], float(valence))
    mt = cls(model)
    if not cls.type_index:
        mt.type_index = next_type_index(model)
    install(model, mt)
    return mt


def set_ion_charge(ion_mt, valence: float) -> None:
    """A USEION's VALENCE for an ion that exists (eion.cpp's ion_reg): it sets the charge of
    an ion none gave one yet; a different charge than the one given is NEURON's fatal error."""
    if ion_mt.charge_defined and ion_mt.charge != valence:
        raise ValueError('%s ion charge defined differently in two USEION statements (%g and %g)'
                         % (ion_mt.name, valence, ion_mt.charge))
    ion_mt.charge = valence
    ion_mt.charge_defined = True


def next_type_index(model) -> int:
    """A type number after every existing one (NEURON appends types loaded at run time)."""
    used = [m.type_index for m in model.mech_types.values()]
    return max(used + [FIRST_USER_INDEX - 1]) + 1


EXTRACELL = 5           # extracellular's type number: the moved types go right after it


def memb_order(types) -> list:
    """NEURON's memb_order_, the order every kernel runs in: type order, except that each ion
    and each mechanism that writes an ion concentration is moved as it registers
    (nrn_writes_conc) to just after extracellular and the ions moved before it, so the
    concentration writers run before the mechanisms that read them, the last registered
    first.  (Listings, MechanismType and psection, stay in type number order.)"""
    order = sorted(types, key=lambda m: m.type_index)
    last = sum(1 for m in order if m.type_index <= EXTRACELL)
    for mt in list(order):
        if mt.is_ion or any(use[0] == 3 for use in mt.ion_use.values()):
            order.remove(mt)
            order.insert(last, mt)
            last += mt.is_ion
    return order


def install(model, mt: MechanismType) -> None:
    """Make the instance ``mt`` known by its names: a density mechanism's range variables
    (``var_name``) or the point-process class ``name``, and its globals."""
    from .. import registry
    model._structure_changed()
    model.mech_types[mt.name] = mt
    model.type_order = memb_order(model.mech_types.values())
    if mt.point:
        from ..pointprocess import point_class
        registry.POINT_PROCESSES.setdefault(mt.name, point_class(mt.name))
    else:
        for var in mt.range_names():
            model._range_index[mt.hoc_name(var)] = (mt.name, var)
        registry.MECHANISMS.add(mt.name)
        registry.RANGE_NAMES.update(mt.range_names() if mt.is_ion else ())
    registry.GLOBALS.update(mt.global_values)


def uninstall(model, mt: MechanismType) -> None:
    """Forget ``mt``'s names in ``model`` (before a rename or a change of its variables).
    The process's tables keep the name: they list what any Model may know, and each name
    counts only where its Model has the type (another interpreter may have one by that name)."""
    model._structure_changed()
    model.mech_types.pop(mt.name, None)
    for key in [k for k, (m, _) in model._range_index.items() if m == mt.name]:
        del model._range_index[key]


def point_current_onto(model, blk: Block, ix, unique: bool, i_plus: np.ndarray,
                       i_v: np.ndarray, out: np.ndarray, electrode: bool) -> None:
    """nocmodl's nrn_cur tail for a point process with currents i_plus at v+.001 and i_v at
    v (nA): blk.g = (i_plus - i_v)/.001 * mfact, then i_v * mfact (into ``out``, which may
    be i_plus) onto rhs, mfact = 1e2/area."""
    mfact = work(blk, 'mfact')
    np.divide(1.e2, model.area[ix], out=mfact)
    g = blk.g
    np.subtract(i_plus, i_v, out=g)
    g /= .001
    g *= mfact
    np.multiply(i_v, mfact, out=out)
    add_point_rhs(model.rhs, blk, ix, unique, out, electrode)


def node_index(blk: Block):
    """(index, unique) of the block's nodes: a slice where they are evenly spaced (so that
    model.v[index] is a view), and whether no node holds two instances."""
    c = blk.cache.get('node_index')
    if c is None:
        ix = index_of(blk.node)
        c = blk.cache['node_index'] = (ix, is_unique(ix))
    return c


def work(blk: Block, name: str, rows: int = 0) -> np.ndarray:
    """A persistent work array of the block (n, or (rows, n) values; contents undefined)."""
    buf = blk.cache.get(name)
    if buf is None:
        buf = blk.cache[name] = np.empty((rows, blk.n) if rows else blk.n)
    return buf


def add_point_rhs(rhs: np.ndarray, blk: Block, ix, unique: bool, x: np.ndarray,
                  electrode: bool) -> None:
    """rhs at the instances' nodes += x (ELECTRODE_CURRENT) or -= x, in slot order."""
    if unique:
        if electrode:
            rhs[ix] += x
        else:
            rhs[ix] -= x
    elif electrode:
        np.add.at(rhs, blk.node, x)
    else:
        np.subtract.at(rhs, blk.node, x)


def ion_map(blk: Block, ion: str) -> np.ndarray | None:
    """The instances' indices in the ion's block, or None where instance k is ion instance k
    (then the ion arrays are used whole, without indexing)."""
    key = 'ion_map_' + ion
    c = blk.cache.get(key, False)
    if c is False:
        idx = np.ascontiguousarray(blk.ion_index[ion], dtype=np.intp)
        iblk = blk.mtype.model.blocks.get(ion + '_ion')
        c = None if iblk is not None and is_identity(idx, iblk.n) else idx
        blk.cache[key] = c
    return c


def gather_v(model, blk: Block) -> np.ndarray:
    """v at the block's nodes: a view where they are evenly spaced, else a work array."""
    ix, _ = node_index(blk)
    if isinstance(ix, slice):
        return model.v[ix]
    return np.take(model.v, ix, out=work(blk, 'v'))


def cnexp_into(x: np.ndarray, xinf: np.ndarray, xtau: np.ndarray, dt: float, exact,
               buf: np.ndarray, in_range: bool = False) -> None:
    """cnexp (below) in place on x, with the work arrays buf[0:3] (shaped like x).
    ``in_range``: dt/tau is known to be at most 700 (exp needs no range check)."""
    a, e, b = buf[0], buf[1], buf[2]
    np.divide(-1.0, xtau, out=a)                 # a = -1/tau
    np.multiply(dt, a, out=e)
    exp_into(e, e, exact, in_range)
    np.subtract(1., e, out=e)                    # 1 - exp(dt*a)
    np.divide(xinf, xtau, out=b)
    np.negative(b, out=b)
    b /= a                                       # -(xinf/tau)/a - x
    b -= x
    e *= b
    x += e


def cnexp(x: np.ndarray, xinf: np.ndarray, xtau: np.ndarray, dt: float, exp) -> np.ndarray:
    """nocmodl's cnexp update of x' = (xinf - x)/xtau, in its exact expression shape."""
    a = -1.0 / xtau
    return x + (1. - exp(dt * a)) * (-(xinf / xtau) / a - x)
