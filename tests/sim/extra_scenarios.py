"""Extracellular and long-axon scenarios shared by tools/gen_extra_golden.py (run under NEURON)
and tests/sim/test_extracellular.py, test_axon.py (run under pyhoc).  Each takes ``h`` (NEURON's
h or a pyhoc Model), builds a model, runs it and returns a dict of plain lists.
"""
from __future__ import annotations


def _setg(h, name, value):
    if hasattr(h, 'global_set'):
        h.global_set(name, value)
    else:
        setattr(h, name, value)


def _run(h, probes, nstep, v0=-65.):
    h.finitialize(v0)
    out = {k: [f()] for k, f in probes.items()}
    for _ in range(nstep):
        h.fadvance()
        for k, f in probes.items():
            out[k].append(f())
    out['t'] = h.t
    return out


def _vext1(h, sec, x):
    """vext[1] at sec(x).  NEURON 9.0.2's Python ``seg.vext[1]`` returns vext[0] (HOC's
    ``vext[1](x)`` is right), so under NEURON the value is read through HOC."""
    if hasattr(h, 'nrnversion'):
        sec.push()
        h('hoc_ac_ = vext[1](%.17g)' % x)
        h.pop_section()
        return h.hoc_ac_
    return sec(x).vext[1]


def _ext_probes(sec, xs, tag='', h=None):
    p = {}
    for x in xs:
        p['%sv%g' % (tag, x)] = (lambda x=x: sec(x).v)
        p['%sve0_%g' % (tag, x)] = (lambda x=x: sec(x).vext[0])
        p['%sve1_%g' % (tag, x)] = (lambda x=x: _vext1(h, sec, x))
        p['%sim%g' % (tag, x)] = (lambda x=x: sec(x).i_membrane)
    return p


def extra_passive(h, secondorder=0):
    """A passive cable in a resistive, capacitive medium, stimulated in the middle."""
    _setg(h, 'secondorder', secondorder)
    cab = h.Section(name='cable')
    cab.L, cab.diam, cab.nseg, cab.Ra = 800., 2., 21, 150.
    cab.insert('pas')
    cab.insert('extracellular')
    for k, seg in enumerate(cab):
        seg.pas.g = 2e-4
        seg.pas.e = -65.
        seg.xraxial[0] = 30. + 2 * k
        seg.xraxial[1] = 500.
        seg.xg[0] = 2. + .1 * k
        seg.xg[1] = 0.5
        seg.xc[0] = 0.3
        seg.xc[1] = 0.05 if k % 2 else 0.
        seg.e_extracellular = 5. if k == 3 else 0.
    stim = h.IClamp(cab(0.5))
    stim.delay, stim.dur, stim.amp = 0.5, 3., 0.3
    probes = _ext_probes(cab, (0.05, 0.5, 0.75, 0.98), h=h)
    return _run(h, probes, 300)


def extra_hh_axon(h):
    """An HH axon (nseg 101) in a resistive medium: IClamp at one end, spikes propagate."""
    ax = h.Section(name='axon')
    ax.L, ax.diam, ax.nseg, ax.Ra = 2000., 2., 101, 100.
    ax.insert('hh')
    ax.insert('extracellular')
    for seg in ax:
        seg.xraxial[0] = 2000.
        seg.xraxial[1] = 1e4
        seg.xg[0] = 10.
        seg.xg[1] = 1.
    stim = h.IClamp(ax(0.))
    stim.delay, stim.dur, stim.amp = 0.5, 1., 1.0
    probes = _ext_probes(ax, (0.02, 0.3, 0.7, 1.), h=h)
    return _run(h, probes, 400)


def extra_branched(h):
    """A soma and axon with extracellular, a dendrite without it (sealed / child couplings)."""
    soma = h.Section(name='soma')
    soma.L = soma.diam = 20.
    soma.nseg = 3
    soma.insert('hh')
    soma.insert('extracellular')
    dend = h.Section(name='dend')
    dend.connect(soma(1.))
    dend.L, dend.diam, dend.nseg = 200., 1.5, 9
    dend.insert('pas')
    axon = h.Section(name='axon')
    axon.connect(dend(0.6))
    axon.L, axon.diam, axon.nseg = 300., 1., 15
    axon.insert('hh')
    axon.insert('extracellular')
    ax2 = h.Section(name='ax2')
    ax2.connect(soma(0.5))
    ax2.L, ax2.diam, ax2.nseg = 100., 1., 5
    ax2.rallbranch = 2.
    ax2.insert('pas')
    ax2.insert('extracellular')
    for s in (soma, axon, ax2):
        for seg in s:
            seg.xraxial[0] = 800.
            seg.xg[0] = 5.
            seg.xg[1] = 0.2
            seg.xc[1] = 0.1
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 0.3, 2., 0.5
    probes = _ext_probes(soma, (0.5,), 's_', h)
    probes.update(_ext_probes(axon, (0.1, 0.9), 'a_', h))
    probes.update(_ext_probes(ax2, (0.5,), 'b_', h))
    probes['d_v0.5'] = lambda: dend(0.5).v
    return _run(h, probes, 240)


def axon_spikes(h, nseg=201, tstop=40.):
    """A long HH axon (as /work/shared/bench/b2_axon.py, shorter): spike times at several x."""
    ax = h.Section(name='axon')
    ax.L, ax.diam, ax.Ra, ax.nseg = 10000., 1., 100., nseg
    ax.cm = 1.
    ax.insert('hh')
    ic = h.IClamp(ax(0))
    ic.delay, ic.dur, ic.amp = 1., 98., 0.2
    xs = (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)
    h.finitialize(-65.)
    prev = {x: ax(x).v for x in xs}
    spikes = {x: [] for x in xs}
    trace = [ax(0.5).v]
    nstep = int(round(tstop / h.dt))
    for _ in range(nstep):
        t0 = h.t
        h.fadvance()
        for x in xs:
            v = ax(x).v
            if prev[x] < 0. <= v:      # threshold crossing, interpolated
                spikes[x].append(t0 + (h.t - t0) * (0. - prev[x]) / (v - prev[x]))
            prev[x] = v
        trace.append(ax(0.5).v)
    out = {'spikes%g' % x: spikes[x] for x in xs}
    out['v_end'] = [ax(x).v for x in xs]
    out['vmid'] = trace[::10]
    return out
