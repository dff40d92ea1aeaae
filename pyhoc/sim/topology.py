"""Text reports and tree geometry helpers: topology(), psection(), distance(), define_shape().

The texts reproduce NEURON's printf layouts (nrn src/nrnoc/solve.cpp ``nrnhoc_topology``,
``dashes``; psection.cpp); define_shape follows treeset.cpp ``nrn_define_shape``, including
its float32 arithmetic.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from ..errors import HocError

if TYPE_CHECKING:
    from .model import Model
    from .section import Section


def _node_index_exact(sec: 'Section', x: float) -> int:
    if x == 0.:
        return -1 if not sec._orient else sec._nseg
    if x == 1.:
        return sec._nseg if not sec._orient else -1
    return sec._x_to_j(x)


def _dashes(sec: 'Section', offset: int, first: str, out: list[str]) -> None:
    i = int(sec._orient)
    direc = '(%d-%d)' % (i, 1 - i)
    line = ' ' * offset + first + '-' * max(sec._nseg - 1, 0)
    if sec.rallbranch == 1:
        out.append('%s|       %s%s\n' % (line, sec.name(), direc))
    else:
        out.append('%s|       %s%s with %g rall branches\n' % (line, sec.name(), direc,
                                                                 sec.rallbranch))
    for ch in reversed(sec._children):
        i = _node_index_exact(sec, ch._parent_x)
        out.append(' ')
        _dashes(ch, i + offset + 1, '`', out)


def topology_text(model: 'Model') -> str:
    out = ['\n']
    for sec in model.sections:
        if sec._parent is None:
            out.append('|')
            _dashes(sec, 0, '-', out)
    out.append('\n')
    return ''.join(out)


def _param_names(mt, sec, j: int) -> list[str]:
    """The variables psection shows: a mechanism's PARAMETERs; of an ion, those its style at
    node ``j`` makes parameters (NEURON's nrn_vartype: the reversal potential when its
    e_style is 1, the two concentrations when their c_style is 1; none for an ion no
    mechanism reads)."""
    if mt.is_ion:
        from .mechanisms.ions import STYLE
        arr, off = sec._slot(mt.name, STYLE)
        style = int(arr[off + j])
        names = ['e' + mt.ion] if (style & 0o30) >> 3 == 1 else []
        if style & 0o3 == 1:
            names += [mt.ion + 'i', mt.ion + 'o']
        return names
    return list(mt.parameters)


def psection_text(model: 'Model', sec: 'Section') -> str:
    lines = ['%s { nseg=%d  L=%g  Ra=%g' % (sec.name(), sec._nseg, sec.L, sec._Ra)]
    if sec.rallbranch != 1:
        lines[0] += ' rallbranch=%g' % sec.rallbranch
    if sec._parent is not None:
        lines.append('\t%s connect %s (%g), %g' % (sec._parent.name(), sec.name(),
                                                  sec._orient, sec._parent_x))
    else:
        model.ensure_built()
        lines.append('\t/*location %g attached to cell %d*/' % (sec._orient, sec._root_index))
    lines.append('\t/* First segment only */')
    j = 0
    # the first node's property list, oldest first: mechanisms and the point processes there
    j0 = 0
    stamps = sec._stamps or {}
    entries = [(stamps.get(name, -1), name) for name in reversed(sec._prop_order)]
    entries += [(getattr(p, '_stamp', -1), p) for p in sec.points if p._j == j0]
    entries.sort(key=lambda e: e[0])
    for _, name in entries:
        if not isinstance(name, str):
            mt = name._mtype
            parts = ''.join(' %s=%g' % (var, model.pp_get(name, var)) for var in mt.parameters)
            lines.append('\tinsert %s {%s}' % (mt.name, parts))
            continue
        if name == 'morphology':
            sec._geometry()
            lines.append('\tinsert morphology { diam=%g}' % sec._diam[j])
            continue
        if name == 'capacitance':
            arr, off = sec._slot('capacitance', 'cm')
            lines.append('\tinsert capacitance { cm=%g}' % arr[off + j])
            continue
        mt = model.mech_types[name]
        parts = []
        for var in _param_names(mt, sec, j):
            label = mt.hoc_name(var)
            if label.endswith('[0]'):       # an array shows its first element under its name
                label = label[:-3]
            elif label.endswith(']'):
                continue
            arr, off = sec._slot(name, var)
            parts.append(' %s=%g' % (label, arr[off + j]))
        lines.append('\tinsert %s {%s}' % (name, ''.join(parts)))
    lines.append('}')
    return '\n'.join(lines) + '\n'


def psection_dict(model: 'Model', sec: 'Section') -> dict:
    """A subset of NEURON's Python ``sec.psection()`` dictionary."""
    dens, ions = {}, {}
    for mt in sorted(model.type_order, key=lambda m: m.type_index):    # MechanismType order
        name = mt.name
        if mt.point or name not in sec._prop_order or name in ('morphology', 'capacitance'):
            continue
        vals = {var: [model.range_get(sec, mt.hoc_name(var), seg.x) for seg in sec]
                for var in mt.range_names()}
        (ions if mt.is_ion else dens)[mt.ion if mt.is_ion else name] = vals
    pps: dict = {}
    for p in sec.points:
        pps.setdefault(p.hoc_class_name, set()).add(p)
    pts = [tuple(float(sec._pts[k][i]) for k in range(4)) for i in range(sec.n3d())]
    return {'point_processes': pps, 'density_mechs': dens, 'ions': ions,
            'morphology': {'L': sec.L, 'diam': [model.range_get(sec, 'diam', s.x) for s in sec],
                           'pts3d': pts, 'parent': sec.parentseg(),
                           'trueparent': sec.trueparentseg()},
            'nseg': sec._nseg, 'Ra': sec._Ra,
            'cm': [model.range_get(sec, 'cm', s.x) for s in sec], 'regions': set(),
            'species': set(), 'name': sec.name(),
            'hoc_internal_name': sec.hoc_name or '__nrnsec_0x%x' % id(sec), 'cell': sec.cell()}


# ---------------------------------------------------------------------- distance
def _node_arc(sec: 'Section', x: float) -> float:
    """Arc position (0..1 from the 0-end) of the node that holds x (nrn_arc_position)."""
    j = sec._x_to_node(x)
    if j == -1:
        a = 0.
    elif j == sec._nseg:
        a = 1.
    else:
        a = (j + .5) / sec._nseg
    return 1. - a if sec._orient else a


def _path(sec: 'Section', arc: float):
    """[(section, arc position)] from a location up to its root."""
    out = [(sec, arc)]
    while sec._parent is not None:
        # the child hangs on the parent's node that holds the connection point
        arc = _node_arc(sec._parent, sec._parent_x)
        sec = sec._parent
        out.append((sec, arc))
    return out


def path_distance(sec1: 'Section', x1: float, sec2: 'Section', x2: float) -> float:
    """Path length (um) between the nodes holding sec1(x1) and sec2(x2); 1e20 if unconnected."""
    p1 = _path(sec1, _node_arc(sec1, x1))
    p2 = _path(sec2, _node_arc(sec2, x2))
    where2 = {id(s): k for k, (s, _) in enumerate(p2)}
    d1 = 0.
    for k1, (s, a) in enumerate(p1):
        if id(s) in where2:
            k2 = where2[id(s)]
            d2 = 0.
            for s2, a2 in p2[:k2]:
                d2 += abs(a2 - s2._orient) * s2.L
            return d1 + d2 + abs(a - p2[k2][1]) * s.L
        d1 += abs(a - s._orient) * s.L
    return 1e20


def distance(model: 'Model', sec, x: float, origin) -> float:
    """distance(sec, x) from the origin, or between ``origin`` (a Segment) and sec(x)."""
    if origin is None:
        origin = model.distance_origin
        if origin is None:
            raise HocError('Distance origin not valid. Need to initialize origin with distance()')
        osec, ox = origin
    else:
        osec, ox = origin.sec, origin.x
    return path_distance(osec, ox, sec, x)


def segment_volume(sec: 'Section', x: float) -> float:
    """Volume (um3) of the segment containing x; 0 at the ends (cylinders / frusta)."""
    if not 0. < x < 1.:
        return 0.
    n = sec._nseg
    length = sec.L / n
    iseg = int(x * n)
    if sec.n3d() > 1:
        arcs, ds = sec._pts[4], [abs(v) for v in sec._pts[3]]
        lo, hi = iseg * length, (iseg + 1) * length
        xs = [lo] + [a for a in arcs if lo < a < hi] + [hi]
        vol = 0.
        for a0, a1 in zip(xs[:-1], xs[1:]):
            d0, d1 = float(np.interp(a0, arcs, ds)), float(np.interp(a1, arcs, ds))
            vol += (a1 - a0) * (d0 * d0 + d0 * d1 + d1 * d1)
        return float(vol * math.pi / 12)
    d = sec.model.range_get(sec, 'diam', x)
    return float(math.pi * d * d / 4 * length)


# ---------------------------------------------------------------------- define_shape
def define_shape(model: 'Model') -> None:
    """Give every section without 3-D points a straight line of points (nrn_define_shape)."""
    model.ensure_built()
    f = np.float32
    for i, sec in enumerate(model.order):
        psec = sec._parent
        arc = sec._parent_x
        if psec is None:
            x, y, z, x1, y1 = f(0), f(0), f(i * 100.), f(1), f(0)
        else:
            px, py, pz = psec._pts[0], psec._pts[1], psec._pts[2]
            arc1 = arc if not psec._orient else 1. - arc
            x1 = f(f(px[-1]) - f(px[0]))
            y1 = f(f(py[-1]) - f(py[0]))
            if arc1 < .5:
                x1, y1 = -x1, -y1
            x = f(px[-1] * arc1 + px[0] * (1 - arc1))
            y = f(py[-1] * arc1 + py[0] * (1 - arc1))
            z = f(pz[-1] * arc1 + pz[0] * (1 - arc1))
        if sec.n3d():
            # pt3dstyle(1, x, y, z): the section keeps its points and is drawn joined to its
            # logical connection point, so it is not moved onto its parent
            if psec is not None and sec._logical_connection is None \
                    and not sec.model.pt3dconst:     # nrn_translate_shape
                dx, dy, dz = f(x - f(sec._pts[0][0])), f(y - f(sec._pts[1][0])), \
                    f(z - f(sec._pts[2][0]))
                for k, dd in ((0, dx), (1, dy), (2, dz)):
                    sec._pts[k] = [float(f(f(v) + dd)) for v in sec._pts[k]]
            continue
        if abs(float(y1)) < 1e-6 and abs(float(x1)) < 1e-6:
            angle = f(0.)
        else:
            angle = np.arctan2(y1, x1)
        if 0. < arc < 1.:
            angle = f(float(angle) + 3.14159265358979323846 / 2.)
        if psec is not None:
            same = [ch for ch in psec._children if ch._parent_x == arc]
            nch, ich = len(same), same.index(sec)
            if nch > 1:
                angle = f(float(angle) + ich / (nch - 1.) * .8 - .4)
        length = sec.L
        x1 = f(float(x) + length * float(np.cos(angle)))
        y1 = f(float(y) + length * float(np.sin(angle)))
        diam = sec._diam
        n = sec._nseg
        sec.pt3dadd(float(x), float(y), float(z), float(diam[0]))
        for j in range(n):
            frac = (j + .5) / n
            sec.pt3dadd(float(x) * (1 - frac) + float(x1) * frac,
                        float(y) * (1 - frac) + float(y1) * frac, float(z), float(diam[j]))
        sec.pt3dadd(float(x1), float(y1), float(z), float(diam[n - 1]))
        sec._pts[4][-1] = length
        sec._L = length
