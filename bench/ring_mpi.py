"""B3's ring (bench/models.py: ring) split over MPI processes by gid, psolve timed.

    mpiexec -n 2 python -m pyhoc bench/ring_mpi.py [ncell] [tstop]
    python -m pyhoc bench/ring_mpi.py [ncell] [tstop]          (one process)

Process 0 prints the seconds of finitialize + psolve (the slowest process's; run twice, the
first run also loading the compiled loop), the spike count and a hash of the raster, which
must be the same for any number of processes, and each process's seconds in the spike
exchange (pc.wait_time: the waiting for the slower process included).
"""
import hashlib
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from models import BallAndStick  # noqa: E402

from neuron import h  # noqa: E402

h.nrnmpi_init()
pc = h.ParallelContext()
ncell = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
tstop = float(sys.argv[2]) if len(sys.argv) > 2 else 100.
rank, nhost = int(pc.id()), int(pc.nhost())
h.load_file('stdrun.hoc')
h.dt = .025
cells = {}
for gid in range(rank, ncell, nhost):
    pc.set_gid2node(gid, rank)
    cells[gid] = c = BallAndStick(h, gid)
    pc.cell(gid, c.spike_detector)
ncs = []
for gid, c in cells.items():
    nc = pc.gid_connect((gid - 1) % ncell, c.syn)
    nc.weight[0], nc.delay = .01, 5
    ncs.append(nc)
if 0 in cells:
    stim = h.NetStim()
    stim.number, stim.start = 1, 9
    snc = h.NetCon(stim, cells[0].syn)
    snc.delay, snc.weight[0] = 1, .04
tvec, idvec = h.Vector(), h.Vector()
pc.spike_record(-1, tvec, idvec)
pc.set_maxstep(10)
secs = []
for _ in range(2):      # the first run also loads the compiled loop (numba's cache)
    pc.barrier()
    t0 = time.perf_counter()
    w0 = pc.wait_time()
    h.finitialize(-65)
    pc.psolve(tstop)
    secs.append(pc.allreduce(time.perf_counter() - t0, 2))
    wait = pc.py_gather(pc.wait_time() - w0, 0)
parts = pc.py_gather(sorted(zip(tvec, idvec)), 0)
if rank == 0:
    spikes = sorted(s for p in parts for s in p)
    digest = hashlib.sha1(repr(spikes).encode()).hexdigest()[:12]
    print('nhost %d ncell %d tstop %g: %.2f s (first run %.2f s), %d spikes, raster %s; '
          'spike exchange waits %s s' % (nhost, ncell, tstop, secs[1], secs[0], len(spikes),
                                         digest, ' '.join('%.2f' % w for w in wait)))
