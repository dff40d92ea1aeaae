"""The simulator's HOC built-in functions (finitialize, topology, area, pt3dadd...).

Each takes the interpreter first, as every HOC built-in does; the registry in
``pyhoc.sim.registry`` names them, so they are imported only when a program uses one.
"""
from __future__ import annotations

import re

from ..base.lazy import load
from ..base.regex import section_pattern
from ..errors import HocError, chkarg


def _model(interp):
    return interp.model


def finitialize(interp, v=None):
    _model(interp).finitialize(None if v is None else float(v))
    return 1.0


def fadvance(interp):
    """One step, compiled when the model allows (fused.advance, imported on first use and
    kept by base.lazy: a HOC loop calls this at every step)."""
    load('pyhoc.sim.fused:advance')(interp.model, 1)
    return 1.0


def fcurrent(interp):
    _model(interp).fcurrent()
    return 1.0


def topology(interp):
    interp.write(_model(interp).topology())
    return 1.0


def psection(interp):
    interp.write(_model(interp).psection(interp.model.stack.current()))
    return 1.0


def area(interp, x):
    return float(_model(interp).seg_area(interp.model.stack.current(), float(x)))


def ri(interp, x=0.5):
    return float(_model(interp).seg_ri(interp.model.stack.current(), float(x)))


def secname(interp, python_name=1.0):
    """The accessed section's name; sections made in Python (h.Section) are _pysec.<name>
    unless the argument is 0 (NEURON's secname(0): the plain name)."""
    if not 0.0 <= float(python_name) <= 1.0:
        raise HocError('Arg out of range in user function')
    sec = interp.model.stack.current()
    if sec.hoc_name is not None or float(python_name) == 0.0:
        return sec.name()
    return '_pysec.' + sec.name()


def ismembrane(interp, mech):
    return 1.0 if interp.model.stack.current().has_membrane(str(mech)) else 0.0


def define_shape(interp):
    _model(interp).define_shape()
    return 1.0


def delete_section(interp, *args):
    if args:        # (one built-in that refuses arguments, with NEURON's words)
        raise HocError('delete_section takes no positional arguments and deletes the HOC '
                       'currently accessed section. If using Python, did you mean a named arg '
                       'of the form, sec=section?')
    _model(interp).delete_section(interp.model.stack.current())
    return 1.0


def disconnect(interp):
    _model(interp).disconnect(interp.model.stack.current())
    return 0.0


def _loc(interp, arg):
    """(section, x) of a Segment argument or of x on the currently accessed section."""
    sec = getattr(arg, 'sec', None)
    if sec is not None and hasattr(arg, 'x'):
        sec._check()
        return sec, float(arg.x)
    if not isinstance(arg, (float, int)):
        raise HocError('distance: arguments must be numbers or segments')
    return interp.model.stack.current(), float(arg)


def distance(interp, *args):
    """distance(): origin at 0 of the current section; distance(0, x | seg): set the origin;
    distance(x | seg) or distance(1, x | seg): from the origin; distance(seg1, seg2)."""
    from .topology import path_distance
    model = _model(interp)
    if not args:
        model.distance_origin = (interp.model.stack.current(), 0.0)
        return 0.0
    if len(args) == 1:
        sec, x = _loc(interp, args[0])
        return float(model.distance(sec, x))
    if len(args) > 2:
        raise HocError('distance: wrong number of arguments')
    a, b = args
    if not isinstance(a, (float, int)):
        s1, x1 = _loc(interp, a)
        s2, x2 = _loc(interp, b)
        return float(path_distance(s1, x1, s2, x2))
    sec, x = _loc(interp, b)
    if float(a) == 0:
        model.distance_origin = (sec, x)
        return 0.0
    return float(model.distance(sec, x))


def issection(interp, pattern):
    sec = interp.model.stack.current()
    return 1.0 if re.fullmatch(section_pattern(str(pattern)), sec.name()) else 0.0


def pop_section(interp):
    interp.model.stack.pop()
    return 1.0


def _pt3d(method):
    def call(interp, *args):
        sec = interp.model.stack.current()
        if method in _POINT_VALUES:
            # (NEURON checks the index as a number, 0 <= i <= n3d() - 1, then truncates it)
            i = chkarg(args[0] if args else 0.0, 0, sec.n3d() - 1)
            return float(getattr(sec, method)(int(i)))
        r = getattr(sec, method)(*[float(a) for a in args])
        return 0.0 if r is None else float(r)
    return call


_POINT_VALUES = frozenset(('x3d', 'y3d', 'z3d', 'diam3d', 'arc3d'))


def pt3dadd(interp, x, y, z, d, *ignored):
    """pt3dadd(x, y, z, d), or pt3dadd(xvec, yvec, zvec, dvec) which replaces all the points as
    NEURON's does; arguments past the fourth are ignored, as NEURON ignores them (old models
    pass a fifth)."""
    sec = interp.model.stack.current()
    if type(x) is not float and hasattr(x, 'to_python'):
        for v in (y, z, d):
            if isinstance(v, float):
                raise HocError('bad stack access: expecting Object**; really double %g' % v)
            if not hasattr(v, 'to_python'):
                raise HocError('object type is %s instead of Vector' % (
                    'nullptr' if v is None else getattr(v, 'hoc_class_name', type(v).__name__)))
        sec.pt3dclear()
        for p in zip(x.to_python(), y.to_python(), z.to_python(), d.to_python()):
            sec.pt3dadd(*p)
    else:
        sec.pt3dadd(float(x), float(y), float(z), float(d))
    return 1.0


for _m in ('pt3dstyle', 'pt3dclear', 'pt3dinsert', 'pt3dremove', 'pt3dchange', 'n3d', 'x3d', 'y3d',
           'z3d', 'diam3d', 'arc3d'):
    globals()[_m] = _pt3d(_m)


def frecord_init(interp):
    """Restart every Vector.record (after states were changed following finitialize)."""
    from .record import frecord_init as _fri
    _fri(_model(interp))
    return 1.0


def _flag(model, attr: str, value) -> float:
    """Set a 0/1 simulator switch when given (NEURON's chkarg), return its previous value."""
    old = getattr(model, attr)
    if value is not None:
        v = float(value)
        if not 0. <= v <= 1.:
            raise HocError('Arg out of range in user function')
        setattr(model, attr, int(v))
    return float(old)


def initnrn(interp):
    """t, dt, celsius, secondorder back to their defaults (0, 0.025, 6.3, 0)."""
    _model(interp).initnrn()
    return 1.0


def keep_nseg_parm(interp, on):
    """keep_nseg_parm(0|1): whether an nseg change keeps the range values and mechanisms
    (1, the default) or makes fresh nodes; returns the previous setting."""
    return _flag(_model(interp), 'keep_nseg_parm', on)


def pt3dconst(interp, on=None):
    """pt3dconst([0|1]): with 1, changing diam or L leaves the 3-D points as they are;
    returns the previous setting."""
    return _flag(_model(interp), 'pt3dconst', on)


def spine3d(interp, i):
    """1 when 3-D point i of the current section is marked as a spine (negative diameter)."""
    return float(interp.sim.current().spine3d(i))


def setSpineArea(interp, area):
    """The area of one spine (um2); NEURON 9 keeps it but adds none to the segment areas."""
    model = _model(interp)
    model.spine_area = float(area)
    model._geom_dirty = True     # (as NEURON: sections already computed keep their areas)
    return model.spine_area


def getSpineArea(interp):
    return _model(interp).spine_area


def section_owner(interp):
    """The object (cell) whose template created the current section, else NULLobject."""
    return interp.sim.current().cell()


section_owner.hoc_returns_object = True


def print_local_memory_usage(interp):
    """A table of the bytes the model's arrays use (size and capacity), NEURON's layout.
    (NEURON means to refuse arguments, but its test, !ifarg(0), never does: they are
    ignored, as any surplus argument of a built-in.)"""
    interp.write(_model(interp).memory_usage())
    return 1.0


def fmatrix(interp, *args):
    """``fmatrix(x, i)``: the tree matrix at the node of x on the accessed section (or at a
    Segment): i = 1 a (its v in the parent's row), 2 d, 3 b (the parent's v in its row),
    4 rhs, as fcurrent or fadvance left them.  ``fmatrix()`` prints every node's b a d rhs."""
    model = _model(interp)
    model.ensure_built()
    if args:
        sec, x = _loc(interp, args[0])
        which = float(args[1]) if len(args) > 1 else 0.
        if not 1. <= which <= 4.:
            raise HocError('fmatrix arg 2 out of range')
        arr, i = sec._v_slot(sec._x_to_node(float(x)))
        if arr is not model.v:
            raise HocError('%s is not in the model' % sec.name())
        vec = (model.a, model.d, model.b, model.rhs)[int(which) - 1]
        return float(vec[int(i)])
    a, b, d, rhs = model.a, model.b, model.d, model.rhs
    interp.write(''.join('%d %g %g %g %g\n' % (i, b[i], a[i], d[i], rhs[i])
                         for i in range(len(model.v))))
    return 1.0
