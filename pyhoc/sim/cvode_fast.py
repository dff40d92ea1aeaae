"""Stretches of variable steps in one compiled call (the numba backend's fast path of
CvodeState.continuerun).

Between the moments Python must act, CVode's microsteps are all alike: take the continuous
records' sample, take one BDF step, compute the model's variables at its end.  The driver
generated for the model's mechanisms (pyhoc.sim.contract) runs those in ``cv_run``
(pyhoc.sim.cvode_numba), with the Nordsieck object's own arrays and its scalars packed into
two arrays, and comes back when an event is due, a threshold changes side, an at_time stop is
reached, the step passed the next event, the run's end is reached or the record buffers are
full; Python then goes on with CvodeState's own microsteps.  The steps are pyhoc.sim.cvode_bdf's
step for step; the loop also runs the after_cvode procedures without a STATE before each step
(APCount, SEClamp: back to Python when one asks for mt.notify) and sets the continuous
Vector.play targets in each f.  Models the loop cannot take (no compiled f, condition_order 2,
fast_imem, active WATCHes, records read by Python) run microstep by microstep in Python.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import cvode_numba as cn

if TYPE_CHECKING:
    from .cvode import CvodeState

ENABLED = True      # False: microstep by microstep in Python (tests compare the two)
_CHUNK = 4096       # samples per compiled call (bounds the record buffers)
_EMPTY_F = np.zeros(0)

_KINDS = {cn.CVE_TSTOP: 'tstop', cn.CVE_EWT: 'ewt', cn.CVE_ACC: 'acc', cn.CVE_ROUND: 'round',
          cn.CVE_CONV: 'conv', cn.CVE_ERRTEST: 'errtest'}


def failure(code: int, fs: np.ndarray) -> Exception:
    """The error of cv_run's (or lv_run's) failure ``code``, the integrator's scalars ``fs``
    at it, for pyhoc.sim.cvode.integrator_error."""
    from .cvode_bdf import BDFError
    if code == cn.CVE_SIMEQ:
        return BDFError('simeq: singular matrix')
    kind = _KINDS.get(code)
    if kind is None:
        return BDFError('CVode: error %d at t = %g' % (code, fs[0]))
    h = cn.FLOATS.index('hprime' if kind == 'round' else 'h')     # (the step the test saw)
    return BDFError.step_failed(kind, float(fs[cn.FLOATS.index('tn')]), float(fs[h]))


def pack(bdf, fs: np.ndarray, iv: np.ndarray) -> None:
    """The Nordsieck object's scalars into cv_run's fs and iv."""
    d = bdf.__dict__
    for k, name in enumerate(cn.FLOATS):
        fs[k] = d.get(name, 0.0)
    for k, name in enumerate(cn.INTS):
        iv[k] = d.get(name, 0)


def unpack(bdf, fs: np.ndarray, iv: np.ndarray) -> None:
    """fs and iv back into the Nordsieck object (Python goes on from them)."""
    d = bdf.__dict__
    for j, name in enumerate(cn.FLOATS):
        d[name] = float(fs[j])
    for j, name in enumerate(cn.INTS):
        d[name] = int(iv[j])
    d['forceSetup'] = bool(iv[cn.CVI_FORCESETUP])
    d['jcur'] = bool(iv[cn.CVI_JCUR])


class Run:
    """cv_run's arguments for one layout of a model with a compiled f (cvode._Fast)."""

    def __init__(self, cv: 'CvodeState', fast):
        from .typed_lists import array_list
        m, L, plan = cv.model, cv.layout, fast.plan
        self.cv, self.fast, self.plan = cv, fast, plan
        cap = m.blocks.get('capacitance')
        icap = cap.arrays['i_cap'] if cap is not None else _EMPTY_F
        rows, offs = [], []
        for mt, blk, names, off in L.slots:
            for k, s in enumerate(names):
                rows.append(blk.arrays[s])
                offs.append(off + k * blk.n)
        self.P = (m.v, m.a, m.b, m.rhs, m.d, fast.parent, m.area, fast.span, fast.dmem,
                  L.cm, fast.capnode, L.cm3, fast.nocap, fast.pos_of, icap,
                  array_list(rows or [_EMPTY_F]), np.array(offs, dtype=np.intp), fast.diag,
                  fast.offs, _EMPTY_F, _EMPTY_F,
                  np.array([blk is not None and blk.n > 0 for mt, blk in plan.mechs]),
                  plan._no_play)        # (each call: the plays as they are then)
        self.thr = plan.thr[:3]
        self.nrec = len(plan.rec_idx)
        self.chunk = max(16, min(_CHUNK, (1 << 20) // max(self.nrec, 1)))
        self.rec_buf = np.empty((self.nrec, self.chunk))
        self.t_buf = np.empty(self.chunk)
        self.R = (plan.rec_srcs, plan.rec_src, plan.rec_idx, self.rec_buf, self.t_buf)
        self.ctl = np.zeros(4)
        self.cnt = np.zeros(3, dtype=np.int64)
        self.fs = np.zeros(len(cn.FLOATS))
        self.iv = np.zeros(len(cn.INTS), dtype=np.int64)
        self.bdf = None
        self.B = None
        self.entry = None

    @staticmethod
    def usable(cv: 'CvodeState', fast) -> bool:
        m, L, plan = cv.model, cv.layout, fast.plan
        if cv.condition_order != 1 or len(plan.fim[0]) or plan.py_sample or L.ion_states \
                or L.synonyms:  # (cv_f scatters into the states' rows only)
            return False
        for mt, blk, names, off in L.slots:
            for s in names:
                a = blk.arrays[s]
                if not (a.flags.c_contiguous and a.dtype == np.float64):
                    return False
        return len(L.capnode) == 0 or m.blocks.get('capacitance') is not None

    def _bind(self, bdf) -> None:
        if self.bdf is not bdf:
            self.bdf = bdf
            order = bdf.order if bdf.order is not None else np.zeros(0, dtype=np.intp)
            self.B = (bdf.zn, bdf.ewt, bdf.acor, bdf.y, bdf.tempv, bdf.ftemp, bdf.l, bdf.tq,
                      bdf.tau, bdf.atol, self.fs, self.iv, order)

    def steps(self, te: float, ts: float, nmax: int, group: int, phase: int) -> int:
        """At most nmax plain microsteps (each one fadvance) from cv's present state before
        the next event te, while t < ts (tested when phase, counted modulo group, is 0);
        the number taken (0: the next microstep is not plain, Python's must run)."""
        cv = self.cv
        m = cv.model
        bdf = cv.bdf
        self._bind(bdf)
        pack(bdf, self.fs, self.iv)
        ctl = self.ctl
        ctl[0], ctl[1], ctl[2], ctl[3] = cv.tcur, cv.tn, cv.t0, m.dt
        cnt = self.cnt
        cnt[:] = 0
        pr = m.playrec
        if pr is not None and pr._dirty:
            pr._live()
        plan = self.plan
        play = plan._play_args()
        P = self.P[:-1] + (play,) if plan.plays else self.P
        args = (self.B, P, plan.mech_args(), self.R, self.thr, ctl, cnt, float(te),
                float(ts), float(cv.tstop), int(nmax), int(group), int(phase))
        if self.entry is not None:
            code, k = self.entry(*args)
        else:
            drv = self.plan.driver
            try:
                code, k = drv.cv_run(*args)
            except Exception:       # (not compiled: nothing ran) the Python microsteps
                cv._run = (self.fast, cv.condition_order, None)
                return 0
            from .fused import _entry_point
            self.entry = _entry_point(drv.cv_run)
        unpack(bdf, self.fs, self.iv)
        for (it, _, _), lk in zip(plan.plays, play[7].tolist()):
            it.last = lk
        st = cv.stats
        st['steps'] += int(cnt[cn.CVC_STEPS])
        st['nfev'] += int(cnt[cn.CVC_NFEV])
        st['nsolve'] += int(cnt[cn.CVC_NSOLVE])
        if k:
            self._store(k)
        if code == cn.CV_NOTIFY:        # (at the time the procedures ran: the last sample's)
            tsav = m.t
            m.t = float(self.t_buf[k - 1])
            for mt, blk in cv.layout.nonode:
                mt.notify(blk)
            m.t = tsav
        if cnt[cn.CVC_STEPS]:
            m.t = cv.tcur = float(ctl[0])
            cv.tn, cv.t0 = float(ctl[1]), float(ctl[2])
            m.dt = float(ctl[3])
            cv.can_retreat = True
            if pr is not None:
                pr.t_hoc = m.t
        if code < 0:
            from .cvode import integrator_error
            raise integrator_error(m, failure(code, self.fs), cv) from None
        nst = int(cnt[cn.CVC_STEPS])
        if nst:
            te = cv._next_event()           # the microstep's end: back to the next event
            if te < cv.tcur:
                cv.interpolate(te)
        return nst

    def _store(self, k: int) -> None:
        plan = self.plan
        for j, (it, _, _) in enumerate(plan.v_recs):
            vec = it.vec(0)
            if vec is not None:
                vec._extend(self.rec_buf[j, :k])
        for it in plan.t_recs:
            vec = it.vec(0)
            if vec is not None:
                vec._extend(self.t_buf[:k])
