"""Shared helpers of the Vector modules: NEURON's argument checks and error messages."""
from __future__ import annotations

import math
import sys
from typing import Any

import numpy as np

from ...errors import HocError, chkarg
from ...base import context
from ...base.objects import HocObject
from ...base.refs import Ref

_DMAXINT = 9007199254740992.0
_EPSILON = 1e-9  # the EPSILON of indgen and smhist


def _err(s: str, t: str | None = None) -> HocError:
    return HocError(s if t is None else '%s %s' % (s, t))


_chkarg = chkarg      # (one chkarg: a NaN index or count is out of range, not int()'s error)


def _isnum(a: Any) -> bool:
    return isinstance(a, (int, float, np.integer, np.floating)) and not isinstance(a, str)


def _isobj(a: Any) -> bool:
    return a is None or isinstance(a, HocObject) or (
        not _isnum(a) and not isinstance(a, (str, Ref)))


def _vec(a: Any) -> 'Vector':
    if getattr(a, 'hoc_class_name', None) == 'Vector':
        return a
    name = 'nullptr' if a is None else getattr(a, 'hoc_class_name', type(a).__name__)
    raise _err('object type is %s instead of' % name, 'Vector')


def _check_type(a: Any, name: str) -> None:
    if a is None or getattr(a, 'hoc_class_name', type(a).__name__) != name:
        got = 'nullptr' if a is None else getattr(a, 'hoc_class_name', type(a).__name__)
        raise _err('object type is %s instead of' % got, name)


def _epsilon() -> float:
    """HOC's float_epsilon of the running interpreter (1e-11 by default)."""
    interp = context._current.get()
    if interp is not None:
        eps = getattr(interp, 'float_epsilon', None)
        if eps is not None:
            return float(eps)
    return 1e-11


def _tdiv(a: int, b: int) -> int:
    """C integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _acc(a: np.ndarray) -> float:
    """Left-to-right sum, as std::accumulate does."""
    return float(np.add.accumulate(a)[-1]) if len(a) else 0.0


def _range(args: tuple, first: int, top: int) -> tuple[int, int]:
    """(start, end) from optional args[first], args[first+1], checked against 0..top."""
    if len(args) > first:
        if len(args) == first + 1:          # a start without an end: HOC's getarg message
            raise HocError('%s not enough arguments' % _method_name())
        start = int(_chkarg(args[first], 0, top))
        end = int(_chkarg(args[first + 1], start, top))
        return start, end
    return 0, top


def _method_name() -> str:
    """The name of the public method on the call stack (sum, for _extreme... sum's max)."""
    f = sys._getframe(2)
    while f is not None and f.f_code.co_name.startswith('_'):
        f = f.f_back
    return f.f_code.co_name if f is not None else 'Vector'


def _libm(fn):
    """Element-wise C math function (libm results, not numpy's SIMD ones); log(0) = -inf."""
    def apply(a: np.ndarray) -> np.ndarray:
        out = np.empty(len(a))
        for i, v in enumerate(a):
            try:
                out[i] = fn(v)
            except ValueError:
                out[i] = -math.inf if v == 0 else math.nan
            except OverflowError:
                out[i] = math.inf
        return out
    return apply


