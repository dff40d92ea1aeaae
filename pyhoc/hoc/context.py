"""Which interpreter is running now.

Built-in objects that must print (``Vector.printf``) or call back into HOC (``Vector.apply``,
``List.sort`` by a function name) ask ``current()`` for it.  The interpreter and the ``h`` bridge
set it around everything they run, so several interpreters can live side by side.

The interpreter object offers:
    write(text)                      stdout as HOC sees it (honours hoc_stdout redirection)
    call(name_or_callable, *args)    call a HOC proc/func/builtin by name (or a HocCallable)
    execute(code, obj=None)          run HOC source text, as execute() does
    eval_string(expr)                evaluate a HOC expression given as text, return its value
"""
from __future__ import annotations

import contextvars
import weakref
from contextlib import contextmanager
from typing import Any, Iterator

_current: contextvars.ContextVar[Any] = contextvars.ContextVar('pyhoc_interpreter', default=None)
_served: Any = None      # weakref to the interpreter whose ``h`` (HocTop) Python used last


def current() -> Any:
    """The interpreter running now; outside any, the one whose ``h`` Python used last (so that
    ``h.cvode.event(...)``, ``sec.push()``, ``vec.printf()`` called from Python reach the
    interpreter the objects came from), else the default one."""
    interp = _current.get()
    if interp is None:
        ref = _served
        interp = ref() if ref is not None else None
        if interp is None:
            from .. import _default_interpreter
            interp = _default_interpreter()
    return interp


def serve(interp: Any) -> None:
    """Called by the ``h`` bridge on each use: Python is now working with ``interp``
    (remembered weakly: a dropped interpreter falls back to the default one)."""
    global _served
    ref = _served
    if ref is None or ref() is not interp:
        _served = weakref.ref(interp)


@contextmanager
def running(interp: Any) -> Iterator[Any]:
    token = _current.set(interp)
    try:
        yield interp
    finally:
        _current.reset(token)
