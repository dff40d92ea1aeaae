"""``ParallelContext`` and ``BBSaveState``, on one process or over MPI (``nrnmpi_init``).

The gids, the spike exchange and psolve live in :mod:`pyhoc.sim.parallel`; this module reads
HOC's and Python's arguments and runs the bulletin board: serially a submitted job runs when
``working()`` takes it, as NEURON's BBSLocal does; after ``runworker()`` over MPI, or over a
pool of forked processes without MPI (PYHOC_NWORKERS, ``pyhoc -nworkers N``), the master
(id 0) hands jobs to idle workers and keeps the posted messages, which workers post, take and
look at through it.
"""
from __future__ import annotations

import os
import sys
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
    # id, nhost... are Python ints (NEURON 9's integer return type), so that
    # ``range(pc.id(), n, pc.nhost())`` works; HOC sees them as numbers.
    def id(self) -> int:
        return int(self._tr.id)

    def nhost(self) -> int:
        return int(self._tr.nhost)

    def id_world(self) -> int:
        """The rank among all processes (pyhoc has no subworlds: id())."""
        return int(self._tr.id)

    def nhost_world(self) -> int:
        """The number of all processes (pyhoc has no subworlds: nhost())."""
        return int(self._tr.nhost)

    def nthread(self, *args: Any) -> int:
        """nthread([n[, parallel]]): accepted; pyhoc integrates in one thread."""
        return 1

    def nworker(self) -> int:
        """The worker threads in use: none (pyhoc integrates in one thread)."""
        return 0

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

    def thread_how_many_proc(self) -> int:
        return int(os.cpu_count() or 1)

    def partition(self, *args: Any) -> float:
        return 0.0

    def sec_in_thread(self, *args: Any) -> bool:
        return False

    def thread_stat(self, *args: Any) -> float:
        return 0.0

    def thread_ctime(self, *args: Any) -> float:
        return 0.0

    def optimize_node_order(self, *args: Any) -> int:
        return 0

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

    def gid_exists(self, gid: Any) -> int:
        return int(self._gids.gid_exists(int(float(gid))))

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

    def spike_statistics(self, *args: Any) -> int:
        return 0

    # ---- CoreNEURON and MPI set up
    def _no_coreneuron(self, *args: Any) -> float:
        raise HocError('ParallelContext: CoreNEURON is not available in pyhoc')

    nrnbbcore_write = nrnbbcore_register_mapping = nrncore_run = nrncore_write = _no_coreneuron

    def mpiabort_on_error(self, *args: Any) -> float:
        return 0.0

    # ---- bulletin board: serial, or a master (id 0) and workers over MPI or a process pool
    def nhost_bbs(self) -> int:
        """The processes of the bulletin board: MPI's, else the pool's (PYHOC_NWORKERS)."""
        from ...sim import parallel
        tr = self._bb.get('tr')
        if tr is not None:
            return int(tr.nhost)
        return int(self._tr.nhost if self._tr.nhost > 1 else parallel.pool_size())

    def id_bbs(self) -> int:
        tr = self._bb.get('tr')
        return int((tr or self._tr).id)

    def runworker(self) -> float:
        """The master goes on; a worker takes jobs (and context statements) from the master
        until its done(), then ends, as NEURON's workers do.  Over MPI the workers are the
        other processes; without MPI and with PYHOC_NWORKERS=N (``pyhoc -nworkers N``) N - 1
        workers are forked here, so they have the program as it stands; else the jobs run
        in this process at working(), as NEURON's serial runs do."""
        from ...sim import parallel
        bb = self._bb
        if bb.get('role'):
            return 0.0
        tr = self._tr if self._tr.nhost > 1 and hasattr(self._tr, 'send') else None
        if tr is None:
            n = parallel.pool_size()
            if n <= 1:
                return 0.0
            tr = parallel.fork_pool(n)
        bb['tr'] = tr
        if tr.id == 0:
            bb.update(role='master', idle=list(range(tr.nhost - 1, 0, -1)), out=0,
                      results=[], pending=[], sent={}, contexts=0)
            return 0.0
        bb.update(role='worker', backlog=[])
        self._work(tr)
        return 0.0

    def _work(self, tr) -> None:
        """A worker's loop: run what the master sends; at done() (or when the master has
        gone) end the process."""
        from ...errors import HocExit
        from ...sim.parallel import PoolTransport
        bb = self._bb
        while True:
            if bb['backlog']:
                msg = bb['backlog'].pop(0)
            else:
                try:
                    msg, _ = tr.recv(0)
                except (EOFError, OSError):
                    msg = ('done',)
            if msg[0] == 'done':
                if isinstance(tr, PoolTransport):
                    _flush()
                    os._exit(0)
                try:
                    tr.send(('bye',), 0)    # the last message this worker sends
                except OSError:
                    pass
                raise HocExit(0)
            job = _Job(*_from_wire(msg[1]))
            try:
                reply = ('result', job.id, job.userid) + self._execute(job)
            except Exception as e:      # the master reports it and stops
                reply = ('error', job.id, 'bulletin board process %d: %s'
                         % (tr.id, _error_text(e)))
            _flush()
            if msg[0] == 'context' and reply[0] == 'result':
                reply = ('context_done',)
            try:
                tr.send(reply, 0)
            except OSError:             # the master has gone
                bb['backlog'].append(('done',))

    def done(self) -> float:
        """The master ends the workers."""
        from ...sim.parallel import PoolTransport
        bb = self._bb
        if bb.get('role') == 'master':
            tr = bb['tr']
            if isinstance(tr, PoolTransport):
                tr.close()
            else:
                for w in range(1, tr.nhost):
                    tr.send(('done',), w)
                self._drain(tr)
            bb['role'] = bb['tr'] = None
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
        if bb.get('role') == 'master':
            self.submit(*args)
            job = bb['jobs'].pop()
            for w in range(1, bb['tr'].nhost):
                bb['tr'].send(('context', _to_wire(job)), w)
            bb['contexts'] += bb['tr'].nhost - 1
            return 1.0
        bb['next_id'] += 1
        bb['next_anon'] = bb.get('next_anon', 0) - 1
        return 1.0

    def working(self) -> int:
        """The id of a finished job, its results kept for retval/pyret/userid and its
        arguments for upkscalar... (0 when none is left).  Serially the next job runs now;
        with workers idle ones take jobs and the master runs one itself while no worker
        has answered."""
        bb = self._bb
        if bb.get('role') == 'master':
            return self._board_working()
        if not bb['jobs']:
            return 0
        job = bb['jobs'].pop(0)
        ret, pyret = self._execute(job)
        self._finished(job.id, job.userid, ret, pyret, job.args)
        return int(job.id)

    def _board_working(self) -> int:
        bb = self._bb
        tr = bb['tr']
        while True:
            while bb['idle'] and bb['jobs']:
                job = bb['jobs'].pop(0)
                bb['sent'][job.id] = job.args
                tr.send(('job', _to_wire(job)), bb['idle'].pop())
                bb['out'] += 1
            if bb['results']:
                jid, userid, ret, pyret = bb['results'].pop(0)
                self._finished(jid, userid, ret, pyret, bb['sent'].pop(jid))
                return int(jid)
            if bb['out'] == 0:
                return 0
            if bb['jobs'] and not tr.iprobe():
                job = bb['jobs'].pop(0)
                ret, pyret = self._execute(job)
                self._finished(job.id, job.userid, ret, pyret, job.args)
                return int(job.id)
            self._serve()

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

    def _finished(self, jid, userid, ret, pyret, args) -> None:
        self._bb['last'] = (userid, ret, pyret)
        self._bb['recv'] = _Message([_pack_item(a) for a in args])

    def _drain(self, tr) -> None:
        """After done(): serve what the workers still send until each has said 'bye' (its
        last message), so that no message is left unreceived when MPI finalizes (MPICH's
        MPI_Finalize fails on one, and mpiexec then kills the other processes)."""
        left = tr.nhost - 1
        while left:
            msg, src = tr.recv()
            if msg[0] == 'bye':
                left -= 1
                continue
            try:
                self._handle(msg, src)
            except HocError:        # a late job's error: the run is over
                pass

    def _serve(self) -> None:
        """The master takes one message from a worker: a job's result, or a post, take or
        look on the board, which the master keeps (as NEURON's bulletin board server)."""
        self._handle(*self._bb['tr'].recv())

    def _handle(self, msg: tuple, src: int) -> None:
        bb = self._bb
        tr = bb['tr']
        kind = msg[0]
        if kind == 'context_done':
            bb['contexts'] -= 1
        elif kind == 'result':
            bb['idle'].append(src)
            bb['out'] -= 1
            bb['results'].append(msg[1:5])
        elif kind == 'error':
            if msg[1] in bb['sent']:
                bb['idle'].append(src)
                bb['out'] -= 1
                del bb['sent'][msg[1]]
            else:
                bb['contexts'] -= 1
            raise HocError(msg[2])
        elif kind == 'post':
            self._board_post(msg[1], msg[2])
        else:                                   # take, look, look_take
            m = self._lookup_local(msg[1], kind != 'look')
            if m is None and kind == 'take':
                bb['pending'].append((src, msg[1]))
            else:
                tr.send(('msg', None if m is None else m.items[m.pos:]), src)

    def _board_post(self, key: str, items: list) -> None:
        bb = self._bb
        for k, (src, want) in enumerate(bb.get('pending') or ()):
            if want == key:          # a worker waits in take() for this key
                del bb['pending'][k]
                bb['tr'].send(('msg', items), src)
                return
        bb['posted'].setdefault(key, []).append(_Message(items))

    def _ask(self, kind: str, key: str) -> bool:
        """A worker's take/look/look_take: the master answers from the board."""
        bb = self._bb
        tr = bb['tr']
        tr.send((kind, key), 0)
        while True:
            msg, _ = tr.recv(0)
            if msg[0] == 'msg':
                break
            bb['backlog'].append(msg)      # a context statement for after this job
        if msg[1] is None:
            return False
        bb['recv'] = _Message(msg[1])
        return True

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
        items, bb['send'] = bb['send'], []
        if bb.get('role') == 'worker':
            bb['tr'].send(('post', _key(key), items), 0)
        else:
            self._board_post(_key(key), items)
        return 1.0

    def _lookup_local(self, key: str, remove: bool) -> _Message | None:
        q = self._bb['posted'].get(key)
        if not q:
            return None
        return q.pop(0) if remove else q[0]

    def _lookup(self, key: Any, kind: str) -> bool:
        bb = self._bb
        if bb.get('role') == 'worker':
            return self._ask(kind, _key(key))
        if bb.get('role') == 'master':
            while bb['tr'].iprobe():      # what the workers have posted so far
                self._serve()
        msg = self._lookup_local(_key(key), kind != 'look')
        if msg is not None:
            bb['recv'] = msg
        return msg is not None

    def take(self, key: Any, *args: Any) -> float:
        """The message posted with key (waiting for a worker to post it); its values go
        into the arguments given (pointers, strdefs, Vectors), the rest to upkscalar..."""
        bb = self._bb
        while not self._lookup(key, 'take'):
            if bb.get('role') != 'master' or bb['out'] + bb['contexts'] == 0:
                raise HocError('ParallelContext.take: nothing posted with key %s (and no '
                               'worker is busy that could post it: this would wait forever)'
                               % _key(key))
            self._serve()
        self._unpack_into(args)
        return 1.0

    def look(self, key: Any, *args: Any) -> bool:
        found = self._lookup(key, 'look')
        if found:
            self._unpack_into(args)
        return bool(found)

    def look_take(self, key: Any, *args: Any) -> bool:
        found = self._lookup(key, 'look_take')
        if found:
            self._unpack_into(args)
        return bool(found)

    def _unpack_into(self, args: tuple) -> None:
        msg = self._recv()
        for a in args:
            kind = msg.items[msg.pos][0] if msg.pos < len(msg.items) else None
            if kind == 'v' and _is_vector(a):
                a._set(msg.next('v', 'upkvec'))
            elif kind == 's':
                set_string(a, msg.next('s', 'upkstr'))
            elif kind == 'd' and hasattr(a, 'set'):
                a.set(msg.next('d', 'upkdouble'))
            else:
                raise HocError('BBSLocal error in  take: the message has no value for '
                               'argument %s' % (a,))

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


def _flush() -> None:
    for f in (sys.stdout, sys.stderr):
        try:
            f.flush()
        except Exception:
            pass


def _error_text(e: BaseException) -> str:
    return str(e) if isinstance(e, HocError) else '%s: %s' % (type(e).__name__, e)


def _key(key: Any) -> str:
    return ('%g' % key) if _num(key) else str(key)


def _copy_arg(a: Any) -> Any:
    return _new_vector(a._a) if _is_vector(a) else a


def _to_wire(job: _Job) -> tuple:
    """A job as picklable values: a Vector as its numbers, a HOC object (the target of
    ``pc.context(obj, "proc")``) as its class and index, which name the same object in every
    process that ran the same program."""
    args = [('__vec__', np.array(a._a)) if _is_vector(a) else a for a in job.args]
    obj = job.obj
    if obj is not None:
        obj = ('__obj__', obj.hoc_class_name, obj._hoc_index)
    return job.id, job.userid, obj, job.target, args


def _from_wire(w: tuple) -> tuple:
    args = [_new_vector(a[1]) if isinstance(a, tuple) and len(a) == 2 and a[0] == '__vec__'
            else a for a in w[4]]
    obj = w[2]
    if obj is not None:
        found = [o for o in _interp().instances_of(obj[1]) if o._hoc_index == obj[2]]
        if not found:
            raise HocError('ParallelContext: %s[%d] does not exist on this process'
                           % (obj[1], obj[2]))
        obj = found[0]
    return w[0], w[1], obj, w[3], args


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

