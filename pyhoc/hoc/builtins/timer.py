"""HOC's Timer class: ``Timer("stmt")`` / ``Timer(callable)`` runs stmt every ``seconds()``.

NEURON drives it from the GUI event loop; pyhoc has none (as nrniv -nogui), so start() and end()
only record the state: nothing is ever called.
"""
from __future__ import annotations

from typing import Any

from ...errors import HocError
from ...base.objects import HocObject


class Timer(HocObject):

    def __init__(self, *args: Any):
        if not args:
            raise HocError('Timer not enough arguments')
        if isinstance(args[0], (float, int)):
            raise HocError('Expecting string argument')
        self._action = args[0]
        self._seconds = 0.5
        self._running = False

    def seconds(self, interval: Any = None) -> float:
        """The interval in seconds (0.5 by default); an argument sets it."""
        if interval is not None:
            self._seconds = float(interval)
        return self._seconds

    def start(self) -> float:
        self._running = True
        return 0.0

    def end(self) -> float:
        self._running = False
        return 0.0
