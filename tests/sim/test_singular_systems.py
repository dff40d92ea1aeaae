"""An exactly singular system (extracellular with xraxial = 0): under IDA NEURON's 'variable
step integrator error', a HOC error, not SciPy's RuntimeError; on the fixed step NaNs; neither
with a NumPy or SciPy warning."""
from __future__ import annotations

import warnings

import pytest

from pyhoc.errors import HocError
from pyhoc.hoc.interpreter import Interpreter


def test_singular_start_is_a_hoc_error():
    interp = Interpreter()
    interp.run_text('create soma\nsoma { insert extracellular xraxial[0] = 0 }\n'
                    'objref cv\ncv = new CVode()\ncv.active(1)\n')
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        with pytest.raises(HocError, match='^variable step integrator error'):
            interp.run_text('finitialize(-65)\nfadvance()\n')


def test_singular_fixed_step_solve_gives_nan_without_a_warning():
    """On the fixed step the same system gives NaN, as NEURON's v = -nan (pyhoc's own check
    then reports the run unstable), without SciPy's MatrixRankWarning."""
    interp = Interpreter()
    interp.run_text('create soma\nsoma { insert extracellular xraxial[0] = 0 }\n')
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        with pytest.raises(HocError, match='unstable: v = nan'):
            interp.run_text('finitialize(-65)\nfadvance()\n')


# NEURON 9.0.2 (nrniv) on _ZERO_AREA: CVODES' words on stderr, Cvode::advance_tn's and
# cvode_fadvance's lines on stdout (its pointer elided), then the HOC error
_ZERO_AREA = ('create home, soma\nhome L = 0\nsoma { L = 20 diam = 20 insert hh }\n'
              'objref cv\ncv = new CVode()\ncv.active(1)\nfinitialize(-65)\n')
_NEURON_STDERR = ('CVode-- At t = 0 and h = 8.89677e-07, the corrector\n'
                  'convergence failed repeatedly or with |h| = hmin.\n\n')
_NEURON_STDOUT = 'CVode 0x home advance_tn failed, err=-7.\nerr=-7\n'


@pytest.mark.parametrize('compiled', [False, True])
def test_a_zero_area_section_under_cvode_fails_as_neurons(compiled, capfd, monkeypatch):
    """A section of zero length (ModelDB 112834's acell_home_, L = 0) has a zero pivot: the
    solve gives C's inf/nan, the corrector fails to converge at NEURON's t and h (CVODES'
    CV_CONV_FAILURE, -7), reported in NEURON's words, on the NumPy and the compiled steps."""
    import re
    from pyhoc.sim import backend, cvode_fast
    failed = []         # (the compiled steps' failure codes)
    monkeypatch.setattr(cvode_fast, 'failure',
                        lambda code, fs, f=cvode_fast.failure: failed.append(code) or f(code, fs))
    backend.set_backend('numba' if compiled else 'numpy')
    try:
        interp = Interpreter()
        interp.run_text(_ZERO_AREA)
        capfd.readouterr()
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            with pytest.raises(HocError, match='^variable step integrator error$'):
                interp.run_text('while (t < 1) { fadvance() }\n')
    finally:
        backend.set_backend(None)
    assert failed == ([cvode_fast.cn.CVE_CONV] if compiled else [])
    out, err = capfd.readouterr()
    assert re.sub(r'0x[0-9a-f]+', '0x', out) == _NEURON_STDOUT
    assert err == _NEURON_STDERR
    assert interp.model.t == 0.
