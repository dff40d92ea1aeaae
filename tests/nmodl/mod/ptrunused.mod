: a point process and a density mechanism each declaring a POINTER that nothing reads
: (as ModelDB models keep one from an older version): leaving it unset is no error
NEURON {
    POINT_PROCESS PtrUnusedPP
    POINTER pre
    RANGE g, i
    NONSPECIFIC_CURRENT i
}
PARAMETER { g = 0.001 (uS) }
ASSIGNED { v (mV) i (nA) pre }
BREAKPOINT { i = g * v }
