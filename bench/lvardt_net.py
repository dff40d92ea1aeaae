"""A network of hh cells under the local variable time step (``cvode.use_local_dt(1)``),
pyhoc against NEURON, interleaved: the same script runs in both (``python -m pyhoc`` and
NEURON's Python).  Three numbers each, medians, with the ratio pyhoc / NEURON, in wall-clock
and in CPU time (the process's own: steadier on a loaded machine), and the spike counts:

- run: finitialize to tstop in a fresh process, timed by the script itself (the model and
  the method chosen before it);
- process: the whole process, start to answer (interpreter start-up, imports, model set-up,
  the run), timed by this script;
- repeat: the same run again in the same process (everything loaded), from processes
  that run it ``--repeat`` times (their last run).

    python bench/lvardt_net.py [--ncell 100] [--tstop 50] [--runs 3] [--repeat 3]
                               [--neuron-python PY]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from startup import fresh_env, neuron_python  # noqa: E402

CHILD = r'''
import time, sys
from neuron import h
h.load_file('stdrun.hoc')
ncell, tstop, reps = %d, %g, int(sys.argv[1])
cells, keep = [], []
for i in range(ncell):
    s = h.Section(name='soma%%d' %% i)
    s.L = s.diam = 20.
    s.insert('hh')
    cells.append(s)
    ic = h.IClamp(s(0.5))
    ic.delay, ic.dur, ic.amp = 1. + (i %% 7), tstop, 0.05 + 0.01 * (i %% 11)
    syn = h.ExpSyn(s(0.5))
    syn.tau, syn.e = 2., 0.
    keep += [ic, syn]
spk = h.Vector()
ids = h.Vector()
for i in range(ncell):
    nc = h.NetCon(cells[i](0.5)._ref_v, keep[2 * ((i + 1) %% ncell) + 1], sec=cells[i])
    nc.threshold, nc.delay, nc.weight[0] = -10., 1. + 0.1 * (i %% 5), 0.005
    nc.record(spk, ids, i)
    keep.append(nc)
cv = h.CVode()
cv.active(1)
cv.use_local_dt(1)
cv.atol(1e-3)
for r in range(reps):
    t0, c0 = time.perf_counter(), time.process_time()
    h.finitialize(-65.)
    cv.solve(tstop)
    print('@@', time.perf_counter() - t0, len(spk), time.process_time() - c0)
'''


def run(cmd: list[str], reps: int = 1) -> tuple[float, int, float, float, float]:
    """The child's last run (wall, spikes, CPU) and its whole process (wall, CPU)."""
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(cmd + [str(reps)], capture_output=True, text=True, check=True,
                         env=fresh_env(), stdin=subprocess.DEVNULL).stdout
    wall = time.perf_counter() - t0
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
    line = [x for x in out.splitlines() if x.startswith('@@')][-1].split()
    return float(line[1]), int(line[2]), float(line[3]), wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('--ncell', type=int, default=100)
    ap.add_argument('--tstop', type=float, default=50.)
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--neuron-python', default='/tmp/nrnlib-neuron/bin/python')
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join('/tmp', 'pyhoc_bench_lvardt_%d.py' % os.getpid())
    with open(path, 'w') as f:
        f.write(CHILD % (a.ncell, a.tstop))
    npy = neuron_python(a.neuron_python)
    cmds = {'pyhoc': [sys.executable, '-m', 'pyhoc', path]}
    if npy:
        cmds['NEURON'] = [npy, path]
    os.environ['PYTHONPATH'] = root + os.pathsep + os.environ.get('PYTHONPATH', '')
    res = {k: {'run': [], 'run_cpu': [], 'process': [], 'process_cpu': [], 'repeat': [],
               'repeat_cpu': [], 'spikes': 0} for k in cmds}
    try:
        for _ in range(a.runs):
            for k, cmd in cmds.items():
                t, n, c, pw, pc = run(cmd)
                r = res[k]
                r['run'].append(t)
                r['run_cpu'].append(c)
                r['process'].append(pw)
                r['process_cpu'].append(pc)
                r['spikes'] = n
            if a.repeat > 1:
                for k, cmd in cmds.items():
                    t, n, c, _, _ = run(cmd, a.repeat)
                    res[k]['repeat'].append(t)
                    res[k]['repeat_cpu'].append(c)
    finally:
        os.unlink(path)
    med = {k: {q: statistics.median(v) for q, v in r.items() if isinstance(v, list) and v}
           for k, r in res.items()}
    print('%d cells, %g ms, local step (medians of %d; s, wall / CPU)' % (a.ncell, a.tstop,
                                                                       a.runs))
    print('%-8s %17s %17s %17s %7s' % ('', 'run', 'process', 'repeat', 'spikes'))
    for k, m in med.items():
        print('%-8s %8.3f / %6.3f %8.3f / %6.3f %8s %7d'
              % (k, m['run'], m['run_cpu'], m['process'], m['process_cpu'],
                 '%.3f / %6.3f' % (m['repeat'], m['repeat_cpu']) if 'repeat' in m else '-',
                 res[k]['spikes']))
    if 'NEURON' in med:
        p, n = med['pyhoc'], med['NEURON']
        print('%-8s %8.2fx / %5.2fx %8.2fx / %5.2fx %8s'
              % ('ratio', p['run'] / n['run'], p['run_cpu'] / n['run_cpu'],
                 p['process'] / n['process'], p['process_cpu'] / n['process_cpu'],
                 '%.2fx / %5.2fx' % (p['repeat'] / n['repeat'], p['repeat_cpu'] / n['repeat_cpu'])
                 if 'repeat' in p else '-'))


if __name__ == '__main__':
    main()
