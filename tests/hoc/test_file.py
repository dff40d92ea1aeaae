"""The HOC File class against NEURON goldens (scripts replayed on pyhoc's File)."""
import json
import os
import struct

import pytest

from pyhoc.errors import HocError
from pyhoc.hoc.builtins.file import File
from pyhoc.hoc.builtins.fmt import format_hoc
from pyhoc.base.refs import ArrayRef, BoxRef

GOLD = os.path.join(os.path.dirname(__file__), 'golden', 'file', 'file.json')
with open(GOLD) as fh:
    DATA = json.load(fh)


def setup_dir(tmp_path, monkeypatch):
    for name, text in DATA['inputs'].items():
        (tmp_path / name).write_bytes(text.encode('latin-1'))
    monkeypatch.chdir(tmp_path)


def replay(steps, out):
    s = BoxRef('')
    objs = {'f': File(), 'g': File('gfile.txt')}
    try:
        for i, step in enumerate(steps):
            obj, meth, args = step[0], step[1], step[2:]
            args = [s if a == '<s>' else a for a in args]
            ret = getattr(objs[obj], meth)(*args)
            conv = 's' if meth in ('getname', 'dir') else '.17g'
            out.append(format_hoc('%d=%' + conv + ' [%s]\n', [i, ret, s.get()]))
    finally:
        for o in objs.values():
            o.close()


@pytest.mark.parametrize('name', sorted(DATA['scripts']))
def test_file_script(name, tmp_path, monkeypatch):
    setup_dir(tmp_path, monkeypatch)
    out = []
    replay(DATA['scripts'][name]['steps'], out)
    assert ''.join(out) == DATA['scripts'][name]['out']


@pytest.mark.parametrize('case', DATA['errors'], ids=lambda c: '/'.join(s[1] for s in c['steps']))
def test_file_errors(case, tmp_path, monkeypatch):
    setup_dir(tmp_path, monkeypatch)
    out = []
    with pytest.raises(HocError) as e:
        replay(case['steps'], out)
    assert str(e.value).strip() == case['error']
    assert ''.join(out) == case['out']


def test_vwrite_vread(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a = [1.5, 2.5, 0.0, 0.0]
    f = File()
    assert f.wopen('v.bin') == 1
    assert f.vwrite(ArrayRef(a, 0)) == 1
    assert f.vwrite(2, ArrayRef(a, 0)) == 2
    f.close()
    assert struct.unpack('<3d', (tmp_path / 'v.bin').read_bytes()) == (1.5, 1.5, 2.5)
    a[0] = a[1] = 0
    f.ropen('v.bin')
    assert f.vread(ArrayRef(a, 2)) == 1
    assert f.vread(2, ArrayRef(a, 0)) == 2
    assert a == [1.5, 2.5, 1.5, 0.0]
    f.close()


def test_mktemp_and_binary_handle(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    f = File()
    assert f.mktemp() == 1
    name = f.getname()
    assert os.path.basename(name).startswith('nrn') and os.path.exists(name)
    f.wopen()
    assert 'b' in f._fh.mode
    f.printf('%g\n', 3)
    f.close()
    assert f.unlink() == 1
    assert f.isopen() == 0


def test_close_ignores_arguments(tmp_path, monkeypatch):
    """f.close("name") and f.close(1, 2) close and return 0, as NEURON 9.0.2 does (checked
    with nrniv: ModelDB 146376 closes its output files by name)."""
    monkeypatch.chdir(tmp_path)
    f = File()
    assert f.wopen('x.txt') == 1.
    assert f.close('x.txt') == 0. and f.isopen() == 0.
    assert f.close(1, 2) == 0.
