"""Generate the simulator goldens in tests/golden/sim/ with NEURON as the oracle.

Run with a Python that has NEURON (``/work/nrnenv/bin/python tools/gen_sim_golden.py``).
Each scenario of tests/sim/scenarios.py runs in its own process (NEURON's state is global);
the results are written as JSON with their provenance (NEURON version, this script, the
scenario and its arguments).  Also records NEURON's topology() text for a few trees.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'tests', 'golden', 'sim')

sys.path.insert(0, os.path.join(ROOT, 'tests', 'sim'))
from scenarios import CASES  # noqa: E402  (the table the tests read)

TOPOLOGY_SCRIPT = r'''
from neuron import h
s = {n: h.Section(name=n) for n in ("soma", "a", "b", "c", "d", "e", "f")}
s["a"].connect(s["soma"](1)); s["b"].connect(s["soma"](0.5)); s["c"].connect(s["a"](0))
s["a"].nseg = 3; s["d"].connect(s["soma"](0), 1); s["d"].nseg = 5
s["e"].connect(s["d"](0.3)); s["e"].nseg = 2; s["f"].nseg = 4; s["b"].rallbranch = 2
h.topology()
s["c"].disconnect(); s["b"].connect(s["a"](1)); s["a"].nseg = 1
h.topology()
'''


def run_one(name: str, kwargs: dict) -> dict:
    import scenarios
    from neuron import h
    return getattr(scenarios, name)(h, **kwargs)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == '--one':
        name, kwargs = sys.argv[2], json.loads(sys.argv[3])
        print('@@JSON@@' + json.dumps(run_one(name, kwargs)))
        return
    from neuron import h
    version = h.nrnversion()
    os.makedirs(OUT, exist_ok=True)
    for case, (fn, kwargs) in CASES.items():
        res = subprocess.run([sys.executable, __file__, '--one', fn, json.dumps(kwargs)],
                             capture_output=True, text=True, check=True)
        line = [ln for ln in res.stdout.splitlines() if ln.startswith('@@JSON@@')][0]
        data = json.loads(line[len('@@JSON@@'):])
        doc = {'provenance': {'neuron': version, 'script': 'tools/gen_sim_golden.py',
                              'scenario': 'tests/sim/scenarios.py:%s' % fn, 'kwargs': kwargs},
               'data': data}
        with open(os.path.join(OUT, case + '.json'), 'w') as f:
            json.dump(doc, f, separators=(',', ':'))
        print('wrote', case)
    res = subprocess.run([sys.executable, '-c', TOPOLOGY_SCRIPT], capture_output=True,
                         text=True, check=True)
    with open(os.path.join(OUT, 'topology.json'), 'w') as f:
        json.dump({'provenance': {'neuron': version, 'script': 'tools/gen_sim_golden.py',
                                  'code': TOPOLOGY_SCRIPT},
                   'stdout': res.stdout}, f, indent=1)
    print('wrote topology')


if __name__ == '__main__':
    main()
