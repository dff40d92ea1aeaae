"""What the VERBATIM translator (pyhoc.nmodl.verbatim) takes on a ModelDB corpus.

    python tools/nmodl_verbatim_corpus.py [CORPUS_DIR]     (default /tmp/corpus)

For the .mod files that have VERBATIM or call scopmath's random functions: how many now
generate and import, the idioms found in those that do (files and blocks), and the refusals
of VERBATIM C by what was refused.  The corpus is never part of the repo.
"""
from __future__ import annotations

import collections
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from pyhoc.nmodl.cache import translate  # noqa: E402
from pyhoc.nmodl.errors import ModError  # noqa: E402
from pyhoc.nmodl.load import mechanism_class  # noqa: E402

IDIOMS = [
    ('return (a FUNCTION/PROCEDURE value from C)', r'\breturn\b'),
    ('_l<name>: NMODL locals and arguments', r'\b_l\w+'),
    ('assignments, if/else, loops in C', r'[^=!<>]=[^=]|\bif\s*\(|\bfor\s*\(|\bwhile\s*\('),
    ('#include / #define / #if', r'^\s*#'),
    ('printf / fprintf / hoc_execerror', r'\b(printf|fprintf|hoc_execerror)\s*\('),
    ('HOC arguments: ifarg, *getarg', r'\b(ifarg|getarg)\s*\('),
    ('Vector arguments: vector_arg, vector_vec', r'\bvector_(arg|vec|capacity)\s*\('),
    ('Random handles: nrn_random_pick/_arg, _p_ pointers', r'\bnrn_random_\w+|\b_p_\w+'),
    ('Random123: nrnran123_*', r'\bnrnran123_\w+'),
    ('scop_random, set_seed, exprand, normrand from C', r'\b(scop_random|set_seed|exprand|'
                                                        r'normrand|poisrand)\s*\('),
    ('_threadargs_ macros', r'\b_threadargs\w*'),
    ('extern declarations / prototypes, rcsid strings', r'\bextern\b|\brcsid\b'),
    ('switch / case', r'\bswitch\s*\('),
    ('static variables (file-level or kept between calls)', r'\bstatic\s+(?!\w+\s*\*)'
                                                           r'[\w\s]*?\w+\s*[\[;=,]'),
    ('C function definitions', r'^[\w \t]+\b\w+\s*\([^;{)]*\)\s*\{'),
    ('function-like #define', r'^\s*#\s*define\s+\w+\('),
]
RANDOM_CALL = re.compile(r'\b(scop_random|set_seed|exprand|normrand|poisrand)\s*\(')


def main(argv) -> int:
    corpus = argv[0] if argv else '/tmp/corpus'
    files = sorted(glob.glob(os.path.join(corpus, '**', '*.mod'), recursive=True))
    n_vb = ok_vb = n_rand = ok_rand = 0
    idiom_files, idiom_blocks = collections.Counter(), collections.Counter()
    refused = collections.Counter()
    example = {}
    for f in files:
        r = translate(f)
        if r.error is not None:
            continue
        m = r.mechanism
        with open(f, errors='replace') as fh:
            text = fh.read()
        has_vb, has_rand = bool(m.verbatim), bool(RANDOM_CALL.search(text))
        if not (has_vb or has_rand):
            continue
        n_vb += has_vb
        n_rand += has_rand
        try:
            mechanism_class(f)
        except ModError as e:
            msg = str(e)
            if 'VERBATIM' in msg and 'not translated:' in msg:
                why = re.sub(r' \(.*$', '', msg.split('not translated: ', 1)[1])
                why = re.sub(r'^C function \w+', 'a C function of pointers or structs', why)
                why = re.sub(r'^a file-level C pointer \w+', 'a file-level C pointer', why)
                why = re.sub(r'^call of the C function (\w+)', r'a call of the C function \1',
                             why)
                why = re.sub(r'^(static|double|int|char|unsigned|Symbol|MYSQL|IvocVect)\b.*',
                             'a file-level C variable', why)
                why = re.sub(r'^a function-like #define .*', 'a function-like #define', why)
                refused[why] += 1
                example.setdefault(why, os.path.relpath(f, corpus))
            continue
        ok_vb += has_vb
        ok_rand += has_rand
        seen = set()
        for _, block in m.verbatim:
            code = re.sub(r'/\*.*?\*/|//[^\n]*', '', block, flags=re.S)
            for name, rx in IDIOMS:
                if re.search(rx, code, re.M):
                    idiom_blocks[name] += 1
                    seen.add(name)
        for name in seen:
            idiom_files[name] += 1
    print('files with VERBATIM that generate and import: %d of %d' % (ok_vb, n_vb))
    print('files calling scopmath random functions that do: %d of %d' % (ok_rand, n_rand))
    print('\nidioms in the files that generate (files, blocks):')
    for name, _ in IDIOMS:
        print('  %4d %5d  %s' % (idiom_files[name], idiom_blocks[name], name))
    print('\nVERBATIM refused, by the first C refused in a file:')
    for why, n in refused.most_common():
        print('  %4d  %s   (e.g. %s)' % (n, why[:70], example[why]))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
