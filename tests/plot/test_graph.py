"""Graph.plot(...): the headless Graph's lines as plotly / matplotlib / bokeh figures.

A legacy ``.ses``-style snippet (newPlotV, a saved Graph with addexpr in graphList[0], then
``run()``) must give a figure whose voltage trace is that of ``Vector.record`` of the same
variable.
"""
from __future__ import annotations

import os

import numpy as np
import pytest

import matplotlib
matplotlib.use('Agg')
import bokeh.plotting  # noqa: E402
import plotly  # noqa: E402
from matplotlib import pyplot  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from pyhoc.plot import graph as render  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

SES = '''
load_file("nrngui.hoc")
create soma
access soma
soma { L = 20  diam = 20  insert hh }
objref stim
soma stim = new IClamp(.5)
stim.del = 1
stim.dur = 1
stim.amp = 0.3
tstop = 10
objref save_window_, rvp_
objref scene_vector_[2]
{
save_window_ = new Graph(0)
save_window_.size(0,10,-80,40)
scene_vector_[0] = save_window_
{save_window_.view(0, -80, 10, 120, 400, 100, 300, 200)}
graphList[0].append(save_window_)
save_window_.save_name("graphList[0].")
save_window_.addexpr("v(.5)", 2, 2, 0.8, 0.9, 2)
save_window_.label(0.1, 0.9, "soma", 2, 1, 0, 0, 3)
}
objref rec, trec
rec = new Vector()
trec = new Vector()
rec.record(&soma.v(.5))
trec.record(&t)
newPlotV()
'''


@pytest.fixture
def ran(h):
    h(SES)
    h.run()
    return h


def _check_trace(x, y, h):
    np.testing.assert_allclose(np.asarray(x), np.asarray(h.trec.to_python()), rtol=0, atol=1e-9)
    np.testing.assert_allclose(np.asarray(y), np.asarray(h.rec.to_python()), rtol=0, atol=1e-9)


def test_graph_keeps_the_run(ran):
    h = ran
    assert len(h.rec) == 401
    for g in (h.save_window_, h.graphItem):
        (ln,) = g.lines()
        _check_trace(ln.x, ln.y, h)
    assert max(h.rec) > 0            # it fired


def test_plotly(ran):
    h = ran
    fig = h.save_window_.plot(plotly)
    (tr,) = fig.data
    _check_trace(tr.x, tr.y, h)
    assert tr.line.color == '#ff0000' and tr.line.width == 2
    assert tr.name == 'v(.5)'
    assert tuple(fig.layout.xaxis.range) == (0, 10)
    assert tuple(fig.layout.yaxis.range) == (-80, 40)
    (note,) = fig.layout.annotations
    assert note.text == 'soma' and note.font.color == '#0000ff'
    # newPlotV: newPlot(0, tstop, -80, 40), addvar("v(.5)", 1, 1)
    fig2 = h.graphItem.plot(plotly)
    _check_trace(fig2.data[0].x, fig2.data[0].y, h)
    assert fig2.data[0].line.color == '#000000'
    assert tuple(fig2.layout.yaxis.range) == (-80, 40)


def test_matplotlib_pyplot_figure_axes(ran):
    h = ran
    g = h.save_window_
    ax = g.plot(pyplot)
    (line,) = ax.get_lines()
    _check_trace(line.get_xdata(), line.get_ydata(), h)
    assert matplotlib.colors.to_hex(line.get_color()) == '#ff0000'
    assert ax.get_xlim() == (0, 10) and ax.get_ylim() == (-80, 40)
    assert [t.get_text() for t in ax.texts] == ['soma']
    pyplot.close('all')
    fig = Figure()
    ax2 = g.plot(fig)
    assert ax2.figure is fig and len(ax2.get_lines()) == 1
    ax3 = fig.add_subplot(2, 1, 2)
    assert g.plot(ax3) is ax3 and len(ax3.get_lines()) == 1


def test_bokeh(ran):
    h = ran
    fig = h.save_window_.plot(bokeh.plotting)
    (r,) = fig.renderers
    _check_trace(r.data_source.data['x'], r.data_source.data['y'], h)
    assert r.glyph.line_color == '#ff0000'
    assert (fig.x_range.start, fig.x_range.end) == (0, 10)
    again = h.graphItem.plot(fig)
    assert again is fig and len(fig.renderers) == 2


def test_drawn_lines_and_default_scene(h):
    h('''objref g
g = new Graph()
g.beginline("sq", 3, 1)
for i = 0, 4 { g.line(i, i*i) }
g.color(4)
g.beginline()
g.line(0, 1)
g.line(4, 1)
g.label("plain")
''')
    rows = render.traces(h.g)
    assert [r.label for r in rows] == ['sq', '']
    assert rows[0].y == [0, 1, 4, 9, 16] and rows[0].color == '#0000ff'
    assert rows[1].color == '#00ff00'
    xr, yr = render.ranges(h.g)
    assert xr[0] < 0 < 4 < xr[1] and yr[0] < 0 < 16 < yr[1]   # autoscaled: size never set
    fig = h.g.plot(plotly)
    assert len(fig.data) == 2 and fig.layout.annotations[0].text == 'plain'


def test_hoc_plot_still_plots(h):
    h('''objref g
g = new Graph()
g.addexpr("x*2")
x = 3
g.begin()
g.plot(1)
x = 4
g.plot(2)
''')
    (ln,) = h.g.lines()
    assert ln.x == [1, 2] and ln.y == [6, 8]


def test_unknown_target(ran):
    with pytest.raises(NotImplementedError, match='Graph.plot'):
        ran.save_window_.plot('nothing')


def test_missing_library(ran, monkeypatch):
    import importlib
    real = importlib.import_module

    def fake(name, *a, **k):
        if name.startswith('plotly'):
            raise ImportError('no plotly')
        return real(name, *a, **k)
    monkeypatch.setattr(importlib, 'import_module', fake)
    with pytest.raises(ImportError, match=r"pip install 'pyhoc-sim\[plot\]'"):
        ran.save_window_.plot(plotly)


def test_png(ran, tmp_path):
    out = tmp_path / 'graph.png'
    render.save_png(ran.save_window_, str(out))
    assert out.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
