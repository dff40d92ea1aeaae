"""Generate the extracellular and long-axon goldens (tests/golden/sim/extra_*.json, axon_*.json).

Run with a Python that has NEURON (``/work/nrnenv/bin/python tools/gen_extra_golden.py``).
Each scenario of tests/sim/extra_scenarios.py runs in its own process (NEURON's state is
global); the JSON records the NEURON version, the scenario and its arguments.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'tests', 'golden', 'sim')

CASES = {
    'extra_passive': ('extra_passive', {}),
    'extra_passive_cn': ('extra_passive', {'secondorder': 2}),
    'extra_hh_axon': ('extra_hh_axon', {}),
    'extra_branched': ('extra_branched', {}),
    'axon_spikes': ('axon_spikes', {}),
}


def run_one(name: str, kwargs: dict) -> dict:
    sys.path.insert(0, os.path.join(ROOT, 'tests', 'sim'))
    import extra_scenarios
    from neuron import h
    return getattr(extra_scenarios, name)(h, **kwargs)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == '--one':
        name, kwargs = sys.argv[2], json.loads(sys.argv[3])
        print('@@JSON@@' + json.dumps(run_one(name, kwargs)))
        return
    from neuron import h
    version = h.nrnversion()
    only = sys.argv[1:]
    os.makedirs(OUT, exist_ok=True)
    for case, (fn, kwargs) in CASES.items():
        if only and case not in only:
            continue
        res = subprocess.run([sys.executable, __file__, '--one', fn, json.dumps(kwargs)],
                             capture_output=True, text=True, check=True)
        line = [ln for ln in res.stdout.splitlines() if ln.startswith('@@JSON@@')][0]
        doc = {'provenance': {'neuron': version, 'script': 'tools/gen_extra_golden.py',
                              'scenario': fn, 'kwargs': kwargs},
               'data': json.loads(line[len('@@JSON@@'):])}
        with open(os.path.join(OUT, case + '.json'), 'w') as f:
            json.dump(doc, f)
        print('wrote', case)


if __name__ == '__main__':
    main()
