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


def _stims(h, cvode: bool, atols=(1e-5, 1e-9)):
    h('create soma, dend')
    h('soma { L = 20  diam = 20  insert hh  nseg = 3 }')
    h('dend { L = 200  diam = 2  nseg = 5  insert pas  g_pas = 1e-4  e_pas = -65 }')
    h('connect dend(0), soma(1)')
    h('soma fstim(3)')
    h('soma fstim(0, 0.5, 1, 0.5, 0.3)')
    h('dend fstim(1, 1, 3, 2, 0.05)')      # the 1-end node (area 100)
    h('fsyn(2)')
    h('dend fsyn(0, 0.7, 2, 0.5, 0.01, 0)')
    h('soma fsyn(1, 0.5, 6, 1.0, 0.005, -80)')
    h('soma fclamp(2, 0.5)')                # no level set: the clamp stays off
    if cvode:           # CVode's own interpolation at fixed times (its steps are its own)
        cv = h.CVode()
        cv.active(1)
        out = {}
        for atol in atols:       # 1e-9: the accurate solution
            cv.atol(atol)
            h.finitialize(-65)
            run = out['atol_%g' % atol] = {'t': [], 'v_soma': [], 'v_dend1': [], 'probes': []}
            for k in range(40):
                cv.solve(0.25 * k + 0.1)
                run['t'].append(h.t)
                run['v_soma'].append(h.soma(0.5).v)
                run['v_dend1'].append(h.dend(1).v)
                run['probes'].append(_probes(h))
        return out
    vs = h.Vector().record(h.soma(0.5)._ref_v)
    vd = h.Vector().record(h.dend(1)._ref_v)
    tv = h.Vector().record(h._ref_t)
    h.finitialize(-65)
    probes = []
    while h.t < 10:
        h.fadvance()
        probes.append(_probes(h))
    return {'t': list(tv), 'v_soma': list(vs), 'v_dend1': list(vd), 'probes': probes}


def _probes(h):
    return [h.t, h.fstimi(0), h.fstimi(1), h.fstimi(2), h.fsyni(0), h.fsyng(0), h.fsyni(1),
            h.fsyng(1), h.fclampi(), h.fclampv()]


def stims_fixed(h):
    """fstim and fsyn under the fixed step: the voltages and fstimi/fsyni/fsyng."""
    return _stims(h, False)


def stims_cvode(h, atols=(1e-5, 1e-9)):
    """The same under CVode (the pulse edges and synapse onsets are at_time stops), at each
    atol (1e-9: the accurate solution)."""
    return _stims(h, True, atols)


def catalogue(h):
    """MechanismType(0)'s list and type numbers, MechanismStandard of the structural
    mechanisms and fastpas, nlayer_extracellular(), and a run with fastpas."""
    mt = h.MechanismType(0)
    sref = h.ref('')
    names, types = [], []
    for i in range(int(mt.count())):
        mt.select(i)
        mt.selected(sref)
        names.append(sref[0])
        types.append(mt.internal_type())
    std = {}
    for name in ('capacitance', 'morphology', 'fastpas'):
        ms = h.MechanismStandard(name)
        std[name] = []
        for i in range(int(ms.count())):
            ms.name(sref, i)
            std[name].append([sref[0], ms.get(sref[0])])
    h('create s')
    s = h.s
    s.L, s.diam, s.nseg = 30, 10, 3
    s.insert('fastpas')
    s.insert('pas')
    s.g_fastpas = 2e-4
    ic = h.IClamp(s(0.5))
    ic.delay, ic.dur, ic.amp = 0.1, 1, 0.02
    v = h.Vector().record(s(0.5)._ref_v)
    h.finitialize(-70)
    for _ in range(80):
        h.fadvance()
    mt.select('fastpas')
    return {'names': names, 'types': types, 'standard': std, 'v': list(v),
            'nlayer': h.nlayer_extracellular(),
            'ismembrane': [h.ismembrane(n, sec=s) for n in ('fastpas', 'capacitance',
                                                             'morphology')],
            'ms_fastpas_in': [h.MechanismStandard('fastpas').get('e_fastpas'),
                              s(0.5).fastpas.g, s(0.5).g_fastpas]}


def point_types(h):
    """MechanismType(1)'s list and each type's variables (MechanismStandard, vartype 0)."""
    mt = h.MechanismType(1)
    sref = h.ref('')
    out = {}
    for i in range(int(mt.count())):
        mt.select(i)
        mt.selected(sref)
        name = sref[0]
        ms = h.MechanismStandard(name, 0)
        out[name] = []
        for k in range(int(ms.count())):
            ms.name(sref, k)
            out[name].append(sref[0])
    return out


def oclamp(h):
    """OClamp on an hh soma, switched on between on and off; its icur/vstim procedures."""
    h('create soma')
    s = h.soma
    s.L = s.diam = 20
    s.insert('hh')
    oc = h.OClamp(s(0.5))
    oc.rs, oc.vc, oc.on, oc.off, oc.switched_on = 0.5, -20, 1, 3, 1
    oc2 = h.OClamp(s(0.5))          # never switched on: no current
    oc2.vc, oc2.off = 30, 10
    vv = h.Vector().record(s(0.5)._ref_v)
    iv = h.Vector().record(oc._ref_i)
    h.finitialize(-65)
    for _ in range(100):
        h.fadvance()
    mid = [oc.vstim(), oc.i, oc.icur(), oc.i, oc2.i]
    for _ in range(100):
        h.fadvance()
    return {'v': list(vv), 'i': list(iv), 'mid': mid,
            'end': [oc.vstim(), oc.icur(), oc.i, oc.rs, oc.switched_on]}


def patternstim(h):
    """PatternStim replaying a raster onto gid_connect'ed input ports (more than a hundred
    spikes: the grouping); gids without a port are ignored, fake_output changes nothing."""
    pc = h.ParallelContext()
    h('create d, c')
    h.d.insert('pas')
    syn = h.ExpSyn(h.d(0.5))
    ncs = [pc.gid_connect(g, syn) for g in (5, 7)]
    for k, nc in enumerate(ncs):
        nc.weight[0] = 0.001 * (k + 1)
        nc.delay = 1
    pc.set_gid2node(9, pc.id())     # an owned cell: fake_output would fire it in principle
    src = h.NetCon(h.c(0.5)._ref_v, None, sec=h.c)
    pc.cell(9, src)
    own = h.ExpSyn(h.d(0.2))
    nco = pc.gid_connect(9, own)
    nco.weight[0] = 0.01
    tv = h.Vector([0.5, 1.25, 2.0, 2.0, 3.3, 3.5] + [4 + 0.01 * k for k in range(150)] + [9])
    gv = h.Vector([5, 7, 5, 8, 7, 9] + [5 + 2 * (k % 2) for k in range(150)] + [7])
    ps = h.PatternStim()
    ps.fake_output = 1
    ps.play(tv, gv)
    gsyn = h.Vector().record(syn._ref_g)
    gown = h.Vector().record(own._ref_g)
    v = h.Vector().record(h.d(0.5)._ref_v)
    h.finitialize(-65)
    for _ in range(480):
        h.fadvance()
    return {'g': list(gsyn), 'g_owned': list(gown), 'v': list(v),
            'fns': [ps.initps(), ps.sendgroup(), ps.fake_output]}


def intfire_functions(h):
    """IntFire1's M(), IntFire2's M() and I(), IntFire4's M(), E() and I() between events
    (FUNCTIONs of the artificial cells, through the functions table)."""
    ns = h.NetStim()
    ns.start, ns.interval, ns.number = 1, 3, 5
    cells = [h.IntFire1(), h.IntFire2(), h.IntFire4()]
    cells[1].ib = 0.3
    ncs = [h.NetCon(ns, c) for c in cells]
    for nc, w in zip(ncs, (0.4, 0.5, 0.3)):
        nc.weight[0] = w
    h.finitialize(-65)
    out = []
    for _ in range(600):
        h.fadvance()
        out.append([h.t, cells[0].M(), cells[1].M(), cells[1].I(), cells[2].M(), cells[2].E(),
                    cells[2].I()])
    return {'values': out[::7]}


CASES = ['mechfuncs', 'stims_fixed', 'catalogue', 'oclamp', 'patternstim', 'intfire_functions']
# absolute tolerance per case (0: bit-identical)
TOL = {}
