"""fit_praxis and friends: Brent's principal axis method (PRAXIS) for minimising a function
of several variables without derivatives.

Written from Brent's description ("Algorithms for Minimization without Derivatives", 1973,
chapter 7): repeated line searches along a set of directions that are made conjugate by
Powell's method, a quadratic extrapolation through the last three base points, and, after
each cycle, new directions from the singular value decomposition of the scaled direction
matrix (its principal axes, which ``pval_praxis`` reports).  Random steps are taken when the
problem looks ill-conditioned; they come from mcell_ran4 at ``attr_praxis(index)``'s index.
"""
from __future__ import annotations

import math

import numpy as np

from ...errors import HocError
from ...base import rng
from ...base.refs import Ref
from . import builtin

MACHEP = 1e-11          # the precision NEURON's praxis always works to (whatever it is given)


def _sumsq(a) -> float:
    """Sum of squares in index order (as the published algorithm adds them)."""
    s = 0.0
    for v in a.tolist():
        s += v * v
    return s


class _Settings:
    """attr_praxis's values, the random index and the last run's principal axes."""
    tolerance = 0.0
    maxstep = 0.0
    printmode = 0
    ran_index = 0
    praxstep = 0        # stop_praxis(i): end after i more cycles (counts down each cycle)
    pvals = None        # d of the last run (or of the run in progress, for after-quad code)
    paxes = None


def _settings(interp) -> _Settings:
    s = interp.__dict__.get('_praxis')
    if s is None:
        s = interp.__dict__['_praxis'] = _Settings()
    return s


class Praxis:
    """One minimisation: f(x) -> float over n variables, x changed in place."""

    def __init__(self, f, x: np.ndarray, t0: float, h0: float, prin: int, random,
                 after_cycle=None, printer=None, stopped=lambda: False,
                 cycles_left=None):
        self.f, self.x, self.n = f, x, len(x)
        self.t0, self.h0, self.prin = t0, h0, prin
        self.random = random
        self.after_cycle = after_cycle
        self.write = printer
        self.stopped = stopped
        self.cycles_left = cycles_left

    # ---------------------------------------------------------------------------- helpers
    def flin(self, lam: float, j: int) -> float:
        """f along direction j (j >= 0) or, for j < 0, on the space curve through q0, x, q1."""
        if j >= 0:
            t = self.x + lam * self.v[:, j]
        else:
            qd0, qd1 = self.qd0, self.qd1
            qa = lam * (lam - qd1) / (qd0 * (qd0 + qd1))
            qb = (lam + qd0) * (qd1 - lam) / (qd0 * qd1)
            qc = lam * (lam + qd0) / (qd1 * (qd0 + qd1))
            t = qa * self.q0 + qb * self.x + qc * self.q1
        self.nf += 1
        return self.f(t)

    def min(self, j: int, nits: int, d2: float, x1: float, f1: float, fk: bool):
        """Brent's procedure min: a line search from x along direction j (or the quadratic
        curve for j < 0) with second-derivative estimate d2 and first step x1 (f1 = f there
        when fk); x moves to the minimum found (linear case).  Returns (d2, x1)."""
        small, m2, m4 = self.small, self.m2, self.m4
        sf1, sx1 = f1, x1
        k = 0
        xm = 0.0
        fm = f0 = self.fx
        dz = d2 < MACHEP
        s = math.sqrt(_sumsq(self.x))
        temp = d2 if not dz else self.dmin
        t2 = m4 * math.sqrt(abs(self.fx) / temp + s * self.ldt) + m2 * self.ldt
        s = m4 * s + self.t
        if dz and t2 > s:
            t2 = s
        t2 = max(t2, small)
        t2 = min(t2, 0.01 * self.h)
        if fk and f1 <= fm:
            xm, fm = x1, f1
        if not fk or abs(x1) < t2:
            x1 = t2 if x1 >= 0 else -t2
            f1 = self.flin(x1, j)
        if f1 <= fm:
            xm, fm = x1, f1
        while True:
            if dz:      # a second point, for the second derivative
                x2 = -x1 if f0 < f1 else 2 * x1
                f2 = self.flin(x2, j)
                if f2 <= fm:
                    xm, fm = x2, f2
                d2 = (x2 * (f1 - f0) - x1 * (f2 - f0)) / (x1 * x2 * (x1 - x2))
            d1 = (f1 - f0) / x1 - x1 * d2
            dz = True
            if d2 <= small:
                x2 = self.h if d1 < 0 else -self.h
            else:
                x2 = -0.5 * d1 / d2
            if abs(x2) > self.h:
                x2 = self.h if x2 > 0 else -self.h
            again = False
            while True:
                f2 = self.flin(x2, j)
                if k < nits and f2 > f0:
                    k += 1
                    if f0 < f1 and x1 * x2 > 0:
                        again = True        # estimate the second derivative anew
                        break
                    x2 *= 0.5
                    continue
                break
            if not again:
                break
        self.nl += 1
        if f2 > fm:
            x2 = xm
        else:
            fm = f2
        if abs(x2 * (x2 - x1)) > small:
            d2 = (x2 * (f1 - f0) - x1 * (fm - f0)) / (x1 * x2 * (x1 - x2))
        elif k > 0:
            d2 = 0.0
        if d2 <= small:
            d2 = small
        x1 = x2
        self.fx = fm
        if sf1 < self.fx:
            self.fx = sf1
            x1 = sx1
        if j >= 0:
            self.x += x1 * self.v[:, j]
        return d2, x1

    def quad(self) -> None:
        """Look for the minimum along the curve through the last three base points."""
        s = self.fx
        self.fx = self.qf1
        self.qf1 = s
        old = self.x.copy()
        self.x[:] = self.q1
        self.q1 = old
        self.qd1 = math.sqrt(_sumsq(old - self.x))
        lam = self.qd1
        if self.qd0 > 0 and self.qd1 > 0 and self.nl >= 3 * self.n * self.n:
            _, lam = self.min(-1, 2, 0.0, lam, self.qf1, True)
            qd0, qd1 = self.qd0, self.qd1
            qa = lam * (lam - qd1) / (qd0 * (qd0 + qd1))
            qb = (lam + qd0) * (qd1 - lam) / (qd0 * qd1)
            qc = lam * (lam + qd0) / (qd1 * (qd0 + qd1))
        else:
            self.fx = self.qf1
            qa = qb = 0.0
            qc = 1.0
        self.qd0 = self.qd1
        s = self.q0
        self.q0 = self.x.copy()
        self.x[:] = qa * s + qb * self.x + qc * self.q1

    def report(self) -> None:
        if self.prin <= 0:
            return
        w = self.write
        w('After %d linear searches, the function has been evaluated %d times.\n'
          % (self.nl, self.nf))
        w('The smallest value found is f(x) = %g\n' % self.fx)
        if self.fx > 0:
            w('log (f(x)) - %g = %g\n' % (0.0, math.log10(self.fx)))
        else:
            w('log (f(x)) -- %g is undefined\n' % 0.0)
        for xi in self.x:
            w('x is:%g\n' % xi)

    # ---------------------------------------------------------------------------- the method
    def run(self) -> float:
        """Minimise; returns the least value found (x is left at the last base point)."""
        try:
            self._run()
        except _Stopped:
            pass
        return self.fx

    def search(self, j: int, nits: int, d2: float, x1: float, f1: float, fk: bool):
        r = self.min(j, nits, d2, x1, f1, fk)
        if self.stopped():
            raise _Stopped
        return r

    def _run(self) -> None:
        n = self.n
        self.small = small = MACHEP * MACHEP
        vsmall = small * small
        large, vlarge = 1.0 / small, 1.0 / vsmall
        self.m2 = math.sqrt(MACHEP)
        self.m4 = math.sqrt(self.m2)
        ldfac = 0.01
        kt, ktm = 0, 2
        self.nl, self.nf = 0, 1
        self.v = np.eye(n)
        d = self.d = np.zeros(n)
        self.fx = self.f(self.x)
        if self.stopped():
            raise _Stopped
        self.qf1 = self.fx
        self.t = t2 = small + abs(self.t0)
        self.dmin = small
        self.h = max(self.h0, 100 * self.t)
        self.ldt = self.h
        self.qd0 = self.qd1 = 0.0
        self.q0 = self.x.copy()
        self.q1 = self.x.copy()
        illc = False
        self.report()
        while True:
            sf = d[0]
            d[0] = 0.0
            d[0], s = self.search(0, 2, d[0], 0.0, self.fx, False)
            if s <= 0:
                self.v[:, 0] = -self.v[:, 0]
            if sf <= 0.9 * d[0] or 0.9 * sf >= d[0]:
                d[1:] = 0.0
            if n == 1:
                if abs(s) < self.t:
                    break
            else:
                for k in range(1, n):
                    y = self.x.copy()
                    sf = self.fx
                    if kt > 0:
                        illc = True
                    while True:
                        kl, df = k, 0.0
                        z = np.zeros(n)
                        if illc:    # a random step, to get off a resolution valley
                            for i in range(n):
                                s = (0.1 * self.ldt + t2 * 10.0 ** kt) * (self.random() - 0.5)
                                z[i] = s
                                self.x += s * self.v[:, i]
                            self.fx = self.f(self.x)
                            self.nf += 1
                        for k2 in range(k, n):
                            sl = self.fx
                            d[k2], s = self.search(k2, 2, d[k2], 0.0, self.fx, False)
                            s = d[k2] * (s + z[k2]) ** 2 if illc else sl - self.fx
                            if df <= s:
                                df, kl = s, k2
                        if not illc and df < abs(100 * MACHEP * self.fx):
                            illc = True
                            continue
                        break
                    if k == 1 and self.prin > 1:
                        self.vector('The second difference array d[*] is :', d)
                    for k2 in range(k):
                        d[k2], _ = self.search(k2, 2, d[k2], 0.0, self.fx, False)
                    f1 = self.fx
                    self.fx = sf
                    step = self.x - y
                    self.x[:] = y
                    y = step
                    lds = math.sqrt(_sumsq(y))
                    if lds > small:
                        # drop direction kl, the others shift up, the new one comes in at k
                        for i in range(kl - 1, k - 1, -1):
                            self.v[:, i + 1] = self.v[:, i]
                            d[i + 1] = d[i]
                        d[k] = 0.0
                        self.v[:, k] = y / lds
                        d[k], lds = self.search(k, 4, d[k], lds, f1, True)
                        if lds <= 0:
                            lds = -lds
                            self.v[:, k] = -self.v[:, k]
                    self.ldt = max(ldfac * self.ldt, lds)
                    self.report()
                    t2 = self.m2 * math.sqrt(_sumsq(self.x)) + self.t
                    kt = 0 if self.ldt > 0.5 * t2 else kt + 1
                    if kt > ktm:
                        self.final()
                        return
                self.quad()
                if self.stopped():
                    raise _Stopped
                dn = 0.0
                for i in range(n):
                    d[i] = 1.0 / math.sqrt(d[i])
                    dn = max(dn, d[i])
                self.v = self.v * (d / dn)[np.newaxis, :]
                # new directions: the principal axes of the scaled directions (SVD of v^T)
                ab = self.v.T.tolist()
                sv = _minfit(n, MACHEP, vsmall, ab)
                self.v = np.array(ab)
                for i in range(n):
                    s = dn * sv[i]
                    d[i] = vsmall if s > large else vlarge if s < small else 1.0 / (s * s)
                _sort(d, self.v)
                self.dmin = max(d[-1], small)
                illc = self.m2 * d[0] > self.dmin
            if self.prin > 1:
                self.vector('The approximating quadratic form has the principal values:', d)
            if self.after_cycle is not None:
                self.after_cycle(self)
            if self.cycles_left is not None and self.cycles_left():
                break
        self.final()

    def vector(self, title: str, values) -> None:
        self.write(title + '\n' + ''.join('%g\n' % v for v in values))

    def final(self) -> None:
        if self.prin <= 0:
            return
        self.vector('The approximating quadratic form has the principal values:', self.d)
        self.write('and the principal axes:\n' + ''.join(
            '%3d' % (i + 1) + ''.join('%14g' % c for c in self.v[:, i]) + '\n'
            for i in range(self.n)))
        self.vector('x is:', self.x)


class _Stopped(Exception):
    """stoprun was set during a function evaluation: fit_praxis returns at once."""


def _hypot(a: float, b: float) -> float:
    """sqrt(a*a + b*b) without overflow, as the Handbook's SVD forms it."""
    if abs(a) < abs(b):
        return abs(b) * math.sqrt(1.0 + (a / b) ** 2)
    if a == 0.0:
        return 0.0
    return abs(a) * math.sqrt(1.0 + (b / a) ** 2)


def _minfit(n: int, eps: float, tol: float, ab: list) -> list:
    """Singular values of the n x n matrix ab (a list of rows), which is overwritten by the
    right singular vectors (as columns): the Golub-Reinsch SVD (Householder reduction to
    bidiagonal form, then implicit-shift QR), computing only V as Brent's minfit does."""
    q = [0.0] * n
    e = [0.0] * n
    g = x = 0.0
    for i in range(n):          # Householder reduction to bidiagonal form
        e[i] = g
        s = 0.0
        lo = i + 1
        for j in range(i, n):
            s += ab[j][i] ** 2
        g = 0.0
        if s >= tol:
            f = ab[i][i]
            g = math.sqrt(s)
            if f >= 0.0:
                g = -g
            h = f * g - s
            ab[i][i] = f - g
            for j in range(lo, n):
                f = 0.0
                for k in range(i, n):
                    f += ab[k][i] * ab[k][j]
                f = f / h
                for k in range(i, n):
                    ab[k][j] += f * ab[k][i]
        q[i] = g
        s = 0.0
        for j in range(lo, n):
            s += ab[i][j] * ab[i][j]
        g = 0.0
        if s >= tol:
            f = ab[i][i + 1] if i < n - 1 else f
            g = math.sqrt(s)
            if f >= 0.0:
                g = -g
            h = f * g - s
            if i < n - 1:
                ab[i][i + 1] = f - g
                for j in range(lo, n):
                    e[j] = ab[i][j] / h
                for j in range(lo, n):
                    s = 0.0
                    for k in range(lo, n):
                        s += ab[j][k] * ab[i][k]
                    for k in range(lo, n):
                        ab[j][k] += s * e[k]
        y = abs(q[i]) + abs(e[i])
        if y > x:
            x = y
    # accumulation of the right-hand transformations
    ab[n - 1][n - 1] = 1.0
    g = e[n - 1]
    lo = n - 1
    for i in range(n - 2, -1, -1):
        if g != 0.0:
            h = ab[i][i + 1] * g
            for j in range(lo, n):
                ab[j][i] = ab[i][j] / h
            for j in range(lo, n):
                s = 0.0
                for k in range(lo, n):
                    s += ab[i][k] * ab[k][j]
                for k in range(lo, n):
                    ab[k][j] += s * ab[k][i]
        for j in range(lo, n):
            ab[i][j] = 0.0
            ab[j][i] = 0.0
        ab[i][i] = 1.0
        g = e[i]
        lo = i
    # diagonalisation of the bidiagonal form
    eps = eps * x
    for k in range(n - 1, -1, -1):
        kt = 0
        while True:
            kt += 1
            if kt > 30:
                e[k] = 0.0
            l_ = k
            cancel = True
            for l2 in range(k, -1, -1):
                l_ = l2
                if abs(e[l_]) <= eps:
                    cancel = False
                    break
                if l_ == 0:
                    continue
                if abs(q[l_ - 1]) <= eps:
                    break
            if cancel:          # cancellation of e[l] (l > 0)
                c, s = 0.0, 1.0
                for i in range(l_, k + 1):
                    f = s * e[i]
                    e[i] = c * e[i]
                    if abs(f) <= eps:
                        break
                    g = q[i]
                    h = _hypot(f, g)
                    q[i] = h
                    if h == 0.0:
                        g = h = 1.0
                    c = g / h
                    s = -f / h
            z = q[k]
            if l_ == k:         # convergence: q[k] made non-negative
                if z < 0.0:
                    q[k] = -z
                    for j in range(n):
                        ab[j][k] = -ab[j][k]
                break
            # shift from the bottom 2 x 2 minor
            x = q[l_]
            y = q[k - 1]
            g = e[k - 1]
            h = e[k]
            f = ((y - z) * (y + z) + (g - h) * (g + h)) / (2.0 * h * y)
            g = math.sqrt(f * f + 1.0)
            temp = f + g if f >= 0.0 else f - g
            f = ((x - z) * (x + z) + h * (y / temp - h)) / x
            c = s = 1.0         # next QR transformation
            for i in range(l_ + 1, k + 1):
                g = e[i]
                y = q[i]
                h = s * g
                g = g * c
                z = _hypot(f, h)
                e[i - 1] = z
                if z == 0.0:
                    f = z = 1.0
                c = f / z
                s = h / z
                f = x * c + g * s
                g = -x * s + g * c
                h = y * s
                y = y * c
                for j in range(n):
                    xx = ab[j][i - 1]
                    zz = ab[j][i]
                    ab[j][i - 1] = xx * c + zz * s
                    ab[j][i] = -xx * s + zz * c
                z = _hypot(f, h)
                q[i - 1] = z
                if z == 0.0:
                    f = z = 1.0
                c = f / z
                s = h / z
                f = c * g + s * y
                x = -s * g + c * y
            e[l_] = 0.0
            e[k] = f
            q[k] = x
    return q


def _sort(d: np.ndarray, v: np.ndarray) -> None:
    """Principal values in decreasing order, with their axes (selection sort)."""
    n = len(d)
    for i in range(n - 1):
        k, s = i, d[i]
        for j in range(i + 1, n):
            if d[j] > s:
                k, s = j, d[j]
        if k > i:
            d[k] = d[i]
            d[i] = s
            v[:, [i, k]] = v[:, [k, i]]


@builtin('attr_praxis')
def attr_praxis(interp, *args):
    """attr_praxis(tolerance, maxstepsize, printmode), or attr_praxis([index]): the random
    index (mcell_ran4) for reproducible fits; returns the previous one."""
    st = _settings(interp)
    if len(args) >= 2:
        st.tolerance, st.maxstep = float(args[0]), float(args[1])
        pm = float(args[2]) if len(args) > 2 else 0.0
        if not 0 <= pm <= 3:
            raise HocError('Arg out of range in user function')
        st.printmode = int(pm)
        return 0.0
    old = st.ran_index
    if args:
        i = float(args[0])
        if not 0 <= i <= 1e9:
            raise HocError('Arg out of range in user function')
        st.ran_index = int(i)
    return float(old)


@builtin('stop_praxis')
def stop_praxis(interp, i=1.0):
    """Stop fit_praxis after the current (or i-th following) principal axis cycle; returns
    the previous count (every cycle of every fit counts it down, so it is often negative)."""
    i = float(i)
    if not 0 <= i <= 1e5:
        raise HocError('Arg out of range in user function')
    st = _settings(interp)
    old, st.praxstep = st.praxstep, int(i)
    return float(old)


@builtin('pval_praxis')
def pval_praxis(interp, i, axis=None):
    """The i-th principal value of the last fit_praxis; with a Vector or &x[0], also the i-th
    principal axis."""
    st = _settings(interp)
    if st.pvals is None:
        raise HocError("fit_praxis hasn't been called")
    n = len(st.pvals)
    i = float(i)
    if not 0 <= i <= n - 1:
        raise HocError('Arg out of range in user function')
    i = int(i)
    if axis is not None:
        col = st.paxes[:, i]
        if isinstance(axis, Ref):
            for j in range(n):
                axis.at(j).set(float(col[j]))
        else:
            axis.resize(n)
            axis.as_numpy()[:] = col
    return float(st.pvals[i])


@builtin('fit_praxis')
def fit_praxis(interp, *args):
    """fit_praxis(n, "fname", &x[0] | Vector [, "after each cycle"]) with fname($1, $&2) the
    function to minimise, or fit_praxis(callable, Vector) from Python.  x ends at the best
    point found; returns the least value."""
    from .vector import Vector
    st = _settings(interp)
    after = None
    if len(args) >= 2 and isinstance(args[1], Vector) and not isinstance(args[0], str) \
            and not isinstance(args[0], (int, float)):
        fn, vec = args[0], args[1]
        n = vec.size()
        target = vec

        def call(x):
            vec.as_numpy()[:] = x
            return float(fn(vec))
    else:
        if len(args) < 3:
            raise HocError('fit_praxis: wrong number or type of arguments')
        n = int(float(args[0]))
        name = str(args[1])
        if name not in interp.top.syms or interp.top.syms[name].kind.name != 'FUNC':
            if name not in interp.builtins:
                raise HocError('%s not a function name' % name)
        target = args[2]
        if isinstance(target, Vector):
            if target.size() != n:
                raise HocError('first arg not equal to size of Vector')
        elif not isinstance(target, Ref):
            raise HocError('fit_praxis: arg 3 must be a Vector or a pointer')
        if len(args) > 3:
            after = str(args[3])
        buf = np.zeros(n)
        from ...base.refs import ArrayRef
        ptr = ArrayRef(buf, 0)

        def call(x):
            buf[:] = x
            r = float(interp.call(name, float(n), ptr))
            x[:] = buf      # the function may change its arguments, as NEURON allows
            return r
    if st.maxstep == 0.0:
        raise HocError('call attr_praxis first to set attributes')
    if n < 1:       # (NEURON 9.0.2 crashes here)
        raise HocError('fit_praxis: no parameter to fit (the first argument is %d)' % n)
    if isinstance(target, Ref):
        x = np.array([float(target.at(i).get()) for i in range(n)])
    else:
        x = target.as_numpy()[:n].astype(float).copy()
    stoprun = interp.top.syms['stoprun']
    best = [1e9, x.copy()]

    def efun(xv):
        r = call(xv)
        if not float(stoprun.value) and r < best[0]:
            best[0], best[1] = r, xv.copy()
        return r

    def random():
        v, st.ran_index = rng.mcell_ran4a(st.ran_index & 0xffffffff)
        return v

    def after_cycle(p):
        st.pvals, st.paxes = p.d.copy(), p.v.copy()
        if after is not None:
            efun(best[1].copy())
            from .io import execute
            execute(interp, after)

    def cycles_left():
        st.praxstep -= 1
        if st.praxstep == 0:
            return True
        return False

    saved = (st.tolerance, st.maxstep, st.printmode)
    p = Praxis(efun, x, st.tolerance, st.maxstep, st.printmode, random, after_cycle,
               interp.write, lambda: bool(float(stoprun.value)), cycles_left)
    try:
        p.run()
    finally:
        st.tolerance, st.maxstep, st.printmode = saved
    st.pvals, st.paxes = p.d.copy(), p.v.copy()
    if best[0] < 1e9:
        if isinstance(target, Ref):
            for i in range(n):
                target.at(i).set(float(best[1][i]))
        else:
            target.as_numpy()[:n] = best[1]
    return float(best[0])
