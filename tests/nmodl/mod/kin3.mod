TITLE kin3: a three-state Markov channel (pyhoc test, KINETIC sparse, CONSERVE, STEADYSTATE)
NEURON {
    SUFFIX kin3
    USEION na READ ena WRITE ina
    RANGE gbar, g
    GLOBAL a0, b0
}
UNITS { (mV) = (millivolt) (mA) = (milliamp) (S) = (siemens) }
PARAMETER {
    gbar = .02 (S/cm2)
    a0 = 2 (/ms)
    b0 = .2 (/ms)
    ki = .0501234567 (/ms)    : NEURON has it as 0.0501235 (nocmodl writes defaults with %g)
    kr = .01 (/ms)
}
ASSIGNED { v (mV) ena (mV) ina (mA/cm2) g (S/cm2) a (/ms) b (/ms) }
STATE { c o i }
INITIAL {
    SOLVE scheme STEADYSTATE sparse
}
BREAKPOINT {
    SOLVE scheme METHOD sparse
    g = gbar*o
    ina = g*(v - ena)
}
KINETIC scheme {
    rates(v)
    ~ c <-> o (a, b)
    ~ o <-> i (ki, kr*exp(-(v + 60)/20))
    CONSERVE c + o + i = 1
}
PROCEDURE rates(v (mV)) {
    a = a0*exp((v + 40)/10)
    b = b0*exp(-(v + 40)/20)
}
