"""Which interpreter a call belongs to.

Every HOC object remembers the interpreter it was made in (``HocObject._owner``; a simulator
Model has ``_owner`` too), so calls on it -- ``vec.apply("f")``, ``sec.push()``, a template
member read from Python -- go to that interpreter, whichever other interpreter ran last and in
whatever thread.  ``current(obj)`` answers that; without an owner it is the interpreter
running now (set by the interpreter and the ``h`` bridge around what they run), else the
process's default one.  There is no process-wide "last used" interpreter.

The interpreter object offers:
    write(text)                      stdout as HOC sees it (honours hoc_stdout redirection)
    call(name_or_callable, *args)    call a HOC proc/func/builtin by name (or a HocCallable)
    execute(code, obj=None)          run HOC source text, as execute() does
    eval_string(expr)                evaluate a HOC expression given as text, return its value
"""
from __future__ import annotations

import contextvars
from contextlib import contextmanager
from typing import Any, Iterator

_current: contextvars.ContextVar[Any] = contextvars.ContextVar('pyhoc_interpreter', default=None)


def current(owner: Any = None) -> Any:
    """The interpreter ``owner`` (a HOC object or a Model) belongs to; without one, the
    interpreter running now, else the default one."""
    if owner is not None:
        interp = getattr(owner, '_owner', None)
        if interp is not None:
            return interp
    interp = _current.get()
    if interp is None:
        from .. import _default_interpreter
        interp = _default_interpreter()
    return interp


def running_now() -> Any:
    """The interpreter running now, or None (new objects belong to it)."""
    return _current.get()


@contextmanager
def running(interp: Any) -> Iterator[Any]:
    token = _current.set(interp)
    try:
        yield interp
    finally:
        _current.reset(token)
