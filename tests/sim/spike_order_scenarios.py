"""Simultaneous spikes: identical hh cells (two drives) fire at exactly the same times; the
order NetCon.record(tvec, idvec, id) lists them in is NEURON's order of threshold events
detected together.  Shared by tools/gen_spike_order_golden.py (NEURON's h) and
tests/sim/test_spike_order.py (pyhoc's h)."""
from __future__ import annotations

# the order the NetCons (and so the PreSyns) are made in
ORDERS = {'forward': [0, 1, 2, 3, 4, 5], 'reverse': [5, 4, 3, 2, 1, 0],
          'shuffled': [2, 0, 4, 1, 5, 3]}


def fire(h, method: int, order: str, tstop: float = 40.):
    """method 0 fixed step, 1 CVode (global), 2 local step; (ids, times) of the spikes."""
    cells, keep = [], []
    for i in range(6):
        s = h.Section(name='c%d' % i)
        s.L = s.diam = 20.
        s.insert('hh')
        cells.append(s)
        ic = h.IClamp(s(0.5))
        ic.delay, ic.dur, ic.amp = 1., 100., .2 if i % 2 else .3
        keep += [s, ic]
    spk, ids = h.Vector(), h.Vector()
    for i in ORDERS[order]:
        nc = h.NetCon(cells[i](0.5)._ref_v, None, sec=cells[i])
        nc.threshold = -10.
        nc.record(spk, ids, i)
        keep.append(nc)
    cv = h.CVode()
    cv.active(method > 0)
    cv.use_local_dt(method == 2)
    h.finitialize(-65.)
    if method:
        cv.solve(tstop)
    else:
        while h.t < tstop - h.dt / 2:
            h.fadvance()
    cv.use_local_dt(0)
    cv.active(0)
    return {'ids': [int(x) for x in ids], 'times': list(spk)}


CASES = {'spike_order_%s_%s' % (m, o): ('fire', {'method': k, 'order': o})
         for k, m in enumerate(('fixed', 'cvode', 'lvardt')) for o in ORDERS}
