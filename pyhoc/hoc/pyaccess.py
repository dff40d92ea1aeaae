"""HOC variables as Python code reads and writes them, with NEURON 9's Python errors.

``h.a`` and a template instance's ``t.a`` are views of the HOC array (``a[?]``, indexed
per dimension, IndexError named by the array); ``h.x = v`` and ``t.x = v`` check the value
against the variable's kind as NEURON's Python does (TypeError's) before the HOC assignment.
"""
from __future__ import annotations

import numbers
import operator
from typing import Any

from ..base.objects import HocObject, python_name
from ..base.refs import BoxRef
from .symbols import Array, Kind


def python_type(value: Any) -> str:
    """A value's type as NEURON's messages name it: ``hoc.Vector`` for a HOC object."""
    if isinstance(value, HocObject):
        return python_name(value)
    return type(value).__name__


def _arg_type(value: Any) -> str:
    """The type as Python's argument parsing names it (``None`` for None)."""
    return 'None' if value is None else python_type(value)


def checked_value(kind: Any, value: Any, wrap: bool) -> Any:
    """``value`` as a ``kind`` variable takes it from Python, or NEURON's TypeError; ``wrap``:
    an objref takes any Python value, wrapped (h.o = 1; a template's objref refuses it)."""
    if kind is Kind.NUM or kind is Kind.ARRAY:
        if isinstance(value, str) or not isinstance(value, numbers.Real):
            raise TypeError('must be real number, not %s' % python_type(value))
        return float(value)
    if kind is Kind.STR:
        if not isinstance(value, str):
            raise TypeError('argument must be str, not %s' % _arg_type(value))
        return value
    if kind is Kind.OBJ:
        if wrap:
            if isinstance(value, (bool, numbers.Number, str)):
                from .builtins.pyobject import PythonObject
                return PythonObject(_wrap=value)     # (NEURON: a Python object there)
            return value
        if not isinstance(value, (HocObject, BoxRef)):
            raise TypeError('argument must be hoc.HocObject, not %s' % _arg_type(value))
        return value
    raise TypeError('not assignable')


def python_assign(interp: Any, fr: Any, sym: Any, value: Any, wrap: bool) -> None:
    """``owner.name = value`` from Python for HOC variable ``sym`` in frame ``fr`` (a
    template's member: ``wrap`` False; h's top level: True)."""
    kind = sym.kind
    if kind is Kind.SEC:
        raise TypeError('not assignable')
    if kind is Kind.ARRAY or (kind is Kind.OBJ and isinstance(sym.value, Array)):
        if wrap:
            raise TypeError('Wrong number of subscripts')
        raise TypeError("'%s' requires subscript for assignment" % sym.name)
    interp.assign_sym(fr, sym, [], _float_int(checked_value(kind, value, wrap)), None)


def _float_int(value: Any) -> Any:
    return 1.0 if value is True else 0.0 if value is False else value


class ArrayView:
    """A HOC array seen from Python (``h.a``, ``t.a``): ``[i]`` per dimension, a view of the
    rest until the last; out of range (or not an integer) is IndexError naming the array."""

    __slots__ = ('_interp', '_sym', '_fr', '_label', '_prefix', '_wrap')

    def __init__(self, interp: Any, sym: Any, fr: Any, label: str, wrap: bool = True,
                 prefix: tuple = ()):
        self._interp = interp
        self._sym = sym
        self._fr = fr
        self._label = label
        self._wrap = wrap
        self._prefix = prefix

    def _dims(self) -> list:
        return self._sym.value.dims

    def __len__(self) -> int:
        return self._dims()[len(self._prefix)]

    def _index(self, i: Any) -> tuple:
        try:
            k = operator.index(i)
        except TypeError:
            raise IndexError(self._label) from None
        if not 0 <= k < len(self):
            raise IndexError(self._label)
        return self._prefix + (k,)

    def __getitem__(self, i: Any) -> Any:
        idx = self._index(i)
        dims = self._dims()
        if len(idx) < len(dims):
            return ArrayView(self._interp, self._sym, self._fr, self._label, self._wrap, idx)
        v = self._sym.value.data[_flat(dims, idx)]
        if getattr(v, 'hoc_any_member', False) and isinstance(v._pyobj, (int, float, str)):
            return v._pyobj         # (``h.oa[0] = 1``: the Python value it was given)
        return v

    def __setitem__(self, i: Any, value: Any) -> None:
        idx = self._index(i)
        dims = self._dims()
        if len(idx) != len(dims):
            raise TypeError('Wrong number of subscripts, hoc var %s has %d but compiled with %d'
                            % (self._sym.name, len(dims), len(idx)))
        sym = self._sym
        kind = Kind.ARRAY if sym.kind is Kind.ARRAY else sym.kind
        if kind is Kind.SEC:
            raise TypeError('not assignable')
        value = _float_int(checked_value(kind, value, self._wrap))
        self._interp.assign_sym(self._fr, sym, [float(k) for k in idx], value, None)

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __repr__(self) -> str:
        return '%s%s[?]' % (self._label, ''.join('[%d]' % k for k in self._prefix))


def _flat(dims: list, idx: tuple) -> int:
    flat = 0
    for d, k in zip(dims, idx):
        flat = flat * d + k
    return flat
