"""Artificial cells: NetStim, IntFire1, IntFire2, IntFire4 (nrn src/nrnoc/netstim.mod,
intfire1.mod, intfire2.mod, intfire4.mod).

They have no location and no per-step work: INITIAL runs once per finitialize (after the
located mechanisms, in type order, instances in creation order) and NET_RECEIVE once per event,
so their variables simply live in each object's value table.  ``t`` in NET_RECEIVE is the
event's time; ``net_send(d, flag)`` queues a self event at ``t + d``.
"""
from __future__ import annotations

import math

from ...errors import HocError
from ...base.rng import Random123Stream
from ..pointprocess import POINT_CLASSES, PointProcess
from ..mechfuncs import MechFunction
from .base import MechanismType


def _state(model):
    from ..events import state
    return state(model)


def _pow(x: float, y: float) -> float:
    try:
        return math.pow(x, y)
    except (ValueError, OverflowError):
        if x == 0.0 and y < 0:
            return math.inf
        return math.nan if x < 0 else math.inf


def _log(x: float) -> float:
    if x > 0:
        return math.log(x)
    return -math.inf if x == 0 else math.nan


def _exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


class ArtificialType(MechanismType):
    point = True
    artificial = True
    has_current = False
    net_receive_nargs = 1

    def initialize_instance(self, pp) -> None:
        """INITIAL for one instance (model.t is 0)."""

    def net_receive(self, pp, weight, flag: float) -> None:
        """NET_RECEIVE for one event (model.t is the event time)."""

    # helpers
    def net_send(self, pp, delay: float, flag: float, weight=None) -> None:
        model = self.model
        _state(model).net_send(pp, model.t + delay, flag, weight)

    def net_event(self, pp, tt: float) -> None:
        _state(self.model).net_event(pp, tt)

    def net_move(self, pp, tt: float) -> None:
        _state(self.model).net_move(pp, tt)


class Artificial(PointProcess):
    """HOC object of an artificial cell: never located (``new NetStim(.5)`` ignores the .5)."""

    def __init__(self, seg=None, *, model=None):
        if model is None:
            model = seg.sec.model if hasattr(seg, 'sec') else None
        if model is None:
            from ...base.context import current
            model = current().model
        super().__init__(None, model=model)

    def loc(self, *args):
        raise HocError('%s is an ARTIFICIAL_CELL and has no location' % self.hoc_class_name)


# ------------------------------------------------------------------------------ NetStim
class NetStimType(ArtificialType):
    name = 'NetStim'
    type_index = 18
    parameters = {'interval': 10.0, 'number': 10.0, 'start': 50.0, 'noise': 0.0}
    assigned = ('event', 'on', 'ispike')
    hidden = ('event', 'on', 'ispike')   # ASSIGNED, not RANGE: not listed

    @staticmethod
    def _invl(pp, d, mean: float) -> float:
        if mean <= 0.:
            mean = .01
        if d['noise'] == 0:
            return mean
        return (1. - d['noise']) * mean + d['noise'] * mean * pp._ranvar.negexp(1.0)

    def initialize_instance(self, pp) -> None:
        d = pp._values
        pp._ranvar.setseq(0.0)
        d['on'] = 0.0
        d['ispike'] = 0.0
        if d['noise'] < 0:
            d['noise'] = 0.0
        if d['noise'] > 1:
            d['noise'] = 1.0
        if d['start'] >= 0 and d['number'] > 0:
            d['on'] = 1.0
            d['event'] = d['start'] + self._invl(pp, d, d['interval']) \
                - d['interval'] * (1. - d['noise'])
            if d['event'] < 0:
                d['event'] = 0.0
            self.net_send(pp, d['event'], 3.0)

    @staticmethod
    def _init_sequence(d) -> None:
        if d['number'] > 0:
            d['on'] = 1.0
            d['event'] = 0.0
            d['ispike'] = 0.0

    def _next_invl(self, pp, d) -> None:
        if d['number'] > 0:
            d['event'] = self._invl(pp, d, d['interval'])
        if d['ispike'] >= d['number']:
            d['on'] = 0.0

    def net_receive(self, pp, weight, flag: float) -> None:
        d = pp._values
        t = self.model.t
        if flag == 0:
            w = weight[0]
            if w > 0 and d['on'] == 0:
                self._init_sequence(d)
                self._next_invl(pp, d)
                d['event'] = d['event'] - d['interval'] * (1. - d['noise'])
                self.net_send(pp, d['event'], 1.0)
            elif w < 0:
                d['on'] = 0.0
        if flag == 3:
            if d['on'] == 1:
                self._init_sequence(d)
                self.net_send(pp, 0.0, 1.0)
        if flag == 1 and d['on'] == 1:
            d['ispike'] = d['ispike'] + 1
            self.net_event(pp, t)
            self._next_invl(pp, d)
            if d['on'] == 1:
                self.net_send(pp, d['event'], 1.0)


class NetStim(Artificial):
    mech_name = 'NetStim'

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # NEURON numbers the RANDOM streams of a process from 1 in creation order; one Model
        # stands for one NEURON process here
        d = self._model.__dict__
        n = d.get('_ranvar_count', 0) + 1
        d['_ranvar_count'] = n
        self.__dict__['_ranvar'] = Random123Stream(1, 0, n)

    @property
    def ranvar(self):
        """NEURON 9's handle on the noise stream (``RANDOM ranvar`` in its netstim.mod)."""
        from ...base.nmodlrandom import NMODLRandom
        return NMODLRandom._wrap(self, '_ranvar')

    def seed(self, x) -> float:
        self._ranvar.setseq(float(x))
        return 1.0

    def noiseFromRandom123(self, *args) -> float:
        r = self._ranvar
        if len(args) >= 3:
            r.setids(int(args[0]) & 0xFFFFFFFF, int(args[1]) & 0xFFFFFFFF,
                     int(args[2]) & 0xFFFFFFFF)
        elif len(args) == 2:
            r.setids(int(args[0]) & 0xFFFFFFFF, int(args[1]) & 0xFFFFFFFF, 0)
        r.setseq2(0, 0)
        return 1.0

    def noiseFromRandom(self, rnd=None) -> float:
        if rnd is None:
            return 1.0
        ids = rnd._ran123_ids()
        if ids is None:
            raise HocError('NetStim: Random.Random123 generator is required.')
        self._ranvar.setids(*ids)
        seq, which = rnd._generator.getseq()
        self._ranvar.setseq2(seq, which)
        return 1.0

    def erand(self) -> float:
        return self._ranvar.negexp(1.0)

    def invl(self, mean) -> float:
        return NetStimType._invl(self, self._values, float(mean))


# ------------------------------------------------------------------------------ IntFire1
class IntFire1Type(ArtificialType):
    name = 'IntFire1'
    type_index = 19
    parameters = {'tau': 10.0, 'refrac': 5.0}
    assigned = ('m', 't0', 'refractory')
    hidden = ('t0', 'refractory')   # ASSIGNED, not RANGE: not listed
    functions = {'M': MechFunction(lambda mt, inst: mt.M(inst['pp']), 0)}

    def initialize_instance(self, pp) -> None:
        d = pp._values
        d['m'] = 0.0
        d['t0'] = self.model.t
        d['refractory'] = 0.0

    def net_receive(self, pp, weight, flag: float) -> None:
        d = pp._values
        t = self.model.t
        if d['refractory'] == 0:
            d['m'] = d['m'] * _exp(-(t - d['t0']) / d['tau'])
            d['t0'] = t
            d['m'] = d['m'] + weight[0]
            if d['m'] > 1:
                d['refractory'] = 1.0
                d['m'] = 2.0
                self.net_send(pp, d['refrac'], d['refractory'])
                self.net_event(pp, t)
        elif flag == 1:
            d['t0'] = t
            d['refractory'] = 0.0
            d['m'] = 0.0

    def M(self, pp) -> float:
        d = pp._values
        t = self.model.t
        if d['refractory'] == 0:
            return d['m'] * _exp(-(t - d['t0']) / d['tau'])
        if d['refractory'] == 1:
            return 2.0 if t - d['t0'] < .5 else -1.0
        return 0.0


class IntFire1(Artificial):
    mech_name = 'IntFire1'


# ------------------------------------------------------------------------------ IntFire2
def _newton1(a, b, c, r, x):
    dx = 1.0
    f = 0.0
    it = 0
    while math.fabs(dx) > 1e-6 or math.fabs(f - 1) > 1e-6:
        f = a + b * _pow(x, r) + c * x
        df = r * b * _pow(x, r - 1) + c
        dx = (1 - f) / df
        x = x + dx
        if x <= 0:
            x = 1e-4
        elif x > 1:
            x = 1.0
        it += 1
        if it > 10:
            f = 1.0
            dx = 0.0
    return x


class IntFire2Type(ArtificialType):
    name = 'IntFire2'
    type_index = 20
    parameters = {'taus': 20.0, 'taum': 10.0, 'ib': 0.0}
    assigned = ('i', 'm', 't0')
    hidden = ('t0',)   # ASSIGNED, not RANGE: not listed
    functions = {'M': MechFunction(lambda mt, inst: mt.M(inst['pp']), 0),
                 'I': MechFunction(lambda mt, inst: mt.I(inst['pp']), 0)}

    def firetime(self, d, a, b, c) -> float:
        taus, taum = d['taus'], d['taum']
        r = taum / taus
        if a <= 1 and a + b <= 1:
            return 1e9
        if a > 1 and b <= 0:
            cab = c - a - b
            m = r * b + cab
            if m >= 0:
                return -taus * _log(_newton1(a, cab, b, 1 / r, 0.0))
            x = (1 - c + m) / m
            if x <= 0:
                return -taus * _log(_newton1(a, cab, b, 1 / r, 0.0))
            return -taum * _log(_newton1(a, b, cab, r, x))
        cab = c - a - b
        x = _pow(-cab / (r * b), 1 / (r - 1))
        f = a + b * _pow(x, r) + cab * x
        if x >= 1 or f <= 1:
            return 1e9
        m = r * b + cab
        x = (1 - c + m) / m
        return -taum * _log(_newton1(a, b, cab, r, x))

    def initialize_instance(self, pp) -> None:
        d = pp._values
        d['i'] = d['ib']
        d['m'] = 0.0
        if d['taus'] <= d['taum']:
            d['taus'] = d['taum'] + .1
        d['t0'] = self.model.t
        self.net_send(pp, self.firetime(d, d['ib'], 0.0, 0.0), 1.0)

    def net_receive(self, pp, weight, flag: float) -> None:
        d = pp._values
        t = self.model.t
        taus, taum, ib = d['taus'], d['taum'], d['ib']
        f = taus / (taus - taum)
        x = (d['i'] - ib) * _exp(-(t - d['t0']) / taus)
        inew = ib + x
        if flag == 1:
            self.net_event(pp, t)
            d['m'] = 0.0
            ibf = (inew - ib) * f
            self.net_send(pp, self.firetime(d, ib, ibf, 0.0), 1.0)
        else:
            d['m'] = ib + f * x + (d['m'] - (ib + (d['i'] - ib) * f)) \
                * _exp(-(t - d['t0']) / taum)
            inew = inew + weight[0]
            if d['m'] >= 1:
                self.net_move(pp, t)
            else:
                ibf = (inew - ib) * f
                self.net_move(pp, self.firetime(d, ib, ibf, d['m']) + t)
        d['t0'] = t
        d['i'] = inew

    def M(self, pp) -> float:
        d = pp._values
        t = self.model.t
        taus, taum, ib = d['taus'], d['taum'], d['ib']
        f = taus / (taus - taum)
        x = (d['i'] - ib) * _exp(-(t - d['t0']) / taus)
        return ib + f * x + (d['m'] - (ib + (d['i'] - ib) * f)) * _exp(-(t - d['t0']) / taum)

    def I(self, pp) -> float:  # noqa: E743
        d = pp._values
        t = self.model.t
        x = (d['i'] - d['ib']) * _exp(-(t - d['t0']) / d['taus'])
        return x + d['ib']


class IntFire2(Artificial):
    mech_name = 'IntFire2'


# ------------------------------------------------------------------------------ IntFire4
class IntFire4Type(ArtificialType):
    name = 'IntFire4'
    type_index = 21
    parameters = {'taue': 5.0, 'taui1': 10.0, 'taui2': 20.0, 'taum': 50.0}
    assigned = ('e', 'i1', 'i2', 'm', 'ae', 'ai2', 'ai1', 'nself', 'nexcite', 'ninhibit',
                'enew', 'i1new', 'i2new', 'mnew', 't0', 'ke', 'ki1', 'ki2', 'km',
                'be', 'bi1', 'bi2', 'a', 'b', 'tau_swap', 'flag')
    globals = {'eps_IntFire4': 1e-6, 'taueps_IntFire4': 0.01, 'ib_IntFire4': 0.0}
    functions = {'M': MechFunction(lambda mt, inst: mt.now(inst['pp'], 'mnew'), 0),
                 'E': MechFunction(lambda mt, inst: inst['ae'] * mt.now(inst['pp'], 'enew'), 0),
                 'I': MechFunction(lambda mt, inst: inst['ai2'] * mt.now(inst['pp'], 'i2new'),
                                   0)}

    def now(self, pp, key: str) -> float:
        """A state of the instance at the present t (FUNCTIONs M, E, I)."""
        d = pp._values
        self.newstates(d, self.model.t - d['t0'])
        return d[key]

    @classmethod
    def range_names(cls):
        return ('taue', 'taui1', 'taui2', 'taum', 'e', 'i1', 'i2', 'm', 'ae', 'ai2', 'ai1',
                'nself', 'nexcite', 'ninhibit')

    @staticmethod
    def newstates(d, dd: float) -> None:
        ee = _exp(-d['ke'] * dd)
        ei1 = _exp(-d['ki1'] * dd)
        ei2 = _exp(-d['ki2'] * dd)
        em = _exp(-d['km'] * dd)
        d['enew'] = d['e'] * ee
        d['i1new'] = d['i1'] * ei1
        d['i2new'] = d['i2'] * ei2 + d['bi1'] * d['i1'] * (ei2 - ei1)
        d['mnew'] = d['m'] * em \
            + d['be'] * d['e'] * (em - ee) \
            + (d['bi2'] * d['i2'] + d['a'] * d['i1']) * (em - ei2) \
            - d['b'] * d['i1'] * (em - ei1)

    def update(self, d) -> None:
        d['e'] = d['enew']
        d['i1'] = d['i1new']
        d['i2'] = d['i2new']
        d['m'] = d['mnew']
        d['t0'] = self.model.t

    def fixprecondition(self, d) -> None:
        taueps = self.global_values['taueps_IntFire4']
        if d['taui2'] < 4 * taueps:
            d['taui2'] = 4 * taueps
        if d['taui1'] < 3 * taueps:
            d['taui1'] = 3 * taueps
        if d['taue'] < 2 * taueps:
            d['taue'] = 2 * taueps
        if d['taue'] > d['taui2']:
            d['tau_swap'] = d['taue']
            d['taue'] = d['taui2'] - taueps
            _warn('Warning: Adjusted taue from %g  to %g  to ensure taue < taui2\n'
                  % (d['tau_swap'], d['taue']))
        elif d['taui2'] - d['taue'] < taueps:
            d['taue'] = d['taui2'] - taueps
        if d['taui1'] > d['taui2']:
            d['tau_swap'] = d['taui2']
            d['taui2'] = d['taui1']
            d['taui1'] = d['tau_swap']
            _warn('Warning: Swapped taui1 and taui2\n')
        if d['taui2'] - d['taui1'] < taueps:
            d['taui1'] = d['taui2'] - taueps
        if d['taum'] <= d['taui2']:
            if d['taui2'] - d['taum'] < taueps:
                d['taum'] = d['taui2'] - taueps
            if math.fabs(d['taui1'] - d['taum']) < taueps:
                d['taum'] = d['taui1'] - taueps
            if math.fabs(d['taui1'] - d['taum']) < taueps:
                if d['taui1'] - d['taum'] < 0:
                    d['taum'] = d['taui1'] - taueps
                else:
                    d['taui1'] = d['taum'] - taueps
            if math.fabs(d['taue'] - d['taum']) < taueps:
                if d['taue'] - d['taum'] < 0:
                    d['taum'] = d['taue'] - taueps
                else:
                    d['taue'] = d['taum'] - taueps
            if math.fabs(d['taui1'] - d['taum']) < taueps:
                d['taum'] = d['taui1'] - taueps
        elif d['taum'] - d['taui2'] < taueps:
            d['taum'] = d['taui2'] + taueps

    @staticmethod
    def deriv(d, dd: float) -> float:
        km, ki1, ki2 = d['km'], d['ki1'], d['ki2']
        return (-km * _exp(-dd * km) + ki2 * _exp(-dd * ki2)) / (ki2 - km) \
            - ((-km * _exp(-dd * km) + ki1 * _exp(-dd * ki1))) / (ki1 - km)

    def search(self, d) -> float:
        deriv = self.deriv
        t1 = 1.0
        t2 = 0.0
        d['flag'] = 0.0
        result = 0.0
        if deriv(d, t1) < 0:
            while deriv(d, t1) < 0 and t1 > 1e-9:
                t2 = t1
                t1 = t1 / 10
            if deriv(d, t1) < 0:
                _warn('Error wrong deriv(t1): t1=%g deriv(t1)=%g\n' % (t1, deriv(d, t1)))
                d['flag'] = 1.0
                result = 1e-9
        else:
            t2 = t1
            while deriv(d, t2) > 0 and t2 < 1e9:
                t1 = t2
                t2 = t2 * 10
            if deriv(d, t2) > 0:
                _warn('Error wrong deriv(t2): t2=%g deriv(t2)=%g\n' % (t2, deriv(d, t2)))
                d['flag'] = 1.0
                result = 1e9
        while t2 - t1 > 1e-6 and d['flag'] == 0:
            result = (t1 + t2) / 2
            x = deriv(d, result)
            if x > 0:
                t1 = result
            else:
                t2 = result
        return result

    def factors(self, d) -> None:
        d['ke'] = 1 / d['taue']
        d['ki1'] = 1 / d['taui1']
        d['ki2'] = 1 / d['taui2']
        d['km'] = 1 / d['taum']
        ke, ki1, ki2, km = d['ke'], d['ki1'], d['ki2'], d['km']
        tp = _log(km / ke) / (km - ke)
        d['be'] = 1 / (_exp(-km * tp) - _exp(-ke * tp))
        d['ae'] = d['be'] * (ke - km)
        tp = _log(ki2 / ki1) / (ki2 - ki1)
        d['bi1'] = 1 / (_exp(-ki2 * tp) - _exp(-ki1 * tp))
        d['ai1'] = d['bi1'] * (ki1 - ki2)
        d['e'] = 0.0
        d['i1'] = 1.0
        d['i2'] = 0.0
        d['m'] = 0.0
        d['bi2'] = 1.0
        d['ai2'] = d['bi2'] * (ki2 - km)
        d['a'] = d['bi2'] * d['bi1']
        d['b'] = d['a'] * (ki2 - km) / (ki1 - km)
        tp = self.search(d)
        self.newstates(d, tp)
        d['bi2'] = 1 / d['mnew']
        d['ai2'] = d['bi2'] * (ki2 - km)
        d['a'] = d['bi2'] * d['bi1']
        d['b'] = d['a'] * (ki2 - km) / (ki1 - km)
        self.newstates(d, tp)
        d['i1'] = 0.0

    @staticmethod
    def firetimebound(d) -> float:
        slope = -d['km'] * d['m'] + d['ae'] * d['e'] + d['ai2'] * d['i2']
        if slope <= 1e-9:
            return 1e9
        return (1 - d['m']) / slope

    def initialize_instance(self, pp) -> None:
        d = pp._values
        self.fixprecondition(d)
        self.factors(d)
        d['e'] = 0.0
        d['i1'] = 0.0
        d['i2'] = 0.0
        d['m'] = 0.0
        d['t0'] = self.model.t
        self.net_send(pp, self.firetimebound(d), 1.0)
        d['nself'] = 0.0
        d['nexcite'] = 0.0
        d['ninhibit'] = 0.0

    def net_receive(self, pp, weight, flag: float) -> None:
        d = pp._values
        t = self.model.t
        self.newstates(d, t - d['t0'])
        self.update(d)
        if d['m'] > 1 - self.global_values['eps_IntFire4']:
            self.net_event(pp, t)
            d['m'] = 0.0
        if flag == 1:
            d['nself'] = d['nself'] + 1
            self.net_send(pp, self.firetimebound(d), 1.0)
        else:
            w = weight[0]
            if w > 0:
                d['nexcite'] = d['nexcite'] + 1
                d['e'] = d['e'] + w
            else:
                d['ninhibit'] = d['ninhibit'] + 1
                d['i1'] = d['i1'] + w
            self.net_move(pp, self.firetimebound(d) + t)


class IntFire4(Artificial):
    mech_name = 'IntFire4'


def _warn(text: str) -> None:
    try:
        from ...base.context import current
        current().write(text)
    except Exception:   # pragma: no cover
        import sys
        sys.stdout.write(text)


POINT_CLASSES.update({'NetStim': NetStim, 'IntFire1': IntFire1, 'IntFire2': IntFire2,
                      'IntFire4': IntFire4})
