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

from ..errors import HocError

from . import backend, events, extracellular, hines, ldifus, linmech, oldstim
from .mechanisms.base import MechanismType, index_of, node_index

if TYPE_CHECKING:
    from .model import Model


# a model of at most this many nodes below its roots (and capacitance instances) takes the
# axial and capacitance terms element by element (_Layout.tiny)
TINY = 8


def _cj(model: 'Model') -> float:
    return 2.0 / model.dt if model.secondorder else 1.0 / model.dt


class _Layout:
    """What every step of one layout of the model needs, computed once: the mechanisms in
    type order and their kernels, and the index maps of the capacitance and axial terms
    (slices where the indices are evenly spaced, kept as views of v, rhs and d, so that each
    term is one NumPy call: a small model's step is mostly the calls' overhead)."""

    def __init__(self, model: 'Model', key):
        self.key = key
        blocks = model.blocks
        self.active = [(mt, blocks[mt.name]) for mt in model.type_order if mt.name in blocks]
        self.jacobs = [(mt, blk) for mt, blk in self.active if not mt.is_ion]
        self.states = [(mt, blk) for mt, blk in self.active if mt.has_state]
        self.ldifus = ldifus.mechanisms(model, self.active)
        self.ions = [(mt, blk) for mt, blk in self.active if mt.is_ion]
        self.xblk = blocks.get('extracellular')
        v, rhs, d = model.v, model.rhs, model.d
        cap = self.cap = blocks.get('capacitance')
        self.d_cap = self.rhs_cap = None
        if cap is not None:
            self.cap_ix = index_of(cap.node)
            self.cap_cm = cap.arrays['cm']
            self.cap_icap = cap.arrays['i_cap']
            self.cap_w = np.empty(cap.n)
            if isinstance(self.cap_ix, slice):
                self.d_cap, self.rhs_cap = d[self.cap_ix], rhs[self.cap_ix]
        nc = self.nc = model.ncell
        n = len(v)
        p = model.parent[nc:]
        self.pix = index_of(p)
        ps = np.sort(p)             # (not np.unique: it imports numpy.ma, ~20 ms)
        self.p_unique = not (ps[1:] == ps[:-1]).any()
        self.a_ch, self.b_ch = model.a[nc:], model.b[nc:]
        self.w_dv, self.w_t = np.empty(n - nc), np.empty(n - nc)
        # views: the children's rows, and the parents' where they are a slice
        self.v_ch, self.rhs_ch, self.d_ch = v[nc:], rhs[nc:], d[nc:]
        self.v_par = self.rhs_par = self.d_par = None
        if isinstance(self.pix, slice):
            self.v_par = v[self.pix]
            if self.p_unique:
                self.rhs_par, self.d_par = rhs[self.pix], d[self.pix]
        self.hines = None           # the NumPy path's tree solve plan, for geometry_version
        self.hines_geometry = -1
        # a tiny model (a cell of a few compartments): the axial and capacitance terms
        # element by element on memoryviews, where the NumPy calls' overhead is most of it
        self.tiny = None
        if n - nc <= TINY and (cap is None or cap.n <= TINY):
            M = memoryview
            self.tiny = (M(v), M(rhs), M(d), [],
                         [] if cap is None else list(zip(range(cap.n), cap.node.tolist())),
                         None if cap is None else M(self.cap_cm),
                         None if cap is None else M(self.cap_icap))
        self.tiny_geometry = -1     # the geometry_version of tiny's (i, parent, a, b) list
        # conductances onto d: the instances' nodes as a slice of d, one call
        self.jacob_views = []
        for mt, blk in self.jacobs:
            f = op = None
            if type(mt).jacob is MechanismType.jacob:
                ix, unique = node_index(blk)
                if isinstance(ix, slice) and unique:    # (MechanismType.jacob's cases)
                    f = d[ix]
                    op = np.subtract if mt.point and mt.electrode_current else np.add
            self.jacob_views.append((mt, blk, f, op))

    def solve(self, model: 'Model') -> None:
        """The tree solve (hines.solve; the plan is looked up once per geometry)."""
        if backend.current() is not None:
            hines.solve(model.a, model.b, model.d, model.rhs, model.parent, model.ncell)
            return
        gv = model.geometry_version
        if self.hines_geometry != gv:
            self.hines = hines.plan_for(model.a, model.b, model.parent, model.ncell)
            self.hines_geometry = gv
        self.hines.solve(model.a, model.b, model.d, model.rhs, False)


def _layout(model: 'Model') -> _Layout:
    key = (model.layout_version, id(model.blocks), id(model.v), id(model.parent),
           id(model.a), id(model.type_order), id(model.rhs), id(model.d))
    lay = model.__dict__.get('_step_layout')
    if lay is None or lay.key != key:
        lay = model.__dict__['_step_layout'] = _Layout(model, key)
    return lay


def _active(model: 'Model'):
    """(mechanism type, block) pairs present in the model, in type order."""
    return _layout(model).active


def setup_tree_matrix(model: 'Model') -> None:
    """Fill rhs and d (treeset.cpp nrn_rhs, nrn_lhs)."""
    _setup_tree_matrix(model, _layout(model))


def _setup_tree_matrix(model: 'Model', lay: _Layout) -> None:
    rhs, d, v = model.rhs, model.d, model.v
    rhs.fill(0.)
    for mt, blk in lay.active:
        mt.current(blk)
    ost = oldstim.active(model) if '_oldstim' in model.__dict__ else None
    if ost is not None:         # fsyn (pyhoc.sim.oldstim)
        oldstim.synapse_rhs(model, ost)
    fim = model.fast_imem_arrays()
    if fim is not None:
        sav_rhs(model, lay.active, fim[0])
    xblk = lay.xblk
    if xblk is not None:        # pyhoc.sim.extracellular: the membrane current i_m
        extracellular.after_currents(model, xblk)
    if ost is not None:         # fstim, fclamp
        oldstim.electrode_rhs(model, ost)
    tiny = lay.tiny
    if tiny is not None:
        _tiny_matrix(model, lay, tiny, ost, fim, xblk)
        return
    # axial currents, node by node in NEURON's order: rhs[i] -= b[i]*dv, then
    # rhs[parent] += a[i]*dv for the children in increasing index (np.add.at's order)
    pix = lay.pix
    dv, t = lay.w_dv, lay.w_t
    if lay.v_par is not None:
        np.subtract(lay.v_par, lay.v_ch, out=dv)
    else:
        np.take(v, pix, out=dv)
        dv -= lay.v_ch
    np.multiply(lay.b_ch, dv, out=t)
    np.subtract(lay.rhs_ch, t, out=lay.rhs_ch)
    np.multiply(lay.a_ch, dv, out=t)
    if lay.rhs_par is not None:
        np.add(lay.rhs_par, t, out=lay.rhs_par)
    elif lay.p_unique:
        rhs[pix] += t
    else:
        np.add.at(rhs, pix, t)
    _jacobs(d, lay)
    if lay.cap is not None:
        cw = lay.cap_w
        np.multiply(.001 * _cj(model), lay.cap_cm, out=cw)
        if lay.d_cap is not None:
            np.add(lay.d_cap, cw, out=lay.d_cap)
        else:
            d[lay.cap_ix] += cw
    if ost is not None:
        oldstim.synapse_lhs(model, ost)
    if fim is not None:
        sav_d(model, lay.active, fim[1])
    if xblk is not None:        # the membrane conductance d_m
        extracellular.after_capacitance(model, xblk)
    if ost is not None:
        oldstim.clamp_lhs(model, ost)
    np.subtract(lay.d_ch, lay.b_ch, out=lay.d_ch)
    if lay.d_par is not None:
        np.subtract(lay.d_par, lay.a_ch, out=lay.d_par)
    elif lay.p_unique:
        d[pix] -= lay.a_ch
    else:
        np.subtract.at(d, pix, lay.a_ch)


def _jacobs(d: np.ndarray, lay: _Layout) -> None:
    """d = 0, then the mechanisms' conductances (nrn_jacob), in type order."""
    d.fill(0.)
    for mt, blk, f, op in lay.jacob_views:
        if f is None:
            mt.jacob(blk)
        else:
            op(f, blk.g, out=f)


def _tiny_matrix(model: 'Model', lay: _Layout, tiny, ost, fim, xblk) -> None:
    """_setup_tree_matrix's axial and capacitance terms of a tiny model, element by element
    with the same operations in the same order (rhs[i] -= b[i]*dv, rhs[p] += a[i]*dv for i
    increasing; d as the NumPy path: mechanisms, capacitance, d[i] -= b[i], d[p] -= a[i])."""
    V, R, D, axial, capn, cm, _ = tiny
    gv = model.geometry_version
    if lay.tiny_geometry != gv:         # a and b as they are now
        nc = model.ncell
        axial[:] = zip(range(nc, len(model.v)), model.parent[nc:].tolist(),
                       model.a[nc:].tolist(), model.b[nc:].tolist())
        lay.tiny_geometry = gv
    for i, p, a, b in axial:
        dv = V[p] - V[i]
        R[i] -= b * dv
        R[p] += a * dv
    _jacobs(model.d, lay)
    c = .001 * _cj(model)
    for k, i in capn:
        D[i] += c * cm[k]
    if ost is not None:
        oldstim.synapse_lhs(model, ost)
    if fim is not None:
        sav_d(model, lay.active, fim[1])
    if xblk is not None:
        extracellular.after_capacitance(model, xblk)
    if ost is not None:
        oldstim.clamp_lhs(model, ost)
    for i, p, a, b in axial:
        D[i] -= b
        D[p] -= a


def sav_rhs(model: 'Model', active, out: np.ndarray) -> None:
    """fast_imem: the membrane current part of rhs (treeset.cpp): the electrode currents
    added again, minus rhs after every mechanism's current."""
    out.fill(0.)
    area = model.area
    for mt, blk in active:
        if mt.point and mt.electrode_current:
            cur = blk.arrays['i']
            for k, node in enumerate(blk.node.tolist()):
                out[node] += float(cur[k]) * (1.e2 / float(area[node]))
    out -= model.rhs


def sav_d(model: 'Model', active, out: np.ndarray) -> None:
    """fast_imem: the membrane part of d (conductances and capacitance, no electrode)."""
    out.fill(0.)
    for mt, blk in active:
        if mt.point and mt.electrode_current:
            g = blk.g
            for k, node in enumerate(blk.node.tolist()):
                out[node] -= float(g[k])
    np.subtract(model.d, out, out=out)


def calc_fast_imem(model: 'Model', fim, first: bool = False) -> None:
    """i_membrane_ (nA) = (sav_d*dv + sav_rhs)*area*0.01 after a step; at finitialize
    (``first``) (rhs + sav_rhs)*area*0.01, as NEURON computes them."""
    sr, sd, im = fim[0], fim[1], fim[2]
    if first:
        np.add(model.rhs, sr, out=im)
    else:
        np.multiply(sd, model.rhs, out=im)
        im += sr
    im *= model.area
    im *= 0.01


_setup_public = setup_tree_matrix
_hines_solve = hines.solve


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
    if model.__dict__.get('_linmechs'):       # LinearMechanism (pyhoc.sim.linmech)
        cv = model.__dict__.get('_cvode')
        linmech.check_method(model, cv is not None and cv.active)
        linmech.initialize(model)
    events.init_after_initial(model)
    _currents_without_discontinuity(model)
    fim = model.fast_imem_arrays()
    if fim is not None:
        calc_fast_imem(model, fim, first=True)
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
    _currents_without_discontinuity(model)


def _currents_without_discontinuity(model: 'Model') -> None:
    """setup_tree_matrix where a BREAKPOINT's state_discontinuity does nothing (finitialize,
    fcurrent: NEURON's state_discon_allowed_ = 0; pyhoc.nmodl.runtime reads the flag)."""
    model._no_discon = True
    try:
        setup_tree_matrix(model)
    finally:
        model._no_discon = False


def fadvance(model: 'Model', begun: bool = False) -> None:
    """One fixed step of size dt (``begun``: its start, thresholds and deliveries, is done)."""
    model.ensure_built()
    dt = model.dt
    pr = model.playrec
    if not begun:
        events.step_begin(model)
        if pr is not None:
            pr.step_begin()
    t_begin = model.t
    try:
        model.t += .5 * dt
        if pr is not None:
            pr.play_continuous()
        lay = _layout(model)
        if setup_tree_matrix is _setup_public:
            _setup_tree_matrix(model, lay)
        else:                       # (replaced, by a profiler say)
            setup_tree_matrix(model)
        xblk = lay.xblk
        rhs = model.rhs
        lin = linmech.active(model) if model.__dict__.get('_linmechs') else None
        if lin:                     # LinearMechanism equations added (pyhoc.sim.linmech)
            if xblk is not None or model.secondorder:
                raise HocError('LinearMechanism: only with secondorder 0 and without '
                               'extracellular')
            linmech.solve(model, lin, _cj(model), t_begin)
        elif xblk is not None:      # the (vi, vx) system (pyhoc.sim.extracellular)
            extracellular.solve(model, xblk, _cj(model))
        elif hines.solve is _hines_solve:
            lay.solve(model)
        else:
            hines.solve(model.a, model.b, model.d, rhs, model.parent, model.ncell, keep_d=False)
        if model.secondorder == 2:
            for mt, blk in lay.ions:
                mt.second_order_current(blk)
        tiny = lay.tiny
        if model.secondorder:
            model.v += 2. * rhs
        elif tiny is not None and not lin and xblk is None:
            V, R = tiny[0], tiny[1]
            for i in range(len(V)):
                V[i] += R[i]
        else:
            model.v += rhs
        if lin:
            linmech.update(model, lin)
        if xblk is not None:
            extracellular.update(model, xblk)
        if tiny is not None:        # i_cap = (.001*cj*cm)*dv, as below
            R, cm, ic = tiny[1], tiny[5], tiny[6]
            c = .001 * _cj(model)
            for k, i in tiny[4]:
                ic[k] = c * cm[k] * R[i]
        elif lay.cap is not None:
            icap = lay.cap_icap
            np.multiply(.001 * _cj(model), lay.cap_cm, out=icap)
            np.multiply(icap, rhs[lay.cap_ix] if lay.rhs_cap is None else lay.rhs_cap, out=icap)
        fim = model.fast_imem_arrays()
        if fim is not None:
            calc_fast_imem(model, fim)
        model.t += .5 * dt
        if pr is not None:
            pr.play_continuous()
        for mt, blk in lay.states:
            mt.advance(blk)
        if lay.ldifus:
            ldifus.stagger(model, lay.ldifus)
    except Exception:       # (hoc_execerror in a mechanism: t at the step's start, as NEURON's)
        model.t = t_begin
        raise
    model._sample_records()
    if pr is not None:
        pr.step_end()
    events.step_end(model)
