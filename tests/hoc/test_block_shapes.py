"""A long top-level block compiles each statement shape once, its numbers in slots
(pyhoc/hoc/shapes.py, Compiler.s_SharedBlock): every statement still runs with its own
numbers, names and strings, in order, as a block compiled statement by statement runs."""
from __future__ import annotations

import pytest

from pyhoc.errors import HocError
from pyhoc.hoc import ast, shapes
from pyhoc.hoc.interpreter import Interpreter

BLOCK = '''
objref vec, s
strdef str1
double a[4]
vec = new Vector()
create soma, dend
{
vec.append(1) vec.append(-2.5) vec.append(3e2)
vec.append(1) vec.append(-2.5) vec.append(3e2)
a[1] = 5 a[2] = -6 a[3] = 7
x = 1 x = x + 1 x = x + 2 y = -x
soma.L = 10 dend.L = 20 soma.diam(0.5) = 3 dend.diam(0.5) = 4
soma { nseg = 3 } dend { nseg = 5 }
s = new Vector(2) str1 = "two" s = new Vector(5)
vec.append(!0) vec.append(!1) vec.append(-(4)) vec.append(a[2]) vec.append(a[3] - 1)
vec.append(2 * 3) vec.append(2 * 4) vec.append(sin(0)) vec.append(cos(0))
}
'''


def _state(text: str) -> dict:
    interp = Interpreter()
    interp.run_text(text)
    val = interp.top.syms

    def num(expr):
        interp.run_text('r__ = %s\n' % expr)
        return val['r__'].value
    return {'v': [num('vec.x[%d]' % i) for i in range(int(num('vec.size()')))],
            'a': [num('a[%d]' % i) for i in range(4)], 'x': num('x'), 'y': num('y'),
            'L': (num('soma.L'), num('dend.L')), 'diam': (num('soma.diam'), num('dend.diam')),
            'nseg': (num('soma.nseg'), num('dend.nseg')), 't': val['str1'].value,
            's': num('s.size()')}


def test_shared_block_runs_each_statement_with_its_own_values(monkeypatch):
    shared = _state(BLOCK)
    assert shared == {
        'v': [1, -2.5, 300, 1, -2.5, 300, 1, 0, -4, -6, 6, 6, 8, 0, 1],
        'a': [0, 5, -6, 7], 'x': 4, 'y': -4, 'L': (10, 20), 'diam': (3, 4),
        'nseg': (3, 5), 't': 'two', 's': 5}
    monkeypatch.setattr(shapes, 'SHARE_MIN', 10 ** 9)     # compiled one by one
    assert _state(BLOCK) == shared


def test_shapes_are_compiled_once(monkeypatch):
    made = []
    real = shapes._slotted
    monkeypatch.setattr(shapes, '_slotted', lambda node, slots: (
        made.append(node) if type(node) is ast.ExprStmt else None) or real(node, slots))
    interp = Interpreter()
    interp.run_text('objref vec\nvec = new Vector()\n{\n' +
                    ''.join('vec.append(%d)\nvec.append(-%d.5)\n' % (i, i) for i in range(50)) +
                    '}\n')
    interp.run_text('r__ = vec.sum()\n')
    assert interp.top.syms['r__'].value == sum(i - (i + .5) for i in range(50))
    assert len(made) == 2       # vec.append(number), vec.append(-number)


def test_error_in_a_shared_block_stops_it_there():
    interp = Interpreter()
    with pytest.raises(HocError, match='out of range'):
        interp.run_text('double a[3]\n{\n' + ''.join('a[%d] = %d\n' % (i % 4, i)
                                                    for i in range(12)) + '}\n')
    interp.run_text('r__ = a[0] + a[1] + a[2]\n')
    assert interp.top.syms['r__'].value == 0 + 1 + 2      # a[3] = 3 failed, the rest did not run


def test_a_packed_block_gives_back_its_statements():
    from pyhoc.hoc.parser import parse_statement
    from pyhoc.hoc.source import StringSource
    from pyhoc.hoc.unparse import unparse
    text = BLOCK.split('{\n', 1)[1].rsplit('}', 1)[0]
    node = parse_statement(StringSource('{\n' + text + '}\n'),
                           lambda name, after_dot: name in ('soma', 'dend'),
                           lambda name: 'obj' if name in ('vec', 's') else
                           'str' if name == 'str1' else 'other')
    packed = shapes.packed(node)
    assert type(packed) is ast.SharedBlock and len(packed.shapes) < len(node.body)
    assert shapes.unpacked(packed) == node
    assert unparse(packed) == unparse(node)
