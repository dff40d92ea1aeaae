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


def test_frusta_many_is_frusta_area_ri():
    """Random sections (coincident points, arcs on the half-segment ends, zero and negative
    3-D diameters, 1 to 40 segments) computed together and one at a time."""
    from pyhoc.sim import geometry
    rng = np.random.default_rng(3)
    for trial in range(120):
        arcs, d3, nsegs, Ras, diams = [], [], [], [], []
        for i in range(int(rng.integers(1, 8))):
            npt = int(rng.integers(2, 25))
            mode = trial % 6
            steps = rng.random(npt - 1) * 10.0 ** rng.integers(-3, 3)
            if mode == 1:
                steps[rng.random(npt - 1) < .4] = 0.
            elif mode == 2:
                steps = np.round(steps, 1)
            elif mode == 5:
                steps = np.ones(npt - 1) * (0.5, 1., .25)[trial % 3]
            arc = [0.]
            for st in steps.tolist():
                arc.append(arc[-1] + st)
            if arc[-1] == 0:
                arc[-1] = 1.
            d = (rng.random(npt) * 5 - (.5 if mode == 3 else 0)).tolist()
            if mode == 4:
                d[int(rng.integers(0, npt))] = 0.
            arcs.append(arc)
            d3.append(d)
            nsegs.append(int(rng.choice([1, 1, 2, 3, 5, 11, 40])))
            Ras.append(float(rng.random() * 200))
            diams.append(rng.random(nsegs[-1]) * 3)
        ok, area, rinv, diam = geometry.frusta_many(arcs, d3, nsegs, Ras, np.concatenate(diams))
        a0 = d0 = 0
        for arc, d, n, Ra, dm, good in zip(arcs, d3, nsegs, Ras, diams, ok):
            assert good
            want_area, want_rinv = geometry.frusta_area_ri(arc, d, n, Ra, dm)
            assert area[a0:a0 + n + 1].tolist() == want_area
            assert rinv[a0:a0 + n + 1].tolist() == want_rinv
            assert diam[d0:d0 + n].tolist() == dm.tolist()
            a0 += n + 1
            d0 += n
