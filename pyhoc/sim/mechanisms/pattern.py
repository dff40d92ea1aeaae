"""PatternStim (nrn src/nrnoc/pattern.mod): replays a recorded spike raster (t, gid) as the
spikes of those gids, so a subnet simulated alone receives the input the whole network would
have given it.  Only gids that are input ports here (``pc.gid_connect`` without an owned
cell) fire; as in NEURON 9.0.2, ``fake_output`` changes nothing (nrn_fake_fire is only asked
for the input ports).  Events go out in groups of about a hundred, each group when its first
spike time comes.
"""
from __future__ import annotations

from ...errors import HocError
from ..mechfuncs import MechFunction
from .artificial import Artificial, ArtificialType


def _info(pp) -> dict:
    return pp.__dict__.setdefault('_pattern', {'t': [], 'gid': [], 'index': 0, 'set': False})


def _play(mt, inst, *args) -> None:
    """PROCEDURE play([tvec, gidvec]): copy the raster (no arguments: forget it)."""
    info = _info(inst['pp'])
    info.update(t=[], gid=[], index=0, set=False)
    if args:
        if len(args) < 2:
            raise HocError('play: a time Vector and a gid Vector are required')
        tv, gv = (_floats(a) for a in args[:2])
        n = len(tv)
        if len(gv) < n:
            raise HocError('play: the gid Vector is shorter than the time Vector')
        info.update(t=tv, gid=[int(g) for g in gv[:n]], set=n > 0)


def _floats(vec) -> list:
    if not hasattr(vec, 'to_python'):
        raise HocError('play: arguments must be Vectors')
    return [float(x) for x in vec.to_python()]


def _initps(mt, inst) -> float:
    """FUNCTION initps(): restart the raster; 1 if there is one."""
    info = _info(inst['pp'])
    info['index'] = 0
    return 1.0 if info['set'] else 0.0


def _sendgroup(mt, inst) -> float:
    """FUNCTION sendgroup(): fire the next spikes (at least a hundred, then up to the first
    one still to come); the time of the next group, or t - 1 when the raster is done."""
    pp = inst['pp']
    info = _info(pp)
    model = mt.model
    t = model.t
    tv, gids = info['t'], info['gid']
    size = len(tv)
    gid2in = model.__dict__.get('_gids')
    gid2in = {} if gid2in is None else gid2in.gid2in
    k, i = info['index'], 0
    while k < size:
        ps = gid2in.get(gids[k])
        if ps is not None:
            ps.send(tv[k])
        k += 1
        if i > 100 and k < size and t < tv[k]:
            break
        i += 1
    info['index'] = k
    return t - 1. if k >= size else tv[k]


class PatternStimType(ArtificialType):
    name = 'PatternStim'
    type_index = 23
    parameters = {'fake_output': 0.0}
    assigned = ('ptr',)
    functions = {'play': MechFunction(_play, 0, procedure=True, objects=True),
                 'initps': MechFunction(_initps, 0),
                 'sendgroup': MechFunction(_sendgroup, 0)}

    def initialize_instance(self, pp) -> None:
        if pp.initps() > 0:
            self.net_send(pp, 0.0, 1.0)

    def net_receive(self, pp, weight, flag: float) -> None:
        if flag == 1:
            t = self.model.t
            nst = pp.sendgroup()
            if nst >= t:
                self.net_send(pp, nst - t, 1.0)


class PatternStim(Artificial):
    mech_name = 'PatternStim'
