"""Built-in point processes: IClamp (stim.mod) and AlphaSynapse (syn.mod).

Kernels keep nocmodl's shapes: the current is evaluated at v+.001 and v, and scaled by
1e2/area of the node (point processes work in nA, the matrix in mA/cm2).
"""
from __future__ import annotations

import numpy as np

from .base import Block, MechanismType, exp_array


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
        a = blk.arrays
        t = self.model.t
        on = (t < a['del'] + a['dur']) & (t >= a['del'])
        i = np.where(on, a['amp'], 0.0)
        a['i'][:] = i
        # I(v) does not depend on v: (I(v+.001) - I(v))/.001 is exactly 0
        self.add_point_current(blk, lambda v: i)


class AlphaSynapseType(MechanismType):
    name = 'AlphaSynapse'
    type_index = 8
    point = True
    parameters = {'onset': 0.0, 'tau': .1, 'gmax': 0.0, 'e': 0.0}
    assigned = ('i', 'g')

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
