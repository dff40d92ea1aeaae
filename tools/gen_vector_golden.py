#!/usr/bin/env python3
"""Generate tests/hoc/golden/vector/cases.json from NEURON (the oracle) for the Vector class.

Each case is a small Python snippet using ``Vector`` (h.Vector under NEURON, pyhoc's Vector in
the tests) and a few harness helpers; it leaves its result in ``r``.  The oracle's result,
printed output and files written are stored with the snippet, so tests/hoc/test_vector.py runs
the very same code against pyhoc without NEURON.

Run:  /work/nrnenv/bin/python tools/gen_vector_golden.py     (or python tools/... which re-execs)
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

NRNPY = os.environ.get('NRNPY', '/work/nrnenv/bin/python')
OUT = os.path.join(os.path.dirname(__file__), '..', 'tests', 'hoc', 'golden', 'vector', 'cases.json')

# (name, code, tolerance or None for exact)
CASES: list[tuple[str, str, float | None]] = [
    # construction and Python protocol
    ('cons_empty', 'v = Vector(); r = (v.size(), v.buffer_size())', None),
    ('cons_n', 'v = Vector(4); r = (v, v.buffer_size())', None),
    ('cons_fill', 'r = Vector(3, 2.5)', None),
    ('cons_frac', 'r = Vector(2.7)', None),
    ('cons_neg', 'r = Vector(-1)', None),
    ('cons_list', 'r = Vector([1, 2, 3.5])', None),
    ('cons_range', 'r = Vector(range(4))', None),
    ('cons_gen', 'r = Vector(x * 2 for x in range(3))', None),
    ('cons_numpy', 'import numpy as np; r = Vector(np.arange(3, dtype=int))', None),
    ('cons_bad_item', "r = Vector([1, 'a'])", None),
    ('py_getitem', 'v = Vector([1, 2, 3]); r = (v[0], v[-1], v[-3], len(v), list(v))', None),
    ('py_getitem_oob', 'v = Vector([1, 2, 3]); r = v[3]', None),
    ('py_getitem_neg_oob', 'v = Vector([1, 2, 3]); r = v[-4]', None),
    ('py_slice', 'v = Vector([1, 2, 3, 4, 5]); r = (v[1:3], v[::-1], v[-2:], v[::2])', None),
    ('py_setitem', 'v = Vector([1, 2, 3]); v[0] = 7; v[-1] = 9; r = v', None),
    ('py_setitem_oob', 'v = Vector([1, 2, 3]); v[5] = 7; r = v', None),
    ('py_setslice', 'v = Vector([1, 2, 3, 4, 5]); v[1:3] = [8, 9]; v[::4] = Vector([0, 0]); r = v', None),
    ('py_setslice_long', 'v = Vector([1, 2, 3]); v[0:2] = [1, 2, 3]; r = v', None),
    ('py_to_python', 'v = Vector([1, 2]); l = [0, 0]; r = (v.to_python(), v.to_python(l), l)', None),
    ('py_to_python_bad', 'v = Vector([1, 2]); r = v.to_python([0])', None),
    ('py_from_python', 'v = Vector(5); r = v.from_python([3, 4])', None),
    ('py_contains', 'v = Vector([1, 2.5]); r = (2.5 in v, 3 in v)', None),
    ('py_arith', 'v = Vector([1, 2, 4]); r = (v + 1, 1 + v, v - 1, 1 - v, v * 2, 2 * v, v / 2, -v, v + v)', None),
    ('py_bool', 'r = (bool(Vector()), bool(Vector(1)))', None),
    ('py_numpy', 'import numpy as np; v = Vector([1, 2]); a = np.asarray(v); v.x[0] = 5; r = (a[0], a.flags.writeable, v.as_numpy()[0])', None),
    ('label', "v = Vector(2); a = v.label(); v.label('hi'); r = (a, v.label(), v.cl().label(), v.c().label())", None),
    # size and elements
    ('resize_grow', 'v = Vector([1, 2, 3]); v.resize(1); v.resize(4); r = (v, v.buffer_size())', None),
    ('buffer_size', 'v = Vector(3); a = v.buffer_size(10); v.resize(0); r = (a, v.buffer_size(), v.size())', None),
    ('buffer_size_small', 'v = Vector(3); r = v.buffer_size(2)', None),
    ('append_cap', 'v = Vector(); caps = []\nfor i in range(9):\n    v.append(i); caps.append(v.buffer_size())\nr = (v, caps)', None),
    ('append_var', 'v = Vector([1]); r = v.append(2, Vector([3, 4]), 5)', None),
    ('append_self', 'v = Vector([1]); r = v.append(v)', None),
    ('append_vec_cap', 'v = Vector([1, 2, 3]); v.append(Vector([1, 2])); a = v.buffer_size(); v.append(Vector(5)); r = (a, v.buffer_size())', None),
    ('get_set', 'v = Vector([1, 2, 3]); r = (v.get(1), v.set(2, 9), v.get(1.9))', None),
    ('get_oob', 'r = Vector([1, 2, 3]).get(3)', None),
    ('set_oob', 'r = Vector([1, 2, 3]).set(-1, 0)', None),
    ('clear', 'v = Vector([1, 2, 3]); r = (v.clear(), v.buffer_size())', None),
    ('insrt', 'v = Vector([1, 2, 3]); r = (v.insrt(1, 7, Vector([8, 9])).c(), v.insrt(5, 0).c(), v.insrt(0, -1))', None),
    ('insrt_oob', 'r = Vector([1, 2, 3]).insrt(4, 1)', None),
    ('remove', 'v = Vector(range(8)); r = (v.remove(2).c(), v.remove(1, 3).c(), v.remove(3))', None),
    ('remove_oob', 'r = Vector([1, 2]).remove(2)', None),
    ('remove_range_bad', 'r = Vector([1, 2, 3]).remove(2, 1)', None),
    ('contains', 'v = Vector([1, 2.5, 3]); r = (v.contains(2.5), v.contains(2.5 + 1e-10), v.contains(2.6))', None),
    # copies
    ('c_at', 'v = Vector(range(6)); r = (v.c(), v.c(2), v.c(1, 3), v.at(4), v.at(0, 0))', None),
    ('c_oob', 'r = Vector(range(3)).c(1, 5)', None),
    ('c_empty', 'r = Vector().c()', None),
    ('copy_basic', 'a = Vector(range(5)); b = Vector(10); r = b.copy(a)', None),
    ('copy_dest', 'a = Vector(range(5)); b = Vector(3); r = b.copy(a, 2)', None),
    ('copy_dest_keep', 'a = Vector(range(3)); b = Vector(10, 1); r = b.copy(a, 2)', None),
    ('copy_range', 'a = Vector(range(10)); b = Vector(2, 7); r = b.copy(a, 3, 6)', None),
    ('copy_range_end', 'a = Vector(range(10)); b = Vector(); r = b.copy(a, 3, -1)', None),
    ('copy_dest_range', 'a = Vector(range(10)); b = Vector(); r = b.copy(a, 2, 3, 5)', None),
    ('copy_inc', 'a = Vector(range(10)); b = Vector(); r = b.copy(a, 1, 0, 9, 2, 3)', None),
    ('copy_bad', 'a = Vector(range(10)); b = Vector(); r = b.copy(a, 5, 3)', None),
    ('copy_index', 'a = Vector(range(10, 20)); b = Vector(5); r = b.copy(a, Vector([0, 3, 7, -1]))', None),
    ('copy_index2', 'a = Vector(range(10, 20)); b = Vector(5); r = b.copy(a, Vector([9, 3, 7]), Vector([0, 1, 8]))', None),
    ('copy_empty', 'r = Vector(3).copy(Vector())', None),
    # filling
    ('fill', 'v = Vector(5); r = (v.fill(3).c(), v.fill(7, 1, 2))', None),
    ('fill_oob', 'r = Vector(5).fill(3, 2, 5)', None),
    ('indgen', 'r = (Vector(4).indgen(), Vector(4).indgen(2), Vector(4).indgen(5, 2), Vector().indgen(0, 1, 0.1), Vector().indgen(0, 10, 2.5), Vector().indgen(0, 1, 0.3))', None),
    ('indgen_empty', 'r = Vector().indgen(10, 0, 2.5)', None),
    ('indgen_neg', 'r = Vector().indgen(5, 1, -1)', None),
    ('indgen_badstep', 'r = Vector().indgen(0, 1, 2)', None),
    # statistics
    ('minmax', 'v = Vector([3, -1, 4, 1, -1, 5, 9, 2, 9]); r = (v.min(), v.max(), v.min_ind(), v.max_ind(), v.min(2, 4), v.max(0, 5), v.min_ind(2, 4), v.max_ind(0, 5))', None),
    ('minmax_empty', 'v = Vector(); r = (v.min(), v.max(), v.min_ind(), v.max_ind())', None),
    ('max_oob', 'r = Vector([1, 2]).max(0, 2)', None),
    ('sums', 'v = Vector([0.1, 0.2, 0.3, 1e16, 1, -1e16]); r = (v.sum(), v.sumsq(), v.sum(1, 3), v.sumsq(0, 2), Vector().sum())', None),
    ('mean', 'v = Vector([1, 2, 3, 4, 5]); r = (v.mean(), v.mean(0, 4), v.mean(1, 3), v.mean(2, 4))', None),
    ('mean_empty', 'r = Vector().mean()', None),
    ('mean_range_bad', 'r = Vector([1, 2]).mean(1, 1)', None),
    ('var', 'v = Vector([2, 4, 4, 4, 5, 5, 7, 9]); r = (v.var(), v.stdev(), v.stderr(), v.var(1, 4), v.stdev(0, 3), v.stderr(2, 6))', None),
    ('var_small', 'r = Vector([1]).var()', None),
    ('stdev_small', 'r = Vector([1]).stdev()', None),
    ('stdev_range_bad', 'r = Vector([1, 2, 3]).stdev(1, 1)', None),
    ('meansqerr', 'a = Vector([1, 2, 3]); b = Vector([1.5, 2, 2, 7]); w = Vector([1, 2, 3]); r = (a.meansqerr(b), a.meansqerr(b, w))', None),
    ('meansqerr_bad', 'r = Vector([1, 2, 3]).meansqerr(Vector([1]))', None),
    ('dot_mag', 'a = Vector([1, 2, 3]); r = (a.dot(Vector([4, 5, 6])), a.mag())', None),
    ('median', 'r = (Vector([5, 1, 3]).median(), Vector([4, 1, 3, 2]).median())', None),
    ('median_empty', 'r = Vector().median()', None),
    ('eq', 'a = Vector([1, 2]); r = (a.eq(Vector([1, 2])), a.eq(Vector([1, 2 + 1e-10])), a.eq(Vector([1])), a.eq(Vector([1, 3])))', None),
    ('scale', 'v = Vector([2, 4, 6]); r = (v.scale(0, 1), v, Vector([3, 3]).scale(0, 1))', None),
    # arithmetic
    ('arith_scalar', 'v = Vector([1, 2, 3]); r = (v.add(1).c(), v.sub(0.5).c(), v.mul(2).c(), v.div(4).c())', None),
    ('arith_vec', 'v = Vector([1, 2, 3]); w = Vector([2, 4, 8]); r = (v.add(w).c(), v.sub(w).c(), v.mul(w).c(), v.div(w).c())', None),
    ('add_bad', 'r = Vector([1, 2]).add(Vector([1]))', None),
    ('mul_bad', 'r = Vector([1, 2]).mul(Vector([1]))', None),
    ('div_zero', 'r = Vector([1, 2]).div(0)', None),
    ('div_vec_zero', 'r = Vector([1, -2, 0]).div(Vector([0, 0, 0]))', None),
    ('unary', 'v = Vector([-1.5, 0.25, 2]); r = (v.c().abs(), v.c().floor(), v.c().tanh(), Vector().abs(v), Vector([1, 10, 100]).log(), Vector([1, 10, 1000]).log10(), Vector([4, 2]).sqrt())', None),
    ('log_neg', 'r = Vector([-1, 0]).log()', None),
    ('sqrt_neg', 'r = Vector([-1]).sqrt()', None),
    ('pow', 'v = Vector([1, 2, 4]); r = (v.c().pow(2), v.c().pow(0), v.c().pow(0.5), v.c().pow(-1), v.c().pow(3), Vector().pow(v, 1), v.c().pow(1.5))', None),
    ('sin', 'r = (Vector(5).sin(100, 0.5), Vector(4).sin(50, 0, 0.1))', 1e-15),
    # ordering
    ('sort', 'r = Vector([3, 1, 2, -5]).sort()', None),
    ('reverse', 'r = Vector([3, 1, 2, -5]).reverse()', None),
    ('sortindex', 'v = Vector([3, 1, 2, 1, 3, 0]); d = Vector(); r = (v.sortindex(), v.sortindex(d), d)', None),
    ('rotate', 'r = (Vector(range(5)).rotate(2), Vector(range(5)).rotate(-2), Vector(range(5)).rotate(7), Vector(range(5)).rotate(2, 0), Vector(range(5)).rotate(-2, 0), Vector(range(5)).rotate(-7))', None),
    # indexing
    ('ind', 'v = Vector(range(10, 20)); r = v.ind(Vector([0, 3, 3, 12, -1, 9.7]))', None),
    ('index', 'v = Vector(range(10, 20)); r = (Vector().index(v, Vector([1, 2, 30])), v.c().index(Vector([5, 0])))', None),
    ('where', 'v = Vector([1, 2, 3, 4, 5, 3]); r = (v.c().where("==", 3), v.c().where(">", 3), v.c().where("<", 3), v.c().where(">=", 3), v.c().where("<=", 3), v.c().where("!=", 3), v.c().where("[]", 2, 4), v.c().where("()", 2, 4), v.c().where("[)", 2, 4), v.c().where("(]", 2, 4), Vector().where(v, ">", 4))', None),
    ('where_bad', 'r = Vector([1]).where("=>", 3)', None),
    ('indwhere', 'v = Vector([1, 2, 3, 4, 5, 3]); r = (v.indwhere("==", 3), v.indwhere(">", 3), v.indwhere("<", 0), v.indwhere("[]", 4, 9), v.indwhere("()", 1, 3), v.indwhere("!=", 1))', None),
    ('indwhere_bad', 'r = Vector([1]).indwhere("~", 3)', None),
    ('indvwhere', 'v = Vector([1, 2, 3, 4, 5, 3]); r = (v.c().indvwhere("==", 3), Vector().indvwhere(v, ">=", 3), Vector().indvwhere(v, "(]", 1, 3))', None),
    ('interpolate', 'xs = Vector([0, 1, 2, 4]); ys = Vector([0, 10, 20, 0]); xd = Vector([-1, 0, 0.5, 1, 3, 3.5, 4, 5]); r = (Vector().interpolate(xd, xs, ys), ys.c().interpolate(xd, xs))', None),
    ('interpolate_dup', 'xs = Vector([0, 1, 1, 2]); ys = Vector([0, 10, 30, 40]); r = Vector().interpolate(Vector([0.5, 1, 1.5]), xs, ys)', None),
    # histograms
    ('histogram', 'v = Vector([0, 0.5, 1, 1.5, 2, 2.5, 3, 9, -1]); r = v.histogram(0, 3, 1)', None),
    ('hist', 'd = Vector([0, 0.5, 1, 1.5, 2, 2.5, 3, 9, -1]); r = Vector().hist(d, 0, 3, 1)', None),
    ('sumgauss', 'v = Vector([1, 2, 2.5]); r = (v.sumgauss(0, 4, 0.5, 0.25), v.sumgauss(0, 4, 0.5, 0.25, Vector([1, 2, 3])))', 1e-13),
    ('smhist', 'd = Vector([1, 2, 2.5, 7]); r = (Vector().smhist(d, 0, 10, 1, 0.5), Vector().smhist(d, 0, 10, 1, 0.5, Vector([1, 2, 3, 4])))', 1e-12),
    ('spikebin', 'd = Vector([0, 5, 6, 0, 7, 0, 0, 8, 9, 9]); r = (Vector().spikebin(d, 4), Vector().spikebin(d, 4, 3))', None),
    ('rebin', 'r = (Vector().rebin(Vector(range(7)), 2), Vector(range(6)).rebin(3))', None),
    ('resample', 'r = Vector().resample(Vector(range(6)), 1.5)', None),
    ('psth', 'r = Vector().psth(Vector([0, 1, 0, 2, 1, 0, 0, 3]), 0.5, 2, 2)', 1e-13),
    ('trigavg', 'a = Vector(); n = a.trigavg(Vector(range(20)), Vector([1, 5, 10, 18]), 2, 3); r = (n, a)', 1e-14),
    ('medfltr', 'r = (Vector([5, 1]).medfltr(), Vector([5, 1, 4]).medfltr(), Vector().medfltr(Vector([3, 1, 2, 9]), 2).c(0, 2))', None),
    ('medfltr_bad', 'r = Vector().medfltr(Vector([5, 1, 4, 2]), 1)', None),
    # calculus
    ('deriv', 'v = Vector([1, 4, 9, 16, 25]); r = (v.c().deriv(), v.c().deriv(0.5), v.c().deriv(1, 1), Vector().deriv(v, 2, 2))', None),
    ('deriv_short', 'r = Vector([1]).deriv()', None),
    ('integral', 'v = Vector([1, 2, 3, 4]); r = (v.c().integral(), v.c().integral(0.5), Vector().integral(v, 2))', None),
    ('inf', 'r = Vector().inf(Vector([0, 2, 2, 2, 2, 2, 2, 0, 0, 0]), 0.5, 0.1, -65, 1, -60, -70, 1)', 1e-12),
    # Fourier
    ('fft', 'v = Vector([1, 2, 0, -1, 3]); f = Vector().fft(v); r = (f, Vector().fft(f, -1))', 1e-12),
    ('correl', 'a = Vector([1, 2, 0, -1, 3]); r = (Vector().correl(a), Vector().correl(a, Vector([0, 1, 0.5])))', 1e-12),
    ('convlv', 'a = Vector([1, 2, 0, -1, 3, 0, 0, 0]); r = Vector().convlv(a, Vector([1, 0.5, 0.25]))', 1e-12),
    ('filter', 'a = Vector([1, 2, 0, -1, 3, 0, 0, 0]); r = (Vector().filter(a, Vector([1, 0.5, 0.25])), Vector().filter(a, Vector([1, 0.5])))', 1e-12),
    ('filter_one', 'r = Vector([1, 2]).filter(Vector([1, 0.5]))', None),
    ('spctrm', 'import math; a = Vector([math.sin(i * 0.7) + 0.3 * math.cos(i * 2.1) for i in range(64)]); r = (Vector().spctrm(a), Vector().spctrm(a, 4))', 1e-12),
    # fitting with built-in functions
    ('fit_line', 'x = Vector(range(6)); y = Vector([1, 3.1, 4.9, 7.2, 9, 11.1]); f = Vector(); a = ref(1); b = ref(0)\ne = y.fit(f, "line", x, a, b); r = (e, a[0], b[0], f)', 1e-9),
    ('fit_exp1', 'import math\nx = Vector(range(8)); y = Vector([3 * math.exp(-t / 2.5) for t in x]); f = Vector(); a = ref(1); b = ref(1)\ne = y.fit(f, "exp1", x, a, b); r = (e, a[0], b[0], f)', 1e-9),
    ('fit_quad_func', 'x = Vector(range(6)); y = Vector([1, 2.2, 5.1, 10, 17.2, 25.9]); f = Vector(); a = ref(1); b = ref(0.5); c = ref(0.5)\ne = y.fit(f, "quad", x, a, b, c); r = (e, a[0], b[0], c[0], f)', 1e-9),
    # user functions
    ('apply', 'deffunc("sq", "func sq() { return $1*$1 }", lambda x: x * x)\nv = Vector([1, 2, 3]); r = (v.c().apply("sq"), v.c().apply("sq", 1, 2))', None),
    ('reduce', 'deffunc("sq", "func sq() { return $1*$1 }", lambda x: x * x)\nv = Vector([1, 2, 3]); r = (v.reduce("sq"), v.reduce("sq", 10), v.reduce("sq", 0, 1, 2))', None),
    ('fit_user', 'deffunc("lin2", "func lin2() { return $2*$1 + $3 }", lambda x, a, b: a * x + b)\nx = Vector(range(6)); y = Vector([1, 3.1, 4.9, 7.2, 9, 11.1]); f = Vector(); a = ref(1); b = ref(0)\ne = y.fit(f, "lin2", x, a, b); r = (e, a[0], b[0], f)', 1e-9),
    ('from_double', 'deffunc(None, "double dd[4]\\ndd[0]=1\\ndd[1]=2\\ndd[2]=3", None)\nv = Vector(); v.from_double(3, dd_ref()); r = v', None),
    # printing
    ('printf_default', 'v = Vector([1, 2.5, 3, 4, 5, 6, 1e-7]); r = v.printf()', None),
    ('printf_five', 'r = Vector([1, 2, 3, 4, 5]).printf()', None),
    ('printf_empty', 'r = Vector().printf()', None),
    ('printf_fmt', 'v = Vector([1, 2.5, -3, 4, 5, 6]); r = (v.printf("%5.2f,"), v.printf("%g ", 1, 3), v.printf("[%-6.3e]\\n", 4, 5), v.printf(0, 1))', None),
    ('printf_float_specs', 'v = Vector([1.5, -2, 1e10]); r = [v.printf(f) for f in ("%e\\n", "%E|", "%G|", "%lf|", "%5.2lf|", "%-8g|", "%+g|", "%08.3f|", "abc|", "%%|", "%.3g|", "% g|", "%#g|", "%F|")]', None),
    ('printf_int_spec', 'r = Vector([1]).printf("%d\\n")', None),
    ('printf_str_spec', 'r = Vector([1]).printf("%s\\n")', None),
    ('printf_two_specs', 'r = Vector([1]).printf("%g %g\\n")', None),
    ('printf_oob', 'r = Vector([1, 2]).printf("%g", 0, 2)', None),
    ('printf_file', 'f = wfile("p.txt"); v = Vector([1, 2.5, 3]); a = v.printf(f); b = v.printf(f, "%g,"); c = v.printf(f, "%3.1f ", 1, 2); f.close(); r = (a, b, c, filetext("p.txt"))', None),
    # binary and text files
    ('vwrite4', 'f = wfile("a.bin"); Vector([1, 2.5, -3]).vwrite(f); f.close(); r = filehex("a.bin")', None),
    ('vwrite_types', 'out = []\nfor t in (1, 2, 3, 5):\n    f = wfile("t.bin"); Vector([1, 2.5, -3, 7.9]).vwrite(f, t); f.close(); out.append(filehex("t.bin"))\nr = out', None),
    ('vread_types', 'out = []\nfor t in (1, 2, 3, 4, 5):\n    f = wfile("t.bin"); Vector([1, 2.5, -3, 7.9]).vwrite(f, t); f.close()\n    g = rfile("t.bin"); v = Vector(); v.vread(g); g.close(); out.append(v)\nr = out', None),
    ('vread_two', 'f = wfile("t.bin"); Vector([1, 2]).vwrite(f); Vector([3, 4, 5]).vwrite(f, 3); f.close()\ng = rfile("t.bin"); a = Vector(); b = Vector(9); a.vread(g); b.vread(g); g.close(); r = (a, b)', None),
    ('fwrite_fread', 'f = wfile("f.bin"); n1 = Vector([1, 2, 3, 4]).fwrite(f); n2 = Vector([5, 6, 7, 8]).fwrite(f, 1, 2); f.close()\ng = rfile("f.bin"); a = Vector(2); a.fread(g); b = Vector(); b.fread(g, 3); g.close(); r = (n1, n2, a, b, filehex("f.bin"))', None),
    ('fread_types', 'putbytes("s.bin", "0100ffff0200000000002040ff")\nout = []\nfor t, n in ((5, 3), (2, 3), (3, 1), (1, 4)):\n    g = rfile("s.bin"); v = Vector(); v.fread(g, n, t); g.close(); out.append(v)\nr = out', None),
    ('scanf', 'puttext("d.txt", "1 2.5\\n3e2 -4\\nabc 5\\n 6x 7\\n")\ng = rfile("d.txt"); v = Vector(); n = v.scanf(g); g.close(); r = (n, v)', None),
    ('scanf_n', 'puttext("d.txt", "1 2 3 4 5 6\\n")\ng = rfile("d.txt"); v = Vector(); n = v.scanf(g, 4); m = Vector(); k = m.scanf(g); g.close(); r = (n, v, k, m)', None),
    ('scanf_cols', 'puttext("d.txt", "1 2 3\\n4 5 6\\n7 8 9\\n")\ng = rfile("d.txt"); v = Vector(); n = v.scanf(g, 2, 3); g.close()\ng = rfile("d.txt"); w = Vector(); k = w.scanf(g, 2, 3, 3); g.close(); r = (n, v, k, w)', None),
    ('scantil', 'puttext("d.txt", "1 2 3 -1 4 5\\n")\ng = rfile("d.txt"); v = Vector(); n = v.scantil(g, -1); m = Vector(); k = m.scantil(g, 5); g.close(); r = (n, v, k, m)', None),
    ('scantil_cols', 'puttext("d.txt", "1 2\\n3 4\\n5 6\\n-1 0\\n")\ng = rfile("d.txt"); v = Vector(); n = v.scantil(g, -1, 2, 2); g.close(); r = (n, v)', None),
    # graphics are no-ops returning the vector
    ('gui', 'v = Vector([1, 2]); r = [x.hname() for x in (v.plot(None), v.line(None, 1), v.mark(None, 1), v.ploterr(None, v))]', None),
    ('return_types', 'v = Vector([1, 2]); e = Vector(); f = wfile("x.txt"); r = [type(x).__name__ for x in (v.size(), v.buffer_size(), v.contains(1), v.eq(v), v.min_ind(), v.max_ind(1, 1), e.min_ind(), v.indwhere("==", 2), v.indwhere("==", 7), v.printf(f), v.fwrite(f), v.sum(), v.mean(), v.get(0), v[0], v.scale(0, 1), Vector().trigavg(v, v, 0, 0), v.vwrite(f), v.fread(f))]', None),
    ('vwrite_empty', 'f = wfile("x.bin"); r = Vector().vwrite(f)', None),
    ('fwrite_empty', 'f = wfile("x.bin"); r = Vector().fwrite(f)', None),
    ('vwrite_empty_float', 'f = wfile("x.bin"); Vector().vwrite(f, 3); f.close(); r = filehex("x.bin")', None),
    ('type_error', 'r = Vector([1]).add(None)', None),
]


# --------------------------------------------------------------------------------------------
# Oracle side (runs under NEURON's python)

def _norm(x, Vector):
    if isinstance(x, Vector) or type(x).__name__ == 'Vector' or (hasattr(x, 'hname') and str(x).startswith('Vector')):
        return {'vec': [float(v) for v in x]}
    if isinstance(x, (list, tuple)):
        return [_norm(y, Vector) for y in x]
    if isinstance(x, bool):
        return x
    if isinstance(x, (int, float)):
        return float(x)
    if hasattr(x, 'dtype'):
        return float(x)
    return x


def _run_oracle() -> list[dict]:
    from neuron import h
    import ctypes
    libc = ctypes.CDLL(None)
    tmp = tempfile.mkdtemp()
    os.chdir(tmp)
    h('objref _vgf')
    out = []
    for name, code, tol in CASES:
        def wfile(fname):
            f = h.File(); f.wopen(fname); return f

        def rfile(fname):
            f = h.File(); f.ropen(fname); return f

        def deffunc(fname, src, pyfunc):
            h(src)

        ns = {'Vector': h.Vector, 'wfile': wfile, 'rfile': rfile, 'deffunc': deffunc,
              'ref': h.ref, 'dd_ref': lambda: h._ref_dd[0],
              'filehex': lambda fn: open(fn, 'rb').read().hex(),
              'filetext': lambda fn: open(fn).read(),
              'putbytes': lambda fn, hx: open(fn, 'wb').write(bytes.fromhex(hx)),
              'puttext': lambda fn, s: open(fn, 'w').write(s)}
        sys.stdout.flush()
        libc.fflush(None)
        cap = os.open(os.path.join(tmp, '_stdout'), os.O_RDWR | os.O_CREAT | os.O_TRUNC)
        saved = os.dup(1)
        os.dup2(cap, 1)
        result = {'name': name, 'code': code, 'tol': tol}
        try:
            exec(code, ns)
            result['r'] = _norm(ns['r'], h.Vector)
        except Exception as e:  # noqa: BLE001
            msg = str(e)
            for pre in ('hocobj_call error: hoc_execerror: ', 'hoc_execerror: '):
                if msg.startswith(pre):
                    msg = msg[len(pre):]
            result['error'] = [type(e).__name__, msg]
        sys.stdout.flush()
        libc.fflush(None)
        os.dup2(saved, 1)
        os.close(saved)
        os.lseek(cap, 0, 0)
        result['out'] = os.read(cap, 1 << 20).decode()
        os.close(cap)
        out.append(result)
    return out


def main() -> None:
    if 'neuron' not in sys.modules and os.environ.get('_VEC_GOLDEN_CHILD') != '1':
        try:
            import neuron  # noqa: F401
        except ImportError:
            env = dict(os.environ, _VEC_GOLDEN_CHILD='1')
            sys.exit(subprocess.call([NRNPY, os.path.abspath(__file__)], env=env))
    out_path = os.path.abspath(OUT)
    cases = _run_oracle()
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, 'w') as f:
        json.dump(cases, f, indent=1)
        f.write('\n')
    print('wrote %d cases to %s' % (len(cases), out_path), file=sys.stderr)


if __name__ == '__main__':
    main()
