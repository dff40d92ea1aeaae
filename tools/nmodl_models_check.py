"""NMODL corpus check: ModelDB models with their own ``.mod`` files, built and run in NEURON
(nrnivmodl) and in pyhoc (pyhoc-modl), their voltages compared.

    python tools/nmodl_models_check.py [CORPUS_DIR] [ACC ...] [--models tools/nmodl_models.txt]
                                       [--work DIR] [--tstop MS] [--no-neuron]

CORPUS_DIR (default /tmp/corpus) holds one folder per model, named by its ModelDB accession
(``fetch github:ModelDBRepository/<acc>``; the models are never part of this repo).  For each
model of the list this script

1. translates each of its ``.mod`` files with pyhoc.nmodl (through the content cache) and
   counts those that translate, with the reason of each that does not and the helper area it
   belongs to (``kinetic``, ``arrays``, ``verbatim``, ``pointer``, ``core``);
2. copies the model into ``--work`` and builds it as its users do: ``nrnivmodl MODDIRS`` in one
   copy (kept: a second run reuses the build), ``pyhoc-modl MODDIRS`` in another (so pyhoc
   loads the translated set at start, as nrniv loads ``x86_64/``);
3. runs the main file headless in both (``-nogui``, standard input closed, a timeout) between a
   prelude and a probe of our own: the prelude loads nrngui.hoc and replaces ``run()`` by one
   that runs ``tstop`` = ``--tstop`` ms recording ``v(0.5)`` of the first section whose name
   matches the model's ``rec`` pattern (default ``.*soma.*``, else the first section); the probe
   runs it (as ``mc_run_()``, which a model's own ``run()`` does not replace) if the main file
   did not, then prints the trace and ``v(0.5)`` of every section;
   pyhoc runs on the NumPy path by default (``--backend``): its numbers are the compiled
   loop's (tests/nmodl/test_codegen.py), and a short run of each model does not wait for numba
   to compile a driver for that model's set of mechanisms;
4. compares: the largest difference of the two traces and of the final voltages (a pass is
   within 1e-6 mV: fixed step is meant to be NEURON's to the last bit; a model that runs
   CVode takes its own steps, so there only the final voltages are compared, within 1e-3 mV),
   else the reason.

Prints one line per model, then the fraction of ``.mod`` files that translate, the fraction of
models whose main file runs headless in pyhoc, and how many agree with NEURON.
"""
from __future__ import annotations

import argparse
import collections
import glob
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, 'tools'))

from corpus_check import NRNIV, compare_text, first_error, pyhoc_env, run  # noqa: E402

NRNIVMODL = os.path.join(os.path.dirname(NRNIV), 'nrnivmodl')
TOL = 1e-6
TOL_CVODE = 1e-3    # mV at the end of a variable-step run (different steps, same atol)
SKIP_DIRS = ('backup', 'not-currently-used', 'old', 'unused')

PRELUDE = r'''
{load_file("nrngui.hoc")}
objref mc_tv_, mc_vv_
mc_ran_ = 0
proc mc_record_() { local found
    mc_tv_ = new Vector()
    mc_vv_ = new Vector()
    found = 0
    forall if (!found && issection("%(rec)s")) { mc_vv_.record(&v(0.5))  found = 1 }
    forall if (!found) { mc_vv_.record(&v(0.5))  found = 1 }
    mc_tv_.record(&t)
}
proc mc_run_() {
    mc_ran_ = 1
    tstop = %(tstop)g
    mc_record_()
    stdinit()
    continuerun(%(tstop)g)      // (a model's init() may set tstop)
}
proc run() { mc_run_() }
'''

PROBE = r'''
%(post)s
if (!mc_ran_) { mc_run_() }
{printf("CORPUS t %%.10g\n", t)}
{printf("CORPUS cvode %%d\n", cvode_active())}
for mc_i_ = 0, mc_vv_.size() - 1 { printf("CORPUS trace %%d %%.10g\n", mc_i_, mc_vv_.x[mc_i_]) }
forall { printf("CORPUS v %%s %%.10g\n", secname(), v(0.5)) }
quit()
'''


class Model:
    """One line of the model list: ``acc | main | moddirs | flags | pre | post | notes``.

    ``moddirs``: the folders (relative to the main file's) nrnivmodl is given, space-separated;
    empty: those of the main file's ``//moddir`` comment (ModelDB's convention), else the main
    file's folder if it holds .mod files, else each subfolder that does.
    ``flags``: ``tstop=MS``, ``rec=REGEX`` (section to record), ``timeout=S``, ``stdout``
    (compare all the two print, line by line: a model that prints its results and quits),
    ``backend=auto`` (pyhoc's own choice instead of ``--backend``: a model too big for the
    NumPy path's per-instance loops of translated kernels).
    ``pre``/``post``: HOC run before the main file / after it, before the probe (``\\n``
    separates lines).
    """

    def __init__(self, fields):
        fields = fields + [''] * (7 - len(fields))
        self.acc, self.main, mods, flags, pre, post, self.notes = fields[:7]
        self.moddirs = mods.split()
        self.pre = pre.replace('\\n', '\n')
        self.post = post.replace('\\n', '\n')
        self.flags = dict(f.split('=', 1) if '=' in f else (f, '1') for f in flags.split())


def read_models(path):
    out = []
    with open(path) as f:
        for line in f:
            if line.strip() and not line.lstrip().startswith('#'):
                out.append(Model([x.strip() for x in line.rstrip('\n').split('|')]))
    return out


def owner(msg: str) -> str:
    """The helper area an untranslated construct belongs to (session 5's split of issue 13)."""
    rules = [('kinetic', r'KINETIC|LINEAR|NONLINEAR|sparse|CONSERVE|COMPARTMENT|~'),
             ('verbatim', r'VERBATIM|Str is not|random|scop_|normrand|exprand|unirand|erand'
                          r'|set_seed|_threadargs'),
             ('pointer', r'POINTER|Watch|WATCH|net_send|net_move|net_event|cannot place'),
             ('arrays', r'array|Indexed|FUNCTION_TABLE|runge|printf|table_')]
    for who, pat in rules:
        if re.search(pat, msg):
            return who
    return 'core'


def reason(e) -> str:
    msg = getattr(e, 'message', None) or str(e)
    msg = re.sub(r'VERBATIM block \(C code\) is not translated: .*', 'VERBATIM block', msg)
    return msg.splitlines()[0][:100]


def mod_dirs(m: Model, main_dir: str) -> list:
    if m.moddirs:
        return m.moddirs
    try:        # ModelDB's own convention: mosinit.hoc names its folders in a comment
        with open(os.path.join(main_dir, os.path.basename(m.main)), errors='replace') as f:
            hit = re.search(r'^//\s*moddir\s+(.+)$', f.read(), re.M)
        if hit:
            return hit.group(1).split()
    except OSError:
        pass
    if glob.glob(os.path.join(main_dir, '*.mod')):
        return ['.']
    out = []
    for d, subs, files in os.walk(main_dir):
        subs[:] = sorted(s for s in subs if s not in SKIP_DIRS and s != 'x86_64')
        if any(f.endswith('.mod') for f in files):
            out.append(os.path.relpath(d, main_dir))
    return out


def translate_all(files) -> tuple:
    """(files that translate and load, [(file, line, reason, owner)]) through pyhoc.nmodl."""
    from pyhoc.nmodl.load import mechanism_class
    ok, bad = 0, []
    for f in files:
        try:
            mechanism_class(f)
            ok += 1
        except Exception as e:           # a ModError, or a generator bug (named as such)
            pos = getattr(e, 'pos', None)
            r = reason(e) if hasattr(e, 'pos') else 'BUG %s: %s' % (type(e).__name__, e)
            bad.append((os.path.basename(f), pos.line if pos else 0, r, owner(r)))
    return ok, bad


def copy_model(src: str, dst: str, fresh: bool) -> None:
    if fresh and os.path.isdir(dst):
        shutil.rmtree(dst)
    if not os.path.isdir(dst):
        shutil.copytree(src, dst, symlinks=True)


def build_neuron(main_dir: str, dirs: list, timeout: float) -> tuple:
    """nrnivmodl DIRS in main_dir (skipped when its x86_64 build is there): (rc, seconds, out)."""
    if glob.glob(os.path.join(main_dir, 'x86_64', '.libs', 'libnrnmech.so')) or \
            glob.glob(os.path.join(main_dir, 'x86_64', 'libnrnmech*')):
        return 0, 0.0, 'built before'
    t0 = time.time()
    rc, out = run([NRNIVMODL] + dirs, main_dir, timeout)
    return rc, time.time() - t0, out


def probe_files(m: Model, tmp: str, tstop: float) -> tuple:
    rec = m.flags.get('rec', '.*soma.*')
    pre = os.path.join(tmp, 'pre_%s.hoc' % m.acc)
    probe = os.path.join(tmp, 'probe_%s.hoc' % m.acc)
    with open(pre, 'w') as f:
        f.write(PRELUDE % dict(rec=rec, tstop=float(m.flags.get('tstop', tstop))) + m.pre + '\n')
    with open(probe, 'w') as f:
        f.write(PROBE % dict(post=m.post))
    return pre, probe


def results(text: str) -> tuple:
    """(t, trace, {section: v}, CVode active) from the probe's lines."""
    t, trace, final, cvode = None, [], {}, False
    for line in text.splitlines():
        p = line.split()
        if len(p) < 3 or p[0] != 'CORPUS':
            continue
        try:
            if p[1] == 't':
                t = float(p[2])
            elif p[1] == 'cvode':
                cvode = p[2] == '1'
            elif p[1] == 'trace':
                trace.append(float(p[3]))
            elif p[1] == 'v':
                final[' '.join(p[2:-1])] = float(p[-1])
        except (ValueError, IndexError):
            pass
    return t, trace, final, cvode


def compare(a, b) -> tuple:
    """pyhoc's results ``a`` against NEURON's ``b``: (agree, max |dv| of trace, text)."""
    ta, tra, fa, cva = a
    tb, trb, fb, cvb = b
    if tb is None:
        return False, None, 'NEURON printed no probe values'
    if ta is None:
        return False, None, 'pyhoc printed no probe values'
    notes = []
    if abs(ta - tb) > 1e-9 * max(1, abs(tb)):
        notes.append('t %.10g vs %.10g' % (ta, tb))
    dtr = None
    if len(tra) != len(trb):
        notes.append('trace of %d points vs %d' % (len(tra), len(trb)))
    elif trb:
        dtr = max(abs(x - y) for x, y in zip(tra, trb))
    common = [k for k in fb if k in fa]
    if len(common) != len(fb) or len(fa) != len(fb):
        notes.append('%d sections vs %d' % (len(fa), len(fb)))
    dfin = max((abs(fa[k] - fb[k]) for k in common), default=0.0)
    nan = dtr != dtr or dfin != dfin
    if dtr is not None:
        notes.insert(0, 'trace of %d points: max |dv| %.3g mV' % (len(trb), dtr))
    notes.append('%d sections: max |dv| at t %.3g mV' % (len(common), dfin))
    agree = (not nan and len(notes) == (2 if dtr is not None else 1) and
             (dtr or 0) <= TOL and dfin <= TOL)
    if (not agree and not nan and cva and cvb and len(fa) == len(fb) == len(common)
            and dfin <= TOL_CVODE and abs(ta - tb) <= 1e-9 * max(1, abs(tb))):
        # variable step: the two integrators take their own steps; compare at the end only
        agree = 'cvode'
    return agree, dtr, ', '.join(notes)


def check_model(m, corpus, work, tmp, args):
    """One model: returns a dict of what happened (see main)."""
    r = dict(acc=m.acc, main=m.main, files=0, ok=0, bad=[], nrn=None, pyhoc=None,
             agree=False, dv=None, why='')
    src = os.path.join(corpus, m.acc)
    if not os.path.isdir(src):
        r['why'] = 'not in %s' % corpus
        return r
    rel_main = os.path.dirname(m.main)
    dirs = mod_dirs(m, os.path.join(src, rel_main))
    files = sorted(f for d in dirs for f in glob.glob(os.path.join(src, rel_main, d, '*.mod')))
    r['files'] = len(files)
    r['ok'], r['bad'] = translate_all(files)
    timeout = float(m.flags.get('timeout', args.timeout))
    pre, probe = probe_files(m, tmp, args.tstop)
    main = os.path.basename(m.main)
    runs = {}
    for which in ('neuron', 'pyhoc'):
        if which == 'neuron' and args.no_neuron:
            continue
        root = os.path.join(work, which, m.acc)
        copy_model(src, root, fresh=which == 'pyhoc')
        mdir = os.path.join(root, rel_main)
        if which == 'neuron':
            rc, secs, out = build_neuron(mdir, dirs, args.build_timeout)
            r['build_s'] = secs
            if rc:
                r['nrn'] = 'nrnivmodl failed: ' + first_error(out)
                continue
            cmd = [NRNIV, '-nobanner', '-nogui', pre, main, probe]
            env = None
        else:
            env = pyhoc_env()
            backend = m.flags.get('backend', args.backend)
            if backend:
                env['PYHOC_BACKEND'] = backend if backend != 'auto' else ''
            rc, out = run([sys.executable, '-m', 'pyhoc.nmodl.cli'] + dirs, mdir, 600, env)
            cmd = [sys.executable, '-m', 'pyhoc', '-nobanner', '-nogui', pre, main, probe]
        t0 = time.time()
        rc, out = run(cmd, mdir, timeout, env)
        r[which + '_s'] = time.time() - t0
        if args.verbose:
            sys.stdout.write('--- %s %s\n%s\n' % (which, m.acc, out[-3000:]))
        res = results(out)
        runs[which] = out if 'stdout' in m.flags else res
        r['nrn' if which == 'neuron' else 'pyhoc'] = (
            'ran' if rc == 0 and (res[0] is not None or 'stdout' in m.flags) else
            'rc=%d: %s' % (rc, first_error(out).replace(os.path.join(work, which), '')))
    if 'neuron' in runs and 'pyhoc' in runs:
        if 'stdout' in m.flags:
            r['agree'], r['why'] = compare_text(runs['pyhoc'], runs['neuron'])
        else:
            r['agree'], r['dv'], r['why'] = compare(runs['pyhoc'], runs['neuron'])
    return r


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('corpus', nargs='?', default='/tmp/corpus')
    ap.add_argument('accessions', nargs='*')
    ap.add_argument('--models', default=os.path.join(ROOT, 'tools', 'nmodl_models.txt'))
    ap.add_argument('--work', default='/tmp/pyhoc-nmodl-models',
                    help='copies of the models (the NEURON builds are kept here)')
    ap.add_argument('--tstop', type=float, default=5.0)
    ap.add_argument('--timeout', type=float, default=300)
    ap.add_argument('--build-timeout', type=float, default=900)
    ap.add_argument('--no-neuron', action='store_true', help='pyhoc only (no comparison)')
    ap.add_argument('--backend', default='numpy',
                    help="pyhoc's PYHOC_BACKEND (default numpy: the same numbers as the compiled "
                         "loop, without compiling a driver for each model's set; '' for pyhoc's "
                         "own choice)")
    ap.add_argument('-v', '--verbose', action='store_true')
    args = ap.parse_intermixed_args(argv)
    if args.corpus.isdigit():
        args.accessions.insert(0, args.corpus)
        args.corpus = '/tmp/corpus'
    models = read_models(args.models)
    if args.accessions:
        models = [m for m in models if m.acc in args.accessions]
    work = os.path.abspath(args.work)
    tmp = os.path.join(work, 'probe')
    os.makedirs(tmp, exist_ok=True)
    nfiles = nok = nran = nagree = nnrn = ncvode = 0
    areas = collections.Counter()
    for m in models:
        r = check_model(m, os.path.abspath(args.corpus), work, tmp, args)
        nfiles += r['files']
        nok += r['ok']
        nran += r['pyhoc'] == 'ran'
        nnrn += r['nrn'] == 'ran'
        nagree += r['agree'] is True
        status = ('AGREE' if r['agree'] is True else 'CVODE' if r['agree'] else
                  'RAN' if r['pyhoc'] == 'ran' else 'FAIL')
        ncvode += r['agree'] == 'cvode'
        print('%-7s %-22s %2d/%-2d .mod  %-5s  nrn %s (build %.0fs, run %.1fs)  pyhoc %s '
              '(run %.1fs)' % (m.acc, m.main[-22:], r['ok'], r['files'], status, r['nrn'],
                               r.get('build_s', 0), r.get('neuron_s', 0), r['pyhoc'],
                               r.get('pyhoc_s', 0)), flush=True)
        if r['why']:
            print('        %s' % r['why'])
        for f, line, why, who in r['bad']:
            areas[who] += 1
            print('        [%s] %s:%d %s' % (who, f, line, why))
        if m.notes:
            print('        note: %s' % m.notes)
    n = len(models)
    print('.mod files that translate: %d of %d (%.0f%%)' % (nok, nfiles, 100. * nok / max(nfiles, 1)))
    print('untranslated files by area: %s' % ', '.join('%s %d' % kv for kv in areas.most_common()))
    print('models whose main file runs headless: pyhoc %d of %d, NEURON %d of %d' % (nran, n, nnrn, n))
    print('models agreeing with NEURON within %g mV over the trace: %d of %d; variable-step '
          'models within %g mV at the end: %d' % (TOL, nagree, n, TOL_CVODE, ncvode))
    return 0


if __name__ == '__main__':
    sys.exit(main())
