"""Pointers into simulator state (``seg._ref_v``, ``h._ref_t``, ``stim._ref_i``).

A SimRef names its target (section, variable, x) and caches the (array, index) it resolves to;
the cache is dropped whenever the Model moves its storage (``Model.layout_version``), so a
pointer stays valid across nseg changes, inserts and rebuilds, as NEURON's data handles do.
"""
from __future__ import annotations

import weakref

from ..errors import HocError
from ..base.refs import FloatArray, Ref  # noqa: F401  (FloatArray: for sim modules)


class _GoneSection:
    """What a pointer's section reads as once a Python-made section has gone."""

    deleted = True
    _nseg = 1

    def name(self) -> str:
        return '<deleted section>'


_GONE = _GoneSection()


class SimRef(Ref):
    """Pointer to a range variable of one section at x (the section held weakly: a pointer
    does not keep a Python-made section alive, as in NEURON)."""

    __slots__ = ('model', '_secref', 'name', 'x', '_arr', '_idx', '_version')

    def __init__(self, model, sec, name: str, x: float):
        self.model, self.name, self.x = model, name, x
        self._secref = weakref.ref(sec)
        self._version = -1
        self._arr = None
        self._idx = 0

    @property
    def sec(self):
        s = self._secref()
        return _GONE if s is None else s

    def _resolve(self):
        if self.sec.deleted:
            raise HocError('pointer to a variable of a deleted section')
        if self._version != self.model.layout_version:
            self._arr, self._idx = self.model.range_slot(self.sec, self.name, self.x)
            self._version = self.model.layout_version
        return self._arr, self._idx

    def get(self) -> float:
        if self.name == 'diam':
            return self.model.range_get(self.sec, 'diam', self.x)
        arr, i = self._resolve()
        return float(arr[i])

    def set(self, value) -> None:
        if self.name in ('diam', 'cm'):
            self.model.range_set(self.sec, self.name, self.x, value)
            return
        arr, i = self._resolve()
        arr[i] = float(value)

    def __repr__(self) -> str:
        return '<pointer to %s(%g).%s>' % (self.sec.name(), self.x, self.name)


class PointRef(Ref):
    """Pointer to a variable of a point process (``stim._ref_i``)."""

    __slots__ = ('pp', 'name')

    def __init__(self, pp, name: str):
        self.pp, self.name = pp, name

    def get(self) -> float:
        return self.pp._model.pp_get(self.pp, self.name)

    def set(self, value) -> None:
        self.pp._model.pp_set(self.pp, self.name, value)


class BufferRef(Ref):
    """Pointer to element ``index`` of a float64 array: where a POINTER at a HOC scalar or
    double array element points (the storage Ref.buffer moved it to)."""

    __slots__ = ('array', 'index')

    def __init__(self, array, index: int):
        self.array, self.index = array, index

    def get(self) -> float:
        return self.array.item(self.index)

    def set(self, value) -> None:
        self.array[self.index] = float(value)


class ModelAttrRef(Ref):
    """Pointer to a scalar of the Model (``t``, ``dt``, ``celsius``) or a mechanism global."""

    __slots__ = ('model', 'name')

    def __init__(self, model, name: str):
        self.model, self.name = model, name

    def get(self) -> float:
        return self.model.global_get(self.name)

    def set(self, value) -> None:
        self.model.global_set(self.name, value)
