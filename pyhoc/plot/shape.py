"""Drawing a Shape / PlotShape: one line per segment, coloured by the plotted variable."""
from __future__ import annotations

import bisect

import numpy as np

from . import kind, need
from .colors import color_of, default_cmap


def segment_points(sec):
    """[(xs, ys, zs, diams)] for each segment of sec: its 3-D points, cut at segment ends."""
    n3d = sec.n3d()
    arc = [sec.arc3d(i) for i in range(n3d)]
    cols = [np.array([f(i) for i in range(n3d)]) for f in (sec.x3d, sec.y3d, sec.z3d, sec.diam3d)]
    n = sec.nseg
    step = sec.L / n
    out = []
    for i in range(n):
        lo, hi = i * step, (i + 1) * step
        inside = arc[bisect.bisect_left(arc, lo):bisect.bisect_right(arc, hi)]
        if inside and inside[0] == lo:
            inside = inside[1:]
        if inside and inside[-1] == hi:
            inside = inside[:-1]
        at = [lo] + inside + [hi]
        out.append(tuple(list(np.interp(at, arc, c)) for c in cols))
    return out


def segment_value(seg, variable):
    """The variable at seg (``'v'``, ``'gnabar_hh'``, ``'hh.gnabar'``) or None where missing."""
    if not isinstance(variable, str):
        return None
    try:
        if '.' in variable:
            mech, var = variable.split('.', 1)
            return float(getattr(getattr(seg, mech), var))
        return float(getattr(seg, variable))
    except Exception:
        return None


def segments(ps):
    """[(seg, (xs, ys, zs, ds), value)] for the sections ps shows, in NEURON's order."""
    variable, lo, hi, secs, mode = ps._plot_data()
    if secs is None:
        secs = ps.sections()
    out = []
    for sec in secs:
        for seg, pts in zip(sec, segment_points(sec)):
            out.append((seg, pts, segment_value(seg, variable) if variable else None))
    return out


def _style(ps, kwargs, width):
    variable, lo, hi, secs, mode = ps._plot_data()
    cmap = kwargs.pop('cmap', None)
    color = kwargs.pop('color', None)
    rows = []
    for seg, pts, val in segments(ps):
        if color is not None:
            col = color
        elif variable is None or val is None:
            col = 'black'
        else:
            if cmap is None:
                cmap = default_cmap()
            col = color_of(val, cmap, lo, hi)
        w = float(seg.diam) if mode == 0 else width
        rows.append((seg, pts, val, col, w))
    return rows


# ---------------------------------------------------------------------------------- plotly
def plot_plotly(ps, width=2, color=None, cmap=None, **kwargs):
    go = need('plotly.graph_objects', 'PlotShape.plot(plotly)')
    variable = ps._plot_data()[0]
    kw = {}
    if cmap is not None:
        kw['cmap'] = cmap
    if color is not None:
        kw['color'] = color
    data = []
    for seg, (xs, ys, zs, _), val, col, w in _style(ps, kw, width):
        hover = str(seg)
        if variable is not None and val is not None:
            hover += '<br>' + '%.3f' % val
        data.append(go.Scatter3d(x=xs, y=ys, z=zs, name='', hovertemplate=hover, mode='lines',
                                 line=go.scatter3d.Line(color=col, width=w)))
    fig = _figure_class(go)(data=data, layout={'showlegend': False})
    return fig


def _figure_class(go):
    class ShapeFigure(go.Figure):
        """A plotly Figure that can also mark a segment."""

        def mark(self, segment, marker='or', **kwargs):
            x, y, z = point_of(segment)
            kwargs.setdefault('marker_size', 5)
            kwargs.setdefault('marker_color', 'red')
            kwargs.setdefault('marker_opacity', 1)
            self.add_trace(go.Scatter3d(x=[x], y=[y], z=[z], name='', hovertemplate=str(segment),
                                        **kwargs))
            return self
    return ShapeFigure


def point_of(segment):
    sec = segment.sec
    n3d = sec.n3d()
    arc = [sec.arc3d(i) for i in range(n3d)]
    at = sec.L * segment.x
    return tuple(float(np.interp(at, arc, [f(i) for i in range(n3d)]))
                 for f in (sec.x3d, sec.y3d, sec.z3d))


# ------------------------------------------------------------------------------ matplotlib
def plot_matplotlib(ps, target, *args, line_width=2, **kwargs):
    """Draw into a new figure (pyplot), a Figure, or an Axes (3-D, or 2-D for x-y)."""
    need('matplotlib', 'PlotShape.plot(matplotlib)')
    k = kind(target)
    if k == 'pyplot':
        fig = target.figure()
        ax = _axes3d(fig)
    elif k == 'mpl-figure':
        ax = _axes3d(target)
    else:
        ax = target
    three_d = hasattr(ax, 'get_zlim')
    kwargs.setdefault('picker', 2)
    rows = _style(ps, kwargs, line_width)
    lines = {}
    for seg, (xs, ys, zs, _), val, col, w in rows:
        if three_d:
            (line,) = ax.plot(xs, ys, zs, '-', linewidth=w, color=col, *args, **kwargs)
        else:
            (line,) = ax.plot(xs, ys, '-', linewidth=w, color=col, *args, **kwargs)
        lines[line] = str(seg) if val is None else '%s at %s' % (val, seg)
    if three_d and hasattr(ax, 'auto_aspect'):
        ax.auto_aspect()
    elif not three_d:
        ax.set_aspect('equal', adjustable='datalim')
    ax._shape_lines = lines
    return ax


def _axes3d(fig):
    from mpl_toolkits.mplot3d import Axes3D

    class ShapeAxes3D(Axes3D):
        """3-D axes with equal ranges on all three axes and segment markers."""

        def auto_aspect(self):
            bounds = [self.get_xlim(), self.get_ylim(), self.get_zlim()]
            half = max((b[1] - b[0]) / 2 for b in bounds)
            mids = [sum(b) / 2 for b in bounds]
            self.auto_scale_xyz(*[[m - half, m + half] for m in mids])

        def mark(self, segment, marker='or', **kwargs):
            x, y, z = point_of(segment)
            self.plot([x], [y], [z], marker, **kwargs)
            return self

    ax = ShapeAxes3D(fig)
    fig.add_axes(ax)
    return ax


# ----------------------------------------------------------------------------------- bokeh
def plot_bokeh(ps, target, line_width=2, **kwargs):
    """x-y projection with hover text; a new figure when given the bokeh module."""
    need('bokeh', 'PlotShape.plot(bokeh)')
    from bokeh.models import ColumnDataSource, HoverTool
    from bokeh.plotting import figure
    fig = figure(match_aspect=True) if kind(target) == 'bokeh' else target
    rows = _style(ps, kwargs, line_width)
    src = ColumnDataSource(dict(
        xs=[r[1][0] for r in rows], ys=[r[1][1] for r in rows], color=[r[3] for r in rows],
        width=[r[4] for r in rows], name=[str(r[0]) for r in rows],
        value=['' if r[2] is None else '%.3f' % r[2] for r in rows]))
    fig.multi_line('xs', 'ys', source=src, line_color='color', line_width='width', **kwargs)
    fig.add_tools(HoverTool(tooltips=[('segment', '@name'), ('value', '@value')]))
    return fig


def plot(ps, graph, *args, **kwargs):
    k = kind(graph)
    if k == 'plotly':
        return plot_plotly(ps, *args, **kwargs)
    if k in ('pyplot', 'mpl-figure', 'mpl-axes'):
        return plot_matplotlib(ps, graph, *args, **kwargs)
    if k in ('bokeh', 'bokeh-figure'):
        return plot_bokeh(ps, graph, *args, **kwargs)
    raise NotImplementedError('PlotShape.plot: cannot draw on %r; give plotly, '
                              'matplotlib.pyplot (or a Figure or Axes) or bokeh.plotting' % (graph,))


def save(ps, fname: str, fmt: str) -> None:
    """printfile: draw with matplotlib (no window) and write fname."""
    need('matplotlib', 'PlotShape.printfile')
    from matplotlib.figure import Figure
    fig = Figure(figsize=(6, 6))
    ps._model.define_shape()
    plot_matplotlib(ps, fig)
    fig.savefig(fname, format=fmt)
