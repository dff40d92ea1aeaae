"""Generate tests/golden/sim/cvode_record.json: NEURON's output of tests/sim/cvode_record.hoc
(Vector.record / cvode.record sampling, APCount under CVode, cvode.statistics()).

Run: ``python tools/gen_cvode_record_golden.py [path/to/nrniv]`` (default: the nrniv next to
the Python that has NEURON, /tmp/nrnlib-neuron/bin/nrniv).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASE = os.path.join(ROOT, 'tests', 'sim', 'cvode_record.hoc')
OUT = os.path.join(ROOT, 'tests', 'golden', 'sim', 'cvode_record.json')


def main() -> None:
    nrniv = sys.argv[1] if len(sys.argv) > 1 else '/tmp/nrnlib-neuron/bin/nrniv'
    res = subprocess.run([nrniv, '-nobanner', '-nogui', os.path.basename(CASE), '-c', 'quit()'],
                         cwd=os.path.dirname(CASE), stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, check=True)
    ver = subprocess.run([nrniv, '-nobanner', '-nogui', '-c', 'print nrnversion()', '-c',
                          'quit()'], stdin=subprocess.DEVNULL, capture_output=True, text=True)
    doc = {'provenance': {'generator': 'tools/gen_cvode_record_golden.py',
                          'neuron': ver.stdout.strip(), 'case': 'tests/sim/cvode_record.hoc'},
           'stdout': res.stdout.splitlines()}
    with open(OUT, 'w') as f:
        json.dump(doc, f, indent=0)
    print('wrote', OUT)


if __name__ == '__main__':
    main()
