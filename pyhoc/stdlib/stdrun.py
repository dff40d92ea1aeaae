"""The standard run system (NEURON's ``stdrun.hoc``) implemented natively.

``load_file("stdrun.hoc")`` installs the run-control variables (``tstop``, ``v_init``,
``steps_per_ms``, ``stoprun``, ``realtime``...) and procedures (``run``, ``stdinit``, ``init``,
``continuerun``, ``step``, ``advance``, ``setdt``, ``Plot``, ``initPlot``, ``flushPlot``...)
as ordinary HOC procs with Python bodies.  They call one another through the symbol table at
call time (``interp.call('init')``), so a model's own ``proc init()`` / ``proc advance()`` /
``proc step()`` replaces the library's and is used by ``run()``, as in NEURON.

Semantics follow NEURON 9's stdrun.hoc (see docs/design stdrun-and-ses.md §2):
run = running_=1, stdinit(), continuerun(tstop); stdinit = cvode_simgraph(), realtime=0,
setdt(), init(), initPlot(); continuerun(T) steps while t < T - dt/2 and stoprun == 0.
The GUI menus and tools belong to another module; this one only keeps the plot lists
(``graphList[0..3]``, ``flush_list``, ``fast_flush_list``) that run control drives.
"""
from __future__ import annotations

import time
from typing import Any, Callable

from ..errors import HocError
from ..hoc.builtins.list import List
from ..hoc.signals import NOVALUE, ReturnSignal
from ..hoc.symbols import Array, Kind
from ..hoc.templates import Function
from . import progress as _progress

N_GRAPH_LISTS = 4

# name, value, in stdrun.hoc's order of assignment
_VARIABLES = (
    ('using_cvode_', 0.), ('stdrun_quiet', 0.), ('realtime', 0.), ('screen_update_invl', .05),
    ('tstop', 5.), ('stoprun', 0.), ('steps_per_ms', 1 / .025), ('nstep_steprun', 1.),
    ('runStopAt', 5.), ('runStopIn', 1.), ('global_ra', 35.4), ('coreneuronrunning_', 0.),
    ('running_', 0.), ('v_init', -65.), ('n_graph_lists', float(N_GRAPH_LISTS)),
    ('eventslow', 1.), ('eventcount', 0.), ('i', float(N_GRAPH_LISTS)),
)
_OBJREFS = ('tobj', 'tobj1', 'nrnmainmenu_', 'pyobj', 'graphItem')
_STRDEFS = (('temp_string_', 't'), ('temp_string2_', ''), ('tstr', ''))


def _count(lst) -> int:
    """How many objects a graph list holds (a List read directly: Plot asks at every step,
    and a HOC method's call from Python goes through its wrapper)."""
    if isinstance(lst, List):
        return len(lst._all())
    return int(lst.count()) if lst is not None and hasattr(lst, 'count') else 0


class _Run:
    """The run-control procs of one interpreter."""

    def __init__(self, interp):
        self.interp = interp
        self.top = interp.top
        self.natives: dict = {}      # name -> the Function installed for it
        # NumericalMethodPanel's dtsav/saved: the fixed step's dt, kept while CVode runs
        dt = float(interp.sim.model.dt)
        self._dtsav = dt if dt >= 1e-6 else .025
        self._saved = False

    # ---- variables
    def get(self, name: str) -> float:
        sym = self.top.syms.get(name)
        if sym is None:
            return 0.
        return float(sym.value) if sym.kind is Kind.NUM else 0.

    def set(self, name: str, value: float) -> None:
        sym = self.top.syms.get(name)
        if sym is None or sym.kind is not Kind.NUM:
            self.top.declare(name, Kind.NUM, float(value))
        else:
            sym.value = float(value)

    def obj(self, name: str) -> Any:
        sym = self.top.syms.get(name)
        return None if sym is None else sym.value

    @property
    def model(self):
        return self.interp.sim.model

    def call(self, name: str, *args) -> Any:
        """Call a top-level HOC proc or func by name, as ``interp.call(name, ...)``.  The
        run-control procs call one another at every step: called from one of them (a
        frame at top level), a top-level proc or func is called without the name's
        general resolution (the same frames, so the same error stacks)."""
        interp = self.interp
        fr = interp.frame
        if fr is not None and fr.ns is self.top:
            sym = self.top.syms.get(name)
            if sym is not None and (sym.kind is Kind.PROC or sym.kind is Kind.FUNC) and \
                    sym.value.template is None:
                r = interp.call_function(sym.value, list(args), self.top, fr)
                return 0.0 if r is NOVALUE else r
        return interp.call(name, *args)

    def cvode(self):
        cv = self.obj('cvode')
        return None if isinstance(cv, (float, str, Array)) else cv

    def _cv_call(self, method: str, *args, default: float = 0.) -> float:
        cv = self.cvode()
        if cv is None or not hasattr(cv, method):
            return default
        r = getattr(cv, method)(*args)
        return float(r) if isinstance(r, (int, float)) else default

    def graph_lists(self) -> list:
        arr = self.obj('graphList')
        if isinstance(arr, Array):
            return [g for g in arr.data[:N_GRAPH_LISTS]]
        return []

    @staticmethod
    def _items(lst) -> list:
        if isinstance(lst, List):
            return list(lst._all())
        if lst is None or not hasattr(lst, 'count'):
            return []
        return [lst.object(k) for k in range(int(lst.count()))]

    @staticmethod
    def _send(obj, method: str, *args) -> Any:
        fn = getattr(obj, method, None)
        return fn(*args) if fn is not None else 0.

    # ---- procs (each takes the frame's argument list)
    def run(self, args):
        self.set('running_', 1)
        self.call('stdinit')
        self.call('continuerun', self.get('tstop'))

    def stdinit(self, args):
        self.call('cvode_simgraph')
        self.set('realtime', 0)
        self.call('setdt')
        self.call('init')
        self.call('initPlot')

    def init(self, args):
        self.call('finitialize', self.get('v_init'))

    def setdt(self, args):
        if self.get('using_cvode_'):
            return
        spm = self.get('steps_per_ms')
        Dt = 1 / spm
        dt = self.model.dt
        n = int(Dt / dt)
        if n == 0:
            n = 1
        self.set('nstep_steprun', n)
        dtnew = Dt / n
        if abs(dt * n * spm - 1) > 1e-6:
            self.interp.write('Changed dt\n')
            self.model.dt = dtnew

    def continuerun(self, args):
        if not args:
            raise HocError('continuerun: not enough arguments')
        tstop = float(args[0])
        self.set('realtime', 0)
        rt = self.get('screen_update_invl')
        rtstart = time.perf_counter()
        self.set('eventcount', 0)
        self.set('eventslow', 1)
        self.set('stoprun', 0)
        model = self.model
        cvode = bool(self.get('using_cvode_'))
        if cvode:
            self._cv_call('event', tstop)
            ts = tstop
            if self._cv_call('use_local_dt'):
                self._cv_call('solve', ts)
                self.call('flushPlot')
                self.set('realtime', time.perf_counter() - rtstart)
                return
        else:
            ts = tstop - model.dt / 2
        cv = model.__dict__.get('_cvode')     # (active without using_cvode_: cvode_active(1))
        if cv is not None and cv.active:    # numba loaded now where the run is long
            cv.expect_run(tstop - model.t)
        stoprun = self.top.syms['stoprun']
        prog = _progress.start(self.interp, model.t, tstop)   # None unless interactive
        seen = self._unobserved() if prog is None else False
        if seen is True:        # nothing runs between steps
            syms = self.top.syms
            if cvode:           # the variable step's steps, without the HOC call chain
                from ..sim.cvode import active_state
                cv = active_state(model)
                if cv is not None:
                    cv.fadvances(None, ts, lambda: _num(syms['stoprun'].value))
                while model.t < ts and not _num(syms['stoprun'].value):
                    model.fadvance()
            else:               # compiled stretches of fixed steps
                from ..sim import fused
                fused.continuerun(model, ts, int(self.get('nstep_steprun')),
                                  lambda: _num(syms['stoprun'].value))
        elif seen:              # only graphs' plot(t): read in the compiled stretches
            from ..sim import fused
            syms = self.top.syms
            fused.continuerun(model, ts, int(self.get('nstep_steprun')),
                              lambda: _num(syms['stoprun'].value), seen)
        while model.t < ts and not _num(stoprun.value):
            self.call('step')
            if prog is not None:
                prog.update(model.t)
            realtime = time.perf_counter() - rtstart
            self.set('realtime', realtime)
            if realtime >= rt:
                self.call('screen_update')
                realtime = time.perf_counter() - rtstart
                self.set('realtime', realtime)
                rt = realtime + self.get('screen_update_invl')
            stoprun = self.top.syms['stoprun']
        if cvode and not self.get('stoprun'):
            self.call('step')
        if prog is not None:
            prog.finish(model.t)
        self.call('flushPlot')
        self.set('realtime', time.perf_counter() - rtstart)

    def steprun(self, args):
        self.call('step')
        self.call('flushPlot')

    def step(self, args):
        if self.get('using_cvode_'):
            self.call('advance')
        elif self._advance_is_native():     # whole stretches compiled where possible
            from ..sim import fused
            fused.advance(self.model, int(self.get('nstep_steprun')))
        else:
            for _ in range(int(self.get('nstep_steprun'))):
                self.call('advance')
        self.call('Plot')

    def _unobserved(self):
        """Whether continuerun's per-step calls do nothing (True: the library's step,
        advance, Plot and screen_update, and no graph or flush list to update), or only
        headless graphs' plot(t) (a :class:`_Sampler`, the fixed step only); else False."""
        graphs = self._graphs()
        if graphs is None:
            return False
        return _Sampler(self) if graphs else True

    def _graphs(self) -> 'list | None':
        """The (graph list's index, graph) pairs whose plot(t) is all continuerun's
        per-step calls do besides the steps (the library's step, advance, Plot,
        screen_update), or None where they do more: a graph that is not headless pyhoc's or
        listed twice, a flush list's object that is not, the variable step with graphs."""
        for name in ('step', 'advance', 'Plot', 'screen_update', 'fastflushPlot'):
            sym = self.top.syms.get(name)
            if sym is None or sym.value is not self.natives.get(name):
                return None
        for name in ('flush_list', 'fast_flush_list'):
            lst = self.obj(name)
            if lst is not None and hasattr(lst, 'count') and lst.count():
                # (a headless scene's begin/flush redraws from what it holds: done at the
                # end by flushPlot, the screen updates between change nothing it keeps)
                if not all(getattr(g, '_redraws_only', False) for g in self._items(lst)):
                    return None
        lists = self.graph_lists()
        if not any(_count(lst) for lst in lists):
            return []
        if self.get('using_cvode_'):
            return None
        cv = self.model.__dict__.get('_cvode')
        if cv is not None and cv.active:
            return None
        graphs, seen = [], set()
        for k, lst in enumerate(lists):
            for g in self._items(lst):
                if id(g) in seen or not hasattr(g, '_sample_refs') or \
                        not getattr(g, '_redraws_only', False):
                    return None
                seen.add(id(g))
                graphs.append((k, g))
        return graphs

    def _advance_is_native(self) -> bool:
        sym = self.top.syms.get('advance')
        return sym is not None and sym.value is self.natives.get('advance')

    def advance(self, args):
        self.call('fadvance')

    def stoppedrun(self, args):
        raise ReturnSignal(self.get('stoprun'))

    def runbutton(self, args):
        if self.get('running_') == 0:
            self.set('stoprun', 1)
            return
        try:
            self.call('run')
        except HocError as e:
            self.interp.stderr.write('%s\n' % e)
        self.set('running_', 0)
        self.set('stoprun', 0)

    def set_v_init(self, args):
        old = self.get('v_init')
        if args:
            self.set('v_init', float(args[0]))
        raise ReturnSignal(old)

    def set_ra(self, args):
        if args:
            self.set('global_ra', float(args[0]))
        self.interp.execute('forall Ra = global_ra')

    def cvode_active(self, args):
        if args:
            on = float(args[0])
            if self.cvode() is None:
                if on:
                    raise HocError('cvode_active: CVode is not available in pyhoc yet')
            else:
                self._varstep(bool(on))
            self.set('using_cvode_', 1. if on else 0.)
        raise ReturnSignal(self._cv_call('active'))

    def _varstep(self, on: bool, local: bool = False) -> None:
        """NumericalMethodPanel.varstep (``local``: localstep): switching the variable step
        on saves the fixed step's dt (if the fixed step was in use), chooses the global
        (or the local) step without DAE or multiple bulk, and sets dt back to the saved one;
        switching it off restores that dt (the local choice stays, as NEURON's)."""
        model = self.model
        was_on = bool(self._cv_call('active'))
        if on:
            if not was_on and not self._saved:
                self._dtsav = model.dt
                self._saved = True
            if not local:
                self._cv_call('use_local_dt', 0)
            self._cv_call('use_daspk', 0)
            self._cv_call('use_mxb', 0)
            if local:
                self._cv_call('use_local_dt', 1)
            self._cv_call('active', 1)
            model.dt = self._dtsav
        else:
            if was_on:
                model.dt = self._dtsav
                self._saved = False
            self._cv_call('use_daspk', 0)
            self._cv_call('active', 0)
            self._cv_call('use_mxb', 0)

    def cvode_local(self, args):
        """NumericalMethodPanel.localstep: 1 turns the local variable step on (CVode
        active), anything else turns the variable step off."""
        if args:
            on = float(args[0]) == 1
            if self.cvode() is None:
                if on:
                    raise HocError('cvode_local: CVode is not available in pyhoc yet')
            else:
                self._varstep(on, local=True)
                self.set('using_cvode_', 1. if on else 0.)
        raise ReturnSignal(self._cv_call('use_local_dt'))

    def cvode_simgraph(self, args):
        self._cv_call('simgraph_remove')

    def tstop_changed(self, args):
        tstop = self.get('tstop')
        for lst in self.graph_lists()[:3]:
            for g in self._items(lst):
                self.top.syms['graphItem'].value = g
                size = getattr(g, 'size', None)
                if size is not None:
                    size(0, tstop, size(3), size(4))

    def Plot(self, args):
        arr = self.obj('graphList')     # (at every step: nothing to plot, said quickly)
        if isinstance(arr, Array) and all(type(x) is List and not x._all()
                                          for x in arr.data[:N_GRAPH_LISTS]):
            return
        lists = self.graph_lists()
        if not any(_count(lst) for lst in lists):
            return
        t = self.model.t
        dt2 = 0. if self.get('using_cvode_') else self.model.dt / 2
        for k, x in enumerate((t, t - dt2, t + dt2, t)):
            for g in self._items(lists[k] if k < len(lists) else None):
                self._send(g, 'plot', x)

    def initPlot(self, args):
        if self._cv_call('active') and self._cv_call('use_local_dt'):
            self.call('flushPlot')
            return
        for lst in self.graph_lists():
            if lst is None:
                continue
            for k in range(int(lst.count()) - 1, -1, -1):
                if self._send(lst.object(k), 'view_count') == 0:
                    lst.remove(k)
            for g in self._items(lst):
                self._send(g, 'begin')
        for name in ('flush_list', 'fast_flush_list'):
            lst = self.obj(name)
            if lst is None or not hasattr(lst, 'count'):
                continue
            for k in range(int(lst.count()) - 1, -1, -1):
                if self._send(lst.object(k), 'view_count') == 0:
                    lst.remove(k)
        self.call('Plot')
        self.call('flushPlot')

    def screen_update(self, args):
        if self.get('stdrun_quiet'):
            return
        fl = self._items(self.obj('flush_list'))
        for g in fl:
            self._send(g, 'begin')
        for g in fl:
            self._send(g, 'flush')
        for g in self._items(self.obj('fast_flush_list')):
            self._send(g, 'fastflush')
        self.call('fastflushPlot')

    def flushPlot(self, args):
        self.call('screen_update')
        for lst in self.graph_lists():
            for g in self._items(lst):
                self._send(g, 'flush')
        for name in ('flush_list', 'fast_flush_list'):
            for g in self._items(self.obj(name)):
                self._send(g, 'flush')

    def fastflushPlot(self, args):
        for lst in self.graph_lists():
            for g in self._items(lst):
                self._send(g, 'fastflush')


class _Sampler:
    """continuerun's graphs read in the compiled loop (pyhoc.sim.fused.continuerun's
    ``sample``): at each group's end, plot(x) of each graph from the values of its
    variables the loop recorded there, as Plot() would have done."""

    def __init__(self, run: _Run):
        self.run = run
        self.layout = None          # (k, graph, positions of its columns in the slots)
        self.given_up = False       # (slots() None from then on: Plot() at every group)
        self.reads = 0              # slots() calls and points taken: the slots are read
        self.points = 0             # again at every stop of the loop, Plot() at every group

    def slots(self, fresh: bool):
        """The (array, index) pairs (or 't') the graphs read, None where some expression is
        not a variable the loop can read or the graphs need more than plot(x) (Plot()
        itself then)."""
        from ..sim.fused import sample_slot
        self.reads += 1
        if self.given_up or (self.reads > 16 and self.reads > self.points):
            self.given_up = True        # (stops more often than groups: Plot() is cheaper)
            return None
        graphs = self.run._graphs()     # (read again: HOC code run at an event may have
        if graphs is None:              # changed the graphs, their lists, the procs)
            self.given_up = True
            return None
        model = self.run.model
        slots, layout = [], []
        for k, g in graphs:
            refs = g._sample_refs()
            if refs is None:
                self.given_up = True
                return None
            if not refs:
                continue
            pos = []
            for ref in refs:
                if ref is None:
                    pos.append(None)
                    continue
                slot = sample_slot(model, ref)
                if slot is None:
                    self.given_up = True
                    return None
                pos.append(len(slots))
                slots.append(slot)
            layout.append((k, g, pos))
        self.layout = layout
        return slots

    def take(self, t, rows) -> None:
        """The groups' ends at times t (an array), rows[i]: slot i's values there."""
        run = self.run
        self.points += t.shape[0]
        dt2 = 0. if run.get('using_cvode_') else run.model.dt / 2
        xs = (t, t - dt2, t + dt2, t)
        for k, g, pos in self.layout:
            g._sample_take(xs[k], [None if p is None else rows[p] for p in pos])

    def live(self) -> None:
        """A group's end in Python: Plot() itself (the model's, if an event redefined it)."""
        self.run.call('Plot')


def _num(x: Any) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return 0.


_PROCS = ('stdinit', 'init', 'run', 'stoppedrun', 'setdt', 'continuerun', 'steprun', 'step',
          'advance', 'cvode_simgraph', 'initPlot', 'tstop_changed', 'Plot', 'screen_update',
          'flushPlot', 'fastflushPlot', 'runbutton', 'set_ra', 'cvode_active', 'cvode_local',
          'set_v_init')
_FUNCS = {'stoppedrun', 'cvode_active', 'cvode_local', 'set_v_init'}


def _native(name: str, kind: Kind, method: Callable) -> Function:
    def body(frame):
        method(list(frame.args))
    return Function(name, kind, body, [], [], None, None)


def install(interp) -> None:
    """Define stdrun.hoc's variables and procedures in the interpreter's top namespace."""
    if getattr(interp, '_pyhoc_stdrun', False):
        return
    top = interp.top
    r = interp._pyhoc_stdrun = _Run(interp)     # (the run-control procs' instance)
    for name, value in _VARIABLES:
        r.set(name, value)
    for name in _OBJREFS:
        if name not in top.syms:
            top.declare(name, Kind.OBJ, None)
    for name, value in _STRDEFS:
        sym = top.syms.get(name)
        if sym is None or sym.kind is not Kind.STR:
            top.declare(name, Kind.STR, value)
        else:
            sym.value = value
    from ..hoc.builtins.list import List
    lists = Array('graphList', [N_GRAPH_LISTS], None)
    for k in range(N_GRAPH_LISTS):
        lists.data[k] = List()
    top.declare('graphList', Kind.OBJ, lists)
    top.declare('flush_list', Kind.OBJ, List())
    top.declare('fast_flush_list', Kind.OBJ, List())
    if 'cvode' not in top.syms:
        top.declare('cvode', Kind.OBJ, _make_cvode(interp))
    for name in _PROCS:
        kind = Kind.FUNC if name in _FUNCS else Kind.PROC
        fn = r.natives[name] = _native(name, kind, getattr(r, name))
        top.declare(name, kind, fn)


def _make_cvode(interp) -> Any:
    """``cvode = new CVode()`` when the interpreter has a CVode class; else NULLobject."""
    from ..base.context import running
    from ..hoc.interpreter import Frame
    try:
        with running(interp):
            return interp.new_object(Frame(interp.top), 'CVode')     # pyhoc.sim.cvode
    except Exception:
        pass
    return None



def install_file(interp) -> None:
    """``load_file("stdrun.hoc")``: stdlib.hoc, the native run system, then what other
    libraries add to the file (pyhoc.sessions: the files it loads, its menus and templates)."""
    from ..hoc.files import load_file
    from ..hoc.library import run_extensions
    load_file(interp, 'stdlib.hoc', 'String')
    install(interp)
    run_extensions(interp, 'stdrun.hoc')


FILES = {'stdrun.hoc': install_file}
