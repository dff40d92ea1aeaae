: cnexp on an equation nocmodl cannot differentiate (its state in a divisor): derivimplicit
NEURON {
    SUFFIX cnl2
    NONSPECIFIC_CURRENT i
    RANGE z
}
PARAMETER { g = 1e-4 (S/cm2) }
ASSIGNED { v (mV)  i (mA/cm2) }
STATE { z }
INITIAL { z = .1 }
BREAKPOINT {
    SOLVE states METHOD cnexp
    i = g*z*(v + 70)
}
DERIVATIVE states {
    z' = (3 - z)/(1 + z) + .01*(v + 65)
}
