#!/usr/bin/env python3
"""Regenerate tests/golden/sim/oldstim.json with NEURON 9.0.2 (tests/sim/oldstim_case.py):
each scenario runs in its own NEURON process, so each starts from an empty session.

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_oldstim_golden.py
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(ROOT, 'tests', 'sim')

ONE = '''
import json, sys
sys.path.insert(0, %r)
from neuron import h
import oldstim_case
print('@@' + json.dumps(getattr(oldstim_case, %r)(h)))
'''


def run(case: str):
    out = subprocess.run([sys.executable, '-c', ONE % (CASES, case)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out[out.rindex('@@') + 2:])


if __name__ == '__main__':
    sys.path.insert(0, CASES)
    import oldstim_case
    golden = {name: run(name) for name in oldstim_case.CASES + ['stims_cvode', 'point_types']}
    with open(os.path.join(ROOT, 'tests', 'golden', 'sim', 'oldstim.json'), 'w') as f:
        json.dump(golden, f, indent=0)
