"""hoc_execerror with literal messages in a .mod file's VERBATIM runs compiled: the mechanism
is not python_only, so its model stays on the compiled loop (ModelDB 9889's synapses sent the
whole model to the Python path, 50x slower than NEURON); when the call is reached the run
stops with the mechanism's message, at the same step and with the same values as the NumPy
path and NEURON 9.0.2."""
from __future__ import annotations

import pytest

from pyhoc.errors import HocError
from pyhoc.sim import backend, contract, fused, stepcompile

QLIM = '''NEURON { SUFFIX qlim NONSPECIFIC_CURRENT i RANGE g, e, n, lim }
PARAMETER { g = 0.001 (S/cm2) e = -70 (mV) lim = 1e9 }
ASSIGNED { i (mA/cm2) v (mV) n }
INITIAL { n = 0 }
BREAKPOINT { SOLVE count  i = g*(v - e) }
PROCEDURE count() {
  n = n + 1
  if (n > lim) {
VERBATIM
    hoc_execerror("count: past the limit", 0);
ENDVERBATIM
  }
}
'''

# NEURON 9.0.2 (nrnivmodl qlim.mod; the cell below, lim 50, execute1("run()")): the error
# "count: past the limit" in the 51st step's states, t (the step's start: hoc_execerror
# leaves NEURON's global t before the step's end), v(.5) then (%.17g) and n
NEURON_T = 1.2499999999999976
NEURON_V = -62.584485852205461
NEURON_N = 51.0


def _run(tmp_path, which, lim=50.):
    from pyhoc.bridge import HocTop
    from pyhoc.hoc.interpreter import Interpreter
    from pyhoc.nmodl.load import load_into
    (tmp_path / 'qlim.mod').write_text(QLIM)
    interp = Interpreter()
    h = HocTop(interp)
    load_into(interp.sim.model, [str(tmp_path / 'qlim.mod')])
    h('load_file("stdrun.hoc")')
    h('create s\ns { L = 20  diam = 20  nseg = 3  insert hh  insert qlim }\nobjref st\n'
      's st = new IClamp(.5)\nst.amp = .3\nst.del = 1\nst.dur = 100\n'
      's.lim_qlim(0.5) = %r\ntstop = 5' % lim)
    m = interp.sim.model
    m.exact_exp = True
    backend.set_backend(which)
    try:
        err = None
        try:
            h.run()
        except HocError as e:
            err = e
        plan = fused._plan(m) if which == 'numba' else None
        return err, (h.t, h.s(.5).v, h.s(.5).n_qlim), m, plan
    finally:
        backend.set_backend(None)


def _loop_only(monkeypatch):
    def refused(*a, **k):
        raise AssertionError('a step ran on the Python path')
    monkeypatch.setattr(fused, '_python_steps', refused)


def test_execerror_stops_the_compiled_loop_with_its_message_and_neurons_values(tmp_path,
                                                                               monkeypatch):
    err_py, vals_py, _, _ = _run(tmp_path, 'numpy')
    _loop_only(monkeypatch)
    err, vals, m, plan = _run(tmp_path, 'numba')
    mt = m.mech_types['qlim']
    assert not mt.python_only and plan is not None      # the model ran on the compiled loop
    assert 'qlim' in [t.name for t, _ in plan.mechs]
    # (h.run() from Python: NEURON 9.0.2's RuntimeError text)
    assert str(err) == str(err_py) == 'hocobj_call error: hoc_execerror: count: past the limit'
    assert vals == vals_py
    assert vals == (NEURON_T, NEURON_V, NEURON_N)
    assert mt.execerror_pending() is None        # reported once


def test_a_run_that_never_reaches_the_call_gives_the_numpy_paths_numbers(tmp_path, monkeypatch):
    err_py, vals_py, _, _ = _run(tmp_path, 'numpy', 1e9)
    _loop_only(monkeypatch)
    err, vals, _, plan = _run(tmp_path, 'numba', 1e9)
    assert err is None and err_py is None and plan is not None
    assert vals == vals_py and vals[2] == 200.


def test_execerror_from_a_compiled_copy_on_the_step_by_step_path(tmp_path, monkeypatch):
    """With the compiled loop off, the kernels run from Python, compiled once used enough
    (pyhoc.sim.stepcompile): numba's wrapper raises the mechanism's ExecError."""
    monkeypatch.setattr(fused, 'ENABLED', False)
    monkeypatch.setattr(stepcompile, 'COMPILE_WORK', 30)
    monkeypatch.setattr(stepcompile, '_spent', {})
    monkeypatch.setattr(stepcompile, '_offered', set())
    monkeypatch.setattr(contract, '_COMPILED', {})
    monkeypatch.setattr(contract, '_DRIVERS', {})
    err, vals, m, _ = _run(tmp_path, 'numba')
    state = m.mech_types['qlim'].kernels.state
    assert contract._COMPILED.get(getattr(state, 'py_func', state))     # ran compiled
    assert str(err) == 'hocobj_call error: hoc_execerror: count: past the limit'
    assert vals[1:] == (NEURON_V, NEURON_N)


@pytest.mark.parametrize('c, python_only', [
    ('hoc_execerror("a", "b");', False),
    ('hoc_execerror("a", NULL);', False),
    ('char s[10]; sprintf(s, "%d", 3); hoc_execerror("a", s);', True),
])
def test_only_literal_messages_are_compiled(tmp_path, c, python_only):
    from pyhoc.nmodl.codegen import generate
    from pyhoc.nmodl.model import read_mod
    text = QLIM.replace('hoc_execerror("count: past the limit", 0);', c)
    (tmp_path / 'q.mod').write_text(text)
    src = generate(read_mod(str(tmp_path / 'q.mod')))
    assert ('python_only = %r' % python_only) in src


QRND = '''NEURON { POINT_PROCESS qrnd NONSPECIFIC_CURRENT i RANGE g, amp, seed, x, e1, p1 }
PARAMETER { amp = 0.05 (nA) seed = 7 }
ASSIGNED { i (nA) v (mV) g x e1 p1 }
INITIAL { set_seed(seed) g = 0 x = scop_random() }
BREAKPOINT { SOLVE noise  i = -amp*g }
FUNCTION draw() { draw = scop_random() }
PROCEDURE noise() {
  g = 0.9*g + normrand(0, 1)
  e1 = exprand(2)
  p1 = poisrand(3)
}
'''
# NEURON 9.0.2 (nrnivmodl qrnd.mod; the cell below, run()): t, v(.5), q.g, q.x, q.e1, q.p1
# (%.17g), then q.draw(): the generator's next value after the run
NEURON_RND = (5.0000000000000373, -64.70375165555285, -0.6940011333979994,
              0.60558696291539515, 0.5532662971303115, 5.0)
NEURON_DRAW = 0.90141365069463231


def _rnd_run(tmp_path, which):
    from pyhoc.bridge import HocTop
    from pyhoc.hoc.interpreter import Interpreter
    from pyhoc.nmodl.load import load_into
    from pyhoc.nmodl import randoms
    (tmp_path / 'qrnd.mod').write_text(QRND)
    interp = Interpreter()
    h = HocTop(interp)
    load_into(interp.sim.model, [str(tmp_path / 'qrnd.mod')])
    h('load_file("stdrun.hoc")')
    h('create s\ns { L = 20  diam = 20  nseg = 1  insert hh }\nobjref q\ns q = new qrnd(.5)\n'
      'tstop = 5\nv_init = -65')
    m = interp.sim.model
    m.exact_exp = True
    randoms.reset()
    backend.set_backend(which)
    try:
        h.run()
        q = h.q
        return (h.t, h.s(.5).v, q.g, q.x, q.e1, q.p1), q.draw(), m
    finally:
        backend.set_backend(None)


def test_scopmath_random_numbers_run_compiled_with_neurons_sequence(tmp_path, monkeypatch):
    """normrand/exprand/poisrand/scop_random/set_seed in a mechanism's kernels draw from a
    copy of the process's generator in its globals (pyhoc.nmodl.runtime._Scop), so the model
    stays on the compiled loop; the values, and the generator's state after the run, are
    the NumPy path's and NEURON's."""
    vals_py, draw_py, _ = _rnd_run(tmp_path, 'numpy')
    _loop_only(monkeypatch)
    vals, draw, m = _rnd_run(tmp_path, 'numba')
    assert not m.mech_types['qrnd'].python_only and fused._plan(m).rng
    assert vals == vals_py == NEURON_RND
    assert draw == draw_py == NEURON_DRAW


def test_two_mechanisms_drawing_random_numbers_stay_off_the_compiled_loop(tmp_path):
    """Each would draw from its own copy of the one generator: the model steps in Python."""
    from pyhoc.bridge import HocTop
    from pyhoc.hoc.interpreter import Interpreter
    from pyhoc.nmodl.load import load_into
    (tmp_path / 'qrnd.mod').write_text(QRND)
    (tmp_path / 'qrnd2.mod').write_text(QRND.replace('qrnd', 'qrnd2'))
    interp = Interpreter()
    h = HocTop(interp)
    load_into(interp.sim.model, [str(tmp_path / 'qrnd.mod'), str(tmp_path / 'qrnd2.mod')])
    m = interp.sim.model
    h('create s\nobjref q, q2\ns q = new qrnd(.5)\nfinitialize(-65)')
    assert fused._eligible(m)
    h('s q2 = new qrnd2(.5)\nfinitialize(-65)')
    assert not fused._eligible(m)
