"""LineLexer (the parser's lexer) gives exactly HocLexer's (PLY's) tokens, errors and states."""
import glob
import os
import random

import pytest

from pyhoc.hoc.lexer import HocLexer, LexError, LineLexer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _ply_tokens(lexer, line):
    lexer.input(line)
    out = []
    try:
        while True:
            t = lexer.token()
            if t is None:
                return out, None
            out.append((t.type, t.value, t.lexpos))
    except LexError as e:
        lexer.begin('INITIAL')
        return None, (str(e), e.column)


def _fast_tokens(lexer, line):
    try:
        return [(t.type, t.value, t.lexpos) for t in lexer.tokens(line, 1)], None
    except LexError as e:
        lexer.begin('INITIAL')
        return None, (str(e), e.column)


def _same(lines, state='INITIAL'):
    ply, fast = HocLexer().build(), LineLexer()
    ply.begin(state)
    fast.begin(state)
    for line in lines:
        a, b = _ply_tokens(ply, line), _fast_tokens(fast, line)
        assert a == b, repr(line)
        assert ply.current_state() == fast.current_state(), repr(line)


def test_corpus_files():
    files = sorted(glob.glob(os.path.join(ROOT, 'tests', '**', '*.hoc'), recursive=True) +
                   glob.glob(os.path.join(ROOT, 'tests', '**', '*.ses'), recursive=True))
    assert files
    for f in files:
        with open(f, encoding='utf-8', errors='surrogateescape') as fh:
            lines = [ln if ln.endswith('\n') else ln + '\n' for ln in fh.read().splitlines(True)]
        _same(lines)


@pytest.mark.parametrize('state', ['INITIAL', 'comment'])
def test_random_lines(state):
    pieces = list('ab_ 19.eE+-*/=<>!&|"\\\t$so%^()[]{},:;#@\x1a\x0b\xe9') + \
        ['help', '/*', '*/', '//', 'if', 'proc', '\n']
    rng = random.Random(7)
    for _ in range(5000):
        line = ''.join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) + '\n'
        _same([line], state)
