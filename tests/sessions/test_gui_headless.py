"""GUI library headless: panel builtins, Graph, boxes, and the nrngui.hoc names (.ses files)."""
from __future__ import annotations

import io
import os

import pytest

from pyhoc.hoc.interpreter import Interpreter

DATA = os.path.join(os.path.dirname(__file__), 'data')


def make(gui: bool = False):
    out = io.StringIO()
    return Interpreter(stdout=out, stderr=io.StringIO(), gui=gui), out


def run(interp, code: str) -> None:
    interp.execute('~' + code + '\n')


def test_panel_builtins_record_and_click():
    from pyhoc.sessions.panels import panels
    interp, out = make()
    run(interp, 'x = 1\nxpanel("P")\nxvalue("X", "x", 1, "x = x + 1")\nxbutton("Go", "x = 10")\n'
                'xcheckbox("c", &x)\nxpanel(10, 20)')
    log = panels(interp)
    p = log.find('P')
    assert p is not None and p.closed and p.placed == (10.0, 20.0)
    assert [it.kind for it in p.items] == ['value', 'button', 'checkbox']
    p.click('Go', interp)
    assert interp.eval_string('x') == 10.0


def test_dialogs_headless():
    interp, out = make()
    run(interp, 'strdef s\ns = "a"\nprint boolean_dialog("q", "y", "n"), string_dialog("q", s), '
                'continue_dialog("m"), doNotify(), s')
    assert out.getvalue().split() == ['0', '0', '1', '1', 'a']


def test_graph_nogui_view_count_zero_and_dropped_by_initPlot():
    interp, out = make(gui=False)
    run(interp, 'load_file("nrngui.hoc")\ncreate soma\naccess soma\nobjref g\ng = new Graph(0)\n'
                'g.view(0, -80, 5, 120, 0, 0, 300, 200)\ngraphList[0].append(g)\n'
                'g.addvar("v(.5)")\nprint g.view_count(), g.size(1)\nrun()\n'
                'print graphList[0].count()')
    assert out.getvalue().split('\n')[-3:] == ['0 0 ', '0 ', '']


def test_graph_gui_keeps_plotted_data():
    interp, out = make(gui=True)
    run(interp, 'load_file("nrngui.hoc")\ncreate soma\naccess soma\nobjref g\ng = new Graph(0)\n'
                'g.size(0, 5, -80, 40)\ng.view(0, -80, 5, 120, 0, 0, 300, 200)\n'
                'graphList[0].append(g)\ng.addexpr("t*2")\nprint g.view_count(), g.size(3)\n'
                'tstop = 1\nrun()\nprint graphList[0].count()')
    lines = out.getvalue().split('\n')
    assert lines[-3:] == ['1 -80 ', '1 ', '']
    g = interp.eval_string('g')
    ln = g.lines()[0]
    assert len(ln.x) > 10 and ln.y[-1] == pytest.approx(2 * ln.x[-1])
    assert any(w is g for w in interp._pyhoc_windows)


def test_boxes_remember_configuration():
    interp, out = make()
    run(interp, 'objref b, d\nb = new VBox()\nb.intercept(1)\nxpanel("in box")\nxpanel()\n'
                'b.intercept(0)\nb.map("Title", 10, 20, 100, 200)\nd = new Deck()\nd.flip_to(1)')
    b = interp.eval_string('b')
    d = interp.eval_string('d')
    assert b.mapped and b.title == 'Title' and b.placement == (10., 20., 100., 200.)
    assert d.shown == 1


def test_session_fixture_runs_like_neuron():
    interp, out = make(gui=False)
    interp.run_file(os.path.join(DATA, 'runcontrol.ses'), 'runcontrol.ses')
    here = os.path.join(os.path.dirname(__file__), '..', 'hoc', 'scripts', 'gui',
                        'ses_runcontrol.expected')
    with open(here) as f:
        assert out.getvalue() == f.read()


# stdrun-and-ses.md §4.2: names that .ses files call (globals after nrngui.hoc)
SES_NAMES = '''load_file doNotify doEvents pwman_place xpanel xvalue xbutton xcheckbox xlabel
xradiobutton xslider xvarlabel xmenu xstatebutton xpvalue object_push object_pop execute fscan
ion_register movierunpanel List Vector File Graph PlotShape Shape RangeVarPlot
MechanismStandard graphList flush_list fast_flush_list NumericalMethodPanel AtolTool
WindowMenu PWManager PointProcessManager PointProcessGroupManager Electrode SingleCompartment
Inserter CellBuild ChannelBuild NetGUI LinearCircuit MakeCurve VectorPlay Grapher
MulRunFitter'''.split()
# the library file a session loads before using a tool (as NEURON: nrngui.hoc alone does not
# define Electrode or CellBuild; MechanismStandard and MechanismType are built-in classes)
SES_FILES = {'Electrode': 'electrod.hoc', 'PointProcessGroupManager': 'pointgrp.hoc',
             'SingleCompartment': 'single.hoc', 'CellBuild': 'celbild.hoc',
             'ChannelBuild': 'chanbild.hoc', 'NetGUI': 'netbild.hoc', 'LinearCircuit': 'lincir.hoc',
             'MakeCurve': 'mkcurve.hoc', 'VectorPlay': 'vplay.hoc', 'Grapher': 'grapher.hoc',
             'MulRunFitter': 'mulfit.hoc'}
# tools that exist headless but whose session data statements build nothing yet (their
# constructor, box and map work; P2): see the report of issue #5.  NetGUI builds its network
# (test_tools.test_netgui_session_builds_the_network).
PARTIAL = {'ChannelBuild', 'LinearCircuit', 'MulRunFitter'}
NOT_YET: set = set()


@pytest.mark.parametrize('name', [n for n in SES_NAMES if n not in NOT_YET])
def test_ses_name_exists_after_nrngui(name):
    interp, out = make()
    run(interp, 'load_file("nrngui.hoc")')
    if name in SES_FILES:
        assert not interp.is_declared(name) or name in ('Inserter',), name
        run(interp, 'load_file("%s")' % SES_FILES[name])
    assert interp.is_declared(name) or _resolvable(interp, name), name


def test_only_nrngui_names_before_their_file():
    """Like NEURON, stdrun.hoc alone defines no tool; nrngui.hoc defines PointProcessManager
    and Inserter, not Electrode."""
    interp, out = make()
    run(interp, 'load_file("stdrun.hoc")')
    assert not interp.is_declared('PointProcessManager')
    run(interp, 'load_file("nrngui.hoc")')
    assert interp.is_declared('PointProcessManager') and interp.is_declared('Inserter')
    assert not interp.is_declared('Electrode')


def test_not_yet_list_is_accurate():
    """The session tools still to write (issue: legacy sessions) are exactly NOT_YET."""
    interp, out = make()
    run(interp, 'load_file("nrngui.hoc")')
    for f in set(SES_FILES.values()):
        run(interp, 'load_file("%s")' % f)
    present = {n for n in NOT_YET if interp.is_declared(n) or _resolvable(interp, n)}
    assert present == set(), 'now implemented, remove from NOT_YET: %s' % sorted(present)


def _resolvable(interp, name):
    from pyhoc.hoc import library
    from pyhoc.sim import registry
    return name in registry.CLASSES or name in registry.FUNCTIONS or \
        name in registry.POINT_PROCESSES or name in library.names()


def test_shape_methods_return_what_headless_neuron_returns():
    # NEURON 9.0.2 -nogui (hand-checked): these Shape/PlotShape methods do nothing and return 0
    # (a top-level call prints it: ModelDB 106551's mosinit prints the 0s); view, show, label,
    # flush return 1
    interp, out = make()
    run(interp, 'create soma\nobjref sl, p\nsl = new SectionList()\nsoma sl.append()\n'
                'for k = 0, 1 {\nif (k) { p = new Shape(0) } else { p = new PlotShape(0) }\n'
                'print p.exec_menu("Shape Plot"), p.size(-1, 1, -1, 1), p.size(), '
                'p.rotate(0, 0, 0, 1, 0, 0), p.unmap(), p.len_scale(1), p.color(2), '
                'p.color_all(2), p.color_list(sl, 2), p.observe(sl), '
                'p.view(0, 0, 1, 1, 0, 0, 100, 100), p.show(1), p.label("x"), p.flush()\n}')
    assert out.getvalue().split() == (['0'] * 10 + ['1'] * 4) * 2
