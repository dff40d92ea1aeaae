"""Segment areas and axial resistances of one section, as NEURON's treeset.cpp computes them.

Without 3-D points segments are right cylinders (``nrn_area_ri``); with two or more 3-D points
NEURON integrates the frusta between the points over each half segment (``diam_from_list``),
which also sets the segment diameters.  3-D points are float32, arc lengths float64.
"""
from __future__ import annotations

import math
import struct

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
        rinv[inode] = 1. / (rparent + rleft)
        dsum *= .5 / ds
        if fabs(dsum - dl[inode]) > 1e-9 or dsum < 1e-5:
            diam[inode] = dsum
        area_out[inode] = area * .5 * PI
        rparent = ri
    area_out[nseg] = 1.e2
    rinv[nseg] = 1. / rparent
    return area_out, rinv
