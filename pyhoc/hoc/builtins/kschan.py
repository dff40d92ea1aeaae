"""HOC's ``KSChan``, ``KSState``, ``KSGate`` and ``KSTrans``: channels defined at run time.

``new KSChan([is_point])`` creates a mechanism type (a density mechanism named ``Chan<i>``
until ``name()`` renames it, or a point process); its methods edit the channel description of
pyhoc.sim.mechanisms.kschan, which holds the equations.  KSState, KSGate and KSTrans objects
are made only by KSChan (``add_hhstate``, ``state(i)``, ``trans(i)`` ...) and refer to one part
of the channel.  The structure (states, transitions, ion, name) cannot change while an
instance of the channel exists, as in NEURON.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ...errors import HocError
from ...base.objects import HocObject


def _model(owner: Any = None):
    from ...base.context import current
    return current(owner).sim.model


def _ks():
    from ...sim.mechanisms import kschan
    return kschan


def _int(x: Any, lo: float, hi: float, what: str) -> int:
    x = float(x)
    if not lo <= x <= hi:
        raise HocError('%s: arg out of range [%g, %g]' % (what, lo, hi))
    return int(x)


def _str(x: Any) -> str:
    return x.get() if hasattr(x, 'get') and not isinstance(x, str) else str(x)


def _wrap(cls, part, chan: 'KSChan'):
    """The one HOC object of a part of a channel (made on first use)."""
    obj = part.hoc
    if obj is None:
        obj = cls.__new__(cls)
        obj._part = part
        obj._chan = chan
        part.hoc = obj
    return obj


class KSChan(HocObject):
    """``KSChan([is_point])``: a channel type defined at run time (NEURON's KSChan)."""

    def __init__(self, is_point: Any = 0.0):
        ks = _ks()
        isp = _int(is_point, 0, 1, 'KSChan') != 0
        self._model_ = _model(self)
        name = 'Chan%d' % self.hoc_index()
        if name in self._model_.mech_types:
            raise HocError('%s already exists' % name)
        self._ch = ks.Channel(name, isp)
        ks.register(self._model_, self._ch)
        self._ch.hoc = self         # the type holds its KSChan: never destroyed, as in NEURON

    # ---- helpers
    def _edit(self) -> None:
        """Refuse a structural change while instances exist (kschan's err_if_has_instances)."""
        if _ks().has_instances(self._model_, self._ch):
            raise HocError('KSChan %s: cannot change the structure of a channel that has '
                           'instances' % self._ch.name)

    def _update(self) -> None:
        if self._ch.single and not self._ch.single_ok():
            self._ch.single = False         # (a structure single channel mode cannot have)
        _ks().update(self._model_, self._ch)

    def _state_index(self, arg: Any, lo: int = 0) -> int:
        if isinstance(arg, KSState):
            return arg._chan._ch.states.index(arg._part)
        return _int(arg, lo, self._ch.nstate - 1, 'KSChan')

    # ---- counts
    def ngate(self) -> float:
        return float(len(self._ch.gates))

    def nstate(self) -> float:
        return float(self._ch.nstate)

    def ntrans(self) -> float:
        return float(len(self._ch.trans))

    def nligand(self) -> float:
        return float(len(self._ch.ligands))

    def is_point(self) -> float:
        return 1.0 if self._ch.is_point else 0.0

    # ---- general properties
    def name(self, s: Any = None) -> str:
        if s is not None:
            s = _str(s)
            if s != self._ch.name:
                self._edit()
                base, i = s, 0
                while s in self._model_.mech_types:
                    print('KSChan::setname %s already in use' % s)
                    s = '%s%d' % (base, i)
                    i += 1
                self._ch.name = s
                self._update()
        return self._ch.name

    def ion(self, s: Any = None) -> str:
        if s is not None:
            s = _str(s) or 'NonSpecific'
            if s != self._ch.ion:
                self._edit()
                if s != 'NonSpecific':
                    mt = self._model_.mech_types.get(s + '_ion')
                    if mt is None or not mt.is_ion:
                        raise HocError('%s_ion is not an ion mechanism' % s)
                self._ch.ion = s
                self._update()
        return self._ch.ion

    def iv_type(self, t: Any = None) -> float:
        if t is not None:
            t = _int(t, 0, 2, 'KSChan.iv_type')
            if t != self._ch.cond_model:
                self._edit()
                self._ch.cond_model = t
                self._update()
        return float(self._ch.cond_model) if self._ch.ion != 'NonSpecific' else 0.0

    def gmax(self, x: Any = None) -> float:
        if x is not None:
            self._ch.gmax = float(x)
            if not 0. <= self._ch.gmax <= 1e9:
                raise HocError('KSChan.gmax: arg out of range [0, 1e9]')
            type(self._ch.mtype).refresh()
        return self._ch.gmax

    def erev(self, x: Any = None) -> float:
        if x is not None:
            self._ch.erev = float(x)
            type(self._ch.mtype).refresh()
        return self._ch.erev

    def single(self, on: Any = None) -> float:
        """single([0/1]): single channel mode of a point process channel (each instance
        follows Nsingle channels, a new first PARAMETER, through random transitions)."""
        ch = self._ch
        if on is not None and ch.is_point:
            b = _int(on, 0, 1, 'KSChan.single') != 0
            if b and not ch.single_ok():
                b = False
                import sys
                sys.stderr.write('nrniv: KSChan single channel mode implemented only for '
                                 'single ks gating complex to first power\n')
            self._edit()
            if b != ch.single:
                ch.single = b
                self._update()
        return 1.0 if ch.single else 0.0

    def vres(self, x: Any = None) -> float:
        """The voltage change (mV) past which single channel rates are computed again."""
        r = _ks()._kss_rng(self._model_)
        if x is not None:
            x = float(x)
            if not 1e-9 <= x <= 1e9:
                raise HocError('KSChan.vres: arg out of range [1e-09, 1e+09]')
            r.vres = x
        return r.vres

    def rseed(self, x: Any = None) -> float:
        """The index of single channel mode's random numbers (mcell_ran4a's)."""
        r = _ks()._kss_rng(self._model_)
        if x is not None:
            x = float(x)
            if not 0 <= x <= 1e9:
                raise HocError('KSChan.rseed: arg out of range [0, 1e+09]')
            r.idum = int(x)
        return float(r.idum)

    def usetable(self, *args: Any) -> float:
        """usetable(on [, size, vmin, vmax]) or usetable(&vmin, &vmax) (returns the size)."""
        ch = self._ch
        if args and hasattr(args[0], 'set') and not isinstance(args[0], (float, int)):
            args[0].set(ch.table_vmin)
            args[1].set(ch.table_vmax)
            return float(ch.table_size)
        if args:
            use = _int(args[0], 0, 1, 'KSChan.usetable') != 0
            if len(args) > 1:
                size = _int(args[1], 2, 10000, 'KSChan.usetable')
                vmin, vmax = float(args[2]), float(args[3])
                if vmin >= vmax:
                    vmin, vmax = -100., 50.
                ch.table_size, ch.table_vmin, ch.table_vmax = size, vmin, vmax
            ch.use_table = use and ch.nhhstate > 0
            ch.mtype._table = None
        return 1.0 if ch.use_table else 0.0

    # ---- structure
    def setstructure(self, vec: Any) -> float:
        self._edit()
        self._ch.setstructure(np.asarray(vec._a))
        self._ch.use_table = False
        self._update()
        return 1.0

    def add_hhstate(self, name: Any) -> 'KSState':
        self._edit()
        st = self._ch.add_hhstate(_str(name))
        self._ch.use_table = False
        self._update()
        return _wrap(KSState, st, self)

    def add_ksstate(self, gate: Any, name: Any) -> 'KSState':
        self._edit()
        ig = len(self._ch.gates)
        if isinstance(gate, KSGate):
            ig = self._ch.gates.index(gate._part)
        st = self._ch.add_ksstate(ig, _str(name))
        self._update()
        return _wrap(KSState, st, self)

    def remove_state(self, arg: Any) -> float:
        self._edit()
        self._ch.remove_state(self._state_index(arg))
        self._update()
        return 0.0

    def add_transition(self, src: Any, target: Any) -> 'KSTrans':
        self._edit()
        nh = self._ch.nhhstate
        s, t = self._state_index(src, nh), self._state_index(target, nh)
        if s < nh or t < nh:
            raise HocError('KSChan.add_transition: both states must be kinetic scheme states')
        tr = self._ch.add_transition(s, t)
        self._update()
        return _wrap(KSTrans, tr, self)

    def remove_transition(self, arg: Any) -> float:
        self._edit()
        if isinstance(arg, KSTrans):
            k = self._ch.trans.index(arg._part)
        else:
            k = _int(arg, self._ch.nhhstate, len(self._ch.trans) - 1, 'KSChan.remove_transition')
        if k < self._ch.nhhstate:
            raise HocError('KSChan.remove_transition: an HH state\'s transition cannot be '
                           'removed')
        self._ch.remove_transition(k)
        self._update()
        return 0.0

    def trans(self, a: Any, b: Any = None) -> 'KSTrans':
        ch = self._ch
        if b is None:
            return _wrap(KSTrans, ch.trans[_int(a, 0, len(ch.trans) - 1, 'KSChan.trans')], self)
        s, t = self._state_index(a), self._state_index(b)
        for tr in ch.trans:
            if tr.src == s and tr.target == t:
                return _wrap(KSTrans, tr, self)
        raise HocError('no transition between state index %d and %d' % (s, t))

    def state(self, i: Any) -> 'KSState':
        return _wrap(KSState, self._ch.states[_int(i, 0, self._ch.nstate - 1, 'KSChan.state')],
                     self)

    def gate(self, i: Any) -> 'KSGate':
        return _wrap(KSGate, self._ch.gates[_int(i, 0, len(self._ch.gates) - 1,
                                                 'KSChan.gate')], self)

    def ligand(self, i: Any) -> str:
        return self._ch.ligands[_int(i, 0, len(self._ch.ligands) - 1, 'KSChan.ligand')] + '_ion'

    def pr(self) -> float:
        """Print the channel's structure (NEURON's layout)."""
        ch = self._ch
        out = ['%s type properties' % self.hoc_name(),
               'name=%s is_point_=%s ion_=%s cond_model_=%d'
               % (ch.name, 'true' if ch.is_point else 'false', ch.ion, ch.cond_model),
               '  ngate=%d nstate=%d nhhstate=%d nligand=%d ntrans=%d ivkstrans=%d '
               'iligtrans=%d' % (len(ch.gates), ch.nstate, ch.nhhstate, len(ch.ligands),
                                 len(ch.trans), ch.ivkstrans, ch.iligtrans),
               '  default gmax=%s erev=%s' % (_g(ch.gmax), _g(ch.erev))]
        for k, g in enumerate(ch.gates):
            out.append('    gate %d index=%d nstate=%d power=%d' % (k, g.sindex, g.nstate,
                                                                   g.power))
        for k, lig in enumerate(ch.ligands):
            out.append('    ligand %d %s_ion' % (k, lig))
        for k, t in enumerate(ch.trans):
            lig = ' ligindex=%d' % t.ligand if t.type >= 2 else ''
            out.append('    trans %d src=%d target=%d type=%d%s' % (k, t.src, t.target, t.type,
                                                                  lig))
            out.append('        f0 type=%d   f1 type=%d'
                       % (t.f0.ftype if t.f0 else -1, t.f1.ftype if t.f1 else -1))
        out.append('    state names and fractional conductance')
        for k, s in enumerate(ch.states):
            out.append('    %d %s %s' % (k, s.name, _g(s.frac)))
        from ...base.context import current
        current(self).write('\n'.join(out) + '\n')
        return 1.0


def _g(x: float) -> str:
    return '%g' % x


class _Part(HocObject):
    """A part of a KSChan; made only by KSChan's methods."""

    def __init__(self, *args: Any):
        raise HocError('Cannot create a %s except through KSChan' % self.hoc_class_name)

    def _check(self):
        ch = self._chan._ch
        part = self._part
        if part not in (ch.states if isinstance(self, KSState) else
                        ch.gates if isinstance(self, KSGate) else ch.trans):
            raise HocError('This object was deleted by KSChan')
        return ch


class KSState(_Part):

    def frac(self, x: Any = None) -> float:
        self._check()
        if x is not None:
            self._part.frac = float(x)
        return self._part.frac

    def index(self) -> float:
        return float(self._check().states.index(self._part))

    def gate(self) -> 'KSGate':
        ch = self._check()
        return _wrap(KSGate, ch.gates[ch.gate_of(ch.states.index(self._part))], self._chan)

    def name(self, s: Any = None) -> str:
        self._check()
        if s is not None:
            self._chan._edit()
            self._part.name = _str(s)
            self._chan._update()
        return self._part.name


class KSGate(_Part):

    def nstate(self) -> float:
        self._check()
        return float(self._part.nstate)

    def power(self, p: Any = None) -> float:
        self._check()
        if p is not None:
            self._part.power = _int(p, 0, 1e6, 'KSGate.power')
            if self._chan._ch.single and not self._chan._ch.single_ok():
                self._chan._update()
        return float(self._part.power)

    def sindex(self) -> float:
        self._check()
        return float(self._part.sindex)

    def index(self) -> float:
        return float(self._check().gates.index(self._part))


class KSTrans(_Part):

    def set_f(self, i: Any, ftype: Any, vec: Any, vmin: Any = -100., vmax: Any = 50.) -> float:
        """Rate function i (0 forward or inf, 1 backward or tau): type and parameter Vector
        (which stays live: later changes of its elements change the rate)."""
        self._check()
        i = _int(i, 0, 1, 'KSTrans.set_f')
        t = _int(ftype, 0, 7, 'KSTrans.set_f')
        if getattr(vec, 'hoc_class_name', '') != 'Vector':
            raise HocError('KSTrans.set_f: arg 3 must be a Vector')
        if t != 7:
            vmin, vmax = -100., 50.
        f = _ks().RateFunction(t, lambda: vec._a, float(vmin), float(vmax), vec)
        setattr(self._part, 'f1' if i else 'f0', f)
        self._chan._ch.use_table = False
        return 0.0

    def index(self) -> float:
        return float(self._check().trans.index(self._part))

    def type(self, t: Any = None, ligand: Any = None) -> float:
        ch = self._check()
        if t is not None:
            t = _int(t, 0, 3, 'KSTrans.type')
            if (t >= 2) != (self._part.type >= 2):
                self._chan._edit()
            if t >= 2:
                lig = _str(ligand) if ligand is not None else ''
                if lig[:-1] + '_ion' not in self._chan._model_.mech_types:
                    raise HocError('%s_ion does not exist' % lig[:-1])
            ch.settype(self._part, t, _str(ligand) if ligand is not None else None)
            ch.use_table = False
            self._chan._update()
        return float(self._part.type)

    def ftype(self, i: Any) -> float:
        self._check()
        f = self._part.f1 if _int(i, 0, 1, 'KSTrans.ftype') else self._part.f0
        return float(f.ftype) if f is not None else -1.0

    def _vectors(self, x: Any, a: Any, b: Any, fn) -> float:
        self._check()
        v = np.asarray(x._a, dtype=float)
        ra, rb = fn(v, _model(self).celsius)
        for vec, r in ((a, ra), (b, rb)):
            vec.resize(float(v.size))
            vec._a[:] = r
        return 0.0

    def ab(self, x: Any, a: Any, b: Any) -> float:
        return self._vectors(x, a, b, self._part.ab)

    def inftau(self, x: Any, a: Any, b: Any) -> float:
        return self._vectors(x, a, b, self._part.inftau)

    def f(self, i: Any, v: Any) -> float:
        self._check()
        fn = self._part.f1 if _int(i, 0, 1, 'KSTrans.f') else self._part.f0
        if fn is None:
            return 0.0
        return float(fn(np.array([float(v)]), _model(self).celsius)[0])

    def src(self) -> KSState:
        ch = self._check()
        return _wrap(KSState, ch.states[self._part.src], self._chan)

    def target(self) -> KSState:
        ch = self._check()
        return _wrap(KSState, ch.states[self._part.target], self._chan)

    def parm(self, i: Any, pvmin: Any = None, pvmax: Any = None):
        self._check()
        f = self._part.f1 if _int(i, 0, 1, 'KSTrans.parm') else self._part.f0
        if f is None:
            return None
        if f.ftype == 7 and pvmin is not None:
            pvmin.set(f.vmin)
            pvmax.set(f.vmax)
        return f.source

    def ligand(self) -> str:
        ch = self._check()
        t = self._part
        if t.type < 2:
            return ''
        return ch.ligands[t.ligand] + ('i' if t.type == 3 else 'o')

    def stoichiometry(self, n: Any = None) -> float:
        self._check()
        if n is not None:
            self._part.stoich = _int(n, 1, 1e9, 'KSTrans.stoichiometry')
        return float(self._part.stoich)
