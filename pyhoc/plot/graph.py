"""Drawing a headless Graph: its lines (addvar/addexpr items and beginline/line polylines)
with their colours, brushes and labels, its text labels, and the axis ranges of size/view.

``g.plot(plotly)`` gives a plotly Figure, ``g.plot(pyplot)`` / ``g.plot(fig)`` / ``g.plot(ax)``
matplotlib Axes, ``g.plot(bokeh)`` / ``g.plot(bokeh_figure)`` a bokeh figure.
"""
from __future__ import annotations

import math
from typing import Any, NamedTuple, Optional

from . import kind, need

# NEURON's colour indices (0 is the background colour, white)
PALETTE = ('#ffffff', '#000000', '#ff0000', '#0000ff', '#00ff00', '#ff8000', '#804000',
           '#8000ff', '#e6e600', '#808080')
# brushes 0..4 are solid lines of increasing width; 5.. are dashed / dotted
_DASHES = {5: 'dash', 6: 'dot', 7: 'dash', 8: 'dashdot', 9: 'dot', 10: 'dash'}


def color_hex(index: float) -> str:
    """The '#rrggbb' of a NEURON colour index (indices wrap round the 10 colours)."""
    try:
        i = int(index)
    except (TypeError, ValueError):
        return PALETTE[1]
    return PALETTE[i % len(PALETTE)] if i >= 0 else PALETTE[1]


def brush_style(index: float) -> tuple[float, str]:
    """(line width in pixels, 'solid' | 'dash' | 'dot' | 'dashdot') of a brush index."""
    try:
        i = int(index)
    except (TypeError, ValueError):
        i = 1
    if i <= 0:
        return 1., 'solid'
    if i <= 4:
        return float(i), 'solid'
    return 1. + (i - 5) // 6, _DASHES.get(5 + (i - 5) % 6, 'dash')


class Trace(NamedTuple):
    x: list
    y: list
    color: str
    width: float
    dash: str
    label: str


class Text(NamedTuple):
    x: float
    y: float
    text: str
    color: str


def traces(g) -> list[Trace]:
    """The lines of g that have points, in Graph.lines() order."""
    out = []
    for ln in g.lines():
        if not ln.x:
            continue
        width, dash = brush_style(ln.brush)
        out.append(Trace(list(ln.x), list(ln.y), color_hex(ln.color), width, dash,
                         str(ln.label or ln.expr or '')))
    return out


def texts(g) -> list[Text]:
    """Labels, placed in view-relative coordinates (0..1): ``label(x, y, s)`` where given,
    else stacked down the top-left corner as NEURON places labels without coordinates."""
    out = []
    row = 0
    for args in g.labels:
        nums = [a for a in args if isinstance(a, (int, float)) and not isinstance(a, bool)]
        strs = [a for a in args if isinstance(a, str)]
        if not strs:
            continue
        if len(nums) >= 2 and not isinstance(args[0], str):
            x, y = float(nums[0]), float(nums[1])
            # label(x, y, s, fixed, scale, x_align, y_align, color)
            col = color_hex(nums[6]) if len(nums) > 6 else PALETTE[1]
        else:
            x, y = .02, .95 - .06 * row
            row += 1
            col = PALETTE[1]
        out.append(Text(x, y, strs[0], col))
    return out


def ranges(g, rows: Optional[list] = None) -> tuple[list, list]:
    """([xmin, xmax], [ymin, ymax]): the size/view of g; the data's extent where g kept the
    default 0..1 scene and the data fall outside it."""
    size = [float(v) for v in g.size_]
    rows = traces(g) if rows is None else rows
    xs = [v for r in rows for v in r.x if math.isfinite(v)]
    ys = [v for r in rows for v in r.y if math.isfinite(v)]
    xr, yr = size[:2], size[2:]
    if size == [0., 1., 0., 1.] and not g.views[1:] and xs:
        if min(xs) < 0 or max(xs) > 1 or min(ys) < 0 or max(ys) > 1:
            xr, yr = _pad(min(xs), max(xs)), _pad(min(ys), max(ys))
    if xr[0] == xr[1]:
        xr = [xr[0] - .5, xr[1] + .5]
    if yr[0] == yr[1]:
        yr = [yr[0] - .5, yr[1] + .5]
    return xr, yr


def _pad(lo: float, hi: float) -> list:
    d = (hi - lo) * .05 or .5
    return [lo - d, hi + d]


def _title(g) -> str:
    return ''   # save_name() is the graph list's name, not a title


def _xlabel(g) -> str:
    return str(g.x_expr) if g.x_expr else 't'


# ---------------------------------------------------------------------------------- plotly
def plot_plotly(g, **kwargs):
    go = need('plotly.graph_objects', 'Graph.plot(plotly)')
    rows = traces(g)
    xr, yr = ranges(g, rows)
    data = [go.Scatter(x=r.x, y=r.y, mode='lines', name=r.label,
                       line=dict(color=r.color, width=r.width, dash=r.dash)) for r in rows]
    notes = [dict(x=t.x, y=t.y, xref='paper', yref='paper', text=t.text, showarrow=False,
                  xanchor='left', font=dict(color=t.color)) for t in texts(g)]
    layout = dict(xaxis=dict(range=xr, title=_xlabel(g)), yaxis=dict(range=yr),
                  showlegend=any(r.label for r in rows), annotations=notes,
                  template='simple_white')
    if _title(g):
        layout['title'] = _title(g)
    layout.update(kwargs)
    return go.Figure(data=data, layout=layout)


# ------------------------------------------------------------------------------ matplotlib
_MPL_DASH = {'solid': '-', 'dash': '--', 'dot': ':', 'dashdot': '-.'}


def plot_matplotlib(g, target, **kwargs):
    """Draw into a new figure (pyplot), a Figure, or an Axes; returns the Axes."""
    need('matplotlib', 'Graph.plot(matplotlib)')
    k = kind(target)
    if k == 'pyplot':
        ax = target.figure().add_subplot()
    elif k == 'mpl-figure':
        ax = target.add_subplot()
    else:
        ax = target
    rows = traces(g)
    for r in rows:
        ax.plot(r.x, r.y, _MPL_DASH[r.dash], color=r.color, linewidth=r.width,
                label=r.label or None, **kwargs)
    for t in texts(g):
        ax.text(t.x, t.y, t.text, color=t.color, transform=ax.transAxes)
    xr, yr = ranges(g, rows)
    ax.set_xlim(*xr)
    ax.set_ylim(*yr)
    ax.set_xlabel(_xlabel(g))
    if _title(g):
        ax.set_title(_title(g))
    if any(r.label for r in rows):
        ax.legend(loc='best', frameon=False)
    return ax


# ----------------------------------------------------------------------------------- bokeh
_BOKEH_DASH = {'solid': 'solid', 'dash': 'dashed', 'dot': 'dotted', 'dashdot': 'dashdot'}


def plot_bokeh(g, target, **kwargs):
    """A new bokeh figure (given the bokeh module) or lines added to the figure given."""
    need('bokeh', 'Graph.plot(bokeh)')
    from bokeh.models import Label
    from bokeh.plotting import figure
    rows = traces(g)
    xr, yr = ranges(g, rows)
    if kind(target) == 'bokeh':
        fig = figure(x_range=tuple(xr), y_range=tuple(yr), x_axis_label=_xlabel(g),
                     title=_title(g) or None)
    else:
        fig = target
    for r in rows:
        extra = {'legend_label': r.label} if r.label else {}
        fig.line(r.x, r.y, line_color=r.color, line_width=r.width,
                 line_dash=_BOKEH_DASH[r.dash], **extra, **kwargs)
    for t in texts(g):
        fig.add_layout(Label(x=xr[0] + t.x * (xr[1] - xr[0]), y=yr[0] + t.y * (yr[1] - yr[0]),
                             text=t.text, text_color=t.color))
    return fig


def plot(g, target: Any, *args, **kwargs):
    k = kind(target)
    if k == 'plotly':
        return plot_plotly(g, **kwargs)
    if k in ('pyplot', 'mpl-figure', 'mpl-axes'):
        return plot_matplotlib(g, target, **kwargs)
    if k in ('bokeh', 'bokeh-figure'):
        return plot_bokeh(g, target, **kwargs)
    raise NotImplementedError('Graph.plot: cannot draw on %r; give plotly, matplotlib.pyplot '
                              '(or a Figure or Axes) or bokeh.plotting' % (target,))


def save_png(g, fname: str, figsize=(6.4, 4.8), dpi: int = 100) -> None:
    """Draw g with matplotlib (no window) and write a PNG."""
    need('matplotlib', 'Graph.save_png')
    from matplotlib.figure import Figure
    fig = Figure(figsize=figsize, dpi=dpi)
    plot_matplotlib(g, fig)
    fig.savefig(fname, format='png')
