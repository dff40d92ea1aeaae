"""Memory growth from ring-100 to ring-1000: peak resident memory (ru_maxrss) of one worker
process per (implementation, model) after one run, and the growth per cell between them.

pyhoc runs twice: with numba loaded at the first run (as bench/run.py times it; numba and its
compiled driver are a fixed cost of the process) and on the NumPy path (PYHOC_BACKEND=numpy);
NEURON with its own Python.  The per-cell growth is what a model's size costs: the issue asks
that pyhoc's be no larger than NEURON's.

    python bench/ring_memory.py [--neuron-python /path/to/venv/bin/python] [--mode quick|full]
"""
from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import Worker, pyhoc_env          # noqa: E402
from startup import neuron_python          # noqa: E402
import models                              # noqa: E402


def peak_kb(impl: str, python: str, model: str, mode: str, env=None) -> int | None:
    w = Worker(impl, python, model, mode, models.DEFAULT_SES, env)
    try:
        if 'error' in w.ready or 'error' in w.ask('run'):
            return None
        return w.ask('result').get('maxrss_kb')
    finally:
        w.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--neuron-python')
    ap.add_argument('--mode', default='quick', help='quick: 30 ms of simulated time')
    a = ap.parse_args()
    npy = neuron_python(a.neuron_python)
    impls = [('pyhoc (numba)', 'pyhoc', sys.executable, dict(pyhoc_env(), PYHOC_LOAD_WORK='0')),
             ('pyhoc (NumPy)', 'pyhoc', sys.executable, dict(pyhoc_env(), PYHOC_BACKEND='numpy'))]
    if npy:
        impls.append(('NEURON', 'neuron', npy, None))
    print('%-15s %12s %12s %14s' % ('', 'ring-100 MB', 'ring-1000 MB', 'per cell kB'))
    for label, impl, python, env in impls:
        small = peak_kb(impl, python, 'ring-100', a.mode, env)
        large = peak_kb(impl, python, 'ring-1000', a.mode, env)
        if small is None or large is None:
            print('%-15s unavailable' % label)
            continue
        print('%-15s %12.1f %12.1f %14.2f' % (label, small / 1024, large / 1024,
                                             (large - small) / 900))


if __name__ == '__main__':
    main()
