"""HOC interpreter speed: loops, arithmetic, calls, object methods, Vector and range-variable
access, string formatting, timed inside pyhoc and NEURON (nrniv), interleaved.

Each case is a HOC text whose measured part is timed by HOC itself (``startsw()``, wall clock),
so process start-up is not counted; the run prints ``BENCH <seconds>``.  On a loaded machine
wall time says little, so the process's CPU time (user + system) is measured too, less that of
a process running the same text with an empty case (start-up).  pyhoc runs
``python -m pyhoc`` from this checkout, NEURON its ``nrniv``; runs alternate between the two so
that load on the machine hits both alike.  Prints each case's median wall time of the measured part, its CPU time less start-up (the
least of the runs), and pyhoc/NEURON for each.

    python bench/hoc_interp.py [--runs 3] [--scale 1] [--nrniv PATH] [CASE ...]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NRNIV = '/tmp/nrnlib-neuron/bin/nrniv'

CASES = {
    # for loops, scalar arithmetic, if
    'loops': '''
s = 0
k = 0
for i = 0, 100000*SCALE { s = s + i*2 - 1  if (i % 3 == 0) { k += 1 } }
j = 0
while (j < 50000*SCALE) { j += 1  s -= j/2 }
''',
    # user funcs and procs with $ arguments and locals
    'calls': '''
func sq() { local y  y = $1*$1  return y }
proc acc() { total += sq($1) + $2 }
total = 0
for i = 0, 50000*SCALE { acc(i, 1) }
''',
    # a template's methods and fields; List append / object access
    'objects': '''
begintemplate Pt
public x, y, setxy, norm2
proc init() { x = $1  y = $2 }
proc setxy() { x = $1  y = $2 }
func norm2() { return x*x + y*y }
endtemplate Pt
objref pts, p
pts = new List()
for i = 0, 2000*SCALE { pts.append(new Pt(i, -i)) }
s = 0
for r = 0, 9 { for i = 0, pts.count() - 1 { p = pts.object(i)  p.setxy(p.y, p.x)  s += p.norm2() + p.x } }
''',
    # Vector element reads and writes, a Matrix
    'vectors': '''
objref vv, mm
vv = new Vector(1000)
mm = new Matrix(50, 20)
for r = 0, 20*SCALE { for i = 1, vv.size() - 1 { vv.x[i] = vv.x[i-1] + 0.5 } }
for r = 0, 10*SCALE { for i = 0, 49 { for j = 0, 19 { mm.x[i][j] = mm.x[i][j] + i*j } } }
''',
    # forall / forsec / for (x), range variables, ismembrane, section arrays
    'sections': '''
create dend[200]
objref sl
sl = new SectionList()
for i = 0, 199 { dend[i] { nseg = 5  insert pas  if (i % 2) insert hh  sl.append() } }
for i = 1, 199 { connect dend[i](0), dend[i-1](1) }
finitialize(-65)
for r = 0, 5*SCALE {
    forsec sl { for (x) { if (ismembrane("hh")) { e_pas(x) = v(x) + (ina(x) + ik(x))/g_pas(x) } else { e_pas(x) = v(x) } } }
    forall { L = 10 + r  diam = 1 }
    for i = 0, 199 { dend[i].Ra = 100 + r }
}
''',
    # sprint / strcmp / string variables
    'strings': '''
strdef s1, s2
n = 0
for i = 0, 20000*SCALE { sprint(s1, "cell_%d.%s", i, "soma")  if (strcmp(s1, s2) != 0) { n += 1 }  s2 = s1 }
''',
}


def hoc_text(body: str, scale: int) -> str:
    return ('SCALE = %d\nbench_t0_ = startsw()\n%s\n{printf("BENCH %%.6f\\n", startsw() - bench_t0_)}\n'
            'quit()\n' % (scale, body))


def run_once(cmd, path) -> tuple:
    """(wall seconds of the measured part, CPU seconds of the whole process)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd + [path], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                         cwd=os.path.dirname(path), timeout=1200)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime
    for line in out.stdout.splitlines():
        if line.startswith('BENCH '):
            return float(line.split()[1]), cpu
    raise RuntimeError('%s gave no time:\n%s\n%s' % (cmd, out.stdout[-2000:], out.stderr[-2000:]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('cases', nargs='*')
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--scale', type=int, default=4)
    ap.add_argument('--nrniv', default=NRNIV)
    ap.add_argument('--no-neuron', action='store_true')
    args = ap.parse_args(argv)
    env_py = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get('PYTHONPATH', ''))
    pyhoc = [sys.executable, '-m', 'pyhoc', '-nobanner', '-nogui']
    nrn = [args.nrniv, '-nobanner', '-nogui']
    names = args.cases or list(CASES)
    tmp = tempfile.mkdtemp(prefix='hoc_interp_')
    os.environ.update(env_py)
    impls = [('pyhoc', pyhoc)] + ([] if args.no_neuron else [('NEURON', nrn)])

    def measure(name, body):
        path = os.path.join(tmp, name + '.hoc')
        with open(path, 'w') as f:
            f.write(hoc_text(body, args.scale))
        got = {k: [] for k, _ in impls}
        for _ in range(args.runs):          # interleaved
            for k, cmd in impls:
                got[k].append(run_once(cmd, path))
        return {k: (statistics.median(w for w, _ in v), min(c for _, c in v))
                for k, v in got.items()}

    base = measure('empty', '')
    print('%-10s %9s %9s %7s   %9s %9s %7s' % ('case', 'pyhoc s', 'NEURON s', 'ratio',
                                               'pyhoc cpu', 'NRN cpu', 'ratio'))
    for name in names:
        r = measure(name, CASES[name])
        p, pc = r['pyhoc'][0], r['pyhoc'][1] - base['pyhoc'][1]
        n, nc = r['NEURON'] if 'NEURON' in r else (float('nan'),) * 2
        if 'NEURON' in r:
            nc -= base['NEURON'][1]
        print('%-10s %9.3f %9.3f %7.1f   %9.3f %9.3f %7.1f' % (
            name, p, n, p / n, pc, nc, pc / nc if nc > 0 else float('nan')), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
