"""Errors of the NMODL translator: each names the ``.mod`` file, line and column."""
from __future__ import annotations

from .ast import Pos


class ModError(Exception):
    """A ``.mod`` file pyhoc cannot translate: message, ``pos`` and the offending line."""

    kind = 'error'

    def __init__(self, message: str, pos: Pos, text: str = ''):
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.text = text

    def __str__(self) -> str:
        out = '%s:%d:%d: %s' % (self.pos.file, self.pos.line, self.pos.column, self.message)
        if self.text:
            out += '\n  %s\n  %s^' % (self.text.rstrip('\n'), ' ' * max(self.pos.column - 1, 0))
        return out

    def __reduce__(self):
        return (type(self), (self.message, self.pos, self.text))


class ModSyntaxError(ModError):
    """The text is not NMODL as nocmodl accepts it."""


class ModSemanticError(ModError):
    """The text parses but does not make a mechanism (a SOLVE of no block, a bad ion name...)."""
