"""The step-by-step path (a model the compiled loop does not take whole) runs a translated
mechanism's kernels compiled once they have run long enough in Python (pyhoc.sim.stepcompile),
with the NumPy path's numbers bit for bit."""
from __future__ import annotations

import os

import numpy as np

from pyhoc.nmodl.load import load_into
from pyhoc.sim import backend, contract, fused, stepcompile
from pyhoc.sim.model import Model

HERE = os.path.dirname(os.path.abspath(__file__))
HH_MOD = os.path.join(HERE, '..', '..', 'pyhoc', 'nmodl', 'builtin_mod', 'hh.mod')


def _run(tmp_path, which: str, mech: str = 'hhmod'):
    with open(HH_MOD) as f:
        (tmp_path / 'hhmod.mod').write_text(f.read().replace('SUFFIX hh', 'SUFFIX hhmod'))
    m = Model()
    load_into(m, [str(tmp_path / 'hhmod.mod')])
    s = m.new_section('s')
    s.L = s.diam = 20.
    s.nseg = 3
    s.insert(mech)
    st = m.new_point_process('IClamp', s(.5))
    st.amp, st.delay, st.dur = .3, 1., 100.
    m.dt = .025
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


def test_step_by_step_kernels_compiled_after_use_give_the_numpy_paths_numbers(tmp_path,
                                                                               monkeypatch):
    monkeypatch.setattr(fused, 'ENABLED', False)
    _, numpy_path = _run(tmp_path, 'numpy')
    monkeypatch.setattr(stepcompile, 'COMPILE_WORK', 100)     # (3 instances: from step 34)
    monkeypatch.setattr(stepcompile, '_spent', {})
    m, compiled = _run(tmp_path, 'numba')
    cur = m.mech_types['hhmod'].kernels.cur
    key = getattr(cur, 'py_func', cur)
    assert stepcompile._spent[key] >= 100 and contract._COMPILED.get(key)   # compiled copy
    assert numpy_path.max() > 30.      # it fired
    assert np.array_equal(numpy_path, compiled)
    _, builtin = _run(tmp_path, 'numpy', 'hh')
    assert np.array_equal(builtin, numpy_path)
