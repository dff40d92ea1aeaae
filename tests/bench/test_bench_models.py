"""Smoke test: every benchmark model in bench/models.py builds and runs a few steps in pyhoc.

No timings are checked.
"""
from __future__ import annotations

import importlib.util
import os

import pytest

import pyhoc
from pyhoc.bridge import HocTop

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_spec = importlib.util.spec_from_file_location('pyhoc_bench_models',
                                               os.path.join(ROOT, 'bench', 'models.py'))
models = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(models)


def fresh_h():
    return HocTop(pyhoc.Interpreter())


@pytest.mark.parametrize('name', sorted(models.MODELS))
def test_model_builds_and_runs(name):
    h = fresh_h()
    m = models.build(h, name, 'smoke')
    m.run()
    r = m.result()
    assert abs(r['t'] - m.tstop) < 1e-6
    assert r['v'] and all(-100 < v < 60 for v in r['v'].values())
    assert set(r['spikes']) == set(m.detectors)


def test_ring_smoke_fires():
    """The stimulated ring cell fires: the NetStim -> ExpSyn -> NetCon path works."""
    h = fresh_h()
    m = models.ring(h, ncell=2, tstop=12.0)
    m.run()
    assert len(m.result()['spikes']['cell0']) == 1
