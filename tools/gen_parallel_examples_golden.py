#!/usr/bin/env python3
"""Regenerate tests/golden/sim/parallel_examples.json: what NEURON prints for the examples of
examples/parallel (sweep.hoc, netpar_ring.hoc, parcom_cells.hoc with NEURON's own
netparmpi.hoc and parcom.hoc; sweep.py), which pyhoc must print serially, on a process pool
and over MPI.  Only the result lines are kept (not the values HOC prints for statements).

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_parallel_examples_golden.py
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EX = os.path.join(ROOT, 'examples', 'parallel')
NRNIV = os.path.join(os.path.dirname(sys.executable), 'nrniv')


def result_lines(text: str) -> list:
    return [ln for ln in text.splitlines() if ln and not ln.startswith(('\t', 'numprocs='))]


golden = {}
for name in ('sweep.hoc', 'netpar_ring.hoc', 'parcom_cells.hoc'):
    out = subprocess.run([NRNIV, '-nobanner', name, '-c', 'quit()'], cwd=EX, check=True,
                         capture_output=True, text=True, stdin=subprocess.DEVNULL).stdout
    golden[name] = result_lines(out)
out = subprocess.run([sys.executable, 'sweep.py'], cwd=EX, check=True, capture_output=True,
                     text=True).stdout
golden['sweep.py'] = result_lines(out)
with open(os.path.join(ROOT, 'tests', 'golden', 'sim', 'parallel_examples.json'), 'w') as f:
    json.dump(golden, f, indent=0)
