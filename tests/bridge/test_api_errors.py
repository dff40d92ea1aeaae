"""Python API misuse raises the exception types (and, where simple, the words) NEURON 9.0.2
raises; each expectation was read from NEURON 9.0.2 (``from neuron import h``)."""
import pytest

from pyhoc import HocError


@pytest.fixture
def secs(h):
    s = h.Section(name='s')
    s2 = h.Section(name='s2')
    return s, s2


@pytest.mark.parametrize('parent', ['x', 5, None])
def test_connect_to_a_non_section_is_a_type_error(secs, parent):
    s, _ = secs
    with pytest.raises(TypeError, match='first arg not a nrn.Section or nrn.Segment'):
        s.connect(parent)


@pytest.mark.parametrize('args,message', [
    ((2,), 'out of range 0 <= parentx <= 1.'),
    ((-0.5,), 'out of range 0 <= parentx <= 1.'),
    ((0.5, 0.5), 'child connection end must be  0 or 1'),
    ((1, 2), 'child connection end must be  0 or 1'),
])
def test_connect_positions_out_of_range_are_value_errors(secs, args, message):
    s, s2 = secs
    with pytest.raises(ValueError) as e:
        s.connect(s2, *args)
    assert str(e.value) == message
    assert s.parentseg() is None


def test_connect_segment_form(secs):
    s, s2 = secs
    with pytest.raises(ValueError, match='child connection end must be  0 or 1'):
        s.connect(s2(0.5), 0.5)
    with pytest.raises(TypeError, match='must be real number, not str'):
        s.connect(s2, 'a')
    s.connect(s2(0.5), 1)
    assert s.parentseg() == s2(0.5) and s.orientation() == 1.0


def test_connect_loop_is_a_runtime_error(secs):
    s, _ = secs
    with pytest.raises(RuntimeError, match='connection will form loop'):
        s.connect(s)


@pytest.mark.parametrize('value', ['a', 0, 1.5, 40000, -1])
def test_bad_nseg_is_a_value_error(secs, value):
    s, _ = secs
    with pytest.raises(ValueError, match='nseg must be an integer in range 1 to 32767'):
        s.nseg = value
    assert s.nseg == 1


@pytest.mark.parametrize('value', [0, -1, 'a'])
def test_Ra_must_be_positive_from_python(secs, value):
    s, _ = secs
    with pytest.raises(ValueError, match=r'^Ra must be > 0\.$'):
        s.Ra = value
    assert s.Ra == 35.4


def test_hoc_still_takes_any_Ra(h):
    """HOC's ``Ra = 0`` is stored, as NEURON's is (only the Python setter checks)."""
    assert h('create a\na.Ra = 0\nx = a.Ra') == 1
    assert h.x == 0.0


@pytest.mark.parametrize('args,what', [(('a', 2, 3, 4), 'str'), ((1, 2, 3, 'd'), 'str'),
                                       ((None, 2, 3, 4), 'NoneType')])
def test_pt3dadd_of_a_non_number_is_a_type_error(secs, args, what):
    s, _ = secs
    with pytest.raises(TypeError, match='must be real number, not %s' % what):
        s.pt3dadd(*args)
    assert s.n3d() == 0


@pytest.mark.parametrize('cell', [5, 'c'])
def test_section_cell_must_be_weakly_referable(h, cell):
    with pytest.raises(TypeError, match='cannot create weak reference'):
        h.Section(cell=cell, name='a')


def test_segment_x_can_move_within_0_1(secs):
    s, _ = secs
    seg = s(0.5)
    seg.x = 0.3
    assert seg.x == 0.3 and repr(seg) == 's(0.3)'
    for bad in (2, -1, 'a'):
        with pytest.raises(ValueError, match=r'x must be in range 0\. to 1\.'):
            seg.x = bad
    assert seg.x == 0.3


def test_vector_index_must_be_an_integer(h):
    v = h.Vector([1, 2, 3])
    with pytest.raises(TypeError, match="'float' object cannot be interpreted as an integer"):
        v[1.5]
    with pytest.raises(TypeError):
        v[1.5] = 2
    with pytest.raises(TypeError, match="'str' object cannot be interpreted as an integer"):
        v['a'] = 1
    assert v[True] == 2.0 and v[-1] == 3.0
    with pytest.raises(IndexError):
        v[5]


def test_vector_x_index_must_be_an_integer(h):
    # NEURON 9.0.2: v.x[1.7] is IndexError('Vector[N].x'), as out of range; v.x[1.5] = 99 the
    # TypeError of a float index; HOC's vv.x[1.7] truncates (20)
    import numpy as np
    v = h.Vector([10, 20, 30])
    for k in (1.7, -0.5, np.float64(1.0)):
        with pytest.raises(IndexError, match=r'^Vector\[\d+\]\.x$'):
            v.x[k]
    with pytest.raises(TypeError, match="'float' object cannot be interpreted as an integer"):
        v.x[1.5] = 99
    assert list(v) == [10.0, 20.0, 30.0]
    assert v.x[np.int64(1)] == 20.0 and v.x[True] == 20.0
    v.x[np.int32(2)] = 5
    assert v.x[2] == 5.0
    h('objref vec_x_index')
    h.vec_x_index = v
    h('vxi = vec_x_index.x[1.7] + vec_x_index.x[-0.4]')
    assert h.vxi == 30.0


def test_len_of_a_section_is_a_type_error(secs):
    s, _ = secs
    s.nseg = 3
    with pytest.raises(TypeError):
        len(s)
    assert len(list(s)) == 3 and bool(s)


def test_sections_and_segments_are_ordered(secs):
    """NEURON orders sections (and segments) by address: a consistent total order."""
    s, s2 = secs
    assert (s < s2) != (s2 < s) and (s <= s2) == (s < s2) and (s > s2) == (s2 < s)
    assert not (s < s) and s <= s and sorted([s2, s, s2]).count(s) == 1
    assert not (s(0.5) < s(0.7)) and s(0.5) <= s(0.7)      # one node
    assert (s(0.5) < s2(0.5)) == (s < s2)
    with pytest.raises(TypeError):
        s < 1


@pytest.mark.parametrize('method', ['sum', 'mean', 'max'])
def test_vector_start_without_end_is_hocs_message(h, method):
    with pytest.raises(RuntimeError) as e:
        getattr(h.Vector(3), method)(1)
    # (NEURON 9.0.2: a method's HOC error from Python is hocobj_call's RuntimeError)
    assert str(e.value) == 'hocobj_call error: hoc_execerror: %s not enough arguments' % method
    assert isinstance(e.value, HocError)


@pytest.mark.parametrize('args', [(5,), (-1,)])
def test_plotshape_show_arg_out_of_range(h, args):
    with pytest.raises(RuntimeError, match='Arg out of range in user function'):
        h.PlotShape(*args)
    h.PlotShape(0)
    h.Shape(5)          # (Shape takes any number)


@pytest.mark.parametrize('name', ['foo', '_foo', 'x'])
def test_a_section_takes_no_new_attributes(secs, name):
    s, _ = secs
    with pytest.raises(AttributeError):
        setattr(s, name, 1)
    with pytest.raises(AttributeError, match="'nrn.Section' object has no attribute '%s'" % name):
        getattr(s, name)
    s.nseg = 3
    s.L = 20
    s.v = -70               # its own and range variables still can be set
    assert s(0.1).v == -70 and s.nseg == 3 and s.L == 20


def test_an_unknown_range_variable_is_an_attribute_error(h):
    s = h.Section(name='s')
    with pytest.raises(AttributeError, match='gnabar_hh, the mechanism does not exist at s'):
        s.gnabar_hh = 1


@pytest.mark.parametrize('code,message', [
    ("s.cm = 'a'", 'bad value'), ("s.diam = 'a'", 'bad value'), ("s(0.5).cm = 'a'", 'bad value'),
    ("s.gnabar_hh = 'a'", 'bad value'), ("s.v = None", 'bad value'),
    ("s(0.5).hh.gnabar = 'a'", 'must be a double'),
])
def test_a_non_number_range_value_is_a_value_error(h, code, message):
    s = h.Section(name='s')
    s.insert('hh')
    with pytest.raises(ValueError) as e:
        exec(code, {'s': s})
    assert str(e.value) == message
    assert s.cm == 1.0 and s.diam == 500.0 and s.gnabar_hh == 0.12


def test_rallbranch_must_be_positive_from_python(secs, h):
    """sec.rallbranch = 0 is NEURON's ValueError from Python; HOC takes any number."""
    s, _ = secs
    for value in (0, -1):
        with pytest.raises(ValueError, match='rallbranch must be > 0'):
            s.rallbranch = value
    assert s.rallbranch == 1.0
    s.rallbranch = 2
    assert repr(s.rallbranch) == '2.0'
    assert h('create hs\nhs.rallbranch = 0') and h.hs.rallbranch == 0.0


def test_3d_point_index_errors(secs, h):
    """sec.x3d(i): an integer in range (TypeError for 1.7, a plain Exception "Arg out of
    range" past the ends); h.x3d(i) (and HOC's) checks the number, 0 <= i <= n3d() - 1,
    then truncates it: its error is the RuntimeError of a HOC built-in."""
    s, _ = secs
    h.pt3dadd(0, 0, 0, 1, sec=s)
    h.pt3dadd(10, 0, 0, 1, sec=s)
    for f in (s.x3d, s.diam3d, s.arc3d):
        with pytest.raises(Exception, match='Arg out of range') as e:
            f(5)
        assert type(e.value) is Exception and str(e.value) == 'Arg out of range\n'
    with pytest.raises(TypeError, match="'float' object cannot be interpreted as an integer"):
        s.x3d(1.7)
    assert s.x3d(1) == 10.0
    for i in (5, -1, 1.5, -0.4):
        with pytest.raises(RuntimeError, match='Arg out of range in user function'):
            h.x3d(i, sec=s)
    assert h.x3d(0.6, sec=s) == 0.0
