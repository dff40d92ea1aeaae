"""Hodgkin-Huxley squid channels ``hh`` (nrn src/nrnoc/hh.mod), with its rate TABLE.

The rates are looked up in NEURON's 201-point table over [-100, 100] mV (built with libm exp
and pow, rebuilt when celsius changes) unless ``usetable_hh`` is 0.  All kernels keep nocmodl's
expression shapes.
"""
from __future__ import annotations

import math

import numpy as np

from ..contract import EXP700, Kernels, cnexp1, density_onto, hoc_exp, rows
from ..mechfuncs import MechFunction
from .base import (Block, MechanismType, cnexp_into, gather_v, ion_map, libm_exp,
                   node_index, work)
from .ions import ION_DIDV, ION_E, ION_I

RATE_NAMES = ('minf', 'mtau', 'hinf', 'htau', 'ninf', 'ntau')
# the kernels' row order of the rates: minf, hinf, ninf, mtau, htau, ntau
_PERM = np.array([0, 2, 4, 1, 3, 5])
_UNPERM = np.argsort(_PERM)
RATES_PERM = tuple(RATE_NAMES[k] for k in _PERM)     # hh.mod's declaration order


def hh_vtrap(x: float, y: float) -> float:
    if math.fabs(x / y) < 1e-6:
        return y * (1.0 - x / y / 2.0)
    return x / (hoc_exp(x / y) - 1.0)


def rates_scalar(v: float, celsius: float) -> tuple[float, ...]:
    """hh.mod's PROCEDURE rates: minf, mtau, hinf, htau, ninf, ntau at one voltage."""
    q10 = math.pow(3.0, ((celsius - 6.3) / 10.0))
    alpha = .1 * hh_vtrap(-(v + 40.0), 10.0)
    beta = 4.0 * hoc_exp(-(v + 65.0) / 18.0)
    s = alpha + beta
    mtau = 1.0 / (q10 * s)
    minf = alpha / s
    alpha = .07 * hoc_exp(-(v + 65.0) / 20.0)
    beta = 1.0 / (hoc_exp(-(v + 35.0) / 10.0) + 1.0)
    s = alpha + beta
    htau = 1.0 / (q10 * s)
    hinf = alpha / s
    alpha = .01 * hh_vtrap(-(v + 55.0), 10.0)
    beta = .125 * hoc_exp(-(v + 65.0) / 80.0)
    s = alpha + beta
    ntau = 1.0 / (q10 * s)
    ninf = alpha / s
    return minf, mtau, hinf, htau, ninf, ntau


def _hoc_exp_array(x: np.ndarray) -> np.ndarray:
    """hoc_exp of each x (libm's exp; 0 below -700, exp(700) above 700)."""
    e = libm_exp(np.clip(x, -700.0, 700.0))
    e[x < -700.0] = 0.0
    e[x > 700.0] = EXP700
    return e


def _vtrap_array(x: np.ndarray, y: float) -> np.ndarray:
    r = x / y
    with np.errstate(divide='ignore', invalid='ignore'):
        out = x / (_hoc_exp_array(r) - 1.0)
    small = np.abs(r) < 1e-6
    if small.any():
        out[small] = y * (1.0 - r[small] / 2.0)
    return out


def rates_array(v: np.ndarray, celsius: float) -> np.ndarray:
    """rates_scalar at each v, as rows minf, mtau, hinf, htau, ninf, ntau: the same
    operations element by element (NumPy's + - * / are IEEE's, exp is libm's)."""
    q10 = math.pow(3.0, ((celsius - 6.3) / 10.0))
    out = np.empty((6, v.size))
    alpha = .1 * _vtrap_array(-(v + 40.0), 10.0)
    beta = 4.0 * _hoc_exp_array(-(v + 65.0) / 18.0)
    s = alpha + beta
    out[1] = 1.0 / (q10 * s)
    out[0] = alpha / s
    alpha = .07 * _hoc_exp_array(-(v + 65.0) / 20.0)
    beta = 1.0 / (_hoc_exp_array(-(v + 35.0) / 10.0) + 1.0)
    s = alpha + beta
    out[3] = 1.0 / (q10 * s)
    out[2] = alpha / s
    alpha = .01 * _vtrap_array(-(v + 55.0), 10.0)
    beta = .125 * _hoc_exp_array(-(v + 65.0) / 80.0)
    s = alpha + beta
    out[5] = 1.0 / (q10 * s)
    out[4] = alpha / s
    return out


def hh_table_rates(v, glob, tab):
    """minf, mtau, hinf, htau, ninf, ntau at v from the TABLE (nocmodl's _f_rates/_n_rates
    shape; tab is HH.table(), glob HH.kernel_globals())."""
    xi = glob[HH_G_MFAC] * (v - glob[HH_G_TMIN])
    if xi != xi:
        return xi, xi, xi, xi, xi, xi
    if xi <= 0.:
        return tab[0, 0], tab[1, 0], tab[2, 0], tab[3, 0], tab[4, 0], tab[5, 0]
    if xi >= 200.:
        return tab[0, 200], tab[1, 200], tab[2, 200], tab[3, 200], tab[4, 200], tab[5, 200]
    i = int(xi)
    if i > 199:
        i = 199
    theta = xi - float(i)
    return (tab[0, i] + theta * (tab[0, i + 1] - tab[0, i]),
            tab[1, i] + theta * (tab[1, i + 1] - tab[1, i]),
            tab[2, i] + theta * (tab[2, i + 1] - tab[2, i]),
            tab[3, i] + theta * (tab[3, i + 1] - tab[3, i]),
            tab[4, i] + theta * (tab[4, i + 1] - tab[4, i]),
            tab[5, i] + theta * (tab[5, i + 1] - tab[5, i]))


def hh_keep_rates(data, j, r):
    """rates() results kept in instance j's minf ... ntau range variables."""
    data[HH_MINF, j] = r[0]
    data[HH_MTAU, j] = r[1]
    data[HH_HINF, j] = r[2]
    data[HH_HTAU, j] = r[3]
    data[HH_NINF, j] = r[4]
    data[HH_NTAU, j] = r[5]


def hh_i(v, gnabar, gkbar, gl, el, m, h, n, ena, ek):
    """The BREAKPOINT currents at v: gna, ina, gk, ik, il."""
    gna = gnabar * m * m * m * h
    ina = gna * (v - ena)
    gk = gkbar * n * n * n * n
    ik = gk * (v - ek)
    il = gl * (v - el)
    return gna, ina, gk, ik, il


def hh_init_one(data, j, r):
    hh_keep_rates(data, j, r)
    data[HH_M, j] = r[0]
    data[HH_H, j] = r[2]
    data[HH_N, j] = r[4]


def hh_init(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    """m, h, n at their steady state.  (Each rates-using kernel has a TABLE loop and a
    PROCEDURE loop: one loop with both calls in it runs the table lookup 50% slower.)"""
    if glob[HH_G_USETABLE] != 0.0:
        for j in range(node.shape[0]):
            hh_init_one(data, j, hh_table_rates(v[node[j]], glob, tab))
    else:
        for j in range(node.shape[0]):
            hh_init_one(data, j, rates_scalar(v[node[j]], glob[HH_G_CELSIUS]))
    return 0


def hh_cur(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    """nocmodl's nrn_cur: currents at v+.001 and v, dI/dv and the ion currents."""
    na, k = ions[0], ions[1]
    for j in range(node.shape[0]):
        vv = v[node[j]]
        nai, ki = ix[0, j], ix[1, j]
        en, ekk = na[ION_E, nai], k[ION_E, ki]
        gnabar, gkbar, gl, el = (data[HH_GNABAR, j], data[HH_GKBAR, j], data[HH_GL, j],
                                 data[HH_EL, j])
        m, h, n = data[HH_M, j], data[HH_H, j], data[HH_N, j]
        gna1, ina1, gk1, ik1, il1 = hh_i(vv + .001, gnabar, gkbar, gl, el, m, h, n, en, ekk)
        g_local = ina1 + ik1 + il1
        gna0, ina0, gk0, ik0, il0 = hh_i(vv, gnabar, gkbar, gl, el, m, h, n, en, ekk)
        data[HH_GNA, j] = gna0
        data[HH_INA, j] = ina0
        data[HH_GK, j] = gk0
        data[HH_IK, j] = ik0
        data[HH_IL, j] = il0
        r = ina0 + ik0 + il0
        na[ION_DIDV, nai] += (ina1 - ina0) / .001
        k[ION_DIDV, ki] += (ik1 - ik0) / .001
        na[ION_I, nai] += ina0
        k[ION_I, ki] += ik0
        density_onto(rhs, g, node, j, r, g_local)
    return 0


def hh_state_one(data, j, r, dt):
    hh_keep_rates(data, j, r)
    data[HH_M, j] = cnexp1(data[HH_M, j], r[0], r[1], dt)
    data[HH_H, j] = cnexp1(data[HH_H, j], r[2], r[3], dt)
    data[HH_N, j] = cnexp1(data[HH_N, j], r[4], r[5], dt)


def hh_state(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    """cnexp of m, h, n at the new v."""
    if glob[HH_G_USETABLE] != 0.0:
        for j in range(node.shape[0]):
            hh_state_one(data, j, hh_table_rates(v[node[j]], glob, tab), dt)
    else:
        for j in range(node.shape[0]):
            hh_state_one(data, j, rates_scalar(v[node[j]], glob[HH_G_CELSIUS]), dt)
    return 0


def hh_ode_one(data, j, r, ydot, diag, off, cnt):
    hh_keep_rates(data, j, r)
    ydot[off + j] = (r[0] - data[HH_M, j]) / r[1]
    ydot[off + cnt + j] = (r[2] - data[HH_H, j]) / r[3]
    ydot[off + 2 * cnt + j] = (r[4] - data[HH_N, j]) / r[5]
    diag[off + j] = -1.0 / r[1]
    diag[off + cnt + j] = -1.0 / r[3]
    diag[off + 2 * cnt + j] = -1.0 / r[5]


def hh_ode(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab, ydot, diag, off):
    """m' = (minf - m)/mtau ... and d(m')/dm = -1/mtau ... (ode_spec, ode_matsol)."""
    cnt = node.shape[0]
    if glob[HH_G_USETABLE] != 0.0:
        for j in range(cnt):
            hh_ode_one(data, j, hh_table_rates(v[node[j]], glob, tab), ydot, diag, off, cnt)
    else:
        for j in range(cnt):
            hh_ode_one(data, j, rates_scalar(v[node[j]], glob[HH_G_CELSIUS]), ydot, diag,
                       off, cnt)
    return 0


HH_G_MFAC, HH_G_TMIN, HH_G_USETABLE, HH_G_CELSIUS = range(4)


def _hoc_rates(mt: 'HH', inst, v: float) -> None:
    """PROCEDURE rates(v) called from HOC: the instance's minf ... ntau at v (the table's
    values, as the kernels use them)."""
    R = mt.rates(np.array([v]))
    for k, name in enumerate(RATE_NAMES):
        inst[name] = R[k, 0]


def _hoc_vtrap(mt: 'HH', inst, x: float, y: float) -> float:
    return hh_vtrap(x, y)


class HH(MechanismType):
    name = 'hh'
    type_index = 17
    parameters = {'gnabar': .12, 'gkbar': .036, 'gl': .0003, 'el': -54.3}
    # minf ... ntau are RANGE in NEURON 9's hh.mod: each segment keeps the rates of its last
    # rates() call (at finitialize, at each step's state update, at CVode's evaluations)
    assigned = ('gna', 'gk', 'il') + RATES_PERM + ('ina', 'ik')
    states = ('m', 'h', 'n')
    ions = ('na', 'k')
    has_state = True
    globals = {'usetable_hh': 1.0}
    # ina and ik are ion variables, not hh range variables
    hidden = ('ina', 'ik')
    functions = {'rates': MechFunction(_hoc_rates, 1, procedure=True),
                 'vtrap': MechFunction(_hoc_vtrap, 2, uses_instance=False)}
    tables = ('rates',)
    kernels = Kernels(init=hh_init, cur=hh_cur, state=hh_state, ode=hh_ode)
    scalar_max = 3

    @classmethod
    def range_names(cls) -> tuple[str, ...]:
        return ('gnabar', 'gkbar', 'gl', 'el', 'gna', 'gk', 'il') + RATES_PERM + ('m', 'h', 'n')

    def __init__(self, model):
        super().__init__(model)
        self._table = None
        self._table_celsius = None
        self._glob = np.zeros(4)
        self._glob_key = None

    def kernel_globals(self) -> tuple[np.ndarray, np.ndarray]:
        """glob: mfac, tmin, usetable_hh, celsius; tab: the rate table."""
        T = self.table()
        g = self._glob
        key = (self.global_values['usetable_hh'], self.model.celsius)
        if key != self._glob_key:   # (every kernel call asks: written when they change)
            g[HH_G_MFAC], g[HH_G_TMIN] = self._mfac, self._tmin
            g[HH_G_USETABLE], g[HH_G_CELSIUS] = key
            self._glob_key = key
        return g, T

    # ---- rates
    def table(self) -> np.ndarray:
        """The (6, 201) rate table for the current celsius (nocmodl's _check_rates)."""
        celsius = self.model.celsius
        if self._table is None or self._table_celsius != celsius:
            tmin, tmax = -100.0, 100.0
            dx = (tmax - tmin) / 200.
            # x = tmin, then x += dx at each entry (accumulate sums in order, as the loop)
            T = rates_array(np.add.accumulate(np.array([tmin] + [dx] * 200)), celsius)
            self._table, self._table_celsius = T, celsius
            # the lookup's operands in _PERM order (infs, then taus: contiguous (3, n) rows
            # for the state update): rows 0-5 T[:, i], rows 6-11 T[:, i+1] - T[:, i]
            Tp = T[_PERM]
            self._tdtable = np.concatenate([Tp[:, :-1], Tp[:, 1:] - Tp[:, :-1]])
            self._tperm = Tp
            # the smallest |tau| of the table bounds every looked-up tau (interpolation
            # stays between neighbouring entries): dt below 600 of it needs no exp range check
            self._tau_min = float(np.abs(T[1::2]).min())
            self._mfac, self._tmin = 1. / dx, tmin
        return self._table

    def rates(self, v: np.ndarray) -> np.ndarray:
        """Rows minf, mtau, hinf, htau, ninf, ntau at each v (table or analytic)."""
        v = np.asarray(v, dtype=float)
        return self._rates_into(v, np.empty((6, v.size)), None)[_UNPERM]

    def _rates_into(self, v: np.ndarray, out: np.ndarray, blk: Block | None) -> np.ndarray:
        """rates() into out (6, n) in _PERM order (minf, hinf, ninf, mtau, htau, ntau); blk (if
        given) lends its work arrays."""
        if self.global_values['usetable_hh']:
            self.table()
            T = self._tperm
            TD = self._tdtable
            n = v.size
            if blk is not None:
                xi, theta, i = work(blk, 'hh_xi'), work(blk, 'hh_theta'), blk.cache.get('hh_i')
                if i is None:
                    i = blk.cache['hh_i'] = np.empty(n, dtype=np.intp)
                w12 = work(blk, 'hh_w12', 12)
            else:
                xi, theta, i, w12 = (np.empty(n), np.empty(n), np.empty(n, np.intp),
                                     np.empty((12, n)))
            # xi = mfac*(v - tmin); i = (int) xi clipped; theta = xi - i;
            # T[i] + theta*(T[i+1] - T[i]) (nocmodl's _f_rates)
            np.subtract(v, self._tmin, out=xi)
            xi *= self._mfac
            # (no clip of i to [0, 199]: take's mode='clip' does it, and the rows of
            # xi <= 0, xi >= 200 and NaN are replaced below, so theta there does not matter)
            np.copyto(i, xi, casting='unsafe')
            np.subtract(xi, i, out=theta)
            np.take(TD, i, axis=1, out=w12, mode='clip')
            w6 = w12[6:]
            w6 *= theta
            np.add(w12[:6], w6, out=out)
            if n and not (xi.min() > 0. and xi.max() < 200.):
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
            out[...] = self.rates_analytic(v)[_PERM]
        return out

    def block_rates(self, blk: Block) -> np.ndarray:
        """rates() at each instance's v, stored in its minf ... ntau range variables; the
        (6, n) rows in _PERM order (minf, hinf, ninf, mtau, htau, ntau)."""
        R = blk.cache.get('hh_rate_rows')
        if R is None:
            R = blk.cache['hh_rate_rows'] = _rows(blk, RATES_PERM)
        if R is False:          # not adjacent (a subclass' layout): through a work array
            R = self._rates_into(gather_v(self.model, blk), work(blk, 'hh_rates', 6), blk)
            for k, name in enumerate(RATES_PERM):
                blk.arrays[name][:] = R[k]
            return R
        return self._rates_into(gather_v(self.model, blk), R, blk)

    def rates_analytic(self, v: np.ndarray) -> np.ndarray:
        return rates_array(np.asarray(v, dtype=float).reshape(-1), self.model.celsius)

    # ---- kernels
    def initialize(self, blk: Block) -> None:
        R = self.block_rates(blk)
        a = blk.arrays
        a['m'][:] = R[0]
        a['h'][:] = R[1]
        a['n'][:] = R[2]

    def current(self, blk: Block) -> None:
        """hh_cur vectorised: the currents at v+.001 and at v (one (2, n) evaluation), g by
        finite difference, dI/dv and the currents of the ions, rhs -= I(v)."""
        if self.runs_scalar(blk):
            return super().current(blk)
        model = self.model
        a = blk.arrays
        ix, _ = node_index(blk)
        na, k = model.blocks['na_ion'].arrays, model.blocks['k_ion'].arrays
        nai, ki = ion_map(blk, 'na'), ion_map(blk, 'k')
        ena, ek = na['ena'], k['ek']
        if nai is not None:
            ena = np.take(ena, nai, out=work(blk, 'hh_ena'))
        if ki is not None:
            ek = np.take(ek, ki, out=work(blk, 'hh_ek'))
        V2 = _lent(blk, 'hh_v2')
        # row 0: at v + .001, row 1: at v (hh_i on both rows at once)
        v = V2[1]
        if isinstance(ix, slice):
            np.copyto(v, model.v[ix])
        else:
            np.take(model.v, ix, out=v)
        np.add(v, .001, out=V2[0])
        gna, INA2, gk, IK2, IL2 = hh_i(V2, a['gnabar'], a['gkbar'], a['gl'], a['el'],
                                       a['m'], a['h'], a['n'], ena, ek)
        W2 = INA2 + IK2
        W2 += IL2
        np.copyto(a['gna'], gna)
        np.copyto(a['gk'], gk)
        np.copyto(a['ina'], INA2[1])
        np.copyto(a['ik'], IK2[1])
        np.copyto(a['il'], IL2[1])
        dv = _lent(blk, 'hh_dv')
        np.subtract(INA2[0], INA2[1], out=dv)      # dina/dv += (ina(v+.001) - ina(v))/.001
        dv /= .001
        _ion_add(na['dina_dv_'], nai, dv)
        np.subtract(IK2[0], IK2[1], out=dv)
        dv /= .001
        _ion_add(k['dik_dv_'], ki, dv)
        g = blk.g
        np.subtract(W2[0], W2[1], out=g)
        g /= .001
        _ion_add(na['ina'], nai, a['ina'])
        _ion_add(k['ik'], ki, a['ik'])
        model.rhs[ix] -= W2[1]

    def derivatives_jacobian(self, blk: Block) -> tuple[list, list]:
        """The DERIVATIVE states and the diagonal of their Jacobian (nocmodl's ode_spec and
        ode_matsol: d(m')/dm = -1/mtau ...) from one rates evaluation (variable step)."""
        R = self.block_rates(blk)
        a = blk.arrays
        return ([(R[0] - a['m']) / R[3], (R[1] - a['h']) / R[4], (R[2] - a['n']) / R[5]],
                [-1.0 / R[3], -1.0 / R[4], -1.0 / R[5]])

    def advance(self, blk: Block) -> None:
        """cnexp of m, h, n (one (3, n) update where the state rows are adjacent)."""
        if self.runs_scalar(blk):
            return super().advance(blk)
        model = self.model
        R = self.block_rates(blk)
        a = blk.arrays
        S = blk.cache.get('hh_states')
        if S is None:
            S = blk.cache['hh_states'] = _rows(blk, ('m', 'h', 'n'))
        if S is False:          # not adjacent (a subclass' layout): one state at a time
            for k, name in enumerate(('m', 'h', 'n')):
                cnexp_into(a[name], R[k], R[3 + k], model.dt, model.exact_exp,
                           _lent(blk, 'hh_cx'))
        else:
            safe = (self.global_values['usetable_hh'] != 0 and
                    0. <= model.dt < 600. * self._tau_min)
            cnexp_into(S, R[:3], R[3:], model.dt, model.exact_exp,
                       _lent(blk, 'hh_cx3'), safe)


(HH_GNABAR, HH_GKBAR, HH_GL, HH_EL, HH_GNA, HH_GK, HH_IL, HH_MINF, HH_HINF, HH_NINF,
 HH_MTAU, HH_HTAU, HH_NTAU, HH_INA, HH_IK, HH_M, HH_H, HH_N) = rows(
    HH, 'gnabar', 'gkbar', 'gl', 'el', 'gna', 'gk', 'il', 'minf', 'hinf', 'ninf', 'mtau', 'htau',
    'ntau', 'ina', 'ik', 'm', 'h', 'n')


def _rows(blk: Block, names) -> np.ndarray | bool:
    """The block's variables ``names`` as one (k, n) view of its data, or False."""
    keys = list(blk.arrays)
    try:
        r0 = keys.index(names[0])
    except ValueError:
        return False
    if keys[r0:r0 + len(names)] != list(names) or blk.arrays[names[0]].base is not blk.data:
        return False
    S = blk.data[r0:r0 + len(names)]
    if any(S[k].__array_interface__['data'][0] != blk.arrays[nm].__array_interface__['data'][0]
           for k, nm in enumerate(names)):
        return False
    return S


def _ion_add(arr: np.ndarray, index, x: np.ndarray) -> None:
    if index is None:
        arr += x
    else:
        arr[index] += x


def _lent(blk: Block, name: str) -> np.ndarray:
    """Work array ``name``: rows of the block's table-lookup work array, lent to a kernel
    phase that does not look up rates meanwhile (current's v, v + .001 and dI/dv; advance's
    cnexp buffers): one work array per block instead of four, ~100 bytes an instance."""
    buf = blk.cache.get(name)
    if buf is None:
        w = work(blk, 'hh_w12', 12)
        buf = blk.cache[name] = {'hh_v2': w[0:2], 'hh_dv': w[2], 'hh_cx': w[0:3],
                                 'hh_cx3': w[0:9].reshape(3, 3, blk.n)}[name]
    return buf
