COMMENT
VERBATIM C that pyhoc translates (pyhoc.nmodl.verbatim): file-level C variables (an int
counter, a double array with start values), C functions of numbers (one in float), a static
local kept between calls, switch with fall-through and default, an assignment inside an if
condition, ++/-- inside expressions, a C local read by the NMODL code after the VERBATIM.
ENDCOMMENT

NEURON {
    SUFFIX csub
    NONSPECIFIC_CURRENT i
    RANGE gbar, g, k, ncall, h2
    GLOBAL taus
}

UNITS { (mV) = (millivolt)  (mA) = (milliamp) }

PARAMETER { gbar = .002 (S/cm2)  e = -80 (mV) }

ASSIGNED { v (mV)  i (mA/cm2)  g  k  ncall  h2  minf  taus[3] }

STATE { m }

VERBATIM
static int calls = 0;
static double coef[3] = {0.5, 0.25, 0.125};
static float fscale(float x) {
    float y;
    y = x * 0.3f + 1;
    return y / 3;
}
static double poly(double x) {
    double s = 0;
    int n = 3;
    while (n-- > 0) s = s * x + coef[n];
    return s;
}
ENDVERBATIM

INITIAL { rates(v)  m = minf }

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar*m
    i = g*(v - e)
    k = counter()
    h2 = half(v)
}

DERIVATIVE states {
    rates(v)
    m' = (minf - m)/(taus[0] + taus[1] + taus[2])
}

PROCEDURE rates(v (mV)) {
    LOCAL j
    FROM j = 0 TO 2 {
        VERBATIM
        switch ((int)_lj) {
        case 0:
            if ((taus[0] = 1 + poly(_lv/50.)) < 0.5) { taus[0] = 0.5; }
            break;
        case 1:
            taus[1] = 0.1;
        default:
            taus[(int)_lj] = taus[(int)_lj]*0.5 + fscale(_lv/10.)*0.1 + 0.3;
        }
        ENDVERBATIM
    }
    minf = 1/(1 + exp(-(v + 50)/5))
    VERBATIM
    ++calls;
    ENDVERBATIM
    ncall = calls
}

FUNCTION counter() {
    VERBATIM
    static int n = 10;
    int old = n++;
    _lcounter = old + (n % 3 == 0 ? 100 : 0);
    ENDVERBATIM
}

FUNCTION half(x) {
    VERBATIM
    double ret;
    ret = _lx / 2;
    ENDVERBATIM
    half = ret
}
