"""Scenarios for the voltage clamps, ions and temperature, shared by
tools/gen_clamps_golden.py (run under NEURON, ``h``) and tests/sim/test_clamps_ions.py (run
with a pyhoc Model).  Each returns a dict of plain lists.
"""
from __future__ import annotations


def _is_pyhoc(h) -> bool:
    return hasattr(h, 'global_set')


def _setg(h, name, value):
    if _is_pyhoc(h):
        h.global_set(name, value)
    else:
        setattr(h, name, value)


def _pp(h, name, seg):
    if _is_pyhoc(h):
        return h.new_point_process(name, seg)
    return getattr(h, name)(seg)


def _ion_style(h, sec, name, *style):
    if _is_pyhoc(h):
        from pyhoc.sim.ionfuncs import set_ion_style
        return set_ion_style(h, sec, name, *style)
    return h.ion_style(name, *style, sec=sec)


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


def seclamp(h, secondorder=0, nseg=1):
    _setg(h, 'secondorder', secondorder)
    soma = h.Section(name='soma')
    soma.L = soma.diam = 25
    soma.nseg = nseg
    soma.insert('hh')
    c = _pp(h, 'SEClamp', soma(0.3))
    c.dur1, c.amp1, c.dur2, c.amp2, c.dur3, c.amp3 = 2, -70, 5, -20, 3, -80
    c.rs = 0.5
    probes = {'i': lambda: c.i, 'vc': lambda: c.vc, 'v': lambda: soma(0.3).v,
              'v_end': lambda: soma(1).v, 'ina': lambda: soma(0.3).ina}
    return _run(h, probes, 480)


def seclamp_cable(h):
    """Two SEClamps on a passive/hh cable, one switching off early."""
    cab = h.Section(name='cab')
    cab.L, cab.diam, cab.nseg = 400., 2., 9
    cab.insert('hh')
    c1 = _pp(h, 'SEClamp', cab(0.1))
    c1.dur1, c1.amp1, c1.dur2, c1.amp2 = 1, -60, 2, 0
    c1.rs = 2.
    c2 = _pp(h, 'SEClamp', cab(0.9))
    c2.dur1, c2.amp1, c2.rs = 6, -75, 0.1
    probes = {'i1': lambda: c1.i, 'i2': lambda: c2.i,
              'v%g' % 0.5: lambda: cab(0.5).v, 'v0.9': lambda: cab(0.9).v}
    return _run(h, probes, 320)


def vclamp(h, gain=1e5, tau1=.001, tau2=0., fac=0.):
    soma = h.Section(name='soma')
    soma.L = soma.diam = 20
    soma.insert('hh')
    vc = _pp(h, 'VClamp', soma(0.5))
    vc.dur[0], vc.dur[1], vc.dur[2] = 1, 4, 3
    vc.amp[0], vc.amp[1], vc.amp[2] = -65, 10, -40
    vc.gain, vc.tau1, vc.tau2, vc.fac = gain, tau1, tau2, fac
    probes = {'i': lambda: vc.i, 'v': lambda: soma(0.5).v, 'vo': lambda: vc.vo,
              'e': lambda: vc.e, 'vi': lambda: vc.vi}
    return _run(h, probes, 400)


def ion_styles(h, celsius=6.3):
    """na: concentrations initialized from the globals and e recomputed every step;
    k: e from Nernst at finitialize only; the hh currents follow."""
    _setg(h, 'celsius', celsius)
    _setg(h, 'nai0_na_ion', 15.)
    soma = h.Section(name='soma')
    soma.L = soma.diam = 20
    soma.insert('hh')
    stim = _pp(h, 'IClamp', soma(0.5))
    stim.delay, stim.dur, stim.amp = 1., 1., 0.3
    seg = soma(0.5)
    seg.nai = 30.       # overwritten by cinit
    styles = [_ion_style(h, soma, 'na_ion', 3, 2, 1, 1, 1),
              _ion_style(h, soma, 'k_ion', 1, 2, 1, 0, 0)]
    styles += [_ion_style(h, soma, 'na_ion'), _ion_style(h, soma, 'k_ion')]
    probes = {'v': lambda: seg.v, 'ena': lambda: seg.ena, 'ek': lambda: seg.ek,
              'nai': lambda: seg.nai, 'ina': lambda: seg.ina, 'ik': lambda: seg.ik}
    out = _run(h, probes, 300)
    seg.ko = 5.         # e is recomputed at the next finitialize only (einit, no eadvance)
    h.fadvance()
    out['ek_after_ko'] = [seg.ek]
    h.finitialize(-65.)
    out['ek_after_init'] = [seg.ek]
    out['styles'] = styles
    _setg(h, 'nai0_na_ion', 10.)
    _setg(h, 'celsius', 6.3)
    return out


def hh_celsius(h, celsius=30.):
    _setg(h, 'celsius', celsius)
    soma = h.Section(name='soma')
    soma.L = soma.diam = 18.8
    soma.insert('hh')
    stim = _pp(h, 'IClamp', soma(0.5))
    stim.delay, stim.dur, stim.amp = 1.0, 20.0, 0.3
    probes = {'v': lambda: soma(0.5).v, 'm': lambda: soma(0.5).m_hh,
              'h': lambda: soma(0.5).h_hh}
    out = _run(h, probes, 800)
    _setg(h, 'celsius', 6.3)
    return out
