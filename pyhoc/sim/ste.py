"""StateTransitionEvent: a finite state machine moved during a run by threshold crossings
(NEURON's ste): each state has transitions ``(dest, &var, &thresh, callback)``, checked in
order at every threshold check; the first whose var rises above thresh moves the machine to
dest and runs its callback."""
from __future__ import annotations

import weakref
from typing import Any

from ..errors import HocError
from ..base.objects import HocObject
from . import events


class _Transition:
    __slots__ = ('dest', 'var', 'thresh', 'action', 'flag', 'old', 'valthresh', 'q')

    def __init__(self, dest: int, var, thresh, action):
        self.dest, self.var, self.thresh, self.action = dest, var, thresh, action
        self.flag = False
        self.old = None         # (var - thresh, t) at the last evaluation (condition_order 2)
        self.valthresh = 0.0    # var - thresh before the last crossing (condition_order 2)
        self.q = None           # its queued _Fire (condition_order 2)

    def value(self) -> float:
        return float(self.var.get()) - float(self.thresh.get())


class StateTransitionEvent(HocObject):
    """StateTransitionEvent(nstate[, pointprocess])."""

    def __init__(self, nstate: Any = None, pnt: Any = None, *args: Any):
        n = int(float(nstate)) if isinstance(nstate, (int, float)) else 0
        if n < 1:
            raise HocError('StateTransitionEvent: number of states must be > 0')
        self._model = events._current_model(self)
        self._states: list[list[_Transition]] = [[] for _ in range(n)]
        self._istate = 0
        self._active: list[_Transition] = []
        net = events.state(self._model)
        net.watchers.append(weakref.ref(self))
        net.version += 1

    def nstate(self) -> int:
        return len(self._states)

    def state(self, istate: Any = None) -> int:
        """The current state; state(i) moves to state i and activates its transitions."""
        if istate is not None:
            self._enter(self._check_index(istate))
        return int(self._istate)

    def _check_index(self, i: Any) -> int:
        k = float(i)
        if not 0 <= k < len(self._states):
            raise HocError('StateTransitionEvent: state index %g out of range' % k)
        return int(k)

    def transition(self, src: Any, dest: Any, var: Any, thresh: Any, action: Any = None,
                   obj: Any = None) -> float:
        """transition(src, dest, &var, &thresh[, "statement" | callable | (callable, args)])."""
        isrc, idest = self._check_index(src), self._check_index(dest)
        for r in (var, thresh):
            if not (hasattr(r, 'get') and hasattr(r, 'set')):
                raise HocError('StateTransitionEvent.transition: args 3 and 4 must be '
                               'pointers (&var)')
        tr = _Transition(idest, var, thresh, _callback(action, obj))
        self._states[isrc].append(tr)
        if isrc == self._istate:
            self._enter(isrc)
        return 1.0

    def _enter(self, i: int) -> None:
        """Make i the state and activate its transitions (a queued crossing of the state
        left is dropped; a crossing must start from below the threshold)."""
        from ..base.context import current
        self._deactivate()
        self._istate = i
        self._active = self._states[i]
        eps_sym = getattr(current(self._model), 'epsilon_sym', None)    # HOC's float_epsilon
        eps = 1e-11 if eps_sym is None else float(eps_sym.value)
        t = self._model.t
        for tr in self._active:
            val = tr.value()
            tr.flag = val >= -eps
            tr.valthresh = 0.0
            tr.old = (val, t)

    def _deactivate(self) -> None:
        for tr in self._active:
            if tr.q is not None:
                q = events.state(self._model).queue
                if tr.q is q.least or tr.q.in_tree:
                    q.remove(tr.q)
                tr.q = None
        self._active = []

    def check(self) -> None:
        """One threshold check at the present t (fixed step; CVode's condition_order 1):
        the first transition of this state whose var has risen above its threshold is
        taken."""
        for tr in self._active:
            above = tr.value() > 0.0
            if above and not tr.flag:
                tr.flag = True
                self.fire(tr)
                return
            tr.flag = above

    def condition(self, cv) -> None:
        """CVode's condition_order 2 evaluation after a step or an initialization: a
        transition that crossed is queued at the crossing time interpolated within the
        step (now, after an initialization); one queued but not reached is dropped."""
        t1 = self._model.t
        inited = cv.t0 == cv.tn
        net = events.state(self._model)
        for tr in self._active:
            if tr.q is not None:
                if tr.q is net.queue.least or tr.q.in_tree:
                    net.queue.remove(tr.q)
                tr.q = None
                tr.valthresh = 0.0
                tr.flag = False
            val = tr.value()
            old = tr.old
            if not tr.flag and val >= 0.0:
                tr.flag = True
                tr.valthresh = 0.0
                tc = t1
                if not inited and old is not None:
                    tr.valthresh = old[0]
                    th = -old[0] / (val - old[0])
                    tc = th * t1 + (1.0 - th) * old[1]
                tr.q = net.send(tc, _Fire(self, tr))
            elif tr.flag and old is not None and old[0] < tr.valthresh and val < tr.valthresh:
                tr.flag = False
            tr.old = (val, t1)

    def fire(self, tr: _Transition) -> None:
        """STETransition::event: leave the state, run the callback, enter dest (its
        transitions see the values the callback left)."""
        self._deactivate()
        self._istate = tr.dest
        events.run_action(tr.action, None, self._model)
        self._enter(self._istate)


class _Fire:
    """A transition taken at an interpolated crossing time (delivered by the event queue)."""

    __slots__ = ('ste', 'tr')

    def __init__(self, ste: StateTransitionEvent, tr: _Transition):
        self.ste, self.tr = ste, tr

    def deliver(self, tt: float, net) -> None:
        self.tr.q = None
        net.model.t = tt
        if self.tr in self.ste._active:
            self.ste.fire(self.tr)


def _callback(action: Any, obj: Any) -> Any:
    """A HOC statement (run in obj's context), a callable, or (callable, args)."""
    if isinstance(action, tuple) and action and callable(action[0]):
        fn, args = action[0], action[1] if len(action) > 1 else ()
        args = args if isinstance(args, tuple) else (args,)
        return lambda: fn(*args)
    if isinstance(action, str) and obj is not None:
        from ..base.context import current
        return lambda: current(obj).execute(action, obj)
    return action


def _live(net) -> list:
    """The live StateTransitionEvents of a Model, in creation order."""
    live, refs = [], []
    for r in net.watchers:
        ste = r()
        if ste is not None:
            live.append(ste)
            refs.append(r)
    if len(refs) != len(net.watchers):
        net.watchers[:] = refs
    return live


def check_all(net) -> None:
    """Every live StateTransitionEvent's threshold check at the present t."""
    for ste in _live(net):
        ste.check()


def condition_all(net, cv) -> None:
    """Every live StateTransitionEvent's condition_order 2 evaluation (cv: the integrator)."""
    for ste in _live(net):
        ste.condition(cv)
