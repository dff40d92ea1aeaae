: a derivative read in expressions (nocmodl's Dx): before its equation (the last value) and after
NEURON {
    SUFFIX pr_eul
    NONSPECIFIC_CURRENT i
    RANGE a, q
}
PARAMETER { g = 1e-4 (S/cm2)  tau = 3 (ms) }
ASSIGNED { v (mV)  i (mA/cm2)  q }
STATE { a b }
INITIAL { a = 0  b = 0 }
BREAKPOINT {
    SOLVE states METHOD euler
    i = g*(1 + a + b)*(v + 70)
}
DERIVATIVE states {
    b' = (a - b)/tau + .1*a'
    a' = (.02*(v + 65) - a)/tau
    q = a'*a'
}
