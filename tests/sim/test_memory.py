"""Memory per cell: what a model's size costs (issue 12: no faster growth than NEURON's).

Traced bytes (tracemalloc) per ball-and-stick cell with a synapse and two NetCons, built and
initialized; NEURON's whole process grows ~7.5 kB per such cell (bench/ring_memory.py).  The
objects that hold weak references without callbacks must still notice their members going.
"""
from __future__ import annotations

import gc
import math
import tracemalloc

import pytest


def _cells(h, n, cells):
    for i in range(n):
        soma, dend = h.Section(name='soma'), h.Section(name='dend')
        dend.connect(soma)
        soma.L = soma.diam = 12.6157
        dend.L, dend.diam = 200, 1
        soma.insert('hh')
        dend.insert('pas')
        syn = h.ExpSyn(dend(0.5))
        nc = h.NetCon(soma(0.5)._ref_v, syn, sec=soma)
        det = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
        cells.append((soma, dend, syn, nc, det))


def test_bytes_per_cell(h):
    probe = h.Section(name='probe')     # (what Python did before must not matter: dir() of a
    dir(probe)                          # section used to make every later one ~1.3 kB larger)
    with pytest.raises(AttributeError):   # (no plain attributes, as NEURON's sections)
        probe.note = 'a plain attribute'
    cells: list = [probe]
    _cells(h, 20, cells)
    h.finitialize(-65)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        _cells(h, 200, cells)
        h.finitialize(-65)
        gc.collect()
        per_cell = (tracemalloc.get_traced_memory()[0] - before) / 200
    finally:
        tracemalloc.stop()
    # (~9 kB before plain weakrefs and pooled values; 5.2 kB before instance dicts went,
    # offsets and diam moved into the model's arrays and detectors' weights were shared)
    assert per_cell < 4800, per_cell


def test_point_process_goes_from_model_and_section(h):
    soma = h.Section(name='soma')
    keep = h.IClamp(soma(0.5))
    gone = h.IClamp(soma(0.5))
    h.finitialize(-65)
    del gone
    gc.collect()
    h.finitialize(-65)          # rebuilt without it
    model = soma.model
    assert list(soma.points) == [keep]
    assert list(model.points) == [keep]
    assert model.blocks['IClamp'].n == 1


def test_netcon_source_goes_with_its_last_netcon(h):
    soma = h.Section(name='soma')
    nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    nc.threshold = -20
    assert h.NetCon(soma(0.5)._ref_v, None, sec=soma).threshold == -20   # one source
    del nc
    gc.collect()
    assert h.NetCon(soma(0.5)._ref_v, None, sec=soma).threshold == 10    # a new one


def test_instance_numbers_restart_with_a_python_subclass_del(h):
    freed = []

    class V(h.Vector):
        def __del__(self):
            freed.append(1)

    a, b = V(), V()
    assert (a.hname(), b.hname()) == ('Vector[0]', 'Vector[1]')
    del a, b
    gc.collect()
    assert freed == [1, 1]
    assert V().hname() == 'Vector[0]'


def test_python_section_leaves_the_model(h):
    soma = h.Section(name='soma')
    dend = h.Section(name='dend')
    dend.connect(soma)
    h.finitialize(-65)
    del soma
    gc.collect()
    assert [s.name() for s in h.allsec()] == ['dend']
    assert dend.parentseg() is None
    h.finitialize(-65)
    assert len(dend.model.v) == 3           # its root node and two nodes


def test_print_local_memory_usage_built_and_not():
    from pyhoc.sim.model import Model
    m = Model()
    s = m.new_section('s')
    s.insert('hh')
    s.nseg = 3
    assert 'total' in m.memory_usage()
    m.finitialize(-65.)
    out = m.memory_usage()              # built: the model's node arrays, not the sections'
    # 5 nodes (the root and 4) x 7 node arrays x 8 bytes
    assert out.split('data')[1].split()[0] == '280'


def test_detector_weights_are_made_when_asked(h):
    """NetCons without a target share one zero weight until theirs is asked for."""
    soma = h.Section(name='soma')
    a = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    b = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    assert (a.weight[0], a.wcnt()) == (0.0, 1.0)
    a.weight[0] = 3
    b.weight[0] = 2      # (b.weight = 2 is NEURON's TypeError from Python)
    assert (a.weight[0], b.weight[0]) == (3.0, 2.0)
    c = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    syn = h.ExpSyn(soma(0.5))
    c.setpost(syn)
    c.weight[0] = .5
    assert (c.weight[0], h.NetCon(soma(0.5)._ref_v, None, sec=soma).weight[0]) == (.5, 0.)


def test_built_diam_and_offsets_live_in_the_model(h):
    """Once built, diam is read and written in the model's arrays (areas follow), and goes
    back to the section when the structure changes."""
    soma = h.Section(name='soma')
    soma.L, soma.diam = 10, 4
    soma.insert('pas')
    h.finitialize(-65)
    assert soma(0.5).area() == math.pi * 4 * 10
    soma.diam = 2
    assert soma(0.5).area() == math.pi * 2 * 10
    soma(0.5).pas.g = 2e-3
    dend = h.Section(name='dend')       # the structure changes: the values go back
    dend.connect(soma)
    assert (soma.diam, soma(0.5).pas.g) == (2.0, 2e-3)
    h.finitialize(-65)
    assert (soma.diam, soma(0.5).pas.g, soma(0.5).area()) == (2.0, 2e-3, math.pi * 2 * 10)
    assert 'pas' not in dend._offsets and soma._offsets['pas'] >= 0
