"""The HOC ``Matrix`` class: a dense (type 1) or sparse (type 2) matrix of doubles.

Both storage types keep their values in a C-ordered numpy float64 array.  A sparse matrix also
keeps a boolean mask of its *structural* entries, the ones NEURON's row-major sparse storage
would hold: every element written (even with 0) or reached through ``x[i][j]`` (which takes the
address of the element) is structural; ``zero()`` keeps the structure and ``ident()`` resets it
to the diagonal.  ``sprowlen``/``spgetrowval`` report that structure, so a sparse Matrix
behaves like NEURON's although it is stored densely.  As in NEURON, most linear-algebra
methods exist for full matrices only; on a sparse one they raise
``Matrix method not implemented for this type matrix``.

Argument conventions (checked against NEURON 9.0.2):

* ``add muls`` store into the optional output Matrix, else into this one;
* ``c transpose inverse exp pow bcopy mulm`` store into the optional output Matrix, else a new one;
* ``getrow getcol getdiag mulv solv to_vector`` fill the optional output Vector (resized),
  else a new one; ``symmeig(mout)`` and ``svd([mu, mv])`` return a new Vector;
* ``det(&e)`` returns a mantissa in [1, 10) (with sign) and stores the decimal exponent in e.

``printf`` formats each value with NEURON's fmtlib rules: one floating conversion (``%e %f %g
%a`` and upper-case forms, length modifiers ignored) and ``%%``; anything else is an error.
"""
from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from ...errors import HocError, chkarg
from ...base import context
from ...base.objects import HocObject
from ...base.refs import Ref

MFULL, MSPARSE = 1, 2

_NOT_IMPL = 'Matrix method not implemented for this type matrix'
_NOT_FULL = 'Matrix is not a FULL matrix (type 1)'
_WRONG_SIZE = 'wrong size for Matrix or Vector operation'


# ---------------------------------------------------------------------------- argument helpers

def _epsilon() -> float:
    interp = context._current.get()
    if interp is not None:
        eps = getattr(interp, 'float_epsilon', None)
        if eps is not None:
            return float(eps)
    return 1e-11


def _isnum(a: Any) -> bool:
    return isinstance(a, (int, float, np.integer, np.floating))


def _num(a: Any, name: str) -> float:
    if isinstance(a, Ref):
        a = a.get()
    if not _isnum(a):
        if isinstance(a, str):
            raise HocError('bad stack access: expecting double; really char*')
        raise HocError('bad stack access: expecting double; really Object**')
    return float(a)


def _chkarg(a: Any, low: float, high: float) -> float:
    return chkarg(_num(a, ''), low, high)


def _obj(a: Any, cls_name: str) -> Any:
    if _isnum(a):
        raise HocError('bad stack access: expecting Object**; really double %s' % _g(float(a)))
    got = None if a is None else getattr(a, 'hoc_class_name', type(a).__name__)
    if got != cls_name:
        raise HocError('object type is %s instead of %s' % ('nullptr' if a is None else got,
                                                             cls_name))
    return a


def _g(x: float) -> str:
    return '%g' % x


def _str(a: Any) -> str:
    if not isinstance(a, str):
        raise HocError('Expecting string argument')
    return str(a)


def _matrix_arg(a: Any) -> 'Matrix':
    return _obj(a, 'Matrix')


def _vector_arg(a: Any):
    return _obj(a, 'Vector')


def _check_domain(i: int, j: int) -> None:
    if i > j or i < 0:
        raise HocError('Matrix index out of range: index=%d  max_index=%d\n' % (i, j))


def _check_capac(i: int, j: int) -> None:
    if i != j:
        raise HocError(_WRONG_SIZE)


def _new_vector(n: int):
    from .vector import Vector
    return Vector(float(n))


def _vdata(v) -> np.ndarray:
    return np.asarray(v.as_numpy(), dtype=float)


def _vset(v, data: np.ndarray) -> Any:
    """Resize Vector v to len(data) and copy data in."""
    data = np.array(data, dtype=float)  # copy first: data may alias v
    v.resize(float(len(data)))
    v.as_numpy()[:] = data
    return v


def _file_arg(a: Any):
    f = _obj(a, 'File')
    fh = getattr(f, '_fh', None)
    if fh is None or getattr(fh, 'closed', False):
        name = ''
        for attr in ('_name', 'name', '_filename', 'filename'):
            val = getattr(f, attr, None)
            if isinstance(val, str):
                name = val
                break
        raise HocError('File not open: %s' % name)
    return fh


# ---------------------------------------------------------------------------- printf formatting

_SPEC = re.compile(r'%(?:(%)|([-+ #0]*)(\*|\d*)(?:\.(\*|\d*))?(hh|h|ll|l|L|q|j|z|t)?(.?))',
                   re.S)


def _fmt_float(flags: str, width: str, prec: str | None, conv: str, x: float) -> str:
    if conv in 'aA':
        body = _hexfloat(x, prec, conv == 'A', flags)
        w = int(width) if width else 0
        if len(body) < w:
            if '-' in flags:
                body = body + ' ' * (w - len(body))
            elif '0' in flags and math.isfinite(x):
                sign = body[0] if body[0] in '+- ' else ''
                rest = body[len(sign):]
                body = sign + rest[:2] + '0' * (w - len(body)) + rest[2:]
            else:
                body = ' ' * (w - len(body)) + body
        return body
    spec = '%' + flags + width + ('.' + prec if prec is not None else '') + conv
    s = spec % x
    if math.isnan(x) and math.copysign(1.0, x) < 0:
        # C and fmtlib show the sign of a NaN
        w = len(s)
        core = ('-NAN' if conv.isupper() else '-nan')
        s = core.rjust(w) if '-' not in flags else core.ljust(w)
    return s


def _hexfloat(x: float, prec: str | None, upper: bool, flags: str) -> str:
    if math.isnan(x) or math.isinf(x):
        s = ('-' if math.copysign(1.0, x) < 0 else ('+' if '+' in flags else
             (' ' if ' ' in flags else ''))) + ('nan' if math.isnan(x) else 'inf')
        return s.upper() if upper else s
    sign = '-' if math.copysign(1.0, x) < 0 else ('+' if '+' in flags else
                                                    (' ' if ' ' in flags else ''))
    h = float.hex(abs(x))  # 0x1.8000000000000p+1
    mant, exp = h[2:].split('p')
    lead, frac = mant.split('.')
    if prec is not None and prec != '':
        p = int(prec)
        if p < len(frac):
            # round the hex fraction to p digits
            val = int(lead + frac, 16)
            shift = 4 * (len(frac) - p)
            val = (val + (1 << (shift - 1))) >> shift if shift else val
            digits = '%x' % val
            if len(digits) > p + 1:  # carried into the leading digit
                lead, frac = digits[:-p] if p else digits, digits[-p:] if p else ''
            else:
                digits = digits.rjust(p + 1, '0')
                lead, frac = digits[0], digits[1:]
        else:
            frac = frac + '0' * (p - len(frac))
    else:
        frac = frac.rstrip('0')
    if x == 0:
        exp = '+0'
    body = '0x' + lead + ('.' + frac if frac or '#' in flags else '') + 'p' + \
        (exp if exp[0] in '+-' else '+' + exp)
    s = sign + body
    return s.upper() if upper else s


def _printf_value(fmt: str, x: float, strict: bool, where: str = '') -> str:
    """Format one double with a printf format.

    strict: NEURON's fmtlib checks (Matrix.printf): only floating conversions, one at most.
    Otherwise (fprint goes through C fprintf) integer and string conversions are tolerated.
    """
    out = []
    pos = 0
    used = False
    for m in _SPEC.finditer(fmt):
        out.append(fmt[pos:m.start()])
        pos = m.end()
        if m.group(1):
            out.append('%')
            continue
        flags, width, prec, _length, conv = m.group(2, 3, 4, 5, 6)
        if strict:
            if width == '*':
                raise HocError('%s: width is not integer' % where)
            if prec == '*':
                raise HocError('%s: precision is not integer' % where)
            if conv == '' or conv not in 'eEfFgGaA':
                if used or conv == '':
                    raise HocError('%s: %s' % (where, 'argument not found' if used
                                                      else 'invalid format specifier'))
                raise HocError('%s: invalid format specifier' % where)
            if used:
                raise HocError('%s: argument not found' % where)
        used = True
        width = '' if width == '*' else width
        prec = '' if prec == '*' else prec
        if conv in 'eEfFgGaA':
            out.append(_fmt_float(flags, width, prec, conv, x))
        elif conv in 'diouxX':
            v = int(x) if math.isfinite(x) else 0
            c = 'd' if conv in 'iu' else conv
            if c in 'oxX' and v < 0:
                v &= 0xFFFFFFFF
            out.append(('%' + flags + width + ('.' + prec if prec is not None else '') + c) % v)
        elif conv == 'c':
            out.append(chr(int(x) % 256) if math.isfinite(x) else '')
        elif conv == 's':
            out.append(('%' + flags + width + ('.' + prec if prec else '') + 's') % _g(x))
        else:
            out.append(m.group(0))
    out.append(fmt[pos:])
    return ''.join(out)


# ---------------------------------------------------------------------------- file scanning

_NUMRE = re.compile(rb'[+-]?(?:0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)'
                    rb'(?:[pP][+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?'
                    rb'|inf(?:inity)?|nan)', re.I)


def _peek_or_unget(fh, c: bytes) -> None:
    fh.seek(-len(c), 1)


def _hoc_scan(fh) -> float:
    """NEURON's hoc_scan on a binary file: the next word that starts with a number."""
    while True:
        c = fh.read(1)
        while c and c.isspace():
            c = fh.read(1)
        if not c:
            raise HocError('EOF in fscan')
        word = bytearray()
        while c and not c.isspace():
            word += c
            c = fh.read(1)
        if c:
            _peek_or_unget(fh, c)
        w = bytes(word[:255])
        if w[:1] in (b'i', b'n', b'I', b'N'):
            continue
        m = _NUMRE.match(w)
        if not m:
            continue
        # at end of line, leave at the beginning of the next: fscanf(f, "\n") skips white space
        c = fh.read(1)
        while c and c.isspace():
            c = fh.read(1)
        if c:
            _peek_or_unget(fh, c)
        s = m.group(0).decode()
        return float.fromhex(s) if 'x' in s.lower() else float(s)


# ---------------------------------------------------------------------------- element access

class _MatrixX(np.ndarray):
    """View of a Matrix's values for ``m.x[i][j]``: HOC-style indices and range checks.

    A scalar index is rounded as HOC rounds subscripts (``int(i + float_epsilon)``) and checked
    against the matrix size (``Matrix index out of range``); on a sparse matrix every element
    reached is made structural, as taking its address in NEURON does.  Other indices (slices,
    arrays) behave as numpy's.
    """

    def __array_finalize__(self, obj: Any) -> None:
        self._owner = getattr(obj, '_owner', None)
        self._row = getattr(obj, '_row', None)

    def _key(self, key: Any, n: int) -> Any:
        if isinstance(key, (int, float, np.integer, np.floating)) and not isinstance(key, bool):
            i = int(float(key) + _epsilon())
            _check_domain(i, n - 1)
            return i
        return None

    def __getitem__(self, key: Any) -> Any:
        if self.ndim == 2:
            i = self._key(key, self.shape[0])
            if i is not None:
                row = np.ndarray.__getitem__(self, i)
                row._owner = self._owner
                row._row = i
                return row
        elif self.ndim == 1 and self._row is not None:
            j = self._key(key, self.shape[0])
            if j is not None:
                self._touch(j)
                return float(np.ndarray.__getitem__(self, j))
        return np.ndarray.__getitem__(self, key)

    def __setitem__(self, key: Any, value: Any) -> None:
        if self.ndim == 1 and self._row is not None:
            j = self._key(key, self.shape[0])
            if j is not None:
                self._touch(j)
                np.ndarray.__setitem__(self, j, value)
                return
        np.ndarray.__setitem__(self, key, value)

    def _touch(self, j: int) -> None:
        owner = self._owner
        if owner is not None and owner._nz is not None:
            owner._nz[self._row, j] = True


# ---------------------------------------------------------------------------- the class

class Matrix(HocObject):
    """NEURON's Matrix: ``Matrix(nrow, ncol[, type])``, type 1 full (default), 2 sparse."""

    __slots__ = ('_a', '_nz', '_type', '_lu')

    def __init__(self, nrow: Any = 1, ncol: Any = 1, mtype: Any = None):
        eps = _epsilon()
        i = int(_chkarg(nrow, 1, 1e10) + eps)
        j = int(_chkarg(ncol, 1, 1e10) + eps)
        t = MFULL if mtype is None else int(_chkarg(mtype, 1, 3))
        self._type = MSPARSE if t == MSPARSE else MFULL
        self._a = np.zeros((i, j))
        self._nz = np.zeros((i, j), dtype=bool) if self._type == MSPARSE else None
        self._lu = None

    # ------------------------------------------------------------------ internals
    @property
    def _sparse(self) -> bool:
        return self._type == MSPARSE

    def _full(self) -> 'Matrix':
        """NEURON's full(): a sparse matrix cannot take part in a dense operation."""
        if self._sparse:
            raise HocError(_NOT_FULL)
        return self

    def _need_full(self) -> None:
        """A method that NEURON implements for full matrices only."""
        if self._sparse:
            raise HocError(_NOT_IMPL)

    def _need_sparse(self) -> None:
        if not self._sparse:
            raise HocError(_NOT_IMPL)

    def _assign(self, value: np.ndarray) -> None:
        """out->full()->m_ = value: takes value's shape."""
        self._full()
        self._a = np.array(value, dtype=float, order='C')

    def _resize(self, i: int, j: int) -> None:
        self._need_full()
        a = np.zeros((i, j))
        r, c = min(i, self._a.shape[0]), min(j, self._a.shape[1])
        a[:r, :c] = self._a[:r, :c]
        self._a = a

    def _set_elem(self, i: int, j: int, value: float) -> None:
        self._a[i, j] = value
        if self._nz is not None:
            self._nz[i, j] = True

    def _out_mat(self, args: tuple, idx: int, n: int, m: int, mes: str | None = None) -> 'Matrix':
        """get_out_mat: args[idx] (0-based) if given, else a new full n x m matrix."""
        if len(args) > idx:
            out = _matrix_arg(args[idx])
        else:
            out = Matrix(float(n), float(m))
        if out is self and mes:
            raise HocError('%s  matrix operation cannot be done in place' % mes)
        return out

    def _ix(self, a: Any, n: int) -> int:
        return int(_chkarg(a, 0, n - 1))

    def _where(self, meth: str) -> str:
        return '%s::%s' % (self.hoc_name(), meth)

    # ------------------------------------------------------------------ Python-side helpers
    @property
    def x(self) -> np.ndarray:
        """The values as a 2-D numpy array view (``m.x[i][j]`` reads and writes)."""
        v = self._a.view(_MatrixX)
        v._owner = self
        v._row = None
        return v

    def as_numpy(self) -> np.ndarray:
        return self._a

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        a = self._a
        return a.astype(dtype) if dtype is not None else a

    # ------------------------------------------------------------------ size and elements
    def nrow(self) -> int:
        return self._a.shape[0]

    def ncol(self) -> int:
        return self._a.shape[1]

    def getval(self, i: Any, j: Any) -> float:
        r, c = self._a.shape
        i = self._ix(i, r)
        j = self._ix(j, c)
        return float(self._a[i, j])

    def setval(self, i: Any, j: Any, value: Any) -> float:
        r, c = self._a.shape
        i = self._ix(i, r)
        j = self._ix(j, c)
        val = _num(value, 'setval')
        self._set_elem(i, j, val)
        return val

    def sprowlen(self, i: Any) -> int:
        i = self._ix(i, self._a.shape[0])
        self._need_sparse()
        return int(np.count_nonzero(self._nz[i]))

    def spgetrowval(self, i: Any, jx: Any, jref: Any = None) -> float:
        i = self._ix(i, self._a.shape[0])
        self._need_sparse()
        cols = np.flatnonzero(self._nz[i])
        k = int(_chkarg(jx, 0, len(cols) - 1))
        j = int(cols[k])
        if jref is not None:
            _setref(jref, float(j))
        return float(self._a[i, j])

    def resize(self, nrow: Any, ncol: Any) -> 'Matrix':
        eps = _epsilon()
        i = int(_chkarg(nrow, 1., 1e9) + eps)
        j = int(_chkarg(ncol, 1., 1e9) + eps)
        self._resize(i, j)
        return self

    def set(self, *args: Any) -> 'Matrix':
        r, c = self._a.shape
        if len(args) < r * c:
            # NEURON fills element by element until the argument runs out
            vals = [_num(a, 'set') for a in args]
            for k, v in enumerate(vals):
                self._set_elem(k // c, k % c, v)
            raise HocError('set not enough arguments')
        vals = [_num(a, 'set') for a in args[:r * c]]
        for k, v in enumerate(vals):
            self._set_elem(k // c, k % c, v)
        return self

    def zero(self) -> 'Matrix':
        self._a[:] = 0.0  # a sparse matrix keeps its structure
        return self

    def ident(self) -> 'Matrix':
        r, c = self._a.shape
        if self._sparse:
            if r != c:
                raise HocError('sparse Matrix ident() needs a square matrix')
            self._nz[:] = False
            np.fill_diagonal(self._nz, True)
        self._a[:] = 0.0
        np.fill_diagonal(self._a, 1.0)
        return self

    # ------------------------------------------------------------------ rows, columns, diagonals
    def getrow(self, k: Any, vout: Any = None):
        k = self._ix(k, self._a.shape[0])
        v = _vector_arg(vout) if vout is not None else None
        self._need_full()
        data = self._a[k, :].copy()
        return _vset(v, data) if v is not None else _vset(_new_vector(len(data)), data)

    def getcol(self, k: Any, vout: Any = None):
        k = self._ix(k, self._a.shape[1])
        v = _vector_arg(vout) if vout is not None else None
        self._need_full()
        data = self._a[:, k].copy()
        return _vset(v, data) if v is not None else _vset(_new_vector(len(data)), data)

    def _diag_index(self, k: Any) -> int:
        r, c = self._a.shape
        return int(_chkarg(k, -(r - 1), c - 1))

    def _diag_cells(self, k: int):
        r, c = self._a.shape
        if k >= 0:
            n = max(0, min(r, c - k))
            rows = np.arange(n)
            return rows, rows + k
        n = max(0, min(r + k, c))
        rows = np.arange(n) - k
        return rows, rows + k

    def getdiag(self, k: Any, vout: Any = None):
        k = self._diag_index(k)
        r = self._a.shape[0]
        if vout is not None:
            v = _vector_arg(vout)
            v.resize(float(r))  # elements off the diagonal keep their values
        else:
            v = _new_vector(r)
        self._need_full()
        rows, cols = self._diag_cells(k)
        v.as_numpy()[rows] = self._a[rows, cols]
        return v

    def setrow(self, k: Any, value: Any) -> 'Matrix':
        r, c = self._a.shape
        k = self._ix(k, r)
        if _isnum(value):
            self._a[k, :] = float(value)
            if self._nz is not None:
                self._nz[k, :] = True
        else:
            data = _vdata(_vector_arg(value))
            _check_domain(len(data), c)
            self._a[k, :len(data)] = data
            if self._nz is not None:
                self._nz[k, :len(data)] = True
        return self

    def setcol(self, k: Any, value: Any) -> 'Matrix':
        r, c = self._a.shape
        k = self._ix(k, c)
        if _isnum(value):
            self._a[:, k] = float(value)
            if self._nz is not None:
                self._nz[:, k] = True
        else:
            data = _vdata(_vector_arg(value))
            _check_domain(len(data), r)
            self._a[:len(data), k] = data
            if self._nz is not None:
                self._nz[:len(data), k] = True
        return self

    def setdiag(self, k: Any, value: Any) -> 'Matrix':
        k = self._diag_index(k)
        rows, cols = self._diag_cells(k)
        if _isnum(value):
            self._a[rows, cols] = float(value)
        else:
            data = _vdata(_vector_arg(value))
            _check_domain(len(data), self._a.shape[0])
            keep = rows < len(data)  # the element for row i is data[i]
            rows, cols = rows[keep], cols[keep]
            self._a[rows, cols] = data[rows]
        if self._nz is not None:
            self._nz[rows, cols] = True
        return self

    # ------------------------------------------------------------------ conversions
    def to_vector(self, vout: Any = None):
        v = _vector_arg(vout) if vout is not None else _new_vector(self._a.size)
        return _vset(v, self._a.ravel(order='F'))

    def from_vector(self, vin: Any) -> 'Matrix':
        data = _vdata(_vector_arg(vin))
        r, c = self._a.shape
        _check_capac(r * c, len(data))
        self._a[:] = data.reshape((r, c), order='F')
        if self._nz is not None:
            self._nz[:] = True
        return self

    def c(self, out: Any = None) -> 'Matrix':
        o = self._out_mat((out,) if out is not None else (), 0, *self._a.shape)
        self._need_full()
        o._assign(self._a)
        return o

    def bcopy(self, i0: Any, j0: Any, m0: Any, n0: Any, *rest: Any) -> 'Matrix':
        r, c = self._a.shape
        i0 = int(_chkarg(i0, 0, r - 1))
        j0 = int(_chkarg(j0, 0, c - 1))
        m0 = int(_chkarg(m0, 1, r - i0))
        n0 = int(_chkarg(n0, 1, c - j0))
        if rest and _isnum(rest[0]):
            i1 = int(_chkarg(rest[0], 0, 1e9))
            j1 = int(_chkarg(rest[1] if len(rest) > 1 else None, 0, 1e9))
            rest = rest[2:]
        else:
            i1 = j1 = 0
        out = self._out_mat(rest, 0, m0, n0)
        self._need_full()
        out._full()
        orow, ocol = out._a.shape
        if i1 + m0 > orow or j1 + n0 > ocol:
            raise HocError(_WRONG_SIZE)
        block = self._a[i0:i0 + m0, j0:j0 + n0].copy()
        out._a[i1:i1 + m0, j1:j1 + n0] = block
        return out

    def transpose(self, out: Any = None) -> 'Matrix':
        r, c = self._a.shape
        o = self._out_mat((out,) if out is not None else (), 0, r, c)
        o._resize(c, r)
        self._need_full()
        # NEURON transposes *this* in place when the output compares equal to it (which is
        # the case for m.transpose(m) after the resize above, and for an equal copy).
        if o._a.shape == self._a.shape and np.array_equal(o._a, self._a):
            self._a = np.ascontiguousarray(self._a.T)
        else:
            o._assign(self._a.T)
        return o

    # ------------------------------------------------------------------ arithmetic
    def add(self, m2: Any, out: Any = None) -> 'Matrix':
        other = _matrix_arg(m2)
        o = _matrix_arg(out) if out is not None else self
        self._need_full()
        other._full()
        o._full()
        if other._a.shape != self._a.shape:
            raise HocError(_WRONG_SIZE)
        o._assign(self._a + other._a)
        return o

    def muls(self, s: Any, out: Any = None) -> 'Matrix':
        s = _num(s, 'muls')
        o = _matrix_arg(out) if out is not None else self
        self._need_full()
        o._assign(s * self._a)
        return o

    def mulv(self, vin: Any, vout: Any = None):
        vi = _vector_arg(vin)
        vo = _vector_arg(vout) if vout is not None else _new_vector(self._a.shape[0])
        data = _vdata(vi).copy()
        _check_capac(len(data), self._a.shape[1])
        return _vset(vo, self._a @ data)

    def mulm(self, m2: Any, out: Any = None) -> 'Matrix':
        other = _matrix_arg(m2)
        if out is not None:
            o = _matrix_arg(out)
        else:
            self._need_full()
            o = Matrix(float(self._a.shape[0]), float(other._a.shape[1]))
        if o is other or o is self:
            raise HocError('matrix multiplication cannot be done in place')
        o._resize(self._a.shape[0], other._a.shape[1])
        _check_domain(self._a.shape[1], other._a.shape[0])
        self._need_full()
        other._full()
        if self._a.shape[1] != other._a.shape[0]:
            raise HocError(_WRONG_SIZE)
        o._assign(_matmul(self._a, other._a))
        return o

    def _square(self) -> None:
        if self._a.shape[0] != self._a.shape[1]:
            raise HocError(_WRONG_SIZE)

    def exp(self, out: Any = None) -> 'Matrix':
        o = self._out_mat((out,) if out is not None else (), 0, *self._a.shape,
                          mes='exponentiation')
        self._need_full()
        self._square()
        o._assign(_expm(self._a))
        return o

    def pow(self, k: Any, out: Any = None) -> 'Matrix':
        k = int(_chkarg(k, 0., 100.))
        o = self._out_mat((out,) if out is not None else (), 0, *self._a.shape,
                          mes='raising to a power')
        self._need_full()
        self._square()
        # binary powering, as Eigen's MatrixPower does for an integer exponent
        res = np.eye(self._a.shape[0])
        tmp = self._a.copy()
        pp = float(k)
        if pp >= 1:
            while True:
                if math.fmod(pp, 2) >= 1:
                    res = tmp @ res
                pp /= 2
                if pp < 1:
                    break
                tmp = tmp @ tmp
        o._assign(res)
        return o

    def inverse(self, out: Any = None) -> 'Matrix':
        o = self._out_mat((out,) if out is not None else (), 0, *self._a.shape)
        self._need_full()
        self._square()
        o._assign(_inverse(self._a))
        return o

    def det(self, eref: Any = None) -> float:
        self._need_full()
        self._square()
        d = _det(self._a)
        e = 0
        if d:
            if math.isfinite(d):
                while abs(d) >= 10.0:
                    d *= 0.1
                    e += 1
                while abs(d) < 1.0:
                    d *= 10.0
                    e -= 1
        if eref is None:
            raise HocError('det not enough arguments')
        _setref(eref, float(e))
        return float(d)

    def solv(self, vin: Any, *rest: Any):
        _check_capac(self._a.shape[0], self._a.shape[1])
        vi = _vector_arg(vin)
        b = _vdata(vi).copy()
        _check_capac(len(b), self._a.shape[1])
        vo = None
        use_lu = False
        for a in rest[:2]:
            if a is None or isinstance(a, HocObject):
                vo = _vector_arg(a)
            else:
                use_lu = bool(int(_num(a, 'solv')))
        if vo is None:
            vo = _new_vector(self._a.shape[0])
        if self._lu is None or not use_lu or self._lu.shape[0] != self._a.shape[0]:
            self._lu = self._a.copy()
        a = self._lu
        if not np.isfinite(a).all() or not a.any():
            if self._sparse:
                raise HocError('Matrix solv: the sparse matrix could not be factored')
            x = np.zeros(len(b))
        else:
            try:
                x = np.linalg.solve(a, b)
            except np.linalg.LinAlgError:
                if self._sparse:
                    raise HocError('Matrix solv: the sparse matrix could not be factored')
                x = np.linalg.lstsq(a, b, rcond=None)[0]
        return _vset(vo, x)

    def symmeig(self, mout: Any):
        o = _matrix_arg(mout)
        o._resize(*self._a.shape)
        self._need_full()
        self._square()
        n = self._a.shape[0]
        if np.array_equal(self._a, self._a.T):
            w, vecs = np.linalg.eigh(self._a)
        else:
            w, vecs = np.linalg.eig(self._a)
            w, vecs = w.real, vecs.real
        o._assign(vecs)
        return _vset(_new_vector(n), w)

    def svd(self, mu: Any = None, mv: Any = None):
        u = v = None
        r, c = self._a.shape
        if mv is not None:
            u = _matrix_arg(mu)
            v = _matrix_arg(mv)
            u._resize(r, r)
            v._resize(c, c)
        self._need_full()
        if u is not None:
            U, s, Vh = np.linalg.svd(self._a, full_matrices=True)
            u._assign(U.T)
            v._assign(Vh)
        else:
            s = np.linalg.svd(self._a, compute_uv=False)
        return _vset(_new_vector(min(r, c)), s)

    # ------------------------------------------------------------------ printing and reading
    def printf(self, f1: Any = None, f2: Any = None) -> float:
        fmt1 = ' %-8.3g' if f1 is None else _str(f1)
        fmt2 = '\n' if f2 is None else _str(f2)
        where = self._where('printf')
        out = context.current(self)
        r, c = self._a.shape
        for i in range(r):
            parts = [_printf_value(fmt1, float(self._a[i, j]), True, where) for j in range(c)]
            out.write(''.join(parts) + fmt2)
        return 0.0

    def fprint(self, *args: Any) -> float:
        ia = 0
        pr_size = True
        if args and _isnum(args[0]):
            pr_size = int(_chkarg(args[0], 0, 1)) == 1
            ia = 1
        if len(args) <= ia:
            raise HocError('fprint not enough arguments')
        fh = _file_arg(args[ia])
        fmt1 = _str(args[ia + 1]) if len(args) > ia + 1 else ' %-8.3g'
        fmt2 = _str(args[ia + 2]) if len(args) > ia + 2 else '\n'
        r, c = self._a.shape
        parts = []
        if pr_size:
            parts.append('%d %d\n' % (r, c))
        for i in range(r):
            for j in range(c):
                parts.append(_printf_value(fmt1, float(self._a[i, j]), False))
            parts.append(fmt2)
        fh.write(''.join(parts).encode('latin-1', 'replace'))
        return 0.0

    def scanf(self, fobj: Any, nrow: Any = None, ncol: Any = None) -> float:
        fh = _file_arg(fobj)
        if nrow is not None:
            r = int(_chkarg(nrow, 1, 1e9))
            c = int(_chkarg(ncol, 1, 1e9))
        else:
            r = int(_hoc_scan(fh))
            c = int(_hoc_scan(fh))
        self._resize(r, c)
        for i in range(r):
            for j in range(c):
                self._set_elem(i, j, _hoc_scan(fh))
        return 0.0


# ---------------------------------------------------------------------------- numerics

def _setref(ref: Any, value: float) -> None:
    if isinstance(ref, Ref) or hasattr(ref, 'set'):
        ref.set(value)
    else:
        raise HocError('bad stack access: expecting double*')


def _det(a: np.ndarray) -> float:
    """Eigen's determinant: closed forms up to 3x3, LU beyond."""
    n = a.shape[0]
    if n == 1:
        return float(a[0, 0])
    if n == 2:
        return float(a[0, 0] * a[1, 1] - a[1, 0] * a[0, 1])
    if n == 3:
        def h(x, y, z):
            return a[0, x] * (a[1, y] * a[2, z] - a[1, z] * a[2, y])
        return float(h(0, 1, 2) - h(1, 0, 2) + h(2, 0, 1))
    return float(np.linalg.det(a))


def _inverse(a: np.ndarray) -> np.ndarray:
    n = a.shape[0]
    with np.errstate(divide='ignore', invalid='ignore', over='ignore'):
        if n == 1:
            return np.array([[1.0 / a[0, 0]]]) if a[0, 0] != 0 else np.array([[math.inf]])
        if n == 2:
            d = a[0, 0] * a[1, 1] - a[1, 0] * a[0, 1]
            inv = np.float64(1.0) / np.float64(d)
            return np.array([[a[1, 1] * inv, -a[0, 1] * inv],
                             [-a[1, 0] * inv, a[0, 0] * inv]])
        try:
            return np.linalg.inv(a)
        except np.linalg.LinAlgError:
            from scipy.linalg import lu_factor, lu_solve
            import warnings
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                lu = lu_factor(a, check_finite=False)
                return lu_solve(lu, np.eye(n), check_finite=False)


# Padé coefficients of Higham (2005), "The scaling and squaring method for the matrix
# exponential revisited", as Eigen's MatrixExponential uses them.
_PADE = {
    3: (120., 60., 12., 1.),
    5: (30240., 13440., 3360., 420., 30., 1.),
    7: (17297280., 8648640., 1995840., 277200., 25200., 1512., 56., 1.),
    9: (17643225600., 8821612800., 2075673600., 302702400., 30270240., 2162160., 110880.,
        3960., 90., 1.),
    13: (64764752532480000., 32382376266240000., 7771770303897600., 1187353796428800.,
         129060195264000., 10559470521600., 670442572800., 33522128640., 1323241920.,
         40840800., 960960., 16380., 182., 1.),
}


def _expm(a: np.ndarray) -> np.ndarray:
    """Matrix exponential by Padé approximation with scaling and squaring (Eigen's choices)."""
    n = a.shape[0]
    eye = np.eye(n)
    l1norm = float(np.abs(a).sum(axis=0).max()) if n else 0.0
    squarings = 0
    if l1norm < 1.495585217958292e-002:
        deg = 3
    elif l1norm < 2.539398330063230e-001:
        deg = 5
    elif l1norm < 9.504178996162932e-001:
        deg = 7
    elif l1norm < 2.097847961257068e+000:
        deg = 9
    else:
        deg = 13
        squarings = max(0, math.frexp(l1norm / 5.371920351148152)[1])
        a = np.ldexp(a, -squarings)
    b = _PADE[deg]
    a2 = a @ a
    if deg == 3:
        u = a @ (b[3] * a2 + b[1] * eye)
        v = b[2] * a2 + b[0] * eye
    elif deg == 5:
        a4 = a2 @ a2
        u = a @ (b[5] * a4 + b[3] * a2 + b[1] * eye)
        v = b[4] * a4 + b[2] * a2 + b[0] * eye
    elif deg == 7:
        a4 = a2 @ a2
        a6 = a4 @ a2
        u = a @ (b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * eye)
        v = b[6] * a6 + b[4] * a4 + b[2] * a2 + b[0] * eye
    elif deg == 9:
        a4 = a2 @ a2
        a6 = a4 @ a2
        a8 = a6 @ a2
        u = a @ (b[9] * a8 + b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * eye)
        v = b[8] * a8 + b[6] * a6 + b[4] * a4 + b[2] * a2 + b[0] * eye
    else:
        a4 = a2 @ a2
        a6 = a4 @ a2
        v = b[13] * a6 + b[11] * a4 + b[9] * a2
        tmp = a6 @ v + (b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * eye)
        u = a @ tmp
        tmp = b[12] * a6 + b[10] * a4 + b[8] * a2
        v = a6 @ tmp + (b[6] * a6 + b[4] * a4 + b[2] * a2 + b[0] * eye)
    with np.errstate(all='ignore'):
        try:
            res = np.linalg.solve(v - u, u + v)
        except np.linalg.LinAlgError:
            res = np.full((n, n), math.nan)
        for _ in range(squarings):
            res = res @ res
    return res


def _matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b summed over k in increasing order, as NEURON's (Eigen's) small products do;
    BLAS may sum in another order and differ in the last bit."""
    if a.shape[1] == 0:
        return np.zeros((a.shape[0], b.shape[1]))
    c = a[:, 0:1] * b[0:1, :]
    for k in range(1, a.shape[1]):
        c = c + a[:, k:k + 1] * b[k:k + 1, :]
    return c
