"""pyhoc: a HOC interpreter with an embedded neuron simulator.

``from pyhoc import h`` gives the default interpreter's namespace (``n`` is an alias, as in
NEURON 9).  Independent interpreters: ``pyhoc.Interpreter()`` and ``pyhoc.bridge.HocTop``.
"""
from __future__ import annotations

from .errors import HocError

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
        return HocTop(_default_interpreter())
    if name == 'Interpreter':
        from .hoc.interpreter import Interpreter
        return Interpreter
    if name == 'units':
        import importlib
        return importlib.import_module('pyhoc.units')
    raise AttributeError('module pyhoc has no attribute %r' % name)
