"""The compiled loop of a short run, made at exit in the background for the next process.

A short fixed-step run (worth :data:`pyhoc.sim.backend.STORED_WORK` or more, short of its
``LOAD_WORK``) takes the compiled loop only where the loop and its kernels are all in
:mod:`pyhoc.sim.objload`'s store (a few ms to map; numba not imported), else the NumPy path.
Nothing but a compiled run fills the store, and a user who only ever runs short scripts
would never make one: so when such a run missed the store (:func:`missed`), the process, as
it exits, forks a detached child (:func:`_child`: own session, standard streams on
/dev/null, lowest priority) that compiles that model's loop and kernels with numba and
stores them, and the next process with the same mechanisms runs compiled.  The parent does
not wait.  One child at a time per cache folder (a lock file); a mechanism set whose loop
could not be stored is not tried again (a marker file).  Not in MPI ranks, not where the
store cannot serve (:func:`pyhoc.sim.objload.present`), and not with
``PYHOC_PRECOMPILE=0`` (the test suite sets it; one test runs it).
"""
from __future__ import annotations

import os
import sys
import weakref

_MPI_ENV = ('PMI_RANK', 'PMI_SIZE', 'PMIX_RANK', 'OMPI_COMM_WORLD_SIZE')
_pending: list = []         # [weakref to the model, its plan's loop keys]
CHILD_LIMIT = 900           # seconds a child may take (a cold compile takes about 30-60)


def enabled() -> bool:
    return os.environ.get('PYHOC_PRECOMPILE', '1') != '0' and hasattr(os, 'fork') and \
        not any(k in os.environ for k in _MPI_ENV)


def missed(model, keys) -> None:
    """A run of ``model`` would have taken the compiled loop had the store held ``keys``
    (:func:`pyhoc.sim.contract.loop_keys`): make them at exit, unless tried before."""
    if not keys or not enabled():
        return
    if os.path.exists(_marker(keys)):
        return
    if not _pending:
        import atexit
        atexit.register(_at_exit)
    _pending[:] = [weakref.ref(model), keys]


def _folder() -> str:
    from .contract import cache_dir
    return os.path.join(cache_dir(), 'objects')


def lock_path() -> str:
    return os.path.join(_folder(), 'precompile.lock')


def _marker(keys) -> str:
    from .objload import sha256
    return os.path.join(_folder(), 'precompile-failed-%s' % sha256(
        '\n'.join(keys).encode()).hexdigest()[:24])


def _busy() -> bool:
    """Whether a child holds the lock now."""
    import fcntl
    try:
        fd = os.open(lock_path(), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


def wait(timeout: float = 600.0) -> None:
    """Wait until no child is compiling (benchmarks: the caches are then warm)."""
    import time
    end = time.monotonic() + timeout
    while _busy() and time.monotonic() < end:
        time.sleep(0.05)


def _at_exit() -> None:
    if not _pending:
        return
    model, keys = _pending[0](), _pending[1]
    _pending.clear()
    if model is None:
        return
    from .contract import keys_stored, loop_keys
    from .fused import _plan
    plan = _plan(model)
    if plan is None or loop_keys(plan.mechs) != keys:
        return
    if keys_stored(keys):           # (this process compiled it after all)
        return
    import fcntl
    try:        # the lock, taken here: the child holds it from its first instant
        os.makedirs(_folder(), exist_ok=True)
        lock = os.open(lock_path(), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:             # another child is at it
        os.close(lock)
        return
    for f in (sys.stdout, sys.stderr):
        try:
            f.flush()
        except Exception:
            pass
    import warnings
    with warnings.catch_warnings():     # (3.12+ warns of fork beside OpenBLAS's threads)
        warnings.simplefilter('ignore')
        try:
            pid = os.fork()
        except OSError:
            pid = -1
    if pid == 0:
        code = 0
        try:
            _child(plan, keys)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(lock)              # (the child's copy keeps the lock until it ends)


def _child(plan, keys) -> None:
    """In the forked child (holding the lock): detach, compile and store, or leave a
    marker."""
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    try:
        os.nice(19)
    except OSError:
        pass
    import signal
    signal.alarm(CHILD_LIMIT)       # (a child stuck on a lock forked from a thread ends)
    os.environ['PYHOC_COMPILE_JOBS'] = '1'      # (no second compiling process)
    from . import contract
    ok = False
    try:
        plan.run_args()             # the kernels and trampolines, compiled and stored
        contract.loop_entry()       # run_c and run_steps
        ok = contract.keys_stored(keys)
    finally:
        if not ok:
            with open(_marker(keys), 'w') as f:
                f.write('the compiled loop for these keys could not be stored\n')
