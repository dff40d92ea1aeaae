TITLE ptrfill: fills a HOC double array through a POINTER's address (pyhoc test: &p in VERBATIM)
NEURON {
    POINT_PROCESS ptrfill
    POINTER p
}
ASSIGNED { p }
VERBATIM
#include <stdlib.h>
/* a[k] for k < n from a table of floats (the rounding of C's float kept) */
void fill_from(double a[], int n, double x) {
    float *tab;
    int k;
    tab = (float *) malloc(sizeof(float) * n);
    for (k = 0; k < n; k++) {
        tab[k] = x / (k + 3);
    }
    for (k = 0; k < n; k++) {
        a[k] = tab[k] * 3.0 + k;
    }
    free(tab);
}
ENDVERBATIM
PROCEDURE fill(n, x) {
VERBATIM
    fill_from(&p, (int) _ln, _lx);
ENDVERBATIM
}
