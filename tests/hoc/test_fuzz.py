"""Fuzzing the interpreter: random and mutated HOC text must only ever raise HOC errors.

The short tests run each input in a fresh interpreter with loops, files and process control
kept out.  ``test_long_lived_interpreter`` runs thousands of mutations of the suite's own HOC
corpus (tests/hoc/scripts and SEEDS) through one interpreter in safe mode, with a handful of
simulations in between, and asserts: only HOC errors (no Python error surfacing as a HOC
"internal error" either), no hang (an input is interrupted after LIMIT_S, as Ctrl-C does, and
must stop within HANG_S), and memory growth under MEMORY_BOUND_MB.  ``PYHOC_FUZZ_INPUTS=50000``
runs a longer one with fresh random inputs (the suite's run is the same every time).
"""
import io
import os
import re
import resource
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from pyhoc.errors import HocError, HocExit
from pyhoc.hoc.interpreter import Interpreter, _python_error_message
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


def _mutate(draw, text):
    """One random edit of HOC text: delete, duplicate or insert characters, insert or delete
    a token, or swap two lines."""
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


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        text = _mutate(draw, text)
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


# ---------------------------------------------------------------- one long-lived interpreter

SCRIPTS = Path(__file__).parent / 'scripts'
CORPUS = SEEDS + [p.read_text(encoding='utf-8', errors='replace')
                  for p in sorted(SCRIPTS.rglob('*.hoc')) if p.stat().st_size < 4000]
INPUTS = int(os.environ.get('PYHOC_FUZZ_INPUTS', '3000'))      # set: a longer, random run
LIMIT_S = 1.0            # then the input is interrupted (interp.interrupted, as Ctrl-C)
HANG_S = 10.0            # an input still running then has hung
MEMORY_BOUND_MB = 150    # resident memory growth allowed after the warm-up inputs
WARMUP = 200
SIM_EVERY = 400
# multi-step runs and huge sizes are left out: runs are the harness's, sizes are not the point
_EXCLUDED_RE = re.compile(r'run|solve|\d{6,}|\d[eE]\+?(?:[5-9]|\d\d)')
# Python errors a HOC error may stand for on purpose (division, overflow, deep recursion,
# an allocation beyond the data limit set here)
_MAPPED = (ZeroDivisionError, OverflowError, RecursionError, MemoryError)

SIM = """forall delete_section()
objref fz_stim, fz_cv
create fz_soma
fz_cv = new CVode()
fz_cv.active(0)
celsius = 6.3
dt = 0.025
secondorder = 0
fz_soma { nseg = 3  L = 20  diam = 20  insert hh }
fz_soma fz_stim = new IClamp(0.5)
fz_stim.del = 0.5
fz_stim.dur = 1
fz_stim.amp = 0.5
finitialize(-65)
fz_vmax = -100
while (t < 4) { fadvance()  if (fz_soma.v(0.5) > fz_vmax) fz_vmax = fz_soma.v(0.5) }
"""


class Hang(BaseException):
    """Raised by the alarm when an input has not stopped HANG_S after it started."""


def _rss_mb() -> float:
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE') / 2 ** 20


class Session:
    """The interpreter every input runs through, and what is checked after each."""

    def __init__(self):
        self.out = io.StringIO()
        self.interp = Interpreter(stdout=self.out, stderr=self.out, gui=False, safe=True)
        self.count = 0
        self.sims = 0
        self.baseline = None
        self.fired = False
        self.outcomes = {'ok': 0, 'error': 0, 'exit': 0, 'interrupted': 0}

    def _interrupt(self):
        self.fired = True
        self.interp.interrupted = True

    def run(self, text: str) -> None:
        """Run one input: a HOC error, an exit or an interruption is fine, nothing else."""
        interp = self.interp
        _parser().lexer.begin('INITIAL')
        self.fired = False
        timer = threading.Timer(LIMIT_S, self._interrupt)
        limit = sys.getrecursionlimit()
        timer.start()
        signal.setitimer(signal.ITIMER_REAL, HANG_S)
        try:
            interp.run_text(text + '\n')
            self.outcomes['ok'] += 1
        except HocError as e:
            cause = e.__context__      # a Python error turned into a HOC error as it was
            if isinstance(cause, Exception) and not isinstance(cause, _MAPPED) \
                    and e.message == _python_error_message(cause) \
                    and (e.message in (str(cause), type(cause).__name__)
                         or e.message.startswith('internal error')):
                raise AssertionError('a Python error surfaced as a HOC error: %r for\n%s'
                                     % (cause, text)) from cause
            self.outcomes['error'] += 1
            interp.reset_after_error()
        except HocExit:
            self.outcomes['exit'] += 1
            interp.reset_after_error()
        except KeyboardInterrupt:
            if not self.fired:
                raise
            self.outcomes['interrupted'] += 1
            interp.reset_after_error()
        except Hang:
            raise AssertionError('input still running after %g s:\n%s' % (HANG_S, text)) from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            timer.cancel()
            interp.interrupted = False
            sys.setrecursionlimit(limit)
            self.out.seek(0)
            self.out.truncate()
        self.count += 1
        if self.count % SIM_EVERY == 0:
            self.simulate()
        if self.count == WARMUP:
            self.baseline = _rss_mb()
        elif self.baseline is not None and self.count % 100 == 0:
            self.check_memory()

    def simulate(self) -> None:
        """A short hh simulation in whatever state the inputs left (less their sections, which
        may hold any parameters): it must still spike."""
        self.interp.reset_after_error()      # an input may end inside begintemplate
        self.interp.obj_stack.clear()        # or leave an object_push
        try:
            self.interp.run_text(SIM)
        except HocError as e:
            raise AssertionError('the simulation after %d inputs failed: %s'
                                 % (self.count, e)) from e
        vmax = self.interp.eval_string('fz_vmax')
        assert vmax > 0, 'the simulation after %d inputs did not spike (%g)' % (self.count, vmax)
        self.sims += 1

    def check_memory(self) -> None:
        grown = _rss_mb() - self.baseline
        assert grown < MEMORY_BOUND_MB, 'memory grew %.0f MB over %d inputs' % (grown, self.count)


@st.composite
def corpus_mutation(draw):
    """A corpus text with a few byte, token and line edits, sometimes spliced with another."""
    text = draw(st.sampled_from(CORPUS))
    if draw(st.integers(0, 3)) == 0:
        other = draw(st.sampled_from(CORPUS)).split('\n')
        i = draw(st.integers(0, len(other) - 1))
        lines = text.split('\n')
        j = draw(st.integers(0, len(lines)))
        text = '\n'.join(lines[:j] + other[i:i + draw(st.integers(1, 6))] + lines[j:])
    for _ in range(draw(st.integers(0, 4))):
        text = _mutate(draw, text)
    return text


def _raise_hang(*args):
    raise Hang()


@pytest.fixture
def fuzz_env(tmp_path, monkeypatch):
    """A scratch folder (safe mode keeps the inputs in it), an empty stdin for fscan()/getstr(),
    the hang alarm, and a data-size limit so that a huge allocation fails instead of swapping."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, 'stdin', io.StringIO())
    old_alarm = signal.signal(signal.SIGALRM, _raise_hang)
    old_data = resource.getrlimit(resource.RLIMIT_DATA)
    with open('/proc/self/status') as f:
        vmdata = int(re.search(r'VmData:\s+(\d+)', f.read()).group(1)) * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (vmdata + 2 ** 31, old_data[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, old_data)
        signal.signal(signal.SIGALRM, old_alarm)


def test_long_lived_interpreter(fuzz_env):
    session = Session()
    started = time.perf_counter()
    session.simulate()              # compiles the simulator's kernels before memory is measured

    @settings(max_examples=INPUTS, deadline=None, database=None,
              derandomize='PYHOC_FUZZ_INPUTS' not in os.environ,
              suppress_health_check=list(HealthCheck))
    @given(corpus_mutation())
    def run_input(text):
        assume(not _EXCLUDED_RE.search(text))
        session.run(text)
    run_input()
    session.simulate()
    session.check_memory()
    assert session.count >= INPUTS // 2 and session.sims >= 3
    print('%d inputs (%s), %d simulations in %.1f s, memory %+.0f MB' % (
        session.count, session.outcomes, session.sims, time.perf_counter() - started,
        _rss_mb() - session.baseline))


def test_interrupt_reaches_hoc_functions_a_builtin_calls(fuzz_env):
    """Vector.apply (like fit_praxis) calls a HOC function from a Python loop: the
    interruption is seen at the next call, as NEURON sees it at the next instruction."""
    session = Session()
    started = time.perf_counter()
    session.run('objref vv\nvv = new Vector(20000000)\nfunc f() { return $1 + 1 }\n'
                'vv.apply("f")')
    assert session.outcomes['interrupted'] == 1
    assert time.perf_counter() - started < LIMIT_S + 2
    session.run('y = f(41)')
    assert session.outcomes['ok'] == 1 and session.interp.eval_string('y') == 42.0


def test_endless_input_is_interrupted_and_the_session_goes_on(fuzz_env):
    session = Session()
    started = time.perf_counter()
    session.run('x = 0\nproc spin() { while (1) { x = x + 1 } }\nspin()')
    assert session.outcomes['interrupted'] == 1
    assert time.perf_counter() - started < LIMIT_S + 2
    session.run('y = 2 * 21')
    assert session.outcomes['ok'] == 1 and session.interp.eval_string('y') == 42.0
