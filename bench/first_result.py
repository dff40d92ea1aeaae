"""Time to first result: whole processes, start to answer, pyhoc against NEURON, interleaved.

Each case is a small script written for ``from neuron import h``; pyhoc runs it with
``python -m pyhoc script.py`` (pyhoc's ``neuron`` name), NEURON with its own Python.  Runs
alternate between the two so that load on the machine hits both alike; the first run of each
is a warm-up (it writes bytecode and compiled-kernel caches, and a short run leaves its
compiled loop to be stored by a background child, pyhoc.sim.precompile, which the bench
waits for) and is not counted.  ``--cold``
adds one pyhoc run with empty kernel and driver caches (``NUMBA_CACHE_DIR`` and
``PYHOC_CACHE_DIR`` pointed at a new folder) that loads numba at once (``PYHOC_LOAD_WORK=0``):
the cost of the first compiled run on a machine.

``--same-python`` runs pyhoc with NEURON's interpreter too (this one's site-packages put on
``PYTHONPATH``, which runs none of their ``.pth`` start-up files), so that both start the same
bare interpreter: a Python whose site-packages run start-up code (editable installs,
certificate bundles) costs every process that uses it some milliseconds before any import.
The first line printed is each interpreter's bare start (a process that does nothing).

    python bench/first_result.py [--runs 7] [--neuron-python /path/to/venv/bin/python] [--cold]
                                 [--same-python]
"""
from __future__ import annotations

import argparse
import os
import site
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from startup import fresh_env, neuron_python  # noqa: E402  (bench/startup.py's helpers)
from pyhoc.sim import precompile  # noqa: E402

SES = os.path.join(HERE, '..', 'tests', 'sessions', 'data', 'c91662.ses')

CASES = {
    # the seed lecture's computation: the CA1 cell from its session, hh everywhere, 2 ms
    'seed': '''
from neuron import h
h.load_file('stdrun.hoc')
h.load_file(%r)
for sec in h.allsec():
    sec.insert('hh')
ic = h.IClamp(h.soma(0.5))
ic.delay, ic.dur, ic.amp = 1, 1, 10
h.finitialize(-65)
h.continuerun(2)
print('%%.6f' %% h.soma(0.5).v)
''' % os.path.abspath(SES),
    # a one-compartment hh cell for 5 ms, as tutorials start
    'one-compartment-5ms': '''
from neuron import h
h.load_file('stdrun.hoc')
soma = h.Section(name='soma')
soma.L = soma.diam = 20
soma.insert('hh')
ic = h.IClamp(soma(0.5))
ic.delay, ic.dur, ic.amp = 1, 1, 0.5
h.finitialize(-65)
h.continuerun(5)
print('%.6f' % soma(0.5).v)
''',
}


def timed(cmd: list[str], extra: dict | None = None) -> tuple[float, str]:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       env={**fresh_env(), **(extra or {})}, check=True)
    return time.perf_counter() - t0, r.stdout.strip().splitlines()[-1]


def bare_starts(pythons: list[str], runs: int) -> list[float]:
    """Median wall times of processes that do nothing (``python -c 'print(0)'``), each
    interpreter in turn."""
    walls: list[list[float]] = [[] for _ in pythons]
    for _ in range(runs):
        for w, python in zip(walls, pythons):
            w.append(timed([python, '-c', 'print(0)'])[0])
    return [statistics.median(w) for w in walls]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--runs', type=int, default=7)
    ap.add_argument('--neuron-python')
    ap.add_argument('--cold', action='store_true', help='also time one run with no kernel cache')
    ap.add_argument('--same-python', action='store_true',
                    help="run pyhoc with NEURON's interpreter (this one's packages on PYTHONPATH)")
    a = ap.parse_args()
    npy = neuron_python(a.neuron_python)
    pyhoc_python, pyhoc_env = sys.executable, {}
    if a.same_python and npy:
        pyhoc_python = npy
        root = os.path.dirname(HERE)
        pyhoc_env['PYTHONPATH'] = os.pathsep.join(
            [root] + [p for p in os.environ.get('PYTHONPATH', '').split(os.pathsep) if p]
            + site.getsitepackages())
    bare = bare_starts([pyhoc_python] + ([npy] if npy else []), a.runs)
    print("bare start: pyhoc's python %.3f s%s" % (
        bare[0], ", NEURON's %.3f s" % bare[1] if npy else ''))
    with tempfile.TemporaryDirectory() as tmp:
        print('%-22s %10s %10s %7s  %s' % ('case', 'pyhoc s', 'NEURON s', 'ratio', 'answers'))
        for name, text in CASES.items():
            path = os.path.join(tmp, name + '.py')
            with open(path, 'w') as f:
                f.write(text)
            pcmd = [pyhoc_python, '-m', 'pyhoc', '-nobanner', path]
            ncmd = [npy, path] if npy else None
            cold = None
            if a.cold:
                empty = tempfile.mkdtemp(dir=tmp)
                cold = timed(pcmd, {**pyhoc_env, 'NUMBA_CACHE_DIR': empty,
                                    'PYHOC_CACHE_DIR': empty, 'PYHOC_LOAD_WORK': '0'})[0]
            walls = {'pyhoc': [], 'neuron': []}
            answers = {}
            for i in range(a.runs + 1):
                for impl, cmd in (('pyhoc', pcmd), ('neuron', ncmd)):
                    if cmd is None:
                        continue
                    w, answers[impl] = timed(cmd, pyhoc_env if impl == 'pyhoc' else None)
                    if i:
                        walls[impl].append(w)
                    elif impl == 'pyhoc':
                        precompile.wait()   # (the warm-up's background compile, if any)
            p = statistics.median(walls['pyhoc'])
            n = statistics.median(walls['neuron']) if walls['neuron'] else None
            print('%-22s %10.3f %10s %7s  %s%s' % (
                name, p, '%.3f' % n if n else '-', '%.2f' % (p / n) if n else '-',
                ' / '.join('%s %s' % kv for kv in answers.items()),
                '  (cold cache: %.2f s)' % cold if cold is not None else ''))


if __name__ == '__main__':
    main()
