"""The CellBuilder as session files use it (pyhoc.sessions.cellbuild) against NEURON 9.0.2.

Goldens (tests/sessions/data/<name>-cellbuild-neuron.json) come from
tools/gen_cellbuild_golden.py run with NEURON's Python.  c91662.ses is ModelDB 87284's
morphology session (public data); cbspec.ses is a small session in the tool's saved layout
with sections without 3-D points, shared and interleaved names, geometry specifications
(L, diam, area, per-section L, d_lambda, d_X) and Ra/cm membrane specifications; cbdomain.ses
has inhomogeneous parameters (domain parameters of subsets, functions of path length).
"""
from __future__ import annotations

import importlib.util
import json
import math
import os

import pytest

from pyhoc.hoc.symbols import Kind, Sym

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data')
# display-only names a session calls; the headless GUI library defines them when it is there
GUI_NAMES = ('pwman_place', 'doNotify', 'xpanel', 'xvalue', 'xbutton', 'xlabel')


def _golden(name):
    with open(os.path.join(DATA, name + '-cellbuild-neuron.json')) as f:
        return json.load(f)


def _stub_gui(hoc):
    from pyhoc.hoc.interpreter import Frame
    for n in GUI_NAMES:
        if hoc.resolve(Frame(hoc.top), n) is None:
            hoc.builtins[n] = Sym(n, Kind.BUILTIN, lambda interp, *a: 0.0)


def _load(h, hoc, name, monkeypatch):
    monkeypatch.chdir(DATA)
    _stub_gui(hoc)
    assert h.load_file(name + '.ses') == 1


_spec = importlib.util.spec_from_file_location(
    'gen_cellbuild_golden', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                                         'tools', 'gen_cellbuild_golden.py'))
_gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_gen)
_snapshot = _gen.snapshot     # the same snapshot NEURON's golden was taken with


def _close(a, b, rel=1e-9, abs_=1e-9):
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def _compare(got, gold):
    assert [s['name'] for s in got['sections']] == [s['name'] for s in gold['sections']]
    for g, e in zip(got['sections'], gold['sections']):
        for key in ('parent', 'parent_x', 'orientation', 'nseg', 'n3d'):
            assert g[key] == e[key], (e['name'], key, g[key], e[key])
        for key in ('L', 'Ra', 'area'):
            assert _close(g[key], e[key]), (e['name'], key, g[key], e[key])
        for key in ('diam', 'cm'):
            assert len(g[key]) == len(e[key])
            assert all(_close(a, b) for a, b in zip(g[key], e[key])), (e['name'], key)
        for pa, pb in zip(g['pts'], e['pts']):
            assert all(_close(a, b, 1e-7, 1e-6) for a, b in zip(pa, pb)), (e['name'], pa, pb)
    assert got['subsets'] == gold['subsets']
    assert got['cas'] == gold['cas']
    assert got.get('ranges') == gold.get('ranges')      # (the values bit for bit)


@pytest.mark.parametrize('name', ['c91662', 'cbspec', 'cbdomain'])
def test_session_builds_neurons_cell(h, hoc, monkeypatch, name):
    _load(h, hoc, name, monkeypatch)
    _compare(_snapshot(h), _golden(name))


def test_c91662_totals(h, hoc, monkeypatch):
    _load(h, hoc, 'c91662', monkeypatch)
    secs = list(h.allsec())
    assert len(secs) == 194
    assert sum(s.n3d() for s in secs) == 1702
    assert _close(sum(s.L for s in secs), 15377.284575, 1e-9, 1e-5)
    assert _close(sum(seg.area() for s in secs for seg in s), 18937.124703, 1e-9, 1e-5)
    for name in ('soma', 'axon', 'basal', 'apic'):
        assert h.name_declared(name) == 3
    assert len(h.apic[0].children()) == 2 and len(h.soma.children()) == 5


def test_tool_objects_after_load(h, hoc, monkeypatch):
    """The session's objects stay reachable with the fields the session set."""
    _load(h, hoc, 'c91662', monkeypatch)
    cb = h.ocbox_
    assert cb.hoc_name() == 'CellBuild[0]' and cb.continuous == 1
    assert cb.topol.slist.count() == 194 and cb.topol.sname == 'basal'
    assert cb.topol.names_off == 1 and cb.manage.thresh == 10
    assert [cb.subsets.snlist.object(i).name_ for i in range(5)] == \
        ['all', 'somatic', 'axonal', 'basaldend', 'apical']
    cbs = cb.topol.slist.object(3)
    assert (cbs.name_, cbs.id, cbs.i3d) == ('basal', 1, 4)
    assert cbs.parent is cb.topol.slist.object(2)
    assert cbs.sref.sec.name() == 'basal[1]'
    assert cbs.p3d.x.size() == 4
    h('objref snl\nsnl = SNList[0]')
    assert h.snl is cb.all


def test_object_push_reaches_native_fields(h, hoc):
    _stub_gui(hoc)
    h('load_file("celbild.hoc")\nobjref cb\ncb = new CellBuild(1)')
    h('{object_push(cb)}')
    h('{continuous = 1  object_push(topol)}')
    h('{ sname = "abc"  gridres = slist.count + 5  objref tobj }')
    h('{ tobj = slist.object(0)  tobj.x1 = tobj.x1 + 18 }')
    h('{object_pop()}')
    h('{object_pop()}')
    cb = h.cb
    assert cb.continuous == 1 and cb.topol.sname == 'abc'
    assert cb.topol.gridres == 6      # a new CellBuilder has one section, the soma
    assert cb.topol.slist.object(0).x1 == 33


def test_cellbuild_outlives_its_last_objref(h, hoc):
    """As in NEURON (its parts refer back to it): a session drops ``objref ocbox_`` and the
    model goes on with ``CellBuild[0].cexport()`` (ModelDB 116956)."""
    import gc
    _stub_gui(hoc)
    h('load_file("celbild.hoc")\nobjref ocbox_\nocbox_ = new CellBuild(1)\nobjref ocbox_')
    gc.collect()
    h('{CellBuild[0].continuous = 0  CellBuild[0].cexport(1)}')
    assert [s.name() for s in h.allsec()] == ['soma']


def test_default_cellbuild_exports_a_soma(h, hoc):
    _stub_gui(hoc)
    h('load_file("celbild.hoc")\nobjref cb\ncb = new CellBuild(1)\ncb.cexport(1)')
    assert [s.name() for s in h.allsec()] == ['soma']
    assert h.secname() == 'soma' and h.soma.L == 100 and h.soma.n3d() == 2
    assert [s.name() for s in h.all] == ['soma']


def test_cexport_again_keeps_the_sections(h, hoc, monkeypatch):
    _load(h, hoc, 'cbspec', monkeypatch)
    first = [s for s in h.allsec()]
    h('ocbox_.cexport(1)')
    again = [s for s in h.allsec()]
    assert [s.name() for s in again] == [s.name() for s in first]
    assert h.dend[0].nseg == 13 and h.dend[1].L == 150


def test_cellbuild_never_freed(h, hoc):
    """NEURON 9.0.2 (nrniv, this sequence): a dropped CellBuild is never freed (its parts
    refer back to it), so the next one is CellBuild[1]."""
    _stub_gui(hoc)
    h('load_file("celbild.hoc")\nobjref cb\ncb = new CellBuild(1)')
    h('{object_push(cb)}\n{continuous = 0}\n{object_pop()}')
    h('objref cb\ncb = new CellBuild(1)')
    assert h.cb.hoc_name() == 'CellBuild[1]'


def test_session_replaces_sections_of_the_same_name(h, hoc, monkeypatch):
    """As NEURON 9.0.2: earlier sections named like the tool's are deleted, with a message."""
    monkeypatch.chdir(DATA)
    _stub_gui(hoc)
    h('create soma[2], foo')
    h('load_file("cbspec.ses")')
    assert hoc.stdout.getvalue().splitlines()[:2] == [
        'Previously existing soma[0] points to a section which is being deleted',
        'Previously existing soma[1] points to a section which is being deleted']
    assert [s.name() for s in h.allsec()] == ['foo', 'soma', 'dend[0]', 'axon', 'dend[1]',
                                              'dend[2]', 'tuft']


def test_execute_in_a_native_object(h, hoc):
    _stub_gui(hoc)
    h('load_file("celbild.hoc")\nobjref cb\ncb = new CellBuild(1)')
    h('execute("continuous = 1  gtopol.size(0, 1, 0, 1)", cb)')
    h('execute("cexport()", cb)')
    assert h.cb.continuous == 1
    assert [s.name() for s in h.allsec()] == ['soma']


def test_object_names_as_neuron(h, hoc, monkeypatch):
    """Instance numbers after c91662.ses as in NEURON 9.0.2 (Graph[0] is the tool's view)."""
    _load(h, hoc, 'c91662', monkeypatch)
    cb = h.ocbox_
    cbs = cb.topol.slist.object(5)
    got = [str(o) for o in (cb.topol, cb.all, cbs, cbs.p3d)]
    assert got == ['CellBuildTopology[0]', 'SNList[0]', 'CellBuildSection[6]', 'P3D[5]']
    # Graph, List and SectionRef are process-wide classes: count from the session's first ones
    assert cbs.sref.hoc_index() - cb.topol.slist.object(0).sref.hoc_index() == 5
    assert cb.gtopol.hoc_name().startswith('Graph[')
