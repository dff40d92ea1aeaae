"""Built-in point processes: IClamp (stim.mod), AlphaSynapse (syn.mod) and
PointProcessMark (ppmark.mod).

Kernels keep nocmodl's shapes: the current is evaluated at v+.001 and v, and scaled by
1e2/area of the node (point processes work in nA, the matrix in mA/cm2).
"""
from __future__ import annotations

import numpy as np

from ..contract import Kernels, hoc_exp, point_onto, rows
from .base import Block, MechanismType


def iclamp_init(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    for j in range(node.shape[0]):
        data[ICLAMP_I, j] = 0.0
    return 0


def iclamp_cur(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    """i = amp during [del, del + dur), else 0 (ELECTRODE_CURRENT)."""
    for j in range(node.shape[0]):
        dl = data[ICLAMP_DEL, j]
        if t < dl + data[ICLAMP_DUR, j] and t >= dl:
            cur = data[ICLAMP_AMP, j]
        else:
            cur = 0.0
        data[ICLAMP_I, j] = cur
        point_onto(rhs, g, area, node, j, cur, cur, True)
    return 0


def iclamp_at_times(a):
    """The onset and the end of the pulse."""
    d = a['del']
    return d.tolist() + (d + a['dur']).tolist()


class IClampType(MechanismType):
    name = 'IClamp'
    type_index = 7
    point = True
    electrode_current = True
    parameters = {'del': 0.0, 'dur': 0.0, 'amp': 0.0}
    assigned = ('i',)
    kernels = Kernels(init=iclamp_init, cur=iclamp_cur, at_times=iclamp_at_times)
    scalar_max = 8

    def current(self, blk: Block) -> None:
        """iclamp_cur; many clamps vectorised (the same operations)."""
        if self.runs_scalar(blk):
            return super().current(blk)
        model = self.model
        a = blk.arrays
        t = model.t
        on = (t < a['del'] + a['dur']) & (t >= a['del'])
        i = np.where(on, a['amp'], 0.0)
        a['i'][:] = i
        # I(v) does not depend on v: (I(v+.001) - I(v))/.001 is exactly 0
        self.add_point_current(blk, lambda v: i)


def alpha_cur(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    """g = gmax*x*exp(1 - x), x = (t - onset)/tau in [0, 10]; i = g*(v - e)."""
    for j in range(node.shape[0]):
        x = (t - data[ALPHA_ONSET, j]) / data[ALPHA_TAU, j]
        if x < 0 or x > 10:
            al = 0.0
        else:
            al = x * hoc_exp(1.0 - x)
        gj = data[ALPHA_GMAX, j] * al
        data[ALPHA_G, j] = gj
        vv = v[node[j]]
        e = data[ALPHA_E, j]
        gl_ = gj * ((vv + .001) - e)
        r = gj * (vv - e)
        data[ALPHA_I, j] = r
        point_onto(rhs, g, area, node, j, r, gl_, False)
    return 0


class AlphaSynapseType(MechanismType):
    name = 'AlphaSynapse'
    type_index = 8
    point = True
    parameters = {'onset': 0.0, 'tau': .1, 'gmax': 0.0, 'e': 0.0}
    assigned = ('i', 'g')
    hidden = ('g',)   # ASSIGNED, not RANGE: not listed
    kernels = Kernels(cur=alpha_cur)


class PointProcessMarkType(MechanismType):
    """``PointProcessMark`` (ppmark.mod): a located point with no variables and no current,
    which the GUI library uses to mark a location on a Shape."""
    name = 'PointProcessMark'
    type_index = 22
    point = True
    has_current = False
    kernels = Kernels()         # nothing to compute: the compiled loop takes it as it is

    def jacob(self, blk: Block) -> None:
        pass


ICLAMP_DEL, ICLAMP_DUR, ICLAMP_AMP, ICLAMP_I = rows(IClampType, 'del', 'dur', 'amp', 'i')
ALPHA_ONSET, ALPHA_TAU, ALPHA_GMAX, ALPHA_E, ALPHA_I, ALPHA_G = rows(
    AlphaSynapseType, 'onset', 'tau', 'gmax', 'e', 'i', 'g')
