: A point process with a GLOBAL (HOC's tau_ppglob, as NEURON names it), an ion variable it
: reads but does not make RANGE (not a member of its HOC object), and a state whose start
: value s0 is no HOC variable.
NEURON {
    POINT_PROCESS ppglob
    GLOBAL tau
    RANGE gmax, e, i
    NONSPECIFIC_CURRENT i
    USEION ca READ cai
}

PARAMETER {
    tau = 2 (ms)
    gmax = .001 (uS)
    e = 0 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
    cai (mM)
}

STATE { s }

INITIAL { s = 1 + cai }

BREAKPOINT {
    SOLVE st METHOD cnexp
    i = gmax*s*(v - e)
}

DERIVATIVE st { s' = -s/tau }
