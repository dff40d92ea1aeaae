TITLE every block and statement kind nocmodl takes (pyhoc's test file)
COMMENT
A made-up mechanism: it is here to be parsed, not run.
ENDCOMMENT
? a question-mark comment
DEFINE NANN 4
UNITSOFF
UNITSON
NEURON {
    POINT_PROCESS AllBlocks
    USEION ca READ cai, cao WRITE ica VALENCE 2
    USEION na READ ena REPRESENTS CHEBI:29101
    NONSPECIFIC_CURRENT i
    RANGE gmax, i, g
    GLOBAL tauq
    POINTER pre
    BBCOREPOINTER rng
    EXTERNAL nrnext
    RANDOM ranv
    REPRESENTS NCIT:C17145
    THREADSAFE
}
UNITS {
    (mV) = (millivolt)
    (mA) = (milliamp)
    (mM) = (milli/liter)
    FARADAY = (faraday) (coulomb)
    R = (k-mole) (joule/degC)
    F2 = 96485.3 (coul)
    tomv = (volt) -> (mV)
}
CONSTANT { q10c = 3 (1) }
INDEPENDENT { t FROM 0 TO 1 WITH 1 (ms) }
PARAMETER {
    gmax = 0.001 (uS) <0, 1e9>
    tauq = 5 (ms)
    kf = 0.1 (/ms)
    kb = .05 (/ms)
    arr[NANN] (mV)
    celsius (degC)
}
ASSIGNED {
    v (mV)
    i (nA)
    g (uS)
    ica (mA/cm2)
    cai (mM)
    cao (mM)
    ena (mV)
    pre
    rng
    tab[3] (ms)
}
STATE {
    a (1) <1e-4>
    b FROM 0 TO 1
    c1 c2 c3
    cc[2] (mM)
    x y z
}
LOCAL toplocal
INITIAL {
    LOCAL s
    s = 2 (mV)
    a = 1
    b = 0
    c1 = 1  c2 = 0  c3 = 0
    SOLVE kin STEADYSTATE sparse
}
BREAKPOINT {
    SOLVE states METHOD cnexp
    SOLVE kin METHOD sparse
    SOLVE lin
    SOLVE nlin
    SOLVE after METHOD after_cvode
    CONDUCTANCE g USEION na
    g = gmax*a
    i = g*(v - ena)
    ica = 0
}
DERIVATIVE states {
    a' = -a/tauq
    b' = (1 - b)*kf - b*kb
}
KINETIC kin {
    LOCAL vol
    vol = 1
    COMPARTMENT vol {c1 c2 c3}
    COMPARTMENT k, vol*2 {cc}
    LONGITUDINAL_DIFFUSION k, 0.6 {cc}
    ~ c1 <-> c2 (kf, kb)
    ~ 2 c2 + c3 <-> c1 (kf*2 (/ms), kb)
    ~ z << (0.001)
    ~ cc[0] <-> cc[1] (kf, kb)
    CONSERVE c1 + c2 + c3 = 1
    f_flux = 0
}
LINEAR lin SOLVEFOR x, y {
    ~ x + y = 1
    ~ x - y = 0
}
NONLINEAR nlin SOLVEFOR x {
    ~ x*x = 4
}
PROCEDURE after() {
    MUTEXLOCK
    MUTEXUNLOCK
}
FUNCTION rate(v (mV)) (/ms) {
    TABLE DEPEND celsius FROM -100 TO 100 WITH 200
    rate = kf*exp(-v/10 (mV))
}
PROCEDURE fill(n) {
    LOCAL j, w[2]
    TABLE tab DEPEND tauq FROM 0 TO 10 WITH 5
    FROM j = 0 TO 2 BY 1 {
        tab[j] = j*tauq
    }
    j = 0
    while (j < n && !(j == 3)) {
        j = j + 1
    }
    if (n > 1) {
        PROTECT tauq = tauq + 1
    } else if (n < -1 || n >= 10) {
        tauq = tauq^2
    } else {
        printf("n = %g\n", n)
    }
    VERBATIM
    /* raw C */ _lj = 1;
    ENDVERBATIM
}
FUNCTION_TABLE tabf(v (mV)) (ms)
NET_RECEIVE(w (uS), tlast (ms)) {
    INITIAL {
        tlast = -1
    }
    if (flag == 0) {
        net_send(1, 2)
        FOR_NETCONS(w1, t1) {
            t1 = t
        }
    } else if (flag == 2) {
        net_event(t)
        WATCH (v > -20) 3, (v < -60 (mV)) 4
    } else {
        net_move(t + 1)
    }
}
CONSTRUCTOR {
VERBATIM
    /* construct */
ENDVERBATIM
}
DESTRUCTOR {
}
BEFORE BREAKPOINT {
    g = g
}
AFTER SOLVE {
    g = g
}
