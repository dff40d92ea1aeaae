"""One model's numbers in pyhoc (its .mod files translated) against NEURON (nrnivmodl).

    python tools/nmodl_compare.py MODEL_DIR SETUP.hoc EXPR [--mods a.mod,b.mod] [--tstop T]
                                  [--dt DT] [--cvode ATOL] [--sample S]

Copies MODEL_DIR to a temporary folder, builds its .mod files (all, or --mods) there with
nrnivmodl, and in that folder runs the HOC file SETUP (a model's own files loaded, a cell set
up: whatever it does, it must leave the model ready for finitialize) in NEURON and in pyhoc
(which translates the same .mod files).  Then both run ``finitialize(v_init)`` (the model's
``v_init``, default -65) and fixed steps of DT (default the model's dt) to TSTOP, or CVode at
atol ATOL sampled every S ms by ``cvode.solve``, recording EXPR at each sample.  Prints the
largest difference of EXPR and where.  The model is never part of this repo.

NEURON is ``$NEURON_PYTHON`` (default /tmp/nrnlib-neuron/bin/python), nrnivmodl beside it.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NEURON_PYTHON = os.environ.get('NEURON_PYTHON', '/tmp/nrnlib-neuron/bin/python')

RUN = r'''
import json, sys
def run(h, a):
    h.load_file('stdrun.hoc')
    h.load_file(a['setup'])
    h('objref cmp_cv_\ncmp_cv_ = new CVode()')
    if a['dt']:
        h.dt = a['dt']
    h.cmp_cv_.active(1 if a['cvode'] else 0)
    if a['cvode']:
        h.cmp_cv_.atol(a['cvode'])
    vi = h.v_init if hasattr(h, 'v_init') else -65.
    h.finitialize(vi)
    out = []
    h('cmp_x_ = %s' % a['expr'])
    out.append((h.t, h.cmp_x_))
    if a['cvode']:
        k = 1
        while k * a['sample'] <= a['tstop'] + 1e-9:
            h.cmp_cv_.solve(k * a['sample'])
            h('cmp_x_ = %s' % a['expr'])
            out.append((h.t, h.cmp_x_))
            k += 1
    else:
        n = int(round((a['tstop'] - h.t) / h.dt))
        for _ in range(n):
            h.fadvance()
            h('cmp_x_ = %s' % a['expr'])
            out.append((h.t, h.cmp_x_))
    return out
'''

NEURON_MAIN = RUN + r'''
a = json.loads(sys.argv[1])
from neuron import h
json.dump(run(h, a), open(a['dest'], 'w'))
'''

PYHOC_MAIN = RUN + r'''
a = json.loads(sys.argv[1])
sys.path.insert(0, a['root'])
from pyhoc.hoc.interpreter import Interpreter
from pyhoc.bridge import HocTop
from pyhoc.nmodl.load import load_into
interp = Interpreter()
load_into(interp.sim.model, a['mods'])
json.dump(run(HocTop(interp), a), open(a['dest'], 'w'))
'''


def main(argv) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument('model')
    ap.add_argument('setup')
    ap.add_argument('expr')
    ap.add_argument('--mods')
    ap.add_argument('--tstop', type=float, default=50.)
    ap.add_argument('--dt', type=float, default=0.)
    ap.add_argument('--cvode', type=float, default=0.)
    ap.add_argument('--sample', type=float, default=.5)
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        work = os.path.join(d, 'model')
        shutil.copytree(a.model, work)
        mods = a.mods.split(',') if a.mods else sorted(
            os.path.basename(p) for p in glob.glob(os.path.join(work, '*.mod')))
        subprocess.run([os.path.join(os.path.dirname(NEURON_PYTHON), 'nrnivmodl')] + mods,
                       cwd=work, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        shutil.copy(a.setup, os.path.join(work, '_cmp_setup.hoc'))   # load_file cds there
        args = dict(setup='_cmp_setup.hoc',
                    expr=a.expr, tstop=a.tstop, dt=a.dt, cvode=a.cvode, sample=a.sample,
                    root=ROOT, mods=[os.path.join(work, m) for m in mods])
        res = {}
        for who, exe, main_ in (('neuron', NEURON_PYTHON, NEURON_MAIN),
                                ('pyhoc', sys.executable, PYHOC_MAIN)):
            dest = os.path.join(d, who + '.json')
            subprocess.run([exe, '-c', main_, json.dumps(dict(args, dest=dest))], cwd=work,
                           check=True, stdin=subprocess.DEVNULL)
            with open(dest) as f:
                res[who] = json.load(f)
    n, p = res['neuron'], res['pyhoc']
    if len(n) != len(p):
        print('different sample counts: NEURON %d, pyhoc %d' % (len(n), len(p)))
        return 1
    diff = [abs(x[1] - y[1]) for x, y in zip(n, p)]
    k = max(range(len(diff)), key=diff.__getitem__)
    print('%s: %d samples, NEURON range [%g, %g]; largest |pyhoc - NEURON| %.3g at t = %g '
          '(NEURON %.17g, pyhoc %.17g); bit-identical samples %d' % (
              a.expr, len(n), min(x[1] for x in n), max(x[1] for x in n), diff[k], n[k][0],
              n[k][1], p[k][1], sum(x[1] == y[1] for x, y in zip(n, p))))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
