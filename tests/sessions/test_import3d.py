"""Import3d for SWC files (pyhoc.sessions.import3d) against NEURON 9.0.2 goldens.

The goldens (tests/sessions/data/*-neuron.json) come from tools/gen_import3d_golden.py run with
NEURON's Python; the SWC files are c91662.swc (NeuroMorpho/ModelDB) and two small fixtures;
hay_trim.asc is the start of ModelDB 139653's cell1.asc (Neurolucida: an outline that is not a
soma, the soma outline, the axon and a dendrite) with hand-written trees that add sets, text,
spines, commas, Bezier points and a tree outside the soma; stack.asc is a hand-made soma drawn as
four outlines at increasing depths (a contour stack) with a dendrite and an axon.
"""
from __future__ import annotations

import importlib.util
import json
import os

import numpy as np
import pytest

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data')
FIXTURES = ('c91662', 'multisoma', 'threepoint', 'hay_trim', 'stack')
EXT = {'hay_trim': '.asc', 'stack': '.asc'}          # (the others are .swc)

_spec = importlib.util.spec_from_file_location(
    'gen_import3d_golden', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                                        'tools', 'gen_import3d_golden.py'))
_gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_gen)
CELL, SUBSETS = _gen.CELL, _gen.SUBSETS      # the same cell template NEURON's golden used


def _golden(name):
    with open(os.path.join(DATA, name + '-neuron.json')) as f:
        return json.load(f)


def _import(h, name, mode, monkeypatch):
    monkeypatch.chdir(DATA)
    h.load_file('import3d.hoc')
    h(CELL)
    fname = name + EXT.get(name, '.swc')
    r = _gen.reader(h, fname)
    r.input(fname)
    gui = h.Import3d_GUI(r, 0)
    cell = None
    if mode == 'cell':
        cell = h.Cell()
        gui.instantiate(cell)
    else:
        gui.instantiate(None)
    return cell


def _no_axes(text):
    """The printout without a soma stack's principal axes: NEURON's come from Eigen's general
    eigensolver, pyhoc's from LAPACK's, equal up to sign."""
    lines = text.split('\n')
    for i, line in enumerate(lines):
        if line == 'Principle axes':
            del lines[i + 1:i + 4]
            break
    return '\n'.join(lines)


def _sections(h):
    out = []
    for sec in h.allsec():
        ps = sec.parentseg()
        out.append({
            'name': sec.name(), 'parent': ps.sec.name() if ps is not None else None,
            'parent_x': ps.x if ps is not None else -1., 'orientation': sec.orientation(),
            'nseg': sec.nseg, 'n3d': sec.n3d(), 'L': sec.L,
            'area': sum(seg.area() for seg in sec),
            'pts': [[sec.x3d(i), sec.y3d(i), sec.z3d(i), sec.diam3d(i)]
                    for i in range(sec.n3d())]})
    return out


@pytest.mark.parametrize('mode', ['nil', 'cell'])
@pytest.mark.parametrize('name', FIXTURES)
def test_sections_match_neuron(h, hoc, monkeypatch, name, mode):
    gold = _golden(name)[mode]
    cell = _import(h, name, mode, monkeypatch)
    got = _sections(h)
    assert [s['name'] for s in got] == [s['name'] for s in gold['sections']]
    for g, e in zip(got, gold['sections']):
        for key in ('parent', 'parent_x', 'orientation', 'nseg', 'n3d'):
            assert g[key] == e[key], (e['name'], key)
        # 3-D points are float32 in both: identical
        assert np.array_equal(np.array(g['pts']).reshape(-1, 4),
                              np.array(e['pts']).reshape(-1, 4)), e['name']
        assert g['L'] == pytest.approx(e['L'], rel=1e-12, abs=1e-12), e['name']
        assert g['area'] == pytest.approx(e['area'], rel=1e-12), e['name']
    assert _no_axes(hoc.stdout.getvalue()) == _no_axes(gold['printed'])
    if cell is not None:
        for n in SUBSETS:
            assert [s.name() for s in getattr(cell, n)] == gold['subsets'][n], n
    else:
        assert h.secname() == gold['accessed']


def test_c91662_shape(h, monkeypatch):
    """The single-point soma of c91662 becomes a 3-point cylinder, L = diam, along x."""
    _import(h, 'c91662', 'nil', monkeypatch)
    secs = list(h.allsec())
    assert len(secs) == 200
    soma = h.soma[0]
    assert soma.n3d() == 3 and soma.L == pytest.approx(8.93008, abs=1e-5)
    assert [soma.x3d(i) for i in range(3)] == pytest.approx([-4.46504, 0, 4.46504], abs=1e-6)
    counts = {}
    for s in secs:
        base = s.name().split('[')[0]
        counts[base] = counts.get(base, 0) + 1
    assert counts == {'soma': 1, 'axon': 1, 'dend': 58, 'apic': 134, 'dend_10': 6}
    # HOC sees the arrays too
    h('n = 0')
    h('forsec "dend" n += 1')      # a regular expression: dend_10 sections match too
    assert h.n == 58 + 6
    h('soma[0] { diam_soma = diam(0.5) }')
    assert h.diam_soma == pytest.approx(8.93008, abs=1e-5)
    # a type-10 point right on the soma: a 2-point section at soma(0.5); the axon follows it
    assert h.dend_10[0].parentseg().x == 0.5
    assert h.axon[0].parentseg().sec.name() == 'dend_10[0]'


def test_reader_sections_and_rules(h, monkeypatch):
    """The reader's own sections: the three-point soma rule and connection points."""
    monkeypatch.chdir(DATA)
    h.load_file('import3d.hoc')
    r = h.Import3d_SWC_read()
    r.input('threepoint.swc')
    assert r.soma3geom == 1
    root = r.sections[0]
    assert root.type == 1 and len(root.d) == 1          # one point: a sphere
    assert all(s.parentx == 0.5 for s in r.sections[1:] if s.parentsec is root)
    r2 = h.Import3d_SWC_read()
    r2.input('multisoma.swc')
    assert r2.soma3geom == 0
    px = {(int(s.type), s.id): s.parentx for s in r2.sections}
    assert px[(3, 5)] == 0.      # dendrite from the first soma point
    assert px[(3, 11)] == 0.5    # from an interior soma point
    assert px[(4, 13)] == 1.     # from the last soma point
    assert px[(3, 21)] == 0.     # from the first point of a wired dendrite (connect2prox)


def test_python_cell_object(h, monkeypatch):
    """instantiate(a Python object): section lists as attributes, as neuron's helpers make."""
    monkeypatch.chdir(DATA)
    h.load_file('import3d.hoc')
    r = h.Import3d_SWC_read()
    r.input('multisoma.swc')

    class PyCell:
        def __repr__(self):
            return 'PyCell'
    c = PyCell()
    h.Import3d_GUI(r, 0).instantiate(c)
    assert len(c.dend) == 7 and len(c.soma) == 1 and len(c.all) == 11
    assert c.dend[4].parentseg().sec is c.soma[0]
    assert c.soma[0].n3d() == 5


def test_hoc_usage(hoc, monkeypatch):
    monkeypatch.chdir(DATA)
    hoc.execute('load_file("import3d.hoc")')
    hoc.execute('objref r, i3d')
    hoc.execute('r = new Import3d_SWC_read()')
    hoc.execute('r.input("threepoint.swc")')
    hoc.execute('i3d = new Import3d_GUI(r, 0)')
    hoc.execute('i3d.instantiate(nil)')
    hoc.execute('nsec = 0')
    hoc.execute('forall nsec += 1')
    assert hoc.eval_string('nsec') == 5
    assert hoc.eval_string('soma[0].L') == pytest.approx(10.)


def test_neurolucida_reader(h, monkeypatch):
    """Import3d_Neurolucida3's own sections: the soma outline first, trees hung at its center."""
    monkeypatch.chdir(DATA)
    h.load_file('import3d.hoc')
    r = h.Import3d_Neurolucida3()
    r.quiet = 1
    r.input('hay_trim.asc')
    soma = r.sections[0]
    assert soma.iscontour_ == 1 and soma.type == 1 and len(soma.d) == 20
    assert len(r.spines) == 1 and r.spines[0].class_label == 'thin'
    roots = [s for s in r.sections if s.parentsec is soma]
    assert len(roots) == 4 and all(s.parentx == 0.5 and s.first == 1 for s in roots)
    assert sorted(int(s.type) for s in roots) == [2, 3, 3, 4]
    assert r.err == 1           # the tree outside the soma's bounding box


def test_neurolucida_parse_error_stops(h, hoc, monkeypatch, tmp_path):
    """A parse error prints NEURON's report (nrniv 9.0.2, then an assertion fails in NEURON)
    and stops the statement (HOC's ``stop``)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'bad.asc').write_text('(Set "s"\n  (Dot "M" (1 2 3 4))\n)\n')
    hoc.execute('load_file("import3d.hoc")')
    hoc.execute('objref r')
    hoc.execute('r = new Import3d_Neurolucida3()')
    hoc.execute('{r.quiet = 1  r.input("bad.asc")  after = 1}')
    out = hoc.stdout.getvalue()
    assert '\nparse error\nitok=7 on line 2 token=leftpar x=0 s=\nline 2:   (Dot "M" (1 2 3 4))\n' in out
    assert hoc.eval_string('after') == 0
