"""``%load_ext pyhoc``: the %%hoc magic in IPython's InteractiveShell, sharing pyhoc.h."""
from __future__ import annotations

import subprocess
import sys

import pytest

import pyhoc
from pyhoc.hoc.interpreter import Interpreter

IPython = pytest.importorskip('IPython')
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402


@pytest.fixture
def shell(monkeypatch):
    """An IPython shell with the extension loaded over a fresh default interpreter."""
    monkeypatch.setattr(pyhoc, '_default', Interpreter())
    shown = []
    import IPython.display
    monkeypatch.setattr(IPython.display, 'display', lambda *objs, **kw: shown.extend(objs))
    ip = InteractiveShell.instance()
    ip.run_line_magic('load_ext', 'pyhoc')
    ip.shown = shown
    yield ip
    ip.run_line_magic('unload_ext', 'pyhoc')
    ip.user_ns.pop('g', None)


def test_import_pyhoc_does_not_import_ipython():
    code = 'import sys, pyhoc; pyhoc.h; print("IPython" in sys.modules)'
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == 'False'


def test_cell_magic_shares_h(shell, capsys):
    r = shell.run_cell('%%hoc\nx = 6\nprint x*7\nx + 1\n')
    assert r.success
    assert capsys.readouterr().out == '42 \n\t7 \n'
    assert pyhoc.h.x == 6
    shell.run_cell('from pyhoc import h\nh.x = 10')
    shell.run_cell('%hoc print x')
    assert capsys.readouterr().out == '10 \n'
    assert pyhoc._default.interactive is True       # long runs show progress


def test_hoc_error_stops_the_cell(shell, capsys):
    r = shell.run_cell('%%hoc\ny = 1\nundefined_proc()\ny = 2\n')
    assert not r.success
    err = capsys.readouterr().err
    assert 'undefined_proc' in err and 'Traceback' not in err
    assert pyhoc.h.y == 1
    assert shell.run_cell('%%hoc\ny = 3\n').success     # the interpreter carries on
    assert pyhoc.h.y == 3


SES = '''%%hoc
load_file("nrngui.hoc")
create soma
access soma
soma { L = 20  diam = 20  insert hh }
objref stim
soma stim = new IClamp(.5)
stim.del = 1
stim.dur = 1
stim.amp = 0.3
tstop = 5
newPlotV()
run()
'''


def test_graphs_of_the_cell_are_shown(shell, capsys):
    import plotly.graph_objects as go
    assert shell.run_cell(SES).success
    (fig,) = shell.shown
    assert isinstance(fig, go.Figure)
    (tr,) = fig.data
    assert len(tr.x) == 201 and max(tr.y) > 0
    # a cell that changes no Graph shows nothing; -q shows nothing
    shell.shown.clear()
    shell.run_cell('%%hoc\nz = 1\n')
    shell.run_cell('%%hoc -q\nrun()\n')
    assert shell.shown == []
    # a Graph as a cell's value displays as its figure
    shell.run_cell('from pyhoc import h\ng = h.graphItem')
    shell.display_formatter.format(shell.user_ns['g'])
    (fig2,) = shell.shown
    assert isinstance(fig2, go.Figure) and len(fig2.data[0].x) == 201


def test_figure_without_plotly(shell, monkeypatch):
    shell.run_cell(SES)
    monkeypatch.setitem(sys.modules, 'plotly', None)
    from pyhoc.jupyter import figure_of
    img = figure_of(pyhoc.h.graphItem)
    assert img.data[:8] == b'\x89PNG\r\n\x1a\n'


def test_from_neuron_import_h_runs_on_pyhoc(shell, capsys):
    """After %load_ext pyhoc, a notebook's NEURON code runs on pyhoc's default interpreter."""
    r = shell.run_cell('from neuron import h, gui\n'
                       'soma = h.Section(name="soma")\n'
                       'sl = h.SectionList()\n'
                       'sl.append(sec=soma)\n'
                       'h.load_file("stdrun.hoc")\n'
                       'print(len(list(sl)), h.secname(sec=soma), h.Graph is not None)')
    assert r.success, r.error_in_exec
    assert capsys.readouterr().out == '1 _pysec.soma True\n'
    assert shell.user_ns['h'].interpreter is pyhoc._default
    assert sys.modules['neuron'] is pyhoc
    shell.run_line_magic('unload_ext', 'pyhoc')
    assert 'neuron' not in sys.modules
    shell.run_line_magic('load_ext', 'pyhoc')
