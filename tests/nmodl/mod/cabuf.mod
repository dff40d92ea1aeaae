TITLE cabuf: a calcium shell with a buffer and a pump (pyhoc test, KINETIC, COMPARTMENT, ion write)
NEURON {
    SUFFIX cabuf
    USEION ca READ cao, cai, ica WRITE cai, ica
    RANGE ica_pmp, Btot, kpmp1, CaB, B, pump
    GLOBAL depth, kon, koff
}
UNITS {
    (mM) = (milli/liter)
    (mA) = (milliamp)
    (um) = (micron)
    (mol) = (1)
    FARADAY = (faraday) (coulomb)
    PI = (pi) (1)
}
PARAMETER {
    depth = .2 (um)
    kon = 100 (/mM-ms)
    koff = .1 (/ms)
    Btot = .05 (mM)
    kpmp1 = 3e3 (/mM-ms)
    kpmp2 = 1.75e1 (/ms)
    kpmp3 = 7.255e1 (/ms)
    pmpdens = 3e-14 (mol/cm2)
    leak = 1e-7 (mM/ms)
}
ASSIGNED {
    diam (um)
    area (um2)
    ica (mA/cm2)
    cao (mM)
    ica_pmp (mA/cm2)
    ica_last (mA/cm2)
    parea (um)
    vol (um2)
}
STATE {
    cai (mM) <1e-6>
    CaB (mM)
    B (mM)
    pump (mol/cm2) <1e-15>
    pumpca (mol/cm2) <1e-15>
}
INITIAL {
    vol = PI*(diam - depth)*depth
    parea = PI*diam
    ica = 0
    ica_last = 0
    ica_pmp = 0
    pump = pmpdens
    pumpca = 0
    B = Btot/(1 + kon*cai/koff)
    CaB = Btot - B
    SOLVE state STEADYSTATE sparse
}
BREAKPOINT {
    SOLVE state METHOD sparse
    ica_last = ica_pmp
    ica = ica_pmp
}
KINETIC state {
    COMPARTMENT vol {cai CaB B}
    COMPARTMENT (1e10)*parea {pump pumpca}
    ~ cai + pump <-> pumpca (kpmp1*parea*(1e10), kpmp2*parea*(1e10))
    ~ pumpca <-> pump (kpmp3*parea*(1e10), 0)
    ica_pmp = 2*FARADAY*(f_flux - b_flux)/parea
    ~ cai + B <-> CaB (kon*vol, koff*vol)
    ~ cai << (-(ica - ica_last)*PI*diam/(2*FARADAY) + leak*vol)
    ~ CaB -> (1e-3*vol)
    CONSERVE pump + pumpca = (1e10)*parea*pmpdens
}
