"""Instructions per timed run: bench/run.py's models counted by callgrind instead of a clock.

A wall-clock ratio on a shared machine moves by tens of percent between runs (NEURON's own
medians do), so "no slower than before" cannot be shown with it.  Instruction counts can:
each model runs in bench/worker.py under ``valgrind --tool=callgrind`` twice, once with 2
timed runs and once with 2 + N; the difference over N is the instructions of one run
(finitialize + continuerun), with start-up, model building, numba's loading and any first-run
work cancelled out.  ``--base DIR`` counts the same models with the pyhoc of another checkout
(e.g. a ``git worktree`` of an older commit) and prints new / old per model; ``--neuron-python``
adds NEURON's count and pyhoc / NEURON.

    python bench/instructions.py [--models seed-2ms,ring-100] [--mode quick] [--runs 2]
                                 [--base /path/to/old/checkout] [--neuron-python PY]

Each count is preceded by one uncounted run under valgrind: numba keys its caches on the CPU's
features, which valgrind reports differently, so the first run under it may compile (very
slowly) and write caches the counted runs then load.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def count(worker: str, python: str, impl: str, model: str, mode: str, runs: int,
          root: str | None) -> int:
    """Instructions (callgrind's Ir) of a worker process making ``runs`` timed runs."""
    # (PYHOC_LOAD_WORK=0: numba from the first run, as bench/run.py's workers)
    env = dict(os.environ, PYTHONHASHSEED='0', OPENBLAS_NUM_THREADS='1', PYHOC_LOAD_WORK='0')
    env.pop('PYTHONDONTWRITEBYTECODE', None)
    if root:
        env['PYTHONPATH'] = root + (os.pathsep + env['PYTHONPATH'] if env.get('PYTHONPATH')
                                    else '')
    cmd = ['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null',
           python, worker, '--impl', impl, '--model', model, '--mode', mode]
    p = subprocess.run(cmd, input='run\n' * runs + 'quit\n', capture_output=True, text=True,
                       env=env)
    if '"error"' in p.stdout or p.returncode:
        raise RuntimeError('%s %s: %s' % (impl, model, (p.stdout + p.stderr)[-400:]))
    m = re.search(r'Collected\s*:\s*(\d+)', p.stderr)
    if not m:
        raise RuntimeError('no callgrind total for %s %s: %s' % (impl, model, p.stderr[-400:]))
    return int(m.group(1))


def per_run(worker, python, impl, model, mode, runs, root) -> float:
    count(worker, python, impl, model, mode, 2, root)   # fills caches made under valgrind
    # (2 runs, not 1: a second run may still do one-off work, e.g. numba's first call of a
    # function the first run did not need)
    two = count(worker, python, impl, model, mode, 2, root)
    more = count(worker, python, impl, model, mode, 2 + runs, root)
    return (more - two) / runs


def warm(worker, python, impl, model, mode, root) -> None:
    env = dict(os.environ, PYHOC_LOAD_WORK='0')
    env.pop('PYTHONDONTWRITEBYTECODE', None)
    if root:
        env['PYTHONPATH'] = root
    subprocess.run([python, worker, '--impl', impl, '--model', model, '--mode', mode],
                   input='run\nrun\nquit\n', capture_output=True, text=True, env=env,
                   check=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--models', default='seed-2ms,seed-50ms,hh-axon,ring-100,ring-1000,'
                    'hh-soma-cvode,hh-axon-cvode,seed-50ms-cvode,ring-1000-cvode')
    ap.add_argument('--mode', default='quick')
    ap.add_argument('--runs', type=int, default=2)
    ap.add_argument('--base', help='another pyhoc checkout to compare with')
    ap.add_argument('--neuron-python')
    ap.add_argument('--warm', action='store_true', help='one native run of each side first')
    ap.add_argument('--sides', help='count only these (comma-separated: pyhoc,base,NEURON)')
    a = ap.parse_args()
    sides = [('pyhoc', os.path.join(HERE, 'worker.py'), sys.executable, 'pyhoc', ROOT)]
    if a.base:
        base = os.path.abspath(a.base)
        sides.append(('base', os.path.join(base, 'bench', 'worker.py'), sys.executable,
                      'pyhoc', base))
    if a.neuron_python:
        sides.append(('NEURON', os.path.join(HERE, 'worker.py'), a.neuron_python, 'neuron',
                      None))
    if a.sides:
        sides = [s for s in sides if s[0] in a.sides.split(',')]
    print('instructions per run (%s mode, %d runs differenced)' % (a.mode, a.runs))
    print('%-18s' % 'model' + ''.join('%16s' % s[0] for s in sides) +
          ('%12s' % 'pyhoc/base' if a.base else '') +
          ('%14s' % 'pyhoc/NEURON' if a.neuron_python else ''))
    for model in a.models.split(','):
        got = {}
        for label, worker, python, impl, root in sides:
            if a.warm:
                warm(worker, python, impl, model, a.mode, root)
            got[label] = per_run(worker, python, impl, model, a.mode, a.runs, root)
        line = '%-18s' % model + ''.join('%16.0f' % got[s[0]] for s in sides)
        if 'pyhoc' in got and 'base' in got:
            line += '%12.3f' % (got['pyhoc'] / got['base'])
        if 'pyhoc' in got and 'NEURON' in got:
            line += '%14.2f' % (got['pyhoc'] / got['NEURON'])
        print(line, flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
