"""Loading translated ``.mod`` files into a model: nrn_load_dll, load_mechanisms, auto-load.

``mechanism_class(path)`` translates (through the content-keyed cache), generates the Python
module (written next to the cache entries, named by the hash of its text, so that the
compiled driver and ``inspect`` find its source) and returns its MechanismType class.
``load_into(model, paths)`` registers the classes in a model; a file that fails to translate
raises a ModError naming the file, line and construct.
"""
from __future__ import annotations

import glob
import hashlib
import os
import re
import sys
import tempfile

from ..sim.contract import import_source
from . import MARKER
from .cache import cache_dir, content_key, generator_digest, translate
from .codegen import generate
from .ast import Pos
from .errors import ModError

_CLASSES: dict = {}        # module text hash -> class


def _module_dir() -> str:
    d = os.path.join(cache_dir(), 'py')
    try:
        os.makedirs(d, exist_ok=True)
        if os.access(d, os.W_OK):
            return d
    except OSError:
        pass
    d = os.path.join(tempfile.gettempdir(), 'pyhoc-nmodl-py-%d' % os.getuid())
    os.makedirs(d, exist_ok=True)
    return d


def class_from_source(src: str):
    """The MechanismType class a generated module text defines (imported once per text)."""
    h = hashlib.sha256(src.encode()).hexdigest()[:20]
    cls = _CLASSES.get(h)
    if cls is not None:
        return cls
    name = 'pyhoc_mod_' + h
    mod = import_source(name, os.path.join(_module_dir(), name + '.py'), src)
    cls = _CLASSES[h] = mod.MECHANISM
    return cls


def mechanism_class(path: str):
    """The generated MechanismType class of the ``.mod`` file at ``path`` (raises ModError).
    The name of the module generated from it is remembered by the file's content key and the
    translator's digest, so a later process imports that module without unpickling the
    translation or generating the text again."""
    key = content_key(path)
    d = _module_dir()
    note = os.path.join(d, '%s-%s.name' % (key[:40], generator_digest()))
    try:
        with open(note) as f:
            name = f.read().strip()
        cls = _CLASSES.get(name[len('pyhoc_mod_'):])
        if cls is None and name.startswith('pyhoc_mod_') and \
                os.path.isfile(os.path.join(d, name + '.py')):
            mod = sys.modules.get(name) or import_source(name, os.path.join(d, name + '.py'), '')
            cls = _CLASSES[name[len('pyhoc_mod_'):]] = mod.MECHANISM
        if cls is not None:
            return cls
    except OSError:
        pass
    r = translate(path, key=key)
    if r.error is not None:
        raise r.error
    cls = class_from_source(generate(r.mechanism))
    try:
        tmp = '%s.%d.tmp' % (note, os.getpid())
        with open(tmp, 'w') as f:
            f.write(cls.__module__ + '\n')
        os.replace(tmp, note)
    except OSError:         # (a read-only cache: generated again next time)
        pass
    return cls


ARCH_DIRS = ('x86_64', 'arm64', 'aarch64', 'i686', 'umac', 'powerpc')
_BUILT = re.compile(r'" \\"([^"\\]+\.mod)\\""')


def built_from(archdir: str) -> list:
    """The ``.mod`` files a NEURON build folder (``x86_64/``) was made from, as the
    ``mod_func.cpp`` (``.c`` before NEURON 9) nrnivmodl wrote there lists them (``nrnivmodl
    mod`` builds ``mod/*.mod`` into ``./x86_64``); [] when it has none."""
    for name in ('mod_func.cpp', 'mod_func.c'):
        try:
            with open(os.path.join(archdir, name), errors='replace') as f:
                text = f.read()
        except OSError:
            continue
        top = os.path.dirname(os.path.abspath(archdir))
        files = [os.path.normpath(os.path.join(top, p)) for p in _BUILT.findall(text)]
        return [p for p in files if os.path.isfile(p)]
    return []


def mod_files(where: str) -> list:
    """The ``.mod`` files a path names: a file, a folder, or a NEURON-compiled library
    (``x86_64/libnrnmech.so``, ``.libs/libnrnmech.so``: those the build lists, else the
    folder above holds the sources)."""
    if os.path.isfile(where) and where.endswith('.mod'):
        return [where]
    d = where if os.path.isdir(where) else os.path.dirname(os.path.abspath(where))
    files = sorted(glob.glob(os.path.join(d, '*.mod')))
    while not files and os.path.basename(d) in ARCH_DIRS + ('.libs',):
        files = built_from(d)
        d = os.path.dirname(d)
        files = files or sorted(glob.glob(os.path.join(d, '*.mod')))
    return files


def load_into(model, paths, quiet=False) -> list:
    """Register the mechanisms of ``paths`` (.mod files) in ``model``; returns their names.
    A mechanism the model has already (same name) is skipped, as NEURON does on a second
    load of the same library."""
    from ..sim.mechanisms.base import register_mechanism
    names = []
    for p in paths:
        cls = mechanism_class(p)
        if cls.library:
            if _add_library(model, cls, p):
                names.append(cls.name)
            continue
        if cls.name in model.mech_types:
            if type(model.mech_types[cls.name]) is not cls:
                raise ModError('mechanism %s already exists' % cls.name, Pos(p, 0, 0))
            continue
        try:
            register_mechanism(model, cls)
        except ValueError as e:     # an ion's VALENCE unlike another file's
            raise ModError(str(e), Pos(p, 0, 0)) from None
        if not cls.point:
            _register_functions(cls)
        names.append(cls.name)
    return names


BUILTIN_MOD = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'builtin_mod')


def use_builtin_mod(model, names) -> None:
    """Run the built-in mechanisms ``names`` (hh, pas, ExpSyn...) of a model that has none of
    their instances yet from the translation of our own .mod text of them (builtin_mod/),
    in the hand-written one's place and type order: the two give the same numbers, so this is
    how the translated code path is compared with the hand-written one (bench, tests)."""
    from ..sim.mechanisms.base import register_mechanism
    for name in names:
        old = model.mech_types[name]
        cls = mechanism_class(os.path.join(BUILTIN_MOD, name + '.mod'))
        cls = type(cls.__name__, (cls,), {'type_index': old.type_index,
                                          '__module__': cls.__module__})
        del model.mech_types[name]
        register_mechanism(model, cls)


def _register_functions(cls) -> None:
    """HOC's ``name_suffix(args)`` for each FUNCTION/PROCEDURE of a density mechanism, and
    ``setdata_suffix(x)`` choosing the instance they see (else the parameters' defaults)."""
    from ..sim import registry
    mech = cls.name

    def setdata(interp, x=0.5):
        model = interp.sim.model
        sec = model.stack.current()
        model.mech_types[mech].__dict__['_setdata'] = (sec, float(x))
        return 0.0

    registry.FUNCTIONS['setdata_' + mech] = setdata
    sfx = '_' + mech
    for ft in cls.function_table_rows:
        registry.FUNCTIONS['table_%s%s' % (ft, sfx)] = _table_setter(mech, ft, sfx)
        registry.FUNCTIONS[ft + sfx] = _table_function(mech, ft, sfx)
    for fname in cls.callables:
        registry.FUNCTIONS[fname + sfx] = _hoc_function(mech, fname, sfx)


_LIBRARY_NAMES: dict = {}     # a HOC name -> the library (SUFFIX nothing file) it came from


def _add_library(model, cls, path: str) -> bool:
    """A SUFFIX nothing file: no mechanism (nothing to insert) but its FUNCTIONs, PROCEDUREs
    and GLOBALs under their plain names, as NEURON's hoc_register_var of such a file makes
    them; a name HOC has already stops the load (NEURON: "The user defined name, X, already
    exists").  False when this library is loaded already."""
    from ..sim import registry
    old = model.libraries.get(cls.name)
    if old is not None and type(old) is cls:
        return False
    funcs = list(cls.callables) + list(cls.function_table_rows)
    funcs += ['table_' + ft for ft in cls.function_table_rows]
    names = funcs + list(cls.globals) + list(cls.global_arrays) + ['setdata_' + cls.name]
    for name in names:
        owner = _LIBRARY_NAMES.get(name)
        if owner is None:
            taken = _hoc_knows(model, name)
        else:       # (the registry is the process's: another model's library may have left it)
            taken = owner in model.libraries and (owner != cls.name or old is not None)
        if taken:
            raise ModError('The user defined name, %s, already exists' % name, Pos(path, 0, 0))
    model.libraries[cls.name] = cls(model)
    for ft in cls.function_table_rows:
        registry.FUNCTIONS['table_' + ft] = _table_setter(cls.name, ft, '')
        registry.FUNCTIONS[ft] = _table_function(cls.name, ft, '')
    for fname in cls.callables:
        registry.FUNCTIONS[fname] = _hoc_function(cls.name, fname, '')
    registry.FUNCTIONS['setdata_' + cls.name] = _library_setdata(cls.name)
    registry.GLOBALS.update(cls.globals)
    for name in names:
        _LIBRARY_NAMES[name] = cls.name
    return True


def _library_setdata(mech: str):
    """``setdata_<file>`` of a SUFFIX nothing file: NEURON registers the name, but such a
    file has no instances to select (NEURON 9.0.2 crashes when it is called)."""
    def setdata(interp, *args):
        from ..errors import HocError
        _mech_type(interp, mech, '')
        raise HocError('setdata_%s: %s.mod is SUFFIX nothing, a library without instances '
                       '(its RANGE variables are their defaults in each call)' % (mech, mech))
    setdata.__name__ = 'setdata_' + mech
    return setdata


def _hoc_knows(model, name: str) -> bool:
    """Whether ``name`` already means something to HOC: a built-in, a simulator name."""
    interp = getattr(model, '_owner', None)     # the interpreter the model belongs to
    if hasattr(interp, 'builtin_sym'):
        return interp.builtin_sym(name) is not None
    from ..sim import registry
    return any(name in t for t in (registry.FUNCTIONS, registry.GLOBALS, registry.MECHANISMS,
                                   registry.POINT_PROCESSES, registry.CLASSES))


def _mech_type(interp, mech: str, sfx: str):
    """The model's MechanismType ``mech``: a library's (``sfx`` '') or a mechanism's."""
    model = interp.sim.model
    if sfx:
        return model.mech_types[mech]
    lib = model.libraries.get(mech)
    if lib is None:
        from ..errors import HocError
        raise HocError('%s.mod (SUFFIX nothing) is not loaded in this model' % mech)
    return lib


def _table_setter(mech: str, ft: str, sfx: str):
    """HOC's ``table_<ft>_<mech>(...)``: the values of a FUNCTION_TABLE (functable.py)."""
    def table(interp, *args):
        from .functable import specify
        specify(_mech_type(interp, mech, sfx), ft, args)
        return 0.0
    table.__name__ = 'table_%s%s' % (ft, sfx)
    return table


def _table_function(mech: str, ft: str, sfx: str):
    def value(interp, x):
        return _mech_type(interp, mech, sfx).function_table_value(ft, x)
    value.__name__ = ft + sfx
    return value


def _hoc_function(mech: str, fname: str, sfx: str):
    def call(interp, *args):
        mt = _mech_type(interp, mech, sfx)
        where = mt.__dict__.get('_setdata')
        blk, j = None, 0
        if where is not None:
            model = interp.sim.model
            sec, x = where
            model.ensure_built()
            arr, off = sec._slot(mech, next(iter(mt.all_defaults())))
            blk, j = model.blocks[mech], off + sec._x_to_j(x)
        return mt.call(fname, args, blk, j)
    call.__name__ = fname + sfx
    return call


def load_path(model, path: str) -> list:
    """nrn_load_dll / load_mechanisms: the ``.mod`` files a path names, loaded into ``model``
    (a HocError names the file and why when one cannot be translated)."""
    from ..errors import HocError
    files = mod_files(path)
    if not files:
        raise HocError('nrn_load_dll: no .mod files for %s (pyhoc translates the .mod files '
                       'a library was built from)' % path)
    try:
        return load_into(model, files)
    except ModError as e:
        raise HocError('%s: cannot be translated: %s' % (e.pos.file, e)) from None


def autoload(model, directory: str = '.') -> list:
    """At start, as nrniv loads ./x86_64: the .mod files pyhoc-modl translated in this folder
    (listed in its .pyhoc-modl), or those next to a NEURON-built x86_64/; returns (the files
    loaded, the ModErrors of those that could not be translated)."""
    marker = os.path.join(directory, MARKER)
    if os.path.isfile(marker):
        with open(marker) as f:
            files = [os.path.join(directory, ln.strip()) for ln in f if ln.strip()]
        files = [p for p in files if os.path.isfile(p)]
    elif os.path.isdir(os.path.join(directory, 'x86_64')):
        files = (built_from(os.path.join(directory, 'x86_64')) or
                 sorted(glob.glob(os.path.join(directory, '*.mod'))))
    else:
        return [], []
    done, failed = [], []
    for p in files:         # each on its own: one bad file leaves the others usable
        try:
            load_into(model, [p])
            done.append(os.path.basename(p))
        except ModError as e:
            failed.append(e)
            note_untranslated(model, p, e)
    return done, failed


_DECLARES = re.compile(r'\b(?:SUFFIX|POINT_PROCESS|ARTIFICIAL_CELL)\s+(\w+)')


def note_untranslated(model, path: str, err) -> None:
    """Remember the mechanism a file declares that could not be translated, so that HOC's
    ``insert`` of it names the file and why (model.untranslated: name -> message)."""
    try:
        with open(path, errors='replace') as f:
            names = _DECLARES.findall(f.read())
    except OSError:
        return
    for name in names:
        if name != 'nothing':       # (SUFFIX nothing declares no mechanism)
            model.__dict__.setdefault('untranslated', {})[name] = str(err).splitlines()[0]


def autoload_once(interp, banner: bool) -> None:
    """autoload() of the current folder into ``interp``'s model, once per interpreter (pyhoc's
    start and Python's ``from neuron import h`` both ask): a file that cannot be translated is
    reported and the session goes on without it; ``banner`` lists the files loaded, as nrniv
    and NEURON's Python module do."""
    if getattr(interp, 'mod_autoloaded', False):
        return
    interp.mod_autoloaded = True
    if not (os.path.isfile(MARKER) or os.path.isdir('x86_64')):
        return
    names, failed = autoload(interp.sim.model)
    for e in failed:
        sys.stderr.write('pyhoc: not loaded: %s\n' % e)
    if names and banner:
        sys.stderr.write('Additional mechanisms from files\n')
        sys.stderr.write(''.join(' "%s"' % n for n in names) + '\n')
