"""pyhoc.sim.objload: the compiled loop's cached machine code loaded without numba."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pyhoc.sim import objload

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')

_MODEL = '''
import os
import sys
from pyhoc import h
from pyhoc.sim import backend, objload
h.load_file('stdrun.hoc')
cells = []
for k in range(2):
    s = h.Section(name='c%d' % k)
    s.L = s.diam = 20
    s.nseg = 3
    s.insert('hh')
    s.insert('pas')
    s.g_pas, s.e_pas = 1e-4, -65
    cells.append(s)
ic = h.IClamp(cells[0](0.5))
ic.delay, ic.dur, ic.amp = 1, 2, 0.4
syn = h.ExpSyn(cells[1](0.5))
syn.tau, syn.e = 2, 0
ns = h.NetStim()
ns.start, ns.interval, ns.number, ns.noise = 8, 3, 4, 0
nc0 = h.NetCon(ns, syn)
nc0.weight[0] = 0.02
nc1 = h.NetCon(cells[0](0.5)._ref_v, syn, sec=cells[0])
nc1.threshold, nc1.delay, nc1.weight[0] = -20, 2, 0.01
tv = h.Vector()
idv = h.Vector()
nc1.record(tv, idv)
vs = [h.Vector().record(c(0.5)._ref_v) for c in cells]
h.finitialize(-65)
exec(os.environ.get('PYHOC_TEST_RUN') or 'h.continuerun(25)')
print('numba' in sys.modules, any(m.startswith('llvmlite') for m in sys.modules),
      backend.current() is not None, bool(objload._loaded), objload._state.get('prelinked', 0))
print(repr([list(v) for v in vs] + [list(tv)]))
'''


def _run(tmp_path, **environ):
    env = dict(os.environ, PYTHONPATH=os.path.abspath(ROOT), PYHOC_BACKEND='numba',
               PYHOC_LOAD_WORK='0')
    env.update(environ)
    script = tmp_path / 'model.py'
    script.write_text(_MODEL)
    r = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    flags, values = r.stdout.splitlines()[-2:]
    return flags.split(), values


@pytest.mark.skipif(not objload.usable(), reason='needs x86-64 Linux')
def test_cached_compiled_loop_runs_without_numba(tmp_path):
    """A process whose compiled loop (run_c, the kernels, their trampolines) is in the store
    runs it without importing numba or llvmlite (pyhoc.sim.elfload maps it), with numba's
    numbers bit for bit: the same run loaded into llvmlite's JIT, with the loader off
    (numba's own copies of the same machine code), and the first run's."""
    first = _run(tmp_path)              # (compiles or loads with numba, and stores)
    cached = _run(tmp_path, PYHOC_OBJLOAD='elf')
    prelinked = _run(tmp_path, PYHOC_OBJLOAD='elf')
    jit = _run(tmp_path, PYHOC_OBJLOAD='llvm')
    numba_path = _run(tmp_path, PYHOC_OBJLOAD='0')
    assert cached[0][:4] == ['False', 'False', 'True', 'True']  # neither imported, compiled
    assert prelinked[0] == ['False', 'False', 'True', 'True', '1']  # (one prelinked file)
    assert jit[0] == ['False', 'True', 'True', 'True', '0']
    assert numba_path[0] == ['True', 'True', 'True', 'False', '0']
    assert cached[1] == prelinked[1] == jit[1] == numba_path[1] == first[1]
    values = eval(cached[1])
    assert len(values[0]) == 1001 and len(values[2]) >= 1     # (cell 0 spiked, recorded)


@pytest.mark.skipif(not objload.usable(), reason='needs x86-64 Linux')
def test_short_run_takes_the_stored_loop(tmp_path):
    """A run short of numba's load cost (backend.LOAD_WORK) takes the compiled loop where
    the store has all of it, the backend left unchosen (numba not imported), and the NumPy
    path where the store lacks it (an empty cache; the C library's exp as the compiled code
    calls it): the same numbers either way."""
    _run(tmp_path)                      # (the store filled)
    short = _run(tmp_path, PYHOC_LOAD_WORK='')
    empty = _run(tmp_path, PYHOC_LOAD_WORK='', PYHOC_CACHE_DIR=str(tmp_path / 'empty'))
    assert short[0][:4] == ['False', 'False', 'False', 'True']
    assert empty[0] == ['False', 'False', 'False', 'False', '0']
    assert short[1] == empty[1]


@pytest.mark.skipif(not objload.usable(), reason='needs x86-64 Linux')
def test_fadvance_loop_takes_the_stored_loop(tmp_path):
    """A Python loop of single h.fadvance() calls (each one step, far short of
    backend.STORED_WORK) takes the stored compiled loop once the NumPy path has done
    STORED_WORK in all, numba not imported: the numbers of continuerun's run, bit for bit."""
    _run(tmp_path)                      # (the store filled)
    short = _run(tmp_path, PYHOC_LOAD_WORK='')
    loop = _run(tmp_path, PYHOC_LOAD_WORK='',
                PYHOC_TEST_RUN='for i in range(1000): h.fadvance()')
    assert loop[0][:4] == ['False', 'False', 'False', 'True']
    assert loop[1] == short[1]


@pytest.mark.skipif(not objload.usable(), reason='needs x86-64 Linux')
def test_short_run_leaves_its_loop_stored_for_the_next_process(tmp_path, monkeypatch):
    """A short run that missed the store (NumPy path) leaves, as it exits, a detached child
    that compiles and stores its loop (pyhoc.sim.precompile): the next process with the same
    mechanisms takes the stored loop, numba not imported, with the same numbers."""
    from pyhoc.sim import precompile
    cache = str(tmp_path / 'fresh')
    monkeypatch.setenv('PYHOC_CACHE_DIR', cache)
    first = _run(tmp_path, PYHOC_LOAD_WORK='', PYHOC_PRECOMPILE='1', PYHOC_CACHE_DIR=cache)
    assert first[0] == ['False', 'False', 'False', 'False', '0']
    precompile.wait()
    assert not precompile._busy()
    second = _run(tmp_path, PYHOC_LOAD_WORK='', PYHOC_PRECOMPILE='1', PYHOC_CACHE_DIR=cache)
    assert second[0][:4] == ['False', 'False', 'False', 'True']
    assert second[1] == first[1]
    assert not [f for f in os.listdir(os.path.join(cache, 'objects'))
                if f.startswith('precompile-failed')]


def test_store_misses_and_foreign_objects(tmp_path, monkeypatch):
    """A key with nothing stored, or a stored file of another key, is not served (None:
    the caller compiles with numba); an object that is not x86-64 ELF is refused."""
    monkeypatch.setenv('PYHOC_CACHE_DIR', str(tmp_path))
    assert objload.load('no such key') is None
    if objload.usable():
        objload.save('key a', b'\x7fELF not really', {'symbols': ['f']})
        os.replace(objload._path('key a'), objload._path('key b'))
        assert objload.load('key b') is None
    with pytest.raises(ValueError):
        objload.elf_symbols(b'MZ\x90\x00' + bytes(60))


def test_numba_version_without_numba():
    """The version objload reads from numba's files is numba's own (the generated modules'
    names, and so numba's cache, depend on it)."""
    import numba
    assert objload.numba_version() == numba.__version__
