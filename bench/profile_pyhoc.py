"""Where pyhoc spends its time: cProfile of one benchmark model's run() in pyhoc.

    python bench/profile_pyhoc.py [--model hh-axon] [--mode quick|full] [--top 25]
                                  [--sort tottime|cumulative] [--out FILE.prof] [--breakdown]

Builds the model (bench/models.py) with ``from pyhoc import h``, runs it once untimed (warm-up),
then once under cProfile, and prints the top functions and the time per step.  cProfile
inflates code that makes many small calls (generators, per-section loops), so --breakdown also
times the parts of a fixed step without the profiler (perf_counter around each part; about
0.3 us per wrapped call) and prints microseconds per step for each.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ.setdefault('PYHOC_LOAD_WORK', '0')   # the compiled loop from the first run on
import models  # noqa: E402


class Parts:
    """perf_counter totals of wrapped functions."""

    def __init__(self):
        self.total: dict[str, float] = {}

    def wrap(self, label, fn):
        tot = self.total
        tot.setdefault(label, 0.0)
        pc = time.perf_counter

        def wrapped(*args, **kw):
            t0 = pc()
            try:
                return fn(*args, **kw)
            finally:
                tot[label] += pc() - t0
        return wrapped


def breakdown(m) -> None:
    """Time the parts of pyhoc's fixed step (unprofiled) and print us/step for each."""
    import gc

    from pyhoc.sim import events, fixed_step, hines
    from pyhoc.sim.model import Model
    parts = Parts()
    saved = []

    def patch(obj, attr, label):
        saved.append((obj, attr, obj.__dict__.get(attr, None), attr in obj.__dict__))
        setattr(obj, attr, parts.wrap(label, getattr(obj, attr)))

    models_ = [o for o in gc.get_objects() if isinstance(o, Model)]
    patch(fixed_step, 'fadvance', 'fadvance (whole step)')
    patch(fixed_step, 'setup_tree_matrix', 'setup_tree_matrix (currents + matrix)')
    patch(hines, 'solve', 'hines.solve (tree solve)')
    patch(events, 'step_begin', 'events.step_begin')
    patch(events, 'step_end', 'events.step_end (threshold checks, delivery)')
    patch(Model, 'ensure_built', 'Model.ensure_built')
    patch(Model, '_sample_records', 'Model._sample_records')
    for model in models_:
        for mt in model.type_order:
            if mt.name in model.blocks:
                patch(mt, 'current', '  %s.current' % mt.name)
                if getattr(mt, 'has_state', False):
                    patch(mt, 'advance', '%s.advance (states)' % mt.name)
    try:
        t0 = time.perf_counter()
        m.run()
        wall = time.perf_counter() - t0
    finally:
        for obj, attr, old, had in reversed(saved):
            if had:
                setattr(obj, attr, old)
            else:
                delattr(obj, attr)
    n = m.nsteps
    print('\nunprofiled breakdown, us per step (%d steps, run %.3f s = %.0f us/step):'
          % (n, wall, 1e6 * wall / n))
    step = parts.total['fadvance (whole step)']
    for label, t in sorted(parts.total.items(), key=lambda kv: -kv[1]):
        print('  %-48s %8.1f  %5.1f%% of step' % (label, 1e6 * t / n, 100 * t / step))
    named = sum(t for k, t in parts.total.items()
                if k != 'fadvance (whole step)' and not k.startswith('  '))
    print('  %-48s %8.1f' % ('rest of fadvance (numpy glue, v update, ...)',
                              1e6 * (step - named) / n))
    print('  %-48s %8.1f' % ('outside fadvance (stdrun continuerun loop)',
                              1e6 * (wall - step) / n))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--model', default='hh-axon', choices=sorted(models.MODELS))
    ap.add_argument('--mode', default='quick', choices=['quick', 'full', 'smoke'])
    ap.add_argument('--top', type=int, default=25)
    ap.add_argument('--sort', default='tottime')
    ap.add_argument('--out', help='also save the raw profile here')
    ap.add_argument('--breakdown', action='store_true', help='also time the parts of a step')
    a = ap.parse_args()
    from pyhoc import h
    m = models.build(h, a.model, a.mode)
    t0 = time.perf_counter()
    m.run()
    plain = time.perf_counter() - t0
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.runcall(m.run)
    profiled = time.perf_counter() - t0
    print('%s (%s, %s): %d steps; unprofiled %.3f s = %.0f us/step; profiled %.3f s'
          % (a.model, a.mode, getattr(m, 'size', ''), m.nsteps, plain,
             1e6 * plain / m.nsteps, profiled))
    if a.out:
        prof.dump_stats(a.out)
    st = pstats.Stats(prof)
    st.sort_stats(a.sort).print_stats(a.top)
    if a.breakdown:
        breakdown(m)


if __name__ == '__main__':
    main()
