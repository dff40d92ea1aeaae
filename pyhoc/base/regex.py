"""NEURON's section-name patterns (forsec, ifsec, issection) as Python regular expressions.

NEURON turns '<' '>' into '[' ']' and escapes '[' ']', then hands the text to C++'s
std::regex (ECMAScript, libstdc++), which takes a quantifier after a quantifier as applying to
the quantified atom: ``forsec "*2*"`` makes ``.**2*.*``, i.e. ``(?:.*)*2*.*``, which matches
every name.  Python's re refuses that ('multiple repeat'), so such stacks are grouped here.
"""
from __future__ import annotations

_QUANT = '*+?'


def _brace_end(p: str, i: int) -> int:
    """The end of a ``{m}``/``{m,}``/``{m,n}`` quantifier starting at p[i], else -1."""
    j = p.find('}', i)
    if j < 0:
        return -1
    body = p[i + 1:j]
    parts = body.split(',')
    if len(parts) > 2 or not parts[0].isdigit() or (len(parts) == 2 and parts[1] and
                                                     not parts[1].isdigit()):
        return -1
    return j + 1


def stack_quantifiers(p: str) -> str:
    """ECMAScript text where a quantifier may follow a quantifier, as Python text: each such
    repeat applies to the group of what came before it (``a**`` -> ``(?:a*)*``); a lazy '?'
    right after a quantifier stays what it is."""
    out: list = []          # pieces; atom_at indexes the piece where the last atom starts
    atom_at = -1
    opens: list = []
    quantified = False      # the last piece is a quantifier
    i, n = 0, len(p)
    while i < n:
        c = p[i]
        q = None
        if c in _QUANT:
            q = c
            i += 1
        elif c == '{' and _brace_end(p, i) > 0:
            e = _brace_end(p, i)
            q = p[i:e]
            i = e
        if q is not None:
            if quantified and q == '?' and out[-1] != '?':
                out.append(q)           # lazy: a*? is the same in both
                continue
            if quantified and atom_at >= 0:
                out[atom_at:] = ['(?:' + ''.join(out[atom_at:]) + ')']
            out.append(q)
            quantified = True
            continue
        quantified = False
        if c == '\\' and i + 1 < n:
            atom_at = len(out)
            out.append(p[i:i + 2])
            i += 2
        elif c == '[':
            j = i + 1
            if j < n and p[j] == '^':
                j += 1
            if j < n and p[j] == ']':
                j += 1
            while j < n and p[j] != ']':
                j += 2 if p[j] == '\\' else 1
            atom_at = len(out)
            out.append(p[i:j + 1])
            i = j + 1
        elif c == '(':
            opens.append(len(out))
            out.append(c)
            atom_at = -1
            i += 1
        elif c == ')':
            out.append(c)
            atom_at = opens.pop() if opens else -1
            i += 1
        elif c in '|^$':
            out.append(c)
            atom_at = -1
            i += 1
        else:
            atom_at = len(out)
            out.append(c)
            i += 1
    return ''.join(out)


def section_pattern(pattern: str) -> str:
    """A forsec/ifsec/issection pattern as Python regex text (to be fully matched):
    '<' '>' are '[' ']', '[' ']' are literal, stacked quantifiers grouped."""
    text = ''.join({'<': '[', '>': ']', '[': '\\[', ']': '\\]'}.get(c, c) for c in pattern)
    return stack_quantifiers(text)
