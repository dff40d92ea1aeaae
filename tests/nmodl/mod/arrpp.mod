: a point process with array variables and printf
NEURON {
    POINT_PROCESS arrpp
    NONSPECIFIC_CURRENT i
    RANGE w, amp, tot, tau
}
DEFINE M 3
PARAMETER {
    amp[M] (nA)
    tau = 2 (ms)
}
ASSIGNED { i (nA)  w[M]  tot }
STATE { sq }
INITIAL {
    sq = 0
    FROM j=0 TO M-1 {
        w[j] = j + 1
    }
    printf("arrpp init t=%g w[2]=%g\n", t, w[2])
}
BREAKPOINT {
    SOLVE states METHOD cnexp
    tot = 0
    FROM j=0 TO M-1 {
        if (t > 1 + j) { tot = tot + amp[j]*w[j] }
    }
    i = -sq
}
DERIVATIVE states {
    sq' = (tot - sq)/tau
}
