"""Generated Python for HOC loops and function bodies (pyhoc/hoc/pycode.py): the code kept
on disk is read back instead of compiled, only for the same source, and not kept with the
cache off."""
from __future__ import annotations

import os

import pytest

from pyhoc.hoc import pycode
from pyhoc.hoc.interpreter import Interpreter


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv('PYHOC_CACHE_DIR', str(tmp_path))
    monkeypatch.setenv('PYHOC_HOC_CACHE', '1')
    monkeypatch.setattr(pycode, '_CODE', {})
    compiled = []
    real = compile

    def counting(src, *args, **kwargs):
        compiled.append(src)
        return real(src, *args, **kwargs)
    monkeypatch.setattr(pycode, 'compile', counting, raising=False)
    return tmp_path, compiled


def _run(text: str) -> float:
    interp = Interpreter()
    interp.run_text(text)
    return interp.top.syms['r'].value


TEXT = 'func tri() { local i, s\n  for i = 1, $1 { s += i }\n  return s\n}\nr = tri(100)\n'


def test_code_read_back_from_disk(cache, monkeypatch):
    folder, compiled = cache
    assert _run(TEXT) == 5050.0
    assert len(compiled) == 1
    files = [f for _, _, fs in os.walk(folder) for f in fs if f.endswith('.marshal')]
    assert len(files) == 1
    monkeypatch.setattr(pycode, '_CODE', {})       # a new process: its table is empty
    assert _run(TEXT) == 5050.0
    assert len(compiled) == 1                       # read back, not compiled


def test_other_source_same_file_name_is_compiled(cache, monkeypatch):
    folder, compiled = cache
    _run(TEXT)
    src = compiled[0]
    path = pycode._disk_path(src)
    other = 'def _hoc(fr):\n    return 1\n'
    pycode._write_disk(path, other, compile(other, '<hoc>', 'exec').co_consts[0])
    monkeypatch.setattr(pycode, '_CODE', {})
    assert _run(TEXT) == 5050.0
    assert len(compiled) == 2                       # the file held another source


def test_corrupt_file_is_compiled(cache, monkeypatch):
    folder, compiled = cache
    _run(TEXT)
    with open(pycode._disk_path(compiled[0]), 'wb') as f:
        f.write(b'\x00garbage')
    monkeypatch.setattr(pycode, '_CODE', {})
    assert _run(TEXT) == 5050.0
    assert len(compiled) == 2


def test_cache_off_keeps_nothing(cache, monkeypatch):
    folder, compiled = cache
    monkeypatch.setenv('PYHOC_HOC_CACHE', '0')
    assert _run(TEXT) == 5050.0
    assert not [f for _, _, fs in os.walk(folder) for f in fs if f.endswith('.marshal')]


def test_a_files_functions_keep_their_code_with_its_parse(cache, monkeypatch, tmp_path):
    """The functions a file defines are read back with the file's cached parse (one read),
    not each from its own file; the code is only used for its own source."""
    folder, compiled = cache
    hoc = tmp_path / 'model.hoc'
    hoc.write_text(TEXT + 'proc twice() { r = 2 * tri($1) }\ntwice(3)\n')

    def run_file():
        interp = Interpreter()
        interp.run_file(str(hoc))
        return interp.top.syms['r'].value
    assert run_file() == 12.0 and len(compiled) == 2
    reads = []
    real = pycode._read_disk
    monkeypatch.setattr(pycode, '_read_disk', lambda *a: reads.append(a) or real(*a))
    monkeypatch.setattr(pycode, '_CODE', {})       # a new process: its table is empty
    assert run_file() == 12.0
    assert len(compiled) == 2 and reads == []
