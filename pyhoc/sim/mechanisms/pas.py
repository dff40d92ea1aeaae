"""The passive leak ``pas`` (nrn src/nrnoc/passive.mod): i = g*(v - e)."""
from __future__ import annotations

from .base import Block, MechanismType


class Pas(MechanismType):
    name = 'pas'
    type_index = 4
    parameters = {'g': .001, 'e': -70.0}
    assigned = ('i',)

    def current(self, blk: Block) -> None:
        g, e = blk.arrays['g'], blk.arrays['e']
        i = blk.arrays['i']

        def i_of_v(v):
            i[:] = g * (v - e)
            return i.copy()

        self.add_density_current(blk, i_of_v)
