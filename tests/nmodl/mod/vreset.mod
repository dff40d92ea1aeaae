TITLE vreset: an event sets the node's voltage (pyhoc test: v assigned in NET_RECEIVE)
NEURON {
    POINT_PROCESS vreset
    RANGE vr, n
}
PARAMETER {
    vr = -20 (mV)
}
ASSIGNED {
    v (mV)
    n
}
INITIAL {
    n = 0
}
NET_RECEIVE (w) {
    n = n + 1
    v = vr + w * n
}
