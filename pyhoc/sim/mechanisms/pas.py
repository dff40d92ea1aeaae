"""The passive leak ``pas`` (nrn src/nrnoc/passive.mod): i = g*(v - e)."""
from __future__ import annotations

import numpy as np

from .base import Block, MechanismType, gather_v, node_index, work


class Pas(MechanismType):
    name = 'pas'
    type_index = 4
    parameters = {'g': .001, 'e': -70.0}
    assigned = ('i',)

    def current(self, blk: Block) -> None:
        """i = g*(v - e) at v+.001 and at v, g by finite difference, rhs -= i."""
        model = self.model
        a = blk.arrays
        g, e, i = a['g'], a['e'], a['i']
        ix, _ = node_index(blk)
        v = gather_v(model, blk)
        t = work(blk, 'pas_t')
        np.add(v, .001, out=t)
        t -= e
        t *= g                  # i(v + .001)
        np.subtract(v, e, out=i)
        i *= g                  # i(v)
        gg = blk.g
        np.subtract(t, i, out=gg)
        gg /= .001
        model.rhs[ix] -= i
