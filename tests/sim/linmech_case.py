"""The LinearMechanism scenarios, written once against an ``h`` (pyhoc's or NEURON's): the
ideal voltage clamp of NEURON's documentation, and two hh cells joined by a gap junction and
an extra RC node (three equations, two locations, a y0, a c with an extra-equation term)."""
from __future__ import annotations


def clamp(h) -> dict:
    h.load_file('stdrun.hoc')
    soma = h.Section(name='soma')
    soma.insert('hh')
    soma.L = soma.diam = 20
    c = h.Matrix(2, 2, 2)
    g = h.Matrix(2, 2)
    y = h.Vector(2)
    b = h.Vector(2)
    g.setval(0, 1, -1)
    g.setval(1, 0, 1)
    b.x[1] = 10
    lm = h.LinearMechanism(c, g, y, b, 0.5, sec=soma)
    vv = h.Vector().record(soma(0.5)._ref_v)
    iv = []
    h.finitialize(-65)
    while h.t < 3 - 1e-9:
        if h.t > 2:
            b.x[1] = -20                   # b is read at every step
        h.fadvance()
        iv.append(y.x[1])
    out = {'i': iv, 'v': list(vv), 'y': list(y)}
    del lm
    return out


def gap_circuit(h):
    """Two hh somas with passive dendrites joined by a gap junction and an extra RC node (a
    LinearMechanism with a c term on the extra equation); an IClamp on the first soma.
    Returns the sections (sa, da, sb, db), y and what must stay alive."""
    h.load_file('stdrun.hoc')
    cells = []
    for name in ('a', 'b'):
        soma = h.Section(name=name)
        soma.L = soma.diam = 20
        soma.insert('hh')
        dend = h.Section(name=name + 'd')
        dend.connect(soma(1))
        dend.L, dend.diam, dend.nseg = 150, 1, 5
        dend.insert('pas')
        cells.append((soma, dend))
    (sa, da), (sb, db) = cells
    ic = h.IClamp(sa(0.5))
    ic.delay, ic.dur, ic.amp = 1, 1, 0.4
    gj, gx, gl, cx = 2e-3, 5e-4, 1e-3, 2e-3
    c = h.Matrix(3, 3)
    g = h.Matrix(3, 3)
    c.setval(2, 2, cx)
    for i, j, val in ((0, 0, gj + gx), (0, 1, -gj), (0, 2, -gx), (1, 0, -gj), (1, 1, gj),
                      (2, 0, -gx), (2, 2, gx + gl)):
        g.setval(i, j, val)
    y, y0, b = h.Vector(3), h.Vector(3), h.Vector(3)
    y0.x[2] = -30
    b.x[2] = gl * -60
    sl = h.SectionList()
    sl.append(sec=da)
    sl.append(sec=sb)
    xv = h.Vector([0.9, 0.5])
    lm = h.LinearMechanism(c, g, y, y0, b, sl, xv)
    return (sa, da, sb, db), y, (lm, ic, c, g, y0, b, sl, xv)


def gap(h) -> dict:
    (sa, da, sb, db), y, keep = gap_circuit(h)
    recs = [h.Vector().record(seg._ref_v) for seg in (sa(0.5), da(0.9), sb(0.5), db(1))]
    yx = []
    h.finitialize(-65)
    while h.t < 8 - 1e-9:
        h.fadvance()
        yx.append(y.x[2])
    out = {'v': [list(r) for r in recs], 'yx': yx}
    del keep
    return out


def callable_b(h) -> dict:
    """LinearMechanism(f, ...): f runs before every right-hand side and sets b from t (which
    is the step's start there, as NEURON's global t)."""
    soma = h.Section(name='soma')
    soma.insert('hh')
    soma.L = soma.diam = 20
    c = h.Matrix(2, 2, 2)
    g = h.Matrix(2, 2)
    y = h.Vector(2)
    b = h.Vector(2)
    g.setval(0, 1, -1)
    g.setval(1, 0, 1)

    def f():
        b.x[1] = -65 + 10 * (h.t > 1)
    lm = h.LinearMechanism(f, c, g, y, b, 0.5, sec=soma)
    h.finitialize(-65)
    v, i = [], []
    while h.t < 3 - 1e-9:
        h.fadvance()
        v.append(soma(0.5).v)
        i.append(y.x[1])
    del lm
    return {'v': v, 'i': i}
