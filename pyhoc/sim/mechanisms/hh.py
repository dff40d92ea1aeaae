"""Hodgkin-Huxley squid channels ``hh`` (nrn src/nrnoc/hh.mod), with its rate TABLE.

The rates are looked up in NEURON's 201-point table over [-100, 100] mV (built with libm exp
and pow, rebuilt when celsius changes) unless ``usetable_hh`` is 0.  All kernels keep nocmodl's
expression shapes.
"""
from __future__ import annotations

import math

import numpy as np

from .base import Block, MechanismType, cnexp, hoc_exp

RATE_NAMES = ('minf', 'mtau', 'hinf', 'htau', 'ninf', 'ntau')


def _vtrap(x: float, y: float) -> float:
    if math.fabs(x / y) < 1e-6:
        return y * (1.0 - x / y / 2.0)
    return x / (hoc_exp(x / y) - 1.0)


def rates_scalar(v: float, celsius: float) -> tuple[float, ...]:
    """hh.mod's PROCEDURE rates: minf, mtau, hinf, htau, ninf, ntau at one voltage."""
    q10 = math.pow(3.0, ((celsius - 6.3) / 10.0))
    alpha = .1 * _vtrap(-(v + 40.0), 10.0)
    beta = 4.0 * hoc_exp(-(v + 65.0) / 18.0)
    s = alpha + beta
    mtau = 1.0 / (q10 * s)
    minf = alpha / s
    alpha = .07 * hoc_exp(-(v + 65.0) / 20.0)
    beta = 1.0 / (hoc_exp(-(v + 35.0) / 10.0) + 1.0)
    s = alpha + beta
    htau = 1.0 / (q10 * s)
    hinf = alpha / s
    alpha = .01 * _vtrap(-(v + 55.0), 10.0)
    beta = .125 * hoc_exp(-(v + 65.0) / 80.0)
    s = alpha + beta
    ntau = 1.0 / (q10 * s)
    ninf = alpha / s
    return minf, mtau, hinf, htau, ninf, ntau


class HH(MechanismType):
    name = 'hh'
    type_index = 17
    parameters = {'gnabar': .12, 'gkbar': .036, 'gl': .0003, 'el': -54.3}
    assigned = ('gna', 'gk', 'il', 'ina', 'ik')
    states = ('m', 'h', 'n')
    ions = ('na', 'k')
    has_state = True
    globals = {'usetable_hh': 1.0, 'minf_hh': 0.0, 'hinf_hh': 0.0, 'ninf_hh': 0.0,
               'mtau_hh': 0.0, 'htau_hh': 0.0, 'ntau_hh': 0.0}
    # ina and ik are ion variables, not hh range variables
    hidden = ('ina', 'ik')

    @classmethod
    def range_names(cls) -> tuple[str, ...]:
        return ('gnabar', 'gkbar', 'gl', 'el', 'gna', 'gk', 'il', 'm', 'h', 'n')

    def __init__(self, model):
        super().__init__(model)
        self._table = None
        self._table_celsius = None

    # ---- rates
    def table(self) -> np.ndarray:
        """The (6, 201) rate table for the current celsius (nocmodl's _check_rates)."""
        celsius = self.model.celsius
        if self._table is None or self._table_celsius != celsius:
            tmin, tmax = -100.0, 100.0
            dx = (tmax - tmin) / 200.
            T = np.empty((6, 201))
            x = tmin
            for i in range(201):
                T[:, i] = rates_scalar(x, celsius)
                x += dx
            self._table, self._table_celsius = T, celsius
            self._mfac, self._tmin = 1. / dx, tmin
        return self._table

    def rates(self, v: np.ndarray) -> np.ndarray:
        """Rows minf, mtau, hinf, htau, ninf, ntau at each v (table or analytic)."""
        if self.global_values['usetable_hh']:
            T = self.table()
            xi = self._mfac * (v - self._tmin)
            i = np.clip(xi, 0.0, 199.0).astype(np.intp)
            theta = xi - i
            T0 = T[:, i]
            out = T0 + theta * (T[:, i + 1] - T0)
            lo = xi <= 0.
            if lo.any():
                out[:, lo] = T[:, :1]
            hi = xi >= 200.
            if hi.any():
                out[:, hi] = T[:, 200:201]
            nan = np.isnan(xi)
            if nan.any():
                out[:, nan] = xi[nan]
        else:
            out = self.rates_analytic(v)
        if v.size:
            for k, name in enumerate(RATE_NAMES):
                self.global_values[name + '_hh'] = float(out[k, -1])
        return out

    def rates_analytic(self, v: np.ndarray) -> np.ndarray:
        c = self.model.celsius
        return np.array([rates_scalar(float(x), c) for x in v.tolist()]).reshape(-1, 6).T

    # ---- kernels
    def initialize(self, blk: Block) -> None:
        R = self.rates(self.model.v[blk.node])
        a = blk.arrays
        a['m'][:] = R[0]
        a['h'][:] = R[2]
        a['n'][:] = R[4]

    def current(self, blk: Block) -> None:
        model = self.model
        a = blk.arrays
        na = model.blocks['na_ion']
        k = model.blocks['k_ion']
        ina_idx, ik_idx = blk.ion_index['na'], blk.ion_index['k']
        ena = na.arrays['ena'][ina_idx]
        ek = k.arrays['ek'][ik_idx]
        m, h, n = a['m'], a['h'], a['n']
        gnabar, gkbar, gl, el = a['gnabar'], a['gkbar'], a['gl'], a['el']

        def i_of_v(v):
            gna = gnabar * m * m * m * h
            ina = gna * (v - ena)
            gk = gkbar * n * n * n * n
            ik = gk * (v - ek)
            il = gl * (v - el)
            a['gna'][:], a['ina'][:], a['gk'][:], a['ik'][:], a['il'][:] = gna, ina, gk, ik, il
            return ina + ik + il

        v = model.v[blk.node]
        g_local = i_of_v(v + .001)
        dina, dik = a['ina'].copy(), a['ik'].copy()
        rhs = i_of_v(v)
        na.arrays['dina_dv_'][ina_idx] += (dina - a['ina']) / .001
        k.arrays['dik_dv_'][ik_idx] += (dik - a['ik']) / .001
        blk.g = (g_local - rhs) / .001
        na.arrays['ina'][ina_idx] += a['ina']
        k.arrays['ik'][ik_idx] += a['ik']
        model.rhs[blk.node] -= rhs

    def derivatives(self, blk: Block) -> list:
        """DERIVATIVE states (nocmodl's ode_spec): m' = (minf - m)/mtau, h', n'."""
        R = self.rates(self.model.v[blk.node])
        a = blk.arrays
        return [(R[0] - a['m']) / R[1], (R[2] - a['h']) / R[3], (R[4] - a['n']) / R[5]]

    def derivatives_jacobian(self, blk: Block) -> tuple[list, list]:
        """The DERIVATIVE states and the diagonal of their Jacobian (nocmodl's ode_spec and
        ode_matsol: d(m')/dm = -1/mtau ...) from one rates evaluation (variable step)."""
        R = self.rates(self.model.v[blk.node])
        a = blk.arrays
        return ([(R[0] - a['m']) / R[1], (R[2] - a['h']) / R[3], (R[4] - a['n']) / R[5]],
                [-1.0 / R[1], -1.0 / R[3], -1.0 / R[5]])

    def advance(self, blk: Block) -> None:
        R = self.rates(self.model.v[blk.node])
        a = blk.arrays
        dt = self.model.dt
        a['m'][:] = cnexp(a['m'], R[0], R[1], dt, self.exp)
        a['h'][:] = cnexp(a['h'], R[2], R[3], dt, self.exp)
        a['n'][:] = cnexp(a['n'], R[4], R[5], dt, self.exp)
