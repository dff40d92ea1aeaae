"""NEURON's Graph, headless: it keeps what it would draw and never opens a window.

Two modes, chosen by the interpreter's ``gui`` flag when the Graph is created:

* ``gui`` False (``-nogui``, the conformance mode): as ``nrniv -nogui``.  ``view_count()`` is 0
  even after ``view(...)`` and ``size(i)`` reads 0, so the run system's ``initPlot()`` drops every
  graph from ``graphList`` and no expression is evaluated.  Nothing keeps the Graph alive.
* ``gui`` True (default): as NEURON with its GUI, minus the screen.  ``Graph()`` and
  ``view(x, y, w, h, sx, sy, pw, ph)`` open a view: it counts in ``view_count()`` and holds a
  reference to the Graph (``interp._pyhoc_windows``) as a window would.  ``begin()`` / ``plot(x)``
  evaluate the ``addvar`` / ``addexpr`` expressions and keep the points, which ``lines()`` and
  ``getline()`` give back.

Return values are those of NEURON 9.0.2's Graph methods under ``-nogui``.
"""
from __future__ import annotations

import math
from typing import Any, Optional

from ..base.objects import HocObject


def _interp(owner: Any = None):
    """The interpreter ``owner`` belongs to (else the running one)."""
    from ..base.context import current
    return current(owner)


def _isnum(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


class Line:
    """One polyline: from an addvar/addexpr item, or drawn with beginline/line."""

    def __init__(self, label: str = '', color: float = 1., brush: float = 1.,
                 expr: Optional[str] = None):
        self.label = label
        self.color = color
        self.brush = brush
        self.expr = expr
        self.x: list[float] = []
        self.y: list[float] = []
        self.source = None      # () -> (x, y) for a line redrawn from live values at flush

    def __repr__(self) -> str:
        return 'Line(%r, %d points)' % (self.label or self.expr, len(self.x))


def _item_args(args: tuple) -> tuple[str, str, tuple]:
    """(label, expression, rest) of addvar/addexpr arguments."""
    if len(args) >= 2 and isinstance(args[1], str):
        return str(args[0]), str(args[1]), tuple(args[2:])
    expr = str(args[0]) if args else ''
    return expr, expr, tuple(args[1:])


class _Scene(HocObject):
    """What a Graph-like scene has: views, size, labels, marks, menu settings."""

    __slots__ = ('__dict__',)
    # begin/flush/fastflush redraw from what the scene holds (the run system may leave out
    # the screen updates between a run's start and its end: pyhoc.stdlib.stdrun)
    _redraws_only = True

    def __init__(self, *args: Any):
        interp = _interp(self)
        self._gui = bool(getattr(interp, 'gui', False))
        self.args = args
        self.mapped = not (args and _isnum(args[0]) and float(args[0]) == 0)
        self.views: list[tuple] = []
        self.size_ = [0., 1., 0., 1.]
        self.labels: list[tuple] = []
        self.marks: list[tuple] = []
        self.menu: list[tuple] = []
        self.name = ''
        self.cur_color = 1.
        self.cur_brush = 1.
        if self._gui and self.mapped:
            self.views.append(('map',))
            self._hold(interp)

    def _hold(self, interp=None) -> None:
        interp = interp or _interp(self)
        wins = getattr(interp, '_pyhoc_windows', None)
        if wins is None:
            wins = []
            try:
                interp._pyhoc_windows = wins
            except AttributeError:
                return
        if not any(w is self for w in wins):
            wins.append(self)

    def _release(self) -> None:
        wins = getattr(_interp(self), '_pyhoc_windows', None)
        if wins is not None:
            wins[:] = [w for w in wins if w is not self]

    # ---- views
    def view(self, *args):
        if len(args) >= 8 and self._gui:
            self.views.append(tuple(float(a) for a in args[:8]))
            self.size_ = [float(args[0]), float(args[0]) + float(args[2]),
                          float(args[1]), float(args[1]) + float(args[3])]
            self._hold()
        return 1.

    def view_count(self) -> int:
        return len(self.views) if self._gui else 0

    def unmap(self):
        self.views.clear()
        self._release()
        return 0.

    def size(self, *args):
        if len(args) == 1 and hasattr(args[0], 'at'):
            # size(&x[0]): x[0..3] get xmin, xmax, ymin, ymax (left alone when headless)
            if self._gui:
                for k in range(4):
                    args[0].at(k).set(self.size_[k])
            return 0.
        if len(args) == 1:
            i = int(args[0])
            return self.size_[i - 1] if self._gui and 1 <= i <= 4 else 0.
        if len(args) >= 4:
            self.size_ = [float(a) for a in args[:4]]
        return 0.

    def save_name(self, name='', *args):
        self.name = str(name)
        return 1.

    def exec_menu(self, name='', *args):
        self.menu.append(('exec', str(name)))
        return 0.

    def menu_tool(self, *args):
        self.menu.append(('tool',) + tuple(args))
        return 1.

    def menu_action(self, *args):
        self.menu.append(('action',) + tuple(args))
        return 1.

    def menu_remove(self, *args):
        return 0.

    def label(self, *args):
        self.labels.append(tuple(args))
        return 1.

    def color(self, *args):
        if args:
            self.cur_color = float(args[0]) if _isnum(args[0]) else self.cur_color
        return 1.

    def brush(self, *args):
        if args:
            self.cur_brush = float(args[0]) if _isnum(args[0]) else self.cur_brush
        return 1.

    def mark(self, *args):
        self.marks.append(tuple(args))
        return 1.

    def flush(self, *args):
        """Redraw: lines that read live values (PtrVector.plot) read them again."""
        for ln in getattr(self, 'drawn', ()):
            source = getattr(ln, 'source', None)
            if source is not None:
                ln.x, ln.y = source()
        return 1.

    fastflush = flush

    def printfile(self, *args):
        return 1.

    def gif(self, *args):
        return 0.

    def begin(self, *args):
        return 1.

    def erase(self, *args):
        return 1.

    def erase_all(self, *args):
        self.labels.clear()
        self.marks.clear()
        return 1.

    def line(self, *args):
        return 1.

    def beginline(self, *args):
        return 1.


class Graph(_Scene):
    """NEURON's Graph."""

    def __init__(self, *args: Any):
        super().__init__(*args)
        self.items: list[Line] = []       # addvar / addexpr
        self.drawn: list[Line] = []       # beginline / line
        self.objects: list[tuple] = []
        self.x_expr: Optional[str] = None
        self.family_ = None
        self.fixed_ = None
        self.axes: dict[str, tuple] = {}

    # ---- what is plotted
    def addvar(self, *args):
        label, expr, rest = _item_args(args)
        color = float(rest[0]) if rest and _isnum(rest[0]) else self.cur_color
        brush = float(rest[1]) if len(rest) > 1 and _isnum(rest[1]) else self.cur_brush
        self.items.append(Line(label, color, brush, expr))
        return 1.

    addexpr = addvar

    def addobject(self, *args):
        self.objects.append(tuple(args))
        return 1.

    def xexpr(self, expr='', *args):
        self.x_expr = str(expr)
        return 1.

    def family(self, arg=0., *args):
        self.family_ = arg
        return 1.

    def simgraph(self, *args):
        return 1.

    # ---- running plots
    def begin(self, *args):
        for ln in self.items:
            ln.x, ln.y = [], []
        return 1.

    def plot(self, x=0., *args, **kwargs):
        if not isinstance(x, (int, float)):   # g.plot(plotly | pyplot | Axes | bokeh)
            from ..plot import graph as _render
            return _render.plot(self, x, *args, **kwargs)
        if not (self._gui and self.items):
            return 1.
        interp = _interp(self)
        xv = float(x)
        if self.x_expr:
            xv = _eval(interp, self.x_expr)
        for ln in self.items:
            ln.x.append(xv)
            ln.y.append(_eval(interp, ln.expr))
        return 1.

    # ---- the run system's compiled stretches (pyhoc.stdlib.stdrun's continuerun)
    def _sample_refs(self) -> Optional[list]:
        """What plot(x) reads, as pointers: [the x expression's (None: x itself), then one
        per item], [] where plot(x) reads nothing, None where an expression is not a plain
        variable (plot(x) must evaluate it).  Resolved as plot(x) would evaluate them now."""
        if not (self._gui and self.items):
            return []
        interp = _interp(self)
        refs = [None]
        for expr in ([self.x_expr] if self.x_expr else []) + [ln.expr for ln in self.items]:
            if not expr:
                return None
            try:
                refs.append(interp.ref_string(expr))
            except Exception:
                return None
        if self.x_expr:
            refs.pop(0)
        return refs

    def _sample_take(self, x, cols) -> None:
        """plot(x[j]) for each j, given what it would read there: cols as _sample_refs
        (a column of values for each)."""
        xs = (cols[0] if self.x_expr else x).tolist()
        for ln, ys in zip(self.items, cols[1:]):
            ln.x.extend(xs)
            ln.y.extend(ys.tolist())

    def erase(self, *args):
        for ln in self.items:
            ln.x, ln.y = [], []
        self.drawn.clear()
        return 1.

    def erase_all(self, *args):
        super().erase_all()
        self.items.clear()
        self.drawn.clear()
        self.objects.clear()
        return 1.

    # ---- drawing by hand
    def beginline(self, *args):
        label = ''
        rest = args
        if args and isinstance(args[0], str):
            label, rest = str(args[0]), args[1:]
        color = float(rest[0]) if rest and _isnum(rest[0]) else self.cur_color
        brush = float(rest[1]) if len(rest) > 1 and _isnum(rest[1]) else self.cur_brush
        self.drawn.append(Line(label, color, brush))
        return 1.

    def line(self, x=0., y=0., *args):
        if not self.drawn:
            self.beginline()
        self.drawn[-1].x.append(float(x))
        self.drawn[-1].y.append(float(y))
        return 1.

    def lines(self) -> list[Line]:
        """All lines with their points: the addvar/addexpr ones, then the drawn ones."""
        return self.items + self.drawn

    def getline(self, i=-1., xvec=None, yvec=None, *args):
        """The next line after index i with points into xvec, yvec; its index, or -1."""
        lines = self.lines()
        for k in range(max(int(i) + 1, 0), len(lines)):
            ln = lines[k]
            if ln.x:
                if xvec is not None:
                    xvec.from_python(ln.x)
                if yvec is not None:
                    yvec.from_python(ln.y)
                return float(k)
        return -1.

    def line_info(self, i=-1., vec=None, *args):
        lines = self.lines()
        for k in range(max(int(i) + 1, 0), len(lines)):
            if vec is not None:
                vec.from_python([lines[k].color, lines[k].brush, 0, 0])
            return float(k)
        return -1.

    def vector(self, *args):
        return 1.

    # ---- display settings
    def xaxis(self, *args):
        self.axes['x'] = tuple(args)
        return 1.

    def yaxis(self, *args):
        self.axes['y'] = tuple(args)
        return 1.

    def fixed(self, *args):
        self.fixed_ = args
        return 1.

    def vfixed(self, *args):
        self.fixed_ = args
        return 1.

    def relative(self, *args):
        return 1.

    def align(self, *args):
        return 1.

    def glyph(self, *args):
        return 0.

    def crosshair_action(self, *args):
        return 0.

    def view_info(self, *args):
        if not args:
            return 0. if self._gui and self.views else -1.
        return 0.

    def view_size(self, *args):
        return 1.


def _eval(interp, expr: Optional[str]) -> float:
    if not expr:
        return math.nan
    try:
        return float(interp.eval_string(expr))
    except Exception:
        return math.nan
