TITLE AlphaSynapse: conductance gmax*(t - onset)/tau*exp(-((t - onset) - tau)/tau) (pyhoc's text)

COMMENT
An alpha-function conductance that starts at onset, peaks at gmax when t - onset = tau and
is cut off 10*tau after onset.
ENDCOMMENT

NEURON {
    POINT_PROCESS AlphaSynapse
    RANGE onset, tau, gmax, e, i
    NONSPECIFIC_CURRENT i
    THREADSAFE
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    onset = 0 (ms)
    tau = .1 (ms) <1e-3, 1e6>
    gmax = 0 (uS) <0, 1e9>
    e = 0 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
    g (uS)
}

BREAKPOINT {
    if (gmax) {
        at_time(onset)
    }
    g = cond(t)
    i = g*(v - e)
}

FUNCTION cond(x (ms)) (uS) {
    if (x < onset || x > onset + 10*tau) {
        cond = 0
    } else {
        cond = gmax * (x - onset)/tau * exp(-(x - onset - tau)/tau)
    }
}
