"""HOC's ``Random`` class and the MCellRan4 builtins, bit for bit with NEURON 9.0.2.

``Random([seed[, size]])`` draws from Random123 stream ``(seed, size, 0)`` (default size 55),
through NEURON's libg++ distribution objects.  Each distribution method (``uniform``,
``normal``...) replaces the current distribution, returns its first value, and ``repick()``
draws again from it; a new ``Random`` starts with ``normal(0, 1)`` as its distribution.
``MCellRan4(...)``/``Random123(...)`` switch the generator under the current distribution
(a cached ``normal`` value survives the switch, as in NEURON).  NEURON 9 has no ``ACG``,
``MLCG`` or ``Isaac64``.

For the simulator: ``random_play()`` does what NEURON's ``nrn_random_play()`` does at
``finitialize`` and at the start of every fixed step (and before each CVode solve): every
``r.play(&var)`` target gets ``r.repick()``.  ``Random._pick()``, ``._reset()``,
``._generator`` and ``._ran123_ids()`` are the hooks NMODL-side code (NetStim
``noiseFromRandom``, ``Vector.setrand``) needs.
"""
from __future__ import annotations

import math
import weakref
from typing import Any

from ...errors import HocError, chkarg
from ...base import rng
from ...base.objects import HocObject
from . import builtin

_M32 = 0xFFFFFFFF
_DMAXUINT = 4294967295.0


def _chkarg(x: Any, low: float, high: float) -> float:
    """NEURON's chkarg: an error outside [low, high] (NaN passes: used as a number)."""
    return chkarg(x, low, high, nan_passes=True)


def _need(name: str, *args: Any) -> None:
    for a in args:
        if a is None:
            raise HocError('%s not enough arguments' % name)


def _pointer(arg: Any) -> Any:
    if hasattr(arg, 'get') and hasattr(arg, 'set') and not isinstance(arg, str):
        return arg
    if isinstance(arg, (int, float)):
        what = 'double %g' % arg
    elif isinstance(arg, str):
        what = 'string'
    else:
        what = 'object'
    raise HocError('bad stack access: expecting neuron::container::generic_data_handle; '
                   'really %s' % what)


# --------------------------------------------------------------------------------------------
# C libm semantics (no exceptions: inf and nan as C returns them)

_INF = math.inf
_NAN = math.nan


def _log(x: float) -> float:
    if x > 0.0:
        return math.log(x)
    if x == 0.0:
        return -_INF
    return _NAN


def _sqrt(x: float) -> float:
    return math.sqrt(x) if x >= 0.0 else _NAN


def _exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return _INF


def _pow(x: float, y: float) -> float:
    try:
        return math.pow(x, y)
    except OverflowError:
        if x < 0.0 and y == int(y) and int(y) % 2 == 1:
            return -_INF
        return _INF
    except ValueError:
        if x == 0.0:  # pow(+-0, y<0)
            if math.copysign(1.0, x) < 0 and y == int(y) and int(y) % 2 == 1:
                return -_INF
            return _INF
        return _NAN


def _div(a: float, b: float) -> float:
    try:
        return a / b
    except ZeroDivisionError:
        if a == 0.0 or a != a:
            return _NAN
        return math.copysign(_INF, a) * math.copysign(1.0, b)


_M_E = 2.71828182845904523536

# --------------------------------------------------------------------------------------------
# libg++ distributions: each holds the generator it draws from (``gen``) and is called for a
# value.  Their arithmetic follows the C++ expressions operation by operation.


class _Dist:
    __slots__ = ('gen',)

    def __init__(self, gen):
        self.gen = gen


class _Uniform(_Dist):
    __slots__ = ('low', 'delta')

    def __init__(self, low, high, gen):
        super().__init__(gen)
        lo = low if low < high else high
        hi = high if low < high else low
        self.low = lo
        self.delta = hi - lo

    def __call__(self):
        return self.low + self.delta * self.gen.as_double()


class _DiscreteUniform(_Dist):
    __slots__ = ('low', 'delta')

    def __init__(self, low: int, high: int, gen):
        super().__init__(gen)
        lo = low if low < high else high
        hi = high if low < high else low
        self.low = lo
        self.delta = float((hi - lo) + 1)

    def __call__(self):
        return float(self.low + rng.double_to_long(math.floor(self.delta * self.gen.as_double())))


class _Normal(_Dist):
    __slots__ = ('mean', 'stddev', 'have_cached', 'cached')

    def __init__(self, mean, variance, gen):
        super().__init__(gen)
        self.mean = mean
        self.stddev = _sqrt(variance)
        self.have_cached = False
        self.cached = 0.0

    def _normal(self):
        if self.have_cached:
            self.have_cached = False
            return self.cached * self.stddev + self.mean
        gen = self.gen
        while True:
            v1 = 2 * gen.as_double() - 1
            v2 = 2 * gen.as_double() - 1
            w = v1 * v1 + v2 * v2
            if w <= 1:
                y = _sqrt(_div(-2 * _log(w), w))
                self.have_cached = True
                self.cached = v2 * y
                return v1 * y * self.stddev + self.mean

    __call__ = _normal


class _LogNormal(_Normal):
    __slots__ = ()

    def __init__(self, mean, variance, gen):
        super().__init__(mean, variance, gen)
        m2 = mean * mean
        self.mean = _log(_div(m2, _sqrt(variance + m2)))
        self.stddev = _sqrt(_log(_div(variance + m2, m2)))

    def __call__(self):
        return _pow(_M_E, self._normal())


class _NegativeExpntl(_Dist):
    __slots__ = ('mean',)

    def __init__(self, mean, gen):
        super().__init__(gen)
        self.mean = mean

    def __call__(self):
        return -self.mean * _log(self.gen.as_double())


class _Poisson(_Dist):
    __slots__ = ('mean',)

    def __init__(self, mean, gen):
        super().__init__(gen)
        self.mean = mean

    def __call__(self):
        bound = _exp(-1.0 * self.mean)
        count = 0
        product = 1.0
        gen = self.gen
        while product >= bound:
            count += 1
            product *= gen.as_double()
        return float(count - 1)


class _Binomial(_Dist):
    __slots__ = ('n', 'p')

    def __init__(self, n: int, p, gen):
        super().__init__(gen)
        self.n = n
        self.p = p

    def __call__(self):
        s = 0
        gen = self.gen
        p = self.p
        for _ in range(self.n):
            if gen.as_double() < p:
                s += 1
        return float(s)


class _Geometric(_Dist):
    __slots__ = ('mean',)

    def __init__(self, mean, gen):
        super().__init__(gen)
        self.mean = mean

    def __call__(self):
        samples = 1
        gen = self.gen
        while gen.as_double() < self.mean:
            samples += 1
        return float(samples)


class _HyperGeometric(_Dist):
    __slots__ = ('mean', 'p')

    def __init__(self, mean, variance, gen):
        super().__init__(gen)
        self.mean = mean
        z = _div(variance, mean * mean)
        self.p = 0.5 * (1.0 - _sqrt(_div(z - 1.0, z + 1.0)))

    def __call__(self):
        p = self.p
        d = (1.0 - p) if self.gen.as_double() > p else p
        return _div(-self.mean * _log(self.gen.as_double()), 2.0 * d)


class _Erlang(_Dist):
    __slots__ = ('k', 'a')

    def __init__(self, mean, variance, gen):
        super().__init__(gen)
        k = rng.double_to_int(_div(mean * mean, variance) + 0.5)
        self.k = k if k > 0 else 1
        self.a = _div(float(self.k), mean)

    def __call__(self):
        prod = 1.0
        gen = self.gen
        for _ in range(self.k):
            prod *= gen.as_double()
        return _div(-_log(prod), self.a)


class _Weibull(_Dist):
    __slots__ = ('beta', 'inv_alpha')

    def __init__(self, alpha, beta, gen):
        super().__init__(gen)
        self.beta = beta
        self.inv_alpha = _div(1.0, alpha)

    def __call__(self):
        return _pow(self.beta * (-_log(1 - self.gen.as_double())), self.inv_alpha)


# --------------------------------------------------------------------------------------------
# r.play(&var) targets, NEURON's RandomPlay list: (weak Random, Ref)

_play_list: list[tuple[weakref.ref, Any]] = []


def random_play() -> None:
    """Give every ``Random.play(&var)`` target a new value (NEURON's nrn_random_play)."""
    dead = False
    for wr, ref in _play_list:
        r = wr()
        if r is None:
            dead = True
            continue
        ref.set(r._dist())
    if dead:
        _play_list[:] = [(wr, ref) for wr, ref in _play_list if wr() is not None]


def random_play_clear() -> None:
    """Forget every play target (interpreter reset)."""
    _play_list.clear()


class Random(HocObject):
    """``Random([seed[, size]])``: Random123 stream (seed, size, 0), size 55 by default."""

    __slots__ = ('_gen', '_dist', '_type')

    def __init__(self, seed: Any = None, size: Any = None, *_extra: Any):
        s = 0
        n = 55
        if seed is not None:
            s = rng.double_to_long(float(seed)) & _M32
        if size is not None:
            n = int(_chkarg(size, 7, 98))
        self._gen = rng.Random123Stream(s, n, 0)
        self._type = 4
        self._dist = _Normal(0.0, 1.0, self._gen)

    # ---- generators
    def _set_generator(self, gen, kind: int) -> None:
        self._dist.gen = gen
        self._gen = gen
        self._type = kind

    def MCellRan4(self, seed: Any = None, ilow: Any = None, *_extra: Any) -> float:
        hi = 0
        lo = 0
        if seed is not None:
            hi = rng.double_to_uint32(_chkarg(seed, 0.0, _DMAXUINT))
        if ilow is not None:
            lo = rng.double_to_uint32(_chkarg(ilow, 0.0, _DMAXUINT))
        gen = rng.MCellRan4Generator(hi, lo)
        self._set_generator(gen, 2)
        return float(gen.orig)

    def Random123(self, id1: Any = None, id2: Any = None, id3: Any = None,
                  *_extra: Any) -> float:
        ids = [0, 0, 0]
        for i, a in enumerate((id1, id2, id3)):
            if a is None:
                break
            ids[i] = rng.double_to_uint32(_chkarg(a, 0.0, _DMAXUINT))
        self._set_generator(rng.Random123Stream(*ids), 4)
        return 0.0

    def Random123_globalindex(self, gix: Any = None, *_extra: Any) -> float:
        if gix is not None:
            rng.set_globalindex(rng.double_to_uint32(_chkarg(gix, 0.0, _DMAXUINT)))
        return float(rng.get_globalindex())

    def seq(self, s: Any = None, *_extra: Any) -> float:
        gen = self._gen
        if self._type == 4:
            if s is not None:
                v = _chkarg(s, 0.0, 17179869183.0)
                sq = rng.double_to_uint32(v / 4.0)
                which = rng.double_to_int(v - sq * 4.0)
                gen.setseq2(sq, which)
            sq, which = gen.getseq()
            return float(sq) * 4.0 + float(which)
        if s is not None:
            gen.ihigh = rng.double_to_long(float(s)) & _M32
        return float(gen.ihigh)

    # ---- drawing
    def repick(self, *_extra: Any) -> float:
        return self._dist()

    def _new(self, dist) -> float:
        self._dist = dist
        return dist()

    def uniform(self, low: Any = None, high: Any = None, *_extra: Any) -> float:
        _need('uniform', low, high)
        return self._new(_Uniform(float(low), float(high), self._gen))

    def discunif(self, low: Any = None, high: Any = None, *_extra: Any) -> float:
        _need('discunif', low, high)
        return self._new(_DiscreteUniform(rng.double_to_long(float(low)),
                                          rng.double_to_long(float(high)), self._gen))

    def normal(self, mean: Any = None, variance: Any = None, *_extra: Any) -> float:
        _need('normal', mean, variance)
        return self._new(_Normal(float(mean), float(variance), self._gen))

    def lognormal(self, mean: Any = None, variance: Any = None, *_extra: Any) -> float:
        _need('lognormal', mean, variance)
        return self._new(_LogNormal(float(mean), float(variance), self._gen))

    def binomial(self, n: Any = None, p: Any = None, *_extra: Any) -> float:
        _need('binomial', n, p)
        nn = rng.double_to_int(_chkarg(n, 0.0, 1e99))
        pp = _chkarg(p, 0.0, 1.0)
        return self._new(_Binomial(nn, pp, self._gen))

    def poisson(self, mean: Any = None, *_extra: Any) -> float:
        _need('poisson', mean)
        return self._new(_Poisson(float(mean), self._gen))

    def geometric(self, mean: Any = None, *_extra: Any) -> float:
        _need('geometric', mean)
        return self._new(_Geometric(_chkarg(mean, 0.0, 1.0), self._gen))

    def hypergeo(self, mean: Any = None, variance: Any = None, *_extra: Any) -> float:
        _need('hypergeo', mean, variance)
        return self._new(_HyperGeometric(float(mean), float(variance), self._gen))

    def negexp(self, mean: Any = None, *_extra: Any) -> float:
        _need('negexp', mean)
        return self._new(_NegativeExpntl(float(mean), self._gen))

    def erlang(self, mean: Any = None, variance: Any = None, *_extra: Any) -> float:
        _need('erlang', mean, variance)
        return self._new(_Erlang(float(mean), float(variance), self._gen))

    def weibull(self, alpha: Any = None, beta: Any = None, *_extra: Any) -> float:
        _need('weibull', alpha, beta)
        return self._new(_Weibull(float(alpha), float(beta), self._gen))

    def play(self, var: Any = None, *_extra: Any) -> float:
        _need('play', var)
        _play_list.append((weakref.ref(self), _pointer(var)))
        return 0.0

    # ---- hooks for the simulator and other built-ins (not HOC-visible)
    @property
    def _generator(self):
        """The generator object: rng.Random123Stream or rng.MCellRan4Generator."""
        return self._gen

    def _pick(self) -> float:
        """One value of the current distribution (nrn_random_pick)."""
        return self._dist()

    def _reset(self) -> None:
        """Generator back to its start (nrn_random_reset): Random123 sequence 0, MCellRan4 orig."""
        self._gen.reset()

    def _ran123_ids(self):
        """(id1, id2, id3) when the generator is Random123, else None (nrn_random_isran123)."""
        return self._gen.ids() if self._type == 4 else None

    def _play_step(self) -> None:
        """Assign a new value to this object's play targets only."""
        for wr, ref in _play_list:
            if wr() is self:
                ref.set(self._dist())


# --------------------------------------------------------------------------------------------
# builtin functions


@builtin('mcell_ran4')
def mcell_ran4(interp: Any, seed: Any = None, *_ignored: Any) -> float:
    """``mcell_ran4(&highindex)``: a value in [0, 1); increments highindex (2nd arg ignored)."""
    _need('mcell_ran4', seed)
    ref = _pointer(seed)
    idx = rng.double_to_uint32(float(ref.get()))
    x, idx = rng.mcell_ran4a(idx)
    ref.set(float(idx))
    return x


@builtin('mcell_ran4_init')
def mcell_ran4_init(interp: Any, low: Any = None, *_ignored: Any) -> float:
    """``mcell_ran4_init([lowindex])``: returns the previous global low index."""
    prev = float(rng.mcell_lowindex())
    if low is not None:
        rng.mcell_ran4_init(rng.double_to_uint32(_chkarg(low, 0.0, _DMAXUINT)))
    return prev


@builtin('use_mcell_ran4')
def use_mcell_ran4(interp: Any, flag: Any = None, *_ignored: Any) -> float:
    """``use_mcell_ran4([0|1])``: returns the previous setting."""
    prev = float(rng.use_mcell_ran4())
    if flag is not None:
        rng.set_use_mcell_ran4(rng.double_to_int(_chkarg(flag, 0.0, 1.0)))
    return prev
