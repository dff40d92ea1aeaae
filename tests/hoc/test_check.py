"""``pyhoc --check``: what it reports, and what it leaves alone because it may be valid at
run time (sections it cannot see, data that fscan reads)."""
from __future__ import annotations

import io

from pyhoc.check import check_files


def _check(tmp_path, text: str, name: str = 'm.hoc') -> list[str]:
    p = tmp_path / name
    p.write_text(text)
    out = io.StringIO()
    status = check_files([str(p)], out)
    lines = [line.split(':', 1)[1] for line in out.getvalue().splitlines()]
    assert status == (1 if lines else 0)
    return lines


def test_real_syntax_errors_are_reported(tmp_path):
    text = ('x = = 2\n'
            'proc p() { a b c }\n'         # valid if a is a section (a b c: b a section too)
            'y = 1 +\n'
            'func f() { return 1 } }\n'
            'print "ok"\n')
    assert _check(tmp_path, text) == ['1: syntax error', '3: syntax error', '4: syntax error']


def test_sections_created_elsewhere_are_assumed(tmp_path):
    # soma and dend come from a file the main file loaded earlier, or from a .ses
    text = ('maxDiam = 0\n'
            'for (k=0; k<nSomaSec; k=k+1) soma[k] {\n'
            '\tif (maxDiam <= diam) {\n'
            '\t\tmaxDiam = diam\n'
            '\t}\n'
            '}\n'
            'soma { L = 3 }\n'
            'connect dend(0), soma(1)\n'
            'soma[2] distance(0, 0.5)\n'
            'access dend\n')
    assert _check(tmp_path, text) == []


def test_data_read_by_fscan_is_not_checked(tmp_path):
    # a Neurolucida-style file: the procs read the lines that follow them
    text = ('proc rd() { n = fscan() }\n'
            'rd()\n'
            'SOMA COORDINATES AND DIAMETERS:\n'
            '    3\n'
            '1 2 3\n')
    assert _check(tmp_path, text) == []
    # without fscan/getstr in the file the same text is an error
    assert _check(tmp_path, 'x = 1\nSOMA COORDINATES AND DIAMETERS:\n', 'n.hoc') == ['2: syntax error']
