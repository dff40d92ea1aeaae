"""Generate the CVode goldens (tests/golden/sim/cvode_*.json) with NEURON.

Run with a Python that has NEURON: ``/work/nrnenv/bin/python tools/gen_cvode_golden.py``.
Each scenario of tests/sim/cvode_scenarios.py runs in its own process (a fresh
NEURON per scenario); results are written as JSON with their provenance.  A scenario that
needs .mod files (cvode_scenarios.MODS) runs in a temporary folder where nrnivmodl (beside
this Python) has built them.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'tests', 'golden', 'sim')
sys.path.insert(0, os.path.join(ROOT, 'tests', 'sim'))

CHILD = r'''
import json, sys
sys.path.insert(0, %r)
from neuron import h
import cvode_scenarios as S
fn, kwargs = %r, %r
out = getattr(S, fn)(h, **kwargs)
ref = getattr(S, fn)(h, **dict(kwargs, atol=1e-9))
atol = kwargs.get('atol', 1e-5)
pert = [getattr(S, fn)(h, **dict(kwargs, atol=atol * f)) for f in %r]
print('@@JSON@@' + json.dumps([out, ref, pert]))
'''

# NEURON's own spread: the same run with atol moved by these factors.  How far its results
# move is how far a run at this atol can be trusted: the tolerance of the IDA and local step
# tests (tests/sim/test_ida.py, test_lvardt.py); tests/sim/test_cvode.py holds pyhoc to
# NEURON's own steps and shows the spread when a value differs.
PERTURB = (0.9, 0.95, 1.05, 1.1)


def spread(out: dict, pert: list) -> dict:
    """Per key, elementwise, the largest |perturbed - out| (the step count: relative); a
    key whose length changes under perturbation (a spike appears) gets None."""
    res = {}
    for key, val in out.items():
        if key == 'nfadvance':
            res[key] = max(abs(p[key][0] - val[0]) / val[0] for p in pert)
            continue
        if val and all(isinstance(x, list) for x in val):      # rows: elementwise
            if any(len(p[key]) != len(val) for p in pert):
                res[key] = None
            else:
                res[key] = [[max(abs(p[key][i][j] - row[j]) for p in pert)
                             for j in range(len(row))] for i, row in enumerate(val)]
            continue
        if not val or not all(isinstance(x, (int, float)) for x in val):
            continue
        if any(len(p[key]) != len(val) for p in pert):
            res[key] = None
            continue
        res[key] = [max(abs(p[key][i] - val[i]) for p in pert) for i in range(len(val))]
    return res



def main() -> None:
    import cvode_scenarios as S
    from neuron import h
    version = h.nrnversion()
    os.makedirs(OUT, exist_ok=True)
    only = sys.argv[1:]
    for case, (fn, kwargs) in S.CASES.items():
        if only and case not in only:
            continue
        code = CHILD % (os.path.join(ROOT, 'tests', 'sim'), fn, kwargs, PERTURB)
        with tempfile.TemporaryDirectory() as d:
            mods = S.MODS.get(fn, [])
            for mod in mods:
                shutil.copy(os.path.join(S.MOD, mod), d)
            if mods:
                subprocess.run([os.path.join(os.path.dirname(sys.executable), 'nrnivmodl')]
                               + mods, cwd=d, check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
            res = subprocess.run([sys.executable, '-c', code], capture_output=True,
                                 text=True, check=True, cwd=d)
        line = [x for x in res.stdout.splitlines() if x.startswith('@@JSON@@')][-1]
        data, ref, pert = json.loads(line[len('@@JSON@@'):])
        doc = {'provenance': {'generator': 'tools/gen_cvode_golden.py', 'neuron': version,
                              'scenario': fn, 'kwargs': kwargs},
               'data': data,
               # the same run at atol 1e-9: the accurate solution the voltages are held to
               'reference_atol_1e-9': ref,
               # NEURON's own spread under atol x PERTURB (see spread())
               'perturb_atol_factors': list(PERTURB),
               'neuron_spread': spread(data, pert)}
        with open(os.path.join(OUT, case + '.json'), 'w') as f:
            json.dump(doc, f)
        print('wrote', case)


if __name__ == '__main__':
    main()
