"""nrnpython() as NEURON 9.0.2's: its code runs in Python's ``__main__`` (an empty one under
the pyhoc command, as nrniv's), and an error prints Python's traceback from the code's own
frames and gives 0 (the expected text is nrniv's)."""
from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

HOC = r'''x = nrnpython("1/0")
print x
nrnpython("def f():\n  raise KeyError(2)\nf()")
nrnpython("a = 5")
nrnpython("print(a, __name__, sorted(k for k in globals() if not k.startswith('__')))")
objref p
p = new PythonObject()
print p.a
'''

NRNIV_STDOUT = "0 \n\t0 \n\t1 \n5 __main__ ['a', 'f']\n\t1 \n5 \n"
NRNIV_STDERR = '''Traceback (most recent call last):
  File "<string>", line 1, in <module>
ZeroDivisionError: division by zero
Traceback (most recent call last):
  File "<string>", line 3, in <module>
  File "<string>", line 2, in f
KeyError: 2
'''


def test_nrnpython_runs_in_main_and_reports_tracebacks(tmp_path):
    (tmp_path / 'np.hoc').write_text(HOC)
    r = subprocess.run([sys.executable, '-m', 'pyhoc', '-nobanner', 'np.hoc', '-c', 'quit()'],
                       capture_output=True, text=True, stdin=subprocess.DEVNULL,
                       cwd=str(tmp_path), env=dict(os.environ, PYTHONPATH=ROOT), timeout=60)
    assert (r.returncode, r.stdout, r.stderr) == (0, NRNIV_STDOUT, NRNIV_STDERR)


def test_nrnpython_sees_the_python_main_module(monkeypatch):
    """From Python, nrnpython's globals are the running program's __main__ (a script's)."""
    import types
    from pyhoc.hoc.interpreter import Interpreter
    main = types.ModuleType('__main__')
    main.callback_value = 41
    monkeypatch.setitem(sys.modules, '__main__', main)
    interp = Interpreter()
    interp.run_text('nrnpython("answer = callback_value + 1")\n')
    assert main.answer == 42
