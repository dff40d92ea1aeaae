"""Generate tests/golden/sim/cvode_record.json and cvode_netstim.json: NEURON's output of
tests/sim/cvode_record.hoc (Vector.record / cvode.record sampling, APCount under CVode,
cvode.statistics()) and tests/sim/cvode_netstim.hoc (the same with events).

Run: ``python tools/gen_cvode_record_golden.py [path/to/nrniv]`` (default: the nrniv next to
the Python that has NEURON, /tmp/nrnlib-neuron/bin/nrniv).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = ('cvode_record', 'cvode_netstim')


def main() -> None:
    nrniv = sys.argv[1] if len(sys.argv) > 1 else '/tmp/nrnlib-neuron/bin/nrniv'
    ver = subprocess.run([nrniv, '-nobanner', '-nogui', '-c', 'print nrnversion()', '-c',
                          'quit()'], stdin=subprocess.DEVNULL, capture_output=True, text=True)
    for case in CASES:
        res = subprocess.run([nrniv, '-nobanner', '-nogui', case + '.hoc', '-c', 'quit()'],
                             cwd=os.path.join(ROOT, 'tests', 'sim'), stdin=subprocess.DEVNULL,
                             capture_output=True, text=True, check=True)
        doc = {'provenance': {'generator': 'tools/gen_cvode_record_golden.py',
                              'neuron': ver.stdout.strip(), 'case': 'tests/sim/%s.hoc' % case},
               'stdout': res.stdout.splitlines()}
        out = os.path.join(ROOT, 'tests', 'golden', 'sim', case + '.json')
        with open(out, 'w') as f:
            json.dump(doc, f, indent=0)
        print('wrote', out)


if __name__ == '__main__':
    main()
