: x' read under derivimplicit (nocmodl's Dx, set at each evaluation of the Newton iteration):
: before its equation (the last evaluation's value, perturbed ones included) and after
NEURON {
    SUFFIX pr_di
    NONSPECIFIC_CURRENT i
    RANGE a, q
}
PARAMETER { g = 1e-4 (S/cm2)  tau = 3 (ms) }
ASSIGNED { v (mV)  i (mA/cm2)  q }
STATE { a b }
INITIAL { a = 0  b = 0 }
BREAKPOINT {
    SOLVE states METHOD derivimplicit
    i = g*(1 + a + b)*(v + 70)
}
DERIVATIVE states {
    b' = (a - b)/tau + .1*a'
    a' = (.02*(v + 65) - a)/tau - .5*a*a
    q = a'*a'
}
