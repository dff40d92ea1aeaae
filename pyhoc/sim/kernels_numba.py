"""numba kernels for the fixed step's hot spots, imported only through :mod:`pyhoc.sim.backend`.

Each kernel performs exactly the operations of its NumPy/Python counterpart in the same order
(bit-identical results): ``fastmath`` stays off (no FMA contraction, no reassociation) and
``math.exp`` calls the C library's exp, as NEURON's compiled mechanisms do.
``cache=True`` keeps the machine code in __pycache__ so later processes do not recompile.
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit

EXP700 = math.exp(700.0)


@njit(cache=True, fastmath=False)
def hines_solve(a, b, d, rhs, parent, ncell):
    """hines.solve: triang from the last node to the first, then bksub (NEURON's solve.cpp)."""
    n = d.shape[0]
    for i in range(n - 1, ncell - 1, -1):       # triang
        p = a[i] / d[i]
        pi = parent[i]
        d[pi] -= p * b[i]
        rhs[pi] -= p * rhs[i]
    for i in range(ncell):                       # bksub
        rhs[i] /= d[i]
    for i in range(ncell, n):
        rhs[i] -= b[i] * rhs[parent[i]]
        rhs[i] /= d[i]


@njit(cache=True, fastmath=False)
def exp_array(x):
    """Elementwise hoc_Exp with libm exp: 0 below -700, exp(700) above 700 (1-D float64)."""
    n = x.shape[0]
    out = np.empty(n)
    for i in range(n):
        v = x[i]
        if v < -700.0:
            out[i] = 0.0
        elif v > 700.0:
            out[i] = EXP700
        else:
            out[i] = math.exp(v)
    return out
