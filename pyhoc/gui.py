"""``from neuron import gui``: NEURON's GUI library (nrngui.hoc), headless.

Importing it loads the standard run system and the GUI classes (``Graph``, ``xpanel``,
``PlotShape``...) into the default interpreter, as NEURON's ``neuron.gui`` does; no window
opens, there is no event loop to start.
"""
from __future__ import annotations

from . import h

h.load_file('nrngui.hoc')
