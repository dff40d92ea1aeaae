"""The statements parsed from a HOC file, kept on disk for the next process that runs it.

Parsing is most of the time a process spends reading a session or model file, or defining
pyhoc's library HOC (the PLY parser makes a node at a time in Python); unpickling the same
trees is about three times faster.  A file's (or library text's) entry is found by its bytes
and the line it starts counting from, is used only for the same bytes and parser source (a
new grammar or node class starts afresh), and holds, for every place a statement began
(line and column, as ``fscan`` can leave the stream mid-file), the tree, the line it ended
on, and the answers to the parser's questions about the interpreter (whether a name is a
section there, what kind of name heads an object expression): the tree is reused only where
every answer still holds, else the statement is parsed again.  A long top-level block is kept
packed by statement shape (shapes.py): one tree a shape and the numbers of each statement.

The folder is ``$PYHOC_CACHE_DIR/hoc``, else ``~/.cache/pyhoc/hoc``; ``PYHOC_HOC_CACHE=0``
turns the cache off.  Entries are written whole and renamed into place, so processes that
share the folder never read half an entry.
"""
from __future__ import annotations

import marshal
import os
import pickle
import stat
import sys
import zlib
from typing import Callable, Optional

from .. import bytecache
from . import shapes
from .source import FileSource, StringSource

FORMAT = 8
MAX_BYTES = 1 << 22           # larger files (generated morphologies) are parsed every time
MAX_FILES = 2000              # entries kept in the folder (prune)
_PARSER_FILES = ('parser.py', 'lexer.py', 'ast.py', '_parsetab.pickle', 'parsecache.py',
                 'shapes.py')
_fingerprint: Optional[str] = None
_running: list = []           # the FileParses of the sources being run, innermost last (or None)


def folder() -> str:
    return os.path.join(bytecache.cache_base(), 'hoc')


def enabled() -> bool:
    return os.environ.get('PYHOC_HOC_CACHE', '1').strip() not in ('0', '')


def _digest(data: bytes) -> str:
    """A name for ``data`` (zlib's checksums: hashlib would load OpenSSL, ~6 ms a process;
    an entry holds its text, compared whole, so a shared name costs a parse, never a tree)."""
    return '%08x%08x%x' % (zlib.crc32(data), zlib.adler32(data), len(data))


def parse_statement(stream, section_name=None, object_name=None):
    """parser.parse_statement: the parser (its module, the lexer's patterns, the tables) is
    imported at the first statement that is not in the cache, which a warm run may not have."""
    from .parser import parse_statement as parse
    return parse(stream, section_name, object_name)


def _parser_fingerprint() -> str:
    """The digest of the files that decide what a parse gives, by their sizes and times of
    change, as Python checks its bytecode caches (reading and hashing their 135 KB cost every
    process 1.4M instructions)."""
    global _fingerprint
    if _fingerprint is None:
        here = os.path.dirname(os.path.abspath(__file__))
        parts = [b'pyhoc-hoc-parse %d' % FORMAT]
        for name in _PARSER_FILES:
            st = os.stat(os.path.join(here, name))
            parts.append(b'%s %d %d' % (name.encode(), st.st_size, st.st_mtime_ns))
        _fingerprint = _digest(b'\0'.join(parts))
    return _fingerprint


class FileParses:
    """One file's (or string's) cached statements, by where each began: ``entries`` (line,
    column) -> (the line it ended on, ((name, after_dot, is_section) or (name, None,
    object_name's answer), ...)), ``trees`` the
    same places -> the statement's tree (None at the end).  The trees of a file are one
    pickle, loaded at once when the file is opened: one unpickling per file, not one per
    statement with its own look-up of every node class.  ``codes``: the Python code of the
    file's HOC functions (pycode.py), marshalled, by their source, for this Python."""

    __slots__ = ('path', 'text', 'entries', 'trees', 'blob', 'new', 'codes', 'dirty')

    def __init__(self, path: str, text: bytes, entries: dict, blob: Optional[bytes],
                 codes: Optional[dict] = None):
        self.path = path
        self.text = text
        self.entries = entries
        self.blob = blob              # the trees as read (pristine copies for save)
        self.trees = pickle.loads(blob) if blob else {}
        self.new: dict = {}           # place -> the pickled tree of a statement parsed now
        self.codes: dict = codes if codes is not None else {}
        self.dirty = False

    @classmethod
    def open(cls, stream) -> Optional['FileParses']:
        """The cache of what ``stream`` holds, a file or a library's text, empty if none yet;
        None when it is not cached (other strings, not a regular file, too large, cache
        turned off)."""
        if not enabled():
            return None
        if type(stream) is StringSource:
            if not stream.keep_parse or stream.pos or stream.rest is not None:
                return None
            data = ''.join(stream.lines).encode('utf-8', 'surrogateescape')
        elif type(stream) is FileSource:
            try:
                with open(stream.path, 'rb') as f:
                    st = os.fstat(f.fileno())
                    if not (st.st_size <= MAX_BYTES and stat.S_ISREG(st.st_mode)):
                        return None
                    data = f.read()
            except OSError:
                return None
        else:
            return None
        # (where the stream starts counting lines is part of what the entries say)
        text = b'%d\0' % stream.lineno + data
        # (named by the parser's version too: processes of two versions share a folder)
        path = os.path.join(folder(), '%s-%s.pickle' % (_digest(text), _parser_fingerprint()))
        try:
            with open(path, 'rb') as f:
                fingerprint, held, entries, blob, tag, codes = pickle.load(f)
            if fingerprint != _parser_fingerprint() or held != text:
                entries, blob, codes = {}, None, None
            return cls(path, text, entries, blob,
                       codes if tag == sys.implementation.cache_tag else None)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
                IndexError, TypeError, ValueError):
            return cls(path, text, {}, None)

    def parse(self, stream, section_name: Callable, object_name: Optional[Callable] = None):
        """parse_statement(stream, section_name, object_name), from the cache where it holds."""
        rest = stream.rest
        if rest is None:
            start = (stream.lineno + 1, 0)
        elif stream.last_text.endswith(rest):
            start = (stream.lineno, len(stream.last_text) - len(rest))
        else:                        # (text put back that the file does not hold there)
            return parse_statement(stream, section_name, object_name)
        hit = self.entries.get(start)
        if hit is not None and start in self.trees:
            end, answers = hit
            # (after_dot None: an answer of object_name's)
            if all((section_name(name, after_dot) if after_dot is not None else
                    object_name(name) if object_name is not None else None) == answer
                   for name, after_dot, answer in answers):
                # take the statement's lines from the stream, as the parse would have
                stream.rest = None
                while stream.lineno < end and stream.readline() is not None:
                    pass
                return self.trees.pop(start)      # (each tree is run once)
        asked: dict = {}

        def asking(name: str, after_dot: bool) -> bool:
            key = (name, after_dot)
            a = asked.get(key)
            if a is None:
                a = asked[key] = bool(section_name(name, after_dot))
            return a

        def asking_object(name: str) -> str:
            key = (name, None)
            a = asked.get(key)
            if a is None:
                a = asked[key] = object_name(name)
            return a

        node = shapes.packed(parse_statement(stream, asking,
                                             asking_object if object_name is not None else None))
        if stream.rest is None:       # (the end too: no parser is loaded to find it)
            self.entries[start] = (stream.lineno, tuple(k + (a,) for k, a in asked.items()))
            self.new[start] = pickle.dumps(node, pickle.HIGHEST_PROTOCOL)
            self.dirty = True
        return node

    def save(self) -> None:
        """Write the entries if this run added any (errors are not the run's concern): the
        trees read, as they were read, and the ones parsed now, in one pickle."""
        if not self.dirty:
            return
        self.dirty = False
        trees = pickle.loads(self.blob) if self.blob else {}
        for start, blob in self.new.items():
            trees[start] = pickle.loads(blob)
        blob = pickle.dumps(trees, pickle.HIGHEST_PROTOCOL)
        new = not os.path.exists(self.path)
        if write_whole(self.path, lambda f: pickle.dump(
                (_parser_fingerprint(), self.text, self.entries, blob,
                 sys.implementation.cache_tag, self.codes), f, pickle.HIGHEST_PROTOCOL)) \
                and new:
            prune(os.path.dirname(self.path), '.pickle', MAX_FILES)


def running(parses: Optional[FileParses]):
    """The interpreter runs the statements of ``parses``'s source (None: one not cached)
    until ``done()``: the functions it defines keep their code with it."""
    _running.append(parses)


def done() -> None:
    _running.pop()


def code(src: str):
    """The code kept for a function of Python source ``src`` with the file being run, else
    None."""
    parses = _running[-1] if _running else None
    if parses is not None:
        data = parses.codes.get(src)
        if data is not None:
            try:
                return marshal.loads(data)
            except (EOFError, ValueError, TypeError):
                del parses.codes[src]
    return None


def keep_code(src: str, code) -> None:
    """Keep ``code`` with the file being run (written when the file is done)."""
    parses = _running[-1] if _running else None
    if parses is not None and src not in parses.codes:
        parses.codes[src] = marshal.dumps(code)
        parses.dirty = True


def write_whole(path: str, dump) -> bool:
    """Write a cache file by ``dump(f)`` into a temporary file renamed into place, so a
    parallel process never reads half of it; False where the folder is not writable."""
    tmp = '%s.%d.tmp' % (path, os.getpid())
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, 'wb') as f:
            dump(f)
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def prune(folder: str, suffix: str, most: int) -> None:
    """Past ``most`` files ending in ``suffix``, remove the older half (by the time each was
    written): every file a user runs once leaves an entry."""
    try:
        files = [e for e in os.scandir(folder) if e.name.endswith(suffix)]
        if len(files) <= most:
            return
        files.sort(key=lambda e: e.stat().st_mtime)
        for e in files[:len(files) // 2]:
            os.unlink(e.path)
    except OSError:
        pass
