TITLE capool0: a calcium pool whose resting level cai0 is a RANGE parameter (pyhoc test)
COMMENT
The state cai is the ion's: it starts from the ion's value, and INITIAL sets it from the
mechanism's own cai0 (a RANGE variable, not the <state>0 global of other states).
ENDCOMMENT
NEURON {
    SUFFIX capool0
    USEION ca READ ica WRITE cai
    RANGE depth, tau, cai0, cmax
}
UNITS {
    (mM) = (milli/liter)
    (mA) = (milliamp)
    F = (faraday) (coulombs)
}
PARAMETER {
    depth = .1 (um)
    tau = 50 (ms)
    cai0 = 5e-5 (mM)
}
ASSIGNED { ica (mA/cm2)  cmax (mM) }
STATE { cai (mM)  w }
INITIAL {
    cai = cai0
    cmax = cai
}
BREAKPOINT {
    SOLVE integrate METHOD derivimplicit
    if (cai > cmax) { cmax = cai }
}
DERIVATIVE integrate {
    cai' = -ica/depth/F/2*(1e4) + (cai0 - cai)/tau
    w' = (cai - w)/tau
}
