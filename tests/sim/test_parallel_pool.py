"""The bulletin board without MPI: with ``pyhoc -nworkers N`` (PYHOC_NWORKERS) runworker()
forks N - 1 workers and the jobs of submit/working run on N processes; the examples of
examples/parallel print NEURON 9.0.2's results (tests/golden/sim/parallel_examples.json, made by
tools/gen_parallel_examples_golden.py) serially and on a pool of 2."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EX = os.path.join(ROOT, 'examples', 'parallel')


def run_pyhoc(*args: str, nworkers: int | None = None, timeout: int = 120):
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get('PYTHONPATH', ''))
    env.pop('NEURON_INIT_MPI', None)
    env.pop('PYHOC_NWORKERS', None)
    if nworkers is not None:
        env['PYHOC_NWORKERS'] = str(nworkers)
    return subprocess.run([sys.executable, '-m', 'pyhoc', '-nobanner', *args], cwd=EX,
                          capture_output=True, text=True, timeout=timeout, env=env,
                          stdin=subprocess.DEVNULL)


def result_lines(text: str) -> list:
    """What the examples print as results (not HOC's values of statements, nor numprocs)."""
    return [ln for ln in text.splitlines() if ln and not ln.startswith(('\t', 'numprocs='))]


@pytest.fixture(scope='module')
def golden():
    with open(os.path.join(ROOT, 'tests', 'golden', 'sim', 'parallel_examples.json')) as f:
        return json.load(f)


@pytest.mark.parametrize('name,nworkers', [('sweep.hoc', 1), ('sweep.hoc', 2),
                                           ('sweep.py', 1), ('sweep.py', 2),
                                           ('netpar_ring.hoc', 1), ('netpar_ring.hoc', 2),
                                           ('parcom_cells.hoc', 1)])
def test_examples_give_neurons_results(golden, name, nworkers):
    args = [name] if name.endswith('.py') else [name, '-c', 'quit()']
    proc = run_pyhoc(*args, nworkers=nworkers)
    assert proc.returncode == 0, proc.stderr
    assert result_lines(proc.stdout) == golden[name]


def test_nworkers_option_is_the_environment_variable(golden):
    proc = run_pyhoc('-nworkers', '2', 'sweep.hoc', '-c', 'quit()')
    assert proc.returncode == 0, proc.stderr
    assert result_lines(proc.stdout) == golden['sweep.hoc']
    bad = run_pyhoc('-nworkers', 'many', 'sweep.hoc')
    assert bad.returncode == 1 and '-nworkers needs a number' in bad.stderr


POOL_SCRIPT = '''
import os, time
from neuron import h
pc = h.ParallelContext()
h("func twice() { return 2*$1 }")
master = os.getpid()
pc.pack(42, "for a worker")
pc.post("to_worker")


def job(i):
    time.sleep(.05)
    if i == 0:                       # the first job goes to the worker: it takes the
        pc.take("to_worker")         # master's message and posts one back
        got = (pc.upkscalar(), pc.upkstr())
        pc.post("from_worker", os.getpid(), h.Vector([1, 2, 3]))
    else:
        got = None
    return i, os.getpid() != master, int(pc.id_bbs()), int(pc.id()), int(pc.nhost()), got


pc.runworker()
print("bbs", int(pc.nhost_bbs()), int(pc.id_bbs()), int(pc.nhost()))
for i in range(6):
    pc.submit(job, i)
for i in range(3):
    pc.submit(10 + i, "twice", i)
py, hoc = [], []
while pc.working():
    if pc.pyret() is None:
        hoc.append((pc.userid(), pc.retval(), pc.upkscalar()))
    else:
        py.append(pc.pyret())
pid = h.ref(0)
v = h.Vector()
print("look", pc.look("from_worker"), pc.look("to_worker"))
pc.take("from_worker", pid, v)
print("take", pid[0] not in (0, master), list(v), pc.look_take("from_worker"))
print("hoc", sorted(hoc))
py.sort()
where = {p[1:5] for p in py}
print("py", [p[0] for p in py], py[0][1:], where <= {(True, 1, 0, 1), (False, 0, 0, 1)})
pc.done()
'''


def test_pool_runs_jobs_in_other_processes_with_one_board(tmp_path):
    """Jobs run in a forked worker (id_bbs 1, and like a subworld of one process, id 0 and
    nhost 1) as well as in the master; a worker takes what the master posted and the master
    takes what the worker posted, into a pointer and a Vector."""
    script = tmp_path / 'pool.py'
    script.write_text(POOL_SCRIPT)
    proc = run_pyhoc(str(script), nworkers=2)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        'bbs 2 0 1',
        'look True False',          # (look and look_take are bools, as NEURON 9's)
        'take True [1.0, 2.0, 3.0] False',
        'hoc [(10.0, 0.0, 0.0), (11.0, 2.0, 1.0), (12.0, 4.0, 2.0)]',
        "py [0, 1, 2, 3, 4, 5] (True, 1, 0, 1, (42.0, 'for a worker')) True"]


def test_pool_gives_the_serial_results(tmp_path):
    script = tmp_path / 'pool.py'
    # (which process ran a job is all that may differ)
    script.write_text(POOL_SCRIPT.replace('master = os.getpid()', 'master = -1')
                      .replace('int(pc.id_bbs()), int(pc.id())', '1, int(pc.id())'))
    serial = run_pyhoc(str(script))
    assert serial.returncode == 0, serial.stderr
    pooled = run_pyhoc(str(script), nworkers=2)
    assert serial.stdout.splitlines()[1:] == pooled.stdout.splitlines()[1:]
    assert serial.stdout.splitlines()[0] == 'bbs 1 0 1'


def test_error_in_a_worker_stops_the_run(tmp_path):
    """An error in a job on a worker is the master's error (exit status 1, the message
    says which process), and no process is left waiting."""
    hoc = tmp_path / 'bad.hoc'
    hoc.write_text('objref pc\npc = new ParallelContext()\n'
                   'func f() { if ($1 == 3) { nosuchfunc() } return $1 }\n'
                   'pc.runworker()\nfor i = 1, 6 pc.submit("f", i)\n'
                   'while (pc.working()) { }\nprint "not reached"\n')
    proc = run_pyhoc(str(hoc), nworkers=2, timeout=60)
    assert proc.returncode == 1
    assert 'nosuchfunc' in proc.stderr
    assert 'not reached' not in proc.stdout


def test_workers_end_with_the_master_without_done(tmp_path):
    """A program that never calls done(): its workers end with it (the run returns, its
    output pipe closed by every process)."""
    hoc = tmp_path / 'nodone.hoc'
    hoc.write_text('objref pc\npc = new ParallelContext()\nfunc f() { return $1 }\n'
                   'pc.runworker()\ns = 0\nfor i = 1, 4 pc.submit("f", i)\n'
                   'while (pc.working()) s += pc.retval\nprint "sum ", s\n')
    proc = run_pyhoc(str(hoc), '-c', 'quit()', nworkers=3, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert 'sum 10 ' in proc.stdout.splitlines()
