"""Units for NMODL: the unit names ``.mod`` files rely on, reduced to SI base dimensions, and
the conversion factors of a UNITS block (``FARADAY = (faraday) (coulomb)``, ``x = (a) -> (b)``)
as nocmodl computes them.

The table below is our own data: the subset of NEURON's unit library that NMODL files use
(NEURON 9's values, the 2019 SI constants: e = 1.602176634e-19 C, N_A = 6.02214076e23,
k = 1.380649e-23 J/K).  As in NEURON, only whole-word prefixes (``milli``, ``micro``...) are
known, and names such as ``mV`` or ``uS`` exist only once a UNITS block defines them
(``(mV) = (millivolt)``); a name ending in ``s`` may be a plural.

A unit expression is a product of factors separated by spaces or ``-``; ``/`` puts everything
after it in the denominator; a trailing integer (``cm2``) or ``^2`` is a power; a number may
carry an exponent after a sign (``1.6-19``, ``1+8``) and a ``|`` divisor (``1|60``).
Factors are multiplied in the order the definitions are expanded, which is what makes
``(liter) -> (cm3)`` come out as nocmodl's 1000.0000000000001.
"""
from __future__ import annotations

import re

BASE = ('m', 'kg', 'sec', 'coul', 'K', 'candela')

PREFIXES = {
    'yotta': 1e24, 'zetta': 1e21, 'exa': 1e18, 'peta': 1e15, 'tera': 1e12, 'giga': 1e9,
    'mega': 1e6, 'myria': 1e4, 'kilo': 1e3, 'hecto': 1e2, 'deka': 1e1, 'deci': 1e-1,
    'centi': 1e-2, 'milli': 1e-3, 'micro': 1e-6, 'nano': 1e-9, 'pico': 1e-12, 'femto': 1e-15,
    'atto': 1e-18, 'zopto': 1e-21, 'yocto': 1e-24, 'semi': .5, 'demi': .5,
}

# name -> definition, in the unit-expression syntax above
DEFINITIONS = {
    # constants
    'fuzz': '1', 'two': '2', 'pi': '3.14159265358979323846',
    'c': '2.99792458+8 m/sec fuzz', 'mole': '6.02214076+23 fuzz',
    'e': '1.602176634-19 coul fuzz', 'radian': '.5 / pi', 'degree': '1|180 pi-radian',
    # time
    'second': 'sec', 's': 'sec', 'minute': '60 sec', 'min': 'minute', 'hour': '60 min',
    'hr': 'hour', 'day': '24 hr', 'ms': 'millisec', 'us': 'microsec',
    # mass, length, volume
    'gram': 'millikg', 'gm': 'gram', 'mg': 'milligram',
    'meter': 'm', 'metre': 'meter', 'cm': 'centimeter', 'mm': 'millimeter',
    'km': 'kilometer', 'nm': 'nanometer', 'micron': 'micrometer', 'angstrom': 'decinanometer',
    'inch': '2.54 cm', 'in': 'inch', 'cc': 'cm3', 'liter': 'kilocc', 'litre': 'liter',
    'ml': 'milliliter',
    # mechanics, electricity
    'newton': 'kg-m/sec2', 'nt': 'newton', 'N': 'newton', 'dyne': 'cm-gm/sec2',
    'joule': 'nt-m', 'erg': 'cm2-gm/sec2', 'cal': '4.1868 joule', 'calorie': 'cal',
    'kcal': 'kilocal', 'watt': 'joule/sec', 'pascal': 'nt/m2',
    'atmosphere': '1.01325+5 nt/m2', 'atm': 'atmosphere',
    'coulomb': 'coul', 'C': 'coul', 'ampere': 'coul/sec', 'amp': 'ampere',
    'volt': 'watt/amp', 'V': 'volt', 'ohm': 'volt/amp', 'mho': '/ohm', 'siemens': '/ohm',
    'farad': 'coul/volt', 'henry': 'sec2/farad', 'weber': 'volt-sec', 'tesla': 'weber/m2',
    'gauss': '1-4 weber/m2', 'megohm': 'megaohm', 'kilohm': 'kiloohm',
    'electronvolt': 'e-volt', 'ev': 'e-volt', 'eV': 'e V',
    'hertz': '/sec', 'Hz': 'hertz', 'hz': '/sec',
    # physical chemistry
    'faraday': 'e-mole', 'boltzmann': '1.380649-23 joule/K', 'k': 'boltzmann',
    'gasconstant': 'k-mole', 'R': 'gasconstant', 'planck': '6.62607015-34 joule-sec',
    'degC': 'K', 'kelvin': 'K', 'percent': '1|100',
}

_NUM = re.compile(r'(\d+\.?\d*|\.\d+)([+-]\d+)?(\|(\d+\.?\d*|\.\d+)([+-]\d+)?)?')
_NAME = re.compile(r'[A-Za-z_%]+')
_POWER = re.compile(r'\^?(\d+)')


class UnitError(Exception):
    """A unit the table cannot reduce, or a conversion between different dimensions."""


class Unit:
    """A magnitude and the exponents of the base dimensions (``BASE`` order)."""

    __slots__ = ('factor', 'dims')

    def __init__(self, factor: float = 1.0, dims=None):
        self.factor = factor
        self.dims = list(dims) if dims is not None else [0] * len(BASE)

    def __repr__(self) -> str:
        return 'Unit(%r, %s)' % (self.factor, dict(
            (b, d) for b, d in zip(BASE, self.dims) if d))


def _number(m) -> float:
    mant, exp, _, dmant, dexp = m.groups()
    v = float(mant + ('e' + exp if exp else ''))
    if dmant:
        v /= float(dmant + ('e' + dexp if dexp else ''))
    return v


class UnitTable:
    """The units known to one ``.mod`` file: the shared table plus its UNITS block's names."""

    def __init__(self):
        self.local: dict = {}

    def define(self, name: str, definition: str) -> None:
        """``(name) = (definition)`` from a UNITS block."""
        self.local[name] = definition

    def _definition(self, name: str):
        d = self.local.get(name)
        return d if d is not None else DEFINITIONS.get(name)

    def _name(self, name: str, depth: int):
        """The Unit one name stands for, reduced on its own (None if unknown)."""
        if name in BASE:
            u = Unit()
            u.dims[BASE.index(name)] = 1
            return u
        d = self._definition(name)
        if d is not None:
            return self._expr(d, depth + 1)
        if name.endswith('s') and len(name) > 1:
            u = self._name(name[:-1], depth)
            if u is not None:
                return u
        for pre in sorted(PREFIXES, key=len, reverse=True):
            if name.startswith(pre):
                rest = name[len(pre):]
                u = Unit() if rest == '' else self._name(rest, depth)
                if u is not None:
                    u.factor = PREFIXES[pre] * u.factor
                    return u
        return None

    def _expr(self, text: str, depth: int) -> Unit:
        if depth > 40:
            raise UnitError('units defined in terms of themselves: %s' % text)
        acc = Unit()
        i, n, den = 0, len(text), False
        while i < n:
            ch = text[i]
            if ch in ' \t-*':
                i += 1
                continue
            if ch == '/':
                den = True
                i += 1
                continue
            m = _NUM.match(text, i)
            if m:
                v = _number(m)
                acc.factor = acc.factor / v if den else acc.factor * v
                i = m.end()
                continue
            m = _NAME.match(text, i)
            if not m:
                raise UnitError('Cannot recognize the units: %s' % text)
            name = m.group()
            i = m.end()
            power = 1
            p = _POWER.match(text, i)
            if p:
                power = int(p.group(1))
                i = p.end()
            u = self._name(name, depth)
            if u is None:
                raise UnitError('Cannot recognize the units: %s' % name)
            for _ in range(power):
                if den:
                    acc.factor /= u.factor
                    acc.dims = [a - b for a, b in zip(acc.dims, u.dims)]
                else:
                    acc.factor *= u.factor
                    acc.dims = [a + b for a, b in zip(acc.dims, u.dims)]
        return acc

    def reduce(self, text: str) -> Unit:
        """The unit ``text`` stands for."""
        return self._expr(text, 0)

    def factor(self, frm: str, to: str) -> float:
        """How many ``to`` one ``frm`` is (``FARADAY = (faraday) (coulomb)``).  Like nocmodl,
        the ratio of the magnitudes even where the dimensions differ (see ``conformable``)."""
        return self.reduce(frm).factor / self.reduce(to).factor

    def conformable(self, frm: str, to: str) -> bool:
        """Whether the two units have the same dimensions."""
        return self.reduce(frm).dims == self.reduce(to).dims
