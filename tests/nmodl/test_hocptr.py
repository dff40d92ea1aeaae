"""POINTERs at HOC variables beyond the NEURON traces of test_codegen.py (cases hocptr,
hocptr_cvode, hocptr_address): HOC's writes during a run reach the kernels (NumPy path and
compiled loop), the variable stays an ordinary HOC scalar or array to the interpreter, and
what cannot be pointed at is a HOC error."""
from __future__ import annotations

import os

import pytest

from pyhoc.bridge import HocTop
from pyhoc.hoc.interpreter import Interpreter
from pyhoc.hoc.symbols import BoxedSym, Sym
from pyhoc.nmodl.load import load_into
from pyhoc.sim import backend

MOD = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mod')


def _h():
    interp = Interpreter()
    load_into(interp.sim.model, [os.path.join(MOD, 'gapj.mod')])
    h = HocTop(interp)
    h('create a\na { L = 20  diam = 20  insert pas }\nobjref ga\na ga = new gapj(.5)')
    return h, interp


@pytest.mark.parametrize('compiled', [False, True])
def test_hoc_writes_during_a_run_reach_the_kernel(compiled):
    h, _ = _h()
    h('vg = -30\ndouble arr[3]\narr[2] = -40\nsetpointer ga.vgap, vg')
    backend.set_backend('numba' if compiled else 'numpy')
    try:
        h.finitialize(-65)
        for k in range(40):
            if k == 20:
                h('vg = -10')           # the scalar, written by HOC mid-run
            if k == 30:
                h('setpointer ga.vgap, arr[2]')
            if k == 35:
                h('arr[2] = 15')
            v = h.a(.5).v
            h.fadvance()
            want = {True: -10., False: -30.}[k >= 20] if k < 30 else (-40. if k < 35 else 15.)
            # nrn_cur's i = g*(v - vgap) with the step's starting v
            assert h.ga.i == 0.005 * (v - want), k
    finally:
        backend.set_backend(None)


def test_a_pointed_at_scalar_stays_a_hoc_scalar():
    h, interp = _h()
    h('x = 2\nfunc twice() { return 2*$&1 }')
    assert type(interp.top.syms['x']) is Sym
    h('setpointer ga.vgap, x')
    sym = interp.top.syms['x']
    assert type(sym) is BoxedSym and type(sym.value) is float
    h('x += 1.5\nx = x * 2\ny = twice(&x)')
    assert (h.x, h.y, h.ga.vgap) == (7., 14., 7.)
    h.ga.vgap = -3.                  # the mechanism's write is HOC's value
    h('for i = 1, 3 { x = x + i }')
    assert h.x == 3.
    h('double d[2][3]\nd[1][2] = 5\nsetpointer ga.vgap, d[1][1]\nga.vgap = 4')
    assert (h.d[1][1], h.d[1][2]) == (4., 5.)
    h('for i = 0, 2 d[1][i] += 10')
    assert h.ga.vgap == 14.


def test_a_vector_element_and_a_local():
    h, _ = _h()
    h('objref vv\nvv = new Vector(3)\nvv.x[1] = 7\nsetpointer ga.vgap, vv.x[1]')
    assert h.ga.vgap == 7.
    h('vv.x[1] = 8')
    assert h.ga.vgap == 8.
    h('func f() { local y\n y = 2\n setpointer ga.vgap, y\n y = 3\n return ga.vgap }')
    assert h.f() == 3.


@pytest.mark.parametrize('stmt, msg', [
    ('objref o\nsetpointer ga.vgap, o', 'o: cannot take its address'),
    ('setpointer ga.vgap, t', 'pyhoc points a POINTER only at'),
    ('x = 1\nsetpointer ga.g, x', 'setpointer: g is not a POINTER variable'),
])
def test_what_cannot_be_pointed_at_is_a_hoc_error(stmt, msg, capfd):
    h, _ = _h()
    assert not h(stmt)
    assert msg in capfd.readouterr().err


def test_python_pointers_to_array_elements():
    """``h._ref_arr`` is NEURON's incomplete pointer: one subscript per dimension gives the
    element's pointer (what h.setpointer and a double* argument take)."""
    h, _ = _h()
    h('double arr[4]\narr[2] = 5\ndouble m[2][3]\nm[1][2] = 8')
    assert h._ref_arr[2][0] == 5. and h._ref_m[1][2][0] == 8.
    assert repr(h._ref_m[1]) == '<incomplete pointer to hoc array m>'
    v = h.Vector()
    v.from_double(2, h._ref_arr[1])
    assert list(v) == [0., 5.]
    h.setpointer(h._ref_m[1][2], 'vgap', h.ga)
    h.m[1][2] = 6.
    assert h.ga.vgap == 6.
    with pytest.raises(IndexError):
        h._ref_arr[4]


def test_a_template_member():
    """ModelDB 114355's form: ``setpointer syn.proc_num, subg.proc_num`` (a public scalar of
    another object), which the object's own procs go on reading and writing."""
    h, _ = _h()
    h('begintemplate Grp\npublic p, bump\nproc init() { p = 3 }\nproc bump() { p = p + 1 }\n'
      'endtemplate Grp\nobjref g\ng = new Grp()\nsetpointer ga.vgap, g.p')
    assert h.ga.vgap == 3.
    h('g.bump()\ng.bump()')
    assert h.ga.vgap == 5. and h.g.p == 5.
    h.ga.vgap = -1.
    h('g.bump()')
    assert h.g.p == 0.


@pytest.mark.parametrize('compiled', [False, True])
def test_an_unused_pointer_may_stay_unset(compiled):
    """NEURON never follows a POINTER the .mod file does not use, so a model may leave it
    unset (ModelDB 37819's gababS.mod); one that is read stops the run with NEURON's message."""
    interp = Interpreter()
    load_into(interp.sim.model, [os.path.join(MOD, 'ptrunused.mod'),
                                 os.path.join(MOD, 'ptrunsetd.mod')])
    h = HocTop(interp)
    h('create a\na { L = 20  diam = 20  insert pas }\nobjref pp\na pp = new PtrUnusedPP(.5)')
    backend.set_backend('numba' if compiled else 'numpy')
    try:
        h.finitialize(-65)
        assert h.pp.i == 0.001 * -65.0
        h.fadvance()
        h('a insert ptrunsetd')
        with pytest.raises(RuntimeError, match="src_ptrunsetd wasn't made to point to anything"):
            h.finitialize(-65)
    finally:
        backend.set_backend(None)
