TITLE casyn: a synapse whose current is partly calcium (pyhoc test: a point process with USEION)
COMMENT
The point process reads eca and writes ica: it puts ca_ion in its section even where no density
mechanism uses calcium, and the pool there (cad) sees its current per unit area.
ENDCOMMENT
NEURON {
    POINT_PROCESS casyn
    USEION ca READ eca WRITE ica
    RANGE tau, e, i, frac
    NONSPECIFIC_CURRENT i
}
UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}
PARAMETER {
    tau = 3 (ms)
    e = 0 (mV)
    frac = .1
}
ASSIGNED { v (mV)  eca (mV)  i (nA)  ica (nA) }
STATE { g (uS) }
INITIAL { g = 0 }
BREAKPOINT {
    SOLVE state METHOD cnexp
    i = (1 - frac)*g*(v - e)
    ica = frac*g*(v - eca)
}
DERIVATIVE state { g' = -g/tau }
NET_RECEIVE(w (uS)) { g = g + w }
