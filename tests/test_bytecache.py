"""pyhoc.bytecache: a process takes modules from the file while their sources are unchanged,
and anything changed or new (an edited source, a package that now shadows a module, a
damaged file) is imported from its source as Python would."""
import os
import subprocess
import sys

import pyhoc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(pyhoc.__file__)))

PROBE = '''
import pyhoc, pyhoc.bytecache as b
import bcpkg.sub
print(bcpkg.sub.value, 'fresh' if 'bcpkg.sub' in b._fresh else 'file')
'''


def _run(tmp_path):
    env = dict(os.environ, PYHOC_CACHE_DIR=str(tmp_path / 'cache'),
               PYTHONPATH=os.pathsep.join([str(tmp_path), ROOT]))
    env.pop('PYTHONDONTWRITEBYTECODE', None)
    env.pop('PYHOC_BYTECACHE', None)
    out = subprocess.run([sys.executable, '-c', PROBE], env=env, capture_output=True,
                         text=True, cwd=str(tmp_path))
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def _write(path, text):
    path.write_text(text)
    st = os.stat(path)          # (a new modification time even where the clock is coarse)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))


def test_sources_served_from_the_file_until_they_change(tmp_path):
    pkg = tmp_path / 'bcpkg'
    pkg.mkdir()
    (pkg / '__init__.py').write_text('')
    _write(pkg / 'sub.py', 'value = 1\n')
    assert _run(tmp_path) == ['1', 'fresh']         # read from .pyc, added at exit
    assert _run(tmp_path) == ['1', 'file']
    _write(pkg / 'sub.py', 'value = 22\n')
    assert _run(tmp_path) == ['22', 'fresh']        # the source changed
    assert _run(tmp_path) == ['22', 'file']
    (pkg / 'sub').mkdir()                           # a package now shadows the module
    (pkg / 'sub' / '__init__.py').write_text('value = 333\n')
    assert _run(tmp_path) == ['333', 'fresh']
    assert _run(tmp_path) == ['333', 'file']


def test_a_damaged_file_is_ignored(tmp_path):
    pkg = tmp_path / 'bcpkg'
    pkg.mkdir()
    (pkg / '__init__.py').write_text('')
    _write(pkg / 'sub.py', 'value = 4\n')
    assert _run(tmp_path) == ['4', 'fresh']
    [f] = [p for p in (tmp_path / 'cache').iterdir() if p.name.startswith('bytecode-')]
    data = f.read_bytes()
    f.write_bytes(data[:len(data) // 2])
    assert _run(tmp_path) == ['4', 'fresh']
    f.write_bytes(b'not a cache file')
    assert _run(tmp_path) == ['4', 'fresh']
    assert _run(tmp_path) == ['4', 'file']
