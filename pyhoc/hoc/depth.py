"""How deep HOC may nest: Python's recursion limit, sized to the C stack that backs it.

HOC calls, blocks and expressions run as nested Python calls.  Python's default limit (1000)
stopped HOC recursion at 140 frames where NEURON allows 511 (``-NFRAME``, default 512).  The
limit is raised once, to what the stack can hold at ``STACK_PER_LEVEL`` bytes a level (a
level through C code measured at well under 1 KB with CPython 3.11), so that overflowing it
stays a RecursionError, which the interpreter reports as a HOC error, and never a crash.
On Linux the main thread's stack may grow past its initial 8 MB up to the soft
``RLIMIT_STACK``, which is raised to ``STACK_BYTES`` where the hard limit allows; threads
started afterwards get the same size (``_thread.stack_size``, which ``threading`` uses:
``threading`` itself is not imported here, it costs a process ~1 ms).
"""
from __future__ import annotations

import _thread
import os
import sys

STACK_BYTES = 64 << 20
STACK_PER_LEVEL = 2048
_DEFAULT_STACK = 8 << 20
_done = False


def _stack_bytes() -> int:
    """The smallest stack the running threads (main and those started from now on) have."""
    try:
        import resource
    except ImportError:          # (not POSIX)
        return _DEFAULT_STACK
    soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
    # (on Linux the main thread's id is the process's)
    if sys.platform.startswith('linux') and _thread.get_native_id() == os.getpid():
        want = STACK_BYTES if hard == resource.RLIM_INFINITY else min(STACK_BYTES, hard)
        if soft != resource.RLIM_INFINITY and soft < want:
            try:
                resource.setrlimit(resource.RLIMIT_STACK, (want, hard))
                soft = want
            except (ValueError, OSError):
                pass
    main = _DEFAULT_STACK if soft == resource.RLIM_INFINITY else soft
    if not sys.platform.startswith('linux'):
        main = min(main, _DEFAULT_STACK)     # macOS: the main thread's stack is fixed at start
    try:
        if _thread.stack_size() == 0:
            _thread.stack_size(main)
        threads = _thread.stack_size()
    except (ValueError, RuntimeError):
        threads = _DEFAULT_STACK
    return min(main, threads or _DEFAULT_STACK)


def raise_recursion_limit() -> int:
    """Raise Python's recursion limit to what the stack allows (once); returns it."""
    global _done
    if not _done:
        _done = True
        levels = _stack_bytes() // STACK_PER_LEVEL
        if levels > sys.getrecursionlimit():
            sys.setrecursionlimit(levels)
    return sys.getrecursionlimit()
