"""``make_mechanism("suffix", "Template" [, "parm1 parm2 ..."])``: a density mechanism whose
instances are objects of a HOC template (NEURON's hocmech); ``make_pointprocess("Template")``
makes the template's own objects point processes.

Each segment that has the mechanism owns one object of the template, made when the mechanism
is inserted (its ``init()`` runs then).  The template's public scalar variables are the range
variables ``name_suffix`` (those listed in the third argument are PARAMETERs, the others
ASSIGNED); ``proc initial()`` runs at ``finitialize`` and ``proc after_step()`` after every
step's state update, each with the segment's section accessed and its x as argument.  The
mechanism has no current.  The range values live in the mechanism's arrays; they are copied
into the object before each call and back after it.
"""
from __future__ import annotations

import weakref
from typing import Any

from ...errors import HocError
from . import builtin


def _str(x: Any) -> str:
    return x.get() if hasattr(x, 'get') and not isinstance(x, str) else str(x)


@builtin('make_mechanism')
def make_mechanism(interp, suffix: Any, tname: Any, parnames: Any = '') -> float:
    from ...sim.mechanisms.base import install, next_type_index
    from ..interpreter import Frame
    from ..symbols import Kind
    suffix, tname = _str(suffix), _str(tname)
    model = interp.sim.model
    if suffix in model.mech_types or interp.resolve(Frame(interp.top), suffix) is not None:
        raise HocError('%s already exists' % suffix)
    sym = interp.resolve(Frame(interp.top), tname)
    if sym is None or sym.kind is not Kind.TEMPLATE:
        raise HocError('%s not a template' % tname)
    template = sym.value
    params = _str(parnames).split()
    scalars = sorted(n for n in template.public
                     if n not in template.functions and n not in template.section_names)
    unknown = [p for p in params if p not in scalars]
    if unknown:
        raise HocError('%s is not a public variable of %s' % (unknown[0], tname))
    cls = type('HocMech_%s' % suffix, (_base(),), {
        'name': suffix, 'type_index': next_type_index(model),
        'parameters': {p: 0.0 for p in params},
        'assigned': tuple(n for n in scalars if n not in params),
        'has_current': False,
        'has_state': 'after_step' in template.functions,
        'template': template, 'interp_ref': weakref.ref(interp)})
    install(model, cls(model))
    return 1.0


@builtin('make_pointprocess')
def make_pointprocess(interp, tname: Any, parnames: Any = '') -> float:
    """The template becomes a point process: ``new Name(x)`` (or ``new Name(seg)``) makes an
    object located there, with ``loc``, ``get_loc`` and ``has_loc``; its public variables are
    read and written on the object itself."""
    from ...sim.mechanisms.base import memb_order, next_type_index
    from ...sim.pointprocess import PointProcess
    from ..interpreter import Frame
    from ..symbols import Kind
    tname = _str(tname)
    model = interp.sim.model
    sym = interp.resolve(Frame(interp.top), tname)
    if sym is None or sym.kind is not Kind.TEMPLATE:
        raise HocError('%s not a template' % tname)
    template = sym.value
    if template.registry.instances():
        raise HocError("Can't make a template into a PointProcess when instances already exist")
    if tname in model.mech_types:
        raise HocError('%s already exists' % tname)
    for name in ('loc', 'get_loc', 'has_loc'):
        if name in template.functions or name in template.public:
            raise HocError('%s already exists' % name)
    params = _str(parnames).split()
    unknown = [p for p in params if p not in template.public]
    if unknown:
        raise HocError('%s is not a public variable of %s' % (unknown[0], tname))
    cls = type('HocPoint_%s' % tname, (_base(),), {
        'name': tname, 'type_index': next_type_index(model), 'point': True,
        'parameters': {}, 'assigned': (), 'has_current': False,
        'has_state': 'after_step' in template.functions,
        'template': template, 'interp_ref': weakref.ref(interp)})
    mt = cls(model)
    model._structure_changed()
    model.mech_types[tname] = mt
    model.type_order = memb_order(model.mech_types.values())
    carrier = type('_Located_%s' % tname, (PointProcess,),
                   {'mech_name': tname, 'hoc_class_name': '_Located_%s' % tname})

    def attach(obj, args) -> None:
        """``new Name(...)``: the object gets its location (its first argument, if any)."""
        pp = carrier(None, model=model)
        pp.__dict__['_hoc_obj'] = weakref.ref(obj)
        object.__setattr__(obj, '_located', pp)
        if args:
            _loc(interp, pp, args[0])
    template.point_hook = attach
    for name, fn in (('loc', lambda pp, a: _loc(interp, pp, a[0]) if a else _noarg()),
                     ('get_loc', lambda pp, a: pp.get_loc()),
                     ('has_loc', lambda pp, a: float(pp.has_loc()))):
        template.functions[name] = _method(name, fn, template)
        template.public.add(name)
    return 1.0


def _noarg():
    raise HocError('no argument')


def _loc(interp, pp, arg) -> float:
    return float(pp.loc(arg))


def _method(name: str, fn, template):
    """A template function implemented in Python: fn(located point, args) -> value."""
    from ..signals import ReturnSignal
    from ..symbols import Kind, Sym
    from ..templates import Function

    def body(fr):
        obj = fr.ns.owner
        raise ReturnSignal(fn(obj.__dict__['_located'], fr.args))
    return Sym(name, Kind.FUNC, Function(name, Kind.FUNC, body, [], [], template, None))


_BASE: list = []


def _base() -> type:
    """The kernels of the template mechanisms (made on first use: the simulator loads then)."""
    if _BASE:
        return _BASE[0]
    from ...sim.mechanisms.base import MechanismType

    class HocMechType(MechanismType):
        template: Any = None
        interp_ref: Any = None

        def __init__(self, model):
            super().__init__(model)
            self._objects: dict = {}     # (id(section), segment index) -> (section ref, object)

        def _vars(self) -> tuple:
            return tuple(self.parameters) + self.assigned

        def _object(self, sec, j: int, arrays=None):
            """The segment's object; made (and its values copied out) on first use."""
            key = (id(sec), j)
            entry = self._objects.get(key)
            if entry is not None and entry[0]() is sec:
                return entry[1]
            interp = self.interp_ref()
            obj = interp.instantiate(self.template, [])
            self._objects[key] = (weakref.ref(sec), obj)
            if arrays is not None:
                for var in self._vars():
                    arrays[var][j] = float(interp.get_member(obj, var))
            return obj

        def inserted(self, sec) -> None:
            """NEURON makes the objects when the mechanism is inserted."""
            arrays = sec._mechs[self.name]
            for j in range(sec._nseg):
                self._object(sec, j, arrays)

        def _slots(self, blk):
            c = blk.cache.get('hocmech_slots')
            if c is None:
                c = []
                for sec in self.model.order:
                    if sec.has_mech(self.name):
                        off = sec._offsets[self.name]
                        c.extend((sec, j, off + j) for j in range(sec._nseg))
                blk.cache['hocmech_slots'] = c
            return c

        def _call(self, blk, proc: str) -> None:
            if proc not in self.template.functions:
                return
            interp = self.interp_ref()
            from ..interpreter import Frame
            if self.point:                 # the variables are the objects' own
                func = self.template.functions[proc].value
                for ref in list(blk.objects):
                    pp = ref()
                    obj = pp.__dict__['_hoc_obj']() if pp is not None else None
                    if obj is None or pp._sec is None:
                        continue
                    interp.sim.push(pp._sec)
                    try:
                        interp.call_user(Frame(interp.top), func, [pp._x()], obj)
                    finally:
                        interp.sim.pop()
                return
            names = self._vars()
            func = self.template.functions[proc].value
            for sec, j, k in self._slots(blk):
                obj = self._object(sec, j)
                for var in names:
                    interp.set_member(obj, var, float(blk.arrays[var][k]))
                interp.sim.push(sec)
                try:
                    x = (j + .5) / sec._nseg
                    x = 1. - x if sec._orient else x
                    interp.call_user(Frame(interp.top), func, [x], obj)
                finally:
                    interp.sim.pop()
                for var in names:
                    blk.arrays[var][k] = float(interp.get_member(obj, var))

        def initialize(self, blk) -> None:
            self._call(blk, 'initial')

        def advance(self, blk) -> None:
            self._call(blk, 'after_step')

        def current(self, blk) -> None:
            pass

        def jacob(self, blk) -> None:
            pass

        derivatives = None

    _BASE.append(HocMechType)
    return HocMechType
