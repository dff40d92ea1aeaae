TITLE ktab: a potassium channel whose TABLE fills a file-static LOCAL (pyhoc test)
COMMENT
nexp is a top-level LOCAL (nocmodl's static double, shared by all instances, not in HOC);
the TABLE of trates tabulates it with ninf, DEPEND on dt and celsius, and states() uses it.
tfac is a RANGE parameter inside the tabulated procedure: NEURON builds the table with its
first instance's value.
ENDCOMMENT
NEURON {
    SUFFIX ktab
    USEION k READ ek WRITE ik
    RANGE gbar, ik, tfac
    GLOBAL ninf
}
UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
}
PARAMETER {
    gbar = .02 (mho/cm2)
    tfac = 1
    dt (ms)
    celsius (degC)
}
ASSIGNED { v (mV)  ek (mV)  ik (mA/cm2)  ninf }
STATE { n }
LOCAL nexp
BREAKPOINT {
    SOLVE states
    ik = gbar*n*n*n*n*(v - ek)
}
INITIAL {
    trates(v)
    n = ninf
}
PROCEDURE states() {
    trates(v)
    n = n + nexp*(ninf - n)
}
PROCEDURE trates(v) {
    LOCAL a, b, tau, q10
    TABLE ninf, nexp DEPEND dt, celsius FROM -100 TO 100 WITH 200
    q10 = 3^((celsius - 6.3)/10)
    a = .01*vtrap(-(v + 55), 10)
    b = .125*exp(-(v + 65)/80)
    tau = tfac/(q10*(a + b))
    ninf = a/(a + b)
    nexp = 1 - exp(-dt/tau)
}
FUNCTION vtrap(x, y) {
    if (fabs(x/y) < 1e-6) {
        vtrap = y*(1 - x/y/2)
    } else {
        vtrap = x/(exp(x/y) - 1)
    }
}
