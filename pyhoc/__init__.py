"""pyhoc: a HOC interpreter with an embedded neuron simulator.

``from pyhoc import h`` gives the default interpreter's namespace (``n`` is an alias, as in
NEURON 9).  Independent interpreters: ``pyhoc.Interpreter()`` and ``pyhoc.bridge.HocTop``.
"""
from __future__ import annotations

import os as _os
import sys as _sys

from . import bytecache as _bytecache
_bytecache.install()        # (first: what follows imports through it)

# NumPy's OpenBLAS starts a thread per core that, idle, spins 2**28 cycles (about 0.1 s of a
# core) before it sleeps: a short run pays that on a second core, or on its own where the
# cores are busy.  2**20 cycles (~0.3 ms) still keeps the threads warm between the calls of
# a script's back-to-back linear algebra.  Only before NumPy is loaded; a value the user set
# is kept.
OPENBLAS_THREAD_TIMEOUT = '20'
if 'numpy' not in _sys.modules:
    _os.environ.setdefault('OPENBLAS_THREAD_TIMEOUT', OPENBLAS_THREAD_TIMEOUT)

from .base import context as _context, hooks as _hooks
from .errors import HocError
from .hoc import library as _library

__version__ = '0.1.0'
__all__ = ['h', 'n', 'HocError', '__version__']

_default = None


def _default_interpreter():
    """The process's default interpreter, created on first use."""
    global _default
    if _default is None:
        from .hoc.interpreter import Interpreter
        _default = Interpreter()
    return _default


# The composition root: the layers beneath get what they may not import (see pyhoc.base).
def _python_call(fn, args, kwargs, interp=None):
    from .bridge import python_call
    return python_call(fn, args, kwargs, interp)


def _python_method(method, obj, args, kwargs):
    from .bridge import python_method
    return python_method(method, obj, args, kwargs)


def _python_type(name):
    from .bridge import python_type
    return python_type(name)


def _make_h(interp):
    from .bridge import HocTop
    return HocTop(interp)


def _new_vector(values):
    from .hoc.builtins.vector import Vector
    return Vector(values)


def _new_list(objects):
    from .hoc.builtins.list import List
    lst = List()
    for o in objects:
        lst.append(o)
    return lst


def _load_libraries():
    from . import sessions, stdlib     # noqa: F401  (each registers into pyhoc.hoc.library)


_context.set_default_host(_default_interpreter)
_hooks.install(_python_call, _make_h, _new_vector, _new_list, _python_method, _python_type)
_library.set_loader(_load_libraries)


def install_neuron_alias() -> None:
    """Let ``import neuron`` / ``from neuron import h, gui`` mean pyhoc (in scripts run by
    ``pyhoc script.py`` and in notebooks after ``%load_ext pyhoc``); an already imported
    NEURON is left alone."""
    import sys
    from . import units
    sys.modules.setdefault('neuron', sys.modules[__name__])
    sys.modules.setdefault('neuron.units', units)
    from . import hoc      # (NEURON's modules of its Python types: import hoc, nrn)
    sys.modules.setdefault('hoc', hoc)
    if 'nrn' not in sys.modules and not any(isinstance(f, _NrnAlias) for f in sys.meta_path):
        sys.meta_path.append(_NrnAlias())     # (pyhoc.nrn imports the simulator: on demand)


class _NrnAlias:
    """Finds ``import nrn`` (after every other finder): pyhoc.nrn, imported then."""

    def find_spec(self, name, path=None, target=None):
        if name != 'nrn':
            return None
        import importlib.machinery
        return importlib.machinery.ModuleSpec('nrn', self)

    def create_module(self, spec):
        import importlib
        return importlib.import_module('pyhoc.nrn')

    def exec_module(self, module):
        pass


def load_mechanisms(path: str, warn_if_already_loaded: bool = True) -> bool:
    """neuron.load_mechanisms: the mechanisms of the .mod files in ``path`` (or of the
    NEURON library built from them), translated by pyhoc.nmodl, into the default model."""
    from .nmodl.load import load_path
    load_path(_default_interpreter().sim.model, path)
    return True


def load_ipython_extension(ipython):
    """``%load_ext pyhoc``: the ``%%hoc`` cell magic (pyhoc.jupyter; IPython imported there)."""
    from .jupyter import load_ipython_extension as load
    load(ipython)


def unload_ipython_extension(ipython):
    from .jupyter import unload_ipython_extension as unload
    unload(ipython)


def __getattr__(name):
    if name in ('h', 'n'):
        from .bridge import HocTop
        from .nmodl import autoload_here      # as NEURON's module loads ./x86_64 on import
        interp = _default_interpreter()
        autoload_here(interp, True)
        return HocTop(interp)
    if name == 'Interpreter':
        from .hoc.interpreter import Interpreter
        return Interpreter
    if name in ('units', 'gui', 'nrn'):
        import importlib
        return importlib.import_module('pyhoc.' + name)
    raise AttributeError('module pyhoc has no attribute %r' % name)
