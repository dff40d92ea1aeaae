"""printf/sprint formatting, print's number format and sscanf, against NEURON goldens."""
import json
import math
import os

import pytest

from pyhoc.errors import HocError
from pyhoc.hoc.builtins.fmt import (format_hoc, print_number, scan_hoc, hoc_sscanf,
                                    check_scan_format)
from pyhoc.base.refs import BoxRef, StrRef

GOLD = os.path.join(os.path.dirname(__file__), 'golden', 'fmt')


def load(name):
    with open(os.path.join(GOLD, name)) as f:
        return json.load(f)


class FakeVector:
    def hoc_name(self):
        return 'Vector[0]'


def py_arg(a):
    if isinstance(a, str):
        special = {'<inf>': math.inf, '<-inf>': -math.inf, '<nan>': -math.nan,
                   '<-nan>': math.nan, '<vec>': FakeVector(), '<null>': None, '-0': -0.0}
        if a in special:
            return special[a]
    return a


PRINTF = load('printf.json')
SSCANF = load('sscanf.json')


@pytest.mark.parametrize('case', PRINTF['cases'], ids=lambda c: repr(c['fmt']))
def test_printf_golden(case):
    args = [py_arg(a) for a in case['args']]
    assert format_hoc(case['fmt'], args) == case['out']


@pytest.mark.parametrize('case', PRINTF['errors'], ids=lambda c: c['name'] + c['fmt'])
def test_printf_errors(case):
    args = [py_arg(a) for a in case['args']]
    with pytest.raises(HocError) as e:
        format_hoc(case['fmt'], args, name=case['name'])
    assert str(e.value) == case['error']


@pytest.mark.parametrize('case', PRINTF['print'], ids=lambda c: repr(c['x']))
def test_print_number(case):
    # HOC's print puts a space after each number
    assert print_number(py_arg(case['x'])) + ' \n' == case['out']


def _targets(kinds):
    return [BoxRef(-12345.0) if k == 'n' else BoxRef('<unset>') for k in kinds]


def _show(t):
    v = t.get()
    if isinstance(v, str):
        return v
    if v != v:
        return 'nan' if math.copysign(1, v) > 0 else '-nan'
    return '%.17g' % v


@pytest.mark.parametrize('case', SSCANF['cases'], ids=lambda c: '%s|%s' % (c['text'], c['fmt']))
def test_sscanf_golden(case):
    targets = _targets(case['kinds'])
    n = hoc_sscanf(case['text'], case['fmt'], targets)
    assert int(n) == case['count']
    assert [_show(t) for t in targets] == case['values']


@pytest.mark.parametrize('case', SSCANF['errors'], ids=lambda c: '%s|%s' % (c['text'], c['fmt']))
def test_sscanf_errors(case):
    with pytest.raises(HocError) as e:
        hoc_sscanf(case['text'], case['fmt'], _targets(case['kinds']))
    assert str(e.value) == case['error']


def test_scan_hoc_plain():
    r = scan_hoc('3 4.5 xyz', '%d %lf %s')
    assert r == [3.0, 4.5, 'xyz'] and r.count == 3
    assert scan_hoc('', '%lf').count == -1


def test_strref_target():
    box = {'v': ''}
    s = StrRef('', lambda v: box.__setitem__('v', v))
    x = BoxRef(0.0)
    assert hoc_sscanf('name 7', '%s %lf', [s, x]) == 2.0
    assert box['v'] == 'name' and x.get() == 7.0
    check_scan_format('%s', ['str'])


def test_printf_object_and_null():
    assert format_hoc('%s %s', [FakeVector(), None]) == 'Vector[0] NULLobject'
