"""Mechanisms' FUNCTIONs and PROCEDUREs, callable as NEURON exposes them.

A mechanism type declares them in its ``functions`` table (name -> MechFunction); this module
is the one place that makes them callable: from HOC and ``h.`` as ``<name>_<suffix>`` on the
instance chosen by ``setdata_<suffix>(x)`` (every density mechanism has one), as methods of
``seg.<mech>`` on that segment's instance, and as methods of point processes.  A PROCEDURE
returns 1, as NEURON's generated HOC wrappers do.
"""
from __future__ import annotations

import weakref
from typing import Any, Callable

from ..errors import HocError


class MechFunction:
    """One FUNCTION or PROCEDURE: ``impl(mtype, instance, *args)`` returns its value
    (``instance`` reads and writes the instance's range variables by name, or is None for a
    function that uses none: then no setdata is needed).  ``nargs`` is the least number of
    arguments, numbers unless ``objects`` (a VERBATIM procedure's own arguments: passed as
    given, all of them).  (A plain class: a typing.NamedTuple compiles its annotations and
    its constructor's source, ~1.5M instructions of every process's start.)"""

    __slots__ = ('impl', 'nargs', 'procedure', 'uses_instance', 'objects')

    def __init__(self, impl: Callable, nargs: int, procedure: bool = False,
                 uses_instance: bool = True, objects: bool = False):
        self.impl, self.nargs, self.procedure = impl, nargs, procedure
        self.uses_instance, self.objects = uses_instance, objects


class Instance:
    """The range variables of one mechanism instance, by name (``inst['minf'] = x``)."""

    __slots__ = ('_get', '_set')

    def __init__(self, get: Callable[[str], float], set_: Callable[[str, float], None]):
        self._get, self._set = get, set_

    def __getitem__(self, var: str) -> float:
        return self._get(var)

    def __setitem__(self, var: str, value: float) -> None:
        self._set(var, float(value))


def density_instance(model, mt, sec, x: float) -> Instance:
    """The instance of density mechanism ``mt`` at ``sec(x)``."""
    return Instance(lambda var: model.range_get(sec, mt.hoc_name(var), x),
                    lambda var, val: model.range_set(sec, mt.hoc_name(var), x, val))


def point_instance(pp) -> Instance:
    """A point process' variables, ``v`` at its location, and ``pp`` itself (the object
    VERBATIM code keeps its data on)."""
    def get(var):
        if var == 'pp':
            return pp
        if var == 'v':
            seg = pp.get_segment()
            return 0.0 if seg is None else float(seg.v)
        return pp._model.pp_get(pp, var)
    return Instance(get, lambda var, val: pp._model.pp_set(pp, var, val))


def call(mt, fname: str, inst: Instance | None, args: tuple) -> float:
    """Call FUNCTION/PROCEDURE ``fname`` of ``mt`` with HOC's argument checks."""
    spec = mt.functions[fname]
    hoc = '%s_%s' % (fname, mt.name) if not mt.point else fname
    if len(args) < spec.nargs:
        raise HocError('%s not enough arguments' % hoc)
    vals = list(args) if spec.objects else [float(a) for a in args[:spec.nargs]]
    r = spec.impl(mt, inst if spec.uses_instance else None, *vals)
    return 1.0 if spec.procedure else float(r)


# ---- HOC names: <name>_<suffix> and setdata_<suffix>

def _setdata_table(model) -> dict:
    return model.__dict__.setdefault('_setdata', {})


def _location(args: tuple, current: Callable) -> tuple[Any, float]:
    """(section, x) of setdata's argument: a segment, or x on the current section."""
    if not args:
        return None, 0.
    a = args[0]
    if hasattr(a, 'sec') and hasattr(a, 'x'):
        return a.sec, float(a.x)
    return current(), float(a)


def setdata(model, mech: str, args: tuple, current: Callable) -> float:
    """``setdata_<mech>(x)``: later ``<fn>_<mech>()`` calls use the instance at x of the
    current section (a segment argument names both)."""
    if not args:
        raise HocError('setdata_%s not enough arguments' % mech)
    sec, x = _location(args, current)
    if not 0. <= x <= 1.:
        raise HocError('Arg out of range in user function')
    if not sec.has_mech(mech):
        raise HocError('%s mechanism not inserted in section %s' % (mech, sec.name()))
    _setdata_table(model)[mech] = (weakref.ref(sec), x, (sec._stamps or {}).get(mech))
    return 1.0


def _chosen(model, mt, fname: str) -> Instance:
    """The instance setdata chose, while it still exists (not uninserted, nor its section
    deleted)."""
    got = _setdata_table(model).get(mt.name)
    sec = None if got is None else got[0]()
    if sec is None or sec.deleted or not sec.has_mech(mt.name) or \
            (sec._stamps or {}).get(mt.name) != got[2]:
        raise HocError('No data for %s_%s. Requires prior call to setdata_%s and that the '
                       'specified mechanism instance still be in existence.'
                       % (fname, mt.name, mt.name))
    return density_instance(model, mt, sec, got[1])


# NEURON's density mechanisms written in C rather than NMODL have no setdata_<suffix>
_NO_SETDATA = ('extracellular', 'fastpas')


def hoc_names(model) -> list[str]:
    """Every ``<name>_<suffix>`` and ``setdata_<suffix>`` the model's mechanisms define."""
    out = []
    for mt in model.type_order:
        if mt.point or mt.is_ion:
            continue
        if mt.name not in _NO_SETDATA:
            out.append('setdata_' + mt.name)
        out.extend('%s_%s' % (f, mt.name) for f in mt.functions)
    return out


def hoc_function(model, name: str, current: Callable) -> Callable | None:
    """The HOC built-in ``name`` (``rates_hh``, ``setdata_pas``) as fn(interp, *args), or
    None if no mechanism defines it.  ``current()`` gives the current section."""
    k = name.find('_')
    while k > 0:
        fname, mech = name[:k], name[k + 1:]
        mt = model.mech_types.get(mech)
        if mt is not None and not mt.point and not mt.is_ion:
            if fname == 'setdata' and mech not in _NO_SETDATA:
                return lambda interp, *args: setdata(model, mech, args, current)
            if fname in mt.functions:
                def fn(interp, *args, _mt=mt, _f=fname):
                    spec = _mt.functions[_f]
                    inst = _chosen(model, _mt, _f) if spec.uses_instance and \
                        len(args) >= spec.nargs else None
                    return call(_mt, _f, inst, args)
                return fn
        k = name.find('_', k + 1)
    return None


class MechFunc:
    """A FUNCTION/PROCEDURE bound to one instance (NEURON's ``nrn.MechFunc``)."""

    __slots__ = ('_mt', '_fname', '_inst', '_label')

    def __init__(self, mt, fname: str, inst: Instance, label: str):
        self._mt, self._fname, self._inst, self._label = mt, fname, inst, label

    def __call__(self, *args) -> float:
        return call(self._mt, self._fname, self._inst, args)

    def __repr__(self) -> str:
        return self._label


def segment_method(model, mt, sec, x: float, fname: str) -> MechFunc | None:
    """``seg.hh.rates``: the function on that segment's instance, or None."""
    if fname not in mt.functions:
        return None
    return MechFunc(mt, fname, density_instance(model, mt, sec, x), '%s.%s' % (mt.name, fname))


def point_method(pp, fname: str) -> MechFunc | None:
    """``pp.fname``: a FUNCTION/PROCEDURE of the point process' type on it, or None."""
    mt = pp.__dict__.get('_mtype')
    if mt is None or fname not in mt.functions:
        return None
    return MechFunc(mt, fname, point_instance(pp), '%s.%s()' % (pp.hoc_name(), fname))


def setdata_feature(interp, *args) -> float:
    """``setdata_feature(x)``: NEURON's feature.mod (SUFFIX nothing: Vector's fitness
    methods) has no instance data to choose; it needs its argument like any setdata."""
    if not args:
        raise HocError('setdata_feature not enough arguments')
    return 1.0
