"""ParallelContext and BBSaveState with one process, against NEURON 9.0.2's serial results
(tests/golden/sim/parallel.json, made by tools/gen_parallel_golden.py)."""
from __future__ import annotations

import json
import os

import pytest

import parallel_case as case
from pyhoc.errors import HocError

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim', 'parallel.json')


@pytest.fixture(scope='module')
def golden():
    with open(GOLDEN) as f:
        return json.load(f)


def test_ring_hoc_gives_neurons_raster(h, golden, capsys):
    assert case.ring_hoc(h) == golden['ring_hoc']


def test_parallel_net_manager_gives_neurons_raster(h, golden, capsys):
    """netparmpi.hoc (pyhoc's own ParallelNetManager) vs NEURON's library file."""
    assert case.netpar_hoc(h) == golden['netpar_hoc']


def test_ring_python_gives_neurons_raster(h, golden):
    assert case.ring_python(h) == golden['ring_python']


def test_spike_record_equals_netcon_record(h, golden):
    got = case.ring_python(h, netcon_record=True)
    assert got['tvec'] == golden['ring_python']['tvec']
    assert got['idvec'] == golden['ring_python']['idvec']


def test_psolve_uses_the_compiled_loop_bit_for_bit(h, golden):
    from pyhoc.sim import fused
    fused.ENABLED = False
    try:
        got = case.ring_python(h, tstop=30.)
    finally:
        fused.ENABLED = True
    n = sum(1 for t in golden['ring_python']['tvec'] if t < 30.)
    assert got['tvec'] == golden['ring_python']['tvec'][:n]


def test_collectives(h, golden):
    assert case.collectives(h) == golden['collectives']


def test_bulletin_board_sweep(h, golden):
    assert case.bulletin(h) == golden['bulletin']


def test_bbsavestate_round_trip_continues_with_neurons_spikes(h, golden, tmp_path):
    """Save at 50 ms, restore into a fresh start and continue: NEURON's uninterrupted raster."""
    pc = h.ParallelContext()
    h.load_file(case.RING_HOC)      # the HOC ring, run to 100 once; now from 0 to 50
    h.stdinit()
    pc.psolve(50)
    bbss = h.BBSaveState()
    bbss.save(str(tmp_path / 'state'))
    h.stdinit()
    bbss.restore(str(tmp_path / 'state'))
    assert h.t == pytest.approx(50, abs=1e-9)
    pc.psolve(100)
    after = [t for t in golden['ring_hoc']['tvec'] if t > 50]
    assert list(h.tvec) == after


def test_errors(h):
    pc = h.ParallelContext()
    pc.set_gid2node(1, 0)
    with pytest.raises(HocError, match='gid=1 already exists on this process as an output port'):
        pc.set_gid2node(1, 0)
    ns = h.NetStim()
    with pytest.raises(HocError, match='gid=5 has not been set on rank 0'):
        pc.cell(5, h.NetCon(ns, None))
    with pytest.raises(HocError, match='gid 1 owned by 0 but no associated cell'):
        pc.gid_connect(1, None)
    with pytest.raises(HocError, match='gid not associated with spike generation location'):
        pc.threshold(9)
    pc.gid_connect(99, None)
    with pytest.raises(HocError, match='gid=99 already exists as an input port'):
        pc.set_gid2node(99, 0)
    h.finitialize(-65)
    with pytest.raises(HocError, match='mindelay is 0'):
        pc.psolve(1)
    with pytest.raises(HocError, match='CoreNEURON'):
        pc.nrnbbcore_write('x')
    with pytest.raises(HocError, match='has no source'):
        pc.cell(1, h.NetCon(None, None))


def test_bbsavestate_save_test_restore_test(h, golden, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pc = h.ParallelContext()
    h.load_file(case.RING_HOC)
    h.stdinit()
    pc.psolve(30)
    h.BBSaveState().save_test()
    assert (tmp_path / 'bbss_out' / 'tmp').exists()
    h.stdinit()
    h.BBSaveState().restore_test()
    pc.psolve(60)
    assert list(h.tvec) == [t for t in golden['ring_hoc']['tvec'] if 30 < t < 60]


def test_spike_record_of_some_gids(h, golden):
    pc = h.ParallelContext()
    h.load_file(case.RING_HOC)
    tv, iv = h.Vector(), h.Vector()
    pc.spike_record(h.Vector([0, 2]), tv, iv)
    h.stdinit()
    pc.psolve(100)
    want = [(t, g) for t, g in zip(golden['ring_hoc']['tvec'], golden['ring_hoc']['idvec'])
            if g in (0, 2)]
    assert list(zip(tv, iv)) == want
