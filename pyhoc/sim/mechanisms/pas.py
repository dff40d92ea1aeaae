"""The passive leak ``pas`` (nrn src/nrnoc/passive.mod): i = g*(v - e)."""
from __future__ import annotations

import numpy as np

from ..contract import Kernels, density_onto, rows
from .base import Block, MechanismType, gather_v, node_index, work


def pas_cur(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    """i = g*(v - e) at v+.001 and at v; g by the difference quotient, rhs -= i."""
    for j in range(node.shape[0]):
        vv = v[node[j]]
        gl_ = data[PAS_G, j] * ((vv + .001) - data[PAS_E, j])
        r = data[PAS_G, j] * (vv - data[PAS_E, j])
        data[PAS_I, j] = r
        density_onto(rhs, g, node, j, r, gl_)
    return 0


class Pas(MechanismType):
    name = 'pas'
    type_index = 4
    parameters = {'g': .001, 'e': -70.0}
    assigned = ('i',)
    kernels = Kernels(cur=pas_cur)
    scalar_max = 1

    def current(self, blk: Block) -> None:
        """pas_cur vectorised (the same operations)."""
        if self.runs_scalar(blk):
            return super().current(blk)
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


PAS_G, PAS_E, PAS_I = rows(Pas, 'g', 'e', 'i')


def fastpas_cur(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    """rhs -= g*(v - e), with g itself as dI/dv (passive0.cpp: no difference quotient)."""
    for j in range(node.shape[0]):
        gg = data[FASTPAS_G, j]
        rhs[node[j]] -= gg * (v[node[j]] - data[FASTPAS_E, j])
        g[j] = gg
    return 0


class FastPas(MechanismType):
    """``fastpas`` (nrn src/nrnoc/passive0.cpp): the leak i = g*(v - e) with its conductance
    put on the diagonal directly (no finite difference) and no current variable."""
    name = 'fastpas'
    type_index = 6
    parameters = {'g': 5e-4, 'e': -65.0}
    kernels = Kernels(cur=fastpas_cur)
    scalar_max = 1

    def current(self, blk: Block) -> None:
        """fastpas_cur vectorised (the same operations)."""
        if self.runs_scalar(blk):
            return super().current(blk)
        model = self.model
        a = blk.arrays
        ix, _ = node_index(blk)
        t = work(blk, 'fastpas_t')
        np.subtract(gather_v(model, blk), a['e'], out=t)
        t *= a['g']
        model.rhs[ix] -= t
        blk.g[:] = a['g']


FASTPAS_G, FASTPAS_E = rows(FastPas, 'g', 'e')
