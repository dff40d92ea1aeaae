"""numba kernels for the fixed step's hot spots, imported only through :mod:`pyhoc.sim.backend`.

Each kernel performs exactly the operations of its NumPy/Python counterpart in the same order
(bit-identical results): ``fastmath`` stays off (no FMA contraction, no reassociation) and
``math.exp`` calls the C library's exp, as NEURON's compiled mechanisms do.
``cache=True`` keeps the machine code in __pycache__ so later processes do not recompile.
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit

EXP700 = math.exp(700.0)


@njit(cache=True, fastmath=False, error_model='numpy')
def hines_solve(a, b, d, rhs, parent, ncell):
    """hines.solve: triang from the last node to the first, then bksub (NEURON's solve.cpp)."""
    n = d.shape[0]
    if n <= ncell:
        for i in range(ncell):
            rhs[i] /= d[i]
        return
    # (the value just written for node i-1 is carried in a register when i-1 is i's parent,
    # as along a cable: the same operations, without a store-to-load round trip)
    di = d[n - 1]
    ri = rhs[n - 1]
    for i in range(n - 1, ncell - 1, -1):       # triang
        p = a[i] / di
        pi = parent[i]
        dp = d[pi] - p * b[i]
        rp = rhs[pi] - p * ri
        d[pi] = dp
        rhs[pi] = rp
        if pi == i - 1:
            di, ri = dp, rp
        elif i > ncell:
            di, ri = d[i - 1], rhs[i - 1]
    for i in range(ncell):                       # bksub
        rhs[i] /= d[i]
    rp = rhs[ncell - 1] if ncell > 0 else 0.0
    for i in range(ncell, n):
        pi = parent[i]
        x = rp if pi == i - 1 else rhs[pi]
        x = rhs[i] - b[i] * x
        x /= d[i]
        rhs[i] = x
        rp = x


@njit(cache=True, fastmath=False, error_model='numpy')
def exp_array(x):
    """Elementwise hoc_Exp with libm exp: 0 below -700, exp(700) above 700 (1-D float64)."""
    n = x.shape[0]
    out = np.empty(n)
    for i in range(n):
        v = x[i]
        if v < -700.0:
            out[i] = 0.0
        elif v > 700.0:
            out[i] = EXP700
        else:
            out[i] = math.exp(v)
    return out


# ---------------------------------------------------------------------------- the fused step
# run_steps advances the built-in mechanisms of a Model by whole fixed steps in one compiled
# loop (pyhoc.sim.fused prepares its arguments and handles what needs Python).  Every
# operation mirrors pyhoc.sim.fixed_step and the mechanisms' NumPy kernels, in the same order.

STOP_DONE = 0        # all requested steps taken
STOP_BEGIN = 1       # stopped at a step's start: a threshold crossing or an event to deliver
STOP_END = 2         # a step completed and an event is due at its end
STOP_NONFINITE = 3   # a step completed with a voltage that is NaN or infinite
STOP_COND = 4        # at a group's start, t < tcond no longer holds (continuerun's test)
STOP_FLUSH = 5       # a step completed and the APCount crossing buffer is nearly full
STOP_SINGULAR = 6    # VClamp's equations were singular (simeq); the step is unfinished


@njit(cache=True, fastmath=False, error_model='numpy')
def _hoc_exp(x):
    if x < -700.0:
        return 0.0
    if x > 700.0:
        return EXP700
    return math.exp(x)


@njit(cache=True, fastmath=False, error_model='numpy')
def _cnexp(x, xinf, xtau, dt):
    a = -1.0 / xtau
    return x + (1. - _hoc_exp(dt * a)) * (-(xinf / xtau) / a - x)


@njit(cache=True, fastmath=False, error_model='numpy')
def _hh_rates6(v, T, mfac, tmin):
    """hh's TABLE lookup (nocmodl's _f_rates/_n_rates shape): minf, mtau, hinf, htau,
    ninf, ntau at v, returned as values (they stay in registers)."""
    xi = mfac * (v - tmin)
    if xi != xi:
        return xi, xi, xi, xi, xi, xi
    if xi <= 0.:
        return T[0, 0], T[1, 0], T[2, 0], T[3, 0], T[4, 0], T[5, 0]
    if xi >= 200.:
        return T[0, 200], T[1, 200], T[2, 200], T[3, 200], T[4, 200], T[5, 200]
    i = int(xi)
    if i > 199:
        i = 199
    theta = xi - float(i)
    return (T[0, i] + theta * (T[0, i + 1] - T[0, i]), T[1, i] + theta * (T[1, i + 1] - T[1, i]),
            T[2, i] + theta * (T[2, i + 1] - T[2, i]), T[3, i] + theta * (T[3, i + 1] - T[3, i]),
            T[4, i] + theta * (T[4, i + 1] - T[4, i]), T[5, i] + theta * (T[5, i + 1] - T[5, i]))


@njit(cache=True, fastmath=False, error_model='numpy')
def _hh_rates(v, T, mfac, tmin, out):
    """hh's TABLE lookup (nocmodl's _f_rates/_n_rates shape) into out[0:6]."""
    r = _hh_rates6(v, T, mfac, tmin)
    for k in range(6):
        out[k] = r[k]


@njit(cache=True, fastmath=False, error_model='numpy')
def _hh_i(v, gnabar, gkbar, gl, el, m, h, n, ena, ek):
    gna = gnabar * m * m * m * h
    ina = gna * (v - ena)
    gk = gkbar * n * n * n * n
    ik = gk * (v - ek)
    il = gl * (v - el)
    return gna, ina, gk, ik, il


@njit(cache=True, fastmath=False, error_model='numpy')
def _simeq3(c, soln):
    """clamps.simeq for a 3 x 4 system (scopmath: partial pivoting by row index); False
    when singular."""
    n = 3
    perm = np.empty(3, dtype=np.intp)
    for i in range(n):
        perm[i] = i
    isave = 0
    for j in range(n):
        ipivot = perm[j]
        for i in range(j + 1, n):
            jrow = perm[i]
            if abs(c[ipivot, j]) < abs(c[jrow, j]):
                ipivot = jrow
                isave = i
        if abs(c[ipivot, j]) < 1e-20:
            return False
        if ipivot != perm[j]:
            perm[isave] = perm[j]
            perm[j] = ipivot
        for kcol in range(j + 1, n + 1):
            c[ipivot, kcol] /= c[ipivot, j]
        for i in range(j + 1, n):
            r = perm[i]
            for kcol in range(j + 1, n + 1):
                c[r, kcol] -= c[ipivot, kcol] * c[r, j]
    for i in range(n - 1, -1, -1):
        r = perm[i]
        sv = c[r, n]
        for j in range(i + 1, n):
            sv -= c[r, j] * soln[j]
        soln[i] = sv
    return True


@njit(cache=True, fastmath=False, error_model='numpy')
def _vclamp_vstim(vcl, j, t):
    """VClamp's vstim(): the present level and the end of its steps."""
    amps = (vcl[4], vcl[5], vcl[6])
    durs = (vcl[1], vcl[2], vcl[3])
    stim, tc = vcl[16], vcl[17]
    tcj = 0.0
    for k in range(3):
        stim[j] = amps[k][j]
        tcj = tcj + durs[k][j]
        if t < tcj:
            tcj = tcj + 100.0
            break
    tc[j] = tcj


@njit(cache=True, fastmath=False, error_model='numpy')
def _vclamp_icur(vcl, j, t, v, dt, work):
    """VClamp's icur(): the amplifier's three linear equations at v (clamps.VClampType).
    Returns (current, ok); ok is False when simeq finds the system singular."""
    (node, dur0, dur1, dur2, amp0, amp1, amp2, gain, rstim, tau1, tau2, e0, vo0, vi0, fac,
     i, stim, tc, e, vo, vi) = vcl
    if t > tc[j]:
        e0[j] = 0.0
        vo0[j] = 0.0
        return 0.0, True
    c = work[:12].reshape((3, 4))
    for k in range(12):
        work[k] = 0.0
    t1 = tau1[j] / dt
    t2 = tau2[j] / dt
    c[0, 0] -= 1.0
    c[0, 3] -= v
    c[0, 1] += fac[j] * 1.0
    c[0, 3] += fac[j] * v
    c[1, 1] -= t2 * 1.0
    c[1, 3] -= t2 * vo0[j]
    c[1, 1] -= 1.0
    c[1, 2] -= gain[j] * 1.0
    c[2, 3] -= stim[j]
    c[2, 2] += 1.0
    c[2, 0] -= 1.0
    c[2, 2] += 1.0
    c[2, 0] -= t1 * 1.0
    c[2, 2] += t1 * 1.0
    c[2, 3] -= t1 * (vi0[j] - e0[j])
    c[2, 3] -= 0.0
    soln = work[12:15]
    if not _simeq3(c, soln):
        return 0.0, False
    vi[j], vo[j], e[j] = soln[0], soln[1], soln[2]
    return (soln[1] - v) / rstim[j], True


@njit(cache=True, fastmath=False, error_model='numpy')
def _electrode(rhs, d, sav_rhs, sav_d, area, nd, r, gl_):
    """An ELECTRODE_CURRENT point process's current r (nA; gl_ at v+.001) onto node nd:
    rhs += r*mfact, d -= dI/dv*mfact, mfact = 1e2/area; kept apart too for fast_imem."""
    mfact = 1.e2 / area[nd]
    rhs[nd] += r * mfact
    g = ((gl_ - r) / .001) * mfact
    d[nd] -= g
    if sav_rhs.shape[0]:
        sav_rhs[nd] += r * mfact
        sav_d[nd] -= g


@njit(cache=True, fastmath=False, error_model='numpy')
def _synapse(rhs, d, area, nd, r, gl_):
    """A (not ELECTRODE_CURRENT) point process's current r (nA; gl_ at v+.001) onto node
    nd: rhs -= r*mfact, d += dI/dv*mfact, mfact = 1e2/area."""
    mfact = 1.e2 / area[nd]
    rhs[nd] -= r * mfact
    d[nd] += ((gl_ - r) / .001) * mfact


@njit(cache=True, fastmath=False, error_model='numpy')
def _currents(t, v, rhs, d, sav_rhs, sav_d, area, ions, pas, icl, alpha, esyn, e2syn, sec,
              hh, vcl, dt, work):
    """setup_tree_matrix's mechanism part: rhs -= I(v), d += dI/dv, in type order.

    Each mechanism adds its conductance to d right after its current (fixed_step does all
    currents, then all conductances): every node still receives its terms in type order.
    """
    na_i, na_didv, k_i, k_didv, ca_i, ca_didv = ions
    # pas (type 4)
    node, g, e, i = pas
    for j in range(node.shape[0]):
        vv = v[node[j]]
        gl_ = g[j] * ((vv + .001) - e[j])
        i[j] = gl_
        r = g[j] * (vv - e[j])
        i[j] = r
        rhs[node[j]] -= r
        d[node[j]] += (gl_ - r) / .001
    # IClamp (type 7, ELECTRODE_CURRENT)
    node, dl, du, amp, i = icl
    for j in range(node.shape[0]):
        if t < dl[j] + du[j] and t >= dl[j]:
            cur = amp[j]
        else:
            cur = 0.0
        i[j] = cur
        _electrode(rhs, d, sav_rhs, sav_d, area, node[j], cur, cur)
    # AlphaSynapse (type 8)
    node, onset, tau, gmax, e, i, gg = alpha
    for j in range(node.shape[0]):
        x = (t - onset[j]) / tau[j]
        if x < 0 or x > 10:
            al = 0.0
        else:
            al = x * _hoc_exp(1.0 - x)
        gj = gmax[j] * al
        gg[j] = gj
        vv = v[node[j]]
        gl_ = gj * ((vv + .001) - e[j])
        r = gj * (vv - e[j])
        i[j] = r
        _synapse(rhs, d, area, node[j], r, gl_)
    # ExpSyn (type 9)
    node, tau, e, i, gs = esyn
    for j in range(node.shape[0]):
        vv = v[node[j]]
        gl_ = gs[j] * ((vv + .001) - e[j])
        r = gs[j] * (vv - e[j])
        i[j] = r
        _synapse(rhs, d, area, node[j], r, gl_)
    # Exp2Syn (type 10)
    node, tau1, tau2, e, i, gg, A, B = e2syn
    for j in range(node.shape[0]):
        vv = v[node[j]]
        gj = B[j] - A[j]
        gg[j] = gj
        gl_ = gj * ((vv + .001) - e[j])
        r = gj * (vv - e[j])
        i[j] = r
        _synapse(rhs, d, area, node[j], r, gl_)
    # SEClamp (type 11, ELECTRODE_CURRENT): vstim() at v+.001 and v
    node, rs, dur1, amp1, dur2, amp2, dur3, amp3, i, vc, tc2, tc3, on = sec
    for j in range(node.shape[0]):
        if t < dur1[j]:
            vcj = amp1[j]
        elif t < tc2[j]:
            vcj = amp2[j]
        elif t < tc3[j]:
            vcj = amp3[j]
        else:
            vcj = 0.0
        onj = 1.0 if (t < dur1[j] or t < tc2[j] or t < tc3[j]) else 0.0
        vc[j] = vcj
        on[j] = onj
        vv = v[node[j]]
        gl_ = (vcj - (vv + .001)) / rs[j] if onj != 0.0 else 0.0
        r = (vcj - vv) / rs[j] if onj != 0.0 else 0.0
        i[j] = r
        _electrode(rhs, d, sav_rhs, sav_d, area, node[j], r, gl_)
    # VClamp (type 12, ELECTRODE_CURRENT): vstim() and icur() at v+.001, then at v
    ok = True
    node, i = vcl[0], vcl[15]
    for j in range(node.shape[0]):
        vv = v[node[j]]
        _vclamp_vstim(vcl, j, t)
        gl_, ok1 = _vclamp_icur(vcl, j, t, vv + .001, dt, work)
        i[j] = gl_
        _vclamp_vstim(vcl, j, t)
        r, ok2 = _vclamp_icur(vcl, j, t, vv, dt, work)
        i[j] = r
        ok = ok and ok1 and ok2
        _electrode(rhs, d, sav_rhs, sav_d, area, node[j], r, gl_)
    # the ions (types 15, 16; ca's zeroing is independent of hh)
    for j in range(na_i.shape[0]):
        na_didv[j] = 0.0
        na_i[j] = 0.0
    for j in range(k_i.shape[0]):
        k_didv[j] = 0.0
        k_i[j] = 0.0
    for j in range(ca_i.shape[0]):
        ca_didv[j] = 0.0
        ca_i[j] = 0.0
    # hh (type 17)
    (node, gnabar, gkbar, gl, el, agna, agk, ail, aina, aik, m, h, n,
     na_idx, k_idx, ena, ek, minf, hinf, ninf, mtau, htau, ntau) = hh
    for j in range(node.shape[0]):
        vv = v[node[j]]
        en = ena[na_idx[j]]
        ekk = ek[k_idx[j]]
        gna1, ina1, gk1, ik1, il1 = _hh_i(vv + .001, gnabar[j], gkbar[j], gl[j], el[j],
                                          m[j], h[j], n[j], en, ekk)
        g_local = ina1 + ik1 + il1
        gna0, ina0, gk0, ik0, il0 = _hh_i(vv, gnabar[j], gkbar[j], gl[j], el[j],
                                          m[j], h[j], n[j], en, ekk)
        agna[j] = gna0
        aina[j] = ina0
        agk[j] = gk0
        aik[j] = ik0
        ail[j] = il0
        r = ina0 + ik0 + il0
        na_didv[na_idx[j]] += (ina1 - ina0) / .001
        k_didv[k_idx[j]] += (ik1 - ik0) / .001
        na_i[na_idx[j]] += ina0
        k_i[k_idx[j]] += ik0
        rhs[node[j]] -= r
        d[node[j]] += (g_local - r) / .001
    return ok


@njit(cache=True, fastmath=False, error_model='numpy')
def _states(v, t, dt, esyn, e2syn, sec, vcl, work, apc, hh, T, mfac, tmin):
    """The state updates at the new v and t, in type order; returns APCount crossings
    recorded in apc's buffers (instance, time) as a count."""
    node, tau, e, i, gs = esyn
    for j in range(node.shape[0]):
        gs[j] = _cnexp(gs[j], 0.0, tau[j], dt)
    node, tau1, tau2, e, i, gg, A, B = e2syn
    for j in range(node.shape[0]):
        A[j] = _cnexp(A[j], 0.0, tau1[j], dt)
        B[j] = _cnexp(B[j], 0.0, tau2[j], dt)
    node, rs, i, vc, on = sec[0], sec[1], sec[8], sec[9], sec[12]
    for j in range(node.shape[0]):      # SOLVE icur METHOD after_cvode
        i[j] = (vc[j] - v[node[j]]) / rs[j] if on[j] != 0.0 else 0.0
    node = vcl[0]                       # VClamp's update(): icur at the new v, then
    ok = True                           # the states become the old values
    for j in range(node.shape[0]):
        r, ok1 = _vclamp_icur(vcl, j, t, v[node[j]], dt, work)
        vcl[15][j] = r
        vcl[11][j] = vcl[18][j]
        vcl[12][j] = vcl[19][j]
        vcl[13][j] = vcl[20][j]
        ok = ok and ok1
    node, an, thresh, atime, firing, ev_k, ev_t, nev = apc
    for j in range(node.shape[0]):      # APCount's check
        vv = v[node[j]]
        if vv >= thresh[j] and firing[j] == 0.0:
            firing[j] = 1.0
            atime[j] = t
            an[j] += 1.0
            ev_k[nev[0]] = j
            ev_t[nev[0]] = t
            nev[0] += 1
        elif firing[j] != 0.0 and vv < thresh[j] and t > atime[j]:
            firing[j] = 0.0
    node = hh[0]
    m, h, n = hh[10], hh[11], hh[12]
    minf, hinf, ninf, mtau, htau, ntau = hh[17], hh[18], hh[19], hh[20], hh[21], hh[22]
    for j in range(node.shape[0]):
        r0, r1, r2, r3, r4, r5 = _hh_rates6(v[node[j]], T, mfac, tmin)
        minf[j], mtau[j], hinf[j], htau[j], ninf[j], ntau[j] = r0, r1, r2, r3, r4, r5
        m[j] = _cnexp(m[j], r0, r1, dt)
        h[j] = _cnexp(h[j], r2, r3, dt)
        n[j] = _cnexp(n[j], r4, r5, dt)
    return ok


@njit(cache=True, fastmath=False, error_model='numpy')
def _play(t, play):
    """Vector.play's continuous items at t (record.VecPlayContinuous.interpolate): each
    target element gets y interpolated in tvec, ``last`` kept between calls."""
    srcs, src_id, idx, ys, tvs, ns, ubound, last = play
    for k in range(src_id.shape[0]):
        y = ys[k]
        tv = tvs[k]
        n = ns[k]
        if n == 0:
            continue
        ub = min(ubound[k], n - 1)
        if t >= tv[ub]:
            last[k] = ub
            if ub == 0:
                srcs[src_id[k]][idx[k]] = y[0]
                continue
        elif t <= tv[0]:
            last[k] = 0
            srcs[src_id[k]][idx[k]] = y[0]
            continue
        else:
            lk = last[k]
            while lk > 0 and t < tv[lk]:
                lk -= 1
            while lk < n - 1 and t >= tv[lk]:
                lk += 1
            last[k] = lk
        j = last[k]
        x0, x1 = y[j - 1], y[j]
        t0, t1 = tv[j - 1], tv[j]
        if t0 == t1:
            val = (x0 + x1) / 2.
        else:
            theta = (t - t0) / (t1 - t0)
            val = x0 + theta * (x1 - x0)
        srcs[src_id[k]][idx[k]] = val


@njit(cache=True, fastmath=False, error_model='numpy')
def run_steps(nmax, t, dt, secondorder, tnext, skip_begin, tcond, group, phase, tree, ncell,
              cap, ions, pas, icl, alpha, esyn, e2syn, sec, vcl, apc, hh, T, mfac, tmin, thr,
              rec, fim, play):
    """Up to nmax fixed steps; returns (status, steps completed, t, down-crossings).

    tnext is the time of the next queued event (inf if none): the loop stops at the start
    of a step that must deliver it, or after the step at whose end it is due.  With
    skip_begin the first step's start (thresholds, deliveries) was done by the caller.
    Steps come in groups of ``group`` (stdrun's nstep_steprun), ``phase`` of the present
    group being done already; at each group's start the loop ends unless t < tcond.
    """
    v, a, b, d, rhs, parent, area = tree
    cap_node, cm, i_cap = cap
    thr_idx, thr_val, thr_flag, dc_buf = thr
    rec_srcs, rec_src, rec_idx, rec_buf, t_buf = rec
    sav_rhs, sav_d, imem = fim
    nplay = play[1].shape[0]
    work = np.empty(15)                 # VClamp's 3 x 4 system and its solution
    nn = v.shape[0]
    cj = 2.0 / dt if secondorder else 1.0 / dt
    cfac = .001 * cj
    ndc = 0
    for s in range(nmax):
        if not (skip_begin and s == 0):
            if (phase + s) % group == 0 and not t < tcond:
                return STOP_COND, s, t, ndc
            up = False
            for k in range(thr_idx.shape[0]):
                above = (v[thr_idx[k]] - thr_val[k]) > 0.0
                if above:
                    if not thr_flag[k]:
                        up = True
                elif thr_flag[k]:
                    thr_flag[k] = False
                    dc_buf[ndc] = k
                    ndc += 1
            if up or tnext <= t + .5 * dt:
                return STOP_BEGIN, s, t, ndc
        t += .5 * dt
        if nplay:
            _play(t, play)
        for i in range(nn):
            rhs[i] = 0.
            d[i] = 0.
        for i in range(sav_rhs.shape[0]):
            sav_rhs[i] = 0.
            sav_d[i] = 0.
        if not _currents(t, v, rhs, d, sav_rhs, sav_d, area, ions, pas, icl, alpha, esyn,
                         e2syn, sec, hh, vcl, dt, work):
            return STOP_SINGULAR, s, t, ndc
        for i in range(sav_rhs.shape[0]):
            sav_rhs[i] -= rhs[i]
        for j in range(cap_node.shape[0]):
            d[cap_node[j]] += cfac * cm[j]
        for i in range(sav_d.shape[0]):
            sav_d[i] = d[i] - sav_d[i]
        for i in range(ncell, nn):      # axial terms: after every membrane term of a node
            pi = parent[i]
            dv = v[pi] - v[i]
            rhs[i] -= b[i] * dv
            rhs[pi] += a[i] * dv
            d[i] -= b[i]
            d[pi] -= a[i]
        hines_solve(a, b, d, rhs, parent, ncell)
        finite = True
        if secondorder:
            for i in range(nn):
                v[i] += 2. * rhs[i]
                if v[i] - v[i] != 0.0:
                    finite = False
        else:
            for i in range(nn):
                v[i] += rhs[i]
                if v[i] - v[i] != 0.0:
                    finite = False
        for j in range(cap_node.shape[0]):
            i_cap[j] = cfac * cm[j] * rhs[cap_node[j]]
        for i in range(imem.shape[0]):
            imem[i] = (sav_d[i] * rhs[i] + sav_rhs[i]) * area[i] * 0.01
        t += .5 * dt
        if nplay:
            _play(t, play)
        if not _states(v, t, dt, esyn, e2syn, sec, vcl, work, apc, hh, T, mfac, tmin):
            return STOP_SINGULAR, s, t, ndc
        for k in range(rec_idx.shape[0]):
            rec_buf[k, s] = rec_srcs[rec_src[k]][rec_idx[k]]
        t_buf[s] = t
        if not finite:
            return STOP_NONFINITE, s + 1, t, ndc
        if tnext <= t:
            return STOP_END, s + 1, t, ndc
        if apc[7][0] + apc[0].shape[0] > apc[5].shape[0]:
            return STOP_FLUSH, s + 1, t, ndc
    return STOP_DONE, nmax, t, ndc
