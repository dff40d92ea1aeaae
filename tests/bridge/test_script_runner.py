"""``pyhoc script.py a b`` and ``python -m pyhoc script.py`` run a script as ``python`` does."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SCRIPT = textwrap.dedent('''
    import sys
    from neuron import h, gui
    soma = h.Section(name='soma')
    g = h.Graph(0)
    print('argv', sys.argv[1:], h.secname(sec=soma), g.addvar('v(0.5)', sec=soma))
    sys.exit(int(sys.argv[-1]) if sys.argv[-1].isdigit() else 0)
''')


def _run(tmp_path, *args):
    script = tmp_path / 'script.py'
    script.write_text(SCRIPT)
    env = dict(os.environ, PYTHONPATH=ROOT)
    # stdin stays open: the session must end with the script, not wait for statements
    p = subprocess.Popen([sys.executable, '-m', 'pyhoc', '-nobanner', str(script), *args],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=env, cwd=str(tmp_path))
    try:
        rc = p.wait(timeout=60)
        out, err = p.stdout.read(), p.stderr.read()
    finally:
        p.stdin.close()
        p.stdout.close()
        p.stderr.close()
    return rc, out, err


def test_script_gets_its_arguments_and_ends_with_it(tmp_path):
    rc, out, err = _run(tmp_path, 'a', '-c', 'b')
    assert rc == 0, err
    assert out == "argv ['a', '-c', 'b'] _pysec.soma 1.0\n"


def test_script_exit_status_is_the_session_status(tmp_path):
    rc, out, err = _run(tmp_path, '3')
    assert rc == 3 and out.startswith("argv ['3']")



ENDING = textwrap.dedent('''
    import atexit, sys
    %s
    from neuron import h
    out = open('py.txt', 'w')
    out.write('python line\\n')
    h('objref f\\nf = new File()\\n{f.wopen("hoc.txt") f.printf("hoc line\\\\n")}')
    atexit.register(lambda: print('atexit'))
    print('end', end='')
    sys.exit(5)
''')


@pytest.mark.parametrize('imports', ['', 'import helper'])
def test_the_end_flushes_and_runs_atexit(tmp_path, imports):
    """However the process ends (quickly: only pyhoc's own set of modules; else Python's
    finalization), what the script and HOC wrote is in the files, the atexit calls ran and
    the script's status is the process's."""
    (tmp_path / 'helper.py').write_text('x = 1\n')
    (tmp_path / 'script.py').write_text(ENDING % imports)
    r = subprocess.run([sys.executable, '-m', 'pyhoc', '-nobanner', 'script.py'],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=ROOT), cwd=str(tmp_path), timeout=60)
    assert (r.returncode, r.stdout) == (5, 'endatexit\n'), r.stderr
    assert (tmp_path / 'py.txt').read_text() == 'python line\n'
    assert (tmp_path / 'hoc.txt').read_text() == 'hoc line\n'


def test_which_processes_end_quickly():
    import threading
    import types
    from pyhoc.__main__ import may_end_quickly
    base = {n: sys.modules[n] for n in ('os', 'numpy', 'pyhoc', 'numba._helperlib')
            if n in sys.modules}
    assert may_end_quickly(base)
    assert not may_end_quickly({**base, 'helper': types.ModuleType('helper')})
    assert not may_end_quickly({**base, 'h5py': types.ModuleType('h5py')})
    import pyhoc.hoc                 # (NEURON's module names for pyhoc's: install_neuron_alias)
    assert may_end_quickly({**base, 'hoc': pyhoc.hoc})
    ev = threading.Event()
    t = threading.Thread(target=ev.wait)
    t.start()
    try:
        assert not may_end_quickly({**base, 'threading': threading})
    finally:
        ev.set()
        t.join()
    assert may_end_quickly({**base, 'threading': threading})


def test_uncaught_exception_reads_as_pythons(tmp_path):
    """A script's uncaught exception is reported as ``python script.py`` reports it (status 1,
    the script's frames only), and a failed call into h ends at the script's line, as
    NEURON's C code shows no frames of its own."""
    (tmp_path / 'plain.py').write_text('def f():\n    raise ValueError(1)\nf()\n')
    (tmp_path / 'calls_h.py').write_text('from neuron import h\nh.Vector().x[5]\n')
    run = [sys.executable, '-m', 'pyhoc', '-nobanner']
    env = dict(os.environ, PYTHONPATH=ROOT)
    py = subprocess.run([sys.executable, 'plain.py'], capture_output=True, text=True,
                        cwd=str(tmp_path), timeout=60)
    ours = subprocess.run(run + ['plain.py'], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, cwd=str(tmp_path), timeout=60)
    assert (ours.returncode, ours.stderr) == (1, py.stderr) and py.returncode == 1
    r = subprocess.run(run + ['calls_h.py'], capture_output=True, text=True, env=env,
                       stdin=subprocess.DEVNULL, cwd=str(tmp_path), timeout=60)
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert lines[0] == 'Traceback (most recent call last):'
    assert lines[1].endswith('calls_h.py", line 2, in <module>')
    assert lines[-1] == 'IndexError: Vector[0].x' and 'pyhoc' not in r.stderr


def test_files_left_open_are_written_out(tmp_path):
    """A file the script never closed, held in a reference cycle (which the process's end
    does not collect) or opened through pathlib, is written out when the process ends, as
    Python's own end writes it."""
    (tmp_path / 'script.py').write_text(textwrap.dedent('''
        import pathlib
        from neuron import h
        class Recorder:
            pass
        r = Recorder()
        r.me = r
        r.text = open('cycle.txt', 'w')
        r.text.write('text\\n')
        r.path = pathlib.Path('path.bin').open('wb')
        r.path.write(b'bytes')
        del r
    '''))
    p = subprocess.run([sys.executable, '-m', 'pyhoc', '-nobanner', 'script.py'],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=ROOT), cwd=str(tmp_path), timeout=60)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / 'cycle.txt').read_text() == 'text\n'
    assert (tmp_path / 'path.bin').read_bytes() == b'bytes'
