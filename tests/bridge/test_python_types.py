"""The Python types of NEURON's objects as NEURON 9.0.2 shows them (``from neuron import h,
hoc, nrn``): what type() and repr give and the isinstance checks users write.  Expected
values read from NEURON 9.0.2."""
import subprocess
import sys

import pyhoc
import pyhoc.hoc as hoc
import pyhoc.nrn as nrn


def test_type_reprs_and_names(h):
    s = h.Section(name='soma')
    s.insert('hh')
    seg = s(0.5)
    assert [repr(type(x)) for x in (h, s, seg, seg.hh, h.Vector)] == [
        "<class 'hoc.HocObject'>", "<class 'nrn.Section'>", "<class 'nrn.Segment'>",
        "<class 'nrn.Mechanism'>", "<class 'hoc.HocClass'>"]
    assert (repr(h.Vector), repr(h.List)) == ("<class 'hoc.Vector'>", "<class 'hoc.List'>")
    assert [type(x).__name__ for x in (h, s, seg, seg.hh, h.Vector(3))] == [
        'HocObject', 'Section', 'Segment', 'Mechanism', 'Vector']


def test_isinstance_checks(h):
    s = h.Section(name='soma')
    s.insert('hh')
    v = h.Vector(3)
    ic = h.IClamp(s(0.5))
    assert isinstance(s, nrn.Section) and isinstance(s(0.5), nrn.Segment)
    assert isinstance(s(0.5).hh, nrn.Mechanism) and type(s) is nrn.Section
    # NEURON: h, a Vector, a point process, h.ref(1), a List are HocObjects; a Section, a
    # Segment and the class h.Vector are not
    assert [isinstance(o, hoc.HocObject) for o in (h, s, v, ic, h.Vector, s(0.5), h.ref(1),
                                                   h.List())] == [
        True, False, True, True, False, False, True, True]
    assert type(h) is hoc.HocObject and type(v) is hoc.Vector
    assert type(h.List()) is hoc.List and type(h.Vector) is hoc.HocClass
    assert isinstance(v, h.Vector)


def test_import_hoc_and_nrn_in_scripts_pyhoc_runs(tmp_path):
    # (pyhoc script.py: import neuron, hoc, nrn as with NEURON; nrn loads on demand)
    script = tmp_path / 'types.py'
    script.write_text('from neuron import h\nimport hoc, nrn\n'
                      'print(type(h) is hoc.HocObject, type(h.Section()) is nrn.Section)\n')
    r = subprocess.run([sys.executable, '-m', 'pyhoc', str(script)], capture_output=True,
                       text=True, timeout=120, cwd=tmp_path, stdin=subprocess.DEVNULL)
    assert r.stdout.split('\n')[-2] == 'True True', r.stderr
    assert pyhoc.nrn is nrn
