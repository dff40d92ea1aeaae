"""The batched geometry paths give exactly what the one-at-a-time ones give: replace_pt3d
against pt3dclear + pt3dadd per point (float32 points, float64 arc lengths, L)."""
from __future__ import annotations

import math

import numpy as np

from pyhoc.sim import Model
from pyhoc.sim.section import replace_pt3d


def _same(a, b) -> bool:
    return len(a) == len(b) and all(x == y or (math.isnan(x) and math.isnan(y))
                                    for x, y in zip(a, b))


def test_replace_pt3d_is_pt3dclear_and_pt3dadd():
    m = Model()
    rng = np.random.default_rng(5)
    for trial in range(60):
        k = int(rng.integers(1, 8))
        one = [m.new_section('a%d' % i) for i in range(k)]
        many = [m.new_section('b%d' % i) for i in range(k)]
        points = []
        for i in range(k):
            old = rng.normal(size=(int(rng.integers(0, 4)), 4))
            for s in (one[i], many[i]):
                for p in old:
                    s.pt3dadd(*p)
            n = int(rng.integers(0, 10))
            pts = rng.normal(size=(n, 4)) * (10.0 ** rng.integers(-8, 40, size=(n, 4))
                                             if trial % 3 == 0 else 100.)
            if trial % 4 == 0 and n:    # beyond float32, infinite, not a number
                pts[rng.integers(0, n), rng.integers(0, 4)] = \
                    (np.inf, -np.inf, np.nan, 1e39, -3.5e38)[trial % 5]
            one[i].pt3dclear()
            for p in pts.tolist():
                one[i].pt3dadd(*p)
            points.append([pts[:, c] for c in range(4)])
        replace_pt3d(many, points)
        for a, b in zip(one, many):
            assert a.n3d() == b.n3d()
            for c in range(5):
                assert _same(a._pts[c], b._pts[c]), (trial, c)
            assert _same([a.L], [b.L])
