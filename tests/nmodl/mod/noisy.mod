TITLE noisy: a noise current from scopmath's generator (pyhoc test: set_seed, normrand, exprand, poisrand, scop_random; C in VERBATIM)
NEURON {
    POINT_PROCESS noisy
    RANGE mean, sd, seed, i, draws
    ELECTRODE_CURRENT i
}
UNITS {
    (nA) = (nanoamp)
}
PARAMETER {
    mean = .05 (nA)
    sd = .1 (nA)
    seed = 12345
}
ASSIGNED {
    i (nA)
    draws
}
INITIAL {
    set_seed(seed)
    draws = 0
    i = 0
}
BREAKPOINT {
    SOLVE draw
}
PROCEDURE draw() {
    i = normrand(mean, sd) + .01*(exprand(1) - 1) + .002*poisrand(3) + .001*scop_random()
    i = clip(i, .3)
    VERBATIM
    draws += 1;
    ENDVERBATIM
}
: the current limited to [-lim, lim], and counted, in C
FUNCTION clip(x, lim) {
VERBATIM
    double y = _lx;
    int k, n = 3;
    if (y > _llim) {
        y = _llim;
    } else if (y < -_llim) {
        y = -_llim;
    }
    for (k = 0; k < n; k++) {
        y = y * 1.0;
    }
    _lclip = y + (n / 2 - 1) * 0.0;
ENDVERBATIM
}
: doubles a Vector's elements in place (times the second argument when given)
PROCEDURE scale() {
VERBATIM
{   void* vv;
    double* x;
    int k, n;
    vv = vector_arg(1);
    n = vector_capacity(vv);
    x = vector_vec(vv);
    for (k = 0; k < n; ++k) {
        x[k] = x[k] * (ifarg(2) ? *getarg(2) : 2.);
    }
}
ENDVERBATIM
}
