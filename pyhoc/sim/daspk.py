"""NEURON's DAE form of the cable equations for IDA (``cvode.use_daspk``, nrndaspk.cpp and
Cvode::res / Cvode::psol): C y' = f(y) over every node, extracellular layer, LinearMechanism
unknown and mechanism state, solved by pyhoc.sim.ida.

y holds, in order: the internal potential vi of every node (vm + vext[0] where there is
``extracellular``, vm elsewhere; nodes without capacitance are algebraic), the extracellular
layers (layer-major), the LinearMechanism unknowns that are not node voltages, then the
mechanism STATEs in CVode's order (pyhoc.sim.cvode's layout, placed, differentiated and
solved by CVode's own functions: ion concentration STATEs, synonyms, KINETIC matrices and
LONGITUDINAL_DIFFUSION alike).  f is the fixed step's
right-hand side (currents, axial terms, the extracellular system, b - g y of each
LinearMechanism) and the states' DERIVATIVE; C is the capacitance (1e-3 cm on vm, 1e-3 xc
between layers, c of each LinearMechanism, 1 for a state).  IDA's residual is C y' - f and its
Newton matrix cj C - df/dy, the fixed step's matrix with dt = 1/cj (the states' part
diagonal: cj - d(state')/d(state), as NEURON: CVode's state solve at gamma = 1/cj, times 1/cj).

The initial y' is NEURON's: two backward Euler steps of 1e-9 ms fix the algebraic voltages,
a third gives y' = dy/1e-9 for the voltages; the states' y' is their DERIVATIVE.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..errors import HocError
from . import cvode, extracellular, fixed_step, linmech
from .mechanisms.extracellular import NLAYER

if TYPE_CHECKING:
    from .cvode import CvodeState

DTEPS = 1e-9        # Daspk::dteps_ (cvode.dae_init_dteps)


def wanted(cv: 'CvodeState') -> bool:
    """NEURON's choice of IDA: use_daspk(1), or extracellular or a LinearMechanism present."""
    m = cv.model
    return bool(cv.use_daspk or 'extracellular' in m.blocks or linmech.active(m))


class Dae:
    """The residual, Newton solve and consistent start of one layout of the model."""

    def __init__(self, cv: 'CvodeState'):
        self.cv = cv
        m = self.m = cv.model
        L = self.L = cv.layout
        self.n = n = len(m.v)
        cap = m.blocks.get('capacitance')
        self.capnode = L.capnode
        self.c_cap = 1e-3 * cap.arrays['cm'] if cap is not None else np.zeros(0)
        self.xblk = m.blocks.get('extracellular')
        off = n
        if self.xblk is not None:
            st = extracellular._state(m, self.xblk)
            self.st = st
            self.xm = st.m
            self.ext_of = np.full(n, -1, dtype=np.intp)    # y index of vext[0] of a node
            self.ext_of[st.nodes] = n + np.arange(st.m)
            self.cap_ext = self.ext_of[self.capnode]
            off += NLAYER * st.m
        self.systems = linmech.active(m)
        self.lm = []                                # (system, k, global indices of its y)
        for ls in self.systems:
            k = len(ls.locations)
            extra = ls.size - k
            gi = np.concatenate([ls.nodes(), off + np.arange(extra)]).astype(np.intp)
            self.lm.append((ls, k, gi))
            off += extra
        self.nalg = off                             # voltages, layers, linear unknowns
        self.size = off + (L.size - L.nv)           # then the mechanism states
        self.f = np.zeros(self.size)
        self.diag: list = []
        self.M = None
        self.M_key = None
        self.lu = None

    def atol(self, atol: float, scale: dict) -> np.ndarray:
        """atol per component: the voltage scale on every potential, CVode's on the states."""
        sv = scale.get('v')
        vs = sv if sv is not None and 0 < sv < 1 else 1.0
        out = np.full(self.size, float(atol))
        out[:self.nalg] *= vs
        out[self.nalg:] = self.L.atol(atol, scale)[self.L.nv:]
        return out

    # ---------------------------------------------------------------- y <-> model
    def gather(self, y: np.ndarray | None = None) -> np.ndarray:
        m, n = self.m, self.n
        if y is None:
            y = np.empty(self.size)
        y[:n] = m.v
        if self.xblk is not None:
            st = extracellular._state(m, self.xblk)
            y[n:n + NLAYER * st.m] = st.vx.ravel()
            y[st.nodes] += st.vx[0]
        for ls, k, gi in self.lm:
            y[gi[k:]] = ls.y()[k:]
        cvode._gather_states(m, self.L, self._states(y))
        return y

    def scatter(self, y: np.ndarray) -> None:
        m, n = self.m, self.n
        m.v[:] = y[:n]
        if self.xblk is not None:
            st = self.st
            st.vx[:] = y[n:n + NLAYER * st.m].reshape(NLAYER, st.m)
            m.v[st.nodes] -= st.vx[0]
            for j in range(NLAYER):
                self.xblk.arrays['vext%d' % j][:] = st.vx[j, :st.nb]
        for ls, k, gi in self.lm:
            yy = ls.y()
            yy[:k] = y[gi[:k]]
            yy[k:] = y[gi[k:]]
        cvode._scatter_states(m, self.L, self._states(y))

    def _states(self, y: np.ndarray) -> np.ndarray:
        """The view of y (or f, or b) whose indices are CVode's layout's: its states start at
        L.nv, as they do in CVode's y."""
        return y[self.nalg - self.L.nv:]

    # ---------------------------------------------------------------- f and the matrix
    def evaluate(self, t: float, y: np.ndarray, cj: float) -> None:
        """f(y) into self.f and the states' Jacobian diagonal into self.dd; the model is left
        with the fixed step's d at dt = 1/cj, from which ``matrix`` builds the rest."""
        m, n = self.m, self.n
        self.scatter(y)
        m.t = t
        pr = m.playrec
        if pr is not None:
            pr.play_continuous()
        dtsav, so = m.dt, m.secondorder
        m.dt = 1.0 / cj if cj > 0 else np.inf
        m.secondorder = 0
        try:
            fixed_step.setup_tree_matrix(m)
            f = self.f
            if self.xblk is not None:
                r = extracellular.assemble(m, self.xblk, cj, False)[1]
                f[:len(r)] = r
            else:
                f[:n] = m.rhs
            if self.lm:
                f[n if self.xblk is None else len(r):self.nalg] = 0.0
                for ls, k, gi in self.lm:
                    if ls.f is not None:
                        ls.f()
                    np.add.at(f, gi, ls.b() - ls.g() @ ls.y())
        finally:
            m.dt, m.secondorder = dtsav, so
        self.diag = cvode._derivatives(m, self.L, self._states(self.f))
        self.M = None
        self.M_key = cj
        self.lu = None

    def matrix(self, cj: float) -> None:
        """The Newton matrix of the voltages, layers and linear unknowns (self.M) at the
        point and cj of the last ``evaluate``: the tree (or the extracellular system), then
        c cj + g of each LinearMechanism."""
        import scipy.sparse as sp
        m, n = self.m, self.n
        if self.xblk is not None:
            M = extracellular.assemble(m, self.xblk, cj)[0].tocoo()
            rows, cols, vals = [M.row], [M.col], [M.data]
        else:
            nc = m.ncell
            idx = np.arange(n)
            rows = [idx, idx[nc:], m.parent[nc:]]
            cols = [idx, m.parent[nc:], idx[nc:]]
            vals = [m.d, m.b[nc:], m.a[nc:]]
        for ls, k, gi in self.lm:
            E = ls.c() * cj + ls.g()
            r, c = np.nonzero(E)
            rows.append(gi[r])
            cols.append(gi[c])
            vals.append(E[r, c])
        N = self.nalg
        self.M = sp.csc_matrix((np.concatenate(vals), (np.concatenate(rows),
                                                       np.concatenate(cols))), shape=(N, N))
        self.lu = None

    def cyp(self, yp: np.ndarray, out: np.ndarray) -> np.ndarray:
        """C y' (Cvode::res): the capacitive currents, layer to layer, c of each
        LinearMechanism, y' of the states; also i_cap."""
        out[:] = 0.0
        cn = self.capnode
        if self.xblk is not None:
            st = self.st
            has = self.cap_ext >= 0
            vmp = yp[cn].copy()
            vmp[has] -= yp[self.cap_ext[has]]
            cdvm = self.c_cap * vmp
            out[cn] += cdvm
            np.subtract.at(out, self.cap_ext[has], cdvm[has])
            xg, xc, e = st.params(self.xblk)
            base = self.n
            mm = st.m
            last = base + (NLAYER - 1) * mm
            out[last:last + mm] += 1e-3 * xc[NLAYER - 1] * yp[last:last + mm]
            for j in range(NLAYER - 2, -1, -1):
                a = base + j * mm
                x = 1e-3 * xc[j] * (yp[a:a + mm] - yp[a + mm:a + 2 * mm])
                out[a:a + mm] += x
                out[a + mm:a + 2 * mm] -= x
        else:
            cdvm = self.c_cap * yp[cn]
            out[cn] += cdvm
        cap = self.m.blocks.get('capacitance')
        if cap is not None:
            cap.arrays['i_cap'][:] = cdvm
        self.cdvm = cdvm
        for ls, k, gi in self.lm:
            out[gi] += ls.c() @ yp[gi]
        out[self.nalg:] = yp[self.nalg:]
        return out

    # ---------------------------------------------------------------- IDA's callbacks
    def res(self, t: float, y: np.ndarray, yp: np.ndarray, delta: np.ndarray) -> None:
        """delta = C y' - f(t, y) (the sign IDA's Newton expects)."""
        cj = self.ida.cj if self.ida is not None and self.ida.cj > 0 else 1.0 / DTEPS
        self.evaluate(t, y, cj)
        self.cyp(yp, delta)
        delta -= self.f
        self.cv.stats['nfev'] += 1
        self._membrane()
        fim = self.m.fast_imem_arrays()
        if fim is not None:         # i_membrane_: the membrane current plus the capacitive
            cvode._calc_fast_imem(self.m, self.L, fim, self.cdvm)

    def _membrane(self) -> None:
        """extracellular's i_membrane: the membrane current sav_rhs plus the capacitive
        current (NEURON's res)."""
        if self.xblk is not None:
            st = self.st
            im = st.sav_rhs.copy()
            cap = self.m.blocks.get('capacitance')
            if cap is not None:
                ic = np.zeros(len(self.m.v))
                ic[self.capnode] = cap.arrays['i_cap']
                im += ic[st.nodes]
            st.i_mem = im
            self.xblk.arrays['i_membrane'][:] = im[:st.nb]

    def psol(self, b: np.ndarray, cj: float) -> None:
        """Solve (cj C - df/dy) x = b in place with the matrix at the last res's y (IDA
        calls it right after res at the same y and cj)."""
        self.cv.stats['nsolve'] += 1
        if self.M is None or self.M_key != cj:
            if self.M_key != cj:
                self.evaluate(self.ida.tn, self.ida.y, cj)
            self.matrix(cj)
        if self.lu is None:
            self.lu = _factor(self.M)
        na = self.nalg
        b[:na] = self.lu.solve(b[:na])
        dt = 1.0 / cj       # (Cvode::psol: CVode's state solve at gamma = dt, scaled by dt)
        cvode._solve_states(self.m, self.L, self._states(b), dt, self.diag)
        b[na:] *= dt

    # ---------------------------------------------------------------- start
    def consistent(self, t0: float):
        """(y0, y0') at t0 (Daspk::init's heuristic): two backward Euler steps of DTEPS
        for the potentials and linear unknowns, then y' from a third."""
        y = self.gather()
        na = self.nalg
        cj = 1.0 / DTEPS
        for upd in (1, 1, 0):
            self.evaluate(t0, y, cj)
            self.matrix(cj)
            dx = _factor(self.M).solve(self.f[:na].copy())
            if upd:
                y[:na] += dx
        yp = np.zeros(self.size)
        yp[:na] = dx * cj
        yp[na:] = self.f[na:]
        self.scatter(y)
        return y, yp

    ida = None


def _factor(M):
    """SuperLU's factors of M.  An exactly singular M (a potential the equations leave free:
    xraxial = 0...) is NEURON's 'variable step integrator error', not SciPy's RuntimeError
    (NEURON reaches it at the first step, its sparse13 having solved on with NaNs)."""
    from scipy.sparse.linalg import splu
    try:
        return splu(M)
    except RuntimeError:        # ('Factor is exactly singular')
        raise HocError('variable step integrator error') from None


def init(cv: 'CvodeState', t0: float) -> None:
    """Cvode::init under IDA: the problem for the present layout, the integrator for the
    present settings, restarted at t0 from consistent (y, y')."""
    from .ida import IDA
    m = cv.model
    dae = cv.dae
    if dae is None or dae.L is not cv.layout:
        dae = cv.dae = Dae(cv)
        cv.bdf = None
    cv._fast = None
    settings = ('ida', cv.atol, cv.rtol, cv.maxorder, cv.maxstep, cv.minstep,
                tuple(sorted(cv.atolscale.items())))
    if cv.bdf is None or cv._tsettings != settings:
        cv.bdf = IDA(dae.res, dae.psol, dae.size, dae.atol(cv.atol, cv.atolscale), cv.rtol,
                     cv.maxorder, cv.maxstep, cv.minstep)
        cv._tsettings = settings
    dae.ida = cv.bdf
    with np.errstate(all='ignore'):     # (as NEURON's C: an inf or NaN shows in the values)
        y0, yp0 = dae.consistent(t0)
        cv.bdf.reinit(t0, y0, yp0)
        dae.res(t0, y0, yp0, np.empty(dae.size))
    m.t = t0
