"""Golden for tests/hoc/test_bigfiles.py: the geometry NEURON makes of a generated 20,000-line
pt3dadd file (bench/bigfiles.py's ``morph_lines`` with 200 sections).

Run with NEURON's Python:
    /tmp/nrnlib-neuron/bin/python tools/gen_bigfiles_golden.py
It writes tests/hoc/golden/bigfiles/morph.json.  ``geometry`` is also what the test runs.
"""
from __future__ import annotations

import importlib.util
import json
import os
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, 'tests', 'hoc', 'golden', 'bigfiles', 'morph.json')
NSEC = 200


def bigfiles():
    spec = importlib.util.spec_from_file_location('pyhoc_bench_bigfiles',
                                                  os.path.join(ROOT, 'bench', 'bigfiles.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def geometry(h, path):
    """Load the file, then per section: L, n3d, nseg, the last arc3d, each segment's area
    and ri, and xval (the last assignment)."""
    h.load_file(path)
    out = []
    for i in range(NSEC):
        sec = h.dend[i]
        n = int(h.n3d(sec=sec))
        out.append({'L': sec.L, 'n3d': n, 'nseg': sec.nseg,
                    'arc': h.arc3d(n - 1, sec=sec), 'diam0': h.diam3d(0, sec=sec),
                    'area': [h.area(seg.x, sec=sec) for seg in sec],
                    'ri': [h.ri(seg.x, sec=sec) for seg in sec]})
    return {'sections': out, 'xval': h.xval}


def main():
    from neuron import h
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'morph.hoc')
        with open(path, 'w') as f:
            f.writelines(bigfiles().morph_lines(nsec=NSEC))
        data = geometry(h, path)
    with open(OUT, 'w') as f:
        json.dump(data, f, indent=0)
    print('wrote', OUT)


if __name__ == '__main__':
    main()
