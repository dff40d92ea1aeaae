"""LONGITUDINAL_DIFFUSION: a mechanism's species diffusing along the sections, as NEURON's
ldifus.cpp solves it.

A mechanism type whose spec has ``ldifus`` (pyhoc.nmodl.kinetic.ldifus_kernel) couples each
instance's species to the instance of its parent node: the flux between the two is the mean of
their diffusion constants times cross-sections (``dc``), times 2/(dx_child + dx_parent) over
the volume (``vol``) and the segment length of each side (``rallbranch`` on a section's first
node's parent side).  The parent of an instance is its node's parent, or where that node has
no instance (a zero-area end node), that node's parent, or the first segment of the parent
section.

* the fixed step (``stagger``), after every mechanism's states: per species element, the
  backward Euler tree system (1/dt - diffusion) c_new = c/dt solved in node order;
* CVode's f (``ode``): the diffusion terms added to the species' derivatives;
* CVode's linear solve (``matsol``): the same tree system on the species' part of b, with
  gamma for dt and |d(flux)/d(conc)| of an ion current into it on the diagonal.

Ion concentration species act on the ion's concentration, as NEURON's do.  Only the NumPy path
runs them (pyhoc.sim.fused leaves such models to it).
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from . import contract
from .mechanisms.ions import ION_CI, ION_CO, ktf

if TYPE_CHECKING:
    from .model import Model


class _Tree:
    """One block's instances in node order, each one's parent instance and flux factors."""

    def __init__(self, model: 'Model', blk):
        nodes = np.asarray(blk.node)
        order = np.argsort(nodes, kind='stable')
        n = len(order)
        where = np.full(len(model.v), -1, dtype=np.intp)
        where[nodes[order]] = np.arange(n)
        owner: dict = {}
        for s in model.order:
            for k in range(s._nseg + 1):
                owner[s._node0 + k] = s
        parent = model.parent
        pindex = np.full(n, -1, dtype=np.intp)
        af, bf = np.zeros(n), np.zeros(n)
        for i in range(n):
            nd = int(nodes[order[i]])
            sec = owner[nd]
            p = int(parent[nd])
            pi = where[p]
            if pi < 0:                      # a zero-area node: its parent, or the parent
                pp = int(parent[p])         # section's first segment
                pi = where[pp] if pp >= 0 else -1
                if pi < 0 and sec._parent is not None:
                    pi = where[sec._parent._node0]
            pindex[i] = pi
            if pi >= 0:
                psec = owner[int(nodes[order[pi]])]
                rall = sec.rallbranch if nd == sec._node0 else 1.
                dxc = sec.L / float(sec._nseg)
                dxp = psec.L / float(psec._nseg)
                af[i] = 2 * rall / dxp / (dxc + dxp)
                bf[i] = 2 / dxc / (dxc + dxp)
        self.order, self.pindex, self.af, self.bf = order, pindex, af, bf
        self.n = n


def _tree(model: 'Model', blk) -> _Tree:
    key = (model.layout_version, model.geometry_version, id(blk))
    c = blk.cache.get('ldifus')
    if c is None or c[0] != key:
        c = blk.cache['ldifus'] = (key, _Tree(model, blk))
    return c[1]


def _coefs(model: 'Model', mt, blk, w: int, tr: _Tree):
    """dc, vol, dfdc of species element ``w``, in the tree's order."""
    n = blk.n
    dc, vol, dfdc = np.zeros(n), np.zeros(n), np.zeros(n)
    mt.ldifus_kernel(model.t, model.dt, model.v, model.rhs, model.area,
                     *contract.kernel_args(mt, blk), w, dc, vol, dfdc)
    o = tr.order
    return dc[o], vol[o], dfdc[o]


def _state(model: 'Model', mt, blk, item, tr: _Tree):
    """The species' values (an array) and the index of each instance in it, in tree order."""
    name, ion, row, _ = item
    if ion < 0:
        return blk.arrays[name], tr.order
    ib = model.blocks[mt.ions[ion] + '_ion']
    return ib.data[ION_CI if row == 'ci' else ION_CO], \
        np.asarray(blk.ion_index[mt.ions[ion]])[tr.order]


def _offdiag(tr: _Tree, dc, vol, sign: float):
    n = tr.n
    a, b = np.zeros(n), np.zeros(n)
    pindex, af, bf = tr.pindex, tr.af, tr.bf
    for i in range(n):
        pin = pindex[i]
        if pin > -1:
            d = (dc[i] + dc[pin]) / 2.
            a[i] = sign * af[i] * d / vol[pin]
            b[i] = sign * bf[i] * d / vol[i]
    return a, b


def _tree_solve(tr: _Tree, a, b, d, rhs, x: np.ndarray, at, dt: float) -> None:
    """d += 1/dt, rhs = x/dt with the couplings, the tree solve, x = the answer."""
    pindex = tr.pindex
    n = tr.n
    for i in range(n):
        pin = pindex[i]
        d[i] += 1. / dt
        rhs[i] = x[at[i]] / dt
        if pin > -1:
            d[i] -= b[i]
            d[pin] -= a[i]
    for i in range(n - 1, 0, -1):
        pin = pindex[i]
        if pin > -1:
            p = a[i] / d[i]
            d[pin] -= p * b[i]
            rhs[pin] -= p * rhs[i]
    for i in range(n):
        pin = pindex[i]
        if pin > -1:
            rhs[i] -= b[i] * rhs[pin]
        rhs[i] /= d[i]
    for i in range(n):
        x[at[i]] = rhs[i]


def mechanisms(model: 'Model', active) -> list:
    """The (type, block) pairs of ``active`` whose species diffuse."""
    return [(mt, blk) for mt, blk in active if mt.ldifus and blk.n]


def stagger(model: 'Model', items) -> None:
    """The fixed step's diffusion of every species, after the states (long_difus_solve 0)."""
    for mt, blk in items:
        tr = _tree(model, blk)
        for w, it in enumerate(mt.ldifus):
            dc, vol, _ = _coefs(model, mt, blk, w, tr)
            a, b = _offdiag(tr, dc, vol, -1.)
            x, at = _state(model, mt, blk, it, tr)
            _tree_solve(tr, a, b, np.zeros(tr.n), np.empty(tr.n), x, at, model.dt)


def ode(model: 'Model', items, ydot: np.ndarray, offs: dict) -> None:
    """CVode's f: the diffusion terms added to each species' derivative (long_difus_solve 1)."""
    for mt, blk in items:
        tr = _tree(model, blk)
        n = blk.n
        for w, it in enumerate(mt.ldifus):
            dc, vol, _ = _coefs(model, mt, blk, w, tr)
            a, b = _offdiag(tr, dc, vol, 1.)
            x, at = _state(model, mt, blk, it, tr)
            base = offs[mt.name] + mt.states.index(it[0]) * n
            o, pindex = tr.order, tr.pindex
            for i in range(tr.n):
                pin = pindex[i]
                if pin > -1:
                    dif = x[at[pin]] - x[at[i]]
                    ydot[base + o[i]] += dif * b[i]
                    ydot[base + o[pin]] -= dif * a[i]


def matsol(model: 'Model', items, bvec: np.ndarray, offs: dict, gamma: float) -> None:
    """CVode's linear solve of the species' part of b with the tree matrix at dt = gamma
    (long_difus_solve 2)."""
    for mt, blk in items:
        tr = _tree(model, blk)
        n = blk.n
        for w, it in enumerate(mt.ldifus):
            dc, vol, dfdc = _coefs(model, mt, blk, w, tr)
            a, b = _offdiag(tr, dc, vol, -1.)
            x, at = _state(model, mt, blk, it, tr)
            d = np.zeros(tr.n)
            fion = it[3]
            if fion >= 0:
                coef = ktf(model.celsius) / model.blocks[mt.ions[fion] + '_ion'].mtype.charge
                for i in range(tr.n):
                    df = coef * dfdc[i]
                    if df:
                        d[i] += math.fabs(df) / vol[i] / x[at[i]]
            base = offs[mt.name] + mt.states.index(it[0]) * n
            _tree_solve(tr, a, b, d, np.empty(tr.n), bvec, base + tr.order, gamma)
