"""HOC's Pointer class: ``Pointer(&x)`` or ``Pointer("name")``; ``val`` reads and writes it."""
from __future__ import annotations

from typing import Any, Optional

from ...errors import HocError
from ...base.objects import HocObject
from ...base.refs import Ref


class Pointer(HocObject):

    def __init__(self, target: Any = None, *args: Any):
        if target is None:
            raise HocError('Pointer not enough arguments')
        self._name: Optional[str] = None
        if isinstance(target, Ref):
            self._ref = target
        elif isinstance(target, str):
            from ...base.context import current
            self._name = str(target)
            self._ref = current().ref(self._name)
        else:
            raise HocError('Pointer: argument must be a pointer or a variable name')

    @property
    def val(self) -> float:
        return self._ref.get()

    @val.setter
    def val(self, value: Any) -> None:
        self._ref.set(float(value))

    def s(self) -> str:
        """The variable's name when made from a name, else ``unknown``."""
        return self._name if self._name is not None else 'unknown'

    def assign(self, value: Any) -> float:
        """Set the pointed-to value; returns it."""
        v = float(value)
        self._ref.set(v)
        return v
