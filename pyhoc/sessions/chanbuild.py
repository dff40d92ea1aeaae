"""NEURON's Channel Builder as session (.ses) files use it, headless (``chanbild.hoc``).

A Channel Builder session block creates ``ocbox_ = new ChannelBuild(1)`` (1: a density
mechanism, 0: a point process), pushes it, and restores the channel::

    {genprop.set_data("Nav", 1, 0, 5, "na")}     // name, density, ohmic (0: GHK), ion type, ion
    {genprop.set_defstr(0.033, 0)}               // default gmax (pmax for GHK), erev
    tobj = new ChannelBuildKSGate(this)  {gatelist.append(tobj)}
    {tobj.begin_restore(3)}                      // the gate's power
    {tobj.set_state("m", 1, 110, 130)}           // name, fractional conductance, drawing x, y
    {tobj.set_trans(0, 0, 0)}                    // src, target state index (in the gate)
    {tobj.transitions.object(0).settype(0, "")}  // 0 alpha/beta, 1 inf/tau, 2/3 ligand
    {tobj.transitions.object(0).set_f(0, 3, tobj1)}   // forward rate: function type, params
    {tobj.end_restore()}
    end_restore()                                // builds the KSChan
    {genprop.set_single(0)}  {set_alias(0)}  {usetable(0)}

``end_restore`` gives the KSChan its structure with ``setstructure`` (gates of one state, the
HH gates, first; then the kinetic gates, states numbered in gate order), then each state's name
and each transition's type and rate functions.  This is pyhoc's own HOC text written from the
behaviour of NEURON 9's chanbild; it has no GUI.
"""
from __future__ import annotations

CHANBUILD = r'''
objref nil, tobj
begintemplate ChannelBuildKSState
public name, frac, x, y, i, kss, gate, setfrac, setname
objref kss, gate
strdef name
proc init() { name = $s1  frac = $2  x = $3  y = $4  i = -1 }
proc setfrac() { frac = $1  if (object_id(kss)) { kss.frac($1) } }
proc setname() { name = $s1  if (object_id(kss)) { kss.name($s1) } }
endtemplate ChannelBuildKSState

begintemplate ChannelBuildKSTrans
public src, target, type, ligand, stoichiom, i, kst, cb, set_f, settype, stoichiometry, apply
objref src, target, kst, cb, fvec[2]
strdef ligand
double ftype[2], fvmin[2], fvmax[2]
proc init() {
    src = $o1  target = $o2  cb = $o3
    type = 0  stoichiom = 1  i = -1
    ftype[0] = ftype[1] = 1
    fvmin[0] = fvmin[1] = -100
    fvmax[0] = fvmax[1] = 50
}
proc settype() { type = $1  ligand = $s2  if (object_id(kst)) { kst.type($1, $s2) } }
proc stoichiometry() { stoichiom = $1  if (object_id(kst)) { kst.stoichiometry($1) } }
proc set_f() {
    ftype[$1] = $2  fvec[$1] = $o3
    if (numarg() > 3) { fvmin[$1] = $4  fvmax[$1] = $5 }
    if (object_id(kst)) { kst.set_f($1, $2, $o3, fvmin[$1], fvmax[$1]) }
}
proc apply() { local j
    kst = $o1
    if (type >= 2) { kst.type(type, ligand) } else { kst.type(type) }
    for j = 0, 1 {
        if (object_id(fvec[j])) { kst.set_f(j, ftype[j], fvec[j], fvmin[j], fvmax[j]) }
    }
    if (type >= 2) { kst.stoichiometry(stoichiom) }
}
endtemplate ChannelBuildKSTrans

begintemplate ChannelBuildKSGate
public transitions, states, power, cb, ksg, begin_restore, set_state, set_trans, end_restore
objref transitions, states, cb, ksg, tobj, this
proc init() { cb = $o1  transitions = new List()  states = new List()  power = 1 }
proc begin_restore() { power = $1 }
proc end_restore() {}
proc set_state() {
    tobj = new ChannelBuildKSState($s1, $2, $3, $4)
    tobj.gate = this
    states.append(tobj)
}
proc set_trans() {
    tobj = new ChannelBuildKSTrans(states.object($1), states.object($2), cb)
    tobj.type = $3
    transitions.append(tobj)
}
endtemplate ChannelBuildKSGate

begintemplate ChannelBuildSelectProperties
public set_data, set_defstr, set_single, single_, ks
objref ks
proc init() {
    ks = $o1.ks  single_ = 0
    if ($2 == 0) { set_data("leak", 1, 1, -1, "")  set_defstr(0, 0) }
}
proc set_data() {   // name, density, ohmic (1) or GHK (0), ion type (-1 NonSpecific), ion
    ks.name($s1)
    if ($4 == -1) { ks.ion("NonSpecific") } else { ks.ion($s5) }
    if ($4 == -1 || $3 == 1) { ks.iv_type(0) } else { ks.iv_type(2) }
}
proc set_defstr() { if (numarg() == 2) { ks.gmax($1)  ks.erev($2) } }
proc set_single() { if ($1 != ks.single) { ks.single($1) }  single_ = ks.single }
endtemplate ChannelBuildSelectProperties

begintemplate ChannelBuild
public ks, genprop, gatelist, end_restore, set_alias, usetable, map, save, aliases
objref ks, genprop, gatelist, this, tobj, tobj1, aliases, vec
proc init() { local den, imp
    den = 1  imp = 0  i = 0
    if (numarg() > 0) {
        if (argtype(1) == 0) { den = $1 } else { ks = $o1  imp = 1 }
    }
    if (object_id(ks) == 0) { ks = new KSChan(den != 1) }
    gatelist = new List()
    genprop = new ChannelBuildSelectProperties(this, imp)
}
proc map() {}
proc save() {}
proc set_alias() {}
func usetable() { if (numarg() > 0) { return ks.usetable($1) } return ks.usetable() }
proc end_restore() { local g, j, k, nstate, nhh, ntrans  localobj order, gate, st, lst
    // the HH gates (one state) first, then the kinetic gates; states numbered in that order
    order = new List()
    nhh = 0  ntrans = 0
    for g = 0, gatelist.count - 1 {
        gate = gatelist.object(g)
        ntrans += gate.transitions.count
        if (gate.states.count == 1) { gate.states.object(0).i = nhh  nhh += 1  order.append(gate) }
    }
    nstate = nhh
    for g = 0, gatelist.count - 1 {
        gate = gatelist.object(g)
        if (gate.states.count != 1) {
            for j = 0, gate.states.count - 1 { gate.states.object(j).i = nstate  nstate += 1 }
            order.append(gate)
        }
    }
    vec = new Vector()
    vec.append(ks.iv_type, order.count, nstate, nhh, ntrans, 0, ntrans)
    for g = 0, order.count - 1 {
        gate = order.object(g)
        vec.append(gate.states.object(0).i, gate.states.count, gate.power)
        for j = 0, gate.states.count - 1 { vec.append(gate.states.object(j).frac) }
    }
    k = 0
    for g = 0, order.count - 1 {
        gate = order.object(g)
        for j = 0, gate.transitions.count - 1 {
            tobj = gate.transitions.object(j)
            vec.append(tobj.src.i, tobj.target.i, 0, -1)
            tobj.i = k  k += 1
        }
    }
    ks.setstructure(vec)
    for g = 0, order.count - 1 {
        gate = order.object(g)
        gate.ksg = ks.gate(g)
        for j = 0, gate.states.count - 1 {
            st = gate.states.object(j)
            st.kss = ks.state(st.i)
            st.kss.name(st.name)
        }
    }
    // the transitions by object: a ligand type moves a transition (its index changes)
    lst = new List()
    for g = 0, order.count - 1 {
        gate = order.object(g)
        for j = 0, gate.transitions.count - 1 {
            tobj = gate.transitions.object(j)
            tobj.kst = ks.trans(tobj.i)
            lst.append(tobj)
        }
    }
    for j = 0, lst.count - 1 { tobj = lst.object(j)  tobj.apply(tobj.kst) }
}
endtemplate ChannelBuild

proc chanbild() { localobj cb
    if (argtype(1) == 0) { cb = new ChannelBuild($1) } else { cb = new ChannelBuild($o1) }
}
'''


def install(interp) -> None:
    """``load_file("chanbild.hoc")``: define the Channel Builder's templates once."""
    from .library import _declared, _define
    from ..hoc.files import load_file
    load_file(interp, 'nrngui.hoc')     # (as NEURON's chanbild files do)
    if not _declared(interp, 'ChannelBuild'):
        _define(interp, CHANBUILD)


FILES = {'chanbild.hoc': install}
