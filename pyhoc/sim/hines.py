"""The tree (Hines) solve in NEURON's order of operations (src/nrnoc/solve.cpp triang/bksub).

Nodes are numbered parent before child; ``parent[i] < i`` for i >= ncell and the first
``ncell`` nodes are roots.  Row i holds d[i] on the diagonal, b[i] in the parent's column, and
row parent[i] holds a[i] in column i.  The solution replaces ``rhs``.

With the numba backend the solve is compiled.  On the NumPy path one of two orderings runs,
both with NEURON's results bit for bit (every node is eliminated with the same operations,
and each parent receives its children's updates in the same order, decreasing index):

* ``sequential``: the node loop in Python over lists (about 0.2 us a node);
* ``levels``: the nodes grouped by depth, each group eliminated with a few NumPy operations.
  Siblings at one depth go in rank groups (the highest index of each parent first), so that
  a parent's updates come in NEURON's order.  It pays where many nodes share few depths:
  networks of small cells (a ring of 1000 ball-and-stick cells has 4 levels of 1000 nodes).

A plan per tree (its structure and a, b, which change only with the geometry) picks the
cheaper one by a cost estimate and holds the precomputed index groups.
"""
from __future__ import annotations

import struct

import numpy as np

from . import backend
from .mechanisms.base import index_of

# cost estimate, us: the sequential loop per node, a NumPy call, each element of one
_US_PER_NODE = 0.2
_US_PER_CALL = 1.2
_US_PER_ELEMENT = 0.004


def solve(a: np.ndarray, b: np.ndarray, d: np.ndarray, rhs: np.ndarray,
          parent: np.ndarray, ncell: int, keep_d: bool = True) -> None:
    """Sequential elimination from the last node to the first, then back substitution.

    ``rhs`` is overwritten with the solution and ``d`` with the triangularised diagonal, as in
    NEURON (``keep_d`` False: d's contents are left undefined, which saves a copy on the NumPy
    path; the fixed step does not read d after the solve).
    """
    k = backend.current()
    if k is not None:                            # compiled, same operations in the same order
        k.hines_solve(a, b, d, rhs, parent, ncell)
        return
    plan_for(a, b, parent, ncell).solve(a, b, d, rhs, keep_d)


_plans: list = []       # recently used plans (a model's parent array identifies its tree)
_MAX_PLANS = 4


def plan_for(a: np.ndarray, b: np.ndarray, parent: np.ndarray, ncell: int,
             method: str | None = None) -> 'Plan':
    """The cached plan for this tree and these a, b (rebuilt when they changed)."""
    for k, pl in enumerate(_plans):
        if pl.parent is parent and pl.ncell == ncell and (method is None or
                                                         pl.method == method):
            if not pl.valid(a, b):
                pl = Plan(a, b, parent, ncell, method)
                _plans[k] = pl
            if k:
                _plans.insert(0, _plans.pop(k))
            return pl
    pl = Plan(a, b, parent, ncell, method)
    _plans.insert(0, pl)
    del _plans[_MAX_PLANS:]
    return pl


class Plan:
    """The precomputed elimination of one tree with given a, b (see the module docstring)."""

    def __init__(self, a: np.ndarray, b: np.ndarray, parent: np.ndarray, ncell: int,
                 method: str | None = None):
        self.parent = parent
        self.ncell = ncell
        self.a, self.b = a, b
        self.a0, self.b0 = a.copy(), b.copy()
        n = self.n = len(parent)
        pl = parent.tolist()
        # depth of every node, and its children (increasing index)
        depth = [0] * n
        nchild = [0] * n
        for i in range(ncell, n):
            depth[i] = depth[pl[i]] + 1
            nchild[pl[i]] += 1
        levels: dict[int, list[int]] = {}
        for i in range(ncell, n):
            levels.setdefault(depth[i], []).append(i)
        # triang groups: deepest level first; within a level, rank r holds the r-th highest
        # index child of each parent
        tri = []
        for lev in sorted(levels, reverse=True):
            nodes = levels[lev]
            seen: dict[int, int] = {}
            ranks: list[list[int]] = []
            for i in reversed(nodes):
                r = seen.get(pl[i], 0)
                seen[pl[i]] = r + 1
                if r == len(ranks):
                    ranks.append([])
                ranks[r].append(i)
            for grp in ranks:
                tri.append(np.array(grp[::-1], dtype=np.intp))
        bk = [np.array(levels[lev], dtype=np.intp) for lev in sorted(levels)]
        ngroups = len(tri) + len(bk)
        cost_levels = ngroups * 5 * _US_PER_CALL + 10 * n * _US_PER_ELEMENT
        cost_seq = n * _US_PER_NODE
        if method is None:
            method = 'levels' if cost_levels < cost_seq else 'sequential'
        self.method = method
        if method == 'levels':
            self._setup_levels(a, b, parent, tri, bk)
            self.solve = self._solve_levels
        else:
            al, bl = a.tolist(), b.tolist()
            self.tri = [(i, pl[i], al[i], bl[i]) for i in range(n - 1, ncell - 1, -1)]
            self.bk = [(i, pl[i], bl[i]) for i in range(ncell, n)]
            self.pack = struct.Struct('=%dd' % n)      # list -> float64 array, fast
            self.solve = self._solve_sequential

    def valid(self, a: np.ndarray, b: np.ndarray) -> bool:
        """Whether a and b are the arrays and the values the plan was made for."""
        return (a is self.a and b is self.b and np.array_equal(a, self.a0)
                and np.array_equal(b, self.b0))

    # ---- sequential: NEURON's loops over Python lists
    def _solve_sequential(self, a, b, d, rhs, keep_d: bool = True) -> None:
        dl, rl = d.tolist(), rhs.tolist()
        for i, pi, ai, bi in self.tri:             # triang
            p = ai / dl[i]
            dl[pi] -= p * bi
            rl[pi] -= p * rl[i]
        for i in range(self.ncell):                # bksub
            rl[i] /= dl[i]
        for i, pi, bi in self.bk:
            rl[i] = (rl[i] - bi * rl[pi]) / dl[i]
        if rhs.flags.c_contiguous and rhs.dtype == np.float64 and rhs.flags.writeable:
            self.pack.pack_into(rhs, 0, *rl)
        else:
            rhs[:] = rl
        if keep_d:
            d[:] = dl

    # ---- levels: NumPy operations over groups of independent nodes
    def _setup_levels(self, a, b, parent, tri, bk) -> None:
        m = max([len(g) for g in tri] + [len(g) for g in bk] + [1])
        self.buf_p, self.buf_t = np.empty(m), np.empty(m)
        self.tri_groups = []
        for idx in tri:
            k = len(idx)
            self.tri_groups.append((index_of(idx), index_of(parent[idx]), a[idx], b[idx],
                                    self.buf_p[:k], self.buf_t[:k]))
        self.bk_groups = []
        for idx in bk:
            k = len(idx)
            self.bk_groups.append((index_of(idx), index_of(parent[idx]), b[idx],
                                   self.buf_t[:k], self.buf_p[:k]))

    def _solve_levels(self, a, b, d, rhs, keep_d: bool = True) -> None:
        mul, div, sub = np.multiply, np.divide, np.subtract
        for ci, pi, ac, bc, p, t in self.tri_groups:      # triang
            div(ac, d[ci], out=p)                 # p = a[i]/d[i]
            mul(p, bc, out=t)
            d[pi] -= t                            # d[pi] -= p*b[i]
            mul(p, rhs[ci], out=t)
            rhs[pi] -= t                          # rhs[pi] -= p*rhs[i]
        nc = self.ncell
        rhs[:nc] /= d[:nc]                        # bksub
        for ci, pi, bc, t, u in self.bk_groups:
            mul(bc, rhs[pi], out=t)
            sub(rhs[ci], t, out=t)                # rhs[i] -= b[i]*rhs[pi]
            div(t, d[ci], out=u)                  # rhs[i] /= d[i]
            rhs[ci] = u


def dense_matrix(a: np.ndarray, b: np.ndarray, d: np.ndarray, parent: np.ndarray,
                 ncell: int) -> np.ndarray:
    """The full matrix the tree arrays stand for (for tests and debugging)."""
    n = len(d)
    M = np.diag(np.asarray(d, dtype=float))
    for i in range(ncell, n):
        M[i, parent[i]] = b[i]
        M[parent[i], i] = a[i]
    return M
