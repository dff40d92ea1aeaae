: A recorder that keeps its Vector in an ASSIGNED double, as ModelDB's CalAmp and Lytton's
: ppsav.inc do: record(vec) stores the Vector through (void**)(&space), the step appends the
: time (plus a HOC variable read through a file-level double* hoc_pgetarg gave) while v is
: above thresh, INITIAL empties it, record() without arguments forgets it
NEURON {
    POINT_PROCESS vecrec
    RANGE thresh, n
}
UNITS { (mV) = (millivolt) }
PARAMETER { thresh = -20 (mV) }
ASSIGNED { v (mV)  n  space }
VERBATIM
static double* vr_src;
ENDVERBATIM
INITIAL {
    n = 0
VERBATIM
    { void* vv;
      vv = *((void**)(&space));
      if (vv) { vector_resize(vv, 0); }
    }
ENDVERBATIM
}
BREAKPOINT { SOLVE check METHOD after_cvode }
PROCEDURE check() {
VERBATIM
    { void* vv; double* px; int size;
      if (v > thresh) {
        vv = *((void**)(&space));
        if (vv) {
          n += 1.;
          size = (int)n;
          vector_resize(vv, size);
          px = vector_vec(vv);
          px[size - 1] = t;
          if (vr_src) { px[size - 1] += *vr_src; }
        }
      }
    }
ENDVERBATIM
}
PROCEDURE record() {
VERBATIM
    { void** vv;
      vv = (void**)(&space);
      *vv = (void*)0;
      if (ifarg(1)) { *vv = vector_arg(1); }
      if (ifarg(2)) { vr_src = hoc_pgetarg(2); }
    }
ENDVERBATIM
}
