: A TABLE that DEPENDs on a GLOBAL and a RANGE parameter, both changed between fadvance calls
: (tests/nmodl/test_table_depend.py: the table is built again at the next step)
NEURON {
    SUFFIX tabdep
    GLOBAL vs
    RANGE vh, gbar
    NONSPECIFIC_CURRENT i
}
PARAMETER {
    vs = 10 (mV)
    vh = -40 (mV)
    gbar = 0.001 (S/cm2)
}
ASSIGNED {
    v (mV)
    i (mA/cm2)
    minf
}
STATE { m }
BREAKPOINT {
    SOLVE states METHOD cnexp
    i = gbar*m*(v - 50)
}
INITIAL {
    rates(v)
    m = minf
}
DERIVATIVE states {
    rates(v)
    m' = (minf - m)/1 (ms)
}
PROCEDURE rates(v (mV)) {
    TABLE minf DEPEND vs, vh FROM -100 TO 100 WITH 200
    minf = 1/(1 + exp(-(v - vh)/vs))
}
