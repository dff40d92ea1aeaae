"""NEURON's library files as a model folder ships them: ``load_file``'s search order (the
folder, ``HOC_LIBRARY_PATH``, the native library), which names nrngui.hoc defines, and the
built-ins the library files call, against NEURON 9.0.2 (tools/gen_nrnlib_golden.py)."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
GOLDEN = os.path.join(ROOT, 'tests', 'golden', 'stdlib')
sys.path.insert(0, os.path.join(ROOT, 'tools'))

from gen_nrnlib_golden import SCENARIOS  # noqa: E402


def run_pyhoc(name: str) -> str:
    folder, lib, script = SCENARIOS[name]
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, 'lib'))
        for sub, files in (('', folder), ('lib', lib)):
            for f, text in files.items():
                with open(os.path.join(d, sub, f), 'w') as fh:
                    fh.write(text)
        with open(os.path.join(d, 'case.hoc'), 'w') as fh:
            fh.write(script)
        env = dict(os.environ, HOC_LIBRARY_PATH=os.path.join(d, 'lib'),
                   PYTHONPATH=os.path.abspath(ROOT) + os.pathsep + os.environ.get('PYTHONPATH', ''))
        r = subprocess.run([sys.executable, '-m', 'pyhoc', '-nobanner', '-nogui', 'case.hoc',
                            '-c', 'quit()'], cwd=d, env=env, capture_output=True, text=True,
                           timeout=300)
        return r.stdout


@pytest.mark.parametrize('name', sorted(SCENARIOS))
def test_library_files_against_neuron(name):
    with open(os.path.join(GOLDEN, name + '.txt')) as f:
        want = f.read()
    assert run_pyhoc(name) == want
