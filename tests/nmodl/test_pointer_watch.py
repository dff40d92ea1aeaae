"""POINTER, WATCH and net_send in translated mechanisms, beyond the NEURON traces of
test_codegen.py (cases pointer, watch, casyn): the Python forms of setpointer, reading and
writing through a pointer from HOC and Python, pointers across a rebuild of the arrays, the
errors, the compiled loop taking these models, and WATCH under CVode."""
from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest

from pyhoc.bridge import HocTop
from pyhoc.errors import HocError
from pyhoc.hoc.interpreter import Interpreter
from pyhoc.nmodl.errors import ModError
from pyhoc.nmodl.load import load_into, mechanism_class
from pyhoc.sim import backend, fused

HERE = os.path.dirname(os.path.abspath(__file__))
MOD = os.path.join(HERE, 'mod')
sys.path.insert(0, HERE)
import codegen_cases  # noqa: E402


def _h(*mods):
    interp = Interpreter()
    load_into(interp.sim.model, [os.path.join(MOD, m) for m in mods])
    return HocTop(interp), interp.sim.model


def _cells(h):
    h('create a, b, c')
    h('forall { L = 20  diam = 20  insert pas }')
    h('objref ga, st')
    h('a ga = new gapj(.5)')
    h('b st = new IClamp(.5)')


def test_pointer_reads_and_writes_its_target_in_every_form():
    h, m = _h('gapj.mod', 'ptrd.mod')
    _cells(h)
    h.ga._ref_vgap = h.b(.5)._ref_v               # pp._ref_p = ref
    h.b(.5).v = -20.
    assert h.ga.vgap == -20.
    h.ga.vgap = -30.                              # writes b.v(.5)
    assert h.b(.5).v == -30.
    h.setpointer(h.c(.5)._ref_v, 'vgap', h.ga)   # h.setpointer(ref, name, pp)
    h.c(.5).v = 7.
    h('x_ = ga.vgap')
    assert h.x_ == 7.
    h('b insert ptrd')
    h.b(.5)._ref_src_ptrd = h.a(.5)._ref_v        # seg._ref_p_mech = ref
    h.b(.5).ptrd._ref_dst = h.st._ref_amp         # seg.mech._ref_p = ref
    h.b(.5).ptrd.dst = 2.5
    assert h.st.amp == 2.5
    h('b.dst_ptrd(.5) = 1.5')
    assert h.st.amp == 1.5
    h.a(.5).v = -12.
    assert h.b(.5).src_ptrd == -12.
    h('setpointer b.src_ptrd(.5), c.v(.5)')       # HOC, density form
    assert h.b(.5).ptrd.src == 7.


def test_an_unset_pointer_is_an_error_not_a_crash(capfd):
    h, m = _h('gapj.mod')
    _cells(h)
    with pytest.raises(HocError, match="vgap wasn't made to point to anything"):
        h.ga.vgap
    with pytest.raises(HocError, match="vgap wasn't made to point to anything"):
        h.finitialize(-65)
    assert not h('setpointer ga.g, b.v(.5)')
    assert 'setpointer: g is not a POINTER variable' in capfd.readouterr().err


def test_a_pointer_follows_its_target_when_the_arrays_are_rebuilt():
    h, m = _h('gapj.mod')
    _cells(h)
    h('setpointer ga.vgap, b.v(.5)')
    h('st.amp = .2')
    h('st.dur = 100')
    h.finitialize(-65)
    for _ in range(20):
        h.fadvance()
    h('c.nseg = 5')                      # a structure change: every array reallocated
    h('create d')                        # (and the node order moves b)
    h('connect d(0), b(1)')
    for _ in range(20):
        h.fadvance()
        assert h.ga.vgap == h.b(.5).v
    assert h.ga.i != 0.


@pytest.mark.parametrize('call, where', [
    ('net_send(1, 1)', 'INITIAL and NET_RECEIVE blocks'),
    ('net_event(t)', 'NET_RECEIVE block'),
    ('net_move(t)', 'NET_RECEIVE block')])
def test_net_calls_outside_their_blocks_are_refused_as_nocmodl(tmp_path, call, where):
    p = tmp_path / 'nsb.mod'
    p.write_text('NEURON { POINT_PROCESS nsb  NONSPECIFIC_CURRENT i }\n'
                 'ASSIGNED { v i }\n'
                 'BREAKPOINT { i = 0  %s }\n'
                 'NET_RECEIVE(w) { }\n' % call)
    with pytest.raises(ModError, match='allowed only in ' + where) as e:
        mechanism_class(str(p))
    assert e.value.pos.line == 3


@pytest.mark.parametrize('name', ['pointer', 'watch', 'casyn'])
def test_the_compiled_loop_takes_pointer_watch_and_ion_point_processes(name):
    with open(os.path.join(HERE, 'golden', 'codegen_%s.json' % name)) as f:
        gold = json.load(f)['trace']
    case = codegen_cases.CASES[name]
    h, m = _h(*case['mods'])
    backend.set_backend('numba')
    try:
        m.exact_exp = True
        out = codegen_cases.run_case(h, case)
        assert fused._plan(m) is not None
    finally:
        backend.set_backend(None)
    for expr, ref in gold.items():
        np.testing.assert_allclose(out[expr], ref, rtol=0, atol=1e-9, err_msg=expr)


def test_vector_record_of_a_pointer_records_its_target_in_the_compiled_loop():
    h, m = _h('gapj.mod')
    _cells(h)
    h('setpointer ga.vgap, b.v(.5)')
    h('st.amp = .2')
    h('st.dur = 100')
    h('objref vg, vb')
    h('vg = new Vector()')
    h('vb = new Vector()')
    h('vg.record(&ga.vgap)')
    h('vb.record(&b.v(.5))')
    backend.set_backend('numba')
    try:
        h.finitialize(-65)
        for _ in range(40):
            h.fadvance()
        assert fused._plan(m) is not None
    finally:
        backend.set_backend(None)
    assert len(h.vg) == 41 and np.array_equal(np.array(h.vg), np.array(h.vb))
    assert h.vb[40] > h.vb[0]
