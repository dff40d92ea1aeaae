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
)

# The functions of modules few programs use: name -> module, imported at the first call
# (importing them all at start cost every process ~15% of pyhoc's own start-up); each module
# registers exactly these names (tests/hoc/test_builtins_lazy.py)
LAZY_FUNCTIONS: dict[str, str] = {
    **dict.fromkeys(('attr_praxis', 'stop_praxis', 'pval_praxis', 'fit_praxis'),
                    'pyhoc.hoc.builtins.praxis'),
    **dict.fromkeys(('mcell_ran4', 'mcell_ran4_init', 'use_mcell_ran4'),
                    'pyhoc.hoc.builtins.random'),
    'install_vector_fitness': 'pyhoc.hoc.builtins.vector_fitness',
    'nrnmpi_init': 'pyhoc.hoc.builtins.parallel',
    **dict.fromkeys(('make_mechanism', 'make_pointprocess'), 'pyhoc.hoc.builtins.hocmech'),
    **dict.fromkeys(('eqinit', 'solve', 'prmat'), 'pyhoc.hoc.builtins.equations'),
    **dict.fromkeys(('xred', 'sred', 'symbols', 'hoc_pointer_', 'saveaudit', 'retrieveaudit'),
                    'pyhoc.hoc.builtins.console'),
}

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


def string_arg(x: Any) -> str:
    """A built-in's string argument, as NEURON's gargstr reads it: anything else (a number,
    an object, a section) is its 'Expecting string argument' error."""
    if not isinstance(x, str):
        from ...errors import HocError
        raise HocError('Expecting string argument')
    return x


def object_arg(x: Any) -> Any:
    """A built-in's object argument (None is NULLobject), as NEURON's hoc_objgetarg reads
    it: a number or a string is its 'bad stack access' error."""
    if isinstance(x, (float, int, str)):
        from ...errors import HocError
        raise HocError('bad stack access: expecting Object**; really %s' % (
            'char**' if isinstance(x, str) else 'double %g' % x))
    return x


def load_functions() -> dict[str, Callable[..., Any]]:
    """Every built-in function by name: the registered ones, and for LAZY_FUNCTIONS not
    imported yet a stand-in that imports its module at the first call."""
    for mod in FUNCTION_MODULES:
        importlib.import_module(mod)
    funcs = dict(FUNCTIONS)
    for name, module in LAZY_FUNCTIONS.items():
        if name not in funcs:
            funcs[name] = _lazy(name, module)
    return funcs


def _lazy(name: str, module: str) -> Callable[..., Any]:
    def call(interp, *args):
        """Import the module, then call the function as any built-in is called (its
        arguments checked and a surplus dropped: Interpreter.call_builtin)."""
        importlib.import_module(module)
        sym = interp.builtins[name]
        if sym.value is call:
            sym.value = FUNCTIONS[name]
        return interp.call_builtin(sym, [*args], True, False)  # (`list` here: the module)
    call.__name__ = call.__qualname__ = name
    return call


def load_class(name: str) -> type:
    module, attr = CLASSES[name]
    return getattr(importlib.import_module(module), attr)
