"""Soma contours of Neurolucida files as NEURON's Import3d turns them into 3-D points.

A closed soma outline becomes a centroid: the outline is resampled at 101 points equally spaced
along its xy perimeter, the major axis of those points (largest eigenvalue of their scatter)
is the soma's axis, and 21 points along it carry the diameter across the outline.  A stack of
outlines (overlapping bounding boxes) becomes one point per outline: its center and the mean
of its radius by perimeter and by distance from the center.

The arithmetic follows NEURON 9's Vector operations (sums left to right, Vector.interpolate,
indgen's count) so the points agree to the last place that ``%.8g`` keeps; the eigenvectors
come from LAPACK instead of Eigen and may differ in the last bits.  Independent Python code.
"""
from __future__ import annotations

import math

import numpy as np


def _sum(v) -> float:
    """A sum from left to right (std::accumulate), not NumPy's pairwise one."""
    s = 0.
    for a in v:
        s += a
    return s


def _dot(a, b) -> float:
    s = 0.
    for p, q in zip(a, b):
        s += p * q
    return s


def _mean(v) -> float:
    return _sum(v) / len(v)


def interpolate(xd: list, xs: list, ys: list) -> list:
    """Vector.interpolate: ys(xs) at the points xd, linear, flat outside, repeated xs skipped."""
    nd, ns = len(xd), len(xs)
    yd = [0.] * nd
    i = 0
    while i < nd and xd[i] <= xs[0]:
        yd[i] = ys[0]
        i += 1
    for k in range(1, ns):
        if i >= nd:
            break
        if xs[k] <= xs[k - 1]:
            continue
        while xd[i] <= xs[k]:
            th = (xd[i] - xs[k - 1]) / (xs[k] - xs[k - 1])
            yd[i] = (1. - th) * ys[k - 1] + th * ys[k]
            i += 1
            if i >= nd:
                break
    while i < nd:
        yd[i] = ys[ns - 1]
        i += 1
    return yd


def indgen(start: float, stop: float, step: float) -> list:
    """Vector.indgen(start, stop, step): as many points as NEURON makes."""
    n = int(math.floor((stop - start) / step + 1e-9) + 1.)
    return [float(i) * step + start for i in range(n)]


def contourcenter(x: list, y: list, z: list) -> tuple[list, list, list, list]:
    """The outline resampled at 101 points along its xy perimeter (the closing edge left out),
    and their mean: (center, x, y, z)."""
    n = len(x)
    xc, yc = x + [x[0]], y + [y[0]]
    dx = [xc[i + 1] - xc[i] for i in range(n)]
    dy = [yc[i + 1] - yc[i] for i in range(n)]
    perim = [0.] * n
    for i in range(1, n):
        perim[i] = perim[i - 1] + math.sqrt(dx[i - 1] * dx[i - 1] + dy[i - 1] * dy[i - 1] + 0.)
    step = perim[n - 1] / 100
    d = [float(i) * step for i in range(101)]
    xs, ys, zs = (interpolate(d, perim, v) for v in (x, y, z))
    return [_mean(xs), _mean(ys), _mean(zs)], xs, ys, zs


def _monotonic(d: list, rad: list) -> None:
    """Drops points until d increases (Import3d's walk from the end, stepping back after each)."""
    j = len(d) - 1
    while j > 0:
        if d[j] <= d[j - 1]:
            del d[j]
            del rad[j]
            if j != len(d):
                j += 1
        j -= 1


def contour2centroid(x: list, y: list, z: list) -> tuple[list, list, list, list]:
    """x, y, z, diam of the 21 centroid points of a soma outline."""
    mean, x, y, z = contourcenter(x, y, z)
    pts = [[v - mean[k] for v in row] for k, row in enumerate((x, y, z))]
    m = np.zeros((3, 3))
    for i in range(3):
        for j in range(i, 3):
            m[i, j] = m[j, i] = _dot(pts[i], pts[j])
    w, vecs = np.linalg.eigh(m)
    imax, imin = int(np.argmax(w)), int(np.argmin(w))
    major = [float(v) for v in vecs[:, imax]]
    big = max(range(3), key=lambda k: (abs(major[k]), -k))
    if major[big] < 0:
        major = [-v for v in major]
    minor = [float(v) for v in vecs[:, 3 - imin - imax]]
    minor[2] = 0.
    mag = math.sqrt(_dot(minor, minor))
    if mag / (math.sqrt(_dot(major, major)) + 1e-100) < 1e-6:
        from ..errors import HocError
        raise HocError('Failed to compute soma centroid from contour.')
    minor = [v / mag for v in minor]
    n = len(pts[0])
    cols = [(pts[0][i], pts[1][i], pts[2][i]) for i in range(n)]
    d = [_dot(c, major) for c in cols]
    rad = [_dot(c, minor) for c in cols]
    imx = d.index(max(d))
    d, rad = d[imx:] + d[:imx], rad[imx:] + rad[:imx]
    imn = d.index(min(d))
    side2, rad2 = d[imn:], rad[imn:]
    d, rad = d[:imn][::-1], rad[:imn][::-1]
    _monotonic(d, rad)
    _monotonic(side2, rad2)
    both = sorted(d + side2)
    lo, hi = both[1], both[-2]
    t = indgen(lo, hi, (hi - lo) / 20)
    rad = interpolate(t, d, rad)
    rad2 = interpolate(t, side2, rad2)
    diam = [abs(a - b) for a, b in zip(rad, rad2)]
    xs, ys, zs = ([major[k] * v + mean[k] for v in t] for k in range(3))
    diam[0] = (diam[0] + diam[1]) / 2
    diam[-1] = (diam[-1] + diam[-2]) / 2
    return xs, ys, zs, diam
