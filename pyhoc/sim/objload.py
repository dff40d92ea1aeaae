"""numba-compiled machine code loaded from pyhoc's own store, without importing numba.

A process that imports numba and makes it load cached functions pays about half a second
before its first compiled call (numba's import, its typing and target contexts, its JIT).
The code numba compiled is an ELF object; this module keeps such objects (:func:`save`,
with what the caller needs to use them: entry symbols, signature tags...) and loads them
into an LLVM JIT of llvmlite's own (:func:`load`), the external symbols they use bound
exactly as numba binds them (numba's C helper extensions, loaded from their files without
the numba package; its math functions; CPython's API), so the loaded machine code is the
one numba made, byte for byte.  The store is keyed by :func:`fingerprint` (CPU, versions,
numba's environment settings): anything else, and any object whose symbols cannot all be
bound, is not served (None), and the caller compiles with numba instead.  x86-64 Linux only;
``PYHOC_OBJLOAD=0`` turns it off (numba's own copies of the same code then run).
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
    import importlib.util
    spec = importlib.util.find_spec('numba')     # (finds it, does not import it)
    return os.path.dirname(spec.origin)


def numba_version() -> str:
    """numba.__version__ without importing numba (its versioneer file's JSON)."""
    v = _state.get('numba_version')
    if v is None:
        import re
        with open(os.path.join(_numba_dir(), '_version.py')) as f:
            m = re.search(r'"version":\s*"([^"]+)"', f.read())
        v = _state['numba_version'] = m.group(1)
    return v


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
    """llvmlite's JIT and the symbols numba binds (numba.core.base._load_global_helpers,
    numba.core.runtime.nrt, numba.core.externals: the same names, the same addresses)."""
    import builtins

    import llvmlite
    import llvmlite.binding as ll
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
    for k, addr in syms.items():
        ll.add_symbol(k, addr)
    ll.initialize_native_target()
    ll.initialize_native_asmprinter()
    cpu = os.environ.get('NUMBA_CPU_NAME') or ll.get_host_cpu_name()
    feats = os.environ.get('NUMBA_CPU_FEATURES') or ll.get_host_cpu_features().flatten()
    tm = ll.Target.from_triple(ll.get_process_triple()).create_target_machine(
        cpu=cpu, features=feats, opt=0, codemodel='jitdefault', jit=True)
    _state['engine'] = ll.create_mcjit_compiler(ll.parse_assembly(''), tm)
    _state['math'] = helper.c_helpers         # (numba binds its math names to these)
    _state['defined'] = {}
    numba_env = sorted((k, v) for k, v in os.environ.items() if k.startswith('NUMBA_'))
    _state['fingerprint'] = repr((FORMAT, llvmlite.__version__, numba_version(), sys.version,
                                  ll.get_process_triple(), cpu, feats, numba_env))


def fingerprint() -> str:
    """What a stored object's machine code depends on besides its source (see module doc)."""
    return _state['fingerprint'] if usable() else ''


def _path(key: str) -> str:
    import hashlib
    from .contract import cache_dir
    h = hashlib.sha256((fingerprint() + '\0' + key).encode()).hexdigest()[:32]
    return os.path.join(cache_dir(), 'objects', h + '.pobj')


def save(key: str, obj: bytes, meta: dict) -> None:
    """Store object code ``obj`` with ``meta`` (a dict of plain values; ``meta['symbols']``
    the entry symbols whose addresses :func:`load` gives) under ``key`` (atomically; an
    unwritable store is left alone)."""
    if not usable() or not obj:
        return
    import pickle
    path = _path(key)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = '%s.%d.tmp' % (path, os.getpid())
        with open(tmp, 'wb') as f:
            pickle.dump((key, dict(meta, obj=bytes(obj))), f, protocol=4)
        os.replace(tmp, path)
    except OSError:
        pass


def stored(key: str) -> bool:
    return usable() and os.path.exists(_path(key))


def load(key: str):
    """The metadata stored under ``key`` with ``addr`` (entry symbol -> address) added, its
    object loaded into this process's JIT; None where there is none or it cannot be loaded
    (the caller compiles with numba)."""
    got = _loaded.get(key)
    if got is not None or not usable():
        return got
    import pickle
    try:
        with open(_path(key), 'rb') as f:
            k, meta = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
        return None
    if k != key:
        return None
    addrs = _add_object(meta.pop('obj'), meta['symbols'])
    if addrs is None:
        return None
    meta['addr'] = addrs
    _loaded[key] = meta
    return meta


def _add_object(obj: bytes, entries) -> dict | None:
    """Load ELF object ``obj`` into the JIT; the addresses of ``entries``, or None when one
    of its external symbols cannot be bound or it defines a symbol already defined."""
    import llvmlite.binding as ll
    try:
        undefined, defined = elf_symbols(obj)
    except ValueError:
        return None
    have = _state['defined']
    if any(s in have for s in defined) or not set(entries) <= set(defined):
        return None
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
    eng = _state['engine']
    eng.add_object_file(ll.ObjectFileRef.from_data(bytes(obj)))
    eng.finalize_object()
    for s in defined:
        have[s] = True
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
    (weak definitions count as defined only once: they are numba's shared helpers)."""
    import struct
    if obj[:4] != b'\x7fELF' or obj[4] != 2 or obj[5] != 1 or \
            struct.unpack_from('<HH', obj, 16) != (1, 62):     # ELF64, LE, REL, x86-64
        raise ValueError('not an x86-64 relocatable ELF object')
    shoff, = struct.unpack_from('<Q', obj, 0x28)
    shentsize, shnum = struct.unpack_from('<HH', obj, 0x3A)
    secs = [struct.unpack_from('<IIQQQQIIQQ', obj, shoff + i * shentsize) for i in range(shnum)]
    undefined, defined = [], []
    for sec in secs:
        if sec[1] != 2:         # SHT_SYMTAB
            continue
        stroff = secs[sec[6]][4]
        off, size, entsize = sec[4], sec[5], sec[9]
        for j in range(1, size // entsize):
            st_name, st_info, _other, st_shndx = struct.unpack_from('<IBBH', obj,
                                                                     off + j * entsize)
            bind = st_info >> 4
            if bind == 0 or not st_name:        # (local)
                continue
            end = obj.index(b'\0', stroff + st_name)
            name = obj[stroff + st_name:end].decode()
            if st_shndx == 0:
                undefined.append(name)
            elif bind == 1 and st_shndx != 0xFFF2:      # global, not common
                defined.append(name)
    return undefined, defined
