"""Variable-order (1-5) BDF in Nordsieck form with fixed-leading-coefficient step changes, as
SUNDIALS CVODE does it (the CVODES 2.x of NEURON's src/sundials, read for its algorithm:
cvStep, the Newton iteration with NEURON's own linear solver, the local error test, the choice
of step and order, the initial step, ONE_STEP_TSTOP stops, interpolation).

The problem is given by two callbacks over plain float arrays:

``f(t, y, ydot)``
    fills ydot = f(t, y).
``lsolve(b, gamma)``
    solves (I - gamma J) x = b in place, J being the Jacobian at the y of the last ``f`` call
    (NEURON's msolve: the tree matrix and the diagonal of each mechanism state, rebuilt at every
    solve, so the solve is always "current" and CVODE's lsetup does nothing but bookkeeping).

Error weights are 1 / (rtol |y| + atol_i) (CV_SV tolerances), norms are weighted RMS norms.
"""
from __future__ import annotations

import math

import numpy as np

UROUND = np.finfo(float).eps

# CVODE's constants (cvodes.c)
HLB_FACTOR, HUB_FACTOR, H_BIAS, MAX_ITERS = 100.0, 0.1, 0.5, 4
CORTES = 0.1
THRESH, ETAMX1, ETAMX2, ETAMX3 = 1.5, 10000.0, 10.0, 10.0
ETAMXF, ETAMIN, ETACF, ADDON = 0.2, 0.1, 0.25, 0.000001
BIAS1, BIAS2, BIAS3, ONEPSM = 6.0, 6.0, 10.0, 1.000001
SMALL_NST, MXNCF, MXNEF, MXNEF1, SMALL_NEF, LONG_WAIT = 10, 10, 7, 3, 2, 10
NLS_MAXCOR, CRDOWN, DGMAX, RDIV, MSBP = 3, 0.3, 0.3, 2.0, 20
FUZZ_FACTOR = 100.0

# CVNls / CVStep flags
SOLVED, CONV_FAIL = 0, -1
FIRST_CALL, PREV_CONV_FAIL, PREV_ERR_FAIL = 0, -1, -2
TRY_AGAIN = 99
DO_ERROR_TEST, PREDICT_AGAIN = 1, -5


def _rpowr(base: float, e: float) -> float:
    """SUNDIALS' RPowerR: pow(base, e), 0 for base <= 0."""
    return base ** e if base > 0.0 else 0.0


def _rpoweri(base: float, n: int) -> float:
    """base**n by n multiplications (SUNDIALS' RPowerI), not pow(): its last bits differ."""
    prod = 1.0
    for _ in range(n):
        prod *= base
    return prod


# CVODES' return flags (cvodes.h) for the failures of a step
CV_ILL_INPUT, CV_TOO_MUCH_ACC, CV_ERR_FAILURE, CV_CONV_FAILURE = -2, -5, -6, -7

# each failure's flag and what CVODES (NEURON 9.0.2's copy) writes to stderr about it
_FAILURES = {
    'tstop': (CV_ILL_INPUT, 'CVode-- tout too close to t0 to start integration.\n\n'),
    'ewt': (CV_ILL_INPUT, 'CVode-- At t = %(t)g, a component of ewt has become <= 0.\n\n'),
    'acc': (CV_TOO_MUCH_ACC, 'CVode-- At t = %(t)g, too much accuracy requested.\n\n'),
    'round': (CV_ERR_FAILURE, 'CVode-- At t = %(t)g and h = %(h)g, the step size is below '
                              'roundoff.\n\n'),
    'conv': (CV_CONV_FAILURE, 'CVode-- At t = %(t)g and h = %(h)g, the corrector\n'
                              'convergence failed repeatedly or with |h| = hmin.\n\n'),
    'errtest': (CV_ERR_FAILURE, 'CVode-- At t = %(t)g and h = %(h)g, the error test\n'
                                'failed repeatedly or with |h| = hmin.\n\n'),
}


class BDFError(RuntimeError):
    """A failed integration: the message, and for a failed step (:meth:`step_failed`)
    ``code`` (CVODES' flag) and ``text`` (CVODES' words): NEURON reports those as its
    'variable step integrator error' (pyhoc.sim.cvode.integrator_error)."""
    code: int | None = None
    text = ''

    @classmethod
    def step_failed(cls, kind: str, t: float, h: float = 0.0) -> 'BDFError':
        code, fmt = _FAILURES[kind]
        e = cls(fmt.replace('\n', ' ').strip() % {'t': t, 'h': h})
        e.code, e.text = code, fmt % {'t': t, 'h': h}
        return e


def _wrms(x: np.ndarray, w: np.ndarray, order: np.ndarray | None = None) -> float:
    """The weighted RMS norm, its squares summed left to right (np.cumsum's order, which
    the compiled step's loop repeats) in the order ``order`` of the components (NEURON's
    order of its state vector, where it differs from ours): N_VWrmsNorm's sum bit for bit."""
    n = x.size
    if n == 0:
        return 0.0
    xw = x * w
    if order is not None:
        xw = xw[order]
    return math.sqrt(float(np.cumsum(xw * xw)[-1]) / n)


class Nordsieck:
    """CVODE's BDF integrator state (one CVodeMem)."""

    def __init__(self, f, lsolve, n: int, atol: np.ndarray, rtol: float = 0.0,
                 qmax: int = 5, hmax: float = 0.0, hmin: float = 0.0, order=None):
        self.f = f
        self.lsolve = lsolve
        self.n = n
        self.order = order          # the norms' order of summation (see _wrms), None: as is
        self.atol = np.asarray(atol, dtype=float)
        self.rtol = float(rtol)
        self.qmax = max(1, min(5, int(qmax)))
        self.hmax_inv = 1.0 / hmax if hmax > 0 else 0.0
        self.hmin = float(hmin)
        self.zn = np.zeros((self.qmax + 1, n))
        self.ewt = np.zeros(n)
        self.acor = np.zeros(n)
        self.y = np.zeros(n)
        self.tempv = np.zeros(n)
        self.ftemp = np.zeros(n)
        self.l = np.zeros(6)
        self.tq = np.zeros(6)
        self.tau = np.zeros(7)
        self.nfe = self.nni = self.nsetups = self.netf = self.ncfn = 0
        self.nst_total = 0
        self.tn = 0.0
        self.nst = 0

    # ------------------------------------------------------------------ (re)start
    def reinit(self, t0: float, y0: np.ndarray) -> None:
        """CVodeReInit: order 1, first step size chosen at the next ``step``."""
        self.zn[0] = y0
        self.y[:] = y0              # (CVode's y: what cvode.states() reads before a step)
        self.tn = float(t0)
        self.q = 1
        self.L = 2
        self.qwait = self.L
        self.etamax = ETAMX1
        self.qu = 0
        self.hu = 0.0
        self.tolsf = 1.0
        self.nst = 0
        self.h = 0.0
        self.hscale = 0.0
        self.hprime = 0.0
        self.eta = 1.0
        self.qprime = 1
        self.crate = 1.0
        self.gamma = self.gammap = self.gamrat = 0.0
        self.nstlp = 0
        self.forceSetup = False
        self.jcur = False
        self.saved_tq5 = 0.0
        self.nscon = 0
        self.acnrm = 0.0
        self.tretlast = self.tn
        if not self._ewt_set(self.zn[0]):
            raise BDFError('CVode: an error weight is not positive (atol must be > 0)')

    def _ewt_set(self, ycur: np.ndarray) -> bool:
        tmp = self.atol + self.rtol * np.abs(ycur) if self.rtol else self.atol
        if tmp.size and tmp.min() <= 0.0:
            return False
        np.divide(1.0, tmp, out=self.ewt)
        return True

    # ------------------------------------------------------------------ initial step
    def _hin(self, tout: float) -> bool:
        tn = self.tn
        tdiff = tout - tn
        if tdiff == 0.0:
            return False
        sign = 1 if tdiff > 0 else -1
        tdist = abs(tdiff)
        tround = UROUND * max(abs(tn), abs(tout))
        if tdist < 2.0 * tround:
            return False
        hlb = HLB_FACTOR * tround
        # CVUpperBoundH0
        temp1 = HUB_FACTOR * np.abs(self.zn[0]) + self.atol
        hub_inv = float(np.max(np.abs(self.zn[1]) / temp1)) if self.n else 0.0
        hub = HUB_FACTOR * tdist
        if hub * hub_inv > 1.0:
            hub = 1.0 / hub_inv
        hg = math.sqrt(hlb * hub)
        if hub < hlb:
            self.h = -hg if sign == -1 else hg
            return True
        count = 0
        while True:
            hgs = hg * sign
            # CVYddNorm
            y = self.zn[0] + hgs * self.zn[1]
            self.f(tn + hgs, y, self.tempv)
            self.nfe += 1
            self.tempv -= self.zn[1]
            self.tempv *= 1.0 / hgs
            yddnrm = _wrms(self.tempv, self.ewt, self.order)
            hnew = math.sqrt(2.0 / yddnrm) if yddnrm * hub * hub > 2.0 else math.sqrt(hg * hub)
            count += 1
            if count >= MAX_ITERS:
                break
            hrat = hnew / hg
            if 0.5 < hrat < 2.0:
                break
            if count >= 2 and hrat > 2.0:
                hnew = hg
                break
            hg = hnew
        h0 = H_BIAS * hnew
        h0 = min(max(h0, hlb), hub)
        self.h = -h0 if sign == -1 else h0
        return True

    # ------------------------------------------------------------------ one step
    def step(self, tstop: float) -> tuple[float, bool]:
        """CVode(..., CV_ONE_STEP_TSTOP): one internal step, not past tstop.

        Returns (t, at_tstop): the time reached (tn, or tstop exactly) and whether it is tstop;
        ``self.y`` holds y there.
        """
        if self.nst == 0:
            self.f(self.tn, self.zn[0], self.zn[1])
            self.nfe += 1
            if not self._hin(tstop):
                raise BDFError.step_failed('tstop', self.tn)
            h = self.h
            rh = abs(h) * self.hmax_inv
            if rh > 1.0:
                h /= rh
            if abs(h) < self.hmin:
                h *= self.hmin / abs(h)
            if (self.tn + h - tstop) * h > 0.0:
                h = tstop - self.tn
            self.h = self.hscale = self.h0u = self.hprime = h
            self.zn[1] *= h
        else:
            if self._reached(tstop):
                return tstop, True
            if not self._ewt_set(self.zn[0]):
                raise BDFError.step_failed('ewt', self.tn)
        nrm = _wrms(self.zn[0], self.ewt, self.order)
        if UROUND * nrm > 1.0:
            raise BDFError.step_failed('acc', self.tn)
        if self.tn + self.hprime == self.tn:
            raise BDFError.step_failed('round', self.tn, self.hprime)
        self._cvstep()
        self.nst_total += 1
        if self._reached(tstop):
            return tstop, True
        self.y[:] = self.zn[0]
        return self.tn, False

    def _reached(self, tstop: float) -> bool:
        """CVode's tstop test: at tstop within roundoff (y interpolated there, tn = tstop),
        else limit the next step so that it does not pass tstop."""
        troundoff = FUZZ_FACTOR * UROUND * (abs(self.tn) + abs(self.h))
        if abs(self.tn - tstop) <= troundoff:
            self.dky(tstop, self.y)
            self.tn = tstop
            return True
        if (self.tn + self.hprime - tstop) * self.h > 0.0:
            self.hprime = tstop - self.tn
            self.eta = self.hprime / self.h
        return False

    def _cvstep(self) -> None:
        saved_t = self.tn
        ncf = nef = 0
        nflag = FIRST_CALL
        if self.nst > 0 and self.hprime != self.h:
            self._adjust_params()
        while True:
            self._predict()
            self._set_bdf()
            nflag = self._nls(nflag)
            # CVHandleNFlag
            if nflag != SOLVED:
                self.ncfn += 1
                self._restore(saved_t)
                ncf += 1
                self.etamax = 1.0
                if abs(self.h) <= self.hmin * ONEPSM or ncf == MXNCF:
                    raise BDFError.step_failed('conv', self.tn, self.h)
                self.eta = max(ETACF, self.hmin / abs(self.h))
                self._rescale()
                nflag = PREV_CONV_FAIL
                continue
            # CVDoErrorTest
            dsm = self.acnrm / self.tq[2]
            if dsm <= 1.0:
                break
            nef += 1
            self.netf += 1
            self._restore(saved_t)
            if abs(self.h) <= self.hmin * ONEPSM or nef == MXNEF:
                raise BDFError.step_failed('errtest', self.tn, self.h)
            self.etamax = 1.0
            nflag = PREV_ERR_FAIL
            if nef <= MXNEF1:
                eta = 1.0 / (_rpowr(BIAS2 * dsm, 1.0 / self.L) + ADDON)
                eta = max(ETAMIN, max(eta, self.hmin / abs(self.h)))
                if nef >= SMALL_NEF:
                    eta = min(eta, ETAMXF)
                self.eta = eta
                self._rescale()
                continue
            if self.q > 1:
                self.eta = max(ETAMIN, self.hmin / abs(self.h))
                self._adjust_order(-1)
                self.L = self.q
                self.q -= 1
                self.qwait = self.L
                self._rescale()
                continue
            self.eta = max(ETAMIN, self.hmin / abs(self.h))
            self.h *= self.eta
            self.hscale = self.h
            self.qwait = LONG_WAIT
            self.nscon = 0
            self.f(self.tn, self.zn[0], self.tempv)
            self.nfe += 1
            self.zn[1] = self.h * self.tempv
        self._complete_step()
        self._prepare_next_step(dsm)
        self.etamax = ETAMX2 if self.nst <= SMALL_NST else ETAMX3
        self.acor *= 1.0 / self.tq[2]

    # ------------------------------------------------------------------ Nordsieck array
    def _predict(self) -> None:
        self.tn += self.h
        zn, q = self.zn, self.q
        for k in range(1, q + 1):
            for j in range(q, k - 1, -1):
                zn[j - 1] += zn[j]

    def _restore(self, saved_t: float) -> None:
        self.tn = saved_t
        zn, q = self.zn, self.q
        for k in range(1, q + 1):
            for j in range(q, k - 1, -1):
                zn[j - 1] -= zn[j]

    def _rescale(self) -> None:
        factor = self.eta
        for j in range(1, self.q + 1):
            self.zn[j] *= factor
            factor *= self.eta
        self.h = self.hscale * self.eta
        self.hscale = self.h
        self.nscon = 0

    def _adjust_params(self) -> None:
        if self.qprime != self.q:
            self._adjust_order(self.qprime - self.q)
            self.q = self.qprime
            self.L = self.q + 1
            self.qwait = self.L
        self._rescale()

    def _adjust_order(self, deltaq: int) -> None:
        q = self.q
        if q == 2 and deltaq != 1:
            return
        l, tau, zn = self.l, self.tau, self.zn
        if deltaq == 1:                     # CVIncreaseBDF
            l[:] = 0.0
            l[2] = alpha1 = prod = xiold = 1.0
            alpha0 = -1.0
            hsum = self.hscale
            if q > 1:
                for j in range(1, q):
                    hsum += tau[j + 1]
                    xi = hsum / self.hscale
                    prod *= xi
                    alpha0 -= 1.0 / (j + 1)
                    alpha1 += 1.0 / xi
                    for i in range(j + 2, 1, -1):
                        l[i] = l[i] * xiold + l[i - 1]
                    xiold = xi
            A1 = (-alpha0 - alpha1) / prod
            zn[self.L] = A1 * zn[self.qmax]
            for j in range(2, q + 1):
                zn[j] += l[j] * zn[self.L]
        elif deltaq == -1:                  # CVDecreaseBDF
            l[:] = 0.0
            l[2] = 1.0
            hsum = 0.0
            for j in range(1, q - 1):
                hsum += tau[j]
                xi = hsum / self.hscale
                for i in range(j + 2, 1, -1):
                    l[i] = l[i] * xi + l[i - 1]
            for j in range(2, q):
                zn[j] -= l[j] * zn[q]

    def _set_bdf(self) -> None:
        l, tau, q, h = self.l, self.tau, self.q, self.h
        l[0] = l[1] = xi_inv = xistar_inv = 1.0
        l[2:] = 0.0
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
        # CVSetTqBDF
        tq = self.tq
        A1 = 1.0 - alpha0_hat + alpha0
        A2 = 1.0 + q * A1
        tq[2] = abs(alpha0 * (A2 / A1))
        tq[5] = abs(A2 / (l[q] * xi_inv / xistar_inv))
        if self.qwait == 1:
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
        tq[4] = CORTES * tq[2]
        # CVSet
        self.rl1 = 1.0 / l[1]
        self.gamma = h * self.rl1
        if self.nst == 0:
            self.gammap = self.gamma
        self.gamrat = self.gamma / self.gammap if self.nst > 0 else 1.0

    # ------------------------------------------------------------------ Newton
    def _nls(self, nflag: int) -> int:
        callSetup = (nflag == PREV_CONV_FAIL or nflag == PREV_ERR_FAIL or self.nst == 0
                     or self.nst >= self.nstlp + MSBP or abs(self.gamrat - 1.0) > DGMAX)
        if self.forceSetup:
            callSetup = True
        while True:
            self.f(self.tn, self.zn[0], self.ftemp)
            self.nfe += 1
            if callSetup:
                # NEURON's msetup: nothing to set up, the solve builds the current matrix
                self.jcur = True
                self.nsetups += 1
                callSetup = False
                self.forceSetup = False
                self.gamrat = 1.0
                self.gammap = self.gamma
                self.crate = 1.0
                self.nstlp = self.nst
            self.acor[:] = 0.0
            self.y[:] = self.zn[0]
            ier = self._newton_iteration()
            if ier != TRY_AGAIN:
                return ier
            callSetup = True

    def _newton_iteration(self) -> int:
        m = 0
        Delp = 0.0
        zn1, acor, ewt = self.zn[1], self.acor, self.ewt
        while True:
            b = self.tempv
            np.multiply(self.rl1, zn1, out=b)
            b += acor
            b *= -1.0
            b += self.gamma * self.ftemp
            self.lsolve(b, self.gamma)
            self.nni += 1
            Del = _wrms(b, ewt, self.order)
            acor += b
            np.add(self.zn[0], acor, out=self.y)
            if m > 0:
                self.crate = max(CRDOWN * self.crate, Del / Delp)
            dcon = Del * min(1.0, self.crate) / self.tq[4]
            if dcon <= 1.0:
                self.acnrm = Del if m == 0 else _wrms(acor, ewt, self.order)
                self.jcur = False
                return SOLVED
            m += 1
            if m == NLS_MAXCOR or (m >= 2 and Del > RDIV * Delp):
                if not self.jcur:
                    return TRY_AGAIN
                return CONV_FAIL
            Delp = Del
            self.f(self.tn, self.y, self.ftemp)
            self.nfe += 1

    # ------------------------------------------------------------------ after a step
    def _complete_step(self) -> None:
        self.nst += 1
        self.nscon += 1
        self.hu = self.h
        self.qu = self.q
        q, tau = self.q, self.tau
        for i in range(q, 1, -1):
            tau[i] = tau[i - 1]
        if q == 1 and self.nst > 1:
            tau[2] = tau[1]
        tau[1] = self.h
        for j in range(q + 1):
            self.zn[j] += self.l[j] * self.acor
        self.qwait -= 1
        if self.qwait == 1 and q != self.qmax:
            self.zn[self.qmax] = self.acor
            self.saved_tq5 = self.tq[5]

    def _prepare_next_step(self, dsm: float) -> None:
        if self.etamax == 1.0:
            self.qwait = max(self.qwait, 2)
            self.qprime = self.q
            self.hprime = self.h
            self.eta = 1.0
            return
        self.etaq = 1.0 / (_rpowr(BIAS2 * dsm, 1.0 / self.L) + ADDON)
        if self.qwait != 0:
            self.eta = self.etaq
            self.qprime = self.q
            self._set_eta()
            return
        self.qwait = 2
        q, L = self.q, self.L
        etaqm1 = 0.0
        if q > 1:
            ddn = _wrms(self.zn[q], self.ewt, self.order) / self.tq[1]
            etaqm1 = 1.0 / (_rpowr(BIAS1 * ddn, 1.0 / q) + ADDON)
        etaqp1 = 0.0
        if q != self.qmax:
            cquot = (self.tq[5] / self.saved_tq5) * _rpoweri(self.h / self.tau[2], L)
            self.tempv[:] = self.acor - cquot * self.zn[self.qmax]
            dup = _wrms(self.tempv, self.ewt, self.order) / self.tq[3]
            etaqp1 = 1.0 / (_rpowr(BIAS3 * dup, 1.0 / (L + 1)) + ADDON)
        # CVChooseEta
        etaq = self.etaq
        etam = max(etaqm1, max(etaq, etaqp1))
        if etam < THRESH:
            self.eta = 1.0
            self.qprime = q
        elif etam == etaq:
            self.eta = etaq
            self.qprime = q
        elif etam == etaqm1:
            self.eta = etaqm1
            self.qprime = q - 1
        else:
            self.eta = etaqp1
            self.qprime = q + 1
            self.zn[self.qmax] = self.acor
        self._set_eta()

    def _set_eta(self) -> None:
        if self.eta < THRESH:
            self.eta = 1.0
            self.hprime = self.h
        else:
            self.eta = min(self.eta, self.etamax)
            self.eta /= max(1.0, abs(self.h) * self.hmax_inv * self.eta)
            self.hprime = self.h * self.eta
            if self.qprime < self.q:
                self.nscon = 0

    # ------------------------------------------------------------------ interpolation
    @property
    def t0(self) -> float:
        """Start of the last step."""
        return self.tn - self.hu

    def dky(self, t: float, out: np.ndarray) -> np.ndarray:
        """CVodeGetDky(t, 0): y at t within the last step, from the Nordsieck array."""
        q = self.q
        s = (t - self.tn) / self.h if self.h != 0.0 else 0.0
        out[:] = self.zn[q]
        for j in range(q - 1, -1, -1):
            out *= s
            out += self.zn[j]
        return out
