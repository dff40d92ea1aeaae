"""The tree (Hines) solve in NEURON's order of operations (src/nrnoc/solve.cpp triang/bksub).

Nodes are numbered parent before child; ``parent[i] < i`` for i >= ncell and the first
``ncell`` nodes are roots.  Row i holds d[i] on the diagonal, b[i] in the parent's column, and
row parent[i] holds a[i] in column i.  The solution replaces ``rhs``.

With the numba backend the solve is compiled.  On the NumPy path the nodes go in groups that
can be eliminated at once, each group by a few NumPy operations or, where it is small, by the
node loop in Python over lists (~600 instructions a node and sweep, a NumPy group ~20000);
the results are NEURON's bit for bit (every node is eliminated with the same operations,
and each parent receives its children's updates in the same order, decreasing index):

* triangularisation: a node's group follows its children's and its next higher sibling's
  (so siblings never share a group, and a parent's updates come in NEURON's order).  The
  first groups (the leaves, ...) are the large ones: while they have at least
  ``_MIN_GROUP`` nodes they go by NumPy, the rest by the loop in decreasing index;
* back substitution: a node's group is as late as its descendants allow, so the last groups
  (the leaves) are the large ones: the loop takes the nodes before them in increasing
  index, NumPy the last groups of at least ``_MIN_GROUP`` nodes.

So a network of small cells (a ring of 1000 ball-and-stick cells: 4 groups of 1000) goes all
by NumPy, an unbranched cable all by the loop, a branched cell by both.  A plan per tree (its
structure and a, b, which change only with the geometry) holds the groups.
"""
from __future__ import annotations

import struct

import numpy as np

from . import backend
from .mechanisms.base import index_of

# a group of at least this many nodes goes by NumPy (its ~5 calls cost about what the loop
# spends on about as many nodes: callgrind, CPython 3.11, the seed's 389-node cell)
_MIN_GROUP = 32
_TINY = 16          # a tree of at most this many nodes goes by Plan._solve_tiny


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
        if pl.parent is parent and pl.ncell == ncell and pl.requested == method:
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
    """The precomputed elimination of one tree with given a, b (see the module docstring).
    ``method``: None (the groups by size), 'levels' (every group by NumPy) or 'sequential'
    (all by the loop); ``self.method`` says which ran: 'levels', 'sequential' or 'mixed'."""

    def __init__(self, a: np.ndarray, b: np.ndarray, parent: np.ndarray, ncell: int,
                 method: str | None = None):
        self.parent = parent
        self.ncell = ncell
        self.requested = method
        self.a, self.b = a, b
        self.a0, self.b0 = a.copy(), b.copy()
        n = self.n = len(parent)
        nc = ncell
        pl = parent.tolist()
        al, bl = a.tolist(), b.tolist()
        kmin = {None: _MIN_GROUP, 'levels': 1, 'sequential': n + 1}[method]
        # triangularisation groups (as soon as children and next higher sibling allow)
        lev = [0] * n
        last_child = [-1] * n       # the lowest index child seen so far (decreasing i)
        for i in range(n - 1, nc - 1, -1):
            pi = pl[i]
            s = last_child[pi]
            if s >= 0 and lev[s] + 1 > lev[i]:
                lev[i] = lev[s] + 1
            last_child[pi] = i
            if lev[i] + 1 > lev[pi]:
                lev[pi] = lev[i] + 1
        groups: dict[int, list[int]] = {}
        for i in range(nc, n):
            groups.setdefault(lev[i], []).append(i)
        in_np = bytearray(n)
        self.tri_np = []
        for g in sorted(groups):
            if len(groups[g]) < kmin:
                break
            idx = np.array(groups[g], dtype=np.intp)
            self.tri_np.append((index_of(idx), index_of(parent[idx]), a[idx], b[idx]))
            for i in groups[g]:
                in_np[i] = 1
        tri_py = [i for i in range(n - 1, nc - 1, -1) if not in_np[i]]
        # back substitution groups (as late as the descendants allow: height from the leaves)
        height = [0] * n
        for i in range(n - 1, nc - 1, -1):
            if height[i] + 1 > height[pl[i]]:
                height[pl[i]] = height[i] + 1
        groups = {}
        for i in range(nc, n):
            groups.setdefault(height[i], []).append(i)
        in_np = bytearray(n)
        bk_np = []
        for g in sorted(groups):
            if len(groups[g]) < kmin:
                break
            idx = np.array(groups[g], dtype=np.intp)
            bk_np.append((index_of(idx), index_of(parent[idx]), b[idx]))
            for i in groups[g]:
                in_np[i] = 1
        self.bk_np = bk_np[::-1]            # the latest group last
        bk_py = [i for i in range(nc, n) if not in_np[i]]
        m = max([len(g[-1]) for g in self.tri_np + self.bk_np] + [1])
        self.buf_p, self.buf_t = np.empty(m), np.empty(m)
        self.python = bool(tri_py or bk_py) or not (self.tri_np or self.bk_np)
        self.method = ('sequential' if not (self.tri_np or self.bk_np) else
                       'mixed' if self.python else 'levels')
        # the loop works on lists of the nodes it touches only (C, increasing: the roots
        # first), read from d and rhs and written back by struct (list <-> array is most of
        # the cost of a small loop)
        touched = set(range(nc))
        touched.update(tri_py, bk_py, [pl[i] for i in tri_py], [pl[i] for i in bk_py])
        C = sorted(touched) if self.python else []
        pos = {node: k for k, node in enumerate(C)}
        self.tri_py = [(pos[i], pos[pl[i]], al[i], bl[i]) for i in tri_py]
        self.bk_py = [(pos[i], pos[pl[i]], bl[i]) for i in bk_py]
        self.cidx = index_of(np.array(C, dtype=np.intp))
        self.cstart = (self.cidx.start if isinstance(self.cidx, slice) and self.cidx.step == 1
                       else -1)
        self.cbuf = np.empty(len(C))
        self.pack = struct.Struct('=%dd' % len(C))      # list -> float64 array, fast
        # the d the NumPy back substitution reads that the loop changed (its nodes' parents)
        later = set()
        for ci, _, _ in self.bk_np:
            later.update(np.arange(n)[ci].tolist())
        dback = sorted(later.intersection(pl[i] for i in tri_py))
        self.dback = (np.array(dback, dtype=np.intp), [pos[i] for i in dback])
        # a tree of a few nodes all by the loop: on memoryviews of d and rhs (no list made)
        self.tiny = n <= _TINY and self.method == 'sequential'
        self.views = (None, None, None)

    def valid(self, a: np.ndarray, b: np.ndarray) -> bool:
        """Whether a and b are the arrays and the values the plan was made for."""
        return (a is self.a and b is self.b and np.array_equal(a, self.a0)
                and np.array_equal(b, self.b0))

    def solve(self, a, b, d, rhs, keep_d: bool = True) -> None:
        """The solution into rhs; d triangularised (``keep_d`` False: d undefined after)."""
        if self.tiny and d.dtype == np.float64 and rhs.dtype == np.float64:
            self._solve_tiny(d, rhs)
            return
        mul, div, sub = np.multiply, np.divide, np.subtract
        buf_p, buf_t = self.buf_p, self.buf_t
        for ci, pi, ac, bc in self.tri_np:          # triang, groups by NumPy
            k = len(ac)
            p, t = buf_p[:k], buf_t[:k]
            div(ac, d[ci], out=p)                 # p = a[i]/d[i]
            mul(p, bc, out=t)
            d[pi] -= t                            # d[pi] -= p*b[i]
            mul(p, rhs[ci], out=t)
            rhs[pi] -= t                          # rhs[pi] -= p*rhs[i]
        nc = self.ncell
        if self.python:
            cidx = self.cidx
            dl, rl = d[cidx].tolist(), rhs[cidx].tolist()
            try:
                self._loops(dl, rl)
            except ZeroDivisionError:   # (a zero pivot: again with NumPy's scalars, as C divides)
                dl, rl = list(d[cidx]), list(rhs[cidx])
                with np.errstate(all='ignore'):
                    self._loops(dl, rl)
            self._put(rhs, rl)
            if keep_d:
                self._put(d, dl)
            elif self.bk_np:
                ix, ks = self.dback
                if ks:
                    d[ix] = [dl[k] for k in ks]
        else:
            rhs[:nc] /= d[:nc]
        for ci, pi, bc in self.bk_np:             # bksub, the last groups by NumPy
            k = len(bc)
            t, u = buf_t[:k], buf_p[:k]
            mul(bc, rhs[pi], out=t)
            sub(rhs[ci], t, out=t)                # rhs[i] -= b[i]*rhs[pi]
            div(t, d[ci], out=u)                  # rhs[i] /= d[i]
            rhs[ci] = u

    def _put(self, x: np.ndarray, values: list) -> None:
        """x[C] = values (the loop's list of the nodes C)."""
        k = self.cstart
        if k >= 0 and x.flags.c_contiguous and x.dtype == np.float64 and x.flags.writeable:
            self.pack.pack_into(x, 8 * k, *values)
        else:
            self.pack.pack_into(self.cbuf, 0, *values)
            x[self.cidx] = self.cbuf

    def _loops(self, dl, rl, part: int = 0, at: int = 0) -> None:
        """solve's loop on the sequences dl and rl (lists, or memoryviews of d and rhs) from
        operation ``at`` of ``part`` (0 triang, 1 the roots, 2 bksub) on.  Python's floats
        raise ZeroDivisionError at a zero pivot before the division's store: the caller
        goes on from there with NumPy's scalars, which give C's inf and nan."""
        if part == 0:
            for i, pi, ai, bi in self.tri_py[at:]:  # triang, the rest in decreasing index
                p = ai / dl[i]
                dl[pi] -= p * bi
                rl[pi] -= p * rl[i]
            at = 0
        if part <= 1:
            for i in range(at, self.ncell):         # bksub (C begins with the roots)
                rl[i] /= dl[i]
            at = 0
        for i, pi, bi in self.bk_py[at:]:
            rl[i] = (rl[i] - bi * rl[pi]) / dl[i]

    def _solve_tiny(self, d, rhs) -> None:
        """solve's loop, element by element in d and rhs (the same operations)."""
        key, D, R = self.views
        if key != (id(d), id(rhs)):
            D, R = memoryview(d), memoryview(rhs)
            self.views = ((id(d), id(rhs)), D, R)
        part = 0
        try:
            for i, pi, ai, bi in self.tri_py:
                p = ai / D[i]
                D[pi] -= p * bi
                R[pi] -= p * R[i]
            part = 1
            for i in range(self.ncell):
                R[i] /= D[i]
            part = 2
            for i, pi, bi in self.bk_py:
                R[i] = (R[i] - bi * R[pi]) / D[i]
        except ZeroDivisionError:       # (a zero pivot: on from node i as C divides)
            ops = ([o[0] for o in self.tri_py], None, [o[0] for o in self.bk_py])[part]
            with np.errstate(all='ignore'):
                self._loops(_CDivide(D), R, part, i if ops is None else ops.index(i))


class _CDivide:
    """A memoryview of d whose items are NumPy scalars (a division by zero gives inf or
    nan, as C's, instead of raising)."""
    __slots__ = ('view',)

    def __init__(self, view):
        self.view = view

    def __getitem__(self, i):
        return np.float64(self.view[i])

    def __setitem__(self, i, x):
        self.view[i] = x


def dense_matrix(a: np.ndarray, b: np.ndarray, d: np.ndarray, parent: np.ndarray,
                 ncell: int) -> np.ndarray:
    """The full matrix the tree arrays stand for (for tests and debugging)."""
    n = len(d)
    M = np.diag(np.asarray(d, dtype=float))
    for i in range(ncell, n):
        M[i, parent[i]] = b[i]
        M[parent[i], i] = a[i]
    return M
