: More of NEURON's C interface from VERBATIM Vector methods: a local header (#include, a
: typedef), List arguments (*hoc_objgetarg, ivoc_list_count/_item, ->u.this_pointer),
: out-parameters (double**, &x of scalars), a for loop with continue, HOC functions called
: by name (gargstr, hoc_lookup, hoc_pushx, hoc_call_func), strings, drand48, a HOC
: pointer argument (hoc_pgetarg), sprintf, hoc_epsilon, fopen/fprintf/fclose, realloc, a cast
: (T**)&x argument
NEURON {
  SUFFIX nothing
}

VERBATIM
#include "veclib.h"

/* the elements of the i-th item of a List, through *px; -1 if it is not a Vector */
static int list_px(Object *ob, int i, double** px) {
  Object* obv;
  obv = ivoc_list_item(ob, i);
  if (!ISVEC(obv)) return -1;
  *px = vector_vec((IvocVect*)obv->u.this_pointer);
  return vector_capacity((IvocVect*)obv->u.this_pointer);
}

static int list_px_self(void* vv, double** px) {
  return vector_instance_px(vv, px);
}

static void minmax(double* x, int n, real8* lo, double* hi) {
  int i;
  *lo = x[0];
  *hi = x[0];
  for (i = 1; i < n; i++) {
    if (x[i] < *lo) *lo = x[i];
    if (x[i] > *hi) *hi = x[i];
  }
}

/* v.lsum(list): v[k] = the sum of the k-th Vector of the list (other objects skipped);
   returns the number of Vectors */
static double lsum(void* vv) {
  Object* ob;
  int i, k, n, nv, cnt;
  double *x, *y, s;
  ob = *hoc_objgetarg(1);
  if (!hoc_is_object_arg(1)) hoc_execerror("lsum: a List please", 0);
  n = ivoc_list_count(ob);
  vector_resize(vv, n);
  nv = vector_instance_px(vv, &x);
  for (i = 0, cnt = 0; i < n; i++) {
    k = list_px(ob, i, &y);
    if (k < 0) continue;
    for (s = 0., k--; k >= 0; k--) s += y[k];
    x[cnt++] = s;
  }
  vector_resize(vv, cnt);
  return cnt;
}

/* v.spread(): max - min of v, the min and max through pointers to locals */
static double spread(void* vv) {
  int n;
  double *x, lo, hi;
  n = vector_instance_px(vv, &x);
  if (n == 0) return 0.;
  minmax(x, n, &lo, &hi);
  return hi - lo;
}

/* v.applyf("hocfunc"): v[i] = hocfunc(v[i], i) */
static double applyf(void* vv) {
  int i, n;
  double *x;
  char name[32];
  Symbol* s;
  strcpy(name, gargstr(1));
  s = hoc_lookup(name);
  if (!s) hoc_execerror("applyf: no such function ", name);
  n = vector_instance_px(vv, &x);
  for (i = 0; i < n; i++) {
    hoc_pushx(x[i]);
    hoc_pushx((double)i);
    x[i] = hoc_call_func(s, 2);
  }
  return strlen(name) + (strcmp(name, "sqhoc") == 0 ? 100 : 0);
}

/* v.drfill(seed): drand48 numbers after srand48(seed) */
static double drfill(void* vv) {
  int i, n;
  double *x;
  n = vector_instance_px(vv, &x);
  srand48((long)*getarg(1));
  for (i = 0; i < n; i++) x[i] = drand48();
  return n;
}

/* v.topoint(&x): x = the sum of v, written through HOC's pointer; the old x plus the length
   of "n:sum" plus whether HOC's float_epsilon is small */
static double topoint(void* vv) {
  int i, n;
  double *x, old, s;
  char buf[64];
  n = vector_instance_px(vv, &x);
  old = *hoc_pgetarg(1);
  for (i = 0, s = 0.; i < n; i++) s += x[i];
  *hoc_pgetarg(1) = s;
  sprintf(buf, "%d:%g", n, s);
  return old + strlen(buf) + (hoc_epsilon > 0. && hoc_epsilon < 1e-6);
}

/* v.cwrite("name"): the elements, one a line, into the file (C's stdio) */
static double cwrite(void* vv) {
  int i, n;
  double *x;
  FILE* f;
  n = vector_instance_px(vv, &x);
  f = fopen(gargstr(1), "w");
  if (f == NULL) return -1;
  for (i = 0; i < n; i++) fprintf(f, "%g\n", x[i]);
  fclose(f);
  return n;
}

static double* keep_;
static int nkeep_ = 0;

/* v.keepgrow(n, &last): keep_ grows to n by realloc (its elements kept), v's elements
   appended; last = keep_[n-1] through *(hoc_pgetarg(2)); returns the sum of keep_ */
static double keepgrow(void* vv) {
  int i, n, nx;
  double *x, s;
  n = (int)*getarg(1);
  nx = list_px_self(vv, (double**)&x);
  keep_ = (double*)realloc(keep_, n * sizeof(double));
  for (i = nkeep_; i < n; i++) keep_[i] = x[(i - nkeep_) % nx];
  nkeep_ = n;
  *(hoc_pgetarg(2)) = keep_[n - 1];
  for (i = 0, s = 0.; i < n; i++) s += keep_[i];
  return s;
}
ENDVERBATIM

PROCEDURE install_veclib() {
VERBATIM
  install_vector_method("lsum", lsum);
  install_vector_method("spread", spread);
  install_vector_method("applyf", applyf);
  install_vector_method("drfill", drfill);
  install_vector_method("topoint", topoint);
  install_vector_method("cwrite", cwrite);
  install_vector_method("keepgrow", keepgrow);
ENDVERBATIM
}
