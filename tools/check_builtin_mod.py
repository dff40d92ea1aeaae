"""Check pyhoc's own .mod texts of the built-ins (pyhoc/nmodl/builtin_mod) against NEURON's
built-in mechanisms, in NEURON itself: each file is renamed (hh -> hh_p ...), compiled with
NEURON 9's nrnivmodl, and the same small model is run with NEURON's mechanism and with ours;
the script prints the largest difference of each pair (0 means bit for bit).

    /tmp/nrnlib-neuron/bin/python tools/check_builtin_mod.py

Needs NEURON (with nrnivmodl) and a C++ compiler; neither is a dependency of pyhoc or its
tests.  The model code is ours: nothing from NEURON's own .mod files is used.
"""
import glob
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


def run_cases(h):
    import numpy as np
    results = {}

    def cell(mechs):
        s = h.Section(name='soma')
        s.L = s.diam = 20
        for m in mechs:
            s.insert(m)
        return s

    def trace(build_fn, tstop=60, cvode=False):
        h.cvode.active(1 if cvode else 0)
        objs = build_fn()
        vec = h.Vector().record(objs[0](0.5)._ref_v)
        extra = objs[-1] if isinstance(objs[-1], h.Vector) else None
        h.finitialize(-65)
        h.continuerun(tstop)
        out = np.array(vec)
        if extra is not None:
            out = np.concatenate([out, np.array(extra)])
        return out

    def compare(name, fa, fb, **kw):
        for cv in (False, True):
            a, b = trace(fa, cvode=cv, **kw), trace(fb, cvode=cv, **kw)
            key = '%s%s' % (name, ' (cvode)' if cv else '')
            results[key] = (float(np.max(np.abs(a - b))) if a.shape == b.shape
                            else 'different lengths %s %s' % (a.shape, b.shape))

    def hh_model(suffix):
        def f():
            s = cell(['hh' + suffix])
            stim = h.IClamp(s(0.5))
            stim.delay, stim.dur, stim.amp = 5, 40, 0.3
            return [s, stim]
        return f
    compare('hh', hh_model(''), hh_model('_p'))

    def pas_model(suffix):
        def f():
            s = cell(['pas' + suffix])
            stim = h.IClamp(s(0.5))
            stim.delay, stim.dur, stim.amp = 5, 20, 0.1
            return [s, stim]
        return f
    compare('pas', pas_model(''), pas_model('_p'))

    def iclamp_model(cls):
        def f():
            s = cell(['pas'])
            stim = getattr(h, cls)(s(0.5))
            stim.dur, stim.amp = 20, 0.1
            stim.__setattr__('del', 5)
            return [s, stim]
        return f
    compare('IClamp', iclamp_model('IClamp'), iclamp_model('IClamp_p'))

    def syn_model(cls, setup):
        def f():
            s = cell(['pas'])
            syn = getattr(h, cls)(s(0.5))
            setup(syn)
            ns = h.NetStim()
            ns.start, ns.interval, ns.number = 5, 7, 5
            nc = h.NetCon(ns, syn)
            nc.weight[0] = 0.01
            nc.delay = 1
            return [s, syn, ns, nc]
        return f
    compare('ExpSyn', syn_model('ExpSyn', lambda x: setattr(x, 'tau', 2)),
            syn_model('ExpSyn_p', lambda x: setattr(x, 'tau', 2)))

    def e2(x):
        x.tau1, x.tau2 = 0.5, 5
    compare('Exp2Syn', syn_model('Exp2Syn', e2), syn_model('Exp2Syn_p', e2))

    def alpha_model(cls):
        def f():
            s = cell(['pas'])
            a = getattr(h, cls)(s(0.5))
            a.onset, a.tau, a.gmax = 5, 2, 0.01
            return [s, a]
        return f
    compare('AlphaSynapse', alpha_model('AlphaSynapse'), alpha_model('AlphaSynapse_p'))

    def art_model(stim_cls, cell_cls, noise):
        def f():
            s = cell(['pas'])
            ns = getattr(h, stim_cls)()
            ns.start, ns.interval, ns.number, ns.noise = 2, 3, 15, noise
            c = getattr(h, cell_cls)()
            c.tau = 8
            nc = h.NetCon(ns, c)
            nc.weight[0] = 0.4
            spikes = h.Vector()
            out = h.NetCon(c, None)
            out.record(spikes)
            return [s, ns, c, nc, out, spikes]
        return f
    compare('NetStim+IntFire1', art_model('NetStim', 'IntFire1', 0),
            art_model('NetStim_p', 'IntFire1_p', 0))
    return results


def main():
    work = tempfile.mkdtemp(prefix='pyhoc-builtin-mod-')
    try:
        build(work)
        os.chdir(work)
        from neuron import h
        h.nrn_load_dll(os.path.join(work, 'x86_64', '.libs', 'libnrnmech.so'))
        h.load_file('stdrun.hoc')
        results = run_cases(h)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for k, v in results.items():
        print('%-24s max |difference| = %s' % (k, v))
    return 0 if all(v == 0.0 for v in results.values()) else 1


if __name__ == '__main__':
    sys.exit(main())
