"""HOC's printf engine (printf, sprint, fprint, File.printf), sscanf and number printing.

HOC does not hand the whole format to C's printf.  It walks the format, copies plain text, and
on a ``%`` collects characters up to the first of ``d o x c f e g s %``; that fragment is given
to the C library together with ONE argument, converted as the terminating letter asks:

* ``d o x c``: the number cast to C ``int`` (``long`` when the fragment holds an ``l``); values
  outside the range become the most negative integer, as the x86 conversion does;
* ``f e g``: the number as a double;
* ``s``: a string, or the name of an object (``NULLobject`` for a null objref);
* ``%``: the fragment without its final ``%`` is copied as text (``%%`` gives ``%``).

So ``%i %X %E %G %u`` are not conversions of their own: their characters are collected into the
fragment until a later terminator (``"%i x"`` is formatted as one C format with one int).  A
fragment left open at the end of the format is copied literally.  This module re-creates that,
with a small emulation of the C library's handling of the fragment.
"""
from __future__ import annotations

import math
import re
import struct
from typing import Any, Callable, Sequence

from ...errors import HocError

__all__ = ['format_hoc', 'print_number', 'c_number', 'scan_hoc', 'ScanList',
           'check_scan_format', 'hoc_sscanf', 'TERMINATORS']

TERMINATORS = 'doxcfegs%'

_INT_MIN = -(1 << 31)
_LONG_MIN = -(1 << 63)


def _nan_text(x: float, upper: bool = False) -> str:
    s = 'nan' if math.copysign(1.0, x) > 0 else '-nan'
    return s.upper() if upper else s


def print_number(x: Any) -> str:
    """What HOC's ``print`` writes for a number: C ``%.8g`` (``-nan`` when the sign bit is set)."""
    x = float(x)
    if x != x:
        return _nan_text(x)
    return '%.8g' % x


def c_number(x: Any, fmt: str = '%.8g') -> str:
    """Format one double with a C format, giving NaN its C spelling (``nan``/``-nan``)."""
    return _c_format(fmt, [float(x)])


def _to_c_int(x: float, bits: int) -> int:
    """C's (int)/(long) cast of a double, as x86 does it (out of range, inf, nan: the minimum)."""
    lo = -(1 << (bits - 1))
    if x != x or math.isinf(x):
        return lo
    v = int(x)  # truncation toward zero
    if v < lo or v > -lo - 1:
        return lo
    return v


def _wrap(v: int, bits: int, signed: bool) -> int:
    v &= (1 << bits) - 1
    if signed and v >= 1 << (bits - 1):
        v -= 1 << bits
    return v


# --------------------------------------------------------------------- C format emulation

_SPEC = re.compile(r"%(?P<flags>[-+ #0']*)(?P<width>\*|\d+)?(?:\.(?P<prec>\*|\d*))?"
                   r"(?P<len>hh|h|ll|l|q|L|j|z|Z|t)?(?P<conv>.?)", re.S)

_VALID_CONV = set('diouxXcsfFeEgGaA%pn')


def _arg_int(args: list, i: int) -> tuple[int, int]:
    if i < len(args):
        a = args[i]
        if isinstance(a, str):
            return 0, i + 1
        try:
            return int(a) if not isinstance(a, float) else _to_c_int(a, 64), i + 1
        except (TypeError, ValueError):
            return 0, i + 1
    return 0, i + 1  # C would read garbage


def _arg_float(args: list, i: int) -> tuple[float, int]:
    if i < len(args) and isinstance(args[i], (int, float)):
        return float(args[i]), i + 1
    return 0.0, i + 1


def _pad(body: str, width: int, left: bool, zero_ok: bool, flags: str) -> str:
    if width <= len(body):
        return body
    if left:
        return body.ljust(width)
    if zero_ok and '0' in flags:
        sign = ''
        if body[:1] in '+- ':
            sign, body = body[0], body[1:]
        prefix = ''
        if body[:2].lower() == '0x':
            prefix, body = body[:2], body[2:]
        return sign + prefix + body.rjust(width - len(sign) - len(prefix), '0')
    return body.rjust(width)


def _format_spec(m: re.Match, args: list, ai: int) -> tuple[str, int]:
    flags = m.group('flags') or ''
    flags = flags.replace("'", '')
    width_s = m.group('width')
    prec_s = m.group('prec')
    length = m.group('len') or ''
    conv = m.group('conv')
    width = 0
    left = '-' in flags
    if width_s == '*':
        w, ai = _arg_int(args, ai)
        if w < 0:
            left, w = True, -w
        width = w
    elif width_s:
        width = int(width_s)
    prec = None
    if prec_s is not None:
        if prec_s == '*':
            p, ai = _arg_int(args, ai)
            prec = p if p >= 0 else None
        else:
            prec = int(prec_s) if prec_s else 0
    pyflags = ''.join(c for c in '+ #' if c in flags)

    if conv in 'di':
        v, ai = _arg_int(args, ai)
        bits = {'hh': 8, 'h': 16, '': 32}.get(length, 64)
        v = _wrap(v, bits, True)
        if prec is not None:
            digits = '' if (prec == 0 and v == 0) else str(abs(v)).rjust(prec, '0')
            sign = '-' if v < 0 else ('+' if '+' in flags else (' ' if ' ' in flags else ''))
            return _pad(sign + digits, width, left, False, flags), ai
        body = ('%' + pyflags.replace('#', '') + 'd') % v
        return _pad(body, width, left, True, flags), ai
    if conv in 'ouxX':
        v, ai = _arg_int(args, ai)
        bits = {'hh': 8, 'h': 16, '': 32}.get(length, 64)
        v = _wrap(v, bits, False)
        if conv == 'u':
            digits = str(v)
        elif conv == 'o':
            digits = '%o' % v
        else:
            digits = ('%' + conv) % v
        if prec is not None:
            digits = '' if (prec == 0 and v == 0) else digits.rjust(prec, '0')
        if '#' in flags:
            if conv == 'o' and not digits.startswith('0'):
                digits = '0' + digits
            elif conv in 'xX' and v != 0:
                digits = ('0' + conv) + digits
        return _pad(digits, width, left, prec is None, flags), ai
    if conv == 'c':
        v, ai = _arg_int(args, ai)
        ch = chr(v & 0xff)
        return _pad(ch, width, left, False, flags), ai
    if conv == 's':
        if ai < len(args):
            s = args[ai]
            s = s if isinstance(s, str) else _obj_text(s)
        else:
            s = '(null)'
        ai += 1
        if prec is not None:
            s = s[:prec]
        return _pad(s, width, left, False, flags), ai
    if conv in 'fFeEgGaA':
        x, ai = _arg_float(args, ai)
        if math.isinf(x) or x != x:
            upper = conv in 'FEGA'
            if x != x:
                body = _nan_text(x, upper)
                if body[0] != '-' and ('+' in flags or ' ' in flags):
                    body = ('+' if '+' in flags else ' ') + body
            else:
                body = ('-' if x < 0 else ('+' if '+' in flags else (' ' if ' ' in flags else ''))) + 'inf'
                body = body.upper() if upper else body
            return _pad(body, width, left, False, flags), ai
        if conv in 'aA':
            body = float.hex(x)  # close to C's %a; rarely used in HOC
            return _pad(body, width, left, True, flags), ai
        spec = '%' + pyflags + ('.%d' % prec if prec is not None else '') + conv
        body = spec % x
        return _pad(body, width, left, True, flags), ai
    if conv == '%':
        return '%', ai
    if conv == 'p':
        _, ai = _arg_int(args, ai)
        return _pad('(nil)', width, left, False, flags), ai
    if conv == 'n':
        return '', ai + 1
    # unknown conversion: the C library copies the specification as text
    return m.group(0), ai


def _c_format(fmt: str, args: list) -> str:
    """A C printf of ``fmt`` with ``args`` (ints, floats, strs); output stops at a NUL byte."""
    out = []
    i = 0
    ai = 0
    n = len(fmt)
    while i < n:
        j = fmt.find('%', i)
        if j < 0:
            out.append(fmt[i:])
            break
        out.append(fmt[i:j])
        m = _SPEC.match(fmt, j)
        if not m.group('conv'):
            out.append(fmt[j:])
            break
        text, ai = _format_spec(m, args, ai)
        out.append(text)
        i = m.end()
    s = ''.join(out)
    k = s.find('\0')
    return s if k < 0 else s[:k]


# --------------------------------------------------------------------- HOC printf

def _obj_text(o: Any) -> str:
    if o is None:
        return 'NULLobject'
    name = getattr(o, 'hoc_name', None)
    if callable(name):
        return name()
    return str(o)


def _number_arg(a: Any) -> float:
    if isinstance(a, (int, float)):
        return float(a)
    if isinstance(a, str):
        raise HocError('bad stack access: expecting double; really char**')
    if a is None or hasattr(a, 'hoc_name'):
        raise HocError('bad stack access: expecting double; really Object** -> %s' % _obj_text(a))
    try:
        return float(a)
    except (TypeError, ValueError):
        raise HocError('bad stack access: expecting double') from None


def _string_arg(a: Any) -> str:
    if isinstance(a, str):
        return a
    if isinstance(a, (int, float)):
        raise HocError('Expecting string argument')
    from ...base.refs import Ref
    if isinstance(a, Ref):
        raise HocError('Expecting string argument')
    return _obj_text(a)


_PY_SIMPLE = re.compile(r'%([-+ 0#]*)(\d*)(\.\d+)?([dsfeg])\Z')
_PY_SPECS: dict = {}     # a printf fragment -> the Python % format giving C's text, or ''


def _py_spec(frag: str) -> str:
    """The Python format of a fragment such as ``%d``, ``%-8.3f``, ``%10s`` whose Python
    ``%`` text is C's (no length modifier, ``*``, or precision on ``%d``), else ''."""
    m = _PY_SIMPLE.match(frag)
    if m is None:
        return ''
    flags, width, prec, conv = m.groups()
    if conv in 'ds':
        if prec is not None and conv == 'd':
            return ''
        flags = flags.replace('#', '')
    return '%' + flags + width + (prec or '') + conv


def format_hoc(fmt: str, args: Sequence[Any], name: str = 'printf') -> str:
    """Format as HOC's printf/sprint/fprint do; ``name`` words the too-few-arguments error."""
    if not isinstance(fmt, str):
        raise HocError('Expecting string argument')
    out: list[str] = []
    i = 0
    n = len(fmt)
    ai = 0
    while i < n:
        j = fmt.find('%', i)
        if j < 0:
            out.append(fmt[i:])
            break
        out.append(fmt[i:j])
        k = j + 1
        while k < n and fmt[k] not in TERMINATORS:
            k += 1
        if k >= n:  # never terminated: copied as it is
            out.append(fmt[j:])
            break
        frag = fmt[j:k + 1]
        conv = fmt[k]
        i = k + 1
        if conv == '%':
            out.append(frag[:-1])
            continue
        if ai >= len(args):
            raise HocError('%s not enough arguments' % name)
        a = args[ai]
        ai += 1
        py = _PY_SPECS.get(frag)
        if py is None:
            py = _PY_SPECS[frag] = _py_spec(frag)
        if py:      # Python's own % gives C's text: finite numbers, strings without NUL
            if conv == 'd':
                out.append(py % _to_c_int(_number_arg(a), 32))
                continue
            if conv == 's':
                text = py % _string_arg(a)
                if '\0' not in text:
                    out.append(text)
                    continue
            else:
                x = _number_arg(a)
                if x - x == 0.0:
                    out.append(py % x)
                    continue
        if conv == 's':
            cargs: list = [_string_arg(a)]
        elif conv in 'feg':
            cargs = [_number_arg(a)]
        else:
            cargs = [_to_c_int(_number_arg(a), 64 if 'l' in frag else 32)]
        out.append(_c_format(frag, cargs))
    return ''.join(out)


# --------------------------------------------------------------------- sscanf

class ScanList(list):
    """Values scanned, in order; ``count`` is C sscanf's result (-1: input ended first)."""

    count: int = 0


_SCAN_SPEC = re.compile(r'%(?P<sup>\*)?(?P<width>\d+)?(?P<len>l)?'
                        r'(?P<conv>\[\^?\]?[^\]]*\]|.)?', re.S)

# conversion -> kind of target HOC accepts ('num' or 'str'); others are unknown to HOC
_HOC_SCAN_KIND = {'d': 'num', 'i': 'num', 'o': 'num', 'u': 'num', 'x': 'num',
                  'e': 'num', 'f': 'num', 'g': 'num', 'c': 'num', 's': 'str', '[': 'str'}


def _scan_directives(fmt: str) -> list:
    """Split a scanf format: ('ws',), ('lit', ch), ('spec', sup, width, long, conv)."""
    out = []
    i = 0
    n = len(fmt)
    while i < n:
        c = fmt[i]
        if c.isspace():
            while i < n and fmt[i].isspace():
                i += 1
            out.append(('ws',))
            continue
        if c != '%':
            out.append(('lit', c))
            i += 1
            continue
        m = _SCAN_SPEC.match(fmt, i)
        conv = m.group('conv') or ''
        if conv == '%':
            out.append(('pct',))
        else:
            out.append(('spec', bool(m.group('sup')),
                        int(m.group('width')) if m.group('width') else None,
                        bool(m.group('len')), conv))
        i = m.end()
    return out


def check_scan_format(fmt: str, kinds: Sequence[str], first_arg: int = 3) -> None:
    """NEURON's checks of an sscanf format against its targets before scanning.

    ``kinds`` holds 'num' for a ``&x`` pointer and 'str' for a strdef, one per target; targets
    are numbered from ``first_arg`` in the messages (``sscanf(s, fmt, ...)`` starts at 3).
    """
    k = 0
    for d in _scan_directives(fmt):
        if d[0] != 'spec' or d[1]:
            continue
        _, _, width, is_long, conv = d
        argn = first_arg + k
        key = conv[:1]
        kind = _HOC_SCAN_KIND.get(key)
        if kind is None or (key == 'c' and (width is not None or is_long)) or \
                (kind == 'str' and is_long):
            raise HocError('scan error: unknown conversion specifier for arg %d' % argn)
        if k >= len(kinds):
            raise HocError('scan error: missing arg %d' % argn)
        if kind == 'num' and kinds[k] != 'num':
            raise HocError('scan error: arg %d must be a pointer to a number' % argn)
        if kind == 'str' and kinds[k] != 'str':
            raise HocError('scan error: arg %d must be a string' % argn)
        k += 1


_FLOAT_RE = re.compile(r'[+-]?(?:inf(?:inity)?|nan(?:\([0-9a-z_]*\))?|'
                       r'0x(?:[0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)(?:p[+-]?\d+)?|'
                       r'(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)', re.I)
_INT_RE = {10: re.compile(r'[+-]?\d+'), 8: re.compile(r'[+-]?[0-7]+'),
           16: re.compile(r'[+-]?(?:0x)?[0-9a-f]+', re.I)}
_AUTO_RE = re.compile(r'[+-]?(?:0x[0-9a-f]+|0[0-7]*|[1-9]\d*)', re.I)


def _parse_float(tok: str) -> float:
    t = tok.lower()
    if 'x' in t:
        sign = -1.0 if t.startswith('-') else 1.0
        body = t.lstrip('+-')
        if 'p' not in body:
            body += 'p0'
        return sign * float.fromhex(body)
    if 'nan' in t:
        return -math.nan if t.startswith('-') else math.nan
    return float(t)


def _to_float32(x: float) -> float:
    try:
        return struct.unpack('f', struct.pack('f', x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def _scan_set(spec: str) -> Callable[[str], bool]:
    body = spec[1:-1]
    neg = body.startswith('^')
    if neg:
        body = body[1:]
    chars = set()
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == '-' and i > 0 or \
                (i == 0 and i + 2 < len(body) and body[1] == '-'):
            lo, hi = body[i], body[i + 2]
            if lo <= hi:
                chars.update(chr(c) for c in range(ord(lo), ord(hi) + 1))
            else:
                chars.update((lo, '-', hi))
            i += 3
        else:
            chars.add(body[i])
            i += 1
    return (lambda c: c not in chars) if neg else (lambda c: c in chars)


def scan_hoc(text: str, fmt: str) -> ScanList:
    """C sscanf of ``text``: the values converted (numbers as float, strings as str).

    ``%d %i %o %u %x`` (``l`` for long), ``%e %f %g`` (``%lf``...), ``%c`` (the character code),
    ``%s``, ``%[set]``, ``%*`` suppression, widths, whitespace and literal matching.  The result's
    ``count`` is what C's sscanf returns: the values stored, or -1 when the input ran out before
    the first conversion.
    """
    res = ScanList()
    pos = 0
    n = len(text)
    converted = 0  # conversions done, suppressed ones included
    eof_fail = False

    def skip_ws() -> None:
        nonlocal pos
        while pos < n and text[pos].isspace():
            pos += 1

    for d in _scan_directives(fmt):
        kind = d[0]
        if kind == 'ws':
            skip_ws()
            continue
        if kind == 'lit':
            if pos >= n:
                eof_fail = True
                break
            if text[pos] != d[1]:
                break
            pos += 1
            continue
        if kind == 'pct':
            skip_ws()
            if pos >= n:
                eof_fail = True
                break
            if text[pos] != '%':
                break
            pos += 1
            continue
        _, sup, width, is_long, conv = d
        if not conv:
            break
        key = conv[0]
        if key not in 'c[':
            skip_ws()
        if pos >= n:
            eof_fail = True
            break
        limit = n if width is None else min(n, pos + width)
        seg = text[pos:limit]
        value: Any
        if key in 'diouxX':
            base = {'d': 10, 'u': 10, 'o': 8, 'x': 16, 'X': 16}.get(key)
            m = (_AUTO_RE if base is None else _INT_RE[base]).match(seg)
            if not m:
                break
            tok = m.group(0)
            if base is None:
                body = tok.lstrip('+-')
                sign = -1 if tok.startswith('-') else 1
                if body[:2].lower() == '0x':
                    v = sign * int(body[2:], 16)
                elif body.startswith('0'):
                    v = sign * int(body, 8)
                else:
                    v = sign * int(body)
            else:
                v = int(tok, base)
            bits = 64 if is_long else 32
            v = _wrap(max(min(v, (1 << 64) - 1), -(1 << 64)), bits, key in 'di')
            value = float(v)
            pos += len(tok)
        elif key in 'eEfFgGaA':
            m = _FLOAT_RE.match(seg)
            if not m:
                break
            tok = m.group(0)
            value = _parse_float(tok)
            if not is_long:  # %f %e %g store a C float
                value = _to_float32(value)
            pos += len(tok)
        elif key == 'c':
            w = width or 1
            if n - pos < w:
                eof_fail = pos >= n
                break
            value = float(ord(text[pos])) if w == 1 else text[pos:pos + w]
            pos += w
        elif key == 's':
            k = 0
            while k < len(seg) and not seg[k].isspace():
                k += 1
            value = seg[:k]
            pos += k
        elif key == '[':
            ok = _scan_set(conv)
            k = 0
            while k < len(seg) and ok(seg[k]):
                k += 1
            if k == 0:
                break
            value = seg[:k]
            pos += k
        else:
            break
        converted += 1
        if not sup:
            res.append(value)
    res.count = -1 if (eof_fail and converted == 0) else len(res)
    return res


def hoc_sscanf(text: str, fmt: str, targets: Sequence[Any], first_arg: int = 3) -> float:
    """The whole ``sscanf(string, format, &x, strdef, ...)``: check, scan, store, count."""
    from ...base.refs import Ref, StrRef, set_string
    kinds = ['str' if isinstance(t, StrRef) or (isinstance(t, Ref) and isinstance(t.get(), str))
             else 'num' for t in targets]
    check_scan_format(fmt, kinds, first_arg)
    values = scan_hoc(text, fmt)
    for t, v in zip(targets, values):
        if isinstance(v, str):
            set_string(t, v)
        else:
            t.set(v)
    return float(values.count)
