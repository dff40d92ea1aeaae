"""Generated HOC files: a 20,000-line pt3dadd morphology against NEURON's geometry (golden
from tools/gen_bigfiles_golden.py), and the statement cache (stmtcache.py) against the
ordinary parse-and-compile path on the same lines."""
import importlib.util
import io
import json
import os

import pytest
from nested_approx import assert_close

from pyhoc.bridge import HocTop
from pyhoc.errors import HocError
from pyhoc.hoc.interpreter import Interpreter
from pyhoc.hoc.source import StringSource

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_spec = importlib.util.spec_from_file_location('pyhoc_gen_bigfiles',
                                               os.path.join(ROOT, 'tools', 'gen_bigfiles_golden.py'))
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

with open(gen.OUT) as f:
    GOLD = json.load(f)



def test_morphology_matches_neuron(tmp_path):
    path = str(tmp_path / 'morph.hoc')
    with open(path, 'w') as f:
        f.writelines(gen.bigfiles().morph_lines(nsec=gen.NSEC))
    with open(path) as f:
        assert sum(1 for _ in f) > 20000
    h = HocTop(Interpreter(stdout=io.StringIO()))
    got = gen.geometry(h, path)
    assert got['xval'] == GOLD['xval']
    for i, (a, b) in enumerate(zip(got['sections'], GOLD['sections'])):
        assert_close(a, b, rel=1e-13, abs=0)


def run(text, cache=True, stdout=None):
    """Run ``text`` as a file's statements; with cache=False, with no statement cache."""
    interp = Interpreter(stdout=stdout or io.StringIO(), stderr=io.StringIO())
    if not cache:
        interp._stmt_cache = None
    err = None
    try:
        interp.run_source(StringSource(text, 'test.hoc'))
    except HocError as e:
        err = (e.message, e.coord.line if e.coord else None)
    return interp, err


SAME_SHAPES = '''create dend[3]
x = 1
x = 2.5e1
y = x * 3 - .5
y = x*.5+.25
dend[1] pt3dadd(1, 2, 3, 4)
dend[1] pt3dadd(1.5, 2, 3e0, 1.25)
dend[2].L = 7
dend[2].L = 8
proc x2() { print "x2 ", $1 }
{ z = 1  y = z + 1 }
{ z = 2  y = z + 2 }
x2(4)
x2(5)
x = 1/0
'''


def test_cache_runs_like_the_parser():
    """Lines of one shape, a name that changes kind between two lines of a shape, an error
    from a cached line: the same output, values and error (line) with and without the cache."""
    out1, out2 = io.StringIO(), io.StringIO()
    a, ea = run(SAME_SHAPES, True, out1)
    b, eb = run(SAME_SHAPES, False, out2)
    assert ea == eb == ('division by zero', 15)
    assert out1.getvalue() == out2.getvalue()
    for name in ('x', 'y', 'z'):
        assert a.top.syms[name].value == b.top.syms[name].value
    assert a._stmt_cache.entries      # the repeated shapes were kept


def test_a_shape_met_once_is_left_to_the_parser():
    """The first line of a shape takes the ordinary parse (the parse cache's trees); the
    second makes the shape's entry, which the third runs; a block's opening line never does."""
    a, _ = run('create soma\nsoma.L = 5\n{\nz = 3\n}\n{\nz = z + 1\n}\n')
    assert not a._stmt_cache.entries and a.top.syms['z'].value == 4.0
    a, _ = run('create soma\nsoma.L = 5\nsoma.L = 6\nsoma.L = 7\nprint soma.L\n')
    assert list(a._stmt_cache.entries) == [('soma.L = ', '\n')]
    assert a.stdout.getvalue() == '7 \n'


def test_cache_checks_what_names_are():
    """A proc used as a value is a syntax error when compiled: so on a line of a cached
    shape whose name has become a proc; a redefined func runs its new body."""
    text = 'func g2() { return 1 }\nw = g2(1)\nw = g2(2)\nproc g2() {}\nw = g2(3)\n'
    a, ea = run(text)
    b, eb = run(text, cache=False)
    assert ea == eb == ('syntax error', 5)      # as NEURON 9
    assert a.top.syms['w'].value == 1.0
    text = 'func ff() { return $1 + 1 }\nw = ff(1)\nw = ff(2)\nfunc ff() { return $1 * 10 }\nw = ff(3)\n'
    a, ea = run(text)
    assert ea is None and a.top.syms['w'].value == 30.0


def test_cache_reentry_from_execute():
    """A cached line whose call runs a line of the same shape (execute): each its own numbers."""
    text = ('proc p() { execute("w = q(7) + 100") }\n'
            'func q() { if ($1 == 3) p() return $1 }\n'
            'w = q(1) + 10\nw = q(3) + 20\nprint w\n')
    out1, out2 = io.StringIO(), io.StringIO()
    run(text, True, out1)
    run(text, False, out2)
    assert out1.getvalue() == out2.getvalue() == '23 \n'


def run_file(tmp_path, text, cache=True, newline='\n'):
    """Run ``text`` written to a file (FileSource, the lean path's reader) with or without the
    statement cache: (interpreter, stdout, (message, file, line, text) of the error or None)."""
    path = tmp_path / 'big.hoc'
    path.write_bytes(text.replace('\n', newline).encode())
    out = io.StringIO()
    interp = Interpreter(stdout=out, stderr=io.StringIO())
    if not cache:
        interp._stmt_cache = None
    err = None
    try:
        interp.run_file(str(path))
    except HocError as e:
        err = (e.message, os.path.basename(e.coord.file), e.coord.line, e.coord.text)
    return interp, out.getvalue(), err


@pytest.mark.parametrize('newline', ['\n', '\r\n', '\r'])
def test_error_on_a_cached_line_names_file_and_line(tmp_path, newline):
    """An error raised by the compiled code of a line served from the cache, deep in a file:
    the same file, line number and line text as the parser's path gives (any line ending)."""
    lines = ['x = 0\n'] + ['x = x + %d\n' % (i % 7) for i in range(3000)]
    lines += ['y = 1/%d\n' % k for k in (3, 2, 1, 0)] + ['print "not reached"\n']
    text = ''.join(lines)
    a, out_a, ea = run_file(tmp_path, text, True, newline)
    b, out_b, eb = run_file(tmp_path, text, False, newline)
    assert ea == eb == ('division by zero', 'big.hoc', 3005, 'y = 1/0\n')
    assert out_a == out_b == ''
    assert a.top.syms['x'].value == b.top.syms['x'].value == sum(i % 7 for i in range(3000))
    assert a._stmt_cache.entries


FSCAN = '''x = 0
x = x + 1
x = x + 2
x = fscan()
17.5
x = x + 1
y = fscan() + fscan()
1 2
x = x + 3
z = fscan()
4 5
x = x + 4
s = 0
s = s + fscan()
10
s = s + fscan()
20
s = s + fscan()
30
strdef line
getstr(line)
x = x + 1000 and the rest of this line is read by getstr
print x, y, z, s, line
'''


def test_fscan_reads_the_lines_after_cached_ones(tmp_path):
    """fscan()/getstr() in a cached line read the stream's next words and lines, which the
    lean path then does not run; what fscan leaves on a line is parsed as statements."""
    a, out_a, ea = run_file(tmp_path, FSCAN)
    b, out_b, eb = run_file(tmp_path, FSCAN, cache=False)
    assert ea is None and eb is None
    # "4 5": fscan takes 4, the 5 left on the line is a statement (echoed); getstr's value
    # (the length read) is echoed too.  NEURON 9.0.2 prints the same.
    assert out_a == out_b == ('\t5 \n\t57 \n25.5 3 4 60 x = x + 1000 and the rest of this '
                              'line is read by getstr\n\n')
    assert a._stmt_cache.entries


def test_stop_quit_and_interrupt_in_cached_lines(tmp_path):
    """``stop`` inside a cached line's call ends that statement only; quit() and Ctrl-C
    (KeyboardInterrupt from a built-in) leave the run as they are, never as HOC errors; a
    Python error inside a built-in is a located HOC error."""
    text = ('n = 0\nproc s() { n = n + $1  stop  n = n + 100 }\n'
            + ''.join('s(%d)\n' % i for i in range(1, 6)) + 'print n\n')
    _, out_a, ea = run_file(tmp_path, text)
    _, out_b, eb = run_file(tmp_path, text, cache=False)
    assert ea is eb is None and out_a == out_b == '15 \n'

    from pyhoc.hoc.symbols import Kind, Sym

    def boom(interp, k):
        if k == 3:
            raise KeyboardInterrupt
        if k == 4:
            raise ZeroDivisionError('float division by zero')
        if k == 5:
            raise SystemExit(0)
        return k
    for stop_at, exc in ((3, KeyboardInterrupt), (5, SystemExit)):
        for cache in (True, False):
            interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
            interp.builtins['boom'] = Sym('boom', Kind.BUILTIN, boom)
            if not cache:
                interp._stmt_cache = None
            lines = ''.join('w = boom(%d)\n' % k for k in (1, 2, stop_at, 1))
            with pytest.raises(exc):
                interp.run_source(StringSource(lines, 'b.hoc'))
            assert interp.top.syms['w'].value == 2.0
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    interp.builtins['boom'] = Sym('boom', Kind.BUILTIN, boom)
    with pytest.raises(HocError) as e:
        interp.run_source(StringSource('w = boom(1)\nw = boom(2)\nw = boom(4)\n', 'b.hoc'))
    assert (e.value.coord.file, e.value.coord.line) == ('b.hoc', 3)
    assert 'division by zero' in e.value.message


def test_cached_line_recursing_past_nframe(tmp_path):
    """A cached line whose func recurses past NFRAME stops with the usual error, at its line."""
    text = ('func r() { if ($1 <= 0) return 0  return r($1 - 1) + 1 }\n'
            'd = r(10)\nd = r(20)\nd = r(600)\n')
    a, _, ea = run_file(tmp_path, text)
    b, _, eb = run_file(tmp_path, text, cache=False)
    assert ea == eb and ea[0].startswith('r call nested too deeply') and ea[2] == 4
    assert a.top.syms['d'].value == b.top.syms['d'].value == 20.0


EXPRS = [('x*2', 'x = 3'), ('x*2', 'x = 5'), ('y + 1', ''), ('y + 1', 'y = 7'),
         ('s.L', 'create s\ns.L = 12'), ('s.L', 's.L = 13'), ('dend[1].L + x', 'create dend[2]'),
         ('g2(2)', 'func g2() { return $1 + 1 }'), ('g2(2)', 'func g2() { return $1 * 10 }'),
         ('g2(2)', 'proc g2() {}'), ('q', 'objref q'), ('q', 'q = new Vector(3)'),
         ('a', 'begintemplate T\npublic a\na = 4\nproc init() { a = 5 }\nendtemplate T'),
         ('a', 'objref o\no = new T()\nobject_push(o)'), ('a', 'object_pop()')]


def _evals(cache):
    """eval_string of each expression after its statements (HOC), with or without the
    statement cache: the values or the errors."""
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    if not cache:
        interp._stmt_cache = None
    out = []
    for text, stmts in EXPRS + EXPRS[:6]:
        interp.run_source(StringSource(stmts + "\n", "t.hoc"))
        try:
            v = interp.eval_string(text)
            out.append(v if isinstance(v, float) else type(v).__name__)
        except HocError as e:
            out.append(e.message)
    return interp, out


def test_eval_string_keeps_expression_code():
    """A Graph evaluates its expressions every step: eval_string compiles a top-level
    expression once and reuses it while its names are what they were (values that change,
    a name defined later, a func redefined or become a proc, an object context)."""
    a, got = _evals(True)
    b, want = _evals(False)
    assert got == want
    assert want[:12] == [6.0, 10.0, 'undefined variable y', 8.0, 12.0, 13.0, 105.0, 3.0,
                         20.0, 'syntax error', 'NoneType', 'Vector']
    assert want[12:15] == ['undefined variable a', 5.0, 'undefined variable a']
    assert 'x*2' in a._stmt_cache.exprs
