: RANGE names no block declares (inactF, actF): nocmodl makes no variable of them
NEURON {
    SUFFIX rundecl
    RANGE gbar, inactF, actF
    NONSPECIFIC_CURRENT i
}
PARAMETER { gbar = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT { i = gbar * (v + 70) }
