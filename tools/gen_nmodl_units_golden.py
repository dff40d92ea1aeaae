"""Regenerate tests/golden/nmodl_units.json: UNITS-block factors as NEURON 9's nocmodl computes
them (run with NEURON's venv on PATH or NOCMODL=path; needs no compiler, only nocmodl).

Each case is a UNITS block; the factor's value is read from the C++ nocmodl writes (hex float).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

DEFS = '''(mV) = (millivolt)
  (mA) = (milliamp)
  (nA) = (nanoamp)
  (mM) = (milli/liter)
  (uM) = (micro/liter)
  (molar) = (1/liter)
  (S) = (siemens)
  (uS) = (microsiemens)
  (pS) = (picosiemens)
  (um) = (micron)
  (umho) = (micromho)'''

CASES = [
    'FARADAY = (faraday) (coulomb)', 'FARADAY = (faraday) (kilocoulombs)',
    'R = (k-mole) (joule/degC)', 'x = (e) (coulomb)', 'x = (k) (joule/degC)', 'x = (pi) (1)',
    'x = (mV) -> (V)', 'x = (mA/cm2) -> (S/cm2 mV)', 'x = (1/liter) -> (1/cm3)',
    'x = (um) -> (cm)', 'x = (molar) -> (mM)', 'x = (mM) -> (molar)', 'x = (nA) -> (mA)',
    'x = (uS) -> (S)', 'x = (umho) -> (mho)', 'x = (liter) -> (cm3)', 'x = (ms) -> (s)',
    'x = (micron) -> (cm)', 'x = (degC) -> (K)', 'x = (mole) -> (1)',
    'x = (faraday) (kilocoulomb)', 'x = 96485.3 (coulomb)', 'x = (nA/um2) -> (mA/cm2)',
    'x = (mM um3) -> (1/liter cm3)', 'x = (pS/um2) -> (mho/cm2)', 'x = (k-mole) (joule/K)',
    'x = (faraday) (coul)', 'x = (1/ms) -> (/s)', 'x = (uM/ms) -> (mM/s)',
    'x = (micro/liter) -> (milli/liter)', 'x = (2 pi) (1)', 'x = (1|60 hour) -> (sec)',
]


def nocmodl():
    p = os.environ.get('NOCMODL')
    if p:
        return p
    import neuron
    return os.path.join(os.path.dirname(neuron.__file__), '.data', 'bin', 'nocmodl')


def main():
    out = {}
    noc = nocmodl()
    for case in CASES:
        name = case.split('=')[0].strip()
        text = ('NEURON { SUFFIX t }\nUNITS {\n  %s\n  %s\n}\nASSIGNED { v (mV) }\n'
                'BREAKPOINT { v = %s }\n' % (DEFS, case, name))
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, 't.mod'), 'w') as f:
                f.write(text)
            subprocess.run([noc, 't.mod'], cwd=d, check=True, capture_output=True)
            cpp = open(os.path.join(d, 't.cpp')).read()
        m = re.search(r'_nrnunit_%s\[2\]\s*=\s*\{([^,]+),' % name, cpp) or \
            re.search(r'static double %s\s*=\s*([^;]+);' % name, cpp)
        val = m.group(1).strip()
        out[case] = float.fromhex(val) if val.startswith(('0x', '-0x')) else float(val)
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, '..', 'tests', 'golden', 'nmodl_units.json')
    with open(path, 'w') as f:
        json.dump({'defs': DEFS, 'factors': {k: v.hex() for k, v in out.items()}}, f,
                  indent=1)
    print('wrote', path, len(out))


if __name__ == '__main__':
    sys.exit(main())
