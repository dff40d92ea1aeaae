"""Built-in functions of rarely used modules are imported at their first call, not at start."""
import importlib
import os
import subprocess
import sys

from pyhoc import Interpreter
from pyhoc.hoc import builtins

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_each_lazy_module_registers_exactly_its_listed_names():
    by_module: dict[str, set] = {}
    for name, module in builtins.LAZY_FUNCTIONS.items():
        by_module.setdefault(module, set()).add(name)
    for module, names in by_module.items():
        before = set(builtins.FUNCTIONS)
        mod = importlib.import_module(module)
        registered = {n for n, fn in builtins.FUNCTIONS.items()
                      if getattr(fn, '__module__', None) == mod.__name__}
        assert registered == names, module
        assert names <= set(builtins.FUNCTIONS) and before <= set(builtins.FUNCTIONS)


def test_a_lazy_function_runs_at_its_first_call():
    code = ('import sys; from pyhoc import Interpreter; i = Interpreter(); '
            "assert 'pyhoc.hoc.builtins.random' not in sys.modules; "
            "i.run_text('y = 1\\nmcell_ran4_init(7)\\nx = mcell_ran4(&y)\\n'); "
            "assert 'pyhoc.hoc.builtins.random' in sys.modules; "
            "print(i.top.syms['y'].value == 2, 0 <= i.top.syms['x'].value < 1)")
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                       env={**os.environ, 'PYTHONPATH': ROOT}, check=True)
    assert r.stdout.split()[-2:] == ['True', 'True']


def test_names_are_known_before_the_modules_load():
    interp = Interpreter()
    for name in builtins.LAZY_FUNCTIONS:
        assert name in interp.builtins
