"""ParallelContext over MPI: networks split over 2 and 4 processes by ``mpiexec`` give NEURON
9.0.2's serial rasters (tests/golden/sim/parallel_mpi.json, made by
tools/gen_parallel_mpi_golden.py, and parallel.json's HOC ring), and an error on one process
ends them all."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

pytest.importorskip('mpi4py', reason="MPI runs need pip install 'pyhoc-sim[mpi]'")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NET = os.path.join(HERE, 'parallel', 'mpi_net.py')
RING_HOC = os.path.join(HERE, 'parallel', 'ring.hoc')
GOLDEN = os.path.join(ROOT, 'tests', 'golden', 'sim')


def _mpiexec() -> str:
    """The mpiexec beside this Python (the mpich wheel's), else the one on PATH."""
    exe = os.path.join(os.path.dirname(sys.executable), 'mpiexec')
    return exe if os.path.exists(exe) else (shutil.which('mpiexec') or 'mpiexec')


def _run(n: int, *args: str, out=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get('PYTHONPATH', ''))
    env.pop('NEURON_INIT_MPI', None)
    cmd = [sys.executable, '-m', 'pyhoc', '-nobanner', *args]
    if n:
        cmd = [_mpiexec(), '-n', str(n)] + (['-outfile-pattern', out] if out else []) + cmd
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env,
                          stdin=subprocess.DEVNULL)


@pytest.fixture(scope='module')
def golden():
    with open(os.path.join(GOLDEN, 'parallel_mpi.json')) as f:
        out = json.load(f)
    with open(os.path.join(GOLDEN, 'parallel.json')) as f:
        out['ring_hoc'] = json.load(f)['ring_hoc']
    return out


def _raster(proc) -> list:
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize('name,n', [('ring', 2), ('random', 2), ('random', 4)])
def test_network_split_over_processes_gives_neurons_raster(golden, name, n):
    assert _raster(_run(n, NET, name, '--mpi')) == golden[name]


def test_cvode_on_two_processes_gives_neurons_raster(golden):
    """Under CVode each process has its own integrator: NEURON's raster on 2 processes."""
    got = _raster(_run(2, NET, 'random', '--mpi', '--cvode'))
    want = golden['random_cvode_np2']
    assert [g for _, g in got] == [g for _, g in want]
    assert [t for t, _ in got] == pytest.approx([t for t, _ in want], abs=1e-7)


def test_one_process_gives_the_same_raster(golden):
    """No mpiexec: nrnmpi_init makes a world of one process."""
    assert _raster(_run(0, NET, 'random', '--mpi')) == golden['random']


def test_hoc_ring_with_mpi_option(golden, tmp_path):
    """``mpiexec -n 2 pyhoc -mpi ring.hoc``: each process prints the spikes of its cells
    (into out.0 and out.1, so that the processes' lines do not mix)."""
    proc = _run(2, '-mpi', RING_HOC, out=str(tmp_path / 'out.%r'))
    assert proc.returncode == 0, proc.stderr
    spikes = []
    for rank in (0, 1):
        lines = (tmp_path / ('out.%d' % rank)).read_text().splitlines()
        assert ('numprocs=2' in lines) == (rank == 0)
        k = lines.index('t 100 ')
        assert 'mindelay 1 ' in lines[:k]
        mine = [(float(a), int(b)) for a, b in (ln.split() for ln in lines[k + 1:])]
        assert mine and all(g % 2 == rank for _, g in mine)
        spikes += mine
    want = zip(golden['ring_hoc']['tvec'], map(int, golden['ring_hoc']['idvec']))
    assert sorted(spikes) == sorted(want)


def test_ids_and_collectives_per_process(tmp_path):
    script = tmp_path / 'ids.py'
    script.write_text(
        'from neuron import h\n'
        'h.nrnmpi_init()\n'
        'pc = h.ParallelContext()\n'
        'i, n = int(pc.id()), int(pc.nhost())\n'
        'v = h.Vector([i, 10 * i])\n'
        'pc.allreduce(v, 1)\n'
        'g = h.Vector()\n'
        'pc.allgather(i + .5, g)\n'
        's = h.ref("from %d" % i)\n'
        'pc.broadcast(s, 1)\n'
        'out = " ".join(map(str, ["rank", i, n, list(v), list(g), s[0], pc.py_alltoall('
        '[i * 10 + k for k in range(n)]), pc.py_scatter(list(range(100, 100 + n)) if i == 0 '
        'else None, 0), pc.allreduce(i, 2), pc.allreduce(i + 1, 3)]))\n'
        'import sys\nsys.stdout.write(out + "\\n")\n')
    proc = _run(3, str(script))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines.count('numprocs=3') == 1      # printed by process 0, as NEURON does
    got = sorted(ln for ln in lines if ln.startswith('rank'))
    want = ['rank %d 3 [3.0, 30.0] [0.5, 1.5, 2.5] from 1 %s %d 2.0 1.0'
            % (i, [k * 10 + i for k in range(3)], 100 + i) for i in range(3)]
    assert got == want


def test_hoc_error_on_one_process_ends_them_all(tmp_path):
    bad = tmp_path / 'bad.hoc'
    bad.write_text('objref pc\npc = new ParallelContext()\n'
                   'if (pc.id == 1) { undefined_function_xyz() }\n'
                   'pc.barrier()\nprint "after barrier"\n')
    proc = _run(2, '-mpi', str(bad))
    assert proc.returncode != 0
    assert 'undefined_function_xyz' in proc.stderr
    assert 'after barrier' not in proc.stdout


def test_python_error_on_one_process_ends_them_all(tmp_path):
    bad = tmp_path / 'bad.py'
    bad.write_text('from neuron import h\nh.nrnmpi_init()\npc = h.ParallelContext()\n'
                   'if pc.id() == 1:\n    raise ValueError("rank one fails")\n'
                   'pc.barrier()\nprint("after barrier")\n')
    proc = _run(2, str(bad))
    assert proc.returncode != 0
    assert 'rank one fails' in proc.stderr
    assert 'after barrier' not in proc.stdout


def test_mpi_option_without_mpi4py_says_how_to_install(tmp_path):
    fake = tmp_path / 'mpi4py'
    fake.mkdir()
    (fake / '__init__.py').write_text('raise ImportError("no mpi4py here")\n')
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), ROOT]))
    proc = subprocess.run([sys.executable, '-m', 'pyhoc', '-nobanner', '-mpi', '-c', 'x=1'],
                          capture_output=True, text=True, timeout=60, env=env,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 1
    assert "pip install 'pyhoc-sim[mpi]'" in proc.stderr


def test_bulletin_board_master_and_workers(tmp_path):
    """submit/working over 3 processes: every job's result comes back to the master once,
    workers run context statements and end at done()."""
    script = tmp_path / 'bb.py'
    script.write_text(
        'import os\nfrom neuron import h\nh.nrnmpi_init()\npc = h.ParallelContext()\n'
        'h("func sq() { return $1*$1 }")\n'
        'def work(x, v):\n    return (x * 10 + v.sum(), int(pc.id()))\n'
        'pc.runworker()\n'
        'pc.context("x_ctx = 5")\n'
        'ids = {pc.submit(i, "sq", i) for i in range(1, 9)}\n'
        'got, ranks = {}, set()\n'
        'while True:\n'
        '    j = pc.working()\n'
        '    if j == 0:\n        break\n'
        '    got[pc.userid()] = pc.retval()\n'
        'for i in range(6):\n    pc.submit(work, i, h.Vector([1, 2]))\n'
        'py = []\n'
        'while pc.working():\n'
        '    py.append(pc.pyret()[0])\n    ranks.add(pc.pyret()[1])\n'
        'pc.done()\n'
        'print(sorted(got.items()), sorted(py), ranks <= {0, 1, 2}, flush=True)\n')
    proc = _run(3, str(script))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines() == ['numprocs=3', '%s %s True' % (
        sorted((float(i), float(i * i)) for i in range(1, 9)),
        sorted(i * 10 + 3.0 for i in range(6)))]


def test_hoc_bulletin_board_prints_as_neuron(tmp_path):
    """NEURON 9.0.2 (nrniv -mpi on 3 processes) prints exactly these lines for this file:
    the workers print nothing and end at done()."""
    hoc = tmp_path / 'bb.hoc'
    hoc.write_text('objref pc\npc = new ParallelContext()\nfunc f() { return $1*2 }\n'
                   'pc.runworker()\ns = 0\nfor i=1,10 pc.submit("f", i)\n'
                   'while (pc.working()) s += pc.retval()\nprint "sum ", s\npc.done()\n'
                   'quit()\n')
    proc = _run(3, '-mpi', str(hoc))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == 'numprocs=3\n\t0 \nsum 110 \n\t0 \n'


EXAMPLES = os.path.join(ROOT, 'examples', 'parallel')


def _result_lines(text: str) -> list:
    return [ln for ln in text.splitlines() if ln and not ln.startswith(('\t', 'numprocs='))]


@pytest.mark.parametrize('name,n', [('sweep.hoc', 2), ('sweep.py', 2), ('netpar_ring.hoc', 2),
                                    ('netpar_ring.hoc', 3)])
def test_examples_on_mpi_give_neurons_results(name, n):
    """The bulletin-board sweep and netparmpi.hoc's master-worker ring over MPI print what
    NEURON prints on one process (tests/golden/sim/parallel_examples.json)."""
    with open(os.path.join(GOLDEN, 'parallel_examples.json')) as f:
        want = json.load(f)[name]
    path = os.path.join(EXAMPLES, name)
    args = [path, '--mpi'] if name.endswith('.py') else ['-mpi', path, '-c', 'quit()']
    proc = _run(n, *args)
    assert proc.returncode == 0, proc.stderr
    assert _result_lines(proc.stdout) == want


def test_done_leaves_no_message_unreceived(tmp_path):
    """After pc.done() the master has received every worker's last message: MPICH's
    MPI_Finalize fails on a message left unreceived (the workers' answers to pc.context), and
    mpiexec then kills the other processes (netpar_ring.hoc failed so now and then)."""
    script = tmp_path / 'ctx.py'
    script.write_text(
        'from neuron import h\nh.nrnmpi_init()\npc = h.ParallelContext()\nh("x = 0")\n'
        'pc.runworker()\npc.context("x = 1")\npc.context("x = 2")\npc.done()\n'
        'import time\nfrom mpi4py import MPI\nleft, t0 = [], time.time()\n'
        'while time.time() < t0 + 0.5:\n'
        '    if MPI.COMM_WORLD.iprobe(source=MPI.ANY_SOURCE):\n'
        '        left.append(MPI.COMM_WORLD.recv(source=MPI.ANY_SOURCE))\n'
        'print("unreceived", left, flush=True)\n')
    proc = _run(3, str(script))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ['numprocs=3', 'unreceived []']
