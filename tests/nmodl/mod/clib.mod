: C library functions NMODL does not know, which nocmodl leaves to the C++ compiler: abs of a
: double (std::abs, no truncation), round (halves away from zero), trunc, fmin, fmax, hypot
: (ModelDB 64195's ih_stochastic.mod counts its channels with abs(x + 0.5)); a mechanism that
: is not thread safe (nocmodl then passes no thread arguments to the unknown functions)
NEURON {
    SUFFIX clib
    NONSPECIFIC_CURRENT i
    RANGE a, r, tr, lo, hi, hy
    GLOBAL k
}
PARAMETER { g = 1e-4 (S/cm2)  k = 2.5 }
ASSIGNED { v (mV)  i (mA/cm2)  a  r  tr  lo  hi  hy }
INITIAL { k = 2.5  a = abs(-0.3*k)  r = round(k) }   : (k written: not thread safe)
BREAKPOINT {
    a = abs(v/7 + 0.5)
    r = round(v/4) + round(-k) + round(0.49999999999999994)
    tr = trunc(v/3)
    lo = fmin(v, -60)
    hi = fmax(v/2, -30)
    hy = hypot(v, 3)
    i = g*(v + 70) + 1e-6*(a + r + tr + lo + hi + hy)
}
