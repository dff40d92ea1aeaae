"""Ion mechanisms (na_ion, k_ion, ca_ion): reversal potential, concentrations, total current.

As in NEURON (src/nrnoc/eion.cpp) an ion's current and dI/dv are zeroed at the start of every
current evaluation, and the channels that write the ion add to them afterwards.
"""
from __future__ import annotations

import math


from .base import Block, MechanismType

# NEURON's defaults (membdef.h): vrest -65, ena = 115 + vrest, ek = -12 + vrest
ION_DEFAULTS = {
    'na': (50.0, 10.0, 140.0),
    'k': (-77.0, 54.4, 2.5),
    'ca': (12.5 * math.log(2.0 / 5.e-5), 5.e-5, 2.0),
}
ION_CHARGE = {'na': 1.0, 'k': 1.0, 'ca': 2.0}
ION_TYPE_INDEX = {'na': 15, 'k': 16, 'ca': 24}


class IonMechanism(MechanismType):
    """Common kernels of the ion mechanisms; subclasses set ``ion``."""

    ion = ''
    is_ion = True
    has_current = True

    @property
    def erev(self) -> str:
        return 'e' + self.ion

    def current(self, blk: Block) -> None:
        blk.arrays['i' + self.ion][:] = 0.0
        blk.arrays['di%s_dv_' % self.ion][:] = 0.0

    def jacob(self, blk: Block) -> None:
        pass

    def second_order_current(self, blk: Block) -> None:
        """secondorder == 2: move the ionic current to the middle of the step."""
        rhs = self.model.rhs[blk.node]
        blk.arrays['i' + self.ion] += blk.arrays['di%s_dv_' % self.ion] * rhs


def make_ion(ion: str) -> type[IonMechanism]:
    e, ci, co = ION_DEFAULTS[ion]
    params = {'e' + ion: e, ion + 'i': ci, ion + 'o': co}
    cls = type('%s_ion' % ion, (IonMechanism,), {
        'name': '%s_ion' % ion, 'ion': ion, 'type_index': ION_TYPE_INDEX[ion],
        'parameters': params, 'assigned': ('i' + ion, 'di%s_dv_' % ion),
        'globals': {ion + 'i0_' + ion + '_ion': ci, ion + 'o0_' + ion + '_ion': co},
    })
    return cls


NaIon = make_ion('na')
KIon = make_ion('k')
CaIon = make_ion('ca')
