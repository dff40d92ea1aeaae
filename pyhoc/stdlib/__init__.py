"""pyhoc's native standard library: HOC library file names mapped to Python installers.

``load_file("stdrun.hoc")`` finds no such file in the model's folders and calls the installer
registered here, which defines the library's variables and procedures in the interpreter's
namespace (as Python-bodied procs that a model's own HOC definitions can replace).
"""
from __future__ import annotations

from typing import Callable

LIBRARY: dict[str, Callable] = {}


def _stdrun(interp) -> None:
    from .stdrun import install
    install(interp)


def _nrngui(interp) -> None:
    from .stdrun import install_nrngui
    install_nrngui(interp)


def _import3d(interp) -> None:
    from ..sessions.import3d import install
    install(interp)


LIBRARY.setdefault('stdrun.hoc', _stdrun)
LIBRARY.setdefault('import3d.hoc', _import3d)
LIBRARY.setdefault('nrngui.hoc', _nrngui)   # the run system only, until the GUI library lands
