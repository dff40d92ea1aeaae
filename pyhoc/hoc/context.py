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
from contextlib import contextmanager
from typing import Any, Iterator

_current: contextvars.ContextVar[Any] = contextvars.ContextVar('pyhoc_interpreter', default=None)


def current() -> Any:
    """The interpreter running now (the default one if none is)."""
    interp = _current.get()
    if interp is None:
        from .. import _default_interpreter
        interp = _default_interpreter()
    return interp


@contextmanager
def running(interp: Any) -> Iterator[Any]:
    token = _current.set(interp)
    try:
        yield interp
    finally:
        _current.reset(token)
