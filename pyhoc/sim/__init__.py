"""pyhoc.sim: the simulator core (sections, mechanisms, the fixed-step method).

``Model`` owns all simulator state of one interpreter; everything else is reached through it.
"""
from . import numba_blas
from .model import Model
from .pointprocess import AlphaSynapse, IClamp, PointProcess
from .section import MechView, Section, Segment

numba_blas.install()

__all__ = ['Model', 'Section', 'Segment', 'MechView', 'PointProcess', 'IClamp', 'AlphaSynapse']
