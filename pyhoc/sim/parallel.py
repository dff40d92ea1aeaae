"""The simulator side of NEURON's ParallelContext (nrn src/nrniv/netpar.cpp): cells known by
global id (gid), connections made by gid, spike recording by gid and ``psolve``.

Every exchange between processes goes through a :class:`Transport`: the collectives of
ParallelContext (allreduce, allgather, alltoall, broadcast, the py_* forms) and the spike
exchange of psolve.  :class:`SerialTransport` is the one process case (nhost 1), where a
spike of a gid reaches the NetCons of this process directly through the gid's PreSyn, as in
NEURON without MPI; :class:`MPITransport` is the same over MPI (mpi4py), switched on as NEURON
does by ``nrnmpi_init()``, ``pyhoc -mpi`` or NEURON_INIT_MPI=1 (:func:`mpi_init`).  With more
than one process psolve integrates in intervals of the least NetCon delay between processes and
exchanges the output cells' spikes after each (NEURON's nrn_spike_exchange).
"""
from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import HocError
from . import events

if TYPE_CHECKING:
    from .model import Model


class Transport:
    """What ParallelContext needs from its processes (an MPI communicator's verbs)."""

    nhost = 1
    id = 0

    def barrier(self) -> None:
        raise NotImplementedError

    def wtime(self) -> float:
        return time.perf_counter()

    def allreduce(self, values: np.ndarray, op: int) -> np.ndarray:
        """Element-wise over processes: op 1 sum, 2 max, 3 min."""
        raise NotImplementedError

    def allgather(self, obj: Any) -> list:
        raise NotImplementedError

    def alltoall(self, objs: list) -> list:
        """objs[i] goes to process i; returns what each process sent to this one."""
        raise NotImplementedError

    def broadcast(self, obj: Any, root: int) -> Any:
        raise NotImplementedError

    def gather(self, obj: Any, root: int) -> list | None:
        raise NotImplementedError

    def scatter(self, objs: list | None, root: int) -> Any:
        raise NotImplementedError

    def exchange_spikes(self, spikes: list) -> list:
        """(gid, t) spikes of this process's output cells -> every process's spikes."""
        return [s for part in self.allgather(spikes) for s in part]


class SerialTransport(Transport):
    """One process: every collective returns what this process gave."""

    def barrier(self) -> None:
        pass

    def allreduce(self, values: np.ndarray, op: int) -> np.ndarray:
        if op not in (1, 2, 3):
            raise HocError('ParallelContext.allreduce: type must be 1 (sum), 2 (max) or 3 (min)')
        return np.array(values, dtype=float)

    def allgather(self, obj: Any) -> list:
        return [obj]

    def alltoall(self, objs: list) -> list:
        if len(objs) != 1:
            raise HocError('ParallelContext.py_alltoall: the list must have nhost (1) items')
        return list(objs)

    def broadcast(self, obj: Any, root: int) -> Any:
        _check_root(root)
        return obj

    def gather(self, obj: Any, root: int) -> list | None:
        _check_root(root)
        return [obj]

    def scatter(self, objs: list | None, root: int) -> Any:
        _check_root(root)
        if objs is None or len(objs) != 1:
            raise HocError('ParallelContext.py_scatter: the list must have nhost (1) items')
        return objs[0]


def _check_root(root: int, nhost: int = 1) -> None:
    if not 0 <= int(root) < nhost:
        raise HocError('ParallelContext: root %d is not a process (nhost is %d)'
                       % (int(root), nhost))


MPI_MISSING = ("MPI needs mpi4py and an MPI library: pip install 'pyhoc-sim[mpi]' "
               "(mpi4py and mpich)")


class MPITransport(Transport):
    """The processes of MPI_COMM_WORLD, through mpi4py."""

    def __init__(self):
        try:
            from mpi4py import MPI
        except ImportError as e:
            raise HocError('%s: %s' % (MPI_MISSING, e)) from None
        self.MPI = MPI
        self.comm = MPI.COMM_WORLD
        self.id = self.comm.Get_rank()
        self.nhost = self.comm.Get_size()
        self._ops = {1: MPI.SUM, 2: MPI.MAX, 3: MPI.MIN}
        self._ppid = os.getppid()

    def barrier(self) -> None:
        self._wait(self.comm.Ibarrier())

    def wtime(self) -> float:
        return self.MPI.Wtime()

    def allreduce(self, values: np.ndarray, op: int) -> np.ndarray:
        if op not in self._ops:
            raise HocError('ParallelContext.allreduce: type must be 1 (sum), 2 (max) or 3 (min)')
        a = np.ascontiguousarray(values, dtype=float)
        out = np.empty_like(a)
        self.comm.Allreduce(a, out, op=self._ops[op])
        return out

    def allgather(self, obj: Any) -> list:
        return self.comm.allgather(obj)

    def alltoall(self, objs: list) -> list:
        if len(objs) != self.nhost:
            raise HocError('ParallelContext.py_alltoall: the list must have nhost (%d) items'
                           % self.nhost)
        return self.comm.alltoall(list(objs))

    def broadcast(self, obj: Any, root: int) -> Any:
        _check_root(root, self.nhost)
        return self.comm.bcast(obj, root=int(root))

    def gather(self, obj: Any, root: int) -> list | None:
        _check_root(root, self.nhost)
        return self.comm.gather(obj, root=int(root))

    def scatter(self, objs: list | None, root: int) -> Any:
        _check_root(root, self.nhost)
        if self.id == int(root) and (objs is None or len(objs) != self.nhost):
            raise HocError('ParallelContext.py_scatter: the list must have nhost (%d) items'
                           % self.nhost)
        return self.comm.scatter(objs, root=int(root))

    SLOTS = 32      # spikes per process that the one fixed-size Allgather carries

    def exchange_spikes(self, spikes: list) -> list:
        """Every process's (gid, t): one Allgather of a fixed-size buffer (its count first,
        then up to SLOTS spikes), and an Allgatherv of the rest only when some process had
        more (NEURON's spike exchange with a fixed send buffer).  The wait for the other
        processes sleeps instead of spinning, so that on a busy machine a process that is
        ahead leaves its core to the others."""
        n, k = len(spikes), self.SLOTS
        send = np.zeros(1 + 2 * k)
        send[0] = n
        if n:
            send[1:1 + 2 * min(n, k)] = np.asarray(spikes[:k], dtype=float).ravel()
        got = np.empty((self.nhost, 1 + 2 * k))
        self._wait(self.comm.Iallgather(send, got))
        counts = got[:, 0].astype(np.int64)
        out = []
        for r in range(self.nhost):
            c = min(int(counts[r]), k)
            out.extend(zip(got[r, 1:1 + 2 * c:2].astype(np.int64).tolist(),
                           got[r, 2:2 + 2 * c:2].tolist()))
        over = np.maximum(counts - k, 0)
        if over.any():
            rest = np.asarray(spikes[k:], dtype=float).reshape(-1, 2)
            more = np.empty((int(over.sum()), 2))
            self.comm.Allgatherv(rest, [more, over * 2])
            out.extend((int(g), float(t)) for g, t in more)
        return out

    def _wait(self, req) -> None:
        """Wait for a nonblocking collective: polls, then sleeps of up to 0.2 ms between; a
        process whose mpiexec has gone (the others aborted) ends instead of waiting forever."""
        nap, naps = 0.0, 0
        while not req.Test():
            if nap:
                time.sleep(nap)
                naps += 1
                if naps % 5000 == 0 and os.getppid() != self._ppid:
                    os._exit(1)
            nap = min(2e-4, nap * 2 or 1e-5)

    def send(self, obj: Any, dest: int) -> None:
        """A message to one process (the bulletin board's master and workers)."""
        self.comm.send(obj, dest=dest)

    def recv(self, source: int | None = None) -> tuple:
        """The next message (from source, else from anyone) and who sent it."""
        st = self.MPI.Status()
        obj = self.comm.recv(source=self.MPI.ANY_SOURCE if source is None else source,
                             status=st)
        return obj, st.Get_source()

    def iprobe(self) -> bool:
        return self.comm.iprobe(source=self.MPI.ANY_SOURCE)

    def abort(self, code: int = 1) -> None:
        """MPI_Abort: end every process (one failing process must not leave the others
        waiting in a collective)."""
        for f in (sys.stdout, sys.stderr):
            try:
                f.flush()
            except Exception:
                pass
        time.sleep(.2)      # for mpiexec to pass the message on before it kills the others
        self.comm.Abort(code)


class PoolTransport(Transport):
    """The bulletin board's processes without MPI: the master (id 0) and nhost - 1 workers
    forked from it (:func:`fork_pool`), each joined to the master by a pipe.  Only the bulletin
    board uses it: for gids and collectives every process of a pool is a world of its own
    (as a NEURON subworld of one process), so pc.id() is 0 and pc.nhost() 1 in each."""

    def __init__(self, id_: int, nhost: int, conns: dict, pids: list | None = None):
        self.id, self.nhost, self.conns, self.pids = id_, nhost, conns, pids or []

    def send(self, obj: Any, dest: int) -> None:
        self.conns[dest].send(obj)

    def recv(self, source: int | None = None) -> tuple:
        """The next message (from source, else from any process) and who sent it."""
        from multiprocessing.connection import wait
        if source is not None:
            return self.conns[source].recv(), source
        by_conn = {c: k for k, c in self.conns.items()}
        c = wait(list(by_conn))[0]
        return c.recv(), by_conn[c]

    def iprobe(self) -> bool:
        return any(c.poll(0) for c in self.conns.values())

    def close(self) -> None:
        """The master ends its workers (each leaves at 'done', or at the end of its pipe)."""
        for k, c in self.conns.items():
            try:
                c.send(('done',))
            except (OSError, ValueError):
                pass
            c.close()
        self.conns = {}
        for pid in self.pids:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        self.pids = []


def pool_size() -> int:
    """The processes of a bulletin board without MPI: PYHOC_NWORKERS (``pyhoc -nworkers N``;
    0 means one per core), 1 (the jobs run in this process, as NEURON's serial runs) if unset."""
    v = os.environ.get('PYHOC_NWORKERS', '').strip()
    if not v:
        return 1
    try:
        n = int(v)
    except ValueError:
        raise HocError('PYHOC_NWORKERS must be a number of processes, not %r' % v) from None
    return n if n > 0 else (os.cpu_count() or 1)


def fork_pool(nhost: int) -> PoolTransport:
    """Fork nhost - 1 workers here (the program's state so far is theirs, as NEURON's MPI
    workers have run the program up to runworker).  Returns the master's transport in this
    process and each worker's own in the child."""
    from multiprocessing import Pipe
    if not hasattr(os, 'fork'):
        raise HocError('PYHOC_NWORKERS: a process pool needs os.fork (not on this system)')
    conns, pids = {}, []
    for k in range(1, nhost):
        mine, theirs = Pipe()
        for f in (sys.stdout, sys.stderr):
            try:
                f.flush()
            except Exception:
                pass
        pid = os.fork()
        if pid == 0:
            mine.close()
            for c in conns.values():
                c.close()
            return PoolTransport(k, nhost, {0: theirs})
        theirs.close()
        conns[k] = mine
        pids.append(pid)
    tr = PoolTransport(0, nhost, conns, pids)
    import atexit
    atexit.register(tr.close)
    return tr


_transport: Transport | None = None


def mpi_init() -> Transport:
    """Use MPI from now on (NEURON's nrnmpi_init: process 0 prints numprocs=N); a HocError
    says how to install it."""
    global _transport
    if not isinstance(_transport, MPITransport):
        _transport = MPITransport()
        if _transport.id == 0:
            print('numprocs=%d' % _transport.nhost, flush=True)
        if _transport.nhost > 1:
            hook = sys.excepthook

            def abort_hook(*exc):
                hook(*exc)
                _transport.abort(1)
            sys.excepthook = abort_hook
    return _transport


def abort_if_mpi(code: int = 1) -> None:
    """After an error in a non-interactive run on several processes: end them all."""
    if isinstance(_transport, MPITransport) and _transport.nhost > 1:
        _transport.abort(code)


def default_transport() -> Transport:
    if _transport is None and os.environ.get('NEURON_INIT_MPI') == '1':
        return mpi_init()
    return _transport or SerialTransport()


class GidTable:
    """The gids of one Model: which this process owns (output ports, NEURON's gid2out_) and
    which it only receives (input ports, gid2in_), each mapped to its PreSyn."""

    def __init__(self, model: 'Model', transport: Transport):
        self.model = model
        self.transport = transport
        self.gid2out: dict[int, Any] = {}       # gid -> PreSyn, None until pc.cell
        self.gid2in: dict[int, Any] = {}        # gid -> PreSyn without a source
        self.output: dict[int, bool] = {}       # gid -> sends spikes to other processes
        self.mindelay = 0.0                     # set by set_maxstep (NEURON's mindelay_)
        self.step_time = 0.0
        self.wait_time = 0.0
        self.send_time = 0.0

    # ---- ownership
    def set_gid2node(self, gid: int, nid: int) -> None:
        if nid != self.transport.id:
            return
        if gid in self.gid2in:
            raise HocError('gid=%d already exists as an input port. Setup all the output '
                           'ports on this process before using them as input ports.' % gid)
        if gid in self.gid2out:
            raise HocError('gid=%d already exists on this process as an output port' % gid)
        self.gid2out[gid] = None

    def gid_exists(self, gid: int) -> int:
        """0 unknown here, 1 owned without a cell yet, 2 a cell not sending, 3 an output
        cell (NEURON's numbers)."""
        if gid not in self.gid2out:
            return 0
        ps = self.gid2out[gid]
        if ps is None:
            return 1
        return 3 if self.output.get(gid) else 2

    def cell(self, gid: int, ps, output: bool = True) -> None:
        """pc.cell: the PreSyn (a NetCon's source) becomes the gid's spike source."""
        if gid not in self.gid2out:
            raise HocError('gid=%d has not been set on rank %d' % (gid, self.transport.id))
        if ps is None:
            raise HocError('ParallelContext.cell: the NetCon has no source')
        old = getattr(ps, 'gid', -1)
        if old >= 0 and old != gid:
            raise HocError("Can't associate gid %d. PreSyn already associated with gid %d."
                           % (gid, old))
        ps.gid = gid
        self.gid2out[gid] = ps
        self.output[gid] = bool(output)

    def outputcell(self, gid: int) -> None:
        self.presyn(gid)
        self.output[gid] = True

    def presyn(self, gid: int, message: str | None = None):
        """The PreSyn of a cell this process owns (else a HocError with message)."""
        ps = self.gid2out.get(gid)
        if ps is None:
            raise HocError(message or 'gid %d is not associated with a cell on this process'
                           % gid)
        return ps

    def source_presyn(self, gid: int):
        """The PreSyn a gid_connect NetCon hangs on: the owned cell's, else an input port."""
        if gid in self.gid2out:
            ps = self.gid2out[gid]
            if ps is None:
                raise HocError('gid %d owned by %d but no associated cell'
                               % (gid, self.transport.id))
            return ps
        ps = self.gid2in.get(gid)
        if ps is None:
            from .netcon import PreSyn
            ps = PreSyn(events.state(self.model))
            ps.gid = gid
            self.gid2in[gid] = ps
        return ps

    def threshold(self, gid: int, th: float | None = None) -> float:
        ps = self.presyn(gid, 'gid not associated with spike generation location')
        if th is not None:
            ps.threshold_ = th
        return ps.threshold_

    def spike_record(self, gids, tvec, idvec) -> None:
        """Record the spikes of the given gids (all output cells for -1) into tvec/idvec."""
        if gids is None:
            gids = [gid for gid, ps in self.gid2out.items() if ps is not None]
        for gid in gids:
            ps = self.presyn(gid)
            ps.tvec = tvec
            ps.idvec = idvec
            ps.rec_id = gid

    def clear(self, kind: int = 1) -> None:
        """gid_clear: forget the gids (NEURON's types 1 and 0; 2, 3, 4 concern splitting)."""
        if kind in (0, 1):
            for ps in list(self.gid2out.values()) + list(self.gid2in.values()):
                if ps is not None:
                    ps.gid = -1
            self.gid2out.clear()
            self.gid2in.clear()
            self.output.clear()

    # ---- running
    def set_maxstep(self, maxstep: float) -> float:
        """The integration interval between spike exchanges: the least delay of the NetCons
        receiving from another process's gids, at most maxstep (NEURON's set_mindelay)."""
        md = float(maxstep)
        for ps in self.gid2in.values():
            for nc in ps.live_dil():
                md = min(md, nc._delay)
        md = float(self.transport.allreduce(np.array([md]), 3)[0])
        self.mindelay = md
        return md

    def psolve(self, tstop: float) -> None:
        """Integrate to tstop (NEURON's BBS::netpar_solve, then its spike exchange)."""
        model = self.model
        cv = model.__dict__.get('_cvode')
        cvode = cv is not None and cv.active
        mt, md = (1e-9, self.mindelay) if cvode else (model.dt, self.mindelay - 1e-10)
        if md < mt:
            raise HocError('mindelay is 0 (or less than dt for fixed step method)')
        self.transport.barrier()
        w0, wait0 = self.transport.wtime(), self.wait_time
        if self.transport.nhost > 1:
            self._exchange_solve(tstop, cv if cvode else None)
        elif cvode:
            cv.solve(tstop)
        else:
            _fixed_steps(model, tstop * (1. + 1e-11))
        self.step_time += self.transport.wtime() - w0 - (self.wait_time - wait0)

    def _exchange_solve(self, tstop: float, cv) -> None:
        """Several processes: integrate one interval of mindelay at a time, then gather every
        output cell's spikes and queue them on the input ports of this process."""
        from . import fused
        model = self.model
        buf: list = []
        outs = [ps for gid, ps in self.gid2out.items()
                if ps is not None and self.output.get(gid)]
        for ps in outs:
            ps.spike_out = buf
        try:
            if cv is not None:     # an event every mindelay exchanges, as NEURON's NetParEvent
                ev = _ExchangeEvent(self, buf)
                events.state(model).send(model.t + self.mindelay, ev)
                try:
                    cv.solve(tstop)
                finally:
                    ev.live = False
                self._exchange(buf)
                return
            n = _step_count(model, tstop * (1. + 1e-11))
            k = max(1, int(self.mindelay / model.dt + 1e-9))
            while n > 0:
                s = min(k, n)
                fused.advance(model, s)
                n -= s
                self._exchange(buf)
        finally:
            for ps in outs:
                ps.spike_out = None

    def _exchange(self, buf: list) -> None:
        w0 = self.transport.wtime()
        spikes = self.transport.exchange_spikes(list(buf))
        buf.clear()
        self.wait_time += self.transport.wtime() - w0
        gid2in = self.gid2in
        for gid, t in spikes:
            ps = gid2in.get(gid)
            if ps is not None:
                ps.send(t)


class _ExchangeEvent:
    """Under CVode the spike exchange is an event every mindelay, so the integrator stops
    there (and takes the spikes it receives) as it does for any event."""

    _target = None          # delivering it changes no state (no re-initialization)

    def __init__(self, table: GidTable, buf: list):
        self.table, self.buf, self.live = table, buf, True

    def deliver(self, tt: float, net) -> None:
        if self.live:
            self.table._exchange(self.buf)
            net.send(tt + self.table.mindelay, self)


def _step_count(model: 'Model', tstop: float) -> int:
    """How many steps _fixed_steps takes to tstop."""
    n = int((tstop - model.t) / model.dt + 1e-9)
    if n > 3:
        return n
    t, n = model.t, 0
    while t + .5 * model.dt < tstop:
        t += model.dt
        n += 1
    return n


def _fixed_steps(model: 'Model', tstop: float) -> None:
    """NEURON's ncs2nrn_integrate for the fixed step: a group of n steps through the compiled
    loop when there are more than 3, else steps while t + dt/2 < tstop."""
    from . import fused
    n = int((tstop - model.t) / model.dt + 1e-9)
    if n > 3:
        fused.advance(model, n)
        return
    while model.t + .5 * model.dt < tstop:
        model.fadvance()
        net = events.has_state(model)
        if net is not None and net.stoprun:
            break


def gid_table(model: 'Model', transport: Transport | None = None) -> GidTable:
    """The Model's gid table (made on first use, over MPI once mpi_init has run)."""
    tab = model.__dict__.get('_gids')
    if tab is None:
        tab = GidTable(model, transport or default_transport())
        model.__dict__['_gids'] = tab
    return tab
