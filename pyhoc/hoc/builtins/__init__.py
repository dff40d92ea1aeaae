"""The built-in functions and classes of HOC, registered by name.

Functions are registered with ``@builtin('name')`` in the modules listed in FUNCTION_MODULES
and receive the interpreter as first argument.  Classes are imported lazily on first use
(``CLASSES`` maps the HOC name to module and class) so start-up stays quick.
"""
from __future__ import annotations

import importlib
from typing import Any, Callable

# name -> python function(interp, *args)
FUNCTIONS: dict[str, Callable[..., Any]] = {}

FUNCTION_MODULES = (
    'pyhoc.hoc.builtins.mathfuncs',
    'pyhoc.hoc.builtins.io',
    'pyhoc.hoc.builtins.system',
    'pyhoc.hoc.builtins.console',
    'pyhoc.hoc.builtins.praxis',
    'pyhoc.hoc.builtins.random',
    'pyhoc.hoc.builtins.vector_fitness',
    'pyhoc.hoc.builtins.parallel',
    'pyhoc.hoc.builtins.hocmech',
)

# HOC class name -> (module, attribute); imported on first use
CLASSES: dict[str, tuple[str, str]] = {
    'Vector': ('pyhoc.hoc.builtins.vector', 'Vector'),
    'List': ('pyhoc.hoc.builtins.list', 'List'),
    'File': ('pyhoc.hoc.builtins.file', 'File'),
    'StringFunctions': ('pyhoc.hoc.builtins.strfun', 'StringFunctions'),
    'Matrix': ('pyhoc.hoc.builtins.matrix', 'Matrix'),
    'Random': ('pyhoc.hoc.builtins.random', 'Random'),
    'NMODLRandom': ('pyhoc.base.nmodlrandom', 'NMODLRandom'),
    'Timer': ('pyhoc.hoc.builtins.timer', 'Timer'),
    'KSChan': ('pyhoc.hoc.builtins.kschan', 'KSChan'),
    'KSState': ('pyhoc.hoc.builtins.kschan', 'KSState'),
    'KSGate': ('pyhoc.hoc.builtins.kschan', 'KSGate'),
    'KSTrans': ('pyhoc.hoc.builtins.kschan', 'KSTrans'),
    'Pointer': ('pyhoc.hoc.builtins.pointer', 'Pointer'),
    'PtrVector': ('pyhoc.hoc.builtins.pointer', 'PtrVector'),
    'PythonObject': ('pyhoc.hoc.builtins.pyobject', 'PythonObject'),
    'Impedance': ('pyhoc.hoc.builtins.simclasses', 'Impedance'),
    'SaveState': ('pyhoc.hoc.builtins.simclasses', 'SaveState'),
    'LinearMechanism': ('pyhoc.hoc.builtins.simclasses', 'LinearMechanism'),
    'ParallelContext': ('pyhoc.hoc.builtins.parallel', 'ParallelContext'),
    'BBSaveState': ('pyhoc.hoc.builtins.parallel', 'BBSaveState'),
}


def builtin(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a HOC built-in function taking (interp, *args)."""
    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        FUNCTIONS[name] = fn
        return fn
    return register


def load_functions() -> dict[str, Callable[..., Any]]:
    for mod in FUNCTION_MODULES:
        importlib.import_module(mod)
    return FUNCTIONS


def load_class(name: str) -> type:
    module, attr = CLASSES[name]
    return getattr(importlib.import_module(module), attr)
