TITLE extuse: a stimulus that reads and writes extsrc's GLOBALs through EXTERNAL (pyhoc test)
NEURON {
    POINT_PROCESS extuse
    ELECTRODE_CURRENT i
    EXTERNAL gl_extsrc, vmax_extsrc
    RANGE amp, seen
}
UNITS {
    (nA) = (nanoamp)
}
PARAMETER {
    amp = .05 (nA)
}
ASSIGNED {
    i (nA)
    seen
}
INITIAL {
    seen = vmax_extsrc
    gl_extsrc = 3
}
BREAKPOINT {
    i = amp*gl_extsrc
    if (t > 5) {
        seen = seen + gl_extsrc
    }
}
