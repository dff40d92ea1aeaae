: a library of functions (SUFFIX nothing): HOC knows them by their plain names
NEURON {
    SUFFIX nothing
    GLOBAL gain, nbump
}

PARAMETER {
    gain = 2
    offset = 0.5      : not GLOBAL: still a global, without a suffix
}

ASSIGNED { nbump }

FUNCTION lin(x) {
    lin = gain*x + offset
}

FUNCTION sq(x) {
    sq = lin(x)*lin(x)
}

PROCEDURE setgain(g) {
    gain = g
}

FUNCTION bump(x) {
    nbump = nbump + x
    bump = nbump
}
