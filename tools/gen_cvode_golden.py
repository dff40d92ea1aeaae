"""Generate the CVode goldens (tests/golden/sim/cvode_*.json) with NEURON.

Run with a Python that has NEURON: ``/work/nrnenv/bin/python tools/gen_cvode_golden.py``.
Each scenario of tests/sim/cvode_scenarios.py runs in its own process (a fresh
NEURON per scenario); results are written as JSON with their provenance.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'tests', 'golden', 'sim')
sys.path.insert(0, os.path.join(ROOT, 'tests', 'sim'))

CHILD = r'''
import json, sys
sys.path.insert(0, %r)
from neuron import h
import cvode_scenarios as S
fn, kwargs = %r, %r
out = getattr(S, fn)(h, **kwargs)
ref = getattr(S, fn)(h, **dict(kwargs, atol=1e-9))
print('@@JSON@@' + json.dumps([out, ref]))
'''


def main() -> None:
    import cvode_scenarios as S
    from neuron import h
    version = h.nrnversion()
    os.makedirs(OUT, exist_ok=True)
    only = sys.argv[1:]
    for case, (fn, kwargs) in S.CASES.items():
        if only and case not in only:
            continue
        code = CHILD % (os.path.join(ROOT, 'tests', 'sim'), fn, kwargs)
        res = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                             check=True)
        line = [x for x in res.stdout.splitlines() if x.startswith('@@JSON@@')][-1]
        data, ref = json.loads(line[len('@@JSON@@'):])
        doc = {'provenance': {'generator': 'tools/gen_cvode_golden.py', 'neuron': version,
                              'scenario': fn, 'kwargs': kwargs},
               'data': data,
               # the same run at atol 1e-9: the accurate solution the voltages are held to
               'reference_atol_1e-9': ref}
        with open(os.path.join(OUT, case + '.json'), 'w') as f:
            json.dump(doc, f)
        print('wrote', case)


if __name__ == '__main__':
    main()
