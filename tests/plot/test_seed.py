"""The seed lecture's figure: c91662.ses, hh, an IClamp, 2 ms, PlotShape through plotly.

Compared with the same figure made by NEURON 9.0.2 (tools/gen_seed_golden.py): 194 traces,
the colours the simulated voltages get through cm.cool, and the .ses file's 3-D points.
"""
import importlib.util
import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_spec = importlib.util.spec_from_file_location('gen_seed_golden',
                                               os.path.join(ROOT, 'tools', 'gen_seed_golden.py'))
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)
with open(os.path.join(ROOT, 'tests', 'plot', 'data', 'seed-neuron.json')) as f:
    GOLD = json.load(f)


def test_seed_figure_matches_neuron(h):
    got = gen.run_seed(h)
    assert abs(got['soma_v'] - GOLD['soma_v']) < 1e-6
    assert len(got['traces']) == len(GOLD['traces']) == 194
    for g, w in zip(got['traces'], GOLD['traces']):
        assert g['color'] == w['color']
        for k in 'xyz':
            np.testing.assert_allclose(g[k], w[k], rtol=0, atol=1e-4)
