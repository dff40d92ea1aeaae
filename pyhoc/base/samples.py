"""The sample buffer: a growable float64 array, the storage of HOC's ``Vector``.

The simulator's record and play (``pyhoc.sim.record``, the compiled loop in ``pyhoc.sim.fused``)
read and fill Vectors through this class alone, so the simulator needs nothing from the
language's Vector: ``_buf`` is a numpy buffer whose first ``_n`` elements are the samples (its
length is the capacity, grown as std::vector grows); ``_a`` is the live part.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .objects import HocObject

_set = object.__setattr__     # (past HocObject.__setattr__: record's per-step _push sets _n)


class SampleBuffer(HocObject):
    """Storage of a Vector: ``_buf[:_n]`` are its samples."""

    __slots__ = ('_buf', '_n')

    def _resize(self, n: int) -> None:
        n = int(n)
        cap = len(self._buf)
        if n > cap:
            newcap = max(n, 2 * self._n)
            buf = np.zeros(newcap)
            buf[:self._n] = self._buf[:self._n]
            _set(self, '_buf', buf)
        elif n > self._n:
            self._buf[self._n:n] = 0.0
        _set(self, '_n', n)

    def _reserve(self, n: int) -> None:
        if n > len(self._buf):
            buf = np.zeros(n)
            buf[:self._n] = self._buf[:self._n]
            _set(self, '_buf', buf)

    def _push(self, value: float) -> None:
        n = self._n
        if n == len(self._buf):
            self._reserve(max(1, 2 * n))
        self._buf[n] = value
        _set(self, '_n', n + 1)

    def _extend(self, a: np.ndarray) -> None:
        n, m = self._n, len(a)
        if n + m > len(self._buf):
            self._reserve(n + max(n, m))
        self._buf[n:n + m] = a
        _set(self, '_n', n + m)

    def _set(self, a: Any) -> 'SampleBuffer':
        a = np.asarray(a, dtype=float)
        self._resize(len(a))
        self._buf[:len(a)] = a
        return self

    @property
    def _a(self) -> np.ndarray:
        return self._buf[:self._n]

    def __len__(self) -> int:
        return self._n
