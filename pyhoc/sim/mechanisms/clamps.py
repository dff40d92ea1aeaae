"""Voltage clamps: SEClamp (svclmp.mod), VClamp (vclmp.mod) and OClamp (oclmp.mod).

Both are ELECTRODE_CURRENT point processes: their current i (nA, positive depolarizes) is
added to the rhs scaled by 1e2/area, and the conductance from nocmodl's finite difference
(I(v+.001) - I(v))/.001 is subtracted from the diagonal, which makes the clamp implicit.
The kernels keep the order of operations of the C that nocmodl generates.
"""
from __future__ import annotations

import numpy as np

from ...errors import HocError
from ..contract import FAIL, Kernels, point_onto, rows, simeq
from ..mechfuncs import MechFunction
from .base import MechanismType

NSTEP = 3


def seclamp_init(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    for j in range(node.shape[0]):
        data[SEC_TC2, j] = data[SEC_DUR1, j] + data[SEC_DUR2, j]
        data[SEC_TC3, j] = data[SEC_TC2, j] + data[SEC_DUR3, j]
        data[SEC_ON, j] = 0.0
    return 0


def clamp_icur(data, j, vv, on, vc, rs):
    """PROCEDURE icur of SEClamp and OClamp: (vc - v)/rs while the clamp is on (rows given)."""
    if data[on, j] != 0.0:
        return (data[vc, j] - vv) / data[rs, j]
    return 0.0


def clamp_onto(v, rhs, g, area, node, data, j, on, vc, rs, i):
    """icur() at v+.001 and at v, i kept, and the electrode current put on the node."""
    vv = v[node[j]]
    gl_ = clamp_icur(data, j, vv + .001, on, vc, rs)
    r = clamp_icur(data, j, vv, on, vc, rs)
    data[i, j] = r
    point_onto(rhs, g, area, node, j, r, gl_, True)


def seclamp_cur(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    """vstim(), then icur() at v+.001 and v."""
    for j in range(node.shape[0]):
        if t < data[SEC_DUR1, j]:
            vc = data[SEC_AMP1, j]
        elif t < data[SEC_TC2, j]:
            vc = data[SEC_AMP2, j]
        elif t < data[SEC_TC3, j]:
            vc = data[SEC_AMP3, j]
        else:
            vc = 0.0
        on = t < data[SEC_DUR1, j] or t < data[SEC_TC2, j] or t < data[SEC_TC3, j]
        data[SEC_VC, j] = vc
        data[SEC_ON, j] = 1.0 if on else 0.0
        clamp_onto(v, rhs, g, area, node, data, j, SEC_ON, SEC_VC, SEC_RS, SEC_I)
    return 0


def seclamp_state(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    """SOLVE icur METHOD after_cvode: i at the new v."""
    for j in range(node.shape[0]):
        data[SEC_I, j] = clamp_icur(data, j, v[node[j]], SEC_ON, SEC_VC, SEC_RS)
    return 0


def seclamp_at_times(a):
    """The ends of the three levels."""
    t1 = a['dur1']
    t2 = t1 + a['dur2']
    return t1.tolist() + t2.tolist() + (t2 + a['dur3']).tolist()


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
    kernels = Kernels(init=seclamp_init, cur=seclamp_cur, state=seclamp_state,
                      at_times=seclamp_at_times)

    @classmethod
    def range_names(cls) -> tuple[str, ...]:
        return ('rs', 'dur1', 'amp1', 'dur2', 'amp2', 'dur3', 'amp3', 'i', 'vc')


def vclamp_init(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    for j in range(node.shape[0]):
        vv = v[node[j]]
        data[VCL_E, j] = data[VCL_E0, j]
        data[VCL_VI, j] = data[VCL_VI0, j]
        data[VCL_VO, j] = data[VCL_VO0, j]
        data[VCL_E0, j] = 0.0
        data[VCL_VO, j] = vv
        data[VCL_VO0, j] = vv
        data[VCL_VI, j] = vv
        data[VCL_VI0, j] = vv
        data[VCL_E, j] = 0.0
    return 0


def vclamp_vstim(data, j, t):
    """vstim(): the present level and the end of its steps."""
    tc = 0.0
    for k in range(3):
        data[VCL_STIM, j] = data[VCL_AMP0 + k, j]
        tc = tc + data[VCL_DUR0 + k, j]
        if t < tc:
            tc = tc + 100.0
            break
    data[VCL_TC, j] = tc


def vclamp_icur(data, j, t, vv, dt, c, soln):
    """icur(): the amplifier's three linear equations at vv; (current, solved)."""
    if t > data[VCL_TC, j]:
        data[VCL_E0, j] = 0.0
        data[VCL_VO0, j] = 0.0
        return 0.0, True
    for r in range(3):
        for k in range(4):
            c[r, k] = 0.0
    fac = data[VCL_FAC, j]
    t1 = data[VCL_TAU1, j] / dt
    t2 = data[VCL_TAU2, j] / dt
    # ~ vi = v + fac*vo - fac*v
    c[0, 0] -= 1.0
    c[0, 3] -= vv
    c[0, 1] += fac * 1.0
    c[0, 3] += fac * vv
    # ~ t2*vo - t2*vo0 + vo = -gain*e
    c[1, 1] -= t2 * 1.0
    c[1, 3] -= t2 * data[VCL_VO0, j]
    c[1, 1] -= 1.0
    c[1, 2] -= data[VCL_GAIN, j] * 1.0
    # ~ -stim - e + vi - e + t1*vi - t1*e - t1*(vi0 - e0) = 0
    c[2, 3] -= data[VCL_STIM, j]
    c[2, 2] += 1.0
    c[2, 0] -= 1.0
    c[2, 2] += 1.0
    c[2, 0] -= t1 * 1.0
    c[2, 2] += t1 * 1.0
    c[2, 3] -= t1 * (data[VCL_VI0, j] - data[VCL_E0, j])
    c[2, 3] -= 0.0
    if not simeq(c, soln):
        return 0.0, False
    data[VCL_VI, j], data[VCL_VO, j], data[VCL_E, j] = soln[0], soln[1], soln[2]
    return (soln[1] - vv) / data[VCL_RSTIM, j], True


def vclamp_cur(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    """vstim() and icur() at v+.001, then at v."""
    if node.shape[0] == 0:
        return 0
    c = np.empty((3, 4))
    soln = np.empty(3)
    code = 0
    for j in range(node.shape[0]):
        vv = v[node[j]]
        vclamp_vstim(data, j, t)
        gl_, ok1 = vclamp_icur(data, j, t, vv + .001, dt, c, soln)
        data[VCL_I, j] = gl_
        vclamp_vstim(data, j, t)
        r, ok2 = vclamp_icur(data, j, t, vv, dt, c, soln)
        data[VCL_I, j] = r
        if not (ok1 and ok2):
            code = FAIL
        point_onto(rhs, g, area, node, j, r, gl_, True)
    return code


def vclamp_state(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    """update(): the current at the new v, then the states become the old values."""
    if node.shape[0] == 0:
        return 0
    c = np.empty((3, 4))
    soln = np.empty(3)
    code = 0
    for j in range(node.shape[0]):
        r, ok = vclamp_icur(data, j, t, v[node[j]], dt, c, soln)
        data[VCL_I, j] = r
        data[VCL_E0, j] = data[VCL_E, j]
        data[VCL_VO0, j] = data[VCL_VO, j]
        data[VCL_VI0, j] = data[VCL_VI, j]
        if not ok:
            code = FAIL
    return code


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
    # SOLVE update METHOD after_cvode: no ode kernel, so under CVode update() runs before
    # each step (Cvode::do_nonode) and e, vo, vi are not integrated
    kernels = Kernels(init=vclamp_init, cur=vclamp_cur, state=vclamp_state)

    def initialize(self, blk) -> None:
        """INITIAL, and vclmp.mod's refusal of CVode when a level is on (dur > 0 and amp != 0):
        electrod.hoc's clamp, its durations -1 while it is in IClamp mode, runs under CVode."""
        super().initialize(blk)
        cv = self.model.__dict__.get('_cvode')
        if cv is not None and cv.active and blk.n:
            d = blk.data[:, :blk.n]
            on = (d[VCL_DUR0:VCL_DUR0 + NSTEP] > 0.0) & (d[VCL_AMP0:VCL_AMP0 + NSTEP] != 0.0)
            if on.any():
                raise HocError('VClamp  does not work with CVODE')

    @classmethod
    def range_names(cls) -> tuple[str, ...]:
        return ('gain', 'rstim', 'tau1', 'tau2', 'e0', 'vo0', 'vi0', 'fac', 'i',
                'e', 'vo', 'vi')


(SEC_RS, SEC_DUR1, SEC_AMP1, SEC_DUR2, SEC_AMP2, SEC_DUR3, SEC_AMP3, SEC_I, SEC_VC, SEC_TC2,
 SEC_TC3, SEC_ON) = rows(SEClampType, 'rs', 'dur1', 'amp1', 'dur2', 'amp2', 'dur3', 'amp3', 'i',
                         'vc', 'tc2', 'tc3', 'on')
(VCL_DUR0, VCL_AMP0, VCL_GAIN, VCL_RSTIM, VCL_TAU1, VCL_TAU2, VCL_E0, VCL_VO0, VCL_VI0,
 VCL_FAC, VCL_I, VCL_STIM, VCL_TC, VCL_E, VCL_VO, VCL_VI) = rows(
    VClampType, 'dur[0]', 'amp[0]', 'gain', 'rstim', 'tau1', 'tau2', 'e0', 'vo0', 'vi0', 'fac',
    'i', 'stim', 'tc', 'e', 'vo', 'vi')
assert rows(VClampType, 'dur[1]', 'dur[2]', 'amp[1]', 'amp[2]') == (
    VCL_DUR0 + 1, VCL_DUR0 + 2, VCL_AMP0 + 1, VCL_AMP0 + 2)


def oclamp_init(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    for j in range(node.shape[0]):
        data[OCL_ONFLAG, j] = 0.0
    return 0


def oclamp_cur(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    """vstim(): on for on <= t <= off when switched_on; icur() at v+.001 and v."""
    for j in range(node.shape[0]):
        on = data[OCL_SWITCHED_ON, j] != 0.0 and not (t < data[OCL_ON, j] or
                                                     t > data[OCL_OFF, j])
        data[OCL_ONFLAG, j] = 1.0 if on else 0.0
        clamp_onto(v, rhs, g, area, node, data, j, OCL_ONFLAG, OCL_VC, OCL_RS, OCL_I)
    return 0


def oclamp_state(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    """SOLVE icur METHOD after_cvode: i at the new v."""
    for j in range(node.shape[0]):
        data[OCL_I, j] = clamp_icur(data, j, v[node[j]], OCL_ONFLAG, OCL_VC, OCL_RS)
    return 0


def oclamp_at_times(a):
    """vstim's at_time(on), at_time(off) of the clamps switched on (variable step)."""
    on = a['switched_on'] != 0.0
    return a['on'][on].tolist() + a['off'][on].tolist()


def _oclamp_icur(mt, inst) -> None:
    """PROCEDURE icur called from HOC or Python."""
    inst['i'] = (inst['vc'] - inst['v']) / inst['rs'] if inst['onflag'] else 0.0


def _oclamp_vstim(mt, inst) -> None:
    """PROCEDURE vstim called from HOC or Python."""
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
    kernels = Kernels(init=oclamp_init, cur=oclamp_cur, state=oclamp_state,
                      at_times=oclamp_at_times)

    @classmethod
    def range_names(cls) -> tuple[str, ...]:
        return ('rs', 'on', 'off', 'vc', 'switched_on', 'i')


OCL_RS, OCL_ON, OCL_OFF, OCL_VC, OCL_SWITCHED_ON, OCL_I, OCL_ONFLAG = rows(
    OClampType, 'rs', 'on', 'off', 'vc', 'switched_on', 'i', 'onflag')
