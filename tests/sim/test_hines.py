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


def _c_solve(a, b, d, rhs, parent, ncell):
    """NEURON's triang and bksub on NumPy scalars (C's division: a zero pivot gives inf/nan)."""
    d, rhs = [np.float64(x) for x in d], [np.float64(x) for x in rhs]
    with np.errstate(all='ignore'):
        for i in range(len(d) - 1, ncell - 1, -1):
            p = a[i] / d[i]
            d[parent[i]] -= p * b[i]
            rhs[parent[i]] -= p * rhs[i]
        for i in range(ncell):
            rhs[i] /= d[i]
        for i in range(ncell, len(d)):
            rhs[i] = (rhs[i] - b[i] * rhs[parent[i]]) / d[i]
    return np.array(rhs)


@pytest.mark.parametrize('n', [5, 40])      # Plan._solve_tiny, and the lists of the others
@pytest.mark.parametrize('where', ['root', 'leaf'])
def test_a_zero_pivot_divides_as_c_does(n, where):
    """A singular tree (cell 0 has no membrane: a star whose root's pivot cancels to 0) or a
    zero on the diagonal gives C's inf/nan in that cell and cell 1's solution, as NEURON's
    solve (CVode's corrector then fails to converge), not Python's ZeroDivisionError."""
    ncell = 2
    parent = np.array([-1, -1] + [0 if i % 2 else 1 for i in range(2, n)], dtype=np.intp)
    a = np.r_[0., 0., -np.ones(n - 2)]
    b = a.copy()
    d = np.array([0., .1] + [1. if i % 2 else 1.1 for i in range(2, n)])
    for i in range(ncell, n):
        d[parent[i]] += 1.
    if where == 'leaf':
        d[max(i for i in range(n) if parent[i] == 0)] = 0.
    rhs = np.linspace(-1., 1., n)
    want = _c_solve(a, b, d, rhs, parent, ncell)
    got = rhs.copy()
    hines.solve(a, b, d.copy(), got, parent, ncell)
    np.testing.assert_array_equal(got, want)
    assert not np.isfinite(got[0]) and np.isfinite(got[1])
