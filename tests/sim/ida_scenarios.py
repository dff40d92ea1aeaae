"""IDA scenarios (``cvode.use_daspk``: extracellular, LinearMechanism, the explicit switch)
shared by tools/gen_ida_golden.py (NEURON's h) and tests/sim/test_ida.py (pyhoc's h).  Each
returns plain lists: values sampled with ``cvode.solve(t)``, spike times, the step count of a
fadvance run and the method NEURON reports."""
from __future__ import annotations

TIMES = [0.25 * k for k in range(1, 41)]


def _run(h, cv, probes, spk, tstop=10.):
    h.finitialize(-65.)
    out = {k: [] for k in probes}
    for tt in TIMES:
        cv.solve(tt)
        for k, f in probes.items():
            out[k].append(f())
    h.finitialize(-65.)
    n = 0
    while h.t < tstop:
        h.fadvance()
        n += 1
    out['spikes'] = list(spk)
    out['nfadvance'] = [n]
    out['method'] = [cv.current_method(), float(cv.use_daspk())]
    return out


def _cvode_spikes(h, seg, atol, daspk=False):
    """CVode on (IDA too if ``daspk``) at ``atol``, and a Vector of seg's spike times (-20 mV)."""
    cv = h.CVode()
    cv.active(1)
    if daspk:
        cv.use_daspk(1)
    cv.atol(atol)
    spk = h.Vector()
    nc = h.NetCon(seg._ref_v, None, sec=seg.sec)
    nc.threshold = -20.
    nc.record(spk)
    return cv, spk, nc


def ext_cable(h, atol=1e-4):
    """An hh cable in a resistive, capacitive extracellular sheath; an IClamp at one end and
    a cathodal e_extracellular pulse (events at 4 and 4.5 ms) near the other."""
    h.load_file('stdrun.hoc')
    s = h.Section(name='cable')
    s.nseg, s.L, s.diam = 21, 500., 2.
    s.insert('hh')
    s.insert('extracellular')
    for seg in s:
        seg.xraxial[0] = 5e3
        seg.xg[0] = 2.
        seg.xc[0] = 0.3
        seg.xraxial[1] = 1e9
    stim = h.IClamp(s(0.05))
    stim.delay, stim.dur, stim.amp = 1., 0.3, 0.4
    cv, spk, nc = _cvode_spikes(h, s(0.95), atol)
    near = [seg for seg in s if 0.6 < seg.x < 0.8]

    def on():
        for seg in near:
            seg.e_extracellular = -60.
        cv.re_init()

    def off():
        for seg in near:
            seg.e_extracellular = 0.
        cv.re_init()

    def events():
        cv.event(4., on)
        cv.event(4.5, off)
    fih = h.FInitializeHandler(events)
    out = _run(h, cv, {'v0': lambda: s(0.05).v, 'v5': lambda: s(0.5).v,
                       'v9': lambda: s(0.95).v, 'vx5': lambda: s(0.5).vext[0],
                       'vx7': lambda: s(0.7).vext[0]}, spk)
    del fih, nc
    return out


def linmech_gap(h, atol=1e-4):
    """Two cells joined by a gap junction and an extra RC node (LinearMechanism with a c
    term on the extra equation), under the variable step (NEURON takes IDA by itself)."""
    from linmech_case import gap_circuit
    (sa, da, sb, db), y, keep = gap_circuit(h)
    cv, spk, nc = _cvode_spikes(h, sb(0.5), atol)
    out = _run(h, cv, {'va': lambda: sa(0.5).v, 'vda': lambda: da(0.9).v,
                       'vb': lambda: sb(0.5).v, 'y2': lambda: y.x[2]}, spk)
    del keep, nc
    return out


def daspk_hh(h, atol=1e-4):
    """A plain hh soma with cvode.use_daspk(1): IDA by request."""
    h.load_file('stdrun.hoc')
    soma = h.Section(name='soma')
    soma.L = soma.diam = 20
    soma.insert('hh')
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 1., 5., 0.3
    cv, spk, nc = _cvode_spikes(h, soma(0.5), atol, daspk=True)
    out = _run(h, cv, {'v': lambda: soma(0.5).v, 'm': lambda: soma(0.5).m_hh}, spk)
    del nc
    return out


def ext_fast_imem(h, atol=1e-4):
    """i_membrane_ (cvode.use_fast_imem) and extracellular's i_membrane under IDA: an hh
    cable with the default extracellular, stimulated at one end."""
    h.load_file('stdrun.hoc')
    s = h.Section(name='cable')
    s.nseg, s.L, s.diam = 11, 300., 2.
    s.insert('hh')
    s.insert('extracellular')
    stim = h.IClamp(s(0.05))
    stim.delay, stim.dur, stim.amp = 1., 0.5, 1.
    cv, spk, nc = _cvode_spikes(h, s(0.95), atol)
    cv.use_fast_imem(1)
    out = _run(h, cv, {'v5': lambda: s(0.5).v, 'im5': lambda: s(0.5).i_membrane_,
                       'im9': lambda: s(0.95).i_membrane_,
                       'xim5': lambda: s(0.5).i_membrane}, spk)
    cv.use_fast_imem(0)
    del nc
    return out


CASES = {
    'ida_ext_cable': ('ext_cable', {}),
    'ida_linmech_gap': ('linmech_gap', {}),
    'ida_daspk_hh': ('daspk_hh', {}),
    'ida_fast_imem': ('ext_fast_imem', {}),
}
