"""Differential check of pyhoc's NMODL front end against NEURON 9's nocmodl on mutated files:
does pyhoc accept exactly what nocmodl accepts?

    python tools/nmodl_fuzz_nocmodl.py NOCMODL [CORPUS_DIR ...] [-n 500] [--seed 1]

Takes ``.mod`` files (without INCLUDE) from the corpus folders (ModelDB models extracted
outside this repository), applies one token-level mutation (delete, duplicate, swap with the
next, or replace by a token from a small set), and runs both on the result.  Prints how often
the two agree and every disagreement with the mutation and the two verdicts.
"""
import argparse
import glob
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from pyhoc.nmodl.errors import ModError  # noqa: E402
from pyhoc.nmodl.lexer import ModLexer  # noqa: E402
from pyhoc.nmodl.lexer import ModLexError  # noqa: E402
from pyhoc.nmodl.model import resolve  # noqa: E402
from pyhoc.nmodl.parser import parse  # noqa: E402

REPLACEMENTS = ['{', '}', '(', ')', '=', '+', '-', ',', '~', 'LOCAL', 'x', '1', "'", '<->',
                'SOLVE', 'FROM', 'TO', 'if', 'else', '[', ']', '(mV)', '>', '<', 'STATE',
                'INITIAL', 'NEURON', 'RANGE', 'v']


def tokens(text):
    lx = ModLexer(text, 'x.mod')
    out = []
    while True:
        t = lx.token()
        if t is None:
            return out
        end = lx.lex.lexpos
        out.append((t.lexpos, end, t.type))


def mutate(text, rng):
    toks = tokens(text)
    i = rng.randrange(len(toks))
    a, b, _ = toks[i]
    kind = rng.choice(['delete', 'duplicate', 'swap', 'replace'])
    if kind == 'delete':
        return text[:a] + ' ' + text[b:], 'delete %r' % text[a:b]
    if kind == 'duplicate':
        return text[:b] + ' ' + text[a:b] + text[b:], 'duplicate %r' % text[a:b]
    if kind == 'swap' and i + 1 < len(toks):
        c, d, _ = toks[i + 1]
        return (text[:a] + text[c:d] + text[b:c] + text[a:b] + text[d:],
                'swap %r %r' % (text[a:b], text[c:d]))
    r = rng.choice(REPLACEMENTS)
    return text[:a] + ' ' + r + ' ' + text[b:], 'replace %r by %r' % (text[a:b], r)


def nocmodl_accepts(nocmodl, text):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, 'm.mod'), 'w', encoding='latin-1') as f:
            f.write(text)
        try:
            p = subprocess.run([nocmodl, 'm.mod', '-o', d], cwd=d, capture_output=True,
                               text=True, timeout=20, errors='replace')
        except subprocess.TimeoutExpired:
            return False, 'timeout'
        msg = [ln for ln in (p.stdout + p.stderr).splitlines() if 'rror' in ln]
        return p.returncode == 0, (msg[0] if msg else '')


def pyhoc_accepts(text):
    try:
        resolve(parse(text, 'm.mod'), 'm.mod', text)
        return True, ''
    except (ModError, ModLexError) as e:
        return False, str(e).splitlines()[0]


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument('nocmodl')
    ap.add_argument('dirs', nargs='*', default=['/tmp/corpus', '/tmp/corpus_extra'])
    ap.add_argument('-n', type=int, default=500)
    ap.add_argument('--seed', type=int, default=1)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    files = []
    for d in args.dirs:
        for f in sorted(glob.glob(os.path.join(d, '**', '*.mod'), recursive=True)):
            text = open(f, 'rb').read().decode('latin-1')
            if 'INCLUDE' not in text and len(text) < 12000:
                files.append((f, text))
    agree = 0
    dis = []
    for k in range(args.n):
        f, text = rng.choice(files)
        try:
            mutant, how = mutate(text, rng)
        except (ModLexError, ValueError, IndexError):
            continue
        n_ok, n_msg = nocmodl_accepts(args.nocmodl, mutant)
        p_ok, p_msg = pyhoc_accepts(mutant)
        if n_ok == p_ok:
            agree += 1
        else:
            dis.append((f, how, n_ok, n_msg, p_msg))
    total = agree + len(dis)
    print('agree on %d of %d mutants (%.1f%%)' % (agree, total, 100.0 * agree / max(total, 1)))
    for f, how, n_ok, n_msg, p_msg in dis:
        print('%s: %s: nocmodl %s; pyhoc %s' % (
            f, how, 'accepts' if n_ok else 'rejects (%s)' % n_msg,
            'accepts' if not p_msg else 'rejects (%s)' % p_msg))
    return 0


if __name__ == '__main__':
    sys.exit(main())
