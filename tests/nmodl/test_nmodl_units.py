"""UNITS-block factors: nocmodl's values (tests/golden/nmodl_units.json, made by
tools/gen_nmodl_units_golden.py) and a few worked by hand."""
import json
import math
import os
import re

import pytest

from pyhoc.nmodl.units import UnitError, UnitTable

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'nmodl_units.json')
with open(GOLDEN) as f:
    DATA = json.load(f)


def _table():
    t = UnitTable()
    for line in DATA['defs'].splitlines():
        m = re.match(r'\s*\((.*)\)\s*=\s*\((.*)\)', line)
        t.define(m.group(1), m.group(2))
    return t


def _factor(t, case):
    rhs = case.split('=', 1)[1]
    m = re.match(r'\s*\((.*)\)\s*->\s*\((.*)\)\s*$', rhs) or \
        re.match(r'\s*\((.*)\)\s*\((.*)\)\s*$', rhs)
    if m:
        return t.factor(m.group(1), m.group(2))
    m = re.match(r'\s*(\S+)\s*\((.*)\)\s*$', rhs)
    return float(m.group(1))


@pytest.mark.parametrize('case', sorted(DATA['factors']))
def test_factor_matches_nocmodl_bit_for_bit(case):
    assert _factor(_table(), case) == float.fromhex(DATA['factors'][case])


def test_factors_by_hand():
    t = _table()
    # 2019 SI: F = e * N_A, R = k * N_A
    assert t.factor('faraday', 'coulomb') == 1.602176634e-19 * 6.02214076e23
    assert math.isclose(t.factor('faraday', 'coulomb'), 96485.33212, rel_tol=1e-10)
    assert math.isclose(t.factor('k-mole', 'joule/degC'), 8.314462618, rel_tol=1e-9)
    assert math.isclose(t.factor('mV', 'V'), 1e-3, rel_tol=1e-15)
    # '/' takes everything after it: S/(cm2 mV), so (mA/cm2)/(S/(cm2 mV)) = 1e-3 * 1e-3
    assert math.isclose(t.factor('mA/cm2', 'S/cm2 mV'), 1e-6, rel_tol=1e-15)
    assert not t.conformable('mA/cm2', 'S/cm2 mV')
    assert t.conformable('mA/cm2', 'S mV/cm2')
    assert math.isclose(t.factor('mA/cm2', 'S mV/cm2'), 1.0, rel_tol=1e-15)
    assert math.isclose(t.factor('um', 'cm'), 1e-4, rel_tol=1e-15)
    assert math.isclose(t.factor('1|60 hour', 'sec'), 60.0)


def test_unknown_units_and_dimension_mismatch():
    t = UnitTable()
    with pytest.raises(UnitError, match='Cannot recognize the units: mV'):
        t.factor('mV', 'V')          # as in nocmodl: mV exists only once a UNITS block says so
    assert not t.conformable('faraday', 'joule')
