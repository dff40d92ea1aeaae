TITLE gapj: a gap junction half (pyhoc test: POINTER read in BREAKPOINT)
NEURON {
    POINT_PROCESS gapj
    POINTER vgap
    RANGE g, i
    NONSPECIFIC_CURRENT i
}
UNITS { (nA) = (nanoamp)  (mV) = (millivolt)  (uS) = (microsiemens) }
PARAMETER { g = .005 (uS) }
ASSIGNED { v (mV)  vgap (mV)  i (nA) }
BREAKPOINT { i = g*(v - vgap) }
