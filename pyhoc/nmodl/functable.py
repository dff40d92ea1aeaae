"""FUNCTION_TABLE: a function of one argument whose values HOC gives with
``table_<name>_<suffix>(...)``, interpolated as NEURON's hoc_func_table.

HOC's forms: ``table_f(&y[0], n, &x[0])`` (n points at increasing x; a binary search, then
linear interpolation), ``table_f(&y[0], n, xmin, xmax)`` (n points evenly spaced),
``table_f(yvec, xvec)`` (two Vectors), ``table_f(c)`` (the constant c); outside the points the
end values.  The values are copied into three rows of the mechanism's ``tab`` when
``table_f`` is called (NEURON reads them through its pointers at each use: change the values,
then call ``table_f`` again): row r holds (mode, n, xmin, xmax, constant), r + 1 the y values
and r + 2 the x values.  Mode 0: no table yet (an error, as NEURON's), 1 constant, 2 evenly
spaced, 3 given x.
"""
from __future__ import annotations

import numpy as np

from .errors import ModSemanticError


def row_constants(gen, first: int) -> tuple:
    """``(lines of the module's row constants, rows used)`` of the FUNCTION_TABLEs from row
    ``first`` of ``tab``."""
    lines = []
    for k, name in enumerate(gen.m.function_tables):
        lines.append('%sFT_%s = %d\n' % (gen.P, name, first + 3 * k))
    return lines, 3 * len(gen.m.function_tables)


def call_expr(gen, e, args) -> str:
    b = gen.m.function_tables[e.name]
    if len(b.args) != 1 or len(args) != 1:
        gen.fail('FUNCTION_TABLE %s of %d arguments is not translated (one only)'
                 % (e.name, len(b.args)), e.pos)
    return '%sft_%s(tab, %s)' % (gen.P, e.name, args[0])


def define(gen) -> None:
    """The lookup function of each FUNCTION_TABLE."""
    P = gen.P
    for name, b in gen.m.function_tables.items():
        if len(b.args) != 1:
            continue
        gen.emit('def %sft_%s(tab, x):' % (P, name), 0)
        gen.emit('r = %sFT_%s' % (P, name), 1)
        gen.emit('mode = tab[r, 0]', 1)
        gen.emit('if mode == 0.0:', 1)
        gen.emit("raise ValueError('table not specified in hoc_func_table')", 2)
        gen.emit('if mode == 1.0:', 1)
        gen.emit('return tab[r, 4]', 2)
        gen.emit('n = int(tab[r, 1])', 1)
        gen.emit('frac = 0.0', 1)
        gen.emit('if mode == 3.0:', 1)
        gen.emit('lo = 0', 2)
        gen.emit('hi = n - 1', 2)
        gen.emit('if x <= tab[r + 2, lo]:', 2)
        gen.emit('i = 0', 3)
        gen.emit('elif x >= tab[r + 2, hi]:', 2)
        gen.emit('i = hi', 3)
        gen.emit('else:', 2)
        gen.emit('while lo < hi - 1:', 3)
        gen.emit('mid = (lo + hi) // 2', 4)
        gen.emit('if tab[r + 2, mid] <= x:', 4)
        gen.emit('lo = mid', 5)
        gen.emit('else:', 4)
        gen.emit('hi = mid', 5)
        gen.emit('i = lo', 3)
        gen.emit('frac = (x - tab[r + 2, i]) / (tab[r + 2, i + 1] - tab[r + 2, i])', 3)
        gen.emit('elif x <= tab[r, 2]:', 1)
        gen.emit('i = 0', 2)
        gen.emit('elif x >= tab[r, 3]:', 1)
        gen.emit('i = n - 1', 2)
        gen.emit('else:', 1)
        gen.emit('d = (tab[r, 3] - tab[r, 2]) / float(n - 1)', 2)
        gen.emit('x1 = (x - tab[r, 2]) / d', 2)
        gen.emit('i = int(x1)', 2)
        gen.emit('frac = x1 - float(i)', 2)
        gen.emit('if frac > 0.0:', 1)
        gen.emit('return (1. - frac) * tab[r + 1, i] + frac * tab[r + 1, i + 1]', 2)
        gen.emit('return tab[r + 1, i]', 1)
        gen.emit('', 0)


def _values(arg, n: int) -> np.ndarray:
    """n values from a pointer (``&vec.x[0]``) or a Vector."""
    if hasattr(arg, 'as_numpy'):
        return np.array(arg.as_numpy()[:n], dtype=float)
    return np.array([float(arg.at(k).get()) for k in range(n)])


def specify(mt, name: str, args) -> None:
    """``table_<name>(...)`` for mechanism type ``mt`` (HOC's argument forms above)."""
    from ..errors import HocError
    r = mt.function_table_rows[name]
    if len(args) == 1 and not hasattr(args[0], 'as_numpy') and not hasattr(args[0], 'at'):
        head, y, x = (1.0, 1.0, 1e20, 1e20, float(args[0])), np.zeros(1), np.zeros(1)
    elif len(args) == 2 and all(hasattr(a, 'as_numpy') for a in args):
        n = len(args[0].as_numpy())
        if n != len(args[1].as_numpy()):
            raise HocError('Vector arguments not same size')
        y, x = _values(args[0], n), _values(args[1], n)
        head = (3.0, float(n), 0.0, 0.0, 0.0)
    elif len(args) in (3, 4):
        n = int(args[1])
        if n < 1:
            raise HocError('size arg < 1 in hoc_spec_table')
        y = _values(args[0], n)
        if len(args) == 4:
            lo, hi = float(args[2]), float(args[3])
            if hi < lo:
                raise HocError('min > max in hoc_spec_table')
            head, x = (2.0, float(n), lo, hi, 0.0), np.zeros(1)
        else:
            head, x = (3.0, float(n), 0.0, 0.0, 0.0), _values(args[2], n)
    else:
        raise HocError('table_%s: arguments (&y, n, &x), (&y, n, xmin, xmax), (yvec, xvec) '
                       'or (constant)' % name)
    width = max(len(y), len(x), 5)
    if mt._tab.shape[1] < width:
        grown = np.zeros((mt._tab.shape[0], width))
        grown[:, :mt._tab.shape[1]] = mt._tab
        mt._tab = grown
    tab = mt._tab
    tab[r:r + 3] = 0.0
    tab[r, :5] = head
    tab[r + 1, :len(y)] = y
    tab[r + 2, :len(x)] = x


__all__ = ['define', 'call_expr', 'row_constants', 'specify', 'ModSemanticError']
