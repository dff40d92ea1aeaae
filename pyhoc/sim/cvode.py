"""The variable time step method (NEURON's ``CVode``, global step): implicit BDF with error
control on the full state, events located in time.

The state vector y holds the voltage of every node that has capacitance (segment centres), then
the STATE variables of each mechanism block in type order (``mt.states`` order, instances in
node order).  Nodes without capacitance (section ends, roots) are algebraic: their voltage is
the conductance-weighted mean of their neighbours (a fixed sparse matrix ``W``), as NEURON's
CVode does with its zero-area nodes.

dy/dt uses the same kernels as the fixed step: ``mt.current`` fills rhs (currents, then the
axial terms), dv/dt = rhs / (1e-3 cm); ``mt.derivatives`` (the DERIVATIVE block, nocmodl's
``ode_spec``) gives the state derivatives.

The integrator is SciPy's variable-order (1-5) BDF stepped one step at a time, with the
Jacobian by grouped finite differences over the sparsity of the tree (voltage to neighbour
voltage, everything at one node to everything at that node).

One ``fadvance`` is one NEURON global microstep (netcvode.cpp global_microstep, read for its
behaviour): events due at t are delivered first (a state change re-initializes the integrator
there); then, when t is an interpolated point inside the last step, t moves to the next event
time or the step's end without a new step; otherwise one step is taken, thresholds are checked
(crossing times by root finding on the step's interpolant) and, when the next event lies inside
the step, the state is interpolated to it.  Discontinuities of IClamp and SEClamp (``at_time``)
end a step exactly and re-initialize.  After each step ``dt`` holds the last step size.
"""
from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING

import numpy as np

from ..errors import HocError
from ..hoc.objects import HocObject
from . import events

if TYPE_CHECKING:
    from .model import Model


class _Layout:
    """Where each component of y lives in the Model's arrays."""

    def __init__(self, model: 'Model'):
        import scipy.sparse as sp   # imported only when CVode runs
        model.ensure_built()
        self.key = (model.layout_version, model.structure_version)
        n = len(model.v)
        cap = model.blocks.get('capacitance')
        capnode = np.asarray(cap.node, dtype=np.intp) if cap is not None else \
            np.zeros(0, dtype=np.intp)
        self.capnode = capnode
        self.cm = cap.arrays['cm'] if cap is not None else np.zeros(0)
        hascap = np.zeros(n, dtype=bool)
        hascap[capnode] = True
        self.nocap = np.flatnonzero(~hascap)
        nc = model.ncell
        # axial matrix M (rhs_axial = -M v): M[i,p] = b[i], M[p,i] = a[i], diag -b[i] - sum a
        rows, cols, vals = [], [], []
        i = np.arange(nc, n)
        p = model.parent[nc:]
        rows += [i, p]
        cols += [p, i]
        vals += [model.b[nc:], model.a[nc:]]
        diag = np.zeros(n)
        diag[nc:] -= model.b[nc:]
        np.subtract.at(diag, p, model.a[nc:])
        M = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                          shape=(n, n))
        # voltage of a node without capacitance from its neighbours (row i of M v = 0)
        Mn = M[self.nocap]
        dn = diag[self.nocap]
        with np.errstate(divide='ignore'):
            inv = np.where(dn != 0.0, -1.0 / dn, 0.0)
        self.W = sp.diags(inv) @ Mn          # v[nocap] = W @ v (neighbours all have cap)
        self.W = sp.csr_matrix(self.W)
        # mechanism states
        self.slots = []          # (mt, blk, names, offset)
        off = len(capnode)
        state_node = [capnode]
        scales = []
        for mt in model.type_order:
            blk = model.blocks.get(mt.name)
            if blk is None or not mt.states or blk.n == 0:
                continue
            if getattr(mt, 'derivatives', None) is None:
                raise HocError('CVode: %s has no DERIVATIVE kernel for the variable step '
                               'method' % mt.name)
            self.slots.append((mt, blk, mt.states, off))
            for s in mt.states:
                state_node.append(np.asarray(blk.node, dtype=np.intp))
                scales.append((mt.hoc_name(s), off, blk.n))
                off += blk.n
        self.size = off
        self.state_names = scales
        self.node_of = np.concatenate(state_node) if state_node else np.zeros(0, np.intp)
        # sparsity: same node, and voltage to neighbouring voltages (through no-cap nodes too)
        capidx = np.full(n, -1, dtype=np.intp)
        capidx[capnode] = np.arange(len(capnode))
        self.capidx = capidx
        ok = capidx[self.node_of] >= 0
        rows = np.flatnonzero(ok)
        E = sp.csr_matrix((np.ones(len(rows)), (rows, capidx[self.node_of[ok]])),
                          shape=(off, len(capnode)))
        Mfull = abs(M).tocsr()
        Wabs = sp.csr_matrix((np.ones(self.W.nnz), self.W.indices, self.W.indptr),
                             shape=self.W.shape)
        Wn = sp.csr_matrix((np.ones(Wabs.nnz), (self.nocap[Wabs.tocoo().row],
                                                  Wabs.tocoo().col)), shape=(n, n))
        A = Mfull + Mfull @ Wn + sp.identity(n)
        Acap = A[capnode][:, capnode]
        V = sp.csr_matrix((np.ones(len(capnode)), (np.arange(len(capnode)),
                                                   np.arange(len(capnode)))),
                          shape=(off, len(capnode)))
        P = E @ E.T + V @ Acap @ V.T
        self.sparsity = sp.csc_matrix((P != 0).astype(float))

    def atol(self, atol: float, scale: dict) -> np.ndarray:
        out = np.full(self.size, float(atol))
        sv = scale.get('v')
        if sv is not None:
            out[:len(self.capnode)] *= sv
        for name, off, n in self.state_names:
            s = scale.get(name)
            if s is not None:
                out[off:off + n] *= s
        return out


class CvodeState:
    """The variable step integrator of one Model (``model._cvode``)."""

    def __init__(self, model: 'Model'):
        self.model = model
        self.active = False
        self.atol = 1e-3
        self.rtol = 0.0
        self.atolscale: dict[str, float] = {}
        self.maxstep = 0.0
        self.minstep = 0.0
        self.maxorder = 5
        self.condition_order = 1
        self.use_local_dt = False
        self.layout: _Layout | None = None
        self.solver = None
        self.need_init = True
        self.tcur = 0.0
        self.records: list = []          # cvode.record(&x, y, t)
        self.stats = dict(steps=0, interp=0, init=0, init_disc=0, nfev=0, njev=0, nlu=0)
        self._vprev = None
        self._tprev = 0.0
        self._jac_age = 0
        self.jac_every = 10
        self.atol_factor = 1.0
        self._shrunk = False

    # ---------------------------------------------------------------- state vector
    def _ensure_layout(self) -> _Layout:
        m = self.model
        m.ensure_built()
        L = self.layout
        if L is None or L.key != (m.layout_version, m.structure_version):
            L = self.layout = _Layout(m)
            self.need_init = True
        return L

    def gather(self) -> np.ndarray:
        L = self.layout
        y = np.empty(L.size)
        nv = len(L.capnode)
        y[:nv] = self.model.v[L.capnode]
        for mt, blk, names, off in L.slots:
            for k, s in enumerate(names):
                y[off + k * blk.n:off + (k + 1) * blk.n] = blk.arrays[s]
        return y

    def scatter(self, y: np.ndarray) -> None:
        L = self.layout
        v = self.model.v
        nv = len(L.capnode)
        v[L.capnode] = y[:nv]
        if len(L.nocap):
            v[L.nocap] = L.W @ v
        for mt, blk, names, off in L.slots:
            for k, s in enumerate(names):
                blk.arrays[s][:] = y[off + k * blk.n:off + (k + 1) * blk.n]

    def fun(self, t: float, y: np.ndarray) -> np.ndarray:
        """dy/dt at (t, y) with the fixed step's current kernels plus the DERIVATIVE kernels."""
        m = self.model
        L = self.layout
        self.scatter(y)
        m.t = t
        pr = m.playrec
        if pr is not None:
            pr.play_continuous()
        rhs, v = m.rhs, m.v
        rhs[:] = 0.
        for mt in m.type_order:
            blk = m.blocks.get(mt.name)
            if blk is not None:
                mt.current(blk)
        nc = m.ncell
        p = m.parent[nc:]
        dv = v[p] - v[nc:]
        rhs[nc:] -= m.b[nc:] * dv
        np.add.at(rhs, p, m.a[nc:] * dv)
        out = np.empty(L.size)
        nv = len(L.capnode)
        out[:nv] = rhs[L.capnode] / (1e-3 * L.cm)
        for mt, blk, names, off in L.slots:
            ds = mt.derivatives(blk)
            for k in range(len(names)):
                out[off + k * blk.n:off + (k + 1) * blk.n] = ds[k]
        return out

    # ---------------------------------------------------------------- integrator
    def _discontinuities(self) -> list[float]:
        """Times a step must end at: the at_time times of IClamp (onset, offset) and SEClamp
        (level changes), and the pending Vector.play events."""
        m = self.model
        out = []
        blk = m.blocks.get('IClamp')
        if blk is not None:
            d = blk.arrays['del']
            out.extend(d.tolist())
            out.extend((d + blk.arrays['dur']).tolist())
        blk = m.blocks.get('SEClamp')
        if blk is not None:
            a = blk.arrays
            t1 = a['dur1']
            t2 = t1 + a['dur2']
            out.extend(t1.tolist() + t2.tolist() + (t2 + a['dur3']).tolist())
        pr = m.playrec
        if pr is not None:          # Vector.play breakpoints: the step ends there exactly
            out.extend(e[0] for e in pr._queue if not e[2].is_record)
        return out

    def _collect_stats(self) -> None:
        s = self.solver
        if s is not None:
            self.stats['nfev'] += s.nfev
            self.stats['njev'] += s.njev
            self.stats['nlu'] += s.nlu
            s.nfev = s.njev = s.nlu = 0

    def init(self) -> None:
        """(Re)start the integrator at the Model's present t and state (CVodeReInit)."""
        m = self.model
        L = self._ensure_layout()
        if 'extracellular' in m.blocks:
            raise HocError('CVode: extracellular is not supported by the variable step method')
        if 'VClamp' in m.blocks:
            raise HocError('CVode: VClamp is not supported by the variable step method')
        self._collect_stats()
        t0 = m.t
        y0 = self.gather()
        if L.size == 0:
            self.solver = None
        else:
            maxstep = self.maxstep if self.maxstep > 0 else np.inf
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                from scipy.integrate import BDF
                self.solver = BDF(self.fun, t0, y0, t0 + 1e9, max_step=maxstep,
                                  rtol=self.rtol, atol=L.atol(self.atol * self.atol_factor, self.atolscale),
                                  jac_sparsity=L.sparsity)
        self.stats['init'] += 1
        self.need_init = False
        self.tcur = t0
        self._set(t0, y0)
        self._vprev, self._tprev = m.v.copy(), t0

    def _set(self, tt: float, y: np.ndarray) -> None:
        """Put the state y at time tt into the Model, with consistent assigned variables."""
        m = self.model
        if len(y):
            self.fun(tt, y)
        m.t = tt
        self.tcur = tt

    @property
    def tn(self) -> float:
        return self.solver.t if self.solver is not None else self.tcur

    def _step(self) -> None:
        m = self.model
        s = self.solver
        t0 = s.t
        bound = t0 + 1e9
        for td in self._discontinuities():
            if t0 < td < bound:
                bound = td
        s.t_bound = bound
        s.status = 'running'
        self._jac_age += 1
        if self._jac_age >= self.jac_every or self._shrunk:
            self._refresh_jac()
        h0 = s.h_abs
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            msg = s.step()
            if s.status == 'failed':        # once more with a fresh Jacobian
                s.status = 'running'
                self._refresh_jac()
                msg = s.step()
        if s.status == 'failed':
            raise HocError('CVode: integration failed at t = %g: %s' % (t0, msg))
        self._shrunk = s.h_abs < .5 * h0
        self.stats['steps'] += 1
        m.dt = s.t - s.t_old
        if s.t == bound:
            self.need_init = True
            self.stats['init_disc'] += 1
        self._set(s.t, s.y)

    def _refresh_jac(self) -> None:
        """SciPy keeps a Jacobian until Newton fails to converge; a stale one lets Newton stop
        with errors near the tolerance, which can collapse the step at a spike.  As CVODE
        does, refresh it every ``jac_every`` steps and after a step that had to shrink."""
        s = self.solver
        s.J = s.jac(s.t, s.y)
        s.LU = None
        self._jac_age = 0

    def _check_thresh(self) -> None:
        """Threshold crossings since the last microstep (NetCvode's ConditionEvent).

        Checked at the end of every microstep (steps and interpolated points), as NEURON
        does.  The crossing time is located on the last step's interpolant (NEURON's
        condition_order 1 uses the microstep's end, 2 a linear interpolation; the root is
        closer to the true crossing than either).
        """
        m = self.model
        t1 = m.t
        vprev, t0 = self._vprev, self._tprev
        self._vprev, self._tprev = m.v.copy(), t1
        net = events.has_state(m)
        if net is None or not net.thr_presyns:
            return
        idx, thr, flag = net._thr_arrays()
        pss = net.thr_presyns
        m = self.model
        if net._thr_generic:
            vals = np.array([events._safe_get(ps.thvar) for ps in pss], dtype=float)
        else:
            vals = m.v[idx]
        above = (vals - thr) > 0.0
        changed = np.nonzero(above != flag)[0]
        if changed.size == 0:
            return
        hits = []
        sol = None
        for k in changed.tolist():
            ps = pss[k]
            if not above[k]:
                flag[k] = False
                ps.flag = False
                continue
            flag[k] = True
            ps.flag = True
            tc = t1
            if idx[k] >= 0 and not net._thr_generic \
                    and vprev is not None and len(vprev) == len(m.v) and t1 > t0:
                node = int(idx[k])
                th = float(thr[k])
                v0 = float(vprev[node]) - th
                v1 = float(vals[k]) - th
                if v0 <= 0.0 < v1:
                    tc = t0 + (t1 - t0) * (-v0 / (v1 - v0))
                    s = self.solver
                    if s is not None and s.t_old is not None and s.t_old <= t0 \
                            and t1 <= s.t:
                        if sol is None:
                            sol = s.dense_output()
                        try:
                            from scipy.optimize import brentq
                            tc = brentq(self._node_v_fun(sol, node, th), t0, t1, xtol=1e-12)
                        except ValueError:
                            pass
            hits.append((tc, k))
        for tc, k in sorted(hits):
            pss[k].send(tc)

    def _node_v_fun(self, sol, node: int, th: float):
        """v(t) - th at a node over the last step, from the step's interpolant."""
        L = self.layout
        ci = L.capidx[node]
        if ci >= 0:
            return lambda tt: float(sol(tt)[ci]) - th
        w = L.W[int(np.flatnonzero(L.nocap == node)[0])]
        nv = len(L.capnode)

        def f(tt):
            vv = np.zeros(len(self.model.v))
            vv[L.capnode] = sol(tt)[:nv]
            return float((w @ vv)[0]) - th
        return f

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
        """Deliver every event with time <= tt; re-initialize if anything may have changed."""
        m = self.model
        net = events.has_state(m)
        pr = m.playrec
        y0 = self.gather()
        hard = False
        if net is not None:
            q = net.queue
            it = q.least
            if it is not None and it.t <= tt:
                for e in [it] + [x[2] for x in q._heap if x[2].in_tree and x[2].seq == x[1]
                                 and x[2].t <= tt]:
                    ev = e.ev
                    if isinstance(ev, events.HocEvent):
                        continue
                    if getattr(ev, '_target', 1) is None and not isinstance(ev, events.SelfEvent):
                        continue
                    hard = True
            m.t = tt
            net.deliver(tt)
        if pr is not None:
            if any(e[0] <= tt and not e[2].is_record for e in pr._queue):
                hard = True
            pr.t_hoc = tt
            pr.deliver(tt)
        m.t = tt
        if net is not None and net.pending_hoc:
            net.run_pending()
        if self.model.t != tt:
            hard = True
        if hard or not np.array_equal(y0, self.gather()):
            self.need_init = True

    # ---------------------------------------------------------------- microstep
    def fadvance(self, tout: float | None = None) -> None:
        """One global microstep (see the module docstring)."""
        m = self.model
        self._ensure_layout()
        if self.need_init:
            self.init()
        if self._next_event() <= self.tcur:
            self._deliver(self.tcur)
            net = events.has_state(m)
            if net is not None and net.stoprun:
                # a cvode.event without a statement (continuerun's tstop): the microstep
                # ends at the event, as NEURON's solve does when stoprun is set
                net.stoprun = False
                self._after()
                return
            if self.need_init:
                self.init()
        te = self._next_event()
        if tout is not None:
            te = min(te, tout)
        if self.solver is None:         # nothing to integrate: jump to the next event
            if te < math.inf:
                m.t = self.tcur = te
            self._after()
            return
        if self.tcur < self.tn:
            tt = min(te, self.tn)
            self._goto(tt)
        else:
            self._step()
            te = self._next_event()
            if tout is not None:
                te = min(te, tout)
            if te < self.tn:
                self._goto(te)
        self._check_thresh()
        self._after()

    def _goto(self, tt: float) -> None:
        s = self.solver
        if tt >= s.t:
            self._set(s.t, s.y)
        else:
            self.stats['interp'] += 1
            self._set(tt, s.dense_output()(tt))

    def _after(self) -> None:
        pr = self.model.playrec
        if pr is not None:
            pr.t_hoc = self.model.t
            pr.record_continuous()
        self._sample()

    def solve(self, tout: float | None = None) -> None:
        m = self.model
        if tout is None:
            self.fadvance()
            return
        tout = float(tout)
        if self.need_init:
            self.fadvance(tout)
        while m.t < tout:
            self.fadvance(tout)

    def after_finitialize(self) -> None:
        self._ensure_layout()
        self.need_init = True
        self.tcur = self.model.t
        for rec in self.records:
            ref, yv, tv = rec
            yv.resize(0)
            if tv is not None:
                tv.resize(0)
        self._sample()

    def _sample(self) -> None:
        if not self.records:
            return
        t = self.model.t
        for ref, yv, tv in self.records:
            yv._push(float(ref.get()))
            if tv is not None:
                tv._push(t)


def state(model: 'Model') -> CvodeState:
    cv = model.__dict__.get('_cvode')
    if cv is None:
        cv = CvodeState(model)
        model.__dict__['_cvode'] = cv
    return cv


def active_state(model: 'Model') -> CvodeState | None:
    cv = model.__dict__.get('_cvode')
    return cv if cv is not None and cv.active else None


# ---------------------------------------------------------------------------------- CVode
class CVode(HocObject):
    """``CVode()``: the variable step method (global step) and its settings.

    All CVode objects of an interpreter share one integrator, as in NEURON.
    """

    def __init__(self, *args, model=None):
        self.__dict__['_model'] = model

    @property
    def _m(self):
        m = self.__dict__['_model']
        return m if m is not None else events._current_model()

    @property
    def _cv(self) -> CvodeState:
        return state(self._m)

    # ---- on/off and tolerances
    def active(self, *args) -> float:
        cv = self._cv
        if args:
            on = bool(float(args[0]))
            if on and not cv.active:
                cv.need_init = True
                cv.tcur = self._m.t
            cv.active = on
        return bool(cv.active)

    def _setting(self, name: str, args, conv=float) -> float:
        cv = self._cv
        if args:
            x = conv(args[0])
            if x < 0:
                raise HocError('CVode.%s: must be >= 0' % name)
            setattr(cv, name, x)
            cv.need_init = True
        return float(getattr(cv, name))

    def atol(self, *args) -> float:
        return self._setting('atol', args)

    def rtol(self, *args) -> float:
        return self._setting('rtol', args)

    def maxstep(self, *args) -> float:
        return self._setting('maxstep', args)

    def minstep(self, *args) -> float:
        return self._setting('minstep', args)

    def maxorder(self, *args) -> float:
        cv = self._cv
        if args:
            cv.maxorder = max(1, min(5, int(float(args[0]))))
        return float(cv.maxorder)

    def atolscale(self, var, *args) -> float:
        """atolscale("name" or &var[, scale]): the factor on atol for a kind of state."""
        name = var if isinstance(var, str) else getattr(var, 'name', None)
        if name is None:
            raise HocError('CVode.atolscale: a state name or pointer is needed')
        cv = self._cv
        if args:
            cv.atolscale[name] = float(args[0])
            cv.need_init = True
        return float(cv.atolscale.get(name, 1.0))

    def stiff(self, *args) -> float:
        return 2.0

    def jacobian(self, *args) -> float:
        return 0.0

    def condition_order(self, *args) -> float:
        cv = self._cv
        if args:
            cv.condition_order = 2 if int(float(args[0])) == 2 else 1
        return float(cv.condition_order)

    def use_local_dt(self, *args) -> float:
        """Accepted and reported back; pyhoc integrates local-step models with one global
        step (same results within the tolerances, different step statistics)."""
        cv = self._cv
        if args:
            cv.use_local_dt = bool(float(args[0]))
        return float(cv.use_local_dt)

    def use_daspk(self, *args) -> float:
        return 0.0

    def cache_efficient(self, *args) -> float:
        return 0.0

    def queue_mode(self, *args) -> float:
        return 0.0

    def simgraph_remove(self, *args) -> float:
        return 0.0

    # ---- integration
    def re_init(self) -> float:
        cv = self._cv
        cv.need_init = True
        cv.tcur = self._m.t
        if cv.active:
            cv._ensure_layout()
            cv.init()
        return 0.0

    def solve(self, *args) -> float:
        cv = self._cv
        m = self._m
        if not cv.active:
            tout = float(args[0]) if args else m.t + m.dt
            while m.t < tout - m.dt / 2:
                m.fadvance()
            return 0.0
        cv.solve(float(args[0]) if args else None)
        return 0.0

    def event(self, tt, action=None, *args) -> float:
        m = self._m
        if not self._cv.active:
            return events.cvode_event(m, tt, action)
        tt = float(tt)
        if tt < m.t:
            return tt
        events.state(m).send(tt, events.HocEvent(action))
        return tt

    def record(self, ref, yvec, tvec=None, *args) -> float:
        cv = self._cv
        cv.records = [r for r in cv.records if r[1] is not yvec]
        cv.records.append((ref, yvec, tvec))
        return 0.0

    def record_remove(self, yvec=None) -> float:
        cv = self._cv
        cv.records = [] if yvec is None else [r for r in cv.records if r[1] is not yvec]
        return 0.0

    def statistics(self, *args) -> float:
        from ..hoc.context import current
        cv = self._cv
        cv._collect_stats()
        s = cv.stats
        n = cv.layout.size if cv.layout is not None else 0
        text = ('Cvode statistics : %d CVode states\n'
                '   %d advance_tn, %d interpolate, %d init (%d due to at_time)\n'
                '   %d function evaluations, %d jacobian setups, %d factorizations\n'
                % (n, s['steps'], s['interp'], s['init'], s['init_disc'], s['nfev'],
                   s['njev'], s['nlu']))
        try:
            current().write(text)
        except Exception:
            print(text, end='')
        return 0.0

    def print_event_queue(self, vec=None) -> float:
        net = events.state(self._m)
        times = net.queue.times()
        if vec is not None:
            vec.resize(0)
            for t in times:
                vec.append(t)
        else:
            from ..hoc.context import current
            text = ''.join('%.15g %s\n' % (it, '') for it in times)
            try:
                current().write(text)
            except Exception:
                print(text, end='')
        return 0.0
