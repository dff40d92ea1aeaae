"""What the Python front door (``pyhoc.bridge``) lends the layers beneath it.

The language and the shared objects must not import the bridge that sits above them, yet a
method called from Python with keywords (``sl.remove(sec=soma)``) needs the bridge's keyword
handling, and ``nrnpython()`` code runs with an ``h`` bound to its interpreter.  The package's
top (``pyhoc/__init__.py``) registers both here with ``install``.
"""
from __future__ import annotations

from typing import Any, Callable

_python_call: Callable[..., Any] | None = None
_make_h: Callable[[Any], Any] | None = None


def install(python_call: Callable[..., Any], make_h: Callable[[Any], Any]) -> None:
    """Register ``python_call(fn, args, kwargs, interp=None)`` and ``make_h(interp)``."""
    global _python_call, _make_h
    _python_call, _make_h = python_call, make_h


def python_call(fn: Callable, args: tuple, kwargs: dict, interp: Any = None) -> Any:
    """Call ``fn(*args)`` with Python's keywords, as NEURON does (``sec=`` pushes a section)."""
    return _python_call(fn, args, kwargs, interp)


def make_h(interp: Any) -> Any:
    """The ``h`` object (``pyhoc.bridge.HocTop``) of ``interp``."""
    return _make_h(interp)
