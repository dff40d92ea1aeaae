"""KSChan cases run the same way in NEURON (tools/gen_kschan_golden.py) and in pyhoc
(tests/sim/test_kschan.py): HOC text through ``h(...)``, results as lists of numbers."""
from __future__ import annotations

# an HH-style channel of each current-voltage kind, every rate function form but the table,
# nahh with NEURON's fixed-step rate table (usetable)
HH = r'''
create soma
soma { L = 20  diam = 20  nseg = 1  insert pas  g_pas = 1e-4  e_pas = -65 }
objref ks1, ks2, ks3, st, tr, vec, ic, rec, trec
ks1 = new KSChan(0)
{ ks1.name("khh")  ks1.ion("k")  ks1.iv_type(0)  ks1.gmax(0.036) }
st = ks1.add_hhstate("n")
{ st.gate.power(4) }
tr = ks1.trans(st, st)
{ tr.type(0) }
vec = new Vector(3)
{ vec.x[0] = 0.1  vec.x[1] = 0.1  vec.x[2] = -55  tr.set_f(0, 3, vec) }
vec = new Vector(3)
{ vec.x[0] = 0.125  vec.x[1] = -0.0125  vec.x[2] = -65  tr.set_f(1, 2, vec) }
ks2 = new KSChan(0)
{ ks2.name("nahh")  ks2.ion("na")  ks2.gmax(0.12) }
st = ks2.add_hhstate("m")
{ st.gate.power(3) }
tr = ks2.trans(st, st)
vec = new Vector(3)
{ vec.x[0] = 1  vec.x[1] = 0.1  vec.x[2] = -40  tr.set_f(0, 3, vec) }
vec = new Vector(3)
{ vec.x[0] = 4  vec.x[1] = -0.0555555556  vec.x[2] = -65  tr.set_f(1, 2, vec) }
st = ks2.add_hhstate("h")
tr = ks2.trans(st, st)
{ tr.type(1) }
vec = new Vector(3)
{ vec.x[0] = 1  vec.x[1] = 0.14  vec.x[2] = -62  tr.set_f(0, 4, vec) }
vec = new Vector(1)
{ vec.x[0] = 2.5  tr.set_f(1, 1, vec) }
{ ks2.usetable(1) }
ks3 = new KSChan(0)
{ ks3.name("leakks")  ks3.gmax(3e-4)  ks3.erev(-54.3) }
soma { insert khh  insert nahh  insert leakks }
soma ic = new IClamp(.5)
{ ic.del = 1  ic.dur = 0.5  ic.amp = 0.4 }
rec = new Vector()
trec = new Vector()
{ rec.record(&soma.v(.5))  trec.record(&t) }
'''

# a kinetic scheme C1 <-> C2 <-> O (voltage gated, exp rates) and a ligand (cai) gated
# O <-> B, one gate of fractional conductance 1 in O; and a GHK calcium channel (HH gate)
KINETIC = r'''
{ ion_register("ca", 2) }
create soma
soma { L = 20  diam = 20  nseg = 3  insert pas  g_pas = 1e-4  e_pas = -65  insert hh }
objref ks, s0, s1, s2, s3, tr, vec, ic, rec, trec, kca, st, nil
ks = new KSChan(0)
{ ks.name("kks")  ks.ion("k")  ks.gmax(0.02) }
s0 = ks.add_ksstate(nil, "c1")
s1 = ks.add_ksstate(s0.gate, "c2")
s2 = ks.add_ksstate(s0.gate, "o")
s3 = ks.add_ksstate(s0.gate, "b")
{ s0.frac(0)  s1.frac(0)  s2.frac(1)  s3.frac(0) }
tr = ks.add_transition(s0, s1)
vec = new Vector(3)
{ vec.x[0] = 0.4  vec.x[1] = 0.05  vec.x[2] = -40  tr.set_f(0, 2, vec) }
vec = new Vector(3)
{ vec.x[0] = 0.3  vec.x[1] = -0.04  vec.x[2] = -40  tr.set_f(1, 2, vec) }
tr = ks.add_transition(s1, s2)
vec = new Vector(3)
{ vec.x[0] = 0.8  vec.x[1] = 0.07  vec.x[2] = -30  tr.set_f(0, 3, vec) }
vec = new Vector(3)
{ vec.x[0] = 0.2  vec.x[1] = 0.1  vec.x[2] = -50  tr.set_f(1, 4, vec) }
tr = ks.add_transition(s2, s3)
{ tr.type(3, "cai") }
vec = new Vector(1)
{ vec.x[0] = 2000  tr.set_f(0, 1, vec) }
vec = new Vector(1)
{ vec.x[0] = 0.05  tr.set_f(1, 1, vec) }
kca = new KSChan(0)
{ kca.name("cag")  kca.ion("ca")  kca.iv_type(2)  kca.gmax(2e-5) }
st = kca.add_hhstate("q")
{ st.gate.power(2) }
tr = kca.trans(st, st)
vec = new Vector(3)
{ vec.x[0] = 0.5  vec.x[1] = 0.08  vec.x[2] = -20  tr.set_f(0, 4, vec) }
vec = new Vector(3)
{ vec.x[0] = 0.1  vec.x[1] = -0.02  vec.x[2] = -40  tr.set_f(1, 2, vec) }
soma { insert kks  insert cag  cai = 1e-4 }
soma ic = new IClamp(.5)
{ ic.del = 1  ic.dur = 0.5  ic.amp = 0.5 }
rec = new Vector()
trec = new Vector()
{ rec.record(&soma.v(.5))  trec.record(&t) }
'''

# a point process KSChan (non-specific, one HH gate) and a rate table function
POINT = r'''
create soma
soma { L = 20  diam = 20  insert hh }
objref ks, st, tr, vec, pp, ic, rec, trec
ks = new KSChan(1)
{ ks.name("ppk")  ks.gmax(0.002)  ks.erev(-80) }
st = ks.add_hhstate("w")
tr = ks.trans(st, st)
{ tr.type(1) }
vec = new Vector(31)
{ vec.indgen()  vec.mul(1/30)  vec.pow(2) }
{ tr.set_f(0, 7, vec, -90, 30) }
vec = new Vector(1)
{ vec.x[0] = 3  tr.set_f(1, 1, vec) }
soma pp = new ppk(.5)
ic = new IClamp(.5)
{ ic.del = 1  ic.dur = 0.5  ic.amp = 0.3 }
rec = new Vector()
trec = new Vector()
{ rec.record(&soma.v(.5))  trec.record(&t) }
'''

# what a Channel Builder session saves (the format of NEURON 9's .ses files)
SES = r'''
{load_file("chanbild.hoc", "ChannelBuild")}
{ion_register("na", 1)}
objref ocbox_
{ocbox_ = new ChannelBuild(1)}
{object_push(ocbox_)}
{genprop.set_data("Nas", 1, 1, 5, "na")}
{genprop.set_defstr(0.1, 0)}
tobj = new ChannelBuildKSGate(this)
{gatelist.append(tobj)}
{tobj.begin_restore(3)}
{tobj.set_state("m", 1, 110, 130)}
{tobj.set_trans(0, 0, 0)}
{tobj.transitions.object(0).settype(0, "")}
{tobj1 = new Vector(3)  for (i=0; i < 3; i += 1) tobj1.x[i] = fscan() }
1
0.1
-40
{tobj.transitions.object(0).set_f(0, 3, tobj1)}
{tobj1 = new Vector(3)  for (i=0; i < 3; i += 1) tobj1.x[i] = fscan() }
4
-0.0556
-65
{tobj.transitions.object(0).set_f(1, 2, tobj1)}
{tobj.end_restore()}
tobj = new ChannelBuildKSGate(this)
{gatelist.append(tobj)}
{tobj.begin_restore(1)}
{tobj.set_state("h", 1, 160, 130)}
{tobj.set_trans(0, 0, 0)}
{tobj.transitions.object(0).settype(0, "")}
{tobj1 = new Vector(3)  for (i=0; i < 3; i += 1) tobj1.x[i] = fscan() }
0.07
-0.05
-65
{tobj.transitions.object(0).set_f(0, 2, tobj1)}
{tobj1 = new Vector(3)  for (i=0; i < 3; i += 1) tobj1.x[i] = fscan() }
1
-0.1
-35
{tobj.transitions.object(0).set_f(1, 4, tobj1)}
{tobj.end_restore()}
end_restore()
{genprop.set_single(0)}
{set_alias(0)}
{usetable(0)}
{object_pop()}
{ocbox_.map("ChannelBuild[0] managed KSChan[0]", 0, 77, 240, 192)}
objref ocbox_
{ocbox_ = new ChannelBuild(1)}
{object_push(ocbox_)}
{genprop.set_data("Kghk", 1, 0, 6, "k")}
{genprop.set_defstr(1e-4, 0)}
tobj = new ChannelBuildKSGate(this)
{gatelist.append(tobj)}
{tobj.begin_restore(1)}
{tobj.set_state("C", 0, 110, 130)}
{tobj.set_state("O", 1, 160, 130)}
{tobj.set_trans(0, 1, 0)}
{tobj.transitions.object(0).settype(0, "")}
{tobj1 = new Vector(3)  for (i=0; i < 3; i += 1) tobj1.x[i] = fscan() }
0.2
0.05
-45
{tobj.transitions.object(0).set_f(0, 2, tobj1)}
{tobj1 = new Vector(3)  for (i=0; i < 3; i += 1) tobj1.x[i] = fscan() }
0.1
-0.03
-45
{tobj.transitions.object(0).set_f(1, 2, tobj1)}
{tobj.end_restore()}
end_restore()
{genprop.set_single(0)}
{set_alias(0)}
{usetable(0)}
{object_pop()}
objref ocbox_
'''

SES_CELL = r'''
create soma
soma { L = 20  diam = 20  insert pas  g_pas = 3e-4  e_pas = -60  insert Nas  insert Kghk }
objref ic, rec, trec
soma ic = new IClamp(.5)
{ ic.del = 1  ic.dur = 0.5  ic.amp = 0.3 }
rec = new Vector()
trec = new Vector()
{ rec.record(&soma.v(.5))  trec.record(&t) }
'''


# make_mechanism: a template's objects per segment watch v (NEURON's documentation example,
# extended: a PARAMETER, a count, three segments)
HOCMECH = r'''
create soma
access soma
{ L = diam = sqrt(100/PI)  insert hh  nseg = 3 }
objref stim, rec, trec
stim = new IClamp(.5)
{ stim.dur = .1  stim.amp = .3 }
begintemplate Max
public V, thr, n
proc init() { thr = -20  V = -1000 }
proc initial() { V = v($1)  n = 0 }
proc after_step() {
    if (V < v($1)) { V = v($1) }
    if (v($1) > thr) { n += 1 }
}
endtemplate Max
{ make_mechanism("max", "Max", "thr") }
insert max
thr_max(0.1) = 0
rec = new Vector()
trec = new Vector()
{ rec.record(&soma.v(.5))  trec.record(&t) }
'''


# make_pointprocess: the template's own objects located in segments, moved with loc()
HOCPOINT = r'''
create soma
access soma
{ L = diam = sqrt(100/PI)  insert hh  nseg = 3 }
objref stim, p1, p2, rec, trec
stim = new IClamp(.5)
{ stim.dur = .1  stim.amp = .3 }
begintemplate PMax
public V, n, thr
proc init() { thr = -20  V = -1000  n = 0 }
proc initial() { V = v($1)  n = 0 }
proc after_step() {
    if (V < v($1)) { V = v($1) }
    if (v($1) > thr) { n += 1 }
}
endtemplate PMax
{ make_pointprocess("PMax", "thr") }
p1 = new PMax(.1)
soma p2 = new PMax(.9)
{ p2.thr = 0 }
rec = new Vector()
trec = new Vector()
{ rec.record(&soma.v(.5))  trec.record(&t) }
'''


def _run(h, text: str, tstop: float = 10., cvode: bool = False, setup: str = '') -> dict:
    h(text)
    h(setup)
    h('objref cvks_')
    h('cvks_ = new CVode()')
    h.cvks_.active(1 if cvode else 0)
    if cvode:
        h.cvks_.atol(1e-8)
        h.cvks_.rtol(0)
    h.dt = 0.025
    h.finitialize(-65)
    h.cvks_.solve(tstop) if cvode else None
    while not cvode and h.t < tstop - 1e-9:
        h.fadvance()
    out = {'v': list(h.rec), 't': list(h.trec)}
    h.cvks_.active(0)
    return out


def _values(h, exprs: str) -> list:
    """HOC expressions' values (a run-time channel's variables are HOC names)."""
    out = []
    for e in exprs.split():
        h('hocval_ = %s' % e)
        out.append(h.hocval_)
    return out


def hh(h) -> dict:
    out = _run(h, HH)
    out['states'] = _values(h, 'soma.n_khh(.5) soma.m_nahh(.5) soma.h_nahh(.5) soma.g_khh(.5) '
                               'soma.i_nahh(.5) soma.i_leakks(.5) soma.ina(.5)')
    return out


def kinetic(h) -> dict:
    out = _run(h, KINETIC)
    out['states'] = _values(h, 'soma.c1_kks(.5) soma.c2_kks(.5) soma.o_kks(.5) soma.b_kks(.5) '
                               'soma.q_cag(.5) soma.ica(.5) soma.p_cag(.5)')
    return out


def point(h) -> dict:
    out = _run(h, POINT)
    out['states'] = _values(h, 'pp.w pp.g pp.i')
    return out


def ses(h) -> dict:
    """The session is read from a file (its fscan() reads the numbers that follow)."""
    import os
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, 'chan.ses')
        with open(path, 'w') as f:
            f.write(SES)
        h.xopen(path)
    out = _run(h, SES_CELL)
    out['states'] = _values(h, 'soma.m_Nas(.5) soma.h_Nas(.5) soma.C_Kghk(.5) soma.O_Kghk(.5) '
                               'soma.p_Kghk(.5) soma.pmax_Kghk(.5)')
    return out


def cvode(h) -> dict:
    """The kinetic and GHK channels under the variable step method."""
    return _run(h, KINETIC, cvode=True)


def hocmech(h) -> dict:
    out = _run(h, HOCMECH, tstop=5.)
    out['states'] = _values(h, 'soma.V_max(.1) soma.V_max(.5) soma.V_max(.9) soma.n_max(.1) '
                               'soma.n_max(.5) soma.thr_max(.9) soma.thr_max(.1)')
    return out


def hocpoint(h) -> dict:
    out = _run(h, HOCPOINT, tstop=5.)
    out['states'] = _values(h, 'p1.V p2.V p1.n p2.n p1.has_loc() p1.get_loc()')
    h.pop_section()
    h('p1.loc(.5)')
    h.finitialize(-65)
    while h.t < 5 - 1e-9:
        h.fadvance()
    out['states'] += _values(h, 'p1.V p1.n')
    return out


CASES = ('hh', 'kinetic', 'point', 'ses', 'cvode', 'hocmech', 'hocpoint')
