: gates whose rates live in arrays: GLOBAL inf/tau arrays filled by a FUNCTION of an index,
: a RANGE array, a LOCAL array in a PROCEDURE, cnexp on scalar states reading elements
NEURON {
    SUFFIX arrgate
    NONSPECIFIC_CURRENT i
    RANGE gbar, g, fac
    GLOBAL inf, tau
}
DEFINE NG 2
PARAMETER {
    gbar = .01 (S/cm2)
    e = -70 (mV)
}
ASSIGNED {
    v (mV)
    i (mA/cm2)
    g (S/cm2)
    inf[NG]
    tau[NG] (ms)
    fac[NG]
}
STATE { m h }
INITIAL {
    rates(v)
    m = inf[0]
    h = inf[1]
}
BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar*m*m*h
    i = g*(v - e)
}
DERIVATIVE states {
    rates(v)
    m' = (inf[0] - m)/tau[0]
    h' = (inf[1] - h)/tau[1]
}
FUNCTION ss(v (mV), k) {
    if (k == 0) {
        ss = 1/(1 + exp(-(v + 40)/6))
    } else {
        ss = 1/(1 + exp((v + 60)/7))
    }
}
PROCEDURE rates(v (mV)) { LOCAL a[2]
    FROM k=0 TO NG-1 {
        inf[k] = ss(v, k)
        a[0] = 1 + 3*k
        a[1] = exp(-(v + 50)/20)
        tau[k] = a[0]*(0.5 + 2*a[1]/(1 + a[1]*a[1]))
        fac[k] = 1 - exp(-dt/tau[k])
    }
}
