"""NEURON's Python API for sections and mechanisms, through ``h`` (values checked with NEURON 9.0.2)."""
from __future__ import annotations

import pytest


def test_sections_python_and_hoc_are_one_class(h):
    h('create hs')
    s = h.Section(name='s')
    assert type(h.hs) is type(s)
    assert h.hs.is_pysec() is False and s.is_pysec() is True
    assert h.secname(sec=s) == '_pysec.s' and h.secname(sec=h.hs) == 'hs'
    assert s.name() == 's' and str(s) == 's' and s.hname() == 's'
    assert sorted(x.name() for x in h.allsec()) == ['hs', 's']


def test_section_in_a_python_class(h):
    class Cell:
        def __init__(self, gid):
            self.gid = gid
            self.soma = h.Section(name='soma', cell=self)

        def __repr__(self):
            return 'Cell[%d]' % self.gid

    c = Cell(3)
    assert c.soma.name() == 'Cell[3].soma' and c.soma.cell() is c
    assert h.Section(name='x').cell() is None


def test_hoc_template_sections_know_their_cell(h):
    h('begintemplate T\npublic soma\ncreate soma\nendtemplate T')
    t = h.T()
    assert t.soma.cell() is t and t.soma.name() == 'T[0].soma'


def test_mechanism_objects_and_insert(h):
    soma, dend, axon = (h.Section(name=n) for n in ('soma', 'dend', 'axon'))
    assert repr(h.hh) == "neuron.DensityMechanism('hh')"
    assert h.hh.insert([soma, dend]) is None
    assert axon.insert(h.pas) is axon
    axon.insert('hh')
    assert soma.has_membrane('hh') and not soma.has_membrane('pas')
    assert [m.name() for m in soma(0.5)] == ['k_ion', 'na_ion', 'hh']
    seg = soma(0.5)
    assert seg.hh.gkbar == 0.036 and soma.gkbar_hh == 0.036 and seg.gkbar_hh == 0.036
    seg.hh.gkbar = 0.01
    soma.gnabar_hh = 0.2
    assert soma.gkbar_hh == 0.01 and seg.hh.gnabar == 0.2
    assert seg.hh.name() == 'hh' and seg.hh.segment() == seg
    assert {'gnabar', 'm', 'minf', 'rates'} <= set(dir(seg.hh))
    sl = h.SectionList([axon])
    h.pas.insert(sl)
    h.hh.uninsert(sl)
    assert axon.has_membrane('pas') and not axon.has_membrane('hh')


def test_sec_keyword_pushes_the_section(h):
    a = h.Section(name='a')
    b = h.Section(name='b')
    b.L, b.diam = 10, 2
    assert h.area(0.5, sec=b) == pytest.approx(3.141592653589793 * 20)
    assert h.secname(sec=b) == '_pysec.b' and h.cas() is a
    h('proc p() { L = $1 }')
    h.p(42, sec=b)
    assert b.L == 42 and a.L == 100
    sr = h.SectionRef(sec=b)
    assert sr.sec is b and sr.has_parent() is False and sr.nchild() == 0
    stim = h.IClamp(0.3, sec=b)
    assert stim.get_segment().sec is b
    with pytest.raises(TypeError):
        h.area(0.5, sec=3)


def test_distance_forms(h):
    soma = h.Section(name='soma')
    soma.L = 10
    a = h.Section(name='a')
    a.L, a.nseg = 100, 4
    a.connect(soma(1))
    c = h.Section(name='c')
    c.L, c.nseg = 80, 2
    c.connect(a(0.5))
    # c hangs on a's node at 0.625 (nseg 4), c(1) is 80 further
    assert h.distance(c(1), a(1)) == pytest.approx(80 + 37.5)
    h.distance(0, soma(0.5))
    assert h.distance(a(1)) == pytest.approx(105)
    h.distance(0, 0.5, sec=a)      # the origin is the node holding a(0.5): x = 0.625
    assert h.distance(1, 1, sec=a) == pytest.approx(37.5)
    assert h.distance(soma(0)) == pytest.approx(72.5)


def test_segments_and_topology(h):
    soma = h.Section(name='soma')
    dend = h.Section(name='dend')
    dend.connect(soma(1))
    dend.nseg = 3
    assert dend.parentseg() == soma(1) and dend.trueparentseg() == soma(1)
    assert soma.children() == [dend] and dend.wholetree() == [soma, dend]
    assert [s.x for s in dend.allseg()] == pytest.approx([0, 1 / 6, .5, 5 / 6, 1])
    vol = dend(0.5).volume()
    assert type(vol) is float
    stim1 = h.IClamp(dend(0.5))
    stim2 = h.IClamp(dend(0.5))
    assert dend(0.5).point_processes() == [stim2, stim1]
    d = dend.psection()
    assert d['morphology']['parent'] == soma(1) and d['name'] == 'dend'
    assert set(d) >= {'point_processes', 'density_mechs', 'ions', 'morphology', 'nseg', 'Ra',
                      'cm', 'regions', 'species', 'name', 'hoc_internal_name', 'cell'}


def test_h_ref_of_globals_and_variables(h):
    h('x = 3')
    r = h._ref_x
    r[0] = 5
    assert h.x == 5
    h.t = 2
    assert h._ref_t[0] == 2
