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


# ---- stacks of outlines (one soma drawn at several depths)
def _col(raw: list, i: int) -> list:
    return [raw[0][i], raw[1][i], raw[2][i]]


def _edgelen(a: list, b: list) -> float:
    return math.sqrt(_dot([p - q for p, q in zip(a, b)], [p - q for p, q in zip(a, b)]))


def stk_center(raws: list) -> list:
    """The point halfway along the polyline through the outlines' centers."""
    cs = [contourcenter(list(r[0]), list(r[1]), list(r[2]))[0] for r in raws]
    lens = [0.]
    total = 0.
    for i in range(1, len(cs)):
        total += _edgelen(cs[i], cs[i - 1])
        lens.append(total)
    half = total / 2
    if half == 0:
        return cs[0]
    i = next(k for k, v in enumerate(lens) if v > half)
    th = (half - lens[i - 1]) / (lens[i] - lens[i - 1])
    return [th * cs[i][j] + (1 - th) * cs[i - 1][j] for j in range(3)]


def approximate_contour_by_circle(raw: list) -> tuple[list, float]:
    """An outline's center and diameter: its mean distance from the center plus its
    perimeter / 2 pi."""
    n = len(raw[0])
    perim = 0.
    for i in range(n):
        perim += _edgelen(_col(raw, i), _col(raw, (i + 1) % n))
    center, x, y, z = contourcenter(list(raw[0]), list(raw[1]), list(raw[2]))
    r = [math.sqrt(((a - center[0]) * (a - center[0]) + (b - center[1]) * (b - center[1]))
                   + (c - center[2]) * (c - center[2])) for a, b, c in zip(x, y, z)]
    return center, _mean(r) + perim / (2 * math.pi)


def _stk_contour_indices(raw: list, p: list) -> list:
    """The outline's point indices counterclockwise from the point nearest p, closed."""
    n = len(raw[0])
    idx = list(range(n))
    c = contourcenter(list(raw[0]), list(raw[1]), list(raw[2]))[0]
    x = [v - w for v, w in zip(_col(raw, 0), c)]
    y = [v - w for v, w in zip(_col(raw, 1), c)]
    if x[0] * y[1] - x[1] * y[0] > 0:
        idx.reverse()
    imin, dmin = -1, 1e9
    for i in range(n):
        d = _edgelen(_col(raw, idx[i]), p)
        if d < dmin:
            dmin, imin = d, i
    idx = idx[imin:] + idx[:imin]
    return idx + [idx[0]]


def _triangles(r1: list, r2: list) -> list:
    """Pairs of point indices (outline 1, outline 2) whose edges triangulate the band."""
    p = _col(r1, 0)
    i1, i2 = _stk_contour_indices(r1, p), _stk_contour_indices(r2, p)
    i = j = 0
    n1, n2 = len(i1) - 1, len(i2) - 1
    out = []
    while i < n1 or j < n2:
        out.append((i1[i], i2[j]))
        if i < n1 and j < n2:
            d1 = (r1[0][i1[i]] - r2[0][i2[j + 1]]) ** 2 + (r1[1][i1[i]] - r2[1][i2[j + 1]]) ** 2
            d2 = (r1[0][i1[i + 1]] - r2[0][i2[j]]) ** 2 + (r1[1][i1[i + 1]] - r2[1][i2[j]]) ** 2
            if d2 < d1:
                i += 1
            else:
                j += 1
        elif i < n1:
            i += 1
        else:
            j += 1
    out.append((i1[i], i2[j]))
    return out


def accurate_triangle_area(a: float, b: float, c: float) -> float:
    """Kahan's formula, sides sorted."""
    a, b, c = sorted((a, b, c))
    if a - (c - b) < 0:
        from ..errors import HocError
        raise HocError('accurate_triangle_area: not a triangle')
    return .25 * math.sqrt((c + (b + a)) * (a - (c - b)) * (a + (c - b)) * (c + (b - a)))


def stk_triang_area(raws: list) -> float:
    """The area of the bands between consecutive outlines of a stack."""
    area = 0.
    for r1, r2 in zip(raws, raws[1:]):
        trv = _triangles(r1, r2)
        i1, i2 = trv[0]
        a = _edgelen(_col(r1, i1), _col(r2, i2))
        for j1, j2 in trv[1:]:
            b = _edgelen(_col(r1, j1), _col(r2, j2))
            if i1 == j1:
                c = _edgelen(_col(r2, i2), _col(r2, j2))
            else:
                c = _edgelen(_col(r1, i1), _col(r1, j1))
            area += accurate_triangle_area(a, b, c)
            i1, i2, a = j1, j2, b
    return area


def stack2centroid(raws: list) -> tuple[list, list, list, list]:
    """x, y, z, diam of a stack's centroid: one point per outline."""
    xs, ys, zs, ds = [], [], [], []
    for r in raws:
        c, d = approximate_contour_by_circle(r)
        xs.append(c[0])
        ys.append(c[1])
        zs.append(c[2])
        ds.append(d)
    return xs, ys, zs, ds
