"""``pyhoc-modl``: nrnivmodl's command line for pyhoc.

    pyhoc-modl [options] [mod files or directories with mod files]

With no file or directory, the ``.mod`` files of the current directory.  Each file is parsed,
its INCLUDEs expanded and the mechanism resolved and checked; the result (or the error, with
file, line and column) is cached by content (see cache.py), so a second run over unchanged
files reads the cache.  nrnivmodl's options are accepted: ``-incflags``/``-loadflags`` concern
its C++ compiler step, which pyhoc does not have, and ``-coreneuron``/``-nmodl``/
``-nmodlflags`` choose tools pyhoc does not use; they are reported and otherwise ignored.

Each translated file is also turned into its Python mechanism module (pyhoc.nmodl.codegen)
so that an unsupported construct is reported here, with file and line; the files that
translate are listed in ``.pyhoc-modl`` in the current folder, which pyhoc loads when it
starts there (as nrniv loads ``x86_64/``).
"""
from __future__ import annotations

import glob
import os
import sys

from .cache import cache_dir, translate
from .codegen import generate
from .errors import ModError
from .load import MARKER
from .verbatim import SET_ASIDE

USAGE = '''Usage: pyhoc-modl [options] [mod files or directories with mod files]
Options:
  -coreneuron             accepted for nrnivmodl compatibility (pyhoc has no CoreNEURON)
  -incflags "flags"       accepted for nrnivmodl compatibility (pyhoc compiles no C++)
  -loadflags "flags"      accepted for nrnivmodl compatibility (pyhoc links nothing)
  -nmodl path             accepted for nrnivmodl compatibility (pyhoc uses its own translator)
  -nmodlflags "flags"     accepted for nrnivmodl compatibility
  -v, --verbose           also print nocmodl-style warnings
  -h, --help              show this help message and exit
If no MOD files or directories are given, the MOD files of the current directory are used.
The translations are cached in $PYHOC_MODL_CACHE (default ~/.cache/pyhoc/nmodl).'''

_WITH_VALUE = ('-incflags', '-loadflags', '-nmodl', '-nmodlflags')


def _files(args, out) -> tuple:
    """(mod files, C files, bad arguments) as nrnivmodl reads its arguments."""
    files, cfiles, bad = [], [], []
    if not args:
        files = sorted(glob.glob('*.mod'))
    for a in args:
        if os.path.isdir(a):
            files.extend(sorted(glob.glob(os.path.join(a, '*.mod'))))
        elif a.endswith('.c') or a.endswith('.cpp'):
            cfiles.append(a)
        elif os.path.exists(a):
            files.append(a)
        elif os.path.exists(a + '.mod'):
            files.append(a + '.mod')
        else:
            bad.append(a)
    return files, cfiles, bad


def main(argv=None, out=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    verbose = False
    ignored = []
    while argv and argv[0].startswith('-'):
        a = argv.pop(0)
        if a in ('-h', '--help'):
            print(USAGE, file=out)
            return 0
        if a in ('-v', '--verbose'):
            verbose = True
        elif a == '-coreneuron':
            ignored.append(a)
        elif a in _WITH_VALUE:
            if not argv:
                print('%s needs a value' % a, file=out)
                return 1
            ignored.append('%s %s' % (a, argv.pop(0)))
        else:
            print('%s unrecognized, check available CLI options with --help' % a, file=out)
            return 1
    print(os.getcwd(), file=out)
    for a in ignored:
        print('note: %s is a nrnivmodl option for its C++ step; pyhoc has none and ignores it'
              % a, file=out)
    files, cfiles, bad = _files(argv, out)
    for a in bad:
        print('Arg Error: "%s" is not a folder or mod file name or prefix' % a, file=out)
    if bad:
        return 1
    for c in cfiles:
        print('note: %s: pyhoc translates .mod files only; C files are not compiled' % c,
              file=out)
    if not files:
        print('no .mod files', file=out)
        return 0
    failed = 0
    names = []
    done = []
    for path in files:
        r = translate(path)
        how = ' (cached)' if r.cached else ''
        if r.error is not None:
            failed += 1
            print(' -> NMODL %s: error%s' % (path, how), file=out)
            print(str(r.error), file=out)
            continue
        m = r.mechanism
        try:
            generate(m)
        except ModError as e:
            failed += 1
            print(' -> NMODL %s: not translated%s' % (path, how), file=out)
            print(str(e), file=out)
            continue
        names.append(m.name)
        done.append(path)
        what = 'SUFFIX nothing (functions only)' if m.library else '%s %s' % (m.kind, m.name)
        print(' -> NMODL %s: %s%s' % (path, what, how), file=out)
        for pos, msg in m.warnings:
            if verbose or msg.startswith(SET_ASIDE):
                print('%s:%d:%d: warning: %s' % (pos.file, pos.line, pos.column, msg),
                      file=out)
    print('%d of %d .mod files translated (resolved models in %s)'
          % (len(files) - failed, len(files), cache_dir()), file=out)
    if done:
        try:
            with open(MARKER, 'w') as f:
                f.write(''.join(os.path.relpath(p) + '\n' for p in done))
        except OSError as e:
            print('note: %s not written (%s): pyhoc will not load these at start' % (MARKER, e),
                  file=out)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
