#!/usr/bin/env python3
"""Regenerate tests/golden/sim/parallel_mpi.json: NEURON's serial rasters of the networks of
tests/sim/parallel/mpi_net.py, which pyhoc must give split over any number of processes, and
NEURON's raster of the random network under CVode on 2 MPI processes (mpiexec and libmpi of
the mpich wheel, found beside the Python running mpi4py given as MPI_PYTHON).

Usage: MPI_PYTHON=python3 /tmp/nrnlib-neuron/bin/python tools/gen_parallel_mpi_golden.py
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
mpi_python = os.environ.get('MPI_PYTHON', 'python3')
prefix = subprocess.run([mpi_python, '-c', 'import sys; print(sys.prefix)'], check=True,
                        capture_output=True, text=True).stdout.strip()
env = dict(os.environ, MPI_LIB_NRN_PATH=os.path.join(prefix, 'lib', 'libmpi.so.12'))
out = subprocess.run([os.path.join(prefix, 'bin', 'mpiexec'), '-n', '2', sys.executable, NET,
                      'random', '--mpi', '--cvode'], check=True, capture_output=True,
                     text=True, env=env).stdout
golden['random_cvode_np2'] = json.loads(out.strip().splitlines()[-1])
with open(os.path.join(ROOT, 'tests', 'golden', 'sim', 'parallel_mpi.json'), 'w') as f:
    json.dump(golden, f, indent=0)
