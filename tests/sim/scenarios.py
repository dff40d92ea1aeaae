"""Model-building scenarios shared by tools/gen_sim_golden.py (run under NEURON) and the tests
(run under pyhoc).  Each function takes ``h`` (NEURON's h or a pyhoc Model), builds a model,
runs it and returns a dict of plain lists; ``setg(h, name, value)`` sets a global.
"""
from __future__ import annotations

# golden file name -> (scenario function, its arguments)
CASES = {
    'hh_single': ('hh_single', {}),
    'hh_single_cn': ('hh_single', {'secondorder': 2}),
    'hh_single_notable': ('hh_single', {'usetable': 0}),
    'hh_single_warm': ('hh_single', {'celsius': 16.3}),
    'passive_cable': ('passive_cable', {}),
    'passive_cable_cn': ('passive_cable', {'secondorder': 2}),
    'branched_3d': ('branched_3d', {}),
    'branched_3d_cn': ('branched_3d', {'secondorder': 2}),
    'geometry_3d': ('geometry_3d', {}),
    'nseg_change': ('nseg_change', {}),
}


def _setg(h, name, value):
    if hasattr(h, 'global_set'):
        h.global_set(name, value)
    else:
        setattr(h, name, value)


def _run(h, probes, nstep, v0=-65.):
    h.finitialize(v0)
    out = {k: [f()] for k, f in probes.items()}
    t = [h.t]
    for _ in range(nstep):
        h.fadvance()
        t.append(h.t)
        for k, f in probes.items():
            out[k].append(f())
    out['t'] = t
    return out


def hh_single(h, secondorder=0, usetable=1, celsius=6.3):
    _setg(h, 'secondorder', secondorder)
    _setg(h, 'celsius', celsius)
    _setg(h, 'usetable_hh', usetable)
    soma = h.Section(name='soma')
    soma.L = soma.diam = 18.8
    soma.insert('hh')
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 1.0, 2.0, 0.2
    probes = {'v': lambda: soma(0.5).v, 'm': lambda: soma(0.5).hh.m,
              'n': lambda: soma(0.5).n_hh, 'ina': lambda: soma(0.5).ina,
              'i': lambda: stim.i}
    return _run(h, probes, 800)


def passive_cable(h, secondorder=0):
    _setg(h, 'secondorder', secondorder)
    cab = h.Section(name='cable')
    cab.L, cab.diam, cab.nseg, cab.Ra = 1000., 1., 51, 100.
    cab.insert('pas')
    for seg in cab:
        seg.pas.g = 1e-4
        seg.pas.e = -65.
    stim = h.IClamp(cab(0.))
    stim.delay, stim.dur, stim.amp = 0.5, 5., 0.1
    probes = {'v%g' % x: (lambda x=x: cab(x).v) for x in (0., 0.25, 0.5, 1.)}
    return _run(h, probes, 400)


def _branched(h):
    soma = h.Section(name='soma')
    soma.pt3dadd(0, 0, 0, 20)
    soma.pt3dadd(7.5, 1, 0, 18.3)
    soma.pt3dadd(15, 0, 0.5, 12)
    soma.nseg = 3
    soma.insert('hh')
    dends = []
    for k in range(3):
        d = h.Section(name='dend%d' % k)
        d.connect(soma(1. if k < 2 else 0.5))
        d.pt3dadd(15, 0, 0, 3.1)
        d.pt3dadd(40 + 10 * k, 12 - 9 * k, 1.7, 2.2)
        d.pt3dadd(80 + 5 * k, 30 - 17 * k, 3.3, 1.3)
        d.pt3dadd(140.25, 31 - 21 * k, 0.1, 0.9)
        d.nseg = 7 + 2 * k
        d.Ra = 120.
        d.insert('pas')
        dends.append(d)
    axon = h.Section(name='axon')
    axon.connect(soma(0), 1)
    axon.L, axon.diam, axon.nseg = 300., 1.1, 11
    axon.insert('hh')
    axon(0.2).hh.gnabar = 0.25
    return soma, dends, axon


def branched_3d(h, secondorder=0):
    _setg(h, 'secondorder', secondorder)
    soma, dends, axon = _branched(h)
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 0.5, 3., 0.4
    syn = h.AlphaSynapse(dends[1](0.8))
    syn.onset, syn.tau, syn.gmax, syn.e = 2., .5, .005, 0.
    probes = {'soma': lambda: soma(0.5).v, 'd0': lambda: dends[0](0.9).v,
              'd2': lambda: dends[2](0.1).v, 'ax': lambda: axon(0.05).v,
              'ax_end': lambda: axon(0.).v, 'syn_i': lambda: syn.i}
    return _run(h, probes, 400)


def geometry_3d(h):
    soma, dends, axon = _branched(h)
    out = {}
    for sec in [soma, axon] + dends:
        key = sec.name()
        out[key + '.L'] = [sec.L]
        out[key + '.area'] = [seg.area() for seg in sec]
        out[key + '.ri'] = [seg.ri() for seg in sec.allseg()]
        out[key + '.diam'] = [seg.diam for seg in sec]
        out[key + '.arc3d'] = [sec.arc3d(i) for i in range(sec.n3d())]
        out[key + '.x3d'] = [sec.x3d(i) for i in range(sec.n3d())]
    # changing nseg, L and diam of a 3-D section
    d = dends[0]
    d.nseg = 4
    d.L = 200.
    out['dend0.after_L.area'] = [seg.area() for seg in d]
    out['dend0.after_L.x3d'] = [d.x3d(i) for i in range(d.n3d())]
    d.diam = 2.
    out['dend0.after_diam.area'] = [seg.area() for seg in d]
    out['dend0.after_diam.diam3d'] = [d.diam3d(i) for i in range(d.n3d())]
    return out


def nseg_change(h):
    """Range values and point processes across nseg changes."""
    s = h.Section(name='s')
    s.nseg = 3
    s.insert('pas')
    for k, seg in enumerate(s):
        seg.pas.g = 0.001 * (k + 1)
    stim = h.IClamp(s(0.9))
    out = {}
    for n in (7, 2, 5, 1, 4):
        s.nseg = n
        out['g%d' % n] = [seg.pas.g for seg in s]
        out["loc%d" % n] = [stim.get_segment().x]
    return out
