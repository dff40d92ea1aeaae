TITLE cadring: calcium in 3 radial rings that also diffuses along the cable (pyhoc test, LONGITUDINAL_DIFFUSION of an array STATE, indexed volumes, a name that is no STATE in COMPARTMENT: dropped)
NEURON {
    SUFFIX cadring
    USEION ca READ cai, ica WRITE cai
    RANGE ca
    GLOBAL Dax, Drad, vr, fr
}
DEFINE NR 3
UNITS {
    (mM) = (milli/liter)
    (mA) = (milliamp)
    (um) = (micron)
    FARADAY = (faraday) (10000 coulomb)
    PI = (pi) (1)
}
PARAMETER {
    Dax = 20 (um2/ms)
    Drad = .3 (um2/ms)
}
ASSIGNED {
    diam (um)
    ica (mA/cm2)
    cai (mM)
    vr[NR]
    fr[NR]
}
STATE {
    ca[NR] (mM) <1e-7>
}
INITIAL {
    rings()
    FROM i=0 TO NR-1 {
        ca[i] = cai
    }
}
BREAKPOINT {
    SOLVE conc METHOD sparse
}
PROCEDURE rings() {
    LOCAL r, dr
    r = 1/2
    dr = r/NR
    FROM i=0 TO NR-1 {
        vr[i] = PI*(r*r - (r - dr)*(r - dr))
        fr[i] = 2*PI*(r - dr)/dr
        r = r - dr
    }
}
KINETIC conc {
    COMPARTMENT i, diam*diam*vr[i] {ca Drad}
    LONGITUDINAL_DIFFUSION i, Dax*diam*diam*vr[i] {ca}
    ~ ca[0] << (-ica*PI*diam/(2*FARADAY))
    FROM i=0 TO NR-2 {
        ~ ca[i] <-> ca[i+1] (Drad*fr[i], Drad*fr[i])
    }
    cai = ca[0]
}
