"""Saving and restoring a simulation's state (NEURON's ``SaveState``, savstate.cpp).

What is kept is NEURON's choice: t, the voltage of every node, the STATE variables of every
mechanism, the concentrations and reversal potential of every ion, vext of extracellular,
every variable of the mechanisms with a NET_RECEIVE block (synapses and artificial cells keep
their logic in them), the NetCon weights, the spike sources' threshold flags and every
outstanding event (with its absolute time).  Parameters and other ASSIGNED values are not:
the next step recomputes them.  Vector.record/play keep their own event queue here, which is
saved too (NEURON keeps those events in its one queue).

A state is plain data (numbers, arrays, and objects named by their index in creation order)
so that it can be written to a file and read back in another process with the same model.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

import numpy as np

from ..errors import HocError
from . import events

if TYPE_CHECKING:
    from .model import Model

_MAGIC = 'pyhoc SaveState 1\n'
_INCONSISTENT = 'SaveState: Stored state inconsistent with current neuron structure'


def _saved_vars(mt, blk) -> list:
    """The variables SaveState keeps of one mechanism (see the module docstring)."""
    if mt.is_ion:
        ion = mt.ion
        return ['e' + ion, ion + 'i', ion + 'o']
    if mt.net_receive is not None:
        return list(blk.arrays)
    if mt.name == 'extracellular':
        return [v for v in blk.arrays if v.startswith('vext')]
    return [s for s in mt.states if s in blk.arrays]


def _signature(model: 'Model') -> list:
    """What must not change between save and restore: sections, nodes, mechanisms."""
    secs = [[s.name(), s._nseg] for s in model.order]
    blocks = [[name, blk.n] for name, blk in model.blocks.items()]
    points = [p._mtype.name for p in model.points]
    return [secs, blocks, points, len(model.v)]


def _queue_items(q: 'events.TQueue') -> list:
    """The queued items in delivery order."""
    out = [q.least] if q.least is not None else []
    out.extend(e[2] for e in sorted(q._heap, key=lambda e: (e[0], e[1]))
               if e[2].in_tree and e[2].seq == e[1])
    return out


class _Index:
    """Objects <-> their index in creation order (points, NetCons, PreSyns, record items)."""

    def __init__(self, model: 'Model', net):
        self.points = list(model.points)
        self.netcons = net.live_netcons() if net is not None else []
        self.presyns = list(net.presyns) if net is not None else []
        pr = model.playrec
        self.items = list(pr.items) if pr is not None else []

    @staticmethod
    def _find(seq, obj) -> int:
        for k, x in enumerate(seq):
            if x is obj:
                return k
        raise HocError('SaveState: an event refers to an object that no longer exists')

    def weight_code(self, w):
        if w is None:
            return None
        for k, nc in enumerate(self.netcons):
            if nc._w is w:
                return ['nc', k]
        return ['values', [float(x) for x in w]]

    def weight_of(self, code):
        if code is None:
            return None
        if code[0] == 'nc':
            return self.netcons[code[1]]._w
        return np.array(code[1], dtype=float)

    def encode_event(self, ev):
        from .netcon import NetCon, PreSyn
        if isinstance(ev, NetCon):
            return ['nc', self._find(self.netcons, ev)]
        if isinstance(ev, PreSyn):
            return ['ps', self._find(self.presyns, ev)]
        if isinstance(ev, events.SelfEvent):
            tgt = ev.target
            return ['self', self._find(self.points, tgt), ev.flag, self.weight_code(ev.weight)]
        if isinstance(ev, events.HocEvent):
            return ['hoc', ev.action]
        raise HocError('SaveState: cannot save an event of type %s' % type(ev).__name__)

    def decode_event(self, code):
        kind = code[0]
        if kind == 'nc':
            return self.netcons[code[1]]
        if kind == 'ps':
            return self.presyns[code[1]]
        if kind == 'self':
            return events.SelfEvent(self.points[code[1]], code[2], self.weight_of(code[3]))
        return events.HocEvent(code[1])


def save(model: 'Model') -> dict:
    """The present state of the model as plain data."""
    model.ensure_built()
    net = events.has_state(model)
    ix = _Index(model, net)
    blocks = {}
    for mt in model.type_order:
        blk = model.blocks.get(mt.name)
        if blk is not None:
            names = _saved_vars(mt, blk)
            if names:
                blocks[mt.name] = {v: blk.arrays[v].copy() for v in names}
    arts = [dict(p._values) if p._mtype.artificial else None for p in ix.points]
    st = {'signature': _signature(model), 't': float(model.t), 'v': model.v.copy(),
          'blocks': blocks, 'artificial': arts,
          'weights': [np.array(nc._w, dtype=float) for nc in ix.netcons],
          'flags': [bool(ps.flag) for ps in ix.presyns], 'events': [], 'movable': [],
          'records': None}
    if net is not None:
        for it in _queue_items(net.queue):
            st['events'].append([it.t, ix.encode_event(it.ev)])
            ev = it.ev
            st['movable'].append(isinstance(ev, events.SelfEvent)
                                 and ev.target.__dict__.get('_tqitem') is it)
    pr = model.playrec
    if pr is not None:
        from .record import VecRecordDiscrete
        sizes = [len(it.vec(0)) if isinstance(it, VecRecordDiscrete) and it.alive() else -1
                 for it in ix.items]
        queue = [[te, ix._find(ix.items, item)] for te, _, item in sorted(pr._queue)
                 if item in ix.items]
        st['records'] = {'t_hoc': pr.t_hoc, 'queue': queue, 'sizes': sizes}
    return st


def restore(model: 'Model', st: dict, keep_events: bool = False) -> None:
    """Put a saved state back (``keep_events``: NEURON's restore(1), which leaves the event
    queue, the NetCon weights and Vector.record/play as they are)."""
    model.ensure_built()
    if _signature(model) != st['signature']:
        raise HocError(_INCONSISTENT)
    model.t = st['t']
    model.v[:] = st['v']
    for name, arrays in st['blocks'].items():
        blk = model.blocks[name]
        for var, arr in arrays.items():
            blk.arrays[var][:] = arr
    points = list(model.points)
    for p, vals in zip(points, st['artificial']):
        if vals is not None:
            p._values.update(vals)
    cv = model.__dict__.get('_cvode')
    if cv is not None and cv.active:       # the integrator starts again from here
        cv.need_init = True
        cv.tcur = model.t
    if keep_events:
        return
    net = events.has_state(model)
    if net is None and (st['events'] or st['weights']):
        net = events.state(model)
    if net is not None:
        ix = _Index(model, net)
        if len(ix.netcons) != len(st['weights']) or len(ix.presyns) != len(st['flags']):
            raise HocError(_INCONSISTENT)
        for nc, w in zip(ix.netcons, st['weights']):
            nc._weights()[:] = w
        for ps, flag in zip(ix.presyns, st['flags']):
            ps.flag = flag
        flags = net._thr_flag               # (the compiled loop holds this very array)
        if flags is not None and len(flags) == len(net.thr_presyns):
            for k, ps in enumerate(net.thr_presyns):
                flags[k] = ps.flag
        net.queue.clear()
        net.pending_hoc.clear()
        for (tt, code), movable in zip(st['events'], st['movable']):
            ev = ix.decode_event(code)
            it = net.queue.insert(tt, ev)
            if movable:
                ev.target.__dict__['_tqitem'] = it
    rec = st['records']
    pr = model.playrec
    if rec is not None and pr is not None:
        items = list(pr.items)
        if len(items) != len(rec['sizes']):
            raise HocError(_INCONSISTENT)
        pr.t_hoc = rec['t_hoc']
        pr._queue.clear()
        for te, k in rec['queue']:
            pr.send(te, items[k])
        for it, n in zip(items, rec['sizes']):
            if n >= 0:
                it.vec(0)._resize(n)


# ---------------------------------------------------------------------------------- files
def _plain(x):
    if isinstance(x, np.ndarray):
        return {'__array__': [float(v) for v in x.tolist()]}
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, (str, int, float, bool)) or x is None:
        return x
    raise HocError('SaveState: cannot write %r to a file (a Python callable event?)' % (x,))


def _arrays(x):
    if isinstance(x, dict):
        if '__array__' in x:
            return np.array(x['__array__'], dtype=float)
        return {k: _arrays(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_arrays(v) for v in x]
    return x


def dumps(st: dict) -> bytes:
    """The state as the bytes of a file (JSON: floats round-trip exactly)."""
    return (_MAGIC + json.dumps(_plain(st))).encode()


def loads(data: bytes) -> dict:
    text = data.decode(errors='replace')
    if not text.startswith(_MAGIC):
        raise HocError('Bad SaveState binary file')
    try:
        return _arrays(json.loads(text[len(_MAGIC):]))
    except ValueError:
        raise HocError('Bad SaveState binary file') from None
