"""HOC's StringFunctions class.

head/tail search with NEURON's regular expressions, which are C++ ``std::regex`` in the POSIX
extended grammar: ``. * + ? {m,n} [...] [[:class:]] ^ $ | ( )``, backslash only before a special
character, and the leftmost-longest match.  They are translated to Python ``re`` here.  A bad
pattern prints the C++ library's message on stderr and the call returns -1 (no HOC error).
"""
from __future__ import annotations

import functools
import re
import weakref
from typing import Any, Optional

from ...errors import HocError
from ...base.objects import HocObject
from ...base.refs import Ref, set_string

_MISSING = object()

# object -> {alias name: Ref or object}; see ``aliases()``
_ALIASES: 'weakref.WeakKeyDictionary[Any, dict[str, Any]]' = weakref.WeakKeyDictionary()

def aliases(obj: Any) -> dict:
    """The aliases made with ``StringFunctions.alias`` for obj (name -> Ref or object).

    The interpreter looks here when ``obj.name`` is not a member: a Ref alias reads and writes
    the variable, any other value is the aliased object.
    """
    try:
        return _ALIASES.get(obj) or {}
    except TypeError:
        return {}


def _interp(owner: Any = None) -> Any:
    """The interpreter ``owner`` (a StringFunctions) belongs to, else the running one."""
    from ...base.context import current
    return current(owner)


def _write(text: str) -> None:
    try:
        _interp().write(text)
    except Exception:  # no interpreter: plain stdout
        import sys
        sys.stdout.write(text)


def _warn(text: str) -> None:
    """NEURON prints regular expression errors on stderr."""
    import sys
    try:
        err = _interp().stderr
    except Exception:
        err = sys.stderr
    err.write(text)


class _RegexError(Exception):
    pass


_SPECIAL_ESCAPES = '.[\\()*+?{|^$'
_MISMATCH = "Mismatched '(' and ')' in regular expression"
_POSIX_CLASSES = {
    'alpha': 'a-zA-Z', 'digit': '0-9', 'alnum': 'a-zA-Z0-9', 'upper': 'A-Z', 'lower': 'a-z',
    'space': ' \\t\\n\\r\\f\\v', 'blank': ' \\t', 'xdigit': '0-9A-Fa-f',
    'punct': re.escape('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'), 'cntrl': '\\x00-\\x1f\\x7f',
    'print': '\\x20-\\x7e', 'graph': '\\x21-\\x7e', 'w': 'a-zA-Z0-9_', 's': ' \\t\\n\\r\\f\\v',
    'd': '0-9',
}


def _class_char(c: str) -> str:
    return '\\' + c if c in '\\]^-[' else c


def _bracket(p: str, i: int) -> tuple[str, int]:
    """Translate the POSIX bracket expression starting at p[i] == '['; (text, next index)."""
    n = len(p)
    j = i + 1
    neg = j < n and p[j] == '^'
    if neg:
        j += 1
    items = []
    first = True
    while True:
        if j >= n:
            raise _RegexError('Unexpected character in bracket expression.')
        c = p[j]
        if c == ']' and not first:
            j += 1
            break
        first = False
        if c == '[' and j + 1 < n and p[j + 1] == ':':
            k = p.find(':]', j + 2)
            if k < 0:
                raise _RegexError('Unexpected character in bracket expression.')
            cls = _POSIX_CLASSES.get(p[j + 2:k])
            if cls is None:
                raise _RegexError('Invalid character class.')
            items.append(cls)
            j = k + 2
            continue
        if j + 2 < n and p[j + 1] == '-' and p[j + 2] != ']':
            lo, hi = c, p[j + 2]
            if lo > hi:
                raise _RegexError('Invalid range in bracket expression.')
            items.append(_class_char(lo) + '-' + _class_char(hi))
            j += 3
            continue
        items.append(_class_char(c))
        j += 1
    return '[' + ('^' if neg else '') + ''.join(items) + ']', j


def _translate(p: str) -> str:
    """POSIX extended regular expression (as std::regex::extended reads it) -> Python re."""
    out: list = []  # [text, quantified]
    stack: list[int] = []
    can_repeat = False
    i = 0
    n = len(p)
    while i < n:
        c = p[i]
        if c == '\\':
            if i + 1 >= n:
                raise _RegexError('Unexpected end of regex when escaping.')
            d = p[i + 1]
            if d not in _SPECIAL_ESCAPES:
                raise _RegexError('Unexpected escape character.')
            out.append([re.escape(d), False])
            can_repeat = True
            i += 2
        elif c == '[':
            text, i = _bracket(p, i)
            out.append([text, False])
            can_repeat = True
        elif c == '(':
            if i + 1 < n and p[i + 1] in '*+?{':
                raise _RegexError('Parenthesis is not closed.')
            stack.append(len(out))
            out.append(['(?:', False])
            can_repeat = False
            i += 1
        elif c == ')':
            if not stack:
                raise _RegexError(_MISMATCH)
            k = stack.pop()
            group = ''.join(t for t, _ in out[k:]) + ')'
            del out[k:]
            out.append([group, False])
            can_repeat = True
            i += 1
        elif c in '*+?{':
            if not can_repeat or not out:
                raise _RegexError(_MISMATCH)
            if c == '{':
                m = re.match(r'\{(\d+)(,(\d*))?\}', p[i:])
                if not m:
                    raise _RegexError('Unexpected token in brace expression.')
                if m.group(3) and int(m.group(3)) < int(m.group(1)):
                    raise _RegexError('Invalid range in brace expression.')
                q = m.group(0)
            else:
                q = c
            i += len(q)
            text, quantified = out.pop()
            if quantified:
                text = '(?:' + text + ')'
            out.append([text + q, True])
        elif c == '|':
            out.append(['|', False])
            can_repeat = False
            i += 1
        elif c in '^$':
            out.append([c, False])
            can_repeat = False
            i += 1
        elif c == '.':
            out.append(['.', False])
            can_repeat = True
            i += 1
        else:
            out.append([re.escape(c), False])
            can_repeat = True
            i += 1
    if stack:
        raise _RegexError('Parenthesis is not closed.')
    return ''.join(t for t, _ in out)


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> Any:
    try:
        return re.compile(_translate(pattern))
    except _RegexError as e:
        return str(e)
    except re.error as e:  # should not happen; keep the call harmless
        return str(e)


@functools.lru_cache(maxsize=1024)
def _anchored(source: str, remaining: int) -> 're.Pattern[str]':
    return re.compile('(?:%s)(?=[\\s\\S]{%d}\\Z)' % (source, remaining))


def _search(pattern: str, s: str) -> Optional[tuple[int, int]]:
    """POSIX search: the leftmost match, the longest one there; None if none (or bad pattern)."""
    rx = _compiled(pattern)
    if isinstance(rx, str):
        _warn(rx + '\n')
        return None
    m = rx.search(s)
    if m is None:
        return None
    start, end = m.start(), m.end()
    for e in range(len(s), end, -1):
        if _anchored(rx.pattern, len(s) - e).match(s, start):
            return start, e
    return start, end


def _int_arg(n: Any, limit: int) -> int:
    i = int(float(n))
    if i < 0 or i > limit:
        raise HocError('Arg out of range in user function')
    return i


class StringFunctions(HocObject):
    """String utilities: ``sf = new StringFunctions()``."""

    def __init__(self, *args: Any):
        pass

    def len(self, s: Any) -> int:
        """Length in bytes (UTF-8), as C's strlen."""
        return len(str(s).encode('utf-8', 'surrogateescape'))

    def substr(self, s: Any, sub: Any) -> int:
        """Byte index of the first occurrence of sub in s, -1 if absent."""
        enc = lambda v: str(v).encode('utf-8', 'surrogateescape')  # noqa: E731
        return enc(s).find(enc(sub))

    def right(self, strdef: Any, n: Any) -> float:
        """Keep what follows the first n characters of the strdef."""
        s = str(strdef)
        set_string(strdef, s[_int_arg(n, len(s)):])
        return 1.0

    def left(self, strdef: Any, n: Any) -> float:
        """Keep the first n characters of the strdef."""
        s = str(strdef)
        set_string(strdef, s[:_int_arg(n, len(s))])
        return 1.0

    def head(self, s: Any, pattern: Any, result: Any) -> int:
        """Text before the first match of pattern into result; the match index, or -1."""
        s = str(s)
        m = _search(str(pattern), s)
        if m is None:
            set_string(result, '')
            return -1
        set_string(result, s[:m[0]])
        return int(m[0])

    def tail(self, s: Any, pattern: Any, result: Any) -> int:
        """Text after the first match of pattern into result; the index where it starts, or -1."""
        s = str(s)
        m = _search(str(pattern), s)
        if m is None:
            set_string(result, '')
            return -1
        set_string(result, s[m[1]:])
        return int(m[1])

    def ltrim(self, s: Any, result: Any, chars: Any = None) -> float:
        set_string(result, str(s).lstrip(' \t\n\r\f\v' if chars is None else str(chars)))
        return 0.0

    def rtrim(self, s: Any, result: Any, chars: Any = None) -> float:
        set_string(result, str(s).rstrip(' \t\n\r\f\v' if chars is None else str(chars)))
        return 0.0

    def is_name(self, name: Any) -> bool:
        """1 if name is a HOC symbol (variable, function, template, built-in)."""
        name = str(name)
        if name == '':
            return True  # as NEURON answers
        interp = _interp(self)
        fn = getattr(interp, 'is_name', None)
        if callable(fn):
            return bool(fn(name))
        try:
            from ..interpreter import Frame
            fr = interp.frame or Frame(interp.current_ns())
            return interp.resolve(fr, name) is not None
        except Exception:
            return False

    def is_point_process(self, obj: Any) -> int:
        """A point process's or artificial cell's type number (its place in
        MechanismType(1)'s list, from 1); 0 for any other object."""
        mt = getattr(obj, '_mtype', None)
        if mt is None:
            return 1 if getattr(obj, '_is_point_process', False) else 0
        from ...sim.mechtype import catalogued
        names = [m.name for m in catalogued(mt.model, True)]
        return names.index(mt.name) + 1 if mt.name in names else 1

    def is_artificial(self, obj: Any) -> int:
        """An ARTIFICIAL_CELL's (NetStim, IntFire1...) type number, as is_point_process's;
        0 for any other object."""
        mt = getattr(obj, '_mtype', None)
        if getattr(obj, '_is_artificial', False) or \
                mt is not None and getattr(mt, 'artificial', False):
            return self.is_point_process(obj)
        return 0

    def alias(self, obj: Any, name: Any = None, target: Any = _MISSING, *rest: Any) -> float:
        """``alias(obj, "name", &var)`` or ``alias(obj, "name", object)`` makes obj.name refer
        to it; ``alias(obj, "name")`` removes that alias, ``alias(obj)`` all of them."""
        if obj is None:
            raise HocError('alias: object is NULLobject')
        if name is None:
            _ALIASES.pop(obj, None)
            return 0.0
        table = _ALIASES.get(obj)
        if table is None:
            table = {}
            _ALIASES[obj] = table
        name = str(name)
        if target is _MISSING:
            table.pop(name, None)
            return 0.0
        if isinstance(target, (int, float)) and not isinstance(target, bool):
            raise HocError('bad stack access: expecting neuron::container::generic_data_handle; '
                           'really double %g' % target)
        table[name] = target
        return 0.0

    def alias_list(self, obj: Any) -> Any:
        """A List of String objects (the HOC ``String`` template) naming obj's aliases."""
        interp = _interp(self)
        names = sorted(aliases(obj))
        try:
            from ..interpreter import Frame
            fr = interp.frame or Frame(interp.current_ns())
            sym = interp.resolve(fr, 'String')
        except Exception:
            sym = None
        from ..symbols import Kind
        if sym is None or sym.kind is not Kind.TEMPLATE:
            raise HocError('String is not a HOC template')
        from .list import List
        lst = List()
        for n in names:
            lst.append(interp.new_object(fr, 'String', n))
        return lst

    def references(self, obj: Any) -> int:
        """Print where obj is referenced from; the number of references found."""
        interp = _interp(self)
        finder = getattr(interp, 'find_references', None)
        paths = list(finder(obj)) if callable(finder) and obj is not None else []
        name = obj.hoc_name() if hasattr(obj, 'hoc_name') else ('NULLobject' if obj is None else str(obj))
        # (NEURON's count is the object's reference count; HOC's references are what pyhoc
        # can count: object variables, running procs' localobj, List entries)
        counter = getattr(interp, 'hoc_refcount', None)
        count = max(counter(obj), len(paths)) if callable(counter) and obj is not None \
            else len(paths)
        lines = ['%s has %d references\n' % (name, count)]
        if count:       # (none: NEURON looks no further)
            lines += ['   %s\n' % p for p in paths]
            lines.append('  found %d of them\n' % len(paths))
        _write(''.join(lines))
        return len(paths)

