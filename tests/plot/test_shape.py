"""PlotShape / RangeVarPlot (pyhoc.sessions.shape) and their figures (pyhoc.plot).

Figures are compared with NEURON 9.0.2's (tests/plot/data/shape-neuron.json, made by
tools/gen_shape_golden.py): same traces, coordinates, colours through cm.cool, widths, hover.
"""
from __future__ import annotations

import importlib.util
import json
import os

import numpy as np
import pytest

import matplotlib
matplotlib.use('Agg')
import plotly  # noqa: E402
from matplotlib import pyplot  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..', '..')
SWC = os.path.join(ROOT, 'tests', 'sessions', 'data', 'c91662.swc')
_spec = importlib.util.spec_from_file_location(
    'gen_shape_golden', os.path.join(ROOT, 'tools', 'gen_shape_golden.py'))
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

with open(os.path.join(HERE, 'data', 'shape-neuron.json')) as _f:
    GOLD = json.load(_f)


def _same_traces(got, want):
    assert len(got) == len(want)
    for g, w in zip(got, want):
        for k in 'xyz':
            np.testing.assert_allclose(g[k], w[k], rtol=1e-6, atol=1e-5)
        assert g['color'] == w['color']
        assert g['width'] == pytest.approx(w['width'])
        assert g['hover'] == w['hover']


def test_plotly_small_cell(h):
    secs = gen.build_small(h)
    gen.set_voltages(secs)
    ps = h.PlotShape(False)
    assert ps.show() == 1
    _same_traces(gen.traces(ps.plot(plotly)), GOLD['small_plain'])
    ps.variable('v')
    ps.scale(-80, 40)
    fig = ps.plot(plotly)
    assert fig.layout.showlegend is False
    _same_traces(gen.traces(fig), GOLD['small_v'])
    sl = h.SectionList()
    sl.append(sec=secs[1])
    ps2 = h.PlotShape(sl, False)
    ps2.variable('v')
    ps2.show(0)
    _same_traces(gen.traces(ps2.plot(plotly)), GOLD['small_list_diam'])


def test_rangevarplot_small_cell(h):
    secs = gen.build_small(h)
    gen.set_voltages(secs)
    got = gen.rvp(h, secs[2], 1, secs[1], 1)
    want = GOLD['small_rvp']
    np.testing.assert_allclose(got['x'], want['x'], atol=1e-6)
    np.testing.assert_allclose(got['y'], want['y'], atol=1e-9)
    assert (got['left'], got['right']) == pytest.approx((want['left'], want['right']))


def test_plotly_c91662(h):
    secs = gen.build_swc(h, SWC)
    gen.set_voltages(secs)
    ps = h.PlotShape(False)
    ps.variable('v')
    ps.scale(-80, 40)
    _same_traces(gen.traces(ps.plot(plotly)), GOLD['c91662_v'])


def test_plotly_c91662_colours_and_path(h):
    secs = gen.build_swc(h, SWC)
    gen.set_voltages(secs)
    ps = h.PlotShape(False)
    ps.variable('v')
    ps.scale(-80, 40)
    got, want = gen.traces(ps.plot(plotly)), GOLD['c91662_v']
    assert len(got) == len(want)
    assert [g['color'] for g in got] == [w['color'] for w in want]
    assert [g['hover'] for g in got] == [w['hover'] for w in want]
    assert [len(g['x']) for g in got] == [len(w['x']) for w in want]
    names = [s.name() for s in secs]
    got = gen.rvp(h, secs[-1], 1, secs[names.index('axon[0]')] if 'axon[0]' in names
                  else secs[1], 1)
    np.testing.assert_allclose(got['x'], GOLD['c91662_rvp']['x'], atol=1e-4)
    np.testing.assert_allclose(got['y'], GOLD['c91662_rvp']['y'], atol=1e-9)


def test_matplotlib_pyplot_axes_and_png(h, tmp_path):
    secs = gen.build_small(h)
    gen.set_voltages(secs)
    ps = h.PlotShape(False)
    ps.variable('v')
    ax = ps.plot(pyplot)
    want = GOLD['small_v']
    assert len(ax.lines) == len(want)
    assert [matplotlib.colors.to_hex(line.get_color()) for line in ax.lines] == \
        [w['color'] for w in want]
    ax2 = pyplot.figure().add_subplot()
    ps.plot(ax2)
    assert len(ax2.lines) == len(want)
    png = tmp_path / 'shape.png'
    ps.printfile(str(png))
    assert png.stat().st_size > 1000
    r = h.RangeVarPlot('v', secs[2](1), secs[1](1))
    lines = r.plot(pyplot.figure().gca())
    np.testing.assert_allclose(lines[0].get_xdata(), GOLD['small_rvp']['x'], atol=1e-6)
    pyplot.close('all')


def test_bokeh(h):
    import bokeh.plotting as bokeh_plotting
    secs = gen.build_small(h)
    gen.set_voltages(secs)
    ps = h.PlotShape(False)
    ps.variable('v')
    fig = ps.plot(bokeh_plotting)
    src = fig.renderers[0].data_source.data
    assert list(src['color']) == [w['color'] for w in GOLD['small_v']]
    r = h.RangeVarPlot('v', secs[2](1), secs[1](1))
    assert r.plot(bokeh_plotting) is not None


def test_rvp_callable_list_from_vector(h):
    soma = h.Section(name='soma')
    dend = h.Section(name='dend')
    dend.nseg = 3
    dend.connect(soma(1))
    seen = []
    r = h.RangeVarPlot(lambda x: seen.append(x) or 2 * x, soma(0.5), dend(1))
    y = r.vector()
    assert list(y) == pytest.approx([1, 0, 1 / 3., 1, 5 / 3., 2], abs=1e-6)
    sl = h.SectionList()
    r.list(sl)
    assert [s.name() for s in sl] == ['soma', 'dend']
    rv = h.RangeVarPlot('v', dend(0), dend(1))
    v = h.Vector([-1, -2, -3, -4, -5])
    rv.from_vector(v)
    assert [seg.v for seg in dend] == [-2, -3, -4]


def test_hoc_usage(h):
    h('''create soma, dend
    connect dend(0), soma(1)
    objref ps, rvp, y
    ps = new PlotShape(0)
    ps.variable("v")
    ps.scale(-70, 30)
    ps.exec_menu("Shape Plot")
    rvp = new RangeVarPlot("v")
    soma rvp.begin(0)
    dend rvp.end(1)
    y = rvp.vector()
    ''')
    assert h.y.size() == 5
    assert h.rvp.right() == 200.0


def test_missing_library_message(h, monkeypatch):
    import sys
    h.Section(name='soma')
    ps = h.PlotShape(False)
    monkeypatch.setitem(sys.modules, 'plotly.graph_objects', None)
    with pytest.raises(ImportError, match=r"pip install 'pyhoc-sim\[plot\]'"):
        ps.plot(plotly)
