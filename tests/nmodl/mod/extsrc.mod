TITLE extsrc: a leak whose GLOBALs another mechanism reaches by EXTERNAL (pyhoc test)
NEURON {
    SUFFIX extsrc
    NONSPECIFIC_CURRENT i
    RANGE g
    GLOBAL gl, vmax
}
UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
}
PARAMETER {
    g = 1e-4 (S/cm2)
    gl = 2
}
ASSIGNED {
    v (mV)
    i (mA/cm2)
    vmax (mV)
}
INITIAL {
    vmax = v
}
BREAKPOINT {
    i = g*gl*(v + 70)
}
