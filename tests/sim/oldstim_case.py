"""Scenarios shared by tools/gen_oldstim_golden.py (run under NEURON 9.0.2) and
tests/sim/test_oldstim.py (run under pyhoc): mechanism FUNCTIONs/PROCEDUREs called from HOC
and Python, and NEURON's old-style stimuli fstim, fsyn and fclamp.  Each takes ``h`` (a fresh
session) and returns plain numbers and lists."""


def mechfuncs(h):
    """rates_hh/vtrap_hh/setdata_hh in their HOC and Python spellings: which instance
    rates_hh writes, the table and the analytic rates."""
    h('create soma, dend')
    soma, dend = h.soma, h.dend
    soma.nseg = 3
    for s in (soma, dend):
        s.insert('hh')
    dend.insert('pas')
    out = {'vtrap': [h.vtrap_hh(1, 10), h.vtrap_hh(0, 10), h.vtrap_hh(-3.5, 7)]}
    out['setdata_hoc'] = h('soma { setdata_hh(0.5) }')
    out['rates_ret'] = h.rates_hh(-60)
    out['soma_minf'] = [seg.hh.minf for seg in soma]
    out['soma_all'] = [[getattr(soma(0.5).hh, n) for n in
                        ('minf', 'mtau', 'hinf', 'htau', 'ninf', 'ntau')]]
    out['setdata_seg'] = h.setdata_hh(dend(0.5))
    h.rates_hh(-50.25)
    out['dend_minf'] = dend(0.5).hh.minf
    h.setdata_hh(0.1, sec=soma)
    h.rates_hh(-40)
    out['soma_minf2'] = [seg.hh.minf for seg in soma]
    h.usetable_hh = 0
    h.rates_hh(-60.3)
    out['analytic'] = [soma(0.1).hh.minf, soma(0.1).hh.ntau]
    h.usetable_hh = 1
    h.rates_hh(-60.3)
    out['table'] = [soma(0.1).hh.minf, soma(0.1).hh.ntau]
    out['seg_rates'] = soma(0.9).hh.rates(-30)
    out['seg_minf'] = soma(0.9).hh.htau
    out['seg_vtrap'] = soma(0.9).hh.vtrap(2, 5)
    h('dend { setdata_pas(0.5) }')
    h('x_mf = vtrap_hh(12, 4) + rates_hh(10)')
    out['hoc_expr'] = h.x_mf
    out['dend_after_hoc'] = dend(0.5).hh.mtau
    return out


CASES = ['mechfuncs']
# absolute tolerance per case (0: bit-identical)
TOL = {}
