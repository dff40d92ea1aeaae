"""Python's mechanism objects: ``h.hh``, ``h.pas`` (NEURON's ``neuron.DensityMechanism``).

``sec.insert(h.hh)`` takes one; ``h.hh.insert(sections)`` inserts into a section, a list or a
SectionList.  ``mechanism_member_names`` is what ``dir(seg.hh)`` lists; ``catalogued`` is the
list of mechanism types NEURON shows (MechanismType, dir(h)), structural ones included.
"""
from __future__ import annotations

from typing import Any


def _sections(where: Any) -> list:
    from .section import Section
    if isinstance(where, Section):
        return [where]
    try:
        return list(where)
    except TypeError:
        raise TypeError('argument must be a Section or an iterable of Sections') from None


class DensityMechanism:
    """A density mechanism type as Python sees it (``h.hh``)."""

    __slots__ = ('_model', '_mech_name')

    def __init__(self, model, name: str):
        self._model = model
        self._mech_name = name

    def insert(self, where: Any) -> None:
        """Insert this mechanism into a section or every section of an iterable."""
        for sec in _sections(where):
            sec.insert(self._mech_name)

    def uninsert(self, where: Any) -> None:
        for sec in _sections(where):
            sec.uninsert(self._mech_name)

    def ions(self) -> dict:
        mt = self._model.mech_types[self._mech_name]
        return {ion: None for ion in mt.ions}

    def __repr__(self) -> str:
        return "neuron.DensityMechanism('%s')" % self._mech_name

    __str__ = __repr__

    def __eq__(self, other) -> bool:
        return isinstance(other, DensityMechanism) and other._mech_name == self._mech_name

    def __hash__(self) -> int:
        return hash(('DensityMechanism', self._mech_name))


def density_mechanism(model, name: str) -> DensityMechanism | None:
    """``h.<name>`` for a density mechanism of the model, else None."""
    if name in ('capacitance', 'morphology'):
        raise TypeError('Cannot access %s (NEURON type 311) directly.' % name)
    mt = model.mech_types.get(name)
    if mt is None or mt.point:
        return None
    return DensityMechanism(model, name)


def mechanism_member_names(model, mech: str) -> list[str]:
    """Range variables, globals (without the suffix) and functions of a mechanism."""
    mt = model.mech_types[mech]
    names = list(mt.range_names())
    suffix = '_' + mech
    for g in mt.global_values:
        if g.endswith(suffix) and not g.startswith('usetable'):
            names.append(g[:-len(suffix)])
    names.extend(mt.functions)
    return names


def catalogued(model, point: bool) -> list:
    """The mechanism types NEURON lists (MechanismType(0) or (1)) in its order: the
    structural morphology and capacitance first, then by type number; an ion that
    ion_register has not brought in yet (ca_ion) is not listed, as in NEURON 9."""
    from .mechanisms.structural import STRUCTURAL
    types = [] if point else [cls(model) for cls in STRUCTURAL.values()]
    types += [mt for mt in sorted(model.type_order, key=lambda m: m.type_index)
              if bool(mt.point) == point and is_listed(mt)]
    return types


def catalogued_type(model, name: str):
    """The mechanism type ``name`` (structural ones included), or None."""
    mt = model.mech_types.get(name)
    if mt is None:
        from .mechanisms.structural import STRUCTURAL
        cls = STRUCTURAL.get(name)
        mt = None if cls is None else cls(model)
    return mt


def is_listed(mt) -> bool:
    return not mt.is_ion or mt.registered


def unlisted_names(model) -> set:
    """The names of the mechanisms NEURON does not list yet (ca_ion before
    ion_register("ca", 2)), with their variables and globals."""
    out: set = set()
    for mt in model.type_order:
        if not is_listed(mt):
            out.add(mt.name)
            out.update(mt.global_values)
            out.update(n for n, (mech, _) in model._range_index.items() if mech == mt.name)
    return out
