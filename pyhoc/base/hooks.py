"""What the layers above lend the layers beneath: factories the package's top registers.

The language and the shared objects must not import the Python bridge that sits above them,
yet a method called from Python with keywords (``sl.remove(sec=soma)``) needs the bridge's
keyword handling, and ``nrnpython()`` code runs with an ``h`` bound to its interpreter; the
simulator and the shared objects return the language's ``Vector`` (``NMODLRandom.get_ids()``)
and ``List`` (``NetCon.prelist()``) without importing them.  ``pyhoc/__init__.py`` registers
them with ``install``.
"""
from __future__ import annotations

from typing import Any, Callable

_python_call: Callable[..., Any] | None = None
_make_h: Callable[[Any], Any] | None = None
_new_vector: Callable[[list], Any] | None = None
_new_list: Callable[[list], Any] | None = None
_python_method: Callable[..., Any] | None = None
_python_type: Callable[[str], Any] | None = None


def install(python_call: Callable[..., Any], make_h: Callable[[Any], Any],
            new_vector: Callable[[list], Any], new_list: Callable[[list], Any],
            python_method: Callable[..., Any] | None = None,
            python_type: Callable[[str], Any] | None = None) -> None:
    """Register ``python_call(fn, args, kwargs, interp=None)``, ``make_h(interp)``,
    ``new_vector(values)``, ``new_list(objects)`` and ``python_method(method, obj, args,
    kwargs)`` and ``python_type(name)``."""
    global _python_call, _make_h, _new_vector, _new_list, _python_method, _python_type
    _python_call, _make_h, _new_vector, _new_list = python_call, make_h, new_vector, new_list
    _python_method, _python_type = python_method, python_type


def python_call(fn: Callable, args: tuple, kwargs: dict, interp: Any = None) -> Any:
    """Call ``fn(*args)`` with Python's keywords, as NEURON does (``sec=`` pushes a section)."""
    return _python_call(fn, args, kwargs, interp)


def python_method(method: Callable, obj: Any, args: tuple, kwargs: dict) -> Any:
    """``method(obj, *args, **kwargs)`` called from Python (no interpreter running), as
    NEURON's hocobj_call: in ``obj``'s interpreter, a HOC error reported before it is raised.
    Without the bridge (none registered), a plain call."""
    if _python_method is None:
        return method(obj, *args, **kwargs)
    return _python_method(method, obj, args, kwargs)


def python_type(name: str) -> Any:
    """The Python type NEURON's ``hoc`` module has by ``name`` (``HocObject``, ``Vector``),
    or None."""
    return None if _python_type is None else _python_type(name)


def make_h(interp: Any) -> Any:
    """The ``h`` object (``pyhoc.bridge.HocTop``) of ``interp``."""
    return _make_h(interp)


def new_vector(values: list) -> Any:
    """A new HOC ``Vector`` holding ``values`` (in the interpreter running now)."""
    return _new_vector(values)


def new_list(objects: list) -> Any:
    """A new HOC ``List`` holding ``objects`` (``NetCon.prelist()``)."""
    return _new_list(objects)
