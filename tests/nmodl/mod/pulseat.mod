COMMENT
A current pulse switched on t in BREAKPOINT, with at_time at its onset and end (as NEURON's
IClamp): under CVode the integration stops at each and starts again there.  dtseen is the dt
the BREAKPOINT reads (CVode: its present step size).
ENDCOMMENT

NEURON {
    POINT_PROCESS PulseAT
    RANGE onset, dur, amp, i, dtseen
    ELECTRODE_CURRENT i
}

UNITS { (nA) = (nanoamp) }

PARAMETER {
    onset = 1 (ms)
    dur = 2 (ms)
    amp = .1 (nA)
}

ASSIGNED {
    i (nA)
    dtseen (ms)
}

INITIAL { i = 0 }

BREAKPOINT {
    at_time(onset)
    at_time(onset + dur)
    dtseen = dt
    if (t < onset + dur && t >= onset) {
        i = amp
    } else {
        i = 0
    }
}
