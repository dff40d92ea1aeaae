TITLE tick: one spike at t = 0 from a self-event its INITIAL sends (pyhoc test: the order of point processes sharing a node)
NEURON {
    POINT_PROCESS tick
}
INITIAL {
    net_send(0, 1)
}
NET_RECEIVE (w) {
    net_event(t)
}
