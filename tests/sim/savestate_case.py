"""The SaveState scenario, written once against an ``h`` (pyhoc's or NEURON's): two hh cells
(a NetStim drives cell a through an ExpSyn, a drives b through an Exp2Syn with a 3 ms delay)
and an IntFire1 fed by the NetStim; saved at 16 ms, in cell a's spike (its threshold flag is
up), with events in flight (the NetStim's next event, a's spike on its way to b), then
continued, restored and continued again, and through a file."""
from __future__ import annotations

T1, T2 = 16.0, 30.0


def _cell(h, name):
    soma = h.Section(name=name)
    soma.L = soma.diam = 20
    soma.insert('hh')
    dend = h.Section(name=name + '_dend')
    dend.connect(soma(1))
    dend.L, dend.diam, dend.nseg = 200, 1, 5
    dend.insert('pas')
    dend.e_pas = -65
    return soma, dend


def run(h, path: str) -> dict:
    h.load_file('stdrun.hoc')
    sa, da = _cell(h, 'a')
    sb, db = _cell(h, 'b')
    ns = h.NetStim()
    ns.start, ns.interval, ns.number, ns.noise = 1, 4, 20, 0
    syn_a = h.ExpSyn(da(0.5))
    syn_a.tau = 1.5
    syn_b = h.Exp2Syn(db(0.8))
    syn_b.tau1, syn_b.tau2 = 0.3, 4
    fire = h.IntFire1()
    fire.tau, fire.refrac = 5, 2
    ncs = [h.NetCon(ns, syn_a), h.NetCon(sa(0.5)._ref_v, syn_b, sec=sa),
           h.NetCon(ns, fire)]
    ncs[0].weight[0], ncs[0].delay = 0.02, 0.5
    ncs[1].weight[0], ncs[1].delay, ncs[1].threshold = 0.03, 3, 0
    ncs[2].weight[0], ncs[2].delay = 0.7, 1
    spikes = []
    for src, sec in ((sa(0.5)._ref_v, sa), (sb(0.5)._ref_v, sb)):
        nc = h.NetCon(src, None, sec=sec)
        nc.threshold = 0
        vec = h.Vector()
        nc.record(vec)
        spikes.append((nc, vec))
    fnc = h.NetCon(fire, None)
    fvec = h.Vector()
    fnc.record(fvec)
    spikes.append((fnc, fvec))
    vrec = h.Vector().record(sb(0.5)._ref_v, 0.5)     # sampled by its own events
    out = {}

    def snap(tag):
        out[tag] = {'t': h.t, 'v': [sa(0.5).v, db(0.8).v, sb(0.5).v],
                    'states': [sa(0.5).m_hh, sb(0.5).n_hh, syn_a.g, syn_b.A, fire.m],
                    'spikes': [list(v) for _, v in spikes], 'vrec': list(vrec)}
        for _, v in spikes:
            v.resize(0)
        vrec.resize(0)

    h.finitialize(-65)
    h.continuerun(T1)
    snap('before')
    ss = h.SaveState()
    ss.save()
    h.continuerun(T2)
    snap('first')
    ss.restore()
    out['restored'] = [h.t, sa(0.5).v, syn_b.B]
    h.continuerun(T2)
    snap('again')
    f = h.File(path)
    ss.fwrite(f)
    ncs[0].weight[0] = 0.05                # changed after the save: restore puts it back
    ss.restore(1)                          # states only: events and weights stay
    out['keep_events'] = [h.t, sa(0.5).v, ncs[0].weight[0]]
    ss2 = h.SaveState()
    ss2.fread(h.File(path))
    ss2.restore()
    out['fread'] = [h.t, ncs[0].weight[0]]
    h.continuerun(T2)
    snap('from_file')
    return out
