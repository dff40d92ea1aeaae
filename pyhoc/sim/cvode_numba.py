"""The variable step method's steps compiled: pyhoc.sim.cvode_bdf's BDF step and the plain
microsteps between the moments Python must act (events, threshold crossings, at_time stops,
the end of a run), for the numba backend.

Nothing is compiled here: the functions in DRIVER are part of the source of the driver module
that pyhoc.sim.contract generates for each set of mechanisms (cached on disk with it), where
the placeholder lines ``cv_mech_*_text()`` of cv_run become the bodies of that driver's
``mech_currents`` and ``mech_odes`` (and ``cv_f`` calls their inlined variants), so that no
call in the step loop passes the mechanisms' tuple M (about a microsecond each: numba
flattens it into hundreds of arguments, or counts a reference to each of its arrays, atomically,
when inlining).  Every operation mirrors
pyhoc.sim.cvode_bdf (the reference, also the NumPy backend's integrator) and CvodeState's
f, solve and microstep, in the same order, so both take the same steps.  The integrator's
scalars travel in two arrays (``fs``, ``iv``; names in FLOATS and INTS, packed and unpacked
by pyhoc.sim.cvode_fast); its arrays are the Nordsieck object's own.
"""
from __future__ import annotations

import math

import numpy as np

from .contract import FAIL, NOTIFY
from .cvode_kernels import axial, nocap_into, span_copy, span_zero, state_solve, tree_solve
from .kcall import borrow_all
from .kernels_numba import _play

FLOATS = ('tn', 'h', 'hscale', 'hprime', 'eta', 'etamax', 'hu', 'tolsf', 'crate', 'gamma',
          'gammap', 'gamrat', 'saved_tq5', 'acnrm', 'rl1', 'etaq', 'h0u', 'rtol', 'hmax_inv',
          'hmin')
INTS = ('q', 'L', 'qwait', 'qu', 'nst', 'qprime', 'nstlp', 'forceSetup', 'jcur', 'nscon',
        'nfe', 'nni', 'nsetups', 'netf', 'ncfn', 'nst_total', 'qmax')

(CVF_TN, CVF_H, CVF_HSCALE, CVF_HPRIME, CVF_ETA, CVF_ETAMAX, CVF_HU, CVF_TOLSF, CVF_CRATE,
 CVF_GAMMA, CVF_GAMMAP, CVF_GAMRAT, CVF_SAVED_TQ5, CVF_ACNRM, CVF_RL1, CVF_ETAQ, CVF_H0U,
 CVF_RTOL, CVF_HMAX_INV, CVF_HMIN) = range(20)
(CVI_Q, CVI_L, CVI_QWAIT, CVI_QU, CVI_NST, CVI_QPRIME, CVI_NSTLP, CVI_FORCESETUP, CVI_JCUR,
 CVI_NSCON, CVI_NFE, CVI_NNI, CVI_NSETUPS, CVI_NETF, CVI_NCFN, CVI_NST_TOTAL,
 CVI_QMAX) = range(17)

# ctl (float): the microstep's times and dt; cnt (int): CvodeState's statistics
CVT_TCUR, CVT_TN, CVT_T0, CVT_DT = range(4)
CVC_STEPS, CVC_NFEV, CVC_NSOLVE = range(3)

# cv_run's return: why it stopped (>= 0), or a BDF error (< 0, its message in cvode_fast)
CV_DONE = 0          # t reached the end, or an event is due now
CV_COND = 1          # a threshold changed side: Python's condition check runs
CV_DISC = 2          # at an at_time stop: Python re-initializes
CV_INTERP = 3        # the last step passed the next event: Python interpolates back
CV_FULL = 4          # the record buffers are full
CV_NOTIFY = 5        # an after_cvode procedure asked Python to look (mt.notify) before the
                     # last microstep's step, at the time of its record sample
CVE_TSTOP, CVE_EWT, CVE_ACC, CVE_ROUND, CVE_CONV, CVE_ERRTEST = -1, -2, -3, -4, -5, -6
CVE_SIMEQ = -7

# CVODE's constants (as pyhoc.sim.cvode_bdf)
CV_UROUND = 2.220446049250313e-16
CV_HLB, CV_HUB, CV_HBIAS, CV_MAXITERS = 100.0, 0.1, 0.5, 4
CV_CORTES = 0.1
CV_THRESH, CV_ETAMX1, CV_ETAMX2, CV_ETAMX3 = 1.5, 10000.0, 10.0, 10.0
CV_ETAMXF, CV_ETAMIN, CV_ETACF, CV_ADDON = 0.2, 0.1, 0.25, 0.000001
CV_BIAS1, CV_BIAS2, CV_BIAS3, CV_ONEPSM = 6.0, 6.0, 10.0, 1.000001
CV_SMALL_NST, CV_MXNCF, CV_MXNEF, CV_MXNEF1, CV_SMALL_NEF, CV_LONG_WAIT = 10, 10, 7, 3, 2, 10
CV_MAXCOR, CV_CRDOWN, CV_DGMAX, CV_RDIV, CV_MSBP = 3, 0.3, 0.3, 2.0, 20
CV_FUZZ = 100.0
CV_EPS100 = 100.0 * 2.220446049250313e-16
CV_SOLVED, CV_CONV_FAIL, CV_TRY_AGAIN = 0, -1, 99
CV_FIRST_CALL, CV_PREV_CONV_FAIL, CV_PREV_ERR_FAIL = 0, -1, -2


def cv_wrms(x, w, order):
    """cvode_bdf._wrms: summed in ``order`` (empty: as stored)."""
    n = x.shape[0]
    if n == 0:
        return 0.0
    s = 0.0
    if order.shape[0]:
        for k in range(n):
            i = order[k]
            xw = x[i] * w[i]
            s += xw * xw
    else:
        for i in range(n):
            xw = x[i] * w[i]
            s += xw * xw
    return math.sqrt(s / n)


# ------------------------------------------------------------------ the model: f and solve
def cv_fdt(h):
    """The dt of an f evaluation (Cvode::fun_thread): the step size h, 1e-8 while it is 0."""
    return h if h != 0.0 else 1e-8


def cv_f(t, y, ydot, want, P, M, ctl, cnt):
    """CvodeState.fun with the compiled kernels (cvode._Fast.fun): ydot = f(t, y) when
    ``want``, else only the model's variables at (t, y), at dt ctl[CVT_DT] (its callers set
    it: cv_fdt).  For f's rare uses (a first step and its initial step size, repeated error
    test failures); cv_run writes its own out."""
    (v, a, b, rhs, d, parent, area, span, dmem, cm, capnode, cm3, nocap, pos_of, icap,
     srows, soff, diag, offs, sr, sd, present, play) = borrow_all(P)
    M = borrow_all(M)
    cnt[CVC_NFEV] += 1
    nv = capnode.shape[0]
    for j in range(nv):
        v[capnode[j]] = y[j]
    for k in range(soff.shape[0]):
        r = srows[k]
        o = soff[k]
        for j in range(r.shape[0]):
            r[j] = y[o + j]
    if play[1].shape[0]:
        _play(t, play)
    span_zero(rhs, dmem, span)
    cv_mech_currents(t, ctl[CVT_DT], v, rhs, dmem, sr, sd, area, M, present)
    if nocap.shape[0]:
        nocap_into(v, rhs, dmem, nocap, pos_of, parent, a, b, span, np.empty(nocap.shape[0]),
                   np.empty(nocap.shape[0]))
    axial(v, rhs, a, b, parent, span)
    for j in range(nv):
        icap[j] = rhs[capnode[j]]
    if want:
        for j in range(nv):
            ydot[j] = rhs[capnode[j]] / cm3[j]
        cv_mech_odes(t, ctl[CVT_DT], v, rhs, area, M, present, ydot, diag, offs)


# ------------------------------------------------------------------ the BDF (cvode_bdf)
def cv_ewt_set(ycur, atol, ewt, rtol):
    n = ycur.shape[0]
    for i in range(n):
        tmp = atol[i] + rtol * abs(ycur[i]) if rtol else atol[i]
        if tmp <= 0.0:
            return False
    for i in range(n):
        tmp = atol[i] + rtol * abs(ycur[i]) if rtol else atol[i]
        ewt[i] = 1.0 / tmp
    return True


def cv_dky(t, out, zn, fs, iv):
    q = iv[CVI_Q]
    h = fs[CVF_H]
    s = (t - fs[CVF_TN]) / h if h != 0.0 else 0.0
    n = out.shape[0]
    for i in range(n):
        out[i] = zn[q, i]
    for j in range(q - 1, -1, -1):
        for i in range(n):
            x = out[i] * s
            out[i] = x + zn[j, i]


def cv_hin(tout, B, P, M, ctl, cnt):
    zn, ewt, acor, y, tempv, ftemp, l, tq, tau, atol, fs, iv, order = B
    tn = fs[CVF_TN]
    tdiff = tout - tn
    if tdiff == 0.0:
        return False
    sign = 1 if tdiff > 0 else -1
    tdist = abs(tdiff)
    tround = CV_UROUND * max(abs(tn), abs(tout))
    if tdist < 2.0 * tround:
        return False
    hlb = CV_HLB * tround
    n = y.shape[0]
    hub_inv = 0.0
    for i in range(n):
        temp1 = CV_HUB * abs(zn[0, i]) + atol[i]
        x = abs(zn[1, i]) / temp1
        if i == 0 or x > hub_inv:
            hub_inv = x
    hub = CV_HUB * tdist
    if hub * hub_inv > 1.0:
        hub = 1.0 / hub_inv
    hg = math.sqrt(hlb * hub)
    if hub < hlb:
        fs[CVF_H] = -hg if sign == -1 else hg
        return True
    count = 0
    hnew = hg
    while True:
        hgs = hg * sign
        for i in range(n):
            y[i] = zn[0, i] + hgs * zn[1, i]
        ctl[CVT_DT] = cv_fdt(fs[CVF_H])
        cv_f(tn + hgs, y, tempv, True, P, M, ctl, cnt)
        iv[CVI_NFE] += 1
        r = 1.0 / hgs
        for i in range(n):
            x = tempv[i] - zn[1, i]
            tempv[i] = x * r
        yddnrm = cv_wrms(tempv, ewt, order)
        hnew = math.sqrt(2.0 / yddnrm) if yddnrm * hub * hub > 2.0 else math.sqrt(hg * hub)
        count += 1
        if count >= CV_MAXITERS:
            break
        hrat = hnew / hg
        if 0.5 < hrat < 2.0:
            break
        if count >= 2 and hrat > 2.0:
            hnew = hg
            break
        hg = hnew
    h0 = CV_HBIAS * hnew
    h0 = min(max(h0, hlb), hub)
    fs[CVF_H] = -h0 if sign == -1 else h0
    return True


def cv_reached(tstop, zn, y, fs, iv):
    tn = fs[CVF_TN]
    troundoff = CV_FUZZ * CV_UROUND * (abs(tn) + abs(fs[CVF_H]))
    if abs(tn - tstop) <= troundoff:
        cv_dky(tstop, y, zn, fs, iv)
        fs[CVF_TN] = tstop
        return True
    if (tn + fs[CVF_HPRIME] - tstop) * fs[CVF_H] > 0.0:
        fs[CVF_HPRIME] = tstop - tn
        fs[CVF_ETA] = fs[CVF_HPRIME] / fs[CVF_H]
    return False


def cv_predict(zn, fs, iv):
    fs[CVF_TN] += fs[CVF_H]
    q = iv[CVI_Q]
    n = zn.shape[1]
    for k in range(1, q + 1):
        for j in range(q, k - 1, -1):
            for i in range(n):
                zn[j - 1, i] += zn[j, i]


def cv_restore(saved_t, zn, fs, iv):
    fs[CVF_TN] = saved_t
    q = iv[CVI_Q]
    n = zn.shape[1]
    for k in range(1, q + 1):
        for j in range(q, k - 1, -1):
            for i in range(n):
                zn[j - 1, i] -= zn[j, i]


def cv_rescale(zn, fs, iv):
    eta = fs[CVF_ETA]
    factor = eta
    n = zn.shape[1]
    for j in range(1, iv[CVI_Q] + 1):
        for i in range(n):
            zn[j, i] *= factor
        factor *= eta
    fs[CVF_H] = fs[CVF_HSCALE] * eta
    fs[CVF_HSCALE] = fs[CVF_H]
    iv[CVI_NSCON] = 0


def cv_adjust_order(deltaq, zn, l, tau, fs, iv):
    q = iv[CVI_Q]
    if q == 2 and deltaq != 1:
        return
    n = zn.shape[1]
    if deltaq == 1:
        for i in range(l.shape[0]):
            l[i] = 0.0
        l[2] = 1.0
        alpha1 = prod = xiold = 1.0
        alpha0 = -1.0
        hscale = fs[CVF_HSCALE]
        hsum = hscale
        if q > 1:
            for j in range(1, q):
                hsum += tau[j + 1]
                xi = hsum / hscale
                prod *= xi
                alpha0 -= 1.0 / (j + 1)
                alpha1 += 1.0 / xi
                for i in range(j + 2, 1, -1):
                    l[i] = l[i] * xiold + l[i - 1]
                xiold = xi
        A1 = (-alpha0 - alpha1) / prod
        L = iv[CVI_L]
        qmax = iv[CVI_QMAX]
        for i in range(n):
            zn[L, i] = A1 * zn[qmax, i]
        for j in range(2, q + 1):
            for i in range(n):
                zn[j, i] += l[j] * zn[L, i]
    elif deltaq == -1:
        for i in range(l.shape[0]):
            l[i] = 0.0
        l[2] = 1.0
        hsum = 0.0
        for j in range(1, q - 1):
            hsum += tau[j]
            xi = hsum / fs[CVF_HSCALE]
            for i in range(j + 2, 1, -1):
                l[i] = l[i] * xi + l[i - 1]
        for j in range(2, q):
            for i in range(n):
                zn[j, i] -= l[j] * zn[q, i]


def cv_set_bdf(l, tq, tau, fs, iv):
    q = iv[CVI_Q]
    h = fs[CVF_H]
    l[0] = l[1] = xi_inv = xistar_inv = 1.0
    for i in range(2, l.shape[0]):
        l[i] = 0.0
    alpha0 = alpha0_hat = -1.0
    hsum = h
    if q > 1:
        for j in range(2, q):
            hsum += tau[j - 1]
            xi_inv = h / hsum
            alpha0 -= 1.0 / j
            for i in range(j, 0, -1):
                l[i] += l[i - 1] * xi_inv
        alpha0 -= 1.0 / q
        xistar_inv = -l[1] - alpha0
        hsum += tau[q - 1]
        xi_inv = h / hsum
        alpha0_hat = -l[1] - xi_inv
        for i in range(q, 0, -1):
            l[i] += l[i - 1] * xistar_inv
    A1 = 1.0 - alpha0_hat + alpha0
    A2 = 1.0 + q * A1
    tq[2] = abs(alpha0 * (A2 / A1))
    tq[5] = abs(A2 / (l[q] * xi_inv / xistar_inv))
    if iv[CVI_QWAIT] == 1:
        C = xistar_inv / l[q]
        A3 = alpha0 + 1.0 / q
        A4 = alpha0_hat + xi_inv
        Cpr = A3 / (1.0 - A4 + A3)
        tq[1] = abs(Cpr / C)
        hsum += tau[q]
        xi_inv = h / hsum
        A5 = alpha0 - 1.0 / (q + 1)
        A6 = alpha0_hat - xi_inv
        Cprpr = A2 / (1.0 - A6 + A5)
        tq[3] = abs(Cprpr * xi_inv * (q + 2) * A5)
    tq[4] = CV_CORTES * tq[2]
    fs[CVF_RL1] = 1.0 / l[1]
    fs[CVF_GAMMA] = h * fs[CVF_RL1]
    if iv[CVI_NST] == 0:
        fs[CVF_GAMMAP] = fs[CVF_GAMMA]
    fs[CVF_GAMRAT] = fs[CVF_GAMMA] / fs[CVF_GAMMAP] if iv[CVI_NST] > 0 else 1.0


def cv_set_eta(fs, iv):
    if fs[CVF_ETA] < CV_THRESH:
        fs[CVF_ETA] = 1.0
        fs[CVF_HPRIME] = fs[CVF_H]
    else:
        fs[CVF_ETA] = min(fs[CVF_ETA], fs[CVF_ETAMAX])
        fs[CVF_ETA] /= max(1.0, abs(fs[CVF_H]) * fs[CVF_HMAX_INV] * fs[CVF_ETA])
        fs[CVF_HPRIME] = fs[CVF_H] * fs[CVF_ETA]
        if iv[CVI_QPRIME] < iv[CVI_Q]:
            iv[CVI_NSCON] = 0


def cv_complete_step(B):
    zn, ewt, acor, y, tempv, ftemp, l, tq, tau, atol, fs, iv, order = B
    iv[CVI_NST] += 1
    iv[CVI_NSCON] += 1
    fs[CVF_HU] = fs[CVF_H]
    iv[CVI_QU] = iv[CVI_Q]
    q = iv[CVI_Q]
    for i in range(q, 1, -1):
        tau[i] = tau[i - 1]
    if q == 1 and iv[CVI_NST] > 1:
        tau[2] = tau[1]
    tau[1] = fs[CVF_H]
    n = y.shape[0]
    for j in range(q + 1):
        for i in range(n):
            zn[j, i] += l[j] * acor[i]
    iv[CVI_QWAIT] -= 1
    if iv[CVI_QWAIT] == 1 and q != iv[CVI_QMAX]:
        qmax = iv[CVI_QMAX]
        for i in range(n):
            zn[qmax, i] = acor[i]
        fs[CVF_SAVED_TQ5] = tq[5]


def cv_prepare_next_step(dsm, B):
    zn, ewt, acor, y, tempv, ftemp, l, tq, tau, atol, fs, iv, order = B
    if fs[CVF_ETAMAX] == 1.0:
        iv[CVI_QWAIT] = max(iv[CVI_QWAIT], 2)
        iv[CVI_QPRIME] = iv[CVI_Q]
        fs[CVF_HPRIME] = fs[CVF_H]
        fs[CVF_ETA] = 1.0
        return
    fs[CVF_ETAQ] = 1.0 / ((CV_BIAS2 * dsm) ** (1.0 / iv[CVI_L]) + CV_ADDON)
    if iv[CVI_QWAIT] != 0:
        fs[CVF_ETA] = fs[CVF_ETAQ]
        iv[CVI_QPRIME] = iv[CVI_Q]
        cv_set_eta(fs, iv)
        return
    iv[CVI_QWAIT] = 2
    q = iv[CVI_Q]
    L = iv[CVI_L]
    qmax = iv[CVI_QMAX]
    n = y.shape[0]
    etaqm1 = 0.0
    if q > 1:
        ddn = cv_wrms(zn[q], ewt, order) / tq[1]
        etaqm1 = 1.0 / ((CV_BIAS1 * ddn) ** (1.0 / q) + CV_ADDON)
    etaqp1 = 0.0
    if q != qmax:
        hr = fs[CVF_H] / tau[2]
        hrl = 1.0
        for i in range(L):          # RPowerI: L multiplications, not pow()
            hrl *= hr
        cquot = (tq[5] / fs[CVF_SAVED_TQ5]) * hrl
        for i in range(n):
            tempv[i] = acor[i] - cquot * zn[qmax, i]
        dup = cv_wrms(tempv, ewt, order) / tq[3]
        etaqp1 = 1.0 / ((CV_BIAS3 * dup) ** (1.0 / (L + 1)) + CV_ADDON)
    etaq = fs[CVF_ETAQ]
    etam = max(etaqm1, max(etaq, etaqp1))
    if etam < CV_THRESH:
        fs[CVF_ETA] = 1.0
        iv[CVI_QPRIME] = q
    elif etam == etaq:
        fs[CVF_ETA] = etaq
        iv[CVI_QPRIME] = q
    elif etam == etaqm1:
        fs[CVF_ETA] = etaqm1
        iv[CVI_QPRIME] = q - 1
    else:
        fs[CVF_ETA] = etaqp1
        iv[CVI_QPRIME] = q + 1
        for i in range(n):
            zn[qmax, i] = acor[i]
    cv_set_eta(fs, iv)


# ------------------------------------------------------------------ the microsteps
# cv_run's states (its one f evaluation, ST_F, resumes at fnext)
(ST_F, ST_TOP, ST_ATTEMPT, ST_NLS, ST_NEWTON, ST_NEWTON_F, ST_NLS_END, ST_POST_REQ,
 ST_POST) = range(9)


def cv_run(B, P, M, R, thr, ctl, cnt, te, ts, tstop, nmax, group, phase):
    """Plain microsteps (CvodeState.microstep when no event is due, no threshold changes
    side and no at_time stop is reached): the continuous records' sample, the after_cvode
    procedures without a STATE (APCount's check, SEClamp's current), one step
    (Nordsieck.step with _cvstep, _nls and _newton_iteration; each f sets the continuous
    Vector.play targets first), the model's variables at its end.  At most nmax of them (and the record buffers' length); t < ts is tested when phase
    (the count of microsteps taken, modulo group) is 0.  Returns (why it stopped,
    microsteps taken).

    Written as a state machine around one f evaluation (ST_F), because a call that
    passes the mechanisms' tuple M costs about a microsecond, more than f itself for a small
    model; f's rare uses (first step, initial step size, repeated error test failures) call
    cv_f."""
    B = borrow_all(B)               # (the caller's arrays: no reference counts below)
    P = borrow_all(P)
    M = borrow_all(M)
    zn, ewt, acor, y, tempv, ftemp, l, tq, tau, atol, fs, iv, order = B
    srcs, rsrc, ridx, rbuf, tbuf = borrow_all(R)
    tidx, tval, tflag = borrow_all(thr)
    (v, a, b, rhs, dd, parent, area, span, d, cm, capnode, cm3, nocap, pos_of, icap,
     srows, soff, diag, offs, sav_rhs, sav_d, present, play) = P
    cv_mech_tuples_text()
    ncr = np.empty(nocap.shape[0])      # (nocap_into's scratch)
    ncd = np.empty(nocap.shape[0])
    nv = capnode.shape[0]
    diag_s = diag[nv:]
    n = y.shape[0]
    nbuf = tbuf.shape[0]
    nplay = play[1].shape[0]
    notify = False
    k = 0
    code = 0
    dt = 0.0
    ydot = y
    st = ST_TOP
    ft = 0.0
    fy = y
    fd = y
    fwant = False
    fnext = ST_TOP
    saved_t = dsm = Delp = 0.0
    ncf = nef = m = 0
    nflag = ier = CV_FIRST_CALL
    callSetup = False
    while True:
        if st == ST_F:              # cv_f written out (contract fills in the mechanisms)
            cnt[CVC_NFEV] += 1
            for j in range(nv):
                v[capnode[j]] = fy[j]
            for kk in range(soff.shape[0]):
                r_ = srows[kk]
                o = soff[kk]
                for j in range(r_.shape[0]):
                    r_[j] = fy[o + j]
            if nplay:
                _play(ft, play)
            span_zero(rhs, d, span)
            t = ft
            dt = cv_fdt(fs[CVF_H])
            ctl[CVT_DT] = dt
            cv_mech_currents_text()
            if nocap.shape[0]:
                nocap_into(v, rhs, d, nocap, pos_of, parent, a, b, span, ncr, ncd)
            axial(v, rhs, a, b, parent, span)
            for j in range(nv):
                icap[j] = rhs[capnode[j]]
            if fwant:
                for j in range(nv):
                    fd[j] = rhs[capnode[j]] / cm3[j]
                ydot = fd
                cv_mech_odes_text()
            st = fnext
        elif st == ST_TOP:
            tcur = ctl[CVT_TCUR]
            if (phase == 0 and not tcur < ts) or te <= tcur:
                return CV_DONE, k
            for j in range(tidx.shape[0]):
                above = (v[tidx[j]] - tval[j]) > 0.0
                if above != tflag[j]:
                    return CV_COND, k
            if tcur >= tstop - CV_EPS100 * abs(tcur):
                return CV_DISC, k
            if k == nmax or k == nbuf:
                return CV_FULL, k
            for r in range(ridx.shape[0]):
                rbuf[r, k] = srcs[rsrc[r]][ridx[r]]
            tbuf[k] = tcur
            k += 1
            phase = (phase + 1) % group
            # ---- the after_cvode procedures without a STATE (Cvode::do_nonode)
            t = tcur
            dt = ctl[CVT_DT]
            cv_mech_nonode_text()
            if code == FAIL:
                return CVE_SIMEQ, k
            notify = code == NOTIFY
            # ---- Nordsieck.step(tstop)
            if iv[CVI_NST] == 0:
                ctl[CVT_DT] = cv_fdt(fs[CVF_H])
                cv_f(fs[CVF_TN], zn[0], zn[1], True, P, M, ctl, cnt)
                iv[CVI_NFE] += 1
                if not cv_hin(tstop, B, P, M, ctl, cnt):
                    return CVE_TSTOP, k
                h = fs[CVF_H]
                rh = abs(h) * fs[CVF_HMAX_INV]
                if rh > 1.0:
                    h /= rh
                if abs(h) < fs[CVF_HMIN]:
                    h *= fs[CVF_HMIN] / abs(h)
                if (fs[CVF_TN] + h - tstop) * h > 0.0:
                    h = tstop - fs[CVF_TN]
                fs[CVF_H] = fs[CVF_HSCALE] = fs[CVF_H0U] = fs[CVF_HPRIME] = h
                for i in range(n):
                    zn[1, i] *= h
            elif cv_reached(tstop, zn, y, fs, iv):
                st = ST_POST_REQ
                continue
            elif not cv_ewt_set(zn[0], atol, ewt, fs[CVF_RTOL]):
                return CVE_EWT, k
            nrm = cv_wrms(zn[0], ewt, order)
            if CV_UROUND * nrm > 1.0:
                return CVE_ACC, k
            if fs[CVF_TN] + fs[CVF_HPRIME] == fs[CVF_TN]:
                return CVE_ROUND, k
            # ---- _cvstep
            saved_t = fs[CVF_TN]
            ncf = nef = 0
            nflag = CV_FIRST_CALL
            if iv[CVI_NST] > 0 and fs[CVF_HPRIME] != fs[CVF_H]:
                if iv[CVI_QPRIME] != iv[CVI_Q]:
                    cv_adjust_order(iv[CVI_QPRIME] - iv[CVI_Q], zn, l, tau, fs, iv)
                    iv[CVI_Q] = iv[CVI_QPRIME]
                    iv[CVI_L] = iv[CVI_Q] + 1
                    iv[CVI_QWAIT] = iv[CVI_L]
                cv_rescale(zn, fs, iv)
            dsm = 0.0
            st = ST_ATTEMPT
        elif st == ST_ATTEMPT:
            cv_predict(zn, fs, iv)
            cv_set_bdf(l, tq, tau, fs, iv)
            # ---- _nls(nflag)
            callSetup = (nflag == CV_PREV_CONV_FAIL or nflag == CV_PREV_ERR_FAIL
                         or iv[CVI_NST] == 0 or iv[CVI_NST] >= iv[CVI_NSTLP] + CV_MSBP
                         or abs(fs[CVF_GAMRAT] - 1.0) > CV_DGMAX)
            if iv[CVI_FORCESETUP]:
                callSetup = True
            ft, fy, fd, fwant, fnext, st = fs[CVF_TN], zn[0], ftemp, True, ST_NLS, ST_F
        elif st == ST_NLS:          # f(tn, zn[0]) is in ftemp
            iv[CVI_NFE] += 1
            if callSetup:
                iv[CVI_JCUR] = 1
                iv[CVI_NSETUPS] += 1
                callSetup = False
                iv[CVI_FORCESETUP] = 0
                fs[CVF_GAMRAT] = 1.0
                fs[CVF_GAMMAP] = fs[CVF_GAMMA]
                fs[CVF_CRATE] = 1.0
                iv[CVI_NSTLP] = iv[CVI_NST]
            for i in range(n):
                acor[i] = 0.0
                y[i] = zn[0, i]
            m = 0
            Delp = 0.0
            st = ST_NEWTON
        elif st == ST_NEWTON:       # ---- _newton_iteration
            rl1 = fs[CVF_RL1]
            gamma = fs[CVF_GAMMA]
            for i in range(n):
                x = rl1 * zn[1, i]
                x = x + acor[i]
                x = x * -1.0
                tempv[i] = x + gamma * ftemp[i]
            cnt[CVC_NSOLVE] += 1        # cv_lsolve written out
            span_copy(dd, d, span)
            tree_solve(a, b, dd, rhs, parent, span, capnode, cm, gamma, tempv)
            state_solve(tempv, nv, diag_s, gamma)
            iv[CVI_NNI] += 1
            Del = cv_wrms(tempv, ewt, order)
            for i in range(n):
                acor[i] += tempv[i]
                y[i] = zn[0, i] + acor[i]
            if m > 0:
                fs[CVF_CRATE] = max(CV_CRDOWN * fs[CVF_CRATE], Del / Delp)
            dcon = Del * min(1.0, fs[CVF_CRATE]) / tq[4]
            if dcon <= 1.0:
                fs[CVF_ACNRM] = Del if m == 0 else cv_wrms(acor, ewt, order)
                iv[CVI_JCUR] = 0
                ier = CV_SOLVED
                st = ST_NLS_END
                continue
            m += 1
            if m == CV_MAXCOR or (m >= 2 and Del > CV_RDIV * Delp):
                ier = CV_CONV_FAIL if iv[CVI_JCUR] else CV_TRY_AGAIN
                st = ST_NLS_END
                continue
            Delp = Del
            ft, fy, fd, fwant, fnext, st = fs[CVF_TN], y, ftemp, True, ST_NEWTON_F, ST_F
        elif st == ST_NEWTON_F:
            iv[CVI_NFE] += 1
            st = ST_NEWTON
        elif st == ST_NLS_END:
            if ier == CV_TRY_AGAIN:
                callSetup = True
                ft, fy, fd, fwant, fnext, st = fs[CVF_TN], zn[0], ftemp, True, ST_NLS, ST_F
                continue
            nflag = ier
            if nflag != CV_SOLVED:      # ---- CVHandleNFlag
                iv[CVI_NCFN] += 1
                cv_restore(saved_t, zn, fs, iv)
                ncf += 1
                fs[CVF_ETAMAX] = 1.0
                if abs(fs[CVF_H]) <= fs[CVF_HMIN] * CV_ONEPSM or ncf == CV_MXNCF:
                    return CVE_CONV, k
                fs[CVF_ETA] = max(CV_ETACF, fs[CVF_HMIN] / abs(fs[CVF_H]))
                cv_rescale(zn, fs, iv)
                nflag = CV_PREV_CONV_FAIL
                st = ST_ATTEMPT
                continue
            dsm = fs[CVF_ACNRM] / tq[2]     # ---- CVDoErrorTest
            if dsm > 1.0:
                nef += 1
                iv[CVI_NETF] += 1
                cv_restore(saved_t, zn, fs, iv)
                if abs(fs[CVF_H]) <= fs[CVF_HMIN] * CV_ONEPSM or nef == CV_MXNEF:
                    return CVE_ERRTEST, k
                fs[CVF_ETAMAX] = 1.0
                nflag = CV_PREV_ERR_FAIL
                st = ST_ATTEMPT
                if nef <= CV_MXNEF1:
                    eta = 1.0 / ((CV_BIAS2 * dsm) ** (1.0 / iv[CVI_L]) + CV_ADDON)
                    eta = max(CV_ETAMIN, max(eta, fs[CVF_HMIN] / abs(fs[CVF_H])))
                    if nef >= CV_SMALL_NEF:
                        eta = min(eta, CV_ETAMXF)
                    fs[CVF_ETA] = eta
                    cv_rescale(zn, fs, iv)
                    continue
                if iv[CVI_Q] > 1:
                    fs[CVF_ETA] = max(CV_ETAMIN, fs[CVF_HMIN] / abs(fs[CVF_H]))
                    cv_adjust_order(-1, zn, l, tau, fs, iv)
                    iv[CVI_L] = iv[CVI_Q]
                    iv[CVI_Q] -= 1
                    iv[CVI_QWAIT] = iv[CVI_L]
                    cv_rescale(zn, fs, iv)
                    continue
                fs[CVF_ETA] = max(CV_ETAMIN, fs[CVF_HMIN] / abs(fs[CVF_H]))
                fs[CVF_H] *= fs[CVF_ETA]
                fs[CVF_HSCALE] = fs[CVF_H]
                iv[CVI_QWAIT] = CV_LONG_WAIT
                iv[CVI_NSCON] = 0
                ctl[CVT_DT] = cv_fdt(fs[CVF_H])
                cv_f(fs[CVF_TN], zn[0], tempv, True, P, M, ctl, cnt)
                iv[CVI_NFE] += 1
                h = fs[CVF_H]
                for i in range(n):
                    zn[1, i] = h * tempv[i]
                continue
            cv_complete_step(B)
            cv_prepare_next_step(dsm, B)
            fs[CVF_ETAMAX] = CV_ETAMX2 if iv[CVI_NST] <= CV_SMALL_NST else CV_ETAMX3
            r = 1.0 / tq[2]
            for i in range(n):
                acor[i] *= r
            iv[CVI_NST_TOTAL] += 1
            if not cv_reached(tstop, zn, y, fs, iv):
                for i in range(n):
                    y[i] = zn[0, i]
            st = ST_POST_REQ
        elif st == ST_POST_REQ:     # ---- the step's end (CvodeState.advance_tn)
            cnt[CVC_STEPS] += 1
            ft, fy, fd, fwant, fnext, st = fs[CVF_TN], y, y, False, ST_POST, ST_F
        else:                       # ST_POST
            t = fs[CVF_TN]
            ctl[CVT_TCUR] = t
            ctl[CVT_TN] = fs[CVF_TN]
            ctl[CVT_T0] = fs[CVF_TN] - fs[CVF_H]
            ctl[CVT_DT] = fs[CVF_HU]
            st = ST_TOP
            if notify:
                return CV_NOTIFY, k
            if te < t:
                return CV_INTERP, k


DRIVER = (cv_run,)      # the driver's source (with what it reaches)
