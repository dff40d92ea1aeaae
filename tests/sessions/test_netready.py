"""The Network Builder with cells made by the CellBuilder (NetReadyCellGUI, SynTypeGUI) against
NEURON 9.0.2: tests/sessions/data/ses_netready.ses (in the layout NEURON's tools save) builds
NEURON's cells, synapses and NetCons and a 40 ms run gives NEURON's spikes
(ses_netready-neuron.json, from tools/gen_ses_netready_golden.py)."""
from __future__ import annotations

import gc
import importlib.util
import io
import json
import math
import os

import pytest

from pyhoc.hoc.interpreter import Interpreter

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data')
_spec = importlib.util.spec_from_file_location(
    'gen_ses_netready_golden', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..',
                                            '..', 'tools', 'gen_ses_netready_golden.py'))
_gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_gen)


@pytest.fixture
def nogui():
    gc.collect()
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO(), gui=False)
    yield interp
    getattr(interp, '_pyhoc_kept_boxes', []).clear()
    del interp
    gc.collect()


def test_session_builds_neurons_network(nogui, monkeypatch):
    monkeypatch.chdir(DATA)
    with open(os.path.join(DATA, 'ses_netready-neuron.json')) as f:
        gold = json.load(f)['lines']
    nogui.execute('~' + _gen.SCRIPT)
    got = _gen.lines(nogui.stdout.getvalue())
    assert [ln for ln in got if not ln.startswith('spike')] == \
        [ln for ln in gold if not ln.startswith('spike')]
    spikes = [tuple(map(float, ln.split()[1:])) for ln in got if ln.startswith('spike')]
    expect = [tuple(map(float, ln.split()[1:])) for ln in gold if ln.startswith('spike')]
    assert len(spikes) == len(expect) and {i for _, i in expect} == {0, 1, 2}
    for (t, i), (te, ie) in zip(spikes, expect):
        assert i == ie and math.isclose(t, te, rel_tol=1e-9, abs_tol=1e-9), (t, i, te, ie)


def test_saves_what_it_loaded(nogui, monkeypatch):
    """NetGUI and the synapse types write the session lines they were loaded from (the
    CellBuild part of NetReadyCellGUI's save needs CellBuild.save_data, which pyhoc lacks)."""
    monkeypatch.chdir(DATA)
    nogui.execute('~load_file("ses_netready.ses")\nobjref b\nb = new VBox()\n'
                  'NetReadyCellGUI[0].stgui.save_data(b, "stgui")\n'
                  'NetGUI[0].save_data(b, "ocbox_")\n')
    saved = nogui.eval_string('b').saved
    with open(os.path.join(DATA, 'ses_netready.ses')) as f:
        text = f.read()
    for line in ('stgui = new SynTypeGUI(1)', '{append(tobj, "I")}', 'original_type("P")',
                 'original_type("S")', 'newnode(0, 40, -30)', 'newedge(0, 2, 1, 0.001, 3)'):
        assert line in saved and line in text, line


def test_cell_type_is_a_template(nogui, monkeypatch):
    """The type's template can make more cells: sections, subsets, synapses, NetCon source."""
    monkeypatch.chdir(DATA)
    nogui.execute('~load_file("ses_netready.ses")\nobjref c, nc, nil\n'
                  'NetReadyCell[0].create1(c)\nnc = c.connect2target(nil)\n'
                  'n = 0\nforsec c.dends { n += 1 }\n')
    assert nogui.eval_string('c.synlist.count') == 2
    assert nogui.eval_string('n') == 2                 # the subset: a SectionList of the cell
    assert nogui.eval_string('nc.threshold') == 10
    assert nogui.eval_string('c.dend[1].nseg') == 11
