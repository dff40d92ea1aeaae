"""derivimplicit: the backward Euler step of a DERIVATIVE block solved as NEURON's scopmath
Newton iteration (``nrn_newton_thread``) does it, so that the states agree to the last bit.

The generated module gets, per solved block ``B``:

* ``<P>resid_B``: the block run once (nocmodl's ``states`` when it recurses), each equation
  leaving its ``x'`` in ``_D`` and ``F = x' - (x - x_old)/dt`` in ``_F``; a read ``x'`` is the stored ``Dx`` as the last run left
  it (which the iteration's order of runs decides);
* ``<P>newton_B``: the iteration: the Jacobian by central differences (the increment
  ``max(|0.02 x|, 1e-6)``, the block run at ``x + h``, ``x - h`` and again at ``x``), factored
  by Crout's method with implicit equilibration (``<P>crout``, ``<P>lusolve``), rebuilt only
  while the largest relative change exceeds 0.05 (else the old factors are reused); after each
  update the block runs at the new states; done when the relative change is at most 1e-6 and
  every ``|F|`` at most 1e-8; 1 (an error, as NEURON's abort) after 50 iterations or for a
  pivot under 1e-20.  Under ``secondorder`` (nocmodl's ``nrn_state`` halves dt for the
  solve) each state then moves on by ``(dt/2)*x'`` (the last run's ``x'``).
"""
from __future__ import annotations

import re

ZERO = 1e-8
STEP = 1e-6
CONVERGE = 1e-6
MAXCHANGE = 0.05
MAXITERS = 50
ROUNDOFF = 1e-20

_LU = '''def %(P)scrout(n, a, perm, rowmax):
    for i in range(n):
        perm[i] = i
        k = 0
        for c in range(1, n):
            if abs(a[i, c]) > abs(a[i, k]):
                k = c
        rowmax[i] = a[i, k]
    save_i = 0
    for r in range(n):
        for i in range(r, n):
            s = 0.0
            irow = perm[i]
            for k in range(r):
                s += a[irow, k] * a[perm[k], r]
            a[irow, r] -= s
        pivot = perm[r]
        e1 = abs(a[pivot, r] / rowmax[pivot])
        for i in range(r + 1, n):
            irow = perm[i]
            e2 = abs(a[irow, r] / rowmax[irow])
            if e2 > e1:
                pivot = irow
                save_i = i
                e1 = e2
        if pivot != perm[r]:
            perm[save_i] = perm[r]
            perm[r] = pivot
        if abs(a[pivot, r]) < %(ROUNDOFF)r:
            return 2
        for c in range(r + 1, n):
            s = 0.0
            for k in range(r):
                s += a[pivot, k] * a[perm[k], c]
            a[pivot, c] = (a[pivot, c] - s) / a[pivot, r]
    return 0


def %(P)slusolve(n, a, b, perm, x):
    for i in range(n):
        pivot = perm[i]
        s = 0.0
        for c in range(i):
            s += a[pivot, c] * x[c]
        x[i] = (b[pivot] - s) / a[pivot, i]
    for i in range(n - 1, -1, -1):
        pivot = perm[i]
        s = 0.0
        for c in range(i + 1, n):
            s += a[pivot, c] * x[c]
        x[i] -= s
    return 0

'''


def define(gen, s, rows) -> None:
    """The iteration of solve ``s`` (its residual ``<P>resid_<block>`` written already) over
    the states whose Python places are ``rows``."""
    P = gen.P
    B = re.sub(r'\W', '_', s.block)
    if not getattr(gen, '_newton_lu', False):
        gen._newton_lu = True
        gen.out.append(_LU % dict(P=P, ROUNDOFF=ROUNDOFF))
    n = len(rows)
    resid = '%sresid_%s(t, dt, _v, data, j, glob, tab, _S0, _F, _D)' % (P, B)
    e = gen.emit
    e('def %snewton_%s(t, dt, _v, data, j, glob, tab):' % (P, B), 0)
    e('n = %d' % n, 1)
    for name in ('_S0', '_F', '_D', '_hi', '_dx', '_rmax'):
        e('%s = np.empty(n)' % name, 1)
    e('_J = np.empty((n, n))', 1)
    e('_perm = np.zeros(n, np.int64)', 1)
    for k, r in enumerate(rows):
        e('_S0[%d] = %s' % (k, r), 1)
    e('_change = 1.0', 1)
    e('_count = 0', 1)
    e('while _count < %d:' % MAXITERS, 1)
    e('_count += 1', 2)
    e('if _change > %r:' % MAXCHANGE, 2)
    for k, r in enumerate(rows):
        e('_inc = max(abs(0.02*%s), %r)' % (r, STEP), 3)
        e('%s += _inc' % r, 3)
        e(resid, 3)
        e('for i in range(n):', 3)
        e('_hi[i] = _F[i]', 4)
        e('%s -= 2.0*_inc' % r, 3)
        e(resid, 3)
        e('for i in range(n):', 3)
        e('_J[i, %d] = (_hi[i] - _F[i]) / (2.0*_inc)' % k, 4)
        e('%s += _inc' % r, 3)
        e(resid, 3)
    e('for i in range(n):', 3)
    e('_F[i] = -_F[i]', 4)
    e('if %scrout(n, _J, _perm, _rmax) != 0:' % P, 3)
    e('return 1', 4)
    e('%slusolve(n, _J, _F, _perm, _dx)' % P, 2)
    e('_change = 0.0', 2)
    for k, r in enumerate(rows):
        e('if abs(%s) > %r:' % (r, ZERO), 2)
        e('_tmp = abs(_dx[%d] / %s)' % (k, r), 3)
        e('if _tmp > _change:', 3)
        e('_change = _tmp', 4)
        e('%s += _dx[%d]' % (r, k), 2)
    e(resid, 2)
    e('_maxdev = 0.0', 2)
    e('for i in range(n):', 2)
    e('_F[i] = -_F[i]', 3)
    e('if abs(_F[i]) > _maxdev:', 3)
    e('_maxdev = abs(_F[i])', 4)
    e('if _change <= %r and _maxdev <= %r:' % (CONVERGE, ZERO), 2)
    e('if %s != 0.0:' % gen.name_expr('secondorder', {}, None), 3)
    for k, r in enumerate(rows):      # nocmodl's nrn_state: s += dt*Ds under secondorder
        e('%s += dt*_D[%d]' % (r, k), 4)
    e('return 0', 3)
    e('return 1', 1)
    e('', 0)


def step_dt(gen) -> str:
    """The dt nrn_state solves with: half of it under secondorder."""
    return '(dt*0.5 if %s != 0.0 else dt)' % gen.name_expr('secondorder', {}, None)
