TITLE bpcalls: BREAKPOINT calling a PROCEDURE and FUNCTIONs that read and write its variables (pyhoc test)
COMMENT
nrn_cur evaluates BREAKPOINT twice (at v + .001 and at v) with its variables in memory:
ncall counts both evaluations, hi only those above vhalf, scale() writes gx and sfac that
the current reads after the call, bump() reads pk in the middle of an expression.
ENDCOMMENT
NEURON {
    SUFFIX bpcalls
    NONSPECIFIC_CURRENT i
    RANGE gmax, e, gate, gx, ncall, hi, pk
    GLOBAL sfac, vhalf
}
UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}
PARAMETER {
    gmax = .002 (S/cm2)
    e = -70 (mV)
    vhalf = -40 (mV)
    pk = 2
}
ASSIGNED {
    v (mV)
    i (mA/cm2)
    gate
    gx
    sfac
    ncall
    hi
}
STATE { s }
INITIAL {
    s = .1
    ncall = 0
    hi = 0
}
BREAKPOINT {
    SOLVE st METHOD cnexp
    ncall = ncall + 1
    gate = 1/(1 + exp(-(v - vhalf)/5))
    scale(gate)
    if (above(v) > 0) {
        hi = hi + 1
    }
    i = gmax*gx*sfac*s*(v - e) + 1e-6*bump(v)
}
DERIVATIVE st {
    s' = (gate - s)/2
}
PROCEDURE scale(g) {
    sfac = 1 + .5*g
    gx = g*g + pk*.01
}
FUNCTION above(x) {
    above = x - vhalf
}
FUNCTION bump(x) {
    bump = pk*x/100
}
