: A synapse whose NET_RECEIVE changes only an ASSIGNED (on) that its DERIVATIVE reads: under
: local steps its cell must restart at each event (tests/nmodl/test_netreceive_local.py)
NEURON {
    POINT_PROCESS onsyn
    RANGE on, tau, e
    NONSPECIFIC_CURRENT i
}
PARAMETER {
    tau = 0.5 (ms)
    e = 0 (mV)
}
ASSIGNED {
    v (mV)
    i (nA)
    on
}
STATE { g }
INITIAL {
    g = 0
    on = 0
}
BREAKPOINT {
    SOLVE states METHOD cnexp
    i = g*(v - e)
}
DERIVATIVE states {
    g' = (on - g)/tau
}
NET_RECEIVE (w) {
    on = on + w
}
