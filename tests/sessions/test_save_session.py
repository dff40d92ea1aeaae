"""save_session writes the session's Graphs and panels as a .ses that loads back."""
from __future__ import annotations

import os
import shutil

from pyhoc import Interpreter
from pyhoc.bridge import HocTop
from pyhoc.sessions.panels import panels

DATA = os.path.join(os.path.dirname(__file__), 'data')


def _windows(interp):
    from pyhoc.sessions.graph import Graph
    return [w for w in interp._pyhoc_windows if isinstance(w, Graph)]


def test_saved_session_loads_back(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(os.path.join(DATA, 'runcontrol.ses'), tmp_path)
    first = Interpreter(stdout=open(os.devnull, 'w'))
    h = HocTop(first)
    h.load_file('runcontrol.ses')
    h.tstop = 4
    assert h.save_session('saved.ses', '// a header line') == 0
    text = open('saved.ses').read()
    assert text.startswith('// a header line\n{load_file("nrngui.hoc")}')

    second = Interpreter(stdout=open(os.devnull, 'w'))
    h2 = HocTop(second)
    h2('create soma\naccess soma')
    h2.load_file('saved.ses')
    assert h2.tstop == 4 and h2.dt == 0.05 and h2.v_init == -70
    (g1,), (g2,) = _windows(first), _windows(second)
    assert g2.size_ == g1.size_ and g2.views[-1] == g1.views[-1]
    assert [(ln.expr, ln.color, ln.brush) for ln in g2.items] == \
        [(ln.expr, ln.color, ln.brush) for ln in g1.items]
    assert h2.graphList[0].count() == 1 and h2.graphList[0].object(0) is g2
    p1, p2 = panels(first).find('RunControl'), panels(second).find('RunControl')
    assert [(i.kind, i.label, i.action) for i in p2.items] == \
        [(i.kind, i.label, i.action) for i in p1.items]
    assert p2.placed == p1.placed
    h2.run()        # the graph the session made plots the run
    assert len(g2.items[0].x) > 1
    assert h2.save_session('again.ses') == 0     # and is written again the same
    assert _steady(open('again.ses').read()) == _steady(text.split('\n', 1)[1])


def _steady(text: str) -> list:
    """The lines of a saved session but the run's wall-clock time."""
    return [line for line in text.splitlines() if not line.startswith('realtime = ')]


def test_print_session_draws_the_graphs_as_postscript(tmp_path, monkeypatch):
    import pytest
    monkeypatch.chdir(tmp_path)
    shutil.copy(os.path.join(DATA, 'runcontrol.ses'), tmp_path)
    interp = Interpreter(stdout=open(os.devnull, 'w'))
    h = HocTop(interp)
    h.load_file('runcontrol.ses')
    assert h.print_session(0, 'windows.ps') == 0
    assert open('windows.ps', 'rb').read(4) == b'%!PS'
    assert h.print_session(1, 'cat > piped.ps') == 0
    assert open('piped.ps', 'rb').read(4) == b'%!PS'
    interp.safe = True
    with pytest.raises(RuntimeError, match='not allowed in safe mode'):
        h.print_session(1, 'cat > other.ps')
    assert not os.path.exists('other.ps')
