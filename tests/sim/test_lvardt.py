"""The local variable time step (pyhoc.sim.lvardt) against NEURON 9.0.2 goldens
(tools/gen_lvardt_golden.py): a network of hh cells with different drives under
use_local_dt(1), sampled with cvode.solve, and run by stdrun's run() with a Dt record.
Spike times are held to NEURON's within 0.02 ms, or twice NEURON's own spread under
atol x 0.9 .. 1.1 where that is larger (late spikes of the chain move by up to 0.03 ms in
NEURON itself); sampled voltages to twice that spread (the largest within two
samples either side) plus 1 mV of floor; the number of points cell 1's Vector.record takes
(its own steps) to NEURON's within twice its relative spread."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

import lvardt_scenarios as S  # noqa: E402  (tests/sim is on sys.path under pytest)

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim')


@pytest.mark.parametrize('case', sorted(S.CASES))
def test_network_equals_neuron(h, case):
    fn, kwargs = S.CASES[case]
    doc = golden(case)
    assert doc['provenance']['kwargs'] == kwargs
    check_against_golden(getattr(S, fn)(h, **kwargs), doc)


def golden(case: str) -> dict:
    with open(os.path.join(GOLDEN, case + '.json')) as f:
        return json.load(f)


def check_against_golden(got: dict, doc: dict) -> None:
    """got (a scenario's output) within NEURON's tolerances of the golden document."""
    want = doc['data']
    assert got['method'] == want['method'] == [1301, 1]
    for c, (g, w, sp) in enumerate(zip(got['spikes'], want['spikes'], doc['spike_spread'])):
        assert len(g) == len(w), (c, g, w)
        tol = np.maximum(0.02, 2. * np.asarray(sp, float))
        assert (np.abs(np.subtract(g, w)) <= tol).all(), (c, g, w, tol)
    for key in ('samples', 'vdt'):
        if key not in want:
            continue
        sp = np.asarray(doc['neuron_spread'][key], float)
        wide = np.array([sp[max(0, i - 2):i + 3].max(axis=0) for i in range(len(sp))])
        g, w = np.asarray(got[key]), np.asarray(want[key])
        assert g.shape == w.shape
        tol = 2. * wide + 1.
        assert (np.abs(g - w) <= tol).all(), np.argwhere(np.abs(g - w) > tol)
    if 'nvrec' in want:
        n, nn = got['nvrec'][0], want['nvrec'][0]
        rel = max(abs(p - nn) for p in doc['nvrec_perturbed']) / nn
        assert nn / (1 + 2 * rel) <= n <= nn * (1 + 2 * rel), (n, nn, rel)


def test_cells_take_their_own_steps(hoc):
    """Two unconnected cells, one quiet and one firing: the quiet one takes far fewer
    steps, and each cell's own Vector.record has a point per step of its cell."""
    hoc.execute('''~create a, b
    forall { insert hh
        L = 20
        diam = 20 }
    objref st, cv, va, vb, stats
    b st = new IClamp(.5)
    st.del = 1
    st.dur = 20
    st.amp = .3
    cv = new CVode()
    cv.active(1)
    cv.use_local_dt(1)
    va = new Vector()
    vb = new Vector()
    va.record(&a.v(.5))
    vb.record(&b.v(.5))
    finitialize(-65)
    cv.solve(20)
    ''')
    from pyhoc.sim import cvode
    cv = cvode.state(hoc.sim.model)
    steps = [c.nsteps for c in cv._lvardt.cells]
    assert steps[0] * 5 < steps[1], steps
    assert hoc.eval_string('va.size()') < hoc.eval_string('vb.size()') / 5
    assert hoc.eval_string('vb.max()') > 30
    assert abs(hoc.eval_string('va.x[va.size()-1]') + 65) < 0.1
