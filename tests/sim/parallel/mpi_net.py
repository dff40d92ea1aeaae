"""Networks split over the processes of ParallelContext by gid (round robin), run alike by
NEURON (serially, tools/gen_parallel_mpi_golden.py) and pyhoc under ``mpiexec -n N``
(tests/sim/test_parallel_mpi.py).  ``python mpi_net.py ring|random [--mpi] [--cvode]``:
process 0 prints the whole raster as JSON [[t, gid], ...] sorted by time, then gid.  (Under
CVode each process integrates its own cells with its own steps, so the raster depends on the
number of processes, in NEURON as in pyhoc.)"""
import json
import random
import sys

from neuron import h


class Cell:
    """A ball and stick hh cell with an ExpSyn on its dendrite."""

    def __init__(self, gid):
        self.soma = h.Section(name='soma', cell=self)
        self.dend = h.Section(name='dend', cell=self)
        self.soma.L = self.soma.diam = 12.6157
        self.soma.insert('hh')
        self.dend.L, self.dend.diam, self.dend.nseg = 200, 1, 3
        self.dend.insert('pas')
        for seg in self.dend:
            seg.pas.g, seg.pas.e = .001, -65
        self.dend.connect(self.soma(1))
        self.syn = h.ExpSyn(self.dend(.5))
        self.syn.tau = 2
        self.gid = gid


def build(pc, ncell, edges, stims):
    """Cells of this process, the edges (src, tgt, delay, weight) onto them, and NetStims
    (gid, start, interval, number) driving them."""
    cells, keep = {}, []
    for gid in range(ncell):
        if gid % int(pc.nhost()) == int(pc.id()):
            pc.set_gid2node(gid, pc.id())
            c = cells[gid] = Cell(gid)
            nc = h.NetCon(c.soma(.5)._ref_v, None, sec=c.soma)
            nc.threshold = 10
            pc.cell(gid, nc)
    for src, tgt, delay, w in edges:
        if pc.gid_exists(tgt):
            nc = pc.gid_connect(src, cells[tgt].syn)
            nc.delay, nc.weight[0] = delay, w
            keep.append(nc)
    for gid, start, interval, number in stims:
        if pc.gid_exists(gid):
            ns = h.NetStim()
            ns.start, ns.interval, ns.number, ns.noise = start, interval, number, 0
            nc = h.NetCon(ns, cells[gid].syn)
            nc.delay, nc.weight[0] = 1, .04
            keep += [ns, nc]
    return cells, keep


def ring(ncell=200):
    edges = [(i, (i + 1) % ncell, 2 + (i % 7) * .25, .01) for i in range(ncell)]
    return ncell, edges, [(0, 1, 10, 1), (ncell // 2, 3, 10, 1)]


def random_net(ncell=150, fanin=6, seed=5):
    rng = random.Random(seed)
    edges = []
    for tgt in range(ncell):
        for src in rng.sample([g for g in range(ncell) if g != tgt], fanin):
            edges.append((src, tgt, round(rng.uniform(1.5, 6), 3), rng.uniform(.002, .004)))
    stims = [(g, rng.uniform(0, 20), 25, 3) for g in range(0, ncell, 10)]
    return ncell, edges, stims


def run(name, tstop=80., cvode=False):
    pc = h.ParallelContext()
    ncell, edges, stims = {'ring': ring, 'random': random_net}[name]()
    cells, keep = build(pc, ncell, edges, stims)
    tvec, idvec = h.Vector(), h.Vector()
    pc.spike_record(-1, tvec, idvec)
    pc.set_maxstep(10)
    h.CVode().active(int(cvode))
    h.finitialize(-65)
    pc.psolve(tstop)
    mine = list(zip(tvec, idvec))
    every = pc.py_gather(mine, 0)
    if pc.id() == 0:
        spikes = sorted((t, int(g)) for part in every for t, g in part)
        return [[t, g] for t, g in spikes]
    return None


if __name__ == '__main__':
    if '--mpi' in sys.argv:
        h.nrnmpi_init()
    out = run(sys.argv[1], cvode='--cvode' in sys.argv)
    if out is not None:
        print(json.dumps(out))
