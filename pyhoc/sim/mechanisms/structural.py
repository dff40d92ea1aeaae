"""NEURON's two structural mechanisms, which every section has: ``morphology`` (diam) and
``capacitance`` (cm, i_cap).  They are catalogued like the others (MechanismType(0),
MechanismStandard, dir(h)).  Morphology holds no block (the geometry owns diam);
capacitance's block (cm, i_cap) is a built model's like any other, with this type as its
``mtype``, but the step computes the capacitance terms itself (no kernels)."""
from __future__ import annotations

from .base import MechanismType


class _Structural(MechanismType):
    has_current = False

    def hoc_name(self, var: str) -> str:
        return var


class Morphology(_Structural):
    name = 'morphology'
    type_index = 2
    parameters = {'diam': 500.0}


class Capacitance(_Structural):
    name = 'capacitance'
    type_index = 3
    parameters = {'cm': 1.0}
    assigned = ('i_cap',)


STRUCTURAL = {cls.name: cls for cls in (Morphology, Capacitance)}
