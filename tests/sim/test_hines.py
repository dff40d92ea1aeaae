"""The tree solve against a dense solve on random trees."""
from __future__ import annotations

import numpy as np
import pytest

from pyhoc.sim import hines


def random_tree(n: int, ncell: int, rng) -> np.ndarray:
    parent = np.full(n, -1, dtype=np.intp)
    for i in range(ncell, n):
        parent[i] = rng.integers(0, i)
    return parent


@pytest.mark.parametrize('seed', range(8))
def test_hines_matches_dense(seed):
    rng = np.random.default_rng(seed)
    ncell = int(rng.integers(1, 4))
    n = int(rng.integers(ncell + 1, 120))
    parent = random_tree(n, ncell, rng)
    a = np.zeros(n)
    b = np.zeros(n)
    a[ncell:] = -rng.uniform(0.1, 2.0, n - ncell)
    b[ncell:] = -rng.uniform(0.1, 2.0, n - ncell)
    d = rng.uniform(0.05, 0.2, n)
    for i in range(ncell, n):
        d[i] -= b[i]
        d[parent[i]] -= a[i]
    rhs = rng.uniform(-1, 1, n)
    M = hines.dense_matrix(a, b, d, parent, ncell)
    want = np.linalg.solve(M, rhs)
    hines.solve(a, b, d.copy(), rhs, parent, ncell)
    np.testing.assert_allclose(rhs, want, rtol=1e-10, atol=1e-12)
