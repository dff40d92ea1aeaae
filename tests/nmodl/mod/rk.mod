: METHOD runge: a gate, a coupled pair and an ASSIGNED set in the DERIVATIVE block
NEURON {
    SUFFIX rk
    NONSPECIFIC_CURRENT i
    RANGE g, minf, a, b
}
PARAMETER {
    gbar = .002 (S/cm2)
    e = -80 (mV)
    k = .3 (/ms)
}
ASSIGNED { v (mV)  i (mA/cm2)  g (S/cm2)  minf  mtau (ms) }
STATE { m a b }
INITIAL {
    rates(v)
    m = minf
    a = 1
    b = 0
}
BREAKPOINT {
    SOLVE states METHOD runge
    g = gbar*m*m*(1 + b)
    i = g*(v - e)
}
DERIVATIVE states {
    rates(v)
    m' = (minf - m)/mtau
    a' = -k*a*a + b*exp(-t/5)
    b' = k*a*a - b/2
}
PROCEDURE rates(v (mV)) {
    minf = 1/(1 + exp(-(v + 45)/7))
    mtau = .5 + 3/(1 + exp((v + 40)/12))
}
