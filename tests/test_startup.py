"""What the ``pyhoc`` command's process sets up before it runs anything (pyhoc.__main__)."""
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
    from pyhoc.__main__ import OPENBLAS_THREAD_TIMEOUT
    assert run_script(tmp_path, SHOW_TIMEOUT) == [OPENBLAS_THREAD_TIMEOUT]


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
