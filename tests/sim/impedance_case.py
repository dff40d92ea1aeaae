"""The Impedance scenarios, written once against an ``h`` (pyhoc's or NEURON's): a passive
branched cell and an hh cell (at rest and in the middle of a spike, with an active ExpSyn),
input/transfer/ratio/phases at several places and frequencies, compute(f) and compute(f, 1)."""
from __future__ import annotations

FREQS = (0.0, 10.0, 100.0, 1000.0)


def _measure(h, imp, probes, out, tag, modes=(0, 1)):
    for f in FREQS:
        for ext in modes:
            imp.compute(f, ext)
            row = []
            for seg in probes:
                row += [imp.input(seg), imp.transfer(seg), imp.ratio(seg),
                        imp.input_phase(seg), imp.transfer_phase(seg)]
            out['%s f=%g ext=%d' % (tag, f, ext)] = row


def passive(h) -> dict:
    soma = h.Section(name='soma')
    soma.L = soma.diam = 20
    dends = []
    for k in range(3):
        d = h.Section(name='dend%d' % k)
        d.L, d.diam, d.nseg, d.Ra = 150 + 50 * k, 2 - 0.5 * k, 3 + 2 * k, 100 + 20 * k
        dends.append(d)
    dends[0].connect(soma(1))
    dends[1].connect(soma(0))
    dends[2].connect(dends[0](0.6))      # a branch from the middle of a section
    for s in [soma] + dends:
        s.insert('pas')
        s.g_pas, s.e_pas, s.cm = 2e-4, -70, 1 + 0.2 * dends.count(s)
    h.finitialize(-65)
    imp = h.Impedance()
    out = {}
    probes = [soma(0.5), soma(0), dends[0](1), dends[1](0.3), dends[2](0.9), dends[2](0)]
    imp.loc(0.5, sec=soma)
    _measure(h, imp, probes, out, 'soma')
    imp.loc(dends[2](0.7))
    _measure(h, imp, probes, out, 'dend2')
    return out


def _synapses(h, seg):
    syn = h.ExpSyn(seg)
    syn.tau = 2
    syn2 = h.Exp2Syn(seg)                  # two synapses at one node
    syn2.tau1, syn2.tau2 = 0.5, 3
    ns = h.NetStim()
    ns.start, ns.number = 0.5, 1
    nc = h.NetCon(ns, syn)
    nc.weight[0], nc.delay = 0.002, 0
    nc2 = h.NetCon(ns, syn2)
    nc2.weight[0], nc2.delay = 0.001, 0
    return [syn, syn2, ns, nc, nc2]


def active(h) -> dict:
    """hh soma and dendrite, at rest and mid-spike.  NEURON 9.0.2's compute(f, 1) evaluates
    the current of every instance of a mechanism with the data of its first instance
    (nonlinz.cpp's one-instance Memb_list keeps the list's storage offset), so with more than
    one instance its numbers are not the cell's; pyhoc gives those numbers by default
    (pyhoc.sim.impedance.NEURON9_FIRST_INSTANCE), and test_impedance checks the correct
    computation against the slope resistance of a simulation."""
    h.load_file('stdrun.hoc')
    soma = h.Section(name='soma')
    soma.L = soma.diam = 20
    soma.insert('hh')
    dend = h.Section(name='dend')
    dend.connect(soma(1))
    dend.L, dend.diam, dend.nseg = 400, 1.5, 9
    dend.insert('hh')
    dend.insert('pas')
    dend.g_pas, dend.e_pas = 1e-4, -65
    keep = _synapses(h, dend(0.8))
    ic = h.IClamp(soma(0.5))
    ic.delay, ic.dur, ic.amp = 1, 0.5, 0.5
    imp = h.Impedance()
    probes = [soma(0.5), dend(0.1), dend(0.8), dend(1)]
    out = {}
    h.finitialize(-65)
    imp.loc(soma(0.5))
    _measure(h, imp, probes, out, 'rest')
    h.continuerun(1.8)                     # rising phase of the spike, synapses active
    out['v'] = [soma(0.5).v, dend(0.8).v, keep[0].g]
    _measure(h, imp, probes, out, 'spike')
    return out


def single(h) -> dict:
    """One hh compartment with an ExpSyn and an Exp2Syn, mid-spike: every state differs from
    rest, so dI/ds, ds'/dv and ds'/ds all enter compute(f, 1)."""
    h.load_file('stdrun.hoc')
    soma = h.Section(name='soma')
    soma.L, soma.diam = 30, 25
    soma.insert('hh')
    keep = _synapses(h, soma(0.5))
    ic = h.IClamp(soma(0.5))
    ic.delay, ic.dur, ic.amp = 1, 0.5, 0.8
    imp = h.Impedance()
    out = {}
    h.finitialize(-65)
    imp.loc(0.5, sec=soma)
    h.continuerun(1.7)
    out['v'] = [soma(0.5).v, soma(0.5).m_hh, keep[0].g, keep[1].B]
    _measure(h, imp, [soma(0.5), soma(1)], out, 'spike')
    imp.deltafac(1e-4)
    imp.compute(50, 1)
    out['deltafac'] = [imp.deltafac(), imp.input(soma(0.5)), imp.input_phase(soma(0.5))]
    return out
