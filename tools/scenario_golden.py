"""Goldens from scenario modules: each case of a tests/sim/<module>.py runs in its own NEURON
process (NEURON's state is global, and it numbers random streams per process) and is written
to tests/golden/sim/<case>.json with its provenance (generator, NEURON version, scenario,
kwargs), which the tests read back.  Used by the tools/gen_*_golden.py scripts of such
modules; run them with a Python that has NEURON."""
from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIOS = os.path.join(ROOT, 'tests', 'sim')
OUT = os.path.join(ROOT, 'tests', 'golden', 'sim')

CHILD = r'''
import json, sys
sys.path.insert(0, %r)
from neuron import h
import %s as S
print('@@JSON@@' + json.dumps(getattr(S, %r)(h, **%r)))
'''


def run_case(module: str, fn: str, kwargs: dict) -> dict:
    """Scenario ``fn(h, **kwargs)`` of ``module`` in a fresh NEURON process: its result."""
    code = CHILD % (SCENARIOS, module, fn, kwargs)
    res = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                         check=True)
    line = [x for x in res.stdout.splitlines() if x.startswith('@@JSON@@')][-1]
    return json.loads(line[len('@@JSON@@'):])


def generate(module: str, cases: dict, generator: str, only=()) -> None:
    """Write the golden of each case (name -> (scenario, kwargs)), or of those in ``only``."""
    from neuron import h
    version = h.nrnversion()
    os.makedirs(OUT, exist_ok=True)
    for case, (fn, kwargs) in cases.items():
        if only and case not in only:
            continue
        doc = {'provenance': {'generator': generator, 'neuron': version, 'scenario': fn,
                              'kwargs': kwargs},
               'data': run_case(module, fn, kwargs)}
        with open(os.path.join(OUT, case + '.json'), 'w') as f:
            json.dump(doc, f)
        print('wrote', case)


def main(module: str) -> None:
    """The command of a tools/gen_*_golden.py script for tests/sim/<module>.py: the goldens of
    its CASES, or of the cases named on the command line."""
    import importlib
    sys.path.insert(0, SCENARIOS)
    generate(module, importlib.import_module(module).CASES,
             os.path.relpath(os.path.abspath(sys.argv[0]), ROOT), sys.argv[1:])
