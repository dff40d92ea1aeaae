"""Math built-ins: sin, cos, exp, log, sqrt, int, abs, atan2, erf... with NEURON's domain errors."""
from __future__ import annotations

import math

from ...errors import HocError
from . import builtin


def _one(name, fn, check=None):
    def f(interp, x):
        if type(x) is not float:
            from ..expressions import _num
            x = _num(x)
        if check is not None:
            check(x)
        try:
            return fn(x)
        except (ValueError, OverflowError):
            raise HocError('%s argument out of domain' % name) from None
        except _OutOfRange as e:
            interp.math_warning(name)
            return e.value
    f.hoc_one_argument = True       # (NEURON's BLTIN: never more arguments, see call_builtin)
    builtin(name)(f)


def _positive(name):
    def check(x):
        if x < 0:
            raise HocError('%s argument out of domain' % name)
    return check


class _OutOfRange(Exception):
    """A math function's result out of range: NEURON's warning, then this value."""

    def __init__(self, value: float):
        self.value = value


def _exp(x: float) -> float:
    if x < -700.0:
        return 0.0
    if x > 700.0:
        raise _OutOfRange(math.exp(700.0))      # (HOC's exp: hoc1_Exp)
    return math.exp(x)


_one('sin', math.sin)
_one('cos', math.cos)
_one('atan', math.atan)
_one('tanh', math.tanh)
_one('erf', math.erf)
_one('erfc', math.erfc)
_one('abs', abs)
_one('exp', _exp)
def _log_or_inf(fn):
    def f(x):
        if x == 0:
            raise _OutOfRange(float('-inf'))
        return fn(x)
    return f


_one('log', _log_or_inf(math.log), _positive('log'))
def _log10_check(x):
    if x < 0:
        raise HocError('log10 argument out of domain')


_one('log10', _log_or_inf(math.log10), _log10_check)


def _sqrt_check(x):
    if x < 0:
        raise HocError('sqrt argument out of domain')


_one('sqrt', math.sqrt, _sqrt_check)


@builtin('int')
def hoc_int(interp, x):
    x = float(x)
    eps = interp.epsilon_sym.value
    return float(int(x + eps)) if x >= 0 else float(int(x - eps))


hoc_int.hoc_one_argument = True


@builtin('atan2')
def atan2(interp, y, x):
    return math.atan2(float(y), float(x))


