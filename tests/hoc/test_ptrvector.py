"""PtrVector from Python: pointers into sections and vectors, its Graph line read at flush."""
from __future__ import annotations

import pytest

from pyhoc import Interpreter
from pyhoc.bridge import HocTop


def test_scatter_gather_through_segment_pointers():
    h = HocTop(Interpreter())
    s = h.Section(name='s')
    s.nseg = 3
    pv = h.PtrVector(3)
    for i, seg in enumerate(s):
        assert pv.pset(i, seg._ref_v) == -65.0
    pv.scatter(h.Vector([-70, -60, -50]))
    assert [seg.v for seg in s] == [-70, -60, -50]
    out = h.Vector()
    pv.gather(out)
    assert list(out) == [-70, -60, -50]
    with pytest.raises(RuntimeError, match='size'):
        pv.scatter(h.Vector(2))
    with pytest.raises(RuntimeError, match='Arg out of range'):
        pv.getval(3)
    with pytest.raises(RuntimeError):
        h.PtrVector(0)


def test_plot_is_redrawn_from_the_pointers_at_flush():
    h = HocTop(Interpreter())
    vec = h.Vector([1, 2, 3])
    pv = h.PtrVector(3)
    for i in range(3):
        pv.pset(i, vec._ref_x[i])
    pv.label('live')
    g = h.Graph()
    assert pv.plot(g, 0.5) == 0
    line = g.drawn[-1]
    assert line.label == 'live' and line.x == [0, 0.5, 1.0] and line.y == [1, 2, 3]
    vec.mul(10)
    g.flush()
    assert line.y == [10, 20, 30]
    pv.resize(2)
    assert line not in g.drawn
