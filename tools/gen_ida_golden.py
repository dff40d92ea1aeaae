"""Generate the IDA goldens (tests/golden/sim/ida_*.json) with NEURON: the scenarios of
tests/sim/ida_scenarios.py, each in a fresh NEURON, with NEURON's spread under atol x 0.9 ..
1.1 (tools/gen_cvode_golden.py's ``spread``) as the tolerance tests/sim/test_ida.py holds
pyhoc to.

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_ida_golden.py [case ...]
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'tests', 'golden', 'sim')
sys.path.insert(0, os.path.join(ROOT, 'tests', 'sim'))
sys.path.insert(0, os.path.join(ROOT, 'tools'))

from gen_cvode_golden import PERTURB, spread  # noqa: E402

CHILD = r'''
import json, sys, importlib
sys.path.insert(0, %r)
from neuron import h
S = importlib.import_module(%r)
fn, kwargs, factors = %r, %r, %r
def run(**kw):
    for sec in list(h.allsec()):
        h.delete_section(sec=sec)
    return getattr(S, fn)(h, **kw)
out = run(**kwargs)
atol = kwargs.get('atol', 1e-4)
pert = [run(**dict(kwargs, atol=atol * f)) for f in factors]
print('@@JSON@@' + json.dumps([out, pert]))
'''


def generate(scenarios: str, generator: str, skip=('method',), extra=None) -> None:
    """Run each case of tests/sim/<scenarios>.py in a fresh NEURON (and at atol x PERTURB) and
    write tests/golden/sim/<case>.json; ``extra(data, pert)`` adds fields to the document."""
    import importlib
    from neuron import h
    S = importlib.import_module(scenarios)
    version = h.nrnversion()
    only = sys.argv[1:]
    for case, (fn, kwargs) in S.CASES.items():
        if only and case not in only:
            continue
        code = CHILD % (os.path.join(ROOT, 'tests', 'sim'), scenarios, fn, kwargs, PERTURB)
        res = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                             check=True)
        line = [x for x in res.stdout.splitlines() if x.startswith('@@JSON@@')][-1]
        data, pert = json.loads(line[len('@@JSON@@'):])
        doc = {'provenance': {'generator': generator, 'neuron': version,
                              'scenario': fn, 'kwargs': kwargs},
               'data': data,
               'perturb_atol_factors': list(PERTURB),
               'neuron_spread': spread({k: v for k, v in data.items() if k not in skip},
                                       pert)}
        if extra is not None:
            doc.update(extra(data, pert))
        with open(os.path.join(OUT, case + '.json'), 'w') as f:
            json.dump(doc, f)
        print('wrote', case)


def main() -> None:
    generate('ida_scenarios', 'tools/gen_ida_golden.py')


if __name__ == '__main__':
    main()
