"""NEURON's window and tool classes headless: VBox, HBox, Deck, PWManager, TextEditor,
SymChooser, ValueFieldEditor, GUIMath, SectionBrowser, Glyph.

They never open a window; they remember how they were configured (the box's intercepted
panels, the map title and placement, actions, the deck card shown) so sessions and models that
build them run unchanged and tests can inspect them.  Return values are NEURON 9.0.2's under
``nrniv -nogui``.
"""
from __future__ import annotations

from typing import Any

from ..base.objects import HocObject
from ..errors import HocError


class _Box(HocObject):
    """VBox / HBox: a container that panels and graphs go into while ``intercept(1)``."""

    def __init__(self, *args: Any):
        self.args = args
        self.intercepting = False
        self.mapped = False
        self.title = ''
        self.placement: tuple = ()
        self.actions: dict[str, str] = {}
        self.saved: list[str] = []
        self.ref_obj = None
        self.priority_ = 0.

    def intercept(self, on=0., *args):
        self.intercepting = bool(on)
        return 1. if self.intercepting else 0.

    def map(self, title='', *args):
        self.mapped = True
        self.title = str(title) if isinstance(title, str) else ''
        self.placement = tuple(args)
        return 1.

    def unmap(self, *args):
        self.mapped = False
        return 0.

    def ismapped(self, *args):
        return False

    def save(self, text='', *args):
        self.saved.append(str(text))
        return 1.

    def dismiss_action(self, action='', *args):
        self.actions['dismiss'] = str(action)
        return 0.

    def dialog(self, *args):
        return 0.

    def adjust(self, *args):
        return 0.

    def adjuster(self, *args):
        return 0.

    def full_request(self, *args):
        return 0.

    def priority(self, p=0., *args):
        self.priority_ = float(p)
        return 1.

    def size(self, *args):
        return 0.

    def ref(self, obj=None, *args):
        """Keep ``obj`` alive while the box lives (NEURON's ``ref``).

        A tool holds its box and the box holds the tool: NEURON counts references, so the
        pair stays alive until the window is dismissed, which never happens headless (a
        session's PointProcessManager outlives ``objref ocbox_``).  The interpreter keeps
        such a box, as NEURON's reference counts do.
        """
        self.ref_obj = obj
        if obj is not None:
            from ..base.context import current
            interp = current()
            kept = getattr(interp, '_pyhoc_kept_boxes', None)
            if kept is None:
                kept = []
                try:
                    interp._pyhoc_kept_boxes = kept
                except AttributeError:
                    return 1.
            if all(b is not self for b in kept):
                kept.append(self)
        return 1.


class VBox(_Box):
    pass


class HBox(_Box):
    pass


class Deck(HocObject):
    """A stack of cards, one shown (``flip_to(i)``; -1 shows none)."""

    def __init__(self, *args: Any):
        self.args = args
        self.intercepting = False
        self.mapped = False
        self.shown = -1
        self.saved: list[str] = []

    def intercept(self, on=0., *args):
        self.intercepting = bool(on)
        return 1. if self.intercepting else 0.

    def flip_to(self, i=-1., *args):
        self.shown = int(i)
        return -1.

    def map(self, *args):
        self.mapped = True
        return 1.

    def unmap(self, *args):
        self.mapped = False
        return 0.

    def move_last(self, *args):
        return 0.

    def remove(self, *args):
        return 0.

    def remove_last(self, *args):
        return 0.

    def save(self, text='', *args):
        self.saved.append(str(text))
        return 1.


class PWManager(HocObject):
    """The print & window manager: headless it manages no window (``count()`` is 0)."""

    def __init__(self, *args: Any):
        self.placed: list[tuple] = []

    def count(self, *args):
        return 0

    def close(self, *args):
        return 0.

    def hide(self, *args):
        return 0.

    def map(self, *args):
        return 0.

    def iconify(self, *args):
        return 0.

    def deiconify(self, *args):
        return 0.

    def is_mapped(self, *args):
        return False

    def deco(self, *args):
        return 1.

    def landscape(self, *args):
        return 1.

    def leader(self, *args):
        return -1

    def manager(self, *args):
        return -1

    def group(self, *args):
        return None

    def name(self, *args):
        return ''

    def paper_place(self, *args):
        return 1.

    def printfile(self, *args):
        return 1.

    def save(self, *args):
        return 0.

    def scale(self, *args):
        return 1.

    def snap(self, *args):
        return 0.

    def window_place(self, *args):
        self.placed.append(tuple(args))
        return 1.

    def jwindow(self, *args):
        return 0.


class TextEditor(HocObject):
    def __init__(self, text='', *args: Any):
        self.text_ = str(text) if isinstance(text, str) else ''
        self.readonly_ = 0.
        self.args = args

    def text(self, *args):
        if args and isinstance(args[0], str):
            self.text_ = str(args[0])
        return self.text_

    def readonly(self, *args):
        if args:
            self.readonly_ = float(args[0])
        return 0.

    def map(self, *args):
        return 0.


class SymChooser(HocObject):
    """Headless the chooser is always cancelled: ``run()`` returns 0."""

    def __init__(self, *args: Any):
        self.args = args

    def run(self, *args):
        return 0.

    def text(self, *args):
        return 0.


class ValueFieldEditor(HocObject):
    """A field editor bound to a variable ("name" or &var), remembered."""

    def __init__(self, *args: Any):
        self.args = args
        self.label = str(args[0]) if args and isinstance(args[0], str) else ''
        self.var = args[1] if len(args) > 1 else None


class GUIMath(HocObject):
    """Geometry helpers of the GUI tools (pure arithmetic, real)."""

    def d2line(self, x, y, x0, y0, x1, y1):
        """Square of the distance of (x, y) from the line through (x0, y0), (x1, y1)."""
        x, y, x0, y0, x1, y1 = map(float, (x, y, x0, y0, x1, y1))
        dx, dy = x1 - x0, y1 - y0
        d2 = dx * dx + dy * dy
        if d2 == 0:
            return (x - x0) ** 2 + (y - y0) ** 2
        c = (x - x0) * dy - (y - y0) * dx
        return c * c / d2

    def d2line_seg(self, x, y, x0, y0, x1, y1):
        """Square of the distance of (x, y) from the segment (x0, y0)-(x1, y1)."""
        x, y, x0, y0, x1, y1 = map(float, (x, y, x0, y0, x1, y1))
        dx, dy = x1 - x0, y1 - y0
        d2 = dx * dx + dy * dy
        t = 0. if d2 == 0 else max(0., min(1., ((x - x0) * dx + (y - y0) * dy) / d2))
        return (x - x0 - t * dx) ** 2 + (y - y0 - t * dy) ** 2

    _round_mode = 2     # the floating point rounding mode, 2: to nearest (C's default)

    def feround(self, mode=0., *args):
        """feround([mode]): the last rounding mode (1 downward, 2 to nearest, 3 toward zero,
        4 upward), recorded as mode when 1..4; pyhoc's arithmetic always rounds to nearest."""
        m = float(mode)
        if not 0 <= m <= 4:
            raise HocError('Arg out of range in user function')
        old = GUIMath._round_mode
        if 1 <= int(m) <= 4:
            GUIMath._round_mode = int(m)
        return old

    def inside(self, x, y, x0, y0, x1, y1):
        x, y = float(x), float(y)
        return bool(min(x0, x1) <= x <= max(x0, x1) and min(y0, y1) <= y <= max(y0, y1))


class SectionBrowser(HocObject):
    def __init__(self, *args: Any):
        self.args = args
        self.actions: dict[str, str] = {}

    def accept_action(self, action='', *args):
        self.actions['accept'] = str(action)
        return 0.

    def select_action(self, action='', *args):
        self.actions['select'] = str(action)
        return 0.

    def select(self, *args):
        return 0.


class Glyph(HocObject):
    """A drawing recorded as a list of (operation, arguments)."""

    def __init__(self, *args: Any):
        self.ops: list[tuple] = []

    def _op(name: str):
        def method(self, *args):
            self.ops.append((name,) + tuple(args))
            return self
        method.__name__ = name
        return method

    for _n in ('path', 'm', 'l', 'curve', 'close', 's', 'fill', 'circle', 'cpt', 'erase'):
        locals()[_n] = _op(_n)
    del _n, _op

    def gif(self, *args):
        return 0.


__all__ = ['VBox', 'HBox', 'Deck', 'PWManager', 'TextEditor', 'SymChooser', 'ValueFieldEditor',
           'GUIMath', 'SectionBrowser', 'Glyph']
