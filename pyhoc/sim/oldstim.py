"""NEURON's old-style built-in stimuli (nrnoc fstim.cpp, synapse.cpp, clamp.cpp): current
pulses ``fstim``, alpha-function synapses ``fsyn`` and the one multi-level voltage clamp
``fclamp`` with its series resistance ``clamp_resist``, all set up by HOC functions on the
current section rather than as point processes.

They act on the node at ``loc`` (node_exact: 0 and 1 are the end nodes) as NEURON's treeset
does: the synapses' currents right after the mechanisms' (membrane current: i_membrane_
counts them), the stimuli and the clamp after the extracellular terms (electrode currents),
the synapses' conductance after the capacitance, the clamp's last.  Both fixed step and
CVode use them (the compiled loop does not: a model with one takes the step-by-step path).
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..errors import HocError, chkarg

if TYPE_CHECKING:
    from .model import Model

DEF_DELAY = 1e20


class _Entry:
    """One fstim or fsyn: loc, delay, duration (fsyn: tau), mag (nA or uS), erev, section."""

    __slots__ = ('loc', 'delay', 'duration', 'mag', 'erev', 'sec', 'g')

    def __init__(self):
        self.loc, self.delay, self.duration, self.mag, self.erev = 0., DEF_DELAY, 0., 0., 0.
        self.sec = None
        self.g = 0.


class _Clamp:
    """fclamp's levels: vc[k] for duration[k] ms, one after the other from t = 0."""

    def __init__(self, n: int, loc: float, sec):
        self.duration = [0.] * n
        self.vc = [0.] * n
        self.tswitch = [-1e-9] * (n + 1)
        self.oldsw = 0
        self.loc, self.sec = loc, sec
        self.gtemp = 0.


class OldStim:
    """The old-style stimuli of one Model (``model._oldstim``)."""

    def __init__(self):
        self.stims: list[_Entry] = []
        self.syns: list[_Entry] = []
        self.clamp: _Clamp | None = None

    def active(self) -> bool:
        return bool(self.stims or self.syns or self.clamp is not None)


def state(model: 'Model') -> OldStim:
    st = model.__dict__.get('_oldstim')
    if st is None:
        st = model.__dict__['_oldstim'] = OldStim()
    return st


def active(model: 'Model') -> OldStim | None:
    """The model's old-style stimuli when it has any, else None."""
    st = model.__dict__.get('_oldstim')
    return st if st is not None and st.active() else None


def _node(model: 'Model', sec, loc: float) -> int | None:
    """The node index of sec(loc) (node_exact), or None once the section is deleted."""
    if sec is None or sec.deleted:
        return None
    arr, i = sec._v_slot(sec._x_to_node(loc))
    return i


def _live(model: 'Model', e: _Entry) -> int | None:
    i = _node(model, e.sec, e.loc)
    if i is None:
        e.sec = None            # NEURON forgets an entry whose section went
    return i


# ---- the terms of the matrix equations

def _stimulus(model: 'Model', e: _Entry, node: int) -> float:
    """fstim's contribution to rhs at ``node`` (mag_seg while on, else 0)."""
    t = model.t
    if t < e.delay - 1e-9 or t > e.delay + e.duration - 1e-9:
        return 0.
    return 1.e2 * e.mag / float(model.area[node])


def _alpha(x: float) -> float:
    if 0.0 < x < 10.0:
        return x * math.exp(-x + 1.0)
    return 0.0


def _synapse(model: 'Model', e: _Entry, node: int) -> float:
    """fsyn's current (mA/cm2) at node; e.g its conductance (S/cm2)."""
    g = 1.e2 * e.mag / float(model.area[node])
    if g == 0.0:
        e.g = 0.0
        return 0.0
    e.g = g * _alpha((model.t - e.delay) / e.duration)
    return e.g * (float(model.v[node]) - e.erev)


def _clampval(model: 'Model', c: _Clamp, node: int) -> float:
    """The clamp level at t (clamp.cpp clampval; sets c.gtemp, 0 after the last level)."""
    c.gtemp = 1.e2 / model.clamp_resist / float(model.area[node])
    t, ts, n = model.t, c.tswitch, len(c.vc)
    while True:
        if t < ts[c.oldsw]:
            if c.oldsw == 0:
                break
            c.oldsw -= 1
        elif t < ts[c.oldsw + 1]:
            break
        else:
            c.oldsw += 1
            if c.oldsw == n:
                c.oldsw -= 1
                c.gtemp = 0.
                break
    return c.vc[c.oldsw]


def _vext(model: 'Model', node: int) -> float:
    xblk = model.blocks.get('extracellular')
    if xblk is None:
        return 0.
    k = (xblk.node == node).nonzero()[0]
    return float(xblk.arrays['vext0'][k[0]]) if len(k) else 0.


def synapse_rhs(model: 'Model', st: OldStim) -> None:
    rhs = model.rhs
    for e in st.syns:
        i = _live(model, e)
        if i is not None:
            rhs[i] -= _synapse(model, e, i)


def electrode_rhs(model: 'Model', st: OldStim) -> None:
    """fstim's pulses, then the clamp's current."""
    rhs = model.rhs
    for e in st.stims:
        i = _live(model, e)
        if i is not None:
            rhs[i] += _stimulus(model, e, i)
    c = st.clamp
    if c is not None:
        i = _clamp_node(model, st)
        if i is not None:
            v = _clampval(model, c, i)
            rhs[i] += c.gtemp * (v - float(model.v[i]) - _vext(model, i))


def synapse_lhs(model: 'Model', st: OldStim) -> None:
    d = model.d
    for e in st.syns:
        i = _live(model, e)
        if i is not None:
            d[i] += e.g


def clamp_lhs(model: 'Model', st: OldStim) -> None:
    c = st.clamp
    if c is not None:
        i = _clamp_node(model, st)
        if i is not None:
            model.d[i] += c.gtemp


def _clamp_node(model: 'Model', st: OldStim) -> int | None:
    i = _node(model, st.clamp.sec, st.clamp.loc)
    if i is None:
        st.clamp = None
    return i


def discontinuities(model: 'Model') -> list[float]:
    """The at_time() times of the variable step: pulse onsets and ends, synapse onsets, the
    clamp's level changes."""
    st = active(model)
    if st is None:
        return []
    out = []
    for e in st.stims:
        out += [e.delay, e.delay + e.duration]
    out += [e.delay for e in st.syns]
    if st.clamp is not None:
        out += st.clamp.tswitch[:-1]
    return out


# ---- the HOC functions: fn(interp, *args)

def _model(interp) -> 'Model':
    m = interp.sim.model
    m.ensure_built()
    return m


_chkarg = chkarg     # (a NaN index is out of range: not int()'s error)


def _index(args, n: int) -> int:
    if not args:
        raise HocError('not enough arguments')
    return int(_chkarg(args[0], 0., float(n - 1)))


def _set_entries(interp, table: list, args: tuple, nvals: int) -> float:
    """fstim(n) / fsyn(n): n fresh entries; fstim(i, loc, ...) / fsyn(i, loc, ...): entry i
    at loc of the current section."""
    if not args:
        raise HocError('not enough arguments')
    i = int(_chkarg(args[0], 0., 10000.))
    if len(args) > 1:
        if i >= len(table):
            raise HocError('index out of range')
        if len(args) < 1 + nvals:
            raise HocError('not enough arguments')
        e = table[i]
        e.loc = _chkarg(args[1], 0., 1.)
        e.delay = _chkarg(args[2], 0., 1e21)
        e.duration = _chkarg(args[3], 0., 1e21)
        e.mag = float(args[4])
        if nvals > 4:
            e.erev = float(args[5])
        e.sec = interp.sim.current()
    else:
        table[:] = [_Entry() for _ in range(i)]
        interp.sim.model._structure_changed()   # (the compiled loop's plan: see fused)
    return 0.


def fstim(interp, *args) -> float:
    return _set_entries(interp, state(interp.sim.model).stims, args, 4)


def fsyn(interp, *args) -> float:
    return _set_entries(interp, state(interp.sim.model).syns, args, 5)


def fstimi(interp, *args) -> float:
    """fstimi(i): stimulus i's current (nA) at t."""
    model = _model(interp)
    st = state(model)
    e = st.stims[_index(args, len(st.stims))]
    i = _live(model, e)
    if i is None or _stimulus(model, e, i) == 0.:
        return 0.
    return e.mag


def fsyni(interp, *args) -> float:
    """fsyni(i): synapse i's current (nA) at t and the present v."""
    model = _model(interp)
    st = state(model)
    e = st.syns[_index(args, len(st.syns))]
    i = _live(model, e)
    cur = 0. if i is None else _synapse(model, e, i)
    if cur != 0.:
        cur *= e.mag / (1.e2 * e.mag / float(model.area[i]))
    return cur


def fsyng(interp, *args) -> float:
    """fsyng(i): synapse i's conductance (uS) at t."""
    model = _model(interp)
    st = state(model)
    e = st.syns[_index(args, len(st.syns))]
    i = _live(model, e)
    if i is None:
        return 0.
    _synapse(model, e, i)
    g = e.g
    if g != 0.:
        g *= e.mag / (1.e2 * e.mag / float(model.area[i]))
    return g


def fclamp(interp, *args) -> float:
    """fclamp(n, loc): n clamp levels at loc of the current section (0 removes the clamp);
    fclamp(i, duration, vc): level i; returns the start time of the last level."""
    if not args:
        raise HocError('not enough arguments')
    model = interp.sim.model
    st = state(model)
    i = int(_chkarg(args[0], 0., 10000.))
    if len(args) >= 3:
        c = st.clamp
        if c is None or i >= len(c.vc):
            raise HocError('level index out of range')
        c.duration[i] = _chkarg(args[1], 0., 1e21)
        c.vc[i] = float(args[2])
        n = len(c.vc)
        c.tswitch[0] = -1e-9
        for k in range(n):
            c.tswitch[k + 1] = c.tswitch[k] + c.duration[k]
        c.oldsw = 0
        return c.tswitch[n - 1]
    st.clamp = None
    if i:
        if len(args) < 2:
            raise HocError('not enough arguments')
        loc = _chkarg(args[1], 0., 1.)
        st.clamp = _Clamp(i, loc, interp.sim.current())
        if model.clamp_resist <= 0:
            raise HocError('clamp_resist must be > 0 in megohms')
    model._structure_changed()
    return 0.


def fclampv(interp) -> float:
    """The clamp's level at t (0 without a clamp)."""
    model = _model(interp)
    st = state(model)
    if st.clamp is None:
        return 0.
    i = _clamp_node(model, st)
    return 0. if i is None else _clampval(model, st.clamp, i)


def fclampi(interp) -> float:
    """The clamp's current (nA) at t: -(v - vc)/clamp_resist while a level is on."""
    model = _model(interp)
    st = state(model)
    if st.clamp is None:
        return 0.
    i = _clamp_node(model, st)
    if i is None:
        return 0.
    vc = _clampval(model, st.clamp, i)
    if st.clamp.gtemp:
        return -(float(model.v[i]) - vc) / model.clamp_resist
    return 0.


def prstim(interp) -> float:
    """Print the fstim, fclamp and fsyn settings as the statements that make them."""
    model = interp.sim.model
    st = state(model)
    out = []

    def name(sec):
        return '' if sec is None or sec.deleted else sec.name()
    if st.stims:
        out.append('fstim(%d)\n/* section\tfstim( #, loc, delay(ms), duration(ms), '
                   'magnitude(namp)) */\n' % len(st.stims))
        for k, e in enumerate(st.stims):
            out.append('%-15s fstim(%2d,%4g,%10g,%13g,%16g)\n' % (
                name(e.sec), k, e.loc, e.delay, e.duration, e.mag))
    c = st.clamp
    if c is not None:
        out.append('%s fclamp(%d, %g) /* Second arg is location */\n/* fclamp( #, '
                   'duration(ms), magnitude(mV)) ; clamp_resist = %g */\n'
                   % (name(c.sec), len(c.vc), c.loc, model.clamp_resist))
        for k in range(len(c.vc)):
            out.append('   fclamp(%2d,%13g,%14g)\n' % (k, c.duration[k], c.vc[k]))
    if st.syns:
        out.append('fsyn(%d)\n/* section\tfsyn( #, loc, delay(ms), tau(ms), conduct(uS), '
                   'erev(mV)) */\n' % len(st.syns))
        for k, e in enumerate(st.syns):
            out.append('%-15s fsyn(%2d,%4g,%10g,%8g,%14g,%9g)\n' % (
                name(e.sec), k, e.loc, e.delay, e.duration, e.mag, e.erev))
    interp.write(''.join(out))
    return 1.
