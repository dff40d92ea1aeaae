"""Headless graphs (gui mode) under stdrun's run(): their points are read in the compiled
stretches (pyhoc.stdlib.stdrun._Sampler, pyhoc.sim.fused.continuerun's ``sample``) and equal,
bit for bit, those of the HOC loop that calls Plot() after every group of steps, and
NEURON's values at those times."""
from __future__ import annotations

import io

import pytest

from pyhoc.base.context import running
from pyhoc.hoc.interpreter import Interpreter
from pyhoc.sim import backend, fused
from pyhoc.stdlib import stdrun

MODEL = r'''
load_file("stdrun.hoc")
create soma, dend
connect dend(0), soma(1)
soma { L = 20 diam = 20 nseg = 1 insert hh }
dend { L = 200 diam = 2 nseg = 5 insert pas }
objref stim, syn, ns, nc, g[5], fih, rv
stim = new IClamp(0.5)
stim.del = 1
stim.dur = 1e9
stim.amp = 0.1
soma syn = new ExpSyn(0.5)
syn.tau = 2
ns = new NetStim(0.5)
ns.interval = 3.3
ns.number = 100
ns.start = 2
nc = new NetCon(ns, syn)
nc.weight = 0.01
nc.delay = 1
dt = 0.025
tstop = 10
steps_per_ms = 20
access soma
g[0] = new Graph()
g[0].addvar("soma.v(0.5)")
g[0].addvar("syn.g")
graphList[0].append(g[0])
g[1] = new Graph()
g[1].addexpr("dend.v(0.9)")
graphList[1].append(g[1])
g[2] = new Graph()
g[2].addvar("t")
graphList[2].append(g[2])
g[3] = new Graph()
g[3].addvar("m_hh(.5)")
g[3].xexpr("v(.5)")
graphList[3].append(g[3])
g[4] = new Graph()
g[4].addvar("dend.v(0.1)")
rv = new Vector()
rv.record(&soma.v(.5))
'''

# HOC run at events: a graph gains a line, a list gains a graph, an expression that is not a
# variable (Plot() itself from there), then stoprun
EVENTS = r'''
proc ev1() { g[0].addvar("dend.v(0.3)") }
proc ev2() { graphList[0].append(g[4]) }
proc ev3() { g[1].addexpr("2*t") }
proc ev4() { stoprun = 1 }
fih = new FInitializeHandler("{cvode.event(3.01, \"ev1()\") cvode.event(4.3, \"ev2()\") cvode.event(7.5, \"ev3()\") cvode.event(8.7, \"ev4()\")}")
'''


@pytest.fixture(autouse=True)
def _numba():
    backend.set_backend('numba')
    yield
    backend.set_backend(None)


def _lines(interp) -> list:
    out = []
    for k in range(5):
        g = interp.eval_string('g[%d]' % k)
        out.append([(ln.expr, list(ln.x), list(ln.y)) for ln in g.lines()])
    return out


def _run(code: str, how: str):
    """The graphs' lines after run() and continuerun(tstop + 2): ``how`` 'sampled' (the
    compiled loop reads them), 'hoc' (Plot() after every group, as before), 'python'
    (fused off: the steps in Python, Plot() at each group's end)."""
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO(), gui=True)
    saved = stdrun._Run._unobserved
    if how == 'hoc':
        stdrun._Run._unobserved = lambda self: False
    fused.ENABLED = how != 'python'
    try:
        with running(interp):
            interp.execute('~' + code)
            interp.execute('run()\nt_run = t\ncontinuerun(tstop + 2)\n')
        plan = interp.sim.model.__dict__.get('_fused_plan')
        return _lines(interp), interp, plan is not None and plan[1] is not None
    finally:
        stdrun._Run._unobserved = saved
        fused.ENABLED = True


def test_graphs_of_a_run_that_stops_at_every_step():
    """Events in every step (the loop stops there, Python runs): after 16 reads of the
    graphs with fewer points taken, the loop stops at every group's end for Plot()."""
    code = MODEL.replace('ns.interval = 3.3', 'ns.interval = 0.01')
    calls = []
    live = stdrun._Sampler.live
    stdrun._Sampler.live = lambda self: calls.append(1) or live(self)
    try:
        sampled, _, compiled = _run(code, 'sampled')
    finally:
        stdrun._Sampler.live = live
    hoc, _, _ = _run(code, 'hoc')
    assert compiled and sampled == hoc and 120 < len(calls) < 241     # (events from 2 ms)


@pytest.mark.parametrize('events', [False, True])
def test_sampled_graphs_equal_plot_after_every_group(events):
    code = MODEL + (EVENTS if events else '')
    sampled, interp, compiled = _run(code, 'sampled')
    hoc, _, _ = _run(code, 'hoc')
    python, _, _ = _run(code, 'python')
    assert compiled
    assert sampled == hoc == python
    g0 = sampled[0]
    # one point per group of 2 steps (steps_per_ms 20, dt .025), initPlot's at t = 0 first
    n = len(g0[0][1])
    assert g0[0][1][:3] == [0, 0.05, 0.09999999999999999]
    rv = interp.eval_string('rv').as_numpy()
    assert g0[0][2] == rv[::2].tolist()         # the same v as Vector.record's at each end
    # graphList[1] plots at t - dt/2, [2] at t + dt/2, [3] against its x expression
    assert sampled[1][0][1][1] == 0.05 - 0.0125 and sampled[2][0][1][1] == 0.05 + 0.0125
    assert sampled[2][0][2][1:] == [x for x in g0[0][1][1:]]
    assert sampled[3][0][1][:5] == [x for x in sampled[0][0][2][:5]]
    assert n == 241
    if not events:
        assert sampled[4] == [('dend.v(0.1)', [], [])]      # (never listed)
    else:      # (a statement delivered in a step runs at its end: ev1 at 3.025)
        assert len(g0) == 3 and g0[2][1][0] == g0[0][1][61] == 3.0500000000000096
        assert sampled[4][0][1][0] == g0[0][1][86] == 4.300000000000027   # then listed
        assert len(sampled[1]) == 2 and sampled[1][1][1][0] == g0[0][1][150] - 0.0125
        assert interp.eval_string('t_run') == 8.7000000000000401   # (ev4; NEURON's)


def test_sampled_graph_values_are_neurons():
    sampled, _, _ = _run(MODEL, 'sampled')
    (_, x, v), (_, _, g) = sampled[0]
    # NEURON 9.0.2, Vector.record of soma.v(0.5), syn.g at steps 100, 202, 400
    for k, tn, vn, gn in ((50, 2.5000000000000018, -63.802677422567946, 0),
                          (101, 5.050000000000038, 24.372049504297763, 0.0035879646540595196),
                          (200, 9.9999999999999662, -63.356635013156016, 0.010061653028139286)):
        assert (x[k], v[k], g[k]) == (tn, vn, gn)


def test_graph_not_sampled_where_an_expression_is_not_a_variable():
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO(), gui=True)
    with running(interp):
        interp.execute('~' + MODEL + 'stdinit()\ng[0].addexpr("soma.v(.5) + 1")\n')
        r = interp._pyhoc_stdrun
        assert stdrun._Sampler(r).slots(True) is None
        interp.execute('g[0].erase_all()\ng[0].addvar("tstop")\n')
        assert stdrun._Sampler(r).slots(True) is None   # (a HOC variable: Plot() reads it)
        interp.execute('g[0].erase_all()\ng[0].addvar("soma.v(.5)")\n')
        sampler = stdrun._Sampler(r)
        slots = sampler.slots(True)
        assert len(slots) == 5 and slots[2] == 't'
        assert slots[0][0] is interp.sim.model.v


def test_what_continuerun_reads_in_the_compiled_loop():
    """Graphs and headless shape plots in the flush lists: the sampler; a HOC object in a
    flush list (its flush() may do anything), a redefined Plot(), a graph listed twice:
    the HOC loop (Plot() after every group)."""
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO(), gui=True)
    with running(interp):
        interp.execute('~' + MODEL + 'objref ps\nps = new PlotShape(0)\n'
                       'fast_flush_list.append(ps)\nflush_list.append(ps)\n')
        r = interp._pyhoc_stdrun
        assert isinstance(r._unobserved(), stdrun._Sampler)
        interp.execute('~begintemplate F\npublic flush\nproc flush() { }\nendtemplate F\n'
                       'objref f\nf = new F()\nflush_list.append(f)\n')
        assert r._unobserved() is False
        interp.execute('flush_list.remove_all()\ngraphList[1].append(g[0])\n')
        assert r._unobserved() is False
        interp.execute('graphList[1].remove(1)\n')
        assert isinstance(r._unobserved(), stdrun._Sampler)
        interp.execute('~proc Plot() { }\n')
        assert r._unobserved() is False
        for k in range(4):
            interp.execute('graphList[%d].remove_all()\n' % k)
        assert r._unobserved() is False         # (Plot() is the model's own)
