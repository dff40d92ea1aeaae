#!/usr/bin/env python3
"""Regenerate tests/golden/sim/fast_imem.json with NEURON (fixed step and CVode).

Usage: /work/nrnenv/bin/python tools/gen_fast_imem_golden.py
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'sim'))

from neuron import h  # noqa: E402

import fast_imem_case  # noqa: E402

import numpy as np  # noqa: E402


def spread(want: dict) -> dict:
    """NEURON's own spread of the CVode run: the same run at atol x 0.9 .. 1.1, each
    interpolated to the times of the run at atol 1e-5; per probe the largest |difference|
    at each time, and the largest relative change of the number of points."""
    runs = [fast_imem_case.run(h, cvode=True, atol=1e-5 * f) for f in (0.9, 0.95, 1.05, 1.1)]
    n = len(want['t'])
    out = {'n_rel': max(abs(len(r['t']) - n) / n for r in runs), 'i_membrane_': []}
    for k, w in enumerate(want['i_membrane_']):
        w = np.asarray(w)
        d = [np.abs(np.interp(want['t'], r['t'], r['i_membrane_'][k]) - w) for r in runs]
        out['i_membrane_'].append(np.max(d, axis=0).tolist())
    return out


golden = {'fixed': fast_imem_case.run(h), 'cvode': fast_imem_case.run(h, cvode=True)}
golden['cvode_spread'] = spread(golden['cvode'])
with open(os.path.join(ROOT, 'tests', 'golden', 'sim', 'fast_imem.json'), 'w') as f:
    json.dump(golden, f)
