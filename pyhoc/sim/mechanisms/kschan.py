"""Channels defined at run time (NEURON's KSChan, the Channel Builder's channels).

A ``Channel`` describes one channel: its name, ion, current-voltage relation, default gmax and
erev, its states (HH-style states first, then kinetic-scheme states grouped by gating
complex), its gating complexes (states summed with a fraction of conductance each, raised to
a power) and its transitions (an HH state's one transition, then voltage-gated kinetic
transitions, then ligand-gated ones).  ``register`` makes it a mechanism type of a Model (a
density mechanism ``insert``-able by its name, or a point process).

The equations are the module-level functions over arrays (``hh_rates``, ``ks_matrix``,
``conductance``, ``hh_update``, ``ks_solve``); the ``KSChanType`` kernels only gather their
arguments from the block.  Numerics follow NEURON 9's kschan.cpp: an HH state moves by
x += (inf - x)*(1 - exp(-dt/tau)) (or NEURON's dt-dependent table), kinetic states by the
implicit step (M - I/dt) y' = -y/dt, initialised by that step with dt = 1e9.
"""
from __future__ import annotations

import math
from typing import Callable, ClassVar

import numpy as np

from ...errors import HocError
from .base import (Block, MechanismType, add_point_rhs, exp_array, install, next_type_index,
                   node_index, uninstall)

E_OVER_K = .001 * 1.602176634e-19 / 1.380649e-23       # e/k (K/mV), CODATA 2018
EXP700 = math.exp(700.)
EXPM700 = math.exp(-700.)


# ---------------------------------------------------------------------------- rate functions
def ks_exp(x: np.ndarray) -> np.ndarray:
    """KSChanFunction::Exp: exp with its argument clipped to [-700, 700]."""
    x = np.clip(np.asarray(x, dtype=float), -700., 700.)
    return exp_array(x, True)


class RateFunction:
    """One rate function of a transition: ``ftype`` (1 constant, 2 exp, 3 linoid (x/(1-e^-x)),
    4 sigmoid, 5/6 Borg-Graham inf/tau, 7 table over [vmin, vmax]) and its parameter vector
    (``params()`` returns the live values: the HOC Vector it was given)."""

    __slots__ = ('ftype', 'params', 'vmin', 'vmax', 'source')

    def __init__(self, ftype: int, params: Callable[[], np.ndarray], vmin: float = -100.,
                 vmax: float = 50., source=None):
        self.source = source             # what params() reads (the HOC Vector)
        self.ftype = int(ftype)
        self.params = params
        self.vmin, self.vmax = float(vmin), float(vmax)
        if self.ftype == 7:
            c = params()
            if not self.vmax > self.vmin or len(c) < 2:
                raise HocError('KSTrans.set_f: a table needs vmax > vmin and 2 or more values')

    def c(self, i: int) -> float:
        return float(self.params()[i])

    def __call__(self, v: np.ndarray, celsius: float) -> np.ndarray:
        t = self.ftype
        c = np.asarray(self.params(), dtype=float)
        v = np.asarray(v, dtype=float)
        if t == 1:
            return np.full(v.shape, c[0])
        if t == 2:
            return c[0] * ks_exp(c[1] * (v - c[2]))
        if t == 3:
            x = c[1] * (v - c[2])
            small = np.abs(x) <= 1e-6
            with np.errstate(divide='ignore', invalid='ignore'):
                r = c[0] * x / (1. - ks_exp(-x))
            return np.where(small, c[0] * (1. + x / 2.), r)
        if t == 4:
            return c[0] / (1. + ks_exp(c[1] * (v - c[2])))
        if t in (5, 6):
            inf, tau = self.borg_graham(v, celsius)
            return inf if t == 5 else tau
        if t == 7:
            n = len(c)
            dvinv = (n - 1) / (self.vmax - self.vmin)
            x = (v - self.vmin) * dvinv
            i = np.clip(x.astype(np.intp), 0, n - 2)
            r = c[i] + (c[i + 1] - c[i]) * (x - np.floor(x))
            r = np.where(v <= self.vmin, c[0], r)
            return np.where(v >= self.vmax, c[n - 1], r)
        return np.ones(v.shape)

    def borg_graham(self, v: np.ndarray, celsius: float):
        """(inf, tau) of the Borg-Graham form a' = K e^(gam x), b' = K e^((gam-1) x),
        x = z (v - vhalf) e/kT; tau = 1/(a' + b') + tau0."""
        c = np.asarray(self.params(), dtype=float)
        x = E_OVER_K / (273.15 + celsius) * c[2] * (v - c[1])
        ap = c[0] * ks_exp(c[3] * x)
        bp = c[0] * ks_exp((c[3] - 1.) * x)
        tau = 1. / (ap + bp)
        return ap * tau, tau + c[4]


# ---------------------------------------------------------------------------- structure
class KSState:
    __slots__ = ('name', 'frac', 'hoc')

    def __init__(self, name: str, frac: float):
        self.name, self.frac, self.hoc = name, float(frac), None


class KSGate:
    __slots__ = ('sindex', 'nstate', 'power', 'hoc')

    def __init__(self, sindex: int, nstate: int, power: int):
        self.sindex, self.nstate, self.power, self.hoc = sindex, nstate, int(power), None


class KSTrans:
    """A transition src -> target: type 0 alpha/beta (f0, f1), 1 inf/tau, 2 and 3 ligand
    (outside, inside: rate f0.c(0)*conc^stoichiometry forward, f1.c(0) back)."""

    __slots__ = ('src', 'target', 'type', 'ligand', 'f0', 'f1', 'stoich', 'hoc')

    def __init__(self, src: int, target: int):
        self.src, self.target, self.type = src, target, 0
        self.ligand = -1
        self.f0: RateFunction | None = None
        self.f1: RateFunction | None = None
        self.stoich = 1
        self.hoc = None

    def _rates(self, v: np.ndarray, celsius: float):
        """The two rate functions at v, in the transition's own form (type 0: alpha, beta;
        type 1: inf, tau)."""
        if self.f0 is None or self.f1 is None:
            raise HocError('KSChan: transition %d->%d has no rate functions'
                           % (self.src, self.target))
        if self.f0.ftype == 5 and self.f1.ftype == 6:
            return self.f0.borg_graham(v, celsius)
        return self.f0(v, celsius), self.f1(v, celsius)

    def ab(self, v: np.ndarray, celsius: float):
        """(alpha, beta) at v (kschan's KSTransition::ab)."""
        a, b = self._rates(v, celsius)
        if self.type == 1:
            return a / b, (1. - a) / b
        return a, b

    def inftau(self, v: np.ndarray, celsius: float):
        """(inf, tau) at v (KSTransition::inftau)."""
        a, b = self._rates(v, celsius)
        if self.type != 1:
            t = 1. / (a + b)
            return a * t, t
        return a, b

    def inf(self, v: np.ndarray, celsius: float) -> np.ndarray:
        """inf at v as KSTransition::inf computes it (alpha/(alpha + beta) directly)."""
        if self.type == 1:
            return self.f0(v, celsius)
        a, b = self.f0(v, celsius), self.f1(v, celsius)
        return a / (a + b)


class Channel:
    """The description of one run-time channel (kschan.cpp's KSChan data)."""

    def __init__(self, name: str, is_point: bool = False):
        self.name = name
        self.is_point = bool(is_point)
        self.ion = 'NonSpecific'
        self.cond_model = 0                  # 0 ohmic, 1 nernst (as ohmic), 2 GHK
        self.gmax = 0.
        self.erev = 0.
        self.states: list[KSState] = []
        self.gates: list[KSGate] = []
        self.trans: list[KSTrans] = []
        self.nhhstate = 0
        self.ligands: list[str] = []         # ion names (``ca``) of the ligands
        self.use_table = False
        self.table_size, self.table_vmin, self.table_vmax = 200, -100., 50.
        self.single = False                  # single channel mode (point processes only)
        self.mtype: KSChanType | None = None  # set by register()
        self.hoc = None                       # the HOC object that manages it

    # ---- counts
    @property
    def nstate(self) -> int:
        return len(self.states)

    @property
    def nksstate(self) -> int:
        return len(self.states) - self.nhhstate

    @property
    def ivkstrans(self) -> int:
        return self.nhhstate

    @property
    def iligtrans(self) -> int:
        return sum(1 for t in self.trans if t.type < 2)

    @property
    def is_ghk(self) -> bool:
        return self.ion != 'NonSpecific' and self.cond_model == 2

    def var_names(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(parameters, assigned) range variable names: gmax [e] / g i (pmax, p when GHK)."""
        g = 'p' if self.is_ghk else 'g'
        params = (('Nsingle',) if self.single else ()) + (g + 'max',) + \
            (('e',) if self.ion == 'NonSpecific' else ())
        return params, (g, 'i')

    def single_ok(self) -> bool:
        """Whether single channel mode can be had: one kinetic gating complex to the first
        power, two states or more, no HH states (kschan's set_single)."""
        return (len(self.gates) == 1 and self.gates[0].power == 1 and self.nhhstate == 0
                and self.nksstate >= 2)

    def state_names(self) -> tuple[str, ...]:
        """The states' variable names, made unique as kschan's sname_install does."""
        params, assigned = self.var_names()
        taken = set(params) | set(assigned)
        out = []
        for st in self.states:
            name, j = st.name, 0
            while name in taken:
                name = '%s%d' % (st.name, j)
                j += 1
            taken.add(name)
            out.append(name)
        return tuple(out)

    def gate_of(self, istate: int) -> int:
        for k in range(1, len(self.gates)):
            if istate < self.gates[k].sindex:
                return k - 1
        return len(self.gates) - 1

    # ---- structure edits (only while no instance exists: checked by the caller)
    def add_hhstate(self, name: str) -> KSState:
        i = self.nhhstate
        st = KSState(name, 1.)
        self.states.insert(i, st)
        self.gates.insert(i, KSGate(i, 1, 1))
        for g in self.gates[i + 1:]:
            g.sindex += 1
        for t in self.trans[i:]:
            t.src += 1
            t.target += 1
        self.trans.insert(i, KSTrans(i, i))
        self.nhhstate += 1
        return st

    def add_ksstate(self, igate: int, name: str) -> KSState:
        if igate >= len(self.gates) or igate < self.nhhstate:
            i = self.nstate
            self.gates.append(KSGate(i, 1, 1))
            igate = len(self.gates) - 1
        else:
            g = self.gates[igate]
            i = g.sindex + g.nstate
            g.nstate += 1
        for g in self.gates[igate + 1:]:
            g.sindex += 1
        for t in self.trans[self.nhhstate:]:
            if t.src >= i:
                t.src += 1
            if t.target >= i:
                t.target += 1
        st = KSState(name, 0.)
        self.states.insert(i, st)
        return st

    def remove_state(self, i: int) -> None:
        if i < self.nhhstate:
            del self.states[i], self.gates[i], self.trans[i]
            self.nhhstate -= 1
            for g in self.gates[i:]:
                g.sindex -= 1
            for t in self.trans[i:]:
                t.src -= 1
                t.target -= 1
            return
        del self.states[i]
        self.trans = [t for k, t in enumerate(self.trans)
                      if k < self.nhhstate or (t.src != i and t.target != i)]
        for t in self.trans[self.nhhstate:]:
            t.src -= t.src > i
            t.target -= t.target > i
        for k, g in enumerate(self.gates):
            if k >= self.nhhstate and g.sindex <= i < g.sindex + g.nstate:
                if g.nstate == 1:
                    del self.gates[k]
                else:
                    g.nstate -= 1
                break
        for g in self.gates[self.nhhstate:]:
            if g.sindex > i:
                g.sindex -= 1
        self._drop_unused_ligands()

    def add_transition(self, src: int, target: int) -> KSTrans:
        t = KSTrans(src, target)
        self.trans.insert(self.iligtrans, t)
        return t

    def remove_transition(self, k: int) -> None:
        del self.trans[k]
        self._drop_unused_ligands()

    def settype(self, t: KSTrans, ttype: int, ligand: str | None) -> None:
        """A transition's type; a ligand type (2 outside, 3 inside) names the concentration
        (``cao``, ``cai``): the transition moves among the ligand-gated ones."""
        if ttype < 2:
            was_lig = t.type >= 2
            t.type, t.ligand = ttype, -1
            if was_lig:
                self.trans.remove(t)
                self.trans.insert(self.iligtrans, t)
                self._drop_unused_ligands()
            return
        if not ligand or len(ligand) < 2 or ligand[-1] not in 'io':
            raise HocError('KSTrans.type: %s is not an ion concentration (e.g. cai, cao)'
                           % ligand)
        ion = ligand[:-1]
        was_lig = t.type >= 2
        t.type = ttype
        if ion not in self.ligands:
            self.ligands.append(ion)
        t.ligand = self.ligands.index(ion)
        if not was_lig:
            self.trans.remove(t)
            self.trans.append(t)
        self._drop_unused_ligands()

    def _drop_unused_ligands(self) -> None:
        used = sorted({t.ligand for t in self.trans if t.type >= 2})
        if len(used) == len(self.ligands):
            return
        remap = {old: new for new, old in enumerate(used)}
        self.ligands = [self.ligands[k] for k in used]
        for t in self.trans:
            if t.type >= 2:
                t.ligand = remap[t.ligand]

    def setstructure(self, vec: np.ndarray) -> None:
        """kschan's setstructure vector: iv type, ngate, nstate, nhhstate, ntrans, nligand,
        iligtrans, then per gate (sindex, nstate, power, fracs...), per transition (src,
        target, type, ligand index).  State names are kept where they exist."""
        vec = [float(x) for x in vec]
        j = 0

        def nxt():
            nonlocal j
            j += 1
            return vec[j - 1]
        try:
            self.cond_model = int(nxt())
            ngate, nstate, nhh = int(nxt()), int(nxt()), int(nxt())
            ntrans, nlig = int(nxt()), int(nxt())
            nxt()                                   # iligtrans: from the types
            old = [s.name for s in self.states]
            self.states = [KSState(old[i] if i < len(old) else 's%d' % i, 0.)
                           for i in range(nstate)]
            self.nhhstate = nhh
            self.gates = []
            for _ in range(ngate):
                si, ns, pw = int(nxt()), int(nxt()), int(nxt())
                self.gates.append(KSGate(si, ns, pw))
                for k in range(ns):
                    self.states[si + k].frac = nxt()
            self.trans = []
            for _ in range(ntrans):
                t = KSTrans(int(nxt()), int(nxt()))
                t.type, t.ligand = int(nxt()), int(nxt())
                self.trans.append(t)
        except IndexError:
            raise HocError('KSChan.setstructure: the vector is too short') from None
        self.ligands = [''] * nlig

    # ---- the rate table of the HH states (fixed step)
    def hh_table(self, dt: float, celsius: float):
        """(inf, 1 - exp(-dt/tau)) tables (nhh, size) over [vmin, vmax] (hh_table_make)."""
        size = self.table_size
        dv = (self.table_vmax - self.table_vmin) / (size - 1)
        vv = self.table_vmin + np.arange(size) * dv
        inf = np.empty((self.nhhstate, size))
        fac = np.empty((self.nhhstate, size))
        for j in range(self.nhhstate):
            a, tau = self.trans[j].inftau(vv, celsius)
            inf[j] = a
            fac[j] = 1. - ks_exp(-dt / tau)
        return inf, fac


# ---------------------------------------------------------------------------- equations
def conductance(ch: Channel, S: np.ndarray) -> np.ndarray:
    """The product over gates of (sum of state * frac)^power: (n,) from states S (nstate, n)."""
    g = np.ones(S.shape[1])
    for gate in ch.gates:
        x = np.zeros(S.shape[1])
        for k in range(gate.sindex, gate.sindex + gate.nstate):
            x = x + S[k] * ch.states[k].frac
        p = gate.power
        if p == 1:
            g = g * x
        elif p == 2:
            g = g * (x * x)
        elif p == 3:
            g = g * (x * x * x)
        elif p == 4:
            x = x * x
            g = g * (x * x)
        else:
            g = g * x ** float(p)
    return g


def hh_rates(ch: Channel, v: np.ndarray, celsius: float):
    """(inf, tau) of the HH states, each (nhh, n)."""
    inf = np.empty((ch.nhhstate, v.size))
    tau = np.empty((ch.nhhstate, v.size))
    for j in range(ch.nhhstate):
        inf[j], tau[j] = ch.trans[j].inftau(v, celsius)
    return inf, tau


def hh_update(x: np.ndarray, inf: np.ndarray, fac: np.ndarray) -> None:
    """x += (inf - x)*fac in place, fac = 1 - exp(-dt/tau) (kschan's state())."""
    x += (inf - x) * fac


def ks_matrix(ch: Channel, v: np.ndarray, celsius: float, lig: list) -> np.ndarray:
    """M (n, k, k) with dy/dt = M y for the kinetic states (kschan's fillmat); ``lig[j]`` is
    the (outside, inside) concentration arrays of ligand j."""
    n, k0, k = v.size, ch.nhhstate, ch.nksstate
    M = np.zeros((n, k, k))
    for t in ch.trans[ch.nhhstate:]:
        if t.type < 2:
            a, b = t.ab(v, celsius)
        else:
            x = lig[t.ligand][0 if t.type == 2 else 1]
            a = x ** float(t.stoich) * t.f0.c(0) if t.stoich != 1 else x * t.f0.c(0)
            b = np.full(n, t.f1.c(0))
        s, q = t.src - k0, t.target - k0
        M[:, s, s] -= a
        M[:, s, q] += b
        M[:, q, q] -= b
        M[:, q, s] += a
    return M


def ks_solve(M: np.ndarray, y: np.ndarray, dt: float) -> None:
    """y (k, n) <- the solution of (M - I/dt) y' = -y/dt (kschan's mat_dt and solvemat).

    Eliminated as NEURON's sparse solver does for these matrices: diagonal pivots in state
    order, each stored as its reciprocal (the initial state, dt = 1e9, is a system of
    condition ~1e9: another elimination gives states ~1e-8 apart)."""
    k = M.shape[1]
    P = np.array(M.transpose(1, 2, 0))          # (k, k, n): P[i, j] over the instances
    dt1 = -1. / dt
    for i in range(k):
        P[i, i] += dt1
    b = y * dt1
    for p in range(k):
        piv = 1. / P[p, p]
        if not np.all(np.isfinite(piv)):
            raise HocError('KSChan: singular kinetic scheme matrix')
        P[p, p] = piv
        for j in range(p + 1, k):
            P[p, j] *= piv
        for i in range(p + 1, k):
            for j in range(p + 1, k):
                P[i, j] -= P[i, p] * P[p, j]
    for p in range(k):                          # forward: L (reciprocal diagonal)
        b[p] *= P[p, p]
        for i in range(p + 1, k):
            b[i] -= P[i, p] * b[p]
    for p in range(k - 1, -1, -1):              # back: U (unit diagonal)
        for j in range(p + 1, k):
            b[p] -= P[p, j] * b[j]
    y[...] = b


def _efun(x: np.ndarray) -> np.ndarray:
    small = np.abs(x) < 1e-4
    with np.errstate(divide='ignore', invalid='ignore', over='ignore'):
        r = x / (exp_array(x, True) - 1.)
    return np.where(small, 1. - x / 2., r)


def _ghk(v: np.ndarray, ci: np.ndarray, co: np.ndarray, z: float, celsius: float):
    """nrn_ghk over arrays (mA/cm2 per cm/s), as pyhoc.sim.mechanisms.ions.ghk."""
    from .ions import FARADAY, ktf
    temp = z * v / ktf(celsius)
    return (.001) * z * FARADAY * (ci * _efun(-temp) - co * _efun(temp))


# ---------------------------------------------------------------------------- mechanism type
class KSChanType(MechanismType):
    """The kernels of every run-time channel; a subclass per Channel carries its names."""

    channel: ClassVar[Channel]
    has_state = True

    def __init__(self, model):
        super().__init__(model)
        self._table = None
        self._table_key = None

    @classmethod
    def refresh(cls) -> None:
        """Recompute the variable names and ions from the channel description."""
        ch = cls.channel
        params, assigned = ch.var_names()
        defaults = ([1.] if ch.single else []) + [ch.gmax] + \
            ([ch.erev] if ch.ion == 'NonSpecific' else [])
        cls.name = ch.name
        cls.point = ch.is_point
        cls.parameters = dict(zip(params, defaults))
        cls.assigned = assigned
        cls.states = ch.state_names()
        ions = []
        use = {}
        if ch.ion != 'NonSpecific':
            ions.append(ch.ion)
            use[ch.ion] = (0, 1) if ch.cond_model == 0 else (1, 0)
        for lig in ch.ligands:
            if lig and lig not in ions:
                ions.append(lig)
                use[lig] = (1, 0)
        cls.ions = tuple(ions)
        cls.ion_use = use
        cls.has_state = bool(ch.states)

    # ---- helpers
    def _v(self, blk: Block) -> np.ndarray:
        ix, _ = node_index(blk)
        return np.array(self.model.v[ix], dtype=float)

    def _states(self, blk: Block) -> np.ndarray:
        return np.array([blk.arrays[s] for s in self.states]).reshape(len(self.states), blk.n)

    def _store(self, blk: Block, S: np.ndarray) -> None:
        for k, s in enumerate(self.states):
            blk.arrays[s][:] = S[k]

    def _ion(self, blk: Block, ion: str, var: str) -> np.ndarray:
        arr = self.model.blocks[ion + '_ion'].arrays[var]
        return arr[np.asarray(blk.ion_index[ion], dtype=np.intp)]

    def _ligands(self, blk: Block) -> list:
        return [(self._ion(blk, lig, lig + 'o'), self._ion(blk, lig, lig + 'i'))
                for lig in self.channel.ligands]

    # ---- kernels
    def initialize(self, blk: Block) -> None:
        ch = self.channel
        if not ch.states or not blk.n:
            return
        v = self._v(blk)
        c = self.model.celsius
        S = np.zeros((ch.nstate, blk.n))
        for g in ch.gates:
            S[g.sindex] = 1.
        for j in range(ch.nhhstate):
            S[j] = ch.trans[j].inf(v, c)
        if ch.nksstate:
            Y = S[ch.nhhstate:]
            ks_solve(ks_matrix(ch, v, c, self._ligands(blk)), Y, 1e9)
        if ch.single:
            self._single_init(blk, v, S)
        self._store(blk, S)

    def current(self, blk: Block) -> None:
        ch = self.channel
        model = self.model
        ix, unique = node_index(blk)
        v = self._v(blk)
        a = blk.arrays
        gname, _ = self.assigned
        g = a[gname]
        g[:] = a[gname + 'max'] * conductance(ch, self._states(blk))
        i = a['i']
        if ch.ion == 'NonSpecific':
            i[:] = g * (v - a['e'])
            didv = g
        elif ch.is_ghk:
            ci, co = self._ion(blk, ch.ion, ch.ion + 'i'), self._ion(blk, ch.ion, ch.ion + 'o')
            z = model.mech_types[ch.ion + '_ion'].charge
            scale = 1e6 if ch.is_point else 1.
            i[:] = g * _ghk(v, ci, co, z, model.celsius) * scale
            i1 = g * _ghk(v + .001, ci, co, z, model.celsius) * scale
            didv = (i1 - i) * 1000.
        else:
            e = self._ion(blk, ch.ion, 'e' + ch.ion)
            i[:] = g * (v - e)
            didv = g
        if ch.is_point:
            afac = 1e2 / model.area[ix]
            cur, didv = i * afac, didv * afac
            add_point_rhs(model.rhs, blk, ix, unique, cur, False)
            blk.g[:] = didv
        else:
            cur = i
            blk.g[:] = didv
            model.rhs[ix] -= cur
        if ch.ion != 'NonSpecific':
            ia = model.blocks[ch.ion + '_ion'].arrays
            idx = np.asarray(blk.ion_index[ch.ion], dtype=np.intp)
            np.add.at(ia['i' + ch.ion], idx, cur)
            np.add.at(ia['di%s_dv_' % ch.ion], idx, didv)

    def advance(self, blk: Block) -> None:
        ch = self.channel
        if not ch.states or not blk.n:
            return
        model = self.model
        v = self._v(blk)
        c = model.celsius
        S = self._states(blk)
        if ch.single:
            one = blk.arrays['Nsingle'] > .999
            if one.any():
                self._single_states(blk, v, S, one)
                if one.all():
                    self._store(blk, S)
                    return
                keep = S[:, one].copy()
        nh = ch.nhhstate
        if nh:
            if ch.use_table:
                inf, fac = self._table_lookup(v)
            else:
                inf, tau = hh_rates(ch, v, c)
                fac = 1. - ks_exp(-model.dt / tau)
            hh_update(S[:nh], inf, fac)
        if ch.nksstate:
            Y = S[nh:]
            ks_solve(ks_matrix(ch, v, c, self._ligands(blk)), Y, model.dt)
        if ch.single and one.any():
            S[:, one] = keep
        self._store(blk, S)

    # ---- single channel mode (NEURON's kssingle.cpp): each instance follows Nsingle
    # channels' transitions one at a time, the states holding how many channels are in each
    def _single_rates(self, blk: Block, i: int, v: float) -> list:
        """The rates of the single-channel transitions (2k forward, 2k+1 back of KSChan
        transition k) at instance i, voltage v."""
        ch = self.channel
        out = []
        vv = np.array([v])
        for t in ch.trans:
            if t.type < 2:
                a, b = t.ab(vv, self.model.celsius)
                out.append(float(a[0]))
                out.append(float(b[0]))
            else:
                x = float(self._ligands(blk)[t.ligand][0 if t.type == 2 else 1][i])
                c0 = t.f0.c(0)
                n = t.stoich
                a = x * c0 if n == 1 else x * x * c0 if n == 2 else x * x * x * c0 if n == 3 \
                    else (x * x) * (x * x) * c0 if n == 4 else x ** float(n) * c0
                out.append(a)
                out.append(t.f1.c(0))
        return out

    def _single_plan(self):
        """(src, target) of each single-channel transition and each state's transitions."""
        ch = self.channel
        tr = []
        for t in ch.trans:
            tr.append((t.src, t.target))
            tr.append((t.target, t.src))
        by_state = [[k for k, (a, _) in enumerate(tr) if a == s] for s in range(ch.nstate)]
        return tr, by_state

    def _single_init(self, blk: Block, v: np.ndarray, S: np.ndarray) -> None:
        from ...errors import HocError
        model = self.model
        cv = model.__dict__.get('_cvode')
        if cv is not None and cv.active:
            raise HocError('KSChan %s: pyhoc runs single channel mode with the fixed step '
                           'only' % self.channel.name)
        ns = blk.arrays['Nsingle']
        rng = _kss_rng(model)
        tr, by_state = self._single_plan()
        lig = any(t.type >= 2 for t in self.channel.trans)
        for i in range(blk.n):
            nsingle = int(ns[i] + .5)
            ns[i] = float(nsingle)
            pp = blk.objects[i]() if blk.objects is not None else None
            if pp is None or nsingle <= 0:
                continue
            snd = _SingleData(nsingle, tr, by_state, lig)
            pp.__dict__['_kss'] = snd
            snd.t0 = model.t
            snd.vlast = float(v[i])
            rval = []
            x = 0.
            for k in range(S.shape[0]):
                x += S[k, i]
                rval.append(x)
            pop = [0.] * S.shape[0]
            rates = self._single_rates(blk, i, float(v[i]))
            if nsingle == 1:
                snd.filled = rng.rvalrand(rval, len(rval))
                pop[snd.filled] += 1.
                snd.next1(rates, rng)
            else:
                for _ in range(nsingle):
                    pop[rng.rvalrand(rval, len(rval))] += 1.
                snd.pop = pop
                snd.nextN(rates, rng)
            snd.pop = pop
            S[:, i] = pop

    def _single_states(self, blk: Block, v: np.ndarray, S: np.ndarray, one) -> None:
        model = self.model
        rng = _kss_rng(model)
        t, dt = model.t, model.dt
        for i in np.flatnonzero(one).tolist():
            pp = blk.objects[i]()
            snd = pp.__dict__.get('_kss') if pp is not None else None
            if snd is None:
                continue
            snd.pop = [float(x) for x in S[:, i]]
            snd.step(float(v[i]), t, dt, rng, lambda vi, i=i: self._single_rates(blk, i, vi))
            S[:, i] = snd.pop

    def _table_lookup(self, v: np.ndarray):
        ch = self.channel
        key = (self.model.dt, self.model.celsius, ch.table_size, ch.table_vmin, ch.table_vmax)
        if self._table is None or self._table_key != key:
            self._table = ch.hh_table(self.model.dt, self.model.celsius)
            self._table_key = key
        inf_t, fac_t = self._table
        size = ch.table_size
        dvinv = (size - 1) / (ch.table_vmax - ch.table_vmin)
        x = (v - ch.table_vmin) * dvinv
        y = np.floor(x)
        k = y.astype(np.intp)
        x = x - y
        lo, hi = k < 0, k >= size - 1
        kk = np.clip(k, 0, size - 2)
        inf = inf_t[:, kk] + (inf_t[:, kk + 1] - inf_t[:, kk]) * x
        fac = fac_t[:, kk] + (fac_t[:, kk + 1] - fac_t[:, kk]) * x
        inf[:, lo], fac[:, lo] = inf_t[:, :1], fac_t[:, :1]
        inf[:, hi], fac[:, hi] = inf_t[:, -1:], fac_t[:, -1:]
        return inf, fac

    def derivatives(self, blk: Block) -> list:
        return self.derivatives_jacobian(blk)[0]

    def derivatives_jacobian(self, blk: Block):
        """dy/dt of every state and the diagonal of its Jacobian (kschan's spec, matsol)."""
        ch = self.channel
        v = self._v(blk)
        c = self.model.celsius
        S = self._states(blk)
        ds, dd = [], []
        nh = ch.nhhstate
        if nh:
            inf, tau = hh_rates(ch, v, c)
            for j in range(nh):
                ds.append((inf[j] - S[j]) / tau[j])
                dd.append(-1. / tau[j])
        if ch.nksstate:
            M = ks_matrix(ch, v, c, self._ligands(blk))
            dy = np.einsum('nij,jn->in', M, S[nh:])
            for j in range(ch.nksstate):
                ds.append(dy[j])
                dd.append(M[:, j, j].copy())
        return ds, dd


class _KSSRng:
    """KSSingle's process-wide generator: mcell_ran4a on the index ``idum`` (KSChan.rseed),
    and the voltage resolution ``vres`` (KSChan.vres) below which rates are kept."""

    def __init__(self):
        self.idum = 0
        self.vres = .1

    def uniform(self) -> float:
        from ...base.rng import mcell_ran4a
        x, self.idum = mcell_ran4a(self.idum)
        return x

    def exprand(self) -> float:
        return -math.log(self.uniform())

    def rvalrand(self, rval: list, n: int) -> int:
        """An index drawn with probabilities rval's steps (rval cumulative, n entries)."""
        n -= 1
        x = self.uniform() * rval[n]
        for i in range(n):
            if rval[i] >= x:
                return i
        return n


def _kss_rng(model) -> _KSSRng:
    r = model.__dict__.get('_kss_rng')
    if r is None:
        r = model.__dict__['_kss_rng'] = _KSSRng()
    return r


class _SingleData:
    """One instance's single channel state (KSSingleNodeData): its populations, the last
    transition time t0, the next one t1 and which it is, the voltage of the rates."""

    __slots__ = ('n', 'tr', 'by_state', 'lig', 'pop', 'filled', 'vlast', 't0', 't1', 'nxt')

    def __init__(self, n: int, tr: list, by_state: list, lig: bool):
        self.n, self.tr, self.by_state, self.lig = n, tr, by_state, lig
        self.pop: list = []
        self.filled = 0
        self.vlast = self.t0 = self.t1 = 0.
        self.nxt = 0

    def next1(self, rates: list, rng: _KSSRng) -> None:
        ks = self.by_state[self.filled]
        x = 0.
        rval = []
        for k in ks:
            x += rates[k]
            rval.append(x)
        if x > 1e-9:
            self.t1 = rng.exprand() / x + self.t0
            self.nxt = ks[rng.rvalrand(rval, len(ks))]
        else:
            self.t1 = 1e9 + self.t0
            self.nxt = ks[0]

    def nextN(self, rates: list, rng: _KSSRng) -> None:
        x = 0.
        rval = []
        pop = self.pop
        for k, (src, _) in enumerate(self.tr):
            x += pop[src] * rates[k]
            rval.append(x)
        if x > 1e-9:
            self.t1 = rng.exprand() / x + self.t0
            self.nxt = rng.rvalrand(rval, len(rval))
        else:
            self.t1 = 1e9 + self.t0
            self.nxt = 0

    def step(self, v: float, t: float, dt: float, rng: _KSSRng, rates_at) -> None:
        """KSSingle::state: from t - dt to t, the transitions due taken one at a time."""
        rates = None
        one = self.n == 1
        if self.lig or not (v - self.vlast < rng.vres and self.vlast - v < rng.vres):
            self.vlast = v
            self.t0 = t - dt
            rates = rates_at(v)
            self.next1(rates, rng) if one else self.nextN(rates, rng)
        while self.t1 <= t:
            self.vlast = v
            if rates is None:
                rates = rates_at(v)
            self.t0 = self.t1
            src, target = self.tr[self.nxt]
            if one:
                self.pop[self.filled] = 0.
                self.filled = target
                self.pop[target] = 1.
                self.next1(rates, rng)
            else:
                self.pop[src] -= 1.
                self.pop[target] += 1.
                self.nextN(rates, rng)


def register(model, ch: Channel) -> KSChanType:
    """Make ``ch`` a mechanism type of ``model`` (a new type index, after all others)."""
    cls = type('KSChan_%s' % ch.name, (KSChanType,),
               {'channel': ch, 'type_index': next_type_index(model)})
    cls.refresh()
    mt = cls(model)
    ch.mtype = mt
    install(model, mt)
    return mt


def has_instances(model, ch: Channel) -> bool:
    """Whether any section has the channel inserted or any point process of it exists."""
    mt = ch.mtype
    if mt is None:
        return False
    if ch.is_point:
        return any(p._mtype is mt for p in model.points)
    return any(sec.has_mech(mt.name) for sec in model.sections)


def update(model, ch: Channel) -> None:
    """Re-register the channel's names after a change of its name, ion or structure."""
    mt = ch.mtype
    uninstall(model, mt)
    type(mt).refresh()
    install(model, mt)
