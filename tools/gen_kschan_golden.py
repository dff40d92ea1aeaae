#!/usr/bin/env python3
"""Regenerate tests/golden/sim/kschan.json with NEURON (the cases of tests/sim/kschan_case.py).

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_kschan_golden.py

Each case runs in its own NEURON process: a KSChan type cannot be destroyed, so the cases'
channel names would clash in one.
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASE_DIR = os.path.join(ROOT, 'tests', 'sim')


def one(case: str) -> dict:
    code = ('import json, sys; sys.path.insert(0, %r); from neuron import h; import kschan_case;'
            'print("GOLDEN" + json.dumps(getattr(kschan_case, %r)(h)))' % (CASE_DIR, case))
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                         check=True).stdout
    line = [ln for ln in out.splitlines() if ln.startswith('GOLDEN')][-1]
    return json.loads(line[len('GOLDEN'):])


if __name__ == '__main__':
    sys.path.insert(0, CASE_DIR)
    import kschan_case
    golden = {case: one(case) for case in kschan_case.CASES}
    with open(os.path.join(ROOT, 'tests', 'golden', 'sim', 'kschan.json'), 'w') as f:
        json.dump(golden, f)
