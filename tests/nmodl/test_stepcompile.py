"""The step-by-step path (a model the compiled loop does not take whole) runs a translated
mechanism's kernels compiled once they have run long enough in Python (pyhoc.sim.stepcompile),
with the NumPy path's numbers bit for bit."""
from __future__ import annotations

import numpy as np

from pyhoc.sim import backend, contract, fused, stepcompile


def _run(hhmod_cell, which: str, mech: str = 'hhmod'):
    m, s, _stim = hhmod_cell(mech)
    m.exact_exp = True          # (libm exp on the NumPy path too)
    backend.set_backend(which)
    try:
        m.finitialize(-65.)
        out = [s(.5).v]
        for _ in range(300):
            m.fadvance()            # one step at a time, as advance() overridden in HOC does
            out.append(s(.5).v)
    finally:
        backend.set_backend(None)
    return m, np.array(out)


def test_step_by_step_kernels_compiled_after_use_give_the_numpy_paths_numbers(hhmod_cell,
                                                                               monkeypatch):
    monkeypatch.setattr(fused, 'ENABLED', False)
    _, numpy_path = _run(hhmod_cell, 'numpy')
    monkeypatch.setattr(stepcompile, 'COMPILE_WORK', 100)     # (3 instances: from step 34)
    monkeypatch.setattr(stepcompile, '_spent', {})
    monkeypatch.setattr(contract, '_COMPILED', {})    # (no copy from an earlier test's driver)
    monkeypatch.setattr(contract, '_DRIVERS', {})
    m, compiled = _run(hhmod_cell, 'numba')
    cur = m.mech_types['hhmod'].kernels.cur
    key = getattr(cur, 'py_func', cur)
    assert stepcompile._spent[key] >= 100 and contract._COMPILED.get(key)   # compiled copy
    assert numpy_path.max() > 30.      # it fired
    assert np.array_equal(numpy_path, compiled)
    _, builtin = _run(hhmod_cell, 'numpy', 'hh')
    assert np.array_equal(builtin, numpy_path)


QERR = '''NEURON { SUFFIX qerr NONSPECIFIC_CURRENT i RANGE g, e, n }
PARAMETER { g = 0.001 (S/cm2) e = -70 (mV) }
ASSIGNED { i (mA/cm2) v (mV) n }
INITIAL { n = 0 }
BREAKPOINT { SOLVE count  i = g*(v - e) }
PROCEDURE count() {
  n = n + 1
  if (n < 0) {
VERBATIM
    printf("count: negative\n");
ENDVERBATIM
  }
}
'''


class _CountingDict(dict):
    pops = 0

    def pop(self, *a):
        type(self).pops += 1
        return super().pop(*a)


def _qerr_run(tmp_path, which, patch=None):
    """200 steps of a 3-segment hh section with qerr, one at a time: (model, section, v)."""
    from pyhoc.nmodl.load import load_into
    from pyhoc.sim.model import Model
    m = Model()
    load_into(m, [str(tmp_path / 'qerr.mod')])
    if patch:
        patch(m)
    s = m.new_section('s')
    s.L = s.diam = 20.
    s.nseg = 3
    s.insert('hh')
    s.insert('qerr')
    st = m.new_point_process('IClamp', s(.5))
    st.amp, st.delay, st.dur = .3, 1., 100.
    m.dt = .025
    m.exact_exp = True
    backend.set_backend(which)
    try:
        m.finitialize(-65.)
        out = [s(.5).v]
        for _ in range(200):
            m.fadvance()
            out.append(s(.5).v)
    finally:
        backend.set_backend(None)
    return m, s, np.array(out)


def _fresh_compiles(monkeypatch):
    monkeypatch.setattr(stepcompile, 'COMPILE_WORK', 30)      # (3 instances: from step 10)
    monkeypatch.setattr(stepcompile, '_spent', {})
    monkeypatch.setattr(stepcompile, '_offered', set())
    monkeypatch.setattr(contract, '_COMPILED', _CountingDict())
    monkeypatch.setattr(contract, '_DRIVERS', {})
    _CountingDict.pops = 0


def test_a_python_only_mechanism_runs_in_python_only(tmp_path, monkeypatch):
    """printf in a VERBATIM makes qerr python_only (numba cannot type its call into
    pyhoc.nmodl.randoms): on the step-by-step path its kernels are never offered compiled
    (9889's synapses tried the state kernel's copy at every step, ~6 ms each), hh's are;
    the numbers are the NumPy path's."""
    (tmp_path / 'qerr.mod').write_text(QERR)
    monkeypatch.setattr(fused, 'ENABLED', False)
    _, _, numpy_path = _qerr_run(tmp_path, 'numpy')
    _fresh_compiles(monkeypatch)
    m, s, compiled = _qerr_run(tmp_path, 'numba')
    mt = m.mech_types['qerr']
    assert mt.python_only
    for k in (mt.kernels.state, mt.kernels.cur):
        assert stepcompile._spent[getattr(k, 'py_func', k)] < 0     # Python from step 10 on
    assert _CountingDict.pops == 0                                  # never tried
    hh_cur = m.mech_types['hh'].kernels.cur
    assert contract._COMPILED.get(getattr(hh_cur, 'py_func', hh_cur))     # compiled
    assert s(.5).qerr.n == 200.                # the state kernel ran at each step
    assert numpy_path.max() > 30.
    assert np.array_equal(numpy_path, compiled)


def test_a_kernel_numba_cannot_compile_is_tried_once_then_runs_in_python(tmp_path, monkeypatch):
    """A kernel whose compiled copy fails (here qerr's state kernel with python_only unset)
    is tried once, its copy dropped by contract.run_python, then runs in Python; the cur
    kernel, which does not reach the call, runs compiled; the NumPy path's numbers."""
    (tmp_path / 'qerr.mod').write_text(QERR)
    monkeypatch.setattr(fused, 'ENABLED', False)
    _, _, numpy_path = _qerr_run(tmp_path, 'numpy')
    _fresh_compiles(monkeypatch)

    def unflag(m):
        monkeypatch.setattr(type(m.mech_types['qerr']), 'python_only', False)
    m, s, compiled = _qerr_run(tmp_path, 'numba', unflag)
    mt = m.mech_types['qerr']
    state, cur = (getattr(k, 'py_func', k) for k in (mt.kernels.state, mt.kernels.cur))
    assert stepcompile._spent[state] < 0       # Python from its failure on
    assert _CountingDict.pops == 1             # tried once, not every step
    assert stepcompile._spent[cur] >= 30 and contract._COMPILED.get(cur)   # compiled
    assert s(.5).qerr.n == 200.
    assert np.array_equal(numpy_path, compiled)


QPTR = '''NEURON { SUFFIX qptr NONSPECIFIC_CURRENT i POINTER p RANGE g, x }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { i (mA/cm2) v (mV) p x }
INITIAL { x = p }
BREAKPOINT { SOLVE rel  i = g*(v - x) }
PROCEDURE rel() {
  x = p
  if (x < -1e9) {
VERBATIM
    printf("rel: impossible\n");
ENDVERBATIM
  }
}
'''


def test_a_python_only_mechanisms_pointer_sources_are_a_plain_list(tmp_path):
    """Its kernels run in Python only, where a numba typed List of pointer sources cost tens
    of microseconds per indexing, at every instance and step (9889's synapses): with numba
    loaded they get a plain list; the numbers are the NumPy path's."""
    from pyhoc.bridge import HocTop
    from pyhoc.hoc.interpreter import Interpreter
    from pyhoc.nmodl.load import load_into
    (tmp_path / 'qptr.mod').write_text(QPTR)

    def run(which):
        interp = Interpreter()
        h = HocTop(interp)
        load_into(interp.sim.model, [str(tmp_path / 'qptr.mod')])
        h('create a, b\na { L = diam = 20  insert hh  insert qptr }\nb { L = diam = 20 }\n'
          'setpointer a.p_qptr(0.5), b.v(0.5)\nobjref st\nb st = new IClamp(0.5)\n'
          'st.amp = 0.5\nst.del = 0.5\nst.dur = 100\ndt = 0.025')
        m = interp.sim.model
        m.exact_exp = True
        backend.set_backend(which)
        try:
            h('finitialize(-65)')
            out = []
            for _ in range(200):
                h('fadvance()')
                out.append((h.a(.5).v, h.b(.5).v, h.a(.5).x_qptr))
            mt = m.mech_types['qptr']
            sources = contract.kernel_args(mt, m.blocks['qptr'])[4][-1]
        finally:
            backend.set_backend(None)
        return np.array(out), sources, mt

    numpy_path, _, _ = run('numpy')
    compiled, sources, mt = run('numba')
    assert mt.python_only and type(sources) is list and len(sources) == 1
    assert np.array_equal(numpy_path, compiled)
    assert numpy_path[-1, 1] > 0.              # b depolarised (no channels, 0.5 nA)
    assert numpy_path[-1, 2] == numpy_path[-1, 1]    # x: b's v (SOLVE runs after the v update)
