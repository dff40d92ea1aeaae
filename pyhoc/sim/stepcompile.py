"""Compiled kernels for the step-by-step path, once a kernel has run long enough in Python.

A model the compiled loop cannot take whole (extracellular, ``advance()`` overridden in HOC,
a statement-play...) runs step by step from Python, and each mechanism's ``cur`` and
``state`` kernel there is a Python loop over its instances (tens of µs per instance).  Once
numba is loaded (the work was worth it: :mod:`.backend`), a kernel that has spent
:data:`COMPILE_WORK` instance-runs in Python takes the compiled copy from its kernel
module (:func:`.contract.kernel_module`, the same module and disk cache the compiled loop uses;
the copy compiles, or loads from numba's cache, at its first call).  The threshold is about the
cost of compiling one kernel cold, so a short run never waits for a compilation and a long one
spends at most about twice the best choice made in hindsight.  Same numbers: the compiled
kernels are the NumPy path's bit for bit (no fastmath, libm exp).
A ``python_only`` mechanism's kernels (its code calls Python: random numbers,
hoc_execerror) stay Python: numba cannot type its state kernel, and its cur kernel's compiled
copy would cost more in numba's dispatch (typing a typed List of pointer sources, at every
call) than its Python loop.  A kernel whose compiled copy failed otherwise (contract.run_python
drops the copy and runs Python) is not offered again: each try costs numba a typing pass of
milliseconds, and it came back at every step.
"""
from __future__ import annotations

import os

from . import contract     # (circular: contract imports this module; used at call time)

COMPILE_WORK = int(os.environ.get('PYHOC_COMPILE_WORK', '') or 20_000)
_spent: dict = {}       # a kernel's Python function -> instance-runs spent in Python
_offered: set = set()   # the kernels whose compiled copy has been offered
_NEVER = -10 ** 18      # (_spent of a kernel that runs in Python from now on)


def compiled_after_use(mt, fn, n: int):
    """``fn``'s compiled copy once it has run ``COMPILE_WORK`` instance-runs in Python (the
    model's driver module made now if needed), else None (the caller runs it in Python)."""
    key = getattr(fn, 'py_func', fn)
    spent = _spent.get(key, 0) + n
    _spent[key] = spent
    if spent < COMPILE_WORK:
        return None
    if mt.python_only:          # (and its pointer sources are a plain list: pointers.kernel_part)
        _spent[key] = _NEVER
        return None
    for c, _mod in contract._COMPILED.get(key, ()):
        _offered.add(key)
        return c
    if key in _offered:         # offered, then dropped: numba could not compile it
        _spent[key] = _NEVER
        return None
    contract.kernel_module(mt)
    for c, _mod in contract._COMPILED.get(key, ()):
        _offered.add(key)
        return c
    _spent[key] = _NEVER          # (not in the driver: Python from now on)
    return None
