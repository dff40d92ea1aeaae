"""The simulator's HOC built-in functions (finitialize, topology, area, pt3dadd...).

Each takes the interpreter first, as every HOC built-in does; the registry in
``pyhoc.sim.registry`` names them, so they are imported only when a program uses one.
"""
from __future__ import annotations

import re

from ..errors import HocError


def _model(interp):
    return interp.model


def finitialize(interp, v=None):
    _model(interp).finitialize(None if v is None else float(v))
    return 1.0


def fadvance(interp):
    from . import fused        # one step, compiled when the model allows
    fused.advance(_model(interp), 1)
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


def area(interp, x=0.5):
    return float(_model(interp).seg_area(interp.model.stack.current(), float(x)))


def ri(interp, x=0.5):
    return float(_model(interp).seg_ri(interp.model.stack.current(), float(x)))


def secname(interp):
    sec = interp.model.stack.current()
    # sections made in Python (h.Section) are named _pysec.<name> in HOC, as in NEURON
    return sec.name() if sec.hoc_name is not None else '_pysec.' + sec.name()


def ismembrane(interp, mech):
    return 1.0 if interp.model.stack.current().has_membrane(str(mech)) else 0.0


def define_shape(interp):
    _model(interp).define_shape()
    return 1.0


def delete_section(interp):
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
    regex = str(pattern).replace('[', r'\[').replace(']', r'\]').replace('<', '[').replace('>', ']')
    return 1.0 if re.fullmatch(regex, sec.name()) else 0.0


def pop_section(interp):
    interp.model.stack.pop()
    return 1.0


def _pt3d(method):
    def call(interp, *args):
        r = getattr(interp.model.stack.current(), method)(*[float(a) for a in args])
        return 0.0 if r is None else float(r)
    return call


def pt3dadd(interp, x, y, z, d, *ignored):
    """pt3dadd(x, y, z, d), or pt3dadd(xvec, yvec, zvec, dvec) which replaces all the points as
    NEURON's does; arguments past the fourth are ignored, as NEURON ignores them (old models
    pass a fifth)."""
    sec = interp.model.stack.current()
    if hasattr(x, 'to_python'):
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
