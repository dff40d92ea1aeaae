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

The tree is a binary heap of the cells but the least (``hp``; ``pos`` each cell's place in
it, -1 for the least), ordered by (time, when queued): a total order, so its first is the
splay tree's, and a move costs O(log n).

The rule is written once, as functions of the queue's arrays (``t`` each cell's time in the
queue, ``seq`` when each was queued, ``st`` = [queuings so far, the least cell], the heap,
the steps ahead): the NumPy microsteps call them through :class:`CellQueue`, the compiled
ones (whose driver source takes in what they reach) on the same arrays.
"""
from __future__ import annotations

import numpy as np

CQ_COUNT, CQ_LEAST = 0, 1       # st's entries
AHEAD = 32                      # steps a cell may take ahead of the queue


def cq_before(t, seq, i, j):
    """Whether cell i is ahead of cell j in the tree: earlier, or at a tie queued first."""
    return t[i] < t[j] or (t[i] == t[j] and seq[i] < seq[j])


def cq_up(t, seq, hp, pos, p):
    """The tree's heap entry at p moved up to its place."""
    k = hp[p]
    while p > 0:
        u = (p - 1) >> 1
        j = hp[u]
        if not cq_before(t, seq, k, j):
            break
        hp[p] = j
        pos[j] = p
        p = u
    hp[p] = k
    pos[k] = p


def cq_down(t, seq, hp, pos, p):
    """The tree's heap entry at p moved down to its place."""
    n = hp.shape[0] - 1         # (every cell but the least)
    k = hp[p]
    while True:
        a = 2 * p + 1
        if a >= n:
            break
        if a + 1 < n and cq_before(t, seq, hp[a + 1], hp[a]):
            a += 1
        j = hp[a]
        if not cq_before(t, seq, j, k):
            break
        hp[p] = j
        pos[j] = p
        p = a
    hp[p] = k
    pos[k] = p


def cq_build(t, seq, st, hp, pos):
    """The tree's heap made anew from t and seq: every cell but the least."""
    least = st[CQ_LEAST]
    n = 0
    for i in range(t.shape[0]):
        if i == least:
            pos[i] = -1
        else:
            hp[n] = i
            pos[i] = n
            n += 1
    for p in range(n // 2 - 1, -1, -1):
        cq_down(t, seq, hp, pos, p)


def cq_first(t, hp):
    """The tree's first cell (least time, then first queued); -1 when the tree is empty."""
    return hp[0] if t.shape[0] > 1 else -1


def cq_move(t, seq, st, hp, pos, k, tnew):
    """TQueue::move of cell k to tnew (move_least for the least cell)."""
    least = st[CQ_LEAST]
    t[k] = tnew
    if k == least:
        if t.shape[0] > 1:
            f = hp[0]
            if tnew > t[f]:                 # (the tree's first becomes least, k goes in)
                st[CQ_LEAST] = f
                seq[k] = st[CQ_COUNT]
                st[CQ_COUNT] += 1
                pos[f] = -1
                hp[0] = k
                cq_down(t, seq, hp, pos, 0)
    elif tnew < t[least]:                   # (k takes the slot, the old least goes in)
        seq[least] = st[CQ_COUNT]
        st[CQ_COUNT] += 1
        st[CQ_LEAST] = k
        p = pos[k]
        pos[k] = -1
        hp[p] = least
        cq_up(t, seq, hp, pos, p)
        cq_down(t, seq, hp, pos, pos[least])
    else:
        seq[k] = st[CQ_COUNT]
        st[CQ_COUNT] += 1
        cq_up(t, seq, hp, pos, pos[k])
        cq_down(t, seq, hp, pos, pos[k])


def cq_sync1(t, seq, st, hp, pos, pend, pst, times, k):
    """Cell k's move if its time changed without one; its steps ahead dropped if it was
    moved back from them (a retreat, a restart)."""
    n = pst[k, 1]
    if pst[k, 0] < n:
        if times[k] == pend[k, n - 1]:
            return
        pst[k, 0] = n
    if t[k] != times[k]:
        cq_move(t, seq, st, hp, pos, k, times[k])


def cq_sync(t, seq, st, hp, pos, pend, pst, times):
    """cq_sync1 of every cell, in cell order."""
    for k in range(t.shape[0]):
        cq_sync1(t, seq, st, hp, pos, pend, pst, times, k)


def cq_replay(t, seq, st, hp, pos, pend, pst, k):
    """Cell k's next step taken ahead, taken in the queue."""
    i = pst[k, 0]
    pst[k, 0] = i + 1
    cq_move(t, seq, st, hp, pos, k, pend[k, i])


class CellQueue:
    """The cells 0..n-1, queued at time 0 in that order (NetCvode::alloc_list)."""

    def __init__(self, n: int):
        self.t = np.zeros(n)
        self.seq = np.arange(n, dtype=np.int64)     # when each was queued (tree order at a tie)
        self.st = np.array([n, 0 if n else -1], dtype=np.int64)
        self.hp = np.zeros(n, dtype=np.int64)       # the tree: a heap of the other cells
        self.pos = np.zeros(n, dtype=np.int64)      # each cell's place in it (-1: the least)
        self.pend = np.zeros((n, AHEAD))            # each cell's steps ahead (their ends)
        self.pst = np.zeros((n, 2), dtype=np.int64)     # (the next of them, their count)
        cq_build(self.t, self.seq, self.st, self.hp, self.pos)

    @property
    def arrays(self) -> tuple:
        """The queue's arrays, the cq_* functions' first arguments (t ... pst)."""
        return self.t, self.seq, self.st, self.hp, self.pos, self.pend, self.pst

    @property
    def least(self) -> int:
        return int(self.st[CQ_LEAST])

    def first(self) -> int:
        """The tree's first cell; -1 when the tree is empty."""
        return int(cq_first(self.t, self.hp))

    def ahead(self, k: int) -> bool:
        """Whether cell k has steps taken ahead of the queue."""
        return bool(self.pst[k, 0] < self.pst[k, 1])

    def replay(self, k: int) -> None:
        cq_replay(*self.arrays, k)

    def move(self, k: int, tnew: float) -> None:
        cq_move(self.t, self.seq, self.st, self.hp, self.pos, k, tnew)

    def reset(self, t0: float) -> None:
        """Every cell's time to t0, their order kept (no step ahead)."""
        order = np.lexsort((self.seq, self.t))
        c = int(self.st[CQ_COUNT])
        self.seq[order] = c + np.arange(len(order))
        self.st[CQ_COUNT] = c + len(order)
        self.t[:] = t0
        self.pst[:] = 0
        cq_build(self.t, self.seq, self.st, self.hp, self.pos)

    def sync(self, times: np.ndarray) -> float:
        """Moves for the cells whose time changed without one (in cell order); the least
        time in the queue."""
        pst = self.pst
        a = self.arrays
        for k in np.flatnonzero((self.t != times) | (pst[:, 0] < pst[:, 1])).tolist():
            cq_sync1(*a, times, k)
        return float(self.t[self.st[CQ_LEAST]]) if len(self.t) else float('inf')
