: A TABLE whose procedure reads a GLOBAL that INITIAL assigns.  The mechanism is not thread
: safe (an assigned GLOBAL), so NEURON builds the table at its first call, in INITIAL, after
: qk is set (built before INITIAL, qk = 0 would fill it with inf).  tadj, which the tabled
: procedure assigns, keeps the value the table's build left (the table is used afterwards).
NEURON {
    SUFFIX tabinit
    USEION k READ ek WRITE ik
    RANGE gbar
    GLOBAL ninf, ntau, qk, tadj
}

UNITS {
    (mV) = (millivolt)
    (mA) = (milliamp)
    (S) = (siemens)
}

PARAMETER {
    gbar = .01 (S/cm2)
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    ninf
    ntau (ms)
    qk
    tadj
}

STATE { n }

INITIAL {
    qk = 3^((celsius - 6.3)/10)
    rates(v)
    n = ninf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    ik = tadj*gbar*n*n*n*n*(v - ek)
}

DERIVATIVE states {
    rates(v)
    n' = (ninf - n)/ntau
}

PROCEDURE rates(v (mV)) {
    TABLE ninf, ntau DEPEND celsius FROM -100 TO 100 WITH 200
    ninf = 1/(1 + exp(-(v + 55)/10))
    ntau = 5/qk/(exp((v + 60)/40) + exp(-(v + 60)/40))
    tadj = qk/2
}
