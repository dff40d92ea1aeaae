"""Registry of the built-in mechanism types, in NEURON's type order."""
from __future__ import annotations

from .base import Block, MechanismType
from .hh import HH
from .ions import CaIon, KIon, NaIon
from .pas import Pas
from .pointprocs import AlphaSynapseType, IClampType

BUILTIN_TYPES: tuple[type[MechanismType], ...] = (
    Pas, IClampType, AlphaSynapseType, NaIon, KIon, HH, CaIon)

__all__ = ['Block', 'MechanismType', 'BUILTIN_TYPES']
