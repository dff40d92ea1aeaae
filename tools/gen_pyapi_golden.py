"""Generate the Python-API goldens (tests/golden/bridge/pyapi_*.json) with NEURON 9.0.2.

Run with a Python that has NEURON: ``/tmp/nrnlib-neuron/bin/python tools/gen_pyapi_golden.py``.
Each scenario of tests/bridge/pyapi_scenarios.py runs in its own process (section counts and
dir(h) depend on what ran before); results are written as JSON with their provenance.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'tests', 'golden', 'bridge')
HERE = os.path.join(ROOT, 'tests', 'bridge')
sys.path.insert(0, HERE)

CHILD = r'''
import json, sys
sys.path.insert(0, %r)
from neuron import h
import pyapi_scenarios as S
out = getattr(S, %r)(h)
print('@@JSON@@' + json.dumps(out))
'''


def main() -> None:
    import pyapi_scenarios as S
    from neuron import h
    version = h.nrnversion()
    os.makedirs(OUT, exist_ok=True)
    only = sys.argv[1:]
    for case, fn in S.CASES.items():
        if only and case not in only:
            continue
        res = subprocess.run([sys.executable, '-c', CHILD % (HERE, fn)], capture_output=True,
                             text=True, check=True)
        line = [x for x in res.stdout.splitlines() if x.startswith('@@JSON@@')][-1]
        doc = {'provenance': {'generator': 'tools/gen_pyapi_golden.py', 'neuron': version,
                              'scenario': fn},
               'data': json.loads(line[len('@@JSON@@'):])}
        with open(os.path.join(OUT, 'pyapi_%s.json' % case), 'w') as f:
            json.dump(doc, f, indent=1, sort_keys=True)
            f.write('\n')
        print('wrote', case)


if __name__ == '__main__':
    main()
