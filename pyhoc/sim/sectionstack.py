"""NEURON's section stack, one per Model: what "the currently accessed section" means.

``sec { }`` prefixes, ``push_section`` and ``sec=`` push onto it; ``access`` replaces its top
(or, when it is empty, chooses the default section); with nothing chosen the first section
created is current.  The language checks what it pushes; this keeps the order.
"""
from __future__ import annotations

from typing import Any

from ..errors import HocError


class SectionStack:
    """The section stack of one Model (``model.stack``)."""

    __slots__ = ('model', 'items', 'accessed')

    def __init__(self, model: Any):
        self.model = model
        self.items: list = []
        self.accessed = None          # what ``access`` chose

    def push(self, sec) -> None:
        self.items.append(sec)

    def pop(self) -> None:
        if self.items:
            self.items.pop()

    def access(self, sec) -> None:
        """``access``: NEURON replaces the top of the section stack, so inside ``a { }``
        it changes the current section until the prefix ends, not the default one."""
        if self.items:
            self.items[-1] = sec
        else:
            self.accessed = sec

    def current(self):
        """The currently accessed section (HocError when there is none)."""
        if self.items:
            return self.items[-1]
        return self.accessed_section()

    def accessed_section(self):
        """The section ``access`` chose (or the first one created), ignoring prefixes."""
        if self.accessed is not None and not self.accessed.deleted:
            return self.accessed
        for sec in self.model.sections:
            return sec
        raise HocError('Section access unspecified')

    def clear(self) -> None:
        self.items.clear()
