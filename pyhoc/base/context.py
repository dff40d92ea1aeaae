"""Which host (interpreter) a call belongs to, and what the simulator asks of its host.

Every HOC object remembers the interpreter it was made in (``HocObject._owner``; a simulator
Model has ``_owner`` too, the host it was handed), so calls on it -- ``vec.apply("f")``,
``sec.push()``, a template member read from Python -- go to that interpreter, whichever other
interpreter ran last and in whatever thread.  ``current(obj)`` answers that; without an owner
it is the interpreter running now (set by the interpreter and the ``h`` bridge around what they
run), else the process's default one, made by the factory the package's top registers with
``set_default_host``.  There is no process-wide "last used" interpreter.
"""
from __future__ import annotations

import contextvars
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Protocol

_current: contextvars.ContextVar[Any] = contextvars.ContextVar('pyhoc_interpreter', default=None)
_default_host: Callable[[], Any] | None = None


class Host(Protocol):
    """What the simulator and the shared objects need from the interpreter they belong to.

    ``pyhoc.hoc.interpreter.Interpreter`` is the one implementation; ``pyhoc.sim`` sees it
    only through these members."""

    model: Any
    """The simulator Model this host drives (made on first use); its ``stack`` is the host's
    section stack."""

    def write(self, text: str) -> None:
        """stdout as HOC sees it (honours hoc_stdout redirection)."""

    def execute(self, code: str, obj: Any = None) -> Any:
        """Run HOC source text as ``execute()`` does (in template instance ``obj``)."""

    def call(self, fn: Any, *args: Any) -> Any:
        """Call a HOC proc/func/builtin by name, or a HOC callable object."""

    def warning(self, message: str) -> None:
        """hoc_warning: print the message in an error's layout; execution goes on."""


def set_default_host(factory: Callable[[], Any]) -> None:
    """Register what makes the process's default host (``pyhoc``'s default interpreter)."""
    global _default_host
    _default_host = factory


def current(owner: Any = None) -> Any:
    """The host ``owner`` (a HOC object or a Model) belongs to; without one, the host running
    now, else the default one."""
    if owner is not None:
        interp = getattr(owner, '_owner', None)
        if interp is not None:
            return interp
    interp = _current.get()
    if interp is None:
        interp = _default_host()     # set when the pyhoc package is imported: never None here
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
