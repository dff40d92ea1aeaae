TITLE kick: current pulses timed by self-events sent from INITIAL (pyhoc test)
NEURON {
    POINT_PROCESS kick
    RANGE start, amp, dur, i, n
    ELECTRODE_CURRENT i
}
UNITS {
    (nA) = (nanoamp)
}
PARAMETER {
    start = 1 (ms)
    amp = .3 (nA)
    dur = .5 (ms)
}
ASSIGNED {
    i (nA)
    on
    n
}
INITIAL {
    on = 0
    n = 0
    net_send(start, 1)
}
BREAKPOINT {
    i = on*amp
}
NET_RECEIVE (w) {
    if (flag == 1) {
        on = 1
        n = n + 1
        net_send(dur, 2)
    } else if (flag == 2) {
        on = 0
        if (n < 3) {
            net_send(2*dur + .1*n, 1)
        }
    }
}
