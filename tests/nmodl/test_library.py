"""``SUFFIX nothing`` .mod files: libraries of FUNCTIONs, PROCEDUREs and GLOBALs that NEURON
registers under their plain names without a mechanism (nocmodl's hoc_register_var only).
Our libfa.mod and libfb.mod (tests/nmodl/mod); their numbers against NEURON 9.0.2 are the
``library`` case of test_codegen.py; here the loading paths and the names."""
from __future__ import annotations


import pytest

from pyhoc.bridge import HocTop
from pyhoc.errors import HocError
from pyhoc.hoc.interpreter import Interpreter


@pytest.fixture
def folder(mod_folder):
    return mod_folder('libfa.mod', 'libfb.mod')


def test_functions_procedures_and_globals_by_their_plain_names(folder):
    h = HocTop(Interpreter())
    assert h.nrn_load_dll(str(folder / 'x86_64' / '.libs' / 'libnrnmech.so')) == 1.
    h('x = lin(7)')
    assert h.x == 2 * 7 + .5 == h.lin(7)                # from HOC and from Python
    h('setgain(3)')                                     # a PROCEDURE sets a GLOBAL
    assert h.gain == 3. and h.lin(1) == 3.5
    assert h.setgain(4) == 1.                           # (a PROCEDURE returns 1)
    h.gain = 1.
    h.offset = 0.                                       # a PARAMETER not declared GLOBAL
    h('y = sq(3)')
    assert h.y == 9. and h.offset == 0.
    assert h.bump(2) == 2. and h.bump(3) == 5. and h.nbump == 5.
    assert h.boltz(-40) == .5 and h.vhalf == -40. and h.slope == 5.
    for name in ('lin_nothing', 'gain_nothing', 'setdata_nothing', 'nothing'):
        assert not hasattr(h, name), name


def test_nothing_is_no_mechanism(folder, capsys, mechanism_type_names):
    h = HocTop(Interpreter())
    h.nrn_load_dll(str(folder))
    h('create soma')
    assert not h('soma insert nothing')
    assert 'nothing is not a MECHANISM' in capsys.readouterr().err
    with pytest.raises(Exception, match='argument not a density mechanism name'):
        h.soma.insert('nothing')
    assert not {'nothing', 'libfa', 'libfb'} & set(mechanism_type_names(h))


def test_a_second_load_and_a_second_model(folder):
    import pyhoc
    pyhoc.load_mechanisms(str(folder))
    pyhoc.load_mechanisms(str(folder))                  # already there: no error
    for _ in range(2):                                  # each model its own globals
        h = HocTop(Interpreter())
        h.nrn_load_dll(str(folder))
        assert h.gain == 2.
        h('setgain(7)')
        assert h.lin(1) == 7.5


def test_a_name_hoc_has_stops_the_load(folder):
    """NEURON: "The user defined name, X, already exists" (a name of another library,
    a built-in function)."""
    h = HocTop(Interpreter())
    h.nrn_load_dll(str(folder))
    (folder / 'dup').mkdir()
    (folder / 'dup' / 'libfc.mod').write_text(
        'NEURON { SUFFIX nothing }\nFUNCTION lin(x) { lin = x }\n')
    with pytest.raises(HocError, match='The user defined name, lin, already exists'):
        h.nrn_load_dll(str(folder / 'dup' / 'libfc.mod'))
    assert h.lin(1) == 2.5                              # the first one's
    (folder / 'dup' / 'libfd.mod').write_text(
        'NEURON { SUFFIX nothing }\nFUNCTION startsw(x) { startsw = x }\n')
    with pytest.raises(HocError, match='The user defined name, startsw, already exists'):
        h.nrn_load_dll(str(folder / 'dup' / 'libfd.mod'))


def test_autoload_of_a_translated_folder(folder, monkeypatch):
    """pyhoc-modl then pyhoc started there (load.autoload, as nrniv loads ./x86_64)."""
    from pyhoc.nmodl.cli import main
    from pyhoc.nmodl.load import autoload
    monkeypatch.chdir(folder)
    assert main([]) == 0
    interp = Interpreter()
    done, failed = autoload(interp.sim.model, str(folder))
    assert done == ['libfa.mod', 'libfb.mod'] and failed == []
    h = HocTop(interp)
    h('z = boltz(-40) + lin(0)')
    assert h.z == 1.


def test_a_global_array_of_a_library(tmp_path, monkeypatch):
    """GLOBAL w[3] of a SUFFIX nothing file is HOC's array ``w`` (NEURON 9.0.2: wsum() 7)."""
    monkeypatch.setenv('PYHOC_MODL_CACHE', str(tmp_path / 'cache'))
    (tmp_path / 'libarr.mod').write_text(
        'NEURON { SUFFIX nothing GLOBAL w }\nPARAMETER { w[3] }\n'
        'FUNCTION wsum() { wsum = w[0] + w[1] + w[2] }\n')
    h = HocTop(Interpreter())
    h.nrn_load_dll(str(tmp_path / 'libarr.mod'))
    h('w[1] = 2')
    h.w[2] = 5
    assert h.wsum() == 7. and h.w[2] == 5. and len(h.w) == 3


def test_a_name_asked_for_before_the_library_is_loaded(tmp_path, monkeypatch):
    """HOC asks for ``w`` (nothing yet), then loads the file that makes it (no function or
    scalar GLOBAL added): the name means the array now."""
    monkeypatch.setenv('PYHOC_MODL_CACHE', str(tmp_path / 'cache'))
    (tmp_path / 'libonly.mod').write_text(
        'NEURON { SUFFIX nothing GLOBAL wonly }\nPARAMETER { wonly[2] }\n')
    interp = Interpreter()
    h = HocTop(interp)
    assert interp.sim.resolve('wonly') is None
    h.nrn_load_dll(str(tmp_path / 'libonly.mod'))
    h('wonly[1] = 3')
    assert h.wonly[1] == 3.


def test_setdata_of_a_library_is_named_and_says_why_it_selects_nothing(folder, capsys):
    """NEURON registers setdata_<file> for a SUFFIX nothing file (9.0.2 crashes in it: there
    is no instance); here it is a HOC error that says so."""
    h = HocTop(Interpreter())
    h.nrn_load_dll(str(folder))
    h('create soma')
    assert not h('soma setdata_libfa(.5)')
    assert 'setdata_libfa: libfa.mod is SUFFIX nothing' in capsys.readouterr().err
    with pytest.raises(HocError, match='a library without instances'):
        h.setdata_libfb(.5)
