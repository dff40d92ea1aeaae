TITLE revord: two gates whose x' equations come in the other order than their declaration (pyhoc test: CVode's y follows the equations, nocmodl's _slist1)
NEURON {
    SUFFIX revord
    NONSPECIFIC_CURRENT i
    RANGE g
}
UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
}
PARAMETER {
    g = 1e-3 (S/cm2)
}
ASSIGNED {
    v (mV)
    i (mA/cm2)
}
STATE { a b }
INITIAL {
    a = .2
    b = .7
}
BREAKPOINT {
    SOLVE gates METHOD cnexp
    i = g*a*b*(v + 80)
}
DERIVATIVE gates {
    b' = (1/(1 + exp(-(v + 40)/5)) - b)/3
    a' = (1/(1 + exp((v + 60)/4)) - a)/2
}
