"""The native standard run system (pyhoc.stdlib.stdrun) against NEURON 9.0.2 goldens."""
from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'sim'))
from _golden_hoc import compare  # noqa: E402


@pytest.mark.parametrize('name', ['stdrun_basic', 'stdrun_override'])
def test_hoc_against_neuron(name):
    compare(name)


def _cell(h):
    h.load_file('stdrun.hoc')
    h('create soma')
    h('soma { L = 20 diam = 20 insert hh }')
    h('objref stim')
    h('soma stim = new IClamp(0.5)')
    h('stim.del = 1')
    h('stim.dur = 1')
    h('stim.amp = 0.3')


def test_python_run_and_continuerun(h, hoc):
    _cell(h)
    assert (h.tstop, h.v_init, h.steps_per_ms, h.dt) == (5, -65, 40, 0.025)
    y = h.Vector()
    h('objref yy')
    h.yy = y
    h('yy.record(&soma.v(0.5))')
    h.tstop = 1
    h.run()
    assert len(y) == 41 and abs(h.t - 1) < 1e-9
    h.continuerun(2)
    assert len(y) == 81 and abs(h.t - 2) < 1e-9
    h.stdinit()
    assert h.t == 0 and len(y) == 1


def test_changed_dt_message(h, hoc):
    _cell(h)
    h.dt = 0.01
    h.tstop = 0.1
    h.run()
    assert 'Changed dt' in hoc.stdout.getvalue()
    assert h.dt == 0.0125 and h.nstep_steprun == 2


def test_user_procs_replace_library_ones(h, hoc):
    _cell(h)
    h('nadv = 0')
    h('proc advance() { nadv += 1 fadvance() }')
    h.tstop = 1
    h.run()
    assert h.nadv == 40


def test_stoprun_from_python_advance(h, hoc):
    _cell(h)
    h('proc advance() { fadvance() if (t >= 0.5) stoprun = 1 }')
    h.continuerun(3)
    assert abs(h.t - 0.5) < 1e-9 and h.stoprun == 1


def test_library_registered():
    from pyhoc.hoc import library
    assert 'stdrun.hoc' in library.files() and 'nrngui.hoc' in library.files()


def test_load_twice_keeps_settings(h, hoc):
    h.load_file('stdrun.hoc')
    h.tstop = 9
    h.load_file('nrngui.hoc')
    h.load_file('stdrun.hoc')
    assert h.tstop == 9


def test_cvode_local_chooses_the_local_step_as_the_method_panel(hoc):
    # NEURON 9.0.2's output of the same lines (hand-checked): cvode_local(1) turns CVode on
    # with the local step (ModelDB 35358 runs so), cvode_active(1) turns the local step off,
    # cvode_local(0) turns CVode off and keeps the local choice; dt is saved and restored
    hoc.execute('~load_file("stdrun.hoc")\ncreate soma\naccess soma\ninsert hh\ndt = 0.01\n'
                'print cvode_local(1), cvode_active(), dt, using_cvode_\ndt = 0.05\n'
                'print cvode_active(1), cvode_local(), dt, using_cvode_\n'
                'print cvode_local(1), cvode_active(), dt\n'
                'print cvode_local(0), cvode_active(), dt, using_cvode_\n'
                'print cvode_local(1), cvode_active(0), cvode_local(), dt, using_cvode_\n')
    assert hoc.stdout.getvalue().split('\n')[-6:] == [
        '1 1 0.01 1 ', '1 0 0.01 1 ', '1 1 0.01 ', '1 0 0.01 0 ', '1 0 1 0.01 0 ', '']
