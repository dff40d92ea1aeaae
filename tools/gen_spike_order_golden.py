"""Generate the simultaneous-spike goldens (tests/golden/sim/spike_order_*.json) with NEURON:
each case of tests/sim/spike_order_scenarios.py in a fresh NEURON process.

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_spike_order_golden.py [case ...]
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
import spike_order_scenarios as S
print('@@JSON@@' + json.dumps(getattr(S, %r)(h, **%r)))
'''


def main() -> None:
    import spike_order_scenarios as S
    from neuron import h
    version = h.nrnversion()
    only = sys.argv[1:]
    for case, (fn, kwargs) in S.CASES.items():
        if only and case not in only:
            continue
        code = CHILD % (os.path.join(ROOT, 'tests', 'sim'), fn, kwargs)
        res = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                             check=True)
        line = [x for x in res.stdout.splitlines() if x.startswith('@@JSON@@')][-1]
        doc = {'provenance': {'generator': 'tools/gen_spike_order_golden.py',
                              'neuron': version, 'scenario': fn, 'kwargs': kwargs},
               'data': json.loads(line[len('@@JSON@@'):])}
        with open(os.path.join(OUT, case + '.json'), 'w') as f:
            json.dump(doc, f)
        print('wrote', case)


if __name__ == '__main__':
    main()
