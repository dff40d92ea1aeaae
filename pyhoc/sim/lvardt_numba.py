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

from .cvode_numba import (CV_EPS100, CV_ETAMX1, CVC_NFEV, CVF_ACNRM, CVF_CRATE, CVF_ETA,
                          CVF_ETAMAX, CVF_GAMMA, CVF_GAMMAP, CVF_GAMRAT, CVF_H, CVF_HPRIME,
                          CVF_HSCALE, CVF_HU, CVF_RTOL, CVF_SAVED_TQ5, CVF_TN, CVF_TOLSF,
                          CVI_FORCESETUP, CVI_JCUR, CVI_L, CVI_NSCON, CVI_NST, CVI_NSTLP, CVI_Q,
                          CVI_QPRIME, CVI_QU, CVI_QWAIT, CVT_DT, CVT_T0, CVT_TCUR, CVT_TN,
                          cv_dky, cv_ewt_set, cv_f, cv_fdt, cv_run)
from .cellqueue import CQ_LEAST, cq_replay, cq_sync, cq_sync1
from .kcall import borrow_all

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
LV_FLUSH = 3        # the spike log is full: Python records it and calls again
LV_QFULL = 4        # the event heap is full: Python makes it larger and calls again
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
    row[CVT_DT] = cv_fdt(fs[CVF_H])
    cv_f(t0, zn[0], ftemp, True, P, M, row, cnt)
    return True


def lv_push(hq, hi, t, n):
    """NetCon n's event at t into the heap hq (times, insertion numbers, NetCons), ordered
    by time, first in first out at a tie; hi: its size, the insertions and the removals so
    far, then lv_deliver's counts."""
    ht, hs, hn = hq
    s = hi[1]
    hi[1] += 1
    i = hi[0]
    hi[0] = i + 1
    while i > 0:
        p = (i - 1) >> 1
        if ht[p] < t or (ht[p] == t and hs[p] < s):
            break
        ht[i] = ht[p]
        hs[i] = hs[p]
        hn[i] = hn[p]
        i = p
    ht[i] = t
    hs[i] = s
    hn[i] = n


def lv_pop(hq, hi):
    """The heap's first event taken out: its NetCon."""
    ht, hs, hn = hq
    first = hn[0]
    m = hi[0] - 1
    hi[0] = m
    hi[2] += 1
    if m > 0:
        t = ht[m]
        s = hs[m]
        n = hn[m]
        i = 0
        while True:
            c = 2 * i + 1
            if c >= m:
                break
            if c + 1 < m and (ht[c + 1] < ht[c] or (ht[c + 1] == ht[c] and hs[c + 1] < hs[c])):
                c += 1
            if t < ht[c] or (t == ht[c] and s < hs[c]):
                break
            ht[i] = ht[c]
            hs[i] = hs[c]
            hn[i] = hn[c]
            i = c
        ht[i] = t
        hs[i] = s
        hn[i] = n
    return first


def lv_interp(td, B, P, row, crow, hi):
    """Local's _Cell.interpolate compiled: the cell (ahead of td) back to td, its state
    written into the model (its history left alone); hi[4] counts the retreats' f (the
    cell's count only: Python's delivery counts one f of the model, hi[3])."""
    t = row[CVT_TCUR]
    if row[LVT_STEPPED] == 0.0 or abs(td - t) <= CV_EPS100 * abs(t):
        row[CVT_TCUR] = td
        return
    if td < t:
        crow[CVC_NFEV] += 1
        hi[4] += 1
    tout = min(max(td, row[CVT_T0]), row[CVT_TN])
    crow[LVC_INTERP] += 1
    y = B[3]
    cv_dky(tout, y, B[0], B[10], B[11])
    v, capnode, srows, soff = P[0], P[10], P[15], P[16]
    for j in range(capnode.shape[0]):
        v[capnode[j]] = y[j]
    for kk in range(soff.shape[0]):
        r = srows[kk]
        o = soff[kk]
        for j in range(r.shape[0]):
            r[j] = y[o + j]
    row[CVT_TCUR] = tout


def lv_deliver(td, Bs, Ps, ctl, cnt, net, dl, chg):
    """Local._deliver compiled for the heap's events due at td (NetCons whose targets'
    NET_RECEIVE adds weight times a coefficient to states): the target cells back to td,
    the events delivered in order, each target cell restarted at td (NetCon::deliver's
    set_init_flag, a weight of 0 too)."""
    hq, hi, pnc, nc_del, nc_cell, nc_w, ad_st, ad_kk, ad_j, ad_coef, pok, spk_t, spk_k, ns = net
    hi[3] += 1
    nd = 0
    while hi[0] > 0 and hq[0][0] <= td:
        dl[nd] = lv_pop(hq, hi)
        nd += 1
    for i in range(nd):
        k = nc_cell[dl[i]]
        if ctl[k, CVT_TCUR] > td:
            lv_interp(td, Bs[k], Ps[k], ctl[k], cnt[k], hi)
    for i in range(nd):
        n = dl[i]
        k = nc_cell[n]
        rows = Ps[k][15]
        w = nc_w[n]
        for a in range(ad_st[n], ad_st[n + 1]):
            r = rows[ad_kk[a]]
            j = ad_j[a]
            r[j] += w * ad_coef[a]
        chg[k] = True
    for i in range(nd):
        k = nc_cell[dl[i]]
        if chg[k]:
            chg[k] = False
            ctl[k, LVT_INIT] = 1.0
            ctl[k, CVT_TCUR] = td


def lv_run(Bs, Ps, M, cut, R, thr, pcell, ctl, disc, cnt, gdt, te, tout, one, tev, look,
           q, net):
    """Local microsteps until Python must act: returns (why, cell).  ``thr`` is the
    NetState's threshold arrays (index into v, value, flag), ``pcell`` = (start, list) each
    cell's sources in them; ``disc`` = (start, times) each cell's at_time times; ``cnt``
    each cell's statistics (a row per cell, columns CVC_* and LVC_*); ``gdt[0]``
    the model's dt (the last step's size, whichever cell took it); ``R`` cv_run's records
    argument (none: the compiled path takes no continuous record; its buffers' length
    bounds one cv_run call).  ``one``: stop once the least time moved (one
    fadvance), else at tout.  ``te`` is the next event's time, ``tev[c]`` the next time of
    an event that may change cell c (te or later), ``look`` the least delay of an event a
    cell not yet past ``min(t2, te)`` can cause (the least NetCon delay).  ``net``: the
    compiled events (pyhoc.sim.lvardt_fast.Net): a threshold source with ``pok`` sends
    here (its crossings logged in spk_t, spk_k for Python's records), into the heap whose
    events lv_deliver delivers; Python's queue (``te``) goes first at a tie.  ``q``: the
    cells' queue (pyhoc.sim.cellqueue's arrays, the NumPy microsteps' too): whose turn it is.

    The least cell steps on in one cv_run call up to ``min(t2, te) + look`` (t2: the other
    cells' least time), tout and ``tev[c]`` (``one``: one step): no event can reach it
    before, so its last step still spans the time of any event that comes to it, as in
    NEURON's order of one step of the least cell at a time (a cell's steps depend on its
    own state and what is delivered to it only).  Those steps go to the queue as steps
    ahead, taken there one a turn (the cell's threshold checked at the last one): the turns,
    and so the order of simultaneous spikes, are NEURON's.  A ``tout`` before every cell's
    time initializes the cells whose flag is set, at their times, and returns."""
    M = borrow_all(M)           # (the caller's arrays: no reference counts below)
    cut, R, ctl, cnt, gdt, tev, net = borrow_all((cut, R, ctl, cnt, gdt, tev, net))
    qt, qseq, qst, qhp, qpos, pend, pst = borrow_all(q)
    times = ctl[:, CVT_TCUR]
    tbuf = R[4]
    tidx, tval, tflag = borrow_all(thr)
    pcst, plist = borrow_all(pcell)
    dst, dts = borrow_all(disc)
    ncell = ctl.shape[0]
    cq_sync(qt, qseq, qst, qhp, qpos, pend, pst, times)
    tenter = qt[qst[CQ_LEAST]]
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
    hq, hi, pnc, nc_del, nc_cell, nc_w, ad_st, ad_kk, ad_j, ad_coef, pok, spk_t, spk_k, ns = net
    dl = np.empty(hq[0].shape[0], dtype=np.int64)
    chg = np.zeros(ncell, dtype=np.bool_)
    if tout < tenter:           # the integrators' init only (Local.init_all: re_init)
        for c in range(ncell):
            row = ctl[c]
            if row[LVT_INIT] != 0.0:
                B = Bs[c]
                P = Ps[c]
                lv_mech_cut_text()
                row[CVT_DT] = gdt[0]
                if not lv_init(row[CVT_TCUR], B, P, Mc, row, cnt[c],
                               dts[dst[c]:dst[c + 1]]):
                    return LV_EWT, c
        return LV_DONE, 0
    c = -1                          # (the cell that moved last; -1: any of them)
    while True:
        if c < 0:                   # (the cells' moves since, in cell order)
            cq_sync(qt, qseq, qst, qhp, qpos, pend, pst, times)
        else:
            cq_sync1(qt, qseq, qst, qhp, qpos, pend, pst, times, c)
        c = qst[CQ_LEAST]
        tc = qt[c]                  # (its time in the queue: behind its own with steps ahead)
        hm = hq[0][0] if hi[0] > 0 else math.inf
        tem = min(te, hm)
        if one:
            if tc > tenter:
                return LV_DONE, c
        elif tc >= tout and tem >= tout:
            return LV_DONE, c
        if tem <= tc:
            if hm < te:
                lv_deliver(hm, Bs, Ps, ctl, cnt, net, dl, chg)
                c = -1
                continue
            return LV_EVENT, c
        if pst[c, 0] < pst[c, 1]:
            cq_replay(qt, qseq, qst, qhp, qpos, pend, pst, c)
            continue
        p0, p1 = pcst[c], pcst[c + 1]
        sent = False
        for k in range(p0, p1):
            above = (v[gidx[k]] - gval[k]) > 0.0
            if above != gflag[k]:
                if not pok[k]:
                    return LV_COND, c
                if ns[0] >= spk_t.shape[0]:
                    return LV_FLUSH, c
                if above and hi[0] + pnc[k + 1] - pnc[k] > hq[0].shape[0]:
                    return LV_QFULL, c
                gflag[k] = above
                tflag[plist[k]] = above
                spk_t[ns[0]] = tc
                spk_k[ns[0]] = k if above else -k - 1
                ns[0] += 1
                if above:
                    for n in range(pnc[k], pnc[k + 1]):
                        lv_push(hq, hi, tc + nc_del[n], n)
                sent = True
        if sent:
            continue
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
            gdt[0] = row[CVT_DT]
            continue
        if tc < row[CVT_TN]:                # interpolated back: on from the step's end
            if row[LVT_STEPPED] != 0.0 and abs(row[CVT_TN] - tc) > CV_EPS100 * abs(tc):
                crow[LVC_INTERP] += 1
            row[CVT_TCUR] = row[CVT_TN]
            zn = B[0]
            row[CVT_DT] = cv_fdt(B[10][CVF_H])
            gdt[0] = row[CVT_DT]
            cv_f(row[CVT_TN], zn[0], zn[0], False, P, Mc, row, crow)
            continue
        if tc >= row[LVT_TSTOP] - CV_EPS100 * abs(tc):     # at an at_time stop: restart
            crow[LVC_DISC] += 1
            ts = row[LVT_TSTOP]
            if not lv_init(ts + 1.5 * CV_EPS100 * abs(ts), B, P, Mc, row, crow, cdisc):
                return LV_EWT, c
            gdt[0] = row[CVT_DT]
            continue
        t2 = math.inf               # the least time of the other cells (their own)
        for i in range(ncell):
            if i != c and times[i] < t2:
                t2 = times[i]
        ts = t2 if one else min(min(t2, tem) + look, tout)
        tce = te if one else tev[c]
        for i in range(hi[0]):
            if hq[0][i] < tce and nc_cell[hq[2][i]] == c:
                tce = hq[0][i]
        nmax = min(tbuf.shape[0], pend.shape[1])
        if one or not tc < ts:              # (a tie: the least cell takes one step)
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
            for j in range(1, k):           # (the steps' ends, for the queue)
                pend[c, j - 1] = tbuf[j]
            pend[c, k - 1] = row[CVT_TCUR]
            pst[c, 0] = 0
            pst[c, 1] = k


def lv_lists(zn, ewt, acor, y, tempv, ftemp, l, tq, tau, atol, fs, iv, G, span, capnode, cm,
             cm3, nocap, icap, soff, diag, offs, present, rows, rstart):
    """lv_run's per-cell tuples (typed Lists filled here: filled from Python, a typed List
    of a new item type compiles its methods in every process).  zn ... atol: the cells'
    Nordsieck arrays, a list each; fs, iv: a row per cell; G: the model's arrays (v, a, b,
    rhs, d, parent, area, dmem, pos_of, sr, sd), the plays and the norms' order (empty: a
    cell's own); span ... present: a list each of the cells' own; rows: the cells' state
    rows, cell c's from rstart[c].  Every array in them is borrowed (kcall.borrow_all): the
    caller keeps them."""
    v, a, b, rhs, d, parent, area, dmem, pos_of, sr, sd, play, order = G
    Bs = List()
    Ps = List()
    for c in range(len(zn)):
        Bs.append(borrow_all((zn[c], ewt[c], acor[c], y[c], tempv[c], ftemp[c], l[c], tq[c],
                              tau[c], atol[c], fs[c], iv[c], order)))
        r = List()
        for k in range(rstart[c], rstart[c + 1]):
            r.append(borrow_all(rows[k]))
        Ps.append(borrow_all((v, a, b, rhs, d, parent, area, span[c], dmem, cm[c], capnode[c],
                              cm3[c], nocap[c], pos_of, icap[c], r, soff[c], diag[c], offs[c],
                              sr, sd, present[c], play)))
    return Bs, Ps


DRIVER = (lv_run, cv_cut, lv_lists)       # the driver's source (with what they reach)
