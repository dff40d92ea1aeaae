"""NEURON's panel builtins (xpanel, xvalue, xbutton...) and old plot builtins, headless.

Nothing is ever displayed.  Each call is recorded in the interpreter's :class:`PanelLog`
(``panels(interp)``) so that tests and tools can see which panels a model or a ``.ses`` file
builds, which variables they bind and which actions they would run (``Panel.click(label)`` runs
a button's action).  Return values are NEURON 9's under ``nrniv -nogui`` (``\\t0`` echoed for
the x* calls at top level); like NEURON without a display, arguments are not checked, so a call
never fails.

All functions take the interpreter first, as every HOC builtin does; ``pyhoc.sessions``
registers them in ``pyhoc.hoc.library``.
"""
from __future__ import annotations

from typing import Any, Optional

from ..base.refs import Ref


class Item:
    """One element of a panel: kind ('button', 'value', ...) and its arguments."""

    __slots__ = ('kind', 'label', 'var', 'action', 'args')

    def __init__(self, kind: str, label: str = '', var: Any = None, action: str = '',
                 args: tuple = ()):
        self.kind, self.label, self.action, self.args = kind, label, action, args
        self.var = var           # variable name (str) or Ref for &var


class Panel:
    """One xpanel: its items in order, where it was placed, whether xpanel() closed it.
    (Plain classes, not dataclasses: importing dataclasses costs a .ses load ~6 ms.)"""

    def __init__(self, name: str):
        self.name = name
        self.items: list = []
        self.placed: Optional[tuple] = None     # xpanel(x, y) arguments when closed
        self.closed = False

    def find(self, label: str) -> Optional[Item]:
        for it in self.items:
            if it.label == label:
                return it
        return None

    def click(self, label: str, interp: Any = None) -> None:
        """Run the action of the item labelled ``label`` as pressing it would."""
        it = self.find(label)
        if it is None:
            raise KeyError(label)
        if it.action:
            if interp is None:
                from ..base.context import current
                interp = current()
            interp.execute(it.action)


class PanelLog:
    """Everything the panel builtins of one interpreter were asked to build."""

    def __init__(self) -> None:
        self.panels: list[Panel] = []
        self.current: Optional[Panel] = None
        self.loose: list[Item] = []          # items given outside any xpanel
        self.menus: list[str] = []
        self.styles: list[tuple] = []
        self.placements: list[tuple] = []    # pwman_place arguments
        self.old_plot: list[tuple] = []      # graph/plot/... calls

    def add(self, item: Item) -> Item:
        (self.current.items if self.current is not None else self.loose).append(item)
        return item

    def find(self, name: str) -> Optional[Panel]:
        for p in self.panels:
            if p.name == name:
                return p
        return None


def panels(interp: Any) -> PanelLog:
    log = getattr(interp, '_pyhoc_panels', None)
    if log is None:
        log = PanelLog()
        try:
            interp._pyhoc_panels = log
        except AttributeError:
            pass
    return log


def _s(x: Any) -> str:
    if isinstance(x, str):
        return str(x)
    if isinstance(x, float) and x == int(x):
        return str(int(x))
    return '' if x is None else str(x)


def _var(x: Any) -> Any:
    return x if isinstance(x, Ref) else (_s(x) if x is not None else None)


def _arg(args: tuple, i: int, default: Any = None) -> Any:
    return args[i] if len(args) > i else default


# ---- panels -------------------------------------------------------------------------------------
def xpanel(interp, *args):
    """xpanel("name"[, 0|1]) opens a panel; xpanel() / xpanel(x, y[, ...]) closes it."""
    log = panels(interp)
    if args and isinstance(args[0], str):
        log.current = Panel(str(args[0]))
        log.panels.append(log.current)
    else:
        if log.current is not None:
            log.current.closed = True
            log.current.placed = tuple(args) if args else None
        log.current = None
    return 0.0


def xbutton(interp, *args):
    """xbutton("label"[, "action"]) / xbutton("action")."""
    if len(args) >= 2:
        panels(interp).add(Item('button', _s(args[0]), action=_s(args[1]), args=args))
    else:
        a = _s(_arg(args, 0, ''))
        panels(interp).add(Item('button', a, action=a, args=args))
    return 0.0


def xvalue(interp, *args):
    """xvalue("var") / xvalue("label", "var"|&var[, boolean, "action", frozen, canrun])."""
    if len(args) == 1:
        panels(interp).add(Item('value', _s(args[0]), var=_var(args[0]), args=args))
    else:
        panels(interp).add(Item('value', _s(_arg(args, 0, '')), var=_var(_arg(args, 1)),
                                action=_s(_arg(args, 3, '')), args=args))
    return 0.0


def xpvalue(interp, *args):
    """xpvalue("label", &var[, boolean, "action", ...])."""
    panels(interp).add(Item('pvalue', _s(_arg(args, 0, '')), var=_var(_arg(args, 1)),
                            action=_s(_arg(args, 3, '')), args=args))
    return 0.0


def xfixedvalue(interp, *args):
    panels(interp).add(Item('fixedvalue', _s(_arg(args, 0, '')),
                            var=_var(_arg(args, 1, _arg(args, 0))), args=args))
    return 0.0


def xlabel(interp, *args):
    panels(interp).add(Item('label', _s(_arg(args, 0, '')), args=args))
    return 0.0


def xvarlabel(interp, *args):
    """xvarlabel(strdef): a label showing a string variable."""
    panels(interp).add(Item('varlabel', _s(_arg(args, 0, '')), var=_arg(args, 0), args=args))
    return 0.0


def xmenu(interp, *args):
    """xmenu("name"[, ...]) starts a menu, xmenu() ends it."""
    log = panels(interp)
    if args:
        log.menus.append(_s(args[0]))
    log.add(Item('menu', _s(_arg(args, 0, '')), action=_s(_arg(args, 1, ''))
                 if isinstance(_arg(args, 1), str) else '', args=args))
    return 0.0


def xstatebutton(interp, *args):
    """xstatebutton("label", &var[, "action"])."""
    panels(interp).add(Item('statebutton', _s(_arg(args, 0, '')), var=_var(_arg(args, 1)),
                            action=_s(_arg(args, 2, '')), args=args))
    return 0.0


def xcheckbox(interp, *args):
    """xcheckbox("label", &var[, "action"])."""
    panels(interp).add(Item('checkbox', _s(_arg(args, 0, '')), var=_var(_arg(args, 1)),
                            action=_s(_arg(args, 2, '')), args=args))
    return 0.0


def xradiobutton(interp, *args):
    """xradiobutton("label", "action"[, selected])."""
    panels(interp).add(Item('radiobutton', _s(_arg(args, 0, '')),
                            action=_s(_arg(args, 1, '')), args=args))
    return 0.0


def xslider(interp, *args):
    """xslider(&var[, low, high][, "action"][, vertical][, slow])."""
    action = next((a for a in args[1:] if isinstance(a, str)), '')
    panels(interp).add(Item('slider', '', var=_var(_arg(args, 0)), action=_s(action), args=args))
    return 0.0


# ---- window system --------------------------------------------------------------------------------
def doNotify(interp, *args):
    return 1.0


def doEvents(interp, *args):
    return 1.0


def pwman_place(interp, *args):
    panels(interp).placements.append(tuple(args))
    return 0.0


def ivoc_style(interp, *args):
    panels(interp).styles.append(tuple(args))
    return 1.0


def boolean_dialog(interp, *args):
    """Headless: nobody answers, so the answer is 'no' (0)."""
    return 0.0


def string_dialog(interp, *args):
    """Headless: cancelled (0), the strdef is left unchanged."""
    return 0.0


def continue_dialog(interp, *args):
    return 1.0


# ---- old plot builtins (plot.c): accepted and ignored ----------------------------------------------
def _old(name: str, value: float):
    def fn(interp, *args):
        panels(interp).old_plot.append((name,) + tuple(args))
        return value
    fn.__name__ = name
    return fn


graph = _old('graph', 0.0)
graphmode = _old('graphmode', 0.0)
plt = _old('plt', 1.0)
axis = _old('axis', 1.0)
regraph = _old('regraph', 1.0)
setcolor = _old('setcolor', 1.0)
lw = _old('lw', 0.0)


def plot(interp, *args):
    panels(interp).old_plot.append(('plot',) + tuple(args))
    return 1.0


def plotx(interp, x=0.0, *args):
    """Screen coordinate of x as NEURON's old plotter computes it (100 + 500 x)."""
    return 100.0 + 500.0 * float(x)


def ploty(interp, y=0.0, *args):
    """Screen coordinate of y (100 + 400 y)."""
    return 100.0 + 400.0 * float(y)


NAMES = ('xpanel', 'xbutton', 'xvalue', 'xpvalue', 'xfixedvalue', 'xlabel', 'xvarlabel', 'xmenu',
         'xstatebutton', 'xcheckbox', 'xradiobutton', 'xslider', 'doNotify', 'doEvents',
         'pwman_place', 'ivoc_style', 'boolean_dialog', 'string_dialog', 'continue_dialog',
         'graph', 'graphmode', 'plot', 'plotx', 'ploty', 'plt', 'axis', 'regraph', 'setcolor', 'lw')


def nrnpointmenu(interp, *args):
    """The panel of a point process's variables: nothing to show headless; NEURON under
    ``-nogui`` returns 1 for any argument."""
    return 1.0


# The menus of NEURON's GUI build panels; headless each records its panel (names and bound
# variables) in the PanelLog and returns 1, as every one of them does under ``nrniv -nogui``.

_VARTYPES = {1: 'Parameters', 2: 'Assigned', 3: 'States'}


def _record_panel(interp, name: str, items: list) -> Panel:
    log = panels(interp)
    panel = Panel(name)
    panel.items.extend(items)
    panel.closed = True
    log.panels.append(panel)
    return panel


def nrnsecmenu(interp, x=0.5, vartype=1, *args):
    """nrnsecmenu(x, vartype): the panel of the current section's variables of one kind
    (1 parameters, 2 assigned, 3 states) at x, or (x = -1) those constant over the section."""
    from .mechstd import _catalogue
    sec = interp.sim.current()
    model = interp.sim.model
    x, vartype = float(x), int(float(vartype))
    name = sec.name()
    where = '%s(%g)' % (name, x) if x >= 0 else name
    items = []
    if vartype == 1:
        items += [Item('value', v, var='%s.%s' % (name, v)) for v in ('nseg', 'L', 'Ra')]
    for mt in model.type_order:
        if mt.point or not sec.has_membrane(mt.name):
            continue
        for var, _ in _catalogue(mt, vartype):
            items.append(Item('value', var, var='%s.%s(%g)' % (name, var, x) if x >= 0
                              else '%s.%s' % (name, var)))
    _record_panel(interp, '%s (%s)' % (where, _VARTYPES.get(vartype, 'Parameters')), items)
    return 1.0


def nrnglobalmechmenu(interp, name='', show=1, *args):
    """nrnglobalmechmenu("mech"): the panel of a mechanism's global variables (under
    ``-nogui`` NEURON returns 1 even for the counting form, ``("mech", 0)``)."""
    mt = interp.sim.model.mech_types.get(str(name))
    if mt is None:
        return 1.0
    if float(show):
        _record_panel(interp, '%s (Globals)' % name,
                      [Item('value', g, var=g) for g in mt.global_values])
    return 1.0


def nrnallsectionmenu(interp, *args):
    """The menu of every section, each opening its nrnsecmenu."""
    secs = [s for s in interp.sim.model.sections if not s.deleted]
    _record_panel(interp, 'Section', [Item('button', s.name(),
                                           action='%s nrnsecmenu(.5, 1)' % s.name())
                                      for s in secs])
    return 1.0


def nrnallpointmenu(interp, *args):
    """The menu of every point process type, each listing its instances."""
    model = interp.sim.model
    _record_panel(interp, 'Point Processes', [Item('button', mt.name)
                                              for mt in model.type_order if mt.point])
    return 1.0


def nrnmechmenu(interp, *args):
    """Vestigial in NEURON (nrnsecmenu took it over): does nothing, returns 1."""
    return 1.0
