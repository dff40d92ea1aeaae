"""The choice of compute backend for the simulator's hot loops (chosen once, lazily).

``numba`` (compiled kernels in :mod:`pyhoc.sim.kernels_numba`) when numba can be imported and
the environment variable ``PYHOC_BACKEND`` is not ``numpy``; otherwise the NumPy / pure-Python
path.  When numba is installed but cannot be imported (a broken install), a one-line notice
goes to stderr; without numba the NumPy path is used silently.

The backend is chosen on the first call of :func:`kernels`, never at ``import pyhoc``; the
compiled loop's cached machine code then loads without importing numba where it can
(:mod:`pyhoc.sim.objload`: numba is imported to compile, or where that cannot serve).  Importing
it and loading its cached kernels costs a process about a second, more than a small, short
run takes on the NumPy path; so the drivers ask :func:`kernels_for` with the work they are
about to do, and numba is loaded only once that work (plus what the NumPy path has already
done in this process, :func:`spend`) is worth :data:`LOAD_WORK`.  Until then the NumPy path
runs with the C library's ``exp`` (:func:`exact_exp_default`), so both backends give
bit-identical results (libm ``exp``, no fastmath, NEURON's elimination order; see
shared/design/exact-fixed-step.md).  Once loaded, numba stays in use for the process.
A fixed-step run whose compiled loop is all in pyhoc.sim.objload's store costs only the few
milliseconds of mapping it (no numba, no LLVM): such a run takes the compiled loop from
:data:`STORED_WORK` on (:func:`kernels_for_run`), without choosing the backend.
"""
from __future__ import annotations

import importlib.util
import os
import sys

_UNSET = object()
_kernels = _UNSET          # the kernels module, or None for the NumPy path
_name: str | None = None
_want: str | None = None   # what _wanted() found

# Work is counted in node-steps: one fixed step of one node or one mechanism instance, plus
# STEP_WORK for the Python around each step (steps × (STEP_WORK + nodes + instances)).
# Measured on the NumPy path with libm exp (tools: bench/first_result.py, 2-core machine):
# ~1.4 µs per node-step and ~0.8 ms per step (≈ 570 node-steps) of overhead, against ~7 s
# for numba's import and cached-kernel load on the same loaded machine (~1.2 s unloaded):
# LOAD_WORK ≈ 5e6 node-steps, e.g. ~10000 steps of a one-compartment cell, ~3000 steps of a
# 200-compartment one.  Past it the NumPy path has spent about what the load costs, so the
# total is at most about twice the best choice made in hindsight.
# PYHOC_LOAD_WORK overrides LOAD_WORK (0: load numba at the first run).
# Where the compiled loop's machine code is all in pyhoc.sim.objload's store, mapping it
# and making its arguments costs ~5 ms of CPU (pyhoc.sim.elfload; the seed's 194 nodes),
# against ~0.18 µs per node-step on the NumPy path (the seed's 2 ms: 72k node-steps, ~13 ms;
# a one-compartment cell's 5 ms, 100k, ~8 ms: about even): a run worth STORED_WORK takes
# that path (kernels_for_run), numba unloaded and the backend unchosen.
STEP_WORK = 500
LOAD_WORK = int(os.environ.get('PYHOC_LOAD_WORK', '') or 5_000_000)
STORED_WORK = 30_000
_spent = 0                 # node-steps done on the NumPy path while numba was not loaded


def _wanted() -> str:
    """``'numba'`` unless PYHOC_BACKEND is ``numpy`` or numba is not installed (looked up
    once, not imported)."""
    global _want
    if _want is None:
        _want = 'numba'
        if os.environ.get('PYHOC_BACKEND', '').strip().lower() == 'numpy':
            _want = 'numpy'
        else:
            try:
                if importlib.util.find_spec('numba') is None:
                    _want = 'numpy'
            except (ImportError, ValueError):   # a broken sys.modules entry: _choose says so
                pass
    return _want


def _choose():
    global _kernels, _name
    if _wanted() == 'numpy':     # asked for, or numba not installed: the NumPy path, silently
        _kernels, _name = None, 'numpy'
        return
    try:
        from . import kernels_numba, objload
        if not objload.present():   # (numba's machine code cannot load without numba: its
            import numba            # import now tells whether it works)
            del numba
    except Exception as e:   # ImportError, or a broken numba/llvmlite install
        print('pyhoc: numba unavailable (%s: %s); using the NumPy backend'
              % (type(e).__name__, e), file=sys.stderr)
        _kernels, _name = None, 'numpy'
        return
    _kernels, _name = kernels_numba, 'numba'


def kernels():
    """The compiled kernels module (imported now if wanted), or None for the NumPy path."""
    k = _kernels
    if k is _UNSET:
        _choose()
        k = _kernels
    return k


def current():
    """The compiled kernels if already loaded, else None; never imports numba (the per-step
    code's question: both paths give the same numbers)."""
    k = _kernels
    return None if k is _UNSET else k


def run_state() -> tuple:
    """What :func:`kernels_for_run`'s answer depends on besides the model and the step count
    (the chosen kernels, the function choosing them, the wish, the work spent): a caller that
    kept an answer may reuse it while this is equal (pyhoc.sim.fused's one-step ticket)."""
    return (_kernels, kernels_for, _want, _spent)


def kernels_for(work: float):
    """The kernels for a stretch of ``work`` node-steps: loaded now when numba is wanted and
    the work, with what the NumPy path has done already, is worth its load cost; else None
    (NumPy path, numba not imported)."""
    k = _kernels
    if k is not _UNSET:
        return k
    if _spent + work < LOAD_WORK and _wanted() == 'numba':
        return None
    return kernels()


def spend(work: float) -> None:
    """Count ``work`` node-steps done on the NumPy path while numba is not loaded; past
    :data:`LOAD_WORK` in all, numba is loaded for what follows."""
    global _spent
    if _kernels is _UNSET:
        _spent += work
        if _spent >= LOAD_WORK:
            kernels()


def step_work(model) -> int:
    """Node-steps in one fixed step of ``model``: its nodes and mechanism instances (each
    weighted by its type's ``numpy_work``), and the per-step overhead."""
    key = (model.layout_version, id(model.blocks), len(model.v))
    c = model.__dict__.get('_step_work')
    if c is None or c[0] != key:        # (once per layout: every step asks)
        c = model.__dict__['_step_work'] = (key, STEP_WORK + len(model.v) + sum(
            b.n * b.mtype.numpy_work for b in model.blocks.values()))
    return c[1]


def kernels_for_run(model, nsteps, tstop: float, stored=None):
    """:func:`kernels_for` a fixed-step run of ``nsteps`` steps (None: until ``tstop``).
    Short of :data:`LOAD_WORK`, the compiled kernels for this run only (the backend stays
    unchosen) where the run, with what the NumPy path has done already, is worth
    :data:`STORED_WORK` (a HOC or Python loop of single fadvance() calls asks one step at a
    time: it goes over after ~60 steps of a one-compartment cell) and ``stored(model)`` says
    the compiled loop's machine code is all in pyhoc.sim.objload's store (loaded in a few
    ms, numba not imported)."""
    k = _kernels
    if k is not _UNSET:
        return k
    model.ensure_built()
    steps = nsteps if nsteps is not None else (tstop - model.t) / model.dt + 1
    work = steps * step_work(model)
    k = kernels_for(work)
    if k is None and stored is not None and _spent + work >= STORED_WORK and \
            _wanted() == 'numba' and stored(model):
        return _KN[0] if _KN else _kernels_numba()
    return k


_KN: list = []      # pyhoc.sim.kernels_numba once imported (kernels_for_run asks each step)


def _kernels_numba():
    from . import kernels_numba
    _KN.append(kernels_numba)
    return kernels_numba


def spend_step(model) -> None:
    """:func:`spend` one fixed step of ``model`` (a no-op once the backend is chosen)."""
    if _kernels is _UNSET:
        spend(step_work(model))


def exact_exp_default() -> bool:
    """Whether ``exact_exp`` None (auto) means the C library's exp: yes unless the NumPy
    backend was chosen (numba loaded, or to be loaded once the work is worth it)."""
    k = _kernels
    if k is _UNSET:
        return (_want or _wanted()) == 'numba'
    return k is not None


def name() -> str:
    """``'numba'`` or ``'numpy'`` (chooses the backend if not chosen yet)."""
    kernels()
    return _name


def set_backend(which: str | None) -> str:
    """Switch the backend in-process (tests, benchmarks): ``'numba'``, ``'numpy'``, or None
    to choose again from the environment.  Returns the backend now in use."""
    global _kernels, _name, _spent, _want
    _spent, _want = 0, None
    if which is None:
        _kernels, _name = _UNSET, None
    elif which == 'numpy':
        _kernels, _name = None, 'numpy'
    elif which == 'numba':
        from . import kernels_numba
        _kernels, _name = kernels_numba, 'numba'
    else:
        raise ValueError('unknown backend %r (numba or numpy)' % (which,))
    return name()
