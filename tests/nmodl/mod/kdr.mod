TITLE kdr: a delayed-rectifier potassium channel (pyhoc test, cnexp)
NEURON {
    SUFFIX kdr
    USEION k READ ek WRITE ik
    NONSPECIFIC_CURRENT il
    RANGE gbar, g, el, gl
    GLOBAL ninf, ntau, q10
}
UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}
PARAMETER {
    gbar = .036 (S/cm2)
    gl = .0003 (S/cm2)
    el = -54.3 (mV)
    q10 = 3
}
ASSIGNED {
    v (mV)
    celsius (degC)
    ek (mV)
    ik (mA/cm2)
    il (mA/cm2)
    g (S/cm2)
    ninf
    ntau (ms)
}
STATE { n }
BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar*n^4
    ik = g*(v - ek)
    il = gl*(v - el)
}
INITIAL {
    rates(v)
    n = ninf
}
DERIVATIVE states {
    rates(v)
    n' = (ninf - n)/ntau
}
FUNCTION alpha(v (mV)) (/ms) {
    if (fabs(v + 55) < 1e-6) {
        alpha = .1
    } else {
        alpha = .01*(v + 55)/(1 - exp(-(v + 55)/10))
    }
}
PROCEDURE rates(v (mV)) {
    LOCAL a, b, tadj
    tadj = q10^((celsius - 6.3)/10)
    a = alpha(v)
    b = .125*exp(-(v + 65)/80)
    ntau = 1/(tadj*(a + b))
    ninf = a/(a + b)
}
