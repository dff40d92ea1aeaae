COMMENT
A train of conductance kicks at fixed times: at_time(te) in BREAKPOINT, each kick a
state_discontinuity of a decaying conductance g (one kick at t = 0 too, ignored at
finitialize as NEURON ignores it there).  Also counts BREAKPOINT evaluations that saw a kick.
ENDCOMMENT

NEURON {
    SUFFIX attime
    NONSPECIFIC_CURRENT i
    RANGE gmax, start, interval, n, e, nseen
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
}

PARAMETER {
    gmax = .001 (S/cm2)
    start = 0 (ms)
    interval = 1.3 (ms)
    n = 4
    e = 0 (mV)
    tau = 2 (ms)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
    nseen
}

STATE { g }

INITIAL {
    g = 0
    nseen = 0
}

BREAKPOINT {
    LOCAL k
    SOLVE decay METHOD cnexp
    FROM k = 0 TO n - 1 {
        IF (at_time(start + k*interval)) {
            state_discontinuity(g, g + gmax)
            nseen = nseen + 1
        }
    }
    i = g*(v - e)
}

DERIVATIVE decay {
    g' = -g/tau
}
