"""pyhoc-modl and the translation cache: nrnivmodl's arguments, content-keyed entries, a
changed file translated again, a cache that cannot be written, parallel writers."""
import io
import multiprocessing
import os
import pickle

import pytest

from pyhoc.nmodl import cache
from pyhoc.nmodl.cli import main

PAS = '''NEURON { SUFFIX mypas NONSPECIFIC_CURRENT i RANGE g, e }
PARAMETER { g = .001 (S/cm2) e = -70 (mV) }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT { i = g*(v - e) }
'''
BAD = 'NEURON { SUFFIX bad }\nBREAKPOINT {\n  i = 1 +\n}\n'


@pytest.fixture
def moddir(tmp_path, monkeypatch):
    d = tmp_path / 'mods'
    d.mkdir()
    (d / 'mypas.mod').write_text(PAS)
    monkeypatch.setenv('PYHOC_MODL_CACHE', str(tmp_path / 'cache'))
    monkeypatch.chdir(d)
    return d


def _run(*args):
    out = io.StringIO()
    rc = main(list(args), out=out)
    return rc, out.getvalue()


def test_translates_the_current_folder_then_reads_the_cache(moddir, tmp_path):
    rc, out = _run()
    assert rc == 0
    assert ' -> NMODL mypas.mod: SUFFIX mypas\n' in out
    assert '1 of 1 .mod files translated' in out
    assert (moddir / '.pyhoc-modl').read_text() == 'mypas.mod\n'     # pyhoc loads these at start
    entries = list((tmp_path / 'cache').rglob('*.pickle'))
    assert len(entries) == 1
    with open(entries[0], 'rb') as f:
        data = pickle.load(f)
    assert data['mechanism'].name == 'mypas' and data['error'] is None
    assert data['mechanism'].symbols['g'].default == .001
    rc, out = _run()
    assert ' -> NMODL mypas.mod: SUFFIX mypas (cached)' in out


def test_a_changed_file_is_translated_again(moddir):
    _run('mypas.mod')
    (moddir / 'mypas.mod').write_text(PAS.replace('-70', '-65'))
    rc, out = _run('mypas')                   # nrnivmodl takes a name without .mod too
    assert rc == 0 and '(cached)' not in out
    r = cache.translate('mypas.mod')
    assert r.cached and r.mechanism.symbols['e'].default == -65.0


def test_included_file_is_part_of_the_key(moddir):
    (moddir / 'p.inc').write_text('PARAMETER { gx = 1 }\n')
    (moddir / 'inc.mod').write_text('NEURON { SUFFIX inc }\nINCLUDE "p.inc"\n')
    k1 = cache.content_key('inc.mod')
    (moddir / 'p.inc').write_text('PARAMETER { gx = 2 }\n')
    assert cache.content_key('inc.mod') != k1
    assert cache.translate('inc.mod').mechanism.symbols['gx'].default == 2.0



def test_translator_source_is_part_of_the_key(moddir, monkeypatch):
    """An entry an older front end made (another resolver, another result) is not taken."""
    (moddir / 'mypas.mod').write_text(PAS)
    k1 = cache.content_key('mypas.mod')
    assert cache.content_key('mypas.mod') == k1
    monkeypatch.setattr(cache, '_front_end_digest', b'another resolver')
    assert cache.content_key('mypas.mod') != k1

def test_errors_name_file_and_line_and_fail_the_run(moddir):
    (moddir / 'bad.mod').write_text(BAD)
    rc, out = _run(str(moddir))
    assert rc == 1
    assert 'bad.mod:4:1: syntax error at \'}\' in BREAKPOINT block' in out
    assert '1 of 2 .mod files translated' in out
    rc, out = _run(str(moddir))
    assert ' -> NMODL %s: error (cached)' % os.path.join(str(moddir), 'bad.mod') in out


def test_nrnivmodl_options_and_bad_arguments(moddir):
    rc, out = _run('-coreneuron', '-incflags', '-I/x', '-loadflags', '-lm', '.')
    assert rc == 0
    assert 'note: -incflags -I/x is a nrnivmodl option' in out
    assert 'note: -coreneuron' in out
    rc, out = _run('-bogus')
    assert rc == 1 and '-bogus unrecognized' in out
    rc, out = _run('nothere')
    assert rc == 1 and 'Arg Error: "nothere" is not a folder or mod file name or prefix' in out
    rc, out = _run('--help')
    assert rc == 0 and out.startswith('Usage: pyhoc-modl')


def test_unwritable_cache_still_translates(moddir, tmp_path, monkeypatch):
    blocker = tmp_path / 'not-a-dir'
    blocker.write_text('')
    monkeypatch.setenv('PYHOC_MODL_CACHE', str(blocker / 'cache'))
    r = cache.translate('mypas.mod')
    assert r.mechanism.name == 'mypas' and r.entry is None and not r.cached
    rc, out = _run()
    assert rc == 0 and 'SUFFIX mypas' in out


def test_corrupt_entry_is_ignored(moddir):
    r = cache.translate('mypas.mod')
    with open(r.entry, 'wb') as f:
        f.write(b'not a pickle')
    r2 = cache.translate('mypas.mod')
    assert not r2.cached and r2.mechanism.name == 'mypas'
    assert cache.translate('mypas.mod').cached


def _translate_many(args):
    path, d = args
    names = []
    for _ in range(5):
        names.append(cache.translate(path, directory=d).mechanism.name)
    return names


def test_parallel_writers_share_one_cache(moddir, tmp_path):
    d = str(tmp_path / 'shared')
    path = str(moddir / 'mypas.mod')
    ctx = multiprocessing.get_context('fork')
    with ctx.Pool(4) as pool:
        results = pool.map(_translate_many, [(path, d)] * 8)
    assert all(n == 'mypas' for names in results for n in names)
    files = [f for _, _, fs in os.walk(d) for f in fs]
    assert len(files) == 1 and not files[0].startswith('.tmp-')
