"""The order in which the local variable time step's cells take their turns: NEURON's TQueue
of the cells' integrators (NetCvode's p[0].tq_), whose ties decide which of two cells at the
same time goes first, and so the order of their simultaneous spikes.

The queue keeps its least item in a slot of its own and the others in a splay tree ordered by
time and, at equal times, by when they were queued.  A cell that steps and is then not later
than the tree's first stays least (a cell reaching a tie steps again before the others at that
time); one later goes into the tree behind those at its time and the tree's first becomes
least.  A cell moved back (a retreat to an event) below the least takes the slot, the old least
going into the tree.  Reinitialization sets every time without reordering (Cvode::re_init's
``tqitem_->t_ = t``).

The compiled microsteps (lvardt_numba.lv_run) let a cell take several steps in one call where
no event can reach it first; the queue takes those steps one at a time, in its own order,
from the cell's list of steps taken ahead (``pend``, ``pst``: its next one, how many), so the
turns are those of one step at a time.  A cell's time in the queue is then behind its own.

The rule is written once, as functions of the queue's arrays (``t`` each cell's time in the
queue, ``seq`` when each was queued, ``st`` = [queuings so far, the least cell], the steps
ahead): the NumPy microsteps call them through :class:`CellQueue`, the compiled ones (whose
driver source takes in what they reach) on the same arrays.
"""
from __future__ import annotations

import numpy as np

CQ_COUNT, CQ_LEAST = 0, 1       # st's entries
AHEAD = 32                      # steps a cell may take ahead of the queue


def cq_first(t, seq, least):
    """The tree's first cell (least time, then first queued); -1 when the tree is empty."""
    best = -1
    for i in range(t.shape[0]):
        if i != least and (best < 0 or t[i] < t[best] or
                           (t[i] == t[best] and seq[i] < seq[best])):
            best = i
    return best


def cq_move(t, seq, st, k, tnew):
    """TQueue::move of cell k to tnew (move_least for the least cell)."""
    least = st[CQ_LEAST]
    if k == least:
        t[k] = tnew
        f = cq_first(t, seq, least)
        if f >= 0 and tnew > t[f]:
            st[CQ_LEAST] = f
            seq[k] = st[CQ_COUNT]
            st[CQ_COUNT] += 1
    elif tnew < t[least]:
        t[k] = tnew
        seq[least] = st[CQ_COUNT]
        st[CQ_COUNT] += 1
        st[CQ_LEAST] = k
    else:
        t[k] = tnew
        seq[k] = st[CQ_COUNT]
        st[CQ_COUNT] += 1


def cq_sync1(t, seq, st, pend, pst, times, k):
    """Cell k's move if its time changed without one; its steps ahead dropped if it was
    moved back from them (a retreat, a restart)."""
    n = pst[k, 1]
    if pst[k, 0] < n:
        if times[k] == pend[k, n - 1]:
            return
        pst[k, 0] = n
    if t[k] != times[k]:
        cq_move(t, seq, st, k, times[k])


def cq_sync(t, seq, st, pend, pst, times):
    """cq_sync1 of every cell, in cell order."""
    for k in range(t.shape[0]):
        cq_sync1(t, seq, st, pend, pst, times, k)


def cq_replay(t, seq, st, pend, pst, k):
    """Cell k's next step taken ahead, taken in the queue."""
    i = pst[k, 0]
    pst[k, 0] = i + 1
    cq_move(t, seq, st, k, pend[k, i])


class CellQueue:
    """The cells 0..n-1, queued at time 0 in that order (NetCvode::alloc_list)."""

    def __init__(self, n: int):
        self.t = np.zeros(n)
        self.seq = np.arange(n, dtype=np.int64)     # when each was queued (tree order at a tie)
        self.st = np.array([n, 0 if n else -1], dtype=np.int64)
        self.pend = np.zeros((n, AHEAD))            # each cell's steps ahead (their ends)
        self.pst = np.zeros((n, 2), dtype=np.int64)     # (the next of them, their count)

    @property
    def least(self) -> int:
        return int(self.st[CQ_LEAST])

    def first(self) -> int:
        """The tree's first cell; -1 when the tree is empty."""
        return cq_first(self.t, self.seq, self.least)

    def ahead(self, k: int) -> bool:
        """Whether cell k has steps taken ahead of the queue."""
        return bool(self.pst[k, 0] < self.pst[k, 1])

    def replay(self, k: int) -> None:
        cq_replay(self.t, self.seq, self.st, self.pend, self.pst, k)

    def move(self, k: int, tnew: float) -> None:
        cq_move(self.t, self.seq, self.st, k, tnew)

    def reset(self, t0: float) -> None:
        """Every cell's time to t0, their order kept (no step ahead)."""
        order = np.lexsort((self.seq, self.t))
        c = int(self.st[CQ_COUNT])
        self.seq[order] = c + np.arange(len(order))
        self.st[CQ_COUNT] = c + len(order)
        self.t[:] = t0
        self.pst[:] = 0

    def sync(self, times: np.ndarray) -> float:
        """Moves for the cells whose time changed without one (in cell order); the least
        time in the queue."""
        pst = self.pst
        for k in np.flatnonzero((self.t != times) | (pst[:, 0] < pst[:, 1])).tolist():
            cq_sync1(self.t, self.seq, self.st, self.pend, pst, times, k)
        return float(self.t[self.st[CQ_LEAST]]) if len(self.t) else float('inf')
