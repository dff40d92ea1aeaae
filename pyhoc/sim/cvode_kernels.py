"""numba kernels for the variable step method, imported only when the numba backend is in use
(see :mod:`pyhoc.sim.backend`).

The mechanisms' currents, conductances, DERIVATIVE right-hand sides and Jacobian diagonals
are their kernels, called by the driver generated for the model (pyhoc.sim.contract:
``mech_currents``, ``mech_odes``); this module adds only what CVode needs around them and
names no mechanism: the algebraic voltage of nodes without capacitance, the axial currents,
the tree solve and the states' diagonal solve.

Each works on the nodes of ``span`` = [r0, r1, lo1, hi1, lo2, hi2, ...]: the roots r0..r1-1
and the other nodes in the runs lo..hi-1 (ascending) of the cells it covers: [0, ncell,
ncell, n] for the whole model; one cell's root and its nodes (a run per depth in the tree,
as nodes are numbered) for the local step, pyhoc.sim.lvardt_numba.
"""
from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, fastmath=False, error_model='numpy')
def axial(v, rhs, a, b, parent, span):
    """The axial currents into rhs (treeset.cpp)."""
    for s in range(2, span.shape[0], 2):
        for i in range(span[s], span[s + 1]):
            p = parent[i]
            dv = v[p] - v[i]
            rhs[i] -= b[i] * dv
            rhs[p] += a[i] * dv


@njit(cache=True, fastmath=False, error_model='numpy')
def nocap_v(v, rhs, dmem, nocap, pos_of, parent, a, b, span):
    """occvode.cpp nocap_v: v at the nodes without capacitance from the membrane current there
    (rhs, conductance dmem) and the axial coupling to their neighbours.  nocap: the span's
    nodes without capacitance; pos_of[i] the index of node i in it, or -1."""
    nocap_into(v, rhs, dmem, nocap, pos_of, parent, a, b, span, np.empty(nocap.shape[0]),
               np.empty(nocap.shape[0]))


@njit(cache=True, fastmath=False, error_model='numpy')
def nocap_into(v, rhs, dmem, nocap, pos_of, parent, a, b, span, r, d):
    """nocap_v with its scratch r, d (each at least nocap's length) given: the compiled
    step's f allocates none."""
    k = nocap.shape[0]
    for q in range(k):
        i = nocap[q]
        r[q] = rhs[i] + dmem[i] * v[i]
        d[q] = dmem[i]
        if i >= span[2]:                # (not a root)
            r[q] -= b[i] * v[parent[i]]
            d[q] -= b[i]
    for s in range(2, span.shape[0], 2):
        for i in range(span[s], span[s + 1]):
            q = pos_of[parent[i]]
            if q >= 0:
                r[q] -= a[i] * v[i]
                d[q] -= a[i]
    for q in range(k):
        v[nocap[q]] = r[q] / d[q]


@njit(cache=True, fastmath=False, error_model='numpy')
def tree_solve(a, b, d, rhs, parent, span, capnode, cm, gamma, bvec):
    """(I - gamma J) x = b for the voltages: d holds the membrane conductances; adds
    .001 cm / gamma and the axial terms (Cvode::lhs, in its order), solves the tree (triang,
    bksub) and writes the voltage part of bvec."""
    nr = span.shape[0]
    for s in range(0, nr, 2):
        for i in range(span[s], span[s + 1]):
            rhs[i] = 0.0
    cfac = 0.001 * (1.0 / gamma)
    for j in range(capnode.shape[0]):
        c = cfac * cm[j]
        d[capnode[j]] += c
        rhs[capnode[j]] = bvec[j] * c
    for s in range(2, nr, 2):
        for i in range(span[s], span[s + 1]):
            d[i] -= b[i]
            d[parent[i]] -= a[i]
    for s in range(nr - 2, 0, -2):
        for i in range(span[s + 1] - 1, span[s] - 1, -1):
            p = a[i] / d[i]
            pi = parent[i]
            d[pi] -= p * b[i]
            rhs[pi] -= p * rhs[i]
    for i in range(span[0], span[1]):
        rhs[i] /= d[i]
    for s in range(2, nr, 2):
        for i in range(span[s], span[s + 1]):
            rhs[i] -= b[i] * rhs[parent[i]]
            rhs[i] /= d[i]
    for j in range(capnode.shape[0]):
        bvec[j] = rhs[capnode[j]]


@njit(cache=True, fastmath=False, error_model='numpy')
def span_zero(x, y, span):
    """x and y zero on the span's nodes."""
    for s in range(0, span.shape[0], 2):
        for i in range(span[s], span[s + 1]):
            x[i] = 0.0
            y[i] = 0.0


@njit(cache=True, fastmath=False, error_model='numpy')
def span_copy(out, x, span):
    """out = x on the span's nodes."""
    for s in range(0, span.shape[0], 2):
        for i in range(span[s], span[s + 1]):
            out[i] = x[i]


@njit(cache=True, fastmath=False, error_model='numpy')
def state_solve(bvec, off, diag, gamma):
    for j in range(diag.shape[0]):
        bvec[off + j] /= 1.0 - gamma * diag[j]
