"""Loading translated .mod files as NEURON users do: nrn_load_dll of a NEURON library path
(the .mod files above x86_64/), neuron.load_mechanisms, pyhoc-modl then pyhoc started in the
folder; FUNCTIONs from HOC and as point-process methods; errors naming the file and line."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from pyhoc.bridge import HocTop
from pyhoc.errors import HocError
from pyhoc.hoc.interpreter import Interpreter

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MOD = os.path.join(ROOT, 'tests', 'nmodl', 'mod')


@pytest.fixture
def folder(mod_folder):
    return mod_folder('kdr.mod', 'syn.mod')


def test_nrn_load_dll_of_a_neuron_library_path_translates_the_mod_files(folder):
    h = HocTop(Interpreter())
    assert h.nrn_load_dll(str(folder / 'x86_64' / '.libs' / 'libnrnmech.so')) == 1.
    h('create soma')
    h('soma { insert kdr  gbar_kdr = .02 }')
    h('objref s')
    h('soma s = new syn(.5)')
    assert h.soma(.5).kdr.gbar == .02 and h.s.tau == 2.
    # FUNCTION alpha at -55 mV is .1 (the limit the .mod handles by hand)
    assert h.alpha_kdr(-55) == .1
    assert h.alpha_kdr(-30) == pytest.approx(.01 * 25 / (1 - 2.718281828459045 ** -2.5))
    h('soma setdata_kdr(.5)')
    assert h.rates_kdr(-65) == 1.                 # a PROCEDURE returns 1 to HOC
    a = .01 * -10 / (1 - 2.718281828459045)
    assert h.ninf_kdr == pytest.approx(a / (a + .125), rel=1e-12)


def test_load_mechanisms_and_a_second_load(folder):
    import pyhoc
    interp = pyhoc._default_interpreter()
    assert pyhoc.load_mechanisms(str(folder)) is True
    assert pyhoc.load_mechanisms(str(folder)) is True          # already there: no error
    assert 'kdr' in interp.sim.model.mech_types


def test_an_untranslatable_file_names_file_and_line(folder):
    (folder / 'vb.mod').write_text('NEURON { SUFFIX vb }\nVERBATIM\nstatic int **x;\n'
                                   'ENDVERBATIM\n')
    h = HocTop(Interpreter())
    with pytest.raises(HocError) as e:
        h.nrn_load_dll(str(folder / 'vb.mod'))
    # the line of the C it could not take, and that C
    assert 'vb.mod:3' in str(e.value) and 'VERBATIM' in str(e.value) and \
        'static int **x;' in str(e.value)


def test_pyhoc_modl_then_pyhoc_loads_the_folder_at_start(folder, tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT)
    r = subprocess.run([sys.executable, '-m', 'pyhoc.nmodl.cli'], cwd=folder, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout
    assert '2 of 2 .mod files translated' in r.stdout
    (folder / 'run.hoc').write_text('create soma\nsoma { insert kdr }\nfinitialize(-65)\n'
                                    'print soma.n_kdr(.5) > 0.3, ninf_kdr == soma.n_kdr(.5)\n')
    r = subprocess.run([sys.executable, '-m', 'pyhoc', 'run.hoc', '-c', 'quit()'],
                       cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    assert 'Additional mechanisms from files\n "kdr.mod" "syn.mod"\n' in r.stderr
    assert r.stdout.split() == ['1', '1', '1']       # finitialize's value, then the print


def test_a_neuron_build_folder_names_the_mod_files_it_was_built_from(folder, tmp_path):
    """``nrnivmodl mod`` builds mod/*.mod into ./x86_64: its mod_func.cpp lists them, and
    pyhoc (started there, or nrn_load_dll of the library) loads those."""
    from pyhoc.nmodl.load import built_from, mod_files
    top = tmp_path / 'top'
    (top / 'mod').mkdir(parents=True)
    for m in ('kdr.mod', 'syn.mod'):
        shutil.copy(str(folder / m), str(top / 'mod'))
    arch = top / 'x86_64'
    (arch / '.libs').mkdir(parents=True)
    (arch / 'mod_func.cpp').write_text(
        'extern "C" void modl_reg() {\n'
        '    fprintf(stderr, "Additional mechanisms from files\\n");\n'
        '    fprintf(stderr, " \\"mod/kdr.mod\\"");\n'
        '    fprintf(stderr, " \\"mod/syn.mod\\"");\n}\n')
    want = [str(top / 'mod' / 'kdr.mod'), str(top / 'mod' / 'syn.mod')]
    assert built_from(str(arch)) == want
    assert mod_files(str(arch / '.libs' / 'libnrnmech.so')) == want
    env = dict(os.environ, PYTHONPATH=ROOT)
    (top / 'run.hoc').write_text('create soma\nsoma { insert kdr }\nobjref s\n'
                                 'soma s = new syn(.5)\nprint s.tau\n')
    r = subprocess.run([sys.executable, '-m', 'pyhoc', 'run.hoc', '-c', 'quit()'],
                       cwd=str(top), env=env, capture_output=True, text=True, timeout=300)
    assert 'Additional mechanisms from files\n "kdr.mod" "syn.mod"\n' in r.stderr
    assert r.stdout.split() == ['2']


def test_python_from_neuron_import_h_loads_the_folder_as_neuron_does(folder):
    """NEURON's module loads ./x86_64 when imported; pyhoc's h loads the folder's translated
    set (pyhoc-modl's list) when first used, once."""
    env = dict(os.environ, PYTHONPATH=ROOT)
    r = subprocess.run([sys.executable, '-m', 'pyhoc.nmodl.cli'], cwd=folder, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout
    (folder / 'run.py').write_text(
        'import pyhoc\npyhoc.install_neuron_alias()\nfrom neuron import h\n'
        'from pyhoc import h as h2\ns = h.Section(name="soma")\ns.insert("kdr")\n'
        'print(s(.5).kdr.gbar)\n')
    r = subprocess.run([sys.executable, 'run.py'], cwd=folder, env=env, capture_output=True,
                       text=True, timeout=300)
    assert r.stderr.count('Additional mechanisms from files') == 1, r.stderr
    assert r.stdout.split() == ['0.036'], r.stdout


def test_inserting_a_mechanism_whose_file_failed_names_the_file(folder):
    """pyhoc started in a folder (NEURON's x86_64 build there): a file that cannot be
    translated is reported, and ``insert`` of its mechanism says which file and why."""
    (folder / 'vb.mod').write_text('NEURON { SUFFIX vb }\nVERBATIM\nstatic int **x;\n'
                                   'ENDVERBATIM\n')
    (folder / 'x86_64').mkdir()
    (folder / 'run.hoc').write_text('create soma\nsoma insert kdr\nsoma insert vb\n')
    env = dict(os.environ, PYTHONPATH=ROOT)
    r = subprocess.run([sys.executable, '-m', 'pyhoc', 'run.hoc', '-c', 'quit()'],
                       cwd=str(folder), env=env, capture_output=True, text=True, timeout=300)
    assert 'vb is not a MECHANISM (its .mod file was not translated: ' in r.stderr, r.stderr
    assert 'vb.mod:3' in r.stderr and 'VERBATIM' in r.stderr


def test_a_suffix_with_underscores_names_its_range_variables_and_globals(tmp_path, monkeypatch):
    """``gbar_kv2_gp`` in a section block is gbar of mechanism kv2_gp (ModelDB's GP channels
    have such suffixes), not a new HOC variable; likewise its GLOBALs."""
    monkeypatch.setenv('PYHOC_MODL_CACHE', str(tmp_path / 'cache'))
    with open(os.path.join(MOD, 'kin3.mod')) as f:
        (tmp_path / 'k3_gp.mod').write_text(f.read().replace('SUFFIX kin3', 'SUFFIX k3_gp'))
    h = HocTop(Interpreter())
    assert h.nrn_load_dll(str(tmp_path / 'x86_64' / '.libs' / 'libnrnmech.so')) == 1.
    h('create soma')
    h('soma { insert k3_gp  gbar_k3_gp = .03 }')
    h('a0_k3_gp = 3')
    assert h.soma(.5).gbar_k3_gp == .03
    assert h.soma(.5).k3_gp.gbar == .03
    assert h.a0_k3_gp == 3.


def test_point_process_names_in_hoc_as_neuron(tmp_path):
    """A point process's GLOBAL is tau_ppglob; an ASSIGNED it does not make RANGE (cai) is no
    member of its object; a state's start value s0 is no HOC variable (nor s0_ppglob)."""
    shutil.copy(os.path.join(MOD, 'ppglob.mod'), tmp_path)
    h = HocTop(Interpreter())
    h.nrn_load_dll(str(tmp_path))
    h('create soma\nobjref p\nsoma p = new ppglob(.5)')
    assert h.tau_ppglob == 2. and h.p.gmax == .001
    for stmt in ('x = tau', 'x = s0', 'x = s0_ppglob', 'x = p.cai', 'p.cai = 1'):
        assert h(stmt) is False, stmt          # (HOC's error, as NEURON's h() answers it)
    with pytest.raises(AttributeError):
        h.p.cai


def test_a_name_ending_in_a_suffix_is_free_for_the_model(folder):
    """soma_gbar_kdr is no name of mechanism kdr: a model may declare it (ModelDB 125152's
    strdef soma_gbar_nap); gbar_kdr itself is taken (NEURON's name_declared 1 and 0)."""
    h = HocTop(Interpreter())
    h.nrn_load_dll(str(folder))
    assert [h.name_declared(n) for n in ('soma_gbar_kdr', 'gbar_kdr', 'rates_kdr')] == \
        [0., 1., 1.]
    assert h('strdef soma_gbar_kdr') is True
    assert h('strdef gbar_kdr') is False


def test_cvode_atolscale_of_a_state_is_its_mod_abstol_until_set(folder):
    shutil.copy(os.path.join(MOD, 'cashell.mod'), folder)
    h = HocTop(Interpreter())
    assert h.nrn_load_dll(str(folder / 'x86_64' / '.libs' / 'libnrnmech.so')) == 1.
    cv = h.CVode()
    # STATE ca[NS] (mM) <1e-6>: NEURON keeps the scale as a float (printed by NEURON 9.0.2)
    assert cv.atolscale('ca_cashell') == 9.999999974752427e-07
    assert cv.atolscale('CaB_cashell') == 1.
    assert cv.atolscale('ca_cashell', .5) == .5 and cv.atolscale('ca_cashell') == .5


def test_a_range_name_no_block_declares_is_no_variable(mod_folder):
    """RANGE inactF, actF with no PARAMETER/ASSIGNED/STATE declaring them (ModelDB 144526's
    CaT.mod): nocmodl makes no variable of them, so NEURON 9.0.2 knows only gbar_rundecl and
    the current (name_declared 1, 0, 0; MechanismStandard lists gbar and i)."""
    h = HocTop(Interpreter())
    h.nrn_load_dll(str(mod_folder('range_undeclared.mod')))
    h('create soma\nsoma insert rundecl')
    assert [h.name_declared(n) for n in ('gbar_rundecl', 'inactF_rundecl', 'actF_rundecl')] \
        == [1., 0., 0.]
    assert h('x = soma.inactF_rundecl(.5)') is False
    assert not hasattr(h.soma(.5).rundecl, 'inactF')
    h('objref ms\nms = new MechanismStandard("rundecl", 0)\nstrdef s')
    names = []
    for i in range(int(h.ms.count())):
        h('ms.name(s, %d)' % i)
        names.append(h.s)
    assert names == ['gbar_rundecl', 'i_rundecl']


def test_useion_valence_is_the_ions_charge(tmp_path, monkeypatch):
    """USEION cl ... VALENCE -1 makes cl_ion's charge -1 (eion.cpp's ion_reg), also when a
    file without VALENCE made the ion first; ecl is Nernst's with z = -1 (NEURON 9.0.2 prints
    -79.098435948683289 for cli 5, clo 133.5 at 6.3 degC).  A second file giving another
    charge is not loaded, naming the two (ModelDB 148253's chloride: the sign of ecl)."""
    monkeypatch.setenv('PYHOC_MODL_CACHE', str(tmp_path / 'cache'))
    (tmp_path / 'a_nov.mod').write_text(
        'NEURON { SUFFIX nov USEION cl READ cli }\nASSIGNED { cli (mM) }\n')
    (tmp_path / 'b_clv.mod').write_text(
        'NEURON { SUFFIX clv USEION cl READ ecl, cli, clo VALENCE -1 RANGE e }\n'
        'ASSIGNED { ecl (mV) cli (mM) clo (mM) e (mV) }\nINITIAL { e = ecl }\n')
    (tmp_path / 'c_clp.mod').write_text(
        'NEURON { SUFFIX clp USEION cl READ ecl VALENCE 1 }\nASSIGNED { ecl (mV) }\n')
    h = HocTop(Interpreter())
    with pytest.raises(HocError, match=r'c_clp.mod.*cl_ion ion charge defined differently in '
                                       r'two USEION statements \(1 and -1\)'):
        h.nrn_load_dll(str(tmp_path / 'x86_64' / '.libs' / 'libnrnmech.so'))
    h('create soma')
    h('soma { insert clv  cli = 5  clo = 133.5 }')
    h.finitialize(-70)
    assert h.ion_charge('cl_ion') == -1.
    assert h.soma(.5).ecl == -79.098435948683289 == h.soma(.5).clv.e


def test_scopmath_gauss_is_the_normal_density(tmp_path, monkeypatch):
    """gauss(x, mean, std_dev), scopmath's normal density, from a FUNCTION (ModelDB 9889's
    gen.mod); the values NEURON 9.0.2 prints with %.17g."""
    monkeypatch.setenv('PYHOC_MODL_CACHE', str(tmp_path / 'cache'))
    (tmp_path / 'gs.mod').write_text(
        'NEURON { SUFFIX gs }\nFUNCTION fg(x, m, s) { fg = gauss(x, m, s) }\n')
    h = HocTop(Interpreter())
    assert h.nrn_load_dll(str(tmp_path / 'x86_64' / '.libs' / 'libnrnmech.so')) == 1.
    h('create soma\nsoma insert gs')
    assert h.fg_gs(0.3, 1, 2) == 0.18762017356566257
    assert h.fg_gs(-1, -1, 0.5) == 0.79788456125872331
    assert h.fg_gs(7, 2, 1.5) == 0.0010281859981148402


def test_tables_built_after_initial_with_pointers_into_two_arrays(tmp_path, monkeypatch):
    """A TABLE depending on a GLOBAL that INITIAL assigns is built from a first INITIAL run on
    copies: POINTERs into a section's v and into a HOC variable (arrays of two lengths) are
    copied too (ModelDB 9889's finitialize failed with NumPy's 'inhomogeneous shape').  NEURON
    9.0.2 prints -63.364809241795925 (y = 3 * 2 exp(-65/50) - 65)."""
    monkeypatch.setenv('PYHOC_MODL_CACHE', str(tmp_path / 'cache'))
    (tmp_path / 'tp.mod').write_text('''NEURON { SUFFIX tp POINTER pre, gain RANGE y GLOBAL k }
ASSIGNED { pre gain y minf v (mV) k }
INITIAL { k = 2  rates(v)  y = gain * minf + pre }
PROCEDURE rates(v (mV)) {
  TABLE minf DEPEND k FROM -100 TO 100 WITH 200
  minf = k * exp(v / 50)
}
''')
    h = HocTop(Interpreter())
    assert h.nrn_load_dll(str(tmp_path / 'x86_64' / '.libs' / 'libnrnmech.so')) == 1.
    h('create soma, dend\nsoma insert tp\ngainvar = 3')
    h('setpointer soma.pre_tp(0.5), dend.v(0.5)\nsetpointer soma.gain_tp(0.5), gainvar')
    h.finitialize(-65)
    assert h.soma(.5).tp.y == -63.364809241795925 and h.k_tp == 2.



def test_a_parameter_global_initial_assigns_makes_the_table_initials_each_time(tmp_path,
                                                                              monkeypatch):
    """A PARAMETER GLOBAL that INITIAL assigns makes the mechanism not thread safe (nocmodl),
    so its TABLE is checked at each call: INITIAL's rates() sees INITIAL's q10 = 3 also after
    HOC set q10 = 2 between runs (pyhoc built it from 2 then).  NEURON 9.0.2 gives minf =
    3 * -65 = -195 every time."""
    monkeypatch.setenv('PYHOC_MODL_CACHE', str(tmp_path / 'cache'))
    (tmp_path / 'tq.mod').write_text('''NEURON { SUFFIX tq  GLOBAL q10, minf }
PARAMETER { q10 = 1 }
ASSIGNED { v (mV)  minf }
STATE { m }
INITIAL { q10 = 3  rates(v)  m = minf }
BREAKPOINT { SOLVE states METHOD cnexp }
DERIVATIVE states { rates(v)  m' = (minf - m)/1 }
PROCEDURE rates(v (mV)) {
  TABLE minf DEPEND q10 FROM -100 TO 100 WITH 200
  minf = q10 * v
}
''')
    h = HocTop(Interpreter())
    assert h.nrn_load_dll(str(tmp_path / 'x86_64' / '.libs' / 'libnrnmech.so')) == 1.
    h('create soma\nsoma insert tq')
    for q in (1, 2, 2, None):
        if q is not None:
            h.q10_tq = q
        h.finitialize(-65)
        assert (h.q10_tq, h.minf_tq, h.soma(.5).tq.m) == (3., -195., -195.)
    h.fadvance()
    assert h.soma(.5).tq.m == -195.

def test_math_functions_answer_as_c_where_python_raises(tmp_path, monkeypatch, capsys):
    """log, log10, sqrt, pow (and ^), acos, sinh, fmod, floor outside their domain or range give
    C's inf and nan (with glibc's sign), not a Python error: ModelDB 267221's iccr.mod takes
    log10(K*cai) at cai = 0 when cvode.active(1) evaluates it before INITIAL.  The lines
    NEURON 9.0.2 prints."""
    monkeypatch.setenv('PYHOC_MODL_CACHE', str(tmp_path / 'cache'))
    (tmp_path / 'cmath.mod').write_text(
        'NEURON { SUFFIX cmath }\n'
        'FUNCTION lg(x) { lg = log(x) }\nFUNCTION lg10(x) { lg10 = log10(x) }\n'
        'FUNCTION sq(x) { sq = sqrt(x) }\nFUNCTION pw(x, y) { pw = pow(x, y) }\n'
        'FUNCTION caret(x, y) { caret = x^y }\nFUNCTION ac(x) { ac = acos(x) }\n'
        'FUNCTION sh(x) { sh = sinh(x) }\nFUNCTION fm(x, y) { fm = fmod(x, y) }\n'
        'FUNCTION fl(x) { fl = floor(x) }\n')
    h = HocTop(Interpreter())
    assert h.nrn_load_dll(str(tmp_path / 'x86_64' / '.libs' / 'libnrnmech.so')) == 1.
    capsys.readouterr()
    h('create soma\n'
      'print lg_cmath(0), lg_cmath(-1), lg10_cmath(0), lg10_cmath(-1), lg10_cmath(1000)\n'
      'print sq_cmath(-4), sq_cmath(4), pw_cmath(0, -1), pw_cmath(-8, 1/3), pw_cmath(10, 400),'
      ' pw_cmath(-10, 401), pw_cmath(2, 10)\n'
      'print caret_cmath(0, -2), caret_cmath(-2, .5), ac_cmath(2), sh_cmath(1000),'
      ' sh_cmath(-1000), fm_cmath(1, 0), fm_cmath(5.5, 2), fl_cmath(2.5)\n')
    assert capsys.readouterr().out.splitlines() == [
        '-inf -nan -inf nan 3 ',
        '-nan 2 inf -nan inf -inf 1024 ',
        'inf -nan nan inf -inf -nan 1.5 2 ']
