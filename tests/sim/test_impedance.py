"""Impedance: NEURON 9.0.2's numbers (tests/golden/sim/impedance.json from
tools/gen_impedance_golden.py), the extended method against the slope resistance of a
simulation, the HOC spelling and errors."""
from __future__ import annotations

import json
import math
import os

import numpy as np
import pytest

import impedance_case  # noqa: E402  (tests/sim is on sys.path under pytest)
from pyhoc.errors import HocError

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim', 'impedance.json')


def _compare(got: dict, want: dict) -> None:
    assert set(got) == set(want)
    for key, w in want.items():
        g = np.array(got[key])
        w = np.array(w)
        if 'ext=' in key:           # rows of input, transfer, ratio, input and transfer phase
            g, w = g.reshape(-1, 5), w.reshape(-1, 5)
            np.testing.assert_allclose(g[:, :3], w[:, :3], rtol=1e-9, atol=0, err_msg=key)
            dphi = (g[:, 3:] - w[:, 3:] + math.pi) % (2 * math.pi) - math.pi   # -pi is pi
            np.testing.assert_allclose(dphi, 0, atol=1e-9, err_msg=key)
        else:
            np.testing.assert_allclose(g, w, rtol=1e-9, atol=0, err_msg=key)


@pytest.mark.parametrize('case', ['passive', 'active', 'single'])
def test_equals_neuron(h, case):
    """Input and transfer impedance, ratio and phases at 0-1000 Hz equal NEURON's (the
    compute(f) values bit for bit in practice)."""
    with open(GOLDEN) as f:
        want = json.load(f)[case]
    _compare(getattr(impedance_case, case)(h), want)


def test_extended_is_the_slope_resistance(h, monkeypatch):
    """With NEURON9_FIRST_INSTANCE off, compute(0, 1) on an hh cell with several compartments
    at its resting state is the resistance dV/dI that a simulation with a small steady current
    shows (compute(0) is not: it holds the gates fixed); NEURON 9.0.2's way (the default, see
    test_equals_neuron['active']) is not, with instances that differ."""
    from pyhoc.sim import impedance
    monkeypatch.setattr(impedance, 'NEURON9_FIRST_INSTANCE', False)
    soma = h.Section(name='soma')
    soma.L = soma.diam = 20
    soma.insert('hh')
    dend = h.Section(name='dend')
    dend.connect(soma(1))
    dend.L, dend.diam, dend.nseg = 300, 2, 5
    dend.insert('hh')
    dend.gkbar_hh, dend.gnabar_hh, dend.gl_hh = 0.02, 0.06, 5e-4
    ic = h.IClamp(soma(0.5))
    ic.dur = 1e9
    imp = h.Impedance()
    imp.loc(soma(0.5))
    vend = []
    for amp in (0., 1e-3, -1e-3):
        ic.amp = amp
        h.finitialize(-65)
        while h.t < 300:
            h.fadvance()
        vend.append(soma(0.5).v)
        if amp == 0.:
            imp.compute(0, 1)
            zext = imp.input(soma(0.5))
            imp.compute(0)
            zlin = imp.input(soma(0.5))
            monkeypatch.setattr(impedance, 'NEURON9_FIRST_INSTANCE', True)
            imp.compute(0, 1)
            zneuron = imp.input(soma(0.5))
            monkeypatch.setattr(impedance, 'NEURON9_FIRST_INSTANCE', False)
    slope = (vend[1] - vend[2]) / 2e-3
    assert zext == pytest.approx(slope, rel=2e-3)
    assert abs(zlin - slope) > 0.1 * slope
    assert abs(zneuron - slope) > 0.1 * slope


def test_hoc_spelling(hoc):
    hoc.execute('''~create soma, dend
    access soma
    soma { L = 20 diam = 20 insert pas }
    dend { L = 200 diam = 1 nseg = 5 insert pas }
    connect dend(0), soma(1)
    finitialize(-65)
    objref imp
    imp = new Impedance()
    soma imp.loc(0.5)
    imp.compute(100)
    z1 = imp.input(0.5)
    dend z2 = imp.transfer(1)
    dend r = imp.ratio(1)
    dend z3 = imp.input(1)
    ''')
    z1, z2, r, z3 = (hoc.eval_string(n) for n in ('z1', 'z2', 'r', 'z3'))
    assert 0 < z2 < z1 < z3
    assert r == pytest.approx(z2 / z3, rel=1e-12)
    assert hoc.eval_string('imp.deltafac()') == .001


def test_errors(hoc):
    hoc.execute('~create soma\naccess soma\nobjref imp\nimp = new Impedance()')
    with pytest.raises(HocError, match='stimulus location is not specified'):
        hoc.execute('~imp.compute(10)')
    with pytest.raises(HocError, match='Must call Impedance.compute first'):
        hoc.execute('~imp.loc(0.5)\nx = imp.input(0.5)')
    with pytest.raises(HocError, match='out of range'):
        hoc.execute('~imp.deltafac(2)')
    hoc.execute('~imp.loc(-1)')
    with pytest.raises(HocError, match='stimulus location is not specified'):
        hoc.execute('~imp.compute(10)')
