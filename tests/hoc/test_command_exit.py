"""The ``pyhoc`` command's end: what a HOC File or a Python script wrote is on disk, as after
``nrniv`` and ``python``, although the process skips the collections of Python's exit
(pyhoc.__main__: the heap is frozen once the atexit calls are done)."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def pyhoc(tmp_path, *args):
    env = dict(os.environ, PYTHONPATH=ROOT)
    r = subprocess.run([sys.executable, '-m', 'pyhoc', '-nobanner', *args], cwd=tmp_path,
                       env=env, capture_output=True, text=True, timeout=120,
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_hoc_file_never_closed_is_written(tmp_path):
    (tmp_path / 'w.hoc').write_text('objref f\nf = new File()\n{f.wopen("out.txt")}\n'
                                    '{f.printf("one %d\\n", 1)}\n')
    pyhoc(tmp_path, 'w.hoc', '-c', 'quit()')
    assert (tmp_path / 'out.txt').read_text() == 'one 1\n'
    pyhoc(tmp_path, 'w.hoc')            # (the end of standard input)
    assert (tmp_path / 'out.txt').read_text() == 'one 1\n'


SCRIPT = '''import atexit, pickle, sys
f = open('out.txt', 'w')        # never closed: Python's exit flushes it
f.write('data\\n')

class C:
    pass

def done():
    print('atexit', f.closed, sys.argv[1:], __name__)

atexit.register(done)
print(len(pickle.loads(pickle.dumps([C()]))), __name__, __file__ == %r)
'''


def test_python_script_as_python_runs_it(tmp_path):
    script = tmp_path / 's.py'
    script.write_text(SCRIPT % str(script))
    out = pyhoc(tmp_path, 's.py', 'a', 'b')
    expected = subprocess.run([sys.executable, 's.py', 'a', 'b'], cwd=tmp_path,
                              capture_output=True, text=True).stdout
    assert out == expected == "1 __main__ True\natexit False ['a', 'b'] __main__\n"
    assert (tmp_path / 'out.txt').read_text() == 'data\n'


def test_a_failed_c_statement_is_reported_twice_as_nrniv_reports_it(tmp_path):
    """nrniv 9.0.2 -c 'x = foo(' -c 'print 5': the statement's syntax error, then its own
    report of the argument; it stops with status 1 (its 'caught exception' lines are left
    out, as pyhoc leaves them out everywhere)."""
    env = dict(os.environ, PYTHONPATH=ROOT)
    r = subprocess.run([sys.executable, '-m', 'pyhoc', '-nobanner', '-c', 'x = foo(', '-c',
                        'print 5'], cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=120, stdin=subprocess.DEVNULL)
    assert r.returncode == 1 and r.stdout == ''
    assert r.stderr == ('pyhoc: syntax error\n near line 1\n x = foo(\n         ^\n'
                        'pyhoc: arg not valid statement: x = foo(\n near line 0\n ^\n')


def test_an_error_ends_statements_read_from_a_file_on_stdin(tmp_path):
    """nrniv 9.0.2 < file: an error seeks to the input's end (hoc_execerror_mes), so what
    follows is not read and the process ends with status 0; lines piped in go on after an
    error (a pipe cannot seek), as at the prompt."""
    text = 'print 1\nx = sqrt(-1)\nprint 2\nfoo(\nprint 3\n'
    (tmp_path / 'in.txt').write_text(text)
    env = dict(os.environ, PYTHONPATH=ROOT)
    cmd = [sys.executable, '-m', 'pyhoc', '-nobanner']
    with open(tmp_path / 'in.txt') as f:
        r = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True,
                           timeout=120, stdin=f)
    assert (r.returncode, r.stdout.split()) == (0, ['1', 'first', 'instance', 'of', 'x'])
    assert 'sqrt argument out of domain' in r.stderr and 'syntax error' not in r.stderr
    r = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=120, input=text)
    assert (r.returncode, r.stdout.split()) == (0, ['1', 'first', 'instance', 'of', 'x',
                                                    '2', '3'])
    assert 'syntax error' in r.stderr
