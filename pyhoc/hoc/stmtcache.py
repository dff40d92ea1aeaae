"""Top-level statements compiled once per shape and rerun for every line of that shape.

Generated HOC (a morphology is tens of thousands of ``dend[3] pt3dadd(1.5, 2, 0, 0.7)``
lines) repeats a few statement shapes that differ only in their numbers.  A one-line
statement made only of names, numbers and operators is keyed by its text with every number
replaced by a marker.  The first line of a key goes to the ordinary parse (whose trees the
parse cache keeps, parsecache.py: most lines of a session or model file are of a shape met
once); the second is parsed with each number a ``NumSlot`` and compiled, and the lines after
it run that code with their own numbers in the slots.  The code is reused only while what
its parse and compile looked at is unchanged: which of its names are sections (the parser's
one question) and the kind of each name's symbol (the compiler's).
"""
from __future__ import annotations

import re
from typing import Optional

from . import ast
from .source import FileSource, StringSource

# no strings, comments, $args, continuation or white space other than blanks and tabs
_SIMPLE_LINE = re.compile(r'[A-Za-z0-9_ \t.()\[\]{},=+\-*/<>!&|%^:;]*\n?\Z').match
# the lexer's NUMBER, less an exponent without digits ("1e", "2e-"), whose letter and sign
# stay in the key's text: the value and column of the number are the lexer's all the same
_NUMBER = r'(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?'
# the line split at its numbers: [text, number, text, ..., text].  A number is taken where no
# name or number can have begun before it; the lexer's numbers are checked to be exactly
# these when an entry is made, and lines of the same key lex alike (outside the numbers).
_SPLIT = re.compile(r'(?<![A-Za-z0-9_.])(' + _NUMBER + ')').split
# one key's lines: its text with a number where _SPLIT finds one.  _NUMBER made possessive,
# so that it is the longest one there, as _SPLIT and the lexer take it; no lookbehind: the
# key's text before a number is what _SPLIT found there, so it holds.
_SLOT = r'(\d++(?:\.\d*+)?+(?:[eE][+-]?\d++)?+|\.\d++(?:[eE][+-]?\d++)?+)'

# the statements whose code depends only on their tree and on the names checked
_CACHEABLE = frozenset((ast.ExprStmt, ast.SectionPrefix, ast.Block, ast.Assign, ast.Call,
                        ast.Index, ast.Name, ast.Num, ast.Member, ast.BinOp, ast.Unary))
MAX_ENTRIES = 512


class Entry:
    """One shape's compiled code, its number slots and what it was compiled against."""
    __slots__ = ('node', 'params', 'names', 'dotted', 'nsections', 'code', 'echo', 'busy',
                 'match', 'next')

    def __init__(self, node, params):
        self.node = node
        self.params = params
        self.names = None         # ((name, its top-level symbol's kind or None), ...) as parsed
        self.dotted = ()          # ((name after a dot, a section name?), ...) as parsed
        self.nsections = -1       # len(section_names_any) when ``dotted`` last held
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
    """The interpreter's shapes.  ``run(stream)`` runs the lines of a file or string that
    are of compiled shapes and hands back the first that is not: as an Entry to compile, or
    as None, the line left in the stream for the ordinary parse."""

    def __init__(self, interp):
        self.interp = interp
        self.entries: dict = {}
        self.met: dict = {}           # key -> True: met once; False: not of a cacheable shape
        self.prev: Optional[Entry] = None     # the entry of the last line taken
        self.frame = None                     # the frame every cached line runs in
        self.exprs: dict = {}                 # expression text -> Entry (expression())

    def drop(self, entry) -> None:
        for key, e in list(self.entries.items()):
            if e is entry:
                del self.entries[key]

    def checks_hold(self, entry) -> bool:
        """Are the names still what they were when the entry's line was parsed?"""
        get = self.interp.top.syms.get
        for name, kind in entry.names:
            sym = get(name)
            if sym is None:
                if kind is not None:
                    return False
            elif sym.kind is not kind:
                return False
        if entry.dotted:
            sections = self.interp.section_names_any
            if len(sections) != entry.nsections:     # (the set only grows)
                for name, was_sec in entry.dotted:
                    if (name in sections) != was_sec:
                        return False
                entry.nsections = len(sections)
        return True

    def note_checks(self, entry, toks) -> None:
        """Record the names' classification now, as the parser saw it right after the parse:
        each plain name's kind (None: no symbol), and whether each name after a dot is a
        section's."""
        syms = self.interp.top.syms
        plain = {}
        dotted = {}
        prev = None
        for t in toks:
            if t.type in ('NAME', 'SECNAME'):
                if prev is not None and prev.type == '.':
                    dotted[t.value] = t.type == 'SECNAME'
                else:
                    sym = syms.get(t.value)
                    plain[t.value] = None if sym is None else sym.kind
            prev = t
        entry.names = tuple(plain.items())
        entry.dotted = tuple(dotted.items())
        entry.nsections = len(self.interp.section_names_any)

    def run(self, stream) -> Optional[Entry]:
        """Run the statements of ``stream`` while each is one line of a compiled shape (the
        lean path: no parse, no compile, one frame for all), then give the next one: an
        Entry to compile and run, or None where the parser must read it (at the end of the
        stream too).  Errors are those of Interpreter.run_statement, located the same way."""
        interp = self.interp
        cls = type(stream)
        if cls is not FileSource and cls is not StringSource:
            return None
        fr = self.frame
        if fr is None:
            from .interpreter import Frame
            fr = self.frame = Frame(interp.top)
        readline = stream.readline
        failed = interp.statement_failed
        in_file = cls is FileSource
        while True:
            if stream.rest is not None or interp.template_def is not None or interp.obj_stack:
                return None       # after fscan's partial line, in a template or object_push
            f = stream._file if in_file else None
            if f is not None:
                text = f.readline()         # FileSource.readline, written out
                if text:
                    stream.lineno += 1
                    stream.last_text = text
                else:
                    text = readline()       # (closes the file)
            else:
                text = readline()
            if text is None:
                return None
            # generated files repeat a sequence of shapes: try the one that came next last time
            entry = self.prev
            entry = entry.next if entry is not None else None
            if entry is not None and not entry.busy and entry.code is not None:
                m = entry.match(text)
                if m is not None:
                    get = interp.top.syms.get        # checks_hold's names, written out
                    for name, kind in entry.names:
                        sym = get(name)
                        if (sym.kind if sym is not None else None) is not kind:
                            m = None
                            break
                    if entry.dotted and m is not None and not self.checks_hold(entry):
                        m = None
                if m is not None:
                    params = entry.params
                    if len(params) == 1:
                        params[0] = float(m[1])
                    else:
                        params[:] = map(float, m.groups())
                    self.prev = entry
                else:
                    entry = self.serve(stream, text)
            else:
                entry = self.serve(stream, text)
            if entry is None or entry.code is None:
                return entry
            code = entry.code
            if in_file:
                # NEURON pops what a file's top-level statement left on the section stack
                sim = interp._sim
                level = len(sim.stack) if sim is not None else 0
            saved = interp.frame
            interp.frame = fr
            entry.busy = True
            try:
                if entry.echo:
                    interp.echo(code(fr))
                else:
                    code(fr)
            except BaseException as e:
                failed(e, stream)
            finally:
                interp.frame = saved
                entry.busy = False
            if in_file:
                sim = interp._sim
                if sim is not None and len(sim.stack) > level:
                    del sim.stack[level:]

    def serve(self, stream, text: str) -> Optional[Entry]:
        """The Entry for ``text``, just read from ``stream``: of its key if its names are as
        they were, else a new one from its parse (None, the line put back, for the parser)."""
        prev = self.prev
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
        if not _SIMPLE_LINE(text) or '//' in text or '/*' in text or \
                text.count('{') != text.count('}'):     # (a block goes on past the line)
            return None
        met = self.met
        if met.get(key) is not True:  # (a first line, or a shape that is not kept)
            if key not in met:
                if len(met) >= 8 * MAX_ENTRIES:
                    met.clear()
                met[key] = True
            return None
        interp = self.interp
        line = stream.lineno
        params: list = []
        lexer = _SlotLexer(None, params)
        from .parser import _parse, _parser
        lexer.base = _parser().lexer
        node, _ = _parse(stream, interp.section_name, lexer, interp.object_name)
        if node is None:
            return None
        entry = Entry(node, params)
        if stream.lineno == line and stream.rest is None and _cacheable(node) and \
                [(t.lexpos, t.value) for t in lexer.toks if t.type == 'NUMBER'] == \
                _numbers_at(parts):
            self.note_checks(entry, lexer.toks)
            entry.match = re.compile(_SLOT.join(re.escape(p) for p in key)).fullmatch
            if len(self.entries) >= MAX_ENTRIES:
                self.entries.clear()
            self.entries[key] = entry
            if prev is not None and prev.code is not None:
                prev.next = entry
            self.prev = entry
        else:
            self.met[key] = False
            _plain(node)
        return entry

    def expression(self, text: str) -> Entry:
        """The Entry of expression text ``text`` at top level (Interpreter.eval_string: a
        Graph evaluates its expressions every step): parsed once and kept while its names are
        as they were; its ``code`` is the interpreter's to fill in.  Raises HocSyntaxError."""
        entry = self.exprs.get(text)
        if entry is not None and self.checks_hold(entry):
            return entry
        params: list = []
        from .parser import _parse, _parser
        lexer = _SlotLexer(_parser().lexer, params)
        stream = StringSource(text + '\n')
        node, _ = _parse(stream, self.interp.section_name, lexer)
        entry = Entry(node, params)
        if type(node) is ast.ExprStmt and _cacheable(node) and stream.readline() is None:
            self.note_checks(entry, lexer.toks)
            if len(self.exprs) >= MAX_ENTRIES:
                self.exprs.clear()
            self.exprs[text] = entry
        else:
            _plain(node)
        return entry
