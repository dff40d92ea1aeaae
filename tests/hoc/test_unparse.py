"""unparse(): HOC text from an AST that parses back to an equal AST."""
import os

import pytest

from pyhoc.check import SectionTracker
from pyhoc.errors import HocError
from pyhoc.hoc import ast
from pyhoc.hoc.parser import parse_statement
from pyhoc.hoc.source import StringSource
from pyhoc.hoc.unparse import unparse

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONFORMANCE = os.path.join(os.path.dirname(REPO), 'shared', 'conformance')


@pytest.fixture(autouse=True)
def _fresh_lexer_state():
    from pyhoc.hoc.parser import _parser
    _parser().lexer.begin('INITIAL')


def parse_program(text):
    """All statements that parse (syntax errors skipped), with section names tracked."""
    tracker = SectionTracker()
    stream = StringSource(text)
    nodes = []
    while True:
        try:
            node = parse_statement(stream, tracker.section_name)
        except HocError:
            continue
        if node is None:
            return nodes
        tracker.observe(node)
        nodes.append(node)


def assert_round_trip(text):
    nodes = [n for n in parse_program(text) if not isinstance(n, ast.Empty)]
    assert nodes, 'nothing parsed in %r' % text
    out = unparse(nodes)
    again = [n for n in parse_program(out) if not isinstance(n, ast.Empty)]
    assert again == nodes, out
    # and unparse is stable
    assert unparse(again) == out


SNIPPETS = [
    'x = 1', 'x = -2^2', 'x = (-2)^2', 'x = 2^3^2', 'x = (2^3)^2', 'x = 2^-3',
    'x = 1 - (2 - 3)', 'x = (1 - 2) - 3', 'x = a / (b * c) % d', 'x = -(a + b)',
    'x = !(a && b) || c && (d || e)', 'x = (1 < 2) < 3', 'x = 1 < (2 < 3)',
    'x = a == (b != c)', 'a = b = c', 'a += (b = 2) * 3', 'x = (a = 1) + 2',
    'x = .5 + 5. + 1e3 + 1.e-3 + 1e-300 + 123456789012345678901234567890',
    'x = 0.1 + 1/3', 's = "a\\tb\\"c\\\\d\\n\\b\\f"', 'print $1, $s2, $o3, $&4, $i, $si',
    'a.b[1](2).c = 3', 'f(&x, &a[2], &o.v(.5))', 'o = new Vector(3, 2)', 'v.print()',
    'print "x", x, -x', 'double a[3][4], b[2]', 'strdef s', 'objectvar o[2]',
    'create soma, dend[2]', 'create soma\nsoma diam = 3',
    'create dend[2]\ndend[1] { nseg = 3 insert hh }',
    'create soma\nsoma.diam = 2\nsoma { diam(0:1) = 2:6 }',
    'diam(0:1) = 2:6', 'connect dend(0), soma(1)', 'connect dend(0), 1',
    'access soma', 'forall { insert pas uninsert pas }', 'forsec "d" print 1',
    'ifsec "soma" print 2', 'forsec sl { print 3 }', 'setpointer p.x, y',
    'if (x) print 1', 'if (x) print 1 else print 2', 'if (x) { y = 1 } else if (z) { y = 2 }',
    'if (a) { if (b) x = 1 } else x = 2', 'while (i < 3) { i += 1 }',
    'for (i = 0; i < 3; i += 1) { print i }', 'for (;;) { break }',
    'for i = 0, n - 1 { x += i }', 'for (x) print x', 'for (x, 0) { print x }',
    'for it() print 1',
    'proc p() { local a, b\n a = $1\n if (a) return\n print b\n}',
    'func f() { return $1 * 2 }', 'obfunc g() { localobj o\n o = new List()\n return o }',
    'iterator it() { local i\n for i = 1, $1 { iterator_statement }\n}',
    'proc q() { stop }', 'proc r() { while (1) { continue } }',
    'begintemplate T\npublic x, f\nexternal g\ncreate axon\nx = 0\n'
    'proc init() { axon diam = $1 }\nendtemplate T',
    'create soma\no.soma { diam = 3 }\nsoma x = o.c.soma.v(.5)', 'x.sec { print 1 }', 'delete x', '{ }', '{ x = 1 y = 2 print x }',
    'x = a[i][j] + b.c.d', 'x = (a + b) * c[1]', 'x = -a^-b',
]


@pytest.mark.parametrize('text', SNIPPETS)
def test_round_trip_snippets(text):
    assert_round_trip(text + '\n')


def test_expression_and_statement_nodes():
    assert unparse(ast.BinOp('+', ast.Num(1), ast.BinOp('*', ast.Num(2), ast.Num(3)))) == \
        '1 + 2 * 3'
    assert unparse(ast.BinOp('*', ast.BinOp('+', ast.Num(1), ast.Num(2)), ast.Num(3))) == \
        '(1 + 2) * 3'
    assert unparse(ast.Str('a"b')) == '"a\\"b"'
    assert unparse(ast.Break()) == 'break'
    assert unparse(ast.Return(None)) == 'return'
    assert unparse(ast.Insert('hh', True)) == 'uninsert hh'
    assert unparse([ast.Empty(), ast.ExprStmt(ast.Name('x'))]) == '\nx\n'


def test_every_node_type_is_covered():
    from pyhoc.hoc import unparse as mod
    writer = mod._Writer()
    for name in dir(ast):
        cls = getattr(ast, name)
        if not (isinstance(cls, type) and issubclass(cls, ast.Node) and cls is not ast.Node):
            continue
        if cls._fields or cls is not ast.Node:
            assert issubclass(cls, mod._EXPR_TYPES) or hasattr(writer, '_s_' + name), name


def _conformance_files():
    if not os.path.isdir(CONFORMANCE):
        return []
    out = []
    for root, _, files in os.walk(CONFORMANCE):
        out.extend(os.path.join(root, f) for f in sorted(files) if f.endswith('.hoc'))
    return sorted(out)


@pytest.mark.parametrize('path', _conformance_files() or [None])
def test_round_trip_conformance_files(path):
    if path is None:
        pytest.skip('no ../shared/conformance next to the repository')
    with open(path, encoding='utf-8', errors='surrogateescape') as f:   # read only
        text = f.read()
    nodes = [n for n in parse_program(text) if not isinstance(n, ast.Empty)]
    if not nodes:
        pytest.skip('nothing parsed')
    out = unparse(nodes)
    assert [n for n in parse_program(out) if not isinstance(n, ast.Empty)] == nodes
