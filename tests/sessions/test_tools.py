"""The GUI tools of session files (pyhoc.sessions.tools, mechstd, cellbuild's membrane part)
against NEURON 9.0.2.

Each fixture tests/sessions/data/<name>.ses is a small session in the layout NEURON's tools
save; <name>-tools-neuron.json is NEURON's end state after loading it (sections, mechanisms
and their parameters per segment, point processes with location and parameters, the tools'
fields) and the voltage of a run afterwards, made by tools/gen_ses_tools_golden.py, whose
``snapshot`` the test takes with pyhoc's ``h``.
"""
from __future__ import annotations

import gc
import importlib.util
import io
import json
import math
import os
import re

import pytest

from pyhoc.bridge import HocTop
from pyhoc.errors import HocError
from pyhoc.hoc.context import running
from pyhoc.hoc.interpreter import Interpreter
import pyhoc.sessions.library  # noqa: F401  (registers MechanismStandard/MechanismType; see report)

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data')
_spec = importlib.util.spec_from_file_location(
    'gen_ses_tools_golden', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                                         'tools', 'gen_ses_tools_golden.py'))
_gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_gen)


@pytest.fixture
def nogui():
    gc.collect()
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO(), gui=False)
    yield interp
    getattr(interp, '_pyhoc_kept_boxes', []).clear()   # the tools live until then
    del interp
    gc.collect()


def _golden(name):
    with open(os.path.join(DATA, name + '-tools-neuron.json')) as f:
        return json.load(f)


def _close(a, b, rel=1e-9, abs_=1e-9):
    if isinstance(a, list):
        return len(a) == len(b) and all(_close(x, y, rel, abs_) for x, y in zip(a, b))
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


# what pyhoc outside pyhoc.sessions does not do as NEURON yet (see the report of issue #5)
KNOWN = {'undefined variable soma': 'execute(stmt) runs in the object_push()ed object, '
                                    'NEURON runs it at the top level (pyhoc.hoc)'}


def _load(interp, monkeypatch, name):
    monkeypatch.chdir(DATA)
    h = HocTop(interp)
    cell, exprs = _gen.FIXTURES[name]
    h.load_file('stdrun.hoc')
    if cell:
        h.load_file('tools_cell.hoc')
    try:
        ok = h.load_file(name + '.ses') == 1
    except Exception as e:         # (h.load_file raises what the file's error was)
        ok, err = False, str(e)
    else:
        err = interp.stderr.getvalue()
    if not ok:
        for text, why in KNOWN.items():
            if text in err:
                pytest.xfail(why)
    assert ok, err
    return h, exprs


def _name(text):
    """An object's name without its index (numbers depend on what earlier tests left)."""
    return re.sub(r'\[\d+\]', '[]', text) if isinstance(text, str) else text


def _compare(got, gold):
    assert [s['name'] for s in got['sections']] == [s['name'] for s in gold['sections']]
    for g, e in zip(got['sections'], gold['sections']):
        where = e['name']
        assert g['nseg'] == e['nseg'], where
        for key in ('L', 'Ra', 'diam', 'cm'):
            assert _close(g[key], e[key]), (where, key, g[key], e[key])
        assert sorted(g['mechs']) == sorted(e['mechs']), (where, g['mechs'], e['mechs'])
        for m, parms in e['mechs'].items():
            for p, vals in parms.items():
                assert _close(g['mechs'][m][p], vals), (where, m, p, g['mechs'][m][p], vals)
        gp = sorted(g['points'], key=lambda p: p['name'])
        ep = sorted(e['points'], key=lambda p: p['name'])
        assert [_name(p['name']) for p in gp] == [_name(p['name']) for p in ep], where
        for a, b in zip(gp, ep):
            assert _close(a['x'], b['x']), (where, a, b)
            for p, v in b['parms'].items():
                assert _close(a['parms'][p], v), (where, a['name'], p, a['parms'][p], v)
    assert got['counts'] == gold['counts']
    assert got['cas'] == gold['cas']
    for k, v in gold['exprs'].items():
        assert _close(_name(got['exprs'][k]), _name(v)), (k, got['exprs'][k], v)


NAMES = ['ses_ppm', 'ses_electrode', 'ses_single', 'ses_inserter', 'ses_ppgm', 'ses_vplay',
         'cbmemb']


@pytest.mark.parametrize('name', NAMES)
def test_session_tools_as_neuron(nogui, monkeypatch, name):
    h, exprs = _load(nogui, monkeypatch, name)
    gold = _golden(name)
    with running(nogui):         # (Section.push() from Python pushes in the running one)
        _compare(_gen.snapshot(h, exprs), gold)
        run = _gen.run_trace(h)
    assert len(run['v']) == len(gold['run']['v'])
    assert _close(run['t'], gold['run']['t'], 1e-9, 1e-9)
    assert _close(run['v'], gold['run']['v'], 1e-7, 1e-6)


def test_point_process_manager_on_another_section(nogui, monkeypatch):
    """``dend ocbox_ = new PointProcessManager(0)`` with soma accessed: the point process is
    made on dend and moved along dend (NEURON's pp.loc(x) under a section prefix)."""
    h, exprs = _load(nogui, monkeypatch, 'ses_ppm_dend')
    gold = _golden('ses_ppm_dend')
    pp = h.PointProcessManager[1].pp
    where = [p for s in gold['sections'] for p in s['points'] if p['name'] == pp.hname()][0]
    seg = pp.get_segment()
    if seg.sec.name() != 'dend' or not math.isclose(seg.x, where['x']):
        pytest.xfail('SectionRef() and PointProcess.loc(x) ignore a section prefix '
                     '(pyhoc.sim.sectionlist, pyhoc.sim.pointprocess)')
    with running(nogui):
        _compare(_gen.snapshot(h, exprs), gold)


# ---- MechanismStandard / MechanismType against NEURON's answers (nrniv 9.0.2, -nogui) ----------
def _run(interp, code):
    """stdout, without the values that statements at the top level echo (a tab first)."""
    interp.execute('~' + code + '\n')
    return ''.join(line for line in interp.stdout.getvalue().splitlines(True)
                   if not line.startswith('\t'))


def test_mechanism_standard_catalogue(nogui):
    out = _run(nogui, '''create soma
access soma
objref ms
strdef s
for vt = 1, 1 {
  ms = new MechanismStandard("hh", vt)
  for i=0, ms.count()-1 { n = ms.name(s, i)  printf("%s[%d]=%g ", s, n, ms.get(s)) }
}
ms = new MechanismStandard("VClamp")
for i=0, ms.count()-1 { n = ms.name(s, i)  printf("%s[%d]=%g ", s, n, ms.get(s)) }
ms = new MechanismStandard("extracellular")
for i=0, ms.count()-1 { n = ms.name(s, i)  printf("%s[%d]=%g ", s, n, ms.get(s)) }
ms = new MechanismStandard("na_ion")
{printf("%d ", ms.count())}
ms = new MechanismStandard("ExpSyn", 3)
{n = ms.name(s, 0)  printf("%s %d ", s, ms.count())}
{ms.name(s)  printf("%s", s)}''')
    assert out.split() == (
        'gnabar_hh[1]=0.12 gkbar_hh[1]=0.036 gl_hh[1]=0.0003 el_hh[1]=-54.3 '
        'dur[3]=0 amp[3]=0 gain[1]=100000 rstim[1]=1 tau1[1]=0.001 tau2[1]=0 e0[1]=0 vo0[1]=0 '
        'vi0[1]=0 fac[1]=0 xraxial[2]=1e+09 xg[2]=1e+09 xc[2]=0 e_extracellular[1]=0 0 g 1 '
        'ExpSyn').split()


def test_mechanism_standard_in_out(nogui):
    out = _run(nogui, '''create soma
access soma
soma nseg = 3
objref ms, ms2
ms = new MechanismStandard("pas")
ms.set("g_pas", 0.002)
ms.out()
print ismembrane("pas")
insert pas
ms.out()
print g_pas(0.1), g_pas(0.5)
ms.set("g_pas", 0.005)
ms.out(0.5)
print g_pas(0.1), g_pas(0.5)
ms2 = new MechanismStandard("pas")
ms2.in(0.5)
print ms2.get("g_pas")
ms2.in()
print ms2.get("g_pas")
ms2.in(ms)
print ms2.get("g_pas"), ms2.get("e_pas")''')
    assert out.split('\n')[:6] == ['0 ', '0.002 0.002 ', '0.002 0.005 ', '0.005 ', '0.002 ',
                                   '0.005 -70 ']


@pytest.mark.parametrize('code, message', [
    ('objref ms\nms = new MechanismStandard("nothing")', 'nothing is not a Mechanism or Point Process'),
    ('objref ms\nms = new MechanismStandard("pas")\nms.get("nonexist")', 'nonexist not in this property'),
    ('objref ms\nms = new MechanismStandard("pas")\nms.set("nonexist", 3)', 'nonexist not in this property'),
    ('objref ms\nms = new MechanismStandard("pas")\nms.name()', 'name not enough arguments'),
])
def test_mechanism_standard_errors(nogui, code, message):
    with pytest.raises(HocError, match=message):
        nogui.execute('~' + code + '\n')


def test_mechanism_type_point_processes(nogui):
    out = _run(nogui, '''objref mt
strdef s
mt = new MechanismType(1)
for i=0, mt.count()-1 { mt.select(i) mt.selected(s) printf("%s ", s) }
mt.select("ExpSyn")
print mt.selected()''')
    names = out.split()[:-2]       # (then the value mt.select() echoes, and the index)
    # NEURON's order of the built-in point processes (those pyhoc has)
    neuron = ['IClamp', 'AlphaSynapse', 'ExpSyn', 'Exp2Syn', 'SEClamp', 'VClamp', 'OClamp',
              'APCount', 'NetStim', 'IntFire1', 'IntFire2', 'IntFire4', 'PointProcessMark',
              'PatternStim']
    assert names == [n for n in neuron if n in names]
    assert float(out.split()[-1]) == names.index('ExpSyn')


def test_mechanism_standard_save_lines(nogui):
    nogui.execute('~objref ms\nms = new MechanismStandard("IClamp")\nms.set("amp", 0.3)\n'
                  'ms.save("ms[i]")\n')
    ms = nogui.eval_string('ms')
    assert ms.saved == ['ms[i] = new MechanismStandard("IClamp")', 'ms[i].set("del", 0, 0)',
                        'ms[i].set("dur", 0, 0)', 'ms[i].set("amp", 0.3, 0)']


# ---- the tools remember their configuration ------------------------------------------------------
def test_tools_remember_configuration(nogui, monkeypatch):
    h, _ = _load(nogui, monkeypatch, 'ses_vplay')
    g = h.Grapher[0]
    assert (g.indep, g.generate, g.steps, g.x1, g.x2) == ('x', '', 50., 0., 10.)
    mc = h.MakeCurve[0]
    assert (mc.vonly_, mc.hres_, list(mc.vx), list(mc.vy)) == (1., .1, [0., 1., 2.], [1., 2., .5])
    vp = h.VectorPlay[0]
    assert vp.is_con == 1 and vp.b.mapped and vp.b.title == 'VectorPlay[0]'
    ppm = h.PointProcessManager[0]
    assert ppm.v1.mapped and ppm.v1.placement == (126., 268., 208.32, 326.4)


def test_large_builders_construct_headless(nogui):
    for f, name in (('netbild.hoc', 'NetGUI'), ('lincir.hoc', 'LinearCircuit'),
                    ('chanbild.hoc', 'ChannelBuild'), ('mulfit.hoc', 'MulRunFitter')):
        nogui.execute('~load_file("nrngui.hoc")\nload_file("%s")\nobjref o\no = new %s(1)\n'
                      'o.map("%s", 1, 2, 3, 4)\n' % (f, name, name))
        assert nogui.is_declared(name)
        assert 'error' not in nogui.stderr.getvalue().lower(), nogui.stderr.getvalue()
