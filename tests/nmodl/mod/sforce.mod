TITLE sforce: a conductance read from a data file by scopmath's stepforce (pyhoc test)
NEURON {
    SUFFIX sforce
    NONSPECIFIC_CURRENT i
    RANGE gmax, gt, e
}
UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}
PARAMETER {
    gmax = .002 (S/cm2)
    e = 0 (mV)
}
ASSIGNED {
    v (mV)
    i (mA/cm2)
    gt (1)
}
BREAKPOINT {
    gt = stepforce(t, "sforce.dat")
    i = gmax*gt*(v - e)
}
