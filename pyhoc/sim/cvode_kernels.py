"""numba kernels for the variable step method, imported only when the numba backend is in use
(see :mod:`pyhoc.sim.backend`).

The mechanisms' currents, conductances, DERIVATIVE right-hand sides and Jacobian diagonals
are their kernels, called by the driver generated for the model (pyhoc.sim.contract:
``mech_currents``, ``mech_odes``); this module adds only what CVode needs around them and
names no mechanism: the algebraic voltage of nodes without capacitance, the axial currents,
the tree solve and the states' diagonal solve.
"""
from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, fastmath=False, error_model='numpy')
def axial(v, rhs, a, b, parent, ncell):
    """The axial currents into rhs (treeset.cpp)."""
    for i in range(ncell, v.shape[0]):
        p = parent[i]
        dv = v[p] - v[i]
        rhs[i] -= b[i] * dv
        rhs[p] += a[i] * dv


@njit(cache=True, fastmath=False, error_model='numpy')
def nocap_v(v, rhs, dmem, nocap, pos_of, parent, a, b, ncell):
    """occvode.cpp nocap_v: v at the nodes without capacitance from the membrane current there
    (rhs, conductance dmem) and the axial coupling to their neighbours.  pos_of[i] is the
    index of node i in nocap, or -1."""
    k = nocap.shape[0]
    r = np.empty(k)
    d = np.empty(k)
    for q in range(k):
        i = nocap[q]
        r[q] = rhs[i] + dmem[i] * v[i]
        d[q] = dmem[i]
        if i >= ncell:
            r[q] -= b[i] * v[parent[i]]
            d[q] -= b[i]
    for i in range(ncell, v.shape[0]):
        q = pos_of[parent[i]]
        if q >= 0:
            r[q] -= a[i] * v[i]
            d[q] -= a[i]
    for q in range(k):
        v[nocap[q]] = r[q] / d[q]


@njit(cache=True, fastmath=False, error_model='numpy')
def tree_solve(a, b, d, rhs, parent, ncell, capnode, cm, gamma, bvec):
    """(I - gamma J) x = b for the voltages: d holds the membrane conductances; adds
    .001 cm / gamma and the axial terms (Cvode::lhs, in its order), solves the tree (triang,
    bksub) and writes the voltage part of bvec."""
    n = d.shape[0]
    for i in range(n):
        rhs[i] = 0.0
    cfac = 0.001 * (1.0 / gamma)
    for j in range(capnode.shape[0]):
        c = cfac * cm[j]
        d[capnode[j]] += c
        rhs[capnode[j]] = bvec[j] * c
    for i in range(ncell, n):
        d[i] -= b[i]
        d[parent[i]] -= a[i]
    for i in range(n - 1, ncell - 1, -1):
        p = a[i] / d[i]
        pi = parent[i]
        d[pi] -= p * b[i]
        rhs[pi] -= p * rhs[i]
    for i in range(ncell):
        rhs[i] /= d[i]
    for i in range(ncell, n):
        rhs[i] -= b[i] * rhs[parent[i]]
        rhs[i] /= d[i]
    for j in range(capnode.shape[0]):
        bvec[j] = rhs[capnode[j]]


@njit(cache=True, fastmath=False, error_model='numpy')
def state_solve(bvec, off, diag, gamma):
    for j in range(diag.shape[0]):
        bvec[off + j] /= 1.0 - gamma * diag[j]
