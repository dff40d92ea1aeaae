"""Generate the clamp/ion/temperature goldens (tests/golden/sim/clamps_*.json) with NEURON.

Run with a Python that has NEURON: ``/work/nrnenv/bin/python tools/gen_clamps_golden.py``.
Each scenario of tests/sim/clamps_scenarios.py runs in its own process; the results are
written as JSON with their provenance.  Also records scalar values of nernst/ghk.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'tests', 'golden', 'sim')

CASES = {
    'clamps_seclamp': ('seclamp', {}),
    'clamps_seclamp_cn': ('seclamp', {'secondorder': 2, 'nseg': 3}),
    'clamps_seclamp_cable': ('seclamp_cable', {}),
    'clamps_vclamp': ('vclamp', {}),
    'clamps_vclamp_slow': ('vclamp', {'gain': 50., 'tau1': .05, 'tau2': .02, 'fac': 1.}),
    'clamps_ion_styles': ('ion_styles', {}),
    'clamps_ion_styles_warm': ('ion_styles', {'celsius': 25.}),
    'clamps_hh_celsius30': ('hh_celsius', {'celsius': 30.}),
    'clamps_hh_celsius_cold': ('hh_celsius', {'celsius': -5.}),
}

SCALARS = r'''
import json
from neuron import h
out = {}
for c in (6.3, 16.3, 37.):
    h.celsius = c
    out['nernst_%g' % c] = [h.nernst(10, 140, 1), h.nernst(5e-5, 2, 2), h.nernst(54.4, 2.5, 1),
                            h.nernst(0, 1, 1), h.nernst(1, 0, 1), h.nernst(1, 2, 0),
                            h.nernst(1, 2, -1)]
    out['ghk_%g' % c] = [h.ghk(-50, 10, 140, 1), h.ghk(0, 10, 140, 1), h.ghk(1e-7, 1, 2, 2),
                         h.ghk(30, 5e-5, 2, 2), h.ghk(-120, 54.4, 2.5, 1)]
print('@@JSON@@' + json.dumps(out))
'''


def run_one(name: str, kwargs: dict) -> dict:
    sys.path.insert(0, os.path.join(ROOT, 'tests', 'sim'))
    import clamps_scenarios
    from neuron import h
    if name == 'ion_styles':
        h.ion_register('ca', 2)
    return getattr(clamps_scenarios, name)(h, **kwargs)


def _json_of(res) -> dict:
    line = [ln for ln in res.stdout.splitlines() if ln.startswith('@@JSON@@')][0]
    return json.loads(line[len('@@JSON@@'):])


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == '--one':
        name, kwargs = sys.argv[2], json.loads(sys.argv[3])
        print('@@JSON@@' + json.dumps(run_one(name, kwargs)))
        return
    from neuron import h
    version = h.nrnversion()
    os.makedirs(OUT, exist_ok=True)
    for case, (fn, kwargs) in CASES.items():
        res = subprocess.run([sys.executable, __file__, '--one', fn, json.dumps(kwargs)],
                             capture_output=True, text=True, check=True)
        doc = {'provenance': {'neuron': version, 'script': 'tools/gen_clamps_golden.py',
                              'scenario': 'tests/sim/clamps_scenarios.py:%s' % fn,
                              'kwargs': kwargs},
               'data': _json_of(res)}
        with open(os.path.join(OUT, case + '.json'), 'w') as f:
            json.dump(doc, f, separators=(',', ':'))
        print('wrote', case)
    res = subprocess.run([sys.executable, '-c', SCALARS], capture_output=True, text=True,
                         check=True)
    doc = {'provenance': {'neuron': version, 'script': 'tools/gen_clamps_golden.py',
                          'code': SCALARS}, 'data': _json_of(res)}
    with open(os.path.join(OUT, 'clamps_ionfuncs.json'), 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
    print('wrote clamps_ionfuncs')


if __name__ == '__main__':
    main()
