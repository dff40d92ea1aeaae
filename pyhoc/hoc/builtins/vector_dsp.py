"""Numerical helpers behind the HOC Vector class: FFT-based methods and the simplex fitter.

NEURON keeps its frequency-domain data in GSL's "halfcomplex" layout for a real transform of
length n (a power of two): element 0 is the DC term, elements 1..n/2 the real parts and elements
n-1..n/2+1 the imaginary parts.  The forward transform is unnormalised and the inverse divides by
n.  The helpers here reproduce that layout with numpy's FFT.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import numpy as np

from ...errors import HocError
from ...base import context
from .vector_util import _chkarg, _err, _isobj, _vec


def pow2_at_least(m: int) -> int:
    n = 1
    while n < m:
        n *= 2
    return n


def realft(data: np.ndarray, direction: int) -> np.ndarray:
    """GSL radix-2 real FFT (direction 1) or halfcomplex inverse (-1); returns a new array."""
    n = len(data)
    if n <= 1:
        return np.array(data, dtype=float)
    n2 = n // 2
    out = np.empty(n)
    if direction == 1:
        r = np.fft.rfft(np.asarray(data, dtype=float))
        out[:n2 + 1] = r.real
        out[n2 + 1:] = r.imag[1:n2][::-1]
        out[n2] = r[n2].real
        return out
    c = np.zeros(n2 + 1, dtype=complex)
    c.real = data[:n2 + 1]
    c.imag[1:n2] = data[n2 + 1:][::-1]
    return np.fft.irfft(c, n)


def gsl2nrc(x: np.ndarray, n: int) -> np.ndarray:
    y = np.zeros(n)
    y[0] = x[0]
    if n < 2:
        return y
    n2 = n // 2
    y[1] = x[n2]
    for i in range(1, n2):
        y[2 * i] = x[i]
        y[2 * i + 1] = -x[n - i]
    return y


def nrc2gsl(x: np.ndarray, n: int) -> np.ndarray:
    y = np.zeros(n)
    xn2 = 0.5 * n
    y[0] = x[0] * xn2
    if n < 2:
        return y
    n2 = n // 2
    y[n2] = x[1] * xn2
    for i in range(1, n2):
        y[i] = x[2 * i] * xn2
        y[n - i] = -x[2 * i + 1] * xn2
    return y


def convlv(data: np.ndarray, n: int, respns: np.ndarray, m: int, isign: int,
           respns_transformed: bool = False) -> np.ndarray:
    """Convolve (isign 1) or deconvolve (-1) data with a wrap-around response of length m."""
    respns = np.array(respns, dtype=float)
    for i in range(1, (m - 1) // 2 + 1):
        respns[n - i] = respns[m - i]
    for i in range((m + 1) // 2, n - (m - 1) // 2):
        respns[i] = 0.0
    d = realft(data, 1)
    r = realft(respns, 1)
    n2 = n // 2
    ans = np.zeros(n)
    ans[0] = d[0] * r[0]
    if isign == 1:
        i = np.arange(1, n2)
        ans[i] = d[i] * r[i] - d[n - i] * r[n - i]
        ans[n - i] = d[i] * r[n - i] + d[n - i] * r[i]
    elif n2 > 1:
        for i in range(1, n2):
            if isign != -1:
                raise HocError('No meaning for isign in nrn_convlv')
            scl = ans[i - 1] * ans[i - 1] + ans[i] * ans[i]
            if scl == 0.0:
                raise HocError('Deconvolving at response zero in nrn_convlv')
            scl *= 2.0
            ans[i] = (d[i] * r[n - i] - d[n - i] * r[i]) / scl
    if n >= 2:
        ans[n2] = d[n2] * r[n2]
    return realft(ans, -1)


def correl(x: np.ndarray, y: np.ndarray, n: int) -> np.ndarray:
    fx = realft(x, 1)
    fy = realft(y, 1)
    n2 = n // 2
    z = np.zeros(n)
    z[0] = fx[0] * fy[0]
    i = np.arange(1, n2)
    z[i] = fx[i] * fy[i] + fx[n - i] * fy[n - i]
    z[n - i] = fy[i] * fx[n - i] - fy[n - i] * fx[i]
    if n >= 2:
        z[n2] = fx[n2] * fy[n2]
    return realft(z, -1)


def spctrm(data: np.ndarray, setsize: int, numsegpairs: int) -> np.ndarray:
    """Bartlett-windowed power spectrum with overlapping segments (m values)."""
    psd = np.zeros(setsize)
    a = float(setsize)
    n = 2 * setsize
    j = np.arange(1, n + 1)
    window = 1.0 - np.abs(((j - 1) - a) * (1 / a))
    wfac = 0.0
    for w in window:
        wfac += w * w
    cx = 0
    for _k in range(numsegpairs * 2):
        fftv = np.array(data[cx:cx + n], dtype=float)
        cx += n - setsize
        fftv *= window
        f = realft(fftv, 1)
        psd[0] += f[0] * f[0]
        for jj in range(1, setsize):
            psd[jj] += f[jj] * f[jj] + f[n - jj] * f[n - jj]
    wfac = 1 / (wfac * n * numsegpairs)
    psd *= wfac
    psd[0] *= 0.5
    return psd


def smhist(data: np.ndarray, start: float, size: int, step: float, var: float,
           weights: np.ndarray | None) -> np.ndarray:
    svar = 2 * var / (step * step)
    scale = 1 / math.sqrt(2. * math.pi * var)
    g2 = int(math.sqrt(10 * svar))
    g = g2 * 2 + 1
    n = pow2_at_least(size + g)
    gauss = np.zeros(n)
    for i in range(g2 + 1):
        gauss[i] = scale * hoc_exp(-i * i / svar)
    for i in range(1, g2 + 1):
        gauss[g - i] = scale * hoc_exp(-i * i / svar)
    series = np.zeros(n)
    high = start + n * step
    for i, d in enumerate(data):
        if start <= d < high:
            series[int((d - start) / step)] += weights[i] if weights is not None else 1.
    ans = convlv(series, n, gauss, g, 1)
    out = np.zeros(size)
    lim = min(size, n)
    sel = ans[:lim] > 1e-9
    out[:lim][sel] = ans[:lim][sel]
    return out


def hoc_exp(x: float) -> float:
    if x < -700.:
        return 0.
    if x > 700.:
        return math.exp(700.)
    return math.exp(x)


# ---------------------------------------------------------------------------------------------
# Vector.fit: simplex minimisation of the mean square error

_ALPHA, _BETA, _GAMMA, _DELTA = 2.0, 1.4, 0.7, 0.3
_MAXN = 1e300
_INORM = 1.2

BUILTIN_FITS = ('exp2', 'charging', 'exp1', 'line', 'quad')


def fit_model(fcn: str, p: Sequence[float], t: float, call: Callable[..., float]) -> float:
    if fcn == 'exp2':
        return p[0] * hoc_exp(-t / p[1]) + p[2] * hoc_exp(-t / p[3])
    if fcn == 'charging':
        return p[0] * (1 - hoc_exp(-t / p[1])) + p[2] * (1 - hoc_exp(-t / p[3]))
    if fcn == 'exp1':
        return p[0] * hoc_exp(-t / p[1])
    if fcn == 'line':
        return p[0] * t + p[1]
    if fcn == 'quad':
        return p[0] * t * t + p[1] * t + p[2]
    return float(call(fcn, t, *p))


_NEEDS = {'exp2': (4, 'amp1,tau1,amp2,tau2'), 'charging': (4, 'amp1,tau1,amp2,tau2'),
          'exp1': (2, 'amp,tau'), 'line': (2, 'slope,intercept'), 'quad': (3, 'ax^2+bx+c')}


class _Simplex:
    def __init__(self, x, y, fcn, call):
        self.x, self.y, self.fcn, self.call = x, y, fcn, call
        self.best = _MAXN
        self.renew = 0

    def evaluate(self, p, n):
        fcn = self.fcn
        if fcn in _NEEDS and n < _NEEDS[fcn][0]:
            raise HocError('Vector .fit("%s") requires %s' % (fcn, _NEEDS[fcn][1]))
        sq = 0.
        for t, yv in zip(self.x, self.y):
            if fcn == 'exp2':
                d = p[0] * hoc_exp(-t / p[1]) + p[2] * hoc_exp(-t / p[3])
            elif fcn == 'charging':
                d = p[0] * (1 - hoc_exp(-t / p[1])) + p[2] * (1 - hoc_exp(-t / p[3]))
            elif fcn == 'exp1':
                d = p[0] * hoc_exp(-t / p[1])
            elif fcn == 'line':
                d = p[0] * t + p[1]
            elif fcn == 'quad':
                d = p[0] * t * t + p[1] * t + p[2]
            else:
                d = float(self.call(fcn, float(t), *p[:n]))
            g = d - yv
            sq += g * g
        return sq / len(self.x)

    def eval_error(self, p, n):
        r = self.evaluate(p, n)
        if self.renew > 3 * (n + 1):
            return self.best if r == self.best else _MAXN
        if self.best > r:
            self.best = r
        return r

    def run(self, p: list, n: int) -> float:
        vortex = [[p[j] * (_INORM if i == j else 1.0) for j in range(n)] for i in range(n + 1)]
        ev = [self.eval_error(vortex[i], n) for i in range(n + 1)]
        while True:
            emax = ev[0]
            emaxp = 0
            for i in range(n + 1):
                if ev[i] > emax:
                    emax = ev[i]
                    emaxp = i
            g = [0.0] * n
            for i in range(n + 1):
                for j in range(n):
                    g[j] += vortex[i][j]
            g = [(g[j] - vortex[emaxp][j]) / n for j in range(n)]
            worst = vortex[emaxp]
            for coef in (_ALPHA, _BETA, _GAMMA, _DELTA):
                nv = [(1.0 - coef) * worst[j] + coef * g[j] for j in range(n)]
                fv = self.eval_error(nv, n)
                if fv < ev[emaxp]:
                    break
            else:
                break
            if self.best == fv:
                self.renew += 1
            vortex[emaxp] = nv
            ev[emaxp] = fv
        emin = ev[0]
        eminp = 0
        for i in range(n + 1):
            if ev[i] < emin:
                emin = ev[i]
                eminp = i
        p[:n] = vortex[eminp]
        return emin


def simplex_fit(p: list, x, y, fcn: str, call: Callable[..., float]) -> float:
    n = len(p)
    s = _Simplex([float(v) for v in x], [float(v) for v in y], fcn, call)
    while True:
        s.renew = 0
        s.best = _MAXN
        r = s.run(p, n)
        if not s.renew or s.best <= r:
            return r


class SignalMethods:
    """Histogram, calculus and Fourier methods of Vector (results stored in the receiver)."""

    __slots__ = ()

    # ------------------------------------------------------------------ histograms
    def histogram(self, low: Any, high: Any, width: Any) -> 'Vector':
        low = float(low)
        high = _chkarg(high, low, 1e99)
        width = _chkarg(width, 0, high - low)
        n = int(math.floor((high - low) / width)) + 2
        y = np.zeros(n)
        for v in self._a:
            i = int(math.floor((v - low) / width)) + 1
            if 0 <= i < n:
                y[i] += 1.0
        return type(self)(y)

    def hist(self, data: Any, start: Any, size: Any, step: Any) -> 'Vector':
        d = _vec(data)
        if d is self:
            raise _err('hist', ' argument needs to be copied first')
        start, size = float(start), int(float(size))
        step = _chkarg(step, 1e-99, 1e99)
        out = np.zeros(size)
        for v in d._a:
            i = int(math.floor((v - start) / step))
            if 0 <= i < size:
                out[i] += 1
        return self._set(out)

    def sumgauss(self, low: Any, high: Any, step: Any, var: Any, w: Any = None) -> 'Vector':
        low = float(low)
        high = _chkarg(high, low, 1e99)
        step = _chkarg(step, 1e-99, 1e99)
        var = _chkarg(var, 0, 1e99)
        wts = _vec(w)._a if w is not None else np.ones(self._n)
        points = int((high - low) / step + .5)
        total = np.zeros(points)
        svar = var / (step * step)
        scale = 1. / math.sqrt(2. * math.pi * var)
        j = np.arange(points)
        for i, v in enumerate(self._a):
            xv = float(int((v - low) / step))
            arg = -(j - xv) * (j - xv) / (2. * svar)
            ok = arg > -20.
            total[ok] += np.array([math.exp(v) for v in arg[ok]]) * scale * wts[i]
        return type(self)(total)

    def smhist(self, data: Any, start: Any, size: Any, step: Any, var: Any,
               w: Any = None) -> 'Vector':
        d = _vec(data)
        start, size = float(start), int(float(size))
        step = _chkarg(step, 1e-99, 1e99)
        var = _chkarg(var, 0, 1e99)
        wts = None
        if w is not None:
            wts = _vec(w)._a.copy()
            if len(wts) != d._n:
                raise _err('Vector.smhist: weight Vector must be same size as source Vector.')
        return self._set(smhist(d._a.copy(), start, size, step, var, wts))

    def spikebin(self, data: Any, thresh: Any, bin: Any = 1.0) -> 'Vector':
        v1 = _vec(data)._a.copy()
        thresh = float(thresh)
        b = int(_chkarg(bin, 0, 1e6))
        n = len(v1) // b
        out = np.zeros(n)
        firing = False
        for i in range(n):
            for j in range(b):
                x = v1[i * b + j]
                if x >= thresh and not firing:
                    firing = True
                    out[i] = 1
                elif firing and x < thresh:
                    firing = False
        return self._set(out)

    def rebin(self, *args: Any) -> 'Vector':
        if args and _isobj(args[0]):
            src, args = _vec(args[0])._a.copy(), args[1:]
        else:
            src = self._a.copy()
        f = int(float(args[0]))
        n = len(src) // f
        out = np.zeros(n)
        for i in range(n):
            s = 0.
            for j in range(f):
                s += src[i * f + j]
            out[i] = s
        return self._set(out)

    def resample(self, src: Any, f: Any) -> 'Vector':
        v1 = _vec(src)._a.copy()
        f = _chkarg(f, 0, len(v1) // 2)
        n = int(len(v1) * f)
        self._buf = np.array([v1[int(i / f)] for i in range(n)], dtype=float)
        self._n = n
        return self

    def psth(self, src: Any, dt: Any, trials: Any, size: Any) -> 'Vector':
        v1 = _vec(src)._a.copy()
        dt = _chkarg(dt, 0, 9e99)
        trials = _chkarg(trials, 0, 9e99)
        size = _chkarg(size, 0, len(v1) // 2)
        n = len(v1)
        out = np.zeros(n)
        for i in range(n):
            fj = bj = 0
            integral = v1[i]
            while integral < size:
                if i + fj < n - 1:
                    fj += 1
                    integral += v1[i + fj]
                if i - bj > 0 and integral < size:
                    bj += 1
                    integral += v1[i - bj]
            out[i] = integral / trials * 1000. / ((fj + bj + 1) * dt)
        self._buf, self._n = out, n
        return self

    def trigavg(self, data: Any, trig: Any, pre: Any, post: Any) -> float:
        d, t = _vec(data)._a.copy(), _vec(trig)._a.copy()
        n = len(d)
        pre = int(_chkarg(pre, 0, n - 1))
        post = int(_chkarg(post, 0, n - 1))
        avg = np.zeros(pre + post)
        count = 0
        for tv in t:
            tr = int(tv)
            if pre <= tr < n - post:
                count += 1
                avg += d[tr - pre:tr + post]
        with np.errstate(all='ignore'):
            avg /= count
        self._set(avg)
        return float(count)

    def medfltr(self, *args: Any) -> 'Vector':
        if args and _isobj(args[0]):
            src, args = _vec(args[0])._a.copy(), args[1:]
        else:
            src = self._a.copy()
        n = len(src)
        points = int(_chkarg(args[0], 1, n // 2)) if args else 3
        res = np.zeros(n)
        for i in range(n):
            w0 = i - points if i >= points else 0
            w1 = i + points if i < n - points else n - 1
            wlen = w1 - w0
            # NEURON 9 takes the window [w0, wlen) (sic); an inverted range is an error there
            if wlen < w0:
                raise HocError('%s::medfltr: cannot create std::vector larger than max_size()'
                               % self.hoc_name())
            window = np.sort(src[w0:wlen])
            # NEURON reads past the window here (undefined); use 0
            res[i] = window[wlen // 2] if wlen // 2 < len(window) else 0.0
        return self._set(res)

    # ------------------------------------------------------------------ calculus
    def deriv(self, *args: Any) -> 'Vector':
        if args and _isobj(args[0]):
            src, args = _vec(args[0])._a.copy(), args[1:]
        else:
            src = self._a.copy()
        n = len(src)
        if n < 2:
            raise _err("Can't take derivative of Vector with less than two points")
        dx = float(args[0]) if args else 1.0
        sym = int(_chkarg(args[1], 1, 2)) if len(args) > 1 else 2
        if sym == 2:
            out = np.empty(n)
            out[0] = (src[1] - src[0]) / dx
            out[n - 1] = (src[n - 1] - src[n - 2]) / dx
            out[1:n - 1] = (src[2:] - src[:-2]) / (dx * 2)
        else:
            out = (src[1:] - src[:-1]) / dx
        return self._set(out)

    def integral(self, *args: Any) -> 'Vector':
        if args and _isobj(args[0]):
            src, args = _vec(args[0])._a.copy(), args[1:]
        else:
            src = self._a.copy()
        dx = float(args[0]) if args else 1.0
        n = len(src)
        self._resize(n)
        if n == 0:
            raise IndexError('vector::_M_range_check')
        out = self._buf
        out[0] = src[0]
        for i in range(1, n):
            out[i] = out[i - 1] + src[i] * dx
        return self

    def inf(self, stim: Any, dt: Any, gl: Any, el: Any, cm: Any, th: Any, res: Any,
            refp: Any = 0.0) -> 'Vector':
        s = _vec(stim)._a.copy()
        n = len(s)
        dt = _chkarg(dt, 1e-99, 9e99)
        gl, el, th, res = float(gl), float(el), float(th), float(res)
        cm = float(cm) / dt
        refp = float(refp)
        self._resize(n)
        V = self._buf
        V[0] = el
        ref = 0.
        t = 0
        while t < n - 1:
            i = -gl * (V[t] - el) + s[t]
            v = V[t] + i / cm
            if v >= th and ref <= 0:
                V[t + 1] = 0
                t += 1
                if t + 1 < n:
                    V[t + 1] = res
                ref = refp
            else:
                ref -= dt
                V[t + 1] = v
            t += 1
        return self

    # ------------------------------------------------------------------ Fourier
    def correl(self, v1: Any, v2: Any = None) -> 'Vector':
        a = _vec(v1)._a
        b = _vec(v2)._a if v2 is not None else a
        n = pow2_at_least(max(len(a), len(b)))
        d1, d2 = np.zeros(n), np.zeros(n)
        d1[:len(a)] = a
        d2[:len(b)] = b
        return self._set(correl(d1, d2, n))

    def convlv(self, data: Any, filt: Any, isign: Any = 1.0) -> 'Vector':
        a, b = _vec(data)._a, _vec(filt)._a
        n = pow2_at_least(max(len(a), len(b)))
        d, r = np.zeros(n), np.zeros(n)
        d[:len(a)] = a
        r[:len(b)] = b
        return self._set(convlv(d, n, r, len(b), int(float(isign))))

    def filter(self, *args: Any) -> 'Vector':
        if len(args) == 1 and _isobj(args[0]):
            raise _err('filter not enough arguments')  # NEURON 9 needs data and filter here
        if len(args) > 1:
            a, b = _vec(args[0])._a, _vec(args[1])._a
        else:
            a, b = self._a, _vec(args[0])._a
        n = pow2_at_least(max(len(a), len(b)))
        d, f = np.zeros(n), np.zeros(n)
        d[:len(a)] = a
        f[:len(b)] = b
        return self._set(convlv(d, n, realft(f, 1), len(b), 1))

    def fft(self, *args: Any) -> 'Vector':
        if args and _isobj(args[0]):
            src, args = _vec(args[0])._a.copy(), args[1:]
        else:
            src = self._a.copy()
        inv = int(_chkarg(args[0], -1, 1)) if args else 1
        n = pow2_at_least(len(src))
        data = np.zeros(n)
        data[:len(src)] = src
        if inv == -1:
            out = realft(nrc2gsl(data, n), -1)
        else:
            out = gsl2nrc(realft(data, 1), n)
        return self._set(out)

    def spctrm(self, data: Any, mr: Any = None) -> 'Vector':
        v1 = _vec(data)._a.copy()
        dc = len(v1)
        mr = int(float(mr)) if mr is not None else dc // 8
        m = pow2_at_least(mr)
        k = int(math.ceil((float(dc) / m - 1.) / 2.))
        n = (2 * k + 1) * m
        d = np.zeros(max(n, dc))
        d[:dc] = v1
        if self._n < m:
            self._resize(m)
        self._buf[:m] = spctrm(d, m, k)
        return self

    def fit(self, fitted: Any, fcn: Any, indep: Any, *params: Any) -> float:
        y = self._a.copy()
        fv = _vec(fitted)
        if fv._n != len(y):
            fv._resize(len(y))
        x = _vec(indep)._a.copy()
        if len(x) != len(y):
            raise _err('Vector', 'Indep argument to .fit() wrong size\n')
        if len(params) >= 17:
            raise _err('Vector', 'Too many parameters to fit()\n')
        fcn = str(fcn)
        p = [float(r.get()) for r in params]
        interp = context.current(self) if fcn not in BUILTIN_FITS else None
        call = interp.call if interp is not None else None
        err = simplex_fit(p, x, y, fcn, call)
        for r, v in zip(params, p):
            r.set(v)
        for i, t in enumerate(x):
            fv._buf[i] = fit_model(fcn, p, float(t), call)
        return err

