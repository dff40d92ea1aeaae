"""Section attributes from Python: range variables (read at the middle, written in every
segment), the section's own fields, plain attributes and errors, as NEURON 9.0.2 gives them
(values checked by hand against NEURON; Section serves range variables through class
attributes, not __setattr__)."""
from __future__ import annotations

import pytest


def test_range_variables_read_middle_write_every_segment(h):
    s = h.Section(name='s')
    s.insert('hh')
    s.nseg = 3
    s.gnabar_hh = 0.3
    assert s.gnabar_hh == 0.3 and [x.gnabar_hh for x in s] == [0.3, 0.3, 0.3]
    s(0.5).gnabar_hh = 0.1
    assert s.gnabar_hh == 0.1 and s(0.1).gnabar_hh == 0.3
    s.ena = 40
    assert s(0.5).ena == 40.0 and s.ena == 40.0
    s.v = -50                       # v: the end nodes too
    assert s(0).v == -50 and s(1).v == -50 and s.v == -50
    with pytest.raises(ValueError, match='bad value'):
        s.v = 'a'


def test_missing_mechanism_and_unknown_names(h):
    s = h.Section(name='s')
    with pytest.raises(AttributeError, match=r'gnabar_hh, the mechanism does not exist at s\(0.5\)'):
        s.gnabar_hh
    with pytest.raises(AttributeError, match=r'gnabar_hh, the mechanism does not exist at s\(0.5\)'):
        s.gnabar_hh = 1
    with pytest.raises(AttributeError, match="'nrn.Section' object has no attribute 'bar'"):
        s.bar
    assert not hasattr(s, 'bar') and getattr(s, 'gnabar_hh', 7) == 7
    # (no dir(s), no new attribute: each makes every later section in the process larger,
    # which test_memory's bytes per cell would count)


def test_own_fields_and_their_errors(h):
    s = h.Section(name='s')
    s.L, s.Ra, s.diam, s.cm, s.rallbranch = 20, 100, 3, 2, 2
    assert (s.L, s.Ra, s.diam, s.cm, s.rallbranch) == (20.0, 100.0, 3.0, 2.0, 2.0)
    with pytest.raises(ValueError, match='L must be > 0.'):
        s.L = -1
    with pytest.raises(ValueError, match='nseg must be an integer in range 1 to 32767'):
        s.nseg = 2.5
    assert s.L == 20.0 and s.nseg == 1


def test_deleted_section(h):
    s = h.Section(name='s')
    s.insert('pas')
    h.delete_section(sec=s)
    for action in (lambda: s.L, lambda: s.v, lambda: s.g_pas, lambda: s.nseg):
        with pytest.raises(ReferenceError, match="can't access a deleted section"):
            action()
    with pytest.raises(ReferenceError, match="can't access a deleted section"):
        s.g_pas = 1


def test_mechanism_loaded_later_gives_section_attributes(h):
    # names a model learns after the sections exist (nrnivmodl, KSChan) are attributes too
    s = h.Section(name='s')
    ks = h.KSChan(0)
    ks.name('kst')
    ks.ion('k')
    s.insert('kst')
    s.gmax_kst = 0.25
    assert s(0.5).gmax_kst == 0.25 and s.gmax_kst == 0.25
