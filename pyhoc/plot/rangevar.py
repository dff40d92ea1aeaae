"""Drawing a RangeVarPlot: the values along its path against path position."""
from __future__ import annotations

from . import kind, need


def plot(rvp, graph, *args, **kwargs):
    x, y = rvp._xy()
    k = kind(graph)
    if k == 'hoc':
        from ..hoc.builtins.vector import Vector
        return Vector(list(y)).line(graph, Vector(list(x)), *args)
    if k in ('plotly', 'plotly-figure'):
        go = need('plotly.graph_objects', 'RangeVarPlot.plot(plotly)')
        kwargs.setdefault('mode', 'lines')
        fig = go.Figure() if k == 'plotly' else graph
        return fig.add_trace(go.Scatter(x=x, y=y, *args, **kwargs))
    if k == 'mpl-figure':
        raise TypeError('plot to a matplotlib axis not a matplotlib figure')
    if k == 'pyplot':
        need('matplotlib', 'RangeVarPlot.plot(pyplot)')
    if k == 'bokeh':
        need('bokeh', 'RangeVarPlot.plot(bokeh)')
        from bokeh.plotting import figure
        graph = figure()
        graph.line(x, y, *args, **kwargs)
        return graph
    if hasattr(graph, 'plot'):
        return graph.plot(x, y, *args, **kwargs)
    if hasattr(graph, 'line'):
        return graph.line(x, y, *args, **kwargs)
    raise TypeError('Unable to plot to graphs of type %s' % type(graph))
