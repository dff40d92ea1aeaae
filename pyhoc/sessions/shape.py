"""Shape, PlotShape and RangeVarPlot without a window.

``PlotShape(False)`` keeps what NEURON's shape plot knows (the sections shown, the variable,
the colour scale, the show mode) so that ``ps.plot(plotly)``, ``ps.plot(pyplot)`` or
``ps.plot(bokeh)`` can draw it; the drawing lives in :mod:`pyhoc.plot`, imported only then.

``RangeVarPlot`` is a space plot: the values of a range variable (or of a Python callable or a
HOC expression in ``$1``) at the nodes of the path between two locations.  The path is the list
of nodes from ``begin`` up to the node nearest the root that both ends share and down again to
``end``; position 0 is that shared node (moved by ``origin``).  Positions are single precision
numbers, as NEURON stores them.  Where the variable does not exist (a mechanism missing, or a
zero-area end node for anything but ``v``) the curve is broken by points at 0.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import HocError
from ..base.objects import HocObject

_F = np.float32


def _interp(owner: Any = None):
    """The interpreter ``owner`` belongs to (else the running one)."""
    from ..base.context import current
    return current(owner)


def _locate(args, what: str):
    """(sec, x) from ``seg`` or ``x`` (on the current section, which ``sec=`` sets)."""
    if not args:
        raise HocError('%s: needs a location' % what)
    a = args[0]
    if hasattr(a, 'sec') and hasattr(a, 'x'):
        return a.sec, float(a.x)
    return _interp().sim.current(), float(a)


# ------------------------------------------------------------------------ nodes
# A node is (sec, j): j in 0..nseg-1 are the segment centres counted from the attached end,
# j == nseg the far end; the root node of a tree is (rootsec, 'root').

def _parent_node(sec):
    p = sec._parent
    if p is None:
        return (sec, 'root')
    return _node_at(p, sec._parent_x)


def _node_at(sec, x: float):
    j = sec._x_to_node(x)
    if j == -1:
        return _parent_node(sec)
    return (sec, j)


def _up(nd):
    sec, j = nd
    if j == 'root':
        return None
    if j > 0:
        return (sec, j - 1)
    return _parent_node(sec)


def _node_dist(sec, nd) -> float:
    """Distance of node nd from the attached end of sec (0 for sec's parent node)."""
    if sec is None or nd[0] is not sec or nd[1] == 'root':
        return 0.
    n = sec._nseg
    j = nd[1]
    return sec.L if j == n else (j + .5) / n * sec.L


def _arc_position(sec, nd) -> float:
    if nd[0] is sec and nd[1] != 'root':
        n = sec._nseg
        a = 1. if nd[1] == n else (nd[1] + .5) / n
    else:
        a = 0.
    return 1. - a if sec._orient else a


def _to_root(nd) -> float:
    """Path length from nd up to the root node of its tree."""
    d = 0.
    while nd[1] != 'root':
        sec = nd[0]
        d += _node_dist(sec, nd)
        nd = _parent_node(sec)
    return d


def _true_parent(sec):
    s, p = sec, sec._parent
    while p is not None:
        if s._parent_x != p._orient:
            return p
        s, p = p, p._parent
    return None


def _same(a, b) -> bool:
    return a is not None and b is not None and a[0] is b[0] and a[1] == b[1]


def _path(sec1, x1: float, sec2, x2: float):
    """[(sec, x, pos)] along the path, pos relative to the shared node; and its root distance."""
    nd1, nd2 = _node_at(sec1, x1), _node_at(sec2, x2)
    ups = []
    nd = nd1
    while nd is not None:
        ups.append(nd)
        nd = _up(nd)
    top = nd2
    while top is not None and not any(_same(top, u) for u in ups):
        top = _up(top)
    if top is None:
        raise HocError('SpacePlot No path from begin to end points')
    dtop = _to_root(top)
    d1, d2 = _to_root(nd1), _to_root(nd2)
    d2r = d1 - dtop
    dist = d1 + d2 - 2. * dtop
    head = []
    nd, sec = nd1, sec1
    d = -d2r + _node_dist(sec, nd)
    while not _same(nd, top):
        x = _node_dist(sec, nd)
        head.append((sec, _arc_position(sec, nd), _F(d - x)))
        if x == 0.:
            sec = _true_parent(sec)
            d += _node_dist(sec, nd)
        nd = _up(nd)
    if sec is None:
        sec = nd[0]
    head.append((sec, _arc_position(sec, nd), _F(0.)))
    tail = []
    nd, sec = nd2, sec2
    d = dist - d2r - _node_dist(sec, nd)
    while not _same(nd, top):
        x = _node_dist(sec, nd)
        tail.append((sec, _arc_position(sec, nd), _F(d + x)))
        if x == 0.:
            sec = _true_parent(sec)
            d -= _node_dist(sec, nd)
        nd = _up(nd)
    return head + tail[::-1], dtop


_ION_VARS = {'i%s', 'e%s', '%si', '%so'}


def _mech_of(name: str):
    """The mechanism that owns range variable name; 'v' for v, None for other names."""
    from ..sim import registry
    if name == 'v':
        return 'v'
    if name == 'diam':
        return 'morphology'
    if name in ('cm', 'i_cap'):
        return 'capacitance'
    k = name.rfind('_')
    if k > 0 and name[k + 1:] in registry.MECHANISMS:
        return name[k + 1:]
    for ion in ('na', 'k', 'ca'):
        if name in (f % ion for f in _ION_VARS):
            return ion + '_ion'
    return None


class _Loc:
    """Where a value along the path lives (NEURON keeps a pointer)."""

    __slots__ = ('sec', 'x', 'name', 'vals', 'i')

    def __init__(self, sec=None, x=0., name=None, vals=None, i=0):
        self.sec, self.x, self.name, self.vals, self.i = sec, x, name, vals, i

    def get(self) -> float:
        if self.vals is not None:
            return float(self.vals[self.i])
        if self.name == 'L':
            return float(self.sec.L)
        return float(self.sec.model.range_get(self.sec, self.name, self.x))

    def set(self, value: float) -> None:
        if self.vals is not None:
            self.vals[self.i] = value
        else:
            self.sec.model.range_set(self.sec, self.name, self.x, value)


class RangeVarPlot(HocObject):
    """A space plot: ``RangeVarPlot('v', sec1(x1), sec2(x2))`` or a callable of x."""

    __slots__ = ('_expr', '_callable', '_begin', '_end', '_origin', '_path', '_d2root',
                 '_pts', '_vals', '_exist', '_color', '_interp')

    def __init__(self, var, begin=None, end=None):
        self._interp = _interp(self)
        self._callable = None if isinstance(var, str) else var
        self._expr = str(var) if isinstance(var, str) else 'pyobj'
        self._begin = self._end = None
        self._origin = _F(0.)
        self._path: list = []
        self._d2root = 0.
        self._pts: list = []
        self._vals = None
        self._exist: list = []
        self._color = 1
        if begin is not None:
            self.begin(begin)
        if end is not None:
            self.end(end)

    # ---- path ----------------------------------------------------------------------------------
    def begin(self, *args) -> float:
        self._begin = _locate(args, 'begin')
        self._set_x()
        return 1.

    def end(self, *args) -> float:
        self._end = _locate(args, 'end')
        self._set_x()
        return 1.

    def origin(self, x) -> float:
        self._origin = _F(float(x))
        self._fill()
        return 1.

    def d2root(self) -> float:
        return float(self._d2root)

    def left(self) -> float:
        return float(_F(self._path[0][2] + self._origin)) if self._path else float(self._origin)

    def right(self) -> float:
        return float(_F(self._path[-1][2] + self._origin)) if self._path else float(self._origin)

    def color(self, i=None) -> int:
        old = self._color
        if i is not None:
            self._color = int(i)
        return old

    def list(self, sl) -> float:
        last = None
        for sec, _, _ in self._path:
            if sec is not last:
                sl.append(sec)
                last = sec
        return 0.

    def _set_x(self) -> None:
        if self._begin is None or self._end is None or self._begin[0].deleted or \
                self._end[0].deleted:
            self._path = []
        else:
            (s1, x1), (s2, x2) = self._begin, self._end
            self._path, self._d2root = _path(s1, x1, s2, x2)
        self._fill()

    # ---- values --------------------------------------------------------------------------------
    def _eval(self, sec, x: float):
        """Value of the callable or $1 expression at sec(x), or raise."""
        interp = self._interp
        glue = interp.sim
        depth = len(glue.stack)
        glue.push(sec)
        try:
            if self._callable is not None:
                return float(self._callable(x))
            from ..bridge import HocTop
            from ..base.context import running
            h = HocTop(interp)
            with running(interp):
                h.hoc_ac_ = x
                interp.run_text('hoc_ac_ = ' + self._expr.replace('$1', 'hoc_ac_') + '\n')
                return float(h.hoc_ac_)
        finally:
            del glue.stack[depth:]

    def _exists(self, sec, x: float, name: str) -> bool:
        mech = _mech_of(name)
        if mech == 'v' or mech is None:
            return True
        owner, j = _node_at(sec, x)
        if j == 'root' or j == owner._nseg:
            return False
        return owner.has_mech(mech)

    def _fill(self) -> None:
        """NEURON's fill_pointers: the (x, location) points, breaking where values don't exist."""
        path = self._path
        self._pts = []
        if not path:
            return
        rexp = self._callable is not None or '$1' in self._expr
        if rexp:
            self._vals = np.zeros(len(path))
            self._exist = []
            for i, (sec, x, _) in enumerate(path):
                try:
                    self._vals[i] = self._eval(sec, float(_F(x)))
                    self._exist.append(True)
                except Exception:
                    self._exist.append(False)
        else:
            name = self._expr.split('[')[0]
            from ..sim import registry
            interp = self._interp
            if not registry.is_range_name(name) and name != 'L' and \
                    name not in getattr(interp.top, 'syms', {}):
                return
        pts = self._pts
        origin = self._origin
        noexist = 0
        loc = None
        n = len(path)
        for i, (sec, x, pos) in enumerate(path):
            if rexp:
                ok = self._exist[i]
            else:
                ok = self._exists(sec, x, name)
            if ok:
                if rexp:
                    loc = _Loc(vals=self._vals, i=i)
                else:
                    if _mech_of(name) not in (None, 'v') and not sec.has_mech(_mech_of(name)):
                        raise HocError('%s mechanism not inserted in section %s'
                                       % (_mech_of(name).replace('_ion', '_ion'), sec.name()))
                    loc = _Loc(sec, float(_F(x)), name)
                prev = _F(path[i - 1][2] + origin) if i else None
                if noexist > 1:
                    pts.append((prev, None))
                    pts.append((prev, loc))
                if i == 1 and noexist == 1:
                    pts.append((prev, loc))
                pts.append((_F(pos + origin), loc))
                noexist = 0
            else:
                if noexist == 1:
                    prev = _F(path[i - 1][2] + origin)
                    pts.append((prev, loc))
                    pts.append((prev, None))
                if i == n - 1 and noexist == 0:
                    pts.append((_F(pos + origin), loc))
                noexist += 1

    def _compute(self) -> None:
        if self._vals is None or not self._path:
            return
        if self._callable is None and '$1' not in self._expr:
            return
        for i, (sec, x, _) in enumerate(self._path):
            if i < len(self._exist) and self._exist[i]:
                self._vals[i] = self._eval(sec, float(_F(x)))

    def _xy(self):
        self._compute()
        xs = np.array([float(p) for p, _ in self._pts], dtype=float)
        ys = np.array([loc.get() if loc is not None else 0. for _, loc in self._pts], dtype=float)
        return xs, ys

    def to_vector(self, y, x=None, *more) -> float:
        if more:
            raise HocError('Too many arguments', 'RangeVarPlot.to_vector takes 1 or 2 arguments.')
        xs, ys = self._xy()
        y.resize(len(ys))
        for i, v in enumerate(ys):
            y[i] = v
        if x is not None:
            x.resize(len(xs))
            for i, v in enumerate(xs):
                x[i] = v
        return float(len(ys))

    def vector(self, *more):
        if more:
            raise HocError('Too many arguments',
                           'RangeVarPlot.vector takes no arguments; were you thinking of .to_vector?')
        from ..hoc.builtins.vector import Vector
        v = Vector()
        self.to_vector(v)
        return v

    def from_vector(self, y) -> float:
        for i, (_, loc) in enumerate(self._pts):
            if loc is not None:
                loc.set(float(y[i]))
        return float(len(self._pts))

    # ---- drawing -------------------------------------------------------------------------------
    def plot(self, graph, *args, **kwargs):
        """Draw the current values on plotly, matplotlib (pyplot or Axes), bokeh or a Graph."""
        from ..plot import rangevar
        return rangevar.plot(self, graph, *args, **kwargs)


class Shape(HocObject):
    """The sections of a shape plot, without a window: ``Shape(False)``, ``Shape(sl, False)``."""

    __slots__ = ('_secs', '_show', '_view', '_size', '_menu', '_interp', '_model', '_colors',
                 '_mapped', '_rotation', '_len_scale', '_marks', '_variable', '_lo', '_hi',
                 '_cmap', '_action', '_selected')
    # flush/fastflush draw nothing headless (a flush list's shape plot leaves the run
    # system's compiled stretches alone: pyhoc.stdlib.stdrun)
    _redraws_only = True

    def __init__(self, *args):
        self._interp = _interp(self)
        self._model = self._interp.sim.model
        self._secs = None
        self._mapped = True
        for a in args:
            if isinstance(a, (int, float)):
                self._mapped = bool(a)
            elif a is not None:
                self._secs = a
        self._show = 1
        self._view = None
        self._size = None
        self._menu: list = []
        self._colors: dict = {}
        self._rotation = (0., 0., 0.)
        self._len_scale = 1.
        self._marks: list = []
        self._variable = None
        self._lo, self._hi = -80., 40.
        self._cmap = None
        self._action = ''
        self._selected = None

    # ---- what is shown ---------------------------------------------------------------------------
    def sections(self) -> list:
        """The sections drawn: the SectionList given to the constructor, else every section."""
        if self._secs is None:
            return [s for s in self._model.sections if not s.deleted]
        return list(self._secs)

    def observe(self, sl=None) -> float:
        self._secs = sl
        return 0.

    def show(self, mode=None) -> float:
        if mode is None:
            return float(self._show)
        self._show = int(mode)
        return 1.

    def view(self, *args) -> float:
        self._view = tuple(float(a) for a in args) if args else None
        return 1.

    def size(self, *args):
        if args:
            self._size = tuple(float(a) for a in args)
            return 0.
        return 0.

    def view_count(self) -> int:
        return 0

    def exec_menu(self, name) -> float:
        self._menu.append(str(name))
        return 0.

    def menu_action(self, *args) -> float:
        return 1.

    def menu_tool(self, *args) -> float:
        return 1.

    def unmap(self) -> float:
        self._mapped = False
        return 0.

    def flush(self) -> float:
        return 1.

    fastflush = flush
    erase = flush
    erase_all = flush

    def rotate(self, *args) -> float:
        if len(args) >= 6:
            self._rotation = tuple(float(a) for a in args[3:6])
        return 0.

    def len_scale(self, scale=None) -> float:
        return 0.

    def color(self, i) -> float:
        sec = self._interp.sim.current()
        self._colors[id(sec)] = int(i)
        return 0.

    def color_all(self, i) -> float:
        for s in self.sections():
            self._colors[id(s)] = int(i)
        return 0.

    def color_list(self, sl, i) -> float:
        for s in sl:
            self._colors[id(s)] = int(i)
        return 0.

    def point_mark(self, *args) -> float:
        self._marks.append(args)
        return 1.

    def point_mark_remove(self, *args) -> float:
        """point_mark_remove(pp) forgets the marks of pp; point_mark_remove() all marks."""
        if args:
            self._marks = [m for m in self._marks if not (m and m[0] is args[0])]
        else:
            self._marks = []
        return 1.

    def action(self, cmd='', *args) -> float:
        """The statement a click on a section would run (remembered; nobody clicks)."""
        self._action = str(cmd) if isinstance(cmd, str) else ''
        return 0.

    def select(self, *args) -> float:
        """Headless nothing is drawn selected; the section (prefix or accessed) is kept."""
        try:
            self._selected = self._interp.sim.current()
        except Exception:
            self._selected = None
        return 0.

    def label(self, *args) -> float:
        return 1.

    def save_name(self, *args) -> float:
        return 1.

    def printfile(self, fname) -> float:
        """Draw the shape with matplotlib into fname (the format follows the extension)."""
        import os
        from ..base.context import current
        from ..hoc.safety import refuse
        from ..plot import shape as _shape
        refuse(current(self), '%s.printfile' % self.hoc_class_name)
        fname = str(fname)
        fmt = os.path.splitext(fname)[1][1:].lower() or 'eps'
        if fmt not in ('png', 'pdf', 'svg', 'eps', 'ps', 'jpg', 'jpeg'):
            fmt = 'eps'
        _shape.save(self, fname, fmt)
        return 1.

    # ---- data for the renderers -----------------------------------------------------------------
    def _plot_data(self):
        """(variable, lo, hi, sections or None, show mode), as NEURON's get_plotshape_data."""
        return (self._variable, self._lo, self._hi,
                None if self._secs is None else list(self._secs), self._show)

    def plot(self, graph, *args, **kwargs):
        """Draw on plotly (module), matplotlib (pyplot, Figure or Axes) or bokeh."""
        self._model.define_shape()
        from ..plot import shape as _shape
        return _shape.plot(self, graph, *args, **kwargs)


class PlotShape(Shape):
    """A shape plot coloured by a range variable: ``PlotShape(False)``, ``PlotShape(sl, 0)``."""

    __slots__ = ()

    def __init__(self, *args):
        for a in args:      # PlotShape([sl,] show): show must be in [0, 1], as NEURON checks
            if isinstance(a, (int, float)) and not 0 <= a <= 1:
                raise HocError('Arg out of range in user function')
        super().__init__(*args)

    def show(self, mode=None) -> int:
        """show([mode]): the drawing mode, an int (NEURON 9's integer type for PlotShape)."""
        r = super().show(mode)
        return int(r)

    def variable(self, name) -> float:
        self._variable = name if not isinstance(name, str) else str(name)
        return 1.

    def scale(self, lo, hi) -> float:
        self._lo, self._hi = float(lo), float(hi)
        return 1.

    def colormap(self, *args) -> float:
        """``colormap(n[, global])`` sizes the map; ``colormap(i, r, g, b)`` sets entry i."""
        if len(args) <= 2:
            n = int(args[0]) if args else 0
            self._cmap = [None] * n
        elif self._cmap is not None and 0 <= int(args[0]) < len(self._cmap):
            self._cmap[int(args[0])] = tuple(int(a) for a in args[1:4])
        return 1.

    def hinton(self, *args) -> float:
        return 1.


class PPShape(HocObject):
    """PPShape(List of point processes): the window that marks where point processes are
    (NEURON's PPShape), headless.  ``append(pp)`` adds one; ``points()`` gives them in order
    (the constructor's list as it was, then those appended)."""

    __slots__ = ('_list', '_extra')

    def __init__(self, lst=None, *args):
        if lst is None or not hasattr(lst, 'count'):
            raise HocError('PPShape: arg 1 must be a List of point processes')
        self._list = lst
        self._extra: list = []

    def append(self, pp) -> float:
        self._extra.append(pp)
        return 1.

    def points(self) -> list:
        return [self._list.object(i) for i in range(int(self._list.count()))] + self._extra
