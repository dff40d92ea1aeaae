"""pyhoc's native standard library: HOC library file names mapped to Python installers.

``load_file("stdrun.hoc")`` finds no such file in the model's folders and calls the installer
registered here, which defines the library's variables and procedures in the interpreter's
namespace (as Python-bodied procs that a model's own HOC definitions can replace).
"""
from __future__ import annotations

from typing import Callable

LIBRARY: dict[str, Callable] = {}
