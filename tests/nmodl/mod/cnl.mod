: cnexp on equations that are not x' = A + B*x: a polynomial (nocmodl drops A), one free of
: its state (an Euler step), as NEURON 9.0.2 translates them
NEURON {
    SUFFIX cnl
    NONSPECIFIC_CURRENT i
    RANGE x, u
}
PARAMETER { a = .2 (/ms)  b = .5 (/ms)  g = 1e-4 (S/cm2) }
ASSIGNED { v (mV)  i (mA/cm2) }
STATE { x u }
INITIAL { x = .3  u = 0 }
BREAKPOINT {
    SOLVE states METHOD cnexp
    i = g*(1 + x + u)*(v + 70)
}
DERIVATIVE states {
    x' = a*(1 - x) - b*x*x*(1 + (v + 65)/20)
    u' = .01*(v + 65)
}
