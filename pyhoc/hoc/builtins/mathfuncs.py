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
    f.hoc_one_argument = True       # (NEURON's BLTIN: never more arguments, see call_builtin)
    builtin(name)(f)


def _positive(name):
    def check(x):
        if x < 0:
            raise HocError('%s argument out of domain' % name)
    return check


def _exp(x: float) -> float:
    if x < -700.0:
        return 0.0
    if x > 700.0:
        from ...base.context import current
        current().stderr.write('exp(%g) out of range, returning exp(700)\n' % x)
        return math.exp(700.0)
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
        return float('-inf') if x == 0 else fn(x)
    return f


_one('log', _log_or_inf(math.log), _positive('log'))
def _log10_check(x):
    if x < 0:
        raise HocError('log10 argument out of domain')
    if x == 0:
        raise HocError('log10 result out of range')


_one('log10', math.log10, _log10_check)


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


