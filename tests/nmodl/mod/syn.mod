TITLE syn: a facilitating synapse (pyhoc test: NET_RECEIVE with weight vector, flag, net_send)
NEURON {
    POINT_PROCESS syn
    RANGE tau, e, i, nsp, fac
    NONSPECIFIC_CURRENT i
}
UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}
PARAMETER {
    tau = 2 (ms)
    e = 0 (mV)
    fac = .5
}
ASSIGNED {
    v (mV)
    i (nA)
    nsp
}
STATE { g (uS) }
INITIAL { g = 0  nsp = 0 }
BREAKPOINT {
    SOLVE state METHOD cnexp
    i = g*(v - e)
}
DERIVATIVE state { g' = -g/tau }
NET_RECEIVE(w (uS), f, tlast (ms)) {
    INITIAL { f = 1  tlast = -1e9 }
    if (flag == 0) {
        g = g + w*f
        f = f + fac
        tlast = t
        nsp = nsp + 1
        net_send(1, 1)
    } else {
        g = g + .25*w
    }
}
