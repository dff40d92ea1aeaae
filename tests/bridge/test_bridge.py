"""The h bridge: Python sees the interpreter's one namespace and objects (NEURON's idioms)."""
import subprocess
import sys
import textwrap

import pytest

import pyhoc
from pyhoc import HocError
from pyhoc.hoc.builtins.vector import Vector


def test_statement_and_variables(h, hoc):
    assert h('x = 3') == 1
    assert h.x == 3.0
    h.x = 5
    h('y = x * 2')
    assert h.y == 10.0
    # NEURON 9: only a declared name takes a value from Python (checked with its python)
    with pytest.raises(LookupError, match="'z' is not a defined hoc variable name."):
        h.z = 7
    h('z = 0')
    h.z = 7
    h('print z')
    assert hoc.stdout.getvalue() == '7 \n'


def test_error_in_statement_returns_0_and_session_goes_on(h, hoc):
    assert h('x = ') == 0
    assert 'syntax error' in hoc.stderr.getvalue()
    assert h('undefined_thing + 1') == 0
    assert 'undefined variable undefined_thing' in hoc.stderr.getvalue()
    assert h('ok = 1') == 1 and h.ok == 1.0


def test_calls_raise_runtime_error_with_hoc_message(h):
    h('func inv() { return 1/$1 }')
    assert h.inv(4) == 0.25
    with pytest.raises(RuntimeError, match='division by zero'):
        h.inv(0)
    with pytest.raises(HocError):
        h.execute('nosuchfunc()')


def test_same_objects_both_ways(h):
    h('objref vv')
    h('vv = new Vector(3)')
    v = h.vv
    assert isinstance(v, Vector) and isinstance(v, h.Vector)
    v.x[1] = 5
    h('vv.x[2] = 7')
    assert list(v) == [0.0, 5.0, 7.0]
    w = h.Vector([1, 2, 3])
    h.vv = w
    h('s = vv.sum()')
    assert h.s == 6.0
    assert w.hoc_name() == 'Vector[1]'


def test_procs_funcs_and_strings(h, hoc):
    h('strdef name')
    h('proc greet() { sprint(name, "hello %s %d", $s1, $2) }')
    h.greet('world', 3)
    assert h.name == 'hello world 3'
    s = h.ref('')
    h.sprint(s, 'n=%g', 4)
    assert s[0] == 'n=4'
    r = h.ref(1)
    h('proc incr() { $&1 += 1 }')
    h.incr(r)
    assert r[0] == 2.0


def test_templates_from_python(h):
    h(textwrap.dedent('''\
        begintemplate Cell
            public n, grow
            proc init() { n = $1 }
            proc grow() { n += $1 }
        endtemplate Cell
    '''))
    c = h.Cell(5)
    c.grow(2)
    assert c.n == 7.0
    c.n = 1
    assert c.n == 1.0
    assert c.hoc_name() == 'Cell[0]'
    assert h.Cell[0] is c
    with pytest.raises(AttributeError):
        c.hidden


def test_arrays(h):
    h('double a[3][2]')
    h.a[1][1] = 4
    h('b = a[1][1]')
    assert h.b == 4.0
    assert len(h.a) == 3


def test_units_match_neuron():
    from pyhoc import units
    assert units.ms == 1 and units.mV == 1 and units.um == 1
    assert units.s == 1000 and units.uM == 1e-3 and units.nm == 1e-3


def test_h_and_n_are_the_default_interpreter():
    assert pyhoc.h('pyhoc_test_value = 2') == 1
    assert pyhoc.n.pyhoc_test_value == 2.0


def test_independent_interpreters(h):
    from pyhoc.bridge import HocTop
    from pyhoc.hoc.interpreter import Interpreter
    other = HocTop(Interpreter())
    h('q = 1')
    other('q = 2')
    assert h.q == 1.0 and other.q == 2.0


def test_python_script_runs_with_neuron_imports(tmp_path):
    script = tmp_path / 'model.py'
    script.write_text(textwrap.dedent('''\
        from neuron import h
        from neuron.units import ms
        import neuron
        v = h.Vector(4).indgen()
        h('x = 2')
        print(v.sum() * h.x, ms, neuron.h is not None)
    '''))
    p = subprocess.run([sys.executable, '-m', 'pyhoc', '-nobanner', str(script), '-c', 'quit()'],
                       capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == '12.0 1 True'


def test_segment_mechanisms_follow_each_nodes_property_list(h):
    # NEURON 9.0.2: nseg 1 -> 3 keeps the old node in the middle and clones the others, whose
    # lists come out reordered; neuron.psection lists mechanisms in MechanismType order
    d = h.Section(name='d')
    d.insert('pas')
    d.insert('hh')
    d.nseg = 3
    assert [m.name() for m in d(0.1)] == ['pas', 'k_ion', 'na_ion', 'hh']
    assert [m.name() for m in d(0.5)] == ['k_ion', 'na_ion', 'hh', 'pas']
    assert [m.name() for m in d(0.9)] == ['pas', 'k_ion', 'na_ion', 'hh']
    ps = d.psection()
    assert list(ps['density_mechs']) == ['pas', 'hh'] and list(ps['ions']) == ['na', 'k']
    d.nseg = 1
    assert [m.name() for m in d(0.5)] == ['k_ion', 'na_ion', 'hh', 'pas']


def test_python_sees_floats_not_numpy_scalars(h):
    # NEURON 9.0.2: these are all Python floats (ints for sizes); v._ref_x[i] is a pointer
    v = h.Vector([1.5, 2.5, 3.5])
    for r in (v[0], v.x[0], v.x[2], v.sum(), v.max(), v.mean(), v.get(1), list(v)[0]):
        assert type(r) is float
    assert repr(h.Vector(2).x[0]) == '0.0'
    with pytest.raises(IndexError):
        v.x[-1]
    with pytest.raises(IndexError):
        v.x[3]
    m = h.Matrix(2, 3)
    m.setval(0, 1, 3)
    assert type(m.getval(0, 1)) is float and m.getval(0, 1) == 3.0
    assert (m.nrow(), m.ncol()) == (2, 3) and type(m.nrow()) is int
    s = h.Section(name='s')
    s.insert('hh')
    syn = h.ExpSyn(s(0.5))
    nc = h.NetCon(None, syn)
    nc.weight[0] = 0.01
    h.finitialize(-65)
    for r in (s(0.5).v, h.t, s(0.5).hh.m, s(0.5).ina, nc.weight[0]):
        assert type(r) is float
    assert nc.weight[0] == 0.01


def test_vector_ref_x_points_at_an_element(h):
    v = h.Vector(2)
    p = v._ref_x[1]
    p[0] = 7
    assert v.to_python() == [0.0, 7.0] and p[0] == 7.0 and type(p[0]) is float
    h('objref vv')
    h.vv = v
    h('vv.x[1] = 9')
    assert p[0] == 9.0


def test_section_arrays(h):
    # as NEURON 9.0.2: the array from Python (one or two subscripts), its first element in HOC
    h('create soma[2], dend[2][3]')
    h('begintemplate SecArr\npublic soma\ncreate soma[2]\nendtemplate SecArr')
    assert [s.name() for s in h.soma] == ['soma[0]', 'soma[1]']
    assert h.dend[1][2].name() == 'dend[1][2]'
    assert [s.name() for s in h.dend[1]] == ['dend[1][0]', 'dend[1][1]', 'dend[1][2]']
    c = h.SecArr()
    assert [s.name() for s in c.soma] == ['SecArr[0].soma[0]', 'SecArr[0].soma[1]']
    h('soma.L = 7')
    assert (h.soma[0].L, h.soma[1].L) == (7.0, 100.0)
    with pytest.raises(TypeError):
        h.SectionRef(sec=h.soma)      # NEURON: "sec is not a Section"


def test_assigning_from_python_as_neuron(h, hoc):
    # NEURON 9's answers, checked with its python: a number to a variable, a string to a
    # strdef, anything to an objref; no function, class, mechanism, section or range variable
    h('x = 1\nstrdef s\nobjref o\ndouble arr[3]\nproc p() {}\ncreate soma')
    for name, value, error, message in (
            ('t', 'a', TypeError, 'must be real number, not str'),
            ('x', None, TypeError, 'must be real number, not NoneType'),
            ('x', h.Vector(), TypeError, 'must be real number, not hoc.Vector'),
            ('s', 1, TypeError, 'argument must be str, not int'),
            ('arr', 1, TypeError, 'Wrong number of subscripts'),
            ('sin', 1, TypeError, 'not assignable'),
            ('Vector', 1, TypeError, 'not assignable'),
            ('hh', 1, TypeError, 'not assignable'),
            ('p', 1, TypeError, 'not assignable'),
            ('soma', 1, TypeError, 'not assignable'),
            ('v', 1, TypeError, 'not assignable'),
            ('this', 1, LookupError, "'this' is not a defined hoc variable name."),
            ('xyz', 3, LookupError, "'xyz' is not a defined hoc variable name.")):
        with pytest.raises(error) as e:
            setattr(h, name, value)
        assert str(e.value) == message, name
    h.o = 1
    assert h.o == 1
    h.o = [1]
    assert h.o == [1]
    h.x = True
    assert h.x == 1.0
    h.s = 'q'
    assert h.s == 'q'


def test_list_index_from_python_as_neuron(h):
    # NEURON 9's python: lst[-1] is the last item, one past the end IndexError('List[0]')
    lst = h.List()
    lst.append(h.Vector(1))
    lst.append(h.Vector(2))
    assert lst[1].size() == 2 and lst[-1].size() == 2 and lst[-2].size() == 1
    with pytest.raises(IndexError, match=r'^List\[0\]$'):
        lst[2]
    with pytest.raises(IndexError, match=r'^List\[0\]$'):
        lst[-3]
