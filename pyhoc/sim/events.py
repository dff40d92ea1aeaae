"""Discrete events of the fixed-step method: NEURON's event queue, threshold detection and
FInitializeHandler.

The queue keeps NEURON's ``TQueue`` ordering (nrn src/nrncvode/tqueue.cpp): a separately held
least item plus a splay tree that is first-in first-out among equal times.  The one twist that
matters for ties: when an earlier item displaces the held least item, the displaced one is
enqueued again *behind* the items of equal time already waiting.  Here the splay tree is a heap
ordered by (time, enqueue count), which gives the same order.

Per step (nrn src/nrnoc/fadvance.cpp, src/nrncvode/netcvode.cpp):

* ``step_begin``: threshold detection at the present t (a source crossing from below sends at
  ``t + 1e-10``), then delivery of every event with time ``<= t + dt/2``;
* ``step_end`` (after the states and the record sample): delivery of events ``<= t``.

During a delivery ``model.t`` is the event's time; it is restored afterwards.
"""
from __future__ import annotations

import heapq
import weakref
from typing import TYPE_CHECKING

import numpy as np

from ..errors import HocError
from ..base.objects import HocObject

if TYPE_CHECKING:
    from .model import Model


def own_attr(obj, name: str, default=None):
    """``obj``'s own attribute ``name`` or ``default``, past any ``__getattr__`` and without
    reading ``obj.__dict__`` (Python then keeps a dict object for the instance)."""
    try:
        return object.__getattribute__(obj, name)
    except AttributeError:
        return default


class QItem:
    """One queued event (NEURON's TQItem): its time and what to deliver."""

    __slots__ = ('t', 'ev', 'seq', 'in_tree')

    def __init__(self, t: float, ev):
        self.t = t
        self.ev = ev
        self.seq = 0
        self.in_tree = False


class TQueue:
    """NEURON's event queue (see the module docstring for the ordering)."""

    def __init__(self):
        self.least: QItem | None = None
        self._heap: list = []
        self._seq = 0
        self.nstat = [0, 0, 0]      # insertions, moves, removals (cvode.statistics())

    def __len__(self) -> int:
        return (self.least is not None) + sum(1 for e in self._heap if e[2].in_tree
                                              and e[2].seq == e[1])

    # the "splay tree"
    def _enqueue(self, it: QItem) -> None:
        self._seq += 1
        it.seq = self._seq
        it.in_tree = True
        heapq.heappush(self._heap, (it.t, it.seq, it))

    def _clean(self) -> None:
        h = self._heap
        while h and (not h[0][2].in_tree or h[0][2].seq != h[0][1]):
            heapq.heappop(h)

    def _first(self) -> QItem | None:
        self._clean()
        return self._heap[0][2] if self._heap else None

    def _dequeue(self) -> QItem | None:
        self._clean()
        if not self._heap:
            return None
        it = heapq.heappop(self._heap)[2]
        it.in_tree = False
        return it

    # TQueue's interface
    def insert(self, t: float, ev) -> QItem:
        self.nstat[0] += 1
        it = QItem(t, ev)
        least = self.least
        if least is None or t < least.t:
            if least is not None:
                self._enqueue(least)
            self.least = it
        else:
            self._enqueue(it)
        return it

    def remove(self, it: QItem) -> None:
        self.nstat[2] += 1
        if it is self.least:
            self.least = self._dequeue()
        elif it.in_tree:
            it.in_tree = False

    def move(self, it: QItem, tnew: float) -> None:
        self.nstat[1] += 1
        if it is self.least:
            it.t = tnew
            nl = self._first()
            if nl is not None and tnew > nl.t:
                self.least = self._dequeue()
                self._enqueue(it)
        elif tnew < self.least.t:
            it.in_tree = False
            it.t = tnew
            self._enqueue(self.least)
            self.least = it
        else:
            it.in_tree = False
            it.t = tnew
            self._enqueue(it)

    def atomic_dq(self, til: float) -> QItem | None:
        q = self.least
        if q is not None and q.t <= til:
            self.nstat[2] += 1
            self.least = self._dequeue()
            return q
        return None

    def clear(self) -> None:
        """Empty the queue (NetCvode::clear_events makes a new one: counts restart too)."""
        self.least = None
        self._heap = []
        self.nstat = [0, 0, 0]

    def times(self) -> list[float]:
        """Times of the queued events in delivery order (for tests and debugging)."""
        out = []
        if self.least is not None:
            out.append(self.least.t)
        out.extend(e[0] for e in sorted(self._heap) if e[2].in_tree and e[2].seq == e[1])
        return out


# ---------------------------------------------------------------------------------- events
class SelfEvent:
    """net_send from a NET_RECEIVE or INITIAL block."""

    __slots__ = ('_tref', 'flag', 'weight')

    def __init__(self, target, flag: float, weight):
        self._tref, self.flag, self.weight = weakref.ref(target), flag, weight

    @property
    def target(self):
        """Its point process, weakly held: a queued self event does not keep a freed
        NetStim alive (None once it is gone; the event is then dropped)."""
        return self._tref()

    def deliver(self, tt: float, net: 'NetState') -> None:
        tgt = self._tref()
        if tgt is None:
            return
        net.model.t = tt
        tgt._mtype.net_receive(tgt, self.weight, self.flag)


class HocEvent:
    """``cvode.event(t[, stmt])``: as NEURON's fixed step does, the statement runs once the
    step (or finitialize) that delivers the event is complete, with t the step's end time;
    an event without a statement asks the run to stop (``net.stoprun``)."""

    __slots__ = ('action',)

    def __init__(self, action):
        self.action = action

    def deliver(self, tt: float, net: 'NetState') -> None:
        net.pending_hoc.append(self)


def cvode_event(model: 'Model', tt: float, action=None) -> float:
    """``cvode.event(tt[, stmt_or_callable])`` (ignored when tt < t); returns the time used.

    As NEURON's fixed step does, a time within 1e-6 steps of a multiple of dt (beyond the
    first step) is moved dt/4 earlier so that round-off in t cannot push it a step later.
    """
    import math
    tt = float(tt)
    y = tt / model.dt
    if y > 1 and math.fabs(math.floor(y + 1e-6) - y) < 1e-6:
        tt -= model.dt / 4.
    if tt - model.t < 0:
        return tt
    state(model).send(tt, HocEvent(action))
    return tt


def run_action(action, obj=None, model=None) -> None:
    """Execute a HOC statement (str) or call a Python callable (in ``model``'s interpreter)."""
    if action is None:
        return
    from ..base.context import current
    if isinstance(action, str):
        current(model).execute(action, obj)
    elif callable(action):
        action()
    else:
        current(model).call(action)


# ---------------------------------------------------------------------------------- state
class NetState:
    """The event machinery of one Model (created on first use by ``state(model)``)."""

    def __init__(self, model: 'Model'):
        self.model = model
        self.queue = TQueue()
        self._presyns: list = []            # PreSyn objects in creation order (psl_)
        self._thr_presyns: list = []        # those watching a variable (psl_thr_)
        self._gone: set = set()             # ids of sources forgotten, still in the lists
        self._by_sec = None                 # id(section) -> its threshold sources (on use)
        self.netcons: list = []             # weakrefs to NetCon, creation order
        self.fih: list = []                 # weakrefs to FInitializeHandler, creation order
        self.watchers: list = []            # weakrefs to StateTransitionEvents (pyhoc.sim.ste)
        self.version = 0                    # bumped when thresholds or sources change
        self.pending_hoc: list = []         # HocEvents delivered in the step now ending
        self.stoprun = False
        self._cache_key = None
        self._thr_idx = None
        self._thr_val = None
        self._thr_flag = None
        self._thr_generic = False
        self._thr_live: list = []

    # ---- the spike sources: forgetting one is O(1), the lists are compacted when next read
    # (tearing down a network forgets thousands in a row)
    @property
    def presyns(self) -> list:
        """The PreSyns in creation order (NEURON's psl_)."""
        if self._gone:
            self._compact()
        return self._presyns

    @property
    def thr_presyns(self) -> list:
        """Those watching a variable (psl_thr_), in creation order."""
        if self._gone:
            self._compact()
        return self._thr_presyns

    def _compact(self) -> None:
        gone, self._gone = self._gone, set()    # new lists: a loop over the old ones goes on
        self._presyns = [ps for ps in self._presyns if id(ps) not in gone]
        self._thr_presyns = [ps for ps in self._thr_presyns if id(ps) not in gone]

    def add_presyn(self, ps) -> None:
        self.presyns.append(ps)
        if ps.thvar is not None:
            self._thr_presyns.append(ps)
            if self._by_sec is not None:
                self._by_sec.setdefault(id(getattr(ps.thvar, 'sec', None)), []).append(ps)
        self.version += 1

    def forget_presyn(self, ps) -> None:
        """A source leaves the lists (its NetCons went, or its section)."""
        self._gone.add(id(ps))
        if ps.thvar is not None:
            if self._by_sec is not None:
                lst = self._by_sec.get(id(getattr(ps.thvar, 'sec', None)))
                if lst is not None and ps in lst:
                    lst.remove(ps)
            table = self.__dict__.get('_thvar_presyn')
            if table is not None and table.get(ps.key) is ps:
                del table[ps.key]
        ps.thvar = ps.osrc = None       # (in the lists until compacted, it keeps nothing alive)
        self.version += 1

    def drop_dead_sources(self, sec=None) -> None:
        """Forget the spike sources watching a variable of deleted section ``sec`` (None:
        of any deleted section); their NetCons are left without a source, as NEURON leaves
        them."""
        if sec is None:
            dead = [ps for ps in self.thr_presyns
                    if getattr(getattr(ps.thvar, 'sec', None), 'deleted', False)]
            self._by_sec = None         # (made anew when next needed: some keys are dead)
        else:
            if self._by_sec is None:
                self._by_sec = {}
                for ps in self.thr_presyns:
                    self._by_sec.setdefault(id(getattr(ps.thvar, 'sec', None)), []).append(ps)
            dead = [ps for ps in self._by_sec.get(id(sec), ())
                    if getattr(ps.thvar, 'sec', None) is sec]
        for ps in dead:
            ps.source_gone()

    # ---- sending
    def send(self, t: float, ev) -> QItem:
        return self.queue.insert(t, ev)

    def net_send(self, target, td: float, flag: float, weight=None) -> QItem:
        """nrn_net_send: a self event at absolute time td (flag 1 keeps the item for net_move)."""
        if td < self.model.t:
            raise HocError('net_send delay < 0')
        q = self.queue.insert(td, SelfEvent(target, flag, weight))
        if flag == 1.0:
            object.__setattr__(target, '_tqitem', q)
        return q

    def net_move(self, target, tt: float) -> None:
        q = own_attr(target, '_tqitem')
        if q is None:
            raise HocError('No event with flag=1 for net_move in %s' % target.hoc_name())
        if tt < self.model.t:
            raise HocError('net_move tt < t')
        self.queue.move(q, tt)

    def net_event(self, source, tt: float) -> None:
        """net_event(t) of an artificial cell or point process: its PreSyn sends."""
        ps = own_attr(source, '_presyn')
        if ps is not None:
            ps.send(tt)

    # ---- delivery
    def deliver(self, til: float) -> None:
        """Deliver every event with time <= til, then restore t."""
        model = self.model
        tsav = model.t
        q = self.queue
        try:
            while True:
                it = q.atomic_dq(til)
                if it is None:
                    break
                it.ev.deliver(it.t, self)
        finally:
            model.t = tsav

    def run_pending(self) -> None:
        """NEURON's allthread_handle: the HocEvents delivered during the step, in order."""
        while self.pending_hoc:
            he = self.pending_hoc.pop(0)
            if he.action is None:
                self.stoprun = True
            else:
                run_action(he.action, None, self.model)

    # ---- threshold detection
    def _thr_arrays(self):
        model = self.model
        key = (self.version, model.layout_version, len(self.thr_presyns))
        if key != self._cache_key:
            pss = self.thr_presyns
            idx = []
            generic = False
            for ps in pss:
                ref = ps.thvar
                arr = idx_ = None
                if hasattr(ref, '_resolve'):
                    try:
                        arr, idx_ = ref._resolve()
                    except Exception:
                        arr = None
                if arr is model.v and getattr(ref, 'name', None) == 'v':
                    idx.append(int(idx_))
                else:
                    generic = True
                    idx.append(-1)
            self._thr_idx = np.array(idx, dtype=np.intp)
            self._thr_val = np.array([ps.threshold_ for ps in pss], dtype=float)
            self._thr_flag = np.array([ps.flag for ps in pss], dtype=bool)
            # thresholds a mechanism's POINTER writes (PreSyn.threshold_buffer): read again
            # at each check; the compiled loops, which copy them once, leave such runs
            self._thr_live = [(k, ps._thbuf) for k, ps in enumerate(pss)
                              if ps._thbuf is not None]
            self._thr_generic = generic or bool(self._thr_live)
            self._cache_key = key
        elif self._thr_live:
            val = self._thr_val
            for k, buf in self._thr_live:
                val[k] = buf[0]
        return self._thr_idx, self._thr_val, self._thr_flag

    def check_thresh(self) -> None:
        self._check_presyns()
        if self.__dict__.get('watch_list'):        # WATCH conditions (pyhoc.sim.watch)
            from .watch import check
            check(self)

    def _check_presyns(self) -> None:
        if self.watchers:
            from .ste import check_all
            check_all(self)
        pss = self.thr_presyns
        if not pss:
            return
        idx, thr, flag = self._thr_arrays()
        if self._thr_generic:
            vals = np.array([_safe_get(ps.thvar) for ps in pss], dtype=float)
        else:
            vals = self.model.v[idx]
        above = (vals - thr) > 0.0
        changed = np.nonzero(above != flag)[0]
        if changed.size == 0:
            return
        tt = self.model.t + 1e-10
        for k in changed.tolist():
            ps = pss[k]
            if above[k]:
                flag[k] = True
                ps.flag = True
                ps.send(tt)
            else:
                flag[k] = False
                ps.flag = False

    def reset_flags(self) -> None:
        for ps in self.presyns:
            ps.flag = False
        if self._thr_flag is not None:
            self._thr_flag[:] = False

    # ---- FInitializeHandler
    def fihexec(self, type_: int) -> None:
        for r in list(self.fih):
            h = r()
            if h is None:
                self.fih.remove(r)
            elif h._type == type_:
                run_action(h._action, h._obj, self.model)

    def live_netcons(self) -> list:
        out = []
        keep = []
        for r in self.netcons:
            nc = r()
            if nc is not None:
                out.append(nc)
                keep.append(r)
        self.netcons[:] = keep
        return out

    # ---- initialization (NetCvode::init_events)
    def init_events(self) -> None:
        for ps in self.presyns:
            ps.init()
            ps.flag = False
            dil = ps.live_dil()
            ps.use_min_delay = False
            if len(dil) > 2:
                ps.use_min_delay = True
                ps.delay = dil[0]._delay
                for d in dil:
                    if d._delay != ps.delay:
                        ps.use_min_delay = False
        if self._thr_flag is not None:
            self._thr_flag[:] = False
        if self.__dict__.get('watch_list'):
            from .watch import clear
            clear(self)
        for nc in self.live_netcons():
            tgt = nc._target
            if tgt is not None:
                init = tgt._mtype.net_receive_init
                if init is not None:
                    init(tgt, nc._w)
                else:
                    nc._w[1:] = 0.0


def _safe_get(ref) -> float:
    """The watched value, or -inf when its target is gone (a deleted section)."""
    try:
        return float(ref.get())
    except HocError:
        return -np.inf


def state(model: 'Model') -> NetState:
    """The Model's event state (created on first use)."""
    net = model.__dict__.get('_net')
    if net is None:
        net = NetState(model)
        model.__dict__['_net'] = net
    return net


def has_state(model: 'Model') -> NetState | None:
    return model.__dict__.get('_net')


# ---------------------------------------------------------------------------------- hooks
def init_begin(model: 'Model') -> None:
    """finitialize, before anything: FInitializeHandler type 3."""
    net = has_state(model)
    if net is not None:
        net.fihexec(3)


def init_clear(model: 'Model') -> None:
    """finitialize after t = 0: clear the queue."""
    net = has_state(model)
    if net is not None:
        net.queue.clear()
        net.pending_hoc.clear()
        net.stoprun = False
        net.deliver(model.t)


def init_after_v(model: 'Model') -> None:
    net = has_state(model)
    if net is not None:
        net.fihexec(0)


def init_after_initial(model: 'Model') -> None:
    """After the INITIAL blocks: init_events, FInitializeHandler 1, deliver t=0 events."""
    net = has_state(model)
    if net is not None:
        net.init_events()
        net.fihexec(1)
        net.deliver(model.t)


def init_end_deliver(model: 'Model') -> None:
    net = has_state(model)
    if net is not None:
        net.deliver(model.t)


def init_end(model: 'Model') -> None:
    net = has_state(model)
    if net is not None:
        net.run_pending()
        net.fihexec(2)


def step_begin(model: 'Model') -> None:
    """deliver_net_events: thresholds at t, then events <= t + dt/2."""
    net = has_state(model)
    if net is not None:
        net.check_thresh()
        net.deliver(model.t + .5 * model.dt)


def step_end(model: 'Model') -> None:
    """nrn_deliver_events at the end of a step: events <= t; then cvode.event statements."""
    net = has_state(model)
    if net is not None:
        net.deliver(model.t)
        if net.pending_hoc:
            net.run_pending()


# ---------------------------------------------------------------------------------- FInitializeHandler
class FInitializeHandler(HocObject):
    """``FInitializeHandler([type,] stmt_or_callable[, obj])``: run during finitialize.

    type 0: after v is set, before the INITIAL blocks; 1 (default): after the INITIAL blocks,
    before the currents are evaluated; 2: at the end of finitialize; 3: at its very start.
    Handlers of one type run in creation order.
    """

    def __init__(self, *args, model=None):
        args = list(args)
        type_ = 1
        if args and isinstance(args[0], (int, float)) and not isinstance(args[0], bool):
            type_ = int(args.pop(0))
        if not args:
            raise HocError('FInitializeHandler needs a statement')
        action = args.pop(0)
        obj = args.pop(0) if args else None
        if hasattr(action, 's') and not isinstance(action, str) and not callable(action):
            action = str(action)
        self._type = type_
        self._action = action
        self._obj = obj
        if model is None:
            model = _current_model(self)
        state(model).fih.append(weakref.ref(self))

    def allprint(self) -> float:
        return 0.0


def _current_model(owner=None):
    """The Model of the interpreter ``owner`` (a HOC object) belongs to, else the running one's."""
    from ..base.context import current
    return current(owner).model


# CVode (the integrator object, fixed and variable step) lives in pyhoc.sim.cvode.
