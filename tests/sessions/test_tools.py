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
from pyhoc.hoc.interpreter import Interpreter

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data')
_spec = importlib.util.spec_from_file_location(
    'gen_ses_tools_golden', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                                         'tools', 'gen_ses_tools_golden.py'))
_gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_gen)
_spec_net = importlib.util.spec_from_file_location(
    'gen_ses_net_golden', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                                       'tools', 'gen_ses_net_golden.py'))
_gen_net = importlib.util.module_from_spec(_spec_net)
_spec_net.loader.exec_module(_gen_net)


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
    _compare(_gen.snapshot(h, exprs), gold)   # (Python calls run in h's interpreter)
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
    assert seg.sec.name() == 'dend' and math.isclose(seg.x, where['x'])
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


# ---- the Network Builder (netbild.hoc) -------------------------------------------------------------
def test_netgui_session_builds_the_network(nogui, monkeypatch):
    """ses_netgui.ses (ArtCellGUI, NetGUI with create1, SpikePlot, in NEURON's saved layout):
    the cells (templates S_NetStim... with their parameters), the NetCons (weights, delays,
    thresholds) and the spike times of a 50 ms run are NEURON's."""
    monkeypatch.chdir(DATA)
    with open(os.path.join(DATA, 'ses_netgui-net-neuron.json')) as f:
        gold = json.load(f)['lines']
    nogui.execute('~' + _gen_net.SCRIPT)
    got = _gen_net.lines(nogui.stdout.getvalue())
    assert [ln for ln in got if not ln.startswith('spike')] == \
        [ln for ln in gold if not ln.startswith('spike')]
    spikes = [tuple(map(float, ln.split()[1:])) for ln in got if ln.startswith('spike')]
    expect = [tuple(map(float, ln.split()[1:])) for ln in gold if ln.startswith('spike')]
    assert len(spikes) == len(expect) > 20
    for (t, i), (te, ie) in zip(spikes, expect):
        assert i == ie and math.isclose(t, te, rel_tol=1e-9, abs_tol=1e-9), (t, i, te, ie)


def test_netgui_saves_what_it_loaded(nogui, monkeypatch):
    """The tools' save_data writes the session lines they were loaded from."""
    monkeypatch.chdir(DATA)
    nogui.execute('~load_file("ses_netgui.ses")\nobjref b\nb = new VBox()\n'
                  'NetGUI[0].save_data(b, "ocbox_")\nArtCellGUI[0].save_data(b, "ocbox_")\n')
    saved = nogui.eval_string('b').saved
    with open(os.path.join(DATA, 'ses_netgui.ses')) as f:
        text = f.read()
    for line in saved:
        if line.startswith(('{g.size', 'tobj.set', 'tobj = new')):
            continue
        assert line in text, line
    assert 'newedge(3, 1, 0, -0.4, 2)' in saved and '{create_ = 1  create1()}' in saved


def test_large_builder_sessions_load(nogui, monkeypatch, tmp_path):
    """Sessions with a LinearCircuit, a ChannelBuild or a MulRunFitter load without error
    (P2: nothing is built)."""
    ses = tmp_path / 'large.ses'
    ses.write_text('''{load_file("nrngui.hoc")}
objectvar save_window_, rvp_
objectvar scene_vector_[2]
objectvar ocbox_, ocbox_list_, scene_, scene_list_
{ocbox_list_ = new List()  scene_list_ = new List()}
//Begin LinearCircuit[0]
{
load_file("lincir.hoc", "LinearCircuit")
}
{
ocbox_ = new LinearCircuit(1)
}
{object_push(ocbox_)}
{version(2)}
{mkelm(3, 80, 100, 2, 0)}
1
{mklabel(1, "a", 10, 10)}
{parasitic_ = 0  noconsist_ = 0}
{g.exec_menu("Simulate")  tool(2)}
{sel = nil}
{object_pop()}
{
ocbox_.map("LinearCircuit[0]", 100, 100, 400, 300)
}
objref ocbox_
//End LinearCircuit[0]
//Begin ChannelBuild[0]
{
load_file("chanbild.hoc", "ChannelBuild")
}
{ocbox_ = new ChannelBuild(1)}
{object_push(ocbox_)}
end_restore()
{genprop.set_single(0)}
{set_alias(0)}
{usetable(1)}
{object_pop()}
{
ocbox_.map("ChannelBuild[0]", 10, 10, 300, 200)
}
objref ocbox_
//End ChannelBuild[0]
//Begin MulRunFitter[0]
{
load_file("mulfit.hoc", "MulRunFitter")
}
{
ocbox_ = new MulRunFitter(1)
}
{object_push(ocbox_)}
{
version(7)
ranfac = 2
fspec = new File("large.ses.ft1")
fdat = new File("large.ses.fd1")
read_data()
build()
}
{object_pop()}
{
ocbox_.map("MulRunFitter[0]", 10, 10, 300, 200)
}
objref ocbox_
//End MulRunFitter[0]
''')
    monkeypatch.chdir(tmp_path)
    h = HocTop(nogui)
    assert h.load_file(str(ses)) == 1, nogui.stderr.getvalue()
    assert 'error' not in nogui.stderr.getvalue().lower()


# ---- the language and Python fixes the tools need ---------------------------------------------------
def test_section_prefix_reaches_sectionref_and_loc(nogui):
    """``dend { sr = new SectionRef() }`` refers to dend; ``sr.sec stmt`` runs in it;
    ``dend pp.loc(x)`` moves the point process to dend (nrniv 9.0.2)."""
    out = _run(nogui, '''create soma, dend
access soma
dend nseg = 11
objref sr, q
strdef s
dend { sr = new SectionRef() }
sr.sec { s = secname() }
print s
q = new IClamp(0.5)
dend q.loc(0.3)
proc show() { x = q.get_loc()  s = secname()  pop_section()  print s, x }
show()''')
    assert out.split('\n')[:2] == ['dend', 'dend0.31818182 ']   # (as nrniv prints it)


def test_execute_runs_at_top_level(nogui):
    """execute(stmt) without an object runs at the top level, also while object_push()ed."""
    out = _run(nogui, '''begintemplate A
public x
endtemplate A
objref a
x = 1
a = new A()
object_push(a)
execute("x = 3")
execute1("x += 1")
{object_pop()}
print x''')
    assert out.split() == ['4']


def test_builtin_variables_inside_templates(nogui):
    """hoc_ac_, PI, float_epsilon... are seen (and assigned) inside templates."""
    out = _run(nogui, '''begintemplate A
public f, g
proc f() { hoc_ac_ = $1 }
func g() { return hoc_ac_ + PI }
endtemplate A
objref a
a = new A()
a.f(3)
print hoc_ac_, a.g()
print name_declared("MechanismType"), name_declared("IClamp"), name_declared("t")''')
    assert out.split() == ['3', '6.1415927', '1', '1', '5']


def test_sectionname_push_section_nrnpointmenu(nogui):
    out = _run(nogui, '''create a, b[2]
access a
strdef s
proc p() { local x
    push_section("b[1]")
    sectionname(s)  print s
    x = this_section()
    pop_section()
    push_section(x)  print secname()
    pop_section()
    b[0] sectionname(s)  print s
}
p()
objref ic
ic = new IClamp(0.5)
print nrnpointmenu(ic), nrnpointmenu(ic, 0)''')
    assert out.split() == ['b[1]', 'b[1]', 'b[0]', '1', '1']
    with pytest.raises(HocError, match='arg not a sectionname: zz'):
        nogui.execute('~push_section("zz")\n')
    with pytest.raises(HocError, match='Not a Section pointer'):
        nogui.execute('~push_section(0)\n')


def test_python_calls_run_in_their_interpreter(nogui):
    """Section.push(), Vector.printf(), cvode.event() called from Python through a fresh
    interpreter's h reach that interpreter, not the default one."""
    h = HocTop(nogui)
    h.Section('a')
    b = h.Section('b')
    b.push()
    assert h.secname() == '_pysec.b'
    h.pop_section()
    h.load_file('stdrun.hoc')
    fired = []
    h.finitialize(-65)
    h.cvode.event(1.0, lambda: fired.append(h.t))
    h.Vector([1, 2]).printf()
    assert '1\t2' in nogui.stdout.getvalue()
    h.continuerun(2)
    assert len(fired) == 1 and math.isclose(fired[0], 1.0)
