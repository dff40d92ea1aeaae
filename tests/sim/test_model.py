"""Model API: sections, segments, mechanisms, refs, records and errors."""
from __future__ import annotations

import pytest

from pyhoc.errors import HocError
from pyhoc.base.refs import Ref
from pyhoc.sim import IClamp, Model


@pytest.fixture
def m():
    return Model()


def test_defaults(m):
    s = m.new_section('soma')
    assert (s.nseg, s.L, s.diam, s.Ra, s.cm) == (1, 100., 500., 35.4, 1.)
    assert s(0.5).v == -65.
    assert (m.t, m.dt, m.celsius, m.secondorder) == (0., .025, 6.3, 0)


def test_insert_and_range_access(m):
    s = m.new_section('soma')
    s.insert('hh')
    assert s(0.5).gnabar_hh == .12
    s(0.5).hh.gnabar = .2
    assert m.range_get(s, 'gnabar_hh', .5) == .2
    assert s(0.5).ena == 50. and s(0.5).ek == -77.
    assert m.is_range_var('gnabar_hh') and not m.is_range_var('nonsense')
    with pytest.raises(HocError):
        m.range_get(s, 'g_pas', .5)
    with pytest.raises(ValueError):
        s.insert('nonsense')
    assert [mv.name() for mv in s(0.5)] == ['k_ion', 'na_ion', 'hh']   # as NEURON iterates


def test_refs_survive_structure_changes(m):
    s = m.new_section('soma')
    s.insert('pas')
    r = s(0.5)._ref_v
    assert isinstance(r, Ref)
    m.finitialize(-70.)
    assert r.get() == -70.
    s.nseg = 3
    other = m.new_section('other')
    other.connect(s(1))
    m.finitialize(-60.)
    assert r.get() == -60.
    r.set(-10.)
    assert s(0.5).v == -10.


def test_record_and_point_process(m):
    s = m.new_section('soma')
    s.L = s.diam = 10.
    s.insert('pas')
    stim = IClamp(s(0.5))
    stim.delay, stim.dur, stim.amp = 0., 1., .1
    got, resets = [], []
    m.add_record(s(0.5)._ref_v, got.append, lambda: resets.append(1))
    m.add_record(stim._ref_i, lambda v: None)
    m.finitialize(-65.)
    for _ in range(10):
        m.fadvance()
    assert len(got) == 11 and resets == [1]
    assert got[-1] > got[0]
    assert stim.get_loc() == .5 and stim.i == .1
    assert m.stack.current() is s   # get_loc pushed the section, as NEURON's does
    m.stack.pop()


def test_connect_errors_and_tree(m):
    a, b, c = m.new_section('a'), m.new_section('b'), m.new_section('c')
    b.connect(a(1))
    c.connect(b(0.5))
    with pytest.raises(HocError):
        a.connect(c(1))
    assert c.parentseg().sec is b and a.children() == [b]
    assert a.subtree() == [a, b, c] and c.wholetree() == [a, b, c]
    m.delete_section(b)
    assert c.parentseg() is None and b.deleted


def test_psection_text(m):
    s = m.new_section('soma')
    s.insert('hh')
    s.insert('pas')
    assert m.psection(s) == (
        'soma { nseg=1  L=100  Ra=35.4\n'
        '\t/*location 0 attached to cell 0*/\n'
        '\t/* First segment only */\n'
        '\tinsert morphology { diam=500}\n'
        '\tinsert capacitance { cm=1}\n'
        '\tinsert hh { gnabar_hh=0.12 gkbar_hh=0.036 gl_hh=0.0003 el_hh=-54.3}\n'
        '\tinsert na_ion { ena=50}\n'
        '\tinsert k_ion { ek=-77}\n'
        '\tinsert pas { g_pas=0.001 e_pas=-70}\n'
        '}\n')



def test_sections_of_an_owner_in_creation_order_without_deleted_ones(m):
    from pyhoc.base.objects import HocObject

    class Cell(HocObject):          # (a HOC object: forall in its code asks for its sections)
        pass
    a, b = Cell(), Cell()
    a1 = m.new_section('a1', cell=a)
    b1 = m.new_section('b1', cell=b)
    a2 = m.new_section('a2', cell=a)
    a3 = m.new_section('a3', cell=a, python_owned=True)
    m.new_section('free')
    assert m.sections_of(a) == [a1, a2, a3] and m.sections_of(b) == [b1]
    m.delete_section(a2)
    assert m.sections_of(a) == [a1, a3]
    assert [s for s in m.sections if s._cell is a] == [a1, a3]
    assert m.sections_of(Cell()) == []
    del a3
    assert m.sections_of(a) == [a1]         # (a Python-made section went with its reference)


def test_every_block_type_is_a_mechanism_type(m):
    """The built model's blocks, capacitance's included, have MechanismType types with the
    spec's declared defaults (the core reads rng_slot, execerror_pending... without probing)."""
    from pyhoc.sim.backend import STEP_WORK, step_work
    from pyhoc.sim.mechanisms.base import MechanismType
    from pyhoc.sim.mechanisms.structural import Capacitance
    s = m.new_section('soma')
    s.nseg = 3
    s.insert('hh')
    s.insert('pas')
    m.finitialize(-65.)
    cap = m.blocks['capacitance']
    assert type(cap.mtype) is Capacitance and cap.mtype.model is m
    assert list(cap.arrays) == ['cm', 'i_cap'] and cap.arrays['cm'].tolist() == [1., 1., 1.]
    for blk in m.blocks.values():
        mt = blk.mtype
        assert isinstance(mt, MechanismType)
        assert mt.rng_slot == -1 and mt.execerror_pending() is None
        assert mt.rng_out() is None and mt.net_receive is None
    assert m.blocks['hh'].sec_off is not None
    # 5 nodes (root, 3 segments, end) and 3 instances each of capacitance, hh, pas, na_ion,
    # k_ion, numpy_work 1 each
    assert step_work(m) == STEP_WORK + 5 + 5 * 3
