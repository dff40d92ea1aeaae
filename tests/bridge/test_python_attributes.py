"""Python attribute and item access on HOC objects and arrays: NEURON 9.0.2's exception types
and messages (each read from NEURON 9.0.2's ``from neuron import h``)."""
import pytest


def _raises(exc, message, fn):
    with pytest.raises(exc) as e:
        fn()
    assert str(e.value) == message


@pytest.fixture
def objs(h):
    h('create soma')
    h('begintemplate T\npublic a, b, f, s, o, x, oa, sec\ndouble a[2], b[2][3]\nstrdef s\n'
      'objref o, oa[2]\nx = 0\ncreate sec[2]\nproc f() {}\nendtemplate T')
    return h.Vector(3), h.List(), h.IClamp(h.soma(0.5)), h.T()


@pytest.mark.parametrize('stmt,exc,message', [
    ('v.foo = 1', AttributeError, "'hoc.Vector' object has no attribute 'foo'"),
    ('v._foo = 1', AttributeError, "'hoc.Vector' object has no attribute '_foo'"),
    ('v.x = 1', TypeError, "'x' requires subscript for assignment"),
    ('v.size = 1', TypeError, 'not assignable'),
    ('v.hname = 1', AttributeError, "'hoc.Vector' object attribute 'hname' is read-only"),
    ('l.count = 1', TypeError, 'not assignable'),
    ('l.x = 1', AttributeError, "'hoc.List' object has no attribute 'x'"),
    ('ic.foo = 1', LookupError, "'foo' is not a defined hoc variable name."),
    ('ic.size = 1', LookupError, "'size' is not a defined hoc variable name."),
    ('ic.hname = 1', LookupError, "'hname' is not a defined hoc variable name."),
    ('t.foo = 1', LookupError, "'foo' is not a defined hoc variable name."),
    ('t.a = 1', TypeError, "'a' requires subscript for assignment"),
    ('t.oa = 1', TypeError, "'oa' requires subscript for assignment"),
    ('t.f = 1', TypeError, 'not assignable'),
    ('t.sec = 1', TypeError, 'not assignable'),
    ('t.s = 1', TypeError, 'argument must be str, not int'),
    ('t.o = 1', TypeError, 'argument must be hoc.HocObject, not int'),
    ('t.o = None', TypeError, 'argument must be hoc.HocObject, not None'),
    ('t.x = "s"', TypeError, 'must be real number, not str'),
    ('t.x = v', TypeError, 'must be real number, not hoc.Vector'),
    ('t.a[0] = "x"', TypeError, 'must be real number, not str'),
    ('t.a[5] = 1', IndexError, 'T[0].a'),
    ('t.a[-1] = 1', IndexError, 'T[0].a'),
    ('t.b[1] = 2', TypeError, 'Wrong number of subscripts, hoc var b has 2 but compiled with 1'),
    ('t.b[1][5] = 4', IndexError, 'T[0].b'),
    ('t.oa[1] = 1', TypeError, 'argument must be hoc.HocObject, not int'),
    ('t.oa[3] = v', IndexError, 'T[0].oa'),
    ('v.x[10] = 1', IndexError, 'index out of bounds'),
    ('v.x[1] = "a"', TypeError, 'must be real number, not str'),
    ('v.x[1] = None', TypeError, 'must be real number, not NoneType'),
])
def test_assignments(objs, stmt, exc, message):
    v, l, ic, t = objs
    _raises(exc, message, lambda: exec(stmt, dict(v=v, l=l, ic=ic, t=t)))


@pytest.mark.parametrize('expr,exc,message', [
    ('ic.foo', AttributeError, "'hoc.HocObject' object has no attribute 'foo'"),
    ('t.foo', AttributeError, "'hoc.HocObject' object has no attribute 'foo'"),
    ('h.Vector.foo', AttributeError, "type object 'hoc.Vector' has no attribute 'foo'"),
    ('h.T.foo', AttributeError, "'hoc.HocObject' object has no attribute 'foo'"),
    ('t.a[2]', IndexError, 'T[0].a'),
    ('t.a[1.7]', IndexError, 'T[0].a'),
    ('t.b[2]', IndexError, 'T[0].b'),
    ('t.sec[2]', IndexError, 'T[0].sec'),
])
def test_reads(h, objs, expr, exc, message):
    v, l, ic, t = objs
    _raises(exc, message, lambda: eval(expr, dict(h=h, v=v, l=l, ic=ic, t=t)))


def test_views_and_values(h, objs):
    v, l, ic, t = objs
    assert repr(v.x) == 'Vector[0].x[?]'
    assert repr(t.a) == 'T[0].a[?]' and repr(t.b[1]) == 'T[0].b[1][?]'
    assert len(t.b) == 2 and len(t.b[0]) == 3 and list(t.a) == [0.0, 0.0]
    t.b[1][2] = 4
    assert t.b[1][2] == 4.0
    t.oa[1] = v
    assert t.oa[1] is v and t.oa[0] is None
    assert repr(t.sec[1]) == 'T[0].sec[1]'
    v.x[-1] = 2             # (NEURON's Python sets from the end; reading refuses)
    assert v.to_python() == [0.0, 0.0, 2.0]
    _raises(IndexError, 'Vector[0].x', lambda: v.x[-1])
    ic.amp = 1              # a mechanism's variable: set as before
    assert ic.amp == 1.0


def test_netcon_weight(h):
    h('create soma')
    nc = h.NetCon(None, h.ExpSyn(h.soma(0.5)))
    assert repr(nc.weight) == 'NetCon[0].weight[?]'
    _raises(TypeError, "'weight' requires subscript for assignment", lambda: setattr(nc, 'weight', 1))
    nc.weight[0] = 2
    assert nc.weight[0] == 2.0
    for i in (1, -1, 0.5):
        _raises(IndexError, 'NetCon[0].weight', lambda: nc.weight[i])
    _raises(IndexError, 'NetCon[0].weight', lambda: nc.weight.__setitem__(3, 2))
    _raises(TypeError, 'must be real number, not str', lambda: nc.weight.__setitem__(0, 'a'))
    _raises(TypeError, 'must be real number, not str', lambda: setattr(nc, 'delay', 'a'))
    h('objref nil\nnc = 0\nobjref nc2\nnc2 = new NetCon(nil, nil)\nnc2.weight = 3\nnc = nc2.weight')
    assert h.nc == 3.0      # (HOC: the bare member is its element 0)


def test_top_level_arrays(h):
    h('double a[3], b[2][3]\nobjref oa[2]\ncreate sec[2]')
    assert repr(h.a) == 'a[?]' and repr(h.b[1]) == 'b[1][?]'
    for i in (-1, 3, 1.7, 'x'):
        _raises(IndexError, 'a', lambda: h.a[i])
    _raises(IndexError, 'b', lambda: h.b[1][3])
    _raises(IndexError, 'sec', lambda: h.sec[2])
    _raises(TypeError, 'must be real number, not str', lambda: h.a.__setitem__(1, 'x'))
    _raises(TypeError, 'Wrong number of subscripts, hoc var b has 2 but compiled with 1',
            lambda: h.b.__setitem__(1, 2))
    _raises(TypeError, 'not assignable', lambda: setattr(h, 'sec', 1))
    h.oa[1] = 1             # (top level: a Python value, wrapped)
    assert h.oa[1] == 1


def test_python_string_to_a_numeric_builtin(h):
    with pytest.raises(RuntimeError, match='bad stack access: expecting double; really char'):
        h.sin('a')


def test_python_subclass_keeps_its_attributes(h):
    class V(h.Vector):
        pass
    vv = V()
    vv.foo = 1
    assert vv.foo == 1
    _raises(TypeError, 'not assignable', lambda: setattr(vv, 'size', 1))


def test_ref_as_neurons(h):
    v = h.Vector()
    assert repr(h.ref(3)) == '<hoc ref value 3.000000>'
    assert repr(h.ref('a')) == '<hoc ref str "a">'
    assert repr(h.ref(v)) == '<hoc ref value "Vector[0]">'
    assert repr(h.ref(None)) == '<hoc ref value "NULLobject">'
    assert h.ref(3)[0] == 3.0 and type(h.ref(3)[0]) is float and h.ref(True)[0] == 1.0
    assert h.ref(v)[0] is v
    assert repr(h.ref([1])) == '<hoc ref value "PythonObject[0]">'
    for args in ((), (1, 2)):
        _raises(TypeError, 'single arg must be number, string, or Object', lambda: h.ref(*args))
    r, s = h.ref(3), h.ref('a')
    for i in (1, -1, 'a'):
        _raises(IndexError, 'index for hoc ref must be 0', lambda: r[i])
    _raises(IndexError, 'index for hoc ref must be 0', lambda: r.__setitem__(1, 2))
    r[0] = 5
    s[0] = 'b'
    assert (r[0], s[0]) == (5.0, 'b')
    _raises(TypeError, 'Most HocObject have no len()', lambda: len(r))
    _raises(AttributeError, "'hoc.HocObject' object has no attribute 'foo'", lambda: r.foo)
    h('proc p() { $&1 = $&1 + 1 }')
    h.p(r)
    assert r[0] == 6.0


def test_cas_without_a_section_is_a_type_error(h):
    _raises(TypeError, 'Section access unspecified', lambda: h.cas())
