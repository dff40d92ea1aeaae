"""PythonObject: HOC's handle on Python objects.

``new PythonObject()`` is Python's ``__main__`` namespace (where ``nrnpython`` code runs);
its members are Python's names, calls call them, and whatever comes back that HOC has no type
for (a tuple, a module, an instance...) comes back wrapped as another PythonObject.  Numbers
and strings pass as themselves; ``o._[i]`` indexes the wrapped object (HOC's own subscripts
mean something else)."""
from __future__ import annotations

import functools
from typing import Any

from ...errors import HocError
from ...base.objects import HocObject


class _Namespace:
    """Attribute view of a dict (the interpreter's Python globals)."""

    def __init__(self, ns: dict):
        object.__setattr__(self, '_ns', ns)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._ns[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        self._ns[name] = value

    def __dir__(self):
        return list(self._ns)


def to_python(v: Any) -> Any:
    """A HOC value for Python: a PythonObject gives the object it wraps."""
    return v._pyobj if isinstance(v, PythonObject) else v


def to_hoc(v: Any) -> Any:
    """A Python value for HOC: numbers, strings, HOC objects and sections as they are, None as
    NULLobject, anything else wrapped in a PythonObject."""
    if v is None or isinstance(v, (bool, int, float, str, HocObject)):
        return v
    if type(v).__module__ == 'numpy' and getattr(v, 'ndim', 1) == 0:
        return float(v)
    if hasattr(v, 'hoc_name') or type(v).__name__ in ('Section', 'Segment'):
        return v                # pyhoc's sections and segments
    return PythonObject(_wrap=v)


def _calling(fn, name: str = ''):
    @functools.wraps(fn)
    def call(*args):
        try:
            r = fn(*[to_python(a) for a in args])
        except HocError:
            raise
        except Exception as e:  # the Python error as Python shows it, then NEURON's message
            import sys
            import traceback
            traceback.print_exception(type(e), e, e.__traceback__.tb_next, file=sys.stderr)
            raise HocError('PyObject method call failed: %s' % name) from None
        return to_hoc(r)
    call.hoc_returns_object = True      # None back from Python is NULLobject
    return call


class _Items:
    """``o._``: the wrapped object's items, ``o._[i]`` (integer indices)."""

    __slots__ = ('_obj',)

    def __init__(self, obj: Any):
        self._obj = obj

    def _key(self, i: Any) -> Any:
        return int(i) if isinstance(i, float) and i == int(i) else i

    def __getitem__(self, i: Any) -> Any:
        return to_hoc(self._obj[self._key(i)])

    def __setitem__(self, i: Any, value: Any) -> None:
        self._obj[self._key(i)] = to_python(value)

    def __len__(self) -> int:
        return len(self._obj)


class PythonObject(HocObject):
    """PythonObject(): Python's __main__ (nrnpython's globals); other instances wrap what
    Python gave back to HOC."""

    _python_keywords = False
    hoc_any_member = True       # ``po.name = x`` makes the attribute (Interpreter.member_target)

    def __init__(self, *args: Any, _wrap: Any = None):
        if _wrap is None:
            from ...base.context import current
            _wrap = _Namespace(current(self).python_namespace())
        object.__setattr__(self, '_pyobj', _wrap)

    @property
    def _(self) -> _Items:
        return _Items(self._pyobj)

    def __getattr__(self, name: str) -> Any:
        if name.startswith('_') and not name.startswith('__'):
            raise AttributeError(name)
        v = getattr(self._pyobj, name)
        return _calling(v, name) if callable(v) else to_hoc(v)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith('_'):
            object.__setattr__(self, name, value)
        else:
            setattr(self._pyobj, name, to_python(value))

    def __call__(self, *args: Any) -> Any:
        return to_hoc(self._pyobj(*[to_python(a) for a in args]))
