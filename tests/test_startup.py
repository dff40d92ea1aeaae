"""What a pyhoc process sets up before it runs anything (pyhoc.__main__, pyhoc/__init__)."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SHOW_TIMEOUT = 'import os; print(os.environ.get("OPENBLAS_THREAD_TIMEOUT"))\n'


def run_script(tmp_path, text, **env):
    script = tmp_path / 'show.py'
    script.write_text(text)
    full = {k: v for k, v in os.environ.items() if k != 'OPENBLAS_THREAD_TIMEOUT'}
    full.update(env, PYTHONPATH=ROOT)
    r = subprocess.run([sys.executable, '-m', 'pyhoc', '-nobanner', str(script)],
                       env=full, capture_output=True, text=True, timeout=120,
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr
    return r.stdout.split()


def test_openblas_idle_threads_spin_briefly_in_the_command(tmp_path):
    from pyhoc import OPENBLAS_THREAD_TIMEOUT
    assert run_script(tmp_path, SHOW_TIMEOUT) == [OPENBLAS_THREAD_TIMEOUT]


def test_openblas_idle_threads_spin_briefly_after_import_pyhoc():
    """``from pyhoc import h`` in a plain Python script sets it too, before NumPy loads (a
    session file's process: 0.32 s against 0.26 s here with it), and not after."""
    from pyhoc import OPENBLAS_THREAD_TIMEOUT
    env = {k: v for k, v in os.environ.items() if k != 'OPENBLAS_THREAD_TIMEOUT'}
    env['PYTHONPATH'] = ROOT
    show = 'import os; print(os.environ.get("OPENBLAS_THREAD_TIMEOUT"))'
    for first, expect in (('', OPENBLAS_THREAD_TIMEOUT), ('import numpy; ', 'None')):
        r = subprocess.run([sys.executable, '-c', first + 'from pyhoc import h; ' + show],
                           env=env, capture_output=True, text=True, timeout=120)
        assert r.stdout.split() == [expect], r.stderr


def test_openblas_timeout_the_user_set_is_kept(tmp_path):
    assert run_script(tmp_path, SHOW_TIMEOUT, OPENBLAS_THREAD_TIMEOUT='28') == ['28']


SES_SCRIPT = '''import sys
from neuron import h
h.load_file('stdrun.hoc')
h.load_file(%r)
from pyhoc.hoc import parser
print(len(list(h.allsec())), parser._PARSER is None)
'''


def test_a_cached_session_is_loaded_without_the_parser(tmp_path):
    """A session file read before (its trees in the parse cache) is run without building
    the grammar's parser, its lines of shapes met once included (stmtcache.py)."""
    ses = os.path.join(ROOT, 'tests', 'sessions', 'data', 'c91662.ses')
    cache = str(tmp_path / 'cache')
    first = run_script(tmp_path, SES_SCRIPT % ses, PYHOC_CACHE_DIR=cache)
    assert run_script(tmp_path, SES_SCRIPT % ses, PYHOC_CACHE_DIR=cache) == [first[0], 'True']
    assert int(first[0]) > 100


LOADED = '''import sys
from neuron import h
h.load_file('stdrun.hoc')
print(' '.join(sorted(sys.modules)))
'''

# what a process that loads the run system from the caches never needs: the HOC grammar (its
# statements come from the parse cache), the prompt, the compiled backend, threads
NOT_AT_STDRUN = ('pyhoc.hoc.parser', 'pyhoc.hoc.lexer', 'pyhoc.repl', 'prompt_toolkit',
                 'numba', 'llvmlite', 'scipy', 'threading')


def bare_modules() -> list:
    """What a bare Python here has imported before it runs anything."""
    return subprocess.run([sys.executable, '-c', 'import sys; print(" ".join(sys.modules))'],
                          capture_output=True, text=True, check=True).stdout.split()


def test_a_warm_stdrun_load_imports_only_what_it_uses(tmp_path):
    """``from neuron import h; h.load_file('stdrun.hoc')`` a second time (the library's
    statements in the parse cache) imports none of NOT_AT_STDRUN, those that a bare Python
    here does not import already."""
    cache = str(tmp_path / 'cache')
    bare = bare_modules()
    run_script(tmp_path, LOADED, PYHOC_CACHE_DIR=cache)
    loaded = set(run_script(tmp_path, LOADED, PYHOC_CACHE_DIR=cache))
    assert 'pyhoc.stdlib.stdrun' in loaded and 'numpy' in loaded
    assert [m for m in NOT_AT_STDRUN if m not in bare and m in loaded] == []


EDGE = '''import resource
def leaf():
    return 1
def rec(n, calls):
    if n == 0:
        for _ in range(calls):
            leaf()
        return
    rec(n - 1, calls)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for depth in range(400):
    rec(depth, 200)
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
'''


def test_calls_at_a_frame_stack_chunk_edge_map_no_memory(tmp_path):
    """A script calling to and fro at every depth up to 400 frames, so across the edge of a
    16 KB chunk of CPython's frame stack: under the command it runs inside one large chunk
    (pyhoc.__main__.FRAME_STACK_WORDS), not mapping a new chunk at each call there (a page
    fault each: a bare Python 3.11 takes 1300 for this loop)."""
    assert int(run_script(tmp_path, EDGE)[0]) < 100


HOC_ONLY = '''import sys
from neuron import h
h('x = 1\\nproc p() { x += $1 }\\np(2)\\nobjref lst\\nlst = new List()\\n')
h('func f() { return $1 * x }\\n')
print(h.f(2), ' '.join(sys.modules))
'''


def test_a_program_without_sections_imports_no_simulator(tmp_path):
    """HOC names met for the first time are looked up among the simulator's (registry.py)
    without making the Model: a program with no sections imports neither it nor NumPy (nor,
    calling no function with keywords, inspect)."""
    value, *loaded = run_script(tmp_path, HOC_ONLY)
    assert value == '6.0' and 'pyhoc.hoc.interpreter' in loaded
    bare = bare_modules()
    assert [m for m in ('numpy', 'pyhoc.sim.model', 'inspect')
            if m in loaded and m not in bare] == []
