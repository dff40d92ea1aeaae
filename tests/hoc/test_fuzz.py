"""Fuzzing the interpreter: random and mutated HOC text must only ever raise HocError.

Loops, file access and process control are kept out (seeds have no loops; generated text
containing a forbidden word is discarded) so that every example finishes quickly.
"""
import io
import re
import sys

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from pyhoc.errors import HocError, HocExit
from pyhoc.hoc.interpreter import Interpreter
from pyhoc.hoc.parser import _parser

FORBIDDEN = ('while', 'for', 'quit', 'system', 'chdir', 'xopen', 'load_', 'wopen', 'ropen',
             'hoc_stdout', 'execute', 'iterator', 'getstr', 'fscan', 'File', 'Vector',
             'Matrix', 'run', 'continuerun', 'stop', 'nrn', 'fprint',
             'Graph', 'xpanel', 'doEvents', 'unix_mac_pc', 'neuron_home', 'setpointer',
             'Random')
_FORBIDDEN_RE = re.compile('|'.join(re.escape(w) for w in FORBIDDEN))

SEEDS = [
    'x = 1\ny = x * 2 + 3\nz = -y^2 % 7\n',
    'a = b = 3\nc = a == b && !(a < b) || 0\n',
    'strdef s\ns = "hello\\tworld"\nn = strcmp(s, "x")\n',
    'double a[3]\na[1] = 5\na[2] = a[1] / 2\n',
    'func sq() { return $1 * $1 }\nr = sq(3) + sq(4)\n',
    'proc show() { local t\n t = $1 + 1\n if (t > 2) { t = 2 } else { t = 0 }\n}\nshow(5)\n',
    'objref o\no = new List()\nk = o.count()\n',
    'begintemplate Pt\npublic x, set\nx = 0\nproc set() { x = $1 }\nendtemplate Pt\n'
    'objref p\np = new Pt()\np.set(4)\nq = p.x\n',
    'create soma, dend\nsoma { diam = 10 L = 10 insert pas }\nconnect dend(0), soma(1)\n'
    'access soma\nd = diam\n',
    'if (1 < 2) { w = 1 } else { w = 2 }\nu = (w != 1) * 3\n',
    'obfunc mk() { localobj l\n l = new List()\n return l }\nobjref m\nm = mk()\n',
    'x = sin(0.5) + cos(0) + exp(1) - log(2) + sqrt(4) + abs(-3) + int(2.7)\n',
    'strdef ts\nts = "a\\"b"\nlen = 3 /* block\ncomment */\ne = 1e3 + .5 + 5.\n',
]

TOKENS = ['x', 'y', 'a', 'soma', 'o', 'f', '1', '2.5', '.5', '1e3', '"s"', '$1', '$s1', '$o1',
          '(', ')', '[', ']', '{', '}', '+', '-', '*', '/', '%', '^', '=', '+=', '==', '<',
          '>=', '&&', '||', '!', ',', '.', ':', '&', ';', '\n', 'if', 'else', 'proc', 'func',
          'obfunc', 'return', 'break', 'continue', 'double', 'strdef', 'objref', 'create',
          'local', 'localobj', 'new', 'List', 'begintemplate', 'endtemplate', 'public',
          'external', 'access', 'insert', 'uninsert', 'connect', 'forall', 'ifsec', 'delete',
          'diam', 'L', 'x(0.5)', 'sec', 'sin', 'strcmp', 'object_id', '//', '/*', '*/', '#']
CHARS = st.sampled_from(list('xyz019.,;:(){}[]+-*/^%=<>!&|"$\\ \n\tsoe#') + ['\x1a'])


def run_hoc(text):
    # the parser's shared lexer keeps an open /* comment state across sources (a known bug,
    # see test_parser.test_unterminated_comment_does_not_leak_into_next_source): start clean
    # so that failures reproduce
    _parser().lexer.begin('INITIAL')
    out, err = io.StringIO(), io.StringIO()
    interp = Interpreter(stdout=out, stderr=err)
    limit = sys.getrecursionlimit()
    try:
        interp.run_text(text)
    except (HocError, HocExit):
        pass
    finally:
        sys.setrecursionlimit(limit)
    return out.getvalue(), err.getvalue()


def safe(text):
    return not _FORBIDDEN_RE.search(text)


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(['del', 'dup', 'ins', 'tok', 'deltok', 'swapline']))
        pos = draw(st.integers(0, len(text)))
        if op == 'del' and text:
            n = draw(st.integers(1, 3))
            text = text[:pos] + text[pos + n:]
        elif op == 'dup':
            n = draw(st.integers(1, 8))
            text = text[:pos] + text[pos:pos + n] * 2 + text[pos + n:]
        elif op == 'ins':
            text = text[:pos] + draw(CHARS) + text[pos:]
        elif op == 'tok':
            text = text[:pos] + ' ' + draw(st.sampled_from(TOKENS)) + ' ' + text[pos:]
        elif op == 'deltok':
            m = re.compile(r'\S+').search(text, pos)
            if m:
                text = text[:m.start()] + text[m.end():]
        else:
            lines = text.split('\n')
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = '\n'.join(lines)
    return text


random_tokens = st.lists(st.sampled_from(TOKENS), max_size=40).map(' '.join)
random_chars = st.text(CHARS, max_size=60)

FUZZ = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])


@FUZZ
@given(mutated())
def test_mutated_programs_raise_only_hoc_errors(text):
    assume(safe(text))
    run_hoc(text)


@FUZZ
@given(random_tokens)
def test_random_token_text_raises_only_hoc_errors(text):
    assume(safe(text))
    run_hoc(text)


@FUZZ
@given(random_chars)
def test_random_characters_raise_only_hoc_errors(text):
    assume(safe(text))
    run_hoc(text)


@given(st.sampled_from(SEEDS))
@settings(max_examples=len(SEEDS), deadline=None)
def test_seeds_run_cleanly(text):
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    try:
        interp.run_text(text)
    except HocError as e:
        if 'not available in this build' not in e.message:   # sections need pyhoc.sim
            raise


def test_syntax_error_at_open_block_comment_is_a_hoc_error():
    # found by the fuzzer: the feeder's synthetic NEWLINE token (_Tok, with __slots__) cannot
    # take the .lexer attribute PLY sets on an error token -> AttributeError escapes
    run_hoc('v = /* open comment\nw = 1\n')
