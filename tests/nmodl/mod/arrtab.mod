: a TABLE of array elements whose DEPEND is a RANGE parameter (built with the first
: instance's values, as NEURON does)
NEURON {
    SUFFIX arrtab
    USEION k READ ek WRITE ik
    RANGE gbar, vh, minf, mtau
}
PARAMETER {
    gbar = .005 (S/cm2)
    vh = 30 (mV)
}
ASSIGNED { v (mV)  ek (mV)  ik (mA/cm2)  minf[1]  mtau[1] (ms) }
STATE { m }
INITIAL {
    rates(v)
    m = minf[0]
}
BREAKPOINT {
    SOLVE states METHOD cnexp
    ik = gbar*m*m*(v - ek)
}
DERIVATIVE states {
    rates(v)
    m' = (minf[0] - m)/mtau[0]
}
PROCEDURE rates(v (mV)) {
    TABLE minf, mtau DEPEND vh FROM -100 TO 100 WITH 200
    FROM i=0 TO 0 {
        minf[i] = 1/(1 + exp(-(v + vh)/9))
        mtau[i] = 1 + 4/(1 + exp((v + 50)/10))
    }
}
