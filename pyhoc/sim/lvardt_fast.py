"""The local variable time step's microsteps in one compiled call (the numba backend's path of
pyhoc.sim.lvardt's Local): lv_run (pyhoc.sim.lvardt_numba, in the model's generated driver)
takes the least cell's threshold checks, initializations, restarts and steps until an event
is due, a threshold changes side or the run's end is reached.  Within a solve(tout) the
sends of a threshold source recorded in a Vector at most, and the deliveries of its NetCons to
ExpSyn and Exp2Syn targets, stay in the compiled loop (Net: an event heap over arrays, the
spike times logged for Python's records); for any other event or source Python delivers or
sends (Local's own code) and calls again.  The least cell steps on past the others up to their
least time (or the next event's) plus the least NetCon delay, and to its own next event
(Local.bounds, Local.lookahead): no event can reach it before, so it takes the steps it
takes one at a time, in fewer calls; the cells' queue (Local.queue) takes them one a turn.

A cell's compiled f and solve are the global method's on the cell's part of the model: its
nodes (a run per depth in the tree, cvode_kernels' span), its places among the nodes with
capacitance, and each mechanism's instances, which must be one run per cell (a mechanism
inserted at different depths of a tree interleaves the cells: not taken).  Models with those,
or that the global compiled step does not take (cvode_fast.Run.usable), continuous records
or WATCHes run the NumPy microsteps.  A cell's i_cap is written to scratch (the model's
i_cap is Python's f's, at the end of solve and at deliveries).  The cells' times and flags
live in Local.ctl both ways; the Nordsieck scalars (fs, iv rows) are packed from and read
back into the cells' Nordsieck objects when the run changes path (``pack``, ``unpack``).
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from . import cvode_fast, cvode_numba as cn
from . import lvardt_numba as ln

if TYPE_CHECKING:
    from .lvardt import Local

_EMPTY_I = np.zeros(0, dtype=np.intp)
_EMPTY_F = np.zeros(0)
_CHUNK = 4096      # steps of one cell in one cv_run call, at most


def _span(c: int, nodes: np.ndarray) -> np.ndarray:
    """cvode_kernels' span of cell c (root c) with its other nodes ``nodes`` (ascending)."""
    cuts = np.flatnonzero(np.diff(nodes) != 1) + 1
    lo = np.concatenate([nodes[:1], nodes[cuts]])
    hi = np.concatenate([nodes[cuts - 1] + 1, nodes[-1:] + 1])
    out = [c, c + 1]
    for a, b in zip(lo.tolist(), hi.tolist()):
        out += [a, b]
    return np.array(out, dtype=np.intp)


def _runs(owner: np.ndarray, ncell: int):
    """(start, end) of each cell's run in ``owner`` (the cell of each element), or None
    when the elements of a cell are not together in order."""
    if len(owner) and (np.diff(owner) < 0).any():
        return None
    lo = np.searchsorted(owner, np.arange(ncell), 'left')
    hi = np.searchsorted(owner, np.arange(ncell), 'right')
    return lo, hi


class Run:
    """lv_run's arguments for one Local (cvode._Fast's plan, the cells cut out of it)."""

    def __init__(self, lv: 'Local', fast, cut, spans, caps, nocaps, pos_local):
        import warnings
        from numba.core.errors import NumbaPendingDeprecationWarning
        from .typed_lists import array_list
        cv, m, L, plan = lv.cv, lv.cv.model, lv.cv.layout, fast.plan
        self.lv, self.fast, self.plan = lv, fast, plan
        self.key = cv._fast_key
        self.cut = cut
        nt = len(plan.mechs)
        ncell = len(lv.cells)
        self.fs = np.zeros((ncell, len(cn.FLOATS)))
        self.iv = np.zeros((ncell, len(cn.INTS)), dtype=np.int64)
        self.R = (plan.rec_srcs, _EMPTY_I, _EMPTY_I, np.empty((0, _CHUNK)), np.empty(_CHUNK))
        B = [[] for _ in range(10)]
        P = [[] for _ in range(10)]
        rows, rstart = [], [0]
        self.rowk: dict = {}    # (cell, type, state) -> (its row among the cell's, first)
        slot_of = {mt.name: (blk, names) for mt, blk, names, off in L.slots}
        for c, cell in enumerate(lv.cells):
            bdf = cell.bdf
            for k, a in enumerate((bdf.zn, bdf.ewt, bdf.acor, bdf.y, bdf.tempv, bdf.ftemp,
                                   bdf.l, bdf.tq, bdf.tau, bdf.atol)):
                B[k].append(a)
            cp = caps[c]                # its places among the nodes with capacitance
            off = len(cp)
            soff = []
            offs = np.zeros(nt, dtype=np.intp)
            for k, (mt, blk) in enumerate(plan.mechs):
                s = slot_of.get(mt.name)
                if s is None:
                    continue
                lo, hi = cut[c, 2 * k], cut[c, 2 * k + 1]
                offs[k] = off
                for name in s[1]:
                    self.rowk[c, mt.name, name] = (len(rows) - rstart[-1], lo)
                    rows.append(s[0].arrays[name][lo:hi])
                    soff.append(off)
                    off += hi - lo
            rstart.append(len(rows))
            assert off == len(cell.idx)
            present = np.array([cut[c, 2 * k + 1] > cut[c, 2 * k] for k in range(nt)])
            for k, a in enumerate((spans[c], fast.capnode[cp], L.cm[cp], L.cm3[cp], nocaps[c],
                                   np.zeros(len(cp)), np.array(soff, dtype=np.intp),
                                   np.zeros(len(cell.idx)), offs, present)):
                P[k].append(a)
        G = (m.v, m.a, m.b, m.rhs, m.d, fast.parent, m.area, fast.dmem, pos_local,
             _EMPTY_F, _EMPTY_F, plan._no_play, np.zeros(0, dtype=np.intp))
        rows = rows or [_EMPTY_F]
        self.owners = (B, P, G, rows)   # (what the Lists' borrowed arrays are)
        with warnings.catch_warnings():         # (lists of arrays, given once)
            warnings.simplefilter('ignore', NumbaPendingDeprecationWarning)
            self.Bs, self.Ps = plan.driver.lv_lists(
                *B, self.fs, self.iv, G, *P, array_list(rows), np.array(rstart, dtype=np.intp))
        self.gdt = np.zeros(1)
        self.disc = (np.zeros(ncell + 1, dtype=np.intp), _EMPTY_F)
        self.pcell = None
        self.pkey = None
        self.entry = None
        self.margs = None       # the kernels' arguments (fused._Plan.mech_args)
        self.net = Net(self)

    @staticmethod
    def make(lv: 'Local') -> 'Run | None':
        """The compiled run of lv's cells, or None (the NumPy microsteps)."""
        cv, m = lv.cv, lv.cv.model
        fast = cv._fast_plan()
        if fast is None or not cvode_fast.ENABLED or not cvode_fast.Run.usable(cv, fast):
            return None
        if cv.condition_order != 1:
            return None         # (crossings interpolated between evaluations: NumPy's)
        pr = m.playrec
        if pr is not None and pr._crec or fast.plan.plays or cv.layout.nonode:
            return None         # (continuous records and plays, SEClamp/APCount: NumPy's)
        net = m.__dict__.get('_net')
        if net is not None and net.__dict__.get('watch_list'):
            return None
        if any(mt.at_time_dynamic for mt, _ in cv.layout.active):
            return None         # (a .mod's at_time: the NumPy microsteps' cell init)
        nc = m.ncell
        if len(lv.cells) != nc or any(int(lv.owner[c.idx[0]]) != k
                                      for k, c in enumerate(lv.cells)):
            return None
        root = lv.cell_of_node
        n = len(m.v)
        spans = [_span(c, nc + np.flatnonzero(root[nc:] == c)) for c in range(nc)]
        where = root[fast.capnode]
        caps = [np.flatnonzero(where == c) for c in range(nc)]
        cut = np.zeros((nc, 2 * len(fast.plan.mechs)), dtype=np.intp)
        for k, (mt, blk) in enumerate(fast.plan.mechs):
            if blk is None or not blk.n:
                continue
            rk = _runs(root[np.asarray(blk.node, dtype=np.intp)], nc)
            if rk is None:
                return None
            cut[:, 2 * k], cut[:, 2 * k + 1] = rk
        nocap = fast.nocap
        where = root[nocap]
        nocaps = [np.ascontiguousarray(nocap[where == c]) for c in range(nc)]
        pos_local = np.full(n, -1, dtype=np.intp)
        for c in range(nc):
            pos_local[nocaps[c]] = np.arange(len(nocaps[c]))
        return Run(lv, fast, cut, spans, caps, nocaps, pos_local)

    def valid(self) -> bool:
        """Whether the model is still the one this run was cut from."""
        from . import fused
        cv, m = self.lv.cv, self.lv.cv.model
        if fused._key(m) != self.key or cv._fast is not self.fast or cv.condition_order != 1:
            return False
        pr = m.playrec
        net = m.__dict__.get('_net')
        return not ((pr is not None and pr._crec) or
                    (net is not None and net.__dict__.get('watch_list')))

    # ---------------------------------------------------------------- the scalars
    def pack(self) -> None:
        """The cells' Nordsieck scalars into fs and iv (the compiled run goes on from them)."""
        for c, cell in enumerate(self.lv.cells):
            cvode_fast.pack(cell.bdf, self.fs[c], self.iv[c])
        self.set_disc()

    def unpack(self, c: int) -> None:
        """Cell c's scalars back into its Nordsieck object (Python reads or goes on)."""
        cvode_fast.unpack(self.lv.cells[c].bdf, self.fs[c], self.iv[c])

    def set_disc(self) -> None:
        times = [sorted(c.disc) for c in self.lv.cells]
        start = np.zeros(len(times) + 1, dtype=np.intp)
        start[1:] = np.cumsum([len(t) for t in times])
        flat = np.array([x for t in times for x in t], dtype=float)
        self.disc = (start, flat)

    # ---------------------------------------------------------------- the run
    def _thresholds(self):
        lv = self.lv
        net = lv.cv.model.__dict__.get('_net')
        if net is None or not net.thr_presyns:
            return (_EMPTY_I, _EMPTY_F, np.zeros(0, dtype=np.bool_)), \
                (np.zeros(len(lv.cells) + 1, dtype=np.intp), _EMPTY_I)
        idx, val, flag = net._thr_arrays()
        if self.pkey is not net._cache_key:
            self.pkey = net._cache_key
            where = np.where(idx >= 0, lv.cell_of_node[np.maximum(idx, 0)], -1)
            start = np.zeros(len(lv.cells) + 1, dtype=np.intp)
            lists = [np.flatnonzero(where == lv.owner[c.idx[0]]) for c in lv.cells]
            start[1:] = np.cumsum([len(x) for x in lists])
            self.pcell = (start, np.concatenate(lists).astype(np.intp) if lists else _EMPTY_I)
        return (np.ascontiguousarray(idx, dtype=np.intp), val, flag), self.pcell

    def arm(self) -> None:
        """The compiled events' table made where there is none (before the next event's
        time and the bounds are read: it takes the table's events from Python's queue)."""
        if self.net.table is None:
            self.net.build(*self._thresholds())

    def init_cells(self) -> int:
        """The cells whose init flag is set initialized at their times (lv_run with a tout
        before every cell's: no step), as NetCvode::re_init does each integrator's; lv_run's
        code is loaded by its first call, so here, not in the first solve.  Returns lv_run's
        code (< 0: a cell's error weight is not positive)."""
        return self.run(-math.inf, -math.inf, False, self.lv.bounds(), self.lv.look)[0]

    def run(self, te: float, tout: float, one: bool, tev: np.ndarray,
            look: float) -> tuple[int, int]:
        """lv_run from the present state (tev, look: its bounds, see lv_run); (why it
        stopped, the cell)."""
        lv = self.lv
        cv = lv.cv
        m = cv.model
        thr, pcell = self._thresholds()
        cnt = lv.counts
        before = cnt.sum(axis=0)
        self.gdt[0] = m.dt
        margs = self.margs
        if margs is None:       # (read at each solve and after a callback)
            margs = self.margs = self.plan.mech_args()
        net = self.net.args(thr, pcell, one)
        q = lv.queue
        args = (self.Bs, self.Ps, margs, self.cut, self.R, thr, pcell, lv.ctl,
                self.disc, cnt, self.gdt, float(te), float(tout), bool(one), tev,
                float(look), q.arrays, net)
        if self.entry is not None:
            code, c = self.entry(*args)
        else:
            drv = self.plan.driver
            code, c = drv.lv_run(*args)
            from .fused import _entry_point
            self.entry = _entry_point(drv.lv_run)
        self.net.spikes()
        nf = self.net.count()
        if code == ln.LV_QFULL:
            self.net.grow()
        d = (cnt.sum(axis=0) - before).tolist()
        st = cv.stats
        st['steps'] += d[cn.CVC_STEPS]
        st['nfev'] += d[cn.CVC_NFEV] + nf
        st['nsolve'] += d[cn.CVC_NSOLVE]
        st['interp'] += d[ln.LVC_INTERP]
        st['init'] += d[ln.LVC_INIT]
        st['init_disc'] += d[ln.LVC_DISC]
        m.dt = float(self.gdt[0])
        return int(code), int(c)


# ---------------------------------------------------------------- the compiled events
def _adds(mt, pp, model):
    """A point process's NET_RECEIVE as lv_deliver takes it: (state, coefficient) pairs,
    each state incremented by the weight times the coefficient; None where it does more
    (then Python delivers).  The built-in ExpSyn (g += w) and Exp2Syn (A, B += w*factor)."""
    from .mechanisms.synapses import Exp2SynType, ExpSynType
    if type(mt) is ExpSynType:
        return (('g', 1.0),)
    if type(mt) is Exp2SynType:
        f = model.pp_get(pp, 'factor')
        return (('A', f), ('B', f))
    return None


class Net:
    """lv_run's compiled events (its argument ``net``): the threshold sources whose sends it
    takes (``pok``: recorded in a Vector at most, every active NetCon's target a cell's
    ExpSyn or Exp2Syn) and their NetCons (delay, target cell, weight, the target's states
    and coefficients), the event heap and the spike log.  Made for each solve(tout); the
    heap's events go back to Python's queue (``flush``) before Python runs anything that
    may read or change them, and at the solve's end."""

    SPIKES = 1024

    def __init__(self, run: Run):
        self.run = run
        cap = 256
        self.hq = (np.zeros(cap), np.zeros(cap, dtype=np.int64), np.zeros(cap, dtype=np.int64))
        self.hi = np.zeros(5, dtype=np.int64)
        self.seen = (0, 0)              # hi's insertions and removals counted in Python's
        self.spk_t = np.zeros(self.SPIKES)
        self.spk_k = np.zeros(self.SPIKES, dtype=np.int64)
        self.ns = np.zeros(1, dtype=np.int64)
        self.ncs: list = []             # the NetCon objects of the table's rows
        self.pss: list = []             # the PreSyns in lv_run's order (pcell's list)
        self.table = None               # (pnc, delay, cell, w, ad_st, ad_kk, ad_j, coef, pok)
        self.off = None                 # the table of a run that takes none (fadvance)

    def build(self, thr, pcell) -> None:
        """The table from the NetCons as they are now (weights and delays included)."""
        lv = self.run.lv
        model = lv.cv.model
        net = model.__dict__.get('_net')
        plist = pcell[1]
        npre = len(plist)
        pok = np.zeros(npre, dtype=np.bool_)
        pnc = np.zeros(npre + 1, dtype=np.int64)
        dl, cl, wl, ast, akk, aj, ac = [], [], [], [0], [], [], []
        ncs = []
        pss = net.thr_presyns if net is not None else []
        idx = thr[0]
        rowk = self.run.rowk
        for k in range(npre):
            j = int(plist[k])
            ps = pss[j]
            ok = (idx[j] >= 0 and ps.stmt is None and ps.spike_out is None
                  and not ps.use_min_delay)
            mine = []
            for d in (ps.live_dil() if ok else ()):
                tgt = d._target
                if not d._active or tgt is None:
                    continue
                mt = tgt._mtype
                adds = _adds(mt, tgt, model) if tgt._slot >= 0 else None
                c = lv._cell_of_sec(tgt._sec) if adds is not None else None
                if c is None:
                    ok = False
                    break
                rk = []
                for name, coef in adds:
                    r = rowk.get((c, mt.name, name))
                    if r is None:
                        break
                    rk.append((r[0], tgt._slot - r[1], coef))
                if len(rk) != len(adds):
                    ok = False
                    break
                mine.append((d, c, rk))
            if ok:
                pok[k] = True
                for d, c, rk in mine:
                    ncs.append(d)
                    dl.append(d._delay)
                    cl.append(c)
                    wl.append(float(d.weight[0]))
                    for kk, jj, coef in rk:
                        akk.append(kk)
                        aj.append(jj)
                        ac.append(coef)
                    ast.append(len(akk))
            pnc[k + 1] = len(ncs)
        self.ncs = ncs
        self.pss = [pss[int(j)] for j in plist]
        I = np.int64
        self.table = (pnc, np.array(dl, dtype=float), np.array(cl, dtype=I),
                      np.array(wl, dtype=float), np.array(ast, dtype=I),
                      np.array(akk, dtype=I), np.array(aj, dtype=I),
                      np.array(ac, dtype=float), pok)
        if net is not None and ncs:
            self.pull(net.queue)

    def pull(self, q) -> None:
        """The events of the table's NetCons waiting in Python's queue (a previous solve's)
        into the (empty) heap, in the queue's order: a sorted array is a heap."""
        if self.hi[0] or (q.least is None and not q._heap):
            return
        row = {id(d): n for n, d in enumerate(self.ncs)}
        items = [(it.t, 0, 0, it) for it in (q.least,) if it is not None]
        items += [(x[2].t, 1, x[1], x[2]) for x in q._heap
                  if x[2].in_tree and x[2].seq == x[1]]
        mine = sorted((x for x in items if id(x[3].ev) in row and x[3].ev is
                       self.ncs[row[id(x[3].ev)]]), key=lambda x: x[:3])
        n = len(mine)
        if not n:
            return
        while len(self.hq[0]) < n:
            self.grow()
        ht, hs, hn = self.hq
        s0 = int(self.hi[1])
        for i, x in enumerate(mine):
            q.remove(x[3])
            ht[i] = x[0]
            hs[i] = s0 + i
            hn[i] = row[id(x[3].ev)]
        q.nstat[2] -= n                 # (moved, not delivered)
        self.run.lv.tev_key = None      # (Local.bounds: the queue's events changed)
        self.hi[0] = n
        self.hi[1] = s0 + n
        self.seen = (self.seen[0] + n, self.seen[1])

    def args(self, thr, pcell, one: bool):
        """lv_run's ``net`` (a fadvance's run: no compiled events)."""
        if one or self.table is None:
            tab = self.off
            if tab is None or len(tab[0]) != len(pcell[1]) + 1:
                n = len(pcell[1])
                I = np.int64
                tab = self.off = (np.zeros(n + 1, dtype=I), _EMPTY_F, np.zeros(0, dtype=I),
                                  _EMPTY_F, np.zeros(1, dtype=I), np.zeros(0, dtype=I),
                                  np.zeros(0, dtype=I), _EMPTY_F, np.zeros(n, dtype=np.bool_))
        else:
            tab = self.table
        return (self.hq, self.hi) + tab + (self.spk_t, self.spk_k, self.ns)

    def count(self) -> int:
        """The heap's insertions and removals into the queue's counts (cvode.statistics);
        returns the f evaluations the model's count (not the cells') differs by from what
        lv_run counted: Python's delivery counts one of the model, a retreat the cell's."""
        hi = self.hi
        nf = int(hi[3] - hi[4])
        hi[3] = hi[4] = 0
        i, r = int(hi[1]), int(hi[2])
        if (i, r) != self.seen:
            net = self.run.lv.cv.model.__dict__.get('_net')
            if net is not None:
                st = net.queue.nstat
                st[0] += i - self.seen[0]
                st[2] += r - self.seen[1]
            self.seen = (i, r)
        return nf

    def spikes(self) -> None:
        """The logged crossings to Python: each source's flag, and a crossing from below
        recorded (PreSyn.record)."""
        n = int(self.ns[0])
        if not n:
            return
        self.ns[0] = 0
        pss = self.pss
        for t, k in zip(self.spk_t[:n].tolist(), self.spk_k[:n].tolist()):
            if k >= 0:
                ps = pss[k]
                ps.flag = True
                ps.record(t)
            else:
                pss[-k - 1].flag = False

    def grow(self) -> None:
        cap = 2 * len(self.hq[0])
        self.hq = tuple(np.concatenate([a, np.zeros(cap - len(a), dtype=a.dtype)])
                        for a in self.hq)

    def flush(self) -> None:
        """The heap's events into Python's queue (in their order) and the table dropped
        (made again from the NetCons as they are then)."""
        n = int(self.hi[0])
        self.table = None
        if not n:
            return
        ht, hs, hn = self.hq
        order = np.lexsort((hs[:n], ht[:n]))
        net = self.run.lv.cv.model.__dict__.get('_net')
        for i in order.tolist():
            net.send(float(ht[i]), self.ncs[int(hn[i])])
        net.queue.nstat[0] -= n         # (counted when sent)
        self.run.lv.tev_key = None
        self.hi[0] = 0

    def clear(self) -> None:
        """No events (finitialize emptied the queue)."""
        self.hi[0] = 0
        self.ns[0] = 0
        self.seen = (int(self.hi[1]), int(self.hi[2]))
        self.table = None
