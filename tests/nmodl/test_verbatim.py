"""VERBATIM C and scopmath's random numbers (pyhoc.nmodl.verbatim, pyhoc.nmodl.randoms):
what is refused says file, line and the C; the generator's numbers are NEURON's (the cases
against NEURON's traces are in test_codegen.py: noise, randstim)."""
from __future__ import annotations

import math

import pytest

from pyhoc.nmodl import randoms
from pyhoc.nmodl.codegen import Unsupported
from pyhoc.nmodl.load import mechanism_class


def _mod(tmp_path, body, name='vb'):
    p = tmp_path / (name + '.mod')
    p.write_text('NEURON { SUFFIX %s RANGE a }\nASSIGNED { a }\n%s\n' % (name, body))
    return str(p)


def test_scop_random_is_neurons_congruence():
    randoms.set_seed(1)
    x = 1
    for _ in range(5):
        x = (2147437301 * x + 453816981) % 2**32
        assert randoms.scop_random() == x / 4294967295.0
    randoms.set_seed(3.9)           # (uint32_t) 3.9 is 3
    a = randoms.scop_random()
    randoms.set_seed(3)
    assert randoms.scop_random() == a


def test_exprand_and_normrand_use_scop_random():
    randoms.set_seed(42)
    u = randoms.scop_random()
    randoms.set_seed(42)
    assert randoms.exprand(2.) == -2. * math.log(u)
    randoms.set_seed(42)
    v1, v2 = 2 * randoms.scop_random() - 1, 2 * randoms.scop_random() - 1
    s = v1 * v1 + v2 * v2
    randoms.set_seed(42)
    if s < 1:
        assert randoms.normrand(1., 3.) == v1 * math.sqrt(-2 * math.log(s) / s) * 3. + 1.


def test_unknown_c_is_refused_with_file_line_and_text(tmp_path):
    p = _mod(tmp_path, 'INITIAL {\nVERBATIM\n  a = strlen(name);\nENDVERBATIM\n}')
    with pytest.raises(Unsupported) as e:
        mechanism_class(p)
    msg = str(e.value)
    assert 'vb.mod:5' in msg and 'strlen' in msg and 'a = strlen(name);' in msg


def test_top_level_c_function_of_structs_is_refused_where_a_block_needs_it(tmp_path):
    p = _mod(tmp_path, 'VERBATIM\nstatic double first(Section* sec) { return 0.; }\n'
             'ENDVERBATIM\nINITIAL {\nVERBATIM\n  a = first(0);\nENDVERBATIM\n}')
    with pytest.raises(Unsupported) as e:
        mechanism_class(p)
    assert 'C function first' in str(e.value) and 'vb.mod:4' in str(e.value)


def test_c_only_hoc_calls_is_an_error_when_it_runs(tmp_path):
    """C a block of the mechanism never runs (a C function of a struct type, a FUNCTION only
    HOC calls): the file loads, and running that C is a HOC error naming file, line and C."""
    from pyhoc.bridge import HocTop
    from pyhoc.errors import HocError
    from pyhoc.hoc.interpreter import Interpreter
    from pyhoc.nmodl.load import load_into
    p = _mod(tmp_path, '''VERBATIM
typedef struct PT { double x; } pt;
static pt* cur;
static double first(pt* p) { return p->x; }
ENDVERBATIM
FUNCTION ok(y) { ok = 2 * y }
FUNCTION usept(y) {
  if (y > 0) {
VERBATIM
    _lusept = cur->x;
ENDVERBATIM
  } else { usept = -1 }
}
INITIAL { a = ok(3) }''')
    interp = Interpreter()
    load_into(interp.sim.model, [p])
    h = HocTop(interp)
    h('create soma\nsoma insert vb')
    h.finitialize(-65)
    assert h.soma(.5).vb.a == 6. and h.ok_vb(4) == 8. and h.usept_vb(-1) == -1.
    with pytest.raises(HocError, match=r'vb.mod:12: VERBATIM block \(C code\) is not '
                                       r'translated: cur: its C definition was not taken'):
        h.usept_vb(1)


def test_c_statements_become_python(tmp_path):
    p = _mod(tmp_path, '''VERBATIM
#define TWO 2
static const char rcsid[] = "$Id$";
ENDVERBATIM
FUNCTION f(x) {
VERBATIM
    int i, n = 7;
    double s = 0;
    for (i = 0; i < n; i++) { s += _lx; }
    if (s > 10.) { s = s / TWO; } else s = -s;
    _lf = s + n / 2;
ENDVERBATIM
}''')
    cls = mechanism_class(p)
    from pyhoc.sim.model import Model
    mt = cls(Model())
    assert mt.call('f', (2.,)) == 7 + 3        # 14/2 + int division 7/2
    assert mt.call('f', (1.,)) == -7 + 3


def test_random_in_breakpoint_keeps_the_kernels_compiled(tmp_path):
    """scopmath's functions run compiled over a copy of the generator in glob
    (pyhoc.nmodl.runtime._Scop; tests/nmodl/test_execerror_compiled.py); a Random123
    stream of VERBATIM stays Python."""
    (tmp_path / 'nz.mod').write_text('NEURON { SUFFIX nz NONSPECIFIC_CURRENT i }\n'
                                     'ASSIGNED { i }\nBREAKPOINT { i = normrand(0, 1e-3) }\n')
    cls = mechanism_class(str(tmp_path / 'nz.mod'))
    assert not cls.python_only and cls.rng_slot >= 0
    (tmp_path / 'nr.mod').write_text('NEURON { SUFFIX nr NONSPECIFIC_CURRENT i }\n'
                                     'ASSIGNED { i }\nBREAKPOINT {\nVERBATIM\n'
                                     'i = drand48();\nENDVERBATIM\n}\n')
    assert mechanism_class(str(tmp_path / 'nr.mod')).python_only
    (tmp_path / 'ns.mod').write_text('NEURON { ARTIFICIAL_CELL ns RANGE x }\nASSIGNED { x }\n'
                                     'NET_RECEIVE(w) { x = exprand(1) }\n')
    assert not mechanism_class(str(tmp_path / 'ns.mod')).python_only   # NET_RECEIVE: Python


def test_random123_stream_kept_in_a_verbatim_handle(tmp_path):
    """NEURON 8's Random123 idiom: a stream made by nrnran123_newstream3 from the HOC call's
    arguments, kept in a BBCOREPOINTER, drawn by nrnran123_negexp; the numbers are the
    stream's (pyhoc.base.rng, itself bit for bit with NEURON)."""
    from pyhoc.base import rng
    from pyhoc.bridge import HocTop
    from pyhoc.hoc.interpreter import Interpreter
    from pyhoc.nmodl.load import load_into
    (tmp_path / 'r123.mod').write_text('''NEURON { ARTIFICIAL_CELL r123  THREADSAFE
  BBCOREPOINTER donotuse }
ASSIGNED { donotuse }
FUNCTION erand() {
VERBATIM
    if (_p_donotuse) {
        _lerand = nrnran123_negexp((nrnran123_State*)_p_donotuse);
    } else {
        _lerand = -1;
    }
ENDVERBATIM
}
PROCEDURE noiseFromRandom123() {
VERBATIM
{
    nrnran123_State** pv = (nrnran123_State**)(&_p_donotuse);
    if (*pv) {
        nrnran123_deletestream(*pv);
        *pv = (nrnran123_State*)0;
    }
    if (ifarg(3)) {
        *pv = nrnran123_newstream3((uint32_t)*getarg(1), (uint32_t)*getarg(2),
                                   (uint32_t)*getarg(3));
    }
}
ENDVERBATIM
}
''')
    interp = Interpreter()
    h = HocTop(interp)
    load_into(interp.sim.model, [str(tmp_path / 'r123.mod')])
    h('objref c\nc = new r123()')
    assert h.c.erand() == -1.
    h('c.noiseFromRandom123(3, 4, 5)')
    s = rng.Random123Stream(3, 4, 5)
    assert [h.c.erand() for _ in range(6)] == [s.negexp(1.0) for _ in range(6)]
    h('c.noiseFromRandom123(3, 4, 5)')          # a new stream from the start
    assert h.c.erand() == rng.Random123Stream(3, 4, 5).negexp(1.0)


def test_assignment_c_may_not_evaluate_is_refused(tmp_path):
    p = _mod(tmp_path, 'FUNCTION f(x) {\nVERBATIM\n  double y = 0;\n'
             '  if (_lx > 0 && (y = _lx) > 1) { _lf = y; }\nENDVERBATIM\n}\n'
             'INITIAL { a = f(1) }')
    with pytest.raises(Unsupported) as e:
        mechanism_class(p)
    msg = str(e.value)
    assert 'vb.mod:6' in msg and 'an assignment in a part of an expression' in msg


def test_file_level_c_pointer_to_pointers_is_refused(tmp_path):
    p = _mod(tmp_path, 'VERBATIM\nstatic double **buf;\nENDVERBATIM')
    with pytest.raises(Unsupported) as e:
        mechanism_class(p)
    assert 'vb.mod:4' in str(e.value) and 'a file-level C pointer buf' in str(e.value)


def test_c_statements_switch_statics_and_increments(tmp_path):
    """switch with fall-through and default, a static local and a file-level array kept
    between calls, x++ and ++x inside expressions, a do-while (hand-checked values)."""
    p = _mod(tmp_path, '''VERBATIM
static double hist[4] = {1, 2};
static int total;
ENDVERBATIM
FUNCTION f(x) {
VERBATIM
    static int calls = 5;
    int k = 0, n = (int)_lx;
    double s = 0;
    switch (n) {
    case 1: s += 1;
    case 2: s += 10; break;
    case 3: { s = -1; break; }
    default: s = 100;
    case 4: s += 1000;
    }
    hist[k++] += s;
    do { total += ++k; } while (k < 3);
    _lf = s + hist[0] + calls++ * 1e6 + total * 1e-3;
ENDVERBATIM
}''')
    from pyhoc.sim.model import Model
    mt = mechanism_class(p)(Model())
    # n = 1: s = 11, hist[0] = 12, calls 5, k: 1 -> 2 (total 2) -> 3 (total 5)
    assert mt.call('f', (1.,)) == 11 + 12 + 5e6 + 5e-3
    # n = 2: s = 10, hist[0] = 22, calls 6, total 10
    assert mt.call('f', (2.,)) == 10 + 22 + 6e6 + 10e-3
    assert mt.call('f', (3.,)) == -1 + 21 + 7e6 + 15e-3
    assert mt.call('f', (7.,)) == 1100 + 1121 + 8e6 + 20e-3       # default, then case 4
    assert mt.call('f', (4.,)) == 1000 + 2121 + 9e6 + 25e-3


def test_extern_c_function_of_another_file(tmp_path):
    """NEURON links all the .mod files of a build: a C function one defines, another's
    extern declaration calls (a HOC error names it when no loaded file defines it)."""
    from pyhoc.bridge import HocTop
    from pyhoc.errors import HocError
    from pyhoc.hoc.interpreter import Interpreter
    from pyhoc.nmodl.load import load_into
    (tmp_path / 'cdef.mod').write_text('NEURON { SUFFIX cdef }\nVERBATIM\n'
                                       'double cube(double x) { return x*x*x; }\n'
                                       'ENDVERBATIM\n')
    (tmp_path / 'cuse.mod').write_text('NEURON { SUFFIX cuse }\nVERBATIM\n'
                                       'extern double cube(double);\n'
                                       'extern double nowhere(double);\nENDVERBATIM\n'
                                       'FUNCTION c3(x) {\nVERBATIM\n_lc3 = cube(_lx) + 1;\n'
                                       'ENDVERBATIM\n}\n'
                                       'FUNCTION nw(x) {\nVERBATIM\n_lnw = nowhere(_lx);\n'
                                       'ENDVERBATIM\n}\n')
    interp = Interpreter()
    h = HocTop(interp)
    load_into(interp.sim.model, [str(tmp_path / 'cdef.mod'), str(tmp_path / 'cuse.mod')])
    assert h('create s\ns insert cuse\nx = c3_cuse(2)')
    assert h.x == 9.
    with pytest.raises(HocError) as e:
        interp.run_text('y = nw_cuse(2)\n')
    assert 'C function nowhere, which no loaded .mod file defines' in str(e.value)


def test_function_like_macros(tmp_path):
    """#define NAME(a, b): expanded with its arguments (nested calls, a body continued
    over lines by a backslash); #undef and #ifdef see it."""
    p = _mod(tmp_path, '''VERBATIM
#define SQ(x) ((x)*(x))
#define MIX(a, b) (SQ(a) + \\
               2*(b))
#define GONE(x) x
#undef GONE
#ifdef GONE
#error not here
#endif
ENDVERBATIM
FUNCTION f(x, y) {
VERBATIM
    _lf = MIX(_lx + 1, SQ(_ly));
ENDVERBATIM
}''')
    from pyhoc.sim.model import Model
    mt = mechanism_class(p)(Model())
    assert mt.call('f', (2., 3.)) == 9. + 2 * 9.


def test_pi_of_the_mod_file_wins_in_c(tmp_path):
    """A .mod that declares its own PI (nocmodl: #undef PI, its static double) gives C that
    value; otherwise C's PI is NMODL's."""
    body = 'FUNCTION f() {\nVERBATIM\n_lf = PI;\nENDVERBATIM\n}'
    from pyhoc.sim.model import Model
    own = mechanism_class(_mod(tmp_path, 'CONSTANT { PI = 3.1415927 }\n' + body, 'vp1'))
    assert own(Model()).call('f', ()) == 3.1415927
    assert mechanism_class(_mod(tmp_path, body, 'vp2'))(Model()).call('f', ()) == math.pi


def test_define_constants_in_nmodl_code_comments_in_c_order_and_old_style_c(tmp_path):
    """A #define'd constant read by NMODL statements (nocmodl leaves the name to C); a
    ``//*`` comment does not open a ``/*`` one; an old-style (K&R) C function, which no block
    needs, is an error only when it runs (hand-checked values)."""
    from pyhoc.bridge import HocTop
    from pyhoc.errors import HocError
    from pyhoc.hoc.interpreter import Interpreter
    from pyhoc.nmodl.load import load_into
    p = _mod(tmp_path, '''VERBATIM
#define LG2 0.69314718055994530942
//* a comment with /* inside it
static double twice(double x) { return 2. * x; }
static oldstyle(a, b) double a; double b; { return a + b; }
ENDVERBATIM
FUNCTION log2(x) { log2 = log(x) / LG2 }
FUNCTION tw(x) {
VERBATIM
  _ltw = twice(_lx);
ENDVERBATIM
}
FUNCTION old(x) {
VERBATIM
  _lold = oldstyle(_lx, 1.);
ENDVERBATIM
}''')
    interp = Interpreter()
    load_into(interp.sim.model, [p])
    h = HocTop(interp)
    h('create soma\nsoma insert vb')
    assert h.log2_vb(8) == math.log(8) / 0.69314718055994530942 and h.tw_vb(3.5) == 7.
    with pytest.raises(HocError, match='oldstyle in the old .K&R. style'):
        h.old_vb(1)


def test_getcwd_and_hoc_oc_as_lyttons_pwd(tmp_path, capsys, monkeypatch):
    """getcwd(buf, n) fills buf with the working folder, hoc_oc(text) runs HOC text at the top
    level as a file: Lytton's misc.mod pwd() (ModelDB 116838, 138379) makes a strdef cwd.
    NEURON 9.0.2 prints 1 for each of its two execute1() statements (top-level expressions)."""
    from pyhoc.bridge import HocTop
    from pyhoc.hoc.interpreter import Interpreter
    from pyhoc.nmodl.load import load_into
    p = tmp_path / 'misc.mod'
    p.write_text(r'''NEURON { SUFFIX nothing }
PROCEDURE pwd() {
  VERBATIM
  {char cwd[1000],cmd[1200];
  getcwd(cwd, 1000);
  sprintf(cmd, "execute1(\"strdef cwd\")\n");         hoc_oc(cmd);
  sprintf(cmd, "execute1(\"cwd=\\\"%s\\\"\")\n",cwd); hoc_oc(cmd);
  }
  ENDVERBATIM
}
''')
    sub = tmp_path / 'sub'
    sub.mkdir()
    monkeypatch.chdir(tmp_path)
    interp = Interpreter()
    load_into(interp.sim.model, [str(p)])
    h = HocTop(interp)
    h('pwd()\nprint cwd\nchdir("sub")\npwd()\nprint cwd')
    assert capsys.readouterr().out.split() == ['1', '1', '1', str(tmp_path), '0',
                                                '1', '1', '1', str(sub)]
