COMMENT
A 48-bit linear congruential generator written in VERBATIM C, as ModelDB's .mod files carry
their own generators: unsigned arithmetic in 16-bit parts through function-like macros, file
static arrays with start values, C functions of no arguments, a comma expression through
parenthesised lvalues, compound shifts; a static local counting calls (every fourth
call swaps its two draws).
ENDCOMMENT

NEURON { SUFFIX crng  RANGE r, ncalls }

ASSIGNED { r  ncalls }

VERBATIM
#define LO16(x) ((unsigned)(x) & 0xFFFF)
#define HI16(x) LO16((x) >> 16)
#define SWAP(a, b, tmp) ((tmp) = (a), (a) = (b), (b) = (tmp))
static unsigned st[3] = {0x330E, 0xABCD, 0x1234};
static unsigned mult[3] = {0xE66D, 0xDEEC, 0x5};
static void advance(void) {
    unsigned long acc = 0xB;
    unsigned nx[3];
    int i, j;
    for (i = 0; i < 3; i++) {
        for (j = 0; j <= i; j++) {
            acc += (unsigned long)mult[j] * st[i - j];
        }
        nx[i] = LO16(acc);
        acc >>= 16;
    }
    for (i = 0; i < 3; i++) st[i] = nx[i];
}
static double next01(void) {
    advance();
    return ((st[2] * 65536.0 + st[1]) * 65536.0 + st[0]) / 281474976710656.0;
}
ENDVERBATIM

INITIAL { r = urand() }

BREAKPOINT { r = urand() }

FUNCTION urand() {
    VERBATIM
    static int calls;
    double a = next01(), b = next01(), tmp;
    if (++calls % 4 == 0) SWAP(a, b, tmp);
    _lurand = a + 1e-3 * b;
    ENDVERBATIM
    ncalls = ncalls + 1
}

PROCEDURE seed(s) {
    VERBATIM
    st[0] = 0x330E;
    st[1] = LO16((unsigned long)_ls);
    st[2] = HI16((unsigned long)_ls);
    ENDVERBATIM
}
