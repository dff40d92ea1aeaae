"""``load_file`` and friends: finding HOC files, loading each once, the native library.

Search order for a name without a directory: the current directory, each folder of
``HOC_LIBRARY_PATH``, then pyhoc's native library (``pyhoc.hoc.library``), whose entries
install Python implementations instead of parsing a ``.hoc`` file.  A model's own copy of a
library file in its folder therefore wins, as in NEURON; but the files a native library file
loads (nrngui.hoc's stdrun.hoc ...) are native ones, as NEURON's come from its library folder.
"""
from __future__ import annotations

import gc
import os
import re
from contextlib import contextmanager

from ..errors import HocError
from . import library


def neuronhome() -> str:
    """What ``neuronhome()`` and ``$(NEURONHOME)`` name: the NEURONHOME environment variable,
    else pyhoc's own folder.  Its ``lib/hoc`` holds no files: names there are the native library."""
    return os.environ.get('NEURONHOME') or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def expand_path(name: str) -> str:
    """A file name as NEURON opens it: ``$(VAR)`` replaced by the environment variable
    (``$(NEURONHOME)`` by neuronhome()), a leading ``~`` by the home folder."""
    if '$(' in name:
        name = re.sub(r'\$\((\w+)\)', lambda m: neuronhome() if m.group(1) == 'NEURONHOME'
                      else os.environ.get(m.group(1), ''), name)
    return os.path.expanduser(name)


def native_library_file(path: str):
    """The native installer for a path in neuronhome()'s lib/hoc, where models that name
    NEURON's library by ``$(NEURONHOME)/lib/hoc/x.hoc`` look for it; else None."""
    folder, base = os.path.split(os.path.normpath(path))
    if folder != os.path.join(neuronhome(), 'lib', 'hoc'):
        return None
    return library.installer(base)


def library_dirs() -> list[str]:
    path = os.environ.get('HOC_LIBRARY_PATH', '')
    return [d for d in re.split(r'[:\s]+', path) if d] if path else []


def find_file(name: str):
    """(path, chdir_to) for a HOC file name, or (None, None)."""
    if os.path.isabs(name) or '/' in name:
        return (name, os.path.dirname(name) or None) if os.path.isfile(name) else (None, None)
    if os.path.isfile(name):
        return name, None
    for d in library_dirs():
        p = os.path.join(os.path.expanduser(d), name)
        if os.path.isfile(p):
            return p, os.path.dirname(p)
    return None, None


_loading: list = []     # (base, frames) of the load_file calls under way, innermost last


def load_file(interp, *args) -> float:
    force = False
    symbol = None
    given = args
    args = list(args)
    if args and isinstance(args[0], (float, int)):
        force = bool(args.pop(0))
    if not args:
        raise HocError('load_file: file name expected')
    name = expand_path(str(args[0]))
    if len(args) > 1 and isinstance(args[1], str):
        symbol = args[1]
        if interp.is_declared(symbol):
            return 0.0
    if name in interp.loaded and not force:
        return 1.0
    installer = library.installer(os.path.basename(name))
    native_first = installer is not None and '/' not in name and interp.native_depth
    path, chdir_to = (None, None) if native_first else find_file(name)
    if path is None:
        if installer is not None:
            interp.loaded.add(name)
            interp.native_depth += 1
            try:
                installer(interp)
            finally:
                interp.native_depth -= 1
            return 1.0
        interp.warning("Couldn't find: %s" % name)      # (NEURON's layout, and on)
        return 0.0
    interp.loaded.add(name)
    cwd = os.getcwd()
    if chdir_to:
        os.chdir(chdir_to)
        path = os.path.basename(path)
    _loading.append((path, _load_frames(path, given)))
    try:
        with _collector_spared():
            interp.run_file(path)    # (named as NEURON names it: as xopen opens it)
    except HocError as e:
        raise _load_failed(interp, e) from None
    finally:
        _loading.pop()
        if chdir_to:
            os.chdir(cwd)
    return 1.0


def _load_frames(base: str, args) -> list:
    """The calls NEURON's load_file makes to read a file, as an error's call stack shows
    them, innermost first: it runs ``execute1("{xopen(\"base\")}")``."""
    from .interpreter import call_text
    return [call_text('xopen', [base]), call_text('execute1', ['{xopen("%s")}' % base]),
            call_text('load_file', list(args))]


def _load_failed(interp, err: HocError) -> HocError:
    """NEURON's execute1 reports the file's error where it catches it, with the calls under
    way (xopen, execute1, load_file, the load_files and HOC calls around it); load_file then
    fails with "hoc_Load_file base": this second error, whose place is NEURON's file name as
    the failed file left it and the line of the load_file call, not shown."""
    from ..errors import Coord
    if len(err.stack) < 10:
        for _, frames in reversed(_loading):
            err.stack += frames
        err.stack += interp.calls_under_way()
    interp.error_message(err)
    base, frames = _loading[-1]
    c = err.coord
    s = interp.sources[-1] if interp.sources else None
    line = s.lineno if s is not None else 0     # (0 from Python: no HOC line read)
    failed = HocError('hoc_Load_file %s' % base,
                      Coord(c.file if c is not None else None, line), [frames[2]])
    failed.shows_line = False
    return failed


_spared = 0


@contextmanager
def _collector_spared():
    """While a file loads, the cyclic garbage collector skips the objects that existed
    before (gc.freeze; they are handed back afterwards).  Its full collections otherwise
    walk every module object of the process, about a tenth of loading c91662.ses.  Left
    alone when someone else froze objects already."""
    global _spared
    if _spared == 0 and gc.get_freeze_count():
        yield
        return
    if _spared == 0:
        gc.freeze()
    _spared += 1
    try:
        yield
    finally:
        _spared -= 1
        if _spared == 0:
            gc.unfreeze()


def load_definition(interp, keyword: str, names) -> float:
    """load_proc/load_func/load_template: load the first file in the path defining a name."""
    dirs = ['.'] + library_dirs()
    for name in names:
        if interp.is_declared(str(name)):
            continue
        pattern = re.compile(r'^\s*%s\s+%s\b' % (keyword, re.escape(str(name))), re.M)
        for d in dirs:
            try:
                entries = sorted(os.listdir(os.path.expanduser(d)))
            except OSError:
                continue
            for f in entries:
                if not f.endswith(('.hoc', '.oc')):
                    continue
                p = os.path.join(d, f)
                try:
                    with open(p, encoding='utf-8', errors='replace') as fh:
                        text = fh.read()
                except OSError:
                    continue
                if pattern.search(text):
                    load_file(interp, p)
                    break
            else:
                continue
            break
        else:
            raise HocError("Couldn't find %s in the HOC library path" % name)
    return 1.0
