TITLE cashell: radial calcium diffusion in 4 shells with a buffer (pyhoc test, KINETIC array species, indexed COMPARTMENT)
NEURON {
    SUFFIX cashell
    USEION ca READ cai, ica WRITE cai
    RANGE ca, CaB, B
    GLOBAL vrat, DCa, kon, koff, Btot
}
DEFINE NS 4
UNITS {
    (mM) = (milli/liter)
    (mA) = (milliamp)
    (um) = (micron)
    FARADAY = (faraday) (10000 coulomb)
    PI = (pi) (1)
}
PARAMETER {
    DCa = .6 (um2/ms)
    kon = 100 (/mM-ms)
    koff = .1 (/ms)
    Btot = .04 (mM)
}
ASSIGNED {
    diam (um)
    ica (mA/cm2)
    cai (mM)
    vrat[NS]
    frat[NS]
}
STATE {
    ca[NS] (mM) <1e-6>
    CaB[NS] (mM)
    B[NS] (mM)
}
LOCAL dsq, dsqv
INITIAL {
    shells()
    FROM i=0 TO NS-1 {
        ca[i] = cai
        B[i] = Btot/(1 + kon*cai/koff)
        CaB[i] = Btot - B[i]
    }
}
BREAKPOINT {
    SOLVE state METHOD sparse
}
PROCEDURE shells() {
    LOCAL r, dr
    r = 1/2
    dr = r/(NS - 1)/2
    vrat[0] = 0
    frat[0] = 2*r
    FROM i=0 TO NS-2 {
        vrat[i] = vrat[i] + PI*(r - dr/2)*2*dr
        r = r - dr
        frat[i+1] = 2*PI*r/(2*dr)
        r = r - dr
        vrat[i+1] = PI*(r + dr/2)*2*dr
    }
}
KINETIC state {
    COMPARTMENT i, diam*diam*vrat[i] {ca CaB B}
    ~ ca[0] << (-ica*PI*diam/(2*FARADAY))
    FROM i=0 TO NS-2 {
        ~ ca[i] <-> ca[i+1] (DCa*frat[i+1], DCa*frat[i+1])
    }
    dsq = diam*diam
    FROM i=0 TO NS-1 {
        dsqv = dsq*vrat[i]
        ~ ca[i] + B[i] <-> CaB[i] (kon*dsqv, koff*dsqv)
    }
    cai = ca[0]
}
