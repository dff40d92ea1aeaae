"""Run a HOC scenario of tools/gen_record_golden.py with pyhoc; compare with NEURON's stdout."""
from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
GOLDEN = os.path.join(ROOT, 'tests', 'golden', 'record')
sys.path.insert(0, os.path.join(ROOT, 'tools'))

from gen_record_golden import SCENARIOS  # noqa: E402


def run_pyhoc(code: str) -> str:
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, 'case.hoc')
        with open(p, 'w') as f:
            f.write(code)
        r = subprocess.run([sys.executable, '-m', 'pyhoc', '-nobanner', '-nogui', p, '-c',
                            'quit()'], cwd=d, capture_output=True, text=True, timeout=300)
        return r.stdout + r.stderr


def compare(name: str, tol: float = 1e-9) -> None:
    with open(os.path.join(GOLDEN, name + '.txt')) as f:
        want = f.read()
    got = run_pyhoc(SCENARIOS[name])
    wl, gl = want.split(), got.split()
    assert len(wl) == len(gl), 'token count %d != %d\n--- pyhoc:\n%s' % (len(gl), len(wl), got)
    for k, (w, g) in enumerate(zip(wl, gl)):
        if w == g:
            continue
        try:
            fw, fg = float(w), float(g)
        except ValueError:
            raise AssertionError('token %d: %r != %r\n--- pyhoc:\n%s' % (k, g, w, got)) from None
        assert math.isclose(fw, fg, rel_tol=tol, abs_tol=tol), \
            'token %d: %r != %r\n--- pyhoc:\n%s' % (k, g, w, got)
