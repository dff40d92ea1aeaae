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


class FastPas(MechanismType):
    """``fastpas`` (nrn src/nrnoc/passive0.cpp): the leak i = g*(v - e) with its conductance
    put on the diagonal directly (no finite difference) and no current variable."""
    name = 'fastpas'
    type_index = 6
    parameters = {'g': 5e-4, 'e': -65.0}

    def current(self, blk: Block) -> None:
        model = self.model
        a = blk.arrays
        ix, _ = node_index(blk)
        t = work(blk, 'fastpas_t')
        np.subtract(gather_v(model, blk), a['e'], out=t)
        t *= a['g']
        model.rhs[ix] -= t
        blk.g[:] = a['g']
