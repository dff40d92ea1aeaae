"""numba-compiled machine code loaded from pyhoc's own store, without importing numba.

A process that imports numba and makes it load cached functions pays about half a second
before its first compiled call (numba's import, its typing and target contexts, its JIT).
The code numba compiled is an ELF object; this module keeps such objects (:func:`save`,
with what the caller needs to use them: entry symbols, signature tags...) and loads them
(:func:`load`) with pyhoc's own linker (:mod:`pyhoc.sim.elfload`: a few milliseconds, no
LLVM), or into an LLVM JIT of llvmlite's own where the linker refuses an object (llvmlite's
import and set-up cost a process some 30 ms more).  Either way the external symbols are
bound exactly as numba binds them (numba's C helper extensions, loaded from their files
without the numba package; its math functions; CPython's API), so the loaded machine code
is the one numba made, byte for byte.  The store is keyed by :func:`fingerprint` (CPU as
LLVM sees it, versions, numba's environment settings; the CPU's name and features are
asked of llvmlite once per machine and kept beside the objects): anything else, and any
object whose symbols cannot all be bound, is not served (None), and the caller compiles
with numba instead.  x86-64 Linux only; ``PYHOC_OBJLOAD=0`` turns it off (numba's own
copies of the same code then run), ``=elf`` / ``=llvm`` load with one loader only (tests).
"""
from __future__ import annotations

import os
import sys

FORMAT = 1              # bump when what save() stores changes
_state: dict = {}       # 'present', 'ok', 'engine', 'fingerprint', 'defined' (symbols), 'math'
_loaded: dict = {}      # artifact key -> its metadata with addresses ('addr': symbol -> int)


def usable() -> bool:
    """Whether this machine can load stored objects (x86-64 Linux, llvmlite, numba's C
    helpers present); set up once."""
    if 'ok' not in _state:
        _state['ok'] = False
        if present():
            try:
                _setup()
                _state['ok'] = True
            except Exception:       # (no llvmlite/numba files, another layout: numba then)
                pass
    return _state['ok']


def present() -> bool:
    """Whether this machine may load stored objects (x86-64 Linux, numba's C helpers in
    place), without setting anything up (:func:`usable` does)."""
    if 'present' not in _state:
        ok = sys.platform.startswith('linux') and os.uname().machine == 'x86_64' and \
            os.environ.get('PYHOC_OBJLOAD', '1') != '0'
        if ok:
            try:
                import importlib.machinery
                d = _numba_dir()
                ok = any(os.path.exists(os.path.join(d, '_helperlib' + sfx))
                         for sfx in importlib.machinery.EXTENSION_SUFFIXES)
            except Exception:
                ok = False
        _state['present'] = ok
    return _state['present']


def _numba_dir() -> str:
    d = _state.get('numba_dir')
    if d is None:
        import importlib.util
        spec = importlib.util.find_spec('numba')     # (finds it, does not import it)
        d = _state['numba_dir'] = os.path.dirname(spec.origin)
    return d


def numba_version() -> str:
    """numba.__version__ without importing numba (its versioneer file's JSON)."""
    v = _state.get('numba_version')
    if v is None:
        with open(os.path.join(_numba_dir(), '_version.py')) as f:
            v = _state['numba_version'] = _quoted_after(f.read(), '"version":', '"')
    return v


def _quoted_after(text: str, name: str, quote: str) -> str:
    """The quoted string that follows ``name`` in ``text`` (a versioneer file's value, read
    without compiling a regular expression: ~1 ms of a short run each)."""
    i = text.index(name) + len(name)
    i = text.index(quote, i) + 1
    return text[i:text.index(quote, i)]


def _extension(name: str, folder: str):
    """numba's C extension module ``name`` loaded from its file (the package not imported;
    numba's own where numba is imported already)."""
    if name in sys.modules:
        return sys.modules[name]
    import importlib.machinery
    import importlib.util
    base = name.rsplit('.', 1)[1]
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = os.path.join(folder, base + suffix)
        if os.path.exists(path):
            spec = importlib.util.spec_from_file_location(name, path)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            return mod
    raise ImportError(name)


def _setup() -> None:
    """The fingerprint, and the symbols numba binds (numba.core.base._load_global_helpers,
    numba.core.runtime.nrt, numba.core.externals: the same names, the same addresses)."""
    import builtins
    d = _numba_dir()
    helper = _extension('numba._helperlib', d)
    dynfunc = _extension('numba._dynfunc', d)
    nrt = _extension('numba.core.runtime._nrt_python', os.path.join(d, 'core', 'runtime'))
    syms = {'_Py_NoneStruct': id(None)}
    for mod in (helper, dynfunc):
        for k, addr in mod.c_helpers.items():
            syms['numba_' + k] = addr
    for obj in builtins.__dict__.values():
        if isinstance(obj, type) and issubclass(obj, BaseException):
            syms['PyExc_' + obj.__name__] = id(obj)
    for k, addr in nrt.c_helpers.items():
        syms[k if k.startswith('_') else 'NRT_' + k] = addr
    nrt.memsys_use_cpython_allocator()      # (as numba.core.runtime.nrt does at import)
    _state['syms'] = syms
    _state['math'] = helper.c_helpers         # (numba binds its math names to these)
    _state['defined'] = {}
    triple, cpu, feats = _host()
    numba_env = sorted((k, v) for k, v in os.environ.items() if k.startswith('NUMBA_'))
    _state['fingerprint'] = repr((FORMAT, _llvmlite_version(), numba_version(), sys.version,
                                  triple, cpu, feats, numba_env))


def _llvmlite_version() -> str:
    """llvmlite.__version__ without importing llvmlite (its versioneer file)."""
    v = _state.get('llvmlite_version')
    if v is None:
        v = _state['llvmlite_version'] = _read_llvmlite_version()
    return v


def _read_llvmlite_version() -> str:
    import importlib.util
    spec = importlib.util.find_spec('llvmlite')
    with open(os.path.join(os.path.dirname(spec.origin), '_version.py')) as f:
        text = f.read()
    try:
        return _quoted_after(text, 'version_version', "'")
    except ValueError:
        import llvmlite
        return llvmlite.__version__


def _host_path() -> str:
    """Where :func:`_host` keeps its answer for this CPU, Python and llvmlite."""
    got = _state.get('host_path')
    if got is None:
        from .contract import cache_dir
        from .elfload import cpu_identity
        ident = repr((_llvmlite_version(), sys.version, os.uname().machine, cpu_identity(),
                      os.environ.get('NUMBA_CPU_NAME'), os.environ.get('NUMBA_CPU_FEATURES')))
        got = _state['host_path'] = os.path.join(cache_dir(), 'objects', 'host-%s.txt' % (
            sha256(ident.encode()).hexdigest()[:24]))
    return got


def may_have() -> bool:
    """Whether the store may hold objects for this machine, asked without setting anything
    up where it cannot (no object was ever stored here: llvmlite not imported to ask)."""
    if not present():
        return False
    if 'ok' not in _state:
        try:
            if not os.path.exists(_host_path()):
                return False
        except Exception:
            return False
    return usable()


def _host() -> tuple:
    """(process triple, CPU name, CPU features) as numba compiles for them (NUMBA_CPU_NAME,
    NUMBA_CPU_FEATURES, else LLVM's view of the host): asked of llvmlite once per machine
    (the CPU's CPUID answers, Python, llvmlite), then read from the store, so loading needs
    no LLVM."""
    path = _host_path()
    try:
        with open(path) as f:
            got = f.read().split('\n')
        if len(got) == 4 and got[3] == 'end':
            return tuple(got[:3])
    except OSError:
        pass
    ll = _llvm()
    cpu = os.environ.get('NUMBA_CPU_NAME') or ll.get_host_cpu_name()
    feats = os.environ.get('NUMBA_CPU_FEATURES') or ll.get_host_cpu_features().flatten()
    got = (ll.get_process_triple(), cpu, feats)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = '%s.%d.tmp' % (path, os.getpid())
        with open(tmp, 'w') as f:
            f.write('\n'.join(got + ('end',)))
        os.replace(tmp, path)
    except OSError:
        pass
    return got


def _llvm():
    """llvmlite.binding, set up for the JIT once (the loader's fallback, and :func:`_host`'s
    first question)."""
    import llvmlite.binding as ll
    if 'llvm' not in _state:
        ll.initialize_native_target()
        ll.initialize_native_asmprinter()
        _state['llvm'] = ll
    return ll


def _engine():
    """llvmlite's MCJIT with numba's symbols (and those the ELF linker defined) bound."""
    ll = _llvm()
    eng = _state.get('engine')
    if eng is None:
        for k, addr in _state['syms'].items():
            ll.add_symbol(k, addr)
        triple, cpu, feats = _host()
        tm = ll.Target.from_triple(triple).create_target_machine(
            cpu=cpu, features=feats, opt=0, codemodel='jitdefault', jit=True)
        eng = _state['engine'] = ll.create_mcjit_compiler(ll.parse_assembly(''), tm)
    linker = _state.get('linker')
    if linker is not None:
        for k, addr in linker.symbols.items():
            if not ll.address_of_symbol(k):
                ll.add_symbol(k, addr)
    return eng


def fingerprint() -> str:
    """What a stored object's machine code depends on besides its source (see module doc)."""
    return _state['fingerprint'] if usable() else ''


def sha256(data: bytes):
    """hashlib.sha256(data) without importing hashlib where CPython has its own SHA-256
    (hashlib loads OpenSSL: a few ms a process); the same digest."""
    f = _state.get('sha256')
    if f is None:
        try:
            from _sha256 import sha256 as f         # (CPython <= 3.11)
        except ImportError:
            try:
                from _sha2 import sha256 as f       # (3.12+)
            except ImportError:
                from hashlib import sha256 as f
        _state['sha256'] = f
    return f(data)


_PATHS: dict = {}      # (cache folder, key) -> the file


def _path(key: str) -> str:
    from .contract import cache_dir
    d = cache_dir()
    got = _PATHS.get((d, key))
    if got is None:
        h = sha256((fingerprint() + '\0' + key).encode()).hexdigest()[:32]
        got = _PATHS[d, key] = os.path.join(d, 'objects', h + '.pobj')
    return got


def save(key: str, obj: bytes, meta: dict) -> None:
    """Store object code ``obj`` with ``meta`` (a dict of plain values; ``meta['symbols']``
    the entry symbols whose addresses :func:`load` gives) under ``key`` (atomically; an
    unwritable store is left alone)."""
    if not usable() or not obj:
        return
    _write(_path(key), key, dict(meta, obj=bytes(obj)))


def stored(key: str) -> bool:
    return usable() and os.path.exists(_path(key))


def load(key: str):
    """The metadata stored under ``key`` with ``addr`` (entry symbol -> address) added, its
    object loaded into this process's JIT; None where there is none or it cannot be loaded
    (the caller compiles with numba)."""
    got = _loaded.get(key)
    if got is not None or not usable():
        return got
    meta = _read(_path(key), key)
    return None if meta is None else _take(key, meta)


def _take(key: str, meta: dict):
    """:func:`load` of what ``key``'s file holds (``meta``)."""
    obj = meta.pop('obj')
    addrs = _add_object(obj, meta['symbols'])
    if addrs is None:
        return None
    meta['addr'] = addrs
    _loaded[key] = meta
    return meta


def _read(path: str, key):
    """What :func:`save` (or :func:`load_all`) wrote to ``path`` under ``key``; None if
    there is no such file or it holds another key."""
    import pickle
    try:
        with open(path, 'rb') as f:
            k, got = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
        return None
    return got if k == key else None


def _write(path: str, key, value) -> None:
    import pickle
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = '%s.%d.tmp' % (path, os.getpid())
        with open(tmp, 'wb') as f:
            pickle.dump((key, value), f, protocol=4)
        os.replace(tmp, path)
    except OSError:
        pass


def load_all(keys) -> bool:
    """Load the objects of every key of ``keys`` (:func:`load`); whether all loaded.  The
    objects of a list of keys that loaded one by one are linked together once
    (pyhoc.sim.elfload.prelink) and stored under the list, so the next process maps them
    with one file read and one mapping (a one-compartment run's nine objects: ~0.3 ms, not
    ~4)."""
    if not usable():
        return False
    todo = [k for k in dict.fromkeys(keys) if k not in _loaded]
    if not todo:
        return True
    one = _mode() != 'llvm' and 'engine' not in _state
    path = _path('\0'.join(['prelinked'] + todo))
    if one:
        pre = _read(path, todo)
        if pre is not None:
            got = _linker().load_prelinked(pre['prelinked'])
            if got is not None:
                for k, meta, addrs in zip(todo, pre['metas'], got):
                    _loaded[k] = dict(meta, addr=addrs)
                _state['prelinked'] = _state.get('prelinked', 0) + 1
                return True
    if not all(os.path.exists(_path(k)) for k in todo):
        return False
    objs = []
    for k in todo:
        meta = _read(_path(k), k)
        if meta is None:
            return False
        objs.append((meta['obj'], meta['symbols']))
        if _take(k, meta) is None:
            return False
    if one and 'engine' not in _state:     # (all loaded by pyhoc.sim.elfload)
        from .elfload import Refused, prelink
        try:
            pre = prelink(objs)
        except (Refused, ValueError, IndexError):
            return True
        metas = [{n: v for n, v in _loaded[k].items() if n != 'addr'} for k in todo]
        _write(path, todo, {'prelinked': pre, 'metas': metas})
    return True


def _linker():
    linker = _state.get('linker')
    if linker is None:
        from .elfload import Linker
        linker = _state['linker'] = Linker(_resolve)
    return linker


def _mode() -> str:
    """How objects load: ``elf`` (pyhoc.sim.elfload only), ``llvm`` (llvmlite's JIT only),
    or ``both`` (elfload, llvmlite for what it refuses); PYHOC_OBJLOAD=elf/llvm (tests)."""
    m = os.environ.get('PYHOC_OBJLOAD', '1').strip().lower()
    return m if m in ('elf', 'llvm') else 'both'


def _add_object(obj: bytes, entries) -> dict | None:
    """Load ELF object ``obj`` (pyhoc.sim.elfload's linker, else llvmlite's JIT); the
    addresses of ``entries``, or None when one of its external symbols cannot be bound or
    it defines a symbol already defined."""
    mode = _mode()
    if mode != 'llvm' and 'engine' not in _state:   # (once llvmlite has objects, it keeps on)
        got = _linker().load(obj, entries)
        if got is not None or mode == 'elf':
            return got
    return _add_llvm_object(obj, entries)


def _resolve(name: str) -> int:
    """The address an object's undefined symbol ``name`` is bound to, as numba binds it:
    its math functions, its C helpers, else CPython's (and the C library's) symbol."""
    math = _state['math']
    if name in math and not name.startswith('numba_'):
        return math[name]
    return _state['syms'].get(name) or _python_symbol(name)


def _add_llvm_object(obj: bytes, entries) -> dict | None:
    import llvmlite.binding as ll
    try:
        undefined, defined = elf_symbols(obj)
    except ValueError:
        return None
    have = _state['defined']
    linker = _state.get('linker')
    if linker is not None:
        have = dict(have, **dict.fromkeys(linker.strong, True))
    if any(s in have for s in defined) or not set(entries) <= set(defined):
        return None
    eng = _engine()
    for s in undefined:
        if s in have:
            continue
        if s in _state['math'] and not s.startswith('numba_'):
            ll.add_symbol(s, _state['math'][s])     # (numba.core.externals' binding)
        elif not ll.address_of_symbol(s):
            addr = _python_symbol(s)
            if not addr:
                return None
            ll.add_symbol(s, addr)
    eng.add_object_file(ll.ObjectFileRef.from_data(bytes(obj)))
    eng.finalize_object()
    for s in defined:
        _state['defined'][s] = True
    out = {s: eng.get_function_address(s) for s in entries}
    return out if all(out.values()) else None


def _python_symbol(name: str) -> int:
    """The address of CPython API function ``name`` (0 if none)."""
    import ctypes
    try:
        return ctypes.cast(getattr(ctypes.pythonapi, name), ctypes.c_void_p).value or 0
    except AttributeError:
        return 0


def elf_symbols(obj: bytes) -> tuple[list, list]:
    """(undefined, defined) global symbol names of x86-64 ELF relocatable object ``obj``
    (weak definitions count as defined only once: they are numba's shared helpers); a
    ValueError for anything else."""
    from struct import error as struct_error

    from .elfload import Refused, sections, symbols
    try:
        syms = symbols(obj, sections(obj)[0])
    except (Refused, struct_error, IndexError) as e:
        raise ValueError('not an x86-64 relocatable ELF object: %s' % e) from None
    undefined = [n for n, bind, shndx, _v, _s in syms[1:] if n and shndx == 0]
    defined = [n for n, bind, shndx, _v, _s in syms[1:]
               if n and bind == 1 and shndx not in (0, 0xFFF2)]    # global, not common
    return undefined, defined
