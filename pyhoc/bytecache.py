"""One file of the bytecode that pyhoc processes import, so that a process takes its few
hundred start-up modules (pyhoc's, NumPy's, the standard library's) from one mapped file
instead of finding, opening and checking a ``.pyc`` for each: ~0.1 ms a module on a slow
machine, ~20 ms of a short script.

:func:`install` puts a finder before Python's path finder.  A module the file holds is
served from it while its source file has the size and modification time recorded (and, for
a submodule found without a search, its folder is unchanged: no new file can shadow it);
any other pure-Python module is imported as usual, its code recorded, and the process adds it
to the file at exit.  ``PYHOC_BYTECACHE=0`` turns it off.
"""
from __future__ import annotations

import marshal
import os
import sys

try:
    import _frozen_importlib_external as _bx    # (CPython's path-based import, always loaded)
except ImportError:                             # pragma: no cover - other Pythons
    _bx = None

FORMAT = b'pyhocbc1'
# a file that grew past this many modules (long sessions import many) starts again
MAX_MODULES = 4000

# module name -> its rows (one a source file of that name: several trees may use one
# Python): (path, mtime_ns, size, the searched folder's mtime_ns, is package, offset, length)
_index: dict = {}
_data = None            # the file's blobs, mapped
_fresh: dict = {}       # module name -> its index row and code, imported this run from .pyc
_folders: dict = {}     # folder -> its mtime_ns (stat once a process)
_file = None            # the file's path once installed


def _folder_mtime(folder: str):
    m = _folders.get(folder)
    if m is None:
        try:
            m = os.stat(folder).st_mtime_ns
        except OSError:
            m = -1
        _folders[folder] = m
    return m


def _searched(path: str, package: bool) -> str:
    """The folder a search finds module file ``path`` in (a package's: its parent)."""
    folder = os.path.dirname(path)
    return os.path.dirname(folder) if package else folder


def _current(row, path: str) -> bool:
    """Whether the source at ``path`` is what ``row`` recorded."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return st.st_mtime_ns == row[1] and st.st_size == row[2]


class _Loader(_bx.SourceFileLoader if _bx else object):
    """Python's source loader, taking the code from the file where its row is current and
    recording what it read or compiled otherwise."""

    def __init__(self, fullname, path, row=None):
        super().__init__(fullname, path)
        self._row = row

    def get_code(self, fullname):
        row = self._row
        if row is not None:
            self._row = None
            try:
                return marshal.loads(_data[row[5]:row[5] + row[6]])
            except (ValueError, EOFError, TypeError):
                pass
        code = super().get_code(fullname)
        try:
            st = os.stat(self.path)
            package = self.is_package(fullname)
            _fresh[fullname] = ((self.path, st.st_mtime_ns, st.st_size,
                                 _folder_mtime(_searched(self.path, package)), package),
                                marshal.dumps(code))
        except (OSError, ValueError):
            pass
        return code


class _Finder:
    """Before Python's path finder: a submodule whose row is current (its package's only
    search folder is the row's and unchanged) without searching; anything else through the
    path finder, its source loader replaced by :class:`_Loader`."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        rows = _index.get(name, ())
        if rows and path is not None and len(path) == 1:
            for row in rows:
                file = row[0]
                where = _searched(file, row[4])
                if path[0] == where and _folder_mtime(where) == row[3] and _current(row, file):
                    return _bx.spec_from_file_location(
                        name, file, loader=_Loader(name, file, row),
                        submodule_search_locations=[os.path.dirname(file)] if row[4] else None)
        spec = _bx.PathFinder.find_spec(name, path, target)
        if spec is not None and type(spec.loader) is _bx.SourceFileLoader:
            origin = spec.origin
            spec.loader = _Loader(name, origin, next(
                (row for row in rows if row[0] == origin and _current(row, origin)), None))
        return spec

    @staticmethod
    def invalidate_caches():
        _folders.clear()


def cache_base() -> str:
    """pyhoc's cache folder: $PYHOC_CACHE_DIR, else pyhoc in $XDG_CACHE_HOME or ~/.cache
    (the parsed HOC files' are in its ``hoc``)."""
    d = os.environ.get('PYHOC_CACHE_DIR')
    if d:
        return d
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'pyhoc')


def cache_file() -> str:
    """This Python's file in :func:`cache_base`, named by the interpreter's bytecode
    version and prefix."""
    import zlib         # (NumPy and the HOC parse cache load it anyway)
    key = '%s|%s|%s|%d' % (sys.prefix, sys.implementation.cache_tag,
                           _bx.MAGIC_NUMBER.hex(), sys.flags.optimize)
    return os.path.join(cache_base(), 'bytecode-%s-%08x.bin' % (
        sys.implementation.cache_tag, zlib.crc32(key.encode())))


def _read(path: str) -> None:
    global _index, _data
    try:
        with open(path, 'rb') as f:
            head = f.read(16)
            if len(head) < 16 or head[:8] != FORMAT:
                return
            n = int.from_bytes(head[8:16], 'little')
            index = marshal.loads(f.read(n))
            import mmap
            data = memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))[16 + n:]
    except (OSError, ValueError, EOFError, TypeError):
        return
    if not isinstance(index, dict) or any(r[5] + r[6] > len(data)
                                          for rows in index.values() for r in rows):
        return          # (not a whole file)
    _index, _data = index, data


def _write() -> None:
    """Add the modules imported from .pyc this run to the file (atexit)."""
    if not _fresh or _file is None:
        return
    old = {} if sum(map(len, _index.values())) + len(_fresh) > MAX_MODULES else _index
    blobs, index, off = [], {}, 0
    for name, rows in old.items():
        new = _fresh.get(name)
        for row in rows:
            if new is None or row[0] != new[0][0]:
                b = _data[row[5]:row[5] + row[6]]
                index.setdefault(name, []).append(row[:5] + (off, len(b)))
                blobs.append(b)
                off += len(b)
    for name, (row, b) in _fresh.items():
        index.setdefault(name, []).append(row + (off, len(b)))
        blobs.append(b)
        off += len(b)
    index = {name: tuple(rows) for name, rows in index.items()}
    head = marshal.dumps(index)
    tmp = '%s.%d.tmp' % (_file, os.getpid())
    try:
        os.makedirs(os.path.dirname(_file), exist_ok=True)
        with open(tmp, 'wb') as f:
            f.write(FORMAT + len(head).to_bytes(8, 'little'))
            f.write(head)
            for b in blobs:
                f.write(b)
        os.replace(tmp, _file)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    _fresh.clear()


def install() -> None:
    """Serve imports from the file from now on and add to it at exit (once a process; not
    with PYHOC_BYTECACHE=0 or where Python's path-based import is not CPython's)."""
    global _file
    if _file is not None or _bx is None or os.environ.get('PYHOC_BYTECACHE') == '0' \
            or sys.dont_write_bytecode and 'PYHOC_BYTECACHE' not in os.environ:
        return
    meta = sys.meta_path
    try:
        at = meta.index(_bx.PathFinder)
    except ValueError:
        return
    _file = cache_file()
    _read(_file)
    meta.insert(at, _Finder)
    import atexit
    atexit.register(_write)
