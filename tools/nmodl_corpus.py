"""NMODL corpus measurement: parse and resolve every ``.mod`` file of a set of ModelDB models
with pyhoc's translator front end, and survey the C idioms their VERBATIM blocks use.

    python tools/nmodl_corpus.py [CORPUS_DIR ...] [--nocmodl PATH] [--list]

Each CORPUS_DIR holds one folder per model, named by its ModelDB accession (extracted from
``ModelDBRepository/<acc>``, never part of this repository); default /tmp/corpus and
/tmp/corpus_extra.  Prints the fraction of ``.mod`` files (and of models, all of whose files)
that translate, every failure with its reason, and the VERBATIM survey: for each idiom, in how
many VERBATIM blocks, files and models it occurs.  With ``--nocmodl`` (NEURON 9's nocmodl),
also runs nocmodl on every file (in the file's folder, output to a temporary folder) and
reports where the two disagree.
"""
from __future__ import annotations

import argparse
import collections
import glob
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from pyhoc.nmodl import ast  # noqa: E402
from pyhoc.nmodl.errors import ModError  # noqa: E402
from pyhoc.nmodl.model import expand_includes, resolve  # noqa: E402
from pyhoc.nmodl.parser import parse_file  # noqa: E402

# (idiom, regular expression over a VERBATIM block's C text)
IDIOMS = [
    ('_threadargs_ macros', r'_threadargs(comma|proto)?_'),
    ('Random123 (nrnran123_*)', r'\bnrnran123_'),
    ('Random object via POINTER (nrn_random_arg, nrn_random_pick, nrn_get/set_random_seq)',
     r'\bnrn_random_(arg|pick)\b|\bnrn_(get|set)_random_seq\b|\bnrn_random_isran123\b'),
    ('scop_random / set_seed / exprand / normrand in C', r'\b(scop_random|set_seed|exprand|normrand)\s*\('),
    ('mcell_ran4', r'\bmcell_ran4'),
    ('C library random (rand, random, drand48, srand)', r'\b(s?rand|s?random|[a-z]rand48)\s*\('),
    ('POINTER data (_p_name, void** casts)', r'\b_p_\w+|\(\s*void\s*\*\*\s*\)'),
    ('hoc argument access (ifarg, *getarg, gargstr, hoc_is_*_arg)', r'\bifarg\s*\(|\*\s*getarg\s*\(|\bgargstr\s*\(|\bhoc_is_\w+_arg\s*\('),
    ('Vector access (vector_arg, vector_instance_px, vector_vec, vector_capacity)', r'\bvector_(arg|instance_px|vec|capacity|resize|new\w*)\b'),
    ('hoc objects / calls (hoc_obj_*, hoc_lookup, hoc_call_func, hoc_execerror, nrn_*)', r'\bhoc_(obj_\w+|lookup|call_\w+|pushx|execerror|Exp|objectdata)\b'),
    ('event helpers in C (artcell_net_send, net_send, _tqitem)', r'\bartcell_net_send\b|\bnet_send\s*\(|_tqitem'),
    ('NrnThread / _nt access', r'\bNrnThread\b|\b_nt\b'),
    ('memory (malloc, calloc, free, realloc, emalloc)', r'\b(malloc|calloc|free|realloc|[eh]c?alloc|hoc_Emalloc)\s*\('),
    ('stdio (printf, fprintf, fopen, sprintf)', r'\b(f?printf|fopen|fclose|s?n?printf|fscanf|fgets)\s*\('),
    ('#include / #define', r'^\s*#\s*(include|define|if|ifdef|ifndef)'),
    ('C function or static definitions', r'^\s*(static\s+)?(double|int|void|float)\s+\**\w+\s*\('),
    ('return statement (a FUNCTION computed in C)', r'\breturn\b'),
    ('NMODL locals/args by their C name (_l<name>)', r'\b_l[a-z]\w*'),
    ('C math only (exp, log, pow, sqrt, fabs)', None),     # filled in below: no other idiom
    ('MPI (nrnmpi_*, MPI_*)', r'\bnrnmpi_\w+|\bMPI_\w+'),
    ('BBCOREPOINTER serialization (bbcore_write/read)', r'\bbbcore_(write|read)'),
    ('cvode / at_time / t, dt read in C', r'\bcvode_\w+|\bat_time\b|\b(dt|t)\b'),
]


def mod_files(model_dir):
    return sorted(glob.glob(os.path.join(model_dir, '**', '*.mod'), recursive=True))


def verbatim_texts(program):
    """[(enclosing block kind, C text)] of every VERBATIM block (top level: 'top level')."""
    out = []
    for it in program.items:
        where = it.kind if isinstance(it, ast.Block) else 'top level'
        if isinstance(it, ast.NeuronBlock):
            where = 'NEURON'
        for n in it.walk():
            if isinstance(n, ast.Verbatim):
                out.append((where, n.text))
    return out


def classify(text):
    hits = set()
    for name, rx in IDIOMS:
        if rx is not None and re.search(rx, text, re.M):
            hits.add(name)
    if not hits - {'cvode / at_time / t, dt read in C'} and \
            re.search(r'\b(exp|log|pow|sqrt|fabs)\s*\(', text):
        hits.add('C math only (exp, log, pow, sqrt, fabs)')
    return hits


def run_nocmodl(nocmodl, path):
    with tempfile.TemporaryDirectory() as out:
        p = subprocess.run([nocmodl, os.path.basename(path), '-o', out],
                           cwd=os.path.dirname(os.path.abspath(path)),
                           capture_output=True, text=True, timeout=60)
        msg = ''
        if p.returncode != 0:
            lines = [ln for ln in (p.stdout + p.stderr).splitlines()
                     if 'rror' in ln] or (p.stdout + p.stderr).splitlines()[-1:]
            msg = lines[0].strip() if lines else 'failed'
        return p.returncode == 0, msg


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('dirs', nargs='*', default=['/tmp/corpus', '/tmp/corpus_extra'])
    ap.add_argument('--nocmodl', help="NEURON's nocmodl, to compare what it accepts")
    ap.add_argument('--list', action='store_true', help='print every file with its result')
    args = ap.parse_args(argv)

    models = []
    for d in args.dirs:
        for m in sorted(glob.glob(os.path.join(d, '*'))):
            if os.path.isdir(m) and mod_files(m):
                models.append(m)
    nfiles = nok = 0
    model_ok = 0
    failures = []
    idiom_blocks = collections.Counter()
    idiom_files = collections.defaultdict(set)
    idiom_models = collections.defaultdict(set)
    nverb = 0
    verb_where = collections.Counter()
    files_with_verb = set()
    models_with_verb = set()
    disagree = []
    t0 = time.time()
    for m in models:
        acc = os.path.basename(m)
        all_ok = True
        for f in mod_files(m):
            nfiles += 1
            program = None
            try:
                program = parse_file(f)
                if any(isinstance(it, ast.Include) for it in program.items):
                    program = expand_includes(program, os.path.dirname(f), parse_file)
                resolve(program, f)
                ok, why = True, ''
            except ModError as e:
                ok, why = False, str(e).splitlines()[0]
            if ok:
                nok += 1
            else:
                all_ok = False
                failures.append((f, why))
            if args.list:
                print('%s %s %s' % ('ok  ' if ok else 'FAIL', f, why))
            if program is not None:
                for where, text in verbatim_texts(program):
                    nverb += 1
                    verb_where[where] += 1
                    files_with_verb.add(f)
                    models_with_verb.add(acc)
                    for idiom in classify(text):
                        idiom_blocks[idiom] += 1
                        idiom_files[idiom].add(f)
                        idiom_models[idiom].add(acc)
            if args.nocmodl:
                nok2, why2 = run_nocmodl(args.nocmodl, f)
                if nok2 != ok:
                    disagree.append((f, ok, why, why2))
        model_ok += all_ok
    dt = time.time() - t0
    print('models: %d (%s)' % (len(models), ', '.join(args.dirs)))
    print('.mod files translated (parsed and resolved): %d of %d = %.1f%%'
          % (nok, nfiles, 100.0 * nok / max(nfiles, 1)))
    print('models all of whose .mod files translate: %d of %d = %.1f%%'
          % (model_ok, len(models), 100.0 * model_ok / max(len(models), 1)))
    print('time: %.1f s (%.1f ms a file)' % (dt, 1000 * dt / max(nfiles, 1)))
    print()
    print('failures:')
    for f, why in failures:
        print('  %s' % why)
    print()
    print('VERBATIM: %d blocks in %d files (%.1f%% of files) of %d models'
          % (nverb, len(files_with_verb), 100.0 * len(files_with_verb) / max(nfiles, 1),
             len(models_with_verb)))
    print('by enclosing block: %s' % ', '.join('%s %d' % kv for kv in verb_where.most_common()))
    print('%-90s %7s %6s %6s' % ('idiom', 'blocks', 'files', 'models'))
    for name, _ in sorted(IDIOMS, key=lambda x: -idiom_blocks[x[0]]):
        print('%-90s %7d %6d %6d' % (name, idiom_blocks[name], len(idiom_files[name]),
                                     len(idiom_models[name])))
    if args.nocmodl:
        print()
        print('nocmodl disagrees on %d files:' % len(disagree))
        for f, ok, why, why2 in disagree:
            print('  %s: pyhoc %s%s; nocmodl %s' % (f, 'accepts' if ok else 'rejects',
                                                    (' (%s)' % why) if why else '',
                                                    why2 or 'accepts'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
