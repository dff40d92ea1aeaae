"""Write the Matrix goldens: run tests/hoc/golden/matrix/cases.py with NEURON (the oracle).

Usage:  /work/nrnenv/bin/python tools/gen_matrix_golden.py
Each case NAME becomes tests/hoc/golden/matrix/NAME.json holding its records (numbers, Vectors
and Matrices as lists, error messages) and the text it printed.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, '..', 'tests', 'hoc', 'golden', 'matrix')


def load_cases():
    spec = importlib.util.spec_from_file_location('matrix_cases', os.path.join(GOLDEN, 'cases.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class NeuronNS:
    """The case namespace backed by NEURON's h."""

    def __init__(self, h, tmpdir):
        self.h = h
        self.Matrix = h.Matrix
        self.Vector = h.Vector
        self.File = h.File
        self.ref = h.ref
        self.tmpdir = tmpdir
        self.records = []

    def tmp(self, name):
        return os.path.join(self.tmpdir, name)

    def _conv(self, x, absval=False):
        h = self.h
        if hasattr(x, 'hname'):
            name = x.hname()
            if name.startswith('Matrix'):
                rows = [[float(x.getval(i, j)) for j in range(int(x.ncol()))]
                        for i in range(int(x.nrow()))]
                if absval:
                    rows = [[abs(v) for v in r] for r in rows]
                return {'matrix': rows}
            if name.startswith('Vector'):
                return {'vector': [float(v) for v in x]}
            return {'object': name}
        if isinstance(x, (list, tuple)):
            return [float(v) for v in x]
        return float(x)

    def rec(self, x):
        self.records.append(self._conv(x))

    def rec_abs(self, x):
        self.records.append(self._conv(x, True))

    def text(self, s):
        self.records.append({'text': s})

    def err(self, fn):
        try:
            fn()
        except RuntimeError as e:
            msg = str(e)
            key = 'hoc_execerror: '
            msg = msg[msg.index(key) + len(key):] if key in msg else msg
            self.records.append({'error': msg})
        else:
            self.records.append({'error': None})


def main():
    from neuron import h
    cases = load_cases()
    names = sorted(n for n in dir(cases) if n.startswith('case_'))
    with tempfile.TemporaryDirectory() as tmpdir:
        for name in names:
            ns = NeuronNS(h, tmpdir)
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
                getattr(cases, name)(ns)
            out = {'records': ns.records, 'stdout': buf.getvalue()}
            path = os.path.join(GOLDEN, name[len('case_'):] + '.json')
            with open(path, 'w') as fh:
                json.dump(out, fh, indent=1)
                fh.write('\n')
            print('wrote', os.path.relpath(path), len(ns.records), 'records', file=sys.stderr)


if __name__ == '__main__':
    main()
