"""Vector.record and Vector.play: NEURON's PlayRecord items on the fixed-step method.

Follows the behaviour of nrn ``src/nrniv/vrecord.cpp`` and the record classes of
``src/nrncvode/netcvode.cpp`` (read for facts, not copied):

* ``record(&x)`` (YvecRecord / TvecRecord): at finitialize the vector is emptied and x sampled
  once; after every fadvance x is appended (after the states are advanced).
* ``record(&x, Dt)`` (VecRecordDt): a self event at t (0 at finitialize), then at
  ``te + Dt`` each time; recording ``&t`` stores the event time ``te`` itself.
* ``record(&x, tvec)`` (VecRecordDiscrete): a self event at each ``tvec[i]`` in turn.
* ``play(&x, Dt | tvec)`` (VecPlayStep): x = y[i] when the i-th event is delivered.
* ``play(&x, tvec, 1 [, discon])`` (VecPlayContinuous): x = interpolation of (tvec, y) at t,
  applied at both half steps of fadvance and when an event passes a breakpoint.

Event delivery on the fixed step (nrn_fixed_step_thread / nrn_fixed_step_lastpart): at the
start of a step events with time <= t + dt/2 are delivered; at its end (after the record of
the continuous items) events with time <= t.  At finitialize play events at t = 0 are delivered
before v is set and INITIAL blocks run; record events at t = 0 after the first sample.
So a Dt or tvec time te that is not on a step records the value at the step nearest to te
(ties go to the earlier step).

Items hold their Vectors weakly: destroying a Vector removes its record/play, as in NEURON.
One manager per Model (``Model.playrec``), created when the first item is added.
"""
from __future__ import annotations

import heapq
import weakref
from typing import Any

from ..errors import HocError
from ..base.refs import Ref
from ..base.samples import SampleBuffer


class _Item:
    """One record or play request (NEURON's PlayRecord)."""

    is_record = True
    continuous_kind = False     # in the fixed_record_ / fixed_play_ lists

    def __init__(self, mgr: 'PlayRecords', ref: Ref, vecs: tuple):
        self.mgr = mgr
        self.ref = ref
        self._vecs = tuple(weakref.ref(v, mgr._died) if v is not None else None for v in vecs)
        self.removed = False

    def vec(self, k: int):
        w = self._vecs[k]
        return None if w is None else w()

    def uses(self, v) -> bool:
        return any(w is not None and w() is v for w in self._vecs)

    def alive(self) -> bool:
        if self.removed:
            return False
        for w in self._vecs:
            if w is not None and w() is None:
                return False
        sec = getattr(self.ref, 'sec', None)
        if sec is not None and getattr(sec, 'deleted', False):
            return False
        pp = getattr(self.ref, 'pp', None)
        if pp is not None and getattr(pp, '_dead', False):
            return False
        return True

    def send(self, te: float) -> None:
        self.mgr.send(te, self)

    # the PlayRecord protocol
    def record_init(self) -> None:
        pass

    def play_init(self) -> None:
        pass

    def continuous(self, t: float) -> None:
        pass

    def deliver(self, te: float) -> None:
        pass


class YvecRecord(_Item):
    continuous_kind = True

    def record_init(self):
        self.vec(0)._resize(0)

    def continuous(self, t):
        self.vec(0)._push(self.ref.get())


class TvecRecord(_Item):
    """cvode.record's time vector: t at each continuous record."""
    continuous_kind = True

    def record_init(self):
        self.vec(0)._resize(0)

    def continuous(self, t):
        self.vec(0)._push(t)


class VecRecordDt(_Item):
    def __init__(self, mgr, ref, y, dt: float, is_t: bool):
        super().__init__(mgr, ref, (y,))
        self.dt = dt
        self.is_t = is_t

    def record_init(self):
        self.vec(0)._resize(0)
        self.send(self.mgr.model.t)

    def deliver(self, te):
        self.vec(0)._push(te if self.is_t else self.ref.get())
        self.send(te + self.dt)


class VecRecordDiscrete(_Item):
    def __init__(self, mgr, ref, vecs, is_t: bool):
        super().__init__(mgr, ref, vecs)
        self.is_t = is_t

    def record_init(self):
        self.vec(0)._resize(0)
        tv = self.vec(1)
        if len(tv) > 0:
            self.send(float(tv._buf[0]))

    def deliver(self, te):
        y, tv = self.vec(0), self.vec(1)
        # NEURON's global t lags the thread's t during the end-of-step delivery
        y._push(self.mgr.t_hoc if self.is_t else self.ref.get())
        n = len(y)
        if n < len(tv):
            self.send(float(tv._buf[n]))


class VecPlayStep(_Item):
    is_record = False

    def __init__(self, mgr, ref, y, tvec, dt: float, stmt=None):
        super().__init__(mgr, ref, (y, tvec))
        self.dt = dt
        self.stmt = stmt
        self.index = 0

    def play_init(self):
        self.index = 0
        tv = self.vec(1)
        if self._vecs[1] is not None:
            if len(tv) > 0:
                self.send(float(tv._buf[0]))
        else:
            self.send(0.)

    def deliver(self, te):
        y = self.vec(0)
        if self.index >= len(y):
            return
        val = float(y._buf[self.index])
        self.index += 1
        if self.stmt is not None:
            self.mgr.model.t = te
            self.stmt(val)
        else:
            self.ref.set(val)
        if self.index < len(y):
            if self._vecs[1] is not None:
                tv = self.vec(1)
                if self.index < len(tv):
                    self.send(float(tv._buf[self.index]))
            else:
                self.send(te + self.dt)


class VecPlayContinuous(_Item):
    is_record = False
    continuous_kind = True

    def __init__(self, mgr, ref, y, tvec, discon, stmt=None):
        super().__init__(mgr, ref, (y, tvec, discon))
        self.stmt = stmt
        self.ubound = 0
        self.last = 0
        self.discon_index = 0

    def play_init(self):
        tv, dis = self.vec(1), self.vec(2)
        self.last = 0
        self.discon_index = 0
        if self._vecs[2] is not None:
            if len(dis) > 0:
                self.ubound = int(dis._buf[0])
                self.discon_index = 1
                self.send(float(tv._buf[self.ubound]))
            else:
                self.ubound = len(tv) - 1
        else:
            self.ubound = 0
            if len(tv) > 0:
                self.send(float(tv._buf[0]))

    def deliver(self, te):
        tv, dis = self.vec(1), self.vec(2)
        self.last = self.ubound
        if self._vecs[2] is not None:
            if self.discon_index < len(dis):
                self.ubound = int(dis._buf[self.discon_index])
                self.discon_index += 1
                self.send(float(tv._buf[self.ubound]))
            else:
                self.ubound = len(tv) - 1
        elif self.ubound < len(tv) - 1:
            self.ubound += 1
            self.send(float(tv._buf[self.ubound]))
        self.continuous(te)

    def continuous(self, t):
        val = self.interpolate(t)
        if val is None:
            return
        if self.stmt is not None:
            self.mgr.model.t = t
            self.stmt(val)
        else:
            self.ref.set(val)

    def interpolate(self, tt):
        y, tv = self.vec(0)._buf, self.vec(1)._buf
        n = min(len(self.vec(0)), len(self.vec(1)))
        if n == 0:
            return None
        ub = min(self.ubound, n - 1)
        if tt >= tv[ub]:
            self.last = ub
            if self.last == 0:
                return float(y[0])
        elif tt <= tv[0]:
            self.last = 0
            return float(y[0])
        else:
            last = self.last
            while last > 0 and tt < tv[last]:
                last -= 1
            while last < n - 1 and tt >= tv[last]:
                last += 1
            self.last = last
        k = self.last
        x0, x1 = float(y[k - 1]), float(y[k])
        t0, t1 = float(tv[k - 1]), float(tv[k])
        if t0 == t1:
            return (x0 + x1) / 2.
        theta = (tt - t0) / (t1 - t0)
        return x0 + theta * (x1 - x0)


class PlayRecords:
    """All record/play items of one Model, with their little event queue."""

    def __init__(self, model):
        self.model = model
        self.items: list[_Item] = []
        self._queue: list = []
        self._seq = 0
        self.nstat = [0, 0]         # events sent, delivered (NEURON's queue holds them too)
        self.t_hoc = 0.     # NEURON's global t: set from the thread's t only after a step
        self._dirty = False
        self._crec: list[_Item] = []     # continuous records (fixed_record_)
        self._cplay: list[_Item] = []    # continuous plays (fixed_play_)

    def _died(self, _ref) -> None:
        self._dirty = True

    def _lists(self) -> None:
        self._crec = [it for it in self.items if it.continuous_kind and it.is_record]
        self._cplay = [it for it in self.items if it.continuous_kind and not it.is_record]

    # ---- bookkeeping
    def add(self, item: _Item) -> None:
        self.items.append(item)
        self._lists()

    def remove(self, item: _Item) -> None:
        item.removed = True
        if item in self.items:
            self.items.remove(item)
            self._lists()

    def remove_uses(self, v) -> None:
        for it in [it for it in self.items if it.uses(v)]:
            self.remove(it)

    def _live(self) -> list[_Item]:
        """Drop items whose Vector was destroyed or whose pointer died; the live items."""
        items = self.items
        if self._dirty or not all(it.alive() for it in items):
            self._dirty = False
            for it in [it for it in items if not it.alive()]:
                self.remove(it)
        return self.items

    def _run_continuous(self, record: bool, t: float) -> None:
        if self._dirty:
            self._live()
        for it in (self._crec if record else self._cplay):
            try:
                it.continuous(t)
            except HocError:
                if it.alive():
                    raise
                self.remove(it)      # e.g. the section was deleted: NEURON drops the item

    def send(self, te: float, item: _Item) -> None:
        self._seq += 1
        self.nstat[0] += 1
        heapq.heappush(self._queue, (te, self._seq, item))

    def deliver(self, til: float) -> None:
        q = self._queue
        while q and q[0][0] <= til:
            te, _, item = heapq.heappop(q)
            self.nstat[1] += 1
            if item.alive():
                item.deliver(te)
            elif not item.removed:
                self.remove(item)

    # ---- hooks called by the fixed-step method
    def init_begin(self) -> None:
        """finitialize, after t = 0 and before v is set: Vector.play events at t = 0."""
        self._queue.clear()
        self.nstat = [0, 0]
        self.t_hoc = self.model.t
        for it in list(self._live()):
            it.play_init()
        self.deliver(self.model.t)

    def init_end(self) -> None:
        """finitialize, after the currents: empty recordings, first sample, t = 0 events."""
        self.record_init()
        self.deliver(self.model.t)

    def record_init(self) -> None:
        """frecord_init(): drop pending record events, restart recordings, sample once
        (under CVode the first sample is the one taken before the first step)."""
        self.t_hoc = self.model.t
        self._queue = [e for e in self._queue if not e[2].is_record]
        heapq.heapify(self._queue)
        items = list(self._live())
        for it in items:
            if it.is_record:
                it.record_init()
        from .cvode import active_state
        if active_state(self.model) is None:
            self.record_continuous()

    def step_begin(self) -> None:
        self.t_hoc = self.model.t
        self.deliver(self.model.t + .5 * self.model.dt)

    def play_continuous(self) -> None:
        if self._cplay:
            self._run_continuous(False, self.model.t)

    def record_continuous(self) -> None:
        if self._crec:
            self._run_continuous(True, self.model.t)

    def step_end(self) -> None:
        self.record_continuous()
        self.deliver(self.model.t)
        self.t_hoc = self.model.t


def manager(model) -> PlayRecords:
    pr = getattr(model, 'playrec', None)
    if pr is None:
        pr = PlayRecords(model)
        model.playrec = pr
    return pr


# ------------------------------------------------------------------ Vector methods
def _is_num(x: Any) -> bool:
    return isinstance(x, (int, float))


def _is_vector(x: Any) -> bool:
    return isinstance(x, SampleBuffer)


def _is_t_ref(ref: Ref, model) -> bool:
    """Whether ref points at the simulator's t (``&t``, ``h._ref_t``)."""
    from .refs import ModelAttrRef
    if isinstance(ref, ModelAttrRef):
        return ref.name == 't'
    old = model.t
    try:
        probe = old + 1234567.25
        model.t = probe
        try:
            return ref.get() == probe
        except Exception:
            return False
    finally:
        model.t = old


def _as_ref(x: Any, what: str) -> Ref:
    if isinstance(x, Ref):
        return x
    raise HocError('%s: pointer argument expected' % what)


_OWNER: 'weakref.WeakKeyDictionary' = weakref.WeakKeyDictionary()   # Vector -> PlayRecords


def _model(ref: Any = None):
    """The Model a pointer belongs to (else the running interpreter's)."""
    m = getattr(ref, 'model', None)
    if m is None:
        m = getattr(getattr(ref, 'pp', None), '_model', None)
    if m is not None and hasattr(m, 'playrec'):
        return m
    from ..base import context
    return context.current().model


def _adopt(mgr: PlayRecords, vec, item: _Item) -> None:
    old = _OWNER.get(vec)
    if old is not None and old is not mgr:
        old.remove_uses(vec)
    _OWNER[vec] = mgr
    mgr.add(item)


def _split_pp(args: tuple) -> tuple:
    """Drop NEURON's optional first POINT_PROCESS argument (used only by local-step CVode)."""
    if args and not isinstance(args[0], (Ref, str, int, float)) and not _is_vector(args[0]):
        from .pointprocess import PointProcess
        if not isinstance(args[0], PointProcess):
            raise HocError('Optional first arg is not a POINT_PROCESS')
        return args[1:]
    return args


def _chk_dt(x: Any) -> float:
    d = float(x)
    if d < 1e-9 or d > 1e10:
        raise HocError('arg out of range')
    return d


def vec_record(vec, *args) -> Any:
    if not args:
        raise HocError('Vector.record: pointer argument expected')
    if _is_num(args[0]):
        raise HocError('Vector.record: A number was provided instead of a pointer.\n'
                       'Did you forget an _ref_ (Python) or an & (HOC)?')
    args = _split_pp(args)
    ref = _as_ref(args[0], 'Vector.record')
    model = _model(ref)
    mgr = manager(model)
    old = _OWNER.get(vec)
    if old is not None:
        old.remove_uses(vec)
    if len(args) > 1 and _is_vector(args[1]):
        item = VecRecordDiscrete(mgr, ref, (vec, args[1]), _is_t_ref(ref, model))
    elif len(args) > 1:
        item = VecRecordDt(mgr, ref, vec, _chk_dt(args[1]), _is_t_ref(ref, model))
    else:
        item = YvecRecord(mgr, ref, (vec,))
    _adopt(mgr, vec, item)
    return vec


def cvode_record(ref, yvec, tvec, discrete: bool) -> None:
    """cvode.record(&x, yvec, tvec[, 1]) (NetCvode::vecrecord_add)."""
    ref = _as_ref(ref, 'Cvode.record')
    model = _model(ref)
    mgr = manager(model)
    mgr.remove_uses(yvec)
    if discrete:
        _adopt(mgr, yvec, VecRecordDiscrete(mgr, ref, (yvec, tvec), _is_t_ref(ref, model)))
        return
    mgr.remove_uses(tvec)
    _adopt(mgr, tvec, TvecRecord(mgr, ref, (tvec,)))
    _adopt(mgr, yvec, YvecRecord(mgr, ref, (yvec,)))


def _stmt_player(stmt: str):
    from ..base import context
    interp = context.current()

    def play(value: float) -> None:
        interp.execute(stmt.replace('$1', '(%r)' % float(value)))
    return play


def vec_play(vec, *args) -> Any:
    args = _split_pp(args)
    if not args:
        raise HocError('Vector.play: pointer argument expected')
    model = _model(args[0])
    mgr = manager(model)
    stmt = None
    if isinstance(args[0], str) and not isinstance(args[0], Ref):
        stmt = _stmt_player(str(args[0]))
        ref = None
    elif _is_num(args[0]):
        # play one element now (only meaningful for a statement play)
        for it in mgr.items:
            if isinstance(it, VecPlayStep) and it.uses(vec):
                j = int(args[0])
                if not 0 <= j < len(vec):
                    raise HocError('arg out of range')
                if it.stmt is not None:
                    it.stmt(float(vec._buf[j]))
                break
        return vec
    else:
        ref = _as_ref(args[0], 'Vector.play')
    tvec = None
    ddt = -1.
    con = 0
    dvec = None
    if len(args) > 1:
        if _is_vector(args[1]):
            tvec = args[1]
        else:
            ddt = _chk_dt(args[1])
        if len(args) > 2:
            if _is_num(args[2]):
                con = int(float(args[2]))
                if con not in (0, 1):
                    raise HocError('arg out of range')
            else:
                dvec = args[2]
                con = 1
    if con:
        if tvec is None:
            raise HocError('Second argument of Vector.play in continuous mode must be a '
                           'time vector')
        item = VecPlayContinuous(mgr, ref, vec, tvec, dvec, stmt)
    else:
        if tvec is None and ddt == -1.:
            raise HocError('arg out of range')
        item = VecPlayStep(mgr, ref, vec, tvec, ddt, stmt)
    _adopt(mgr, vec, item)
    return vec


def vec_play_remove(vec) -> float:
    mgr = _OWNER.get(vec)
    if mgr is not None:
        mgr.remove_uses(vec)
    return 1.0


def frecord_init(model) -> None:
    mgr = getattr(model, 'playrec', None)
    model.ensure_built()
    if mgr is not None:
        mgr.record_init()
