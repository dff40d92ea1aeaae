"""The NMODL code generation cases: .mod files of tests/nmodl/mod, a HOC setup, what is recorded.

Shared by tools/gen_nmodl_golden.py (run with NEURON after nrnivmodl) and
test_codegen.py (run with pyhoc): each case is run by ``run_case(h, case)`` with either h.
"""
from __future__ import annotations

# the WATCH cases' model: an integrate-and-fire point process driving a synapse on another cell
WATCH_SETUP = '''
create soma, post
forall { L = 20  diam = 20  insert pas  g_pas = 1e-4  e_pas = -65 }
objref cell, st, nc, es
soma cell = new ifwatch(.5)
soma st = new IClamp(.5)
st.del = 1
st.dur = 30
st.amp = .3
post es = new ExpSyn(.5)
nc = new NetCon(cell, es)
nc.weight = .01
nc.delay = 1
'''

def _prime_reads(suffix: str) -> dict:
    """A cell with the mechanism ``suffix`` (states a, b, q) and a pulse: x' read cases."""
    return dict(
        mods=['%s.mod' % suffix],
        setup='''
create soma
soma { L = 10  diam = 10  insert %s  insert pas  g_pas = 1e-4 }
objref st
soma st = new IClamp(.5)
st.del = 1
st.dur = 5
st.amp = .05
''' % suffix,
        record=['soma.%s_%s(.5)' % (x, suffix) if x != 'v' else 'soma.v(.5)'
                for x in ('v', 'a', 'b', 'q')],
        v_init=-65., tstop=10., dt=.025)



# POINTERs at HOC variables: a scalar and array elements read and written by a density
# mechanism and two gap junction halves (their values changed by HOC after setpointer)
HOCPTR_SETUP = '''
create a
a { L = 20  diam = 20  nseg = 3  insert pas  g_pas = 1e-4  e_pas = -65  insert ptrd }
objref ga, gb, st
a ga = new gapj(.1)
a gb = new gapj(.9)
a st = new IClamp(.5)
st.del = 1
st.dur = 5
st.amp = .1
xs = -50
ys = 0
vg = -30
vg2 = -90
double arr[4]
arr[1] = -60
a setpointer src_ptrd(.1), xs
a setpointer dst_ptrd(.1), arr[2]
a setpointer src_ptrd(.5), arr[1]
a setpointer dst_ptrd(.5), ys
a setpointer src_ptrd(.9), a.v(.5)
a setpointer dst_ptrd(.9), arr[3]
setpointer ga.vgap, vg
xs = -40
arr[1] = -70
vg = -20
'''


# ncthresh: an hh soma firing under a long pulse, its NetCon's threshold set by thrptr
NCTHRESH_SETUP = '''
create soma
soma { L = 20  diam = 20  insert hh }
objref st, tp, nc
soma st = new IClamp(.5)
st.del = 2
st.dur = 1e9
st.amp = .2
soma tp = new thrptr(.5)
tp.jump = 60
tp.tau = 8
soma nc = new NetCon(&v(.5), tp, 0, .5, 1)
setpointer tp.thr, nc.threshold
'''


def _soma_iclamp(body: str, stim: str, extra: str = '') -> str:
    """The setup most cases share: one soma with ``body`` and an IClamp at its middle
    (``stim``: its del, dur and amp as the HOC text writes them)."""
    delay, dur, amp = stim.split()
    return ('\ncreate soma\nsoma { %s }\nobjref st\nsoma st = new IClamp(.5)\n'
            'st.del = %s\nst.dur = %s\nst.amp = %s\n%s' % (body, delay, dur, amp, extra))

CASES = {
    # BREAKPOINT calling a PROCEDURE that writes variables the current reads, FUNCTIONs in a
    # condition and in an expression, a counter of nrn_cur's two evaluations, one assigned
    # only above vhalf (pyhoc.nmodl.promote holds these in locals around the calls)
    'bpcalls': dict(
        mods=['bpcalls.mod'],
        setup=_soma_iclamp('L = 20  diam = 20  insert hh  insert bpcalls', '1 20 .3'),
        record=['soma.v(.5)', 'soma.s_bpcalls(.5)', 'soma.ncall_bpcalls(.5)',
                'soma.hi_bpcalls(.5)', 'soma.gx_bpcalls(.5)', 'sfac_bpcalls',
                'soma.i_bpcalls(.5)'],
        v_init=-65., tstop=10., dt=.025),
    # cnexp with a FUNCTION and a PROCEDURE, GLOBALs and RANGE, ion read/write, nonspecific
    # current, the TABLE'd sodium channel, and an electrode-current point process
    'hhlike': dict(
        mods=['kdr.mod', 'nachan.mod', 'stim.mod'],
        setup='''
create soma, dend
connect dend(0), soma(1)
soma { L = 20  diam = 20  nseg = 1  insert kdr  insert nachan }
dend { L = 200  diam = 2  nseg = 5  insert kdr  gbar_kdr = .01  insert pas  e_pas = -65  g_pas = 1e-4 }
objref st
soma st = new stim(.5)
st.amp = .4
celsius = 16
''',
        record=['soma.v(.5)', 'dend.v(.9)', 'soma.n_kdr(.5)', 'soma.m_nachan(.5)',
                'soma.ik(.5)', 'soma.ina(.5)', 'dend.il_kdr(.5)', 'ninf_kdr', 'st.i'],
        v_init=-65., tstop=30., dt=.025),
    # no table: usetable_nachan = 0 calls the procedure at each step
    'notable': dict(
        mods=['nachan.mod', 'kdr.mod'],
        setup='''
create soma
soma { L = 20  diam = 20  insert kdr  insert nachan }
usetable_nachan = 0
objref st
soma st = new IClamp(.5)
st.del = 1
st.dur = 50
st.amp = .2
''',
        record=['soma.v(.5)', 'soma.h_nachan(.5)', 'soma.mtau_nachan(.5)'],
        v_init=-65., tstop=20., dt=.025),
    # a calcium current and a pool that writes cai (derivimplicit): eca follows cai (Nernst)
    'calcium': dict(
        mods=['cachan.mod', 'cad.mod', 'kdr.mod'],
        setup=_soma_iclamp('L = 10  diam = 10  insert cachan  insert cad  insert kdr  '
                           'gbar_cachan = .005',
                           '2 20 .1'),
        record=['soma.v(.5)', 'soma.cai(.5)', 'soma.eca(.5)', 'soma.ica(.5)',
                'soma.s_cachan(.5)'],
        v_init=-65., tstop=30., dt=.025),
    # derivimplicit on a nonlinear equation and euler side by side
    'nonlinear': dict(
        mods=['nlin.mod', 'eul.mod'],
        setup=_soma_iclamp('L = 10  diam = 10  insert nlin  insert eul  insert pas  g_pas = 1e-4',
                           '1 5 .05'),
        record=['soma.v(.5)', 'soma.x_nlin(.5)', 'soma.x_eul(.5)'],
        v_init=-65., tstop=15., dt=.025),
    # a point process with NET_RECEIVE: weights, INITIAL of NET_RECEIVE, flag, net_send
    # at_time(te) in BREAKPOINT on the fixed step: kicks of a state (state_discontinuity) at
    # t = 0 (not at finitialize), then every 1.3 ms; and at .5, .75, 1
    'attime': dict(
        mods=['attime.mod'],
        setup='''
create soma
soma { L = 20  diam = 20  insert pas  g_pas = 1e-4  e_pas = -65  insert attime }
soma { interval_attime = 1.3  start_attime = 0 }
create dend
dend { L = 20  diam = 20  insert pas  g_pas = 1e-4  e_pas = -65  insert attime }
dend { start_attime = .5  interval_attime = .25  n_attime = 3 }
''',
        record=['soma.v(.5)', 'soma.g_attime(.5)', 'soma.nseen_attime(.5)', 'dend.v(.5)',
                'dend.g_attime(.5)', 'dend.nseen_attime(.5)'],
        v_init=-65., tstop=8., dt=.025),
    'synapse': dict(
        mods=['syn.mod'],
        setup='''
create soma
soma { L = 20  diam = 20  insert pas  g_pas = 1e-4  e_pas = -65 }
objref sy, ns, nc
soma sy = new syn(.5)
ns = new NetStim()
ns.start = 2
ns.interval = 4
ns.number = 5
ns.noise = 0
nc = new NetCon(ns, sy)
nc.weight = .002
nc.delay = 1
''',
        record=['soma.v(.5)', 'sy.g', 'sy.nsp', 'nc.weight[1]', 'nc.weight[2]'],
        v_init=-65., tstop=30., dt=.025),
    # scopmath's random functions (set_seed in INITIAL, normrand... in a SOLVEd PROCEDURE),
    # a FUNCTION written in C, a PROCEDURE reading its HOC arguments and a Vector in C
    # VERBATIM's C subset: file-level C variables and functions (one in float), a static
    # local, switch with fall-through, an assignment in an if condition, ++/-- in
    # expressions, a C local read by NMODL after the VERBATIM
    'csub': dict(
        mods=['csub.mod'],
        setup=_soma_iclamp('L = 20  diam = 20  insert pas  g_pas = 1e-4  e_pas = -65  '
                           'insert csub', '1 20 .2'),
        record=['soma.v(.5)', 'soma.m_csub(.5)', 'soma.k_csub(.5)', 'soma.ncall_csub(.5)',
                'soma.h2_csub(.5)', 'taus_csub[0]', 'taus_csub[1]', 'taus_csub[2]'],
        v_init=-65., tstop=10., dt=.025),
    # a generator in VERBATIM C (unsigned 16-bit parts, function-like macros, C statics
    # with start values, comma expressions): its numbers are NEURON's to the last bit
    'crng': dict(
        mods=['crng.mod'],
        setup=_soma_iclamp('L = 20  diam = 20  nseg = 2  insert pas  insert crng', '1 2 .1',
                           'soma { setdata_crng(.5)  seed_crng(20061217) }\n'),
        record=['soma.r_crng(.25)', 'soma.r_crng(.75)', 'soma.ncalls_crng(.75)'],
        v_init=-65., tstop=1., dt=.025),
    'noise': dict(
        mods=['noisy.mod'],
        setup='''
create soma
soma { L = 20  diam = 20  insert pas  g_pas = 1e-4  e_pas = -65 }
objref nz, vv
soma nz = new noisy(.5)
nz.sd = .2
vv = new Vector(3)
vv.indgen(1, 1)
nz.scale(vv)
nz.scale(vv, 1.5)
''',
        record=['soma.v(.5)', 'nz.i', 'nz.draws', 'vv.x[2]'],
        v_init=-65., tstop=10., dt=.025),
    # a NetStim-like cell drawing from a HOC Random object through a BBCOREPOINTER handle
    # (nrn_random_arg, nrn_random_pick), and one without (exprand after set_seed); a
    # CONSTRUCTOR reading the arguments of new
    'randstim': dict(
        mods=['rstim.mod'],
        setup='''
objref rs, rs2, r, nc, nc2, tv, tv2, nil
rs = new rstim(4)
rs2 = new rstim()
rs2.interval = 2
r = new Random()
r.Random123(7, 3)
r.negexp(1)
rs.setrand(r)
rs2.seed(5)
tv = new Vector()
tv2 = new Vector()
nc = new NetCon(rs, nil)
nc.record(tv)
nc2 = new NetCon(rs2, nil)
nc2.record(tv2)
func last() { if ($o1.size()) { return $o1.x[$o1.size() - 1] } else { return -1 } }
''',
        record=['rs.left', 'rs2.left', 'last(tv)', 'last(tv2)', 'rs.id', 'rs2.id'],
        v_init=-65., tstop=60., dt=.025),
    # NEURON 9's RANDOM variables (random_negexp, _uniform, _normal, _setseq; ids from the
    # creation order shared with NetStim's ranvar, set_ids from HOC)
    'random9': dict(
        mods=['r9stim.mod'],
        setup='''
objref a, b, ns, nca, ncb, ncs, ta, tb, ts, nil
a = new r9stim()
ns = new NetStim()
b = new r9stim()
b.rb.set_ids(5, 6, 7)
ns.noise = 1
ns.number = 10
ns.start = 1
ta = new Vector()
tb = new Vector()
ts = new Vector()
nca = new NetCon(a, nil)
nca.record(ta)
ncb = new NetCon(b, nil)
ncb.record(tb)
ncs = new NetCon(ns, nil)
ncs.record(ts)
func last() { if ($o1.size()) { return $o1.x[$o1.size() - 1] } else { return -1 } }
''',
        record=['last(ta)', 'last(tb)', 'last(ts)', 'a.u', 'a.z', 'b.u', 'b.z'],
        v_init=-65., tstop=50., dt=.025),
    # a point process whose INITIAL sends itself events (run per instance, as NEURON)
    'initsend': dict(
        mods=['kick.mod'],
        setup='''
create soma
soma { L = 20  diam = 20  insert pas  g_pas = 1e-4  e_pas = -65 }
objref k1, k2
soma k1 = new kick(.5)
soma k2 = new kick(.5)
k2.start = 1.3
k2.amp = .2
''',
        record=['soma.v(.5)', 'k1.i', 'k2.i', 'k1.n', 'k2.n'],
        v_init=-65., tstop=10., dt=.025),
    # arrays: STATE, PARAMETER, ASSIGNED, GLOBAL and LOCAL arrays, element assignments in FROM
    # loops, derivimplicit on an array state (ca'[i] in a FROM loop), GLOBAL arrays read by
    # cnexp, a point process's arrays, printf in INITIAL
    'arrays': dict(
        mods=['arrcad.mod', 'arrgate.mod', 'arrpp.mod'],
        setup='''
create soma
soma { L = 10  diam = 5  insert arrcad  insert arrgate  insert pas  g_pas = 1e-4 }
objref st, pp
soma st = new IClamp(.5)
st.del = 1
st.dur = 4
st.amp = .05
soma pp = new arrpp(.5)
pp.amp[0] = .01
pp.amp[2] = -.02
pp.tau = 1.5
''',
        record=['soma.v(.5)', 'soma.ca_arrcad[0](.5)', 'soma.ca_arrcad[3](.5)', 'soma.cai(.5)',
                'soma.vol_arrcad[1](.5)', 'soma.fac_arrgate[1](.5)', 'inf_arrgate[0]',
                'tau_arrgate[1]', 'soma.m_arrgate(.5)', 'pp.w[2]', 'pp.tot', 'pp.sq',
                'scale_arrcad[1]'],
        v_init=-65., tstop=10., dt=.025),
    # a TABLE of array elements with a DEPEND on a RANGE parameter: two sections, the table
    # is made with the first instance's vh
    'arraytable': dict(
        mods=['arrtab.mod'],
        setup='''
create a, b
forall { L = 10  diam = 10  insert arrtab  insert pas  g_pas = 1e-4  e_pas = -65 }
a.vh_arrtab = 40
b.vh_arrtab = 20
objref st
a st = new IClamp(.5)
st.del = 1
st.dur = 5
st.amp = .1
''',
        record=['a.v(.5)', 'b.v(.5)', 'a.m_arrtab(.5)', 'b.m_arrtab(.5)',
                'b.minf_arrtab[0](.5)'],
        v_init=-65., tstop=10., dt=.025),
    # METHOD runge (scopmath's Runge-Kutta as nocmodl calls it), t in the equations
    'runge': dict(
        mods=['rk.mod'],
        setup=_soma_iclamp('L = 10  diam = 10  insert rk  insert pas  g_pas = 1e-4  e_pas = -65',
                           '1 5 .1'),
        record=['t', 'soma.v(.5)', 'soma.m_rk(.5)', 'soma.a_rk(.5)', 'soma.b_rk(.5)',
                'soma.minf_rk(.5)'],
        v_init=-65., tstop=10., dt=.025),
    # cnexp on a polynomial, on an equation free of its state, and on one nocmodl hands to
    # derivimplicit
    # C library calls NMODL leaves to the compiler (abs of a double, round, trunc, fmin...)
    'clib': dict(
        mods=['clib.mod'],
        setup=_soma_iclamp('L = 10  diam = 10  insert clib  insert hh', '1 3 .3'),
        record=['soma.v(.5)', 'soma.a_clib(.5)', 'soma.r_clib(.5)', 'soma.tr_clib(.5)',
                'soma.lo_clib(.5)', 'soma.hi_clib(.5)', 'soma.hy_clib(.5)'],
        v_init=-65., tstop=6., dt=.025),
    'cnexp_nonlinear': dict(
        mods=['cnl.mod', 'cnl2.mod'],
        setup=_soma_iclamp('L = 10  diam = 10  insert cnl  insert cnl2  insert pas  g_pas = 1e-4',
                           '1 5 .05'),
        record=['soma.v(.5)', 'soma.x_cnl(.5)', 'soma.u_cnl(.5)', 'soma.z_cnl2(.5)'],
        v_init=-65., tstop=10., dt=.025),
    # the first two alone: bit for bit
    'cnexp_polynomial': dict(
        mods=['cnl.mod'],
        setup=_soma_iclamp('L = 10  diam = 10  insert cnl  insert pas  g_pas = 1e-4', '1 5 .05'),
        record=['soma.v(.5)', 'soma.x_cnl(.5)', 'soma.u_cnl(.5)'],
        v_init=-65., tstop=10., dt=.025),
    # FUNCTION_TABLE: values at given x (pointers into Vectors), evenly spaced (xmin, xmax)
    'function_table': dict(
        mods=['ftab.mod', 'nachan.mod'],
        setup='''
create soma
soma { L = 20  diam = 20  insert ftab  insert nachan  insert pas  g_pas = 1e-4  e_pas = -65 }
objref vx, vinf, vtau
vx = new Vector(41)
vx.indgen(-100, 5)
vx.x[20] = -1.5
vinf = new Vector(41)
vtau = new Vector(31)
for i = 0, 40 vinf.x[i] = 1/(1 + exp(-(vx.x[i] + 50)/8))
for i = 0, 30 vtau.x[i] = 1 + 5*exp(-((-90 + 6*i + 60)/25)^2)
table_ninf_ftab(&vinf.x[0], 41, &vx.x[0])
table_ntau_ftab(&vtau.x[0], 31, -90, 90)
objref st
soma st = new IClamp(.5)
st.del = 1
st.dur = 10
st.amp = .3
''',
        record=['soma.v(.5)', 'soma.n_ftab(.5)', 'ninf_ftab(soma.v(.5))', 'ntau_ftab(-200)',
                'ntau_ftab(-37.3)', 'ninf_ftab(-1.5)'],
        v_init=-65., tstop=15., dt=.025),
    # x' read in expressions, before and after its equation (nocmodl's Dx), euler
    'prime_reads': _prime_reads('pr_eul'),
    # a pool whose cai starts from a RANGE cai0 (two values), beside a channel whose TABLE
    # fills a file-static LOCAL (ModelDB's kv.mod pattern); a step at another dt first, so
    # the table (DEPEND dt) is built again for the run's dt
    'capool_ktab': dict(
        mods=['capool0.mod', 'ktab.mod', 'cachan.mod'],
        setup='''
create soma, dend
connect dend(0), soma(1)
soma { L = 10  diam = 10  insert capool0  insert cachan  insert ktab  gbar_cachan = .005 }
dend { L = 50  diam = 2  nseg = 3  insert capool0  cai0_capool0 = 2e-4  insert ktab }
objref st
soma st = new IClamp(.5)
st.del = 1
st.dur = 10
st.amp = .1
celsius = 20
forall tfac_ktab = 3
dt = .1
finitialize(-65)
fadvance()
''',
        record=['soma.v(.5)', 'dend.v(.5)', 'soma.cai(.5)', 'dend.cai(.5)',
                'soma.cmax_capool0(.5)', 'soma.w_capool0(.5)', 'soma.n_ktab(.5)',
                'soma.ik(.5)', 'ninf_ktab'],
        v_init=-65., tstop=15., dt=.025),
    # a point process with USEION: ca_ion comes with it (dend has no other calcium user),
    # and in soma its calcium current feeds the pool
    'pointion': dict(
        mods=['cad.mod', 'casyn.mod'],      # nrnivmodl's (sorted) type order
        setup='''
create soma, dend
connect dend(0), soma(1)
soma { L = 10  diam = 10  insert pas  g_pas = 1e-4  e_pas = -65  insert cad }
dend { L = 100  diam = 1  nseg = 5  insert pas  g_pas = 1e-4  e_pas = -65 }
objref sy1, sy2, ns, nc1, nc2
soma sy1 = new casyn(.5)
dend sy2 = new casyn(.7)
sy2.frac = .3
ns = new NetStim()
ns.start = 1
ns.interval = 3
ns.number = 4
ns.noise = 0
nc1 = new NetCon(ns, sy1, 0, 1, .005)
nc2 = new NetCon(ns, sy2, 0, 1.5, .002)
''',
        record=['soma.v(.5)', 'dend.v(.7)', 'soma.cai(.5)', 'soma.ica(.5)', 'dend.ica(.7)',
                'sy2.i', 'dend.eca(.7)'],
        v_init=-65., tstop=15., dt=.025),
    # KINETIC sparse: a three-state channel with CONSERVE and a rate procedure, its INITIAL a
    # STEADYSTATE sparse solve (a linear scheme: one Newton step a time step)
    'kinetic_markov': dict(
        mods=['kin3.mod', 'kdr.mod'],
        setup=_soma_iclamp('L = 20  diam = 20  insert kin3  insert kdr  insert pas  g_pas = 1e-4  '
                           'e_pas = -65',
                           '1 3 .3'),
        record=['soma.v(.5)', 'soma.c_kin3(.5)', 'soma.o_kin3(.5)', 'soma.i_kin3(.5)',
                'soma.ina(.5)'],
        v_init=-70., tstop=20., dt=.025),
    # a nonlinear scheme (Newton to convergence): a calcium shell with a buffer, a pump whose
    # flux is the ion current (f_flux), a leak, COMPARTMENT volumes, cai and ica written, a
    # nonlinear STEADYSTATE in INITIAL
    'kinetic_calcium': dict(
        mods=['cabuf.mod', 'cachan.mod', 'kdr.mod'],
        setup=_soma_iclamp('L = 10  diam = 10  nseg = 1  insert cabuf  insert cachan  insert kdr  '
                           'gbar_cachan = .005',
                           '2 10 .15'),
        record=['soma.v(.5)', 'soma.cai(.5)', 'soma.CaB_cabuf(.5)', 'soma.B_cabuf(.5)',
                'soma.pump_cabuf(.5)', 'soma.ica(.5)', 'soma.ica_pmp_cabuf(.5)'],
        v_init=-65., tstop=30., dt=.025),
    # both schemes under secondorder = 2 (Crank-Nicolson): nrn_state's half step extrapolated
    'kinetic_secondorder': dict(
        mods=['kin3.mod', 'cabuf.mod', 'cachan.mod', 'kdr.mod'],
        setup=_soma_iclamp('L = 10  diam = 10  insert kin3  insert cabuf  insert cachan  '
                           'insert kdr  gbar_cachan = .005',
                           '2 5 .1', 'secondorder = 2\n'),
        record=['soma.v(.5)', 'soma.o_kin3(.5)', 'soma.cai(.5)', 'soma.pump_cabuf(.5)'],
        v_init=-65., tstop=15., dt=.025),
    # radial calcium diffusion: array species in 4 shells with a buffer, an indexed
    # COMPARTMENT (each element's rows times its own volume), reactions in FROM loops
    'kinetic_shells': dict(
        mods=['cashell.mod', 'cachan.mod', 'kdr.mod'],
        setup=_soma_iclamp('L = 10  diam = 4  nseg = 1  insert cashell  insert cachan  '
                           'insert kdr  gbar_cachan = .005',
                           '2 10 .05'),
        record=['soma.v(.5)', 'soma.cai(.5)', 'soma.ca_cashell[1](.5)', 'soma.ca_cashell[3](.5)',
                'soma.CaB_cashell[0](.5)', 'soma.B_cashell[3](.5)', 'soma.ica(.5)'],
        v_init=-65., tstop=30., dt=.025),
    # the shells under CVode: each element's derivative divided by its own volume, the
    # scheme's matrix with the volumes on its diagonal (ode_matsol), cai = ca[0] written to
    # the ion at each evaluation, interpolated ones too, the STATE's <1e-6> its atol scale
    # (within NEURON's own error bound; the same steps for a while, not to the last bit)
    'kinetic_shells_cvode': dict(
        mods=['cashell.mod', 'cachan.mod', 'kdr.mod'],
        setup=_soma_iclamp('L = 10  diam = 4  nseg = 1  insert cashell  insert cachan  '
                           'insert kdr  gbar_cachan = .005',
                           '2 10 .05'),
        record=['soma.v(.5)', 'soma.cai(.5)', 'soma.ca_cashell[3](.5)', 'soma.CaB_cashell[0](.5)'],
        v_init=-65., tstop=30., dt=.25, cvode=1e-5),
    # the Markov channel under CVode: the KINETIC block's ode kernel (fluxes on each state)
    'kinetic_cvode': dict(
        mods=['kin3.mod', 'kdr.mod'],
        setup=_soma_iclamp('L = 20  diam = 20  insert kin3  insert kdr  insert pas  g_pas = 1e-4  '
                           'e_pas = -65',
                           '1 3 .3'),
        record=['soma.v(.5)', 'soma.c_kin3(.5)', 'soma.o_kin3(.5)', 'soma.i_kin3(.5)'],
        v_init=-70., tstop=20., dt=.25, cvode=1e-5),
    # a pump whose current the KINETIC block computes (ica = ica_pmp; ica READ and WRITE): in
    # the variable step's f, nrn_cur runs the ode block first (nocmodl's cvode_rw_cur), so the
    # current is the pump's at the state CVode places, not at the previous evaluation's; near
    # rest the first steps are hundreds of ms, chosen by CVHin from such evaluations
    'kinetic_pump_cvode': dict(
        mods=['cabuf.mod'],
        setup=_soma_iclamp('L = 10  diam = 10  nseg = 1  insert cabuf  insert pas  e_pas = -70',
                           '1500 5 .02'),
        record=['soma.v(.5)', 'soma.cai(.5)', 'soma.pump_cabuf(.5)', 'soma.ica(.5)'],
        v_init=-70., tstop=3000., dt=100., cvode=1e-3),
    # POINTERs: a gap junction between two cells (point process, read in BREAKPOINT) in the
    # HOC and Python forms, and a density mechanism reading one in DERIVATIVE and writing
    # IClamp amplitudes through another in BREAKPOINT
    'pointer': dict(
        mods=['gapj.mod', 'ptrd.mod'],
        setup='''
create a, b
forall { L = 20  diam = 20  insert pas  g_pas = 1e-4  e_pas = -65 }
b { nseg = 3  insert ptrd }
objref ga, gb, st, st2, st3
a ga = new gapj(.5)
b gb = new gapj(.5)
setpointer ga.vgap, b.v(.5)
a st = new IClamp(.5)
st.del = 1
st.dur = 5
st.amp = .1
b st2 = new IClamp(.1)
b st3 = new IClamp(.5)
st2.dur = 1e9
st3.dur = 1e9
b setpointer src_ptrd(.1), a.v(.5)
b setpointer dst_ptrd(.1), st2.amp
access b
setpointer dst_ptrd(.5), st3.amp
setpointer b.dst_ptrd(.9), st3.amp
''',
        py=lambda h: (h.setpointer(h.a(.5)._ref_v, 'vgap', h.gb),
                      setattr(h.b(.5).ptrd, '_ref_src', h.a(.5)._ref_v),
                      setattr(h.b(.9), '_ref_src_ptrd', h.b(.1)._ref_v)),
        record=['a.v(.5)', 'b.v(.5)', 'b.v(.9)', 'ga.i', 'ga.vgap', 'gb.vgap',
                'b.x_ptrd(.1)', 'b.x_ptrd(.9)', 'b.src_ptrd(.5)', 'st2.amp', 'st3.amp',
                'b.dst_ptrd(.9)'],
        v_init=-65., tstop=20., dt=.025),
    # a POINTER at a NetCon's threshold (ModelDB 93326's thold.mod): written in INITIAL and
    # BREAKPOINT, read by the threshold check of the next step; the NetCon's spikes come back
    # to the point process and raise the threshold (a crossing while v is high again)
    'ncthresh': dict(
        mods=['thrptr.mod'],
        setup=NCTHRESH_SETUP,
        record=['soma.v(.5)', 'nc.threshold', 'tp.thr', 'tp.nspk', 'tp.last'],
        v_init=-65., tstop=40., dt=.025),
    'ncthresh_cvode': dict(
        mods=['thrptr.mod'],
        setup=NCTHRESH_SETUP,
        record=['soma.v(.5)', 'nc.threshold', 'tp.nspk'],
        v_init=-65., tstop=40., dt=.025, cvode=1e-6),
    # a Vector kept in an ASSIGNED double by VERBATIM (ModelDB 150551's Calamp.mod, 37819's
    # ppsav.inc): *((void**)(&space)) read back each step, the Vector grown and written; a
    # second recorder forgets its Vector (record() without arguments), a third never has one
    'vecrec': dict(
        mods=['vecrec.mod'],
        setup=_soma_iclamp('L = 20  diam = 20  insert hh', '1 30 .3', '''
objref r1, r2, r3, vec1, vec2
vec1 = new Vector()
vec2 = new Vector(3, 7)
off = 1000
soma r1 = new vecrec(.5)
soma r2 = new vecrec(.5)
soma r3 = new vecrec(.5)
r2.thresh = 0
r1.record(vec1, &off)
r2.record(vec2)
r2.record()
r3.thresh = -60
'''),
        vectors=['vec1', 'vec2'],
        post='',
        v_init=-65., tstop=20., dt=.025),
    # POINTERs at HOC variables (NEURON's setpointer to a scalar, a double array element):
    # read in BREAKPOINT and DERIVATIVE, written in BREAKPOINT, HOC's later assignments seen
    # by the kernels and the kernels' writes read by HOC; the Python form h._ref_<scalar>
    'hocptr': dict(
        mods=['gapj.mod', 'ptrd.mod'],
        setup=HOCPTR_SETUP,
        py=lambda h: h.setpointer(h._ref_vg2, 'vgap', h.gb),
        record=['a.v(.5)', 'a.v(.1)', 'a.v(.9)', 'ys', 'arr[0]', 'arr[2]', 'arr[3]',
                'a.x_ptrd(.1)', 'a.x_ptrd(.5)', 'ga.i', 'gb.i', 'vg', 'ga.vgap'],
        v_init=-65., tstop=10., dt=.025),
    # the same under CVode, sampled at whole dt's
    'hocptr_cvode': dict(
        mods=['gapj.mod', 'ptrd.mod'],
        setup=HOCPTR_SETUP,
        py=lambda h: h.setpointer(h._ref_vg2, 'vgap', h.gb),
        record=['a.v(.5)', 'a.v(.9)', 'ys', 'arr[2]', 'arr[3]', 'a.x_ptrd(.1)', 'gb.i'],
        v_init=-65., tstop=10., dt=.025, cvode=1e-6),
    # a POINTER's address passed to C in VERBATIM (``&p``): the C function writes the HOC
    # double array from the element pointed at on (elements 1..4 of 6), from floats
    'hocptr_address': dict(
        mods=['ptrfill.mod'],
        setup='''
create soma
objref pf
soma pf = new ptrfill(.5)
double arr[6]
arr[5] = 9
setpointer pf.p, arr[1]
pf.fill(4, 2.5)
''',
        record=['arr[0]', 'arr[1]', 'arr[2]', 'arr[3]', 'arr[4]', 'arr[5]', 'pf.p'],
        v_init=-65., tstop=.05, dt=.025),
    # a mechanism without a current: BREAKPOINT's statements after its SOLVE run with the
    # states (nocmodl's nrn_state), here a sensor read by a POINTER of another mechanism
    'nocurrent': dict(
        mods=['sensor.mod', 'ptrd.mod'],
        setup='''
create soma
soma { L = 20  diam = 20  insert pas  g_pas = 1e-4  e_pas = -65  insert sensor  insert ptrd }
objref st, st2
soma st = new IClamp(.5)
st.del = 1
st.dur = 5
st.amp = .1
soma st2 = new IClamp(.5)
st2.dur = 1e9
setpointer soma.src_ptrd(.5), soma.y_sensor(.5)
setpointer soma.dst_ptrd(.5), st2.amp
''',
        record=['soma.v(.5)', 'soma.y_sensor(.5)', 'soma.x_ptrd(.5)', 'st2.amp'],
        v_init=-65., tstop=15., dt=.025),
    # the same POINTERs under CVode (HOC setup only), sampled at whole milliseconds
    'pointer_cvode': dict(
        mods=['gapj.mod', 'ptrd.mod'],
        setup=None,
        vectors=['va', 'vb', 'vx'], v_init=-65., tstop=20., dt=.025),
    # WATCH in NET_RECEIVE: an integrate-and-fire point process on a membrane, its net_event
    # driving a synapse on another cell, its refractory period by net_send self events
    'watch': dict(
        mods=['ifwatch.mod'],
        setup=WATCH_SETUP,
        record=['soma.v(.5)', 'cell.gr', 'cell.nspike', 'post.v(.5)', 'es.g'],
        v_init=-65., tstop=40., dt=.025),
    # the same under CVode: the WATCH crossings found at the integrator's steps (the spike
    # times its net_event sends, recorded by the NetCon)
    'watch_cvode': dict(
        mods=['ifwatch.mod'],
        setup=WATCH_SETUP + '''
objref tv, cvode_
tv = new Vector()
rec_ = nc.record(tv)
cvode_ = new CVode()
rec_ = cvode_.active(1)
''',
        vectors=['tv'], v_init=-65., tstop=40., dt=.025),
    # a point process that writes ica (with a calcium pool) and sends itself events
    'casyn': dict(
        mods=['casend.mod', 'cad.mod'],
        setup='''
create soma
soma { L = 20  diam = 20  insert pas  g_pas = 1e-4  e_pas = -65  insert cad }
objref sy, ns, nc
soma sy = new casend(.5)
ns = new NetStim()
ns.start = 2
ns.interval = 5
ns.number = 4
ns.noise = 0
nc = new NetCon(ns, sy)
nc.weight = .005
nc.delay = 1
''',
        record=['soma.v(.5)', 'sy.g', 'sy.nev', 'soma.cai(.5)', 'soma.eca(.5)',
                'soma.ica(.5)'],
        v_init=-65., tstop=30., dt=.025),
    # x' read under derivimplicit: nocmodl's Dx as each Newton evaluation leaves it
    'prime_reads_derivimplicit': _prime_reads('pr_di'),
    # derivimplicit under secondorder = 2: each state moves on by dt*x' after the solve
    'derivimplicit_secondorder': dict(
        mods=['nlin.mod', 'cachan.mod', 'cad.mod'],
        setup=_soma_iclamp('L = 10  diam = 10  insert nlin  insert cachan  insert cad  '
                           'insert pas  g_pas = 1e-4',
                           '1 5 .05', 'secondorder = 2\n'),
        record=['soma.v(.5)', 'soma.x_nlin(.5)', 'soma.cai(.5)', 'soma.s_cachan(.5)'],
        v_init=-65., tstop=15., dt=.025),
    # a TABLE reading a GLOBAL that INITIAL assigns (built at its first call, in INITIAL);
    # a point process's GLOBAL under its suffixed HOC name
    'table_after_initial': dict(
        mods=['tabinit.mod', 'ppglob.mod', 'nachan.mod'],
        setup='''
create soma
soma { L = 20  diam = 20  insert tabinit  insert nachan  insert pas  g_pas = 1e-4 }
celsius = 20
tau_ppglob = 3
objref p, st
soma p = new ppglob(.5)
soma st = new IClamp(.5)
st.del = 1
st.dur = 20
st.amp = .3
''',
        record=['soma.v(.5)', 'soma.n_tabinit(.5)', 'ntau_tabinit', 'qk_tabinit', 'tadj_tabinit',
                'p.s',
                'p.i', 'tau_ppglob'],
        v_init=-65., tstop=25., dt=.025),
    # a point process reading diam and area it does not declare: nocmodl gives them the
    # section's geometry at the node (a tapered dendrite: each segment's own)
    'ppdiam': dict(
        mods=['ppdiam.mod'],
        setup='''
create soma, dend
connect dend(0), soma(1)
soma { L = 10  diam = 10  insert pas  g_pas = 1e-4  e_pas = -65 }
dend { nseg = 5  pt3dadd(0, 0, 0, 4)  pt3dadd(100, 0, 0, 1)  insert pas  g_pas = 1e-4  e_pas = -65 }
objref p1, p2
soma p1 = new ppdiam(.5)
dend p2 = new ppdiam(.7)
''',
        record=['soma.v(.5)', 'dend.v(.7)', 'p1.x', 'p2.x', 'p2.y', 'p2.i'],
        v_init=-65., tstop=5., dt=.025),
    # a concentration writer (cad) registered after a mechanism reading cai (acaread) and
    # the calcium channel (cachan): NEURON runs it first (nrn_writes_conc's memb_order_)
    'conc_writer_order': dict(
        mods=['acaread.mod', 'cachan.mod', 'cad.mod', 'kdr.mod'],
        setup=_soma_iclamp('L = 10  diam = 10  insert acaread  insert cachan  insert cad  '
                           'insert kdr  gbar_cachan = .005',
                           '1 5 .15'),
        record=['soma.v(.5)', 'soma.cai(.5)', 'soma.w_acaread(.5)', 'soma.ica(.5)'],
        v_init=-65., tstop=10., dt=.025),
    # two SUFFIX nothing files (libraries, no mechanism): FUNCTIONs, a PROCEDURE and GLOBALs
    # (declared, and a PARAMETER not declared: global too) by their plain names, called and
    # set from HOC and from Python, a FUNCTION that counts its calls, a TABLE'd FUNCTION
    'library': dict(
        mods=['libfa.mod', 'libfb.mod'],
        setup=_soma_iclamp('L = 20  diam = 20  insert hh', '1 20 .3',
                           'setgain(1.5)\nslope = 4\n'),
        py=lambda h: (h.setgain(h.gain * 2 + h.lin(0)), setattr(h, 'vhalf', -45.),
                      setattr(h, 'offset', .25)),
        record=['soma.v(.5)', 'lin(t)', 'sq(t - 5)', 'boltz(soma.v(.5))', 'ptab(soma.v(.5))',
                'bump(1)', 'nbump', 'gain', 'offset', 'vhalf', 'slope', 'usetable'],
        v_init=-65., tstop=10., dt=.025),
    # Vector methods a SUFFIX nothing file's C installs (install_vector_method): Vector
    # elements through double pointers, resize, a heap int array in a file-level pointer
    'vecmeth': dict(
        mods=['vecmeth.mod'],
        setup=_soma_iclamp('L = 20  diam = 20  insert hh', '1 20 .3', '''
{install_vecmeth()  install_vecmeth()}
objref va, vb, vm, vi, vg
va = new Vector(5)
vb = new Vector(5)
{va.indgen(1, 1)  vb.indgen(.5, -.3)}
wd1 = va.wdot(vb)
wd2 = va.wdot(vb, 3)
vm = new Vector(2)
ok = vm.outer(va, vb)
vi = new Vector(4)
vi.x[0] = 3
vi.x[2] = 4.7
vi.x[3] = 1
vg = new Vector()
g0 = vg.gather(va)
nk = vi.keepidx()
g1 = vg.gather(vb)
'''),
        record=['soma.v(.5)', 'wd1', 'wd2', 'ok', 'vm.size', 'vm.x[7]', 'vm.sum', 'g0', 'nk',
                'g1', 'vg.size', 'vg.x[0]', 'vg.x[2]', 'vg.sum', 'vi.keepidx(1)',
                'vg.gather(va)', 'VECMETH_INSTALLED'],
        v_init=-65., tstop=.5, dt=.025),
    # more of the C interface: a local header, List arguments, out-parameters, continue in
    # a for loop, HOC functions called by name from C, strings, drand48
    'veclib': dict(
        mods=['veclib.mod'], files=['veclib.h'],
        setup=_soma_iclamp('L = 20  diam = 20  insert hh', '1 20 .3', '''
install_veclib()
func sqhoc() { return $1*$1 + $2 }
objref ls, va, vb, vs, vf, vd
ls = new List()
va = new Vector(4)
vb = new Vector(3)
{va.indgen(1, 2)  vb.indgen(-1, .5)}
ls.append(va)
ls.append(new List())
ls.append(vb)
vs = new Vector(7)
ns = vs.lsum(ls)
sp = va.spread()
vf = va.c
af = vf.applyf("sqhoc")
vd = new Vector(5)
nd = vd.drfill(17)
px = 2
tp = va.topoint(&px)
objref fin
nw = va.cwrite("/tmp/pyhoc_veclib_case.txt")
fin = new File()
fin.ropen("/tmp/pyhoc_veclib_case.txt")
fs = 0
for i = 1, nw { fs = fs * 10 + fin.scanvar() }
fin.close()
kg1 = va.keepgrow(3, &px)
kl1 = px
kg2 = vb.keepgrow(7, &px)
'''),
        record=['soma.v(.5)', 'ns', 'vs.size', 'vs.x[0]', 'vs.x[1]', 'sp', 'vb.spread()',
                'af', 'vf.x[0]', 'vf.x[3]', 'nd', 'vd.x[0]', 'vd.x[4]', 'vd.sum', 'px', 'tp', 'nw', 'fs', 'kg1', 'kl1', 'kg2'],
        v_init=-65., tstop=.25, dt=.025),
}


def run_case(h, case) -> dict:
    """Run a case with ``h`` (NEURON's or pyhoc's): the recorded expressions at each step."""
    h(case['setup'])
    if 'py' in case:            # the Python forms of the same setup
        case['py'](h)
    h.dt = case['dt']
    h('objref rec_vals_')
    atol = case.get('cvode')
    if atol:                # variable step: sampled at multiples of dt by cvode.solve
        h('objref cvode_\ncvode_ = new CVode()')
        h.cvode_.active(1)
        h.cvode_.atol(atol)
        if 'daspk' in case:         # IDA (NEURON's daspk) in place of CVODE, or not
            h.cvode_.use_daspk(int(case['daspk']))
    h.finitialize(case['v_init'])
    if 'vectors' in case:       # (CVode: the Vectors at the end, not a sample per step)
        while h.t < case['tstop']:
            h.fadvance()
        h(case.get('post', ''))
        return {e: list(getattr(h, e)) for e in case['vectors']}
    out = {e: [] for e in case['record']}

    def sample():
        for e in case['record']:
            h('rec_x_ = %s' % e)
            out[e].append(h.rec_x_)
    sample()
    nstep = int(round(case['tstop'] / case['dt']))
    for k in range(nstep):
        if atol:
            h.cvode_.solve((k + 1) * case['dt'])
        else:
            h.fadvance()
        sample()
    if atol:
        h.cvode_.active(0)
    return out


# (after the table: it reuses the POINTER case's model)
CASES['pointer_cvode']['setup'] = CASES['pointer']['setup'] + '''
setpointer gb.vgap, a.v(.5)
setpointer b.src_ptrd(.5), a.v(.5)
setpointer b.src_ptrd(.9), b.v(.1)
objref va, vb, vx, tr, cvode_
tr = new Vector(21)
tr.indgen()
va = new Vector()
vb = new Vector()
vx = new Vector()
va.record(&a.v(.5), tr)
vb.record(&b.v(.9), tr)
vx.record(&b.x_ptrd(.9), tr)
cvode_ = new CVode()
rec_ = cvode_.active(1)
'''

# LONGITUDINAL_DIFFUSION: sodium (an ion STATE) and calcium in radial rings (an array STATE)
# diffusing along a tree: a soma with the sources, a dendrite at its 1 end (parent: the
# soma's last segment behind the zero-area end node), one at its 0 end (parent: the root
# node, then the soma's first segment), one at the middle of the first dendrite, rallbranch
LDIFUS_SETUP = '''
create soma, d1, d2, d3
soma { L = 10  diam = 10  nseg = 1  insert hh  insert cachan  gbar_cachan = .01 }
d1 { L = 20  diam = 2  nseg = 5 }
d2 { L = 12  diam = 1.5  nseg = 3  rallbranch = 2 }
d3 { L = 8  diam = 1  nseg = 2 }
connect d1(0), soma(1)
connect d2(0), soma(0)
connect d3(0), d1(.5)
forall { insert nadif  insert cadring }
forsec "d" { insert pas  g_pas = 1e-4  e_pas = -65 }
objref st
soma st = new IClamp(.5)
st.del = 1
st.dur = 20
st.amp = .4
'''
_LDIFUS_REC = ['soma.v(.5)', 'soma.nai(.5)', 'd1.nai(.1)', 'd1.nai(.9)', 'd2.nai(.5)',
               'd3.nai(.25)', 'soma.cai(.5)', 'd1.cai(.3)', 'd1.ca_cadring[2](.9)',
               'd2.cai(.9)', 'd3.ca_cadring[1](.75)']
CASES['ldifus'] = dict(mods=['nadif.mod', 'cadring.mod', 'cachan.mod'], setup=LDIFUS_SETUP,
                       record=_LDIFUS_REC, v_init=-65., tstop=25., dt=.025)
CASES['ldifus_cvode'] = dict(mods=['nadif.mod', 'cadring.mod', 'cachan.mod'],
                             setup=LDIFUS_SETUP, record=_LDIFUS_REC, v_init=-65., tstop=25.,
                             dt=.25, cvode=1e-5)
# a calcium pool whose STATE is the ion's cai under CVode: y holds the ion's concentration
# (eca follows it in the same evaluation), as NEURON's _ode_map points there
CASES['calcium_cvode'] = dict(CASES['calcium'], dt=.25, cvode=1e-5)
# the same three under IDA (use_daspk): its y holds the same states, placed, differentiated and
# solved as CVode's (the ion's cai, the synonyms cai = ca[0], the diffusion along the tree)
CASES['calcium_daspk'] = dict(CASES['calcium_cvode'], daspk=True)
CASES['kinetic_shells_daspk'] = dict(CASES['kinetic_shells_cvode'], daspk=True)
CASES['ldifus_daspk'] = dict(CASES['ldifus_cvode'], daspk=True)
# EXTERNAL: a point process reading another mechanism's GLOBALs and setting one in INITIAL
# (gl_extsrc = 3 changes extsrc's current; seen counts nrn_cur's two evaluations)
CASES['external'] = dict(
    mods=['extsrc.mod', 'extuse.mod'],
    setup='''
create soma
soma { L = 20  diam = 20  insert extsrc }
objref ex
soma ex = new extuse(.5)
''',
    record=['soma.v(.5)', 'ex.seen', 'gl_extsrc', 'vmax_extsrc', 'soma.i_extsrc(.5)'],
    v_init=-60., tstop=10., dt=.025)
# scopmath's stepforce(t, "file"): a conductance stepping through a data file's values (read
# as C floats, sorted by time, the value at or below t)
CASES['stepforce'] = dict(
    mods=['sforce.mod'], files=['sforce.dat'],
    setup=_soma_iclamp('L = 20  diam = 20  insert sforce  insert pas  g_pas = 1e-4  '
                       'e_pas = -65', '1 1 0'),
    record=['soma.v(.5)', 'soma.gt_sforce(.5)', 'soma.i_sforce(.5)'],
    v_init=-65., tstop=10., dt=.025)
# CVode's y in NEURON's order: a KINETIC mechanism's states as its scheme's rows (nocmodl's
# _slist1: B, CaB, ca), as dstates lists them
CASES['kinetic_shells_dstates'] = dict(
    CASES['kinetic_shells_cvode'], tstop=3.,
    setup=CASES['kinetic_shells_cvode']['setup'] + 'objref dv_\ndv_ = new Vector()\n',
    post='cvode_.dstates(dv_)', vectors=['dv_'])
# ... and a DERIVATIVE block's states in the order of their x' equations (b, a)
CASES['derivative_dstates'] = dict(
    mods=['revord.mod'],
    setup=_soma_iclamp('L = 20  diam = 20  insert revord  insert pas  g_pas = 1e-4',
                       '1 3 .2', 'objref dv_\ndv_ = new Vector()\n'),
    post='cvode_.dstates(dv_)', vectors=['dv_'], v_init=-65., tstop=4., dt=.25, cvode=1e-5)
