"""The extracellular mechanism's nodes, matrix and update (nrn extcelln.cpp, treeset.cpp).

Every node of a section with ``extracellular`` (its nseg segment nodes and its x=1 node, and
the root node when the section owns it) gets ``nlayer`` extracellular nodes.  The fixed step
then solves for (dvi, dvx) with vi = vm + vx, as NEURON does with sparse13:

* internal row i: the usual tree row (membrane, capacitance, axial) plus ``-d_m`` in the
  column of layer 0 of node i, where d_m is the membrane part of the diagonal
  (cm*cj/1000 + di/dvm, without electrode currents);
* layer j row: d_m (layer 0) + xg/xc couplings to the neighbouring layers / ground (not for
  the x=1 and root nodes, whose xg = xc = 0), the extracellular axial terms
  (1e-4*xraxial*dx/2 half-segment resistances) and ``-d_m`` in the column of node i;
* right-hand sides: i_m(vm) on layer 0, axial currents computed from vi on the internal
  rows, xg*(vx - e_extracellular) on the last layer.

The update is nrn_update_2d: vx += dvx, vm -= dvx[0] and i_membrane = d_m*dvm + i_m.
Electrode currents (IClamp) are taken as independent of v (NEURON evaluates them at vi).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .mechanisms.extracellular import NLAYER
from ..errors import HocError

if TYPE_CHECKING:
    from .model import Model

NAME = 'extracellular'


class ExtState:
    """Index arrays of the extracellular nodes of one layout of the model."""

    def __init__(self, model: 'Model', blk):
        self.version = model.layout_version
        nb = blk.n
        seg_nodes = blk.node.copy()
        end_nodes, root_nodes, last_seg, dxs, end_dx = [], [], [], [], []
        rall0 = np.ones(nb)
        first = np.zeros(nb, dtype=bool)
        dx = np.zeros(nb)
        for s in model.order:
            if not s.has_mech(NAME):
                continue
            off = s._offsets[NAME]
            ns = s._nseg
            d = s.L / ns
            dx[off:off + ns] = d
            first[off] = True
            rall0[off] = s.rallbranch
            end_nodes.append(s._node0 + ns)
            last_seg.append(off + ns - 1)
            if s._parent is None:
                root_nodes.append(s._root_index)
        self.nb = nb
        self.nodes = np.concatenate([seg_nodes, np.array(end_nodes, dtype=np.intp),
                                     np.array(root_nodes, dtype=np.intp)]).astype(np.intp)
        m = self.m = len(self.nodes)
        self.ne = len(end_nodes)
        self.dx = dx
        self.first = first
        self.rall0 = rall0
        self.last_seg = np.array(last_seg, dtype=np.intp)
        n = len(model.v)
        eidx = np.full(n, -1, dtype=np.intp)
        eidx[self.nodes] = np.arange(m)
        self.eidx = eidx
        par = model.parent[self.nodes]
        self.has_parent = np.nonzero(par >= 0)[0]          # ext indices with a parent node
        self.pnode = par[self.has_parent]
        pe = eidx[self.pnode]
        self.ext_pair = self.has_parent[pe >= 0]            # ext index k with ext parent
        self.ext_pair_p = pe[pe >= 0]
        self.sealed = self.has_parent[pe < 0]               # parent has no extnode
        nc = model.ncell
        kids = np.arange(nc, n)
        mask = (eidx[kids] < 0) & (eidx[model.parent[kids]] >= 0)
        self.children = kids[mask]                          # _ecell_children
        self.vx = np.zeros((NLAYER, m))
        self.sav_g = np.zeros(m)
        self.sav_rhs = np.zeros(m)
        self.i_mem = np.zeros(m)
        for j in range(NLAYER):
            self.vx[j, :nb] = blk.arrays['vext%d' % j]
        self.dvx = np.zeros((NLAYER, m))

    def params(self, blk):
        """xg, xc (nlayer x m, zero at the end and root nodes), e (m)."""
        nb, m = self.nb, self.m
        xg = np.zeros((NLAYER, m))
        xc = np.zeros((NLAYER, m))
        e = np.zeros(m)
        for j in range(NLAYER):
            xg[j, :nb] = blk.arrays['xg%d' % j]
            xc[j, :nb] = blk.arrays['xc%d' % j]
        e[:nb] = blk.arrays['e']
        return xg, xc, e

    def coef(self, model: 'Model', blk):
        """ext_con_coef: the extracellular a and b (nlayer x m)."""
        nb, m = self.nb, self.m
        area = model.area
        half = np.zeros((NLAYER, m))
        bb = np.zeros((NLAYER, m))
        for j in range(NLAYER):
            h = 1e-4 * blk.arrays['xraxial%d' % j] * (self.dx / 2.)
            half[j, :nb] = h
            bj = h.copy()
            prev = np.concatenate([[0.], h[:-1]])
            bj[~self.first] += prev[~self.first]
            bb[j, :nb] = bj
            bb[j, nb:nb + self.ne] = h[self.last_seg]
        a = np.zeros((NLAYER, m))
        b = np.zeros((NLAYER, m))
        k = self.has_parent
        rall = np.ones(m)
        rall[:nb] = np.where(self.first, self.rall0, 1.)
        with np.errstate(divide='ignore'):
            a[:, k] = -1.e2 * rall[k] / (bb[:, k] * area[self.pnode])
            b[:, k] = -1.e2 / (bb[:, k] * area[self.nodes[k]])
        return a, b


def _state(model: 'Model', blk) -> ExtState:
    st = blk.__dict__.get('ext_state')
    if st is None or st.version != model.layout_version:
        st = ExtState(model, blk)
        blk.__dict__['ext_state'] = st
    else:
        for j in range(NLAYER):
            st.vx[j, :st.nb] = blk.arrays['vext%d' % j]
    return st


def initialize(model: 'Model', blk) -> None:
    st = _state(model, blk)
    st.vx[:] = 0.
    st.i_mem[:] = 0.
    for j in range(NLAYER):
        blk.arrays['vext%d' % j][:] = 0.
    blk.arrays['i_membrane'][:] = 0.


def _electrode(model: 'Model', st: ExtState):
    """(rhs, g) of the ELECTRODE_CURRENT point processes at the extracellular nodes."""
    rhs_e = np.zeros(len(model.v))
    g_e = np.zeros(len(model.v))
    for mt in model.type_order:
        if mt.point and mt.electrode_current and mt.name in model.blocks:
            pb = model.blocks[mt.name]
            if 'i' in pb.arrays:
                np.add.at(rhs_e, pb.node, pb.arrays['i'] * (1.e2 / model.area[pb.node]))
            np.add.at(g_e, pb.node, pb.g)
    return rhs_e[st.nodes], g_e[st.nodes]


def after_currents(model: 'Model', blk) -> None:
    """nrn_rhs_ext's first part: the membrane current i_m of every extracellular node."""
    st = _state(model, blk)
    rhs_e, g_e = _electrode(model, st)
    st.g_e = g_e
    st.sav_rhs = rhs_e - model.rhs[st.nodes]
    blk.arrays['sav_rhs'][:] = st.sav_rhs[:st.nb]      # (range variable sav_rhs)


def after_capacitance(model: 'Model', blk) -> None:
    """nrn_setup_ext's first part: the membrane conductance d_m of every extracellular node."""
    st = _state(model, blk)
    st.sav_g = model.d[st.nodes] + st.g_e
    blk.arrays['sav_g'][:] = st.sav_g[:st.nb]          # (range variable sav_g)


def solve(model: 'Model', blk, cj: float) -> None:
    """Assemble the (vi, vx) system and solve it; model.rhs gets dvi, the state dvx."""
    import warnings
    from scipy.sparse.linalg import MatrixRankWarning, spsolve
    M, r = assemble(model, blk, cj)
    n = len(model.v)
    with warnings.catch_warnings():     # (a singular system, xraxial = 0: NaNs, as NEURON's
        warnings.simplefilter('ignore', MatrixRankWarning)      # solve gives, no warning)
        sol = spsolve(M, r)
    model.rhs[:] = sol[:n]
    st = _state(model, blk)
    st.dvx = sol[n:].reshape(NLAYER, st.m)


def assemble(model: 'Model', blk, cj: float, matrix: bool = True):
    """The (vi, vx) system after setup_tree_matrix: (M, r), M (cj*C - df/dy) sparse over the
    n nodes then the layers (layer-major), r the currents f (also IDA's residual part);
    M is None without ``matrix``."""
    import scipy.sparse as sp
    st = _state(model, blk)
    n, m, L = len(model.v), st.m, NLAYER
    nodes = st.nodes
    vx = st.vx
    rhs = model.rhs.copy()
    d_m = st.sav_g
    xg, xc, e = st.params(blk)
    ea, eb = st.coef(model, blk)
    erhs = np.zeros((L, m))
    erhs[0] = st.sav_rhs
    rows, cols, vals = [], [], []

    def put(r, c, v):
        rows.append(np.asarray(r, dtype=np.intp))
        cols.append(np.asarray(c, dtype=np.intp))
        vals.append(np.asarray(v, dtype=float))

    def X(j, k):
        return n + j * m + np.asarray(k)

    # rhs: extracellular axial terms and the internal vi correction
    k, p = st.ext_pair, st.ext_pair_p
    for j in range(L):
        dv = vx[j, p] - vx[j, k]
        np.subtract.at(erhs[j], k, eb[j, k] * dv)
        np.add.at(erhs[j], p, ea[j, k] * dv)
        if j == 0:
            nd = nodes[k]
            np.subtract.at(rhs, nd, model.b[nd] * dv)
            np.add.at(rhs, model.parent[nd], model.a[nd] * dv)
    ks = st.sealed
    if len(ks):
        nd = nodes[ks]
        dv = -vx[0, ks]
        np.subtract.at(rhs, nd, model.b[nd] * dv)
        np.add.at(rhs, model.parent[nd], model.a[nd] * dv)
    hp = st.has_parent
    jl = L - 1
    erhs[jl, hp] -= xg[jl, hp] * (vx[jl, hp] - e[hp])
    for j in range(L - 2, -1, -1):
        x = xg[j, hp] * (vx[j, hp] - vx[j + 1, hp])
        erhs[j, hp] -= x
        erhs[j + 1, hp] += x
    c = st.children
    if len(c):
        pc = model.parent[c]
        dv = vx[0, st.eidx[pc]]
        np.subtract.at(rhs, c, model.b[c] * dv)
        np.add.at(rhs, pc, model.a[c] * dv)

    if not matrix:
        return None, np.concatenate([rhs, erhs.ravel()])
    # matrix: the tree
    nc = model.ncell
    idx = np.arange(n)
    put(idx, idx, model.d)
    put(idx[nc:], model.parent[nc:], model.b[nc:])
    put(model.parent[nc:], idx[nc:], model.a[nc:])
    allk = np.arange(m)
    put(nodes, X(0, allk), -d_m)
    put(X(0, allk), nodes, -d_m)
    ed = np.zeros((L, m))
    ed[0] = d_m
    cfac = .001 * cj
    for j in range(L):
        mfac = xg[j, hp] + xc[j, hp] * cfac
        ed[j, hp] += mfac
        if j + 1 < L:
            ed[j + 1, hp] += mfac
            put(X(j, hp), X(j + 1, hp), -mfac)
            put(X(j + 1, hp), X(j, hp), -mfac)
    for j in range(L):
        np.subtract.at(ed[j], k, eb[j, k])
        np.subtract.at(ed[j], p, ea[j, k])
        put(X(j, p), X(j, k), ea[j, k])
        put(X(j, k), X(j, p), eb[j, k])
    for j in range(L):
        put(X(j, allk), X(j, allk), ed[j])
    N = n + L * m
    M = sp.csc_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(N, N))
    return M, np.concatenate([rhs, erhs.ravel()])


def update(model: 'Model', blk) -> None:
    """nrn_update_2d: vx += dvx, v -= dvx[0], rhs = dvm, i_membrane."""
    st = _state(model, blk)
    st.vx += st.dvx
    nodes = st.nodes
    model.v[nodes] -= st.dvx[0]
    model.rhs[nodes] -= st.dvx[0]
    st.i_mem = st.sav_g * model.rhs[nodes] + st.sav_rhs
    nb = st.nb
    for j in range(NLAYER):
        blk.arrays['vext%d' % j][:] = st.vx[j, :nb]
    blk.arrays['i_membrane'][:] = st.i_mem[:nb]


def nlayer_extracellular(interp, *args) -> float:
    """nlayer_extracellular([n]): the number of extracellular layers (pyhoc has NEURON's
    default 2 and cannot change it)."""
    if args and int(float(args[0])) != NLAYER:
        raise HocError('nlayer_extracellular: pyhoc has %d extracellular layers and cannot '
                       'change their number' % NLAYER)
    return float(NLAYER)
