TITLE stim: a sine current through the electrode (pyhoc test, ELECTRODE_CURRENT)
NEURON {
    POINT_PROCESS stim
    RANGE amp, freq, i
    ELECTRODE_CURRENT i
}
UNITS { (nA) = (nanoamp) }
PARAMETER {
    amp = .1 (nA)
    freq = .1 (/ms)
}
ASSIGNED { i (nA) }
BREAKPOINT {
    i = amp*sin(2*3.141592653589793*freq*t)
}
