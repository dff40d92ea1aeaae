"""``pyhoc --check FILE...``: parse HOC files statement by statement without running them.

HOC's grammar depends on one fact about names: whether an identifier is a section (``soma
stmt`` is a statement only if ``soma`` is one).  Nothing is executed here, so the checker
follows the ``create`` declarations it parses -- at top level, per template between
``begintemplate`` and ``endtemplate``, and in the files a literal ``load_file``/``xopen``
names -- and answers the parser's ``section_name`` question from them.

Sections can also come from where the checker cannot see (a file the main file loaded
earlier, a ``.ses`` or CellBuilder, ``execute``).  So a statement that fails to parse is
parsed once more with every name in it that is not a keyword taken as a possible section: if
that parses, the statement is valid HOC for some sections that may exist at run time and is
not reported.  What is reported can be valid under no assumption about names.

Text that is not HOC at all may be data that the file reads with ``fscan()``/``getstr()``
(Neurolucida headers, tables): lines of bare numbers are never reported, and in a file that
calls ``fscan`` or ``getstr`` no unparsable line is (it would be read as data at run time).

Each syntax error is printed as ``FILE:LINE: message`` and checking goes on with the next
line.  The exit status is 1 if any file had an error (or could not be read), else 0.
"""
from __future__ import annotations

import os
import re
import sys
from typing import Iterable, Optional, TextIO

from .errors import HocError
from .hoc import ast
from .hoc.parser import parse_statement
from .hoc.lexer import KEYWORDS
from .hoc.source import StringSource


class SectionTracker:
    """What the checker knows about section names, learnt from the ``create`` it has seen."""

    def __init__(self) -> None:
        self.any: set[str] = {'sec'}           # created anywhere (for names after a dot)
        self.top: set[str] = set()             # created at top level
        self.template: Optional[set[str]] = None   # created in the template being defined

    def section_name(self, name: str, after_dot: bool) -> bool:
        if after_dot:
            return name in self.any
        if self.template is not None:
            return name in self.template
        return name in self.top

    def observe(self, node: ast.Node) -> None:
        """Note the sections a parsed top-level statement declares, and template bounds."""
        if isinstance(node, ast.BeginTemplate):
            self.template = set()
            return
        if isinstance(node, ast.EndTemplate):
            self.template = None
            return
        for decl in _walk(node):
            if isinstance(decl, ast.Declare) and decl.kind == 'create':
                names = [n for n, _ in decl.items]
                self.any.update(names)
                if self.template is not None:
                    self.template.update(names)
                else:
                    self.top.update(names)


def _walk(node):
    yield node
    for child in node.children():
        yield from _walk(child)


_NUMBER = r'[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?'
_DATA_LINE = re.compile(r'\s*%s(\s+%s)*\s*$' % (_NUMBER, _NUMBER))
_LOADERS = ('load_file', 'xopen')


def _is_data_line(text: str) -> bool:
    """A line of bare numbers: data that fscan() reads, not a statement."""
    return bool(text.strip()) and _DATA_LINE.match(text) is not None


def _loaded_file(node: ast.Node, base_dir: str) -> Optional[str]:
    """The file a top-level ``load_file("f")``/``xopen("f")`` names, if it can be found."""
    if not (isinstance(node, ast.ExprStmt) and isinstance(node.expr, ast.Call)):
        return None
    call = node.expr
    if not (isinstance(call.func, ast.Name) and call.func.name in _LOADERS and call.args):
        return None
    name = call.args[-1] if call.func.name == 'load_file' else call.args[0]
    if not isinstance(name, ast.Str):
        return None
    for d in (base_dir, os.getcwd()):
        candidate = os.path.join(d, name.value)
        if os.path.isfile(candidate):
            return candidate
    return None


_IDENT = re.compile(r'[A-Za-z_][A-Za-z0-9_]*')
_READS_DATA = re.compile(r'\b(fscan|getstr)\s*\(')


def _parse_assuming_sections(stream: StringSource, start: tuple, tracker: SectionTracker):
    """Parse again, from ``start``, the statement that just failed, taking names of its text as
    sections one at a time while each moves the error further on.  The node, or None (the
    stream then stands where the first failure left it)."""
    end = _mark(stream)
    text = (start[2] or '') + ''.join(stream.lines[start[0]:end[0]])
    candidates = list(dict.fromkeys(n for n in _IDENT.findall(text) if n not in KEYWORDS))
    assumed: set = set()

    def attempt(names: set):
        _rewind(stream, start)
        try:
            return parse_statement(stream, lambda n, after_dot: n in names
                                   or tracker.section_name(n, after_dot)), None
        except HocError as e:
            c = e.coord
            return None, (c.line, c.column) if c is not None else (0, 0)

    node, where = attempt(assumed)
    while node is None and candidates:
        for name in candidates:
            node, further = attempt(assumed | {name})
            if node is not None or further > where:
                assumed.add(name)
                candidates.remove(name)
                where = further
                break
        else:
            break
    if node is None:
        _rewind(stream, end)
    return node


def _mark(stream: StringSource) -> tuple:
    return stream.pos, stream.lineno, stream.rest, stream.last_text


def _rewind(stream: StringSource, mark: tuple) -> None:
    stream.pos, stream.lineno, stream.rest, stream.last_text = mark


def check_stream(stream: StringSource, label: str, out: Optional[TextIO],
                 tracker: Optional[SectionTracker] = None, base_dir: str = '.',
                 seen: Optional[set] = None) -> int:
    """Parse every statement of ``stream``; print each syntax error; return the error count.

    What is not reported (sections the checker cannot see, fscan data) is said in the module
    docstring.  Files loaded with a literal ``load_file``/``xopen`` name are read (silently)
    for the sections they create.  ``out=None`` counts errors without printing them.
    """
    tracker = tracker or SectionTracker()
    seen = seen if seen is not None else set()
    reads_data = _READS_DATA.search(''.join(stream.lines)) is not None
    errors = 0
    while True:
        start = _mark(stream)
        try:
            node = parse_statement(stream, tracker.section_name)
        except HocError as e:
            coord = e.coord
            line = coord.line if coord is not None else stream.lineno
            if coord is not None and _is_data_line(coord.text):
                continue
            node = _parse_assuming_sections(stream, start, tracker)
            if node is not None:
                tracker.observe(node)
                continue
            if reads_data:
                continue
            errors += 1
            if out is not None:
                out.write('%s:%d: %s\n' % (label, line, e.message))
            continue
        if node is None:
            return errors
        tracker.observe(node)
        loaded = _loaded_file(node, base_dir)
        if loaded is not None:
            _learn_sections(loaded, tracker, seen)


def _file_source(path: str) -> StringSource:
    """The file as a rewindable stream (the checker parses some statements twice)."""
    with open(path, 'r', encoding='utf-8', errors='surrogateescape', newline='') as f:
        return StringSource(f.read(), path)


def _learn_sections(path: str, tracker: SectionTracker, seen: set) -> None:
    key = os.path.realpath(path)
    if key in seen:
        return
    seen.add(key)
    try:
        stream = _file_source(path)
    except OSError:
        return
    saved = tracker.template
    tracker.template = None
    check_stream(stream, path, None, tracker, os.path.dirname(path), seen)
    tracker.template = saved


def check_files(paths: Iterable[str], out: Optional[TextIO] = None) -> int:
    """Check each file; 1 if any error (or unreadable file), else 0."""
    out = out if out is not None else sys.stdout
    paths = list(paths)
    if not paths:
        sys.stderr.write('pyhoc: --check needs at least one FILE\n')
        return 1
    status = 0
    for path in paths:
        try:
            stream = _file_source(path)
        except OSError as e:
            out.write('%s:0: cannot open (%s)\n' % (path, e.strerror or e))
            status = 1
            continue
        if check_stream(stream, path, out, SectionTracker(), os.path.dirname(path) or '.',
                        {os.path.realpath(path)}):
            status = 1
    return status
