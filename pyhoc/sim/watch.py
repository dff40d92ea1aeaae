"""WATCH statements of NET_RECEIVE blocks (NEURON's WatchCondition).

``WATCH (a > b) flag`` run in a NET_RECEIVE block activates condition ``a - b`` for that point
process: the first WATCH of a NET_RECEIVE call first deactivates all of the instance's
watches (and drops their queued events); an activated condition starts "above" when its
value is >= -1e-11 and goes to the end of the model's watch list.  At each check (fixed
step: the start of a step, after the spike sources; CVode: each microstep, condition order
1) a condition found above while it was below sends an event at the present t which, when
delivered, calls NET_RECEIVE with the WATCH's flag; found below, it is below again.
finitialize deactivates every watch.

A mechanism with WATCHes (``watch_conds``: the generated condition functions, numbered from
1) keeps each one's state in two hidden data rows, ``_wa<n>`` (active) and ``_wf<n>`` (above),
so that its ``watch`` kernel in the compiled loop can test the active conditions at each
step's start: it marks those found below and stops the loop (``run_steps`` returns to
Python) where one crossed upwards, for the check here to send its event in list order.
"""
from __future__ import annotations

import numpy as np

from .events import SelfEvent, state

EPSILON = 1e-11         # hoc_epsilon: a condition activated at >= -epsilon starts above


class WatchCondition:
    """Condition n of one point process."""

    __slots__ = ('pp', 'n', 'nrflag', 'q')

    def __init__(self, pp, n: int):
        self.pp, self.n, self.nrflag, self.q = pp, n, 0.0, None

    def value(self) -> float:
        """The condition's value now (above when > 0)."""
        pp = self.pp
        mt = pp._mtype
        m = mt.model
        g, tab = mt.kernel_globals()
        cond = mt.watch_conds[self.n]
        if mt.artificial:               # (no block: the instance's own values, v = 0)
            return float(mt._on_values(pp, lambda data, j, v: cond(m.t, m.dt, 0.0, data, j,
                                                                   g, tab)))
        blk = m.blocks[mt.name]
        j = pp._slot
        mt.pointers_io(blk, j, False)
        return float(cond(m.t, m.dt, float(m.v[blk.node[j]]), blk.data, j, g, tab))

    def set(self, active=None, above=None) -> None:
        pp = self.pp
        m = pp._model
        if active is not None:
            m.pp_set(pp, '_wa%d' % self.n, 1.0 if active else 0.0)
        if above is not None:
            m.pp_set(pp, '_wf%d' % self.n, 1.0 if above else 0.0)

    def above(self) -> bool:
        return bool(self.pp._model.pp_get(self.pp, '_wf%d' % self.n))


class WatchEvent(SelfEvent):
    """A crossed condition's event: NET_RECEIVE with the WATCH's flag (no weights)."""

    __slots__ = ('wc',)

    def __init__(self, wc: WatchCondition):
        mt = wc.pp._mtype
        super().__init__(wc.pp, wc.nrflag, np.zeros(max(1, mt.net_receive_nargs)))
        self.wc = wc

    def deliver(self, tt: float, net) -> None:
        self.wc.q = None
        super().deliver(tt, net)


def _list(net) -> list:
    wl = net.__dict__.get('watch_list')
    if wl is None:
        wl = net.__dict__['watch_list'] = []
    return wl


def _remove(net, wc: WatchCondition) -> None:
    wl = _list(net)
    for k, w in enumerate(wl):
        if w is wc:
            del wl[k]
            break
    wc.set(active=False)
    if wc.q is not None:
        q = net.queue
        if wc.q is q.least or wc.q.in_tree:
            q.remove(wc.q)
        wc.q = None


def activate(pp, n: int, flag: float, first: bool) -> None:
    """_nrn_watch_activate: WATCH n of ``pp`` with ``flag`` (``first``: the first WATCH of
    this NET_RECEIVE call, which deactivates the instance's others first)."""
    net = state(pp._model)
    mine = pp.__dict__.setdefault('_watches', {})
    if first:
        for wc in mine.values():
            _remove(net, wc)
    wc = mine.get(n)
    if wc is None:
        wc = mine[n] = WatchCondition(pp, n)
    _remove(net, wc)
    wc.nrflag = float(flag)
    wc.set(active=True, above=wc.value() >= -EPSILON)
    _list(net).append(wc)
    if pp._mtype.artificial:        # no block, no watch kernel: the compiled loop cannot
        net.version += 1            # test it (pyhoc.sim.fused steps in Python then)


def check(net) -> None:
    """ConditionEvent::check of every active watch, in list order, at the present t."""
    t = net.model.t
    for wc in list(_list(net)):
        if wc.pp._slot < 0 and not wc.pp._mtype.artificial:
            continue
        if wc.value() > 0.0:
            if not wc.above():
                wc.set(above=True)
                wc.q = net.send(t, WatchEvent(wc))
        else:
            wc.set(above=False)


def clear(net) -> None:
    """init_events: every watch deactivated."""
    for wc in list(_list(net)):
        wc.q = None             # (the queue was cleared)
        _remove(net, wc)
