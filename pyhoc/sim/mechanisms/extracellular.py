"""The ``extracellular`` mechanism's variables (nrn src/nrnoc/extcelln.cpp).

NEURON's two layers: ``xraxial[2]`` (MOhm/cm), ``xg[2]`` (S/cm2), ``xc[2]`` (uF/cm2),
``e_extracellular`` (mV), ``vext[2]`` (mV) and ``i_membrane`` (mA/cm2).  Array variables are
stored as one array per element (``xraxial0``, ``xraxial1``) and spelled ``xraxial[0]`` in
HOC; ``seg.extracellular.xraxial[0]`` and ``seg.xraxial[0]`` go through ``IndexedRange``.

The mechanism has no current of its own: the fixed step calls the hooks of
``pyhoc.sim.extracellular`` (the extra nodes, their coupling, the solve and the update).
"""
from __future__ import annotations

from .base import Block, MechanismType

NLAYER = 2
ARRAY_VARS = ('xraxial', 'xg', 'xc', 'vext')


class ExtracellularType(MechanismType):
    name = 'extracellular'
    type_index = 5
    parameters = {}
    for _k in range(NLAYER):
        parameters['xraxial%d' % _k] = 1e9
    for _k in range(NLAYER):
        parameters['xg%d' % _k] = 1e9
    for _k in range(NLAYER):
        parameters['xc%d' % _k] = 0.0
    parameters['e'] = 0.0
    del _k
    assigned = ('i_membrane',) + tuple('vext%d' % k for k in range(NLAYER)) + ('sav_g', 'sav_rhs')
    has_current = True
    array_vars = {name: NLAYER for name in ARRAY_VARS}

    def hoc_name(self, var: str) -> str:
        if var == 'e':
            return 'e_extracellular'
        if var in ('i_membrane', 'sav_g', 'sav_rhs'):
            return var
        return '%s[%s]' % (var.rstrip('0123456789'), var[len(var.rstrip('0123456789')):])

    def initialize(self, blk: Block) -> None:
        """extcell_init: vext = 0 and i_membrane = 0 at every extracellular node."""
        from .. import extracellular
        extracellular.initialize(self.model, blk)

    def current(self, blk: Block) -> None:
        pass

    def jacob(self, blk: Block) -> None:
        pass


class IndexedRange:
    """``seg.xraxial`` / ``seg.extracellular.xraxial`` / ``seg.cadifus.ca``: an array range
    variable (HOC name ``var``, elements ``var[k]``), indexable; ``ref``: its elements'
    pointers (``seg.cadifus._ref_ca[2]``)."""

    __slots__ = ('model', 'sec', 'x', 'var', 'n', 'ref')

    def __init__(self, model, sec, x: float, var: str, n: int, ref: bool = False):
        self.model, self.sec, self.x, self.var, self.n, self.ref = model, sec, x, var, n, ref

    def _name(self, i) -> str:
        i = int(i)
        if not 0 <= i < self.n:
            raise IndexError('%s index %d out of range' % (self.var, i))
        return '%s[%d]' % (self.var, i)

    def __getitem__(self, i):
        if self.ref:
            return self.model.ref(self.sec, self._name(i), self.x)
        return self.model.range_get(self.sec, self._name(i), self.x)

    def __setitem__(self, i, value) -> None:
        self.model.range_set(self.sec, self._name(i), self.x, value)

    def __len__(self) -> int:
        return self.n

    def __iter__(self):
        return (self[i] for i in range(self.n))


def indexed_range(model, sec, x: float, name: str):
    """An IndexedRange for ``name`` (a HOC name, ``_ref_`` for pointers) at sec(x) if it is an
    array range variable (extracellular's layers, a .mod file's arrays), else None."""
    ref = name.startswith('_ref_')
    if ref:
        name = name[5:]
    first = model._range_index.get(name + '[0]')
    if first is None:
        return None
    mech = first[0]
    if not sec.has_mech(mech):
        raise AttributeError('%s, the mechanism does not exist at %s(%g)' % (name, sec.name(), x))
    n = 0
    while '%s[%d]' % (name, n) in model._range_index:
        n += 1
    return IndexedRange(model, sec, x, name, n, ref)
