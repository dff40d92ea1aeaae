"""A parameter sweep on ParallelContext's bulletin board, in Python: the spike times of an HH
soma for 8 stimulus amplitudes, one job each (a Python function; its return comes back as
pc.pyret()).  The output is the same serially and in parallel:

    pyhoc sweep.py                        (or python sweep.py: jobs run one by one here)
    pyhoc -nworkers 2 sweep.py            (PYHOC_NWORKERS=2 python sweep.py: a 2-process pool)
    mpiexec -n 2 python sweep.py --mpi    (two MPI processes)
"""
import sys

from neuron import h

if '--mpi' in sys.argv:
    h.nrnmpi_init()
pc = h.ParallelContext()
h.load_file('stdrun.hoc')
soma = h.Section(name='soma')
soma.L = soma.diam = 30
soma.insert('hh')
stim = h.IClamp(soma(.5))
stim.delay, stim.dur = 2, 40
tv = h.Vector()
nc = h.NetCon(soma(.5)._ref_v, None, sec=soma)
nc.threshold = 0
nc.record(tv)
h.tstop = 50


def spikes(amp):
    """The spike times for one amplitude (a job: it runs on whichever process takes it)."""
    stim.amp = amp
    h.run()
    return amp, list(tv)


pc.runworker()          # a worker stays here, running jobs, until pc.done()

for i in range(8):
    pc.submit(spikes, .05 + .05 * i)
results = []
while pc.working():
    results.append(pc.pyret())
pc.done()
for amp, times in sorted(results):
    line = 'amp %.2f nA: %d spikes' % (amp, len(times))
    if times:
        line += ', first at %.4f ms, last at %.4f ms' % (times[0], times[-1])
    print(line)
