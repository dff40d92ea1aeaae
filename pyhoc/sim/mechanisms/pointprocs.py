"""Built-in point processes: IClamp (stim.mod), AlphaSynapse (syn.mod) and
PointProcessMark (ppmark.mod).

Kernels keep nocmodl's shapes: the current is evaluated at v+.001 and v, and scaled by
1e2/area of the node (point processes work in nA, the matrix in mA/cm2).
"""
from __future__ import annotations

import numpy as np

from .base import Block, MechanismType, exp_array, node_index


class IClampType(MechanismType):
    name = 'IClamp'
    type_index = 7
    point = True
    electrode_current = True
    parameters = {'del': 0.0, 'dur': 0.0, 'amp': 0.0}
    assigned = ('i',)

    def initialize(self, blk: Block) -> None:
        blk.arrays['i'][:] = 0.0

    def current(self, blk: Block) -> None:
        model = self.model
        a = blk.arrays
        t = model.t
        ix, unique = node_index(blk)
        if blk.n <= _SCALAR_MAX and unique:     # a few clamps: Python floats are cheaper
            dl, du, am = a['del'].tolist(), a['dur'].tolist(), a['amp'].tolist()
            nodes = blk.cache.get('nodes')
            if nodes is None:
                nodes = blk.cache['nodes'] = blk.node.tolist()
            area, rhs, ia, g = model.area, model.rhs, a['i'], blk.g
            for k in range(blk.n):
                i = am[k] if (t < dl[k] + du[k]) and (t >= dl[k]) else 0.0
                ia[k] = i
                node = nodes[k]
                mfact = 1.e2 / float(area[node])
                g[k] = (i - i) / .001 * mfact
                rhs[node] += i * mfact
            return
        on = (t < a['del'] + a['dur']) & (t >= a['del'])
        i = np.where(on, a['amp'], 0.0)
        a['i'][:] = i
        # I(v) does not depend on v: (I(v+.001) - I(v))/.001 is exactly 0
        self.add_point_current(blk, lambda v: i)


_SCALAR_MAX = 8


class AlphaSynapseType(MechanismType):
    name = 'AlphaSynapse'
    type_index = 8
    point = True
    parameters = {'onset': 0.0, 'tau': .1, 'gmax': 0.0, 'e': 0.0}
    assigned = ('i', 'g')
    hidden = ('g',)   # ASSIGNED, not RANGE: not listed

    def current(self, blk: Block) -> None:
        a = blk.arrays
        x = (self.model.t - a['onset']) / a['tau']
        out = (x < 0) | (x > 10)
        xs = np.where(out, 0.0, x)
        alpha = np.where(out, 0.0, xs * exp_array(1.0 - xs, self.model.exact_exp))
        g = a['gmax'] * alpha
        a['g'][:] = g
        e = a['e']
        i = a['i']

        def i_of_v(v):
            i[:] = g * (v - e)
            return i.copy()

        self.add_point_current(blk, i_of_v)


class PointProcessMarkType(MechanismType):
    """``PointProcessMark`` (ppmark.mod): a located point with no variables and no current,
    which the GUI library uses to mark a location on a Shape."""
    name = 'PointProcessMark'
    type_index = 22
    point = True
    has_current = False

    def jacob(self, blk: Block) -> None:
        pass
