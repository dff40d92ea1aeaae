TITLE cachan: a high-threshold calcium current (pyhoc test, reads eca, writes ica)
NEURON {
    SUFFIX cachan
    USEION ca READ eca WRITE ica
    RANGE gbar
}
UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
}
PARAMETER {
    gbar = .002 (S/cm2)
    tau = 1 (ms)
}
ASSIGNED {
    v (mV)
    eca (mV)
    ica (mA/cm2)
}
STATE { s }
BREAKPOINT {
    SOLVE states METHOD cnexp
    ica = gbar*s*s*(v - eca)
}
INITIAL {
    s = sinf(v)
}
DERIVATIVE states {
    s' = (sinf(v) - s)/tau
}
FUNCTION sinf(v (mV)) {
    sinf = 1/(1 + exp(-(v + 20)/5))
}
