"""The interactive ``hoc>`` prompt: prompt_toolkit editing over one HOC input stream.

Everything typed goes through a single :class:`CallbackSource`, so a statement and the data
lines after it share one stream: ``x = fscan()`` at the prompt reads the next line typed, as
nrniv does.  Each ``hoc>`` entry is submitted only once it is complete (no open brace or
block comment); it is then served to the parser line by line.  A prompt asked for while a
statement runs (``fscan``/``getstr`` data) shows no prompt and always submits on Enter.

All language logic stays in the interpreter; this module only edits, completes, highlights
and keeps the session alive across errors and Ctrl-C.
"""
from __future__ import annotations

import os
import re
import sys
from typing import Any, Callable, Iterable, Optional

from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.lexers import Lexer

from .errors import Coord, HocError
from .hoc.lexer import KEYWORDS, HocLexer, LexError
from .base.objects import HocObject, iter_public_names
from .hoc.parser import is_complete
from .hoc.source import CallbackSource
from .hoc.symbols import Array, Kind
from .hoc.templates import TemplateInstance

PROMPT = 'hoc> '
CONTINUATION = '...  '
HISTORY_FILE = '~/.pyhoc_history'

STYLES = {
    'hoc.keyword': 'ansiblue bold',
    'hoc.builtin': 'ansimagenta',
    'hoc.number': 'ansicyan',
    'hoc.string': 'ansigreen',
    'hoc.arg': 'ansiyellow',
    'hoc.comment': 'ansibrightblack italic',
    'hoc.error': 'ansired bold',
}
_KEYWORD_TYPES = frozenset(KEYWORDS.values())
_TOKEN_STYLES = {'NUMBER': 'class:hoc.number', 'STRING': 'class:hoc.string',
                 'ARG': 'class:hoc.arg'}


# ---- lexing: highlighting and "is this entry finished?" -------------------------------------
_LEXER = None


def _lexer():
    """A lexer of our own (the parser's shared one keeps state between lines)."""
    global _LEXER
    if _LEXER is None:
        _LEXER = HocLexer().build()
    return _LEXER


def scan(text: str, builtins: Iterable[str] = ()) -> tuple[list[tuple[str, str]], bool]:
    """Style fragments covering ``text``, and whether it ends inside a block comment.

    Whatever the lexer skips that is not white space is a comment.
    """
    lx = _lexer()
    lx.begin('INITIAL')
    lx.input(text)
    spans: list[tuple[int, int, str]] = []
    builtins = builtins if isinstance(builtins, (set, frozenset, dict)) else set(builtins)
    while True:
        try:
            tok = lx.token()
        except LexError as e:                   # a stray character or an unclosed string
            end = max(lx.lexpos, e.column + 1)
            style = 'class:hoc.string' if text[e.column] == '"' else 'class:hoc.error'
            spans.append((e.column, end, style))
            lx.lexpos = end
            continue
        if tok is None:
            break
        if tok.type in _KEYWORD_TYPES:
            style = 'class:hoc.keyword'
        elif tok.type == 'NAME' and tok.value in builtins:
            style = 'class:hoc.builtin'
        else:
            style = _TOKEN_STYLES.get(tok.type, '')
        spans.append((tok.lexpos, lx.lexpos, style))
    open_comment = lx.current_state() == 'comment'
    lx.begin('INITIAL')
    fragments: list[tuple[str, str]] = []
    pos = 0
    for start, end, style in spans:
        _gap(fragments, text[pos:start])
        fragments.append((style, text[start:end]))
        pos = end
    _gap(fragments, text[pos:])
    return fragments, open_comment


def _gap(fragments: list[tuple[str, str]], gap: str) -> None:
    """Text the lexer skipped: white space, then a comment (up to trailing white space)."""
    body = gap.strip()
    if not body:
        if gap:
            fragments.append(('', gap))
        return
    lead = len(gap) - len(gap.lstrip())
    end = lead + len(body)
    for style, part in (('', gap[:lead]), ('class:hoc.comment', body), ('', gap[end:])):
        if part:
            fragments.append((style, part))


def split_lines(fragments: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    lines: list[list[tuple[str, str]]] = [[]]
    for style, text in fragments:
        parts = text.split('\n')
        for i, part in enumerate(parts):
            if i:
                lines.append([])
            if part:
                lines[-1].append((style, part))
    return lines


def entry_complete(text: str) -> bool:
    """Can this ``hoc>`` entry be run: no open brace, block comment or trailing backslash?"""
    if text.rstrip(' \t').endswith('\\'):
        return False
    if scan(text)[1]:
        return False
    return is_complete(text)


# ---- prompt_toolkit adapters -----------------------------------------------------------------
class HocHighlighter(Lexer):
    """prompt_toolkit Lexer over pyhoc's own lexer: keywords, numbers, strings, comments."""

    def __init__(self, interp: Any = None):
        self.interp = interp

    def lex_document(self, document):
        names = self.interp.builtins if self.interp is not None else ()
        lines = split_lines(scan(document.text, names)[0])
        return lambda i: lines[i] if 0 <= i < len(lines) else []


_WORD_RE = re.compile(r'(?:([A-Za-z_]\w*)(?:\[[^\]\[]*\])*\.)?([A-Za-z_]\w*)?$')


class HocCompleter(Completer):
    """Names from the live symbol tables; after ``obj.`` that object's public members."""

    def __init__(self, interp: Any):
        self.interp = interp

    def names(self) -> set[str]:
        from .bridge import top_names
        return top_names(self.interp)

    def members(self, name: str) -> set[str]:
        interp = self.interp
        sym = interp.top.syms.get(name)
        obj = getattr(sym, 'value', None)
        if sym is None or obj is None or isinstance(obj, (float, int, str)):
            return set()
        if interp.sim.is_section(obj) or (isinstance(obj, Array) and sym.kind is Kind.SEC):
            return interp.sim.section_members()     # soma.L, soma.gnabar_hh, dend[0].v
        if isinstance(obj, Array):
            obj = obj.data[0] if obj.data else None
        if isinstance(obj, TemplateInstance):
            return set(obj.template.public)
        if not isinstance(obj, HocObject):
            return set()
        names = set(iter_public_names(obj))
        range_names = getattr(obj, 'range_names', None)    # a point process: HOC spellings
        return names | set(range_names()) if callable(range_names) else names

    def get_completions(self, document, complete_event):
        m = _WORD_RE.search(document.text_before_cursor)
        obj, prefix = m.group(1), m.group(2) or ''
        if obj is None and not prefix:
            return
        pool = self.members(obj) if obj is not None else self.names()
        for name in sorted(n for n in pool if n.startswith(prefix)):
            yield Completion(name, start_position=-len(prefix))


def _history(path: Optional[str]):
    """FileHistory that an unreadable/unwritable file never ends the session over."""
    from prompt_toolkit.history import FileHistory, InMemoryHistory
    if path is None:
        return InMemoryHistory()

    class SafeFileHistory(FileHistory):
        def load_history_strings(self):
            try:
                return list(super().load_history_strings())
            except OSError:
                return []

        def store_string(self, string: str) -> None:
            try:
                super().store_string(string)
            except OSError:
                pass
    return SafeFileHistory(os.path.expanduser(path))


# ---- the input side: one stream for statements and data --------------------------------------
class LineReader:
    """The CallbackSource's line function: one prompt per entry, served a line at a time.

    ``ask(prompt, data)`` returns the text typed (raises EOFError / KeyboardInterrupt).
    ``data`` is True while a statement runs (fscan/getstr reading the next line).
    """

    def __init__(self, interp: Any, ask: Callable[[str, bool], str]):
        self.interp = interp
        self.ask = ask
        self.pending: list[str] = []
        self.eof = False

    def __call__(self) -> Optional[str]:
        if self.pending:
            return self.pending.pop(0)
        data = self.interp.frame is not None
        try:
            self.interp.stdout.flush()
        except Exception:
            pass
        while True:
            try:
                text = self.ask('' if data else PROMPT, data)
                break
            except KeyboardInterrupt:
                if data:
                    raise               # interrupts the fscan()/getstr() waiting for a line
            except EOFError:
                if not data:
                    self.eof = True
                return None
        self.pending = (text + '\n').splitlines(keepends=True)
        return self.pending.pop(0)


def _prompt_asker(interp: Any, input=None, output=None,
                  history_file: Optional[str] = HISTORY_FILE) -> Callable[[str, bool], str]:
    """A PromptSession: Enter runs a complete entry, else opens a continuation line."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.styles import Style

    reader_state = {'data': False}
    kb = KeyBindings()

    @kb.add('enter')
    @kb.add('c-j')
    def _enter(event):
        buf = event.current_buffer
        if reader_state['data'] or entry_complete(buf.text):
            buf.validate_and_handle()
        else:
            buf.insert_text('\n')

    @kb.add('tab', filter=Condition(
        lambda: not _session.default_buffer.document.current_line_before_cursor.strip()))
    def _indent(event):
        event.current_buffer.insert_text('    ')

    _session: Any = PromptSession(
        multiline=True, key_bindings=kb, history=_history(history_file),
        completer=HocCompleter(interp), complete_while_typing=False,
        lexer=HocHighlighter(interp), style=Style.from_dict(STYLES),
        prompt_continuation=lambda width, line_number, soft_wrap: CONTINUATION,
        input=input, output=output)

    def ask(message: str, data: bool) -> str:
        reader_state['data'] = data
        return _session.prompt(message)
    return ask


def _plain_ask(message: str, data: bool) -> str:
    """Standard input that is not a terminal (``-isatty``): plain lines, prompt on stdout."""
    lines: list[str] = []
    while True:
        if message:
            sys.stdout.write(message)
            sys.stdout.flush()
        line = sys.stdin.readline()
        if not line:
            if not lines:
                raise EOFError
            break
        lines.append(line[:-1] if line.endswith('\n') else line)
        if data or entry_complete('\n'.join(lines)):
            break
        message = CONTINUATION
    return '\n'.join(lines)


def run_repl(interp: Any, input=None, output=None,
             history_file: Optional[str] = HISTORY_FILE) -> None:
    """The ``hoc>`` loop; returns at EOF (Ctrl-D).  ``quit()``'s HocExit propagates."""
    interp.interactive = True     # long runs show progress (pyhoc.stdlib.progress)
    ask: Callable[[str, bool], str] = _plain_ask
    if input is not None or (sys.stdin.isatty() and sys.stdout.isatty()):
        try:
            ask = _prompt_asker(interp, input, output, history_file)
        except Exception:   # no usable terminal after all
            ask = _plain_ask
    reader = LineReader(interp, ask)
    stream = CallbackSource(reader, None)
    while not reader.eof:
        try:
            interp.run_source(stream)
            return
        except HocError as e:
            interp.error_message(e)
        except KeyboardInterrupt:
            reader.pending.clear()
            stream.rest = None
            interp.interrupted = False
            text = stream.last_text
            interp.error_message(HocError('interrupted', Coord(
                stream.name, stream.lineno, text, len(text.rstrip('\n')))))
        interp.reset_after_error()
