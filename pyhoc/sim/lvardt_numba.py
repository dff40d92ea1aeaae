"""The local variable time step's microsteps compiled (pyhoc.sim.lvardt's Local.microstep
for the numba backend): the cell with the least time, its threshold check, its
initialization, its return to the end of a step it was interpolated back from, its restart
past an at_time stop, and its step, one after another until Python must act (an event is
due, a threshold changed side, the run's end).

Nothing is compiled here: like pyhoc.sim.cvode_numba, these functions are part of the source
of the driver that pyhoc.sim.contract generates for the model's mechanisms, where the
placeholder line ``lv_mech_cut_text()`` becomes ``Mc = (cv_cut(M[0], ...), ...)``: each
mechanism type's arguments cut to the chosen cell's instances (``cut[c, 2m:2m+2]``).  A cell's
step is the global method's own compiled step (cvode_numba.cv_run, one microstep) on the
cell's part of the model: its nodes (``span``), its Nordsieck arrays and its instances.
The per-cell scalars live in ``ctl`` (a row per cell: cv_run's tcur, tn, t0, dt, then the
columns below) and in the rows of the Nordsieck scalars' arrays (fs, iv), packed and read by
pyhoc.sim.lvardt_fast.
"""
from __future__ import annotations

import math

import numpy as np
from numba.typed import List

from .cvode_numba import (CV_EPS100, CV_ETAMX1, CVF_ACNRM, CVF_CRATE, CVF_ETA,
                          CVF_ETAMAX, CVF_GAMMA, CVF_GAMMAP, CVF_GAMRAT, CVF_H, CVF_HPRIME,
                          CVF_HSCALE, CVF_HU, CVF_RTOL, CVF_SAVED_TQ5, CVF_TN, CVF_TOLSF,
                          CVI_FORCESETUP, CVI_JCUR, CVI_L, CVI_NSCON, CVI_NST, CVI_NSTLP, CVI_Q,
                          CVI_QPRIME, CVI_QU, CVI_QWAIT, CVT_DT, CVT_T0, CVT_TCUR, CVT_TN,
                          cv_ewt_set, cv_f, cv_run)

# ctl's columns after cv_run's four
LVT_TSTOP, LVT_INIT, LVT_STEPPED, LVT_NSTEPS = 4, 5, 6, 7
LVT_N = 8
# cnt's columns (a row per cell) after cv_run's three (steps, nfev, nsolve)
LVC_INTERP, LVC_INIT, LVC_DISC = 3, 4, 5
LVC_N = 6

# lv_run's return (with the cell it stopped at); < 0: cv_run's BDF error for that cell
LV_DONE = 0         # every cell reached tout (or, ``one``, the least time moved)
LV_EVENT = 1        # an event is due at or before the least cell's time: Python delivers
LV_COND = 2         # a threshold of the cell changed side: Python's check sends
LV_EWT = -2         # (cvode_numba.CVE_EWT) a non-positive error weight at an init


def cv_cut(Mm, lo, hi):
    """A mechanism type's kernel arguments for its instances lo..hi-1."""
    return (Mm[0][lo:hi], Mm[1][:, lo:hi], Mm[2][lo:hi], Mm[3][:, lo:hi], Mm[4], Mm[5],
            Mm[6])


def lv_init(t0, B, P, M, row, cnt, disc):
    """Local's _Cell.init compiled: the cell's integrator restarted at t0 from the model's
    state (CVodeReInit, then f for the assigned variables), its next at_time stop found in
    its own sorted discontinuities ``disc``.  False if an error weight is not positive."""
    zn, ewt, acor, y, tempv, ftemp, l, tq, tau, atol, fs, iv, order = B
    capnode, srows, soff = P[10], P[15], P[16]
    v = P[0]
    for j in range(capnode.shape[0]):
        zn[0, j] = v[capnode[j]]
    for kk in range(soff.shape[0]):
        r = srows[kk]
        o = soff[kk]
        for j in range(r.shape[0]):
            zn[0, o + j] = r[j]
    fs[CVF_TN] = t0
    iv[CVI_Q] = 1
    iv[CVI_L] = 2
    iv[CVI_QWAIT] = 2
    fs[CVF_ETAMAX] = CV_ETAMX1
    iv[CVI_QU] = 0
    fs[CVF_HU] = 0.0
    fs[CVF_TOLSF] = 1.0
    iv[CVI_NST] = 0
    fs[CVF_H] = fs[CVF_HSCALE] = fs[CVF_HPRIME] = 0.0
    fs[CVF_ETA] = 1.0
    iv[CVI_QPRIME] = 1
    fs[CVF_CRATE] = 1.0
    fs[CVF_GAMMA] = fs[CVF_GAMMAP] = fs[CVF_GAMRAT] = 0.0
    iv[CVI_NSTLP] = 0
    iv[CVI_FORCESETUP] = 0
    iv[CVI_JCUR] = 0
    fs[CVF_SAVED_TQ5] = 0.0
    iv[CVI_NSCON] = 0
    fs[CVF_ACNRM] = 0.0
    if not cv_ewt_set(zn[0], atol, ewt, fs[CVF_RTOL]):
        return False
    nxt = t0 + 1e5
    for td in disc:
        if t0 < td < nxt:
            nxt = td
    row[LVT_TSTOP] = nxt - CV_EPS100 * abs(nxt)
    row[CVT_TCUR] = row[CVT_TN] = row[CVT_T0] = t0
    row[LVT_INIT] = 0.0
    row[LVT_STEPPED] = 0.0
    cnt[LVC_INIT] += 1
    cv_f(t0, zn[0], ftemp, True, P, M, row, cnt)
    return True


def lv_run(Bs, Ps, M, cut, R, thr, pcell, ctl, disc, cnt, gdt, te, tout, one, tev, look):
    """Local microsteps until Python must act: returns (why, cell).  ``thr`` is the
    NetState's threshold arrays (index into v, value, flag), ``pcell`` = (start, list) each
    cell's sources in them; ``disc`` = (start, times) each cell's at_time times; ``cnt``
    each cell's statistics (a row per cell, columns CVC_* and LVC_*); ``gdt[0]``
    the model's dt (the last step's size, whichever cell took it); ``R`` cv_run's records
    argument (none: the compiled path takes no continuous record; its buffers' length
    bounds one cv_run call).  ``one``: stop once the least time moved (one
    fadvance), else at tout.  ``te`` is the next event's time, ``tev[c]`` the next time of
    an event that may change cell c (te or later), ``look`` the least delay of an event a
    cell not yet past ``min(t2, te)`` can cause (the least NetCon delay).

    The least cell steps on in one cv_run call up to ``min(t2, te) + look`` (t2: the other
    cells' least time), tout and ``tev[c]`` (``one``: one step): no event can reach it
    before, so its last step still spans the time of any event that comes to it, as in
    NEURON's order of one step of the least cell at a time (a cell's steps depend on its
    own state and what is delivered to it only)."""
    tidx, tval, tflag = thr
    pst, plist = pcell
    dst, dts = disc
    ncell = ctl.shape[0]
    tenter = ctl[0, CVT_TCUR]
    for i in range(1, ncell):
        tenter = min(tenter, ctl[i, CVT_TCUR])
    npre = plist.shape[0]           # the sources in cell order (the flags change in Python)
    gidx = np.empty(npre, dtype=tidx.dtype)
    gval = np.empty(npre)
    gflag = np.empty(npre, dtype=tflag.dtype)
    for k in range(npre):
        j = plist[k]
        gidx[k] = tidx[j]
        gval[k] = tval[j]
        gflag[k] = tflag[j]
    v = Ps[0][0]
    while True:
        c = 0
        tc = ctl[0, CVT_TCUR]
        t2 = math.inf               # the least time of the other cells
        for i in range(1, ncell):
            ti = ctl[i, CVT_TCUR]
            if ti < tc:
                t2 = tc
                c = i
                tc = ti
            elif ti < t2:
                t2 = ti
        if one:
            if tc > tenter:
                return LV_DONE, c
        elif tc >= tout and te >= tout:
            return LV_DONE, c
        if te <= tc:
            return LV_EVENT, c
        p0, p1 = pst[c], pst[c + 1]
        for k in range(p0, p1):
            if ((v[gidx[k]] - gval[k]) > 0.0) != gflag[k]:
                return LV_COND, c
        B = Bs[c]
        P = Ps[c]
        lv_mech_cut_text()
        row = ctl[c]
        crow = cnt[c]
        cdisc = dts[dst[c]:dst[c + 1]]
        row[CVT_DT] = gdt[0]
        if row[LVT_INIT] != 0.0:
            if not lv_init(tc, B, P, Mc, row, crow, cdisc):
                return LV_EWT, c
            continue
        if tc < row[CVT_TN]:                # interpolated back: on from the step's end
            if row[LVT_STEPPED] != 0.0 and abs(row[CVT_TN] - tc) > CV_EPS100 * abs(tc):
                crow[LVC_INTERP] += 1
            row[CVT_TCUR] = row[CVT_TN]
            zn = B[0]
            cv_f(row[CVT_TN], zn[0], zn[0], False, P, Mc, row, crow)
            continue
        if tc >= row[LVT_TSTOP] - CV_EPS100 * abs(tc):     # at an at_time stop: restart
            crow[LVC_DISC] += 1
            ts = row[LVT_TSTOP]
            if not lv_init(ts + 1.5 * CV_EPS100 * abs(ts), B, P, Mc, row, crow, cdisc):
                return LV_EWT, c
            continue
        ts = t2 if one else min(min(t2, te) + look, tout)
        tce = te if one else tev[c]
        nmax = R[4].shape[0]
        if one or not tc < ts:              # (a tie: the first cell takes one step)
            ts = math.inf
            nmax = 1
        code, k = cv_run(B, P, Mc, R, (gidx[p0:p1], gval[p0:p1], gflag[p0:p1]), row, crow,
                         tce, ts, row[LVT_TSTOP], nmax, 1, 0)
        if code < 0:
            return code, c
        if k:
            gdt[0] = row[CVT_DT]
            row[LVT_STEPPED] = 1.0
            row[LVT_NSTEPS] += k


def lv_lists(zn, ewt, acor, y, tempv, ftemp, l, tq, tau, atol, fs, iv, G, span, capnode, cm,
             cm3, nocap, icap, soff, diag, offs, present, rows, rstart):
    """lv_run's per-cell tuples (typed Lists filled here: filled from Python, a typed List
    of a new item type compiles its methods in every process).  zn ... atol: the cells'
    Nordsieck arrays, a list each; fs, iv: a row per cell; G: the model's arrays (v, a, b,
    rhs, d, parent, area, dmem, pos_of, sr, sd), the plays and the norms' order (empty: a
    cell's own); span ... present: a list each of the cells' own; rows: the cells' state
    rows, cell c's from rstart[c]."""
    v, a, b, rhs, d, parent, area, dmem, pos_of, sr, sd, play, order = G
    Bs = List()
    Ps = List()
    for c in range(len(zn)):
        Bs.append((zn[c], ewt[c], acor[c], y[c], tempv[c], ftemp[c], l[c], tq[c], tau[c],
                   atol[c], fs[c], iv[c], order))
        r = List()
        for k in range(rstart[c], rstart[c + 1]):
            r.append(rows[k])
        Ps.append((v, a, b, rhs, d, parent, area, span[c], dmem, cm[c], capnode[c], cm3[c],
                   nocap[c], pos_of, icap[c], r, soff[c], diag[c], offs[c], sr, sd,
                   present[c], play))
    return Bs, Ps


DRIVER = (lv_run, cv_cut, lv_lists)       # the driver's source (with what they reach)
