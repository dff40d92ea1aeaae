"""scopmath's ``stepforce(t, "file")``: a forcing function read from a data file, the value at
the last base point at or below t (no interpolation), as NEURON's scopmath/force.cpp reads it.

The file is NEURON's reference data format: six header lines, then "x y" pairs, each read as
a C float (``%e`` into float); the points are sorted by x (stably).  A t more than 10% of the
first (last) interval below the first (above the last) point stops the run.  Files are read
once per name, relative to the working directory, as C's fopen does.  The generated kernels
call it from Python (a mechanism that uses it runs on the NumPy path).
"""
from __future__ import annotations

import numpy as np

from ..errors import HocError

_TABLES: dict = {}


def _table(filename: str):
    tab = _TABLES.get(filename)
    if tab is None:
        try:
            with open(filename) as f:
                lines = f.read().splitlines()
        except OSError:
            raise HocError('stepforce: forcing function file %s not found' % filename) from None
        n = len(lines) - 6
        words = ' '.join(lines[6:]).split()
        vals = [float(np.float32(w)) for w in words[:2 * n]]
        pts = sorted(zip(vals[0::2], vals[1::2]), key=lambda p: p[0])
        if len(pts) < 2:
            raise HocError('stepforce: %s has fewer than 2 points' % filename)
        tab = _TABLES[filename] = ([p[0] for p in pts], [p[1] for p in pts])
    return tab


def stepforce(t: float, filename: str) -> float:
    """y of the last base point with x <= t (force.cpp's stepforce)."""
    x, y = _table(filename)
    n = len(x)
    if t < x[0] - 0.1 * (x[1] - x[0]) or t > x[n - 1] + 0.1 * (x[n - 1] - x[n - 2]):
        raise HocError('stepforce: %g is outside the range of the data in %s' % (t, filename))
    for i in range(n - 1):
        if t < x[i + 1]:
            return y[i]
    return y[n - 1]
