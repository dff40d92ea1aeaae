"""The variable time step method (NEURON's ``CVode``, global step): implicit BDF with error
control on the full state, events located in time.

The state vector y holds the voltage of every node that has capacitance (segment centres), then
the STATE variables of each mechanism block in type order (``mt.states`` order, instances in
node order).  Nodes without capacitance (section ends, roots) are algebraic, as in NEURON's
CVode (occvode.cpp nocap_v): their voltage balances the axial currents from their neighbours
and the point process currents there (an IClamp at axon(0)).

f(t, y) uses the mechanisms' kernels (pyhoc.sim.contract): ``mt.current`` fills rhs (then the
axial terms), dv/dt = rhs / (1e-3 cm), and ``mt.derivatives_jacobian`` (nocmodl's ode_spec and
ode_matsol, the ode kernel) gives the state derivatives and their Jacobian diagonal.  With the
numba backend and kernels for every mechanism, the same computation runs compiled: the
generated driver's mech_currents and mech_odes (the fixed step's driver module) with
pyhoc.sim.cvode_kernels around them.

The integrator is pyhoc.sim.cvode_bdf: CVODE's variable-order BDF in Nordsieck form, step for
step (error test, step size and order selection, Newton iteration, initial step), with NEURON's
linear solver: (I - gamma J) x = b solved in O(N), J being the tree matrix (axial terms and the
membrane conductances dI/dv of the last f evaluation) for the voltages and the diagonal
d(state')/d(state) for the mechanism states (solvex_thread, ode_matsol).  Tolerances: atol per
state (atolscale), rtol 0 by default.

The run follows NetCvode: one ``fadvance`` is NEURON's solve(-1) (microsteps until t advances
or the integrator is initialized); a microstep (global_microstep) delivers the events due at t
(a delivery that changes a state initializes the integrator again), or checks thresholds at t
(condition_order 1: a crossing is sent with the present time) and then re-initializes,
interpolates to the next event or to the step's end, or takes one step (condition_order 2
evaluates thresholds after the initialization or the step and queues a crossing at its
interpolated time: pyhoc.sim.cvode_cond).  A step never passes the next at_time discontinuity
(IClamp onset and offset, SEClamp level changes): it stops at td - eps and the integrator
restarts at td + eps.
After each step ``dt`` holds the last step size.

Before each step the mechanisms whose SOLVE ... METHOD after_cvode procedure has no STATE
(APCount's threshold check, SEClamp's current) run at the present t (Cvode::do_nonode), and the
continuous records (Vector.record without Dt or times, cvode.record) take their point
(Cvode::record_continuous); they also take one before a delivery that re-initializes the
integrator, at the end of solve(tout), and at a stop event (cvode.event(t)): never past the
last step's start otherwise, as in NEURON.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from ..errors import HocError
from . import backend, contract, events, fixed_step, hines, ldifus, oldstim
# (daspk and lvardt, IDA and the local step, are imported where used)
from .cvode_cond import Conditions, Crossing
from .mechanisms.ions import ION_CI, ION_CO

if TYPE_CHECKING:
    from .model import Model


def _eps(x: float) -> float:
    """NetCvode::eps: 100 unit roundoffs relative to x."""
    return _EPS * abs(x)


_EPS = 100.0 * np.finfo(float).eps


def _capacitive_current(m: 'Model', L: '_Layout', rhs: np.ndarray) -> np.ndarray:
    """The capacitive current of the nodes with capacitance (rhs there, after the axial
    terms), stored in i_cap and, with fast_imem, in i_membrane_; returned."""
    irhs = rhs[L.capnode]
    cap = m.blocks.get('capacitance')
    if cap is not None:
        cap.arrays['i_cap'][:] = irhs
    fim = m.fast_imem_arrays()
    if fim is not None:
        _calc_fast_imem(m, L, fim, irhs)
    return irhs


def _calc_fast_imem(m: 'Model', L: '_Layout', fim, icap: np.ndarray) -> None:
    """i_membrane_ (nA) at an f evaluation (occvode.cpp): the membrane current part of rhs
    plus the capacitive current, times area*0.01."""
    sr, im = fim[0], fim[2]
    np.copyto(im, sr)
    im[L.capnode] += icap
    im *= m.area
    im *= 0.01


def _reaches_states(ev) -> bool:
    """Whether delivering ev may change the integrated states (NEURON calls set_init_flag
    for a NetCon or self event whose target has an integrator: not an ARTIFICIAL_CELL)."""
    if isinstance(ev, Crossing):       # a threshold event: its PreSyn sends, and a NetCon
        return any(d._delay <= 0.0 and _reaches_states(d)   # of delay 0 delivers at once
                   for d in ev.ps.live_dil())
    if isinstance(ev, events.SelfEvent):
        tgt = ev.target
    else:
        tgt = getattr(ev, '_target', ev)
        if tgt is ev:               # a PreSyn's min-delay event: its NetCons' targets
            return True
    mt = getattr(tgt, '_mtype', None)
    return tgt is not None and not (mt is not None and mt.artificial)


class _Layout:
    """Where each component of y lives in the Model's arrays, and the fixed parts of the
    tree matrix."""

    def __init__(self, model: 'Model', dae: bool = False):
        model.ensure_built()
        self.dae = dae
        self.key = (model.layout_version, model.structure_version)
        n = len(model.v)
        nc = model.ncell
        self.n = n
        cap = model.blocks.get('capacitance')
        capnode = np.asarray(cap.node, dtype=np.intp) if cap is not None else \
            np.zeros(0, dtype=np.intp)
        self.capnode = capnode
        self.nv = len(capnode)
        self.cm = cap.arrays['cm'] if cap is not None else np.zeros(0)
        hascap = np.zeros(n, dtype=bool)
        hascap[capnode] = True
        self.hascap = hascap
        nocap = np.flatnonzero(~hascap)
        self.nocap = nocap
        parent = model.parent
        # nocap_v (occvode.cpp): the algebraic voltage of a node without capacitance
        i = nocap[nocap >= nc]
        self.nc_self = i                          # no-cap nodes with a parent
        self.nc_self_pos = np.searchsorted(nocap, i)
        ch = np.arange(nc, n)
        ch = ch[~hascap[parent[nc:]]]             # children of no-cap nodes
        self.nc_child = ch
        self.nc_child_pos = np.searchsorted(nocap, parent[ch])
        # point processes with a current at no-cap nodes: their conductance enters nocap_v
        self.nc_points = []
        for mt in model.type_order:
            blk = model.blocks.get(mt.name)
            if blk is None or not mt.point or blk.n == 0 or mt.is_ion:
                continue
            k = np.flatnonzero(~hascap[blk.node])
            if len(k):
                sign = -1.0 if mt.electrode_current else 1.0
                self.nc_points.append((blk, k, np.searchsorted(nocap, blk.node[k]), sign))
        self.cm3 = 1e-3 * self.cm
        # mechanism states
        self.slots = []          # (mt, blk, names, offset)
        off = self.nv
        scales = []
        for mt in model.type_order:
            blk = model.blocks.get(mt.name)
            if blk is None or not mt.states or blk.n == 0 or not mt.has_ode:
                continue        # (STATEs no DERIVATIVE or KINETIC integrates: do_nonode's)
            self.slots.append((mt, blk, mt.states, off))
            tols = mt.state_tolerances     # (a .mod's STATE <abstol>)
            for s in mt.states:
                scales.append((mt.hoc_name(s.split('[', 1)[0]), off, blk.n, tols.get(s)))
                off += blk.n
        self.size = off
        self.state_names = scales
        # KINETIC states: solved with the scheme's matrix (ode_matsol), not its diagonal
        self.matsols = [(mt, blk, off) for mt, blk, names, off in self.slots
                        if mt.matsol is not None]
        self.ldifus = ldifus.mechanisms(model, [(mt, blk) for mt, blk, _, _ in self.slots])
        # STATEs that are ion concentrations (a .mod's cai): y is the ion's value, as NEURON's
        # _ode_map points there: (offset, count, the ion's row, each instance's ion index)
        self.synonyms = [(mt, blk) for mt, blk, _, _ in self.slots if mt.ode_synonym]
        self.ion_states = []
        for mt, blk, names, off in self.slots:
            for k, s in enumerate(names):
                for ion in mt.ions:
                    if s in (ion + 'i', ion + 'o'):
                        row = model.blocks[ion + '_ion'].data[ION_CI if s == ion + 'i'
                                                              else ION_CO]
                        self.ion_states.append((off + k * blk.n, blk.n, row,
                                                np.asarray(blk.ion_index[ion], dtype=np.intp)))
        self.offs = {mt.name: off for mt, blk, names, off in self.slots}
        self.norm_order = _neuron_order(model, capnode, self.slots, self.size)
        self.active = [(mt, model.blocks[mt.name]) for mt in model.type_order
                       if mt.name in model.blocks]
        self.jacobs = [(mt, blk) for mt, blk in self.active if not mt.is_ion]
        # a SOLVE with no ode kernel (METHOD after_cvode: APCount's check, SEClamp's icur,
        # VClamp's update): the procedure runs before each step (Cvode::do_nonode)
        self.nonode = [(mt, blk) for mt, blk in self.active
                       if mt.has_state and (not mt.states or not mt.has_ode) and blk.n]

    def atol(self, atol: float, scale: dict) -> np.ndarray:
        out = np.full(self.size, float(atol))
        sv = scale.get('v')
        if sv is not None and 0 < sv < 1:          # occvode.cpp: vtol = min(1, tolerance)
            out[:self.nv] *= sv
        for name, off, n, tol in self.state_names:
            s = scale.get(name, tol)
            if s is not None:
                out[off:off + n] *= s
        return out


def _gather_states(m: 'Model', L: _Layout, y: np.ndarray) -> None:
    """The mechanism states into y at the layout's offsets (an ion concentration STATE from
    the ion); y is CVode's y, or IDA's from where its states start less nv."""
    for mt, blk, names, off in L.slots:
        n = blk.n
        for k, s in enumerate(names):
            y[off + k * n:off + (k + 1) * n] = blk.arrays[s]
    for off, n, row, ix in L.ion_states:
        y[off:off + n] = row[ix]


def _scatter_states(m: 'Model', L: _Layout, y: np.ndarray) -> None:
    """Cvode::scatter_y's states: y's states into the blocks and ions, then the synonyms."""
    for mt, blk, names, off in L.slots:
        n = blk.n
        for k, s in enumerate(names):
            blk.arrays[s][:] = y[off + k * n:off + (k + 1) * n]
    for off, n, row, ix in L.ion_states:
        row[ix] = y[off:off + n]
    _synonyms(m, L)


def _derivatives(m: 'Model', L: _Layout, ydot: np.ndarray) -> list:
    """The states' part of f (do_ode): each DERIVATIVE kernel, then the longitudinal
    diffusion; returns each slot's d(state')/d(state) for ``_solve_states``."""
    diag = []
    for mt, blk, names, off in L.slots:
        ds, dd = mt.derivatives_jacobian(blk)
        n = blk.n
        for k in range(len(names)):
            ydot[off + k * n:off + (k + 1) * n] = ds[k]
        diag.append(dd)
    if L.ldifus:
        ldifus.ode(m, L.ldifus, ydot, L.offs)
    return diag


def _solve_states(m: 'Model', L: _Layout, b: np.ndarray, gamma: float, diag: list) -> None:
    """The states' part of (I - gamma J) x = b in place (Cvode::solvemem): each state over
    1 - gamma d(state')/d(state), the KINETIC schemes' matrices, the longitudinal diffusion."""
    for (mt, blk, names, off), dd in zip(L.slots, diag):
        n = blk.n
        if mt.matsol is not None:
            continue
        for k in range(len(names)):
            b[off + k * n:off + (k + 1) * n] /= 1.0 - gamma * dd[k]
    _matsols(m, L, b, gamma)
    if L.ldifus:
        ldifus.matsol(m, L.ldifus, b, L.offs, gamma)


def _synonyms(m: 'Model', L: _Layout) -> None:
    """Cvode::scatter_y's ode_synonym: written ion concentrations from the states just
    placed (a .mod's cai = ca[0]), before anything reads them."""
    for mt, blk in L.synonyms:
        mt.ode_synonym(m.t, m.dt, m.v, m.rhs, m.area, *contract.kernel_args(mt, blk))


def _matsols(m: 'Model', L: _Layout, b: np.ndarray, gamma: float) -> None:
    """The KINETIC states of b solved with each scheme's matrix at dt = gamma (nocmodl's
    _ode_matsol: (1/gamma - J) x = b/gamma, J at the last f's v and states)."""
    for mt, blk, off in L.matsols:
        if mt.matsol(m.t, gamma, m.v, m.rhs, m.area, *contract.kernel_args(mt, blk), b, off):
            raise HocError('CVode: %s: singular KINETIC matrix' % mt.name)


def _neuron_order(model: 'Model', capnode: np.ndarray, slots, size: int):
    """NEURON's order of y (Cvode::init_eqn), as indices into ours, or None where the two
    agree.  NEURON 9 numbers the nodes cell by cell (each cell's nodes in our order, which is
    breadth first over all cells at once), y holds the voltages in that order, then per
    mechanism type each instance's states together.  The norms sum in it
    (pyhoc.sim.cvode_bdf._wrms), so that they round as NEURON's."""
    nc = model.ncell
    cell = np.array(model.parent, dtype=np.intp)
    cell[:nc] = np.arange(nc)
    while True:                     # each node's root (parents precede their children)
        up = cell[cell]
        if (up == cell).all():
            break
        cell = up
    order = [np.argsort(cell[capnode], kind='stable')]
    for mt, blk, names, off in slots:
        inst = np.argsort(cell[blk.node], kind='stable')
        rows = np.asarray(mt.cvode_order or range(len(names)), dtype=np.intp)
        order.append((off + blk.n * rows + inst[:, None]).ravel())
    order = np.concatenate(order).astype(np.intp)
    return None if (order == np.arange(size)).all() else order


_CHUNK_ANY = 1 << 30
_STEPS_PER_MS = 10      # steps per ms of a run, to guess its work (CvodeState.expect_run)
FAST = True        # False: always the NumPy f and solve (tests compare the two paths)


class _Fast:
    """f and the Newton solve through compiled kernels (see CvodeState._fast_plan): the
    generated driver's mech_currents and mech_odes (pyhoc.sim.contract) and
    pyhoc.sim.cvode_kernels around them."""

    def __init__(self, cv: 'CvodeState', plan, k):
        m = cv.model
        L = cv.layout
        self.cv, self.plan, self.k = cv, plan, k
        self.m = m
        self.L = L
        self.parent = np.ascontiguousarray(m.parent, dtype=np.intp)
        self.capnode = np.ascontiguousarray(L.capnode, dtype=np.intp)
        self.nocap = np.ascontiguousarray(L.nocap, dtype=np.intp)
        pos = np.full(len(m.v), -1, dtype=np.intp)
        pos[L.nocap] = np.arange(len(L.nocap))
        self.pos_of = pos
        self.span = np.array([0, m.ncell, m.ncell, len(m.v)], dtype=np.intp)   # every node
        self.dmem = np.zeros(len(m.v))
        offs = {mt.name: off for mt, blk, names, off in L.slots}
        self.offs = np.array([offs.get(mt.name, 0) for mt, _ in plan.mechs], dtype=np.intp)
        self.diag = np.zeros(L.size)           # d(state')/d(state) where y holds states
        self.diag_states = self.diag[L.nv:]
        self.entries = None         # the compiled entries (past numba's argument typing)

    def fun(self, t, y, ydot):
        m, L, plan = self.m, self.L, self.plan
        v, rhs, d = m.v, m.rhs, self.dmem
        v[L.capnode] = y[:L.nv]
        _scatter_states(m, L, y)
        m.t = t
        pr = m.playrec
        if pr is not None:
            pr.play_continuous()
        rhs[:] = 0.
        d[:] = 0.
        sr, sd = plan.fim[0], plan.fim[1]
        if len(sr):
            sr.fill(0.)
            sd.fill(0.)
        M = plan.mech_args()
        drv = plan.driver
        entries = self.entries
        dt = float(m.dt)
        if entries is None:
            from .fused import _entry_point
            drv.mech_currents(float(t), dt, v, rhs, d, sr, sd, m.area, M)
            entries = self.entries = [_entry_point(drv.mech_currents), None]
        else:
            entries[0](float(t), dt, v, rhs, d, sr, sd, m.area, M)
        if len(sr):
            sr -= rhs
        k = self.k
        if len(self.nocap):
            k.nocap_v(v, rhs, d, self.nocap, self.pos_of, self.parent, m.a, m.b, self.span)
        k.axial(v, rhs, m.a, m.b, self.parent, self.span)
        irhs = _capacitive_current(m, L, rhs)
        diag = self.diag
        if ydot is None:        # an interpolated state: the blocks still set their assigned
            ydot, diag = np.empty(L.size), np.empty(L.size)     # variables (do_ode)
        ydot[:L.nv] = irhs / L.cm3
        args = (float(t), float(m.dt), v, rhs, m.area, M, ydot, diag, self.offs)
        if entries[1] is None:
            from .fused import _entry_point
            drv.mech_odes(*args)
            entries[1] = _entry_point(drv.mech_odes)
        else:
            entries[1](*args)

    def lsolve(self, b, gamma):
        m, L, k = self.m, self.L, self.k
        d = m.d
        d[:] = self.dmem
        k.tree_solve(m.a, m.b, d, m.rhs, self.parent, self.span, self.capnode, L.cm, gamma, b)
        if L.matsols:
            keep = [b[off:off + blk.n * len(mt.states)].copy() for mt, blk, off in L.matsols]
        k.state_solve(b, L.nv, self.diag_states, gamma)
        if L.matsols:
            for (mt, blk, off), x in zip(L.matsols, keep):
                b[off:off + len(x)] = x
            _matsols(m, L, b, gamma)


def integrator_error(m: 'Model', e, cv) -> HocError:
    """The HOC error of a failed step (``e``, a pyhoc.sim.cvode_bdf.BDFError), reported as
    NEURON 9.0.2 reports it: CVODES' words on stderr, Cvode::advance_tn's line and
    cvode_fadvance's ``err=FLAG`` on stdout, then 'variable step integrator error'."""
    if e.code is None:
        return HocError(str(e))
    import sys
    from ..base.context import current
    sys.stderr.write(e.text)
    secs = m.sections
    name = secs[0].hname() if secs else ''
    current(m).write('CVode %#x %s advance_tn failed, err=%d.\nerr=%d\n'
                     % (id(cv), name, e.code, e.code))
    return HocError('variable step integrator error')


class CvodeState:
    """The variable step integrator of one Model (``model._cvode``): NEURON's Cvode object
    (global step) driving pyhoc.sim.cvode_bdf's CVODE-style BDF."""

    def __init__(self, model: 'Model'):
        self.model = model
        self._active = False
        self.atol = 1e-3
        self.rtol = 0.0
        self.atolscale: dict[str, float] = {}
        self.maxstep = 0.0
        self.minstep = 0.0
        self.maxorder = 5
        self.print_event = 0        # (CVode.debug_event's level: kept, nothing printed)
        self.condition_order = 1
        self.use_local_dt = False
        self.use_daspk = False
        self.dae = None             # IDA's problem (pyhoc.sim.daspk) when IDA integrates
        self.layout: _Layout | None = None
        self.bdf = None
        self.need_init = True
        self.tcur = 0.0             # NEURON's Cvode::t_
        self.tn = 0.0               # end of the last step
        self.t0 = 0.0               # its start
        self.tstop = 0.0
        self.can_retreat = False
        self.prior2init = 0         # records taken since the init flag was set
        self.stats: dict[str, int] = {}
        self.stat_init()
        self._diag: list = []
        self.conditions = Conditions()      # threshold crossings (pyhoc.sim.cvode_cond)
        self._tsettings = None
        self._fast = None
        self._fast_key = None
        self._run = None            # the compiled microsteps (pyhoc.sim.cvode_fast.Run)
        self.f_ydot = None          # HOC's f's y' (our order) until the integrator's next f

    @property
    def active(self) -> bool:
        return self._active

    @active.setter
    def active(self, on: bool) -> None:
        """On or off; the mechanisms that read CVode's mode are told (set_vcv)."""
        self._active = on
        self._set_vcv(1.0 if on else 0.0)

    def _set_vcv(self, mode: float) -> None:
        for mt in self.model.type_order:
            mt.set_vcv(mode)

    def stat_init(self) -> None:
        """Cvode::stat_init: the counts cvode.statistics() prints restart at each
        finitialize and re_init."""
        self.stats = dict(steps=0, interp=0, init=0, init_disc=0, nfev=0, nsolve=0)
        if '_lvardt' in self.__dict__:
            self.__dict__['_lvardt'].counts[:] = 0
        if self.bdf is not None:
            self.bdf.nsetups = 0

    # ---------------------------------------------------------------- state vector
    def _ensure_layout(self) -> _Layout:
        m = self.model
        m.ensure_built()
        L = self.layout
        from . import daspk
        dae = daspk.wanted(self)
        if L is None or L.key != (m.layout_version, m.structure_version) or L.dae != dae:
            L = self.layout = _Layout(m, dae)
            self.dae = None
            self.bdf = None
            self.need_init = True
            self._fast = None
            self._fast_key = None
        return L

    # ---------------------------------------------------------------- compiled path
    def _fast_plan(self):
        """The compiled f and solve (pyhoc.sim.cvode_kernels over the fixed step's compiled
        mechanism kernels) when numba is loaded and the model uses only mechanisms those
        kernels know; None for the NumPy path.  Checked once per layout against the NumPy
        f at the present state.  numba is loaded, as for the fixed step, once the NumPy
        path's work is worth it (advance_tn: backend.spend), not for a short run."""
        m = self.model
        L = self.layout
        if not FAST or L.dae:           # (IDA evaluates its residual with NumPy)
            return None
        try:
            from . import fused
            if backend.current() is None:
                return None
            key = fused._key(m)
            if self._fast_key == key:
                return self._fast
            self._fast_key = key
            self._fast = None
            plan = fused._plan(m)
            if plan is None or plan.rng or not plan.ok_now():     # (rng: fixed step only)
                return None
            from . import cvode_kernels
            fast = _Fast(self, plan, cvode_kernels)
            # the same f both ways at the present state
            y = self.gather()
            tsav = m.t
            a = np.empty(L.size)
            b = np.empty(L.size)
            vsav = m.v.copy()
            with np.errstate(all='ignore'):     # (as fun: a state INITIAL has not set)
                self._fun_numpy(m.t, y, a)
            m.v[:] = vsav
            fast.fun(m.t, y, b)
            m.v[:] = vsav
            m.t = tsav
            if not np.allclose(a, b, rtol=1e-9, atol=1e-9):
                return None
            self._fast = fast
            return fast
        except Exception:
            return None

    def gather(self, y: np.ndarray | None = None) -> np.ndarray:
        if self.dae is not None:
            return self.dae.gather(y)
        L = self.layout
        if y is None:
            y = np.empty(L.size)
        y[:L.nv] = self.model.v[L.capnode]
        _gather_states(self.model, L, y)
        return y

    def scatter(self, y: np.ndarray) -> None:
        if self.dae is not None:
            self.dae.scatter(y)
            return
        L = self.layout
        self.model.v[L.capnode] = y[:L.nv]
        _scatter_states(self.model, L, y)

    def fun(self, t: float, y: np.ndarray, ydot: np.ndarray | None = None,
            vcv: bool = True, h: float | None = None) -> None:
        """ydot = f(t, y); ``vcv`` False: as HOC's CVode.f calls it (NEURON's fun_thread
        outside CVODE's f, without ``_nt->_vcv``: no ode block run in the currents).  dt is
        the integrator's step size ``h`` (default: the global one's), 1e-8 while it is 0
        (Cvode::fun_thread: at an initialization and its first step's estimate)."""
        if self.dae is not None:            # IDA: the residual at y and the last y'
            self.dae.res(t, y, self.bdf.yp, np.empty(len(y)))
            return
        if h is None:
            h = self.bdf.h if self.bdf is not None else 0.0
        self.model.dt = h if h != 0.0 else 1e-8
        self.f_ydot = None
        self.stats['nfev'] += 1
        fast = self._fast
        if not vcv:
            self._set_vcv(0.0)
        try:
            if fast is not None:
                fast.fun(t, y, ydot)
            else:
                with np.errstate(all='ignore'):     # (as NEURON's C: a NaN shows in it)
                    self._fun_numpy(t, y, ydot)
        finally:
            if not vcv:
                self._set_vcv(1.0 if self._active else 0.0)

    def _fun_numpy(self, t: float, y: np.ndarray, ydot: np.ndarray | None = None) -> None:
        """ydot = f(t, y) (Cvode::fun_thread): the fixed step's current kernels, the voltage
        of nodes without capacitance from their neighbours and the currents there (nocap_v),
        the axial currents, then the DERIVATIVE kernels of the mechanism states."""
        m = self.model
        L = self.layout
        self.scatter(y)
        m.t = t
        pr = m.playrec
        if pr is not None:
            pr.play_continuous()
        rhs, v = m.rhs, m.v
        rhs[:] = 0.
        for mt, blk in L.active:
            mt.current(blk)
        ost = oldstim.active(m)
        if ost is not None:         # fsyn (pyhoc.sim.oldstim)
            oldstim.synapse_rhs(m, ost)
        fim = m.fast_imem_arrays()
        if fim is not None:
            fixed_step.sav_rhs(m, L.active, fim[0])
        if ost is not None:         # fstim, fclamp
            oldstim.electrode_rhs(m, ost)
        if len(L.nocap):
            self._nocap_v()
        nc = m.ncell
        p = m.parent[nc:]
        dv = v[p] - v[nc:]
        rhs[nc:] -= m.b[nc:] * dv
        np.add.at(rhs, p, m.a[nc:] * dv)
        irhs = _capacitive_current(m, L, rhs)
        if ydot is None:        # (an interpolated state: the states' blocks still set their
            for mt, blk, names, off in L.slots:     # assigned variables, as do_ode does)
                mt.derivatives_jacobian(blk)
            return
        ydot[:L.nv] = irhs / L.cm3
        self._diag = _derivatives(m, L, ydot)

    def _nocap_v(self) -> None:
        """v at the nodes without capacitance consistent with their neighbours and with the
        point process currents there (occvode.cpp nocap_v)."""
        m = self.model
        L = self.layout
        v = m.v
        nocap = L.nocap
        r = m.rhs[nocap].copy()
        d = np.zeros(len(nocap))
        for blk, k, pos, sign in L.nc_points:
            np.add.at(d, pos, sign * blk.g[k])
        r += d * v[nocap]
        i = L.nc_self
        if len(i):
            bi = m.b[i]
            np.add.at(r, L.nc_self_pos, -bi * v[m.parent[i]])
            np.add.at(d, L.nc_self_pos, -bi)
        j = L.nc_child
        if len(j):
            aj = m.a[j]
            np.add.at(r, L.nc_child_pos, -aj * v[j])
            np.add.at(d, L.nc_child_pos, -aj)
        v[nocap] = r / d

    def lsolve(self, b: np.ndarray, gamma: float) -> None:
        """Solve (I - gamma J) x = b in place (Cvode::solvex_thread): the tree matrix with
        the conductances of the last f evaluation and cm/gamma, the Hines solve, then each
        mechanism state divided by 1 - gamma d(state')/d(state) (ode_matsol)."""
        m = self.model
        L = self.layout
        self.stats['nsolve'] += 1
        fast = self._fast
        if fast is not None:
            fast.lsolve(b, gamma)
            return
        d = m.d
        d[:] = 0.
        for mt, blk in L.jacobs:
            mt.jacob(blk)
        ost = oldstim.active(m)
        if ost is not None:
            oldstim.synapse_lhs(m, ost)
            oldstim.clamp_lhs(m, ost)
        # Cvode::lhs's order and rounding: the membrane, .001 cj cm (nrn_cap_jacob), the axial
        # terms node by node (each a parent's children in increasing index: subtract.at)
        cfac = (0.001 * (1.0 / gamma)) * L.cm
        d[L.capnode] += cfac
        nc = m.ncell
        d[nc:] -= m.b[nc:]
        np.subtract.at(d, m.parent[nc:], m.a[nc:])
        rhs = m.rhs
        rhs[:] = 0.
        nv = L.nv
        rhs[L.capnode] = b[:nv] * cfac
        hines.solve(m.a, m.b, d, rhs, m.parent, m.ncell)
        b[:nv] = rhs[L.capnode]
        _solve_states(m, L, b, gamma, self._diag)

    # ---------------------------------------------------------------- integrator
    def _discontinuities(self) -> list[float]:
        """at_time() times of every mechanism (its at_times kernel: IClamp onset and
        offset, SEClamp level changes, OClamp's on and off) and the old-style stimuli's."""
        out = []
        for mt, blk in self.layout.active:
            out.extend(mt.at_times(blk))
        return out + oldstim.discontinuities(self.model)

    def init(self, t0: float | None = None) -> None:
        """Cvode::init: restart the integrator at t0 (default: the present t) from the
        Model's present state (CVodeReInit), and find the next at_time discontinuity."""
        m = self.model
        L = self._ensure_layout()
        if t0 is None:
            t0 = m.t
        self.stats['init'] += 1
        self.tcur = self.tn = self.t0 = t0
        nxt = t0 + 1e5
        for td in self._discontinuities():
            if t0 < td < nxt:
                nxt = td
        self.tstop = nxt - _eps(nxt)
        self.need_init = False
        self.prior2init = 0
        self.can_retreat = False
        if L.dae:
            from . import daspk
            dyn = self._at_time_begin(t0)
            try:
                daspk.init(self, t0)
            finally:
                self._at_time_end(dyn, nxt)
            return
        y0 = self.gather()
        if L.size == 0:
            self.bdf = None
            m.t = t0
            return
        settings = (self.atol, self.rtol, self.maxorder, self.maxstep, self.minstep,
                    tuple(sorted(self.atolscale.items())))
        bdf = self.bdf
        if bdf is None or self._tsettings != settings:
            from .cvode_bdf import Nordsieck
            bdf = self.bdf = Nordsieck(self.fun, self.lsolve, L.size,
                                       L.atol(self.atol, self.atolscale), self.rtol,
                                       self.maxorder, self.maxstep, self.minstep,
                                       L.norm_order)
            self._tsettings = settings
        self._fast_plan()
        bdf.reinit(t0, y0)
        # (cvode_init's f: dt 1e-8, the step size being 0; consistent assigned variables)
        dyn = self._at_time_begin(t0)
        try:
            self.fun(t0, y0, bdf.ftemp)
        finally:
            self._at_time_end(dyn, nxt)
        m.t = t0

    def _at_time_begin(self, t0: float) -> list:
        """The mechanisms whose at_time() runs in their currents meet their times in the
        initialization's f that follows (Cvode::at_time while initialize_)."""
        return [(mt, blk) for mt, blk in self.layout.active if mt.at_time_begin(blk, t0)]

    def _at_time_end(self, dyn: list, nxt: float) -> None:
        """The initialization's f is done: the integration stops before the next time."""
        if not dyn:
            return
        for mt, blk in dyn:
            td = mt.at_time_end(blk)
            if len(td):
                nxt = min(nxt, float(td.min()))
        self.tstop = nxt - _eps(nxt)

    def advance_tn(self) -> None:
        """One step (Cvode::advance_tn), or the re-initialization past an at_time stop."""
        m = self.model
        if self.bdf is None:
            self.tcur = self.tn = self.t0 = m.t = self.tcur + 1e9 \
                if self._next_event() == math.inf else self._next_event()
            return
        if self.tcur >= self.tstop - _eps(self.tcur):
            self.stats['init_disc'] += 1
            self.init(self.tstop + 1.5 * _eps(self.tstop))
            return
        from .cvode_bdf import BDFError
        m.t = self.tcur
        for mt, blk in self.layout.nonode:
            mt.advance(blk)
        bdf = self.bdf
        fast = self._fast
        if fast is None and self._fast_key is None and backend.current() is not None:
            fast = self._fast_plan()        # numba loaded since the init: from this step on
        nfev = self.stats['nfev']
        try:
            with np.errstate(all='ignore'):     # (NaN: the step fails as CVODES' does)
                t, _ = bdf.step(self.tstop)
        except BDFError as e:
            m.t = self.tcur                     # (NEURON's t: the failed step's start)
            raise integrator_error(m, e, self) from None
        self.stats['steps'] += 1
        self.fun(t, bdf.y, None)            # assigned variables at the new point
        if fast is None:                    # the NumPy path's work: each f about a fixed step's
            backend.spend((self.stats['nfev'] - nfev) * backend.step_work(m))
        m.t = self.tcur = t
        self.tn = bdf.tn
        self.t0 = bdf.tn - bdf.h
        m.dt = bdf.hu
        self.can_retreat = True

    def interpolate(self, tout: float) -> None:
        """Cvode::interpolate: the state at tout within the last step."""
        m = self.model
        if self.bdf is None:
            self.tcur = m.t = tout
            return
        if not self.can_retreat:
            m.t = tout                       # t moves, the state stays (initialization)
            return
        if abs(tout - self.tcur) <= _eps(self.tcur):
            self.tcur = tout
            return
        tout = min(max(tout, self.t0), self.tn)
        self.stats['interp'] += 1
        bdf = self.bdf
        y = bdf.dky(tout, bdf.y)
        self.fun(tout, y, None)
        m.t = self.tcur = tout

    # ---------------------------------------------------------------- events
    def _next_event(self) -> float:
        te = math.inf
        net = events.has_state(self.model)
        if net is not None and net.queue.least is not None:
            te = net.queue.least.t
        pr = self.model.playrec
        if pr is not None and pr._queue:
            te = min(te, pr._queue[0][0])
        return te

    def _deliver(self, tt: float) -> None:
        """Deliver every event with time <= tt; re-initialize if anything may have changed
        (NetCon deliveries to a target set NEURON's init flag)."""
        m = self.model
        net = events.has_state(m)
        pr = m.playrec
        y0 = self.gather() if self.layout is not None else None
        hard = stop = False
        if net is not None:
            q = net.queue
            it = q.least
            if it is not None and it.t <= tt:
                for e in [it] + [x[2] for x in q._heap if x[2].in_tree and x[2].seq == x[1]
                                 and x[2].t <= tt]:
                    ev = e.ev
                    if isinstance(ev, events.HocEvent):
                        stop = stop or ev.action is None
                    else:
                        hard = hard or _reaches_states(ev)
        if pr is not None and any(e[0] <= tt and not e[2].is_record for e in pr._queue):
            hard = True
        if hard:
            self.set_init_flag()
        if net is not None:
            m.t = tt
            net.deliver(tt)
        if pr is not None:
            pr.t_hoc = tt
            pr.deliver(tt)
        m.t = tt
        if stop:                # NetCvode::allthread_handle: the run stops here, recorded
            self.record_continuous()
        if net is not None and net.pending_hoc:
            net.run_pending()
        if m.t != tt or (y0 is not None and not np.array_equal(y0, self.gather())):
            self.need_init = True

    def set_init_flag(self) -> None:
        """Cvode::set_init_flag: a delivery is about to change the state; the records take
        the value before it (once until the next init)."""
        self.need_init = True
        self.prior2init += 1
        if self.prior2init == 1:
            self.record_continuous()

    def record_continuous(self) -> None:
        """Cvode::record_continuous: append the present values to the continuous records
        (Vector.record without Dt or times, cvode.record) -- before each step, before a
        discontinuity, and at the end of solve(tout)."""
        m = self.model
        pr = m.playrec
        if pr is not None:
            m.t = self.tcur
            pr.t_hoc = m.t
            pr.record_continuous()

    # ---------------------------------------------------------------- microsteps
    def _handle_step(self, te: float) -> bool:
        """Cvode::handle_step; returns True when it re-initialized.  Thresholds are checked
        here at the present t (condition_order 1), or evaluated after the initialization or
        the step (condition_order 2: pyhoc.sim.cvode_cond)."""
        if self.condition_order == 1:
            self.conditions.check(self)
            if self._next_event() <= self.tcur:
                return False
        if self.need_init:
            self.init(self.tcur)
            if self.condition_order == 2:
                self.conditions.evaluate(self)
            return True
        if te <= self.tn:
            self.interpolate(te)
        elif self.tcur < self.tn:
            self.interpolate(self.tn)
        else:
            self.record_continuous()
            self.advance_tn()
            if self.condition_order == 2:
                self.conditions.evaluate(self)
        return False

    def microstep(self) -> bool:
        """NetCvode::global_microstep; returns True when the integrator was initialized."""
        m = self.model
        inited = False
        tt = self._next_event()
        if tt <= self.tcur:
            self._deliver(tt)
            m.t = self.tcur
        else:
            inited = self._handle_step(tt)
        te = self._next_event()
        if te < self.tcur:
            self.interpolate(te)
        return inited

    def _stop_requested(self) -> bool:
        net = events.has_state(self.model)
        if net is not None and net.stoprun:
            net.stoprun = False
            return True
        return False

    def fadvance(self, tout: float | None = None) -> None:
        """fadvance under CVode (NetCvode::solve(-1)): microsteps until t advances or the
        integrator is initialized."""
        self._ensure_layout()
        from . import lvardt
        if lvardt.applies(self):
            self._local(None)
            return
        if not self._compiled(1, math.inf):
            self._fadvance_python()

    def _fadvance_python(self) -> None:
        tc = self.tcur
        while True:
            inited = self.microstep()
            if self._stop_requested():
                return
            if self.tcur > tc or inited:
                return

    def _compiled(self, nmax: int, ts: float, group: int = 1, phase: int = 0) -> int:
        """Up to nmax plain microsteps in one compiled call (pyhoc.sim.cvode_fast), while
        t < ts (tested when phase, counted modulo group, is 0); how many (0: none could)."""
        run = self._compiled_run()
        if run is None:
            return 0
        self.f_ydot = None
        return run.steps(self._next_event(), ts, nmax, group, phase)

    def fadvances(self, nsteps, ts: float = math.inf, stopped=None, group: int = 1) -> None:
        """fadvance nsteps times, or (nsteps None) in groups of ``group`` while t < ts and
        not stopped() (tested before each group: stdrun's continuerun loop), with stretches of
        plain microsteps in one compiled call where the model allows.  Python code runs only
        between microsteps, so stopped() changes only there."""
        from . import lvardt
        m = self.model
        if nsteps is None:
            self.expect_run(ts - m.t)
        n = phase = 0
        while nsteps is None or n < nsteps:
            if nsteps is None and phase == 0 and not (m.t < ts and not
                                                      (stopped is not None and stopped())):
                return
            self._ensure_layout()
            if lvardt.applies(self):
                self._local(None)
                k = 1
            else:
                k = self._compiled(_CHUNK_ANY if nsteps is None else nsteps - n,
                                   ts if nsteps is None else math.inf, group, phase)
                if not k:
                    self._fadvance_python()
                    k = 1
            m.check_finite()
            n += k
            phase = (phase + k) % group

    def expect_run(self, ms: float) -> None:
        """A run of ``ms`` ms is about to start: numba loaded now where its guessed work on
        the NumPy path is worth the load (backend.kernels_for; as the local step's runs),
        so that a long run takes compiled steps from its start instead of after LOAD_WORK
        spent.  The global step's system takes about _STEPS_PER_MS steps per ms of 3 f
        evaluations each, a fixed step's work each (backend.step_work)."""
        if backend.current() is None and ms > 0.0 and ms != math.inf:
            backend.kernels_for(ms * _STEPS_PER_MS * 3 * backend.step_work(self.model))

    def _compiled_run(self):
        """The compiled microsteps when the next microstep is a plain step and the model
        and settings allow them, else None."""
        fast = self._fast
        if fast is None or self.need_init or self.bdf is None or self.tcur != self.tn:
            return None
        from . import cvode_fast, fused
        if not cvode_fast.ENABLED:
            return None
        m = self.model
        if self.layout.key != (m.layout_version, m.structure_version):
            return None
        if fused._key(m) != self._fast_key:     # (e.g. an event queue created since init)
            fast = self._fast_plan()
            if fast is None:
                return None
        net = m.__dict__.get('_net')
        if net is not None and net.__dict__.get('watch_list'):   # active WATCHes: checked
            return None                                           # by Python's microsteps
        run = self._run
        if run is None or run[0] is not fast or run[1] != self.condition_order:
            r = cvode_fast.Run(self, fast) if cvode_fast.Run.usable(self, fast) else None
            run = self._run = (fast, self.condition_order, r)
        return run[2]

    def solve(self, tout: float | None = None) -> None:
        """NetCvode::solve(tout): microsteps until t and the events reach tout, then the
        state interpolated back to tout."""
        if tout is None:
            self.fadvance()
            return
        self._ensure_layout()
        tout = float(tout)
        from . import lvardt
        if lvardt.applies(self):
            self._local(tout)
            return
        self.expect_run(tout - self.tcur)
        while self.tcur < tout or self._next_event() < tout:
            if not self._compiled(_CHUNK_ANY, tout):
                self.microstep()
            if self._stop_requested():
                return
        if self.tcur > tout:
            self.interpolate(tout)
        self.record_continuous()

    def _local(self, tout: float | None) -> None:
        """The run under local steps (pyhoc.sim.lvardt), restarted where a setting or the
        state changed since the last run."""
        from . import lvardt
        lv = lvardt.state(self)
        if self.need_init:
            lv.init_all(self.tcur)
        lv.solve(tout)

    def after_finitialize(self) -> None:
        self._ensure_layout()
        self.need_init = True
        self.tcur = self.tn = self.t0 = self.model.t
        self.can_retreat = False
        self.conditions.reset()
        if self.active:                 # nrn_finitialize initializes the integrator
            self.re_init()

    def re_init(self) -> None:
        """NetCvode::re_init(t): counts restart, the integrator restarts at t; dt stays."""
        m = self.model
        self._ensure_layout()
        dtsav = m.dt
        self.stat_init()
        from . import lvardt
        if lvardt.applies(self):
            lvardt.state(self).init_all(m.t)
            m.dt = dtsav
            return
        self.init(m.t)
        if self.condition_order == 2:
            self.conditions.evaluate(self)
        m.dt = dtsav


def state(model: 'Model') -> CvodeState:
    cv = model.__dict__.get('_cvode')
    if cv is None:
        cv = CvodeState(model)
        model.__dict__['_cvode'] = cv
    return cv


def active_state(model: 'Model') -> CvodeState | None:
    cv = model.__dict__.get('_cvode')
    return cv if cv is not None and cv.active else None
