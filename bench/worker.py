"""One benchmark model in one implementation, driven over stdin/stdout by bench/run.py.

    python bench/worker.py --impl pyhoc|pyhoc-mod|neuron --model NAME [--mode full|quick]
                           [--ses PATH]

Builds the model from bench/models.py with ``h`` from pyhoc or NEURON (``pyhoc-mod``: pyhoc
with hh, pas, ExpSyn and IClamp translated from pyhoc/nmodl/builtin_mod), prints one
``@@BENCH {json}`` line (``{"ready": ...}`` or ``{"error": "unavailable: ..."}``), then answers
commands read one per line from stdin:

    run     -> {"wall": seconds for finitialize + continuerun, "cpu": this process's CPU
                seconds in them (on a shared machine: without the time spent waiting)}
    result  -> {"result": Model.result(), "maxrss_kb": peak resident memory of this process}
    quit

``--model sesload`` instead loads nrngui.hoc (the .ses's own first line), then times
``h.load_file(<.ses>)`` in this process, as NEURON's anchor timing (B5 in
/work/shared/bench/RESULTS.md) does, prints ``{"wall": ..., "import_s": ..., "nrngui_s": ...,
"nsec": ...}`` and exits.  The driver times the whole process from outside as well.
Only this file's own Python runs in the worker: pyhoc is never imported in NEURON's process.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models  # noqa: E402

TAG = '@@BENCH '


def say(obj) -> None:
    sys.stdout.write('\n' + TAG + json.dumps(obj) + '\n')
    sys.stdout.flush()


def maxrss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss   # kB on Linux


MOD_MECHS = ('hh', 'pas', 'ExpSyn', 'IClamp')


def import_h(impl):
    if impl == 'neuron':
        from neuron import h
    else:
        from pyhoc import h
    if impl == 'pyhoc-mod':     # the same model, its mechanisms translated from .mod text
        import pyhoc
        from pyhoc.nmodl.load import use_builtin_mod
        use_builtin_mod(pyhoc._default_interpreter().sim.model, MOD_MECHS)
    return h


def reason(exc: BaseException) -> str:
    msg = ' '.join(str(exc).split())
    return 'unavailable: %s: %s' % (type(exc).__name__, msg[:200])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('--impl', choices=['pyhoc', 'pyhoc-mod', 'neuron'], required=True)
    ap.add_argument('--model', required=True)
    ap.add_argument('--mode', default='full')
    ap.add_argument('--ses', default=models.DEFAULT_SES)
    a = ap.parse_args()

    t0 = time.perf_counter()
    h = import_h(a.impl)
    t_import = time.perf_counter() - t0

    if a.model == 'sesload':
        try:
            t0 = time.perf_counter()
            h.load_file('nrngui.hoc')
            t_nrngui = time.perf_counter() - t0
            t0 = time.perf_counter()
            models.load_ses(h, a.ses)
            wall = time.perf_counter() - t0
            say({'wall': wall, 'import_s': t_import, 'nrngui_s': t_nrngui,
                 'nsec': len(list(h.allsec()))})
        except BaseException as e:   # noqa: BLE001 - any failure is reported, not raised
            say({'error': reason(e)})
        return

    try:
        t0 = time.perf_counter()
        m = models.build(h, a.model, a.mode, ses=a.ses)
        say({'ready': True, 'import_s': t_import, 'build_s': time.perf_counter() - t0,
             'size': getattr(m, 'size', ''), 'nsteps': m.nsteps, 'tstop': m.tstop})
    except BaseException as e:   # noqa: BLE001
        say({'error': reason(e)})
        return
    for line in sys.stdin:
        cmd = line.strip()
        if cmd == 'run':
            try:
                c0, t0 = time.process_time(), time.perf_counter()
                m.run()
                say({'wall': time.perf_counter() - t0, 'cpu': time.process_time() - c0})
            except BaseException as e:   # noqa: BLE001
                say({'error': reason(e)})
                return
        elif cmd == 'result':
            say({'result': m.result(), 'maxrss_kb': maxrss_kb()})
        elif cmd == 'quit':
            return


if __name__ == '__main__':
    main()
