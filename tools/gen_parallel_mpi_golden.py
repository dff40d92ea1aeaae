#!/usr/bin/env python3
"""Regenerate tests/golden/sim/parallel_mpi.json: NEURON's serial rasters of the networks of
tests/sim/parallel/mpi_net.py, which pyhoc must give split over any number of processes.

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_parallel_mpi_golden.py
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NET = os.path.join(ROOT, 'tests', 'sim', 'parallel', 'mpi_net.py')

golden = {}
for name in ('ring', 'random'):     # one NEURON per network: each builds its own cells
    out = subprocess.run([sys.executable, NET, name], check=True, capture_output=True,
                         text=True).stdout
    golden[name] = json.loads(out.strip().splitlines()[-1])
with open(os.path.join(ROOT, 'tests', 'golden', 'sim', 'parallel_mpi.json'), 'w') as f:
    json.dump(golden, f, indent=0)
