"""References: what HOC passes for ``&x`` pointers and strdef arguments, and ``h.ref()``.

A Ref reads and writes one number (or string) somewhere: a global scalar, an array element,
a template field, a local, or a simulator variable.  ``ref[i]`` reaches the i-th element after
the referenced one where the target is an array (``$&2[1]``), as HOC pointer arithmetic does.
"""
from __future__ import annotations

import numbers
import operator
from typing import Any, Callable


class Ref:
    """Abstract pointer to one value; subclasses implement get/set (and at() for arrays)."""

    __slots__ = ()

    def get(self) -> Any:
        raise NotImplementedError

    def set(self, value: Any) -> None:
        raise NotImplementedError

    def at(self, offset: int) -> 'Ref':
        """The element ``offset`` places after this one (HOC pointer arithmetic)."""
        if offset == 0:
            return self
        from ..errors import HocError
        raise HocError('pointer offset %d out of range' % offset)

    def buffer(self) -> Any:
        """(float64 array, index) where the value lives, moving it there if it must (what a
        mechanism's POINTER and the compiled kernels reach), or None where it has no such
        place."""
        return None

    # NEURON's Python ``h.ref`` protocol: r[0] reads and writes the value
    def __getitem__(self, i: int) -> Any:
        return self.at(int(i)).get()

    def __setitem__(self, i: int, value: Any) -> None:
        self.at(int(i)).set(value)

    def __repr__(self) -> str:
        return '<%s %r>' % (type(self).__name__, self.get())


class BoxRef(Ref):
    """A free-standing value: ``h.ref(3)`` / ``h.ref('')`` from Python."""

    __slots__ = ('value',)

    def __init__(self, value: Any):
        self.value = value

    def get(self) -> Any:
        return self.value

    def set(self, value: Any) -> None:
        self.value = value

    def __str__(self) -> str:
        return str(self.value)

    # what NEURON's Python shows of its h.ref: one element, [0]; a number stays a number
    def __getitem__(self, i: Any) -> Any:
        if i.__class__ is not int or i != 0:
            raise IndexError('index for hoc ref must be 0')
        return self.value

    def __setitem__(self, i: Any, value: Any) -> None:
        if i.__class__ is not int or i != 0:
            raise IndexError('index for hoc ref must be 0')
        old = self.value
        if old.__class__ is float:
            value = real_number(value)
        elif isinstance(old, str) and not isinstance(value, str):
            raise TypeError('argument must be str, not %s' % type(value).__name__)
        self.value = value

    def __len__(self) -> int:
        raise TypeError('Most HocObject have no len()')

    def __getattr__(self, name: str) -> Any:
        if name[:2] == '__':
            raise AttributeError(name)
        raise AttributeError("'hoc.HocObject' object has no attribute '%s'" % name)

    def __repr__(self) -> str:
        v = self.value
        if v.__class__ is float:
            return '<hoc ref value %f>' % v
        if isinstance(v, str):
            return '<hoc ref str "%s">' % v
        name = getattr(v, 'hoc_name', None)
        return '<hoc ref value "%s">' % ('NULLobject' if v is None else
                                         name() if callable(name) else v)


class CallbackRef(Ref):
    """A pointer made from a getter and a setter."""

    __slots__ = ('_get', '_set')

    def __init__(self, get: Callable[[], Any], set: Callable[[Any], None]):
        self._get = get
        self._set = set

    def get(self) -> Any:
        return self._get()

    def set(self, value: Any) -> None:
        self._set(value)


class ArrayRef(Ref):
    """Pointer to element ``index`` of a mutable flat sequence (a double array, a numpy array)."""

    __slots__ = ('array', 'index')

    def __init__(self, array: Any, index: int):
        self.array = array
        self.index = index

    def get(self) -> float:
        return float(self.array[self.index])

    def set(self, value: Any) -> None:
        self.array[self.index] = value

    def at(self, offset: int) -> 'ArrayRef':
        i = self.index + offset
        if not 0 <= i < len(self.array):
            from ..errors import HocError
            raise HocError('pointer offset %d out of range' % offset)
        return ArrayRef(self.array, i)

    def buffer(self) -> Any:
        take = getattr(self.array, 'buffer', None)      # (a HOC double array's storage)
        if take is None:
            return None
        place = take()
        return None if place is None else (place[0], place[1] + self.index)


class FloatArray:
    """A numpy array as NEURON shows a double array member to Python (``nc.weight``):
    elements read as Python floats, writes go through; the array itself stays the kernels'."""

    __slots__ = ('array',)

    def __init__(self, array: Any):
        self.array = array

    def __getitem__(self, i: Any) -> Any:
        if i.__class__ is int and i >= 0:
            return self.array.item(i)
        if isinstance(i, slice):
            return self.array[i].tolist()
        return self.array.item(int(i))

    def __setitem__(self, i: Any, value: Any) -> None:
        self.array[i] = value

    def __len__(self) -> int:
        return len(self.array)

    def __iter__(self):
        return iter(self.array.tolist())

    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        return self.array if dtype is None and not copy else self.array.astype(dtype or float)

    def __repr__(self) -> str:
        return repr(self.array.tolist())


class MemberArray(FloatArray):
    """A HOC object's double array member seen from Python (``nc.weight``) as NEURON shows
    it: ``NetCon[0].weight[?]``, an integer index within range or IndexError naming it, a
    real number to store or TypeError."""

    __slots__ = ('label',)

    def __init__(self, array: Any, label: str):
        self.array = array
        self.label = label

    def _index(self, i: Any) -> int:
        try:
            k = operator.index(i)
        except TypeError:
            raise IndexError(self.label) from None
        if not 0 <= k < len(self.array):
            raise IndexError(self.label)
        return k

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return self.array[i].tolist()
        return self.array.item(self._index(i))

    def __setitem__(self, i: Any, value: Any) -> None:
        if isinstance(i, slice):
            self.array[i] = value
            return
        self.array[self._index(i)] = real_number(value)

    def __repr__(self) -> str:
        return self.label + '[?]'


def real_number(value: Any) -> float:
    """``value`` as a float where NEURON's Python wants a real number (its TypeError)."""
    if isinstance(value, str) or not isinstance(value, numbers.Real):
        name = type(value).__name__
        if hasattr(value, 'hoc_class_name'):
            name = getattr(value, '_python_type_name', '') or 'hoc.' + value.hoc_class_name
        raise TypeError('must be real number, not %s' % name)
    return float(value)


class StrRef(str):
    """A strdef passed as an argument: reads as a str (its value when passed), ``.set(s)``
    writes the variable and ``.get()`` reads its value now (``$s1`` after
    ``sprint($s1, ...)``)."""

    __slots__ = ('_setter', '_getter')

    def __new__(cls, value: str, setter: Callable[[str], None],
                getter: Callable[[], str] | None = None):
        self = super().__new__(cls, value)
        if getter is None:
            cell = [str(value)]

            def set_and_keep(v: str) -> None:
                cell[0] = v
                setter(v)
            self._setter = set_and_keep
            self._getter = lambda: cell[0]
        else:
            self._setter, self._getter = setter, getter
        return self

    def set(self, value: str) -> None:
        self._setter(str(value))

    def get(self) -> str:
        return self._getter()

    def now(self) -> 'StrRef':
        """The same reference, reading as the variable's present value."""
        return StrRef(self._getter(), self._setter, self._getter)


def set_string(target: Any, value: str) -> None:
    """Write a string result into a strdef argument (StrRef) or an ``h.ref('')`` (BoxRef);
    a literal string there takes the result as NEURON's temporary does: it is dropped
    (``sfunc.head(s, pattern, "")`` for the index alone)."""
    if isinstance(target, (StrRef, Ref)):
        target.set(value)
    elif not isinstance(target, str):
        from ..errors import HocError
        raise HocError('Expecting string argument')   # (NEURON's hoc_pgargstr)
