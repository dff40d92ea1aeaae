"""Terminal built-ins of classic HOC: xred/sred prompts on standard input, symbols(), the
session audit, and hoc_pointer_."""
from __future__ import annotations

import re
import sys

from ...errors import HocError
from ...base.refs import Ref, set_string
from ..symbols import Array, Kind
from . import builtin

_NUMBER = re.compile(r'\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$')


def _read_line(interp, what: str) -> str:
    """The next line of the process's standard input (NEURON reads it with fgets(stdin), so a
    HOC program piped on stdin gives its next line).  At its end NEURON asks again forever;
    pyhoc stops with an error instead."""
    line = sys.stdin.readline() if sys.stdin is not None else ''
    if not line:
        interp.stderr.write('input error\n')
        raise HocError('%s: end of standard input' % what)
    return line


@builtin('xred')
def xred(interp, prompt, default, low, high):
    """xred("prompt", default, min, max): a number typed on stdin (RETURN gives default),
    asked again until it is within [min, max]."""
    prompt, default, low, high = str(prompt), float(default), float(low), float(high)
    while True:
        interp.stdout.flush()
        interp.stderr.write('%s (%s)' % (prompt, _g5(default)))
        interp.stderr.flush()
        line = _read_line(interp, 'xred')
        if line[0] == '\n':
            value = default
        elif _NUMBER.match(line):
            value = float(line)
        else:
            interp.stderr.write('input error\n')
            continue
        if low <= value <= high:
            return value
        interp.stderr.write('must be > %s and < %s\n' % (_g5(low), _g5(high)))


def _g5(x: float) -> str:
    return '%-.5g' % x


@builtin('sred')
def sred(interp, prompt, default, charlist):
    """sred("prompt", strdef, "charlist"): a word typed on stdin that must be a substring of
    charlist (RETURN gives the strdef's value); it is stored in the strdef and its position in
    charlist returned."""
    prompt, charlist = str(prompt), str(charlist)
    current = str(default)
    while True:
        interp.stdout.flush()
        interp.stderr.write('%s (%s)' % (prompt, current))
        interp.stderr.flush()
        line = _read_line(interp, 'sred')
        text = current if (current and line[0] == '\n') else line.rstrip('\n')
        words = text.split()
        if len(words) == 1:
            pos = charlist.find(words[0])
            if pos >= 0:
                set_string(default, words[0])
                return float(pos)
        interp.stderr.write('input must be a substring of <<%s>>\n' % charlist)


@builtin('symbols')
def symbols(interp):
    """Print the user's top-level functions, procedures and scalar variables by kind."""
    from ..interpreter import CONSTANTS
    groups = {'Functions': [], 'Procedures': [], 'Scalars': []}
    for name, sym in interp.top.syms.items():
        if sym.kind is Kind.FUNC:
            groups['Functions'].append(name)
        elif sym.kind is Kind.PROC:
            groups['Procedures'].append(name)
        elif sym.kind is Kind.NUM and name not in CONSTANTS:
            groups['Scalars'].append(name)
        elif sym.kind is Kind.ARRAY and isinstance(sym.value, Array):
            groups['Scalars'].append(name + ''.join('[%d]' % d for d in sym.value.dims))
    out = []
    for title in ('Builtins', 'Other Builtins', 'Functions', 'Procedures', 'Undefined',
                  'Scalars'):
        out.append('\n%s\n' % title)
        out.extend('\t%s' % n for n in groups.get(title, ()))
        out.append('\n')
    interp.write(''.join(out))
    return 0.0


@builtin('hoc_pointer_')
def hoc_pointer_(interp, ref):
    """hoc_pointer_(&var): keeps the pointer (NEURON's internal way to find a variable's
    address from its name); returns 1."""
    if not isinstance(ref, Ref):
        raise HocError('hoc_pointer_: argument must be a pointer (&var)')
    interp.hoc_pointer = ref
    return 1.0


@builtin('saveaudit')
def saveaudit(interp):
    """Auditing (recording a session's input for replay) is off in NEURON 9 and in pyhoc:
    nothing is saved and 0 returned."""
    return 0.0


@builtin('retrieveaudit')
def retrieveaudit(interp, ident=0.0):
    """Replays a saved audit: as nothing is ever saved (see saveaudit), an error."""
    raise HocError('retrieveaudit: no audit was saved (auditing is off)')
