"""Registry of the built-in mechanism types, in NEURON's type order."""
from __future__ import annotations

from .base import Block, MechanismType
from .clamps import OClampType, SEClampType, VClampType
from .extracellular import ExtracellularType
from .hh import HH
from .ions import CaIon, KIon, NaIon
from .pas import FastPas, Pas
from .pointprocs import AlphaSynapseType, IClampType, PointProcessMarkType
from .synapses import APCountType, Exp2SynType, ExpSynType
from .artificial import IntFire1Type, IntFire2Type, IntFire4Type, NetStimType
from .pattern import PatternStimType

BUILTIN_TYPES: tuple[type[MechanismType], ...] = (
    Pas, IClampType, AlphaSynapseType, NaIon, KIon, HH, CaIon,
    ExpSynType, Exp2SynType, APCountType, NetStimType, IntFire1Type, IntFire2Type, IntFire4Type)
BUILTIN_TYPES += (SEClampType, VClampType)   # sorted by type_index in the Model
BUILTIN_TYPES += (ExtracellularType, FastPas, OClampType, PatternStimType, PointProcessMarkType)

__all__ = ['Block', 'MechanismType', 'BUILTIN_TYPES']
