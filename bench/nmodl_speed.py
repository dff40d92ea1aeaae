"""Speed of mechanisms translated from ``.mod`` files (issue 13), two benchmarks:

    python bench/nmodl_speed.py mechs [--model ring-100] [--mode quick] [--repeat 5]
    python bench/nmodl_speed.py build MODDIR [--repeat 3]

``mechs``: a model run with the hand-written built-ins (hh, pas, ExpSyn, IClamp)
against the same model with them translated from our own .mod texts (pyhoc/nmodl/builtin_mod),
both on the compiled loop, one worker process each (bench/worker.py ``--impl pyhoc`` and
``--impl pyhoc-mod``), ``--warmup`` runs each (the NumPy path's first runs, numba's
compilation), then timed runs alternating, order flipped every round.  Prints the medians, their ratio (the goal: at most 1.1) and the largest voltage
difference (0: the translation gives the built-ins' numbers); also the ratio of the workers'
CPU times, which a machine shared with other work disturbs less than the wall times.

``build``: the ``.mod`` files of MODDIR (a ModelDB model of 30 or more, say) translated and
compiled, in fresh processes (wall and CPU seconds, the CPU of every process each one waited
for, so that a loaded machine can be read too): pyhoc with an empty cache (``PYHOC_MODL_CACHE`` and
``PYHOC_CACHE_DIR`` in a temporary folder: translation, module generation, numba compilation
of the compiled loop's driver for the set, a 2-step run), pyhoc again on that cache, and NEURON's
``nrnivmodl`` in a temporary copy (C++ compilation and link).  Prints each wall time.
NEURON is ``$NEURON_PYTHON`` (default /tmp/nrnlib-neuron/bin/python) with nrnivmodl beside it;
for context, NEURON's own start with the built library and the same 2 steps (what a cached
pyhoc run does besides loading its cache) is timed too.
"""
from __future__ import annotations

import argparse
import glob
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from run import Worker, compare, pyhoc_env  # noqa: E402

NEURON_PYTHON = os.environ.get('NEURON_PYTHON', '/tmp/nrnlib-neuron/bin/python')

# the compiled-path build for the translated set: every mechanism inserted, one short run
BUILD_SCRIPT = r'''
import os, sys, time
t0 = time.perf_counter()
import pyhoc
from pyhoc.nmodl.load import load_into, mod_files
from pyhoc.sim import backend
model = pyhoc._default_interpreter().sim.model
ok = []
for f in mod_files(sys.argv[1]):
    try:
        ok += load_into(model, [f])
    except Exception as e:
        print('not loaded: %s: %s' % (os.path.basename(f), str(e).splitlines()[0]))
t1 = time.perf_counter()
from pyhoc import h
backend.set_backend('numba')
s = h.Section(name='s')
for name in ok:
    if name in model.mech_types and not model.mech_types[name].point:
        try:
            s.insert(name)
        except Exception as e:
            print('not inserted: %s: %s' % (name, e))
pps = []
for name in ok:
    mt = model.mech_types.get(name)
    if mt is not None and mt.point:
        pps.append(getattr(h, name)(s(0.5)))
h.load_file('stdrun.hoc')
h.finitialize(-65)
h.continuerun(2 * h.dt)         # the compiled loop: its driver for this set of mechanisms
t2 = time.perf_counter()
print('@@ %d mechanisms: translate+load %.2f s, compile+run %.2f s' % (len(ok), t1 - t0, t2 - t1))
'''


# NEURON's counterpart of a cached pyhoc run: start, load the built library, the same 2 steps
NEURON_SCRIPT = r'''
import os, re, sys
from neuron import h        # (in the folder nrnivmodl built in, it loads ./x86_64 itself)
if not os.path.isdir('x86_64'):
    h.nrn_load_dll(sys.argv[1])
s = h.Section(name='s')
pps = []
for f in sys.argv[2:]:
    text = open(f, errors='replace').read()
    for kind, name in re.findall(r'\b(SUFFIX|POINT_PROCESS)\s+(\w+)', text):
        try:
            if kind == 'SUFFIX':
                s.insert(name)
            else:
                pps.append(getattr(h, name)(s(0.5)))
        except Exception:
            pass
h.load_file('stdrun.hoc')
h.finitialize(-65)
h.continuerun(2 * h.dt)
'''


def med(xs):
    return statistics.median(xs)


def bench_mechs(a) -> int:
    env = pyhoc_env()
    ws = {impl: Worker(impl, sys.executable, a.model, a.mode, '', env)
          for impl in ('pyhoc', 'pyhoc-mod')}
    for impl, w in ws.items():
        if 'error' in w.ready:
            print('%s: %s' % (impl, w.ready['error']))
            return 1
    times = {impl: [] for impl in ws}
    cpu = {impl: [] for impl in ws}
    for w in ws.values():        # warm-up: the NumPy path's first runs, numba's compilation
        for _ in range(a.warmup):
            w.ask('run')
    order = ['pyhoc', 'pyhoc-mod']
    for r in range(a.repeat):
        for impl in (order if r % 2 == 0 else order[::-1]):
            r = ws[impl].ask('run')
            times[impl].append(r['wall'])
            cpu[impl].append(r['cpu'])
    res = {impl: w.ask('result')['result'] for impl, w in ws.items()}
    for w in ws.values():
        w.close()
    hb, hm = med(times['pyhoc']), med(times['pyhoc-mod'])
    pairs = sorted(m / b for b, m in zip(times['pyhoc'], times['pyhoc-mod']))
    print('%s (%s): hand-written built-ins %.4f s, from .mod %.4f s (medians of %d); '
          'ratio %.3f (of the minima %.3f, median of paired ratios %.3f)'
          % (a.model, a.mode, hb, hm, a.repeat, hm / hb,
             min(times['pyhoc-mod']) / min(times['pyhoc']), med(pairs)))
    cb, cm = med(cpu['pyhoc']), med(cpu['pyhoc-mod'])
    print('  CPU time: built-ins %.4f s, from .mod %.4f s (medians); ratio %.3f (of the minima '
          '%.3f)' % (cb, cm, cm / cb, min(cpu['pyhoc-mod']) / min(cpu['pyhoc'])))
    print('  built-ins: %s' % ' '.join('%.4f' % x for x in times['pyhoc']))
    print('  from .mod: %s' % ' '.join('%.4f' % x for x in times['pyhoc-mod']))
    print('  agreement: %s' % compare(res['pyhoc-mod'], res['pyhoc'])['text'])
    return 0


def wall(cmd, cwd, env=None) -> tuple:
    """(wall seconds, CPU seconds of the command and all it waited for, return code, output)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    s = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return s, cpu, p.returncode, p.stdout


def bench_build(a) -> int:
    src = os.path.abspath(a.moddir)
    files = sorted(glob.glob(os.path.join(src, '*.mod')))
    print('%s: %d .mod files' % (src, len(files)))
    nrnivmodl = os.path.join(os.path.dirname(NEURON_PYTHON), 'nrnivmodl')
    for r in range(a.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            env = pyhoc_env()
            env['PYHOC_MODL_CACHE'] = os.path.join(tmp, 'modl')
            env['PYHOC_CACHE_DIR'] = os.path.join(tmp, 'drivers')
            env['PYHOC_LOAD_WORK'] = '0'        # numba at once, however short the run
            if a.bytecode:      # Python's bytecode cache on, as in an installed pyhoc
                env.pop('PYTHONDONTWRITEBYTECODE', None)
            script = os.path.join(tmp, 'build.py')
            with open(script, 'w') as f:
                f.write(BUILD_SCRIPT)
            for label in ('pyhoc cold', 'pyhoc cached'):
                s, cpu, rc, out = wall([sys.executable, script, src], tmp, env)
                line = [x for x in out.splitlines() if x.startswith('@@')]
                print('  %-15s %7.2f s (CPU %7.2f s)  %s' % (label, s, cpu, line[0][3:] if line
                                                             else 'rc=%d %s' % (rc, out[-300:])))
            if a.no_nrnivmodl:
                continue
            dst = os.path.join(tmp, 'nrn')
            os.makedirs(dst)
            for f in files:
                shutil.copy(f, dst)
            for inc in glob.glob(os.path.join(src, '*.inc')) + glob.glob(os.path.join(src, '*.h')):
                shutil.copy(inc, dst)
            s, cpu, rc, out = wall([nrnivmodl], dst)
            print('  %-15s %7.2f s (CPU %7.2f s)  %s' % ('nrnivmodl', s, cpu, 'ok' if rc == 0
                                                         else 'rc=%d %s' % (rc, out[-300:])))
            s, cpu, rc, out = wall([nrnivmodl], dst)
            print('  %-15s %7.2f s (CPU %7.2f s)  %s' % ('nrnivmodl again', s, cpu,
                                                         'ok (make: nothing to do)' if rc == 0
                                                         else 'rc=%d' % rc))
            lib = glob.glob(os.path.join(dst, '*', 'libnrnmech.so'))
            if lib:     # (context: NEURON's start with the built library and the 2 steps)
                s, cpu, rc, out = wall([NEURON_PYTHON, '-c', NEURON_SCRIPT, lib[0]] +
                                       sorted(glob.glob(os.path.join(dst, '*.mod'))), dst)
                print('  %-15s %7.2f s (CPU %7.2f s)  %s' % ('NEURON load+run', s, cpu,
                                                             'ok' if rc == 0 else
                                                             'rc=%d %s' % (rc, out[-300:])))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest='what', required=True)
    m = sub.add_parser('mechs')
    m.add_argument('--model', default='ring-100')
    m.add_argument('--mode', default='quick')
    m.add_argument('--repeat', type=int, default=11)
    m.add_argument('--warmup', type=int, default=3)
    b = sub.add_parser('build')
    b.add_argument('moddir')
    b.add_argument('--repeat', type=int, default=1)
    b.add_argument('--no-nrnivmodl', action='store_true', help='pyhoc only')
    b.add_argument('--bytecode', action='store_true',
                   help='pyhoc with Python\'s bytecode cache even where PYTHONDONTWRITEBYTECODE '
                        'is set (a pip-installed pyhoc has its .pyc files)')
    a = ap.parse_args()
    return bench_mechs(a) if a.what == 'mechs' else bench_build(a)


if __name__ == '__main__':
    sys.exit(main())
