"""Vector methods that print, scan and read/write files (mixed into Vector).

File arguments are pyhoc File objects exposing ``_fh``, a binary Python file object.
"""
from __future__ import annotations

import re
import struct
from typing import Any

import numpy as np

from ...errors import HocError
from ...base import context
from .vector_util import _check_type, _chkarg, _err, _isobj

# (patterns compiled at first use, by re's cache: a process that prints no Vector pays nothing)
_SPEC = r'%([-+ #0]*)(\d*|\*)(?:\.(\d*|\*))?(hh|h|ll|l|L|q|j|z|t)?(.|$)'


def _check_printf(owner: 'Vector', fmt: str) -> None:
    """NEURON 9's Vector.printf accepts one floating conversion at most."""
    nconv = 0
    for m in re.finditer(_SPEC, fmt, re.S):
        conv = m.group(5)
        if conv == '%' and m.group(0) == '%%':
            continue
        if conv not in 'eEfFgGaA' or not conv or m.group(4) not in (None, 'l', 'L'):
            raise HocError('%s::printf: invalid format specifier' % owner.hoc_name())
        nconv += 1
        if nconv > 1:
            raise HocError('%s::printf: argument not found' % owner.hoc_name())


def _hexfloat(value: float, upper: bool) -> str:
    s = float(value).hex()  # 0x1.8000000000000p+0
    mant, _, exp = s.partition('p')
    if '.' in mant:
        mant = mant.rstrip('0').rstrip('.')
    s = mant + 'p' + exp
    return s.upper() if upper else s


def _printf1(fmt: str, value: float) -> str:
    """One element through C printf (NEURON passes the format straight to it, unlike HOC's
    own printf, so %E %G %F %a work here)."""
    def sub(m: re.Match) -> str:
        if m.group(0) == '%%':
            return '%'
        flags, width, prec, _len, conv = m.groups()
        if conv in 'aA':
            return ('%' + flags + width + 's') % _hexfloat(value, conv == 'A')
        spec = '%' + flags + width + ('.' + prec if prec is not None else '')
        return (spec + conv) % value
    return re.sub(_SPEC, sub, fmt, flags=re.S)


def _read(fh, n: int) -> bytes:
    """fread(): a file not open for reading yields nothing rather than an error."""
    try:
        return fh.read(n)
    except (OSError, ValueError):
        return b''


def _fh(f: Any):
    _check_type(f, 'File')
    return getattr(f, '_fh', None)


_NUMRE = (rb'(?i)[+-]?(?:(?:0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*(?:[pP][+-]?\d+)?)|'
          rb'(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)')


class _Scanner:
    """hoc_scan over a binary file object: next number, skipping words that are not numbers."""

    def __init__(self, fh):
        self.fh = fh

    def _getc(self) -> bytes:
        return _read(self.fh, 1)

    def _ungetc(self) -> None:
        self.fh.seek(-1, 1)

    def eof(self) -> bool:
        c = self._getc()
        if not c:
            return True
        self._ungetc()
        return False

    def _word(self) -> bytes | None:
        c = self._getc()
        while c and c.isspace():
            c = self._getc()
        if not c:
            return None
        w = bytearray()
        while c and not c.isspace():
            w += c
            c = self._getc()
        if c:
            self._ungetc()
        return bytes(w[:255])

    def scan(self) -> float:
        while True:
            w = self._word()
            if w is None:
                raise _err('EOF in fscan')
            if w[:1] in (b'i', b'n', b'I', b'N'):
                continue
            m = re.match(_NUMRE, w)
            if m and re.search(rb'[0-9]|inf|nan', m.group(0), re.I):
                c = self._getc()  # fscanf(fi, "\n"): swallow following white space
                while c and c.isspace():
                    c = self._getc()
                if c:
                    self._ungetc()
                s = m.group(0).decode()
                return float.fromhex(s) if 'x' in s.lower() else float(s)



class IOMethods:
    """printf/scanf/scantil/fwrite/fread/vwrite/vread of Vector."""

    __slots__ = ()

    # ------------------------------------------------------------------ text and binary I/O
    def printf(self, *args: Any) -> int:
        top = self._n - 1
        start, end = 0, top
        fmt = '%g\t'
        to_file = None
        extra_newline = True
        i = 0
        if args and _isobj(args[0]) and not isinstance(args[0], str):
            _check_type(args[0], 'File')
            to_file = args[0]
            fmt = '%g\n'
            i = 1
        if len(args) > i and isinstance(args[i], str):
            fmt = str(args[i])
            i += 1
            extra_newline = False
            _check_printf(self, fmt)
        if len(args) > i:
            if len(args) == i + 1:      # (a start without its end)
                raise HocError('printf not enough arguments')
            start = int(_chkarg(args[i], 0, top))
            end = int(_chkarg(args[i + 1], start, top))
        vals = self._a
        if to_file is not None:
            out = ''.join(_printf1(fmt, float(vals[j])) for j in range(start, end + 1)) + '\n'
            fh = getattr(to_file, '_fh', None)
            if fh is not None:
                fh.write(out.encode('latin-1', 'replace'))
        else:
            parts = []
            for j in range(start, end + 1):
                parts.append(_printf1(fmt, float(vals[j])))
                if extra_newline and not (j - start + 1) % 5:
                    parts.append('\n')
            if extra_newline:
                parts.append('\n')
            context.current(self).write(''.join(parts))
        return end - start + 1

    def scanf(self, f: Any, *args: Any) -> int:
        fh = _fh(f)
        n, c, nc = -1, 1, 1
        if len(args) >= 3:
            n, c, nc = int(float(args[0])), int(float(args[1])), int(float(args[2]))
        elif len(args) == 2:
            c, nc = int(float(args[0])), int(float(args[1]))
        elif len(args) == 1:
            n = int(float(args[0]))
        if n >= 0:
            self._resize(n)
        elif self._n:
            self._n = 0
        sc = _Scanner(fh)
        i = 0
        while (n < 0 or i < n) and not sc.eof():
            for _j in range(1, c):
                if not sc.eof():
                    sc.scan()
            if not sc.eof():
                v = sc.scan()
                if n >= 0:
                    self._buf[i] = v
                else:
                    self._push(v)
            for _j in range(c, nc):
                if not sc.eof():
                    sc.scan()
            i += 1
        if self._n != i:
            self._resize(i)
        return i

    def scantil(self, f: Any, til: Any, c: Any = None, nc: Any = None) -> int:
        fh = _fh(f)
        self._n = 0
        til = float(til)
        cc, ncc = (int(float(c)), int(float(nc))) if nc is not None else (1, 1)
        sc = _Scanner(fh)
        i = 0
        while True:
            for _j in range(1, cc):
                if sc.scan() == til:
                    return i
            v = sc.scan()
            if v == til:
                break
            self._push(v)
            for _j in range(cc, ncc):
                sc.scan()
            i += 1
        return i

    def fwrite(self, f: Any, *args: Any) -> int:
        top = self._n - 1
        start, end = 0, top
        if args:
            start = int(_chkarg(args[0], 0, top))
            end = int(_chkarg(args[1], start, top))
        fh = _fh(f)
        if fh is None:
            return 0
        if not self._n:
            raise self._range_check('fwrite', 0)
        data = self._buf[start:end + 1]
        fh.write(data.astype('=f8').tobytes())
        return len(data)

    def fread(self, f: Any, n: Any = None, typ: Any = None) -> float:
        _check_type(f, 'File')
        if n is not None:
            self._resize(int(_chkarg(n, 0, 1e10)))
        t = int(_chkarg(typ, 1, 5)) if typ is not None else 4
        fh = getattr(f, '_fh', None)
        if fh is None:
            return 0.0
        cnt = self._n
        if cnt > 0:
            dt = {5: '=i2', 4: '=f8', 3: '=f4', 2: '=u2', 1: 'i1'}[t]
            size = np.dtype(dt).itemsize
            raw = _read(fh, size * cnt)
            got = np.frombuffer(raw[:len(raw) // size * size], dtype=dt).astype(float)
            if t == 4:
                self._buf[:len(got)] = got
            else:
                tmp = np.zeros(cnt)
                tmp[:len(got)] = got
                self._buf[:cnt] = tmp
        return 1.0

    def vwrite(self, f: Any, typ: Any = None) -> float:
        fh = _fh(f)
        if fh is None:
            return 0.0
        n = self._n
        t = int(_chkarg(typ, 1, 5)) if typ is not None else 4
        out = [struct.pack('=ii', n, t)]
        if n == 0 and t == 4:
            fh.write(out[0])
            raise self._range_check('vwrite', 0)
        a = self._a
        if t == 5:
            out.append(np.trunc(a).astype('=i4').tobytes())
        elif t == 4:
            out.append(a.astype('=f8').tobytes())
        elif t == 3:
            out.append(a.astype('=f4').tobytes())
        else:
            lo = float(np.min(a)) if n else 0.0
            hi = float(np.max(a)) if n else 0.0
            r = hi - lo
            high = 65535. if t == 2 else 255.
            sf = high / r if r > 0 else 1.
            out.append(struct.pack('=dd', sf, lo))
            if t == 2:
                out.append(np.trunc((a - lo) * sf).astype('=u2').tobytes())
            else:
                out.append(np.trunc(((a - lo) * sf) - 128.).astype('i1').tobytes())
        fh.write(b''.join(out))
        return 1.0

    def vread(self, f: Any) -> float:
        fh = _fh(f)
        if fh is None:
            return 0.0
        head = _read(fh, 8)
        if len(head) < 8:
            head = head + b'\0' * (8 - len(head))
        n, t = struct.unpack('=ii', head)
        e = '='
        if t < 1 or t > 5:
            n, t = struct.unpack('>ii' if struct.pack('=i', 1)[0] == 1 else '<ii', head)
            e = '>' if struct.pack('=i', 1)[0] == 1 else '<'
            if t < 1 or t > 5:
                return 0.0
        if self._n != n:
            self._resize(n)
        if n == 0 and t == 4:
            raise self._range_check('vread', 0)
        sf, lo = 1., 0.
        if t in (1, 2):
            sf, lo = struct.unpack(e + 'dd', _read(fh, 16).ljust(16, b'\0'))
        dt = {5: e + 'i4', 4: e + 'f8', 3: e + 'f4', 2: e + 'u2', 1: 'i1'}[t]
        size = np.dtype(dt).itemsize
        raw = _read(fh, size * n)
        got = np.frombuffer(raw[:len(raw) // size * size], dtype=dt).astype(float)
        vals = np.zeros(n) if t != 4 else self._a.copy()
        vals[:len(got)] = got
        if t == 2:
            vals = vals / sf + lo
        elif t == 1:
            vals = (vals + 128.) / sf + lo
        self._buf[:n] = vals
        return 1.0

    def _range_check(self, method: str, i: int) -> HocError:
        """NEURON's message when a method touches an element of an empty std::vector."""
        return HocError('%s::%s: vector::_M_range_check: __n (which is %d) >= this->size() '
                        '(which is %d)' % (self.hoc_name(), method, i, self._n))

