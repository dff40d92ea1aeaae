"""HOC's File class: text and binary file access from HOC.

The open Python file object is kept in ``_fh`` in binary mode, so other built-ins (Vector's
vwrite/vread/fread/fwrite/scanf/printf) can read and write it directly; the text operations here
decode and encode UTF-8 (undecodable bytes pass through unchanged as surrogates).  Relative names
are resolved against the process's current directory when the file is opened.
"""
from __future__ import annotations

import os
import re
import struct
import tempfile
import weakref
from typing import Any, Optional

from ...errors import HocError
from ...base.context import current
from ...base.objects import HocObject
from ...base.refs import Ref, set_string
from ..safety import refuse
from .fmt import format_hoc

ENCODING = 'utf-8'
ERRORS = 'surrogateescape'

_SPACES = re.compile(rb'[ \t\n\r\x0b\x0c]*')       # (bytes.isspace's set)
_NONSPACES = re.compile(rb'[^ \t\n\r\x0b\x0c]*')
_WORD = re.compile(rb'[ \t\n\r\x0b\x0c]*([^ \t\n\r\x0b\x0c]*)')
# the leading part of a word that C's sscanf("%lf") accepts
_NUMBER_RE = re.compile(rb'[+-]?(?:inf(?:inity)?|nan|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)', re.I)


def decode(b: bytes) -> str:
    return b.decode(ENCODING, ERRORS)


def encode(s: str) -> bytes:
    return s.encode(ENCODING, ERRORS)


_writing: 'weakref.WeakSet' = weakref.WeakSet()     # handles of Files open for writing


def flush_all() -> None:
    """Flush every File open for writing, as C's exit flushes NEURON's: the ``pyhoc``
    command ends without collecting the objects that would flush them (pyhoc.__main__)."""
    for fh in list(_writing):
        try:
            fh.flush()
        except (OSError, ValueError):
            pass


class File(HocObject):
    """``File()`` / ``File("name")``: a named file that can be opened for reading or writing."""

    def __init__(self, name: Any = None, *args: Any):
        self._name: str = '' if name is None else str(name)
        self._fh: Optional[Any] = None
        self._mode: str = ''

    # ------------------------------------------------------------------ helpers
    def _require_open(self) -> Any:
        if self._fh is None:
            raise HocError('%s :file is not open' % self._name)
        return self._fh

    def _open(self, name: Any, mode: str) -> float:
        if mode != 'r':
            refuse(current(self), 'File.%sopen' % mode)
        if name is not None:
            self._name = str(name)
        self.close()
        if not self._name:
            return 0.0
        try:
            self._fh = open(self._name, mode + 'b')
        except OSError:
            self._fh = None
            return 0.0
        self._mode = mode
        if mode != 'r':
            _writing.add(self._fh)
        return 1.0

    def _readable(self) -> bool:
        return self._fh is not None and self._mode == 'r'

    def __del__(self):
        fh = getattr(self, '_fh', None)
        if fh is not None:
            try:
                fh.close()
            except Exception:
                pass
        super().__del__()

    # ------------------------------------------------------------------ opening
    def ropen(self, name: Any = None) -> float:
        """Open for reading; 1 on success, 0 on failure."""
        return self._open(name, 'r')

    def wopen(self, name: Any = None) -> float:
        """Open for writing (truncating); 1 on success, 0 on failure."""
        return self._open(name, 'w')

    def aopen(self, name: Any = None) -> float:
        """Open for appending; 1 on success, 0 on failure."""
        return self._open(name, 'a')

    def close(self, *ignored) -> float:
        """Close; arguments are ignored, as NEURON does (models pass the file's name)."""
        fh = self._fh
        self._fh = None
        self._mode = ''
        if fh is not None:
            try:
                fh.close()
            except OSError:
                pass
        return 0.0

    def isopen(self) -> float:
        return 1.0 if self._fh is not None else 0.0

    def getname(self, strdef: Any = None) -> str:
        if strdef is not None:
            set_string(strdef, self._name)
        return self._name

    def unlink(self) -> float:
        refuse(current(self), 'File.unlink')
        try:
            os.remove(self._name)
        except (OSError, ValueError):
            return 0.0
        return 1.0

    def mktemp(self) -> float:
        """Make a new empty temporary file (``/tmp/nrn...``) and take its name."""
        refuse(current(self), 'File.mktemp')
        try:
            fd, path = tempfile.mkstemp(prefix='nrn', dir=tempfile.gettempdir())
        except OSError:
            return 0.0
        os.close(fd)
        self._name = path
        return 1.0

    def chooser(self, *args: Any) -> float:
        # no GUI: nothing to show; nrniv -nogui answers 1
        return 1.0

    def dir(self) -> str:
        return ''

    # ------------------------------------------------------------------ writing
    def printf(self, fmt: Any, *args: Any) -> float:
        text = format_hoc(str(fmt), args, name='printf')
        fh = self._require_open()
        if self._mode in ('w', 'a'):
            fh.write(encode(text))
        return 0.0

    def flush(self) -> float:
        if self._fh is not None and self._mode in ('w', 'a'):
            self._fh.flush()
        return 1.0

    # ------------------------------------------------------------------ reading
    def gets(self, strdef: Any) -> float:
        """Read a line into strdef (newline kept, added when missing); its length, -1 at EOF."""
        fh = self._require_open()
        if not self._readable():
            return -1.0
        line = fh.readline()
        if not line:
            return -1.0
        if line.endswith(b'\r\n'):
            line = line[:-2] + b'\n'
        elif not line.endswith(b'\n'):
            line += b'\n'
        s = decode(line)
        set_string(strdef, s)
        return float(len(s))

    def _word(self) -> Optional[bytes]:
        """Skip whitespace and read a word (the whitespace after it left unread); None at end
        of file.  Whole runs of the read buffer at a time (``peek``): a model that fscans a
        table of 160000 numbers read them a byte per call (ModelDB 138321: 8 s)."""
        fh = self._fh
        peek = getattr(fh, 'peek', None)
        if peek is None:
            return self._word_bytewise()
        buf = peek(1)
        m = _WORD.match(buf)
        e = m.end()
        if m.start(1) < e < len(buf):       # (the common case: all of it in the buffer)
            fh.read(e)
            return m.group(1)
        while True:
            buf = peek(1)
            if not buf:
                return None
            k = _SPACES.match(buf).end()
            fh.read(k)
            if k < len(buf):
                break
        word = b''
        while True:
            buf = peek(1)
            if not buf:
                return word
            k = _NONSPACES.match(buf).end()
            word += fh.read(k)
            if k < len(buf):
                return word

    def _word_bytewise(self) -> Optional[bytes]:
        fh = self._fh
        c = fh.read(1)
        while c and c.isspace():
            c = fh.read(1)
        if not c:
            return None
        word = bytearray()
        while c and not c.isspace():
            word += c
            c = fh.read(1)
        if c:
            fh.seek(-1, 1)
        return bytes(word)

    def scanvar(self) -> float:
        """The next number in the file; words that do not start with a number are skipped."""
        fh = self._require_open()
        if not self._readable():
            raise HocError('EOF in fscan')
        while True:
            word = self._word()
            if word is None:
                raise HocError('EOF in fscan')
            if word[:1] in b'inIN':     # (NEURON skips such words: no inf or nan is read)
                continue
            m = _NUMBER_RE.match(word)
            if m:
                self._skip_spaces()     # all the white space after a number, blank lines too
                return float(m.group(0))    # (its fscanf "\n"): eof() is then true at the end

    def _skip_spaces(self) -> None:
        fh = self._fh
        peek = getattr(fh, 'peek', None)
        if peek is None:
            c = fh.read(1)
            while c and c.isspace():
                c = fh.read(1)
            if c:
                fh.seek(-1, 1)
            return
        while True:
            buf = peek(1)
            k = _SPACES.match(buf).end()
            fh.read(k)
            if k < len(buf) or not buf:
                return

    def scanstr(self, strdef: Any) -> float:
        """Read the next whitespace-delimited word into strdef; its length, -1 at EOF."""
        self._require_open()
        if not self._readable():
            return -1.0
        word = self._word()
        if word is None:
            return -1.0
        s = decode(word)
        set_string(strdef, s)
        return float(len(s))

    def eof(self) -> float:
        fh = self._require_open()
        if not self._readable():
            return 1.0
        pos = fh.tell()
        c = fh.read(1)
        fh.seek(pos)
        return 0.0 if c else 1.0

    def seek(self, offset: float = 0, whence: float = 0) -> float:
        """fseek: 0 on success, -1 on failure."""
        fh = self._require_open()
        try:
            fh.seek(int(offset), int(whence))
        except (OSError, ValueError):
            return -1.0
        return 0.0

    def tell(self) -> int:
        return int(self._require_open().tell())

    # ------------------------------------------------------------------ binary doubles
    @staticmethod
    def _count_and_ref(args: tuple) -> tuple[int, Any]:
        if len(args) == 1:
            return 1, args[0]
        if len(args) >= 2:
            return int(args[0]), args[1]
        raise HocError('File.vwrite: not enough arguments')

    def vwrite(self, *args: Any) -> float:
        """``vwrite(&x)`` or ``vwrite(n, &x)``: write n doubles starting at x, in binary."""
        n, ref = self._count_and_ref(args)
        fh = self._require_open()
        vals = [_ref_at(ref, i) for i in range(n)]
        fh.write(struct.pack('<%dd' % n, *vals))
        return float(n)

    def vread(self, *args: Any) -> float:
        """``vread(&x)`` or ``vread(n, &x)``: read n binary doubles into x onward."""
        n, ref = self._count_and_ref(args)
        fh = self._require_open()
        data = fh.read(8 * n)
        got = len(data) // 8
        vals = struct.unpack('<%dd' % got, data[:8 * got])
        for i, v in enumerate(vals):
            if isinstance(ref, Ref):
                ref.at(i).set(v)
        return float(got)


def _ref_at(ref: Any, i: int) -> float:
    if isinstance(ref, Ref):
        return float(ref.at(i).get())
    if i == 0:
        return float(ref)
    raise HocError('pointer offset %d out of range' % i)
