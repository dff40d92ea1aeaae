"""numba's start without SciPy: its array-math module probes for BLAS by importing
``scipy.linalg.cython_blas`` (with SciPy's whole linalg package, ~0.2 s of CPU) the first
time numba builds its CPU target, in every process that compiles or loads a numba function.
pyhoc's compiled code calls no BLAS, so that one probe is answered "no BLAS" (numba then uses
its own inner product in the few array functions that ask); numba's linear-algebra functions
still import SciPy when code that uses them is compiled."""
from __future__ import annotations

import importlib.machinery
import sys

_PROBED = 'numba.np.arraymath'      # the module whose import runs the probe
_BLAS = 'scipy.linalg.cython_blas'


class _Loader:
    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        block = _BLAS not in sys.modules
        if block:
            sys.modules[_BLAS] = None       # the probe's import raises ImportError
        try:
            self.loader.exec_module(module)
        finally:
            if block and sys.modules.get(_BLAS, 0) is None:
                del sys.modules[_BLAS]


class _Finder:
    """Wraps the loader of numba's array-math module once, then leaves sys.meta_path."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != _PROBED:
            return None
        uninstall()
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None and _BLAS not in sys.modules:
            spec.loader = _Loader(spec.loader)
        return spec


def install() -> None:
    """Answer numba's BLAS probe without SciPy, if numba has not made it yet."""
    if _PROBED not in sys.modules and _Finder not in sys.meta_path:
        sys.meta_path.insert(0, _Finder)


def uninstall() -> None:
    if _Finder in sys.meta_path:
        sys.meta_path.remove(_Finder)
