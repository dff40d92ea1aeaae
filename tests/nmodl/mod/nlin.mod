TITLE nlin: a gate with a nonlinear equation (pyhoc test, derivimplicit)
NEURON {
    SUFFIX nlin
    NONSPECIFIC_CURRENT i
    RANGE g, e, k
}
PARAMETER {
    g = .001 (S/cm2)
    e = -70 (mV)
    k = .5 (/ms)
}
ASSIGNED { v (mV) i (mA/cm2) }
STATE { x }
INITIAL { x = .1 }
BREAKPOINT {
    SOLVE dx METHOD derivimplicit
    i = g*x*(v - e)
}
DERIVATIVE dx {
    x' = k*(1 - x) - (1 + exp((v + 40)/10))*x*x
}
