"""Ion mechanisms (na_ion, k_ion, ca_ion, and ions made by ion_register).

As in NEURON (src/nrnoc/eion.cpp) an ion's current and dI/dv are zeroed at the start of every
current evaluation, and the channels that write the ion add to them afterwards.  Each ion
instance carries NEURON's style bitmap (hidden variable ``_style``):

    03 concentration unused/const/assigned/state, 04 initialize concentrations from the
    globals ``<ion>i0_<ion>_ion``/``<ion>o0_<ion>_ion``, 030 reversal potential unused/const/
    assigned/state, 040 initialize e from Nernst at finitialize, 0100 recompute e from Nernst
    at every current evaluation, 0200/0400 concentration written by a model.

Inserting a mechanism that uses the ion promotes the style (nrn_promote); ``ion_style()``
sets it explicitly.
"""
from __future__ import annotations

import math

import numpy as np

from ..contract import Kernels
from .base import Block, MechanismType

_max = np.maximum.reduce     # (ndarray.max goes through a Python wrapper: every step asks)

# physical constants NEURON uses (CODATA 2018, computed from the exact SI constants as
# nrnunits.h does: F = e*NA, R = k*NA)
ELECTRON_CHARGE = 1.602176634e-19
AVOGADRO = 6.02214076e+23
BOLTZMANN = 1.380649e-23
FARADAY = ELECTRON_CHARGE * AVOGADRO
GAS_CONSTANT = BOLTZMANN * AVOGADRO

# NEURON's defaults (membdef.h): vrest -65, ena = 115 + vrest, ek = -12 + vrest,
# eca = 12.5*log(cao/cai); other ions: e 0, ci 1, co 1
ION_DEFAULTS = {
    'na': (50.0, 10.0, 140.0),
    'k': (-77.0, 54.4, 2.5),
    'ca': (12.5 * math.log(2.0 / 5.e-5), 5.e-5, 2.0),
}
OTHER_ION_DEFAULTS = (0.0, 1.0, 1.0)
ION_CHARGE = {'na': 1.0, 'k': 1.0, 'ca': 2.0}
ION_TYPE_INDEX = {'na': 15, 'k': 16, 'ca': 24}
STYLE = '_style'


def ktf(celsius: float) -> float:
    """RT/F in mV at ``celsius`` (eion.cpp's ktf macro, same evaluation order)."""
    return 1000. * GAS_CONSTANT * (celsius + 273.15) / FARADAY


def nernst(ci: float, co: float, z: float, celsius: float) -> float:
    """nrn_nernst: the reversal potential (mV) of an ion of charge z."""
    if z == 0:
        return 0.
    if ci <= 0.:
        return 1e6
    if co <= 0.:
        return -1e6
    return ktf(celsius) / z * math.log(co / ci)


def _efun(x: float) -> float:
    if math.fabs(x) < 1e-4:
        return 1. - x / 2.
    return x / (math.exp(x) - 1)


def ghk(v: float, ci: float, co: float, z: float, celsius: float) -> float:
    """nrn_ghk: the Goldman-Hodgkin-Katz current density factor (mA/cm2 per cm/s)."""
    temp = z * v / ktf(celsius)
    eco = co * _efun(temp)
    eci = ci * _efun(-temp)
    return (.001) * z * FARADAY * (eci - eco)


def promoted_style(style: int, conc: int, rev: int) -> int:
    """nrn_promote: the style after a mechanism using the ion (conc, rev codes) is inserted."""
    oldconc = style & 0o3
    oldrev = (style & 0o30) >> 3
    oldconc = max(oldconc, conc)
    oldrev = max(oldrev, rev)
    if oldconc > 0 and oldrev < 2:
        oldrev = 2
    style &= ~0o177
    style += oldconc + 0o10 * oldrev
    if oldconc == 3:
        style += 0o4
        if oldrev == 2:
            style += 0o100
    if oldconc > 0 and oldrev == 2:
        style += 0o40
    return style


def ion_use(mt, ion: str) -> tuple[int, int]:
    """(conc, rev) codes nocmodl passes to nrn_promote for mechanism ``mt`` using ``ion``.

    Mechanisms may declare ``ion_use = {'na': (conc, rev)}``; the default (0, 1) is a
    mechanism that reads the reversal potential and writes the current (hh).
    """
    return mt.ion_use.get(ion, (0, 1))


# every ion block's rows: e<ion>, <ion>i, <ion>o, i<ion>, di<ion>_dv_, _style (make_ion)
ION_E, ION_CI, ION_CO, ION_I, ION_DIDV, ION_STYLE = range(6)
ION_G_CELSIUS, ION_G_CHARGE = range(2)


def ion_cur(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab):
    """eion.cpp's current: zero the current and dI/dv the channels add to; style 0100:
    the reversal potential from Nernst at every evaluation."""
    for j in range(data.shape[1]):
        data[ION_I, j] = 0.0
        data[ION_DIDV, j] = 0.0
        if int(data[ION_STYLE, j]) & 0o100:
            data[ION_E, j] = nernst(data[ION_CI, j], data[ION_CO, j], glob[ION_G_CHARGE],
                                    glob[ION_G_CELSIUS])
    return 0


class IonMechanism(MechanismType):
    """Common kernels of the ion mechanisms; subclasses set ``ion`` and ``charge``."""

    ion = ''
    charge = 1.0
    charge_defined = True   # False: an ion no VALENCE named yet (charge 1 until one does)
    is_ion = True
    has_current = True
    registered = True       # listed (MechanismType, dir(h)); ca_ion waits for ion_register
    kernels = Kernels(cur=ion_cur)

    def __init__(self, model):
        super().__init__(model)
        self._glob = (np.zeros(2), np.zeros((0, 0)))

    def kernel_globals(self) -> tuple[np.ndarray, np.ndarray]:
        g = self._glob[0]
        g[ION_G_CELSIUS] = self.model.celsius
        g[ION_G_CHARGE] = self.charge
        return self._glob

    @property
    def erev(self) -> str:
        return 'e' + self.ion

    @classmethod
    def range_names(cls) -> tuple[str, ...]:
        return tuple(n for n in tuple(cls.parameters) + cls.assigned if n != STYLE)

    def _nernst_into(self, blk: Block, mask: np.ndarray) -> None:
        a = blk.arrays
        ci, co, e = a[self.ion + 'i'], a[self.ion + 'o'], a['e' + self.ion]
        celsius = self.model.celsius
        for k in np.flatnonzero(mask).tolist():
            e[k] = nernst(float(ci[k]), float(co[k]), self.charge, celsius)

    def initialize(self, blk: Block) -> None:
        style = blk.arrays[STYLE].astype(np.int64)
        cinit = (style & 0o4) != 0
        if cinit.any():
            g = self.global_values
            blk.arrays[self.ion + 'i'][cinit] = g['%si0_%s_ion' % (self.ion, self.ion)]
            blk.arrays[self.ion + 'o'][cinit] = g['%so0_%s_ion' % (self.ion, self.ion)]
        einit = (style & 0o40) != 0
        if einit.any():
            self._nernst_into(blk, einit)

    def current(self, blk: Block) -> None:
        z = blk.cache.get('zero_rows')
        if z is None:       # i<ion> and di<ion>_dv_ are adjacent rows of the block's data
            keys = list(blk.arrays)
            r = keys.index('i' + self.ion)
            adjacent = (keys[r + 1:r + 2] == ['di%s_dv_' % self.ion]
                        and blk.arrays[keys[r]].base is blk.data)
            z = blk.cache['zero_rows'] = (blk.data[r:r + 2],) if adjacent else \
                (blk.arrays['di%s_dv_' % self.ion], blk.arrays['i' + self.ion])
        for arr in z:
            arr.fill(0.0)
        style = blk.arrays[STYLE]
        n = blk.n
        if n and (_max(style) if n > 16 else max(style.tolist())) >= 0o100:   # (small ints)
            eadv = (style.astype(np.int64) & 0o100) != 0
            if eadv.any():
                self._nernst_into(blk, eadv)

    def jacob(self, blk: Block) -> None:
        pass

    def second_order_current(self, blk: Block) -> None:
        """secondorder == 2: move the ionic current to the middle of the step."""
        rhs = self.model.rhs[blk.node]
        blk.arrays['i' + self.ion] += blk.arrays['di%s_dv_' % self.ion] * rhs


def make_ion(ion: str, charge: float | None = None, type_index: int | None = None
             ) -> type[IonMechanism]:
    e, ci, co = ION_DEFAULTS.get(ion, OTHER_ION_DEFAULTS)
    params = {'e' + ion: e, ion + 'i': ci, ion + 'o': co}
    cls = type('%s_ion' % ion, (IonMechanism,), {
        'name': '%s_ion' % ion, 'ion': ion,
        'charge': ION_CHARGE.get(ion, 1.0) if charge is None else float(charge),
        'charge_defined': charge is not None or ion in ION_CHARGE,
        'type_index': ION_TYPE_INDEX.get(ion, 0) if type_index is None else type_index,
        'parameters': params, 'assigned': ('i' + ion, 'di%s_dv_' % ion, STYLE),
        'globals': {ion + 'i0_' + ion + '_ion': ci, ion + 'o0_' + ion + '_ion': co},
    })
    assert list(cls.all_defaults()) == ['e' + ion, ion + 'i', ion + 'o', 'i' + ion,
                                        'di%s_dv_' % ion, STYLE]     # the ION_* rows
    return cls


NaIon = make_ion('na')
KIon = make_ion('k')
CaIon = make_ion('ca')
CaIon.registered = False        # NEURON 9 makes ca_ion at ion_register("ca", 2) (listings)


# ---------------------------------------------------------------------- model-level helpers
def promote(sec, ion_name: str, mt) -> None:
    """Apply nrn_promote to every instance of ``ion_name`` in ``sec`` (sec not built)."""
    conc, rev = ion_use(mt, ion_name[:-4])
    arr, off = sec._slot(ion_name, STYLE)
    for j in range(sec._nseg):
        arr[off + j] = promoted_style(int(arr[off + j]), conc, rev)


def register_ion(model, ion: str, charge: float) -> int:
    """Create a new ion mechanism type ``<ion>_ion`` in ``model``; returns its type index."""
    from .base import register_mechanism
    return register_mechanism(model, make_ion(ion, charge, 0)).type_index
