"""numba kernels for the variable step method, imported only when the numba backend is in use
(see :mod:`pyhoc.sim.backend`).

The mechanism currents and conductances are the fixed step's compiled kernel
(``kernels_numba._currents``, driven through :class:`pyhoc.sim.fused._Plan`'s argument
tuples), and hh's rates its compiled TABLE lookup (``kernels_numba._hh_rates``); this
module adds only what CVode needs around them: the DERIVATIVE right-hand side and the diagonal
of its Jacobian (nocmodl's ode_spec / ode_matsol), the algebraic voltage of nodes without
capacitance, and the axial currents.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from .kernels_numba import _hh_rates


@njit(cache=True, fastmath=False, error_model='numpy')
def hh_ode(v, node, m, h, n, T, mfac, tmin, ydot, off, diag, minf, hinf, ninf, mtau, htau,
           ntau):
    """m' = (minf - m)/mtau ... into ydot[off:off+3n] (states m, h, n in blocks of n), and
    d(m')/dm = -1/mtau ... into diag[0:3n]; the rates kept in hh's range variables."""
    cnt = node.shape[0]
    r = np.empty(6)
    for j in range(cnt):
        _hh_rates(v[node[j]], T, mfac, tmin, r)
        minf[j], mtau[j], hinf[j], htau[j], ninf[j], ntau[j] = r[0], r[1], r[2], r[3], r[4], r[5]
        ydot[off + j] = (r[0] - m[j]) / r[1]
        ydot[off + cnt + j] = (r[2] - h[j]) / r[3]
        ydot[off + 2 * cnt + j] = (r[4] - n[j]) / r[5]
        diag[j] = -1.0 / r[1]
        diag[cnt + j] = -1.0 / r[3]
        diag[2 * cnt + j] = -1.0 / r[5]


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
def tree_solve(a, b, d, rhs, parent, ncell, capnode, cm3, gamma, bvec):
    """(I - gamma J) x = b for the voltages: d already holds the axial part and the membrane
    conductances; adds cm/gamma, solves the tree (NEURON's triang/bksub) and writes the
    voltage part of bvec."""
    n = d.shape[0]
    for i in range(n):
        rhs[i] = 0.0
    for j in range(capnode.shape[0]):
        c = cm3[j] / gamma
        d[capnode[j]] += c
        rhs[capnode[j]] = bvec[j] * c
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
