TITLE ppdiam: a point process reading diam and area it does not declare (pyhoc test)
COMMENT
nocmodl warns "diam undefined" and still gives both names the section's geometry at the
point's node, as when they are declared in ASSIGNED.
ENDCOMMENT
NEURON {
    POINT_PROCESS ppdiam
    NONSPECIFIC_CURRENT i
    RANGE gs, e, x, y
}
UNITS { (mV) = (millivolt) (nA) = (nanoamp) (uS) = (microsiemens) PI = (pi) (1) }
PARAMETER { gs = .0002 (uS/um) e = 0 (mV) }
ASSIGNED { v (mV) i (nA) x y }
BREAKPOINT {
    x = PI*diam
    y = area
    i = gs*x*(v - e)
}
