"""``CVode()``, the HOC object of the variable time step: its settings and questions, the
integrator itself (pyhoc.sim.cvode) imported only where one is asked of it: every process that
loads stdrun.hoc makes ``cvode = new CVode()``, few integrate with it."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..errors import HocError, chkarg
from ..base.objects import HocObject
from . import events

if TYPE_CHECKING:
    from .cvode import CvodeState, _Layout
    from .model import Model


def _fill(vec, values: np.ndarray) -> None:
    vec.resize(len(values))
    if len(values):
        vec[:] = values


def _node_names(model: 'Model') -> dict:
    """node index -> (section, x) for every segment centre."""
    out = {}
    for sec in model.sections:
        for seg in sec:
            out[sec._v_slot(seg.node_index())[1]] = (sec, seg.x)
    return out


def _state_name(model: 'Model', L: '_Layout', k: int, style: int) -> str:
    """The name NEURON's statename gives component k of our y."""
    if k < L.nv:
        var, node, mt, slot = 'v', int(L.capnode[k]), None, -1
    else:
        for mt, blk, names, off in L.slots:
            if off <= k < off + blk.n * len(names):
                j, slot = divmod(k - off, blk.n)
                var, node = mt.hoc_name(names[j]), int(blk.node[slot])
                break
    if mt is not None and mt.point:
        if style == 2:
            return '%s.%s' % (mt.name, names[j])
        p = model.blocks[mt.name].objects[slot]()
        return '%s.%s' % (p.hname() if p is not None else mt.name, names[j])
    if style == 2:
        return var
    names = L.__dict__.get('node_names')
    if names is None:           # (once per layout: statename is asked for every i in turn)
        names = L.node_names = _node_names(model)
    sec, x = names[node]
    return '%s.%s(%g)' % (sec.name(), var, x)


def _consist_sec(model: 'Model', ref) -> None:
    """NetCvode::consist_sec_pd for cvode.record: a range variable's or point process's
    pointer must be at a node of the currently accessed section (its parent's node at 0
    included); NEURON's message.  (Other pointers are not checked.)"""
    from .refs import PointRef, SimRef
    if isinstance(ref, SimRef):
        home, x = ref.sec, ref.x
    elif isinstance(ref, PointRef):
        home = getattr(ref.pp, '_sec', None)
        x = ref.pp._x() if home is not None else None
    else:
        return
    try:
        sec = model.stack.current()
    except HocError:
        return
    if home is None or home is sec:
        return
    parent = sec.parentseg()
    if parent is not None and parent.sec is home and x is not None and \
            abs(float(x) - parent.x) < 1e-9:
        return
    raise HocError('Cvode.record  pointer not associated with currently accessed section\n'
                   'Use section ... (&var(x)...) intead of ...(&section.var(x)...)\n')


class CVode(HocObject):
    """``CVode()``: the variable step method (global step) and its settings.

    All CVode objects of an interpreter share one integrator, as in NEURON.
    """

    def __init__(self, *args, model=None):
        self.__dict__['_model'] = model

    @property
    def _m(self):
        m = self.__dict__['_model']
        return m if m is not None else events._current_model(self)

    @property
    def _cv(self) -> 'CvodeState':
        from .cvode import state
        return state(self._m)

    # ---- on/off and tolerances
    # The settings NEURON 9 types as integer or boolean return Python ints and bools
    # (HOC reads them as numbers).
    def active(self, *args) -> bool:
        cv = self._cv
        if args:
            on = bool(float(args[0]))
            if on:                  # NEURON re-initializes at once: the next fadvance steps
                m = self._m
                cv.need_init = True
                cv.tcur = m.t
                cv.active = True
                if m.sections:
                    try:
                        cv.re_init()
                    except HocError:
                        cv.need_init = True     # (said again where NEURON says it)
            cv.active = on
        return bool(cv.active)

    def _setting(self, name: str, args, conv=float) -> float:
        cv = self._cv
        if args:
            x = conv(args[0])
            if x < 0:
                raise HocError('CVode.%s: must be >= 0' % name)
            setattr(cv, name, x)
            cv.need_init = True
        return float(getattr(cv, name))

    def atol(self, *args) -> float:
        return self._setting('atol', args)

    def rtol(self, *args) -> float:
        return self._setting('rtol', args)

    def maxstep(self, *args) -> float:
        return self._setting('maxstep', args)

    def minstep(self, *args) -> float:
        return self._setting('minstep', args)

    def maxorder(self, *args) -> int:
        cv = self._cv
        if args:
            cv.maxorder = max(1, min(5, int(float(args[0]))))
        return int(cv.maxorder)

    def order(self, *args) -> int:
        """The order of the integrator's last step (0 before one, or while off); an argument
        names a cell of the local step, which the global one has none of (NEURON's range
        error)."""
        if args:
            lv = self._cv.__dict__.get('_lvardt') if self._cv.use_local_dt else None
            cells = lv.cells if lv is not None else []
            return int(cells[int(chkarg(args[0], 0, len(cells) - 1))].bdf.qu)
        cv = self._cv
        bdf = cv.bdf if cv.active and not cv.use_local_dt else None
        return int(bdf.qu) if bdf is not None else 0

    def debug_event(self, *args) -> int:
        """NEURON's event printing level (0 to 10); pyhoc keeps it, printing nothing."""
        cv = self._cv
        if args:
            cv.print_event = int(chkarg(args[0], 0, 10))
        return cv.print_event

    def structure_change_count(self, *args) -> int:
        """How many times the tree has been set up (its sections, connections, nseg,
        mechanisms changed, then a step or initialization)."""
        return int(self._m.builds)

    def diam_change_count(self, *args) -> int:
        """How many times areas and axial resistances have been recomputed."""
        return int(self._m.geometry_version)

    def atolscale(self, var, *args) -> float:
        """atolscale("name" or &var[, scale]): the factor on atol for a kind of state."""
        name = var if isinstance(var, str) else getattr(var, 'name', None)
        if name is None:
            raise HocError('CVode.atolscale: a state name or pointer is needed')
        cv = self._cv
        if args:
            cv.atolscale[name] = float(args[0])
            cv.need_init = True
        if name in cv.atolscale:
            return float(cv.atolscale[name])
        return _default_atolscale(cv.model, name)

    def stiff(self, *args) -> int:
        return 2

    def jacobian(self, *args) -> int:
        return 0

    def condition_order(self, *args) -> int:
        cv = self._cv
        if args:
            cv.condition_order = 2 if int(float(args[0])) == 2 else 1
        return int(cv.condition_order)

    def use_local_dt(self, *args) -> bool:
        """``use_local_dt([on])``: one integrator per cell, each with its own steps
        (pyhoc.sim.lvardt)."""
        cv = self._cv
        if args:
            on = bool(float(args[0]))
            changed = on != cv.use_local_dt
            cv.use_local_dt = on
            cv.need_init = True
            if changed and cv.active and self._m.sections:
                try:                # NEURON re-initializes at once (NetCvode::localstep)
                    cv.re_init()
                except HocError:
                    cv.need_init = True
        return bool(cv.use_local_dt)

    def use_fast_imem(self, *args) -> bool:
        """``use_fast_imem([on])``: compute i_membrane_ (nA, membrane current including the
        capacitive one) of every segment at each step; returns the previous setting."""
        m = self._m
        old = bool(m.fast_imem)
        if args:
            m.fast_imem = bool(float(args[0]))
        return old

    def use_daspk(self, *args) -> bool:
        """``use_daspk([on])``: IDA (pyhoc.sim.daspk) instead of CVODE; reports 1 also where
        the model needs it (extracellular, LinearMechanism) and IDA is taken by itself."""
        cv = self._cv
        if args:
            cv.use_daspk = bool(float(args[0]))
            cv.layout = None
            cv.need_init = True
        from . import daspk
        return bool(daspk.wanted(cv) if cv.active or cv.use_daspk else 0)

    def use_mxb(self, *args) -> bool:
        """``use_mxb([on])``: the general sparse matrix solver (1) or the tree one (0);
        recorded (NEURON's current_method reports it), the tree solver is always used."""
        cv = self._cv
        if args:
            cv.use_mxb = bool(float(args[0]))
        return bool(getattr(cv, 'use_mxb', False))

    def use_long_double(self, *args) -> bool:
        """``use_long_double([on])``: NEURON's long-double N_Vector (its norms summed with
        Kahan's compensation); recorded and returned (a structure change: the integrator
        starts again), the norms are summed as without it."""
        cv = self._cv
        if args:
            x = float(args[0])
            if not 0 <= x <= 1:
                raise HocError('Arg out of range in user function')
            cv.use_long_double = bool(int(x))
            cv.need_init = True
        return bool(getattr(cv, 'use_long_double', False))

    def current_method(self) -> int:
        """modeltype + 10*use_sparse13 + 100*methodtype + 1000*localtype, as NEURON codes the
        method in use: modeltype 0 without sections, 2 with extracellular or a
        LinearMechanism, else 1;
        methodtype secondorder under the fixed step, 3 CVODE, 4 IDA (which NEURON switches
        to with extracellular or a LinearMechanism, modeltype 2, and which needs the sparse
        solver)."""
        from . import linmech
        m = self._m
        cv = self._cv
        model = 0 if not m.sections else \
            2 if any(sec.has_mech('extracellular') for sec in m.sections) or \
            linmech.active(m) else 1
        sparse = bool(getattr(cv, 'use_mxb', False))
        if not cv.active:
            return int(model + 10 * sparse + 100 * int(m.secondorder))
        from . import daspk
        if daspk.wanted(cv):
            return int(model + 10 + 400)
        return int(model + 10 * sparse + 300 + 1000 * bool(cv.use_local_dt))

    def cache_efficient(self, *args) -> bool:
        """Always True, as in NEURON 9 (its data are always cache efficient)."""
        return True

    def queue_mode(self, *args) -> int:
        return 0

    def simgraph_remove(self, *args) -> float:
        return 0.0

    # ---- integration
    def re_init(self) -> float:
        """NetCvode::re_init: restart the integrator now from the present state (the next
        fadvance takes a step); the counts restart."""
        cv = self._cv
        if cv.active:
            cv.re_init()
        return 0.0

    def solve(self, *args) -> float:
        cv = self._cv
        m = self._m
        if not cv.active:
            tout = float(args[0]) if args else m.t + m.dt
            while m.t < tout - m.dt / 2:
                m.fadvance()
            return 0.0
        cv.solve(float(args[0]) if args else None)
        return 0.0

    def _y_layout(self) -> tuple['CvodeState', '_Layout | None', np.ndarray]:
        """The integrator, its layout (None under IDA) and NEURON's order of y as indices
        into ours (Cvode::init_eqn; what states, dstates, f and statename index by)."""
        cv = self._cv
        if cv.dae is not None:
            return cv, None, np.arange(cv.dae.size)
        L = cv._ensure_layout()
        order = L.norm_order if L.norm_order is not None else np.arange(L.size)
        return cv, L, order

    def _ydot(self, cv: 'CvodeState', t: float, y: np.ndarray,
              vcv: bool = True) -> np.ndarray:
        if cv.dae is not None:                  # IDA: its own y' (no explicit f exists)
            return np.array(cv.bdf.yp, dtype=float)
        ydot = np.empty(len(y))
        nfev = cv.stats['nfev']
        cv.fun(t, y, ydot, vcv)
        cv.stats['nfev'] = nfev
        return ydot

    def states(self, vec) -> float:
        """states(Vector): the integrator's state vector y, in NEURON's order (its own y:
        what f() set in the model does not show); empty when CVode is off."""
        cv, L, order = self._y_layout()
        if not cv.active:
            vec.resize(0)
            return 0.0
        bdf = cv.bdf
        y = bdf.y if bdf is not None and not cv.need_init and len(bdf.y) == len(order) \
            else cv.gather()
        _fill(vec, y[order])
        return 0.0

    def dstates(self, vec) -> float:
        """dstates(Vector): dy/dt of the last f, in NEURON's order (Cvode::dstates reads
        what it left: after HOC's f(t, y, yp), yp; else f at the present t and states, where
        the integrator's last f was, evaluated again); empty when CVode is off."""
        cv, L, order = self._y_layout()
        if not cv.active:
            vec.resize(0)
            return 0.0
        ydot = cv.f_ydot
        if ydot is None or len(ydot) != len(order):
            ydot = self._ydot(cv, self._m.t, cv.gather())
        _fill(vec, ydot[order])
        return 0.0

    def f(self, t, yvec, ypvec) -> float:
        """f(t, yvec, ypvec): the model's states set from yvec, ypvec = dy/dt there."""
        cv, L, order = self._y_layout()
        if L is None:
            raise HocError('Cvode::f: not available under IDA (use_daspk)')
        yn = np.asarray(yvec, dtype=float)
        if len(yn) != len(order):
            raise HocError('Cvode::f: y vector size %d is not the number of states %d'
                           % (len(yn), len(order)))
        y = np.empty(len(order))
        y[order] = yn
        cv.scatter(y)
        m = self._m
        tsav = m.t                          # (NEURON's t stays)
        try:
            ydot = self._ydot(cv, float(t), y, False)
        finally:
            m.t = tsav
        _fill(ypvec, ydot[order])
        cv.f_ydot = ydot
        return 0.0

    def statename(self, i, sref, style=0) -> float:
        """statename(i, strdef[, style]): the name of y[i] in NEURON's order: sec.v(x),
        sec.m_hh(x), Point[k].g; style 2 the bare name (v, m_hh, ExpSyn.g)."""
        cv, L, order = self._y_layout()
        i = int(i)
        if L is None or not 0 <= i < len(order):
            raise HocError('Cvode::statename argument out of range')
        from ..base.refs import set_string
        set_string(sref, _state_name(self._m, L, int(order[i]), int(style)))
        return 0.0

    def event(self, tt, action=None, *args) -> float:
        m = self._m
        if not self._cv.active:
            return events.cvode_event(m, tt, action)
        tt = float(tt)
        if tt < m.t:
            return tt
        events.state(m).send(tt, events.HocEvent(action))
        return tt

    def record(self, ref, yvec, tvec, *args) -> float:
        """record(&x, yvec, tvec[, 1]): x and t at every step, as yvec.record(&x) and
        tvec.record(&t) do; with 1, x at the times in tvec (Vector.record(&x, tvec))."""
        from . import record
        _consist_sec(self._m, ref)
        record.cvode_record(ref, yvec, tvec, bool(args) and int(float(args[0])) == 1)
        return 0.0

    def record_remove(self, yvec) -> float:
        from . import record
        record.vec_play_remove(yvec)
        return 0.0

    def statistics(self, *args) -> float:
        """NetCvode::statistics: the integrator's counts since the last finitialize or
        re_init, then the event counts.  NEURON 9 compiles its per-event-class counters out
        (they print 0); its event queue counts insertions, moves and removals.  The splay
        tree's comparison count has no counterpart in pyhoc's heap: printed as 0."""
        from ..base.context import current
        cv = self._cv
        m = self._m
        s = cv.stats
        n = cv.dae.size if cv.dae is not None else \
            cv.layout.size if cv.layout is not None else 0
        nset = cv.bdf.nsetups if cv.bdf is not None else 0
        order = getattr(m, 'order', None) or m.sections
        root = order[0].name() if order else ''
        ins = mov = rem = 0
        net = events.has_state(m)
        if net is not None:
            ins, mov, rem = net.queue.nstat
        pr = m.playrec
        if pr is not None:
            ins += pr.nstat[0]
            rem += pr.nstat[1]
        text = ('\nCvode instance 0x%x %s statistics : %d %s states\n'
                '   %d advance_tn, %d interpolate, %d init (%d due to at_time)\n'
                '   %d function evaluations, %d mx=b solves, %d jacobian setups\n'
                % (id(cv), root, n, 'IDA' if cv.dae is not None else 'CVode', s['steps'],
                   s['interp'], s['init'], s['init_disc'], s['nfev'], s['nsolve'], nset))
        from . import lvardt
        lv = cv.__dict__.get('_lvardt') if lvardt.applies(cv) else None
        tail = ''
        if lv is not None:          # (one integrator a cell)
            text, tail = lv.statistics(int(args[0]) if args else None)
        text += ('NetCon active=0 (not sent)=0 delivered=0\n'
                 'Condition O2 thresh detect=0 via init=0 effective=0 abandoned=0 '
                 '(unnecesarily=0 init+=0 init-=0 above=0 below=0)\n'
                 'PreSyn send: mindelay=0 direct=0\n'
                 'PreSyn deliver: O2 thresh=0  NetCon=0 (send=0  deliver=0)\n'
                 'SelfEvent send=0 move=0 deliver=0\n'
                 'Watch send=0 deliver=0\n'
                 'PlayRecord send=0 deliver=0\n'
                 'HocEvent send=0 deliver=0\n'
                 'SingleEvent deliver=0 move=0\n'
                 'DiscreteEvent send=0 deliver=0\n'
                 '0 total events delivered  net_event=0\n'
                 'Discrete event TQueue\n'
                 'insertions=%d  moves=%d removals=%d calls to least=0\n'
                 'calls to find=0\n'
                 'comparisons=0\n' % (ins, mov, rem)) + tail
        try:
            current(self._m).write(text)
        except Exception:
            print(text, end='')
        return 0.0

    def netconlist(self, precell, postcell, target, lst=None):
        """The NetCons whose source cell, target's cell and target match (each an object, or
        a regular expression searched in the object's HOC name, '' for any), in the order of
        their sources' creation then the NetCons' (NetCvode::netconlist); appended to the
        List ``lst`` when given."""
        from .netcon import _cell_of, _listed
        tests = [_matcher(a, k) for k, a in enumerate((precell, postcell, target), 1)]
        out = []
        for ps in events.state(self._m).presyns:
            src = ps.osrc if ps.osrc is not None else _cell_of(ps.sec)
            if not tests[0](src):
                continue
            for nc in ps.live_dil():
                tgt = nc._target
                post = None
                if tgt is not None and hasattr(tgt, 'get_sec'):
                    post = _cell_of(tgt.get_sec())
                if tests[1](post) and tests[2](tgt):
                    out.append(nc)
        return _listed(lst, out)

    def print_event_queue(self, vec=None) -> float:
        net = events.state(self._m)
        times = net.queue.times()
        if vec is not None:
            vec.resize(0)
            for t in times:
                vec.append(t)
        else:
            from ..base.context import current
            text = ''.join('%.15g %s\n' % (it, '') for it in times)
            try:
                current(self._m).write(text)
            except Exception:
                print(text, end='')
        return 0.0


def _default_atolscale(model, name: str) -> float:
    """A state's atolscale before any is set: its .mod STATE ``<abstol>``, else 1."""
    for mt in model.mech_types.values():
        for st, tol in mt.state_tolerances.items():
            if mt.hoc_name(st.split('[', 1)[0]) == name:
                return float(tol)
    return 1.0


def _matcher(arg, k: int):
    """netconlist's test of argument ``k``: the object itself (NULLobject matches none), or a
    regular expression (NEURON's '<' '>' for '[' ']', and '[' ']' literal) searched in an
    object's HOC name."""
    import re
    if arg is None:             # (NULLobject: NEURON's empty regex, which matches nothing)
        return lambda obj: False
    if not isinstance(arg, str):
        return lambda obj: obj is arg
    text = ''.join({'<': '[', '>': ']', '[': '\\[', ']': '\\]'}.get(c, c) for c in arg)
    try:
        rx = re.compile(text or '.*')
    except re.error:
        raise HocError("Argument %d is not a valid regular expression '%s'." % (k, arg))

    def name(obj) -> str:
        if obj is None:
            return 'NULLobject'
        return obj.hoc_name() if hasattr(obj, 'hoc_name') else str(obj)
    return lambda obj: rx.search(name(obj)) is not None
