"""The language's interface to the simulator: section statements and range variables.

The compiled statements call these methods; they translate HOC's section stack, range
variable syntax and ``forall``/``forsec`` into operations on ``pyhoc.sim``.
"""
from __future__ import annotations

from typing import Any, Iterable

from ..errors import HocError


class SimGlue:
    """Section statements for an interpreter (no simulator attached yet)."""

    def __init__(self, interp):
        self.interp = interp

    def _unavailable(self, what: str):
        raise HocError('%s: the simulator is not available in this build' % what)

    # names and values
    def resolve(self, name: str):
        return None

    def is_builtin_name(self, name: str) -> bool:
        return False

    def is_section(self, value: Any) -> bool:
        return False

    def section_value(self, value: Any) -> Any:
        return value

    def sym_value(self, sym):
        self._unavailable(sym.name)

    def reset_stack(self) -> None:
        pass

    def __getattr__(self, name: str):
        def unavailable(*args, **kwargs):
            self._unavailable(name)
        return unavailable
