"""Threshold crossings under the variable step method (NEURON's ConditionEvent, for the
spike sources watching a variable and the StateTransitionEvent transitions).

condition_order 1 (``check``): at the start of each microstep, a variable found above its
threshold is sent with the present time.  condition_order 2 (``evaluate``): after each step
and each initialization; a crossing within the step just taken is put on the event queue at
the time interpolated linearly between the last two evaluations (PreSyn::qthresh_), so the
integrator retreats to it and the spike is sent from there.  An evaluation that finds such an
event not yet delivered abandons it (the integrator was initialized before reaching it).  A
crossing found right after an initialization is sent with the present time.  Once above, a
variable counts as below again only when two successive evaluations are below the value it
had just before crossing (so a retreat cannot make it cross twice).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import events

if TYPE_CHECKING:
    from .cvode import CvodeState


class Crossing:
    """A PreSyn's queued threshold event (condition_order 2): delivered, the PreSyn sends
    (records the spike and queues its NetCons' events); it changes no state by itself."""

    __slots__ = ('ps',)

    def __init__(self, ps):
        self.ps = ps

    def deliver(self, tt: float, net) -> None:
        self.ps._qthresh = None
        self.ps.send(tt)


def _values(net, m) -> np.ndarray:
    """The watched variables of net.thr_presyns, in order (their thresholds not removed)."""
    idx = net._thr_arrays()[0]
    if net._thr_generic:
        return np.array([events._safe_get(ps.thvar) for ps in net.thr_presyns], dtype=float)
    return m.v[idx]


def _unqueue(q, it) -> None:
    if it is q.least or it.in_tree:
        q.remove(it)


class Conditions:
    """The threshold conditions of one integrator: per spike source the value at the last
    evaluation and the value before its last crossing (condition_order 2), and the sources
    whose crossing event is queued."""

    def __init__(self):
        self.key = None
        self.pss: list = []
        self.valold = np.zeros(0)
        self.valthresh = np.zeros(0)
        self.told = 0.0
        self.pending: list = []         # PreSyns with a queued Crossing

    def reset(self) -> None:
        """finitialize cleared the event queue: nothing is pending."""
        for ps in self.pending:
            ps._qthresh = None
        self.pending = []

    def _arrays(self, net):
        """valold and valthresh aligned with net.thr_presyns (carried over by source when
        the sources change; a new one starts at 0, as a new PreSyn does in NEURON)."""
        net._thr_arrays()
        if net._cache_key != self.key:
            where = {id(ps): k for k, ps in enumerate(self.pss)}
            pss = list(net.thr_presyns)
            old = [where.get(id(ps), -1) for ps in pss]
            valold = np.zeros(len(pss))
            valthresh = np.zeros(len(pss))
            for k, j in enumerate(old):
                if j >= 0:
                    valold[k] = self.valold[j]
                    valthresh[k] = self.valthresh[j]
            self.pss, self.valold, self.valthresh = pss, valold, valthresh
            self.key = net._cache_key
        return self.valold, self.valthresh

    # ---------------------------------------------------------------- condition_order 1
    def check(self, cv: 'CvodeState') -> None:
        """ConditionEvent::check at the present t: a crossing is sent now."""
        m = cv.model
        net = events.has_state(m)
        if net is None:
            return
        self._check_presyns(cv, net)
        if net.__dict__.get('watch_list'):         # WATCH conditions (pyhoc.sim.watch)
            from .watch import check as check_watches
            check_watches(net)

    def _check_presyns(self, cv, net) -> None:
        m = cv.model
        if net.watchers:
            from .ste import check_all
            check_all(net)
        pss = net.thr_presyns
        if not pss:
            return
        idx, thr, flag = net._thr_arrays()
        above = (_values(net, m) - thr) > 0.0
        changed = np.nonzero(above != flag)[0]
        if changed.size == 0:
            return
        valthresh = self._arrays(net)[1]
        t1 = m.t
        for k in changed.tolist():
            ps = pss[k]
            flag[k] = ps.flag = bool(above[k])
            if above[k]:
                valthresh[k] = 0.0
                ps.send(t1)

    # ---------------------------------------------------------------- condition_order 2
    def evaluate(self, cv: 'CvodeState') -> None:
        """Cvode::evaluate_conditions, after a step or an initialization."""
        m = cv.model
        net = events.has_state(m)
        if net is None:
            return
        if net.watchers:
            from .ste import condition_all
            condition_all(net, cv)
        if net.__dict__.get('watch_list'):     # WATCH: checked here, not interpolated
            from .watch import check as check_watches
            check_watches(net)
        pss = net.thr_presyns
        if not pss:
            self.reset()
            return
        idx, thr, flag = net._thr_arrays()
        valold, valthresh = self._arrays(net)
        if self.pending:            # not reached: the integrator was initialized before it
            where = {id(ps): k for k, ps in enumerate(pss)}
            for ps in self.pending:
                it = ps._qthresh
                k = where.get(id(ps))
                if it is None or k is None:
                    continue
                _unqueue(net.queue, it)
                ps._qthresh = None
                flag[k] = ps.flag = False
                valthresh[k] = 0.0
            self.pending = []
        val = _values(net, m) - thr
        t1 = m.t
        down = np.nonzero(flag & (valold < valthresh) & (val < valthresh))[0]
        up = np.nonzero(~flag & (val >= 0.0))[0]
        for k in down.tolist():
            flag[k] = pss[k].flag = False
        if up.size:
            inited = cv.t0 == cv.tn
            t0 = self.told
            for k in up.tolist():
                ps = pss[k]
                flag[k] = ps.flag = True
                valthresh[k] = 0.0
                if inited:
                    ps.send(t1)
                    continue
                v0 = float(valold[k])
                valthresh[k] = v0
                th = -v0 / (float(val[k]) - v0)
                ps._qthresh = net.send(th * t1 + (1.0 - th) * t0, Crossing(ps))
                self.pending.append(ps)
        valold[:] = val
        self.told = t1
