"""Golden traces of NEURON 9.0.2 for pyhoc's NMODL code generation (tests/nmodl/test_codegen.py).

For each case of tests/nmodl/codegen_cases.py: copy its .mod files (tests/nmodl/mod) into a
temporary folder, build them with nrnivmodl, run the case in a fresh NEURON process there and
write tests/nmodl/golden/codegen_<case>.json (a variable step case also at atol 1e-9, the
accurate solution its test measures errors against).

    /tmp/nrnlib-neuron/bin/python tools/gen_nmodl_golden.py [case ...]
"""
from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.join(ROOT, 'tests', 'nmodl')
NRNIVMODL = os.path.join(os.path.dirname(sys.executable), 'nrnivmodl')

RUNNER = '''
import json, sys
sys.path.insert(0, %(tests)r)
from neuron import h
import codegen_cases
h.load_file('stdrun.hoc')
case = codegen_cases.CASES[%(case)r]
doc = {'case': %(case)r, 'neuron': h.nrnversion(),
       'trace': codegen_cases.run_case(h, case)}
if case.get('cvode'):       # the accurate solution, for the variable step's bounds (CVODE's:
    # NEURON's IDA fails its initialization at such tolerances on some of the IDA cases)
    doc['reference_atol_1e-9'] = codegen_cases.run_case(h, dict(case, cvode=1e-9, setup='',
                                                                daspk=False))
json.dump(doc, open(%(dest)r, 'w'))
'''


def fix_array_matsol(d) -> None:
    """NEURON 9.0.2's nocmodl writes ``Dca [ i ] = Dca  / (...)`` in _ode_matsol (CVode's
    Jacobian step) for the derivative of an array STATE, which does not compile ("may be
    manually edited", it says); the element's subscript is put back so the rest (the fixed
    step's derivimplicit, unchanged) can be built."""
    for path in glob.glob(os.path.join(d, 'x86_64', '*.cpp')):
        with open(path) as f:
            text = f.read()
        fixed = re.sub(r'^( *)(\w+) \[ ([^]]+) \] = \2  /', r'\1\2 [ \3 ] = \2 [ \3 ] /',
                       text, flags=re.M)
        if fixed != text:
            with open(path, 'w') as f:
                f.write(fixed)


def main(names) -> int:
    sys.path.insert(0, TESTS)
    import codegen_cases
    for name in names or sorted(codegen_cases.CASES):
        case = codegen_cases.CASES[name]
        with tempfile.TemporaryDirectory() as d:
            for m in case['mods'] + case.get('files', []):     # (files: data a .mod reads)
                shutil.copy(os.path.join(TESTS, 'mod', m), d)
            build = subprocess.run([NRNIVMODL] + case['mods'], cwd=d,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if build.returncode:
                fix_array_matsol(d)
                subprocess.run([NRNIVMODL] + case['mods'], cwd=d, check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            dest = os.path.join(TESTS, 'golden', 'codegen_%s.json' % name)
            subprocess.run([sys.executable, '-c', RUNNER % dict(tests=TESTS, case=name,
                                                                 dest=dest)],
                           cwd=d, check=True)
            print('wrote', dest)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
