"""The fast_imem scenario, written once against an ``h`` (pyhoc's or NEURON's): hh soma, pas
dendrite, IClamps (one at a zero-area end), an SEClamp, an ExpSyn fed by a NetStim, and
i_membrane_ recorded at segment centres and at end nodes; fixed step or CVode."""
from __future__ import annotations

PROBES = ('soma(0.5)', 'dend(0.1)', 'dend(0.3)', 'dend(0.7)', 'dend(1)', 'soma(0)', 'dend(0)')


def run(h, cvode: bool = False, tstop: float = 5.0, atol: float = 1e-5) -> dict:
    h.load_file('stdrun.hoc')
    soma = h.Section(name='soma')
    soma.L = soma.diam = 20
    soma.insert('hh')
    dend = h.Section(name='dend')
    dend.connect(soma(1))
    dend.L, dend.diam, dend.nseg = 300, 1, 5
    dend.insert('pas')
    ic = h.IClamp(soma(0.5))
    ic.delay, ic.dur, ic.amp = 1, 2, 0.3
    ic2 = h.IClamp(dend(1))
    ic2.delay, ic2.dur, ic2.amp = 2, 1, 0.05
    se = h.SEClamp(dend(0.3))
    se.dur1, se.amp1, se.rs = 4, -60, 20
    syn = h.ExpSyn(dend(0.7))
    ns = h.NetStim()
    ns.start, ns.number = 1.5, 1
    nc = h.NetCon(ns, syn)
    nc.weight[0], nc.delay = 0.01, 0
    previous = float(h.cvode.use_fast_imem(1))
    h.cvode_active(1 if cvode else 0)
    if cvode:
        h.cvode.atol(atol)
    secs = {'soma': soma, 'dend': dend}
    vecs = []
    for p in PROBES:
        name, x = p[:-1].split('(')
        vecs.append(h.Vector().record(secs[name](float(x))._ref_i_membrane_))
    tv = h.Vector().record(h._ref_t)
    h.finitialize(-65)
    h.continuerun(tstop)
    out = {'previous': previous, 't': list(tv), 'i_membrane_': [list(v) for v in vecs]}
    h.cvode_active(0)
    h.cvode.use_fast_imem(0)
    return out
