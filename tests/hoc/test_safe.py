"""Safe mode: system, nrnpython, file writes and chdir out of the folder are refused with one
HOC error naming the call; everything else runs as usual."""
import io
import os
import subprocess
import sys

import pytest

from pyhoc import HocError
from pyhoc.bridge import HocTop
from pyhoc.hoc.interpreter import Interpreter

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def safe(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'sub').mkdir()
    (tmp_path / 'data.txt').write_text('1 2 3\n')
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO(), safe=True)
    h = HocTop(interp)
    h('objref f, vec\nf = new File("data.txt")\nvec = new Vector(3)\nstrdef s')
    return interp


REFUSED = [
    ('system("echo hi > made.txt")', 'system'),
    ('system("echo hi", s)', 'system'),
    ('nrnpython("open(\'made.txt\', \'w\')")', 'nrnpython'),
    ('f.wopen("made.txt")', 'File.wopen'),
    ('f.aopen("data.txt")', 'File.aopen'),
    ('f.unlink()', 'File.unlink'),
    ('f.mktemp()', 'File.mktemp'),
    ('wopen("made.txt")', 'wopen'),
    ('hoc_stdout("made.txt")', 'hoc_stdout'),
    ('chdir("..")', 'chdir'),
    ('chdir("/")', 'chdir'),
    ('chdir("sub/../..")', 'chdir'),
]


@pytest.mark.parametrize('stmt,call', REFUSED)
def test_refused_calls_raise_one_hoc_error_naming_them(safe, stmt, call):
    before = sorted(os.listdir('.'))
    cwd = os.getcwd()
    with pytest.raises(HocError, match=r'^%s: not allowed in safe mode' % call.replace('.', r'\.')):
        safe.run_text(stmt + '\n')
    assert sorted(os.listdir('.')) == before and os.getcwd() == cwd
    assert (open('data.txt').read()) == '1 2 3\n'


def test_everything_else_runs(safe):
    safe.run_text('''
print f.ropen()
x = f.scanvar() + f.scanvar()
f.close()
vec.indgen().printf()
print chdir("sub"), chdir(".."), chdir("./sub/.."), x
wopen()
''')
    out = safe.stdout.getvalue().split()
    # ropen 1; close 0; printf's 0 1 2 and its count 3; chdir x3 and x; wopen() 1
    assert out == ['1', '0', '0', '1', '2', '3', '0', '0', '0', '3', '1']


def test_switching_on_from_h_closes_open_writes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    h = HocTop(Interpreter(stdout=io.StringIO(), stderr=io.StringIO()))
    h('objref f, vec\nf = new File("out.dat")\nf.wopen()\nvec = new Vector(2)\nwopen("w.txt")')
    h.interpreter.safe = True
    assert h.interpreter.safe
    assert h.f.isopen() == 0
    h('vec.vwrite(f)')              # writes nothing: f is closed
    h('fprint("x")')                # goes to stdout now
    assert os.path.getsize('out.dat') == 0 and os.path.getsize('w.txt') == 0
    assert h('f.wopen()') == 0
    assert 'File.wopen: not allowed in safe mode' in h.interpreter.stderr.getvalue()
    h.interpreter.safe = False
    assert h('f.wopen()') == 1


def test_command_line_safe_option(tmp_path):
    (tmp_path / 'run.hoc').write_text('print "before"\nsystem("echo leaked")\nprint "after"\n')
    (tmp_path / 'run.py').write_text('print("python ran")\n')
    env = dict(os.environ, PYTHONPATH=ROOT)
    p = subprocess.run([sys.executable, '-m', 'pyhoc', '--safe', '-nobanner', 'run.hoc'],
                       cwd=tmp_path, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert p.returncode == 1
    assert p.stdout == 'before\n'
    assert p.stderr.startswith('pyhoc: system: not allowed in safe mode\n in run.hoc near line 2')
    p = subprocess.run([sys.executable, '-m', 'pyhoc', '--safe', '-nobanner', 'run.py'],
                       cwd=tmp_path, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert p.returncode == 1 and 'python ran' not in p.stdout
    assert 'run.py: Python files are not allowed in safe mode' in p.stderr
