"""HOC's simultaneous equations: ``depvar``, ``eqn``, ``solve()``, ``eqinit()``, ``prmat()``.

``depvar x, y`` numbers scalars as unknowns; ``eqn x:: lhs = rhs`` clears row x and adds
``lhs - rhs`` linearised by finite differences (step ``Delta``, set by ``eqinit(Delta)``)
over the unknowns the expressions read; ``eqn x: lhs =`` and ``eqn x: = rhs`` add to one
side only.  ``solve()`` does one Newton step: it solves the sparse system with NEURON's
pivoting (the diagonal, else the row's largest element) and adds the correction to the
unknowns, returning the sum of |residual| and |correction|.  The arithmetic follows NEURON's
sparse solver step by step, so the iterates agree to the last bit.
"""
from __future__ import annotations

import math
from typing import Any, Callable

from ...errors import HocError
from ..symbols import Array, Kind, Sym
from . import builtin

_SLOT = Sym.value          # the slot a Sym keeps its value in
_TRACK: list = []          # the access list of the equation side being evaluated, if any


class DepSym(Sym):
    """A scalar made an unknown by ``depvar``: reading it while an equation side is evaluated
    records it (the Sym's class is switched in place, so every reference stays valid)."""

    __slots__ = ()

    @property
    def value(self) -> Any:
        if _TRACK:
            _TRACK[-1][self] = None
        return _SLOT.__get__(self)

    @value.setter
    def value(self, v: Any) -> None:
        _SLOT.__set__(self, v)


class DepList(list):
    """The storage of a double array with an element made an unknown: element reads are
    recorded as (id(storage), index) while an equation side is evaluated."""

    def __getitem__(self, k):
        if _TRACK and type(k) is int:
            _TRACK[-1][(id(self), k % len(self))] = None
        return list.__getitem__(self, k)


def _get(u) -> float:
    return _SLOT.__get__(u) if isinstance(u, Sym) else list.__getitem__(u[0], u[1])


def _set(u, v: float) -> None:
    if isinstance(u, Sym):
        _SLOT.__set__(u, v)
    else:
        list.__setitem__(u[0], u[1], v)


def _div(a: float, b: float) -> float:
    """a / b as C divides (``eqinit(0)`` makes every derivative inf or nan there)."""
    if b:
        return a / b
    if a != a:
        return a
    if a == 0.:
        return -math.nan        # (x86's default NaN has the sign bit set)
    return math.copysign(math.inf, a) * math.copysign(1., b)


class System:
    """The one equation system of an interpreter: unknowns, sparse rows, right-hand side.

    An unknown is a DepSym, or (DepList, index) for an array element; ``number`` maps what
    the reads record (the DepSym, or (id(DepList), index)) to the unknown's 1-based number."""

    def __init__(self):
        self.delta = .001
        self.unknowns: list = [None]            # 1-based, as NEURON numbers them
        self.number: dict = {}
        self.size = 0                           # the number the matrix was made for
        self._arrays: list = []                 # the Arrays given DepList storage
        self._space()

    @property
    def n(self) -> int:
        return len(self.unknowns) - 1

    def _space(self) -> None:
        n = self.size = self.n
        self.rows = [dict() for _ in range(n + 1)]    # row -> {col: value}
        self.cols = [set() for _ in range(n + 1)]     # col -> rows still to eliminate
        self.eqord = list(range(n + 1))
        self.varord = list(range(n + 1))
        self.rhs = [0.0] * (n + 1)

    def _elm(self, row: int, col: int) -> None:
        if col not in self.rows[row]:
            self.rows[row][col] = 0.0
            self.cols[col].add(row)

    # ---- building ------------------------------------------------------------------------
    def _locate(self, name: str, sym: Any, subs: list, eps: float):
        """(unknown, key) of ``name[subs]``, None where it is no user double."""
        if sym is None or type(sym) not in (Sym, DepSym):
            return None
        if sym.kind is Kind.NUM and not subs and isinstance(_SLOT.__get__(sym), float):
            return sym, sym
        if sym.kind is Kind.ARRAY and type(sym.value) is Array:
            arr = sym.value
            k = arr.flat_index(subs, eps) if subs else 0
            return (arr, k), (id(arr.data), k)
        return None

    def depvar(self, name: str, sym: Any, subs: list, eps: float = 0.) -> None:
        found = self._locate(name, sym, subs, eps)
        if found is None:
            raise HocError("%s can't be a dependent variable" % name)
        u, key = found
        if key in self.number:
            raise HocError('%s made dependent twice' % name)
        if isinstance(u, Sym):
            u.__class__ = DepSym
        else:
            arr, k = u
            if type(arr.data) is not DepList:
                arr.data = DepList(arr.data)
                self._arrays.append(arr)
            u, key = (arr.data, k), (id(arr.data), k)
        self.unknowns.append(u)
        self.number[key] = self.n

    def row_of(self, name: str, sym: Any, subs: list, eps: float = 0.) -> int:
        if self.size != self.n:
            self._space()
        found = self._locate(name, sym, subs, eps)
        row = self.number.get(found[1]) if found is not None else None
        if row is None:
            raise HocError('illegal equation name %s' % name)
        return row

    def clear_row(self, row: int) -> None:
        r = self.rows[row]
        for col in r:
            r[col] = 0.0
        self.rhs[row] = 0.0

    def side(self, row: int, expr: Callable[[], float], lhs: bool) -> None:
        """Add one side of an equation to ``row``: its value to the right-hand side, its
        finite-difference derivatives to the row's elements."""
        _TRACK.append({})
        try:
            f0 = expr()
        finally:
            seen = _TRACK.pop()
        if not lhs:
            f0 = -f0
        self.rhs[row] -= f0
        delta = self.delta
        number = self.number
        for key in reversed(list(seen)):         # (NEURON's access list is last-read first)
            col = number.get(key)
            if col is None:
                continue
            u = self.unknowns[col]
            _set(u, _get(u) + delta)
            try:
                f1 = expr()
            finally:
                _set(u, _get(u) - delta)
            if not lhs:
                f1 = -f1
            self._elm(row, col)
            self.rows[row][col] += _div(f1 - f0, delta)

    # ---- solving -------------------------------------------------------------------------
    def _matsol(self) -> bool:
        rows, cols, rhs = self.rows, self.cols, self.rhs
        eqord, varord, n = self.eqord, self.varord, self.n
        for i in range(1, n + 1):
            prow = eqord[i]
            pcol = varord[i]
            self._elm(prow, pcol)
            if abs(rows[prow][pcol]) <= 0.:
                del rows[prow][pcol]
                self.cols[pcol].discard(prow)
                big, pcol = 0., None
                for col in sorted(rows[prow]):
                    if abs(rows[prow][col]) > big:
                        big, pcol = abs(rows[prow][col]), col
                if pcol is None:
                    return False
                j = varord.index(pcol, i)
                varord[j] = varord[i]
                varord[i] = pcol
            pivot = rows[prow][pcol]
            prow_items = sorted(rows[prow].items())
            for q in list(cols[pcol]):
                if q == prow:
                    continue
                r = rows[q][pcol] / pivot
                rhs[q] -= rhs[prow] * r
                rq = rows[q]
                for col, v in prow_items:
                    if col != pcol:
                        if col not in rq:
                            rq[col] = 0.0
                            cols[col].add(q)
                        rq[col] -= v * r
                del rq[pcol]
                cols[pcol].discard(q)
            for col in rows[prow]:
                cols[col].discard(prow)
        for i in range(n, 0, -1):
            row = eqord[i]
            pivot = None
            for col, v in sorted(rows[row].items()):
                if col == varord[i]:
                    pivot = v
                else:
                    rhs[row] -= v * rhs[col]
            rhs[row] /= pivot
        return True

    def solve(self) -> float:
        n = self.n
        if self.size != n:
            self._space()
        rhs = self.rhs
        total = 0.
        for i in range(1, n + 1):
            total += abs(rhs[i])
        if not self._matsol():
            raise HocError('indeterminate system')
        for i in range(1, n + 1):
            u = self.unknowns[self.varord[i]]
            _set(u, _get(u) + rhs[self.eqord[i]])
            total += abs(rhs[i])
        for i in range(1, n + 1):
            self.rows[i] = {}
            self.cols[i] = set()
        return total

    def reset(self) -> None:
        for u in self.unknowns[1:]:
            if isinstance(u, Sym):
                u.__class__ = Sym
        self.arrays_back()
        self.unknowns = [None]
        self.number = {}
        self._space()

    def arrays_back(self) -> None:
        """Plain storage again for the arrays that held unknowns."""
        for sym_arr in self._arrays:
            sym_arr.data = list(sym_arr.data)
        self._arrays = []

    def prmat(self) -> str:
        """NEURON's picture of the matrix: a '*' where an element is."""
        n = self.n
        out = ['\n\n    ']
        out.extend('         %d' % ((i % 100) // 10) for i in range(10, n + 1, 10))
        out.append('\n    ')
        out.extend('%d' % (i % 10) for i in range(1, n + 1))
        out.append('\n\n')
        for i in range(1, n + 1):
            line = ['%3d ' % i]
            j = 0
            rows = self.rows[i] if i < len(self.rows) else {}
            for col in sorted(rows):
                line.append(' ' * (col - j - 1) + '*')
                j = col
            out.append(''.join(line) + '\n')
        return ''.join(out)


def system(interp) -> System:
    s = interp.__dict__.get('_equations')
    if s is None:
        s = interp._equations = System()
    return s


@builtin('eqinit')
def eqinit(interp, delta=None):
    s = system(interp)
    if delta is not None:
        s.delta = float(delta)
    s.reset()
    return 0.0


@builtin('solve')
def solve(interp):
    return system(interp).solve()


@builtin('prmat')
def prmat(interp):
    interp.write(system(interp).prmat())
    return 1.0
