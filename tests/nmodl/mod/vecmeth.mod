: Vector methods written in C (the vecst.mod/matrix.mod idiom): C functions of a Vector
: (void*), the Vector arguments' elements through double pointers, file-level pointers to
: heap arrays of ints, NULL tests, and install_vector_method in a PROCEDURE HOC calls
NEURON {
  SUFFIX nothing
}

PARAMETER {
  VECMETH_INSTALLED = 0
}

VERBATIM
static int *perm_;          /* an index array kept between calls */
static int nperm_ = 0;
static double *scratch_;

/* v.wdot(w [, scale]): the sum of v[i]*w[i], times scale */
static double wdot(void* vv) {
  int i, n, nw;
  double *x, *w, s;
  n = vector_instance_px(vv, &x);
  nw = vector_arg_px(1, &w);
  if (n != nw) {
    hoc_execerror("wdot: sizes differ", 0);
  }
  s = 0.;
  for (i = 0; i < n; i++) s += x[i] * w[i];
  if (ifarg(2)) s *= *getarg(2);
  return s;
}

/* v.outer(y, z): v = the outer product y z' by rows, resized to fit */
static double outer(void* vv) {
  int i, j, ny, nz;
  double *x, *y, *z;
  ny = vector_arg_px(1, &y);
  nz = vector_arg_px(2, &z);
  vector_resize((IvocVect*)vv, ny * nz);
  vector_instance_px(vv, &x);
  for (i = 0; i < ny; i++) {
    for (j = 0; j < nz; j++) {
      x[i * nz + j] = y[i] * z[j];
    }
  }
  return (double)vector_buffer_size(vv) >= ny * nz;
}

/* v.keepidx(): remember (int)v[i] in a heap array; no argument: forget it */
static double keepidx(void* vv) {
  int i, n;
  double *x;
  if (ifarg(1)) {
    if (perm_ != NULL) free(perm_);
    perm_ = (int *)NULL;
    nperm_ = 0;
    return 0;
  }
  n = vector_instance_px(vv, &x);
  if (perm_ != NULL) { free(perm_); }
  perm_ = (int *)ecalloc(n, sizeof(int));
  scratch_ = (double *)malloc(n * sizeof(double));
  for (i = 0; i < n; i++) {
    perm_[i] = (int)x[i];
    scratch_[i] = x[i] * 0.5;
  }
  nperm_ = n;
  return nperm_;
}

/* v.gather(src): v[i] = src[perm[i]] + the scratch value (0 without an index array) */
static double gather(void* vv) {
  int i, n, ns;
  double *x, *src;
  if (!perm_) return -1;
  ns = vector_arg_px(1, &src);
  vector_resize(vv, nperm_);
  n = vector_instance_px(vv, &x);
  for (i = 0; i < n; i++) {
    if (perm_[i] >= ns) hoc_execerror("gather: index out of range", 0);
    x[i] = src[perm_[i]] + scratch_[i];
  }
  return n;
}
ENDVERBATIM

PROCEDURE install_vecmeth() {
  if (VECMETH_INSTALLED == 0) {
    VECMETH_INSTALLED = 1
VERBATIM
    install_vector_method("wdot", wdot);
    install_vector_method("outer", outer);
    install_vector_method("keepidx", keepidx);
    install_vector_method("gather", gather);
ENDVERBATIM
  }
}
