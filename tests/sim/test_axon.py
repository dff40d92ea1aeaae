"""A long HH axon (201 segments, 10 mm) against NEURON 9.0.2: spike times per position."""
from __future__ import annotations

import json
import os

import numpy as np

from pyhoc.sim import Model

import extra_scenarios  # noqa: E402  (tests/sim is on sys.path under pytest)

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim', 'axon_spikes.json')


def test_axon_spike_times():
    with open(GOLDEN) as f:
        doc = json.load(f)
    got = extra_scenarios.axon_spikes(Model(), **doc['provenance']['kwargs'])
    data = doc['data']
    for key, want in data.items():
        a = np.asarray(got[key], dtype=float)
        b = np.asarray(want, dtype=float)
        assert a.shape == b.shape, key
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-6, err_msg=key)
    # spikes start at x=0 and arrive later further along
    firsts = [data['spikes%g' % x][0] for x in (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)]
    assert firsts == sorted(firsts) and firsts[-1] > firsts[0] + 2.
    assert all(len(data['spikes%g' % x]) >= 2 for x in (0.0, 0.5))
