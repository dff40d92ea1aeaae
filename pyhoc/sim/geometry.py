"""Segment areas and axial resistances of one section, as NEURON's treeset.cpp computes them.

Without 3-D points segments are right cylinders (``nrn_area_ri``); with two or more 3-D points
NEURON integrates the frusta between the points over each half segment (``diam_from_list``),
which also sets the segment diameters.  3-D points are float32, arc lengths float64.
"""
from __future__ import annotations

import math
import struct
from itertools import chain

import numpy as np

PI = math.pi


_F32 = struct.Struct('f')
_f32_pack, _f32_unpack = _F32.pack, _F32.unpack


def f32(x: float) -> float:
    """Round to the nearest float32 (NEURON stores 3-D points as C floats)."""
    try:
        return _f32_unpack(_f32_pack(x))[0]    # the C cast (float)x, as np.float32 does
    except OverflowError:                       # beyond float32's range: inf, as numpy gives
        return float(np.float32(x))


def cdiv(a: float, b: float) -> float:
    """a / b as C's double division gives it: a zero divisor gives +-inf, or nan for 0/0."""
    try:
        return a / b
    except ZeroDivisionError:
        if a != a or a == 0.:
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1., b)


def arc_lengths(x: list, y: list, z: list, i0: int, arc: list) -> None:
    """Recompute ``arc[i0:]`` as nrn_pt3dmodified does (float32 differences, double sums);
    ``x``, ``y``, ``z`` hold float32 values (as Section stores them).

    The difference of two float32 numbers computed in double and then rounded to float32 is
    the float32 difference (double has more than 2*24+2 bits), so this equals NEURON's
    ``float`` arithmetic."""
    n = len(x)
    if n == 0:
        return
    if i0 == 0:
        arc[0] = 0.0
        i0 = 1
    if i0 >= n:
        return
    sqrt = math.sqrt
    px, py, pz = x[i0 - 1], y[i0 - 1], z[i0 - 1]      # the points are float32 already
    for i in range(i0, n):
        cx, cy, cz = x[i], y[i], z[i]
        t1 = f32(cx - px)
        t2 = f32(cy - py)
        t3 = f32(cz - pz)
        arc[i] = arc[i - 1] + sqrt(t1 * t1 + t2 * t2 + t3 * t3)
        px, py, pz = cx, cy, cz


def cylinder_area_ri(L: float, diam: np.ndarray, Ra: float):
    """(area, rinv) per node (nseg centres + the 1-end) for cylindrical segments."""
    nseg = len(diam)
    area = np.empty(nseg + 1)
    rinv = np.empty(nseg + 1)
    dx = L / float(nseg)
    rright = 0.
    for j in range(nseg):
        d = float(diam[j])
        area[j] = PI * d * dx
        rleft = 1e-2 * Ra * (dx / 2) / (PI * d * d / 4.)
        rinv[j] = 1. / (rleft + rright)
        rright = rleft
    area[nseg] = 1.e2
    rinv[nseg] = 1. / rright
    return area, rinv


def frusta_area_ri(arc: list, d: list, nseg: int, Ra: float, diam: np.ndarray):
    """(area, rinv) per node from 3-D points, as lists; updates ``diam`` in place as NEURON
    does."""
    npt = len(arc)
    area_out = [0.] * (nseg + 1)
    rinv = [0.] * (nseg + 1)
    fabs, sqrt = math.fabs, math.sqrt
    dabs = [fabs(v) for v in d]
    dl = diam.tolist()
    ds = arc[npt - 1] / float(nseg)
    j = 0
    x1 = arc[0]
    y1 = dabs[0]
    rparent = 0.0
    ri = 0.0
    last = npt - 1
    for inode in range(nseg):
        si = float(inode) * ds
        dsum = 0.
        area = 0.
        rleft = 0.0
        for ihalf in range(2):
            ri = 0.
            sip = si + ds / 2.
            while True:
                jp = j + 1
                xj = arc[j]
                xjp = arc[jp]
                if xjp > sip or jp == last:
                    if fabs(xjp - xj) < 1e-10:
                        frac = 1.
                    else:
                        frac = (sip - xj) / (xjp - xj)
                    x2 = sip
                    y2 = (1. - frac) * dabs[j] + frac * dabs[jp]
                    jnext = j
                else:
                    x2 = xjp
                    y2 = dabs[jp]
                    jnext = jp
                delta = x2 - x1
                dsum += (y2 + y1) * delta
                if delta < 1e-15:
                    delta = 1e-15
                temp = y2 * y1 / delta
                if temp == 0:
                    temp = 1e-15
                ri += 1 / temp
                temp = .5 * (y2 - y1)
                temp = sqrt(delta * delta + temp * temp)
                area += (y2 + y1) * temp
                x1 = x2
                y1 = y2
                if j == jnext:
                    break
                j = jnext
            if ihalf == 0:
                rleft = ri * Ra / PI * (4. * .01)
            else:
                ri = ri * Ra / PI * (4. * .01)
            si = sip
        rinv[inode] = cdiv(1., rparent + rleft)
        dsum *= cdiv(.5, ds)      # zero-length points: nan, and the diameter is kept
        if fabs(dsum - dl[inode]) > 1e-9 or dsum < 1e-5:
            diam[inode] = dsum
        area_out[inode] = area * .5 * PI
        rparent = ri
    area_out[nseg] = 1.e2
    rinv[nseg] = cdiv(1., rparent)
    return area_out, rinv


def _segmented_sums(values: np.ndarray, group: np.ndarray, col: np.ndarray,
                    ngroups: int) -> np.ndarray:
    """Per group g, 0. + the values of g in ``col`` order, added one at a time as a Python
    loop adds them (``col``: each value's place in its group, from 1)."""
    grid = np.zeros((ngroups, int(col.max()) + 1))
    grid[group, col] = values
    return np.cumsum(grid, axis=1)[:, -1]


def frusta_many(arcs: list, d3: list, nsegs: list, Ras: list, diam: np.ndarray):
    """frusta_area_ri of many sections at once, the same numbers: ``arcs``, ``d3`` each
    section's 3-D arc lengths and diameters (two or more points, a finite length > 0),
    ``diam`` their segments' diameters side by side.  Returns (ok, area, rinv, diam): ok per
    section, False where frusta_area_ri would divide by zero (it is the word there); area
    and rinv nseg + 1 per section, diam nseg per section (as frusta_area_ri leaves them)."""
    nsec = len(arcs)
    npts = np.array([len(a) for a in arcs])
    ns = np.array(nsegs)
    p0 = np.concatenate(([0], np.cumsum(npts)[:-1]))        # each section's first point
    total = int(npts.sum())
    arc = np.fromiter(chain.from_iterable(arcs), float, total)
    dabs = np.abs(np.fromiter(chain.from_iterable(d3), float, total))
    last = p0 + npts - 1                                    # (global point indices)
    with np.errstate(all='ignore'):
        ds = arc[last] / ns
        # the half segments, section by section: node inode, then half 0 and 1
        nh = 2 * ns
        hsec = np.repeat(np.arange(nsec), nh)
        hidx = np.arange(len(hsec)) - np.repeat(np.concatenate(([0], np.cumsum(nh)[:-1])), nh)
        inode = hidx // 2
        second = (hidx % 2).astype(bool)
        hds = ds[hsec]
        sip = inode * hds + hds / 2.
        sip[second] = sip[second] + hds[second] / 2.
        # points each half passes: those of its section with arc <= its end, short of the
        # last point (a merge of the points and the ends, ties to the points)
        key_sec = np.concatenate((np.repeat(np.arange(nsec), npts), hsec))
        key_val = np.concatenate((arc, sip))
        key_typ = np.concatenate((np.zeros(len(arc), dtype=np.int8), np.ones(len(sip), dtype=np.int8)))
        order = np.lexsort((key_typ, key_val, key_sec))
        seen = np.cumsum(key_typ[order] == 0)               # points up to each place
        where = np.empty(len(order), dtype=np.intp)
        where[order] = np.arange(len(order))
        # (point indices: all sections' side by side, so a running max stays in its section)
        reach = np.maximum.accumulate(seen[where[len(arc):]] - 1)
        j_end = np.minimum(reach, last[hsec] - 1) - p0[hsec]    # the point each half stops at
        first_half = np.concatenate(([True], hsec[1:] != hsec[:-1]))
        j_start = np.where(first_half, 0, np.concatenate(([0], j_end[:-1])))
        # the pieces: the points passed, then the piece to the half's end
        npc = j_end - j_start + 1
        phalf = np.repeat(np.arange(len(hsec)), npc)
        pk = np.arange(len(phalf)) - np.repeat(np.concatenate(([0], np.cumsum(npc)[:-1])), npc)
        at_end = pk == npc[phalf] - 1
        psec = hsec[phalf]
        ppt = p0[psec] + j_start[phalf] + pk + 1            # the point a point piece ends at
        ppt[at_end] = 0
        je = p0[psec] + j_end[phalf]
        xj, xjp = arc[je], arc[np.minimum(je + 1, len(arc) - 1)]
        frac = np.where(np.fabs(xjp - xj) < 1e-10, 1., (sip[phalf] - xj) / (xjp - xj))
        x2 = np.where(at_end, sip[phalf], arc[ppt])
        y2 = np.where(at_end, (1. - frac) * dabs[je] + frac * dabs[np.minimum(je + 1, len(arc) - 1)],
                      dabs[ppt])
        first_piece = np.concatenate(([True], psec[1:] != psec[:-1]))
        x1 = np.where(first_piece, arc[p0[psec]], np.concatenate(([0.], x2[:-1])))
        y1 = np.where(first_piece, dabs[p0[psec]], np.concatenate(([0.], y2[:-1])))
        delta = x2 - x1
        dsum_t = (y2 + y1) * delta
        delta = np.where(delta < 1e-15, 1e-15, delta)
        temp = y2 * y1 / delta
        ri_t = 1 / np.where(temp == 0, 1e-15, temp)
        temp = .5 * (y2 - y1)
        area_t = (y2 + y1) * np.sqrt(delta * delta + temp * temp)
        # sums in order: ri per half; dsum and area per node (both halves)
        ri = _segmented_sums(ri_t, phalf, pk + 1, len(hsec))
        pnode = phalf // 2
        pcol = pk + 1 + np.where((phalf % 2).astype(bool), npc[phalf - 1], 0)
        nnode = len(hsec) // 2
        dsum = _segmented_sums(dsum_t, pnode, pcol, nnode)
        area = _segmented_sums(area_t, pnode, pcol, nnode)
        nsec_of = hsec[0::2]
        Ra = np.array(Ras, dtype=float)[nsec_of]
        rleft = ri[0::2] * Ra / PI * (4. * .01)
        rright = ri[1::2] * Ra / PI * (4. * .01)
        first_node = inode[0::2] == 0
        rparent = np.where(first_node, 0., np.concatenate(([0.], rright[:-1])))
        den = rparent + rleft
        rinv_nodes = 1. / den
        dsum = dsum * (.5 / ds[nsec_of])
        new_diam = np.where((np.fabs(dsum - diam) > 1e-9) | (dsum < 1e-5), dsum, diam)
        area_nodes = area * .5 * PI
        # nseg + 1 per section: the nodes, then the 1-end
        end_of = np.cumsum(ns)                               # one past each section's nodes
        rlast = rright[end_of - 1]
        out_area = np.insert(area_nodes, end_of, 1.e2)
        out_rinv = np.insert(rinv_nodes, end_of, 1. / rlast)
        ok = (rlast != 0.) & (np.add.reduceat((den == 0.).astype(int), end_of - ns) == 0)
    return ok, out_area, out_rinv, new_diam
