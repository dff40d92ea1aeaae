"""pyhoc's native standard library: HOC library file names mapped to Python installers.

``load_file("stdrun.hoc")`` finds no such file in the model's folders and calls the installer
registered here, which defines the library's variables and procedures in the interpreter's
namespace (as Python-bodied procs that a model's own HOC definitions can replace).
"""
from __future__ import annotations

from typing import Callable

LIBRARY: dict[str, Callable] = {}


def _gui_library(name: str) -> Callable:
    """NEURON's stdlib/stdrun/stdgui/nrngui.hoc and the files they load (pointbsr.hoc ...):
    pyhoc.sessions.library.FILES[name]."""
    def installer(interp) -> None:
        from ..sessions import library
        library.FILES[name](interp)
    return installer


def _load(interp, name: str) -> None:
    from ..hoc.files import load_file
    load_file(interp, name)


def _import3d(interp) -> None:
    from ..sessions.import3d import install
    install(interp)


def _celbild(interp) -> None:
    from ..sessions.cellbuild import install
    install(interp)


for _name in ('stdlib', 'atoltool', 'varmeth1', 'movierun', 'pointbsr', 'wingroup', 'family',
              'shapebox', 'pcchdir', 'stdrun', 'stdgui', 'nrngui'):
    LIBRARY.setdefault(_name + '.hoc', _gui_library(_name + '.hoc'))
LIBRARY.setdefault('celbild.hoc', _celbild)
LIBRARY.setdefault('noload.hoc', lambda interp: _load(interp, 'stdgui.hoc'))   # nrngui, no menu
LIBRARY.setdefault('import3d.hoc', _import3d)


# the session tools' library files (electrod.hoc, pointman.hoc, netbild.hoc ...): HOC text in
# pyhoc.sessions.tools, which imports nothing heavy
from ..sessions import tools as _tools   # noqa: E402

_tools.register(LIBRARY)

# NEURON's parallel library files (netparmpi.hoc, loadbal.hoc, binfo.hoc), for one process
from . import parallel as _parallel   # noqa: E402

for _f, _fn in _parallel.FILES.items():
    LIBRARY.setdefault(_f, _fn)


def install_classes(interp, module: str, classes: dict, objrefs: tuple = ()) -> None:
    """Make native classes known to one interpreter's HOC and Python, as a library file does.

    Each class gets a subclass per interpreter (bound to it, numbered on its own, so that
    Python-side calls reach the right model); ``objrefs`` are the library's own top-level
    object variables (``tobj``, ``nil``...).
    """
    from ..hoc.symbols import Kind, Sym
    for name, base in classes.items():
        cls = type(name, (base,), {'hoc_class_name': name, '_bound_interp': interp,
                                   '__module__': module})
        interp.classes[name] = cls
        interp.builtins[name] = Sym(name, Kind.CLASS, name)
    for name in objrefs:
        if name not in interp.top.syms:
            interp.top.declare(name, Kind.OBJ, None)
