"""Generate the local step goldens (tests/golden/sim/lvardt_*.json) with NEURON: the
scenarios of tests/sim/lvardt_scenarios.py, each in a fresh NEURON, with NEURON's spread under atol x 0.9 ..
1.1 (tools/gen_cvode_golden.py's ``spread``) as the tolerance tests/sim/test_lvardt.py holds
pyhoc to.

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_lvardt_golden.py [case ...]
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
import json, sys
sys.path.insert(0, %r)
from neuron import h
import lvardt_scenarios as S
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


def main() -> None:
    import lvardt_scenarios as S
    from neuron import h
    version = h.nrnversion()
    only = sys.argv[1:]
    for case, (fn, kwargs) in S.CASES.items():
        if only and case not in only:
            continue
        code = CHILD % (os.path.join(ROOT, 'tests', 'sim'), fn, kwargs, PERTURB)
        res = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                             check=True)
        line = [x for x in res.stdout.splitlines() if x.startswith('@@JSON@@')][-1]
        data, pert = json.loads(line[len('@@JSON@@'):])
        doc = {'provenance': {'generator': 'tools/gen_lvardt_golden.py', 'neuron': version,
                              'scenario': fn, 'kwargs': kwargs},
               'data': data,
               'perturb_atol_factors': list(PERTURB),
               'neuron_spread': spread({k: v for k, v in data.items()
                                        if k not in ('method', 'spikes', 'nvrec')}, pert),
               # per cell and spike, the largest move of NEURON's spike time (None where
               # a perturbed run has another number of spikes)
               'spike_spread': [[max(abs(p['spikes'][c][i] - t) for p in pert)
                                 if all(len(p['spikes'][c]) == len(sp) for p in pert)
                                 else None for i, t in enumerate(sp)]
                                for c, sp in enumerate(data['spikes'])],
               'nvrec_perturbed': [p['nvrec'][0] for p in pert if 'nvrec' in p]}
        with open(os.path.join(OUT, case + '.json'), 'w') as f:
            json.dump(doc, f)
        print('wrote', case)


if __name__ == '__main__':
    main()
