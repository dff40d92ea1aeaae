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
