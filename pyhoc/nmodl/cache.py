"""The translation cache: a ``.mod`` file's resolved Mechanism (or its error), keyed by content.

The key is a SHA-256 of the translator's format version and front-end source, the ``.mod``
bytes and the bytes of every file it INCLUDEs, so a changed file (or include, or translator)
is translated again and an unchanged one never is, wherever it lives.  Entries are pickles written to a temporary file and renamed into
place, so parallel runs never see half an entry; a cache folder that cannot be written (a
read-only install, a shared cluster folder) is only read from, and translation then happens in
memory.  The folder is ``$PYHOC_MODL_CACHE``, else ``$XDG_CACHE_HOME/pyhoc/nmodl``, else
``~/.cache/pyhoc/nmodl``.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
from typing import Optional

from .errors import ModError
from .model import Mechanism, include_path, read_mod

# bump when the pickled form (ast, model) changes: old entries are then ignored
FORMAT = 2

_INCLUDE = re.compile(rb'^[ \t]*INCLUDE[ \t]+"([^"]+)"', re.M)
# the translator's own source: a pyhoc whose front end reads .mod files otherwise (a fix in
# the resolver) does not take an entry an older one made
_FRONT_END = ('lexer.py', 'parser.py', 'ast.py', 'model.py', 'units.py', 'errors.py')
_front_end_digest: Optional[bytes] = None
_generator_digest: Optional[str] = None


def _front_end() -> bytes:
    global _front_end_digest
    if _front_end_digest is None:
        h = hashlib.sha256()
        here = os.path.dirname(os.path.abspath(__file__))
        for name in _FRONT_END:
            with open(os.path.join(here, name), 'rb') as f:
                h.update(f.read())
        _front_end_digest = h.digest()
    return _front_end_digest


def generator_digest() -> str:
    """A digest of the whole translator's source (this package's modules): the key, with a
    file's content_key, of the Python module generated from it (pyhoc.nmodl.load)."""
    global _generator_digest
    if _generator_digest is None:
        h = hashlib.sha256()
        here = os.path.dirname(os.path.abspath(__file__))
        for name in sorted(os.listdir(here)):
            if name.endswith('.py'):
                with open(os.path.join(here, name), 'rb') as f:
                    h.update(name.encode() + b'\0' + f.read())
        _generator_digest = h.hexdigest()[:20]
    return _generator_digest


def cache_dir() -> str:
    d = os.environ.get('PYHOC_MODL_CACHE')
    if d:
        return d
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'pyhoc', 'nmodl')


def content_key(path: str, search=()) -> str:
    """The cache key of ``path``: its bytes and those of the files it INCLUDEs (recursively)."""
    h = hashlib.sha256(b'pyhoc-nmodl %d\0' % FORMAT)
    h.update(_front_end())
    search = tuple(search) + include_path()
    seen = set()

    def add(p, depth):
        real = os.path.realpath(p)
        if real in seen or depth > 20:
            return
        seen.add(real)
        with open(p, 'rb') as f:
            data = f.read()
        h.update(os.path.basename(p).encode() + b'\0%d\0' % len(data))
        h.update(data)
        for inc in _INCLUDE.findall(data):
            name = inc.decode('latin-1')
            for d in (os.path.dirname(os.path.abspath(p)),) + tuple(search):
                q = os.path.join(d, name)
                if os.path.isfile(q):
                    add(q, depth + 1)
                    break
            else:
                h.update(b'missing:' + inc)

    add(path, 0)
    return h.hexdigest()


class Result:
    """One translation: the Mechanism or the ModError, whether it came from the cache, and
    where its entry lives (None when the cache could not be written)."""

    __slots__ = ('path', 'mechanism', 'error', 'cached', 'entry')

    def __init__(self, path, mechanism, error, cached, entry):
        self.path, self.mechanism, self.error = path, mechanism, error
        self.cached, self.entry = cached, entry


def _entry_path(directory: str, key: str) -> str:
    return os.path.join(directory, key[:2], key + '.pickle')


def _load(entry: str):
    try:
        with open(entry, 'rb') as f:
            data = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
            TypeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get('format') != FORMAT:
        return None
    return data


def _store(entry: str, data: dict) -> bool:
    directory = os.path.dirname(entry)
    try:
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix='.tmp-', suffix='.pickle', dir=directory)
    except OSError:
        return False
    try:
        with os.fdopen(fd, 'wb') as f:
            pickle.dump(data, f, protocol=4)
        os.replace(tmp, entry)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def translate(path: str, search=(), directory: Optional[str] = None,
              key: Optional[str] = None) -> Result:
    """The translation of the ``.mod`` file at ``path``, from the cache when its content was
    translated before (``key``: its content_key, when the caller has it).  Never raises
    ModError: a failed translation is a Result with ``error`` (and is cached as well)."""
    directory = directory or cache_dir()
    key = key or content_key(path, search)
    entry = _entry_path(directory, key)
    data = _load(entry)
    if data is not None:
        return Result(path, data['mechanism'], data['error'], True, entry)
    mech: Optional[Mechanism] = None
    err: Optional[ModError] = None
    try:
        mech = read_mod(path, search)
    except ModError as e:
        err = e
    stored = _store(entry, {'format': FORMAT, 'file': os.path.abspath(path),
                            'mechanism': mech, 'error': err})
    return Result(path, mech, err, False, entry if stored else None)
