"""Large HOC inputs: pyhoc against NEURON, whole processes, time and peak memory.

    python bench/bigfiles.py [--scale 1.0] [--runs 1] [--only morph,toplevel,bigproc]
                             [--nrniv /tmp/nrnlib-neuron/bin/nrniv]

Generates the files in a temporary directory, then runs ``pyhoc -nobanner FILE -c quit()``
and ``nrniv -nobanner FILE -c quit()`` (where installed) alternately and prints the median
wall time, user CPU time and peak RSS of each, with pyhoc/NEURON ratios.

- ``morph``: a generated morphology, 3,000 sections x 50 ``secname pt3dadd(x, y, z, d)``
  lines each with a plain assignment after every point (306,002 lines).
- ``toplevel``: 5.2 M short top-level statements (about 50 MB).
- ``bigproc``: one ``proc`` of 5 M statements (about 60 MB): NEURON stops at once with
  "procedure too big"; so must pyhoc.

``morph_lines`` is also what tests/hoc/test_bigfiles.py and tools/gen_bigfiles_golden.py use.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NRNIV = '/tmp/nrnlib-neuron/bin/nrniv'


def morph_lines(nsec: int = 3000, npt: int = 50):
    """A morphology as generated HOC: per section a pt3dclear, ``npt`` pt3dadd lines each
    followed by an assignment, and an nseg; then a line that prints a check."""
    yield 'create soma, dend[%d]\n' % nsec
    for i in range(nsec):
        yield 'dend[%d] pt3dclear()\n' % i
        for j in range(npt):
            yield 'dend[%d] pt3dadd(%g, %g, %g, %g)\n' % (
                i, i * 1.5 + j * 0.25, j * 0.5 - i * 0.1, (i % 7) * 0.3, 1.0 + (j % 5) * 0.1)
            yield 'xval = %g\n' % (j * 0.5)
        yield 'dend[%d].nseg = %d\n' % (i, 1 + i % 9)
    yield 'dend[%d] print L, n3d()\n' % (nsec // 2)


def toplevel_lines(n: int = 5_200_000):
    yield 'x = 0\n'
    for i in range(n):
        yield 'x = x + %d\n' % (i % 10)
    yield 'print x\n'


def bigproc_lines(n: int = 5_000_000):
    yield 'proc p() {\n'
    for i in range(n):
        yield '  x = %d\n' % i
    yield '}\np()\nprint x\n'


FILES = {'morph': (morph_lines, lambda s: dict(nsec=max(1, int(3000 * s)))),
         'toplevel': (toplevel_lines, lambda s: dict(n=max(1, int(5_200_000 * s)))),
         'bigproc': (bigproc_lines, lambda s: dict(n=max(1, int(5_000_000 * s))))}


def run(cmd: list[str]) -> tuple[float, float, float, int]:
    """(wall s, user+sys CPU s, peak RSS MB, exit status) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of children is the largest child's so far: measure() runs each in a fresh
    # Python, whose only child this is
    return wall, cpu, after.ru_maxrss / 1024.0, p.returncode


def measure(cmd: list[str]) -> tuple[float, float, float, int]:
    """``run`` in a fresh Python, so that the peak RSS is this command's alone."""
    code = ('import sys, json; sys.path.insert(0, %r); from bigfiles import run; '
            'print(json.dumps(run(%r)))' % (os.path.dirname(os.path.abspath(__file__)), cmd))
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True).stdout
    import json
    return tuple(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--scale', type=float, default=1.0)
    ap.add_argument('--runs', type=int, default=1)
    ap.add_argument('--only', default='morph,toplevel,bigproc')
    ap.add_argument('--nrniv', default=NRNIV)
    a = ap.parse_args()
    env_py = [sys.executable, '-m', 'pyhoc', '-nobanner']
    nrniv = [a.nrniv, '-nobanner'] if os.path.exists(a.nrniv) else None
    os.environ['PYTHONPATH'] = ROOT + os.pathsep + os.environ.get('PYTHONPATH', '')
    print('%-9s %-7s %9s %9s %9s %5s' % ('file', 'side', 'wall s', 'cpu s', 'peak MB', 'rc'))
    with tempfile.TemporaryDirectory() as tmp:
        for name in a.only.split(','):
            gen, kw = FILES[name]
            path = os.path.join(tmp, name + '.hoc')
            with open(path, 'w') as f:
                f.writelines(gen(**kw(a.scale)))
            sides = {'pyhoc': env_py + [path, '-c', 'quit()']}
            if nrniv:
                sides['NEURON'] = nrniv + [path, '-c', 'quit()']
            res: dict = {k: [] for k in sides}
            for r in range(a.runs):
                order = list(sides) if r % 2 == 0 else list(reversed(sides))
                for side in order:
                    res[side].append(measure(sides[side]))
            med = {}
            for side, rows in res.items():
                med[side] = [statistics.median(x[k] for x in rows) for k in range(3)]
                print('%-9s %-7s %9.2f %9.2f %9.1f %5d' % (name, side, *med[side], rows[-1][3]))
            if 'NEURON' in med:
                p, n = med['pyhoc'], med['NEURON']
                print('%-9s %-7s %9.2fx %8.2fx %+8.1f MB' % (name, 'ratio', p[0] / n[0],
                                                            p[1] / max(n[1], 1e-9), p[2] - n[2]))


if __name__ == '__main__':
    main()
