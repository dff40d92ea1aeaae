: FUNCTION_TABLEs: a gate's steady state and time constant given from HOC
NEURON {
    SUFFIX ftab
    USEION k READ ek WRITE ik
    RANGE gbar, n
}
PARAMETER { gbar = .01 (S/cm2) }
ASSIGNED { v (mV)  ek (mV)  ik (mA/cm2) }
STATE { n }
FUNCTION_TABLE ninf(v (mV))
FUNCTION_TABLE ntau(v (mV)) (ms)
INITIAL { n = ninf(v) }
BREAKPOINT {
    SOLVE states METHOD cnexp
    ik = gbar*n*n*n*n*(v - ek)
}
DERIVATIVE states {
    n' = (ninf(v) - n)/ntau(v)
}
