"""pyhoc's own loadbal.hoc (LoadBalance), binfo.hoc (VectorStream) and the parts of
ParallelContext that parcom.hoc and corenrn.hoc use, with one process (hand-checked values;
netparmpi.hoc is checked against NEURON in tests/sim/test_parallel.py)."""
from __future__ import annotations

import pytest

from pyhoc.errors import HocError


def test_loadbalance_complexity_and_one_thread_partition(h):
    h.load_file('loadbal.hoc')
    h('create soma, dend')
    h('soma { nseg = 1  insert hh }')
    h('dend { nseg = 5  insert pas }')
    h('connect dend(0), soma(1)')
    h('create lone')
    h('objref pc, lb')
    h('pc = new ParallelContext()')
    h('lb = new LoadBalance(pc)')
    # segments x (1 + density mechanisms): soma 1*2, dend 5*2, lone 1*1
    assert h.lb.cpu_complexity() == 13
    h('soma tmp_cx = lb.cell_complexity()')
    assert h.tmp_cx == 12
    h('lb.thread_partition(0)')
    assert h.lb.npiece_ == 2 and h.lb.thread_cxbal_ == 1
    assert h.lb.slthread.count() == 1 and h.lb.srlist.count() == 2
    assert sorted(s.name() for s in h.lb.slthread.object(0)) == ['dend', 'lone', 'soma']
    assert h.pc.nthread() == 1 and h.pc.thread_how_many_proc() >= 1


def test_vectorstream(h):
    h.load_file('binfo.hoc')
    h('objref vs, vv')
    h('vv = new Vector(3)')
    h('vv.indgen(5, 1)')
    h('vs = new VectorStream(vv)')
    assert [h.vs.scanvar() for _ in range(3)] == [5, 6, 7] and h.vs.i == 3


def test_coreneuron_is_refused_clearly(h):
    pc = h.ParallelContext()
    for call in (lambda: pc.nrncore_run('-e 5', 0), lambda: pc.nrnbbcore_write('out')):
        with pytest.raises(HocError, match='CoreNEURON is not available'):
            call()
    assert pc.nthread(2) == 1 and pc.timeout(5) == 20 and pc.timeout(0) == 5
    assert h.nrnmpi_init() == 0
