TITLE nadif: sodium that diffuses along the cable (pyhoc test, LONGITUDINAL_DIFFUSION of an ion STATE)
NEURON {
    SUFFIX nadif
    USEION na READ ina WRITE nai
    RANGE Dna
}
UNITS {
    (mM) = (milli/liter)
    (mA) = (milliamp)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
    PI = (pi) (1)
}
PARAMETER {
    Dna = 50 (um2/ms)
}
ASSIGNED {
    diam (um)
    ina (mA/cm2)
}
STATE {
    nai (mM)
}
BREAKPOINT {
    SOLVE flow METHOD sparse
}
KINETIC flow {
    COMPARTMENT PI*diam*diam/4 {nai}
    LONGITUDINAL_DIFFUSION Dna*PI*diam*diam/4 {nai}
    ~ nai << (-ina*PI*diam*(1e4)/FARADAY)
}
