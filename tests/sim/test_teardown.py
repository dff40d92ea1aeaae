"""Tearing down a network in-process (``objref cells[n]`` declared again, a Python list of
cells cleared): each section and spike source that goes is forgotten in O(1), the model's
section list and the sources' lists compacted once when next read (not once per section:
that was quadratic, 32 s for 4000 three-section cells).  The work is counted, not timed."""
from __future__ import annotations

import pytest

from pyhoc.sim import events
from pyhoc.sim.model import Model

TEMPLATE = '''
begintemplate TdCell
public soma, dend, syn
create soma, dend[2]
objref syn
proc init() {
    soma { L = 20  diam = 20  insert hh }
    for i = 0, 1 { connect dend[i](0), soma(1)  dend[i] { L = 100  diam = 1  insert pas } }
    dend[0] syn = new ExpSyn(.5)
}
endtemplate TdCell
'''


@pytest.fixture
def counts(monkeypatch):
    """How often the section list and the sources' lists are compacted."""
    n = {'sections': 0, 'sources': 0}

    def wrap(cls, name, key):
        orig = getattr(cls, name)

        def counted(self, *a):
            n[key] += 1
            return orig(self, *a)
        monkeypatch.setattr(cls, name, counted)
    wrap(Model, '_compact_sections', 'sections')
    wrap(events.NetState, '_compact', 'sources')
    return n


def _build_hoc(h, n):
    h('ntd = %d' % n)
    h('objref tdcells[ntd], tdncs[ntd], tdrec, tdnil')
    h('for i = 0, ntd - 1 { tdcells[i] = new TdCell() }')
    h('for i = 0, ntd - 1 { tdcells[i].soma tdncs[i] = new NetCon(&v(.5), '
      'tdcells[(i+1)%ntd].syn) }')
    h('tdrec = new NetCon(&tdcells[0].soma.v(.5), tdnil)')    # kept: its section goes
    h.finitialize(-65)


@pytest.mark.parametrize('n', [50, 400])
def test_hoc_objects_destroyed_compact_once(h, hoc, counts, n):
    h(TEMPLATE)
    _build_hoc(h, n)
    net = events.state(hoc.sim.model)
    assert len(net.presyns) == n        # (tdrec shares tdncs[0]'s source)
    counts['sections'] = counts['sources'] = 0
    h('objref tdcells[ntd], tdncs[ntd]')
    # nothing compacted per section or source while they went (the sources' lists once at
    # most: when the first section's sources are looked up, its index is made)
    assert counts['sections'] == 0 and counts['sources'] <= 1
    assert h.tdrec._src is None     # its source went with its section, at once
    h('nsec_ = 0\nforall nsec_ += 1')
    assert h.nsec_ == 0
    assert net.presyns == [] and net.thr_presyns == []
    assert counts['sections'] == 1 and counts['sources'] <= 2


def _py_cell(h):
    soma = h.Section(name='soma')
    dends = [h.Section(name='dend%d' % i) for i in range(2)]
    for d in dends:
        d.connect(soma(1))
        d.insert('pas')
    soma.insert('hh')
    return soma, dends, h.ExpSyn(dends[0](.5))


@pytest.mark.parametrize('n', [50, 400])
def test_python_cells_cleared_compact_once(h, hoc, counts, n):
    cells = [_py_cell(h) for _ in range(n)]
    ncs = [h.NetCon(cells[i][0](.5)._ref_v, cells[(i + 1) % n][2], sec=cells[i][0])
           for i in range(n)]
    h.finitialize(-65)
    counts['sections'] = counts['sources'] = 0
    ncs.clear()
    cells.clear()
    assert counts['sections'] == 0 and counts['sources'] <= 1
    assert sum(1 for _ in h.allsec()) == 0
    assert counts['sections'] == 1
    net = events.state(hoc.sim.model)
    assert net.presyns == [] and counts['sources'] <= 2
