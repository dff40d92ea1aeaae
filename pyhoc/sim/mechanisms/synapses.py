"""Event-driven synapses ExpSyn and Exp2Syn (nrn src/nrnoc/expsyn.mod, exp2syn.mod) and the
spike counter APCount (apcount.mod).

Kernels keep nocmodl's shapes: currents at v+.001 and v scaled by 1e2/area, states by cnexp;
NET_RECEIVE blocks act on one instance per event.
"""
from __future__ import annotations

import math

import numpy as np

from ..contract import NOTIFY, Kernels, cnexp1, point_onto, rows
from ..pointprocess import POINT_CLASSES, PointProcess, point_class
from .base import (Block, MechanismType, cnexp_into, gather_v, node_index,
                   point_current_onto, work)


def syn_onto(rhs, g, area, node, j, v, gj, e):
    """i = g*(v - e) of a synapse at v+.001 and at v onto the node; returns i(v)."""
    vv = v[node[j]]
    gl_ = gj * ((vv + .001) - e)
    r = gj * (vv - e)
    point_onto(rhs, g, area, node, j, r, gl_, False)
    return r


def expsyn_init(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    for j in range(node.shape[0]):
        data[EXPSYN_G, j] = 0.0
    return 0


def expsyn_cur(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    for j in range(node.shape[0]):
        data[EXPSYN_I, j] = syn_onto(rhs, g, area, node, j, v, data[EXPSYN_G, j],
                                     data[EXPSYN_E, j])
    return 0


def expsyn_state(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    for j in range(node.shape[0]):
        data[EXPSYN_G, j] = cnexp1(data[EXPSYN_G, j], 0.0, data[EXPSYN_TAU, j], dt)
    return 0


def expsyn_ode(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab, ydot, diag, off):
    """g' = -g/tau, d(g')/dg = -1/tau."""
    for j in range(node.shape[0]):
        ydot[off + j] = -data[EXPSYN_G, j] / data[EXPSYN_TAU, j]
        diag[off + j] = -1.0 / data[EXPSYN_TAU, j]
    return 0


def exp2syn_init(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    """tau1 kept below tau2; factor normalises the peak of B - A to 1."""
    for j in range(node.shape[0]):
        t1, t2 = data[EXP2SYN_TAU1, j], data[EXP2SYN_TAU2, j]
        if t1 / t2 > 0.9999:
            t1 = 0.9999 * t2
        if t1 / t2 < 1e-9:
            t1 = t2 * 1e-9
        data[EXP2SYN_TAU1, j] = t1
        tp = (t1 * t2) / (t2 - t1) * math.log(t2 / t1)
        f = -math.exp(-tp / t1) + math.exp(-tp / t2)
        data[EXP2SYN_FACTOR, j] = 1 / f
        data[EXP2SYN_A, j] = 0.0
        data[EXP2SYN_B, j] = 0.0
    return 0


def exp2syn_cur(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    for j in range(node.shape[0]):
        gj = data[EXP2SYN_B, j] - data[EXP2SYN_A, j]
        data[EXP2SYN_GV, j] = gj
        data[EXP2SYN_I, j] = syn_onto(rhs, g, area, node, j, v, gj, data[EXP2SYN_E, j])
    return 0


def exp2syn_state(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    for j in range(node.shape[0]):
        data[EXP2SYN_A, j] = cnexp1(data[EXP2SYN_A, j], 0.0, data[EXP2SYN_TAU1, j], dt)
        data[EXP2SYN_B, j] = cnexp1(data[EXP2SYN_B, j], 0.0, data[EXP2SYN_TAU2, j], dt)
    return 0


def exp2syn_ode(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab, ydot, diag, off):
    """A' = -A/tau1, B' = -B/tau2 and their diagonal Jacobian."""
    cnt = node.shape[0]
    for j in range(cnt):
        ydot[off + j] = -data[EXP2SYN_A, j] / data[EXP2SYN_TAU1, j]
        ydot[off + cnt + j] = -data[EXP2SYN_B, j] / data[EXP2SYN_TAU2, j]
        diag[off + j] = -1.0 / data[EXP2SYN_TAU1, j]
        diag[off + cnt + j] = -1.0 / data[EXP2SYN_TAU2, j]
    return 0


def apcount_state(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    """SOLVE check METHOD after_cvode: count upward crossings of thresh (NOTIFY: a count
    went up, Python appends the time to a recording Vector)."""
    code = 0
    for j in range(node.shape[0]):
        vv = v[node[j]]
        if vv >= data[APC_THRESH, j] and data[APC_FIRING, j] == 0.0:
            data[APC_FIRING, j] = 1.0
            data[APC_TIME, j] = t
            data[APC_N, j] += 1.0
            code = NOTIFY
        elif data[APC_FIRING, j] != 0.0 and vv < data[APC_THRESH, j] and t > data[APC_TIME, j]:
            data[APC_FIRING, j] = 0.0
    return code


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
    kernels = Kernels(init=expsyn_init, cur=expsyn_cur, state=expsyn_state, ode=expsyn_ode)
    scalar_max = 4

    def initialize(self, blk: Block) -> None:
        blk.arrays['g'][:] = 0.0

    def current(self, blk: Block) -> None:
        """i = g*(v - e) at v+.001 and at v, scaled by 1e2/area (nocmodl's point nrn_cur)."""
        if self.runs_scalar(blk):
            return super().current(blk)
        _linear_point_current(self, blk, blk.arrays['g'])

    def derivatives_jacobian(self, blk: Block) -> tuple[list, list]:
        """g' and d(g')/dg = -1/tau (ode_spec, ode_matsol)."""
        a = blk.arrays
        return [-a['g'] / a['tau']], [-1.0 / a['tau']]

    def advance(self, blk: Block) -> None:
        if self.runs_scalar(blk):
            return super().advance(blk)
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
    kernels = Kernels(init=exp2syn_init, cur=exp2syn_cur, state=exp2syn_state, ode=exp2syn_ode)
    scalar_max = 4

    def current(self, blk: Block) -> None:
        if self.runs_scalar(blk):
            return super().current(blk)
        a = blk.arrays
        g = a['g']
        np.subtract(a['B'], a['A'], out=g)          # g = B - A
        _linear_point_current(self, blk, g)

    def derivatives_jacobian(self, blk: Block) -> tuple[list, list]:
        """A', B' and their diagonal Jacobian -1/tau1, -1/tau2 (ode_spec, ode_matsol)."""
        a = blk.arrays
        return ([-a['A'] / a['tau1'], -a['B'] / a['tau2']],
                [-1.0 / a['tau1'], -1.0 / a['tau2']])

    def advance(self, blk: Block) -> None:
        if self.runs_scalar(blk):
            return super().advance(blk)
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
    kernels = Kernels(state=apcount_state)

    def initialize(self, blk: Block) -> None:
        a = blk.arrays
        a['n'][:] = 0.0
        a['firing'][:] = 0.0
        for ref in blk.objects:
            p = ref()
            vec = p.__dict__.get('_vec') if p is not None else None
            if vec is not None:
                vec.resize(0)
        self.advance(blk)

    def jacob(self, blk: Block) -> None:
        pass

    def notify(self, blk: Block) -> None:
        """A count went up: the Vector given to record() gets the crossing time."""
        a = blk.arrays
        t = self.model.t
        for k, ref in enumerate(blk.objects):
            p = ref()
            vec = p.__dict__.get('_vec') if p is not None else None
            if vec is not None and a['time'][k] == t and a['firing'][k] != 0.0:
                n = int(a['n'][k])      # (crossed in the step that just ended)
                vec.resize(n)
                vec[n - 1] = t


EXPSYN_TAU, EXPSYN_E, EXPSYN_I, EXPSYN_G = rows(ExpSynType, 'tau', 'e', 'i', 'g')
(EXP2SYN_TAU1, EXP2SYN_TAU2, EXP2SYN_E, EXP2SYN_I, EXP2SYN_GV, EXP2SYN_FACTOR, EXP2SYN_A,
 EXP2SYN_B) = rows(Exp2SynType, 'tau1', 'tau2', 'e', 'i', 'g', 'factor', 'A', 'B')
APC_N, APC_THRESH, APC_TIME, APC_FIRING = rows(APCountType, 'n', 'thresh', 'time', 'firing')


ExpSyn = point_class('ExpSyn')
Exp2Syn = point_class('Exp2Syn')


class APCount(PointProcess):
    mech_name = 'APCount'

    def record(self, vec=None) -> float:
        self.__dict__['_vec'] = vec
        return 1.0     # a PROCEDURE called from HOC returns 1


POINT_CLASSES['APCount'] = APCount
