: A spike source whose threshold rises after each of its spikes and relaxes back: a POINTER
: at a NetCon's threshold (setpointer pp.thr, nc.threshold), written in BREAKPOINT and INITIAL;
: the NetCon delivers its spikes here (NET_RECEIVE) so the threshold knows when they were
NEURON {
    POINT_PROCESS thrptr
    RANGE base, jump, tau, last, nspk
    POINTER thr
}
UNITS { (mV) = (millivolt) }
PARAMETER {
    base = -20 (mV)
    jump = 40 (mV)
    tau = 3 (ms)
}
ASSIGNED { thr (mV)  last (ms)  nspk }
INITIAL {
    last = -1e9
    nspk = 0
    thr = base
}
BREAKPOINT {
    thr = base + jump * exp((last - t) / tau)
}
NET_RECEIVE(w) {
    last = t
    nspk = nspk + 1
}
