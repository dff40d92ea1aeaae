"""Bad simulator input: a HOC error in HOC and NEURON's exception type in Python, never a crash."""
from __future__ import annotations

import pytest

from pyhoc.errors import HocError


def _hoc_error(h, hoc, code: str) -> str:
    """Run HOC code that must fail; return the error text it printed."""
    err = hoc.stderr
    start = len(err.getvalue())
    assert h(code) == 0
    return err.getvalue()[start:]


def test_unknown_mechanism(h, hoc):
    h('create soma')
    assert 'foo is not a MECHANISM' in _hoc_error(h, hoc, 'soma insert foo')
    with pytest.raises(ValueError, match='argument not a density mechanism name'):
        h.soma.insert('foo')
    with pytest.raises(ValueError):
        h.soma.insert('IClamp')
    with pytest.raises(TypeError):
        h.soma.insert(3)


def test_nseg_out_of_range(h, hoc):
    h('create soma')
    assert 'nseg  must be positive' in _hoc_error(h, hoc, 'soma.nseg = 0')
    soma = h.soma
    for bad in (0, -1, 40000):
        with pytest.raises(ValueError, match='nseg must be an integer in range 1 to 32767'):
            soma.nseg = bad
    assert soma.nseg == 1


def test_nonpositive_length_and_diameter(h):
    s = h.Section(name='s')
    with pytest.raises(ValueError, match='L must be > 0'):
        s.L = -1
    assert s.L == 100
    # NEURON stores a diam <= 0 and refuses it when the areas are computed: one segment
    # per try, each set to 1e-6 (NEURON 9.0.2, checked by hand)
    s.nseg = 2
    s.diam = -1
    for _ in range(2):
        with pytest.raises(RuntimeError, match='s diameter diam = 0. Setting to 1e-6'):
            h.finitialize(-65)
    h.finitialize(-65)
    assert [seg.diam for seg in s] == [1e-6, 1e-6]


def test_nseg_too_large_warns(h, hoc):
    """NEURON 9.0.2's words on stderr (checked by hand); execution goes on with nseg 1."""
    h('create dend\ndend.nseg = 5')
    err = hoc.stderr
    start = len(err.getvalue())
    assert h('dend.nseg = 40000') == 1
    text = err.getvalue()[start:]
    assert text.startswith('requesting dend.nseg=1 but the maximum value is 32767.\n'
                           'pyhoc: nseg too large, setting to 1.\n')
    assert h.dend.nseg == 1
    assert 'nseg  must be positive' in _hoc_error(h, hoc, 'dend.nseg = 1e10')
    assert h.dend.nseg == 1


def test_object_for_a_number(h, hoc):
    """HOC: NEURON's 'bad stack access' (up to its pointer value); Python: NEURON's
    TypeError / ValueError words.  Nothing changes."""
    h('create dend\nobjref ic, vec\ndend ic = new IClamp(0.5)\nvec = new Vector(2)')
    h('ic.amp = 0.5')
    for code in ('ic.amp = vec', 'dend.L = vec', 'dend.diam(0.5) = vec', 'ic.amp += vec'):
        text = _hoc_error(h, hoc, code)
        assert 'bad stack access: expecting double; really Object** 0x' in text, code
        assert ' -> Vector[' in text
    assert 'really char** 0x' in _hoc_error(h, hoc, 'ic.amp = "x"')
    assert h.ic.amp == 0.5 and h.dend.L == 100
    with pytest.raises(TypeError, match='must be real number, not hoc.Vector'):
        h.ic.amp = h.vec
    with pytest.raises(ValueError, match='bad value'):
        h.dend(0.5).diam = h.vec
    assert h.ic.amp == 0.5


def test_connect_loop(h, hoc):
    h('create a, b')
    h('connect b(0), a(1)')
    assert 'connection will form loop' in _hoc_error(h, hoc, 'connect a(0), b(1)')
    with pytest.raises(RuntimeError, match='will form loop'):
        h.a.connect(h.a)


def test_deleted_section(h, hoc):
    h('create soma, dend')
    dend = h.dend
    h('dend delete_section()')
    assert 'dend : section was deleted' in _hoc_error(h, hoc, 'objref ic\ndend ic = new IClamp(0.5)')
    assert str(dend) == '<deleted section>'
    for action in (lambda: dend(0.5), lambda: dend.L, lambda: dend.name(),
                   lambda: dend.insert('hh'), lambda: h.IClamp(dend(0.5))):
        with pytest.raises(ReferenceError, match="can't access a deleted section"):
            action()


def test_mechanism_not_inserted(h, hoc):
    h('create soma')
    assert 'hh mechanism not inserted in section soma' in _hoc_error(h, hoc, 'soma print gnabar_hh')
    soma = h.soma
    with pytest.raises(AttributeError, match=r'hh, the mechanism does not exist at soma\(0.5\)'):
        soma(0.5).hh
    with pytest.raises(AttributeError, match='gnabar_hh, the mechanism does not exist'):
        soma(0.5).gnabar_hh
    with pytest.raises(AttributeError, match='gnabar_hh, the mechanism does not exist'):
        soma.gnabar_hh
    with pytest.raises(AttributeError, match="'nrn.Section' object has no attribute 'foo'"):
        soma.foo
    soma.insert('pas')
    with pytest.raises(AttributeError, match="'nrn.Mechanism' object has no attribute 'foo'"):
        soma(0.5).pas.foo
    with pytest.raises(ValueError):
        soma(1.5)


def test_dt_must_be_positive(h, hoc):
    h('create soma')
    h.dt = 0
    assert 'dt must be positive' in _hoc_error(h, hoc, 'finitialize()')
    h.dt = -0.1
    with pytest.raises(RuntimeError, match='dt must be positive'):
        h.fadvance()


def test_nan_voltage_stops_the_run(h, hoc):
    s = h.Section(name='soma')
    s.insert('hh')
    s.nseg = 3
    h.finitialize(-65)
    s(0.5).v = float('nan')
    with pytest.raises(HocError, match=r'v = nan at soma\(0\.\d+\) at t = 0.025'):
        h.fadvance()
    h.finitialize(-65)
    s(0.5).v = float('inf')
    assert 'simulation became unstable' in _hoc_error(h, hoc, 'fadvance()')


@pytest.mark.parametrize('which', ['numba', 'numpy'])
def test_nan_voltage_is_one_clear_error(h, which):
    """A NaN voltage ends the step with the HOC error naming where, and nothing else on
    the way (no NumPy warnings), on both backends."""
    import warnings

    from pyhoc.sim import backend
    backend.set_backend(which)
    try:
        s = h.Section(name='soma')
        s.insert('hh')
        s.nseg = 3
        syn = h.ExpSyn(s(0.5))
        h.finitialize(-65)
        s(0.5).v = float('nan')
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            with pytest.raises(HocError, match=r'unstable: v = nan at soma\(0\.166667\) at t = 0\.025'):
                h.fadvance()
    finally:
        backend.set_backend(None)
    assert syn.tau == .1


def test_negative_netcon_delay_taken(h):
    """NEURON takes nc.delay < 0 (no refusal): the event, due before it was sent, arrives at
    the next step (fixed step; NEURON 9.0.2's g at the first steps after the NetStim at 1)."""
    h('create soma\nsoma insert pas\nobjref syn, ns, nc\nsoma syn = new ExpSyn(0.5)')
    h('syn.tau = 2\nns = new NetStim()\nns.number = 1\nns.start = 1')
    h('nc = new NetCon(ns, syn)\nnc.weight = 0.01\nnc.delay = -0.5')
    assert h.nc.delay == -0.5
    h.finitialize(-65)
    got = []
    while h.t < 1.04:
        h.fadvance()
        if h.syn.g > 0:
            got.append((round(h.t, 9), h.syn.g))
    assert got == [(1.025, pytest.approx(0.009875778005, abs=1e-12)),
                   (1.05, pytest.approx(0.00975309912, abs=1e-12))]
