"""Safe mode: HOC that cannot reach the shell or Python, write or delete files, or leave its
folder (``pyhoc --safe``, ``Interpreter(safe=True)``, ``h.interpreter.safe = True``).

Each refused call raises one HOC error naming it; nothing else changes.  The folder is the
current directory when safe mode was switched on; ``chdir`` may move within it.  Switching safe
mode on closes what the interpreter had open for writing (``wopen``, ``hoc_stdout``, File
objects), so every later write has to open a file, and opening one for writing is refused.
"""
from __future__ import annotations

import os
from typing import Any

from ..errors import HocError


def refuse(interp: Any, call: str) -> None:
    """Raise the safe-mode error for ``call`` (e.g. ``"system"``) if ``interp`` is in safe mode."""
    if getattr(interp, 'safe_root', None) is not None:
        raise HocError('%s: not allowed in safe mode' % call)


def check_chdir(interp: Any, path: str) -> None:
    """Refuse ``chdir(path)`` to a folder outside the safe-mode folder."""
    root = getattr(interp, 'safe_root', None)
    if root is None:
        return
    target = os.path.realpath(os.path.join(os.getcwd(), os.path.expanduser(path)))
    if os.path.commonpath([root, target]) != root:
        raise HocError('chdir: not allowed in safe mode outside %s' % root)


def switch_on(interp: Any) -> None:
    """Enter safe mode in the current directory, closing the interpreter's open write paths."""
    interp.safe_root = os.path.realpath(os.getcwd())
    for attr in ('wopen_file', 'redirect'):
        fh = getattr(interp, attr, None)
        if fh is not None:
            setattr(interp, attr, None)
            try:
                fh.close()
            except OSError:
                pass
    from .builtins.file import File
    from ..base.objects import class_registry
    for f in class_registry(File, interp).instances():
        if f._mode in ('w', 'a'):
            f.close()
