"""NetCon and PreSyn (nrn src/nrncvode/netcvode.cpp).

A PreSyn is one spike source: a watched variable (``&v(.5)``, ``seg._ref_v``) with a threshold,
or an artificial cell / point process that calls ``net_event``.  NetCons from the same source
share its PreSyn (and so its threshold and its record vector).  A spike at time ``tt`` is
recorded and sends one event per active NetCon at ``tt + delay`` (or, when a source has more
than two NetCons all of the same delay, one event that delivers to all of them in order, as
NEURON's ``use_min_delay_``).
"""
from __future__ import annotations

import weakref

import numpy as np

from ..errors import HocError
from ..base import hooks
from ..base.context import _current as _running
from ..base.objects import HocObject, returns_object
from ..base.refs import MemberArray, Ref
from . import events
from .refs import FloatArray


def _accessed_section(model):
    """The currently accessed section (``sec=`` sets it), the home of a pointer source that
    is not a range variable (``new NetCon(&x, syn)``); None when there is none."""
    try:
        sec = model.stack.current()
    except HocError:
        return None
    return sec if sec.model is model else None


class PreSyn:
    """A spike source and the NetCons it drives (NEURON's PreSyn)."""

    __slots__ = ('net', 'thvar', '_osref', '_secref', '_threshold', 'flag', 'dil', 'tvec',
                 'idvec', 'rec_id', 'stmt', 'use_min_delay', 'delay', 'gid', 'spike_out',
                 '_qthresh', 'key', '_thbuf', '__weakref__')

    def __init__(self, net: 'events.NetState', thvar=None, osrc=None, sec=None):
        self.net = net
        self.thvar = thvar
        self.osrc = osrc
        self._secref = None if sec is None else weakref.ref(sec)
        self._threshold = 10.0
        self.flag = False
        self.dil: list = []          # (plain) weakrefs to NetCons, in creation order
        self.tvec = None
        self.idvec = None
        self.rec_id = 0
        self.stmt = None
        self.use_min_delay = False
        self.delay = 1.0
        self.gid = -1                # ParallelContext's global id (pyhoc.sim.parallel)
        self.spike_out = None        # during an MPI psolve: the list its (gid, t) go to
        self._qthresh = None         # CVode: its queued threshold crossing (cvode_cond)
        self.key = None              # its key in the NetState's table of watched variables
        self._thbuf = None           # a POINTER's target: the threshold's own float64 array
        net.add_presyn(self)

    @property
    def osrc(self):
        """Its point process or artificial cell, weakly held: as in NEURON, a NetCon does not
        keep its source alive (the source's death detaches it: :meth:`source_gone`)."""
        r = self._osref
        return None if r is None else r()

    @osrc.setter
    def osrc(self, obj) -> None:
        self._osref = None if obj is None else weakref.ref(obj)

    def source_gone(self) -> None:
        """What it watches is gone (its point process freed, its section deleted): NEURON
        deletes the PreSyn, so its NetCons are left without a source (``pre()`` is
        NULLobject) and it records and sends nothing more."""
        self.net.forget_presyn(self)
        for r in self.dil:
            nc = r()
            if nc is not None and nc._src is self:
                object.__setattr__(nc, '_src', None)
        self.dil = []

    @property
    def sec(self):
        """Its section, weakly held (a Python-made section goes with its last reference)."""
        return None if self._secref is None else self._secref()

    @property
    def threshold_(self) -> float:
        buf = self._thbuf
        return self._threshold if buf is None else buf.item(0)

    @threshold_.setter
    def threshold_(self, value: float) -> None:
        self._threshold = float(value)
        if self._thbuf is not None:
            self._thbuf[0] = self._threshold
        self.net.version += 1

    def threshold_buffer(self) -> tuple:
        """(array, 0) where the threshold lives from now on: a mechanism's POINTER at it
        (``setpointer pp.p, nc.threshold``) writes there and every threshold check reads it
        (NEURON's pointer is at PreSyn::threshold_ itself)."""
        if self._thbuf is None:
            self._thbuf = np.array([self._threshold], dtype=float)
            self.net.version += 1
        return self._thbuf, 0

    def netcon_gone(self, nc) -> None:
        """NetCon ``nc`` of this source is being freed (``NetCon.__del__``): with none left and
        nothing recorded, the source goes too (NEURON deletes the PreSyn; a new NetCon starts
        from threshold 10 again)."""
        if self.tvec is not None or self.idvec is not None or self.stmt is not None \
                or self.gid >= 0:      # a ParallelContext gid keeps it
            return
        for r in self.dil:
            o = r()
            if o is not None and o is not nc:
                return
        if self.thvar is None and self.osrc is not None \
                and events.own_attr(self.osrc, '_presyn') is self:
            object.__delattr__(self.osrc, '_presyn')
        self.net.forget_presyn(self)
        self.dil = []

    def live_dil(self) -> list:
        out, keep = [], []
        for r in self.dil:
            nc = r()
            if nc is not None:
                out.append(nc)
                keep.append(r)
        self.dil[:] = keep
        return out

    def init(self) -> None:
        if self.tvec is not None:
            self.tvec.resize(0)
        if self.idvec is not None:
            self.idvec.resize(0)

    def record(self, tt: float) -> None:
        if self.tvec is not None:
            self.tvec.append(tt)
            if self.idvec is not None:
                self.idvec.append(self.rec_id)
        if self.stmt is not None:
            model = self.net.model
            tsav = model.t
            model.t = tt
            try:
                events.run_action(self.stmt, None, model)
            finally:
                model.t = tsav

    def send(self, tt: float) -> None:
        """PreSyn::send: record, then an event per NetCon at tt + delay."""
        self.record(tt)
        if self.spike_out is not None:
            self.spike_out.append((self.gid, tt))
        net = self.net
        if self.use_min_delay:
            net.send(tt + self.delay, self)
        else:
            for d in self.live_dil():
                if d._active and d._target is not None:
                    net.send(tt + d._delay, d)

    def deliver(self, tt: float, net) -> None:
        """The use_min_delay event: deliver to every NetCon now or later by its extra delay."""
        for d in self.live_dil():
            if d._active and d._target is not None:
                dtt = d._delay - self.delay
                if dtt == 0.:
                    d.deliver(tt, net)
                elif dtt < 0.:
                    raise HocError('internal error: Source delay is > NetCon delay')
                else:
                    net.send(tt + dtt, d)


def _model_of(obj):
    m = getattr(obj, '_model', None)
    if m is not None:
        return m
    m = getattr(obj, 'model', None)
    if m is not None:
        return m
    from ..base.context import current
    return current().model


class ThresholdRef(Ref):
    """Pointer to a spike source's threshold (``&nc.threshold``)."""

    __slots__ = ('ps',)

    def __init__(self, ps: PreSyn):
        self.ps = ps

    def get(self) -> float:
        return self.ps.threshold_

    def set(self, value) -> None:
        self.ps.threshold_ = value

    def buffer(self) -> tuple:
        return self.ps.threshold_buffer()


_NO_WEIGHTS = np.zeros(1)
_NO_WEIGHTS.flags.writeable = False     # (the weights of every NetCon without a target until
                                        # asked for: an array each is ~120 bytes)


class NetCon(HocObject):
    """``NetCon(source, target[, threshold, delay, weight])``.

    source: a pointer to a variable (``&v(.5)``, ``seg._ref_v``), an artificial cell or point
    process, or None; target: a point process with a NET_RECEIVE block, or None.
    """

    def __init__(self, source=None, target=None, *args, model=None):
        if target is not None and not hasattr(target, '_mtype'):
            raise HocError('NetCon target must be a point process or NULLobject')
        for o in (target, source):
            if model is not None:
                break
            if o is not None:
                model = _model_of(o)
                break
        if model is None:
            model = _model_of(None)
        net = events.state(model)
        # (set through object.__setattr__, never self.__dict__: reading an instance's
        # __dict__ makes Python keep a dict object for it, 64 bytes a NetCon)
        set_ = object.__setattr__
        set_(self, '_model', model)
        set_(self, '_net', net)
        set_(self, '_target', target)
        set_(self, '_active', target is not None)     # (NEURON's: no target, inactive)
        set_(self, '_delay', 1.0)
        set_(self, '_threshold', 10.0)      # used only while there is no source
        if target is None:      # (a spike detector's weights are made when asked for)
            set_(self, '_w', _NO_WEIGHTS)
        else:
            set_(self, '_w', np.zeros(max(1, int(target._mtype.net_receive_nargs))))
        set_(self, '_src', None if source is None else self._presyn_for(net, source))
        if args:
            if len(args) < 3:
                raise HocError('NetCon: threshold, delay and weight go together')
            if self._src is not None:
                self._src.threshold_ = float(args[0])
            set_(self, '_delay', float(args[1]))
            self._weights()[0] = float(args[2])
        if self._src is not None:
            self._src.dil.append(weakref.ref(self))     # (__del__ tells the source)
            self._src.use_min_delay = False
        net.netcons.append(weakref.ref(self))

    def __del__(self):
        src = getattr(self, '_src', None)
        if src is not None:
            try:
                src.netcon_gone(self)
            except Exception:       # (at interpreter exit)
                pass
        super().__del__()

    @staticmethod
    def _presyn_for(net, source):
        if isinstance(source, PreSyn):           # a gid's source (ParallelContext.gid_connect)
            return source
        if hasattr(source, '_mtype'):            # artificial cell or point process
            ps = events.own_attr(source, '_presyn')
            if ps is None:
                ps = PreSyn(net, osrc=source)
                object.__setattr__(source, '_presyn', ps)
            return ps
        if not hasattr(source, 'get') or isinstance(source.get(), str):     # not &strdef
            raise HocError('NetCon source must be a pointer, a point process or NULLobject')
        rsec = getattr(source, 'sec', None) or _accessed_section(net.model)
        if rsec is not None and getattr(source, 'name', None) is not None \
                and hasattr(source, 'x'):
            node = rsec._x_to_node(source.x)
            if source.name == 'v':      # (one int: a tuple and its id were ~100 bytes a cell)
                key = id(rsec) << 16 | node + 1
            else:
                key = (id(rsec), source.name, node)
        else:
            key = ('ref', id(source))
        table = net.__dict__.setdefault('_thvar_presyn', {})
        ps = table.get(key)
        if ps is None or ps.thvar is None or ps.sec is not rsec:
            ps = PreSyn(net, thvar=source, sec=rsec)
            table[key] = ps
            ps.key = key
        return ps

    @property
    def _target(self):
        """Its point process, weakly held: as in NEURON, a NetCon does not keep its target
        alive; once the target is freed the NetCon has none (``syn()`` NULLobject, nothing
        delivered, inactive)."""
        r = self._tref
        return None if r is None else r()

    @_target.setter
    def _target(self, obj) -> None:
        object.__setattr__(self, '_tref', None if obj is None else weakref.ref(obj))

    def _target_freed(self) -> bool:
        r = self._tref
        return r is not None and r() is None

    # ---- delivery (DiscreteEvent interface)
    def deliver(self, tt: float, net) -> None:
        tgt = self._target
        if tgt is None:
            return
        net.model.t = tt
        tgt._mtype.net_receive(tgt, self._w, 0.0)

    # ---- fields
    @property
    def _ref_threshold(self):
        """``&nc.threshold``: its source's threshold (a POINTER's target: ThresholdRef)."""
        if self._src is None:
            from ..base.refs import CallbackRef
            return CallbackRef(lambda: self.threshold, lambda v: setattr(self, 'threshold', v))
        return ThresholdRef(self._src)

    @property
    def threshold(self) -> float:
        return self._src.threshold_ if self._src is not None else self._threshold

    @threshold.setter
    def threshold(self, value) -> None:
        if self._src is not None:
            self._src.threshold_ = float(value)
        else:
            object.__setattr__(self, '_threshold', float(value))

    @property
    def delay(self) -> float:
        # as NEURON's steer_val, touching delay ends the source's shared-delay shortcut
        ps = self._src
        if ps is not None:
            ps.use_min_delay = False
        return self._delay

    @delay.setter
    def delay(self, value) -> None:
        value = float(value)        # (NEURON takes a negative delay too)
        object.__setattr__(self, '_delay', value)
        ps = self._src
        if ps is not None:
            ps.use_min_delay = False

    @property
    def x(self) -> float:
        """The present value of the watched source variable (0 without one)."""
        ps = self._src
        if ps is not None and ps.thvar is not None:
            return float(ps.thvar.get())
        return 0.0

    def _loc(self) -> float:
        """Arc position of the source's node (as NEURON's preloc reports it)."""
        ps = self._src
        x = float(getattr(ps.thvar, 'x', -1.0))
        sec = ps.sec
        try:
            j, n = sec._x_to_node(x), sec.nseg
        except Exception:
            return x
        if j == -1:
            return 0.0 if not sec._orient else 1.0
        xx = 1. if j == n else (j + .5) / n
        return 1. - xx if sec._orient else xx

    @property
    def weight(self) -> FloatArray:
        """The weight vector (the array net_receive gets is ``_w``)."""
        return MemberArray(self._weights(), self.hoc_name() + '.weight')

    def _weights(self) -> np.ndarray:
        """The weight array, made now if this NetCon (made without a target) had none."""
        w = self._w
        if w is _NO_WEIGHTS:
            w = np.zeros(1)
            object.__setattr__(self, '_w', w)
        return w

    def __setattr__(self, name, value):
        if name == 'weight' and _running.get() is not None:
            self._weights()[:] = value      # (HOC's nc.weight = w: element 0 and the rest)
        else:
            HocObject.__setattr__(self, name, value)

    # ---- methods
    def wcnt(self) -> float:
        return float(len(self._w))

    def active(self, *args) -> bool:
        old = self._active
        if old and self._target_freed():    # (NEURON's NetCon goes inactive with it)
            old = False
            object.__setattr__(self, '_active', False)
        if args and self._target is not None:      # (no target: it stays inactive)
            object.__setattr__(self, '_active', bool(args[0]))
        return bool(old)

    def valid(self) -> bool:
        return self._src is not None and self._target is not None

    def event(self, tt, flag=None) -> float:
        """Put an event for the target on the queue at time tt."""
        net = self._net
        tt = float(tt)
        if tt < net.model.t:
            raise HocError('NetCon.event: time < t')
        if flag is not None and self._target is not None:
            net.send(tt, events.SelfEvent(self._target, float(flag), self._w))
        else:
            net.send(tt, self)
        return 0.0

    def record(self, *args) -> float:
        ps = self._src
        if ps is None:
            raise HocError('%s source is missing' % self.hoc_name())
        if not args:
            ps.tvec = ps.idvec = None
            ps.stmt = None
            return 0.0
        a = args[0]
        if isinstance(a, str) or callable(a) and not hasattr(a, 'append'):
            ps.stmt = a
            return 0.0
        ps.tvec = a
        ps.idvec = args[1] if len(args) > 1 else None
        ps.rec_id = int(args[2]) if len(args) > 2 else 0
        return 0.0

    @returns_object
    def syn(self):
        return self._target

    @returns_object
    def pre(self):
        ps = self._src
        return ps.osrc if ps is not None else None

    @returns_object
    def precell(self):
        ps = self._src
        if ps is None:
            return None
        if ps.osrc is not None:
            sec = ps.osrc.get_sec() if hasattr(ps.osrc, 'get_sec') else None
            return _cell_of(sec)
        return _cell_of(ps.sec)

    @returns_object
    def postcell(self):
        tgt = self._target
        if tgt is None:
            return None
        return _cell_of(tgt.get_sec() if hasattr(tgt, 'get_sec') else None)

    @returns_object
    def preseg(self):
        ps = self._src
        if ps is None or ps.thvar is None or ps.sec is None:
            return None
        return ps.sec(self._loc())

    @returns_object
    def postseg(self):
        tgt = self._target
        return tgt.get_segment() if tgt is not None and hasattr(tgt, 'get_segment') else None

    def preloc(self) -> float:
        """Push the source's section and return its location (-1 with none)."""
        ps = self._src
        if ps is None or ps.thvar is None or ps.sec is None:
            return -1.0
        _push_section(ps.sec)
        return self._loc()

    def postloc(self) -> float:
        tgt = self._target
        if tgt is None or not hasattr(tgt, 'get_sec') or tgt.get_sec() is None:
            return -1.0
        _push_section(tgt.get_sec())
        return tgt._x()

    def srcgid(self) -> int:
        """The global id (ParallelContext.cell) of the source, -1 without one (an int, as
        NEURON 9 returns it)."""
        ps = self._src
        return int(ps.gid) if ps is not None else -1

    @returns_object
    def get_recordvec(self):
        """The Vector the source's spike times are recorded into (NetCon.record), or None."""
        ps = self._src
        return ps.tvec if ps is not None else None

    @returns_object
    def prelist(self, lst=None):
        """The NetCons of this source (only this one without a source), in creation order."""
        ps = self._src
        return _listed(lst, [self] if ps is None else ps.live_dil())

    @returns_object
    def synlist(self, lst=None):
        """The NetCons of this target (only this one without a target), in creation order."""
        tgt = self._target
        if tgt is None:
            return _listed(lst, [self])
        return _listed(lst, [nc for nc in self._net.live_netcons() if nc._target is tgt])

    @returns_object
    def precelllist(self, lst=None):
        """The NetCons whose source is in this one's source cell (none without a cell)."""
        cell = self.precell()
        return _listed(lst, [] if cell is None else
                       [nc for nc in self._net.live_netcons() if nc.precell() is cell])

    @returns_object
    def postcelllist(self, lst=None):
        """The NetCons whose target is in this one's target cell (none without a cell)."""
        cell = self.postcell()
        return _listed(lst, [] if cell is None else
                       [nc for nc in self._net.live_netcons() if nc.postcell() is cell])

    def setpost(self, target=None) -> float:
        self.active()               # (a freed target's inactivity stays)
        tgt = self._target
        object.__setattr__(self, '_target', target)
        if target is None:
            object.__setattr__(self, '_active', False)
        if target is not None and (tgt is None or tgt._mtype is not target._mtype):
            n = max(1, int(target._mtype.net_receive_nargs))
            object.__setattr__(self, '_w', np.zeros(n))
        return 0.0


def _listed(lst, netcons):
    """netcons appended to the List lst (given as the method's argument), else a new List."""
    if lst is None:
        return hooks.new_list(netcons)
    if not hasattr(lst, 'append') or not hasattr(lst, 'prepend'):
        raise HocError('NetCon: the argument must be a List')
    for nc in netcons:
        lst.append(nc)
    return lst


def _cell_of(sec):
    if sec is None:
        return None
    c = getattr(sec, 'cell', None)
    return c() if callable(c) else c


def _push_section(sec) -> None:
    sec.model.stack.push(sec)
