"""Variable-order (1-5) BDF for implicit DAEs F(t, y, y') = 0 in fixed-leading-coefficient
form with modified divided differences, as SUNDIALS IDA does it (the IDA 2.x of NEURON's
src/sundials, read for its algorithm: IDAStep, IDASetCoeffs, IDAPredict, IDANls/IDANewtonIter
with a user linear solver and no lsetup, IDATestError, IDAHandleNFlag, IDACompleteStep,
IDAGetSolution, the first step of IDASolve and its ONE_STEP_TSTOP stops).

The problem is given by two callbacks over plain float arrays:

``res(t, y, yp, delta)``
    fills delta = F(t, y, y').
``psol(b, cj)``
    solves (dF/dy + cj dF/dy') x = b in place at the y of the last ``res`` call (NEURON's
    msolve: the matrix is rebuilt for every solve, so lsetup does nothing).

Error weights are 1 / (rtol |y| + atol_i), norms weighted RMS, algebraic components
included in the error test (IDA's default).
"""
from __future__ import annotations

import math

import numpy as np

from .cvode_bdf import BDFError

UROUND = np.finfo(float).eps
MAXORD = 5
MAXCOR, MAXNCF, MAXNEF = 4, 10, 10
EPCON, RATEMAX = 0.33, 0.9


class IDAError(BDFError):
    pass


def _wrms(x: np.ndarray, w: np.ndarray) -> float:
    n = x.size
    if n == 0:
        return 0.0
    xw = x * w
    return math.sqrt(float(np.dot(xw, xw)) / n)


class IDA:
    """One IDAMem: the divided-difference history phi and the step's coefficients."""

    def __init__(self, res, psol, n: int, atol: np.ndarray, rtol: float = 0.0,
                 maxord: int = 5, hmax: float = 0.0, hmin: float = 0.0):
        self.res = res
        self.psol = psol
        self.n = n
        self.atol = np.asarray(atol, dtype=float)
        self.rtol = float(rtol)
        self.maxord = max(1, min(MAXORD, int(maxord)))
        self.hmax_inv = 1.0 / hmax if hmax > 0 else 0.0
        self.hmin = float(hmin)
        k = self.maxord + 2
        self.phi = np.zeros((k, n))
        self.psi = np.zeros(k)
        self.alpha = np.zeros(k)
        self.beta = np.zeros(k)
        self.sigma = np.zeros(k)
        self.gamma = np.zeros(k)
        self.ewt = np.zeros(n)
        self.ee = np.zeros(n)
        self.delta = np.zeros(n)
        self.y = np.zeros(n)         # the solution at the last step (or tstop)
        self.yp = np.zeros(n)
        self.tempv = np.zeros(n)
        self.epsNewt = EPCON
        self.toldel = 0.0001 * self.epsNewt
        self.nre = self.nni = self.nsetups = self.netf = self.ncfn = 0
        self.nst = 0
        self.tn = 0.0

    # ------------------------------------------------------------------ (re)start
    def reinit(self, t0: float, y0: np.ndarray, yp0: np.ndarray) -> None:
        """IDAReInit: phi[0] = y0, phi[1] = y0', the first step chosen at the next ``step``."""
        self.phi[0] = y0
        self.phi[1] = yp0
        self.tn = float(t0)
        self.nst = 0
        self.kk = self.kused = 0
        self.hh = self.hused = 0.0
        self.cj = 0.0
        self.ss = 20.0
        self.y[:] = y0
        self.yp[:] = yp0
        if not self._ewt_set(y0):
            raise IDAError('IDA: an error weight is not positive (atol must be > 0)')

    def _ewt_set(self, ycur: np.ndarray) -> bool:
        tmp = self.atol + self.rtol * np.abs(ycur) if self.rtol else self.atol
        if tmp.size and tmp.min() <= 0.0:
            return False
        np.divide(1.0, tmp, out=self.ewt)
        return True

    @property
    def h(self) -> float:
        """The last step's size (CVODE's h after a step, which pyhoc.sim.cvode reads)."""
        return self.hused

    @property
    def hu(self) -> float:
        return self.hused

    # ------------------------------------------------------------------ one step
    def step(self, tstop: float) -> tuple[float, bool]:
        """IDASolve(..., IDA_ONE_STEP_TSTOP): one internal step, not past tstop.  Returns
        (t, at_tstop); ``self.y``, ``self.yp`` hold the solution there."""
        if self.nst == 0:
            tdist = abs(tstop - self.tn)
            if tdist < 2.0 * UROUND * (abs(self.tn) + abs(tstop)):
                raise IDAError('IDA: tstop too close to t0 to start the integration')
            hh = 0.001 * tdist
            ypnorm = _wrms(self.phi[1], self.ewt)
            if ypnorm > 0.5 / hh:
                hh = 0.5 / ypnorm
            rh = abs(hh) * self.hmax_inv
            if rh > 1.0:
                hh /= rh
            if (self.tn + hh - tstop) * hh > 0.0:
                hh = (tstop - self.tn) * (1.0 - 4.0 * UROUND)
            self.hh = hh
            self.phi[1] *= hh
        else:
            troundoff = 100.0 * UROUND * (abs(self.tn) + abs(self.hh))
            if abs(self.tn - tstop) <= troundoff:
                self.get_solution(tstop, self.y, self.yp)
                return tstop, True
            if (self.tn + self.hh - tstop) * self.hh > 0.0:
                self.hh = (tstop - self.tn) * (1.0 - 4.0 * UROUND)
            if not self._ewt_set(self.phi[0]):
                raise IDAError('IDA: an error weight became non-positive at t = %g' % self.tn)
        if UROUND * _wrms(self.phi[0], self.ewt) > 1.0:
            raise IDAError('IDA: too much accuracy requested at t = %g' % self.tn)
        self._step(tstop)
        troundoff = 100.0 * UROUND * (abs(self.tn) + abs(self.hh))
        if abs(self.tn - tstop) <= troundoff:
            self.get_solution(tstop, self.y, self.yp)
            self.tn = tstop
            return tstop, True
        if (self.tn + self.hh - tstop) * self.hh > 0.0:
            self.hh = (tstop - self.tn) * (1.0 - 4.0 * UROUND)
        self.get_solution(self.tn, self.y, self.yp)
        return self.tn, False

    def _step(self, tstop: float) -> None:
        """IDAStep."""
        if self.nst == 0:
            self.kk = 1
            self.kused = 0
            self.hused = 0.0
            self.psi[0] = self.hh
            self.cj = 1.0 / self.hh
            self.phase = 0
            self.ns = 0
        saved_t = self.tn
        ncf = nef = 0
        while True:
            ck = self._set_coeffs()
            self.tn = self.tn + self.hh
            if (self.tn - tstop) * self.hh > 0.0:
                self.tn = tstop
            ok = self._nls()
            if ok:
                ok = self._test_error(ck)
                failed_error = not ok
            else:
                failed_error = False
            if ok:
                break
            self._restore(saved_t)
            if not failed_error:                  # IDAHandleNFlag: Newton failed
                ncf += 1
                self.ncfn += 1
                if ncf >= MAXNCF or abs(self.hh) * 0.25 < self.hmin:
                    raise IDAError('IDA: repeated convergence failures at t = %g' % self.tn)
                self.rr = 0.25
                self.hh *= 0.25
            else:
                nef += 1
                self.netf += 1
                if nef == 1:
                    self.kk = self.knew
                    rr = 0.9 * (2.0 * self.err_k + 0.0001) ** (-1.0 / (self.kk + 1))
                    self.rr = max(0.25, min(0.9, rr))
                elif nef == 2:
                    self.kk = self.knew
                    self.rr = 0.25
                else:
                    self.kk = 1
                    self.rr = 0.25
                self.hh *= self.rr
                if nef >= MAXNEF or abs(self.hh) < self.hmin:
                    raise IDAError('IDA: repeated error test failures at t = %g' % self.tn)
            if self.nst == 0:                     # IDAReset
                self.psi[0] = self.hh
                self.phi[1] *= self.rr
        self._complete_step()
        self.ee *= ck

    def _set_coeffs(self) -> float:
        """IDASetCoeffs: psi, alpha, beta, sigma, gamma, cj and the error constant ck;
        phi turned into phi*."""
        kk, hh = self.kk, self.hh
        psi, alpha, beta, sigma, gamma = self.psi, self.alpha, self.beta, self.sigma, \
            self.gamma
        if hh != self.hused or kk != self.kused:
            self.ns = 0
        self.ns = min(self.ns + 1, self.kused + 2)
        if kk + 1 >= self.ns:
            beta[0] = alpha[0] = sigma[0] = 1.0
            gamma[0] = 0.0
            temp1 = hh
            for i in range(1, kk + 1):
                temp2 = psi[i - 1]
                psi[i - 1] = temp1
                beta[i] = beta[i - 1] * psi[i - 1] / temp2
                temp1 = temp2 + hh
                alpha[i] = hh / temp1
                sigma[i] = i * sigma[i - 1] * alpha[i]
                gamma[i] = gamma[i - 1] + alpha[i - 1] / hh
            psi[kk] = temp1
        alphas = alpha0 = 0.0
        for i in range(kk):
            alphas -= 1.0 / (i + 1)
            alpha0 -= alpha[i]
        self.cjlast = self.cj
        self.cj = -alphas / hh
        ck = abs(alpha[kk] + alphas - alpha0)
        ck = max(ck, alpha[kk])
        for i in range(self.ns, kk + 1):
            self.phi[i] *= beta[i]
        return ck

    def _predict(self) -> None:
        y, yp, phi, gamma = self.y, self.yp, self.phi, self.gamma
        y[:] = phi[0]
        yp[:] = 0.0
        for j in range(1, self.kk + 1):
            y += phi[j]
            yp += gamma[j] * phi[j]

    def _nls(self) -> bool:
        """IDANls and IDANewtonIter (no lsetup: a failure to converge fails the step)."""
        if self.nst == 0:
            self.cjold = self.cj
            self.ss = 20.0
        self._predict()
        y, yp, ee, delta = self.y, self.yp, self.ee, self.delta
        self.res(self.tn, y, yp, delta)
        self.nre += 1
        ee[:] = 0.0
        mnewt = 0
        oldnrm = 0.0
        while True:
            self.nni += 1
            self.psol(delta, self.cj)
            y -= delta
            ee -= delta
            yp -= self.cj * delta
            delnrm = _wrms(delta, self.ewt)
            if mnewt == 0:
                oldnrm = delnrm
                if delnrm <= 0.0001 * self.toldel:
                    return True
            else:
                rate = (delnrm / oldnrm) ** (1.0 / mnewt)
                if rate > RATEMAX:
                    return False
                self.ss = rate / (1.0 - rate)
            if self.ss * delnrm <= self.epsNewt:
                return True
            mnewt += 1
            if mnewt >= MAXCOR:
                return False
            self.res(self.tn, y, yp, delta)
            self.nre += 1

    def _test_error(self, ck: float) -> bool:
        """IDATestError: the error at order k (and k-1, k-2 for the order choice)."""
        kk, phi, sigma, ee, ewt = self.kk, self.phi, self.sigma, self.ee, self.ewt
        enorm_k = _wrms(ee, ewt)
        self.err_k = sigma[kk] * enorm_k
        terr_k = (kk + 1) * self.err_k
        self.knew = kk
        self.err_km1 = 0.0
        if kk > 1:
            d = self.tempv
            np.add(phi[kk], ee, out=d)
            self.err_km1 = sigma[kk - 1] * _wrms(d, ewt)
            terr_km1 = kk * self.err_km1
            if kk > 2:
                d += phi[kk - 1]
                err_km2 = sigma[kk - 2] * _wrms(d, ewt)
                terr_km2 = (kk - 1) * err_km2
                if max(terr_km1, terr_km2) <= terr_k:
                    self.knew = kk - 1
            elif terr_km1 <= 0.5 * terr_k:
                self.knew = kk - 1
        return ck * enorm_k <= 1.0

    def _restore(self, saved_t: float) -> None:
        self.tn = saved_t
        for j in range(1, self.kk + 1):
            self.psi[j - 1] = self.psi[j] - self.hh
        for j in range(self.ns, self.kk + 1):
            self.phi[j] *= 1.0 / self.beta[j]

    def _complete_step(self) -> None:
        """IDACompleteStep: order and step size for the next step, phi updated."""
        self.nst += 1
        kk = self.kk
        kdiff = kk - self.kused
        self.kused = kk
        self.hused = self.hh
        phi, ee = self.phi, self.ee
        if self.knew == kk - 1 or kk == self.maxord:
            self.phase = 1
        if self.phase == 0:
            if self.nst > 1:
                self.kk += 1
                hnew = 2.0 * self.hh
                tmp = abs(hnew) * self.hmax_inv
                if tmp > 1.0:
                    hnew /= tmp
                self.hh = hnew
        else:
            action = None
            if self.knew == kk - 1:
                action = 'lower'
            elif kk == self.maxord or kk + 1 >= self.ns or kdiff == 1:
                action = 'maintain'
            else:
                np.subtract(ee, phi[kk + 1], out=self.tempv)
                err_kp1 = _wrms(self.tempv, self.ewt) / (kk + 2)
                terr_k = (kk + 1) * self.err_k
                terr_kp1 = (kk + 2) * err_kp1
                if kk == 1:
                    action = 'maintain' if terr_kp1 >= 0.5 * terr_k else 'raise'
                else:
                    terr_km1 = kk * self.err_km1
                    if terr_km1 <= min(terr_k, terr_kp1):
                        action = 'lower'
                    elif terr_kp1 >= terr_k:
                        action = 'maintain'
                    else:
                        action = 'raise'
            if action == 'raise':
                self.kk += 1
                err_knew = err_kp1
            elif action == 'lower':
                self.kk -= 1
                err_knew = self.err_km1
            else:
                err_knew = self.err_k
            hnew = self.hh
            rr = (2.0 * err_knew + 0.0001) ** (-1.0 / (self.kk + 1))
            if rr >= 2.0:
                hnew = 2.0 * self.hh
                tmp = abs(hnew) * self.hmax_inv
                if tmp > 1.0:
                    hnew /= tmp
            elif rr <= 1.0:
                rr = max(0.5, min(0.9, rr))
                hnew = self.hh * rr
            self.hh = hnew
        kused = self.kused
        if kused < self.maxord:
            phi[kused + 1] = ee
        phi[kused] += ee
        for j in range(kused - 1, -1, -1):
            phi[j] += phi[j + 1]

    # ------------------------------------------------------------------ interpolation
    @property
    def t0(self) -> float:
        return self.tn - self.hused

    def get_solution(self, t: float, yret: np.ndarray, ypret: np.ndarray | None = None):
        """IDAGetSolution: y (and y') at t within the last step, from phi and psi."""
        kord = self.kused if self.kused else 1
        delt = t - self.tn
        c, d = 1.0, 0.0
        psi, phi = self.psi, self.phi
        gam = delt / psi[0] if psi[0] else 0.0
        yret[:] = phi[0]
        if ypret is not None:
            ypret[:] = 0.0
        for j in range(1, kord + 1):
            d = d * gam + c / psi[j - 1]
            c = c * gam
            gam = (delt + psi[j - 1]) / psi[j]
            yret += c * phi[j]
            if ypret is not None:
                ypret += d * phi[j]
        return yret

    def dky(self, t: float, out: np.ndarray) -> np.ndarray:
        """y at t (the interface pyhoc.sim.cvode uses for both integrators)."""
        return self.get_solution(t, out, self.yp)
