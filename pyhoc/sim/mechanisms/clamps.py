"""Voltage clamps: SEClamp (svclmp.mod), VClamp (vclmp.mod) and OClamp (oclmp.mod).

Both are ELECTRODE_CURRENT point processes: their current i (nA, positive depolarizes) is
added to the rhs scaled by 1e2/area, and the conductance from nocmodl's finite difference
(I(v+.001) - I(v))/.001 is subtracted from the diagonal, which makes the clamp implicit.
The kernels keep the order of operations of the C that nocmodl generates.
"""
from __future__ import annotations

import numpy as np

from ..mechfuncs import MechFunction
from .base import Block, MechanismType

NSTEP = 3


class SEClampType(MechanismType):
    """Single electrode clamp with three levels and series resistance rs (MOhm)."""

    name = 'SEClamp'
    type_index = 11
    point = True
    electrode_current = True
    has_state = True
    parameters = {'rs': 1.0, 'dur1': 0.0, 'amp1': 0.0, 'dur2': 0.0, 'amp2': 0.0,
                  'dur3': 0.0, 'amp3': 0.0}
    assigned = ('i', 'vc', 'tc2', 'tc3', 'on')
    hidden = ('tc2', 'tc3', 'on')   # ASSIGNED, not RANGE: not listed

    @classmethod
    def range_names(cls) -> tuple[str, ...]:
        return ('rs', 'dur1', 'amp1', 'dur2', 'amp2', 'dur3', 'amp3', 'i', 'vc')

    def initialize(self, blk: Block) -> None:
        a = blk.arrays
        a['tc2'][:] = a['dur1'] + a['dur2']
        a['tc3'][:] = a['tc2'] + a['dur3']
        a['on'][:] = 0.0

    @staticmethod
    def _icur(a, v) -> np.ndarray:
        return np.where(a['on'] != 0.0, (a['vc'] - v) / a['rs'], 0.0)

    def current(self, blk: Block) -> None:
        a = blk.arrays
        t = self.model.t

        def i_of_v(v):          # vstim()
            s1 = t < a['dur1']
            s2 = t < a['tc2']
            s3 = t < a['tc3']
            a['vc'][:] = np.where(s1, a['amp1'], np.where(s2, a['amp2'],
                                                          np.where(s3, a['amp3'], 0.0)))
            a['on'][:] = np.where(s1 | s2 | s3, 1.0, 0.0)
            a['i'][:] = self._icur(a, v)
            return a['i'].copy()

        self.add_point_current(blk, i_of_v)

    def advance(self, blk: Block) -> None:
        """SOLVE icur METHOD after_cvode: i at the new v."""
        a = blk.arrays
        a['i'][:] = self._icur(a, self.model.v[blk.node])


def simeq(coef: list[list[float]]) -> list[float]:
    """scopmath simeq: Gaussian elimination with partial pivoting by row index (n x n+1)."""
    n = len(coef)
    perm = list(range(n))
    isave = 0
    for j in range(n):
        ipivot = perm[j]
        for i in range(j + 1, n):
            jrow = perm[i]
            if abs(coef[ipivot][j]) < abs(coef[jrow][j]):
                ipivot = jrow
                isave = i
        if abs(coef[ipivot][j]) < 1e-20:
            raise ArithmeticError('simeq: singular matrix')
        if ipivot != perm[j]:
            perm[isave] = perm[j]
            perm[j] = ipivot
        row = coef[ipivot]
        for kcol in range(j + 1, n + 1):
            row[kcol] /= row[j]
        for i in range(j + 1, n):
            r = coef[perm[i]]
            for kcol in range(j + 1, n + 1):
                r[kcol] -= row[kcol] * r[j]
    soln = [0.0] * n
    for i in range(n - 1, -1, -1):
        r = coef[perm[i]]
        s = r[n]
        for j in range(i + 1, n):
            s -= r[j] * soln[j]
        soln[i] = s
    return soln


class VClampType(MechanismType):
    """Two-electrode clamp: control amplifier of gain ``gain`` and time constants tau1, tau2."""

    name = 'VClamp'
    type_index = 12
    point = True
    electrode_current = True
    has_state = True
    array_params = {'dur': NSTEP, 'amp': NSTEP}
    parameters = {'dur[0]': 0.0, 'dur[1]': 0.0, 'dur[2]': 0.0,
                  'amp[0]': 0.0, 'amp[1]': 0.0, 'amp[2]': 0.0,
                  'gain': 1e5, 'rstim': 1.0, 'tau1': .001, 'tau2': 0.0,
                  'e0': 0.0, 'vo0': 0.0, 'vi0': 0.0, 'fac': 0.0}
    assigned = ('i', 'stim', 'tc')
    hidden = ('stim', 'tc')   # ASSIGNED, not RANGE: not listed
    states = ('e', 'vo', 'vi')

    @classmethod
    def range_names(cls) -> tuple[str, ...]:
        return ('gain', 'rstim', 'tau1', 'tau2', 'e0', 'vo0', 'vi0', 'fac', 'i',
                'e', 'vo', 'vi')

    def initialize(self, blk: Block) -> None:
        a = blk.arrays
        v = self.model.v[blk.node]
        a['e'][:] = a['e0']
        a['vi'][:] = a['vi0']
        a['vo'][:] = a['vo0']
        a['e0'][:] = 0.0
        a['vo'][:] = v
        a['vo0'][:] = v
        a['vi'][:] = v
        a['vi0'][:] = v
        a['e'][:] = 0.0

    def _vstim(self, a, k: int, t: float) -> None:
        tc = 0.0
        for j in range(NSTEP):
            a['stim'][k] = a['amp[%d]' % j][k]
            tc = tc + float(a['dur[%d]' % j][k])
            if t < tc:
                tc = tc + 100.0
                break
        a['tc'][k] = tc

    def _icur(self, a, k: int, t: float, v: float) -> float:
        if t > a['tc'][k]:
            a['e0'][k] = 0.0
            a['vo0'][k] = 0.0
            return 0.0
        dt = self.model.dt
        fac, gain, stim = float(a['fac'][k]), float(a['gain'][k]), float(a['stim'][k])
        vo0, vi0, e0 = float(a['vo0'][k]), float(a['vi0'][k]), float(a['e0'][k])
        c = [[0.0] * 4 for _ in range(3)]
        t1 = float(a['tau1'][k]) / dt
        t2 = float(a['tau2'][k]) / dt
        # ~ vi = v + fac*vo - fac*v
        c[0][0] -= 1.0
        c[0][3] -= v
        c[0][1] += fac * 1.0
        c[0][3] += fac * v
        # ~ t2*vo - t2*vo0 + vo = -gain*e
        c[1][1] -= t2 * 1.0
        c[1][3] -= t2 * vo0
        c[1][1] -= 1.0
        c[1][2] -= gain * 1.0
        # ~ -stim - e + vi - e + t1*vi - t1*e - t1*(vi0 - e0) = 0
        c[2][3] -= stim
        c[2][2] += 1.0
        c[2][0] -= 1.0
        c[2][2] += 1.0
        c[2][0] -= t1 * 1.0
        c[2][2] += t1 * 1.0
        c[2][3] -= t1 * (vi0 - e0)
        c[2][3] -= 0.0
        vi, vo, e = simeq(c)
        a['vi'][k], a['vo'][k], a['e'][k] = vi, vo, e
        return (vo - v) / float(a['rstim'][k])

    def current(self, blk: Block) -> None:
        a = blk.arrays
        t = self.model.t

        def i_of_v(v):
            out = np.empty(blk.n)
            for k, vk in enumerate(v.tolist()):
                self._vstim(a, k, t)
                a['i'][k] = self._icur(a, k, t, vk)
                out[k] = a['i'][k]
            return out

        self.add_point_current(blk, i_of_v)

    def advance(self, blk: Block) -> None:
        """update(): the current at the new v, then the states become the old values."""
        a = blk.arrays
        t = self.model.t
        for k, vk in enumerate(self.model.v[blk.node].tolist()):
            a['i'][k] = self._icur(a, k, t, vk)
            a['e0'][k] = a['e'][k]
            a['vo0'][k] = a['vo'][k]
            a['vi0'][k] = a['vi'][k]


def _oclamp_icur(mt, inst) -> None:
    """PROCEDURE icur: i = (vc - v)/rs while the clamp is on."""
    inst['i'] = (inst['vc'] - inst['v']) / inst['rs'] if inst['onflag'] else 0.0


def _oclamp_vstim(mt, inst) -> None:
    """PROCEDURE vstim: on for on <= t <= off when switched_on, then icur."""
    t = mt.model.t
    inst['onflag'] = 1.0 if inst['switched_on'] and not (t < inst['on'] or t > inst['off']) \
        else 0.0
    _oclamp_icur(mt, inst)


class OClampType(MechanismType):
    """Single electrode clamp for optimization (oclmp.mod): series resistance rs (MOhm) to
    the command vc, on between ``on`` and ``off`` when ``switched_on``."""

    name = 'OClamp'
    type_index = 13
    point = True
    electrode_current = True
    has_state = True
    parameters = {'rs': 1.0, 'on': 0.0, 'off': 0.0, 'vc': 0.0, 'switched_on': 0.0}
    assigned = ('i', 'onflag')
    hidden = ('onflag',)            # not RANGE in oclmp.mod
    functions = {'icur': MechFunction(_oclamp_icur, 0, procedure=True),
                 'vstim': MechFunction(_oclamp_vstim, 0, procedure=True)}

    @classmethod
    def range_names(cls) -> tuple[str, ...]:
        return ('rs', 'on', 'off', 'vc', 'switched_on', 'i')

    def initialize(self, blk: Block) -> None:
        blk.arrays['onflag'][:] = 0.0

    @staticmethod
    def _icur(a, v) -> np.ndarray:
        return np.where(a['onflag'] != 0.0, (a['vc'] - v) / a['rs'], 0.0)

    def current(self, blk: Block) -> None:
        a = blk.arrays
        t = self.model.t

        def i_of_v(v):          # vstim()
            off = (t < a['on']) | (t > a['off'])
            a['onflag'][:] = np.where((a['switched_on'] != 0.0) & ~off, 1.0, 0.0)
            a['i'][:] = self._icur(a, v)
            return a['i'].copy()

        self.add_point_current(blk, i_of_v)

    def advance(self, blk: Block) -> None:
        """SOLVE icur METHOD after_cvode: i at the new v."""
        a = blk.arrays
        a['i'][:] = self._icur(a, self.model.v[blk.node])

    @staticmethod
    def at_times(blk: Block) -> list:
        """vstim's at_time(on), at_time(off) of the clamps switched on (variable step)."""
        a = blk.arrays
        on = a['switched_on'] != 0.0
        return a['on'][on].tolist() + a['off'][on].tolist()
