TITLE sensor: a mechanism without a current (pyhoc test: BREAKPOINT statements after SOLVE run in nrn_state)
NEURON {
    SUFFIX sensor
    RANGE tau, y
}
UNITS { (mV) = (millivolt) }
PARAMETER { tau = 3 (ms) }
ASSIGNED { v (mV)  y }
STATE { x }
INITIAL { x = 0  y = 0 }
BREAKPOINT {
    SOLVE st METHOD cnexp
    y = x*x/100
}
DERIVATIVE st { x' = (v + 65 - x)/tau }
