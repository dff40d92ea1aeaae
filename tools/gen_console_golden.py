#!/usr/bin/env python3
"""Generate the goldens of tests/hoc/test_console.py: xred/sred prompts answered on standard
input, run by NEURON 9.0.2's nrniv.

Usage: tools/gen_console_golden.py [--nrniv PATH]   (default /tmp/nrnlib-neuron/bin/nrniv)
Writes tests/hoc/golden/console/<case>.json with the program, its input, stdout and stderr.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'tests', 'hoc', 'golden', 'console')

CASES = {
    'xred_sred': (
        'x = xred("value", 3, 0, 10)\nprint x\ny = xred("again", 3, 0, 10)\nprint y\n'
        'z = xred("range", 1.5, -1, 2)\nprint z\n'
        'strdef s\ns = "b"\ni = sred("pick", s, "abcd")\nprint i, s\n'
        'j = sred("word", s, "alpha beta gamma")\nprint j, s\n',
        '7\n\n20\nabc\n-0.5\nxx\nc d\n\nbeta\n'),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('--nrniv', default='/tmp/nrnlib-neuron/bin/nrniv')
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    for name, (program, stdin) in CASES.items():
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, name + '.hoc')
            with open(path, 'w') as f:
                f.write(program)
            proc = subprocess.run([args.nrniv, '-nobanner', '-nogui', path, '-c', 'quit()'],
                                  input=stdin, capture_output=True, text=True, cwd=tmp,
                                  timeout=60)
        doc = {'provenance': {'generator': 'tools/gen_console_golden.py', 'neuron': '9.0.2'},
               'program': program, 'stdin': stdin, 'stdout': proc.stdout,
               'stderr': proc.stderr, 'returncode': proc.returncode}
        with open(os.path.join(OUT, name + '.json'), 'w') as f:
            json.dump(doc, f, indent=1)
            f.write('\n')
        print('wrote', name)


if __name__ == '__main__':
    main()
