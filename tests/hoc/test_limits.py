"""NEURON's size and depth limits and their messages (NEURON 9.0.2's text and limits, measured
with nrniv; see tools/gen_bigfiles_golden.py's neighbours for how): a statement too big for
NEURON's code buffer, -NFRAME call depth, -NSTACK, and nesting that NEURON accepts."""
import io

import pytest

from pyhoc.__main__ import main
from pyhoc.errors import HocError
from pyhoc.hoc.interpreter import Interpreter
from pyhoc.hoc.source import StringSource

RECURSE = 'proc p() { if ($1 > 0) p($1-1) }\n'


def run(text, **limits):
    out = io.StringIO()
    interp = Interpreter(stdout=out, stderr=io.StringIO())
    for k, v in limits.items():
        setattr(interp, k, v)
    try:
        interp.run_source(StringSource(text, 'test.hoc'))
    except HocError as e:
        return out.getvalue(), e
    return out.getvalue(), None


def test_procedure_too_big_on_neurons_line():
    # nrniv: "procedure too big" near line 7144, the 7143rd "x = i" of the proc (50000 / 7)
    text = 'proc p() {\n' + ''.join('  x = %d\n' % i for i in range(7200)) + '}\nprint 1\n'
    out, e = run(text)
    assert out == ''
    assert e.message == 'procedure too big'
    assert (e.coord.line, e.coord.text, e.coord.column) == (7144, '  x = 7142\n', 10)


def test_call_depth_is_nframe():
    # nrniv: p(510) runs (511 nested calls: NFRAME 512 frames with the top level); p(511)
    # fails; with -NFRAME 100, p(98) runs and p(99) fails
    assert run(RECURSE + 'p(510)\nprint "ok"\n') == ('ok\n', None)
    _, e = run(RECURSE + 'p(511)\n')
    assert e.message == 'p call nested too deeply, increase with -NFRAME framesize option'
    assert run(RECURSE + 'p(98)\nprint "ok"\n', nframe=100) == ('ok\n', None)
    _, e = run(RECURSE + 'p(99)\n', nframe=100)
    assert e.message == 'p call nested too deeply, increase with -NFRAME framesize option'
    assert run(RECURSE + 'p(2000)\nprint "ok"\n', nframe=3000, nstack=10000) == ('ok\n', None)


def test_nstack():
    # nrniv -NSTACK 100: p(96) runs, p(97) fails; -NSTACK 200 with three arguments a call:
    # q(65) runs, q(66) fails
    assert run(RECURSE + 'p(96)\nprint "ok"\n', nstack=100) == ('ok\n', None)
    _, e = run(RECURSE + 'p(97)\n', nstack=100)
    assert e.message == 'Stack too deep. Increase with -NSTACK stacksize option'
    q = 'proc q() { if ($1 > 0) q($1-1, 1, 2) }\n'
    assert run(q + 'q(65)\nprint "ok"\n', nstack=200) == ('ok\n', None)
    assert run(q + 'q(66)\n', nstack=200)[1].message.startswith('Stack too deep')


def test_command_line_options(tmp_path, capsys):
    f = tmp_path / 'r.hoc'
    f.write_text(RECURSE)
    assert main(['-nobanner', '-NFRAME', '100', str(f), '-c', 'p(98)', '-c', 'quit()']) == 0
    assert main(['-nobanner', '-NFRAME', '100', str(f), '-c', 'p(99)']) == 1
    assert 'p call nested too deeply' in capsys.readouterr().err
    assert main(['-nobanner', '-NSTACK', '100', str(f), '-c', 'p(97)']) == 1
    assert 'Stack too deep. Increase with -NSTACK' in capsys.readouterr().err


@pytest.mark.parametrize('text', [
    'x = ' + '+'.join(['1'] * 10000),                   # NEURON: 10,000 terms
    '{' * 3330 + 'x = 10000' + '}' * 3330,              # NEURON's deepest braces: 3330
    'if (1) {' * 1998 + 'x = 10000' + '}' * 1998,       # and ifs: 1998
    'x = ' + '(' * 9993 + '10000' + ')' * 9993,         # and parentheses: 9993
    'x = ' + '-' * 9994 + '10000',                      # unary minus 9994 times
], ids=['terms', 'braces', 'ifs', 'parens', 'minus'])
def test_nesting_neuron_accepts(text):
    assert run(text + '\nprint x\n') == ('10000 \n', None)
