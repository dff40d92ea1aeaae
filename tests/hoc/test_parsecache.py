"""The on-disk cache of parsed file statements (pyhoc.hoc.parsecache): a second process reads
the trees instead of parsing, with the same results, and parses again where a name's being
a section has changed."""
import io

import pytest

from pyhoc.errors import HocError
from pyhoc.hoc import interpreter, parsecache
from pyhoc.hoc.interpreter import Interpreter


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv('PYHOC_CACHE_DIR', str(tmp_path / 'cache'))
    monkeypatch.delenv('PYHOC_HOC_CACHE', raising=False)
    parses = []
    real = parsecache.parse_statement

    def counting(stream, section_name=None, object_name=None):
        node = real(stream, section_name, object_name)
        if node is not None:
            parses.append(node)
        return node
    monkeypatch.setattr(parsecache, 'parse_statement', counting)
    monkeypatch.setattr(interpreter, 'parse_statement', counting)     # (cache turned off)
    return parses


def run(path):
    out = io.StringIO()
    interp = Interpreter(stdout=out, stderr=io.StringIO())
    interp.run_file(str(path))
    return interp, out.getvalue()


SCRIPT = '''// fscan leaves the stream mid-file and mid-line: statements start there too
create soma, dend[2]
proc show() { printf("%g %g %s\\n", $1, $2, $s3) }
{x = fscan() y = fscan()}
1.5 2.5
soma { L = x * 10 }
dend[1] { L = y }
for i = 0, 1 { show(i, fscan(), "a b") }
7
8 z = 3
forall print secname(), " ", L
print z
'''


def test_second_run_reads_the_trees(tmp_path, cache):
    f = tmp_path / 'model.hoc'
    f.write_text(SCRIPT)
    _, first = run(f)
    n_first = len(cache)
    assert n_first >= 4 and list((tmp_path / 'cache' / 'hoc').iterdir())
    del cache[:]
    _, second = run(f)
    assert cache == [] and second == first
    # (NEURON 9.0.2 prints the same)
    assert first == '0 7 a b\n1 8 a b\nsoma 15 \ndend[0] 100 \ndend[1] 2.5 \n3 \n'


def test_a_changed_file_is_parsed(tmp_path, cache):
    f = tmp_path / 'model.hoc'
    # (comments: lines the statement cache of stmtcache.py leaves to the parser)
    f.write_text('a = 1  // one\nprint a  // two\n')
    run(f)
    f.write_text('a = 2  // one\nprint a  // two\n')
    del cache[:]
    assert run(f)[1] == '2 \n' and len(cache) == 2


def test_a_name_no_longer_a_section_is_parsed_again(tmp_path, cache):
    lib = tmp_path / 'lib.hoc'
    lib.write_text('soma L = 7  // (parsed)\nprint soma.L\n')
    main = tmp_path / 'main.hoc'
    main.write_text('create soma\n{load_file("%s")}\n' % lib)
    assert run(main)[1] == '7 \n'
    del cache[:]
    # without the section, ``soma L = 7`` is a syntax error, cached tree or not
    with pytest.raises(HocError, match='syntax error'):
        run(lib)


def test_a_name_no_longer_an_object_is_parsed_again(tmp_path, cache):
    lib = tmp_path / 'lib.hoc'
    lib.write_text('vv.fill(1) print vv.sum()  // (parsed)\n')
    main = tmp_path / 'main.hoc'
    main.write_text('objref vv\nvv = new Vector(2)\n{load_file("%s")}\n' % lib)
    assert run(main)[1] == '2 \n'
    del cache[:]
    # without the objref, NEURON's parser refuses ``vv.``, cached tree or not
    with pytest.raises(HocError, match='syntax error'):
        run(lib)


def test_turned_off(tmp_path, cache, monkeypatch):
    monkeypatch.setenv('PYHOC_HOC_CACHE', '0')
    f = tmp_path / 'model.hoc'
    f.write_text('print 3  // (parsed)\n')
    run(f)
    run(f)
    assert len(cache) == 2 and not (tmp_path / 'cache' / 'hoc').exists()


def test_parser_change_starts_afresh(tmp_path, cache, monkeypatch):
    f = tmp_path / 'model.hoc'
    f.write_text('print 4  // (parsed)\n')
    run(f)
    monkeypatch.setattr(parsecache, '_fingerprint', b'another grammar')
    del cache[:]
    run(f)
    assert len(cache) == 1


def test_library_text_is_kept_other_strings_are_not(cache):
    from pyhoc.hoc.library import define
    text = 'proc twice() { print 2 * $1 }  // a library proc\n'
    for _ in range(2):
        interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
        define(interp, text)
        interp.execute('twice(21)')
        assert interp.stdout.getvalue() == '42 \n'
    # the library text parsed once, the execute() string every time
    assert [type(n).__name__ for n in cache] == ['FuncDef', 'Empty', 'Block', 'Block']


def test_texts_that_share_a_name_are_told_apart(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(parsecache, '_digest', lambda data: 'same')
    a, b = tmp_path / 'a.hoc', tmp_path / 'b.hoc'
    a.write_text('print 1  // (parsed)\n')
    b.write_text('print 2  // (parsed)\n')
    assert [run(p)[1] for p in (a, b, a, b)] == ['1 \n', '2 \n', '1 \n', '2 \n']
    assert len(cache) == 4


def test_the_folder_is_pruned(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(parsecache, 'MAX_FILES', 4)
    folder = tmp_path / 'cache' / 'hoc'
    files = []
    for k in range(6):
        files.append(tmp_path / ('m%d.hoc' % k))
        files[-1].write_text('print %d  // (parsed)\n' % k)
        assert run(files[-1])[1] == '%d \n' % k
    # five entries were one too many: the older two went, the sixth came
    assert len(list(folder.iterdir())) == 4
    del cache[:]
    assert run(files[-1])[1] == '5 \n' and cache == []


def test_a_long_block_is_kept_by_shape(tmp_path, cache):
    """A session-like block: the entry holds one tree a statement shape and each statement's
    numbers (pyhoc/hoc/shapes.py), and the warm run prints what the cold one did."""
    f = tmp_path / 'cells.hoc'
    f.write_text('objref vec\nvec = new Vector()\ndouble a[3]\n{\n'
                 + ''.join('vec.append(%d)\nvec.append(-%d.5)\na[%d] = %d\n' % (i, i, i % 3, i)
                           for i in range(6)) + '}\nprint vec.sum(), a[0], a[1], a[2]\n')
    _, first = run(f)
    assert first == '-3 3 4 5 \n'
    del cache[:]
    got = []
    real = parsecache.FileParses.parse

    def parse(self, stream, section_name, object_name=None):
        node = real(self, stream, section_name, object_name)
        got.append(node)
        return node
    parsecache.FileParses.parse = parse
    try:
        _, second = run(f)
    finally:
        parsecache.FileParses.parse = real
    assert cache == [] and second == first
    block = [n for n in got if type(n).__name__ == 'SharedBlock']
    assert len(block) == 1 and len(block[0].shapes) == 5 and len(block[0].items) == 18
    # (an index is part of the shape: a[0], a[1], a[2] are three)
    assert block[0].items[:5] == [(0, (0.0,)), (1, (0.5,)), (2, (0.0,)), (0, (1.0,)), (1, (1.5,))]
