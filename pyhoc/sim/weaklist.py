"""An ordered list that does not keep its members alive.

The Model and each Section list their point processes here, so that a point process goes away
when the last HOC or Python reference to it is dropped, as in NEURON; the point process tells
the Model (``PointProcess.__del__``), which rebuilds its arrays before the next step.
"""
from __future__ import annotations

import weakref
from typing import Any, Iterator


class WeakList:
    """Ordered weak references; iteration yields the members still alive.

    The references are plain ones without a callback, which Python shares with every other
    plain reference to the same object, so a member costs one list slot here; dead ones are
    dropped when the list is walked or has doubled since the last sweep.  (Whoever must hear
    of a member's death is told by the member's own ``__del__``: a reference with a callback
    and its bound method cost ~150 bytes per member.)"""

    __slots__ = ('_refs', '_swept')

    def __init__(self):
        self._refs: list = []
        self._swept = 0

    def append(self, obj: Any) -> None:
        refs = self._refs
        refs.append(weakref.ref(obj))
        if len(refs) > 2 * self._swept + 8:
            self._live()

    def remove(self, obj: Any) -> None:
        for i, r in enumerate(self._refs):
            if r() is obj:
                del self._refs[i]
                return
        raise ValueError('not in list')

    def move_to_end(self, obj: Any) -> None:
        """Make obj (a member) the last one; cheap when it already is."""
        refs = self._refs
        if not (refs and refs[-1]() is obj):
            self.remove(obj)
            refs.append(weakref.ref(obj))

    def clear(self) -> None:
        self._refs.clear()

    def _live(self) -> list:
        out, keep = [], []
        for r in self._refs:
            o = r()
            if o is not None:
                out.append(o)
                keep.append(r)
        if len(keep) < len(self._refs):
            self._refs = keep
        self._swept = len(keep)
        return out

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
