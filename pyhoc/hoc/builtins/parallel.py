"""``ParallelContext`` and ``BBSaveState``, on one process or over MPI (``nrnmpi_init``).

The gids, the spike exchange and psolve live in :mod:`pyhoc.sim.parallel`; this module reads
HOC's and Python's arguments, runs the bulletin board (serially: a submitted job runs when
``working()`` takes it, as NEURON's BBSLocal does) and keeps the pack/post message buffers.
"""
from __future__ import annotations

import os
from typing import Any

import numpy as np

from ...errors import HocError
from ...base.objects import HocObject, returns_object
from ...base.refs import set_string
from . import builtin


@builtin('nrnmpi_init')
def nrnmpi_init(interp, *args: Any) -> float:
    """h.nrnmpi_init(): use MPI (mpi4py): pc.id() and pc.nhost() are this process's."""
    from ...sim import parallel
    tr = parallel.mpi_init()
    tab = interp.sim.model.__dict__.get('_gids')
    if tab is not None:
        tab.transport = tr
    return 0.0


def _interp(owner=None):
    """The interpreter ``owner`` (a ParallelContext...) belongs to, else the running one."""
    from ...base.context import current
    return current(owner)


def _is_vector(x: Any) -> bool:
    return type(x).__name__ == 'Vector' or getattr(x, 'hoc_class_name', '') == 'Vector'


def _new_vector(values) -> Any:
    from .vector import Vector
    return Vector()._set(np.asarray(values, dtype=float))


def _num(x: Any) -> bool:
    return isinstance(x, (int, float, np.floating, np.integer)) and not isinstance(x, bool)


class _Message:
    """A packed message (numbers, strings, Vectors' values, Python objects) and its read
    position; look() hands out the posted message itself, so reads move its position."""

    def __init__(self, items: list):
        self.items = items
        self.pos = 0

    def next(self, kind: str, what: str):
        if self.pos >= len(self.items) or self.items[self.pos][0] != kind:
            raise HocError('BBSLocal error in  %s' % what)
        self.pos += 1
        return self.items[self.pos - 1][1]


def _pack_item(x: Any) -> tuple:
    if _num(x):
        return ('d', float(x))
    if isinstance(x, str):
        return ('s', str(x))
    if _is_vector(x):
        return ('v', np.array(x._a, dtype=float))
    return ('o', x)


class _Job:
    __slots__ = ('id', 'userid', 'obj', 'target', 'args')

    def __init__(self, id_, userid, obj, target, args):
        self.id, self.userid, self.obj, self.target, self.args = id_, userid, obj, target, args


class ParallelContext(HocObject):
    """``ParallelContext([nhost])``: gids, psolve, collectives and the bulletin board."""

    def __init__(self, *args: Any):
        from ...sim import parallel
        self._model = _interp(self).sim.model
        self._gids = parallel.gid_table(self._model)
        bb = self._model.__dict__.get('_bulletin')
        if bb is None:     # one bulletin board per process, shared by every ParallelContext
            bb = {'jobs': [], 'next_id': 0, 'posted': {}, 'send': [], 'recv': None,
                  'last': None}
            self._model.__dict__['_bulletin'] = bb
        self._bb = bb

    @property
    def _tr(self):
        return self._gids.transport

    # ---- processes and time
    def id(self) -> float:
        return float(self._tr.id)

    def nhost(self) -> float:
        return float(self._tr.nhost)

    def nthread(self, *args: Any) -> float:
        """nthread([n[, parallel]]): accepted; pyhoc integrates in one thread."""
        return 1.0

    def barrier(self) -> float:
        self._tr.barrier()
        return 0.0

    def time(self) -> float:
        return float(self._tr.wtime())

    def wait_time(self) -> float:
        return self._gids.wait_time

    def step_time(self) -> float:
        return self._gids.step_time

    def send_time(self) -> float:
        return self._gids.send_time

    def integ_time(self) -> float:
        return self._gids.step_time

    def vtransfer_time(self, *args: Any) -> float:
        return 0.0

    def timeout(self, *args: Any) -> float:
        """timeout([seconds]): the previous value (no process can hang with one)."""
        old = self._bb.get('timeout', 20.0)
        if args:
            self._bb['timeout'] = float(args[0])
        return old

    def spike_compress(self, *args: Any) -> float:
        return 0.0

    def max_histogram(self, *args: Any) -> float:
        return 0.0

    def thread_busywait(self, *args: Any) -> float:
        return 0.0

    def thread_how_many_proc(self) -> float:
        return float(os.cpu_count() or 1)

    def partition(self, *args: Any) -> float:
        return 0.0

    def sec_in_thread(self, *args: Any) -> float:
        return 0.0

    def thread_stat(self, *args: Any) -> float:
        return 0.0

    def thread_ctime(self, *args: Any) -> float:
        return 0.0

    def optimize_node_order(self, *args: Any) -> float:
        return 0.0

    def cvode_threadsafe(self, *args: Any) -> float:
        return 0.0

    # ---- collectives
    def allreduce(self, x: Any, type_: Any) -> Any:
        op = int(float(type_))
        if _is_vector(x):
            x._set(self._tr.allreduce(x._a, op))
            return 0.0
        return float(self._tr.allreduce(np.array([float(x)]), op)[0])

    def allgather(self, x: Any, vec: Any) -> float:
        vec._set(self._tr.allgather(float(x)))
        return 0.0

    def alltoall(self, src: Any, counts: Any, dest: Any) -> float:
        cnt = [int(c) for c in counts._a]
        if len(cnt) != self._tr.nhost or sum(cnt) > len(src._a):
            raise HocError('ParallelContext.alltoall: the counts Vector must have nhost '
                           'elements adding up to at most the source size')
        parts, k = [], 0
        for c in cnt:
            parts.append(np.array(src._a[k:k + c]))
            k += c
        got = self._tr.alltoall(parts)
        dest._set(np.concatenate(got) if got else [])
        return 0.0

    def broadcast(self, x: Any, root: Any) -> float:
        r = int(float(root))
        if _is_vector(x):
            x._set(self._tr.broadcast(np.array(x._a), r))
            return float(len(x._a))
        if isinstance(x, str) or hasattr(x, 'set'):
            s = str(x.get()) if hasattr(x, 'get') else str(x)
            s = self._tr.broadcast(s, r)
            set_string(x, s)
            return float(len(s))
        raise HocError('ParallelContext.broadcast: arg 1 must be a Vector or a strdef')

    def py_alltoall(self, objs: Any, *args: Any) -> Any:
        return self._tr.alltoall(list(objs))

    def py_allgather(self, obj: Any) -> Any:
        return self._tr.allgather(obj)

    def py_broadcast(self, obj: Any, root: Any) -> Any:
        return self._tr.broadcast(obj, int(float(root)))

    def py_gather(self, obj: Any, root: Any) -> Any:
        return self._tr.gather(obj, int(float(root)))

    def py_scatter(self, objs: Any, root: Any) -> Any:
        return self._tr.scatter(None if objs is None else list(objs), int(float(root)))

    # ---- gids
    def set_gid2node(self, gid: Any, nid: Any) -> float:
        self._gids.set_gid2node(int(float(gid)), int(float(nid)))
        return 0.0

    def gid_exists(self, gid: Any) -> float:
        return float(self._gids.gid_exists(int(float(gid))))

    def cell(self, gid: Any, nc: Any, output: Any = 1) -> float:
        if nc is None or not hasattr(nc, '_src'):
            raise HocError('ParallelContext.cell: arg 2 must be a NetCon')
        if nc._src is None:
            raise HocError('pc.cell second arg, %s, has no source' % nc.hoc_name())
        self._gids.cell(int(float(gid)), nc._src, bool(float(output)))
        return 0.0

    def outputcell(self, gid: Any) -> float:
        self._gids.outputcell(int(float(gid)))
        return 0.0

    @returns_object
    def gid2cell(self, gid: Any) -> Any:
        """The gid's source: its point process or artificial cell, else the object that
        owns the section whose voltage is watched."""
        ps = self._gids.presyn(int(float(gid)))
        if ps.osrc is not None:
            return ps.osrc
        c = getattr(ps.sec, 'cell', None) if ps.sec is not None else None
        return c() if callable(c) else c

    @returns_object
    def gid2obj(self, gid: Any) -> Any:
        return self.gid2cell(gid)

    @returns_object
    def gid_connect(self, srcgid: Any, target: Any, nc: Any = None) -> Any:
        """A NetCon from the cell srcgid (here or on any process) to target."""
        from ...sim.netcon import NetCon
        ps = self._gids.source_presyn(int(float(srcgid)))
        if nc is None:
            return NetCon(ps, target, model=self._model)
        import weakref
        old = nc._src
        if old is not None:
            old.dil[:] = [r for r in old.dil if r() is not nc]
        nc.__dict__['_src'] = ps
        ps.dil.append(weakref.ref(nc))
        ps.net.version += 1
        return nc

    def threshold(self, gid: Any, th: Any = None) -> float:
        return self._gids.threshold(int(float(gid)), None if th is None else float(th))

    def spike_record(self, gid: Any, tvec: Any, idvec: Any) -> float:
        if _is_vector(gid):
            gids = [int(g) for g in gid._a]
        elif int(float(gid)) == -1:
            gids = None
        else:
            gids = [int(float(gid))]
        self._gids.spike_record(gids, tvec, idvec)
        return 0.0

    def gid_clear(self, kind: Any = 1) -> float:
        self._gids.clear(int(float(kind)))
        return 0.0

    def set_maxstep(self, maxstep: Any) -> float:
        return self._gids.set_maxstep(float(maxstep))

    def psolve(self, tstop: Any) -> float:
        self._gids.psolve(float(tstop))
        return 0.0

    def spike_statistics(self, *args: Any) -> float:
        return 0.0

    # ---- CoreNEURON and MPI set up
    def _no_coreneuron(self, *args: Any) -> float:
        raise HocError('ParallelContext: CoreNEURON is not available in pyhoc')

    nrnbbcore_write = nrnbbcore_register_mapping = nrncore_run = nrncore_write = _no_coreneuron

    def mpiabort_on_error(self, *args: Any) -> float:
        return 0.0

    # ---- bulletin board: serial, or master (id 0) and workers over MPI
    def _mpi_bb(self) -> bool:
        return self._tr.nhost > 1 and hasattr(self._tr, 'send')

    def runworker(self) -> float:
        """The master goes on; a worker of an MPI run takes jobs (and context statements)
        from the master until its done(), then ends, as NEURON's workers do."""
        if not self._mpi_bb():
            return 0.0
        tr, bb = self._tr, self._bb
        if tr.id == 0:
            bb['idle'] = list(range(tr.nhost - 1, 0, -1))
            bb['out'] = 0
            return 0.0
        from ...errors import HocExit
        while True:
            msg, _ = tr.recv(0)
            if msg[0] == 'done':
                raise HocExit(0)
            job = _Job(*_from_wire(msg[1]))
            ret, pyret = self._execute(job)
            if msg[0] == 'job':
                tr.send(('result', job.id, job.userid, ret, pyret), 0)

    def done(self) -> float:
        """The master tells the workers to end."""
        if self._mpi_bb() and self._tr.id == 0 and 'idle' in self._bb:
            for w in range(1, self._tr.nhost):
                self._tr.send(('done',), w)
            del self._bb['idle']
        return 0.0

    def submit(self, *args: Any) -> float:
        """submit([userid,] "stmt" | "func", args... | object, "func", args... | callable,
        args...): queue a job; it runs when working() takes it.  Returns the userid (given,
        else -1, -2, ... for the jobs without one)."""
        if not args:
            raise HocError('ParallelContext.submit: nothing to submit')
        bb = self._bb
        args = list(args)
        userid = None
        if _num(args[0]) and len(args) > 1:
            userid = float(args.pop(0))
        obj = None
        if not isinstance(args[0], str) and not callable(args[0]) and len(args) > 1 \
                and isinstance(args[1], str):
            obj = args.pop(0)
        target = args.pop(0)
        bb['next_id'] += 1
        jid = bb['next_id']
        if userid is None:           # jobs without a userid count down from -1
            bb['next_anon'] = bb.get('next_anon', 0) - 1
            userid = float(bb['next_anon'])
        uid = userid
        bb['jobs'].append(_Job(jid, uid, obj, target, [_copy_arg(a) for a in args]))
        return uid

    def context(self, *args: Any) -> float:
        """Run on every worker but not the master (nothing to do with one process; it still
        takes a job id and a userid, as a submit does)."""
        bb = self._bb
        if 'idle' in bb:
            self.submit(*args)
            job = bb['jobs'].pop()
            for w in range(1, self._tr.nhost):
                self._tr.send(('context', _to_wire(job)), w)
            return 1.0
        bb['next_id'] += 1
        bb['next_anon'] = bb.get('next_anon', 0) - 1
        return 1.0

    def working(self) -> float:
        """The id of a finished job, its results kept for retval/pyret/userid (0 when none
        is left).  Serially the next job runs now; over MPI idle workers take jobs and the
        master runs one itself while none has answered."""
        bb = self._bb
        if 'idle' in bb:
            return self._mpi_working()
        if not bb['jobs']:
            return 0.0
        job = bb['jobs'].pop(0)
        ret, pyret = self._execute(job)
        bb['last'] = (job.userid, ret, pyret)
        return float(job.id)

    def _mpi_working(self) -> float:
        bb, tr = self._bb, self._tr
        while bb['idle'] and bb['jobs']:
            tr.send(('job', _to_wire(bb['jobs'].pop(0))), bb['idle'].pop())
            bb['out'] += 1
        if bb['out'] == 0:
            return 0.0
        if bb['jobs'] and not tr.iprobe():
            job = bb['jobs'].pop(0)
            ret, pyret = self._execute(job)
            bb['last'] = (job.userid, ret, pyret)
            return float(job.id)
        msg, src = tr.recv()
        bb['idle'].append(src)
        bb['out'] -= 1
        bb['last'] = (msg[2], msg[3], msg[4])
        return float(msg[1])

    def _execute(self, job: '_Job') -> tuple:
        """Run a job: (its value as a number, a Python callable's return)."""
        interp = _interp(self)
        ret, pyret = 0.0, None
        tgt = job.target
        if isinstance(tgt, str) and job.obj is None and not job.args:
            interp.execute(tgt)          # a statement
            ret = 1.0
        elif isinstance(tgt, str):       # a function of HOC (or of an object) with arguments
            if job.obj is not None:
                r = interp.call(getattr(job.obj, tgt), *job.args)
            else:
                r = interp.call(tgt, *job.args)
            ret = float(r) if _num(r) else 0.0
        else:
            pyret = tgt(*job.args)
        return ret, pyret

    def retval(self) -> float:
        last = self._bb['last']
        return last[1] if last is not None else 0.0

    def pyret(self) -> Any:
        last = self._bb['last']
        return last[2] if last is not None else None

    def userid(self) -> float:
        last = self._bb['last']
        return last[0] if last is not None else 0.0

    def pack(self, *args: Any) -> float:
        self._bb['send'].extend(_pack_item(a) for a in args)
        return 0.0

    def post(self, key: Any, *args: Any) -> float:
        bb = self._bb
        self.pack(*args)
        bb['posted'].setdefault(_key(key), []).append(_Message(bb['send']))
        bb['send'] = []
        return 1.0

    def _lookup(self, key: Any, remove: bool) -> bool:
        q = self._bb['posted'].get(_key(key))
        if not q:
            return False
        msg = q.pop(0) if remove else q[0]
        self._bb['recv'] = msg
        return True

    def take(self, key: Any, *args: Any) -> float:
        if not self._lookup(key, True):
            raise HocError('ParallelContext.take: nothing posted with key %s (with one '
                           'process this would wait forever)' % _key(key))
        return 1.0

    def look(self, key: Any) -> float:
        return float(self._lookup(key, False))

    def look_take(self, key: Any) -> float:
        return float(self._lookup(key, True))

    def _recv(self) -> _Message:
        msg = self._bb['recv']
        if msg is None:
            raise HocError('BBSLocal error in  upkdouble')
        return msg

    def upkscalar(self) -> float:
        return self._recv().next('d', 'upkdouble')

    def upkstr(self, s: Any = None) -> Any:
        v = self._recv().next('s', 'upkstr')
        if s is not None:
            set_string(s, v)
        return v

    @returns_object
    def upkvec(self, vec: Any = None) -> Any:
        a = self._recv().next('v', 'upkvec')
        if vec is None:
            return _new_vector(a)
        vec._set(a)
        return vec

    def upkpyobj(self) -> Any:
        return self._recv().next('o', 'upkpickle')


def _key(key: Any) -> str:
    return ('%g' % key) if _num(key) else str(key)


def _copy_arg(a: Any) -> Any:
    return _new_vector(a._a) if _is_vector(a) else a


def _to_wire(job: _Job) -> tuple:
    """A job as picklable values (a Vector as its numbers)."""
    args = [('__vec__', np.array(a._a)) if _is_vector(a) else a for a in job.args]
    return job.id, job.userid, job.obj, job.target, args


def _from_wire(w: tuple) -> tuple:
    args = [_new_vector(a[1]) if isinstance(a, tuple) and len(a) == 2 and a[0] == '__vec__'
            else a for a in w[4]]
    return w[0], w[1], w[2], w[3], args


# ---------------------------------------------------------------------------------- BBSaveState
class BBSaveState(HocObject):
    """``BBSaveState()``: the whole model's state to a file and back (serially one file:
    NEURON writes the cells by gid, pyhoc the SaveState of pyhoc.sim.savestate)."""

    def __init__(self, *args: Any):
        self._model = _interp(self).sim.model

    def save(self, filename: Any) -> float:
        from ...sim import savestate
        data = savestate.dumps(savestate.save(self._model))
        try:
            with open(str(filename), 'wb') as fh:
                fh.write(data)
        except OSError:
            raise HocError("BBSaveState: couldn't open %s for writing" % filename) from None
        return 0.0

    def restore(self, filename: Any) -> float:
        from ...sim import savestate
        try:
            with open(str(filename), 'rb') as fh:
                data = fh.read()
        except OSError:
            raise HocError("BBSaveState: couldn't open %s for reading" % filename) from None
        savestate.restore(self._model, savestate.loads(data))
        return 0.0

    def save_test(self) -> float:
        """save() into bbss_out/tmp (the folder NEURON's save_test writes)."""
        os.makedirs('bbss_out', exist_ok=True)
        return self.save(os.path.join('bbss_out', 'tmp'))

    def restore_test(self) -> float:
        """restore() from what save_test wrote (bbss_in/tmp if present, else bbss_out/tmp)."""
        name = os.path.join('bbss_in', 'tmp')
        if not os.path.exists(name):
            name = os.path.join('bbss_out', 'tmp')
        return self.restore(name)

    def ignore(self, *args: Any) -> float:
        return 0.0

    def vector_play_init(self, *args: Any) -> float:
        return 0.0

