"""``SOLVE ... METHOD runge``: scopmath's fourth-order Runge-Kutta step, as nocmodl calls it.

The DERIVATIVE block becomes a function writing each state's derivative into ``_D`` (states in
the block's order, an array's elements together); the step evaluates it at t, t + h/2 (twice)
and t + h/2 + h/2 with runge's extrapolations and its update of the solution in the same
operation order, then once more at the restored time (nocmodl calls the block after runge, so
the ASSIGNED values it computes are those of the new states).
"""
from __future__ import annotations

from . import arrays


def define(gen, s) -> None:
    """Emit the derivative function and the step function of the runge SOLVE ``s``."""
    from .codegen import _Scope, _ident
    P, blk = gen.P, _ident(s.block)
    b = gen.m.derivatives[s.block]
    gen.dstates = [x for x, _ in arrays.derivative_states(gen, s.block)]
    n = len(gen.dstates)
    Y = [gen.name_expr(x, {}, b.pos) for x in gen.dstates]
    args = 'dt, _v, data, j, glob, tab'
    gen.emit('def %sdy_%s(t, %s, _D):' % (P, blk, args), 0)
    gen.body(b.body, _Scope(), 1, 'runge')
    gen.emit('return 0', 1)
    gen.emit('', 0)
    gen.emit('def %srunge_%s(t, %s):' % (P, blk, args), 0)
    gen.emit('_D = np.empty(%d)' % n, 1)
    gen.emit('_w = np.empty(%d)' % (2 * n), 1)
    gen.emit('h = dt', 1)
    gen.emit('%sdy_%s(t, %s, _D)' % (P, blk, args), 1)
    for i, y in enumerate(Y):
        gen.emit('_w[%d] = %s' % (i, y), 1)
        gen.emit('temp = (h / 2.0) * _D[%d]' % i, 1)
        gen.emit('%s = %s + temp' % (y, y), 1)
        gen.emit('_w[%d] = _w[%d] + temp / 3.0' % (n + i, i), 1)
    gen.emit('t = t + h / 2.0', 1)
    gen.emit('%sdy_%s(t, %s, _D)' % (P, blk, args), 1)
    for i, y in enumerate(Y):
        gen.emit('temp = h * _D[%d]' % i, 1)
        gen.emit('%s = _w[%d] + temp / 2.0' % (y, i), 1)
        gen.emit('_w[%d] += temp / 3.0' % (n + i), 1)
    gen.emit('%sdy_%s(t, %s, _D)' % (P, blk, args), 1)
    for i, y in enumerate(Y):
        gen.emit('temp = h * _D[%d]' % i, 1)
        gen.emit('%s = _w[%d] + temp' % (y, i), 1)
        gen.emit('_w[%d] += temp / 3.0' % (n + i), 1)
    gen.emit('t = t + h / 2.0', 1)
    gen.emit('%sdy_%s(t, %s, _D)' % (P, blk, args), 1)
    for i, y in enumerate(Y):
        gen.emit('%s = _w[%d] + (h / 6.0) * _D[%d]' % (y, n + i, i), 1)
    gen.emit('t = t - h', 1)
    gen.emit('%sdy_%s(t, %s, _D)' % (P, blk, args), 1)
    gen.emit('return 0', 1)
    gen.emit('', 0)


def call(gen, s, ind) -> None:
    """The state kernel's line for the runge SOLVE ``s``."""
    from .codegen import _ident
    gen.emit('%srunge_%s(t, dt, _v, data, j, glob, tab)' % (gen.P, _ident(s.block)), ind)
