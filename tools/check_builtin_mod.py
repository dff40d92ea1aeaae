"""Check pyhoc's own .mod texts of the built-ins (pyhoc/nmodl/builtin_mod) against NEURON's
built-in mechanisms, in NEURON itself: each file is renamed (hh -> hh_p ...), compiled with
NEURON 9's nrnivmodl, and the same small model is run with NEURON's mechanism and with ours, with
the fixed step and with CVode, each run in a fresh NEURON process (a NEURON process keeps
CVode state from one run to the next); the script prints the largest difference of each pair
(0 means bit for bit).  NetStim runs without noise.

    /tmp/nrnlib-neuron/bin/python tools/check_builtin_mod.py

Needs NEURON (with nrnivmodl) and a C++ compiler; neither is a dependency of pyhoc or its
tests.  The model code is ours: nothing from NEURON's own .mod files is used.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MODDIR = os.path.join(HERE, '..', 'pyhoc', 'nmodl', 'builtin_mod')


def build(workdir):
    for path in glob.glob(os.path.join(MODDIR, '*.mod')):
        text = open(path).read()
        text = re.sub(r'\b(SUFFIX|POINT_PROCESS|ARTIFICIAL_CELL)\s+(\w+)', r'\1 \2_p', text)
        name = os.path.splitext(os.path.basename(path))[0]
        with open(os.path.join(workdir, name + '_p.mod'), 'w') as f:
            f.write(text)
    nrnivmodl = os.path.join(os.path.dirname(sys.executable), 'nrnivmodl')
    subprocess.run([nrnivmodl], cwd=workdir, check=True, capture_output=True)


def _cell(h, mechs):
    s = h.Section(name='soma')
    s.L = s.diam = 20
    for m in mechs:
        s.insert(m)
    return s


def _netstim(h, target, start=5, interval=7, number=5, weight=0.01, noise=0):
    ns = h.NetStim()
    ns.start, ns.interval, ns.number, ns.noise = start, interval, number, noise
    nc = h.NetCon(ns, target)
    nc.weight[0] = weight
    nc.delay = 1
    return [ns, nc]


def _hh(h, p):
    s = _cell(h, ['hh' + p])
    stim = h.IClamp(s(0.5))
    stim.delay, stim.dur, stim.amp = 5, 40, 0.3
    return s, [stim]


def _pas(h, p):
    s = _cell(h, ['pas' + p])
    stim = h.IClamp(s(0.5))
    stim.delay, stim.dur, stim.amp = 5, 20, 0.1
    return s, [stim]


def _iclamp(h, p):
    s = _cell(h, ['pas'])
    stim = getattr(h, 'IClamp' + p)(s(0.5))
    setattr(stim, 'del', 5)
    stim.dur, stim.amp = 20, 0.1
    return s, [stim]


def _expsyn(h, p):
    s = _cell(h, ['pas'])
    syn = getattr(h, 'ExpSyn' + p)(s(0.5))
    syn.tau = 2
    return s, [syn] + _netstim(h, syn)


def _exp2syn(h, p):
    s = _cell(h, ['pas'])
    syn = getattr(h, 'Exp2Syn' + p)(s(0.5))
    syn.tau1, syn.tau2 = 0.5, 5
    return s, [syn] + _netstim(h, syn)


def _alpha(h, p):
    s = _cell(h, ['pas'])
    a = getattr(h, 'AlphaSynapse' + p)(s(0.5))
    a.onset, a.tau, a.gmax = 5, 2, 0.01
    return s, [a]


def _artificial(h, p):
    s = _cell(h, ['pas'])
    c = getattr(h, 'IntFire1' + p)()
    c.tau = 8
    ns = getattr(h, 'NetStim' + p)()
    ns.start, ns.interval, ns.number = 2, 3, 15
    nc = h.NetCon(ns, c)
    nc.weight[0] = 0.4
    spikes = h.Vector()
    out = h.NetCon(c, None)
    out.record(spikes)
    return s, [c, ns, nc, out, spikes]


CASES = {'hh': _hh, 'pas': _pas, 'IClamp': _iclamp, 'ExpSyn': _expsyn, 'Exp2Syn': _exp2syn,
         'AlphaSynapse': _alpha, 'NetStim+IntFire1': _artificial}


def trace(case, suffix, cvode, lib):
    """One run in this (fresh) process: v at the soma at every step, then any spike times."""
    from neuron import h
    h.nrn_load_dll(lib)
    h.load_file('stdrun.hoc')
    h.cvode.active(cvode)
    soma, keep = CASES[case](h, suffix)
    v = h.Vector().record(soma(0.5)._ref_v)
    h.finitialize(-65)
    h.continuerun(60)
    out = list(v)
    if isinstance(keep[-1], type(v)):
        out += [-1e300] + list(keep[-1])
    return out


def main():
    if sys.argv[1:2] == ['--trace']:
        case, suffix, cvode, lib = sys.argv[2], sys.argv[3].strip('.'), int(sys.argv[4]), \
            sys.argv[5]
        print(json.dumps([x.hex() for x in trace(case, suffix, cvode, lib)]))
        return 0
    work = tempfile.mkdtemp(prefix='pyhoc-builtin-mod-')
    results = {}
    try:
        build(work)
        lib = os.path.join(work, 'x86_64', '.libs', 'libnrnmech.so')
        for case in CASES:
            for cvode in (0, 1):
                runs = []
                for suffix in ('.', '._p'):      # NEURON's built-in, then ours
                    p = subprocess.run([sys.executable, os.path.abspath(__file__), '--trace',
                                        case, suffix, str(cvode), lib], cwd=work,
                                       capture_output=True, text=True, check=True)
                    runs.append([float.fromhex(x) for x in
                                 json.loads(p.stdout.strip().splitlines()[-1])])
                a, b = runs
                key = '%s%s' % (case, ' (cvode)' if cvode else '')
                results[key] = max(abs(x - y) for x, y in zip(a, b)) if len(a) == len(b) \
                    else 'different lengths %d %d' % (len(a), len(b))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for k, v in results.items():
        print('%-24s max |difference| = %s' % (k, v))
    return 0 if all(v == 0.0 for v in results.values()) else 1


if __name__ == '__main__':
    sys.exit(main())
