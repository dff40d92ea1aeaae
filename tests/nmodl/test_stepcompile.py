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
    hoc_execerror("count: negative", 0);
ENDVERBATIM
  }
}
'''


class _CountingDict(dict):
    pops = 0

    def pop(self, *a):
        type(self).pops += 1
        return super().pop(*a)


def test_a_kernel_numba_cannot_compile_is_tried_once_then_runs_in_python(tmp_path, monkeypatch):
    """hoc_execerror in a VERBATIM makes the state kernel Python-only (numba cannot type its
    call into pyhoc.nmodl.randoms); the step-by-step path tried its compiled copy at every
    step once past COMPILE_WORK (a typing pass of milliseconds each: 9889's synapses); now
    once.  The cur kernel, which does not reach the call, still runs compiled; the numbers
    are the NumPy path's."""
    from pyhoc.nmodl.load import load_into
    from pyhoc.sim.model import Model
    (tmp_path / 'qerr.mod').write_text(QERR)
    monkeypatch.setattr(fused, 'ENABLED', False)

    def run(which):
        m = Model()
        load_into(m, [str(tmp_path / 'qerr.mod')])
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

    _, _, numpy_path = run('numpy')
    monkeypatch.setattr(stepcompile, 'COMPILE_WORK', 30)      # (3 instances: from step 10)
    monkeypatch.setattr(stepcompile, '_spent', {})
    monkeypatch.setattr(stepcompile, '_offered', set())
    monkeypatch.setattr(contract, '_COMPILED', _CountingDict())
    monkeypatch.setattr(contract, '_DRIVERS', {})
    m, s, compiled = run('numba')
    mt = m.mech_types['qerr']
    assert mt.python_only
    state, cur = (getattr(k, 'py_func', k) for k in (mt.kernels.state, mt.kernels.cur))
    assert stepcompile._spent[state] < 0       # Python from its failure on
    assert _CountingDict.pops == 1                             # tried once, not every step
    assert stepcompile._spent[cur] >= 30 and contract._COMPILED.get(cur)   # compiled
    assert s(.5).qerr.n == 200.                # the state kernel ran at each step
    assert numpy_path.max() > 30.
    assert np.array_equal(numpy_path, compiled)
