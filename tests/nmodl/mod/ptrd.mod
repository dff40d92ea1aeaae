TITLE ptrd: follows a remote variable (pyhoc test: POINTERs read in DERIVATIVE, written in BREAKPOINT)
NEURON {
    SUFFIX ptrd
    POINTER src, dst
    RANGE tau, gain, gl, i
    NONSPECIFIC_CURRENT i
}
UNITS { (mA) = (milliamp)  (mV) = (millivolt)  (S) = (siemens) }
PARAMETER { tau = 2 (ms)  gain = .0005  gl = 1e-5 (S/cm2) }
ASSIGNED { v (mV)  src  dst  i (mA/cm2) }
STATE { x }
INITIAL { x = src }
BREAKPOINT {
    SOLVE st METHOD cnexp
    dst = gain*(x + 65)
    i = gl*(v - x)
}
DERIVATIVE st { x' = (src - x)/tau }
