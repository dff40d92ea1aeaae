"""An error's whole report as nrniv 9.0.2 writes it to stderr: the message, where, the line with
the caret under the place its parser or lexer had reached (or a bare caret once the input has
ended), and the HOC call stack (innermost first, indented 8, 6, 4, 2, then "and others").
The expected texts are nrniv's, its program name put as PROG."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CASES = [  # (name, the .hoc text, nrniv's stderr) as lists of lines
    ('token_end',
     ['xyz = 1 foo_bar_baz'],
     ['PROG: syntax error',
      ' in c.hoc near line 1',
      ' xyz = 1 foo_bar_baz',
      '                   ^']),
    ('missing_quote',
     ['x = "abc'],
     ['PROG: missing quote ',
      ' in c.hoc near line 1',
      ' x = "abc',
      '         ^']),
    ('eof_in_braces',
     ['print 1',
      'proc p() {',
      '  print 2'],
     ['PROG: syntax error',
      ' in c.hoc near line 3',
      ' ^']),
    ('objref_call',
     ['objref vv',
      'vv = new Vector(2)',
      'x = vv (1)'],
     ['PROG: syntax error',
      ' in c.hoc near line 3',
      ' x = vv (1)',
      '        ^']),
    ('insert_in_proc',
     ['proc p() {',
      '  insert foo',
      '}'],
     ['PROG: foo is not a MECHANISM',
      ' in c.hoc near line 2',
      '   insert foo',
      '            ^']),
    ('undefined_function',
     ['proc p() { undefinedfoo(2, "abcdefghijklmno", "abcdefghijklmnop") }',
      'p()'],
     ['PROG: undefinedfoo undefined function',
      ' in c.hoc near line 2',
      ' p()',
      '    ^',
      '        undefinedfoo(2, "abcdefghijklmno", "abcdefghij...")',
      '      p()']),
    ('deep_stack',
     ['proc p() { x = 1/0 }',
      'proc q() { p() }',
      'proc r() { q() }',
      'proc s() { r() }',
      'proc t1() { s() }',
      't1()'],
     ['PROG: division by zero',
      ' in c.hoc near line 6',
      ' t1()',
      '     ^',
      '        p()',
      '      q()',
      '    r()',
      '  s()',
      'and others']),
    ('method_stack',
     ['begintemplate T',
      'public p, q',
      'proc p() { x = 1/0 }',
      'proc q() { p($1) }',
      'endtemplate T',
      'objref o',
      'o = new T()',
      'proc r() { o.q(3) }',
      'r()'],
     ['PROG: division by zero',
      ' in c.hoc near line 9',
      ' r()',
      '    ^',
      '        T[0].p(3)',
      '      T[0].q(3)',
      '    r()']),
    ('bltin_no_frame',
     ['proc r() { print sqrt(-1) }',
      'r()'],
     ['PROG: sqrt argument out of domain',
      ' in c.hoc near line 2',
      ' r()',
      '    ^',
      '        r()']),
]


@pytest.mark.parametrize('name,text,expected', CASES, ids=[c[0] for c in CASES])
def test_error_report_as_nrniv(tmp_path, name, text, expected):
    (tmp_path / 'c.hoc').write_text('\n'.join(text) + '\n')
    env = dict(os.environ, PYTHONPATH=ROOT)
    r = subprocess.run([sys.executable, '-m', 'pyhoc', '-nobanner', '-nogui', 'c.hoc', '-c',
                        'quit()'], cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=120, stdin=subprocess.DEVNULL)
    assert r.returncode == 1
    assert r.stderr.rstrip('\n').replace('pyhoc: ', 'PROG: ', 1).split('\n') == expected
