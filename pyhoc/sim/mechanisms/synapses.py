"""Event-driven synapses ExpSyn and Exp2Syn (nrn src/nrnoc/expsyn.mod, exp2syn.mod) and the
spike counter APCount (apcount.mod).

Kernels keep nocmodl's shapes: currents at v+.001 and v scaled by 1e2/area, states by cnexp;
NET_RECEIVE blocks act on one instance per event.
"""
from __future__ import annotations

import math

import numpy as np

from ..pointprocess import POINT_CLASSES, PointProcess
from .base import (Block, MechanismType, cnexp_into, gather_v, node_index,
                   point_current_onto, work)


def _pp_add(pp, var: str, dx: float) -> None:
    model = pp._model
    model.pp_set(pp, var, model.pp_get(pp, var) + dx)


class ExpSynType(MechanismType):
    name = 'ExpSyn'
    type_index = 9
    point = True
    parameters = {'tau': 0.1, 'e': 0.0}
    assigned = ('i',)
    states = ('g',)
    has_state = True
    net_receive_nargs = 1

    def initialize(self, blk: Block) -> None:
        blk.arrays['g'][:] = 0.0

    def current(self, blk: Block) -> None:
        """i = g*(v - e) at v+.001 and at v, scaled by 1e2/area (nocmodl's point nrn_cur)."""
        _linear_point_current(self, blk, blk.arrays['g'])

    def derivatives(self, blk: Block) -> list:
        """DERIVATIVE state (ode_spec): g' = -g/tau."""
        a = blk.arrays
        return [-a['g'] / a['tau']]

    def derivatives_jacobian(self, blk: Block) -> tuple[list, list]:
        """g' and d(g')/dg = -1/tau (ode_spec, ode_matsol)."""
        a = blk.arrays
        return [-a['g'] / a['tau']], [-1.0 / a['tau']]

    def advance(self, blk: Block) -> None:
        a = blk.arrays
        cnexp_into(a['g'], _zeros(blk), a['tau'], self.model.dt, self.model.exact_exp,
                   work(blk, 'cnexp', 3))

    def net_receive(self, pp, weight, flag: float) -> None:
        _pp_add(pp, 'g', weight[0])


class Exp2SynType(MechanismType):
    name = 'Exp2Syn'
    type_index = 10
    point = True
    parameters = {'tau1': 0.1, 'tau2': 10.0, 'e': 0.0}
    assigned = ('i', 'g', 'factor')
    hidden = ('factor',)   # ASSIGNED, not RANGE: not listed
    states = ('A', 'B')
    has_state = True
    net_receive_nargs = 1

    def initialize(self, blk: Block) -> None:
        a = blk.arrays
        tau1, tau2, factor = a['tau1'], a['tau2'], a['factor']
        for k in range(blk.n):
            t1, t2 = float(tau1[k]), float(tau2[k])
            if t1 / t2 > 0.9999:
                t1 = 0.9999 * t2
            if t1 / t2 < 1e-9:
                t1 = t2 * 1e-9
            tau1[k] = t1
            tp = (t1 * t2) / (t2 - t1) * math.log(t2 / t1)
            f = -math.exp(-tp / t1) + math.exp(-tp / t2)
            factor[k] = 1 / f
        a['A'][:] = 0.0
        a['B'][:] = 0.0

    def current(self, blk: Block) -> None:
        a = blk.arrays
        g = a['g']
        np.subtract(a['B'], a['A'], out=g)          # g = B - A
        _linear_point_current(self, blk, g)

    def derivatives(self, blk: Block) -> list:
        """DERIVATIVE states (ode_spec): A' = -A/tau1, B' = -B/tau2."""
        a = blk.arrays
        return [-a['A'] / a['tau1'], -a['B'] / a['tau2']]

    def derivatives_jacobian(self, blk: Block) -> tuple[list, list]:
        """A', B' and their diagonal Jacobian -1/tau1, -1/tau2 (ode_spec, ode_matsol)."""
        a = blk.arrays
        return ([-a['A'] / a['tau1'], -a['B'] / a['tau2']],
                [-1.0 / a['tau1'], -1.0 / a['tau2']])

    def advance(self, blk: Block) -> None:
        a = blk.arrays
        m = self.model
        buf = work(blk, 'cnexp', 3)
        cnexp_into(a['A'], _zeros(blk), a['tau1'], m.dt, m.exact_exp, buf)
        cnexp_into(a['B'], _zeros(blk), a['tau2'], m.dt, m.exact_exp, buf)

    def net_receive(self, pp, weight, flag: float) -> None:
        model = pp._model
        f = model.pp_get(pp, 'factor')
        w = weight[0]
        _pp_add(pp, 'A', w * f)
        _pp_add(pp, 'B', w * f)


def _zeros(blk: Block) -> np.ndarray:
    z = blk.cache.get('zeros')
    if z is None:
        z = blk.cache['zeros'] = np.zeros(blk.n)
    return z


def _linear_point_current(mt: MechanismType, blk: Block, g: np.ndarray) -> None:
    """i = g*(v - e) of a synapse at v+.001 and at v (nocmodl's nrn_cur for a point
    process): blk.g = (i(v+.001) - i(v))/.001 * 1e2/area, rhs -= i(v) * 1e2/area."""
    model = mt.model
    a = blk.arrays
    e, i = a['e'], a['i']
    ix, unique = node_index(blk)
    v = gather_v(model, blk)
    t = work(blk, 'syn_t')
    np.add(v, .001, out=t)
    t -= e
    np.multiply(g, t, out=t)        # i(v + .001)
    np.subtract(v, e, out=i)
    np.multiply(g, i, out=i)        # i(v)
    point_current_onto(model, blk, ix, unique, t, i, t, False)


class APCountType(MechanismType):
    """Counts threshold crossings of v at its node (SOLVE check METHOD after_cvode)."""

    name = 'APCount'
    type_index = 14
    point = True
    parameters = {'n': 0.0, 'thresh': -20.0, 'time': 0.0}
    assigned = ('firing',)
    has_state = True
    has_current = False

    def initialize(self, blk: Block) -> None:
        a = blk.arrays
        a['n'][:] = 0.0
        a['firing'][:] = 0.0
        for ref in blk.objects:
            p = ref()
            vec = p.__dict__.get('_vec') if p is not None else None
            if vec is not None:
                vec.resize(0)
        self._check(blk)

    def current(self, blk: Block) -> None:
        pass

    def jacob(self, blk: Block) -> None:
        pass

    def advance(self, blk: Block) -> None:
        self._check(blk)

    def _check(self, blk: Block) -> None:
        a = blk.arrays
        v = self.model.v[blk.node]
        t = self.model.t
        thresh, firing = a['thresh'], a['firing']
        up = (v >= thresh) & (firing == 0.0)
        if up.any():
            for k in np.nonzero(up)[0].tolist():
                firing[k] = 1.0
                a['time'][k] = t
                a['n'][k] += 1.0
                p = blk.objects[k]()
                vec = p.__dict__.get('_vec') if p is not None else None
                if vec is not None:
                    n = int(a['n'][k])
                    vec.resize(n)
                    vec[n - 1] = t
        down = (firing != 0.0) & (v < thresh) & (t > a['time'])
        firing[down] = 0.0


class ExpSyn(PointProcess):
    mech_name = 'ExpSyn'


class Exp2Syn(PointProcess):
    mech_name = 'Exp2Syn'


class APCount(PointProcess):
    mech_name = 'APCount'

    def record(self, vec=None) -> float:
        self.__dict__['_vec'] = vec
        return 1.0     # a PROCEDURE called from HOC returns 1


POINT_CLASSES.update({'ExpSyn': ExpSyn, 'Exp2Syn': Exp2Syn, 'APCount': APCount})
