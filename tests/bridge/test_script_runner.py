"""``pyhoc script.py a b`` and ``python -m pyhoc script.py`` run a script as ``python`` does."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

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
