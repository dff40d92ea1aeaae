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
