"""Mechanism types and their structure-of-arrays blocks.

A mechanism type (hh, pas, IClamp...) is a small class of kernels over one block: a block holds
one 1-D float64 array per range variable over all instances, in NEURON's node order, plus the
node index of each instance.  Kernels follow the expression shapes nocmodl generates, so that
results match NEURON's bit for bit (see shared/design/exact-fixed-step.md).
"""
from __future__ import annotations

import math
from typing import ClassVar

import numpy as np

from .. import backend

EXP700 = math.exp(700.0)


def hoc_exp(x: float) -> float:
    """NEURON's hoc_Exp: exp with 0 below -700 and exp(700) above 700 (scalar, libm)."""
    if x < -700.0:
        return 0.0
    if x > 700.0:
        return EXP700
    return math.exp(x)


def exp_array(x: np.ndarray, exact: bool = True) -> np.ndarray:
    """Elementwise hoc_Exp.

    With ``exact`` the C library's exp is used (as NEURON's compiled mechanisms do); NumPy's
    SIMD exp may differ by one ulp on some machines.
    """
    if exact:
        k = backend.kernels()
        if k is not None and x.ndim == 1:        # compiled libm exp, same results
            return k.exp_array(np.ascontiguousarray(x, dtype=float))
        e = math.exp
        return np.fromiter((0.0 if v < -700.0 else (EXP700 if v > 700.0 else e(v))
                            for v in x.tolist()), dtype=float, count=x.size)
    with np.errstate(over='ignore'):
        out = np.exp(np.clip(x, None, 700.0))
    out[x < -700.0] = 0.0
    return out


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
        for name, default in mtype.all_defaults().items():
            self.arrays[name] = np.full(n, default, dtype=float)
        self.ion_index: dict[str, np.ndarray] = {}
        self.g = np.zeros(n)             # dI/dv of the last current() call (nocmodl's _g)
        self.objects: list = []          # point processes: a weakref.ref to each instance's object

    def __getattr__(self, name: str) -> np.ndarray:
        try:
            return self.__dict__['arrays'][name]
        except KeyError:
            raise AttributeError(name) from None


class MechanismType:
    """Base class of a mechanism: its variables and its kernels.

    Class attributes
    ----------------
    name : NEURON's mechanism name (``hh``, ``IClamp``, ``na_ion``).
    type_index : NEURON's internal type number; kernels run in increasing type order.
    point : True for point processes.
    parameters : PARAMETER range variables and their defaults (in declaration order).
    assigned : ASSIGNED range variables (initial value 0).
    states : STATE variables (initial value 0).
    ions : names of the ions used (each implies inserting ``<ion>_ion``).
    electrode_current : point process current adds to rhs (ELECTRODE_CURRENT) instead of
        subtracting.
    """

    name: ClassVar[str] = ''
    type_index: ClassVar[int] = 0
    point: ClassVar[bool] = False
    artificial: ClassVar[bool] = False
    parameters: ClassVar[dict[str, float]] = {}
    assigned: ClassVar[tuple[str, ...]] = ()
    states: ClassVar[tuple[str, ...]] = ()
    ions: ClassVar[tuple[str, ...]] = ()
    globals: ClassVar[dict[str, float]] = {}
    has_current: ClassVar[bool] = True
    has_state: ClassVar[bool] = False
    is_ion: ClassVar[bool] = False

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

    # ---- kernels; every method works on a whole block
    def initialize(self, blk: Block) -> None:
        """INITIAL block."""

    def current(self, blk: Block) -> None:
        """BREAKPOINT currents: update model.rhs and store dI/dv in blk.g (nrn_cur)."""

    def jacob(self, blk: Block) -> None:
        """Add the stored conductance to the diagonal (nrn_jacob)."""
        d = self.model.d
        if self.point:
            if self.electrode_current:
                np.subtract.at(d, blk.node, blk.g)
            else:
                np.add.at(d, blk.node, blk.g)
        else:
            d[blk.node] += blk.g

    electrode_current: ClassVar[bool] = False

    def advance(self, blk: Block) -> None:
        """SOLVE ... METHOD cnexp (nrn_state)."""

    # derivatives(blk) -> list of arrays, one per STATE (the DERIVATIVE block, nocmodl's
    # ode_spec), is defined by the mechanisms with states that the variable step supports.
    derivatives = None

    # ---- helpers for kernels
    def exp(self, x: np.ndarray) -> np.ndarray:
        return exp_array(x, self.model.exact_exp)

    def add_density_current(self, blk: Block, i_of_v) -> np.ndarray:
        """nocmodl's nrn_cur for a density mechanism: g by finite difference, rhs -= I(v).

        ``i_of_v(v)`` returns the total current at v (and may store the branch currents in
        the block); it is called at v+.001 first and then at v, as the generated code does.
        """
        model = self.model
        v = model.v[blk.node]
        g_local = i_of_v(v + .001)
        rhs = i_of_v(v)
        blk.g = (g_local - rhs) / .001
        model.rhs[blk.node] -= rhs
        return rhs

    def add_point_current(self, blk: Block, i_of_v) -> None:
        """nocmodl's nrn_cur for a point process: scaled by 1e2/area of the node."""
        model = self.model
        v = model.v[blk.node]
        g_local = i_of_v(v + .001)
        rhs = i_of_v(v)
        mfact = 1.e2 / model.area[blk.node]
        g = (g_local - rhs) / .001
        blk.g = g * mfact
        rhs = rhs * mfact
        if self.electrode_current:
            np.add.at(model.rhs, blk.node, rhs)
        else:
            np.subtract.at(model.rhs, blk.node, rhs)


def cnexp(x: np.ndarray, xinf: np.ndarray, xtau: np.ndarray, dt: float, exp) -> np.ndarray:
    """nocmodl's cnexp update of x' = (xinf - x)/xtau, in its exact expression shape."""
    a = -1.0 / xtau
    return x + (1. - exp(dt * a)) * (-(xinf / xtau) / a - x)
