"""The library registry: what the packages above the language add to it.

``pyhoc.stdlib`` (the run system, the parallel library files) and ``pyhoc.sessions`` (the
headless GUI library and tools) register here; the language looks names up here and imports
neither.  Entries are ``'module:attribute'`` strings, imported when first used, so a program
pays only for what it uses:

* library files: ``load_file("stdrun.hoc")`` finds no such file in the model's folders and runs
  the installer registered for the name (``register_files``: a table of name -> installer);
  ``extend_file`` adds installers that run after a file's own (the GUI half of stdrun.hoc);
* built-in names a library provides before any file is loaded (``xpanel``, ``Graph``,
  ``MechanismType``): ``FUNCTIONS`` (called ``fn(interp, *args)``) and ``CLASSES``.

The registering packages are imported on the first lookup by the loader the package's top
gives ``set_loader`` (``pyhoc/__init__.py``).
"""
from __future__ import annotations

from typing import Any, Callable

from ..base.lazy import load

FUNCTIONS: dict[str, str] = {}
CLASSES: dict[str, str] = {}

_file_tables: list[tuple] = []            # ('module:attr' of a name -> installer table, its
                                          # names or None: unknown until loaded), in order
_extensions: dict[str, list[str]] = {}    # file name -> 'module:attr' installers run after it
_files: dict[str, Callable] | None = None  # the merged tables, once a file is looked up
_loader: Callable[[], None] | None = None


def set_loader(loader: Callable[[], None]) -> None:
    """Register what imports the registering packages (run once, at the first lookup)."""
    global _loader
    _loader = loader


def _load_providers() -> None:
    global _loader
    loader, _loader = _loader, None
    if loader is not None:
        loader()


def register_names(functions: dict[str, str] = None, classes: dict[str, str] = None) -> None:
    """Add built-in functions and classes (``'module:attr'`` paths)."""
    FUNCTIONS.update(functions or {})
    CLASSES.update(classes or {})


def register_files(table_path: str, names=None) -> None:
    """Add a table of library files: ``'module:attr'`` of a dict file name -> installer(interp)
    (the first table to name a file wins).  ``names``, the table's file names, lets a lookup
    of another name pass the table without importing its module."""
    global _files
    _file_tables.append((table_path, None if names is None else frozenset(names)))
    _files = None


def extend_file(name: str, installer_path: str) -> None:
    """Run ``installer_path`` (``'module:attr'``) when ``name``'s installer calls
    ``run_extensions``."""
    _extensions.setdefault(name, []).append(installer_path)


def function(name: str) -> str | None:
    """The path of the library's built-in function ``name``, or None."""
    _load_providers()
    return FUNCTIONS.get(name)


def class_path(name: str) -> str | None:
    """The path of the library's built-in class ``name``, or None."""
    _load_providers()
    return CLASSES.get(name)


def names() -> set[str]:
    """Every built-in name the libraries provide."""
    _load_providers()
    return set(FUNCTIONS) | set(CLASSES)


def files() -> dict[str, Callable]:
    """Library file name -> installer(interp)."""
    global _files
    _load_providers()
    if _files is None:
        merged: dict[str, Callable] = {}
        for path, _ in _file_tables:
            for name, fn in load(path).items():
                merged.setdefault(name, fn)
        _files = merged
    return _files


def installer(name: str) -> Callable | None:
    """The native installer of library file ``name`` (a base name), or None."""
    _load_providers()
    if _files is not None:
        return _files.get(name)
    for path, names in _file_tables:
        if names is None or name in names:
            fn = load(path).get(name)
            if fn is not None:
                return fn
    return None


def run_extensions(interp: Any, name: str) -> None:
    """Run the installers other packages added to library file ``name``."""
    for path in _extensions.get(name, ()):
        load(path)(interp)


# ---- helpers for installers -----------------------------------------------------------------
def define(interp: Any, text: str) -> None:
    """Define a library's HOC text at top level (procs, funcs, templates, variables)."""
    interp.execute('~' + text, keep_parse=True)


def declared(interp: Any, name: str) -> bool:
    """Whether ``name`` is already defined at top level (a model's own copy wins)."""
    try:
        return interp.top.syms.get(name) is not None
    except AttributeError:
        return bool(interp.is_declared(name))


def install_classes(interp: Any, module: str, classes: dict, objrefs: tuple = ()) -> None:
    """Make native classes known to one interpreter's HOC and Python, as a library file does.

    Each class gets a subclass per interpreter (bound to it, numbered on its own, so that
    Python-side calls reach the right model); ``objrefs`` are the library's own top-level
    object variables (``tobj``, ``nil``...).
    """
    from .symbols import Kind, Sym
    for name, base in classes.items():
        cls = type(name, (base,), {'hoc_class_name': name, '_bound_interp': interp,
                                   '__module__': module})
        interp.classes[name] = cls
        interp.builtins[name] = Sym(name, Kind.CLASS, name)
    for name in objrefs:
        if name not in interp.top.syms:
            interp.top.declare(name, Kind.OBJ, None)
