"""``install_vector_fitness()``: the Vector methods the Multiple Run Fitter's action-potential
fitness uses (NEURON's built-in feature mechanism): ``y.width(x, level)``,
``y.xfitness(x, xpeak, yval, xval)``, ``y.yfitness(x, xpeak, yval, xval)``, ``y.firstpeak()``.

As in NEURON they exist only once installed, then for every Vector of the process.
"""
from __future__ import annotations

from ...errors import HocError
from . import builtin


def _pair(y, x):
    ya, xa = y._a, x._a
    if len(xa) != len(ya):
        raise HocError('vectors not same size')
    return ya, xa


def width(self, x, level) -> float:
    """The x distance from the first y >= level to the next y <= level (0 for unequal sizes)."""
    y, xs = self._a, x._a
    n = len(xs)
    if n != len(y):
        return 0.0
    level = float(level)
    i1 = next((i for i in range(n) if y[i] >= level), n)
    i2 = next((i for i in range(i1 + 1, n) if y[i] <= level), n)
    if i2 >= n:     # (NEURON reads past the end here)
        raise HocError('Vector.width: the vector does not cross %g up and down' % level)
    return float(xs[i2] - xs[i1])


def xfitness(self, x, xpeak, yval, xval) -> float:
    """Sum of squared x errors, relative to the peak at xpeak, where y first reaches each
    yval going up (before the peak) then down; 1e9 when the data run out first."""
    y, xs = _pair(self, x)
    xpeak = float(xpeak)
    yv, xv = yval._a, xval._a
    if len(xv) == 0:
        return 1e9
    total, j, n, i = 0.0, 0, len(xs), 0
    rising = True
    while i < n:
        if j >= len(yv):
            raise HocError('Vector.xfitness: fewer y values than x values')
        if (y[i] >= yv[j]) if rising else (y[i] <= yv[j]):
            d = (xs[i] - xpeak) - xv[j]
            total += d * d
            j += 1
            if j >= len(xv):
                return float(total)
            if rising and xs[i] > xpeak:
                rising = False
        i += 1
    return 1e9


def yfitness(self, x, xpeak, yval, xval) -> float:
    """Sum of squared y errors at the first points whose x relative to xpeak reaches each xval;
    1e9 when the data run out first."""
    y, xs = _pair(self, x)
    xpeak = float(xpeak)
    yv, xv = yval._a, xval._a
    if len(xv) == 0:
        return 1e9
    total, j = 0.0, 0
    for i in range(len(xs)):
        if xs[i] - xpeak >= xv[j]:
            if j >= len(yv):
                raise HocError('Vector.yfitness: fewer y values than x values')
            d = y[i] - yv[j]
            total += d * d
            j += 1
            if j >= len(xv):
                return float(total)
    return 1e9


def firstpeak(self) -> float:
    """Index of the first local maximum at or above -20 (0 when none)."""
    y = self._a
    i, last = 0, len(y) - 1
    while i < last:
        if y[i] >= -20:
            if y[i] > y[i + 1]:
                return float(i)
            i += 1
        else:
            i += 2
    return 0.0


@builtin('install_vector_fitness')
def install_vector_fitness(interp) -> float:
    from .vector import Vector
    for fn in (width, xfitness, yfitness, firstpeak):
        setattr(Vector, fn.__name__, fn)
    return 1.0
