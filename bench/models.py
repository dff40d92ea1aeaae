"""The benchmark models, written once against an ``h`` parameter.

Every model is a function ``build(h, **opts) -> Model``.  The same function runs in pyhoc's
process (``from pyhoc import h``) and in NEURON's (``from neuron import h``); this module
imports neither.  ``Model.run()`` is the timed part (``finitialize(-65)`` plus
``continuerun(tstop)``, as in NEURON's anchor timings in /work/shared/bench/RESULTS.md);
``Model.result()`` gives what is compared between the two implementations:

    {'v': {probe: final voltage (mV)}, 'spikes': {probe: [spike times (ms)]}}

The models follow the anchor scripts b1_c91662.py (B1), b2_axon.py (B2) and b3_ring.py (B3).
``opts`` lets the smoke tests build small versions (fewer cells, segments, a shorter tstop).
"""
from __future__ import annotations

import os

DEFAULT_SES = os.environ.get('PYHOC_BENCH_SES') or os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'tests', 'sessions', 'data',
    'c91662.ses')


class Model:
    def __init__(self, h, tstop, probes, detectors, keep=(), cvode=False, atol=1e-5):
        self.h = h
        self.tstop = tstop
        self.probes = probes            # name -> segment
        self.detectors = detectors      # name -> Vector of spike times
        self.keep = keep                # objects that must stay alive (NetCons, stims ...)
        self.cvode = cvode
        self.atol = atol
        h.dt = 0.025
        if cvode:
            h.cvode_active(1)
            h.cvode.atol(atol)
        else:
            h.cvode_active(0)

    @property
    def nsteps(self) -> int:
        return int(round(self.tstop / 0.025))

    def run(self) -> None:
        self.h.finitialize(-65)
        self.h.continuerun(self.tstop)

    def result(self) -> dict:
        return {'t': float(self.h.t),
                'v': {k: float(seg.v) for k, seg in self.probes.items()},
                'spikes': {k: [float(x) for x in vec] for k, vec in self.detectors.items()}}


def _detector(h, seg, threshold):
    nc = h.NetCon(seg._ref_v, None, sec=seg.sec)
    nc.threshold = threshold
    vec = h.Vector()
    nc.record(vec)
    return nc, vec


# --- B1: the seed cell c91662.ses ------------------------------------------------------------

B1_PROBES = ['soma(0.5)', 'axon(0.5)', 'axon(1)', 'basal[0](0.5)', 'basal[57](0.5)',
             'apic[0](0.5)', 'apic[66](0.5)', 'apic[133](0.5)']


def load_ses(h, ses=None):
    """Load a .ses file from its own folder (it refers to nothing else, but NEURON does so)."""
    ses = os.path.abspath(ses or DEFAULT_SES)
    if not os.path.exists(ses):
        raise FileNotFoundError('no .ses file at %s (set --ses or PYHOC_BENCH_SES)' % ses)
    d, name = os.path.split(ses)
    cwd = os.getcwd()
    os.chdir(d)
    try:
        h.load_file(name)
    finally:
        os.chdir(cwd)


def seed_cell(h, tstop=2.0, long=False, ses=None, cvode=False):
    """B1: c91662 with hh everywhere, IClamp soma(0.5) 1 ms x 10 nA.  ``long``: nseg from L."""
    h.load_file('stdrun.hoc')
    load_ses(h, ses)
    secs = list(h.allsec())
    if long:
        for sec in secs:
            sec.nseg = int(1 + 2 * (sec.L // 40))
    for sec in secs:
        sec.insert('hh')
    ic = h.IClamp(h.soma(0.5))
    ic.delay = 1
    ic.dur = 1
    ic.amp = 10
    byname = {s.name(): s for s in secs}
    probes, dets, keep = {}, {}, [ic]
    for p in B1_PROBES:
        secname, x = p[:-1].rsplit('(', 1)
        if secname not in byname:
            continue
        seg = byname[secname](float(x))
        probes[p] = seg
        nc, vec = _detector(h, seg, 0)
        dets[p] = vec
        keep.append(nc)
    m = Model(h, tstop, probes, dets, keep, cvode=cvode)
    m.size = '%d segs' % sum(s.nseg for s in secs)
    return m


# --- B2: the HH axon --------------------------------------------------------------------------

def hh_axon(h, nseg=1001, tstop=100.0, cvode=False):
    """B2: L=10000 um, diam 1, Ra 100, hh, IClamp at axon(0) 0.2 nA from 1 to 99 ms."""
    h.load_file('stdrun.hoc')
    ax = h.Section(name='axon')
    ax.L = 10000
    ax.diam = 1
    ax.Ra = 100
    ax.cm = 1
    ax.nseg = nseg
    ax.insert('hh')
    ic = h.IClamp(ax(0))
    ic.delay = 1
    ic.dur = 98
    ic.amp = 0.2
    probes, dets, keep = {}, {}, [ax, ic]
    for x in (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0):
        probes[str(x)] = ax(x)
        nc, vec = _detector(h, ax(x), 0)
        dets[str(x)] = vec
        keep.append(nc)
    m = Model(h, tstop, probes, dets, keep, cvode=cvode)
    m.size = '%d segs' % nseg
    return m


# --- one HH compartment (the tutorials' cell) ---------------------------------------------------

def hh_soma(h, tstop=100.0, cvode=False):
    """One compartment, L = diam = 20 um, hh, IClamp 0.1 nA from 5 to 95 ms: a spike train."""
    h.load_file('stdrun.hoc')
    soma = h.Section(name='soma')
    soma.L = soma.diam = 20
    soma.insert('hh')
    ic = h.IClamp(soma(0.5))
    ic.delay = 5
    ic.dur = 90
    ic.amp = 0.1
    nc, vec = _detector(h, soma(0.5), 0)
    m = Model(h, tstop, {'soma': soma(0.5)}, {'soma': vec}, [soma, ic, nc], cvode=cvode)
    m.size = '1 seg'
    return m


# --- B3: the ring network ---------------------------------------------------------------------

class BallAndStick:
    """NEURON's Python tutorial cell (part 3), without 3-D shape."""

    def __init__(self, h, gid):
        self.gid = gid
        self.soma = h.Section(name='soma', cell=self)
        self.dend = h.Section(name='dend', cell=self)
        self.dend.connect(self.soma)
        self.soma.L = self.soma.diam = 12.6157
        self.dend.L = 200
        self.dend.diam = 1
        for sec in (self.soma, self.dend):
            sec.Ra = 100
            sec.cm = 1
        self.soma.insert('hh')
        for seg in self.soma:
            seg.hh.gnabar = 0.12
            seg.hh.gkbar = 0.036
            seg.hh.gl = 0.0003
            seg.hh.el = -54.3
        self.dend.insert('pas')
        for seg in self.dend:
            seg.pas.g = 0.001
            seg.pas.e = -65
        self.syn = h.ExpSyn(self.dend(0.5))
        self.syn.tau = 2
        self.spike_detector = h.NetCon(self.soma(0.5)._ref_v, None, sec=self.soma)
        self.spike_times = h.Vector()
        self.spike_detector.record(self.spike_times)

    def __repr__(self):
        return 'BallAndStick[%d]' % self.gid


def ring(h, ncell=100, tstop=100.0, cvode=False):
    """B3: ring of ncell ball-and-stick cells, NetCon delay 5 ms, weight .01, NetStim at 9 ms."""
    h.load_file('stdrun.hoc')
    cells = [BallAndStick(h, i) for i in range(ncell)]
    ncs = []
    for i in range(ncell):
        src, tgt = cells[i], cells[(i + 1) % ncell]
        nc = h.NetCon(src.soma(0.5)._ref_v, tgt.syn, sec=src.soma)
        nc.weight[0] = 0.01
        nc.delay = 5
        ncs.append(nc)
    stim = h.NetStim()
    stim.number = 1
    stim.start = 9
    stim_nc = h.NetCon(stim, cells[0].syn)
    stim_nc.delay = 1
    stim_nc.weight[0] = 0.04
    probe_ids = sorted({0, 1, ncell // 2, ncell - 1})
    probes = {'soma%d' % i: cells[i].soma(0.5) for i in probe_ids}
    dets = {'cell%d' % c.gid: c.spike_times for c in cells}
    m = Model(h, tstop, probes, dets, (cells, ncs, stim, stim_nc), cvode=cvode)
    m.size = '%d cells' % ncell
    return m


# --- the list the runner and the tests use ----------------------------------------------------

# name -> (builder, keyword arguments, quick keyword arguments, smoke-test keyword arguments)
MODELS = {
    'seed-2ms': (seed_cell, dict(tstop=2.0), dict(tstop=2.0), dict(tstop=0.1)),
    'seed-50ms': (seed_cell, dict(tstop=50.0, long=True), dict(tstop=10.0, long=True),
                  dict(tstop=0.1, long=True)),
    'hh-axon': (hh_axon, dict(), dict(tstop=20.0), dict(nseg=11, tstop=0.5)),
    'ring-100': (ring, dict(ncell=100), dict(ncell=100, tstop=30.0), dict(ncell=3, tstop=0.5)),
    'ring-1000': (ring, dict(ncell=1000), dict(ncell=1000, tstop=30.0),
                  dict(ncell=5, tstop=0.5)),
    'hh-soma-cvode': (hh_soma, dict(cvode=True), dict(cvode=True),
                      dict(tstop=1.0, cvode=True)),
    'hh-axon-cvode': (hh_axon, dict(cvode=True), dict(tstop=20.0, cvode=True),
                      dict(nseg=11, tstop=0.5, cvode=True)),
    'seed-50ms-cvode': (seed_cell, dict(tstop=50.0, long=True, cvode=True),
                        dict(tstop=10.0, long=True, cvode=True),
                        dict(tstop=0.1, long=True, cvode=True)),
    'ring-1000-cvode': (ring, dict(ncell=1000, cvode=True),
                        dict(ncell=1000, tstop=30.0, cvode=True),
                        dict(ncell=5, tstop=0.5, cvode=True)),
}


def build(h, name, mode='full', **extra):
    """Build model ``name``; mode is 'full', 'quick' or 'smoke'."""
    fn, full, quick, smoke = MODELS[name]
    kw = dict({'full': full, 'quick': quick, 'smoke': smoke}[mode])
    if fn is seed_cell and extra.get('ses'):
        kw['ses'] = extra['ses']
    return fn(h, **kw)
