"""pyhoc against NEURON: the same models, run side by side, medians, ratios and agreement.

    python bench/run.py [--neuron-python PATH] [--repeat N] [--quick] [--only a,b] [--json F]

Each model (bench/models.py) is built once in a pyhoc worker process and once in a NEURON
worker process (bench/worker.py; ``from pyhoc import h`` / ``from neuron import h``).  The
timed runs (finitialize + continuerun) then alternate between the two workers, one run at a
time, so that load on the machine hits both alike; the first run of each worker is a warm-up
and is left out.  Afterwards the final probe voltages and all recorded spike times are
compared (max |dv| in mV, spike counts, max |dt| in ms): fixed step must agree to 1e-6
(pyhoc follows NEURON's order of operations, so results are normally bit-identical), CVode to
1 mV and 0.1 ms.  Start-up and .ses loading use fresh
processes, also alternating.  NEURON is used when this interpreter can import it or when
``--neuron-python`` (or env NEURON_PYTHON) names one that can; otherwise only pyhoc runs.

--quick shortens the long models (seed 10 ms instead of 50, axon 20 ms, rings 30 ms) and uses
fewer start-up runs.  Models that pyhoc cannot run yet (CVode, a .ses it cannot load) are
listed as "unavailable: <reason>".
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import models   # noqa: E402
import startup  # noqa: E402  (bench/startup.py: start-up timing helpers)

WORKER = os.path.join(HERE, 'worker.py')
TAG = '@@BENCH '
SIM_MODELS = ['seed-2ms', 'seed-50ms', 'hh-axon', 'ring-100', 'ring-1000',
              'hh-soma-cvode', 'hh-axon-cvode', 'seed-50ms-cvode', 'ring-1000-cvode']
OTHER = ['startup', 'startup-import', 'ses-load']
DERIVED = ['ses-load-process']     # rows that come with another one (ses-load)


class Worker:
    """A worker process for one (implementation, model)."""

    def __init__(self, impl, python, model, mode, ses, env=None):
        self.impl = impl
        self.err = tempfile.TemporaryFile(mode='w+')
        self.p = subprocess.Popen(
            [python, WORKER, '--impl', impl, '--model', model, '--mode', mode, '--ses', ses],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err, text=True,
            bufsize=1, env=env, cwd=HERE)
        self.ready = self.read()

    def read(self) -> dict:
        for line in self.p.stdout:
            if line.startswith(TAG):
                return json.loads(line[len(TAG):])
        self.err.seek(0)
        tail = ' '.join(self.err.read().split()[-40:])
        return {'error': 'unavailable: worker exited (rc %s): %s' % (self.p.wait(), tail[-300:])}

    def ask(self, cmd) -> dict:
        try:
            self.p.stdin.write(cmd + '\n')
            self.p.stdin.flush()
        except BrokenPipeError:
            return {'error': 'unavailable: worker exited'}
        return self.read()

    def close(self):
        try:
            self.p.stdin.write('quit\n')
            self.p.stdin.close()
        except (BrokenPipeError, OSError):
            pass
        try:
            self.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        self.err.close()


def pyhoc_env():
    """Environment for pyhoc's worker: make sure the repo's pyhoc is importable."""
    env = dict(os.environ)
    root = os.path.dirname(HERE)
    env['PYTHONPATH'] = root + (os.pathsep + env['PYTHONPATH'] if env.get('PYTHONPATH') else '')
    return env


def fresh_env(env=None):
    """Environment for the fresh-process timings: Python may use and write its bytecode
    caches (``__pycache__``), as for NEURON's installed wheel, whose .pyc files are there; with
    PYTHONDONTWRITEBYTECODE set every pyhoc process would compile all its modules again.
    The warm-up run of each command writes the caches."""
    env = dict(os.environ if env is None else env)
    env.pop('PYTHONDONTWRITEBYTECODE', None)
    return env


# Agreement thresholds: the fixed-step core follows NEURON's operation order (bit-identical
# results are expected); two variable-step integrators take different steps, so CVode results
# only have to agree to within what atol=1e-5 allows.
TOL_FIXED = (1e-6, 1e-6)     # (mV, ms)
TOL_CVODE = (1.0, 0.1)


def compare(a: dict, b: dict, tol=TOL_FIXED) -> dict:
    """Agreement of two Model.result() dicts: max |dv|, spike counts, max |dt|."""
    dv = max((abs(a['v'][k] - b['v'][k]) for k in a['v'] if k in b['v']), default=0.0)
    na = sum(len(x) for x in a['spikes'].values())
    nb = sum(len(x) for x in b['spikes'].values())
    same_counts = all(len(a['spikes'].get(k, [])) == len(b['spikes'].get(k, []))
                      for k in set(a['spikes']) | set(b['spikes']))
    dt = 0.0
    for k, ta in a['spikes'].items():
        for x, y in zip(ta, b['spikes'].get(k, [])):
            dt = max(dt, abs(x - y))
    ok = same_counts and dv <= tol[0] and dt <= tol[1]
    text = 'max Δv %.1e mV, spikes %d/%d, max Δt %.1e ms' % (dv, na, nb, dt)
    return {'dv_mV': dv, 'spikes_pyhoc': na, 'spikes_neuron': nb, 'same_spike_counts': same_counts,
            'dt_ms': dt, 'agree': ok, 'text': ('ok ' if ok else 'DIFFER ') + text}


def med(xs):
    return statistics.median(xs) if xs else None


def bench_sim(name, a, nrn_py, log) -> dict:
    mode = 'quick' if a.quick else 'full'
    row = {'model': name}
    # the steady-state speed of each backend: numba loaded at the first run, not only once
    # the short runs have added up to its load cost (pyhoc.sim.backend.LOAD_WORK)
    workers = {'pyhoc': Worker('pyhoc', sys.executable, name, mode, a.ses,
                               dict(pyhoc_env(), PYHOC_LOAD_WORK='0'))}
    if nrn_py:
        workers['neuron'] = Worker('neuron', nrn_py, name, mode, a.ses)
    for impl, w in workers.items():
        row[impl] = dict(w.ready)
    live = {impl: w for impl, w in workers.items() if 'error' not in w.ready}
    for impl in live:
        row[impl]['walls'] = []
    try:
        for i in range(a.repeat + 1):           # run 0: warm-up, not counted
            order = list(live) if i % 2 == 0 else list(reversed(live))
            for impl in order:
                if impl not in live:
                    continue
                r = live[impl].ask('run')
                if 'error' in r:
                    row[impl]['error'] = r['error']
                    live.pop(impl).close()
                    continue
                (row[impl]['walls'] if i else row[impl].setdefault('first', [])).append(r['wall'])
            log('  %s run %d/%d' % (name, i, a.repeat))
        for impl, w in live.items():
            r = w.ask('result')
            row[impl]['result'] = r.get('result')
            row[impl]['maxrss_kb'] = r.get('maxrss_kb')
    finally:
        for w in workers.values():
            w.close()
    for impl in workers:
        row[impl]['median_s'] = med(row[impl].get('walls', []))
    if all(row.get(i, {}).get('result') for i in ('pyhoc', 'neuron')):
        row['agreement'] = compare(row['pyhoc']['result'], row['neuron']['result'],
                                   TOL_CVODE if 'cvode' in name else TOL_FIXED)
    return row


def fresh_runs(cmds: dict, runs: int, log, label) -> dict:
    """Alternate fresh processes; cmds: impl -> (argv, env, parse) with parse(stdout)->seconds
    or (seconds, info dict); the info dicts are kept in order under 'infos'."""
    out = {impl: {'walls': [], 'infos': []} for impl in cmds}
    for impl, (argv, env, parse) in cmds.items():      # one warm-up each (disk cache)
        try:
            parse(argv, env)
        except Exception as e:   # noqa: BLE001
            out[impl]['error'] = 'unavailable: %s' % e
    for i in range(runs):
        order = list(cmds) if i % 2 == 0 else list(reversed(cmds))
        for impl in order:
            if 'error' in out[impl]:
                continue
            argv, env, parse = cmds[impl]
            try:
                wall = parse(argv, env)
                if isinstance(wall, tuple):           # (seconds, extra info)
                    wall, out[impl]['info'] = wall
                    out[impl]['infos'].append(out[impl]['info'])
                out[impl]['walls'].append(wall)
            except Exception as e:   # noqa: BLE001
                out[impl]['error'] = 'unavailable: %s' % e
    log('  %s: %d runs' % (label, runs))
    for impl in cmds:
        out[impl]['median_s'] = med(out[impl]['walls'])
    return out


def wall_of_process(argv, env):
    t0 = time.perf_counter()
    subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True, env=env)
    return time.perf_counter() - t0


def ses_load_time(argv, env):
    """In-process load_file(.ses) time reported by the worker, and (in the info) the wall
    time of the whole fresh process: start-up, import, nrngui.hoc and the .ses."""
    t0 = time.perf_counter()
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env,
                       cwd=HERE)
    process_s = time.perf_counter() - t0
    for line in p.stdout.splitlines():
        if line.startswith(TAG):
            d = json.loads(line[len(TAG):])
            if 'error' in d:
                raise RuntimeError(d['error'][len('unavailable: '):])
            return d['wall'], {'nsec': d['nsec'], 'process_s': process_s,
                               'import_s': d.get('import_s'), 'nrngui_s': d.get('nrngui_s')}
    raise RuntimeError('worker exited (rc %d): %s' % (p.returncode, p.stderr[-300:]))


def bench_other(name, a, nrn_py, log) -> dict:
    runs = a.startup_runs or (5 if a.quick else 15)
    env = fresh_env(pyhoc_env())
    nrn_env = fresh_env()
    if name == 'startup':
        cmds = {'pyhoc': ([sys.executable, '-m', 'pyhoc', '-nobanner', '-c', 'quit()'], env,
                          wall_of_process)}
        if nrn_py:
            cmds['neuron'] = ([nrn_py, '-c', 'from neuron import h'], nrn_env, wall_of_process)
    elif name == 'startup-import':
        cmds = {'pyhoc': ([sys.executable, '-c', 'from pyhoc import h; h("x=1")'], env,
                          wall_of_process)}
        if nrn_py:
            cmds['neuron'] = ([nrn_py, '-c', 'from neuron import h; h("x=1")'], nrn_env,
                              wall_of_process)
    else:   # ses-load
        cmds = {'pyhoc': ([sys.executable, WORKER, '--impl', 'pyhoc', '--model', 'sesload',
                           '--ses', a.ses], env, ses_load_time)}
        if nrn_py:
            cmds['neuron'] = ([nrn_py, WORKER, '--impl', 'neuron', '--model', 'sesload',
                               '--ses', a.ses], nrn_env, ses_load_time)
    row = {'model': name}
    row.update(fresh_runs(cmds, runs, log, name))
    info = [row[i].get('info') for i in ('pyhoc', 'neuron') if i in row]
    if len(info) == 2 and all(info):
        ns = (info[0]['nsec'], info[1]['nsec'])
        row['agreement'] = {'agree': ns[0] == ns[1],
                            'text': '%s sections %d/%d' % ('ok' if ns[0] == ns[1] else 'DIFFER',
                                                           ns[0], ns[1])}
    if name == 'ses-load':
        # the same processes, timed whole from outside: the fresh-process cost
        proc = {'model': 'ses-load-process'}
        for impl in ('pyhoc', 'neuron'):
            if impl in row:
                infos = row[impl].get('infos', [])
                walls = [i['process_s'] for i in infos]
                proc[impl] = {'walls': walls, 'median_s': med(walls)}
                for k in ('import_s', 'nrngui_s'):
                    proc[impl][k] = med([i[k] for i in infos if i.get(k) is not None])
                if 'error' in row[impl]:
                    proc[impl]['error'] = row[impl]['error']
        return [row, proc]
    return row


DESCRIBE = {
    'seed-2ms': 'c91662.ses, hh, 2 ms',
    'seed-50ms': 'c91662.ses, nseg from L, hh, 50 ms',
    'hh-axon': 'HH axon 1001 segs, 100 ms',
    'ring-100': 'ring 100 cells, 100 ms',
    'ring-1000': 'ring 1000 cells, 100 ms',
    'hh-soma-cvode': 'one HH compartment, CVode, 100 ms',
    'hh-axon-cvode': 'HH axon, CVode atol 1e-5, 100 ms',
    'seed-50ms-cvode': 'seed cell nseg from L, CVode, 50 ms',
    'ring-1000-cvode': 'ring 1000 cells, CVode, 100 ms',
    'startup': 'pyhoc -c quit() vs from neuron import h',
    'startup-import': 'python -c "from X import h; h(...)"',
    'ses-load': 'load_file(c91662.ses), nrngui.hoc loaded, in-process',
    'ses-load-process': 'fresh process: import, nrngui.hoc, .ses',
}


def fmt(x):
    if x is None:
        return '-'
    return '%.4f' % x if x < 10 else '%.2f' % x


def table(rows, quick) -> str:
    lines = ['| model | what | pyhoc median s | NEURON median s | ratio | agreement |',
             '|---|---|---|---|---|---|']
    for r in rows:
        p, n = r.get('pyhoc', {}), r.get('neuron', {})
        what = DESCRIBE.get(r['model'], '')
        if quick and r['model'] in ('seed-50ms', 'seed-50ms-cvode'):
            what = what.replace('50 ms', '10 ms (quick)')
        if quick and r['model'] in ('hh-axon', 'hh-axon-cvode'):
            what = what.replace('100 ms', '20 ms (quick)')
        if quick and r['model'].startswith('ring'):
            what = what.replace('100 ms', '30 ms (quick)')
        pm, nm = p.get('median_s'), n.get('median_s')
        ratio = '%.1f' % (pm / nm) if pm and nm else '-'
        if 'error' in p:
            agree = 'pyhoc ' + p['error']
        elif 'error' in n:
            agree = 'NEURON ' + n['error']
        elif 'agreement' in r:
            agree = r['agreement']['text']
        elif r['model'] in OTHER + DERIVED:
            agree = '(timing only)'
        else:
            agree = '(no NEURON)'
        lines.append('| %s | %s | %s | %s | %s | %s |' % (r['model'], what, fmt(pm), fmt(nm),
                                                          ratio, agree.replace('|', '/')))
    return '\n'.join(lines)


def memory_table(rows) -> str:
    out = []
    for r in rows:
        if not r['model'].startswith('ring-1000'):
            continue
        p, n = r.get('pyhoc', {}).get('maxrss_kb'), r.get('neuron', {}).get('maxrss_kb')
        out.append('Peak resident memory, %s worker process (ru_maxrss): pyhoc %s, '
                   'NEURON %s' % (r['model'],'%.0f MiB' % (p / 1024) if p else '-',
                                  '%.0f MiB' % (n / 1024) if n else '-'))
    return '\n'.join(out)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    return '%s, %d cores, Python %s, %s' % (cpu, os.cpu_count() or 0,
                                            platform.python_version(), platform.system())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--neuron-python', default=os.environ.get('NEURON_PYTHON'),
                    help='a Python that can import neuron (default: this one, if it can)')
    ap.add_argument('--repeat', type=int, default=5, help='timed runs per model (after 1 warm-up)')
    ap.add_argument('--quick', action='store_true', help='shorter simulations, fewer start-ups')
    ap.add_argument('--only', help='comma list of models: ' + ','.join(SIM_MODELS + OTHER))
    ap.add_argument('--ses', default=models.DEFAULT_SES)
    ap.add_argument('--startup-runs', type=int, default=0)
    ap.add_argument('--json', help='also write all raw timings and results to this file')
    ap.add_argument('--table-from', metavar='JSON',
                    help='run nothing: print the table of a run saved with --json (agreement '
                         're-evaluated with the present thresholds)')
    a = ap.parse_args()
    if a.table_from:
        with open(a.table_from) as f:
            saved = json.load(f)
        rows = saved['rows']
        for r in rows:
            if r['model'] in SIM_MODELS and all(r.get(i, {}).get('result')
                                                for i in ('pyhoc', 'neuron')):
                r['agreement'] = compare(r['pyhoc']['result'], r['neuron']['result'],
                                         TOL_CVODE if 'cvode' in r['model'] else TOL_FIXED)
        print('machine: %s' % saved['machine'])
        print('NEURON python: %s; %d timed runs per simulation model after 1 warm-up%s' % (
            saved['neuron_python'] or '-', saved['repeat'], '; --quick' if saved['quick'] else ''))
        print()
        print(table(rows, saved['quick']))
        print()
        print(memory_table(rows))
        return
    a.ses = os.path.abspath(a.ses)
    nrn_py = startup.neuron_python(a.neuron_python)
    names = a.only.split(',') if a.only else SIM_MODELS + OTHER
    unknown = [n for n in names if n not in SIM_MODELS + OTHER]
    if unknown:
        ap.error('unknown model(s): %s' % ', '.join(unknown))

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    log('machine: %s' % machine())
    log('NEURON: %s' % (nrn_py or 'not found (pyhoc only)'))
    rows = []
    for name in names:
        t0 = time.time()
        row = bench_sim(name, a, nrn_py, log) if name in SIM_MODELS else \
            bench_other(name, a, nrn_py, log)
        for row in row if isinstance(row, list) else [row]:
            rows.append(row)
            p, n = row.get('pyhoc', {}), row.get('neuron', {})
            log('%s: pyhoc %s  NEURON %s  %s  (%.0f s)' % (
                row['model'], fmt(p.get('median_s')) if 'error' not in p else p['error'],
                fmt(n.get('median_s')) if 'error' not in n else n['error'],
                row.get('agreement', {}).get('text', ''), time.time() - t0))
    print()
    print('machine: %s' % machine())
    print('NEURON python: %s; %d timed runs per simulation model after 1 warm-up%s' % (
        nrn_py or '-', a.repeat, '; --quick' if a.quick else ''))
    print()
    print(table(rows, a.quick))
    mem = memory_table(rows)
    if mem:
        print()
        print(mem)
    if a.json:   # raw timings, and each side's results (probe voltages, spike times)
        with open(a.json, 'w') as f:
            json.dump({'machine': machine(), 'quick': a.quick, 'repeat': a.repeat,
                       'neuron_python': nrn_py, 'rows': rows}, f, indent=1)


if __name__ == '__main__':
    main()
