"""Input sources: the line-oriented streams that statements and ``fscan()`` read from.

The interpreter keeps a stack of these (a file being run, an ``execute()`` string, the REPL).
Statements and data share one reader: after a statement has run, ``fscan()``/``getstr()``
take the next unread characters of the same stream.
"""
from __future__ import annotations

import re
from typing import Callable, Optional

_WORD = re.compile(r'\s*(\S+)').match          # the next word (str.isspace's white space)
_NONSPACE = re.compile(r'\S').search            # anything but white space left?


class SourceStream:
    """A named, line-oriented stream with a running line number and a partial-line buffer."""

    def __init__(self, name: Optional[str]):
        self.name = name
        self.lineno = 0
        self.rest: Optional[str] = None   # unread part of the current line (after fscan)
        self.last_text = ''

    def _next_line(self) -> Optional[str]:
        raise NotImplementedError

    def readline(self) -> Optional[str]:
        """The next line (with its newline), or None at end of input."""
        if self.rest is not None:
            text, self.rest = self.rest, None
            return text
        text = self._next_line()
        if text is None:
            return None
        self.lineno += 1
        if '\r' in text:
            text = text.replace('\r\n', '\n').replace('\r', '\n')
        self.last_text = text
        return text

    # -- data reading for fscan()/getstr() -------------------------------------------------
    def read_word(self) -> Optional[str]:
        """Next whitespace-delimited word, crossing lines; None at EOF."""
        while True:
            text = self.readline()
            if text is None:
                return None
            m = _WORD(text)
            if m is None:
                continue
            end = m.end()
            if _NONSPACE(text, end) is not None:
                self.rest = text[end:]
            return m.group(1)

    def read_line_rest(self) -> Optional[str]:
        """The rest of the current line including its newline (getstr)."""
        return self.readline()

    def unread(self, text: str) -> None:
        """Put text back in front of the stream (the rest of a word fscan did not use)."""
        if text:
            self.rest = text + (self.rest or '')


class StringSource(SourceStream):
    """HOC text held in memory: ``execute()``, ``h('...')``, ``-c`` arguments."""

    keep_parse = False      # fixed text (a library's): its parse is kept on disk (parsecache.py)

    def __init__(self, text: str, name: Optional[str] = None, first_line: int = 1):
        super().__init__(name)
        if '\r' in text:
            text = text.replace('\r\n', '\n').replace('\r', '\n')
        self.lines = text.splitlines(keepends=True)
        self.pos = 0
        self.lineno = first_line - 1

    def readline(self) -> Optional[str]:
        rest = self.rest
        if rest is not None:
            self.rest = None
            return rest
        pos = self.pos
        if pos >= len(self.lines):
            return None
        self.pos = pos + 1
        self.lineno += 1
        text = self.last_text = self.lines[pos]
        return text


class FileSource(SourceStream):
    """A HOC file, read a line at a time as statements need it (a generated file of millions
    of lines is never held whole); closed at its end."""

    def __init__(self, path: str, display_name: Optional[str] = None):
        super().__init__(display_name or path)
        self.path = path
        # (universal newlines: \r\n and \r end a line and read as \n)
        self._file = open(path, 'r', encoding='utf-8', errors='surrogateescape')
        if self._file.read(1) != '\ufeff':     # a UTF-8 byte-order mark is skipped
            self._file.seek(0)

    def readline(self) -> Optional[str]:
        rest = self.rest
        if rest is not None:
            self.rest = None
            return rest
        f = self._file
        if f is None:
            return None
        text = f.readline()
        if not text:
            f.close()
            self._file = None
            return None
        self.lineno += 1
        self.last_text = text
        return text

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class CallbackSource(SourceStream):
    """Lines from a function (the REPL prompt, or standard input)."""

    def __init__(self, readline: Callable[[], Optional[str]], name: Optional[str] = None):
        super().__init__(name)
        self._readline = readline

    def _next_line(self) -> Optional[str]:
        return self._readline()
