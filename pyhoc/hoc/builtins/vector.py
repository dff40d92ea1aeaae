"""The HOC ``Vector`` class: a resizable array of doubles with NEURON's method set.

Data lives in a numpy float64 buffer (``_buf``) of which the first ``_n`` elements are the
vector; the buffer length is the capacity (``buffer_size``), grown the way std::vector grows so
``buffer_size()`` reports what NEURON reports.  ``x`` and ``as_numpy()`` are views of the live
part: they stay valid until the vector is resized beyond its capacity.

Methods follow NEURON's argument conventions (numbers as float, Vector arguments, ``Ref``
pointers, File objects exposing ``_fh``) and raise HocError with NEURON's messages.  The
simulator methods ``record``/``play``/``play_remove`` delegate to ``pyhoc.sim.record``.
"""
from __future__ import annotations

import math
import operator
from typing import Any

import numpy as np

from ...errors import HocError
from ...base import context
from ...base.objects import HocObject
from ...base.refs import ArrayRef, FloatArray, Ref, real_number
from ...base.samples import SampleBuffer
from .vector_dsp import SignalMethods
from .vector_io import IOMethods
from .vector_util import (_DMAXINT, _EPSILON, _acc, _check_type, _chkarg, _epsilon, _err,
                          _isnum, _isobj, _libm, _range, _tdiv, _vec)


class Vector(SampleBuffer, SignalMethods, IOMethods):
    """NEURON's Vector (its storage: pyhoc.base.samples.SampleBuffer)."""

    __slots__ = ('_label',)

    def __init__(self, *args: Any):
        self._label: str | None = None
        if not args:
            self._buf = np.zeros(0)
        elif _isnum(args[0]):
            n = int(_chkarg(args[0], 0, 1e10))
            self._buf = np.full(n, float(args[1])) if len(args) > 1 else np.zeros(n)
        else:
            self._buf = np.zeros(0)
            self._n = 0
            self.from_python(args[0])
            return
        self._n = len(self._buf)

    @property
    def x(self) -> 'VectorX':
        return VectorX(self)

    @property
    def _ref_x(self) -> 'VectorX':
        """Python's ``v._ref_x[i]``: a pointer to element i."""
        return VectorRefX(self)

    # ------------------------------------------------------------------ Python protocol
    def __iter__(self):
        return iter([float(v) for v in self._a])

    def _index(self, i: Any) -> int:
        """Python's ``vec[i]``: an integer (a float is NEURON's TypeError), from the end
        where negative."""
        i = operator.index(i)
        if i < 0:
            i += self._n
        return i

    def __getitem__(self, i: Any):
        if isinstance(i, slice):
            return Vector(self._a[i].copy())
        j = self._index(i)
        if not 0 <= j < self._n:
            raise IndexError(self.hoc_name())
        return self._buf.item(j)

    def __setitem__(self, i: Any, value: Any) -> None:
        if isinstance(i, slice):
            idx = range(*i.indices(self._n))
            try:
                vals = [float(v) for v in value]
            except TypeError:
                raise TypeError('can only assign an iterable') from None
            if len(vals) != len(idx):
                raise IndexError('iterable object must have the same length as slice (it\'s too %s)'
                                 % ('long' if len(vals) > len(idx) else 'short'))
            self._a[i] = vals
            return
        j = self._index(i)
        if not 0 <= j < self._n:
            raise IndexError('index out of bounds')
        self._buf[j] = float(value)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        a = self._a.view()
        a.flags.writeable = False  # NEURON hands numpy a read-only view
        if dtype is not None and np.dtype(dtype) != a.dtype:
            return a.astype(dtype)
        if copy:
            return a.copy()
        return a

    def __bool__(self) -> bool:
        return self._n > 0

    def _arith(self, other: Any, op, reverse: bool = False) -> 'Vector':
        o = other._a if isinstance(other, Vector) else float(other)
        if isinstance(other, Vector) and other._n != self._n:
            raise HocError('Vector sizes do not match')
        return Vector(op(o, self._a) if reverse else op(self._a, o))

    def __add__(self, o): return self._arith(o, np.add)
    def __radd__(self, o): return self._arith(o, np.add, True)
    def __sub__(self, o): return self._arith(o, np.subtract)
    def __rsub__(self, o): return self._arith(o, np.subtract, True)
    def __mul__(self, o): return self._arith(o, np.multiply)
    def __rmul__(self, o): return self._arith(o, np.multiply, True)
    def __truediv__(self, o): return self._arith(o, np.divide)
    def __rtruediv__(self, o): return self._arith(o, np.divide, True)
    def __neg__(self): return Vector(-self._a)

    def to_python(self, seq: Any = None) -> Any:
        if seq is None:
            return [float(v) for v in self._a]
        if len(seq) != self._n:
            raise HocError('%s Python Sequence not same size as Vector' % self.hoc_name())
        for i in range(self._n):
            seq[i] = float(self._buf[i])
        return seq

    def from_python(self, seq: Any) -> 'Vector':
        if isinstance(seq, np.ndarray) and seq.dtype.kind in 'biuf':
            return self._set(seq.ravel())
        vals = []
        for i, item in enumerate(seq):
            try:
                vals.append(float(item))
            except (TypeError, ValueError):
                raise HocError('item %d is not a valid number' % i) from None
        return self._set(vals)

    def as_numpy(self) -> np.ndarray:
        return self._buf[:self._n]

    # ------------------------------------------------------------------ size and elements
    def size(self) -> int:
        return self._n

    def buffer_size(self, n: Any = None) -> int:
        if n is not None:
            self._reserve(int(_chkarg(n, self._n, _DMAXINT)))
        return len(self._buf)

    def resize(self, n: Any) -> 'Vector':
        self._resize(int(_chkarg(n, 0, _DMAXINT)))
        return self

    def clear(self) -> 'Vector':
        self._n = 0
        return self

    def get(self, i: Any) -> float:
        return float(self._buf[int(_chkarg(i, 0, self._n - 1))])

    def set(self, i: Any, value: Any) -> 'Vector':
        self._buf[int(_chkarg(i, 0, self._n - 1))] = float(value)
        return self

    def label(self, s: Any = None) -> str:
        if s is not None:
            self._label = str(s)
        return self._label if self._label is not None else ''

    def append(self, *args: Any) -> 'Vector':
        for a in args:
            if _isnum(a):
                self._push(float(a))
            elif isinstance(a, Ref) or isinstance(a, str):
                continue
            else:
                y = _vec(a)
                if y is self:
                    raise _err('append', ' argument needs to be copied first')
                self._reserve(self._n + y._n)
                self._extend(y._a.copy())
        return self

    def insrt(self, index: Any, *args: Any) -> 'Vector':
        indx = int(_chkarg(index, 0, self._n))
        tail = self._a[indx:].copy()
        self._n = indx
        for a in args:
            if _isnum(a):
                self._push(float(a))
            elif isinstance(a, HocObject) or a is None:
                y = _vec(a)
                if y is self:
                    raise _err('insrt', ' argument needs to be copied first')
                self._reserve(self._n + y._n)
                self._extend(y._a.copy())
        if len(tail):
            n = self._n
            self._resize(n + len(tail))
            self._buf[n:self._n] = tail
        return self

    def remove(self, start: Any, end: Any = None) -> 'Vector':
        s = int(_chkarg(start, 0, self._n - 1))
        e = int(_chkarg(end, s, self._n - 1)) if end is not None else s
        a = self._a
        tail = a[e + 1:].copy()
        a[s:s + len(tail)] = tail
        self._n = s + len(tail)
        return self

    def contains(self, value: Any) -> bool:
        g, e = float(value), _epsilon()
        a = self._a
        return bool(np.any((a - g < e) & (g - a < e)))

    def from_double(self, n: Any, px: Any) -> 'Vector':
        n = int(n)
        vals = [float(px.at(i).get()) if isinstance(px, Ref) else float(px[i]) for i in range(n)]
        return self._set(vals)

    # ------------------------------------------------------------------ copies
    def _new_range(self, args: tuple) -> 'Vector':
        start, end = 0, self._n
        if len(args) > 0:
            start = int(_chkarg(args[0], 0, self._n - 1))
        if len(args) > 1:
            end = int(_chkarg(args[1], start, self._n - 1) + 1.0)
        return Vector(self._a[start:end].copy())

    def c(self, *args: Any) -> 'Vector':
        return self._new_range(args)

    def at(self, *args: Any) -> 'Vector':
        return self._new_range(args)

    def cl(self, *args: Any) -> 'Vector':
        r = self._new_range(args)
        r._label = self._label
        return r

    def copy(self, src: Any, *args: Any) -> 'Vector':
        x = _vec(src)
        y = self
        if args and isinstance(args[0], HocObject):
            srcind = _vec(args[0])._a.copy()
            nx = x._n
            xa = x._a.copy()
            eps = _epsilon()
            if len(args) > 1:
                destind = _vec(args[1])._a.copy()
                ns = min(len(srcind), len(destind))
                ny = y._n
                for i in range(ns):
                    ix, iy = int(srcind[i] + eps), int(destind[i] + eps)
                    if 0 <= ix < nx and 0 <= iy < ny:
                        y._buf[iy] = xa[ix]
            else:
                nx = min(nx, y._n)
                for i in range(len(srcind)):
                    ii = int(srcind[i] + eps)
                    if 0 <= ii < nx:
                        y._buf[ii] = xa[ii]
            return y
        top = x._n - 1
        srcstart, srcend, srcinc, deststart, destinc = 0, top, 1, 0, 1
        nargs = len(args)
        if nargs == 1:
            deststart = int(float(args[0]))
        elif nargs >= 3:
            deststart = int(float(args[0]))
            srcstart = int(_chkarg(args[1], 0, top))
            srcend = int(_chkarg(args[2], -1, top))
            if nargs >= 4:
                destinc = int(_chkarg(args[3], 1, _DMAXINT))
                srcinc = int(_chkarg(args[4], 1, _DMAXINT))
        elif nargs == 2:
            srcstart = int(_chkarg(args[0], 0, top))
            srcend = int(_chkarg(args[1], -1, top))
        if srcend == -1:
            srcend = top
        elif srcend < srcstart:
            raise _err('Vector.copy: src_end arg smaller than src_start')
        size = _tdiv(srcend - srcstart, srcinc) * destinc + deststart + 1
        vals = x._a[srcstart:srcend + 1:srcinc].copy()
        if y._n < size or (y._n > size and nargs == 0):
            y._resize(size)
        if deststart < 0 and len(vals):
            raise IndexError('vector::_M_range_check')
        y._buf[deststart:deststart + len(vals) * destinc:destinc] = vals
        return y

    # ------------------------------------------------------------------ filling
    def fill(self, value: Any, *args: Any) -> 'Vector':
        start, end = 0, self._n
        if len(args) > 0:
            start = int(_chkarg(args[0], 0, self._n - 1))
            end = int(_chkarg(args[1], start, self._n - 1) + 1.0)
        self._buf[start:end] = float(value)
        return self

    def indgen(self, *args: Any) -> 'Vector':
        n = self._n
        start, step = 0.0, 1.0
        if len(args) >= 3:
            start, end = float(args[0]), float(args[1])
            step = _chkarg(args[2], min(start - end, end - start), max(start - end, end - start))
            with np.errstate(all='ignore'):
                xn = math.floor((end - start) / step + _EPSILON) + 1. if step else math.inf
            if xn > _DMAXINT:
                raise _err('size too large')
            elif xn < 0:
                raise _err('empty set')
            n = int(xn)
            if n != self._n:
                self._resize(n)
        elif len(args) == 2:
            start = float(args[0])
            step = _chkarg(args[1], -_DMAXINT, _DMAXINT)
        elif len(args) == 1:
            step = _chkarg(args[0], -_DMAXINT, _DMAXINT)
        self._buf[:n] = np.arange(n, dtype=float) * step + start
        return self

    def _randfill(self, r: Any, args: tuple, add: bool) -> 'Vector':
        _check_type(r, 'Random')
        start, end = _range(args, 0, self._n - 1)
        for i in range(start, end + 1):
            v = float(r.repick())
            self._buf[i] = self._buf[i] + v if add else v
        return self

    def setrand(self, r: Any, *args: Any) -> 'Vector':
        return self._randfill(r, args, False)

    def addrand(self, r: Any, *args: Any) -> 'Vector':
        return self._randfill(r, args, True)

    def apply(self, func: Any, *args: Any) -> 'Vector':
        if len(args) > 2:
            raise _err('Too many parameters to apply method.')
        start, end = _range(args, 0, self._n - 1)
        if isinstance(func, str):
            interp = context.current(self)
            for i in range(start, end + 1):
                self._buf[i] = float(interp.call(str(func), float(self._buf[i])))
        elif callable(func):
            for i in range(start, end + 1):
                self._buf[i] = float(func(float(self._buf[i])))
        else:
            raise _err('apply: first argument must be a HOC string or a Python callable')
        return self

    def reduce(self, func: Any, base: Any = 0.0, *args: Any) -> float:
        start, end = _range(args, 0, self._n - 1)
        total = float(base)
        interp = context.current(self)
        for i in range(start, end + 1):
            total += float(interp.call(str(func), float(self._buf[i])))
        return total

    # ------------------------------------------------------------------ statistics
    def _extreme(self, args: tuple, fn) -> tuple[int, float]:
        start, end = _range(args, 0, self._n - 1)
        i = int(fn(self._buf[start:end + 1])) + start
        return i, float(self._buf[i])

    def min(self, *args: Any) -> float:
        return self._extreme(args, np.argmin)[1] if self._n else 0.0

    def max(self, *args: Any) -> float:
        return self._extreme(args, np.argmax)[1] if self._n else 0.0

    def min_ind(self, *args: Any) -> int | float:
        return self._extreme(args, np.argmin)[0] if self._n else -1.0

    def max_ind(self, *args: Any) -> int | float:
        return self._extreme(args, np.argmax)[0] if self._n else -1.0

    def sum(self, *args: Any) -> float:
        start, end = _range(args, 0, self._n - 1)
        return _acc(self._buf[start:end + 1])

    def sumsq(self, *args: Any) -> float:
        start, end = _range(args, 0, self._n - 1)
        a = self._buf[start:end + 1]
        return _acc(a * a)

    def mean(self, *args: Any) -> float:
        if args:
            start, end = _range(args, 0, self._n - 1)
            if end - start < 1:
                raise _err('end - start', 'must be > 0')
            # NEURON 9 evaluates sum / end - start + 1 here (sic)
            return _acc(self._buf[start:end + 1]) / end - start + 1
        if self._n < 1:
            raise _err('Vector', 'must have size > 0')
        return _acc(self._a) / self._n

    def _var_of(self, args: tuple) -> tuple[float, int]:
        if args:
            start, end = _range(args, 0, self._n - 1)
            if end - start < 1:
                raise _err('end - start', 'must be > 1')
            a = self._buf[start:end + 1]
        else:
            if self._n < 2:
                raise _err('Vector', 'must have size > 1')
            a = self._a
        m = _acc(a) / len(a)
        d = a - m
        return _acc(d * d) / (len(a) - 1), len(a)

    def var(self, *args: Any) -> float:
        return self._var_of(args)[0]

    def stdev(self, *args: Any) -> float:
        return math.sqrt(self._var_of(args)[0])

    def stderr(self, *args: Any) -> float:
        v, n = self._var_of(args)
        return math.sqrt(v) / math.sqrt(float(n))

    def meansqerr(self, y: Any, w: Any = None) -> float:
        yv = _vec(y)
        size = self._n
        if size > yv._n or not size:
            raise _err('Vector', 'Vector argument too small\n')
        d = self._a - yv._buf[:size]
        if w is not None:
            wv = _vec(w)
            if size > wv._n:
                raise _err('Vector', 'second Vector size too small\n')
            return _acc(d * d * wv._buf[:size]) / size
        return _acc(d * d) / size

    def dot(self, y: Any) -> float:
        yv = _vec(y)
        n = self._n
        b = np.zeros(n)
        m = min(n, yv._n)
        b[:m] = yv._buf[:m]
        return _acc(self._a * b)

    def mag(self) -> float:
        return math.sqrt(_acc(self._a * self._a))

    def median(self) -> float:
        n = self._n
        if n == 0:
            raise _err('Vector', 'must have size > 0')
        s = np.sort(self._a)
        n2 = n // 2
        return float((s[n2 - 1] + s[n2]) / 2.) if 2 * n2 == n else float(s[n2])

    def eq(self, other: Any) -> float:
        y = _vec(other)
        if y._n != self._n:
            return 0.0
        e = _epsilon()
        d = self._a - y._a
        return 1.0 if np.all((d < e) & (-d < e)) else 0.0

    def scale(self, a: Any, b: Any) -> float:
        a, b = float(a), float(b)
        if not self._n:
            return 0.0
        lo, hi = float(np.min(self._a)), float(np.max(self._a))
        r = hi - lo
        if r > 0:
            sf = (b - a) / r
            x = self._a
            x -= lo
            x *= sf
            x += a
            return sf
        return 0.0

    # ------------------------------------------------------------------ arithmetic in place
    def _op(self, arg: Any, name: str, op) -> 'Vector':
        if _isnum(arg):
            op(self._a, float(arg), out=self._a)
        elif _isobj(arg):
            y = _vec(arg)
            if y._n != self._n:
                raise _err('Vector', 'Vector argument to .%s() wrong size\n' % name)
            op(self._a, y._a.copy(), out=self._a)
        return self

    def add(self, arg: Any) -> 'Vector':
        return self._op(arg, 'add', np.add)

    def sub(self, arg: Any) -> 'Vector':
        return self._op(arg, 'sub', np.subtract)

    def mul(self, arg: Any) -> 'Vector':
        return self._op(arg, 'mult', np.multiply)

    def div(self, arg: Any) -> 'Vector':
        if _isnum(arg) and float(arg) == 0.0:
            raise _err('Vector', 'Division by zero')
        with np.errstate(all='ignore'):
            return self._op(arg, 'div', np.divide)

    def _unary(self, args: tuple, fn) -> 'Vector':
        src = _vec(args[0])._a.copy() if args else self._a.copy()
        with np.errstate(all='ignore'):
            return self._set(fn(src))

    def abs(self, *args: Any) -> 'Vector':
        return self._unary(args, np.abs)

    def floor(self, *args: Any) -> 'Vector':
        return self._unary(args, np.floor)

    def tanh(self, *args: Any) -> 'Vector':
        return self._unary(args, _libm(math.tanh))

    def log(self, *args: Any) -> 'Vector':
        return self._unary(args, _libm(math.log))

    def log10(self, *args: Any) -> 'Vector':
        return self._unary(args, _libm(math.log10))

    def sqrt(self, *args: Any) -> 'Vector':
        src = _vec(args[0])._a if args else self._a
        if np.any(src < 0):
            raise _err('sqrt', 'argument out of domain')
        return self._unary(args, np.sqrt)

    def pow(self, *args: Any) -> 'Vector':
        if args and _isobj(args[0]):
            src, p = _vec(args[0])._a.copy(), float(args[1])
        else:
            src, p = self._a.copy(), float(args[0])
        self._resize(len(src))
        if p == -1:
            for i in range(len(src)):
                if self._buf[i] == 0:
                    raise _err('Vector', 'Invalid comparator in .where()\n')
                with np.errstate(all='ignore'):
                    self._buf[i] = np.float64(1.0) / src[i]
            return self
        if p == 0.5 and np.any(src < 0):
            raise _err('sqrt', 'argument out of domain')
        with np.errstate(all='ignore'):
            if p == 0:
                r = np.ones(len(src))
            elif p == 1:
                r = src
            elif p == 2:
                r = src * src
            elif p == 0.5:
                r = np.sqrt(src)
            else:
                r = np.power(src, p)
        self._buf[:len(src)] = r
        return self

    def sin(self, freq: Any, phase: Any, dx: Any = 1.0) -> 'Vector':
        period = 2 * math.pi / 1000 * float(freq) * float(dx)
        self._a[:] = [math.sin(period * i + float(phase)) for i in range(self._n)]
        return self

    # ------------------------------------------------------------------ ordering
    def sort(self) -> 'Vector':
        self._a.sort()
        return self

    def reverse(self) -> 'Vector':
        self._a[:] = self._a[::-1].copy()
        return self

    def sortindex(self, dest: Any = None) -> 'Vector':
        y = _vec(dest) if dest is not None else Vector()
        idx = np.argsort(self._a, kind='stable').astype(float)
        return y._set(idx)

    def rotate(self, r: Any, wrap: Any = None) -> 'Vector':
        n = self._n
        r = int(float(r))
        rev = False
        if r > n:
            r = r % n
        if r < 0:
            r = n - (abs(r) % n)
            rev = True
        if r > 0:
            a = self._a
            rc = n - r
            hold = np.zeros(n)
            if wrap is None:
                hold[r:] = a[:rc]
                hold[:r] = a[rc:]
            elif not rev:
                hold[r:] = a[:rc]
            else:
                hold[:r] = a[rc:]
            a[:] = hold
        return self

    # ------------------------------------------------------------------ indexing
    def ind(self, idx: Any) -> 'Vector':
        y = _vec(idx)._a.astype(int)
        y = y[(y >= 0) & (y < self._n)]
        return Vector(self._a[y].copy())

    def index(self, *args: Any) -> 'Vector':
        if len(args) > 1:
            data, index = _vec(args[0])._a.copy(), _vec(args[1])._a.astype(int)
        else:
            data, index = self._a.copy(), _vec(args[0])._a.astype(int)
        ok = (index >= 0) & (index < len(data))
        out = np.zeros(len(index))
        out[ok] = data[index[ok]]
        return self._set(out)

    def _mask(self, a: np.ndarray, op: str, value: float, value2: float | None, what: str):
        e = _epsilon()
        if op == '==':
            return (a - value < e) & (value - a < e)
        if op == '!=':
            return ~((a - value < e) & (value - a < e))
        if op == '>':
            return a > value + e
        if op == '<':
            return a < value - e
        if op == '>=':
            return a >= value - e
        if op == '<=':
            return a <= value + e
        if op in ('()', '[]', '[)', '(]'):
            if value2 is None:
                raise _err('not enough arguments')
            lo = a > value + e if op[0] == '(' else a >= value - e
            hi = a < value2 - e if op[1] == ')' else a <= value2 + e
            return lo & hi
        raise _err('Vector', 'Invalid comparator in .%s()\n' % what)

    def _where_args(self, args: tuple, what: str) -> tuple[np.ndarray, str, float, float | None]:
        if args and not isinstance(args[0], str) and _isobj(args[0]):
            src, args = _vec(args[0])._a.copy(), args[1:]
        else:
            src = self._a.copy()
        if args and not isinstance(args[0], str):
            raise HocError('Expecting string argument')
        if len(args) < 2:
            raise HocError('%s not enough arguments' % what)
        op = str(args[0])
        value2 = float(args[2]) if len(args) > 2 else None
        return src, op, float(args[1]), value2

    def where(self, *args: Any) -> 'Vector':
        src, op, v1, v2 = self._where_args(args, 'where')
        return self._set(src[self._mask(src, op, v1, v2, 'where')])

    def indvwhere(self, *args: Any) -> 'Vector':
        src, op, v1, v2 = self._where_args(args, 'indvwhere')
        return self._set(np.nonzero(self._mask(src, op, v1, v2, 'indvwhere'))[0])

    def indwhere(self, op: Any, value: Any, value2: Any = None) -> int:
        a = self._a
        m = self._mask(a, str(op), float(value), None if value2 is None else float(value2),
                       'indwhere')
        nz = np.nonzero(m)[0]
        return int(nz[0]) if len(nz) else -1

    def interpolate(self, xdest: Any, xsrc: Any, ysrc: Any = None) -> 'Vector':
        xd, xs = _vec(xdest)._a.copy(), _vec(xsrc)._a.copy()
        ys = _vec(ysrc)._a.copy() if ysrc is not None else self._a.copy()
        ns, nd = len(xs), len(xd)
        self._resize(nd)
        yd = self._buf
        if nd and not ns:
            raise IndexError('vector::_M_range_check')
        idd = 0
        while idd < nd and xd[idd] <= xs[0]:
            yd[idd] = ys[0]
            idd += 1
        is_ = 1
        while is_ < ns and idd < nd:
            if not xs[is_] <= xs[is_ - 1]:
                while xd[idd] <= xs[is_]:
                    thet = (xd[idd] - xs[is_ - 1]) / (xs[is_] - xs[is_ - 1])
                    yd[idd] = (1. - thet) * ys[is_ - 1] + thet * ys[is_]
                    idd += 1
                    if idd >= nd:
                        break
            is_ += 1
        while idd < nd:
            yd[idd] = ys[ns - 1]
            idd += 1
        return self

    # ------------------------------------------------------------------ graphics (headless)
    # ------------------------------------------------------------------ simulator
    def record(self, *args: Any) -> 'Vector':
        """record(&x[, Dt | tvec]): sample x during simulations (pyhoc.sim.record)."""
        from ...sim.record import vec_record
        return vec_record(self, *args)

    def play(self, *args: Any) -> 'Vector':
        """play(&x, Dt | tvec[, continuous | discon]): drive x from this vector."""
        from ...sim.record import vec_play
        return vec_play(self, *args)

    def play_remove(self) -> float:
        from ...sim.record import vec_play_remove
        return vec_play_remove(self)

    def plot(self, *args: Any) -> 'Vector':
        return self

    def line(self, *args: Any) -> 'Vector':
        return self

    def mark(self, *args: Any) -> 'Vector':
        return self

    def ploterr(self, *args: Any) -> 'Vector':
        return self


class VectorX(FloatArray):
    """``v.x``: the elements as NEURON shows them to Python (floats, non-negative indices,
    IndexError out of range), live across resizes; ``v._ref_x[i]`` gives pointers instead."""

    __slots__ = ('_vec',)

    def __init__(self, vec: Vector):
        self._vec = vec

    @property
    def array(self) -> np.ndarray:
        vec = self._vec
        return vec._buf[:vec._n]

    def __getitem__(self, i: Any):
        vec = self._vec
        if i.__class__ is not int:
            if isinstance(i, slice):
                return vec._buf[:vec._n][i]
            try:
                i = operator.index(i)
            except TypeError:
                # (``v.x[1.5]`` from Python: NEURON takes only an integer there, and says so
                # as it does out of range; HOC's ``v.x[1.5]`` truncates before it gets here)
                raise IndexError(vec.hoc_name() + '.x') from None
        if not 0 <= i < vec._n:
            raise IndexError(vec.hoc_name() + '.x')
        return vec._buf.item(i)

    def __setitem__(self, i: Any, value: Any) -> None:
        vec = self._vec
        if isinstance(i, slice):
            vec._buf[:vec._n][i] = value
            return
        j = operator.index(i)       # (a float index: NEURON's TypeError)
        if j < 0:
            j += vec._n             # (NEURON's Python: from the end, where reading refuses)
        if not 0 <= j < vec._n:
            raise IndexError('index out of bounds')
        vec._buf[j] = value if value.__class__ is float else real_number(value)

    def __len__(self) -> int:
        return self._vec._n

    def __iter__(self):
        return iter(self._vec)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self._vec.__array__(dtype, copy)

    def __repr__(self) -> str:
        return '%s.x[?]' % self._vec.hoc_name()

    def buffer(self):
        """(the storage, 0): a POINTER at an element points into it until the Vector
        grows into new storage, as NEURON's does."""
        return self._vec._buf, 0


class VectorRefX(VectorX):
    """``v._ref_x``: ``[i]`` is a pointer to element i (it follows the vector's resizes)."""

    __slots__ = ()

    def __getitem__(self, i: Any) -> ArrayRef:
        vec = self._vec
        i = int(i)
        if not 0 <= i < vec._n:
            raise IndexError(vec.hoc_name() + '._ref_x')
        return ArrayRef(VectorX(vec), i)
