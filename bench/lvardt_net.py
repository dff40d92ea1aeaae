"""A network of hh cells under the local variable time step (``cvode.use_local_dt(1)``),
pyhoc against NEURON, interleaved: the same script runs in both (``python -m pyhoc`` and
NEURON's Python), each timing its own run (finitialize to tstop, not the start-up); medians
and the ratio pyhoc / NEURON are printed, with the spike counts of both, in wall-clock and
in CPU time (the process's own: steadier on a loaded machine).

    python bench/lvardt_net.py [--ncell 100] [--tstop 50] [--runs 3] [--neuron-python PY]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from startup import fresh_env, neuron_python  # noqa: E402

CHILD = r'''
import time, sys
from neuron import h
h.load_file('stdrun.hoc')
ncell, tstop = %d, %g
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
t0, c0 = time.perf_counter(), time.process_time()
h.finitialize(-65.)
cv.solve(tstop)
print('@@', time.perf_counter() - t0, len(spk), time.process_time() - c0)
'''


def run(cmd: list[str]) -> tuple[float, int, float]:
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=fresh_env(),
                         stdin=subprocess.DEVNULL).stdout
    line = [x for x in out.splitlines() if x.startswith('@@')][-1].split()
    return float(line[1]), int(line[2]), float(line[3])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('--ncell', type=int, default=100)
    ap.add_argument('--tstop', type=float, default=50.)
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--neuron-python', default='/tmp/nrnlib-neuron/bin/python')
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join('/tmp', 'pyhoc_bench_lvardt_%d.py' % os.getpid())
    with open(path, 'w') as f:
        f.write(CHILD % (a.ncell, a.tstop))
    npy = neuron_python(a.neuron_python)
    env_py = [sys.executable, '-m', 'pyhoc', path]
    os.environ['PYTHONPATH'] = root + os.pathsep + os.environ.get('PYTHONPATH', '')
    tp, tn, cp, cn, sp, sn = [], [], [], [], 0, 0
    try:
        for _ in range(a.runs):
            t, sp, c = run(env_py)
            tp.append(t)
            cp.append(c)
            if npy:
                t, sn, c = run([npy, path])
                tn.append(t)
                cn.append(c)
    finally:
        os.unlink(path)
    mp, mcp = statistics.median(tp), statistics.median(cp)
    print('%d cells, %g ms, local step: pyhoc %.3f s, CPU %.3f s (%d spikes)'
          % (a.ncell, a.tstop, mp, mcp, sp))
    if tn:
        mn, mcn = statistics.median(tn), statistics.median(cn)
        print('NEURON %.3f s, CPU %.3f s (%d spikes); ratio pyhoc/NEURON %.1fx, CPU %.1fx'
              % (mn, mcn, sn, mp / mn, mcp / mcn))


if __name__ == '__main__':
    main()
