"""WATCH statements in generated mechanisms (pyhoc.nmodl.codegen's part for them).

Each WATCH condition of the NET_RECEIVE block gets a number n (from 1, in source order), a
module function ``<P>wcond_<n>`` returning nocmodl's ``_watch<n>_cond`` value (``a - b`` for
``a > b``, ``b - a`` for ``a < b``), and two hidden data rows ``_wa<n>``/``_wf<n>`` (active,
above).  The WATCH statement itself becomes ``_nr.watch(n, flag)`` (pyhoc.sim.watch.activate);
the ``watch`` kernel tests the active conditions at a step's start for the compiled loop.
"""
from __future__ import annotations

from . import ast, pointers as ptrgen


def items(mech) -> list:
    """The WATCH conditions of the NET_RECEIVE block, in source order."""
    b = mech.blocks.get('NET_RECEIVE')
    out = []
    todo = [b.body] if b is not None else []
    while todo:
        n = todo.pop(0)
        if isinstance(n, ast.Watch):
            out.extend(n.items)
        elif isinstance(n, ast.Node):
            todo[0:0] = list(n.children())
    return out


def rows(n: int) -> tuple:
    return '_wa%d' % n, '_wf%d' % n


def statement(gen, st, scope, ind) -> None:
    for it in st.items:
        n = next(k for k, w in enumerate(gen.watch_items, 1) if w is it)
        gen.emit('_nr.watch(%d, %s)' % (n, gen.expr(it.flag, scope)), ind)


def definitions(gen) -> str:
    """The condition functions and the watch kernel (empty text without WATCH)."""
    if not gen.watch_items:
        return ''
    P = gen.P
    for n, it in enumerate(gen.watch_items, 1):
        a, b = gen.expr(it.lhs, {}), gen.expr(it.rhs, {})
        if it.op in ('<', '<='):
            a, b = b, a
        gen.emit('def %swcond_%d(t, dt, _v, data, j, glob, tab):' % (P, n), 0)
        gen.emit('return (%s) - (%s)' % (a, b), 1)
        gen.emit('', 0)
    gen.emit('def %swatch(%s):' % (P, gen.SIG), 0)
    gen.loop_head()
    gen.read_ions(2)
    ptrgen.read(gen, 2)
    for n in range(1, len(gen.watch_items) + 1):
        wa, wf = rows(n)
        gen.emit('if data[%s, j] != 0.0:' % gen.R(wa), 2)
        gen.emit('if %swcond_%d(t, dt, _v, data, j, glob, tab) > 0.0:' % (P, n), 3)
        gen.emit('if data[%s, j] == 0.0:' % gen.R(wf), 4)
        gen.emit('return 1', 5)
        gen.emit('else:', 3)
        gen.emit('data[%s, j] = 0.0' % gen.R(wf), 4)
    gen.emit('return 0', 1)
    gen.emit('', 0)
    return ', '.join('%d: %swcond_%d' % (n, P, n) for n in range(1, len(gen.watch_items) + 1))
