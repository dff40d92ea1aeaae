"""Library file tables that list their names are imported only when one of them is loaded."""
import os
import subprocess
import sys

from pyhoc.base.lazy import load
from pyhoc.hoc import library

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_listed_names_are_the_tables_names():
    library._load_providers()
    listed = [(path, names) for path, names in library._file_tables if names is not None]
    assert listed
    for path, names in listed:
        assert set(load(path)) == names, path


def test_stdrun_leaves_the_other_tables_unloaded():
    code = ('import sys; from pyhoc import h; h.load_file("stdrun.hoc"); '
            'print(sorted(m for m in ("pyhoc.sessions.tools", "pyhoc.sessions.chanbuild", '
            '"pyhoc.stdlib.parallel") if m in sys.modules)); h.load_file("pointman.hoc"); '
            'print("pyhoc.sessions.tools" in sys.modules, h.PointProcessManager is not None)')
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                       env={**os.environ, 'PYTHONPATH': ROOT}, check=True)
    assert r.stdout.split('\n')[:2] == ['[]', 'True True']
