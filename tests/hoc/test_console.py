"""xred/sred read standard input as NEURON 9.0.2 does (goldens: tools/gen_console_golden.py),
and the process built-ins that report on pyhoc itself."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / 'golden' / 'console'


def _run(tmp_path, program: str, stdin: str):
    path = tmp_path / 'case.hoc'
    path.write_text(program)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, '-m', 'pyhoc', '-nobanner', '-nogui', path.name,
                           '-c', 'quit()'], input=stdin, capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=60)


@pytest.mark.parametrize('case', sorted(p.stem for p in GOLDEN.glob('*.json')))
def test_prompts_read_stdin_as_neuron(tmp_path, case):
    want = json.loads((GOLDEN / (case + '.json')).read_text())
    proc = _run(tmp_path, want['program'], want['stdin'])
    assert proc.stdout == want['stdout']
    assert proc.stderr == want['stderr']
    assert proc.returncode == want['returncode']


def test_xred_at_end_of_input_is_an_error_not_a_hang(tmp_path):
    proc = _run(tmp_path, 'x = xred("value", 3, 0, 10)\nprint x\n', '')
    assert proc.returncode == 1
    assert 'xred: end of standard input' in proc.stderr
    assert proc.stdout == ''


def test_config_keys_describe_this_build():
    from pyhoc import Interpreter
    from pyhoc.bridge import HocTop
    h = HocTop(Interpreter())
    n = int(h.nrn_num_config_keys())
    items = {h.nrn_get_config_key(i): h.nrn_get_config_val(i) for i in range(n)}
    assert items['NRN_ENABLE_CORENEURON'] == 'OFF' and items['NRN_ENABLE_PYTHON'] == 'ON'
    assert items['PYTHON_EXECUTABLE'] == sys.executable
    assert h.coreneuron_handle() == 0
    with pytest.raises(RuntimeError, match='Arg out of range'):
        h.nrn_get_config_key(n)


def test_mallinfo_counts_the_c_heap():
    from pyhoc import Interpreter
    from pyhoc.bridge import HocTop
    h = HocTop(Interpreter())
    before = h.nrn_mallinfo(1)
    import ctypes
    block = ctypes.create_string_buffer(1 << 16)    # 64 KiB from malloc (below mmap's limit)
    assert h.nrn_mallinfo(1) >= before + (1 << 16) - 4096
    del block
    assert h.nrn_mallinfo(3) > 0 and h.nrn_mallinfo(0) >= h.nrn_mallinfo(2)
    with pytest.raises(RuntimeError):
        h.nrn_mallinfo(7)


def test_feenableexcept_makes_numpy_floating_errors_stop():
    import numpy as np
    from pyhoc import Interpreter
    from pyhoc.bridge import HocTop
    h = HocTop(Interpreter())
    saved = np.geterr()
    try:
        assert h.nrn_feenableexcept(1) == 0
        with pytest.raises(FloatingPointError):
            np.array([1.0]) / np.array([0.0])
        assert h.nrn_feenableexcept(0) == 13
        with np.errstate(divide='ignore'):
            assert np.isinf(np.array([1.0]) / np.array([0.0]))[0]
    finally:
        np.seterr(**saved)


def test_libpython_path_names_this_python():
    from pyhoc import h
    path = h.libpython_path()
    assert path is None or 'python' in os.path.basename(path)
