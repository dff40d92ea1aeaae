#!/usr/bin/env python3
"""Regenerate the I/O goldens (printf/sprint formatting, print, sscanf, File, StringFunctions)
by running small HOC programs through NEURON's nrniv.

    python tools/gen_io_golden.py [--nrniv /work/nrnenv/bin/nrniv]

Writes JSON files under tests/hoc/golden/{fmt,file,strfun}/ holding each case's input and the
output NEURON gave, so the tests run without NEURON.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLD = os.path.join(ROOT, 'tests', 'hoc', 'golden')
NRNIV = '/work/nrnenv/bin/nrniv'

# ------------------------------------------------------------------ cases
# an argument is a number, a string, or one of the tokens below
SPECIAL = {'<inf>': 'inf_', '<-inf>': '-inf_', '<nan>': 'nan_', '<-nan>': '-nan_',
           '<vec>': 'vec_', '<null>': 'nil_'}

PRINTF_CASES = [
    ('%d|%i|%o|%x|%X|%c\n', [3.7, 3.7, 8.9, 255.5, 255, 65]),
    ('%d', [65.7]), ('%i', [65.7]), ('%o', [65.7]), ('%x', [65.7]), ('%X', [65.7]),
    ('%c', [65.7]), ('%f', [65.7]), ('%e', [65.7]), ('%E', [65.7]), ('%g', [65.7]),
    ('%G', [65.7]), ('%u', [65.7]), ('%a', [65.7]), ('%ld', [65.7]), ('%lf', [65.7]),
    ('%le', [65.7]), ('%lg', [65.7]), ('%lx', [65.7]), ('%lo', [65.7]), ('%hd', [65.7]),
    ('%lld', [65.7]), ('%5.2g', [65.7]), ('%q', [65.7]), ('%5z', [65.7]),
    ('[%i %d]', [1, 2]), ('[%i|%o|%x]', [3.7, 8.9, 255.5]), ('[%X %d]', [1, 2]),
    ('[%d %X %d]', [1, 2, 3]), ('[%q %d]', [1, 2]), ('[%d%d]', [1, 2]),
    ('[%5%|%%|%-3%|]', []), ('[%i x]', [255]), ('[%y abc d]', [5]), ('[%5.2]', []),
    ('[%s %s]', ['ab', 'cd']), ('[%5s|%-5s|%.1s]', ['ab', 'cd', 'xyz']),
    ('[%10.3e|%-10.2f|%+.3g]', [12345.678, 3.14159, 2.5]),
    ('[%c%c%c]', [72, 105, 256 + 65]), ('[%d]', [2147483647.9]), ('[%d]', [2147483648]),
    ('[%d]', [-2147483649]), ('[%d]', [1e20]), ('[%d]', [-1e20]), ('[%x]', [-2]),
    ('[%x]', [-1]), ('[%o]', [-1]), ('[%d]', ['<inf>']), ('[%d]', ['<nan>']),
    ('[%ld]', [1e10]), ('[%lx]', [1e10]), ('[%x]', [1e10]), ('[%c]', [0]), ('[%c]', [-1]),
    ('[%f %f %f %e %g]', ['<inf>', '<-inf>', '<nan>', '<nan>', '<-nan>']),
    ('[%5.1f|%-8.3e|%08.2f|% g|%#g|%#.0f|%#x|%#o]', [3.14159, 2, -1.5, 1, 1, 2, 255, 8]),
    ('[%ld %lld %hhd %hd %hx]', [1e10, 1e10, 300, 70000, 70000]),
    ('[%5c|%-3c|]', [65, 66]), ('[%s|%s]', ['<vec>', '<null>']), ('[%s]', ['a%db']),
    ('%s %d\n', ['a', 1, 2, 3]), ('plain text\n', []), ('[%-8.3s|%8s]', ['abcdef', 'x']),
    ('[%.0f %.0f %.0f %.0f]', [0.5, 1.5, 2.5, -0.5]), ('[%g %g %g %g]', [1e-5, 1e20, 123456789, 0.0001]),
    ('[%.10g %.17g %.3e]', [0.1, 0.1, -0.0]), ('[%d %d]', [-0.0, -0.9]),
    ('[%+5d|%-5d|%05d|% d]', [42, 42, -42, 42]), ('[%.3d|%8.3x]', [7, 255]),
    ('[%f]', [1e300]), ('[%e]', [1e-320]),
]

PRINTF_ERRORS = [
    ('printf', '%d %d', [1]), ('sprint', '[%d %d]', [1]), ('fprint', '%d %d', [1]),
    ('printf', '[%s]', [3]), ('printf', '[%d]', ['ab']), ('printf', '[%d]', ['<vec>']),
]

PRINT_NUMBERS = [1, -1, 0, '-0', 0.1, 1 / 3, 1e-5, 123456789, 1.23456789e-20, 1e100, 2 ** 53,
                 '<inf>', '<-inf>', '<nan>', '<-nan>', 1e-300, 12345678, 123456785, 0.000123456789]

# (text, format, target kinds) ; kinds: 'n' number pointer, 's' strdef
SSCANF_CASES = [
    ('12 3.5 abc def', '%d %lf %s', 'nns'), ('12.7 3.5', '%f %g', 'nn'), ('7.9', '%d', 'n'),
    ('x=4,y=5', 'x=%lf,y=%lf', 'nn'), ('x=4;y=5', 'x=%lf,y=%lf', 'nn'), ('', '%lf', 'n'),
    ('   ', '%lf', 'n'), ('abc', '%lf', 'n'), ('hello', '%c', 'n'),
    ('hello world', '%3s%s', 'ss'), ('12 13', '%*d %lf', 'n'), ('ab12', '%[a-z]%lf', 'sn'),
    ('0x1f 017', '%x %o', 'nn'), ('0x1f 017 -5', '%i %i %i', 'nnn'),
    ('1e3 inf nan', '%lf %lf %lf', 'nnn'), ('99999999999', '%d', 'n'), ('99999999999', '%ld', 'n'),
    ('5', '%lf %lf', 'nn'), ('5 6', '%lf%%%lf', 'nn'), ('5% 6', '%lf%%%lf', 'nn'),
    ('  abc  ', '%s', 's'), ('  abc  ', '%c', 'n'), ('a b', 'a %s', 's'), ('1,2', '%lf , %lf', 'nn'),
    ('-.5e1xyz', '%lf%s', 'ns'), ('12345', '%2d%lf', 'nn'), ('12 4', '%lf %u', 'nn'),
    ('12 4', '%5lf %*s', 'n'), ('12 4', '%i %x', 'nn'), ('a', 'b%lf', 'n'), ('', 'b%lf', 'n'),
    ('7', '%lf', 'nn'), ('12', '%3lg', 'n'), ('abc def', '%[^ ]', 's'), ('-12abc', '%d%s', 'ns'),
    ('+3.25e-2', '%le', 'n'), ('0x10', '%lf', 'n'), ('12 34', '%*s %*s', ''),
]

SSCANF_ERRORS = [
    ('5 6', '%lf %lf', 'n'), ('', '%lf %lf', 'n'), ('abc', '%lf', 's'), ('abc', '%s', 'n'),
    ('abc', '%q', 'n'), ('12', '%hd', 'n'), ('12 4', '%e %E', 'nn'), ('ab', '%[^b]', 'n'),
    ('12', '%ls', 'n'), ('abc', '%5c', 's'),
]


# File scripts: files to create, then steps [object, method, args...]; '<s>' is the strdef
# argument.  Each step prints "i=value [strdef]"; a step of an error script may fail.
FILE_INPUTS = {
    'in1.txt': '1 2.5\nline two\nlast no newline',
    'in3.txt': 'abc 12x 3.5 -4e2,7 x1e3\n  hello   \n\n 8',
    'crlf.txt': 'a\r\nb\r\n',
}
FILE_SCRIPTS = {
    'basic': [
        ['f', 'isopen'], ['f', 'wopen', 'out1.txt'], ['f', 'isopen'],
        ['f', 'printf', '%d %g\n', 1, 2.5], ['f', 'printf', 'line two\nlast no newline'],
        ['f', 'tell'], ['f', 'close'], ['f', 'isopen'], ['f', 'getname', '<s>'],
        ['f', 'ropen'], ['f', 'gets', '<s>'], ['f', 'gets', '<s>'], ['f', 'eof'],
        ['f', 'gets', '<s>'], ['f', 'eof'], ['f', 'gets', '<s>'], ['f', 'tell'], ['f', 'seek', 0],
        ['f', 'scanvar'], ['f', 'scanvar'], ['f', 'scanstr', '<s>'], ['f', 'tell'],
        ['f', 'scanstr', '<s>'], ['f', 'seek', 2, 0], ['f', 'scanvar'], ['f', 'seek', -3, 2],
        ['f', 'tell'], ['f', 'seek', 1, 1], ['f', 'tell'], ['f', 'seek', 100], ['f', 'eof'],
        ['f', 'seek', -100], ['f', 'close'], ['f', 'close'],
    ],
    'scan': [
        ['g', 'ropen', 'in3.txt'], ['g', 'scanvar'], ['g', 'tell'], ['g', 'scanvar'], ['g', 'tell'],
        ['g', 'scanvar'], ['g', 'tell'], ['g', 'scanvar'], ['g', 'tell'], ['g', 'scanstr', '<s>'],
        ['g', 'gets', '<s>'], ['g', 'eof'], ['g', 'seek', 0], ['g', 'scanstr', '<s>'], ['g', 'tell'],
        ['g', 'gets', '<s>'], ['g', 'gets', '<s>'], ['g', 'gets', '<s>'], ['g', 'gets', '<s>'],
        ['g', 'gets', '<s>'], ['g', 'gets', '<s>'], ['g', 'close'],
        ['g', 'ropen', 'crlf.txt'], ['g', 'gets', '<s>'], ['g', 'scanstr', '<s>'],
    ],
    'modes': [
        ['g', 'getname', '<s>'], ['g', 'aopen'], ['g', 'printf', 'a\n'], ['g', 'close'],
        ['g', 'aopen'], ['g', 'printf', '%s-%d\n', 'b', 7], ['g', 'close'], ['g', 'ropen'],
        ['g', 'gets', '<s>'], ['g', 'gets', '<s>'], ['g', 'gets', '<s>'], ['g', 'eof'],
        ['g', 'printf', 'ignored'], ['g', 'close'], ['g', 'wopen'], ['g', 'gets', '<s>'],
        ['g', 'eof'], ['g', 'close'], ['g', 'unlink'], ['g', 'unlink'], ['g', 'ropen'],
        ['f', 'ropen', 'nonexist.txt'], ['f', 'isopen'], ['f', 'getname', '<s>'],
        ['f', 'wopen', 'nodir/x.txt'], ['f', 'getname', '<s>'], ['f', 'wopen', ''],
        ['f', 'wopen'], ['f', 'flush'], ['f', 'chooser'], ['f', 'dir'],
    ],
}
FILE_ERRORS = [
    [['f', 'printf', 'x']], [['f', 'gets', '<s>']], [['f', 'scanvar']], [['f', 'scanstr', '<s>']],
    [['f', 'tell']], [['f', 'eof']], [['f', 'seek', 0]],
    [['g', 'ropen', 'in1.txt'], ['g', 'close'], ['g', 'seek', 0]],
    [['g', 'ropen', 'in3.txt'], ['g', 'seek', 0, 2], ['g', 'scanvar']],
    [['g', 'wopen', 'w.txt'], ['g', 'scanvar']],
]

# StringFunctions: head/tail (string, pattern); calls with a strdef result
REGEX_CASES = [
    ('hello world', 'o'), ('hello world', 'z'), ('hello world', '[ ]'), ('hello world', 'l+'),
    ('hello world', '^h'), ('hello world', 'd$'), ('hello world', '.'), ('a.b.c', '\\.'),
    ('abc123def', '[0-9]'), ('abc123def', '[0-9]*'), ('abc123def', ''), ('ab(cd', '('),
    ('x1y22z', '2+'), ('abab', 'b?a'), ('xab', 'b?a'), ('xa|b', 'a|b'), ('xb', 'a|b'),
    ('soma.v(0.5)', '[.]'), ('abc<x', '<'), ('abcxyz', '[^a-c]'), ('aXb', '[A-Z]'),
    ('x12y', '<1-20>'), ('xa{2}y', 'a{2}'), ('xaay', 'a{2}'), ('x(a)y', '\\(a\\)'),
    ('x(a)y', '(a)'), ('xay', '(a)'), ('xaaa', 'a*'), ('x+y', '\\+'), ('x+y', '+'), ('x*y', '*'),
    ('a\\b', '\\\\'), ('x]y', ']'), ('x]y', '[]]'), ('x-y', '[a-]'), ('x^y', '^'),
    ('x^y', 'x^'), ('x$y', '$y'), ('abc', '[^]'), ('aaaab', 'a*b'), ('abcabc', 'c'),
    ('abcabc', 'ab*'), ('hello', 'l*'), ('hello', 'lo*'), ('soma[3]', '\\['), ('soma[3]', '[[]'),
    ('soma[3].v', ']'), ('dend[12]', '\\[<1-20>\\]'), ('a]b', '\\]'), ('a}b', '\\}'),
    ('a{b', '\\{'), ('a-b', '\\-'), ('ab1', '\\d'), ('ab c', '\\s'), ('aAb', '[[:upper:]]'),
    ('a1b', '(?:1)'), ('abc', 'b{1,}'), ('abc', 'a{,2}'), ('a{b', '{'), ('a}b', '}'),
    ('xabcd', 'a|ab'), ('xabcd', '(a|ab)(c|bcd)'), ('xab\ncd', 'b.c'), ('xaaa', 'a*?'),
    ('x\\y', '[\\]'), ('x\\y', '\\'), ('ab', 'a**'), ('a^b', '[x^]'), ('', ''), ('', 'a'),
    ('dend[3].v(0.5)', '[a-z]+\\[[0-9]+\\]'), ('AMPA_S', '_'), ('cell_12_x', '[0-9]+'),
    ('abcabc', '(abc)+'), ('abcabc', '(abc){2}'), ('xyz', 'y|'), ('a.b', 'a.b|a'),
]
TRIM_CASES = [('  \t ab c  ', None), ('  ab c \t\n ', None), ('xxab cx', 'x'), ('xxab cxyx', 'xy'),
              ('', None), ('   ', None), ('abc', 'abc'), ('a b', ' ')]
CUT_CASES = [('hello world', 3), ('hello', 5), ('hello', 0), ('hello', 2.7), ('', 0)]
CUT_ERRORS = [('hello', 6), ('hello', -2), ('', 1)]
LEN_SUBSTR = [('hello', 'o w'), ('hello world', 'o w'), ('hello', 'z'), ('hello', ''), ('aaa', 'a'),
              ('', ''), ('', 'a'), ('abcabc', 'ca'), ('h\u00e9llo', 'l')]


# ------------------------------------------------------------------ helpers

def hoc_str(s: str) -> str:
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n').replace('\t', '\\t') + '"'


def hoc_arg(a) -> str:
    if isinstance(a, str):
        if a in SPECIAL:
            return SPECIAL[a]
        if a == '-0':
            return '-0'
        return hoc_str(a)
    return repr(float(a)) if isinstance(a, float) else str(a)


PRELUDE = '''inf_ = 1e308*10
nan_ = inf_ - inf_
objref vec_, nil_
vec_ = new Vector()
strdef sdummy_
'''


def run_hoc(src: str, nrniv: str) -> tuple[bytes, str]:
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, 'case.hoc')
        with open(path, 'w') as f:
            f.write(src)
        p = subprocess.run([nrniv, '-nobanner', '-nogui', path, '-c', 'quit()'], cwd=d,
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
        return p.stdout, p.stderr.decode('latin-1')


def hoc_error(stdout: bytes, stderr: str) -> str | None:
    text = stderr + stdout.decode('latin-1')
    m = re.search(r'nrniv: (.*)', text)
    # pointer values vary from run to run
    return re.sub(r' 0x[0-9a-f]+', '', m.group(1).strip()) if m else None


def marked(stdout: bytes, n: int) -> list[str]:
    text = stdout.decode('latin-1')
    out = []
    for i in range(n):
        m = re.search(r'@@B%d@@(.*?)@@E%d@@' % (i, i), text, re.S)
        out.append(m.group(1) if m else None)
    return out


# ------------------------------------------------------------------ generators

def gen_fmt(nrniv: str) -> None:
    src = [PRELUDE]
    for i, (fmt, args) in enumerate(PRINTF_CASES):
        call = ', '.join([hoc_str(fmt)] + [hoc_arg(a) for a in args])
        src.append('xx_ = printf("@@B%d@@")\nxx_ = printf(%s)\nxx_ = printf("@@E%d@@")\n' % (i, call, i))
    out, err = run_hoc(''.join(src), nrniv)
    results = marked(out, len(PRINTF_CASES))
    cases = [{'fmt': f, 'args': a, 'out': r} for (f, a), r in zip(PRINTF_CASES, results)]
    errors = []
    for name, fmt, args in PRINTF_ERRORS:
        call = ', '.join([hoc_str(fmt)] + [hoc_arg(a) for a in args])
        if name == 'sprint':
            call = 'sdummy_, ' + call
        o, e = run_hoc(PRELUDE + '%s(%s)\n' % (name, call), nrniv)
        errors.append({'name': name, 'fmt': fmt, 'args': args, 'error': hoc_error(o, e)})
    src = [PRELUDE]
    for i, x in enumerate(PRINT_NUMBERS):
        src.append('xx_ = printf("@@B%d@@")\nprint %s\nxx_ = printf("@@E%d@@")\n' % (i, hoc_arg(x), i))
    out, err = run_hoc(''.join(src), nrniv)
    prints = [{'x': x, 'out': r} for x, r in zip(PRINT_NUMBERS, marked(out, len(PRINT_NUMBERS)))]
    save('fmt', 'printf.json', {'cases': cases, 'errors': errors, 'print': prints})

    src = [PRELUDE, 'double xs_[10]\nstrdef %s\n' % ', '.join('ss%d_' % j for j in range(10))]
    for i, (text, fmt, kinds) in enumerate(SSCANF_CASES):
        targets = []
        for j, k in enumerate(kinds):
            targets.append('&xs_[%d]' % j if k == 'n' else 'ss%d_' % j)
        init = ''.join('xs_[%d] = -12345\nss%d_ = "<unset>"\n' % (j, j) for j in range(len(kinds)))
        show = ''.join(('xx_ = printf("%%.17g;", xs_[%d])\n' if k == 'n' else
                        'xx_ = printf("%%s;", ss%d_)\n') % j for j, k in enumerate(kinds))
        src.append(init + 'xx_ = printf("@@B%d@@")\nnn_ = sscanf(%s)\nxx_ = printf("%%d;", nn_)\n'
                   % (i, ', '.join([hoc_str(text), hoc_str(fmt)] + targets)) + show
                   + 'xx_ = printf("@@E%d@@")\n' % i)
    out, err = run_hoc(''.join(src), nrniv)
    scans = []
    for (text, fmt, kinds), r in zip(SSCANF_CASES, marked(out, len(SSCANF_CASES))):
        parts = r.split(';')[:-1] if r is not None else []
        scans.append({'text': text, 'fmt': fmt, 'kinds': kinds,
                      'count': int(parts[0]) if parts else None, 'values': parts[1:]})
    errors = []
    for text, fmt, kinds in SSCANF_ERRORS:
        targets = ['&xs_[%d]' % j if k == 'n' else 'ss%d_' % j for j, k in enumerate(kinds)]
        o, e = run_hoc(PRELUDE + 'double xs_[10]\nstrdef ss0_, ss1_, ss2_\nsscanf(%s)\n'
                       % ', '.join([hoc_str(text), hoc_str(fmt)] + targets), nrniv)
        errors.append({'text': text, 'fmt': fmt, 'kinds': kinds, 'error': hoc_error(o, e)})
    save('fmt', 'sscanf.json', {'cases': scans, 'errors': errors})


def file_script_hoc(steps) -> str:
    src = ['objref f, g\nstrdef s\nf = new File()\ng = new File("gfile.txt")\n']
    for i, step in enumerate(steps):
        obj, meth, args = step[0], step[1], step[2:]
        call = '%s.%s(%s)' % (obj, meth, ', '.join('s' if a == '<s>' else hoc_arg(a) for a in args))
        if meth in ('getname', 'dir'):
            src.append('xx_ = printf("%d=%%s [%%s]\\n", %s, s)\n' % (i, call))
        else:
            src.append('xx_ = printf("%d=%%.17g [%%s]\\n", %s, s)\n' % (i, call))
    return ''.join(src)


def run_in_dir(src: str, files: dict, nrniv: str) -> tuple[bytes, str]:
    with tempfile.TemporaryDirectory() as d:
        for name, text in files.items():
            with open(os.path.join(d, name), 'wb') as f:
                f.write(text.encode('latin-1'))
        path = os.path.join(d, 'case.hoc')
        with open(path, 'w') as f:
            f.write(src)
        p = subprocess.run([nrniv, '-nobanner', '-nogui', path, '-c', 'quit()'], cwd=d,
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
        return p.stdout, p.stderr.decode('latin-1')


def gen_file(nrniv: str) -> None:
    scripts = {}
    for name, steps in FILE_SCRIPTS.items():
        out, err = run_in_dir(file_script_hoc(steps), FILE_INPUTS, nrniv)
        assert not hoc_error(out, err), (name, err)
        scripts[name] = {'steps': steps, 'out': out.decode('latin-1')}
    errors = []
    for steps in FILE_ERRORS:
        out, err = run_in_dir(file_script_hoc(steps), FILE_INPUTS, nrniv)
        errors.append({'steps': steps, 'out': out.decode('latin-1'), 'error': hoc_error(out, err)})
    save('file', 'file.json', {'inputs': FILE_INPUTS, 'scripts': scripts, 'errors': errors})


def gen_strfun(nrniv: str) -> None:
    src = ['objref sf\nstrdef u, w\nsf = new StringFunctions()\n']
    n = 0
    for text, pat in REGEX_CASES:
        for meth in ('head', 'tail'):
            src.append('u = "<unset>"\nxx_ = printf("@@B%d@@")\nxx_ = printf("%%d [%%s]", sf.%s(%s, %s, u), u)\n'
                       'xx_ = printf("@@E%d@@")\n' % (n, meth, hoc_str(text), hoc_str(pat), n))
            n += 1
    out, err = run_hoc(''.join(src), nrniv)
    res = marked(out, n)
    regex = [{'s': t, 'pattern': p, 'head': res[2 * i], 'tail': res[2 * i + 1]}
             for i, (t, p) in enumerate(REGEX_CASES)]
    for r in regex:  # a bad pattern prints a message on stderr
        r['stderr'] = ''
        if r['head'].startswith('-1'):
            o, e = run_hoc('objref sf\nstrdef u\nsf = new StringFunctions()\nxx_ = sf.head(%s, %s, u)\n'
                           % (hoc_str(r['s']), hoc_str(r['pattern'])), nrniv)
            r['stderr'] = e
    src = ['objref sf\nstrdef u, w\nsf = new StringFunctions()\n']
    lines = []
    for text, chars in TRIM_CASES:
        for meth in ('ltrim', 'rtrim'):
            args = [hoc_str(text), 'u'] + ([hoc_str(chars)] if chars is not None else [])
            src.append('xx_ = printf("@@B%d@@%%d [%%s]\\n@@E%d@@", sf.%s(%s), u)\n'
                       % (len(lines), len(lines), meth, ', '.join(args)))
            lines.append({'call': meth, 'args': [text, chars]})
    for text, k in CUT_CASES:
        for meth in ('left', 'right'):
            src.append('w = %s\nxx_ = printf("@@B%d@@%%d [%%s]\\n@@E%d@@", sf.%s(w, %s), w)\n'
                       % (hoc_str(text), len(lines), len(lines), meth, hoc_arg(k)))
            lines.append({'call': meth, 'args': [text, k]})
    for text, sub in LEN_SUBSTR:
        src.append('xx_ = printf("@@B%d@@%%d %%d\\n@@E%d@@", sf.len(%s), sf.substr(%s, %s))\n'
                   % (len(lines), len(lines), hoc_str(text), hoc_str(text), hoc_str(sub)))
        lines.append({'call': 'len_substr', 'args': [text, sub]})
    src.append('objref vv_, nil_\nvv_ = new Vector()\n'
               'xx_ = printf("@@B%d@@%%d %%d %%d %%d\\n@@E%d@@", sf.is_point_process(vv_), '
               'sf.is_artificial(vv_), sf.is_point_process(nil_), sf.is_artificial(nil_))\n'
               % (len(lines), len(lines)))
    lines.append({'call': 'is_pp', 'args': []})
    out, err = run_hoc(''.join(src), nrniv)
    text_out = marked(out, len(lines))
    for d, o in zip(lines, text_out):
        d['out'] = o
    errors = []
    for text, k in CUT_ERRORS:
        for meth in ('left', 'right'):
            o, e = run_hoc('objref sf\nstrdef w\nsf = new StringFunctions()\nw = %s\nsf.%s(w, %s)\n'
                           % (hoc_str(text), meth, hoc_arg(k)), nrniv)
            errors.append({'call': meth, 'args': [text, k], 'error': hoc_error(o, e)})
    save('strfun', 'strfun.json', {'regex': regex, 'calls': lines, 'errors': errors})


def save(group: str, name: str, data) -> None:
    d = os.path.join(GOLD, group)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'w') as f:
        json.dump(data, f, indent=1, ensure_ascii=True)
        f.write('\n')
    print('wrote', os.path.relpath(os.path.join(d, name), ROOT))


GENERATORS = {'fmt': gen_fmt, 'file': gen_file, 'strfun': gen_strfun}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--nrniv', default=NRNIV)
    ap.add_argument('groups', nargs='*', default=list(GENERATORS))
    a = ap.parse_args()
    for g in a.groups:
        GENERATORS[g](a.nrniv)


if __name__ == '__main__':
    main()
