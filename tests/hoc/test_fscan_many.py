"""fscan_many(interp, n) (CellBuild's rdses, Vector.vread of a session) reads what n calls
of fscan() read and leaves the stream where they leave it, its line-at-a-time fast path
included."""
import io

import pytest

from pyhoc.errors import HocError
from pyhoc.hoc.builtins.io import fscan, fscan_many
from pyhoc.hoc.interpreter import Interpreter
from pyhoc.hoc.source import StringSource

TEXT = ('0 0 0 8.93008\n'
        '-0.662094 0.337376 -6.28238e-1 1\n'
        '+.5 5. 007 1E+2\n'
        '1e 2\n'                   # a word that is no whole number: read as fscan reads it
        '1-2 3..4 . 5\n'
        'x 7 inf 8 nan 9\n'
        '\t 10\t11 \n'
        '12 13 14 15 and the rest\n'
        '16\n')


def interp_reading(text):
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    interp.sources.append(StringSource(text, 'data'))
    return interp


def rest(interp):
    src = interp.sources[-1]
    return src.readline(), src.lineno


@pytest.mark.parametrize('n', [1, 3, 4, 5, 8, 12, 13, 17, 20, 21, 24, 25, 26, 27])
def test_as_many_fscan_calls(n):
    a, b = interp_reading(TEXT), interp_reading(TEXT)
    assert fscan_many(a, n) == [fscan(b) for _ in range(n)]
    assert rest(a) == rest(b)


def test_end_of_input():
    with pytest.raises(HocError, match='EOF in fscan'):
        fscan_many(interp_reading('1 2\n3\n'), 4)
    with pytest.raises(HocError, match='EOF in fscan'):
        fscan_many(interp_reading(TEXT), 28)
