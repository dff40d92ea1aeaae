"""The choice of compute backend for the simulator's hot loops (chosen once, lazily).

``numba`` (compiled kernels in :mod:`pyhoc.sim.kernels_numba`) when numba can be imported and
the environment variable ``PYHOC_BACKEND`` is not ``numpy``; otherwise the NumPy / pure-Python
path.  When numba was wanted but cannot be imported, a one-line notice goes to stderr.

numba is imported on the first call of :func:`kernels` (the first time a simulation needs a
kernel), never at ``import pyhoc``: programs without a simulation do not pay its start-up.
Both backends give bit-identical results (libm ``exp``, no fastmath, NEURON's elimination
order; see shared/design/exact-fixed-step.md).
"""
from __future__ import annotations

import os
import sys

_UNSET = object()
_kernels = _UNSET          # the kernels module, or None for the NumPy path
_name: str | None = None


def _choose():
    global _kernels, _name
    want = os.environ.get('PYHOC_BACKEND', '').strip().lower()
    if want == 'numpy':
        _kernels, _name = None, 'numpy'
        return
    try:
        from . import kernels_numba
    except Exception as e:   # ImportError, or a broken numba/llvmlite install
        print('pyhoc: numba unavailable (%s: %s); using the NumPy backend'
              % (type(e).__name__, e), file=sys.stderr)
        _kernels, _name = None, 'numpy'
        return
    _kernels, _name = kernels_numba, 'numba'


def kernels():
    """The compiled kernels module, or None when the NumPy path is in use."""
    k = _kernels
    if k is _UNSET:
        _choose()
        k = _kernels
    return k


def name() -> str:
    """``'numba'`` or ``'numpy'`` (chooses the backend if not chosen yet)."""
    kernels()
    return _name


def set_backend(which: str | None) -> str:
    """Switch the backend in-process (tests, benchmarks): ``'numba'``, ``'numpy'``, or None
    to choose again from the environment.  Returns the backend now in use."""
    global _kernels, _name
    if which is None:
        _kernels, _name = _UNSET, None
    elif which == 'numpy':
        _kernels, _name = None, 'numpy'
    elif which == 'numba':
        from . import kernels_numba
        _kernels, _name = kernels_numba, 'numba'
    else:
        raise ValueError('unknown backend %r (numba or numpy)' % (which,))
    return name()
