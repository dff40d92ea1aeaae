"""Mechanism types made at run time (KSChan, make_mechanism): their names in a Model and in
the interpreter's name tables (pyhoc.sim.registry)."""
from __future__ import annotations

FIRST_RUNTIME_INDEX = 200     # after the built-in types and the ions registered at run time


def next_type_index(model) -> int:
    """A type index after every existing one (NEURON appends new types)."""
    used = [mt.type_index for mt in model.mech_types.values()]
    return max(used + [FIRST_RUNTIME_INDEX - 1]) + 1


def install(model, mt) -> None:
    """Make ``mt`` (an instance of a MechanismType subclass) known by its name: a density
    mechanism's range variables (``var_name``), or a point process class ``name``."""
    from .. import registry
    model._structure_changed()
    model.mech_types[mt.name] = mt
    model.type_order = sorted(model.mech_types.values(), key=lambda m: m.type_index)
    if mt.point:
        from ..pointprocess import POINT_CLASSES, PointProcess
        pcls = type(mt.name, (PointProcess,), {'mech_name': mt.name,
                                               'hoc_class_name': mt.name})
        POINT_CLASSES[mt.name] = pcls
        from ...base import lazy
        path = 'pyhoc.sim.mechanisms.runtime:' + mt.name
        lazy._LOADED[path] = pcls
        registry.POINT_PROCESSES[mt.name] = path
    else:
        for var in mt.range_names():
            model._range_index[mt.hoc_name(var)] = (mt.name, var)
        registry.MECHANISMS.add(mt.name)


def uninstall(model, mt) -> None:
    """Forget ``mt``'s names (before a rename or a change of its variables)."""
    from .. import registry
    model._structure_changed()
    model.mech_types.pop(mt.name, None)
    for key in [k for k, (m, _) in model._range_index.items() if m == mt.name]:
        del model._range_index[key]
    registry.MECHANISMS.discard(mt.name)
    registry.POINT_PROCESSES.pop(mt.name, None)
