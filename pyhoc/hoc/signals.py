"""Control-flow signals private to the interpreter (break, continue, return, stop)."""
from __future__ import annotations


class Signal(BaseException):
    """Base of control-flow signals; never a user-visible error."""


class BreakSignal(Signal):
    pass


class ContinueSignal(Signal):
    pass


class StopSignal(Signal):
    pass


class ReturnSignal(Signal):
    def __init__(self, value=None):
        self.value = value


# what ``return`` without a value gives back (NULLobject's return is None): a func or obfunc
# that returns so "returns no value"
EMPTY_RETURN = type('EmptyReturn', (), {'__repr__': lambda self: 'EMPTY_RETURN',
                                        '__slots__': ()})()


class IterBreak(Signal):
    """``break`` inside the body of a ``for iter()`` loop: ends the iterator."""


class NoValue:
    """What a proc returns: prints nothing at top level when called by plain name."""
    __slots__ = ()

    def __repr__(self):
        return 'NOVALUE'


NOVALUE = NoValue()
