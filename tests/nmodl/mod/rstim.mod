TITLE rstim: a Poisson spike source drawing from a HOC Random object through a VERBATIM handle (pyhoc test)
NEURON {
    ARTIFICIAL_CELL rstim
    RANGE interval, start, number, left, id
    THREADSAFE
    BBCOREPOINTER donotuse
}
PARAMETER {
    interval = 5 (ms)
    start = 1 (ms)
    number = 20
}
ASSIGNED {
    left
    id
    donotuse
}
VERBATIM
#include <stdio.h>
#ifndef NRN_VERSION_GTEQ_8_2_0
double nrn_random_pick(void* r);
void* nrn_random_arg(int argpos);
#endif
static const char rcsid[] = "rstim, a test of pyhoc";
/* CoreNEURON's copy of the handle: nothing to carry here */
static void bbcore_write(double* x, int* d, int* xx, int* offset, _threadargsproto_) {
}
static void bbcore_read(double* x, int* d, int* xx, int* offset, _threadargsproto_) {
}
ENDVERBATIM
CONSTRUCTOR {
VERBATIM
    if (ifarg(1)) {
        id = *getarg(1);
    } else {
        id = -1;
    }
ENDVERBATIM
}
INITIAL {
    left = number
    if (left > 0) {
        net_send(start + interval*draw(), 1)
    }
}
NET_RECEIVE (w) {
    if (flag == 1 && left > 0) {
        net_event(t)
        left = left - 1
        net_send(interval*draw(), 1)
    }
}
: an exponential draw: the Random object's distribution when one is given, else exprand
FUNCTION draw() {
VERBATIM
    if (_p_donotuse) {
        _ldraw = nrn_random_pick(_p_donotuse);
        return _ldraw;
    }
ENDVERBATIM
    draw = exprand(1)
}
PROCEDURE setrand() {
VERBATIM
 {
#if !NRNBBCORE
    void** pv = (void**)(&_p_donotuse);
    if (ifarg(1)) {
        *pv = nrn_random_arg(1);
    } else {
        *pv = (void*)0;
    }
#endif
 }
ENDVERBATIM
}
PROCEDURE seed(x) {
    set_seed(x)
}
