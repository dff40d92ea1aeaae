"""Matrix test cases written against NEURON's Python API.

Each case is a function ``case_NAME(ns)`` using ``ns.Matrix``, ``ns.Vector``, ``ns.ref``,
``ns.File`` and recording results with ``ns.rec(value)`` (numbers, Vectors, Matrices) and
``ns.err(callable)`` (the error message).  tools/gen_matrix_golden.py runs them with NEURON's
``h`` and stores the records and the printed text; tests/hoc/test_matrix.py runs them on pyhoc.
"""


def _m(ns, r, c, vals, t=None):
    m = ns.Matrix(r, c) if t is None else ns.Matrix(r, c, t)
    for k, v in enumerate(vals):
        m.setval(k // c, k % c, v)
    return m


def _v(ns, vals):
    v = ns.Vector(len(vals))
    for i, x in enumerate(vals):
        v.x[i] = x
    return v


A3 = [2, 1, 0, 1, 3, 1, 0, 1, 4]
B3 = [1, 2, 3, 4, 5, 6, 7, 8, 10]
N4 = [4, -2, 1, 0.5, 3, 6, -1, 2, 0.25, 1, 5, -3, 2, 2, 1, 7]


def case_construct(ns):
    m = ns.Matrix()
    ns.rec(m.nrow()); ns.rec(m.ncol())
    m = ns.Matrix(3)
    ns.rec(m.nrow()); ns.rec(m.ncol())
    m = ns.Matrix(2.9999999999999, 1.5)
    ns.rec(m.nrow()); ns.rec(m.ncol()); ns.rec(m)
    ns.rec(ns.Matrix(2, 2, 3).nrow())
    ns.err(lambda: ns.Matrix(0, 2))
    ns.err(lambda: ns.Matrix(2, 2, 4))


def case_x_access(ns):
    m = ns.Matrix(3, 4)
    for i in range(3):
        for j in range(4):
            m.x[i][j] = i * 10 + j + 0.5
    ns.rec(m)
    ns.rec(m.x[2][3]); ns.rec(m.getval(1, 2)); ns.rec(m.getval(1.9, 0.9))
    ns.rec(m.setval(0, 0, -7.25)); ns.rec(m)
    ns.err(lambda: m.getval(3, 0))
    ns.err(lambda: m.setval(0, 4, 1))


def case_printf(ns):
    m = _m(ns, 3, 4, [0.5, 1.5, 2.5, 3.5, 10.5, 11.5, 12.5, 13.5, 20.5, 21.5, 22.5, -23.5e7])
    ns.rec(m.printf())
    m.printf("%g ")
    m.printf("%g,", " |\n")
    m.printf("%5.1f", "")
    m.printf("abc")
    m.printf("%e%%\n")
    m.printf("%lf|")
    m.printf("%+10.3E|")
    m.printf("%a|")
    m.printf("%.0f %% \t")
    for f in ("%d|", "%s\n", "%g %g\n", "%ld\n", "%*g\n", "%i\n"):
        ns.err(lambda: m.printf(f))


def case_fprint_scanf(ns):
    m = _m(ns, 2, 3, [1, 2.5, -3, 4e-5, 5, 6e10])
    path = ns.tmp('m.dat')
    f = ns.File()
    f.wopen(path)
    ns.rec(m.fprint(f))
    m.fprint(0, f)
    m.fprint(1, f, "%5.2f")
    m.fprint(f, "%8.3e", "|\n")
    m.fprint(0, f, " %g", "\n")
    f.close()
    ns.text(open(path).read())
    f = ns.File()
    f.ropen(path)
    m2 = ns.Matrix(1, 1)
    m2.scanf(f)
    ns.rec(m2)
    m2.scanf(f, 2, 3)
    ns.rec(m2)
    f.close()
    path2 = ns.tmp('m2.dat')
    with open(path2, 'w') as fh:
        fh.write('junk nan 2 2\nin 1 2.5x\n  3 4\n7\n')
    f = ns.File()
    f.ropen(path2)
    m2.scanf(f)
    ns.rec(m2)
    ns.err(lambda: m2.scanf(f))
    f.close()
    ns.err(lambda: m.fprint(ns.File()))
    ns.err(lambda: m.fprint(2, f))
    ns.err(lambda: m.fprint(ns.Vector()))


def case_rows_cols(ns):
    m = _m(ns, 3, 4, range(12))
    ns.rec(m.getrow(1)); ns.rec(m.getcol(2))
    v = _v(ns, [9] * 7)
    ns.rec(m.getrow(2, v)); ns.rec(v)
    ns.rec(m.getcol(0, v)); ns.rec(v)
    ns.rec(m.setcol(0, 7)); ns.rec(m.setrow(1, 8))
    ns.rec(m.setrow(0, _v(ns, [1, 2])))
    ns.rec(m.setcol(3, _v(ns, [-1, -2, -3])))
    ns.err(lambda: m.setrow(0, _v(ns, [1, 2, 3, 4, 5])))
    ns.err(lambda: m.setcol(0, _v(ns, [1, 2, 3, 4])))
    ns.err(lambda: m.getrow(3))
    ns.err(lambda: m.getcol(0, ns.Matrix(2, 2)))
    ns.err(lambda: m.setrow(0, ns.Matrix(2, 2)))


def case_diag(ns):
    m = _m(ns, 4, 2, range(8))
    v = _v(ns, [7] * 10)
    ns.rec(m.getdiag(0, v)); ns.rec(m.getdiag(-1, v)); ns.rec(m.getdiag(1, v))
    ns.rec(m.getdiag(-3))
    m = ns.Matrix(3, 4)
    ns.rec(m.setdiag(1, 9)); ns.rec(m.setdiag(-1, 6)); ns.rec(m.setdiag(0, _v(ns, [1, 2, 3])))
    ns.rec(m.setdiag(2, _v(ns, [4, 5, 6]))); ns.rec(m.setdiag(-2, _v(ns, [-4, -5, -6])))
    ns.rec(m.setdiag(-1, _v(ns, [11])))
    ns.err(lambda: m.setdiag(4, 1))
    ns.err(lambda: m.getdiag(-3))
    ns.err(lambda: m.setdiag(0, _v(ns, [1, 2, 3, 4])))


def case_vectors(ns):
    m = _m(ns, 2, 3, [1, 2, 3, 4, 5, 6])
    ns.rec(m.to_vector())
    v = _v(ns, [1])
    ns.rec(m.to_vector(v)); ns.rec(v)
    m2 = ns.Matrix(3, 2)
    ns.rec(m2.from_vector(_v(ns, range(6))))
    ns.err(lambda: m2.from_vector(_v(ns, range(5))))
    ns.rec(m.mulv(_v(ns, [1, -1, 2])))
    w = _v(ns, [0])
    ns.rec(m.mulv(_v(ns, [1, 1, 1]), w)); ns.rec(w)
    sq = _m(ns, 2, 2, [1, 2, 3, 4])
    w = _v(ns, [1, 1])
    ns.rec(sq.mulv(w, w)); ns.rec(w)
    ns.err(lambda: m.mulv(_v(ns, [1, 2])))
    ns.err(lambda: m.mulv(m))
    ns.rec(m.set(9, 8, 7, 6, 5, 4))
    ns.err(lambda: m.set(1, 2, 3))
    ns.rec(m)


def case_arith(ns):
    a = _m(ns, 3, 3, A3)
    b = _m(ns, 3, 3, B3)
    c = ns.Matrix(1, 1)
    ns.rec(a.add(b, c)); ns.rec(a)
    ns.rec(a.add(b)); ns.rec(a)
    ns.rec(a.muls(-0.5)); ns.rec(a.muls(2, c)); ns.rec(c)
    a = _m(ns, 3, 3, A3)
    ns.rec(a.mulm(b)); ns.rec(a.mulm(b, c)); ns.rec(c)
    r = _m(ns, 2, 3, [1, 2, 3, 4, 5, 6])
    ns.rec(r.mulm(_m(ns, 3, 1, [1, 0, -1])))
    ns.rec(a.mulm(a))
    ns.err(lambda: a.mulm(b, a))
    ns.err(lambda: r.mulm(ns.Matrix(2, 2)))
    ns.err(lambda: a.add(ns.Vector(2)))
    ns.err(lambda: a.add(5))
    ns.rec(a.c()); ns.rec(a.c(ns.Matrix(5, 5)))
    ns.rec(a.zero()); ns.rec(a.ident())
    ns.rec(ns.Matrix(2, 3).ident())


def case_transpose_bcopy(ns):
    m = _m(ns, 3, 3, B3)
    ns.rec(m.transpose()); ns.rec(m)
    ns.rec(m.transpose(m)); ns.rec(m)
    m2 = _m(ns, 3, 3, B3)
    m3 = m2.c()
    ns.rec(m2.transpose(m3)); ns.rec(m2); ns.rec(m3)
    r = _m(ns, 2, 3, [1, 2, 3, 4, 5, 6])
    ns.rec(r.transpose(r)); ns.rec(r)
    b = _m(ns, 3, 3, B3)
    ns.rec(b.bcopy(1, 1, 2, 2))
    out = ns.Matrix(4, 4)
    ns.rec(b.bcopy(0, 0, 2, 3, 1, 1, out)); ns.rec(out)
    out = ns.Matrix(3, 3)
    ns.rec(b.bcopy(0, 1, 3, 2, out))
    ns.err(lambda: b.bcopy(0, 0, 4, 1))
    ns.err(lambda: b.bcopy(3, 0, 1, 1))


def case_resize(ns):
    m = _m(ns, 3, 3, B3)
    ns.rec(m.resize(2, 4)); ns.rec(m.resize(4, 2)); ns.rec(m.resize(1.9999999999, 1))
    ns.err(lambda: m.resize(0, 1))


def case_linalg(ns):
    for vals in (A3, B3, N4, [3.5], [1, 2, 3, 4]):
        n = int(round(len(vals) ** 0.5))
        m = _m(ns, n, n, vals)
        e = ns.ref(0)
        ns.rec(m.det(e)); ns.rec(e[0])
        ns.rec(m.inverse())
        ns.rec(m.solv(_v(ns, range(1, n + 1))))
        ns.rec(m.exp())
        ns.rec(m.pow(0)); ns.rec(m.pow(1)); ns.rec(m.pow(5))
    m = _m(ns, 3, 3, B3)
    v = _v(ns, [1, 2, 3])
    w = ns.Vector()
    ns.rec(m.solv(v, w)); ns.rec(w)
    ns.rec(m.solv(v, v)); ns.rec(v)
    m.setval(0, 0, 100)
    ns.rec(m.solv(_v(ns, [1, 2, 3]), 1))
    ns.rec(m.solv(_v(ns, [1, 2, 3]), 0))
    ns.rec(m.solv(_v(ns, [1, 2, 3]), w, 1))
    c = ns.Matrix(1, 1)
    ns.rec(m.inverse(c)); ns.rec(c)
    ns.rec(m.inverse(m)); ns.rec(m)
    e = ns.ref(0)
    for vals in ([-123456, 0, 0, 1], [1e-7, 0, 0, 3], [0, 0, 0, 0], [9.99, 0, 0, 1]):
        m = _m(ns, 2, 2, vals)
        ns.rec(m.det(e)); ns.rec(e[0])
    m = _m(ns, 3, 3, [1e-7, 0, 0, 0, 3, 0, 0, 0, 1])
    ns.rec(m.det(e)); ns.rec(e[0])
    big = _m(ns, 5, 5, [((i * 7 + j * 3) % 11) - 4.5 + (10 if i == j else 0)
                         for i in range(5) for j in range(5)])
    ns.rec(big.det(e)); ns.rec(e[0]); ns.rec(big.inverse())
    ns.rec(big.solv(_v(ns, [1, 0, 0, 0, 2])))
    ns.rec(_m(ns, 2, 2, [1, 1, 1, 1]).inverse())
    ns.err(lambda: m.exp(m))
    ns.err(lambda: m.pow(2, m))
    ns.err(lambda: m.pow(101))
    ns.err(lambda: ns.Matrix(2, 3).solv(_v(ns, [1, 2])))
    ns.err(lambda: m.solv(_v(ns, [1, 2])))
    ns.err(lambda: m.det())


def case_eig_svd(ns):
    m = _m(ns, 3, 3, A3)
    ev = ns.Matrix(1, 1)
    ns.rec(m.symmeig(ev))
    ns.rec_abs(ev)
    ns.rec(m.svd())
    u = ns.Matrix(1, 1)
    v = ns.Matrix(1, 1)
    ns.rec(m.svd(u, v))
    ns.rec_abs(u); ns.rec_abs(v)
    r = _m(ns, 2, 3, [3, 1, 0, -1, 2, 5])
    ns.rec(r.svd())
    ns.rec(r.svd(u, v)); ns.rec(u.nrow()); ns.rec(v.nrow())


def case_sparse(ns):
    m = ns.Matrix(4, 4, 2)
    m.x[1][2] = 5
    m.x[0][0] = 0
    ns.rec(m.x[3][1])
    m.setval(2, 2, 0)
    ns.rec(m.getval(3, 3))
    ns.rec([m.sprowlen(i) for i in range(4)])
    j = ns.ref(0)
    ns.rec(m.spgetrowval(1, 0, j)); ns.rec(j[0])
    ns.rec(m.spgetrowval(1, 0))
    ns.rec(m)
    m.setdiag(0, 3)
    m.setdiag(1, -1)
    m.setdiag(-1, -1)
    ns.rec(m)
    ns.rec([m.sprowlen(i) for i in range(4)])
    ns.rec(m.spgetrowval(3, 2, j)); ns.rec(j[0])
    ns.rec(m.mulv(_v(ns, [1, 2, 3, 4])))
    m.printf()
    m.zero()
    ns.rec([m.sprowlen(i) for i in range(4)])
    m.ident()
    ns.rec([m.sprowlen(i) for i in range(4)])
    ns.rec(m)
    s = ns.Matrix(3, 3, 2)
    s.setrow(0, 2)
    s.setcol(2, _v(ns, [1, 2, 3]))
    s.setdiag(0, _v(ns, [4, 5, 6]))
    ns.rec(s); ns.rec([s.sprowlen(i) for i in range(3)])
    ns.rec(s.to_vector())
    ns.rec(s.from_vector(_v(ns, range(9))))
    ns.rec([s.sprowlen(i) for i in range(3)])
    ns.rec(s.set(1, 0, 0, 0, 2, 0, 0, 0, 3))
    ns.err(lambda: s.spgetrowval(0, 3))
    for meth, args in (('resize', (3, 3)), ('mulm', (ns.Matrix(3, 3),)), ('getcol', (0,)),
                       ('getrow', (0,)), ('getdiag', (0,)), ('c', ()), ('transpose', ()),
                       ('inverse', ()), ('exp', ()), ('muls', (2,)), ('add', (s,)),
                       ('svd', ()), ('symmeig', (ns.Matrix(1, 1),))):
        ns.err(lambda: getattr(s, meth)(*args))
    f = _m(ns, 3, 3, A3)
    ns.err(lambda: f.sprowlen(0))
    ns.err(lambda: f.mulm(s))
    ns.err(lambda: f.c(s))
    ns.err(lambda: f.muls(2, s))
    ns.err(lambda: f.transpose(s))
