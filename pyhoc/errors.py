"""Errors raised by pyhoc: every user mistake becomes a HocError carrying NEURON's message.

Only the command line, the REPL and ``h('...')`` print errors; everything else raises.
HocError derives from RuntimeError so NEURON-era ``except RuntimeError`` code keeps working.
"""
from __future__ import annotations

import re



class Coord:
    """A place in HOC source: file name (or None for stdin/strings), 1-based line, source text."""

    __slots__ = ('file', 'line', 'text', 'column')

    def __init__(self, file: str | None, line: int, text: str = '', column: int = 0):
        self.file = file
        self.line = line
        self.text = text
        self.column = column

    def __repr__(self) -> str:
        return 'Coord(%r, %d)' % (self.file, self.line)

    def __str__(self) -> str:
        return '%s:%d' % (self.file or '<input>', self.line)


class HocError(RuntimeError):
    """A HOC error: message plus where it happened and the HOC call stack."""

    shows_line = True       # False: NEURON's line buffer was empty (IncompleteInput)

    def __init__(self, message: str, coord: Coord | None = None, stack: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.coord = coord
        self.stack = list(stack or [])   # the HOC calls it passed through, innermost first

    def __str__(self) -> str:
        return self.message

    def render(self, progname: str = 'pyhoc') -> str:
        """NEURON's layout: program: message / in FILE near line N / the line / a caret."""
        lines = ['%s: %s' % (progname, self.message)]
        c = self.coord
        if c is not None:
            where = ' in %s near line %d' % (c.file, c.line) if c.file else ' near line %d' % c.line
            lines.append(where)
            if not self.shows_line:
                lines.append(' ^')
            elif c.text:
                text = c.text.rstrip('\n')
                col = min(max(c.column, 0), len(text))
                if not (text.isascii() and text.isprintable()):
                    # NEURON's line is bytes: it names the first one that is neither printable
                    # nor white space, and its caret counts bytes (UTF-8's, or the file's own)
                    raw = text.encode('utf-8', 'surrogateescape')
                    for k, b in enumerate(raw):
                        if not (32 <= b < 127 or 9 <= b <= 13):
                            lines.append('character \\%03o at position %d is not printable'
                                         % (b, k))
                            break
                    col = len(text[:col].encode('utf-8', 'surrogateescape'))
                lines.append(' ' + text)
                lines.append(' ' + ' ' * col + '^')
        # NEURON's frame_debug: the innermost call first, indented 8, 6, 4, 2; no more than 4
        for k, call in enumerate(self.stack[:4]):
            lines.append(' ' * (8 - 2 * k) + call)
        if len(self.stack) > 4:
            lines.append('and others')
        return '\n'.join(lines)


class HocSyntaxError(HocError):
    """The parser could not make sense of the input."""


class IncompleteInput(HocSyntaxError):
    """The input ended inside a statement (an open brace, a comment): NEURON's "syntax error"
    with its line buffer empty by then, so no line is shown and the caret stands alone."""

    shows_line = False


class HocRuntimeError(HocError):
    """An error while executing a statement."""


class HocExit(SystemExit):
    """quit() was called."""


_NOT_A_NUMBER = r"number, not '?(\w+)'?$"     # float(vec), int("s"), math.sin(o)


def chkarg(x, low: float, high: float, nan_passes: bool = False) -> float:
    """NEURON's chkarg: the argument as a number, or the error its user functions give out
    of range (the language's built-ins, Vector's and Matrix's methods, the simulator's).
    NaN is out of range too (NEURON's passes, then its conversion to an index or count is
    undefined: garbage errors or a crash); ``nan_passes``: where the value is used as a
    number, as NEURON does (Random's seeds and parameters)."""
    x = float(x)
    if not low <= x <= high:
        if nan_passes and x != x:
            return x
        raise HocError('Arg out of range in user function')
    return x


def python_error_message(e: Exception) -> str:
    """The HOC message for a Python error inside a built-in (NEURON's words where it has
    them: a string where a number is wanted is its 'bad stack access')."""
    if isinstance(e, TypeError):
        m = re.search(_NOT_A_NUMBER, str(e))    # (compiled at first use)
        if m:      # an object or string where a built-in wants a number: NEURON's message
            return 'bad stack access: expecting double; really %s' % (
                'char**' if m.group(1) == 'str' else 'Object**')
    if isinstance(e, ValueError) and str(e).startswith('could not convert string to float'):
        return 'bad stack access: expecting double; really char**'
    if isinstance(e, ZeroDivisionError):
        return 'division by zero'
    if isinstance(e, OverflowError):
        return 'floating point overflow'
    if isinstance(e, (ValueError, IndexError, KeyError, TypeError, AttributeError)):
        return str(e) or type(e).__name__
    return 'internal error: %s: %s' % (type(e).__name__, e)


def traceback_from(tb, filename: str):
    """The entry of traceback ``tb`` where code of ``filename`` first runs (None if none):
    a user's code reported as Python reports it, without the frames of pyhoc that ran it."""
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    return tb
