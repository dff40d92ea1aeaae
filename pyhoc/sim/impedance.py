"""Small-signal impedance of a cell at the present state (NEURON's ``Impedance``).

The membrane is linearised about the present v and states and a sinusoidal current of 1 nA at
frequency f is injected at one node; the complex node voltages (mV, i.e. MOhm) are found by the
tree solve with complex numbers.

* ``compute(f)`` (NEURON's impedanc.cpp): the diagonal is the conductance the fixed step
  would put there with the capacitance left out (mechanism dI/dv at the present states and the
  axial terms), plus j*omega*cm; one elimination gives the transfer impedance from the
  stimulus node to every node (by reciprocity also from every node to it) and the input
  impedance of every node.
* ``compute(f, 1)`` (nonlinz.cpp): the states of the mechanisms that have a DERIVATIVE block
  enter too.  Each derivative is NEURON's forward difference (delta = deltafac for states,
  deltafac * the v tolerance for v): dI/dv, dI/ds, ds'/dv and ds'/ds.  As in NEURON 9, the
  j*omega of a state's row is overwritten by its own ds'/ds (nonlinz.cpp dsds assigns), so
  the states enter at their zero-frequency (steady) linearisation.  NEURON solves the whole
  sparse system; here the states of each mechanism instance, which couple only to each other
  and to the voltage of their node, are eliminated first (a Schur complement on that node's
  diagonal), leaving the same tree system.  The answers agree to rounding.
  NEURON 9.0.2 evaluates each instance's current with the first instance's variables (see
  NEURON9_FIRST_INSTANCE, on by default so models give NEURON's numbers).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..errors import HocError

if TYPE_CHECKING:
    from .model import Model

#: compute(f, 1) as NEURON 9.0.2 does it (the default, so models give NEURON's numbers): there
#: every instance of a mechanism with more than one is evaluated with the first instance's
#: variables (nonlinz.cpp's one-instance Memb_list keeps the whole list's storage offset):
#: dI/dv at each node uses the first instance's parameters and states, and only the first
#: instance's states enter through dI/ds.  False: each instance's own variables (the physically
#: correct linearisation, which equals the slope of a simulation).
NEURON9_FIRST_INSTANCE = True


class ImpedanceSolver:
    """The linearised system of one Model at one frequency and its solution for a stimulus."""

    def __init__(self, model: 'Model'):
        self.model = model
        self.key = None
        self.d = None            # the triangularised complex diagonal
        self.pivot = None
        self.extended = False
        self.istim = -1
        self.transfer = None     # linear mode: v at every node for 1 nA at istim
        self.input = None        # linear mode: input impedance of every node
        self._stim = -2          # extended mode: the injection site solved for in _v
        self._v = None

    # ------------------------------------------------------------------ setting up
    def compute(self, freq: float, extended: bool, istim: int, deltafac: float) -> None:
        model = self.model
        model.ensure_built()
        if 'extracellular' in model.blocks:
            raise HocError('Impedance calculation with extracellular not implemented')
        if extended and model.__dict__.get('_linmechs'):
            from . import linmech
            if linmech.active(model):
                raise HocError('Impedance calculation with LinearMechanism not implemented')
        omega = 1e-6 * 2 * 3.14159265358979323846 * float(freq)   # wC in mho/cm2
        self.istim = istim
        self.extended = extended
        saved = _Snapshot(model)
        try:
            if extended:
                diag = self._extended_diagonal(1000. * omega, deltafac)
            else:
                diag = self._linear_diagonal(omega)
        finally:
            saved.restore()
        self._triangularise(diag)
        self._stim = -2
        self.key = (model.structure_version, model.layout_version)
        if not extended:
            self._solve_linear()

    def _linear_diagonal(self, omega: float) -> np.ndarray:
        """setmat: d = the fixed step's conductances with cj = 0, plus j*omega*cm."""
        model = self.model
        from . import fixed_step
        lay = fixed_step._layout(model)
        model.rhs.fill(0.)
        for mt, blk in lay.active:            # nrn_rhs (mechanisms set g while computing i)
            mt.current(blk)
        d = model.d
        d.fill(0.)
        for mt, blk in lay.jacobs:            # nrn_lhs with cj = 0
            mt.jacob(blk)
        _axial_onto(model, d)
        diag = d.astype(complex)
        cap = model.blocks.get('capacitance')
        if cap is not None:
            diag[cap.node] += 1j * (cap.arrays['cm'] * omega)
        return diag

    def _extended_diagonal(self, omega: float, deltafac: float) -> np.ndarray:
        """nonlinz.cpp's didv, dids, dsdv and dsds, the states eliminated node by node."""
        model = self.model
        n = len(model.v)
        real = np.zeros(n)
        _axial_onto(model, real)
        diag = real.astype(complex)
        cap = model.blocks.get('capacitance')
        if cap is not None:
            diag[cap.node] += .001 * cap.arrays['cm'] * omega * 1j
        scale = _tolerances(model)
        vtol = scale.get('v', 0.)
        delta = (vtol if vtol != 0. else 1.) * deltafac
        v, rhs = model.v, model.rhs
        v0 = v.copy()
        for mt in model.type_order:
            blk = model.blocks.get(mt.name)
            if blk is None or mt.name == 'capacitance' or not mt.has_current or blk.n == 0:
                continue
            if mt.is_ion or mt.artificial:
                continue                       # (no current onto rhs)
            nodes = np.unique(blk.node)
            # dI/dv at fixed states
            first = NEURON9_FIRST_INSTANCE and blk.n > 1
            if first:       # every instance's current from the first instance's variables
                data = blk.data.copy()
                blk.data[:] = data[:, :1]
            rhs.fill(0.)
            v[nodes] = v0[nodes] + delta
            mt.current(blk)
            x2 = rhs.copy()
            rhs.fill(0.)
            v[nodes] = v0[nodes]
            mt.current(blk)
            diag -= (x2 - rhs) / delta
            if first:
                blk.data[:] = data
            if not mt.has_ode or not mt.states:
                continue
            diag -= self._state_terms(mt, blk, nodes, v0, delta, deltafac, omega, scale, first)
        return diag

    def _state_terms(self, mt, blk, nodes, v0, delta, deltafac, omega, scale,
                     first=False) -> np.ndarray:
        """sum over instances at each node of M_vs M_ss^-1 M_sv (the eliminated states);
        ``first``: as NEURON 9.0.2, only the first instance's states reach the current."""
        model = self.model
        v, rhs = model.v, model.rhs
        a = blk.arrays
        states = list(mt.states)
        cnt, ni = len(states), blk.n
        dvec = np.array([deltafac * (scale.get(mt.hoc_name(s), 0.) or 1.) for s in states])
        # ds'/dv (dsdv): v raised once per node
        v[nodes] = v0[nodes] + delta
        f_up = np.array(mt.derivatives(blk), dtype=float).reshape(cnt, ni)
        v[nodes] = v0[nodes]
        f0 = np.array(mt.derivatives(blk), dtype=float).reshape(cnt, ni)
        m_sv = -(f_up - f0) / delta                           # (cnt, ni)
        # ds'/ds (dsds): one state raised at a time in every instance
        m_ss = np.zeros((ni, cnt, cnt), dtype=complex)
        for k, s in enumerate(states):
            s0 = a[s].copy()
            a[s][:] = s0 + dvec[k]
            fk = np.array(mt.derivatives(blk), dtype=float).reshape(cnt, ni)
            a[s][:] = s0
            m_ss[:, :, k] = (-(fk - f0) / dvec[:, None]).T
        # NEURON adds j*omega to the diagonal first and then assigns every nonzero -ds/ds
        # over it, so j*omega stays only where a state's own derivative is 0
        idx = np.arange(cnt)
        dg = m_ss[:, idx, idx]
        m_ss[:, idx, idx] = np.where(dg != 0, dg, omega * 1j)
        mt.derivatives(blk)                  # (leave the rates of the base states)
        # dI/ds (dids): instances at one node in rounds, so each difference is one instance's
        rank = _rank_at_node(blk.node)
        m_vs = np.zeros((ni, cnt))
        for r in range(int(rank.max()) + 1 if ni else 0):
            sel = np.flatnonzero(rank == r)
            nd = blk.node[sel]
            rhs.fill(0.)
            mt.current(blk)
            base = rhs[nd].copy()
            for k, s in enumerate(states):
                s0 = a[s].copy()
                a[s][sel] = s0[sel] + dvec[k]
                rhs.fill(0.)
                mt.current(blk)
                a[s][:] = s0
                m_vs[sel, k] = -(rhs[nd] - base) / dvec[k]    # NEURON's -g, g = d(rhs)/ds
        rhs.fill(0.)
        mt.current(blk)
        if first:           # the others' dI/ds are 0: their currents read the first's states
            m_vs[1:] = 0.
        x = np.linalg.solve(m_ss, m_sv.T[:, :, None].astype(complex))[:, :, 0]   # (ni, cnt)
        contrib = np.einsum('ik,ik->i', m_vs.astype(complex), x)
        out = np.zeros(len(model.v), dtype=complex)
        np.add.at(out, blk.node, contrib)
        return out

    def _triangularise(self, diag: np.ndarray) -> None:
        """LUDecomp: eliminate from the last node to the first (parent[i] < i)."""
        model = self.model
        a, b, parent, nc = model.a, model.b, model.parent, model.ncell
        d = diag.tolist()
        pivot = [0j] * len(d)
        al, bl, pl = a.tolist(), b.tolist(), parent.tolist()
        for i in range(len(d) - 1, nc - 1, -1):
            p = al[i] / d[i]
            pivot[i] = p
            d[pl[i]] -= p * bl[i]
        self.d, self.pivot = d, pivot

    # ------------------------------------------------------------------ solutions
    def _solve_linear(self) -> None:
        """Imp::solve: transfer from istim to every node, input impedance of every node."""
        model = self.model
        d, pivot, nc = self.d, self.pivot, model.ncell
        bl, pl, area = model.b.tolist(), model.parent.tolist(), model.area.tolist()
        n = len(d)
        tr = [0j] * n
        inp = [0j] * n
        istim = self.istim
        tr[istim] = 1.e2 / area[istim]
        for i in range(istim, nc - 1, -1):
            tr[pl[i]] -= tr[i] * pivot[i]
        for i in range(nc):
            tr[i] /= d[i]
            inp[i] = 1. / d[i]
        for i in range(nc, n):
            ip = pl[i]
            tr[i] -= bl[i] * tr[ip]
            tr[i] /= d[i]
            inp[i] = (1 + inp[ip] * pivot[i] * bl[i]) / d[i]
        for i in range(nc, n):
            inp[i] *= 1e2 / area[i]
        self.transfer, self.input = tr, inp

    def _solve_at(self, iloc: int) -> list:
        """Extended mode: node voltages for 1 nA injected at node iloc (cached)."""
        if self._stim != iloc:
            model = self.model
            d, pivot, nc = self.d, self.pivot, model.ncell
            bl, pl = model.b.tolist(), model.parent.tolist()
            n = len(d)
            x = [0j] * n
            if iloc >= 0:
                x[iloc] = 1.e2 / float(model.area[iloc])
                for i in range(iloc, nc - 1, -1):
                    x[pl[i]] -= x[i] * pivot[i]
                for i in range(nc):
                    x[i] /= d[i]
                for i in range(nc, n):
                    x[i] = (x[i] - bl[i] * x[pl[i]]) / d[i]
            self._v, self._stim = x, iloc
        return self._v

    def _check(self) -> None:
        if self.d is None:
            raise HocError('Must call Impedance.compute first')
        m = self.model
        if self.key != (m.structure_version, m.layout_version):
            raise HocError('Impedance: the model changed since compute(); call compute again')

    def transfer_at(self, vloc: int) -> complex:
        self._check()
        if self.extended:
            return self._solve_at(self.istim)[vloc]
        return self.transfer[vloc]

    def input_at(self, vloc: int) -> complex:
        self._check()
        if self.extended:
            return 0j if vloc < 0 else self._solve_at(vloc)[vloc]
        return self.input[vloc]

    def ratio_at(self, vloc: int) -> float:
        """|v(stimulus node) / v(x)| with the current injected at x."""
        self._check()
        if self.extended:
            if vloc < 0:
                return 0.
            x = self._solve_at(vloc)
            z = x[self.istim] * x[vloc].conjugate() / _norm(x[vloc])
            return abs(z)
        return abs(self.transfer[vloc] / self.input[vloc])


def _norm(z: complex) -> float:
    return z.real * z.real + z.imag * z.imag


def _axial_onto(model: 'Model', d: np.ndarray) -> None:
    """The axial terms of the diagonal, in the fixed step's order: d[i] -= b[i], then
    d[parent[i]] -= a[i] over the children in increasing index."""
    nc = model.ncell
    d[nc:] -= model.b[nc:]
    np.subtract.at(d, model.parent[nc:], model.a[nc:])


def _rank_at_node(node: np.ndarray) -> np.ndarray:
    """For each instance, how many instances before it sit at the same node."""
    rank = np.zeros(len(node), dtype=np.intp)
    seen: dict = {}
    for k, nd in enumerate(node.tolist()):
        rank[k] = seen.get(nd, 0)
        seen[nd] = rank[k] + 1
    return rank


def _tolerances(model: 'Model') -> dict:
    """The atolscale factors set by cvode.atolscale (NEURON's symbol tolerances)."""
    cv = model.__dict__.get('_cvode')
    return dict(getattr(cv, 'atolscale', {}) or {})


class _Snapshot:
    """The node and mechanism arrays the derivative evaluations disturb, restored after."""

    def __init__(self, model: 'Model'):
        self.model = model
        self.v = model.v.copy()
        self.rhs = model.rhs.copy()
        self.d = model.d.copy()
        self.blocks = [(blk, blk.data.copy(), blk.g.copy()) for blk in model.blocks.values()]

    def restore(self) -> None:
        m = self.model
        m.v[:] = self.v
        m.rhs[:] = self.rhs
        m.d[:] = self.d
        for blk, data, g in self.blocks:
            blk.data[...] = data
            blk.g[:] = g


def node_of(model: 'Model', sec, x: float) -> int:
    """NEURON's node_exact(sec, x) as an index into the Model's node arrays."""
    model.ensure_built()
    arr, i = sec._v_slot(sec._x_to_node(float(x)))
    if arr is not model.v:
        raise HocError('Impedance: %s is not in the model' % sec.name())
    return int(i)

