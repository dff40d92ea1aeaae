"""The cost of one fixed step driven from HOC or Python, pyhoc against NEURON.

    python bench/step_calls.py [--neuron-python PATH] [--rounds N] [--steps N]
                               [--clock cpu|wall] [--env NAME=VALUE ...]

Many published models advance the simulation one step at a time: a HOC ``while (t < tstop)
{ fadvance() }`` loop, stdrun's ``proc advance()`` overridden so that run() calls HOC at every
step, or a Python loop calling ``h.fadvance()``.  Each case below runs a one-compartment hh
cell with an IClamp (dt 0.025, ``--steps`` steps, 4000 by default: tstop 100) and prints
µs per step:

  hoc-while     ``while (t < tstop) { fadvance() }`` in a HOC proc
  hoc-advance   ``proc advance() { fadvance() }`` under stdrun's run()
  py-fadvance   ``for _ in range(n): h.fadvance()`` in Python

Each round starts one fresh pyhoc process (``from pyhoc import h``) and one fresh NEURON
process (``from neuron import h`` in NEURON's Python), alternating which goes first, so
that load on the machine hits both alike; each process runs every case once untimed
(warm-up: a first-run cost such as loading compiled code is left out) and then timed, by
its CPU time unless ``--clock wall``.  The table shows medians over the rounds and
pyhoc/NEURON, and whether both ended at the same t and v.  ``--env PYHOC_LOAD_WORK=0``
(say) sets pyhoc's environment (the default is a user's); ``--env PYTHONPATH=DIR`` times
another pyhoc tree (a ``git worktree`` of an older commit).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

TAG = '@@STEP '
CASES = ['hoc-while', 'hoc-advance', 'py-fadvance']

MODEL = r'''
create soma
access soma
soma { L = 20 diam = 20 nseg = 1 insert hh }
objref stim
stim = new IClamp(0.5)
stim.del = 1
stim.dur = 1e9
stim.amp = 0.1
dt = 0.025
proc loop() { while (t < tstop) { fadvance() } }
'''

WORKER = r'''
import json, sys, time
impl, steps = sys.argv[1], int(sys.argv[2])
clock = time.process_time if sys.argv[3] == 'cpu' else time.perf_counter
if impl == 'pyhoc':
    from pyhoc import h
else:
    from neuron import h
h.load_file('stdrun.hoc')
h(MODEL)
tstop = steps * 0.025
out = {}

def hoc_while():
    h.tstop = tstop
    h.finitialize(-65)
    t0 = clock()
    h.loop()
    return clock() - t0, h.t, h.soma(.5).v

def hoc_advance():
    h('proc advance() { fadvance() }')
    h.tstop = tstop
    t0 = clock()
    h.run()
    return clock() - t0, h.t, h.soma(.5).v

def py_fadvance():
    h.finitialize(-65)
    t0 = clock()
    for _ in range(steps):
        h.fadvance()
    return clock() - t0, h.t, h.soma(.5).v

for name, f in (('hoc-while', hoc_while), ('hoc-advance', hoc_advance),
                ('py-fadvance', py_fadvance)):
    f()                                     # warm-up
    s, t, v = f()
    out[name] = {'us': 1e6 * s / steps, 't': t, 'v': v}
print(TAG + json.dumps(out), flush=True)
'''


def run_worker(python: str, impl: str, steps: int, clock: str, env: dict) -> dict:
    code = 'MODEL = %r\nTAG = %r\n' % (MODEL, TAG) + WORKER
    with tempfile.TemporaryDirectory() as cwd:      # (python -c imports from its cwd first:
        p = subprocess.run([python, '-c', code, impl, str(steps), clock],   # an empty one,
                           capture_output=True, text=True, env=env, cwd=cwd)  # so PYTHONPATH
    #                                                                           counts)
    for line in p.stdout.splitlines():
        if line.startswith(TAG):
            return json.loads(line[len(TAG):])
    return {'error': (p.stderr.strip().splitlines() or ['rc %d' % p.returncode])[-1]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--python', default=sys.executable, help="pyhoc's Python")
    ap.add_argument('--neuron-python', default=os.environ.get(
        'NEURON_PYTHON', '/tmp/nrnlib-neuron/bin/python'))
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--steps', type=int, default=4000)
    ap.add_argument('--clock', choices=('cpu', 'wall'), default='cpu',
                    help="the process's CPU time (default: less affected by the machine's "
                    'load) or wall-clock time')
    ap.add_argument('--env', action='append', default=[],
                    help='NAME=VALUE for pyhoc (PYTHONPATH=DIR: another pyhoc tree)')
    a = ap.parse_args(argv)
    env = dict(os.environ)
    env.pop('PYTHONDONTWRITEBYTECODE', None)
    penv = dict(env)
    for kv in a.env:
        k, _, v = kv.partition('=')
        penv[k] = v
    have_neuron = os.path.exists(a.neuron_python)
    res = {'pyhoc': [], 'neuron': []}
    for r in range(a.rounds):
        order = ['pyhoc', 'neuron'] if r % 2 == 0 else ['neuron', 'pyhoc']
        for impl in order:
            if impl == 'neuron' and not have_neuron:
                continue
            out = run_worker(a.python if impl == 'pyhoc' else a.neuron_python, impl, a.steps,
                             a.clock, penv if impl == 'pyhoc' else env)
            if 'error' in out:
                print('%s: %s' % (impl, out['error']), file=sys.stderr)
                return 1
            res[impl].append(out)
    print('%d steps of a one-compartment hh cell + IClamp, medians of %d rounds (µs/step, '
          '%s time)%s' % (a.steps, a.rounds, a.clock, ''.join(' ' + e for e in a.env)))
    print('%-12s %10s %10s %8s  %s' % ('case', 'pyhoc', 'NEURON', 'ratio', 'same v'))
    for c in CASES:
        p = statistics.median(o[c]['us'] for o in res['pyhoc'])
        if res['neuron']:
            n = statistics.median(o[c]['us'] for o in res['neuron'])
            same = res['pyhoc'][-1][c]['v'] == res['neuron'][-1][c]['v'] and \
                res['pyhoc'][-1][c]['t'] == res['neuron'][-1][c]['t']
            print('%-12s %10.2f %10.2f %8.1f  %s' % (c, p, n, p / n, 'yes' if same else
                                                      'NO (%r vs %r)' % (
                                                          res['pyhoc'][-1][c]['v'],
                                                          res['neuron'][-1][c]['v'])))
        else:
            print('%-12s %10.2f %10s' % (c, p, '-'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
