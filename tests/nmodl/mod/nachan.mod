TITLE nachan: a sodium channel with its rates in a TABLE (pyhoc test)
NEURON {
    SUFFIX nachan
    USEION na READ ena WRITE ina
    RANGE gbar, minf, hinf, mtau, htau
}
UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
}
PARAMETER {
    gbar = .12 (S/cm2)
}
ASSIGNED {
    v (mV)
    celsius (degC)
    ena (mV)
    ina (mA/cm2)
    minf hinf
    mtau (ms) htau (ms)
}
STATE { m h }
BREAKPOINT {
    SOLVE states METHOD cnexp
    ina = gbar*m*m*m*h*(v - ena)
}
INITIAL {
    rates(v)
    m = minf
    h = hinf
}
DERIVATIVE states {
    rates(v)
    m' = (minf - m)/mtau
    h' = (hinf - h)/htau
}
PROCEDURE rates(v (mV)) {
    LOCAL a, b, q
    TABLE minf, hinf, mtau, htau DEPEND celsius FROM -100 TO 100 WITH 200
    q = 3^((celsius - 6.3)/10)
    a = .1*efun(-(v + 40), 10)
    b = 4*exp(-(v + 65)/18)
    mtau = 1/(q*(a + b))
    minf = a/(a + b)
    a = .07*exp(-(v + 65)/20)
    b = 1/(exp(-(v + 35)/10) + 1)
    htau = 1/(q*(a + b))
    hinf = a/(a + b)
}
FUNCTION efun(x, y) {
    if (fabs(x/y) < 1e-6) {
        efun = y*(1 - x/y/2)
    } else {
        efun = x/(exp(x/y) - 1)
    }
}
