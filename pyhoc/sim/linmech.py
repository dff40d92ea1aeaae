"""Linear equations solved together with the cable equations (NEURON's ``LinearMechanism``,
nrndae.cpp and linmod.cpp).

A system ``c dy/dt + g y = b`` of N equations; its first k unknowns are the voltages of k
nodes and its first k equations are added to those nodes' current balance.  Each fixed step
NEURON adds ``b - g y`` to the right-hand side and ``c/dt + g`` to the matrix and solves the
whole thing (with its general sparse solver); then ``y += dy``.

Here the tree keeps its own solve: with A the tree matrix, P the k coupled nodes and E the
added block, the unknowns are the tree's dv and the extra dy.  k + 1 tree solves give
X0 = A^-1 rhs and X = A^-1 P, which leave a (k + N - k) dense system for u = P^T dv and dy;
then dv = X0 - X (E_vv u + E_ve dy).  The answer is NEURON's up to rounding (its elimination
order is not the tree's).  Models with one take the step-by-step path (not the compiled loop).
"""
from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Callable

import numpy as np

from ..errors import HocError
from . import hines

if TYPE_CHECKING:
    from .model import Model


class LinearSystem:
    """One LinearMechanism's equations and where they couple to the cell.

    ``c``, ``g``, ``b``, ``y``, ``y0`` are callables returning the present arrays (the HOC
    Matrix and Vector objects may be changed between steps); ``locations`` are (section, x)
    of the first equations; ``f`` (optional) is called before every right-hand side.
    """

    def __init__(self, model: 'Model', c: Callable, g: Callable, y: Callable, b: Callable,
                 y0: Callable | None, locations: list, f: Callable | None = None):
        self.model = model
        self.c, self.g, self.y, self.b, self.y0, self.f = c, g, y, b, y0, f
        self.locations = list(locations)
        n = len(y())
        for name, arr in (('c', c()), ('g', g())):
            if arr.shape != (n, n):
                raise HocError('LinearMechanism: %s must be a %d x %d matrix' % (name, n, n))
        if len(b()) != n or (y0 is not None and len(y0()) != n):
            raise HocError('LinearMechanism: y, y0 and b must have the same size')
        if len(self.locations) > n:
            raise HocError('LinearMechanism: more locations than equations')
        self._nodes_key = None
        self._nodes = None
        self._dy = None
        registry(model).append(weakref.ref(self))
        model._structure_changed()

    @property
    def size(self) -> int:
        return len(self.y())

    def nodes(self) -> np.ndarray:
        """Node index of each location (looked up again when the layout changes)."""
        m = self.model
        key = m.layout_version
        if self._nodes_key != key:
            out = []
            for sec, x in self.locations:
                if sec.deleted:
                    raise HocError('LinearMechanism: a coupled section was deleted')
                arr, i = sec._v_slot(sec._x_to_node(float(x)))
                if arr is not m.v:
                    raise HocError('LinearMechanism: %s is not in the model' % sec.name())
                out.append(int(i))
            self._nodes = np.array(out, dtype=np.intp)
            self._nodes_key = key
        return self._nodes

    def v2y(self) -> np.ndarray:
        y = self.y()
        k = len(self.locations)
        if k:
            y[:k] = self.model.v[self.nodes()]
        return y


def registry(model: 'Model') -> list:
    return model.__dict__.setdefault('_linmechs', [])


def active(model: 'Model') -> list:
    """The model's live linear systems (forgetting the dead ones)."""
    reg = model.__dict__.get('_linmechs')
    if not reg:
        return []
    live = [r for r in reg if r() is not None]
    if len(live) != len(reg):
        reg[:] = live
    return [r() for r in live]


def check_method(model: 'Model', cvode_active: bool) -> None:
    """NEURON's nrndae_init check: the fixed step with secondorder 0, or the variable step
    (which then integrates with IDA, pyhoc.sim.daspk)."""
    if active(model) and model.secondorder > 0 and not cvode_active:
        raise HocError('NrnDAEs only work with secondorder==0 or daspk')


def initialize(model: 'Model') -> None:
    """finitialize: y of the voltages from v, the others from y0 (or 0)."""
    for ls in active(model):
        y = ls.v2y()
        k = len(ls.locations)
        if ls.y0 is not None:
            y[k:] = ls.y0()[k:]
        else:
            y[k:] = 0.


def solve(model: 'Model', systems: list, cj: float, t_hoc: float) -> None:
    """The step's linear solve with the systems' equations added (dv left in model.rhs).
    A system's callable runs with t = ``t_hoc``, the step's start (NEURON's global t, which
    lags its thread's t + dt/2 while the matrix is set up)."""
    rhs = model.rhs
    nodes, rows, extra = [], [], 0
    for ls in systems:                     # the global index of each system's unknowns
        k, n = len(ls.locations), ls.size
        nodes.append(ls.nodes())
        rows.append(k)
        extra += n - k
    cn = np.concatenate(nodes) if nodes else np.zeros(0, dtype=np.intp)
    K = len(cn)
    E = np.zeros((K + extra, K + extra))
    r_e = np.zeros(extra)
    kv = ke = 0
    for ls, k in zip(systems, rows):
        if ls.f is not None:
            tsav = model.t
            model.t = t_hoc
            try:
                ls.f()
            finally:
                model.t = tsav
        y = ls.v2y()
        n = len(y)
        g = ls.g()
        r = ls.b() - g @ y                 # b - g*y onto the right-hand side
        gi = np.concatenate([np.arange(kv, kv + k), K + np.arange(ke, ke + n - k)])
        E[np.ix_(gi, gi)] += ls.c() * cj + g
        np.add.at(rhs, cn[kv:kv + k], r[:k])
        r_e[ke:ke + n - k] = r[k:]
        kv += k
        ke += n - k
    a, b, d, parent, nc = model.a, model.b, model.d, model.parent, model.ncell
    x0 = rhs.copy()
    hines.solve(a, b, d.copy(), x0, parent, nc)
    X = np.zeros((len(rhs), K))
    for j in range(K):
        col = np.zeros(len(rhs))
        col[cn[j]] = 1.
        hines.solve(a, b, d.copy(), col, parent, nc)
        X[:, j] = col
    G = X[cn, :]
    Evv, Eve = E[:K, :K], E[:K, K:]
    M = np.block([[np.eye(K) + G @ Evv, G @ Eve], [E[K:, :K], E[K:, K:]]])
    try:
        sol = np.linalg.solve(M, np.concatenate([x0[cn], r_e]))
    except np.linalg.LinAlgError:
        raise HocError('LinearMechanism: singular matrix') from None
    u, dy = sol[:K], sol[K:]
    rhs[:] = x0 - X @ (Evv @ u + Eve @ dy)
    model.__dict__['_linmech_dy'] = dy


def update(model: 'Model', systems: list) -> None:
    """After v += dv: y += dy (the voltages' y by their node's dv)."""
    dy = model.__dict__.pop('_linmech_dy')
    rhs = model.rhs
    ke = 0
    for ls in systems:
        y = ls.y()
        k = len(ls.locations)
        if k:
            y[:k] += rhs[ls.nodes()]
        n = len(y)
        y[k:] += dy[ke:ke + n - k]
        ke += n - k
