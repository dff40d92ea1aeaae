"""pyhoc's Vector against NEURON 9's, case by case.

The cases and NEURON's answers live in golden/vector/cases.json (made by
tools/gen_vector_golden.py under NEURON); each case's snippet runs here against pyhoc's Vector
with stand-ins for File, h.ref and HOC functions.  NEURON is not needed.
"""
from __future__ import annotations

import gc
import json
import math
import os
import struct

import numpy as np
import pytest

from pyhoc.errors import HocError
from pyhoc.base import context
from pyhoc.hoc.builtins.vector import Vector
from pyhoc.base.objects import HocObject
from pyhoc.base.refs import ArrayRef, BoxRef

GOLDEN = os.path.join(os.path.dirname(__file__), 'golden', 'vector', 'cases.json')
with open(GOLDEN) as _f:
    CASES = json.load(_f)


class File(HocObject):
    """Stand-in for pyhoc.hoc.builtins.file.File: a binary Python file in ``_fh``."""

    def __init__(self, name: str, mode: str):
        self._fh = open(name, mode)

    def close(self) -> float:
        self._fh.close()
        return 1.0


class Random(HocObject):
    """Stand-in Random: repick() returns 1, 2, 3, ..."""

    def __init__(self):
        self.n = 0

    def repick(self) -> float:
        self.n += 1
        return float(self.n)


class FakeInterp:
    def __init__(self):
        self.out: list[str] = []
        self.funcs: dict = {}

    def write(self, text: str) -> None:
        self.out.append(text)

    def call(self, name, *args):
        return self.funcs[name](*args)


def _norm(x):
    if isinstance(x, Vector):
        return {'vec': [float(v) for v in x]}
    if isinstance(x, (list, tuple)):
        return [_norm(y) for y in x]
    if isinstance(x, bool):
        return x
    if isinstance(x, (int, float, np.floating, np.integer)):
        return float(x)
    return x


def _same(a, b, tol) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return _same(a['vec'], b['vec'], tol)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y, tol) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        if tol is None:
            return a == b
        return abs(a - b) <= tol * max(1.0, abs(a), abs(b))
    return a == b


def run_case(code: str, tmp_path) -> tuple[dict, str]:
    gc.collect()  # instance numbers (Vector[0]) restart as in NEURON
    interp = FakeInterp()
    dd = np.array([1.0, 2.0, 3.0, 0.0])

    def deffunc(name, src, fn):
        if name is not None:
            interp.funcs[name] = fn

    ns = {
        'Vector': Vector,
        'Random': Random,
        'wfile': lambda fn: File(str(tmp_path / fn), 'wb'),
        'rfile': lambda fn: File(str(tmp_path / fn), 'rb'),
        'deffunc': deffunc,
        'ref': BoxRef,
        'dd_ref': lambda: ArrayRef(dd, 0),
        'filehex': lambda fn: (tmp_path / fn).read_bytes().hex(),
        'filetext': lambda fn: (tmp_path / fn).read_text(),
        'putbytes': lambda fn, hx: (tmp_path / fn).write_bytes(bytes.fromhex(hx)),
        'puttext': lambda fn, s: (tmp_path / fn).write_text(s),
    }
    result: dict = {}
    with context.running(interp):
        try:
            exec(code, ns)
            result['r'] = _norm(ns['r'])
        except (HocError, IndexError, TypeError) as e:
            kind = 'RuntimeError' if isinstance(e, HocError) else type(e).__name__
            result['error'] = [kind, str(e)]
    return result, ''.join(interp.out)


@pytest.mark.parametrize('case', CASES, ids=[c['name'] for c in CASES])
def test_against_neuron(case, tmp_path):
    result, out = run_case(case['code'], tmp_path)
    if 'error' in case:
        assert result.get('error') == case['error'], result
    else:
        assert 'error' not in result, result['error']
        assert _same(result['r'], case['r'], case['tol']), (result['r'], case['r'])
    assert out == case['out']


# ------------------------------------------------------------------------------------------
# behaviour the oracle cannot show directly

def test_setrand_addrand_ranges():
    r = Random()
    v = Vector(5)
    assert v.setrand(r) is v
    assert list(v) == [1, 2, 3, 4, 5]
    v.addrand(r, 1, 2)
    assert list(v) == [1, 8, 10, 4, 5]
    with pytest.raises(HocError, match='object type is Vector instead of Random'):
        v.setrand(Vector())


def test_nan_index_or_count_is_out_of_range():
    # NEURON's chkarg lets NaN through and its index conversion is then undefined (garbage
    # range errors, a crash): pyhoc's one chkarg (pyhoc.errors) refuses it, HOC-style
    nan = float('nan')
    v = Vector(5).indgen()
    for call in (lambda: v.get(nan), lambda: v.remove(nan), lambda: v.resize(nan),
                 lambda: v.insrt(nan, 3)):
        with pytest.raises(HocError, match='^Arg out of range in user function$'):
            call()
    assert list(v) == [0, 1, 2, 3, 4]
    from pyhoc.errors import chkarg
    assert math.isnan(chkarg(nan, 0, 1, nan_passes=True))     # (Random's seeds: NEURON's)
    with pytest.raises(HocError, match='^Arg out of range in user function$'):
        chkarg(nan, 0, 1)


def test_as_numpy_is_a_view_until_resize():
    v = Vector([1, 2, 3])
    a = v.as_numpy()
    a[1] = 42
    assert v[1] == 42
    v.x[2] = 7
    assert a[2] == 7
    assert np.shares_memory(np.asarray(v), a)
    with pytest.raises(IndexError):
        v.x[3]


def test_chaining_returns_self():
    v = Vector()
    assert v.append(1, 2, 3).add(1).mul(2) is v
    assert v.indgen().fill(1).resize(2).reverse().sort() is v
    assert v.c() is not v and v.cl() is not v and v.at() is not v


def test_iteration_and_list():
    v = Vector([3, 4])
    assert list(v) == [3.0, 4.0] and [x for x in v] == [3.0, 4.0]
    assert Vector(np.array([1.5, 2.5])).to_python() == [1.5, 2.5]
    assert all(type(x) is float for x in v)


def test_printf_to_file_and_apply_python_callable(tmp_path):
    f = File(str(tmp_path / 'o.txt'), 'wb')
    assert Vector([1, 2]).printf(f, '%g;') == 2.0
    f.close()
    assert (tmp_path / 'o.txt').read_text() == '1;2;\n'
    assert Vector([1, 2]).apply(lambda x: x + 1).to_python() == [2.0, 3.0]


def test_vread_byteswapped(tmp_path):
    p = tmp_path / 'b.bin'
    other = '>' if struct.pack('=i', 1)[0] == 1 else '<'
    p.write_bytes(struct.pack(other + 'ii', 2, 4) + struct.pack(other + 'dd', 1.5, -2.0))
    f = File(str(p), 'rb')
    v = Vector()
    assert v.vread(f) == 1.0
    assert list(v) == [1.5, -2.0]


def test_float_epsilon_from_interpreter():
    class I(FakeInterp):
        float_epsilon = 0.1
    with context.running(I()):
        assert Vector([1.0]).contains(1.05) == 1.0
    assert Vector([1.0]).contains(1.05) == 0.0
