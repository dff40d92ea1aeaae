"""Event/synapse scenarios shared by tools/gen_events_golden.py (run under NEURON) and
tests/sim/test_events.py (run under pyhoc).  Each function takes ``h`` (NEURON's h or a pyhoc
Model), builds a network, runs it with finitialize/fadvance and returns a dict of plain lists.
"""
from __future__ import annotations


def _is_pyhoc(h) -> bool:
    return hasattr(h, 'new_point_process')


def _pp(h, name, seg=None):
    if _is_pyhoc(h):
        from pyhoc.sim.pointprocess import POINT_CLASSES
        return POINT_CLASSES[name](seg, model=h)
    return getattr(h, name)(seg) if seg is not None else getattr(h, name)()


def _netcon(h, src, tgt, sec=None):
    if _is_pyhoc(h):
        from pyhoc.sim.netcon import NetCon
        return NetCon(src, tgt)
    if sec is not None:
        return h.NetCon(src, tgt, sec=sec)
    return h.NetCon(src, tgt)


def _vec(h):
    if _is_pyhoc(h):
        from pyhoc.hoc.builtins.vector import Vector
        return Vector()
    return h.Vector()


def _fih(h, typ, fn):
    if _is_pyhoc(h):
        from pyhoc.sim.events import FInitializeHandler
        return FInitializeHandler(typ, fn, model=h)
    return h.FInitializeHandler(typ, fn)


def _run(h, probes, tstop, v0=-65.):
    h.finitialize(v0)
    out = {k: [f()] for k, f in probes.items()}
    n = int(round(tstop / h.dt))
    for _ in range(n):
        h.fadvance()
        for k, f in probes.items():
            out[k].append(f())
    return out


def _cell(h, name, L=20., diam=20.):
    s = h.Section(name=name)
    s.L = L
    s.diam = diam
    s.insert('hh')
    return s


def two_cells(h, delay=2.5, weight=0.01, thresh=-20.):
    pre = _cell(h, 'pre')
    post = _cell(h, 'post')
    stim = _pp(h, 'IClamp', pre(0.5))
    stim.delay, stim.dur, stim.amp = 1., 20., 0.2
    syn = _pp(h, 'ExpSyn', post(0.5))
    syn.tau, syn.e = 3., 0.
    nc = _netcon(h, pre(0.5)._ref_v, syn, sec=pre)
    nc.threshold = thresh
    nc.delay = delay
    nc.weight[0] = weight
    pre_t, post_t = _vec(h), _vec(h)
    nc.record(pre_t)
    det = _netcon(h, post(0.5)._ref_v, None, sec=post)
    det.record(post_t)
    apc = _pp(h, 'APCount', post(0.5))
    apc_t = _vec(h)
    apc.record(apc_t)
    out = _run(h, {'v_pre': lambda: pre(0.5).v, 'v_post': lambda: post(0.5).v,
                   'g': lambda: syn.g, 'i': lambda: syn.i}, 30.)
    out['pre_t'] = list(pre_t)
    out['post_t'] = list(post_t)
    out['apc_t'] = list(apc_t)
    out['apc'] = [apc.n, apc.time]
    return out


def ring(h, n=5, fanout=True):
    """A ring of hh cells with an ExpSyn and an Exp2Syn each; cell 0 is kicked by a NetStim.
    With fanout every cell also drives three extra synapses on the next cell with one delay
    (NEURON's use_min_delay path)."""
    cells = []
    for k in range(n):
        soma = _cell(h, 'soma%d' % k)
        dend = h.Section(name='dend%d' % k)
        dend.L, dend.diam, dend.nseg = 200., 1., 5
        dend.insert('pas')
        dend.connect(soma(1))
        syn = _pp(h, 'ExpSyn', dend(0.5))
        syn.tau = 2.
        syn2 = _pp(h, 'Exp2Syn', dend(0.9))
        syn2.tau1, syn2.tau2 = .5, 4.
        cells.append((soma, dend, syn, syn2))
    ncs = []
    recs = []
    for k in range(n):
        src = cells[k][0]
        tgt = cells[(k + 1) % n]
        nc = _netcon(h, src(0.5)._ref_v, tgt[2], sec=src)
        nc.weight[0], nc.delay = .05, 5.
        ncs.append(nc)
        if fanout:
            for j in range(3):
                nc2 = _netcon(h, src(0.5)._ref_v, tgt[3], sec=src)
                nc2.weight[0], nc2.delay = .002 * (j + 1), 3.
                ncs.append(nc2)
        v = _vec(h)
        nc.record(v)
        recs.append(v)
    ns = _pp(h, 'NetStim')
    ns.start, ns.number = 1., 1
    kick = _netcon(h, ns, cells[0][2])
    kick.weight[0], kick.delay = .05, 1.
    probes = {'v0': lambda: cells[0][0](0.5).v, 'v2d': lambda: cells[2][1](0.5).v,
              'g1': lambda: cells[1][3].g}
    out = _run(h, probes, 60.)
    for k, v in enumerate(recs):
        out['spikes%d' % k] = list(v)
    return out


def netstim_expsyn(h):
    soma = _cell(h, 'soma')
    syn = _pp(h, 'ExpSyn', soma(0.5))
    syn.tau, syn.e = 2., 0.
    stims, recs = [], []
    for k, (start, number, interval) in enumerate(((5., 4, 10.), (0., 3, 2.5), (5., 2, 10.),
                                                   (12.5, 5, 0.025))):
        ns = _pp(h, 'NetStim')
        ns.start, ns.number, ns.interval, ns.noise = start, number, interval, 0
        nc = _netcon(h, ns, syn)
        nc.weight[0], nc.delay = .001 * (k + 1), 1. if k != 1 else 0.
        v = _vec(h)
        nc.record(v)
        stims.append((ns, nc))
        recs.append(v)
    # a NetStim that is started by another one's event and stopped by a negative weight
    gated = _pp(h, 'NetStim')
    gated.start, gated.number, gated.interval = -1, 100, 3.
    on = _netcon(h, stims[0][0], gated)
    on.weight[0], on.delay = 1., .5
    off = _netcon(h, stims[2][0], gated)
    off.weight[0], off.delay = -1., 7.
    gv = _vec(h)
    gnc = _netcon(h, gated, syn)
    gnc.weight[0] = .0005
    gnc.record(gv)
    spikes = _vec(h)
    det = _netcon(h, soma(0.5)._ref_v, None, sec=soma)
    det.record(spikes)
    out = _run(h, {'v': lambda: soma(0.5).v, 'g': lambda: syn.g, 'i': lambda: syn.i}, 45.)
    for k, v in enumerate(recs):
        out['ev%d' % k] = list(v)
    out['gated'] = list(gv)
    out['spikes'] = list(spikes)
    return out


def exp2syn(h, tau1=.5, tau2=5.):
    soma = _cell(h, 'soma')
    syn = _pp(h, 'Exp2Syn', soma(0.5))
    syn.tau1, syn.tau2, syn.e = tau1, tau2, -10.
    ns = _pp(h, 'NetStim')
    ns.start, ns.number, ns.interval = 2., 6, 4.
    nc = _netcon(h, ns, syn)
    nc.weight[0], nc.delay = .003, 1.5
    out = _run(h, {'v': lambda: soma(0.5).v, 'g': lambda: syn.g, 'A': lambda: syn.A,
                   'B': lambda: syn.B, 'i': lambda: syn.i}, 30.)
    out['tau1'] = [syn.tau1]
    return out


def netstim_noise(h):
    stims = []
    recs = []
    for k, noise in enumerate((1., .5, 1., 0., .25)):
        ns = _pp(h, 'NetStim')
        ns.start, ns.number, ns.interval, ns.noise = 2., 20, 4., noise
        if k == 2:
            ns.noiseFromRandom123(7, 3, 11)
        nc = _netcon(h, ns, None)
        v = _vec(h)
        nc.record(v)
        stims.append((ns, nc))
        recs.append(v)
    # a stream taken from a Random123 Random (its ids and present position)
    if _is_pyhoc(h):
        from pyhoc.hoc.builtins.random import Random
        r = Random()
    else:
        r = h.Random()
    r.Random123(5, 6, 7)
    r.negexp(1)
    for _ in range(5):
        r.repick()
    ns = _pp(h, 'NetStim')
    ns.start, ns.number, ns.interval, ns.noise = 1., 10, 3., .8
    ns.noiseFromRandom(r)
    nc = _netcon(h, ns, None)
    v = _vec(h)
    nc.record(v)
    stims.append((ns, nc))
    recs.append(v)
    _run(h, {}, 100.)
    out = {'ns%d' % k: list(v) for k, v in enumerate(recs)}
    # a second run continues the streams from sequence 0 again
    _run(h, {}, 50.)
    out['again0'] = list(recs[0])
    return out


def intfire(h):
    ns = _pp(h, 'NetStim')
    ns.start, ns.number, ns.interval = 1., 40, 1.5
    inh = _pp(h, 'NetStim')
    inh.start, inh.number, inh.interval = 10., 10, 4.
    c1 = _pp(h, 'IntFire1')
    c1.tau, c1.refrac = 5., 2.
    c2 = _pp(h, 'IntFire2')
    c2.taum, c2.taus, c2.ib = 8., 15., 0.6
    c2b = _pp(h, 'IntFire2')
    c2b.ib = 1.2
    c4 = _pp(h, 'IntFire4')
    c4.taue, c4.taui1, c4.taui2, c4.taum = 3., 5., 8., 12.
    keep = []
    for c, w, wi in ((c1, .35, -.3), (c2, .12, -.1), (c2b, .05, -.2), (c4, .4, -.3)):
        a = _netcon(h, ns, c)
        a.weight[0], a.delay = w, 1.
        b = _netcon(h, inh, c)
        b.weight[0], b.delay = wi, 1.
        keep += [a, b]
    recs = []
    for c in (c1, c2, c2b, c4):
        nc = _netcon(h, c, None)
        v = _vec(h)
        nc.record(v)
        recs.append(v)
        keep.append(nc)
    # an IntFire1 driven by c4's spikes
    c1b = _pp(h, 'IntFire1')
    d = _netcon(h, c4, c1b)
    d.weight[0], d.delay = .6, .5
    e = _netcon(h, c1b, None)
    v = _vec(h)
    e.record(v)
    recs.append(v)
    keep += [d, e]
    probes = {'m1': c1.M, 'm2': c2.M, 'i2': c2.I, 'm4': c4.M, 'e4': c4.E, 'i4': c4.I}
    out = _run(h, probes, 60.)
    for k, v in enumerate(recs):
        out['spk%d' % k] = list(v)
    out['c4'] = [c4.nself, c4.nexcite, c4.ninhibit, c4.ae, c4.ai1, c4.ai2, c4.taum]
    return out


def fih_order(h):
    soma = _cell(h, 'soma')
    log = []
    ns = _pp(h, 'NetStim')
    ns.start, ns.number = 0., 2
    ns.interval = 1.
    syn = _pp(h, 'ExpSyn', soma(0.5))
    nc = _netcon(h, ns, syn)
    nc.weight[0], nc.delay = .01, 0.

    def mk(tag):
        return lambda: log.append([tag, h.t, soma(0.5).v, soma(0.5).m_hh, syn.g])
    keep = [_fih(h, typ, mk(10 * typ + k)) for k in range(2) for typ in (3, 2, 1, 0)]

    def ev():
        nc.event(h.t + .3)
    keep.append(_fih(h, 1, ev))
    out = _run(h, {'g': lambda: syn.g}, 3., v0=-60.)
    out['log'] = log
    return out


def _cvode_event(h, tt, fn=None):
    if _is_pyhoc(h):
        from pyhoc.sim.events import cvode_event
        return cvode_event(h, tt, fn)
    cv = h.CVode()
    return cv.event(tt, fn) if fn is not None else cv.event(tt)


def hoc_events(h):
    """cvode.event callbacks run after the step that delivers them (t is the step's end)."""
    soma = _cell(h, 'soma')
    syn = _pp(h, 'ExpSyn', soma(0.5))
    ns = _pp(h, 'NetStim')
    ns.start, ns.number, ns.interval = .5, 3, .7
    nc = _netcon(h, ns, syn)
    nc.weight[0], nc.delay = .02, 0.
    log = []

    def cb(tag):
        def f():
            log.append([tag, h.t, soma(0.5).v, syn.g])
            if tag < 3:
                _cvode_event(h, h.t + .3 + .01 * tag, cb(tag + 10))
        return f

    def at_init():
        for k, tt in enumerate((0., .5, 1.0125, 1.2, 1.2)):
            _cvode_event(h, tt, cb(k))
    keep = _fih(h, 1, at_init)
    out = _run(h, {'g': lambda: syn.g}, 3.)
    out['log'] = log
    del keep
    return out


CASES = {
    'events_two_cells': ('two_cells', {}),
    'events_two_cells_late': ('two_cells', {'delay': 5., 'weight': .001}),
    'events_ring': ('ring', {}),
    'events_netstim_expsyn': ('netstim_expsyn', {}),
    'events_exp2syn': ('exp2syn', {}),
    'events_exp2syn_close': ('exp2syn', {'tau1': 5., 'tau2': 5.}),
    'events_netstim_noise': ('netstim_noise', {}),
    'events_intfire': ('intfire', {}),
    'events_fih_order': ('fih_order', {}),
    'events_hoc_events': ('hoc_events', {}),
}
