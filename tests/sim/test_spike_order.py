"""Spikes at the same time in different cells are recorded in NEURON's order
(tools/gen_spike_order_golden.py, NEURON 9.0.2): under the fixed step and CVode in the order
the spike sources were made (NEURON's PreSyn list, checked in turn); under the local step in
the order the cells take their turns (pyhoc.sim.cellqueue: NEURON's queue of the cells'
integrators, whose ties are not the cells' order), on the NumPy path and compiled."""
from __future__ import annotations

import io
import json
import os

import numpy as np
import pytest

import spike_order_scenarios as S  # noqa: E402  (tests/sim is on sys.path under pytest)
from pyhoc.bridge import HocTop
from pyhoc.hoc.interpreter import Interpreter
from pyhoc.sim import backend, cvode
from pyhoc.sim.cellqueue import CellQueue

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim')


@pytest.mark.parametrize('case', sorted(S.CASES))
def test_order_equals_neuron(h, case):
    fn, kwargs = S.CASES[case]
    with open(os.path.join(GOLDEN, case + '.json')) as f:
        doc = json.load(f)
    assert doc['provenance']['kwargs'] == kwargs
    if kwargs['method'] == 2:
        backend.set_backend('numpy')
    try:
        got = getattr(S, fn)(h, **kwargs)
    finally:
        backend.set_backend(None)
    want = doc['data']
    assert got['ids'] == want['ids']
    tol = 0. if kwargs['method'] == 0 else 1e-6
    np.testing.assert_allclose(got['times'], want['times'], rtol=0, atol=tol)
    t = np.asarray(want['times'])
    assert (np.diff(t) == 0).sum() >= 8         # (the cells do fire together)


@pytest.mark.parametrize('case', sorted(c for c in S.CASES if S.CASES[c][1]['method'] == 2))
def test_compiled_local_step_order_equals_neuron(case):
    """The same cases through the compiled local step (numba loaded)."""
    fn, kwargs = S.CASES[case]
    with open(os.path.join(GOLDEN, case + '.json')) as f:
        want = json.load(f)['data']
    backend.kernels()
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    got = getattr(S, fn)(HocTop(interp), **kwargs)
    assert cvode.state(interp.sim.model)._lvardt.fast is not None     # (compiled)
    assert got['ids'] == want['ids']
    np.testing.assert_allclose(got['times'], want['times'], rtol=0, atol=1e-6)


def test_cell_queue_ties():
    """Three cells stepping in lockstep by 1: the one reaching a tie while the others are
    there steps again first, the others in the order they were queued."""
    q = CellQueue(3)
    turns = []
    for _ in range(9):
        k = q.least
        turns.append(k)
        q.move(k, q.t[k] + 1.)
    assert turns == [0, 1, 2, 2, 0, 1, 1, 2, 0]
    q.reset(0.)                 # times equal, the order kept
    assert q.least == 0 and q.first() == 1
    q.move(2, -1.)              # a retreat below the least takes its slot
    assert q.least == 2 and q.first() == 1


def test_cell_queue_steps_ahead():
    """Steps a cell took ahead of the queue are taken there one a turn: the turns of
    single steps; a cell moved back from them (a retreat) drops them."""
    step = [1., 1.5]
    r = CellQueue(2)            # one step a turn
    want = []
    for _ in range(8):
        k = r.least
        want.append(k)
        r.move(k, r.t[k] + step[k])
    q = CellQueue(2)            # cell 0 takes its first three steps at once
    times = np.array([3., 0.])
    q.pend[0, :3] = [1., 2., 3.]
    q.pst[0] = 0, 3
    got = []
    for _ in range(8):
        q.sync(times)
        k = q.least
        got.append(k)
        if q.ahead(k):
            q.replay(k)
        else:
            times[k] += step[k]
    q.sync(times)
    assert got == want == [0, 1, 0, 1, 0, 0, 1, 0]     # (0 reaches 1's 3.0: again)
    assert q.t.tolist() == r.t.tolist() and q.least == r.least
    q.pend[1, :2] = [7., 8.]    # cell 1 two steps ahead, then moved back to 6.5
    q.pst[1] = 0, 2
    times[1] = 6.5
    q.sync(times)
    assert not q.ahead(1) and q.t[1] == 6.5


def test_cell_queue_heap_is_the_rule():
    """The queue's heap against its rule by a scan of every cell (the tree's first: least
    time, then first queued): random moves on a coarse grid (many ties), retreats below the
    least and resets; the same turns."""
    rng = np.random.default_rng(7)
    n = 23
    q = CellQueue(n)
    t = [0.] * n
    seq = list(range(n))
    cnt, least = n, 0

    def first():
        o = [i for i in range(n) if i != least]
        return min(o, key=lambda i: (t[i], seq[i]))

    for step in range(3000):
        if step % 700 == 699:       # reset: times equal, order kept
            order = sorted(range(n), key=lambda i: (t[i], seq[i]))
            for j, i in enumerate(order):
                seq[i] = cnt + j
            cnt += n
            t = [5.] * n
            q.reset(5.)
        k = least if rng.random() < 0.7 else int(rng.integers(n))
        tn = t[k] + float(rng.integers(0, 3)) if rng.random() < 0.9 else t[least] - 1.
        t[k] = tn
        f = first()
        if k == least:
            if tn > t[f]:
                least, seq[k], cnt = f, cnt, cnt + 1
        elif tn < t[least]:
            seq[least], cnt, least = cnt, cnt + 1, k
        else:
            seq[k], cnt = cnt, cnt + 1
        q.move(k, tn)
        assert q.least == least and q.first() == first()
        assert q.t.tolist() == t
