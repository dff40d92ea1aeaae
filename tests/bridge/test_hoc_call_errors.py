"""A HOC function, procedure or built-in that fails when Python calls it is reported as
nrniv 9.0.2 reports it (stderr: the error's layout and calls), then raises NEURON's
RuntimeError "hocobj_call error: hoc_execerror: <message>"; h('...') prints and returns
False; load_file of a missing file warns and returns 0.  Texts from NEURON 9.0.2's
``from neuron import h`` (its program name NEURON, pyhoc's pyhoc)."""
import os

import pytest


def _err(hoc):
    return hoc.stderr.getvalue().replace('pyhoc:', 'NEURON:')


def test_failing_function_is_reported_then_raised(h, hoc):
    h('func f() { return 1/0 }')
    with pytest.raises(RuntimeError) as e:
        h.f()
    assert str(e.value) == 'hocobj_call error: hoc_execerror: division by zero'
    err = _err(hoc)
    assert err.startswith('NEURON: division by zero\n') and err.endswith('        f()\n')


def test_failing_load_file_reports_both_errors(h, hoc, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'bad.hoc').write_text('x = 1\nz = 1/0\nprint "after"\n')
    with pytest.raises(RuntimeError) as e:
        h.load_file('bad.hoc')
    assert str(e.value) == 'hocobj_call error: hoc_execerror: hoc_Load_file bad.hoc'
    lines = _err(hoc).splitlines()
    assert lines[:7] == ['NEURON: division by zero', ' in bad.hoc near line 2', ' z = 1/0',
                         '        ^', '        xopen("bad.hoc")',
                         '      execute1("{xopen("ba...")', '    load_file("bad.hoc")']
    assert lines[7] == 'NEURON: hoc_Load_file bad.hoc'
    assert lines[-1] == '        load_file("bad.hoc")'
    assert hoc.stdout.getvalue() == ''


def test_missing_file_warns_and_returns_0(h, hoc, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert h.load_file('nonexist.hoc') == 0.0
    assert _err(hoc).startswith("NEURON: Couldn't find: nonexist.hoc\n")


def test_statement_errors_print_and_return_false(h, hoc):
    assert h('z = 1/0') is False
    assert h.execute1('z = 1/0') == 0.0
    assert _err(hoc).count('NEURON: division by zero') == 2


def test_failing_method_is_reported_then_raised(h, hoc):
    # NEURON 9.0.2: a built-in object's method failing from Python prints the error, at
    # "near line 0" with a bare caret, and the method's call (an object argument as ...)
    v = h.Vector([1, 2, 3])
    with pytest.raises(RuntimeError) as e:
        v.get(7)
    assert str(e.value) == 'hocobj_call error: hoc_execerror: Arg out of range in user function'
    assert _err(hoc) == ('NEURON: Arg out of range in user function\n near line 0\n ^\n'
                         '        %s.get(7)\n' % v.hname())
    hoc.stderr.truncate(0)
    hoc.stderr.seek(0)
    lst = h.List()
    with pytest.raises(RuntimeError):
        lst.o(3)
    assert _err(hoc).endswith('        %s.o(3)\n' % lst.hname())      # (the name called)
    hoc.stderr.truncate(0)
    hoc.stderr.seek(0)
    with pytest.raises(RuntimeError):
        v.div(h.Vector(2))
    assert _err(hoc).endswith('        %s.div(...)\n' % v.hname())


def test_failing_template_method_is_reported_then_raised(h, hoc):
    h('begintemplate TErr\npublic f\nproc f() { x = 1/0 }\nendtemplate TErr')
    t = h.TErr()
    with pytest.raises(RuntimeError) as e:
        t.f()
    assert str(e.value) == 'hocobj_call error: hoc_execerror: division by zero'
    assert _err(hoc) == 'NEURON: division by zero\n near line 0\n ^\n        TErr[0].f()\n'


def test_objects_a_method_makes_from_python_are_numbered_with_hocs(h):
    # (NEURON 9.0.2: Vector[0] Vector[1] Vector[2]; a copy made from Python was Vector[0])
    v = h.Vector(3)
    w = v.c()
    h('objref vcopy_q\nvcopy_q = new Vector()')
    assert [x.hname() for x in (v, w, h.vcopy_q)] == ['Vector[0]', 'Vector[1]', 'Vector[2]']


def test_stop_ends_the_call_quietly(h, hoc):
    """HOC's ``stop`` in a procedure called from Python ends it without an error (NEURON 9.0.2
    prints 1 and returns; Python goes on)."""
    h('proc p() { print 1 stop print 2 }')
    h.p()
    assert hoc.stdout.getvalue() == '1 \n'
    assert hoc.stderr.getvalue() == ''
