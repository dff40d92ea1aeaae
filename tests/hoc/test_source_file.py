"""Reading HOC files: a UTF-8 byte-order mark at the start is skipped.

NEURON 9.0.2 does not report it either, but then runs only the file's first statement
(``xopen``, ``load_file``) or nothing at all (a file named on the nrniv command line), without a
message; pyhoc runs the whole file, as an editor that writes the mark intends.
"""
import io

import pytest

from pyhoc import HocError
from pyhoc.hoc.interpreter import Interpreter


def test_byte_order_mark_is_skipped(tmp_path):
    path = tmp_path / 'bom.hoc'
    path.write_bytes(b'\xef\xbb\xbfx = 3\ny = 4\nprint "after", x + y\n')
    out = io.StringIO()
    interp = Interpreter(stdout=out, stderr=io.StringIO())
    interp.run_file(str(path))
    assert out.getvalue() == 'after7 \n'
    interp.run_text('xopen("%s")\n' % path)
    assert out.getvalue() == 'after7 \nafter7 \n\t1 \n'


def test_mark_elsewhere_is_still_an_error(tmp_path):
    path = tmp_path / 'mid.hoc'
    path.write_bytes(b'x = 3\n\xef\xbb\xbfy = 4\n')
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(HocError, match='syntax error'):
        interp.run_file(str(path))
    assert interp.eval_string('x') == 3.0
