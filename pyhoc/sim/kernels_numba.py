"""numba kernels for the fixed step's hot spots, imported only through :mod:`pyhoc.sim.backend`.

No mechanism is named here: the mechanisms' kernels live in their own modules, and the
compiled loop (``run_steps``) is the source of the driver that pyhoc.sim.contract generates for
each set of mechanisms.  Each kernel performs exactly the operations of its NumPy/Python counterpart in the same order
(bit-identical results): ``fastmath`` stays off (no FMA contraction, no reassociation) and
``math.exp`` calls the C library's exp, as NEURON's compiled mechanisms do.
``cache=True`` keeps the machine code in __pycache__ so later processes do not recompile.
"""
from __future__ import annotations

import math

import numpy as np

EXP700 = math.exp(700.0)


def __getattr__(name):
    """hines_solve and exp_array, compiled (numba imported) at their first use: importing
    this module does not import numba (the compiled loop's cached code loads without it,
    pyhoc.sim.objload)."""
    if name not in ('hines_solve', 'exp_array'):
        raise AttributeError(name)
    from numba import njit
    fn = globals()[name] = njit(cache=True, fastmath=False, error_model='numpy')(
        globals()['_' + name])
    return fn


def _hines_solve(a, b, d, rhs, parent, ncell):
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


def _exp_array(x):
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
# run_steps advances a Model by whole fixed steps in one compiled loop (pyhoc.sim.fused
# prepares its arguments and handles what needs Python).  It is not compiled here: it is the
# source of the loop module pyhoc.sim.contract generates once for all models, where M holds
# the mechanism types' records (a typed List per kernel slot) and the placeholder lines
# mech_*_text() become the calls of their kernels by address, in type order
# (contract.loop_module).  Every operation mirrors pyhoc.sim.fixed_step.

STOP_DONE = 0        # all requested steps taken
STOP_BEGIN = 1       # stopped at a step's start: a threshold crossing or an event to deliver
STOP_END = 2         # a step completed and an event is due at its end
STOP_NONFINITE = 3   # a step completed with a voltage that is NaN or infinite
STOP_COND = 4        # at a group's start, t < tcond no longer holds (continuerun's test)
STOP_NOTIFY = 5      # a step completed and a mechanism asked Python to look (contract.NOTIFY)
STOP_SINGULAR = 6    # a mechanism's equations were singular (simeq); the step is unfinished
STOP_ERROR = 7       # a mechanism's code raised (hoc_execerror: the message is in its globals,
                     # pyhoc.nmodl.runtime.ExecError); the step is unfinished


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


def _record(rec, s, t):
    """The loop's recordings at the end of step s: the recorded elements and t."""
    rec_srcs, rec_src, rec_idx, rec_buf, t_buf = rec
    for k in range(rec_idx.shape[0]):
        rec_buf[k, s] = rec_srcs[rec_src[k]][rec_idx[k]]
    t_buf[s] = t


def run_steps(nmax, t, dt, secondorder, tnext, skip_begin, tcond, group, phase, tree, ncell,
              cap, M, thr, rec, fim, play):
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
    sav_rhs, sav_d, imem = fim
    nplay = play[1].shape[0]
    nn = v.shape[0]
    cj = 2.0 / dt if secondorder else 1.0 / dt
    cfac = .001 * cj
    ndc = 0
    # one way out of the loop (its test): numba releases the arrays of every argument at each
    status, steps = -1, 0
    s = -1
    code = 0            # what the last mech_*_text() pass returned (the kernels' max)
    while status < 0:
        s += 1
        if s == nmax:
            status, steps = STOP_DONE, nmax
            continue
        if not (skip_begin and s == 0):
            if (phase + s) % group == 0 and not t < tcond:
                status, steps = STOP_COND, s
                continue
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
            mech_watch_text()
            if code != 0:       # a WATCH crossed upwards
                up = True
            if up or tnext <= t + .5 * dt:
                status, steps = STOP_BEGIN, s
                continue
        t_start = t             # (a kernel's error: t stays there, as NEURON's global t)
        t += .5 * dt
        if nplay:
            _play(t, play)
        for i in range(nn):
            rhs[i] = 0.
            d[i] = 0.
        for i in range(sav_rhs.shape[0]):
            sav_rhs[i] = 0.
            sav_d[i] = 0.
        # (a kernel's raise: code 3, from pyhoc.sim.kcall.kcall_caught, not a try block)
        mech_currents_text()
        if code == 1 or code == 3:
            status, steps = STOP_SINGULAR if code == 1 else STOP_ERROR, s
            t = t_start
            continue
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
        _hines_solve(a, b, d, rhs, parent, ncell)
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
        mech_states_text()
        if code == 1 or code == 3:
            status, steps = STOP_SINGULAR if code == 1 else STOP_ERROR, s
            t = t_start
            continue
        _record(rec, s, t)
        if not finite:
            status, steps = STOP_NONFINITE, s + 1
            continue
        if tnext <= t:
            status, steps = STOP_END, s + 1
            continue
        if code == 2:
            status, steps = STOP_NOTIFY, s + 1
    return status, steps, t, ndc


