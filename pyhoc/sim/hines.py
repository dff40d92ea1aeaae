"""The tree (Hines) solve in NEURON's order of operations (src/nrnoc/solve.cpp triang/bksub).

Nodes are numbered parent before child; ``parent[i] < i`` for i >= ncell and the first
``ncell`` nodes are roots.  Row i holds d[i] on the diagonal, b[i] in the parent's column, and
row parent[i] holds a[i] in column i.  The solution replaces ``rhs``.
"""
from __future__ import annotations

import numpy as np

from . import backend


def solve(a: np.ndarray, b: np.ndarray, d: np.ndarray, rhs: np.ndarray,
          parent: np.ndarray, ncell: int) -> None:
    """Sequential elimination from the last node to the first, then back substitution.

    ``d`` and ``rhs`` are overwritten (rhs with the solution), as in NEURON.
    """
    k = backend.kernels()
    if k is not None:                            # compiled, same operations in the same order
        k.hines_solve(a, b, d, rhs, parent, ncell)
        return
    al, bl, dl, rl = a.tolist(), b.tolist(), d.tolist(), rhs.tolist()
    pl = parent.tolist()
    n = len(dl)
    for i in range(n - 1, ncell - 1, -1):       # triang
        p = al[i] / dl[i]
        pi = pl[i]
        dl[pi] -= p * bl[i]
        rl[pi] -= p * rl[i]
    for i in range(ncell):                       # bksub
        rl[i] /= dl[i]
    for i in range(ncell, n):
        rl[i] -= bl[i] * rl[pl[i]]
        rl[i] /= dl[i]
    d[:] = dl
    rhs[:] = rl


def dense_matrix(a: np.ndarray, b: np.ndarray, d: np.ndarray, parent: np.ndarray,
                 ncell: int) -> np.ndarray:
    """The full matrix the tree arrays stand for (for tests and debugging)."""
    n = len(d)
    M = np.diag(np.asarray(d, dtype=float))
    for i in range(ncell, n):
        M[i, parent[i]] = b[i]
        M[parent[i], i] = a[i]
    return M
