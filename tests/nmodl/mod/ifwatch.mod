TITLE ifwatch: integrate and fire on a membrane (pyhoc test: WATCH, net_event, net_send)
NEURON {
    POINT_PROCESS ifwatch
    RANGE thresh, vreset, grefr, refr, gr, nspike, i
    NONSPECIFIC_CURRENT i
}
UNITS { (nA) = (nanoamp)  (mV) = (millivolt)  (uS) = (microsiemens) }
PARAMETER { thresh = -55 (mV)  vreset = -70 (mV)  grefr = .5 (uS)  refr = 2 (ms) }
ASSIGNED { v (mV)  i (nA)  gr (uS)  nspike }
INITIAL { gr = 0  nspike = 0  net_send(0, 1) }
BREAKPOINT { i = gr*(v - vreset) }
NET_RECEIVE(w) {
    if (flag == 1) {
        WATCH (v > thresh) 2
    } else if (flag == 2) {
        net_event(t)
        nspike = nspike + 1
        gr = grefr
        net_send(refr, 3)
    } else if (flag == 3) {
        gr = 0
        net_send(0, 1)
    }
}
