"""pyhoc against NEURON 9.0.2 goldens (tools/gen_sim_golden.py): traces, geometry, topology."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

from pyhoc.sim import Model

import scenarios  # noqa: E402  (tests/sim is on sys.path under pytest)

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim')
CASES = scenarios.CASES
TOL = 1e-6   # mV; in practice the results are bit-identical


def load(case: str) -> dict:
    with open(os.path.join(GOLDEN, case + '.json')) as f:
        return json.load(f)


@pytest.mark.parametrize('case', sorted(CASES))
def test_against_neuron(case):
    fn, kwargs = CASES[case]
    doc = load(case)
    assert doc['provenance']['kwargs'] == kwargs
    got = getattr(scenarios, fn)(Model(), **kwargs)
    for key, want in doc['data'].items():
        a = np.asarray(got[key], dtype=float)
        b = np.asarray(want, dtype=float)
        assert a.shape == b.shape, key
        np.testing.assert_allclose(a, b, rtol=0, atol=TOL, err_msg='%s: %s' % (case, key))


def test_hh_spikes():
    """The single-compartment trace does fire (so the golden exercises the spike)."""
    v = np.asarray(load('hh_single')['data']['v'])
    assert v.max() > 20.


def test_topology_text():
    doc = load('topology')
    m = Model()
    s = {n: m.new_section(n) for n in ('soma', 'a', 'b', 'c', 'd', 'e', 'f')}
    s['a'].connect(s['soma'](1))
    s['b'].connect(s['soma'](0.5))
    s['c'].connect(s['a'](0))
    s['a'].nseg = 3
    s['d'].connect(s['soma'](0), 1)
    s['d'].nseg = 5
    s['e'].connect(s['d'](0.3))
    s['e'].nseg = 2
    s['f'].nseg = 4
    s['b'].rallbranch = 2
    text = m.topology()
    s['c'].disconnect()
    s['b'].connect(s['a'](1))
    s['a'].nseg = 1
    text += m.topology()
    assert text == doc['stdout']
