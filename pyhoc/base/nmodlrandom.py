"""``NMODLRandom``: HOC's handle on one ``RANDOM`` variable of a mechanism instance (NEURON 9).

``ns.ranvar`` on a NetStim gives one; each access makes a new handle on the same Random123
stream.  ``set_ids``/``set_seq`` return the handle (so calls chain), ``get_ids`` a 3-element
Vector, ``get_seq`` the position as ``sequence*4 + which``, ``uniform()`` the next double in
(0, 1) from the stream itself.  A handle made with ``new NMODLRandom()``, or whose instance is
gone, is not valid: every method then stops with NEURON's error.  The simulator makes the
handles and the language makes the class known to HOC, so it lives beneath both.
"""
from __future__ import annotations

import weakref
from typing import Any

from ..errors import HocError
from . import hooks
from .objects import HocObject, returns_object

_M32 = 4294967295.0


class NMODLRandom(HocObject):

    def __init__(self, *args: Any):
        self._holder = None        # weak reference to the instance that owns the stream
        self._attr = ''

    @classmethod
    def _wrap(cls, holder: Any, attr: str) -> 'NMODLRandom':
        """A handle on ``getattr(holder, attr)``, valid while ``holder`` lives."""
        r = cls()
        r._holder = weakref.ref(holder)
        r._attr = attr
        return r

    def _stream(self):
        holder = self._holder() if self._holder is not None else None
        if holder is None:
            raise HocError('NMODLRandom wrapped handle is not valid')
        return getattr(holder, self._attr)

    @returns_object
    def set_ids(self, id1: Any = None, id2: Any = None, id3: Any = None) -> 'NMODLRandom':
        s = self._stream()
        ids = []
        for x in (id1, id2, id3):
            if x is None:
                raise HocError('NMODLRandom.set_ids not enough arguments')
            v = float(x)
            if not 0.0 <= v <= _M32:
                raise HocError('Arg out of range in user function')
            ids.append(int(v))
        s.setids(*ids)
        return self

    def get_ids(self):
        return hooks.new_vector([float(i) for i in self._stream().ids()])

    @returns_object
    def set_seq(self, seq: Any) -> 'NMODLRandom':
        self._stream().setseq(float(seq))
        return self

    def get_seq(self) -> float:
        return self._stream().seq()

    def uniform(self, *args: Any) -> float:
        return self._stream().uniform01()
