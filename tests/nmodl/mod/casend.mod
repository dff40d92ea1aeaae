TITLE casend: a synapse carrying calcium (pyhoc test: point process USEION, net_send self events)
NEURON {
    POINT_PROCESS casend
    USEION ca READ eca WRITE ica
    NONSPECIFIC_CURRENT i
    RANGE tau, e, frac, g, i, nev
}
UNITS { (nA) = (nanoamp)  (mV) = (millivolt)  (uS) = (microsiemens) }
PARAMETER { tau = 3 (ms)  e = 0 (mV)  frac = .2 }
ASSIGNED { v (mV)  eca (mV)  i (nA)  ica (nA)  nev }
STATE { g (uS) }
INITIAL { g = 0  nev = 0 }
BREAKPOINT {
    SOLVE st METHOD cnexp
    i = (1 - frac)*g*(v - e)
    ica = frac*g*(v - eca)
}
DERIVATIVE st { g' = -g/tau }
NET_RECEIVE(w (uS)) {
    if (flag == 0) {
        g = g + w
        nev = nev + 1
        net_send(1.5, 1)
    } else {
        g = g + .5*w
    }
}
