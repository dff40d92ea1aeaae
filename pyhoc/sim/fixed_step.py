"""NEURON's fixed-step method: finitialize, fadvance and fcurrent over a built Model.

One step follows nrn ``src/nrnoc/fadvance.cpp`` ``nrn_fixed_step_thread`` and
``nrn_fixed_step_lastpart``:

1. t += dt/2;
2. setup_tree_matrix: rhs = -(membrane currents) (mechanisms in type order, then the axial
   terms), d = conductances (mechanisms, then cm*cj/1000, then the axial terms);
3. the Hines solve;
4. secondorder == 2: ion currents += dI/dv * dv;
5. v += dv (2*dv when secondorder > 0, whose cj is 2/dt: Crank-Nicolson);
6. t += dt/2;
7. mechanism states (cnexp) at the new v;
8. record.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import events, extracellular, hines

if TYPE_CHECKING:
    from .model import Model


def _cj(model: 'Model') -> float:
    return 2.0 / model.dt if model.secondorder else 1.0 / model.dt


def _active(model: 'Model'):
    """(mechanism type, block) pairs present in the model, in type order."""
    return [(mt, model.blocks[mt.name]) for mt in model.type_order if mt.name in model.blocks]


def setup_tree_matrix(model: 'Model') -> None:
    """Fill rhs and d (treeset.cpp nrn_rhs, nrn_lhs)."""
    active = _active(model)
    rhs, d, v = model.rhs, model.d, model.v
    rhs[:] = 0.
    for mt, blk in active:
        mt.current(blk)
    xblk = model.blocks.get('extracellular')
    if xblk is not None:        # pyhoc.sim.extracellular: the membrane current i_m
        extracellular.after_currents(model, xblk)
    nc = model.ncell
    p = model.parent[nc:]
    dv = v[p] - v[nc:]
    rhs[nc:] -= model.b[nc:] * dv
    np.add.at(rhs, p, model.a[nc:] * dv)
    d[:] = 0.
    for mt, blk in active:
        if not mt.is_ion:
            mt.jacob(blk)
    cap = model.blocks.get('capacitance')
    if cap is not None:
        cfac = .001 * _cj(model)
        d[cap.node] += cfac * cap.arrays['cm']
    if xblk is not None:        # the membrane conductance d_m
        extracellular.after_capacitance(model, xblk)
    d[nc:] -= model.b[nc:]
    np.subtract.at(d, p, model.a[nc:])


def finitialize(model: 'Model', v: float | None = None) -> None:
    """t = 0, v = v (if given), INITIAL blocks, currents, first record sample.

    The order is nrn_finitialize's: FInitializeHandler 3, clear the event queue, set v,
    FInitializeHandler 0, INITIAL blocks (located mechanisms, then artificial cells), NetCon
    initialization, FInitializeHandler 1, t = 0 events, currents, records, t = 0 events,
    FInitializeHandler 2.
    """
    events.init_begin(model)
    model.ensure_built()
    model.t = 0.
    events.init_clear(model)
    pr = model.playrec          # Vector.record/play (pyhoc.sim.record)
    if pr is not None:
        pr.init_begin()
    if v is not None:
        model.v[:] = float(v)
    cap = model.blocks.get('capacitance')
    if cap is not None:
        cap.arrays['i_cap'][:] = 0.
    events.init_after_v(model)
    for mt, blk in _active(model):
        mt.initialize(blk)
    _initialize_artificial(model)
    events.init_after_initial(model)
    setup_tree_matrix(model)
    for _, _, reset in model._records:
        if reset is not None:
            reset()
    model._sample_records()
    if pr is not None:
        pr.init_end()
    events.init_end_deliver(model)
    events.init_end(model)


def _initialize_artificial(model: 'Model') -> None:
    """INITIAL of the artificial cells: in type order, instances in creation order."""
    arts = [p for p in model.points if p._mtype.artificial]
    if not arts:
        return
    for mt in model.type_order:
        if mt.artificial:
            for p in arts:
                if p._mtype is mt:
                    mt.initialize_instance(p)


def fcurrent(model: 'Model') -> None:
    """Evaluate all currents at the present v and t (no state change)."""
    model.ensure_built()
    setup_tree_matrix(model)


def fadvance(model: 'Model', begun: bool = False) -> None:
    """One fixed step of size dt (``begun``: its start, thresholds and deliveries, is done)."""
    model.ensure_built()
    dt = model.dt
    pr = model.playrec
    if not begun:
        events.step_begin(model)
        if pr is not None:
            pr.step_begin()
    model.t += .5 * dt
    if pr is not None:
        pr.play_continuous()
    setup_tree_matrix(model)
    xblk = model.blocks.get('extracellular')
    if xblk is not None:        # the (vi, vext) system (pyhoc.sim.extracellular)
        extracellular.solve(model, xblk, _cj(model))
    else:
        hines.solve(model.a, model.b, model.d, model.rhs, model.parent, model.ncell)
    active = _active(model)
    if model.secondorder == 2:
        for mt, blk in active:
            if mt.is_ion:
                mt.second_order_current(blk)
    if model.secondorder:
        model.v += 2. * model.rhs
    else:
        model.v += model.rhs
    if xblk is not None:
        extracellular.update(model, xblk)
    cap = model.blocks.get('capacitance')
    if cap is not None:
        cap.arrays['i_cap'][:] = .001 * _cj(model) * cap.arrays['cm'] * model.rhs[cap.node]
    model.t += .5 * dt
    if pr is not None:
        pr.play_continuous()
    for mt, blk in active:
        if mt.has_state:
            mt.advance(blk)
    model._sample_records()
    if pr is not None:
        pr.step_end()
    events.step_end(model)
