"""The local variable time step (``cvode.use_local_dt(1)``, NEURON's lvardt): one CVODE
integrator per cell (a connected tree of sections with its mechanisms' states), each taking
its own steps.

The run follows NetCvode's local microsteps: the cell with the least time has its thresholds
checked at its present time (condition_order 1), then takes one step (or restarts, after a
delivery changed it), its continuous records (Vector.record of its variables) taking a point
before the step.  An event is delivered when its time is not later than every cell's time:
the cells it may change or read (its target's, a record's variable's; all of them for a
callback, a play or an artificial target) are first interpolated back to it (interpolation
leaves a cell's history alone: one the delivery did not change goes on from the end of its
step), and a cell whose state the delivery changed restarts there.  solve(tout) ends with
every cell interpolated to tout.  (The compiled microsteps let a cell step on ahead where no
event can reach it first: pyhoc.sim.lvardt_fast; the steps are the same.)

A cell's f and Newton solve are the global ones (pyhoc.sim.cvode) on the whole state with the
other cells held where they are (cells do not interact within a step), read on the cell's
components: its voltages and its mechanisms' instances.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from . import backend, events
from .cellqueue import CellQueue
from .cvode_bdf import BDFError, Nordsieck
from .cvode_cond import Crossing

if TYPE_CHECKING:
    from .cvode import CvodeState


def applies(cv: 'CvodeState') -> bool:
    """Local steps where asked for and the model has more than one cell (NEURON's one-cell
    local step is its global step) and no IDA is needed."""
    m = cv.model
    return bool(cv.use_local_dt and m.ncell > 1 and cv.layout is not None
                and not cv.layout.dae and cv.layout.size)


def _column(j: int, conv):
    """A _Cell attribute stored in its row of Local.ctl (shared with the compiled run)."""
    def get(self):
        return conv(self.lv.ctl[self.k, j])

    def set(self, value) -> None:
        self.lv.ctl[self.k, j] = value
    return property(get, set)


# Local.ctl's columns (pyhoc.sim.lvardt_numba's: cv_run's tcur, tn, t0, dt, then these)
_T, _TN, _T0, _TSTOP, _INIT, _STEPPED, _NSTEPS, _NCTL = 0, 1, 2, 4, 5, 6, 7, 8
# Local.counts' columns, each cell's statistics (pyhoc.sim.lvardt_numba's cnt: cv_run's
# steps, f evaluations and solves, then its own)
_C_STEPS, _C_NFEV, _C_NSOLVE, _C_INTERP, _C_INIT, _C_DISC, _NCOUNT = range(7)


class _Cell:
    """One cell's integrator, its components of the global y, and its times."""

    t = _column(_T, float)
    tn = _column(_TN, float)
    t0 = _column(_T0, float)
    tstop = _column(_TSTOP, float)
    need_init = _column(_INIT, bool)
    can_retreat = _column(_STEPPED, bool)
    nsteps = _column(_NSTEPS, int)

    def __init__(self, lv: 'Local', k: int, idx: np.ndarray, atol: np.ndarray):
        self.lv = lv
        self.k = k                      # its place in lv.cells and its row of lv.ctl
        self.idx = idx
        self.disc: list = []            # its mechanisms' at_time() times
        cv = lv.cv
        self.bdf = Nordsieck(self.f, self.lsolve, len(idx), atol, cv.rtol, cv.maxorder,
                             cv.maxstep, cv.minstep)
        self.t = self.tn = self.t0 = 0.0
        self.tstop = math.inf
        self.need_init = True
        self.can_retreat = False
        self.nsteps = 0
        self.presyns = np.zeros(0, dtype=np.intp)     # its threshold sources
        self.recorded = False           # its records took a value since its init (prior2init)

    def f(self, t, y, ydot):
        lv = self.lv
        lv.counts[self.k, _C_NFEV] += 1
        lv.Y[self.idx] = y
        lv.cv.fun(t, lv.Y, lv.YD if ydot is not None else None, h=self.bdf.h)
        if ydot is not None:
            ydot[:] = lv.YD[self.idx]

    def lsolve(self, b, gamma):
        lv = self.lv
        lv.counts[self.k, _C_NSOLVE] += 1
        B = lv.B
        B[:] = 0.0
        B[self.idx] = b
        lv.cv.lsolve(B, gamma)
        b[:] = B[self.idx]

    def init(self, t0: float) -> None:
        lv = self.lv
        self.t = self.tn = self.t0 = t0
        nxt = t0 + 1e5
        for td in self.disc:
            if t0 < td < nxt:
                nxt = td
        self.tstop = nxt - _eps(nxt)
        y0 = lv.Y[self.idx].copy()
        self.bdf.reinit(t0, y0)
        # a .mod's at_time met in this f (Cvode::at_time): its cell's instances' next time
        dyn = [(mt, blk) for mt, blk in lv.cv.layout.active if mt.at_time_begin(blk, t0)]
        try:
            self.f(t0, y0, self.bdf.ftemp)
        finally:
            for mt, blk in dyn:
                td = mt.at_time_end(blk)[lv.cell_of_node[blk.node] == lv.owner[self.idx[0]]]
                if len(td):
                    nxt = min(nxt, float(td.min()))
        if dyn:
            self.tstop = nxt - _eps(nxt)
        self.need_init = False
        self.can_retreat = False
        self.recorded = False
        lv.cv.stats['init'] += 1
        lv.counts[self.k, _C_INIT] += 1

    def advance(self) -> None:
        """One step (or the restart past an at_time stop); the model left at the new t."""
        lv = self.lv
        if self.t >= self.tstop - _eps(self.t):
            lv.cv.stats['init_disc'] += 1
            lv.counts[self.k, _C_DISC] += 1
            self.init(self.tstop + 1.5 * _eps(self.tstop))     # (its f placed the model)
            lv.cv.model.t = self.t
            return
        cv = lv.cv
        m = cv.model
        m.t = self.t
        for mt, blk in cv.layout.nonode:
            mt.advance(blk)
        fast = cv._fast
        if fast is None and cv._fast_key is None and backend.current() is not None:
            fast = cv._fast_plan()          # numba loaded since the init: from this step on
        nfev = cv.stats['nfev']
        try:
            with np.errstate(all='ignore'):     # (NaN: the step fails as CVODES' does)
                t, _ = self.bdf.step(self.tstop)
        except BDFError as e:
            from .cvode import integrator_error
            m.t = self.t                        # (NEURON's t: the failed step's start)
            raise integrator_error(m, e, self) from None
        if fast is None:                    # the NumPy path's work (as CvodeState's step)
            backend.spend((cv.stats['nfev'] - nfev) * backend.step_work(m))
        cv.stats['steps'] += 1
        lv.counts[self.k, _C_STEPS] += 1
        self.nsteps += 1
        self.t = t
        self.tn = self.bdf.tn
        self.t0 = self.bdf.tn - self.bdf.h
        self.can_retreat = True
        lv.Y[self.idx] = self.bdf.y
        lv.place(self)
        m.dt = self.bdf.hu

    def interpolate(self, tout: float) -> None:
        lv = self.lv
        if not self.can_retreat or abs(tout - self.t) <= _eps(self.t):
            self.t = tout
            return
        if tout < self.t:       # a retreat: NEURON counts an f with it (the return to
            lv.counts[self.k, _C_NFEV] += 1      # the step's end has its own: place)
        tout = min(max(tout, self.t0), self.tn)
        lv.cv.stats['interp'] += 1
        lv.counts[self.k, _C_INTERP] += 1
        if lv.fast is not None:
            lv.fast.unpack(self.k)
        y = self.bdf.dky(tout, self.bdf.y)
        lv.Y[self.idx] = y
        self.t = tout


_EPS = 100.0 * np.finfo(float).eps
_STEPS_PER_MS = 10      # a cell's steps per ms, to guess a run's work (backend.kernels_for)
_NOMINAL_MS = 5.0       # the run's length guessed before solve(tout) says (NEURON's tstop)


def _eps(x: float) -> float:
    return _EPS * abs(x)


class Local:
    """The cells of one layout and the local-step run over them."""

    def __init__(self, cv: 'CvodeState'):
        self.cv = cv
        m = cv.model
        L = cv.layout
        self.key = L
        self.settings = None
        n = len(m.v)
        nc = m.ncell
        root = np.arange(n)
        parent = m.parent
        for i in range(nc, n):
            root[i] = root[parent[i]]
        self.cell_of_node = root
        owner = np.empty(L.size, dtype=np.intp)
        owner[:L.nv] = root[L.capnode]
        for mt, blk, names, off in L.slots:
            nb = blk.n
            for j in range(len(names)):
                owner[off + j * nb:off + (j + 1) * nb] = root[blk.node]
        self.owner = owner
        self.Y = np.zeros(L.size)
        self.YD = np.zeros(L.size)
        self.B = np.zeros(L.size)
        self.cells: list[_Cell] = []
        atol = L.atol(cv.atol, cv.atolscale)
        groups = [np.flatnonzero(owner == c) for c in range(nc)]
        groups = [g for g in groups if len(g)]
        self.ctl = np.zeros((len(groups), _NCTL))   # each cell's times and flags
        self.times = self.ctl[:, _T]                # each cell's present t
        self.counts = np.zeros((len(groups), _NCOUNT), dtype=np.int64)   # (statistics)
        self.fast = None        # the compiled microsteps (pyhoc.sim.lvardt_fast.Run)
        self.fast_key = None    # the compiled f they were tried for
        self.tev = np.zeros(len(groups))      # (bounds)
        self.look = 0.0         # (lookahead, at each solve and after a callback)
        self.stale = False      # (a callback ran: look and the kernels' globals anew)
        self.ev_cells: dict = {}    # id(event) -> (event, its cells): _cells_of
        self.tev_key = None     # the queues' counts tev was found for (bounds)
        for idx in groups:
            self.cells.append(_Cell(self, len(self.cells), idx, atol[idx]))
        self.queue = CellQueue(len(self.cells))     # whose turn it is (NEURON's order at a tie)
        self.thr_key = None
        self.told_pss: list = []        # (condition_order 2: each source's last evaluation)
        self.told = np.zeros(0)
        self.cell_index = {}
        for k, cell in enumerate(self.cells):
            self.cell_index[int(owner[cell.idx[0]])] = k

    # ---------------------------------------------------------------- the model's state
    def place(self, cell: _Cell) -> None:
        """The model's arrays at the cell's present point (assigned variables included)."""
        self.counts[cell.k, _C_NFEV] += 1
        self.cv.fun(cell.t, self.Y, None, h=cell.bdf.h)
        self.cv.model.t = cell.t

    def _cell_of_record(self, it) -> int:
        sec = getattr(it.ref, 'sec', None)
        if sec is None:
            pp = getattr(it.ref, 'pp', None)
            sec = getattr(pp, 'sec', None) if pp is not None else None
        if sec is None:
            return 0
        try:
            node = sec._node0 if sec._node0 >= 0 else sec._root_index
            return self.cell_index.get(int(self.cell_of_node[node]), 0)
        except Exception:
            return 0

    def record(self, cell: _Cell) -> None:
        """The continuous records of the cell's variables (and t, with the first cell)."""
        pr = self.cv.model.playrec
        if pr is None or not pr._crec:
            return
        if pr._dirty:
            pr._live()
        k = cell.k
        m = self.cv.model
        m.t = cell.t
        pr.t_hoc = cell.t
        for it in pr._crec:
            c = it.__dict__.get('_lvardt_cell')
            if c is None or it.__dict__.get('_lvardt_key') is not self:
                c = it.__dict__['_lvardt_cell'] = self._cell_of_record(it)
                it.__dict__['_lvardt_key'] = self
            if c == k:
                it.continuous(cell.t)

    # ---------------------------------------------------------------- statistics
    def statistics(self, which: int | None) -> tuple[str, str]:
        """NetCvode::statistics under local steps: each cell's integrator (or cell
        ``which``'s), as NEURON names them (the cell's first section), and the integrators'
        queue (one insertion a cell, a move a retreat).  NEURON 9 counts no Jacobian setup
        of a cell's integrator (it prints 0)."""
        m = self.cv.model
        first: dict = {}
        for sec in (getattr(m, 'order', None) or m.sections):
            try:
                c = self._cell_of_sec(sec)
            except Exception:
                c = None
            if c is not None and c not in first:
                first[c] = sec.name()
        ks = range(len(self.cells)) if which is None else \
            [which] if 0 <= which < len(self.cells) else []
        out = []
        for k in ks:
            n = self.counts[k]
            out.append('\nCvode instance 0x%x %s statistics : %d CVode states\n'
                       '   %d advance_tn, %d interpolate, %d init (%d due to at_time)\n'
                       '   %d function evaluations, %d mx=b solves, 0 jacobian setups\n'
                       % (id(self.cells[k]), first.get(k, ''), len(self.cells[k].idx),
                          n[_C_STEPS], n[_C_INTERP], n[_C_INIT], n[_C_DISC], n[_C_NFEV],
                          n[_C_NSOLVE]))
        tail = ('Variable step integrator TQueue\n'
                'insertions=%d  moves=%d removals=0 calls to least=0\n'
                'calls to find=0\n'
                'comparisons=0\n' % (len(self.cells), int(self.counts[:, _C_INTERP].sum())))
        return ''.join(out), tail

    # ---------------------------------------------------------------- thresholds
    def _sources(self, net) -> None:
        """Each cell's spike sources (its places in net.thr_presyns), and the time of each
        source's last evaluation (condition_order 2), as the sources change."""
        idx = net._thr_arrays()[0]
        if self.thr_key is not net._cache_key:
            self.thr_key = net._cache_key
            where = np.where(idx >= 0, self.cell_of_node[np.maximum(idx, 0)], -1)
            for c in self.cells:
                c.presyns = np.flatnonzero(where == self.owner[c.idx[0]])
            old = {id(ps): t for ps, t in zip(self.told_pss, self.told.tolist())}
            self.told_pss = list(net.thr_presyns)
            self.told = np.array([old.get(id(ps), 0.0) for ps in self.told_pss])

    def _cell_sources(self, cell: _Cell):
        """(net, threshold arrays, the cell's sources' indices) where the cell has
        threshold sources, else None."""
        net = events.has_state(self.cv.model)
        if net is None or not net.thr_presyns:
            return None
        arrays = net._thr_arrays()
        self._sources(net)
        mine = cell.presyns
        return (net, arrays, mine) if len(mine) else None

    def check(self, cell: _Cell) -> None:
        """condition_order 1 at the cell's time: its sources found above threshold send."""
        found = self._cell_sources(cell)
        if found is None:
            return
        net, (idx, thr, flag), mine = found
        pss = net.thr_presyns
        above = self.cv.model.v[idx[mine]] - thr[mine] > 0.0
        for j in np.flatnonzero(above != flag[mine]).tolist():
            k = int(mine[j])
            flag[k] = pss[k].flag = bool(above[j])
            if above[j]:
                pss[k].send(cell.t)

    def evaluate(self, cell: _Cell) -> None:
        """condition_order 2 after the cell's init or step (Cvode::evaluate_conditions on its
        own sources, ConditionEvent::condition): a crossing found right after an init is
        sent at the cell's time; one within the step just taken is queued at the time
        interpolated between the source's last two evaluations (its own told), and is sent
        when delivered, no cell brought back to it; one still queued when the cell is
        evaluated again (it restarted before reaching it) is abandoned."""
        cv = self.cv
        found = self._cell_sources(cell)
        if found is None:
            return
        net, (idx, thr, flag), mine = found
        from .cvode_cond import _unqueue, _values
        cond = cv.conditions
        valold, valthresh = cond._arrays(net)
        told = self.told
        pss = net.thr_presyns
        q = net.queue
        val = (_values(net, cv.model)[mine] - thr[mine]).tolist()
        t1 = cell.t
        inited = cell.t0 == cell.tn
        for j, k in enumerate(mine.tolist()):
            ps = pss[k]
            it = ps._qthresh
            if it is not None:
                ps._qthresh = None
                if it is q.least or it.in_tree:         # (else finitialize cleared it)
                    _unqueue(q, it)
                    valthresh[k] = 0.0
                    flag[k] = ps.flag = False
            x = val[j]
            if not flag[k] and x >= 0.0:
                flag[k] = ps.flag = True
                valthresh[k] = 0.0
                if inited:
                    ps.send(t1)
                else:
                    v0 = float(valold[k])
                    valthresh[k] = v0
                    th = -v0 / (x - v0)
                    ps._qthresh = net.send(th * t1 + (1.0 - th) * float(told[k]),
                                           Crossing(ps))
                    if len(cond.pending) > 64:
                        cond.pending = [p for p in cond.pending if p._qthresh is not None]
                    cond.pending.append(ps)
            elif flag[k] and valold[k] < valthresh[k] and x < valthresh[k]:
                flag[k] = ps.flag = False
            valold[k] = x
            told[k] = t1

    # ---------------------------------------------------------------- the run
    def _discontinuities(self) -> None:
        """Each cell's at_time() times: the at_times kernels on its own instances (NEURON's
        at_time stops only the cell whose mechanism asks); the old-style stimuli's stop all."""
        from . import oldstim
        every = oldstim.discontinuities(self.cv.model)
        for cell in self.cells:
            cell.disc = list(every)
        for mt, blk in self.cv.layout.active:
            K = mt.kernels
            if K is None or K.at_times is None or not blk.n:
                continue
            where = self.cell_of_node[blk.node]
            for cell in self.cells:
                sel = where == self.owner[cell.idx[0]]
                if sel.any():
                    sub = {k: a[sel] for k, a in blk.arrays.items()
                           if isinstance(a, np.ndarray) and a.shape[:1] == (blk.n,)}
                    cell.disc.extend(K.at_times(sub))

    def init_all(self, t0: float) -> None:
        """NetCvode::re_init under local steps (at finitialize, and where NEURON re-inits
        when the method is chosen: cvode.active(1), use_local_dt(1)): every cell's
        integrator restarted at t0; the compiled run made and its code loaded here, before
        the run, where the expected work is worth numba's load (backend.kernels_for)."""
        cv = self.cv
        self._discontinuities()
        if backend.current() is None:       # (a run of NEURON's default tstop guessed)
            backend.kernels_for(_NOMINAL_MS * self._work_per_ms())
        cv._fast_plan()                     # (as Cvode::init: the compiled f where ready)
        self.Y[:] = cv.gather()
        fast = self._compiled()
        self.queue.reset(t0)
        order2 = cv.condition_order == 2
        for cell in self.cells:
            if fast is None:
                cell.init(t0)
                if order2:
                    self.evaluate(cell)
            else:                           # (the compiled run initializes it below)
                cell.t = cell.tn = cell.t0 = t0
                cell.need_init = True
                cell.can_retreat = False
        self.cv.fun(t0, self.Y, None, h=0.0)      # (dt: the inits' 1e-8)
        cv.model.t = t0
        cv.tcur = cv.tn = cv.t0 = t0
        cv.need_init = False
        if self.fast is not None:
            self.fast.pack()
            self.fast.net.clear()
            if self.fast.init_cells() < 0:      # (a non-positive error weight: said at the
                for cell in self.cells:         # first step, by the NumPy microsteps' init)
                    cell.need_init = True

    def _work_per_ms(self) -> float:
        """The NumPy path's node-steps for 1 ms of the run (backend.kernels_for)."""
        return _STEPS_PER_MS * len(self.cells) * 3 * backend.step_work(self.cv.model)

    # ---------------------------------------------------------------- the compiled path
    def _compiled(self):
        """The compiled microsteps (pyhoc.sim.lvardt_fast.Run) where numba is loaded and the
        model allows them, made or given up as the model changes; else None."""
        run = self.fast
        if run is not None:
            if run.valid():
                return run
            self.fast = None                # back to the NumPy microsteps from here
            run.net.flush()
            for c in range(len(self.cells)):
                run.unpack(c)
            self.Y[:] = self.cv.gather()
        if backend.current() is None:
            return None
        from . import fused, lvardt_fast
        key = (fused._key(self.cv.model), self.cv.condition_order)
        if key == self.fast_key:            # (tried for this model: not taken)
            return None
        self.fast_key = key
        run = lvardt_fast.Run.make(self)
        if run is not None:
            run.pack()
            self.fast = run
        return run

    def _fast_microsteps(self, tout: float, one: bool):
        """Compiled microsteps, Python delivering the events and sending the threshold
        crossings between them, until tout (``one``: until the least time moved).  True
        when reached, False when a stop was requested, None when the compiled path cannot
        go on (the NumPy microsteps take over).  The compiled events (lvardt_fast.Net)
        go back to Python's queue at the end and before a delivery that may run a callback."""
        cv = self.cv
        try:
            while True:
                run = self._compiled()
                if run is None:
                    return None
                if not one:
                    run.arm()
                te = cv._next_event()
                code, c = run.run(te, tout, one, self.bounds(), self.look)
                if code == 0:
                    return True
                if code < 0:
                    from .cvode import integrator_error
                    from .cvode_fast import failure
                    raise integrator_error(cv.model, failure(code, run.fs[c]), cv) from None
                if code == 1:
                    if self._targets(te) is None:
                        run.net.flush()
                    self._deliver(te)
                elif code == 2:
                    self.check(self.cells[c])
                if cv._stop_requested():
                    return False
        finally:
            if self.fast is not None:
                self.fast.net.flush()

    def _gathered(self) -> None:
        """Y from the model (the compiled path keeps each cell's state there only)."""
        if self.fast is not None:
            self.Y[:] = self.cv.gather()

    def _least(self) -> _Cell:
        self.queue.sync(self.times)
        return self.cells[self.queue.least]

    def _tleast(self) -> float:
        """The least time in the cells' queue (a cell's own may be ahead of it: the compiled
        microsteps' steps ahead)."""
        return self.queue.sync(self.times)

    def _cell_of_sec(self, sec) -> int | None:
        if sec is None or getattr(sec, 'deleted', False):
            return None
        node = sec._node0 if sec._node0 >= 0 else sec._root_index
        return self.cell_index.get(int(self.cell_of_node[node]))

    def _event_cells(self, ev):
        """The cells an event may change (NEURON retreats only those): its targets' cells
        (none for an artificial cell: NetStim's self events move no cell); None for every
        cell (a callback, an artificial cell with a NetCon of delay 0, whose answer may come
        at once) and () for a threshold crossing."""
        if isinstance(ev, Crossing):    # (its source sends: a NetCon of delay 0 delivers
            tgts = [d._target for d in ev.ps.live_dil() if d._delay <= 0.0]     # at once)
            if not tgts:
                return ()
        elif isinstance(ev, events.SelfEvent):
            tgts = [ev.target]
        elif hasattr(ev, '_target') and ev._target is not ev:
            tgts = [ev._target]
        elif hasattr(ev, 'live_dil'):               # a PreSyn's min-delay event
            tgts = [d._target for d in ev.live_dil()]
        else:
            return None
        cells = []
        for tgt in tgts:
            if tgt is None:
                continue
            mt = getattr(tgt, '_mtype', None)
            if mt is None:
                return None
            if mt.artificial:       # no cell to bring back (it has no integrator), unless
                ps = events.own_attr(tgt, '_presyn')     # it may send at once (delay 0)
                if ps is not None and any(nc._delay <= 0.0 for nc in ps.live_dil()):
                    return None
                continue
            c = self._cell_of_sec(tgt._sec)
            if c is not None:
                cells.append(c)
        return cells

    def _cells_of(self, ev):
        """_event_cells, kept for the event object until the next solve or callback."""
        hit = self.ev_cells.get(id(ev))
        if hit is None or hit[0] is not ev:
            hit = self.ev_cells[id(ev)] = (ev, self._event_cells(ev))
        return hit[1]

    def _queued(self):
        """The queued events: (time, event) in no particular order."""
        net = events.has_state(self.cv.model)
        if net is None:
            return []
        q = net.queue
        out = [(x[2].t, x[2].ev) for x in q._heap if x[2].in_tree and x[2].seq == x[1]]
        if q.least is not None:
            out.append((q.least.t, q.least.ev))
        return out

    def _record_cells(self, it):
        """The cells a record or play event needs at its time (NEURON brings back only the
        recorded variable's cell): () for a record of t, None (every cell) for a play or a
        variable of no cell."""
        if not getattr(it, 'is_record', False):
            return None
        if getattr(it, 'is_t', False):
            return ()
        sec = getattr(it.ref, 'sec', None)
        if sec is None:
            pp = getattr(it.ref, 'pp', None)
            sec = getattr(pp, '_sec', None) if pp is not None else None
        c = self._cell_of_sec(sec)
        return None if c is None else (c,)

    def _targets(self, te: float):
        """The cells the events due at te may change: a set, or None for every cell (see
        _event_cells and _record_cells)."""
        cells = set()
        pr = self.cv.model.playrec
        if pr is not None and pr._queue and pr._queue[0][0] <= te:
            for t, _, it in pr._queue:
                if t <= te:
                    c = self._record_cells(it)
                    if c is None:
                        return None
                    cells.update(c)
        for t, ev in self._queued():
            if t <= te:
                c = self._cells_of(ev)
                if c is None:
                    return None
                cells.update(c)
        return cells

    def bounds(self) -> np.ndarray:
        """Each cell's next time of a queued event that may change it (inf: none); as
        last time while neither queue changed."""
        tev = self.tev
        pr = self.cv.model.playrec
        net = events.has_state(self.cv.model)
        key = (tuple(net.queue.nstat) if net is not None else None,
               tuple(pr.nstat) if pr is not None else None)
        if key == self.tev_key:
            return tev
        self.tev_key = key
        tev.fill(math.inf)
        if pr is not None:
            for t, _, it in pr._queue:
                _lower(tev, t, self._record_cells(it))
        for t, ev in self._queued():
            _lower(tev, t, self._cells_of(ev))
        return tev

    def lookahead(self) -> float:
        """The least delay of an event a cell's threshold crossing, or a delivery, can
        send on to a cell (the least NetCon delay; inf with no NetCon): how far past the
        other cells' least time and the next event a cell may step."""
        net = events.has_state(self.cv.model)
        if net is None:
            return math.inf
        ds = [nc._delay for nc in net.live_netcons()]
        return max(0.0, min(ds)) if ds else math.inf

    def _reached(self, te: float) -> set:
        """The cells a NetCon, self or WATCH event due at te is delivered to: each restarts
        there whether or not the delivery changed a state (NetCon::deliver's
        set_init_flag: an AMPA's NET_RECEIVE may change only an ASSIGNED its derivative
        reads)."""
        from .cvode import _reaches_states
        out = set()
        for t, ev in self._queued():
            if t <= te and not isinstance(ev, events.HocEvent) and _reaches_states(ev):
                out.update(self._cells_of(ev) or ())
        return out

    def _deliver(self, te: float) -> None:
        """The target cells back to te, the events due delivered, the cells they reached
        or changed restarted."""
        cv = self.cv
        m = cv.model
        self._gathered()
        targets = self._targets(te)
        reached = self._reached(te)
        if targets is None:             # (a callback may change NetCons or globals)
            self.stale = True
        times = self.times
        self.queue.sync(times)
        ks = np.flatnonzero(times > te).tolist() if targets is None else \
            sorted(k for k in targets if times[k] > te)
        for k in ks:
            self.cells[k].interpolate(te)
        cv.fun(te, self.Y, None, h=self.cells[ks[-1]].bdf.h if ks else m.dt)
        before = cv.gather()
        for k in self._records_before(te):
            self.record(self.cells[k])
        m.t = te
        net = events.has_state(m)
        pr = m.playrec
        if net is not None:
            net.deliver(te)
        if pr is not None:
            pr.t_hoc = te
            pr.deliver(te)
        m.t = te
        if net is not None and net.pending_hoc:
            net.run_pending()
        after = cv.gather()
        changed = before != after
        if changed.any() or reached:
            hit = set(self.owner[np.flatnonzero(changed)].tolist())
            self.Y[:] = after
            for k in sorted(reached.union(self.cell_index[o] for o in hit
                                          if o in self.cell_index)):
                cell = self.cells[k]
                cell.need_init = True
                cell.t = te
        if m.t != te:           # a callback moved t (finitialize...): all restart
            for cell in self.cells:
                cell.need_init = True
        if self.stale:
            self.stale = False
            self.ev_cells.clear()
            self.tev_key = None
            self.look = self.lookahead()
            if self.fast is not None:
                self.fast.margs = None

    def _records_before(self, te: float) -> list:
        """The cells whose continuous records take their value at te before the deliveries
        there: a cell whose state a NetCon or self event may change (Cvode::set_init_flag,
        once until its next init), every cell at a stop event (cvode.event(t) without a
        statement: NetCvode::allthread_handle)."""
        from .cvode import _reaches_states
        pr = self.cv.model.playrec
        if pr is None or not pr._crec:
            return []
        out = set()
        for t, ev in self._queued():
            if t > te:
                continue
            if isinstance(ev, events.HocEvent):
                if ev.action is None:
                    return list(range(len(self.cells)))
                continue
            if _reaches_states(ev):
                for k in self._cells_of(ev) or ():
                    cell = self.cells[k]
                    if not cell.recorded:
                        cell.recorded = True
                        out.add(k)
        return sorted(out)

    def microstep(self) -> None:
        cv = self.cv
        cell = self._least()
        te = cv._next_event()
        if te <= self.queue.t[cell.k]:
            self._deliver(te)
            return
        if self.queue.ahead(cell.k):            # (a step the compiled microsteps took)
            self.queue.replay(cell.k)
            return
        order2 = cv.condition_order == 2
        if not order2:
            self.check(cell)        # (Cvode::handle_step: at the cell's present t)
            if cv._next_event() <= cell.t:
                return
        if cell.need_init:
            cell.init(cell.t)                   # (its f placed the model)
            cv.model.t = cell.t
            if order2:
                self.evaluate(cell)
            return
        if cell.t < cell.tn:                    # retreated: back to the step's end
            cell.interpolate(cell.tn)
            self.Y[cell.idx] = cell.bdf.zn[0]
            self.place(cell)
            return
        self.record(cell)
        cell.advance()
        if order2:
            self.evaluate(cell)

    def solve(self, tout: float | None) -> None:
        """NetCvode::solve under local steps: tout None is one fadvance (one microstep that
        moves the least time)."""
        cv = self.cv
        m = cv.model
        self.ev_cells.clear()
        self.tev_key = None
        self.look = self.lookahead()
        if self.fast is not None:
            self.fast.margs = None
        if tout is None:        # (NetCvode::solve(-1): microsteps while neither the least
            tc = self._tleast()     # time nor the least event time passed its value at the
            te = cv._next_event()   # start; t is then the least of the two)
            while True:
                r = self._fast_microsteps(math.inf, True)
                if r is None:
                    self.microstep()
                    if cv._stop_requested():
                        break
                elif not r:
                    break
                if self._tleast() > tc or cv._next_event() > te:
                    break
            m.t = min(self._tleast(), te)
            cv.tcur = m.t
            return
        if backend.current() is None:       # numba where the NumPy steps would cost more
            backend.kernels_for(max(0.0, tout - self._tleast()) * self._work_per_ms())
        while self._tleast() < tout or cv._next_event() < tout:
            r = self._fast_microsteps(tout, False)
            if r is None:
                self.microstep()
                if cv._stop_requested():
                    return
            elif not r:
                return
        self._gathered()
        self.queue.sync(self.times)
        for cell in self.cells:         # (NEURON moves each to tout, in cell order)
            if cell.t > tout:
                cell.interpolate(tout)
            self.queue.move(cell.k, tout)
        cv.fun(tout, self.Y, None, h=self.cells[-1].bdf.h if self.cells else m.dt)
        m.t = cv.tcur = tout
        for cell in self.cells:
            self.record(cell)
        m.t = tout


def state(cv: 'CvodeState') -> Local:
    """The Local of the present layout and settings (made again when either changes)."""
    lv = cv.__dict__.get('_lvardt')
    settings = (cv.atol, cv.rtol, cv.maxorder, cv.maxstep, cv.minstep,
                tuple(sorted(cv.atolscale.items())))
    if lv is None or lv.key is not cv.layout or lv.settings != settings:
        lv = Local(cv)
        lv.settings = settings
        cv.__dict__['_lvardt'] = lv
    return lv


def _lower(tev: np.ndarray, t: float, cells) -> None:
    """Lower the next event time of ``cells`` (None: every cell) to ``t``."""
    if cells is None:
        np.minimum(tev, t, out=tev)
        return
    for k in cells:
        if t < tev[k]:
            tev[k] = t
