TITLE cad: a calcium pool under the membrane (pyhoc test, reads ica, writes cai; derivimplicit)
NEURON {
    SUFFIX cad
    USEION ca READ ica WRITE cai
    RANGE depth, taur, cainf
}
UNITS {
    (mM) = (milli/liter)
    (mA) = (milliamp)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
}
PARAMETER {
    depth = .1 (um)
    taur = 20 (ms)
    cainf = 1e-4 (mM)
}
ASSIGNED { ica (mA/cm2) }
STATE { cai (mM) }
INITIAL { cai = cainf }
BREAKPOINT { SOLVE state METHOD derivimplicit }
DERIVATIVE state {
    cai' = -(10000)*ica/(2*FARADAY*depth) - (cai - cainf)/taur
}
