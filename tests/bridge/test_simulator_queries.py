"""CVode's, MechanismStandard's, MechanismType's and StringFunctions' queries about the
simulator, with the values NEURON 9.0.2 gives (``from neuron import h``, same steps)."""
import pytest


def test_structure_and_diam_change_counts_follow_neurons(h):
    """The tree is set up again (and areas recomputed) at the step or initialization after a
    section, connection, nseg or mechanism changes; areas alone after a diam or L change."""
    cv = h.CVode()
    seen = []

    def note():
        seen.append((cv.structure_change_count(), cv.diam_change_count()))
    note()
    s = h.Section(name='soma')
    note()
    h.finitialize(-65)
    note()
    h.finitialize(-65)
    note()
    s.diam = 3
    note()
    h.fadvance()
    note()
    s2 = h.Section(name='d')
    s2.connect(s)
    note()
    h.finitialize(-65)
    note()
    s.nseg = 3
    h.finitialize(-65)
    note()
    s.L = 20
    h.finitialize(-65)
    note()
    s.insert('hh')
    h.finitialize(-65)
    note()
    assert seen == [(0, 0), (0, 0), (1, 1), (1, 1), (1, 1), (1, 2), (1, 2), (2, 3), (3, 4),
                    (3, 5), (4, 6)]


def test_order_and_debug_event(h):
    s = h.Section(name='soma')
    s.insert('hh')
    cv = h.CVode()
    assert cv.order() == 0
    with pytest.raises(RuntimeError, match='Arg out of range in user function'):
        cv.order(0)         # (a cell of the local step: the global one has none)
    assert (cv.debug_event(), cv.debug_event(1), cv.debug_event()) == (0, 1, 1)
    with pytest.raises(RuntimeError, match='Arg out of range in user function'):
        cv.debug_event(11)
    cv.active(1)
    h.finitialize(-65)
    h.fadvance()
    assert repr(cv.order()) == '1'
    cv.active(0)


def test_mechanism_standard_is_array(h):
    ms = h.MechanismStandard('extracellular')
    got = []
    for i in range(int(ms.count())):
        name = h.ref('')
        size = ms.name(name, i)
        got.append((name[0], size, ms.is_array(i)))
    assert got == [('xraxial', 2, True), ('xg', 2, True), ('xc', 2, True),
                   ('e_extracellular', 1, False)]
    with pytest.raises(RuntimeError, match='Arg out of range in user function'):
        ms.is_array(4)


def test_mechanism_type_is_ion(h):
    h.Section(name='soma').insert('hh')
    mt = h.MechanismType(0)
    got = {}
    for i in range(int(mt.count())):
        mt.select(i)
        name = h.ref('')
        mt.selected(name)
        got[name[0]] = mt.is_ion()
    assert got == {'morphology': False, 'capacitance': False, 'pas': False,
                   'extracellular': False, 'fastpas': False, 'na_ion': True, 'k_ion': True,
                   'hh': False}
    pp = h.MechanismType(1)
    pp.select(0)
    assert pp.is_ion() is False


def test_point_process_type_numbers(h):
    """is_point_process: the type's place in MechanismType(1)'s list, from 1; is_artificial
    the same number for an ARTIFICIAL_CELL, else 0."""
    s = h.Section(name='soma')
    sf = h.StringFunctions()
    mt = h.MechanismType(1)
    got = []
    for i in range(int(mt.count())):
        mt.select(i)
        name = h.ref('')
        mt.selected(name)
        cls = getattr(h, name[0])
        try:
            obj = cls(s(0.5))
        except Exception:       # noqa: BLE001 -- (artificial cells take no location)
            obj = cls()
        got.append((name[0], sf.is_point_process(obj), sf.is_artificial(obj)))
    assert got == [('IClamp', 1, 0), ('AlphaSynapse', 2, 0), ('ExpSyn', 3, 0),
                   ('Exp2Syn', 4, 0), ('SEClamp', 5, 0), ('VClamp', 6, 0), ('OClamp', 7, 0),
                   ('APCount', 8, 0), ('NetStim', 9, 9), ('IntFire1', 10, 10),
                   ('IntFire2', 11, 11), ('IntFire4', 12, 12), ('PointProcessMark', 13, 0),
                   ('PatternStim', 14, 14)]
    assert (sf.is_point_process(h.Vector()), sf.is_point_process(None)) == (0, 0)
