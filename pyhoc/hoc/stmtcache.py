"""Top-level statements compiled once per shape and rerun for every line of that shape.

Generated HOC (a morphology is tens of thousands of ``dend[3] pt3dadd(1.5, 2, 0, 0.7)``
lines) repeats a few statement shapes that differ only in their numbers.  A one-line
statement made only of names, numbers and operators is keyed by its text with every number
replaced by a marker.  The first line of a key is parsed with each number a ``NumSlot`` and
compiled; the lines after it run that code with their own numbers in the slots.  The code is
reused only while what its parse and compile looked at is unchanged: which of its names are
sections (the parser's one question) and the kind of each name's symbol (the compiler's).
"""
from __future__ import annotations

import re
from typing import Optional

from . import ast
from .parser import _parse
from .source import FileSource, StringSource

# no strings, comments, $args, continuation or white space other than blanks and tabs
_SIMPLE_LINE = re.compile(r'[A-Za-z0-9_ \t.()\[\]{},=+\-*/<>!&|%^:;]*\n?\Z').match
_NUMBER = r'(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?'     # the lexer's NUMBER
# the line split at its numbers: [text, number, text, ..., text].  A number is taken where no
# name or number can have begun before it; the lexer's numbers are checked to be exactly
# these when an entry is made, and lines of the same key lex alike (outside the numbers).
_SPLIT = re.compile(r'(?<![A-Za-z0-9_.])(' + _NUMBER + ')').split
# one key's lines: its text with a number where _SPLIT finds one (the same lookbehind, and the
# number atomic, so that it is the longest one there, as _SPLIT and the lexer take it)
_SLOT = r'(?<![A-Za-z0-9_.])((?>' + _NUMBER + '))'

# the statements whose code depends only on their tree and on the names checked
_CACHEABLE = frozenset((ast.ExprStmt, ast.SectionPrefix, ast.Block, ast.Assign, ast.Call,
                        ast.Index, ast.Name, ast.Num, ast.Member, ast.BinOp, ast.Unary))
MAX_ENTRIES = 512


class Entry:
    """One shape's compiled code, its number slots and what it was compiled against."""
    __slots__ = ('node', 'params', 'checks', 'code', 'echo', 'busy', 'match', 'next')

    def __init__(self, node, params, checks):
        self.node = node
        self.params = params
        self.checks = checks      # what checks_hold compares (StatementCache.checks)
        self.code = None          # filled in by the interpreter once compiled
        self.echo = False
        self.busy = False
        self.match = None         # fullmatch of a line of this key, its groups the numbers
        self.next = None          # the entry of the line that came after this one last time


class _SlotLexer:
    """The line lexer, with every NUMBER's value made a NumSlot of ``params``; keeps the
    tokens so that the names' classification can be read after the parse."""

    def __init__(self, base, params):
        self.base = base
        self.params = params
        self.toks: list = []

    def begin(self, state):
        self.base.begin(state)

    def current_state(self):
        return self.base.current_state()

    def tokens(self, text, lineno):
        toks = self.base.tokens(text, lineno)
        params = self.params
        for t in toks:
            if t.type == 'NUMBER':
                params.append(t.value)
                t.value = ast.NumSlot(t.value, params, len(params) - 1)
        self.toks.extend(toks)
        return toks


def _numbers_at(parts) -> list:
    """(column, value) of each number of a line split by _SPLIT."""
    out = []
    col = 0
    for i, part in enumerate(parts):
        if i % 2:
            out.append((col, float(part)))
        col += len(part)
    return out


def _cacheable(node) -> bool:
    if type(node) not in _CACHEABLE:
        return False
    return all(_cacheable(c) for c in node.children())


def _plain(x) -> None:
    """Give the Num nodes of a statement that is not kept their plain values back."""
    if isinstance(x, ast.Node):
        if type(x) is ast.Num:
            x.value = float(x.value)
            return
        for n in x._fields:
            _plain(getattr(x, n))
    elif isinstance(x, (list, tuple)):
        for v in x:
            _plain(v)


class StatementCache:
    """The interpreter's shapes: ``take(stream)`` gives the next statement of a file or
    string as an Entry (compiled or not yet), or None where the ordinary parse must run."""

    def __init__(self, interp):
        self.interp = interp
        self.entries: dict = {}
        self.prev: Optional[Entry] = None     # the entry of the last line taken

    def drop(self, entry) -> None:
        for key, e in list(self.entries.items()):
            if e is entry:
                del self.entries[key]

    def checks_hold(self, entry) -> bool:
        """Are the names still what they were when the entry's line was parsed?"""
        get = self.interp.top.syms.get
        for name, kind in entry.checks[0]:
            sym = get(name)
            if sym is None:
                if kind is not None:
                    return False
            elif sym.kind is not kind:
                return False
        if entry.checks[1]:
            sections = self.interp.section_names_any
            for name, was_sec in entry.checks[1]:
                if (name in sections) != was_sec:
                    return False
        return True

    def checks(self, toks) -> tuple:
        """The names' classification now (as the parser saw it, right after the parse):
        ((name, its symbol's kind or None), ...) and ((name after a dot, a section?), ...)."""
        syms = self.interp.top.syms
        plain = []
        dotted = []
        prev = None
        for t in toks:
            if t.type in ('NAME', 'SECNAME'):
                if prev is not None and prev.type == '.':
                    dotted.append((t.value, t.type == 'SECNAME'))
                else:
                    sym = syms.get(t.value)
                    plain.append((t.value, None if sym is None else sym.kind))
            prev = t
        return tuple(plain), tuple(dotted)

    def take(self, stream) -> Optional[Entry]:
        interp = self.interp
        cls = type(stream)
        if (cls is not FileSource and cls is not StringSource) or stream.rest is not None \
                or interp.template_def is not None or interp.obj_stack:
            return None
        text = stream.readline()
        if text is None:
            return None
        # generated files repeat a sequence of shapes: try the one that came next last time
        prev = self.prev
        guess = prev.next if prev is not None else None
        if guess is not None and not guess.busy:
            m = guess.match(text)
            if m is not None and self.checks_hold(guess):
                guess.params[:] = map(float, m.groups())
                self.prev = guess
                return guess
        parts = _SPLIT(text)
        key = tuple(parts[0::2])
        entry = self.entries.get(key)
        if entry is not None:
            # (a key is made only of a line that passed the checks below)
            if entry.busy:           # running now, further up: this line takes the parser
                stream.rest = text
                return None
            if self.checks_hold(entry):
                entry.params[:] = map(float, parts[1::2])
                if prev is not None:
                    prev.next = entry
                self.prev = entry
                return entry
        stream.rest = text            # read again by the parser (the line number stays)
        if not _SIMPLE_LINE(text) or '//' in text or '/*' in text:
            return None
        line = stream.lineno
        params: list = []
        lexer = _SlotLexer(None, params)
        from .parser import _parser
        lexer.base = _parser().lexer
        node, _ = _parse(stream, interp.section_name, lexer)
        if node is None:
            return None
        entry = Entry(node, params, None)
        if stream.lineno == line and stream.rest is None and _cacheable(node) and \
                [(t.lexpos, t.value) for t in lexer.toks if t.type == 'NUMBER'] == \
                _numbers_at(parts):
            entry.checks = self.checks(lexer.toks)
            entry.match = re.compile(_SLOT.join(re.escape(p) for p in key)).fullmatch
            if len(self.entries) >= MAX_ENTRIES:
                self.entries.clear()
            self.entries[key] = entry
            if prev is not None and prev.code is not None:
                prev.next = entry
            self.prev = entry
        else:
            _plain(node)
        return entry
