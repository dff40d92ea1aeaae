"""Mechanism FUNCTIONs/PROCEDUREs and NEURON's old-style stimuli (fstim, fsyn, fclamp):
NEURON 9.0.2's values (tests/golden/sim/oldstim.json from tools/gen_oldstim_golden.py)."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

import oldstim_case  # noqa: E402  (tests/sim is on sys.path under pytest)

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim', 'oldstim.json')


def _golden(case: str):
    with open(GOLDEN) as f:
        return json.load(f)[case]


def _same(got, want, path=''):
    if isinstance(want, dict):
        assert set(got) == set(want), path
        for k in want:
            _same(got[k], want[k], path + '.' + k)
    elif isinstance(want, list) and want and isinstance(want[0], (list, float, int)):
        np.testing.assert_allclose(np.array(got, dtype=float), np.array(want, dtype=float),
                                   rtol=0, atol=oldstim_case.TOL.get(path.split('.')[1], 0),
                                   err_msg=path)
    else:
        assert got == want, path


@pytest.mark.parametrize('case', oldstim_case.CASES)
def test_equals_neuron(h, case):
    _same(getattr(oldstim_case, case)(h), _golden(case), '.' + case)


def test_mechfunc_errors(h):
    """NEURON's refusals: no setdata yet, the instance gone, too few arguments, x out of
    range, the mechanism not in the section."""
    h('create s')
    with pytest.raises(RuntimeError, match='hh mechanism not inserted in section s'):
        h.setdata_hh(0.5, sec=h.s)
    h.s.insert('hh')
    with pytest.raises(RuntimeError, match='No data for rates_hh. Requires prior call to '
                                           'setdata_hh'):
        h.rates_hh(-60)
    h.setdata_hh(0.5, sec=h.s)
    assert h.rates_hh(-60) == 1.0
    h.s.uninsert('hh')
    h.s.insert('hh')
    with pytest.raises(RuntimeError, match='No data for rates_hh'):
        h.rates_hh(-60)
    with pytest.raises(RuntimeError, match='vtrap_hh not enough arguments'):
        h.vtrap_hh(1)
    with pytest.raises(RuntimeError, match='Arg out of range in user function'):
        h.setdata_hh(2, sec=h.s)
    names = dir(h)
    assert {'rates_hh', 'vtrap_hh', 'setdata_hh', 'setdata_pas'} <= set(names)
    assert 'rates' in dir(h.s(0.5).hh)
