"""Symbols and namespaces: what a HOC name is bound to, at top level or in an object.

A namespace maps names to Sym cells.  The top level has one; every instance of a HOC template
has its own (its template's procs are shared through the Template).  Kinds follow NEURON's:
scalar, double array, strdef, objref (and objref arrays), section (arrays), proc/func/obfunc/
iterator, template, built-in.
"""
from __future__ import annotations

import weakref
from typing import Any, Optional

from ..base.refs import FloatArray
from ..errors import HocError


class Kind:
    """What a name is bound to (NEURON's symbol types).  The members are plain class
    attributes, compared with ``is``: they are looked up on every name a statement uses, and
    an Enum's class attribute costs several times a plain one (EnumType.__getattr__)."""
    __slots__ = ('name', 'value')

    def __init__(self, name: str, value: str):
        self.name = name
        self.value = value

    def __repr__(self) -> str:
        return '<Kind.%s: %r>' % (self.name, self.value)

    def __reduce__(self):
        return (getattr, (Kind, self.name))

    NUM: 'Kind'
    ARRAY: 'Kind'
    STR: 'Kind'
    OBJ: 'Kind'
    SEC: 'Kind'
    PROC: 'Kind'
    FUNC: 'Kind'
    OBFUNC: 'Kind'
    ITER: 'Kind'
    TEMPLATE: 'Kind'
    BUILTIN: 'Kind'
    CLASS: 'Kind'
    THIS: 'Kind'
    RANGE: 'Kind'
    SIMCLASS: 'Kind'


for _name, _value in (('NUM', 'scalar'), ('ARRAY', 'double array'), ('STR', 'strdef'),
                      ('OBJ', 'objref'), ('SEC', 'section'), ('PROC', 'proc'), ('FUNC', 'func'),
                      ('OBFUNC', 'obfunc'), ('ITER', 'iterator'), ('TEMPLATE', 'template'),
                      ('BUILTIN', 'builtin'), ('CLASS', 'class'), ('THIS', 'this'),
                      ('RANGE', 'range variable'), ('SIMCLASS', 'simulator class')):
    setattr(Kind, _name, Kind(_name, _value))


USER_CALLABLE = (Kind.PROC, Kind.FUNC, Kind.OBFUNC, Kind.ITER)


class Sym:
    """One binding.  ``value`` is a float, a str, an object, an Array, a Function..."""

    __slots__ = ('name', 'kind', 'value')

    def __init__(self, name: str, kind: Kind, value: Any = None):
        self.name = name
        self.kind = kind
        self.value = value

    def __repr__(self) -> str:
        return 'Sym(%s, %s)' % (self.name, self.kind.name)


_VALUE = Sym.value         # (the slot itself, beneath BoxedSym's property)


class BoxedSym(Sym):
    """A scalar whose value lives in a one-element float64 array, so that a mechanism's
    POINTER (and the compiled kernels) reach it: ``box`` turns a Sym into one in place, and
    every reader and writer of ``sym.value`` goes on reaching the same storage."""

    __slots__ = ()

    @property
    def value(self):  # type: ignore[override]
        return _VALUE.__get__(self).item(0)

    @value.setter
    def value(self, v):
        _VALUE.__get__(self)[0] = v


def box(sym: Sym):
    """The float64 array of one element that holds scalar ``sym`` from now on."""
    if type(sym) is Sym:
        import numpy as np
        _VALUE.__set__(sym, np.array([float(sym.value)]))
        sym.__class__ = BoxedSym
    return _VALUE.__get__(sym)


class Array:
    """A HOC array (double, objref or section): dimensions plus flat row-major storage."""

    __slots__ = ('name', 'dims', 'data')

    def __init__(self, name: str, dims: list[int], fill: Any):
        self.name = name
        self.dims = dims
        n = 1
        for d in dims:
            n *= d
        self.data = [fill] * n

    def flat_index(self, indices: list[float], float_epsilon: float) -> int:
        if indices and len(indices) != len(self.dims) and self.dims:
            # (NEURON's parser: one subscript per dimension, or none for element 0)
            raise HocError('wrong # of subscripts %s' % self.name)
        flat = 0
        for k, d in enumerate(self.dims):
            raw = indices[k] if k < len(indices) else 0.0
            i = int(raw + float_epsilon)  # negative subscripts truncate toward zero
            if i < 0 or i >= d:
                raise HocError('subscript %d index %d of %s out of range %d' % (k, i, self.name, d))
            flat = flat * d + i
        return flat

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, i: int) -> Any:
        return self.data[i]

    def __setitem__(self, i: int, v: Any) -> None:
        self.data[i] = float(v)

    def buffer(self) -> Any:
        """(float64 array, offset of element 0) holding a double array's elements, moved
        there at the first call (a POINTER's target); None for objref and section arrays."""
        data = self.data
        if type(data) is list:
            if not all(type(x) is float for x in data):
                return None
            import numpy as np
            data = self.data = FloatArray(np.array(data, dtype=np.float64))
        if type(data) is FloatArray:
            return data.array, 0
        place = getattr(data, 'buffer', None)   # (a mechanism GLOBAL array's elements)
        return None if place is None else place()


class Namespace:
    """Top-level variables (an object's variables are a Namespace owned by the instance)."""

    __slots__ = ('syms', '_owner')

    def __init__(self, owner: Any = None):
        self.syms: dict[str, Sym] = {}
        # weak, so that an instance and its namespace make no reference cycle: an object
        # goes away (and its index is free again) as soon as HOC drops its last reference
        self._owner = weakref.ref(owner) if owner is not None else None

    @property
    def owner(self) -> Any:
        return self._owner() if self._owner is not None else None

    def get(self, name: str) -> Optional[Sym]:
        return self.syms.get(name)

    def declare(self, name: str, kind: Kind, value: Any = None) -> Sym:
        sym = Sym(name, kind, value)
        self.syms[name] = sym
        return sym
