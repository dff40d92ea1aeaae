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
"""
from __future__ import annotations

import numpy as np


class CellQueue:
    """The cells 0..n-1, queued at time 0 in that order (NetCvode::alloc_list)."""

    def __init__(self, n: int):
        self.t = np.zeros(n)
        self.seq = np.arange(n, dtype=np.int64)    # when each was queued (tree order at a tie)
        self.counter = n
        self.least = 0 if n else -1

    def first(self) -> int:
        """The tree's first cell (least time, then first queued); -1 when the tree is empty."""
        if len(self.t) < 2:
            return -1
        t = self.t.copy()
        t[self.least] = np.inf
        cand = np.flatnonzero(t == t.min())
        return int(cand[np.argmin(self.seq[cand])])

    def _enqueue(self, k: int) -> None:
        self.seq[k] = self.counter
        self.counter += 1

    def move(self, k: int, tnew: float) -> None:
        """TQueue::move (move_least for the least cell)."""
        if k == self.least:
            self.t[k] = tnew
            f = self.first()
            if f >= 0 and tnew > self.t[f]:
                self.least = f
                self._enqueue(k)
        elif tnew < self.t[self.least]:
            self.t[k] = tnew
            self._enqueue(self.least)
            self.least = k
        else:
            self.t[k] = tnew
            self._enqueue(k)

    def reset(self, t0: float) -> None:
        """Every cell's time to t0, their order kept."""
        order = np.lexsort((self.seq, self.t))
        self.seq[order] = self.counter + np.arange(len(order))
        self.counter += len(order)
        self.t[:] = t0

    def sync(self, times: np.ndarray) -> None:
        """Moves for the cells whose time changed without one (in cell order)."""
        for k in np.flatnonzero(self.t != times).tolist():
            self.move(k, float(times[k]))
