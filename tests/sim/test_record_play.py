"""Vector.record / Vector.play / frecord_init against NEURON 9.0.2 (tools/gen_record_golden.py)."""
from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _golden_hoc import compare  # noqa: E402


@pytest.mark.parametrize('name', ['rec_every', 'rec_dt_grid', 'rec_tvec', 'play_step',
                                  'play_cont', 'rec_reinit'])
def test_hoc_against_neuron(name):
    compare(name)


def _soma(h):
    s = h.Section(name='soma')
    s.L = s.diam = 20
    s.insert('hh')
    return s


def test_python_refs_and_sizes(h, hoc):
    s = _soma(h)
    v = h.Vector().record(s(0.5)._ref_v)
    vdt = h.Vector().record(s(0.5)._ref_v, 0.1)
    h.finitialize(-65)
    for _ in range(8):
        h.fadvance()
    assert len(v) == 9 and len(vdt) == 3
    assert v[0] == -65 and vdt[2] == v[8]


def test_record_survives_nseg_change(h, hoc):
    s = _soma(h)
    v = h.Vector().record(s(0.5)._ref_v)
    s.nseg = 3
    h.finitialize(-60)
    h.fadvance()
    assert len(v) == 2 and v[0] == -60 and v[1] == s(0.5).v


def test_dropped_vector_stops_recording(h, hoc):
    import gc
    s = _soma(h)
    h.Vector().record(s(0.5)._ref_v)
    gc.collect()
    h.finitialize(-65)
    h.fadvance()
    model = hoc.sim.model
    assert model.playrec.items == []


def test_record_needs_a_pointer(h, hoc):
    from pyhoc import HocError
    _soma(h)
    with pytest.raises((HocError, RuntimeError), match='number was provided'):
        h.Vector().record(3)


def test_play_continuous_needs_tvec(h, hoc):
    from pyhoc import HocError
    s = _soma(h)
    with pytest.raises((HocError, RuntimeError), match='continuous mode'):
        h.Vector([1, 2]).play(s(0.5)._ref_v, 0.1, 1)


def test_new_record_replaces_old_and_play_remove(h, hoc):
    s = _soma(h)
    y = h.Vector()
    y.record(s(0.5)._ref_v)
    y.record(s(0.5)._ref_v, 1.0)
    h.finitialize(-65)
    for _ in range(4):
        h.fadvance()
    assert len(y) == 1
    y.play_remove()
    h.finitialize(-65)
    assert len(y) == 1     # no longer recording: keeps its contents


def test_deleted_section_drops_its_records(h, hoc):
    import gc
    s = _soma(h)
    d = h.Section(name='dend')
    y = h.Vector().record(d(0.5)._ref_v)
    keep = h.Vector().record(s(0.5)._ref_v)
    h.Vector().record(s(0.5)._ref_v)       # dropped at once
    gc.collect()
    h.finitialize(-65)
    h.delete_section(sec=d)
    h.fadvance()
    h.fadvance()
    assert len(y) == 1 and len(keep) == 3
    assert hoc.sim.model.playrec.items[0].vec(0) is keep
