"""An ordered list that does not keep its members alive.

The Model and each Section list their point processes here, so that a point process goes away
when the last HOC or Python reference to it is dropped, as in NEURON; the Model is told, and
rebuilds its arrays before the next step.
"""
from __future__ import annotations

import weakref
from typing import Any, Callable, Iterator, Optional


class WeakList:
    """Ordered weak references; iteration yields the members still alive."""

    __slots__ = ('_refs', '_on_death')

    def __init__(self, on_death: Optional[Callable[[], None]] = None):
        self._refs: list = []
        self._on_death = on_death

    def _callback(self, ref: weakref.ref) -> None:
        try:
            self._refs.remove(ref)
        except ValueError:
            pass
        if self._on_death is not None:
            self._on_death()

    def append(self, obj: Any) -> None:
        self._refs.append(weakref.ref(obj, self._callback))

    def remove(self, obj: Any) -> None:
        for i, r in enumerate(self._refs):
            if r() is obj:
                del self._refs[i]
                return
        raise ValueError('not in list')

    def clear(self) -> None:
        self._refs.clear()

    def _live(self) -> list:
        return [o for o in (r() for r in self._refs) if o is not None]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._live())

    def __reversed__(self) -> Iterator[Any]:
        return reversed(self._live())

    def __len__(self) -> int:
        return len(self._live())

    def __contains__(self, obj: Any) -> bool:
        return any(r() is obj for r in self._refs)

    def __getitem__(self, i: int) -> Any:
        return self._live()[i]
