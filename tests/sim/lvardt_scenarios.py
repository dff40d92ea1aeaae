"""Local variable time step scenarios (``cvode.use_local_dt(1)``) shared by
tools/gen_lvardt_golden.py (NEURON's h) and tests/sim/test_lvardt.py (pyhoc's h)."""
from __future__ import annotations


def net(h, ncell=4, atol=1e-4, tstop=40.):
    """A chain-and-ring of hh cells (soma and a passive dendrite each) with different
    IClamp drives; each cell excites the next through an ExpSyn.  Spike times per cell, the
    voltage record of cell 1 (Vector.record under local steps), v of each soma sampled with
    cvode.solve, and the step statistics."""
    h.load_file('stdrun.hoc')
    cells, stims, syns, ncs = [], [], [], []
    for i in range(ncell):
        s = h.Section(name='soma%d' % i)
        s.L = s.diam = 20.
        s.insert('hh')
        d = h.Section(name='dend%d' % i)
        d.L, d.diam, d.nseg = 200., 1., 5
        d.insert('pas')
        d.connect(s(1))
        cells.append((s, d))
        ic = h.IClamp(s(0.5))
        ic.delay, ic.dur, ic.amp = 2. + 3. * i, 6. + 2. * i, 0.1 + 0.05 * i
        stims.append(ic)
        syn = h.ExpSyn(d(0.5))
        syn.tau, syn.e = 2., 0.
        syns.append(syn)
    spikes = []
    for i in range(ncell):
        nc = h.NetCon(cells[i][0](0.5)._ref_v, syns[(i + 1) % ncell], sec=cells[i][0])
        nc.threshold, nc.delay, nc.weight[0] = -10., 1. + 0.5 * i, 0.02
        vec = h.Vector()
        nc.record(vec)
        ncs.append(nc)
        spikes.append(vec)
    cv = h.CVode()
    cv.active(1)
    cv.use_local_dt(1)
    cv.atol(atol)
    vrec = h.Vector().record(cells[1][0](0.5)._ref_v)
    h.finitialize(-65.)
    samples = []
    for k in range(1, int(tstop) + 1):
        cv.solve(float(k))
        samples.append([c[0](0.5).v for c in cells])
    out = {'spikes': [list(v) for v in spikes], 'samples': samples,
           'vrec_max': [vrec.max()], 'nvrec': [len(vrec)],
           'method': [cv.current_method(), cv.use_local_dt()]}
    return out


CASES = {
    'lvardt_net': ('net', {}),
}
