"""Local variable time step scenarios (``cvode.use_local_dt(1)``) shared by
tools/gen_lvardt_golden.py (NEURON's h) and tests/sim/test_lvardt.py (pyhoc's h)."""
from __future__ import annotations


def _network(h, ncell):
    """hh cells (soma and a passive dendrite each) with different IClamp drives; each cell
    excites the next through an ExpSyn (a ring).  Returns the somas, the spike vectors and
    what must stay alive."""
    h.load_file('stdrun.hoc')
    cells, keep, spikes = [], [], []
    syns = []
    for i in range(ncell):
        s = h.Section(name='soma%d' % i)
        s.L = s.diam = 20.
        s.insert('hh')
        d = h.Section(name='dend%d' % i)
        d.L, d.diam, d.nseg = 200., 1., 5
        d.insert('pas')
        d.connect(s(1))
        cells.append(s)
        keep.append(d)
        ic = h.IClamp(s(0.5))
        ic.delay, ic.dur, ic.amp = 2. + 3. * i, 6. + 2. * i, 0.1 + 0.05 * i
        syn = h.ExpSyn(d(0.5))
        syn.tau, syn.e = 2., 0.
        syns.append(syn)
        keep += [ic, syn]
    for i in range(ncell):
        nc = h.NetCon(cells[i](0.5)._ref_v, syns[(i + 1) % ncell], sec=cells[i])
        nc.threshold, nc.delay, nc.weight[0] = -10., 1. + 0.5 * i, 0.02
        vec = h.Vector()
        nc.record(vec)
        keep.append(nc)
        spikes.append(vec)
    return cells, spikes, keep


def net(h, ncell=4, atol=1e-4, tstop=40., vrec=True):
    """The network sampled with cvode.solve every ms: spike times per cell, v of each soma,
    and (``vrec``) the points cell 1's Vector.record takes (one per step of that cell)."""
    cells, spikes, keep = _network(h, ncell)
    cv = h.CVode()
    cv.active(1)
    cv.use_local_dt(1)
    cv.atol(atol)
    rec = h.Vector().record(cells[1](0.5)._ref_v) if vrec else None
    h.finitialize(-65.)
    samples = []
    for k in range(1, int(tstop) + 1):
        cv.solve(float(k))
        samples.append([c(0.5).v for c in cells])
    out = {'spikes': [list(v) for v in spikes], 'samples': samples,
           'method': [cv.current_method(), cv.use_local_dt()]}
    if rec is not None:
        out.update(vrec_max=[rec.max()], nvrec=[len(rec)])
    return out


def net_run(h, ncell=4, atol=1e-4, tstop=40.):
    """The network under stdrun's run() (fadvance under local steps), with a Vector.record
    at Dt = 0.5 ms of cell 2's soma (its points interpolated at their times)."""
    cells, spikes, keep = _network(h, ncell)
    cv = h.CVode()
    cv.active(1)
    cv.use_local_dt(1)
    cv.atol(atol)
    vdt = h.Vector().record(cells[2](0.5)._ref_v, 0.5)
    h.tstop = tstop
    h.run()
    return {'spikes': [list(v) for v in spikes], 'vdt': list(vdt),
            'method': [cv.current_method(), cv.use_local_dt()]}


CASES = {
    'lvardt_net': ('net', {}),
    'lvardt_solve': ('net', {'ncell': 6, 'tstop': 50., 'vrec': False}),
    'lvardt_run': ('net_run', {}),
}


def statistics(h, ncell=6, tstop=30.):
    """cvode.statistics() after a run of the network under local steps (printed: each cell's
    integrator, the event counts and the integrators' queue)."""
    cells, spikes, keep = _network(h, ncell)
    cv = h.CVode()
    cv.active(1)
    cv.use_local_dt(1)
    cv.atol(1e-4)
    h.finitialize(-65.)
    cv.solve(tstop)
    cv.statistics()


def statistics_at_choice(h, ncell=3):
    """cvode.statistics() right after the method is chosen, no finitialize after it: NEURON
    re-initializes at use_local_dt(1) under an active CVode (NetCvode::localstep), so each
    cell's integrator is there with its one init and one f."""
    cells, spikes, keep = _network(h, ncell)
    h.finitialize(-65.)
    cv = h.CVode()
    cv.active(1)
    cv.use_local_dt(1)
    cv.statistics()
