"""How much of a ModelDB corpus the NMODL code generator takes: every ``.mod`` file of each
model folder translated (pyhoc.nmodl), generated onto the mechanism contract and imported.

    python tools/nmodl_codegen_corpus.py [CORPUS_DIR]     (default /tmp/corpus)

Prints the fraction of files and of models (all files) that load, and the reasons of the
failures by count (the first words of each error).  The corpus is never part of the repo.
"""
from __future__ import annotations

import collections
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from pyhoc.nmodl.errors import ModError  # noqa: E402
from pyhoc.nmodl.load import mechanism_class  # noqa: E402


def reason(e) -> str:
    msg = getattr(e, 'message', str(e))
    msg = re.sub(r'VERBATIM block \(C code\) is not translated: .*', 'VERBATIM block', msg)
    msg = re.sub(r"^\S+: a name the code generator", "NAME: a name the code generator", msg)
    msg = re.sub(r"^call of \S+", "call of NAME", msg)
    msg = re.sub(r"\b(array variable|LOCAL array|POINTER|BBCOREPOINTER|RANDOM|KINETIC block"
                 r"|LINEAR block|NONLINEAR block|DISCRETE block) \S+", r'\1 NAME', msg)
    msg = re.sub(r"cnexp: \S+ is not linear in \S+", "cnexp: nonlinear equation", msg)
    msg = re.sub(r"SOLVE \S+ METHOD", "SOLVE NAME METHOD", msg)
    return type(e).__name__ + ': ' + msg[:90]


def main(argv) -> int:
    corpus = argv[0] if argv else '/tmp/corpus'
    models = sorted(d for d in os.listdir(corpus) if os.path.isdir(os.path.join(corpus, d)))
    nfile = nok = nmodel = mok = 0
    reasons = collections.Counter()
    examples = {}
    for acc in models:
        files = sorted(glob.glob(os.path.join(corpus, acc, '**', '*.mod'), recursive=True))
        if not files:
            continue
        nmodel += 1
        good = 0
        for f in files:
            nfile += 1
            try:
                mechanism_class(f)
            except ModError as e:
                r = reason(e)
                reasons[r] += 1
                examples.setdefault(r, '%s:%s' % (os.path.relpath(f, corpus), e.pos.line
                                                  if e.pos else 0))
                continue
            except Exception as e:          # a bug of the generator: counted, not hidden
                r = 'BUG %s: %s' % (type(e).__name__, str(e)[:80])
                reasons[r] += 1
                examples.setdefault(r, os.path.relpath(f, corpus))
                continue
            good += 1
        nok += good
        mok += good == len(files)
    print('.mod files generated and imported: %d of %d (%.1f%%)' % (nok, nfile,
                                                                     100. * nok / max(nfile, 1)))
    print('models all of whose .mod files load: %d of %d' % (mok, nmodel))
    for r, n in reasons.most_common():
        print('%5d  %s   (e.g. %s)' % (n, r, examples[r]))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
