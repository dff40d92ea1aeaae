"""Whole stretches of fixed steps in one compiled loop (the numba backend's fast path).

``advance(model, n)`` takes n fixed steps.  When every mechanism of the model has kernels
(pyhoc.sim.contract) it runs steps in the compiled loop (``kernels_numba.run_steps`` as
contract.loop_module generates it, calling the kernels by address; Python calls it through
its C entry run_c with a descriptor of the arrays, :class:`_Descriptor`, so that a process
whose compiled code is all in pyhoc.sim.objload's store never imports numba), coming back
to Python only where Python must act: a threshold crossing (the PreSyn sends its events), an event due
in a step (NetCon deliveries, NetStim, cvode.event statements, Vector.record/play events),
recordings the loop cannot take itself, and a non-finite voltage.  Those steps' starts and
ends are done by the same functions :mod:`pyhoc.sim.fixed_step` uses, so the results equal the
step-by-step path bit for bit.  Anything else (extracellular, Vector.play into a statement,
secondorder 2, thresholds on variables other than v, a mechanism without kernels...) runs
step by step in Python.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from . import backend, events
from .contract import HEAD_LEN, loop_entry

if TYPE_CHECKING:
    from .model import Model

_EMPTY_I = np.zeros(0, dtype=np.intp)
_EMPTY_F = np.zeros(0)
_CHUNK = 4096       # steps per compiled call (bounds the recording buffer)
ENABLED = True      # False: always step by step (tests compare the two paths)


def advance(model: 'Model', nsteps: int) -> None:
    """Take nsteps fixed steps (model.fadvance's semantics, checks included)."""
    if nsteps > 0:
        _run(model, int(nsteps), math.inf, 1, None)     # (an int: run_c's head takes it)


def continuerun(model: 'Model', tstop: float, group: int, stopped, sample=None) -> None:
    """stdrun's continuerun loop: groups of ``group`` steps while t < tstop and not
    ``stopped()`` (tested before each group, as the HOC loop does).

    ``sample`` (stdrun's graphs, headless) is told the values of some array elements at each
    group's end, as its Plot() would read them there: ``sample.slots(fresh)`` gives the
    (array, index) pairs to read, or 't' for t (``fresh``: Python code may have run since
    the last call), None where they cannot be read so (every group then ends in
    ``sample.live()``); ``sample.take(t, rows)`` gets the groups' ends' times and a row of
    values per slot; ``sample.live()`` reads them itself (a group ended in Python)."""
    if model.t < tstop and not stopped():
        _run(model, None, tstop, max(1, int(group)), stopped, sample)


def sample_slot(model: 'Model', ref):
    """(array, index) holding the value ``ref`` reads, 't' for t, or None (read by Python)."""
    from .record import _is_t_ref
    slot = _array_slot(model, ref)
    if slot is None and _is_t_ref(ref, model):
        return 't'
    return slot


def _run(model: 'Model', nsteps, tcond: float, group: int, stopped, sample=None) -> None:
    cv = model.__dict__.get('_cvode')
    cv = cv if cv is not None and cv.active else None
    if ENABLED and cv is None and nsteps is not None:
        # the same call as the last one of this model (h.fadvance() in a loop): its
        # kernels and plan, unless the layout or the backend's state moved (_ticket)
        t = model.__dict__.get('_fused_ticket')
        if t is not None and t[0] == nsteps and t[2] == backend.run_state():
            model.check_dt()
            model.ensure_built()
            c = model.__dict__.get('_fused_plan')
            if c is not None and c[1] is t[1] and c[0] == _key(model):
                t[1].run(t[3], nsteps, tcond, group, stopped, sample)
                return
    k = backend.kernels_for_run(model, nsteps, tcond, _stored) \
        if ENABLED and cv is None else None
    plan = None
    if k is not None:
        model.check_dt()
        model.ensure_built()
        plan = _plan(model)
        if plan is not None and not plan.ok_now():
            plan = None
    if plan is None:
        if cv is not None and sample is None:   # the variable step's compiled stretches
            cv.fadvances(nsteps, tcond, stopped, group)
        else:
            _python_steps(model, nsteps, tcond, group, stopped, 0, sample)
    else:
        if nsteps is not None:
            _ticket(model, nsteps, plan, k)
        plan.run(k, nsteps, tcond, group, stopped, sample)


def _ticket(model: 'Model', nsteps: int, plan: '_Plan', k) -> None:
    """Remember that a call of ``nsteps`` steps took ``plan`` with kernels ``k``: the next
    such call gets the same answer from backend.kernels_for_run while the plan is the
    model's (its layout's key unchanged) and the backend's state is what it was (the same
    chosen kernels or none, the same wish and work spent; stored(model) is
    kept by the plan), so it skips asking (~3 µs of a one-step call)."""
    model.__dict__['_fused_ticket'] = (nsteps, plan, backend.run_state(), k)


def _stored(model: 'Model') -> bool:
    """Whether the compiled loop can run the model from pyhoc.sim.objload's store alone
    (known for the plan once it is, either way: a model whose HOC advance() calls fadvance()
    asks at every step, and looking at the store's files cost ~4 ms each time; the store
    gains a process's missing code only at its exit, precompile.missed)."""
    model.check_dt()
    plan = _plan(model)
    if plan is None:
        return False
    if plan.stored is not None:
        return plan.stored
    from .contract import keys_loaded, loop_keys
    keys = loop_keys(plan.mechs)
    plan.stored = keys_loaded(keys)
    if plan.stored:
        return True
    from . import objload, precompile
    if objload.present():
        precompile.missed(model, keys)
    return False


def _python_steps(model, nsteps, tcond, group, stopped, phase: int = 0,
                  sample=None) -> None:
    """The same loop step by step through model.fadvance."""
    n = 0
    with np.errstate(all='ignore'):     # (once, not every step; NaNs: check_finite)
        while nsteps is None or n < nsteps:
            if nsteps is None and phase == 0 and not (model.t < tcond and not stopped()):
                return
            model.fadvance(True)
            n += 1
            phase = (phase + 1) % group
            if phase == 0 and sample is not None:
                sample.live()


def _cvode_active(model) -> bool:
    cv = model.__dict__.get('_cvode')
    return cv is not None and cv.active


class _Plan:
    """The compiled loop's arguments for one model layout, and the Python around it."""

    def __init__(self, model: 'Model', key):
        self.model = model
        self.key = key
        m = model
        blocks = m.blocks

        def blk(name):
            return blocks.get(name)

        self.tree = (m.v, m.a, m.b, m.d, m.rhs, np.ascontiguousarray(m.parent, dtype=np.intp),
                     m.area)
        cap = blk('capacitance')
        self.cap = (np.ascontiguousarray(cap.node, dtype=np.intp), cap.arrays['cm'],
                    cap.arrays['i_cap']) if cap is not None else (_EMPTY_I, _EMPTY_F, _EMPTY_F)
        # the mechanism types of the driver, in type order, and their blocks (None: no
        # instance): driver_types
        self.mechs = driver_types(m)
        # the types whose compiled code draws scopmath's random numbers from a copy of the
        # process's generator in their globals (pyhoc.nmodl.runtime._Scop): copied back
        # after each compiled stretch (at most one such type: _eligible)
        self.rng = [mt for mt, b in self.mechs if b is not None and _rng(mt)]
        self.stored = None      # its compiled code is all in objload's store (_stored;
        #                         None: not looked yet)
        self._bufs = {}         # run(): chunk -> (rec_buf, t_buf, their descriptor part)
        self._F = np.zeros(5)
        self._desc = None
        self._fin = None        # frees run_c's kept Lists of _desc (_finalize)
        self._driver = None
        fim = m.fast_imem_arrays()
        self.fim = fim[:3] if fim is not None else (_EMPTY_F, _EMPTY_F, _EMPTY_F)
        # thresholds: NetState's own arrays (the flags are shared with check_thresh)
        net = events.has_state(m)
        self.net = net
        if net is not None and net.thr_presyns:
            idx, val, flag = net._thr_arrays()
            self.presyns = list(net.thr_presyns)
            self.thr = (np.ascontiguousarray(idx, dtype=np.intp), val, flag,
                        np.zeros(len(self.presyns), dtype=np.intp))
        else:
            self.presyns = []
            self.thr = (_EMPTY_I, _EMPTY_F, np.zeros(0, dtype=np.bool_), _EMPTY_I)
        # recordings: array elements in the loop, t from the loop's times, the rest by Python
        self.v_recs, self.t_recs, self.py_recs = [], [], []
        srcs = [m.v]
        pr = m.playrec
        if pr is not None:
            from .record import YvecRecord, _is_t_ref
            for it in pr._crec:
                slot = _array_slot(m, it.ref) if type(it) is YvecRecord else None
                if slot is not None:
                    arr, i = slot
                    self.v_recs.append((it, _source_index(srcs, arr), int(i)))
                elif type(it) is YvecRecord and _is_t_ref(it.ref, m):
                    self.t_recs.append(it)
                else:
                    self.py_recs.append(it)
        # continuous Vector.play into array elements (the others make the model ineligible)
        self.plays = []
        if pr is not None:
            for it in pr._cplay:
                arr, i = _array_slot(m, it.ref)
                self.plays.append((it, _source_index(srcs, arr), int(i)))
        self._srcs = srcs
        self._lists = None      # (rec_srcs, _no_play): the numba forms, made when asked
        self.rec_src = np.array([j for _, j, _ in self.v_recs], dtype=np.intp)
        self.rec_idx = np.array([i for _, _, i in self.v_recs], dtype=np.intp)
        self.py_sample = bool(self.py_recs) or bool(m._records)
        self._recs = None       # (mech_args, their records' descriptor part): run_args
        # run_c's descriptor (contract.loop_module): the parts that stay for the plan
        self._static = self._static_desc(srcs, self.rec_src, self.rec_idx)
        self._sampled = {}      # run(sample): slots' key -> (descriptor, rows of the slots)
        self._no_play_d = _play_part(_EMPTY_I, _EMPTY_I, [], [], _EMPTY_I, _EMPTY_I,
                                     _EMPTY_I)
        # the types with instances: the only ones the compiled loop calls (loop_records), so
        # the only ones whose globals run_args reads at every call (a block's n is fixed)
        self.live = [(mt, blk) for mt, blk in self.mechs if blk is not None and blk.n]
        self._Fv = memoryview(self._F)      # (F's elements and address, not made anew at
        self._Faddr = self._F.ctypes.data   # every call: ~3 µs of a one-step call)
        self._entry = None                  # (loop_entry(), run_c as a ctypes function)
        self._stores = bool(self.v_recs or self.t_recs or self.py_sample)

    def _static_desc(self, srcs, rec_src, rec_idx) -> '_Descriptor':
        """run_c's descriptor part that stays for the plan (the recorded elements: rec_src
        and rec_idx into the source arrays srcs)."""
        d = _Descriptor()
        for x in self.tree[:5]:
            d.f1(x)
        d.i1(self.tree[5])
        d.f1(self.tree[6])
        d.i1(self.cap[0])
        d.f1(self.cap[1])
        d.f1(self.cap[2])
        d.i1(self.thr[0])
        d.f1(self.thr[1])
        d.b1(self.thr[2])
        d.i1(self.thr[3])
        for x in self.fim:
            d.f1(x)
        d.f1s(srcs)
        d.i1(rec_src)
        d.i1(rec_idx)
        return d

    def _with_samples(self, slots):
        """(static descriptor, the rows of the slots) where the loop also records the
        elements of ``slots`` (sample_slot's pairs; 't': the row is None, t_buf is read),
        after the plan's own records."""
        key = tuple('t' if x == 't' else (id(x[0]), int(x[1])) for x in slots)
        got = self._sampled.get(key)
        if got is None:
            srcs = list(self._srcs)
            src, idx, rows = list(self.rec_src), list(self.rec_idx), []
            for x in slots:
                if x == 't':
                    rows.append(None)
                    continue
                rows.append(len(idx))
                src.append(_source_index(srcs, x[0]))
                idx.append(int(x[1]))
            d = self._static_desc(srcs, np.array(src, dtype=np.intp),
                                  np.array(idx, dtype=np.intp))
            if len(self._sampled) > 8:
                self._sampled.clear()
            got = self._sampled[key] = (d, rows, len(idx))
        return got


    @property
    def rec_srcs(self):
        """The recorded source arrays as a numba typed List (the variable step's drivers)."""
        return self._numba_lists()[0]

    @property
    def _no_play(self):
        """No continuous play, as the variable step's drivers take it (numba's forms)."""
        return self._numba_lists()[1]

    def _numba_lists(self):
        if self._lists is None:
            from .typed_lists import array_list
            srcs = array_list(self._srcs)
            self._lists = (srcs, (srcs, _EMPTY_I, _EMPTY_I, array_list([_EMPTY_F]),
                                  array_list([_EMPTY_F]), _EMPTY_I, _EMPTY_I, _EMPTY_I))
        return self._lists

    def ok_now(self) -> bool:
        """Whether the compiled driver can run now (it compiles on first use)."""
        return True

    @property
    def driver(self):
        """The driver module of the plan's types (contract.driver: the variable step's
        compiled pieces; the fixed step's run_steps is the one of contract.loop_module)."""
        if self._driver is None:
            from . import contract
            self._driver = contract.driver([mt for mt, _ in self.mechs])
        return self._driver

    def mech_args(self, G=None) -> tuple:
        """The kernels' per-block arguments, globals and tables read afresh (``G``: each
        type's kernel_globals(), read already)."""
        from .contract import empty_args, kernel_args
        if G is None:
            return tuple(empty_args(mt) if blk is None else kernel_args(mt, blk)
                         for mt, blk in self.mechs)
        return tuple(empty_args(mt, g) if blk is None else kernel_args(mt, blk, g)
                     for (mt, blk), g in zip(self.mechs, G))

    def run_args(self) -> '_Descriptor':
        """run_c's descriptor part of the types' records (contract.loop_records), made again
        when a kernel argument is another object than the last time.  The globals of each
        type with instances are read afresh (kernel_globals: celsius, TABLEs...); the rest
        of its arguments is the block's cached tuple, checked by identity.  A model whose
        HOC advance() calls fadvance() comes here every step: the types without instances
        (most of the ~27 of a driver of built-ins) are not looked at, the loop calls none
        of their kernels."""
        c = self._recs
        if c is not None:
            for (mt, blk), key in zip(self.live, c[3]):
                g, tab = mt.kernel_globals()
                if key is None or key[1] is not g or key[2] is not tab or (
                        _base_args(mt, blk) if mt.pointers else
                        blk.cache.get('kernel_args')) is not key[0]:
                    break
            else:
                return c[1]
        M = self.mech_args()
        if c is None or not all(x is y for old, new in zip(c[0], M) if old[0].shape[0]
                                for x, y in zip(old, new)):
            from . import contract
            recs = contract.loop_records([mt for mt, _ in self.mechs], M)
            d = _Descriptor()
            d.out.append(len(recs))
            for node, data, g, ix, ions, srcs, glob, tab, a in recs:
                d.i1(node)
                d.f2(data)
                d.f1(g)
                d.i2(ix)
                d.out.append(len(ions))
                for x in ions:
                    d.f2(x)
                d.f1s(srcs)
                d.f1(glob)
                d.f2(tab)
                d.i1(a)
            c = (M, d, recs)
        self._recs = c[:3] + (self._arg_keys(M),)
        return c[1]

    def _arg_keys(self, M) -> list:
        """What run_args checks of the arguments M of each type with instances (in
        ``live``'s order), by identity: (its cached base tuple, glob, tab), or None where the
        base was not cached."""
        out = []
        for (mt, blk), args in zip(self.mechs, M):
            if blk is None or not blk.n:
                continue
            base = _base_args(mt, blk)
            out.append(None if base is None or any(x is not y for x, y in zip(base, args))
                       else (base, args[-2], args[-1]))
        return out

    def run(self, k, nsteps, tcond: float, group: int, stopped, sample=None) -> None:
        """nsteps steps, or (nsteps None) groups while t < tcond and not stopped();
        ``sample``: continuerun's."""
        m = self.model
        net, pr = self.net, m.playrec
        entry = loop_entry()
        ent = self._entry
        if ent is None or ent[0] is not entry:
            ent = self._entry = (entry, _run_c(entry[0]))
        run_c = ent[1]
        e1, e2 = entry[1], entry[2]
        static, rows, nrec = self._static, (), len(self.rec_idx)
        fresh = False       # (sample: Python code may have run since its slots were read)
        live = False        # (sample: no slots, the loop stops at every group's end)
        if sample is not None:
            slots = sample.slots(True)
            if slots is None:
                live = True
            else:
                static, rows, nrec = self._with_samples(slots)
        chunk = 1 if self.py_sample else max(16, min(_CHUNK, (1 << 20) // max(nrec, 1)))
        if nsteps is not None:
            chunk = min(chunk, nsteps)
        # the recording buffers, run_c's descriptor and F are kept for the next call: a
        # model whose HOC advance() calls fadvance() comes here for one step at a time
        bufs = self._bufs.get((chunk, nrec))
        if bufs is None:
            rec_buf = np.empty((nrec, chunk))
            t_buf = np.empty(chunk)
            d = _Descriptor()
            d.f2(rec_buf)
            d.f1(t_buf)
            if len(self._bufs) > 8:
                self._bufs.clear()
            bufs = self._bufs[(chunk, nrec)] = (rec_buf, t_buf, d)
        rec_buf, t_buf, rec_part = bufs
        Fv, Faddr = self._Fv, self._Faddr
        desc = self._desc     # (the parts it was made of, the int64 array, its memoryview,
        #                        its address and length)
        play = self._play_desc()
        left = math.inf if nsteps is None else nsteps
        skip = False
        phase = 0
        dc = self.thr[3]
        try:
            while left > 0:
                if play is None:
                    play = self._play_desc()
                if fresh:           # (Python ran: the slots again, the same or others)
                    fresh = False
                    slots = sample.slots(True)
                    live = slots is None
                    got = (self._static, (), len(self.rec_idx)) if live else \
                        self._with_samples(slots)
                    if got[0] is not static:
                        static, rows, nrec2 = got
                        if nrec2 != nrec:
                            nrec = nrec2
                            rec_buf = np.empty((nrec, chunk))
                            rec_part = _Descriptor()
                            rec_part.f2(rec_buf)
                            rec_part.f1(t_buf)
                if pr is not None and pr._dirty:
                    pr._live()
                    if self._stale():
                        raise _Replan
                nmax = min(left, chunk)
                if live:
                    nmax = min(nmax, group - phase)
                if stopped is not None and stopped():
                    if phase == 0 and not skip:
                        return
                    nmax = min(nmax, group - phase)     # finish the group, then stop
                tnext = _next_event_time(net, pr)
                if skip and net is not None and net.pending_hoc:
                    tnext = m.t     # (cvode.event statements delivered at the step's start
                    #                  run at its end: events.step_end)
                M = self.run_args()         # (Python may have changed celsius, a TABLE...)
                if desc is None or desc[0][0] is not M or desc[0][1] is not play or \
                        desc[0][2] is not rec_part or desc[0][3] is not static:
                    # (last: the handle of the Lists run_c keeps while this one is in use)
                    parts = [0] * HEAD_LEN + static.out + rec_part.out + \
                        play.out + M.out + [0]
                    self._drop_desc()
                    I = np.array(parts, dtype=np.int64)
                    desc = self._desc = ((M, play, rec_part, static), I,  # (alive while used)
                                         memoryview(I), I.ctypes.data, I.shape[0])
                    self._fin = _finalize(self, run_c, I)
                # the head (contract.HEAD_LEN) element by element: a NumPy slice assignment
                # and .ctypes made anew cost more than a one-step call's compiled work
                Iv = desc[2]
                Iv[0] = nmax
                Iv[1] = int(m.secondorder)
                Iv[2] = 1 if skip else 0
                Iv[3] = group
                Iv[4] = phase
                Iv[5] = m.ncell
                Iv[6] = -1
                Iv[7] = Iv[8] = Iv[9] = 0
                Iv[10] = e1
                Iv[11] = e2
                Fv[0] = m.t
                Fv[1] = m.dt
                Fv[2] = tnext
                Fv[3] = tcond
                if self.rng and use_mcell_ran4():   # (compiled: the linear congruence only)
                    raise _Replan
                run_c(desc[3], desc[4], Faddr)
                for mt in self.rng:
                    mt.rng_out()
                status, steps, ndc = Iv[6], Iv[7], Iv[8]
                if status < 0:
                    raise RuntimeError('pyhoc: the compiled loop failed (see the message '
                                       'above)')
                t_prev = (t_buf[steps - 2] if steps >= 2 else m.t) if steps else m.t
                t = Fv[4]
                m.t = t
                if self.plays:
                    for (it, _, _), lk in zip(self.plays, self._last.tolist()):
                        it.last = lk
                    if status != k.STOP_DONE and status != k.STOP_COND:
                        play = None     # Python runs next: read the items afresh after it
                done = status == k.STOP_DONE    # (the usual case: no more to ask)
                if not done and status in (k.STOP_NOTIFY, k.STOP_END, k.STOP_NONFINITE):
                    for mt, blk in self.mechs:      # (the last step may have asked)
                        if blk is not None:
                            mt.notify(blk)
                if ndc:
                    pss = self.presyns
                    for j in dc[:ndc].tolist():
                        pss[j].flag = False
                pending = False     # (a group's end that Python finishes: sample.live())
                if steps:
                    if self._stores:
                        self._store(steps, rec_buf, t_buf)
                    if sample is not None:
                        pending = self._take(sample, rows, steps, phase, group, rec_buf,
                                             t_buf, status in (k.STOP_END, k.STOP_NOTIFY,
                                                               k.STOP_NONFINITE), live)
                    left -= steps
                    phase = (phase + steps) % group
                    skip = False
                if done:
                    continue
                if status == k.STOP_COND:
                    return
                fresh = sample is not None
                if status == k.STOP_BEGIN:
                    self._step_begin()
                    skip = True
                    if self._stale():
                        raise _Replan
                elif status == k.STOP_END:
                    self._step_end(t_prev)
                    if pending:
                        sample.live()
                    if self._stale():
                        raise _Replan
                elif status == k.STOP_NONFINITE:
                    m.check_finite()
                    if pending:
                        sample.live()
                elif pending:       # (STOP_NOTIFY: the mechanisms were told above)
                    sample.live()
                elif status == k.STOP_SINGULAR:
                    raise ArithmeticError('simeq: singular matrix')     # as VClamp's kernel
                elif status == k.STOP_ERROR:
                    raise self._error()
        except _Replan:
            if skip:        # the step whose start Python just did: its rest, step by step
                _finish_step(m)
                left -= 1
                phase = (phase + 1) % group
                if phase == 0 and sample is not None:
                    sample.live()
            _python_steps(m, None if nsteps is None else left, tcond, group, stopped, phase,
                          sample)
        finally:
            if pr is not None:
                pr.t_hoc = m.t

    @staticmethod
    def _take(sample, rows, steps, phase, group, rec_buf, t_buf, python_ends, live) -> bool:
        """Give ``sample`` the values at the ends of the groups the loop's last ``steps``
        steps ended (``phase`` steps of the first group were done before); with
        ``python_ends`` the last step's end is Python's still: whether that one ends a group
        (then sample.live() reads it once Python is done).  ``live``: the steps end at most
        one group, whose values sample.live() reads now (unless Python's still)."""
        last = (phase + steps) % group == 0 and python_ends
        if live:
            if (phase + steps) % group == 0 and not last:
                sample.live()
            return last
        ends = np.arange((group - phase - 1) % group, steps - 1 if last else steps, group)
        if ends.shape[0]:
            t = t_buf[ends]
            sample.take(t, [t if r is None else rec_buf[r, ends] for r in rows])
        return last

    def _drop_desc(self) -> None:
        """Let run_c's kept Lists of the present descriptor go (it is being replaced)."""
        fin = self._fin
        if fin is not None:
            self._fin = None
            fin()

    def _error(self) -> Exception:
        """The error a mechanism's compiled code raised in the step the loop left unfinished
        (hoc_execerror: the mechanism keeps its number, ``execerror_pending``)."""
        for mt, blk in self.mechs:
            err = mt.execerror_pending() if blk is not None else None
            if err is not None:
                return err
        from ..errors import HocError
        return HocError('a mechanism\'s compiled code raised an error')

    def _play_args(self):
        """The continuous plays' vectors and positions as the variable step's drivers take
        them (numba's forms; read anew each time: Python may have moved ``ubound``/``last``
        or resized a Vector)."""
        plays = self.plays
        if not plays:
            return self._no_play
        from .typed_lists import array_list
        ys = array_list([it.vec(0)._buf for it, _, _ in plays])
        tvs = array_list([it.vec(1)._buf for it, _, _ in plays])
        ns = np.array([min(len(it.vec(0)), len(it.vec(1))) for it, _, _ in plays],
                      dtype=np.intp)
        return (self.rec_srcs, np.array([j for _, j, _ in plays], dtype=np.intp),
                np.array([i for _, _, i in plays], dtype=np.intp), ys, tvs, ns,
                np.array([it.ubound for it, _, _ in plays], dtype=np.intp),
                np.array([it.last for it, _, _ in plays], dtype=np.intp))

    def _play_desc(self) -> '_Descriptor':
        """run_c's descriptor part of the continuous plays (as _play_args, read anew)."""
        plays = self.plays
        if not plays:
            return self._no_play_d
        self._last = np.array([it.last for it, _, _ in plays], dtype=np.intp)
        return _play_part(np.array([j for _, j, _ in plays], dtype=np.intp),
                          np.array([i for _, _, i in plays], dtype=np.intp),
                          [it.vec(0)._buf for it, _, _ in plays],
                          [it.vec(1)._buf for it, _, _ in plays],
                          np.array([min(len(it.vec(0)), len(it.vec(1))) for it, _, _ in plays],
                                   dtype=np.intp),
                          np.array([it.ubound for it, _, _ in plays], dtype=np.intp),
                          self._last)

    def _store(self, steps: int, rec_buf, t_buf) -> None:
        for k, (it, _, _) in enumerate(self.v_recs):
            vec = it.vec(0)
            if vec is not None:
                vec._extend(rec_buf[k, :steps])
        for it in self.t_recs:
            vec = it.vec(0)
            if vec is not None:
                vec._extend(t_buf[:steps])
        if self.py_sample:      # chunk is 1: the step just ended
            m = self.model
            m._sample_records()
            for it in self.py_recs:
                it.continuous(m.t)

    def _step_begin(self) -> None:
        """A step's start in Python (fixed_step.fadvance's first lines)."""
        m = self.model
        events.step_begin(m)
        pr = m.playrec
        if pr is not None:
            pr.t_hoc = m.t
            pr.deliver(m.t + .5 * m.dt)

    def _step_end(self, t_begin: float) -> None:
        """A completed step's end-of-step deliveries (pr.step_end without the record sample
        the loop took, then events.step_end); HOC's t still reads the step's start then."""
        m = self.model
        pr = m.playrec
        if pr is not None:
            pr.t_hoc = t_begin
            pr.deliver(m.t)
            pr.t_hoc = m.t
        events.step_end(m)

    def _stale(self) -> bool:
        """Whether Python code run at an event changed what the plan was built from."""
        return _key(self.model) != self.key


def driver_types(model: 'Model') -> list:
    """The (type, block) pairs the compiled driver is generated for (pyhoc.sim.contract):
    the types with instances, or, when those are all built-ins, every built-in type with
    kernels (block None where it has no instance: one driver per machine shared by the
    models of built-ins).  A type that gains instances later changes the structure, so the
    plan and its driver are made again."""
    from .mechanisms import BUILTIN_TYPES
    blocks = model.blocks
    types = [(mt, blocks.get(mt.name)) for mt in model.type_order
             if mt.kernels is not None and not mt.python_only]
    present = [(mt, blk) for mt, blk in types if blk is not None]
    if all(type(mt) in BUILTIN_TYPES for mt, _ in present):
        return [(mt, blk) for mt, blk in types if type(mt) in BUILTIN_TYPES]
    return present


def _base_args(mt, blk):
    """kernel_args' cached part (node, data, g, ix, ions, with POINTERs' rows) of a block, or
    None where it has none yet."""
    c = blk.cache.get('kernel_args')
    if c is not None and mt.pointers:
        from .pointers import kernel_part
        c = kernel_part(mt, blk, c)
    return c


class _Replan(Exception):
    pass


def _finish_step(model) -> None:
    """The rest of a step whose start was already done (the model changed meanwhile)."""
    from . import fixed_step
    fixed_step.fadvance(model, begun=True)
    model.check_finite()


def _entry_point(dispatcher):
    """The machine-code entry of a numba function compiled for one signature only (the
    variable step's drivers): calling it skips the dispatcher's typing of every argument."""
    overloads = dispatcher.overloads
    if len(overloads) != 1:
        return None
    return next(iter(overloads.values())).entry_point


class _NotCompiled(_Replan):
    """An array the compiled loop cannot take as it is (another dtype, not C-contiguous,
    read-only): the model runs step by step."""


class _Descriptor:
    """run_c's descriptor being made (contract.loop_module): each array as its address and
    shape, checked to be what run_c makes of it (C-contiguous, writable, that dtype)."""

    def __init__(self):
        self.out = []
        self.keep = []      # the arrays described (alive while the descriptor is in use)

    def _add(self, x, dtype, ndim) -> None:
        if type(x) is not np.ndarray or x.dtype != dtype or x.ndim != ndim or \
                not x.flags.c_contiguous or not x.flags.writeable:
            raise _NotCompiled
        self.keep.append(x)
        self.out.append(x.ctypes.data)
        self.out.extend(x.shape)

    def f1(self, x):
        self._add(x, np.float64, 1)

    def f2(self, x):
        self._add(x, np.float64, 2)

    def i1(self, x):
        self._add(x, np.int64, 1)

    def i2(self, x):
        self._add(x, np.int64, 2)

    def b1(self, x):
        self._add(x, np.bool_, 1)

    def f1s(self, xs):
        self.out.append(len(xs))
        for x in xs:
            self.f1(x)


def _play_part(src_id, idx, ys, tvs, ns, ubound, last) -> _Descriptor:
    d = _Descriptor()
    d.f1s(ys)
    d.f1s(tvs)
    for x in (src_id, idx, ns, ubound, last):
        d.i1(x)
    return d


_RUN_C: list = []


def _finalize(plan, run_c, I):
    """When ``plan`` goes (or when called): run_c lets go of the Lists it keeps for
    descriptor I (a call with nmax -1)."""
    import weakref
    fin = weakref.finalize(plan, _free_kept, run_c, I)
    fin.atexit = False          # (the process's end frees everything)
    return fin


def _free_kept(run_c, I) -> None:
    if I[-1] != 0:
        I[0] = -1
        run_c(I.ctypes.data, I.shape[0], 0)


def _run_c(addr: int):
    """run_c at ``addr`` as a ctypes function (the GIL held, as numba's calls hold it)."""
    if not _RUN_C or _RUN_C[0][0] != addr:
        import ctypes
        fn = ctypes.PYFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int64, ctypes.c_void_p)(addr)
        _RUN_C[:] = [(addr, fn)]
    return _RUN_C[0][1]


def _source_index(srcs: list, arr) -> int:
    """The position of ``arr`` in the loop's list of source arrays (appended if new)."""
    for j, a in enumerate(srcs):
        if a is arr:
            return j
    srcs.append(arr)
    return len(srcs) - 1


def _array_slot(model, ref):
    """(array, index) holding the value a record pointer reads, or None (read by Python)."""
    from .refs import PointRef, SimRef
    if type(ref) is SimRef and ref.name != 'diam':
        try:
            arr, i = ref._resolve()
        except Exception:
            return None
    elif type(ref) is PointRef and ref.pp._slot >= 0:
        if ref.name in ref.pp._mtype.pointers:     # a POINTER: its target
            from .pointers import slot_of
            try:
                arr, i = slot_of(ref)
            except Exception:
                return None
        else:
            blk = model.blocks.get(ref.pp._mtype.name)
            arr = None if blk is None else blk.arrays.get(ref.name)
            i = ref.pp._slot
    else:
        return None
    if isinstance(arr, np.ndarray) and arr.dtype == np.float64 and arr.ndim == 1:
        return arr, i
    return None


def _next_event_time(net, pr) -> float:
    t = math.inf
    if net is not None:
        least = net.queue.least
        if least is not None:
            t = least.t
    if pr is not None and pr._queue:
        t = min(t, pr._queue[0][0])
    return t


def _key(model: 'Model'):
    net = events.has_state(model)
    pr = model.playrec
    return (model.structure_version, model.layout_version, id(model.v), id(model.a),
            id(model.area), model.secondorder, model.__dict__.get('_built'), model.fast_imem,
            None if net is None else (net.version, len(net.thr_presyns)),
            None if pr is None else (id(pr._crec), id(pr._cplay), len(pr.items)),
            len(model._records))


def _plan(model: 'Model') -> _Plan | None:
    """The cached plan for the model's present layout, or None if it needs the Python path."""
    key = _key(model)
    cached = model.__dict__.get('_fused_plan')
    if cached is not None and cached[0] == key:
        return cached[1]
    if model.playrec is not None:       # drop records whose Vector or section is gone
        model.playrec._live()
        key = _key(model)
    plan = None
    if _eligible(model):
        try:
            plan = _Plan(model, key)
        except _NotCompiled:
            pass
    model.__dict__['_fused_plan'] = (key, plan)
    model.__dict__.pop('_fused_ticket', None)     # (it holds the old plan: let it go)
    return plan


def _rng(mt) -> bool:
    """Whether ``mt``'s compiled code keeps scopmath's generator in its globals."""
    return mt.rng_slot >= 0


def use_mcell_ran4() -> bool:
    """Whether scopmath's generator is mcell_ran4 now (HOC's use_mcell_ran4(1)), which the
    compiled random functions do not have: such steps run in Python."""
    from ..base.rng import use_mcell_ran4 as on
    return bool(on())


def _eligible(model: 'Model') -> bool:
    if model.secondorder not in (0, 1):
        return False
    if sum(1 for blk in model.blocks.values() if blk.n and _rng(blk.mtype)) > 1:
        return False        # (two copies of one generator would not draw in turn)
    if model.__dict__.get('_linmechs'):     # LinearMechanism: the step-by-step solve
        from . import linmech
        if linmech.active(model):
            return False
    for name, blk in model.blocks.items():
        if name == 'capacitance':
            continue
        mt = blk.mtype
        if mt.kernels is None or mt.python_only or mt.ldifus:   # (ldifus: pyhoc.sim.ldifus)
            return False
    if '_oldstim' in model.__dict__:        # fstim, fsyn, fclamp: the step-by-step path
        from . import oldstim
        if oldstim.active(model):
            return False
    for p in model.points:
        mt = p._mtype
        if not (mt.artificial or mt.kernels is not None) or mt.python_only:
            return False
    net = events.has_state(model)
    if net is not None and net.watchers:        # StateTransitionEvents: checked each step
        return False
    if net is not None and any(w.pp._mtype.artificial        # an artificial cell's WATCH
                               for w in net.__dict__.get('watch_list', ())):
        return False
    if net is not None and net.thr_presyns:
        net._thr_arrays()
        if net._thr_generic:
            return False
    pr = model.playrec
    if pr is not None:
        from .record import VecPlayContinuous
        for it in pr._cplay:
            if type(it) is not VecPlayContinuous or it.stmt is not None or \
                    getattr(it.ref, 'name', None) in ('diam', 'cm') or \
                    _array_slot(model, it.ref) is None:
                return False
    return True
