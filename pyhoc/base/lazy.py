"""Objects named by ``'module:attribute'`` paths, imported on first use.

The name tables (``pyhoc.sim.registry``, ``pyhoc.hoc.library``) list what they provide this
way, so that a program imports only the modules whose names it uses.
"""
from __future__ import annotations

import importlib
from typing import Any

_LOADED: dict = {}


def load(path) -> Any:
    """The object a ``module:attr`` path names (looked up once: names resolve per call); an
    entry registered at run time (sim.mechanisms.base.register_mechanism) is the object."""
    if not isinstance(path, str):
        return path
    obj = _LOADED.get(path)
    if obj is None:
        module, attr = path.split(':')
        obj = _LOADED[path] = getattr(importlib.import_module(module), attr)
    return obj
