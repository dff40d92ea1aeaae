"""Progress of a long ``run()`` / ``continuerun()`` in an interactive session.

After ``DELAY`` seconds of wall time a run shows one status line on stderr, rewritten in place
every ``INTERVAL`` seconds: simulated time, percentage, rate (simulated ms per wall second) and
an estimate of the time left; the line is closed when the run ends.  Short runs print nothing.

Shown only when the interpreter is interactive (``interp.interactive``, set by the ``hoc>``
prompt and by the Jupyter extension); scripts, tests and CI stay silent.  The environment
variable ``PYHOC_PROGRESS`` overrides: ``1`` always, ``0`` never.

The clock and the stream are module attributes read when a run starts, so tests can give a
fake clock (``progress.clock = ...``).
"""
from __future__ import annotations

import os
import sys
import time
from typing import Callable, Optional, TextIO

DELAY = 3.0        # seconds of wall time before the first report
INTERVAL = 0.5     # seconds between reports
clock: Callable[[], float] = time.perf_counter
stream: Optional[TextIO] = None     # None: sys.stderr at the time of writing


def enabled(interp) -> bool:
    """Whether runs of interp report progress."""
    env = os.environ.get('PYHOC_PROGRESS')
    if env is not None and env.strip():
        return env.strip().lower() not in ('0', 'false', 'no', 'off')
    return bool(getattr(interp, 'interactive', False))


def _duration(s: float) -> str:
    if s != s or s == float('inf'):
        return '?'
    s = int(round(s))
    if s < 60:
        return '%ds' % s
    if s < 3600:
        return '%dm%02ds' % divmod(s, 60)
    h, rest = divmod(s, 3600)
    return '%dh%02dm' % (h, rest // 60)


class Progress:
    """The status line of one run from t0 to tstop (ms)."""

    def __init__(self, t0: float, tstop: float, clock: Callable[[], float] = time.perf_counter,
                 out: Optional[TextIO] = None, delay: float = DELAY, interval: float = INTERVAL):
        self.t0 = float(t0)
        self.tstop = float(tstop)
        self.clock = clock
        self.out = out
        self.interval = interval
        self.start = clock()
        self.next = self.start + delay
        self.shown = False
        self.width = 0

    def text(self, t: float, now: float, done: bool = False) -> str:
        elapsed = now - self.start
        rate = (t - self.t0) / elapsed if elapsed > 0 else 0.
        span = self.tstop - self.t0
        pct = 100. * (t - self.t0) / span if span > 0 else 100.
        s = 't = %.6g ms of %.6g (%.0f%%), %.4g ms/s' % (t, self.tstop, min(max(pct, 0.), 100.),
                                                          rate)
        if done:
            return s + ', %s' % _duration(elapsed)
        left = (self.tstop - t) / rate if rate > 0 else float('inf')
        return s + ', %s left' % _duration(left)

    def _write(self, s: str, end: str = '') -> None:
        out = self.out if self.out is not None else sys.stderr
        pad = ' ' * max(self.width - len(s), 0)
        self.width = len(s)
        try:
            out.write('\r' + s + pad + end)
            out.flush()
        except (OSError, ValueError):
            pass

    def update(self, t: float) -> None:
        """Called after each step; reports when the time has come."""
        now = self.clock()
        if now < self.next:
            return
        self.next = now + self.interval
        self.shown = True
        self._write(self.text(t, now))

    def finish(self, t: float) -> None:
        """Closes the line with the final figures (only if something was shown)."""
        if self.shown:
            self._write(self.text(t, self.clock(), done=True), '\n')
            self.shown = False


def start(interp, t0: float, tstop: float) -> Optional[Progress]:
    """A Progress for a run of interp, or None when it should stay silent."""
    if not enabled(interp):
        return None
    return Progress(t0, tstop, clock=clock, out=stream)
