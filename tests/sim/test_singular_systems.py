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
