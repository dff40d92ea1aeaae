"""The ``pyhoc`` command: run HOC files, ``-c`` statements and Python scripts like ``nrniv``.

``pyhoc [options] [FILE ...] [-c STATEMENT ...] [-]`` runs its arguments in order, then reads
statements from standard input (the interactive ``hoc>`` prompt on a terminal).
``pyhoc script.py a b`` runs a Python script as ``python script.py a b`` does and then ends.  An error in a
file or ``-c`` statement stops the run with exit status 1, as NEURON 9 does; at the prompt
the session goes on.
"""
from __future__ import annotations

import os
import sys

USAGE = """usage: pyhoc [options] [FILE ...] [-c STATEMENT ...] [-]
       pyhoc [options] [FILE ...] SCRIPT.py [ARG ...]
  FILE          a HOC file (.hoc, .ses, ...) to run
  SCRIPT.py     a Python script, run as `python SCRIPT.py ARG ...` (neuron means pyhoc);
                the session ends with it
  -c STATEMENT  run one HOC statement
  -             read statements from standard input
  --check FILE  parse FILEs without running them; report FILE:LINE: message per syntax error
  -NFRAME N     HOC calls may nest N - 1 deep (default 512)
  -NSTACK N     room for N arguments of the active calls (default 1000)
  --safe        refuse system(), nrnpython(), Python files, file writes and chdir out of
                the current folder (each refusal is a HOC error naming the call)
  -mpi          run on the processes of mpiexec (needs pip install 'pyhoc-sim[mpi]')
  -nworkers N   without MPI, ParallelContext's bulletin board (runworker, submit, working)
                runs jobs on N processes: this one and N - 1 forked at runworker()
                (0: one per core; the default, 1, runs them here; env PYHOC_NWORKERS)
  -nobanner -nogui -isatty -notatty    accepted as nrniv does
"""

BANNER = 'pyhoc %s -- a HOC interpreter and neuron simulator (NEURON 9.0.2 compatible)\n'


_script = None      # the Python script the process runs (run_python)


def run_python(path: str, argv: list[str], stays: bool = False) -> None:
    """Run a Python script as ``python path argv...`` does, with ``neuron`` meaning pyhoc:
    the script is module ``__main__``; ``stays``: it stays so until the process ends (its
    globals are released at exit, after the atexit calls, as Python's own are)."""
    import types
    from . import install_neuron_alias
    install_neuron_alias()
    full = os.path.abspath(path)
    with open(full, 'rb') as f:
        code = compile(f.read(), full, 'exec')
    module = types.ModuleType('__main__')
    module.__file__ = full
    if stays:
        global _script
        _script = module        # (its globals are released at exit: _ending)
    old_argv, old_main = sys.argv, sys.modules.get('__main__')
    sys.argv = [path] + argv
    sys.path.insert(0, os.path.dirname(full))
    sys.modules['__main__'] = module
    try:
        exec(code, module.__dict__)
    finally:
        if not stays:
            sys.argv = old_argv
            sys.modules['__main__'] = old_main


# The command's process builds a few hundred thousand long-lived objects (modules, parsed
# library HOC, the model) and few reference cycles: collect the young generation every
# GC_GEN0 allocations instead of Python's 700, and skip the collections at exit.
GC_GEN0 = 50_000

# CPython before gh-142183 (3.11, 3.12, early 3.13 and 3.14) gives a chunk of its frame stack
# back to the system as soon as the frame that began it returns, so calls that go back and
# forth across a chunk's edge map, fault in and unmap 16 KB each time (~10 us a call); the seed
# example's process did so ~340 times, most while NumPy loaded under a HOC load_file.  The
# command runs in a frame that reserves FRAME_STACK_WORDS: it begins a chunk of 1 MB whose free
# half holds the calls of an ordinary run (a deeper one goes on into chunks of its own).
FRAME_STACK_WORDS = 1 << 16


def _in_own_chunk(fn, *args):
    """fn(*args), called from a frame of FRAME_STACK_WORDS (its code's stack size)."""
    return fn(*args)


try:
    _in_own_chunk.__code__ = _in_own_chunk.__code__.replace(co_stacksize=FRAME_STACK_WORDS)
except (AttributeError, TypeError, ValueError):     # (a Python without code.replace)
    pass


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv`` (``sys.argv[1:]``); the exit status.  Called without
    ``argv`` it is the ``pyhoc`` command and tunes the process's garbage collector."""
    if argv is not None:
        return _in_own_chunk(_main, list(argv))
    import atexit
    import gc
    gc.set_threshold(GC_GEN0, *gc.get_threshold()[1:])
    atexit.register(_ending)        # before the script registers any: it runs after them
    _track_written()
    import types
    # nrnpython's globals (and a script's, run_python): an empty __main__, as NEURON's, not
    # the module of the pyhoc command's own code
    sys.modules['__main__'] = types.ModuleType('__main__')
    try:
        status = _in_own_chunk(_main, sys.argv[1:], True)
    except SystemExit as e:        # (a script's sys.exit)
        if not (e.code is None or isinstance(e.code, int)):
            raise
        status = e.code or 0
    _quick_exit(status)
    return status


# What a process may hold when it ends without Python's finalization (_quick_exit): the
# standard library, pyhoc and the packages it runs on, whose state at exit is all handled by
# atexit calls (numba's and llvmlite's too: what their C++ would free at exit the system
# frees; a process that loaded numba spent ~80 ms taking its modules apart).
QUICK_EXIT_PACKAGES = frozenset(('pyhoc', 'neuron', 'numpy', 'scipy', 'ply', 'numba',
                                 'llvmlite', 'yaml', 'cython_runtime', '_cyutility',
                                 '__main__', '_distutils_hack', 'sitecustomize',
                                 'usercustomize'))
# ... and modules named by what made them: Cython's shared runtime, sysconfig's platform
# data, setuptools' editable-install finders
QUICK_EXIT_PREFIXES = ('_cython_', '_sysconfigdata_', '__editable__')


def may_end_quickly(modules) -> bool:
    """Whether a process with ``modules`` (sys.modules) may skip Python's finalization: no
    thread but this one, and no module outside QUICK_EXIT_PACKAGES (a package whose C
    library cleans up at exit, h5py's files, MPI...; the script's own modules)."""
    threading = modules.get('threading')
    if threading is not None and threading.active_count() > 1:
        return False
    stdlib = getattr(sys, 'stdlib_module_names', None)      # (Python 3.10+)
    if stdlib is None:
        return False
    for name, module in list(modules.items()):
        # (by the module's own name: ``hoc`` and ``nrn`` are pyhoc's modules under NEURON's
        # names, install_neuron_alias)
        top = getattr(module, '__name__', name).partition('.')[0]
        if top not in stdlib and top not in QUICK_EXIT_PACKAGES and \
                not top.startswith(QUICK_EXIT_PREFIXES):
            return False
    return True


def _quick_exit(status: int) -> None:
    """End the process now with ``status`` where nothing needs Python's finalization
    (:func:`may_end_quickly`): the atexit calls run (pyhoc's own flush HOC's Files and
    release the script's globals), the standard streams are flushed, and the system frees
    the rest at once instead of Python taking every module apart (~8 ms of a short run,
    more on a loaded machine)."""
    if not may_end_quickly(sys.modules):
        return
    import atexit
    atexit._run_exitfuncs()         # (and forgets them: an ordinary exit would not rerun them)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:           # (a closed pipe...: Python's own exit reports it)
        return
    os._exit(status)


def _ending() -> None:
    """The process ends, the atexit calls are done: release a Python script's globals and
    flush what HOC's Files have written, as the collections of Python's exit would, then
    freeze the heap, so that those collections do not walk every object just before the
    system frees them all."""
    import gc
    if _script is not None:
        d = _script.__dict__
        for name in list(d):
            if name != '__builtins__':
                d[name] = None
    file = sys.modules.get('pyhoc.hoc.builtins.file')
    if file is not None:
        file.flush_all()
    for f in list(_written):
        try:
            if not f.closed:
                f.flush()
        except Exception:       # (a closed pipe, a full disk: Python's exit ignores it too)
            pass
    gc.freeze()


_written = ()       # the files the process opened for writing (_track_written)


def _track_written() -> None:
    """Keep a weak set of the files that ``open`` (builtins' and io's, which pathlib, os.fdopen
    and tempfile call) opens for writing, so that :func:`_ending` flushes those still open:
    a file held in a reference cycle, or by an object the process ends with (a callback's
    recorder), is written out though the heap is frozen and, ending quickly, never freed."""
    global _written
    import builtins
    import io
    import weakref
    _written = weakref.WeakSet()
    real = io.open

    def open(file, mode='r', *args, **kwargs):
        f = real(file, mode, *args, **kwargs)
        if 'r' not in mode or '+' in mode:
            try:
                _written.add(f)
            except TypeError:
                pass
        return f
    for attr in ('__name__', '__qualname__', '__doc__', '__module__'):
        setattr(open, attr, getattr(real, attr))
    open.__wrapped__ = real
    builtins.open = io.open = open


def _main(args: list[str], whole_process: bool = False) -> int:
    if args and args[0] == '--check':
        from .check import check_files
        return check_files(args[1:])
    if args and args[0] in ('-h', '--help', '-help'):
        sys.stdout.write(USAGE)
        return 0
    if args and args[0] == '--version':
        from . import __version__
        sys.stdout.write('pyhoc %s\n' % __version__)
        return 0

    from . import __version__, _default_interpreter
    from .errors import HocError, HocExit

    banner = True
    safe = False
    gui = True
    tty = None
    actions: list[tuple[str, str]] = []
    script_argv: list[str] | None = None
    read_stdin_explicit = False
    limits: dict[str, int] = {}      # -NFRAME / -NSTACK
    mpi = False
    rank = 0
    i = 0
    while i < len(args):
        a = args[i]
        if a == '-nobanner':
            banner = False
        elif a == '-nogui':
            gui = False
        elif a == '-isatty':
            tty = True
        elif a == '-notatty':
            tty = False
        elif a == '-c':
            i += 1
            if i >= len(args):
                sys.stderr.write('pyhoc: -c needs a statement\n')
                return 1
            actions.append(('c', args[i]))
        elif a == '-':
            actions.append(('stdin', ''))
            read_stdin_explicit = True
        elif a == '-python':
            pass
        elif a == '--safe':
            safe = True
        elif a == '-mpi':
            mpi = True
        elif a == '-nworkers':
            i += 1
            if i >= len(args) or not args[i].isdigit():
                sys.stderr.write('pyhoc: -nworkers needs a number of processes\n')
                return 1
            os.environ['PYHOC_NWORKERS'] = args[i]
        elif a.startswith('-NFRAME') or a.startswith('-NSTACK'):
            value = a[7:].lstrip('=')
            if not value and i + 1 < len(args):
                i += 1
                value = args[i]
            try:
                limits[a[1:7].lower()] = int(value)
            except ValueError:
                sys.stderr.write('pyhoc: %s needs a number\n' % a[:7])
                return 1
        elif a.startswith('-') and len(a) > 1 and not os.path.exists(a):
            sys.stderr.write('pyhoc: unknown option %s\n%s' % (a, USAGE))
            return 1
        elif a.endswith('.py'):
            # as ``python script.py a b``: the rest is the script's sys.argv, and the
            # session ends when the script does
            actions.append(('py', a))
            script_argv = args[i + 1:]
            break
        else:
            actions.append(('file', a))
        i += 1

    if mpi:
        from .sim import parallel
        try:
            rank = parallel.mpi_init().id
        except HocError as e:
            sys.stderr.write('pyhoc: -mpi: %s\n' % e)
            return 1
        if rank > 0:     # mpiexec gives standard input to process 0 only
            read_stdin_explicit = True
            actions = [a for a in actions if a[0] != 'stdin']
    interp = _default_interpreter()
    interp.gui = gui
    interp.progname = 'pyhoc'
    for name, value in limits.items():
        if value > 0:
            setattr(interp, name, value)
    interp.safe = safe
    if banner and not (mpi and rank > 0):
        sys.stderr.write(BANNER % __version__)
    from .nmodl import autoload_here      # a file that fails is reported; the session goes on
    autoload_here(interp, banner and not (mpi and rank > 0))
    interactive = sys.stdin.isatty() if tty is None else tty
    try:
        for kind, value in actions:
            if kind == 'py':
                if safe:
                    interp.error_message(HocError('%s: Python files are not allowed in '
                                                  'safe mode' % value))
                    return 1
                try:
                    run_python(value, script_argv or [], stays=whole_process)
                except (SystemExit, KeyboardInterrupt, HocExit):
                    raise
                except BaseException as e:
                    _script_failed(e, value)
                    return 1
            elif kind == 'file':
                try:
                    interp.run_file(value)
                except HocError as e:
                    return _failed(interp, e)
            elif kind == 'c':
                try:
                    interp.run_text(value + '\n')
                except HocError as e:
                    interp.error_message(e)
                    # nrniv then reports the argument itself (its hoc_main1)
                    return _failed(interp, _not_valid(value))
            else:
                read_stdin(interp, interactive)
        if not read_stdin_explicit and script_argv is None:
            read_stdin(interp, interactive)
    except HocExit as e:
        return int(e.code or 0)
    except KeyboardInterrupt:
        return 130
    finally:
        try:
            sys.stdout.flush()
        except Exception:
            pass
    return 0


def _script_failed(e: BaseException, path: str) -> None:
    """A Python script's uncaught exception, reported as ``python script.py`` with NEURON
    reports it (sys.excepthook): its traceback from the script's own frame on, without the
    frames of pyhoc that ran the script or, at its end, that ran the failed call (NEURON's
    are C); PYHOC_TRACEBACK=full keeps them all."""
    tb = e.__traceback__
    if os.environ.get('PYHOC_TRACEBACK') != 'full':
        from .errors import traceback_from
        tb = traceback_from(tb, os.path.abspath(path)) or tb
        here = os.path.dirname(os.path.abspath(__file__)) + os.sep
        last = None             # the last frame outside pyhoc
        t = tb
        while t is not None:
            if not t.tb_frame.f_code.co_filename.startswith(here):
                last = t
            t = t.tb_next
        if last is not None:
            last.tb_next = None
    sys.excepthook(type(e), e.with_traceback(tb), tb)


def _not_valid(statement: str):
    """nrniv's second report of a ``-c`` statement that failed."""
    from .errors import Coord, HocError
    e = HocError('arg not valid statement: ' + statement, Coord(None, 0))
    e.shows_line = False
    return e


def _failed(interp, e) -> int:
    """A HOC error ends the run (status 1); on several MPI processes it ends them all, as
    NEURON's MPI_Abort does."""
    interp.error_message(e)
    from .sim import parallel
    parallel.abort_if_mpi(1)
    return 1


def read_stdin(interp, interactive: bool) -> None:
    """Statements from standard input: the REPL on a terminal, plain lines otherwise."""
    if interactive:
        from .repl import run_repl
        run_repl(interp)
        return
    from .errors import HocError
    from .hoc.source import CallbackSource
    stream = CallbackSource(lambda: sys.stdin.readline() or None, None)
    while True:
        try:
            interp.run_source(stream)
            return
        except HocError as e:
            interp.error_message(e)
            interp.reset_after_error()
            if _seekable(sys.stdin):
                return      # (nrniv seeks its input's end after an error: a pipe can't)


def _seekable(f) -> bool:
    try:
        return f.seekable()
    except (OSError, ValueError):
        return False


if __name__ == '__main__':
    sys.exit(main())
