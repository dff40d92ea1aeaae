"""Corpus check: run published ModelDB models in pyhoc (and NEURON) as their users do.

    python tools/corpus_check.py CORPUS_DIR [--models tools/corpus_models.txt] [ACC ...]

CORPUS_DIR holds one folder per model, named by its ModelDB accession (extracted from the
public repository ``ModelDBRepository/<acc>``; the models are never part of this repo).  For
each model of the list this script

1. parses every ``.hoc`` file with ``python -m pyhoc --check`` (syntax only);
2. if the model's mechanisms are all NEURON built-ins (``builtin`` in the list), runs its main
   file headless in pyhoc and in NEURON with the same appended probe, and compares the
   numbers the probe prints (``t``, then ``v(0.5)`` of every section, plus the model's own
   probe expressions);
3. for a model that needs ``.mod`` files, runs pyhoc only: it passes if pyhoc gets as far as
   the first name a .mod file defines (mechanism, FUNCTION, PROCEDURE) or runs to the end;
   an error before that is a pyhoc bug.

Both simulators run with ``-nogui``, in the model's folder, with standard input closed, under
a timeout.  The probe is a HOC file appended after the main file (``quit()`` ends it); per
model, ``pre`` statements run before the main file and ``post`` statements (a ``tstop``
override, an explicit ``run()``) between it and the probe.  Prints one line per model and
``N passed, M failed``.

pyhoc is the copy this script sits in (its parent folder goes first on PYTHONPATH); NEURON is
``$NEURON_PYTHON`` (default /tmp/nrnlib-neuron/bin/python) with ``nrniv`` beside it.
"""
from __future__ import annotations

import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NEURON_PYTHON = os.environ.get('NEURON_PYTHON', '/tmp/nrnlib-neuron/bin/python')
NRNIV = os.path.join(os.path.dirname(NEURON_PYTHON), 'nrniv')
TOL = 1e-6          # fixed step: pyhoc's voltages are meant to be NEURON's to the last bit

HOC_PROBE = r'''
{printf("CORPUS t %%.10g\n", t)}
forall {printf("CORPUS v %%s %%.10g\n", secname(), v(0.5))}
%s
quit()
'''

PY_WRAPPER = r'''
import os, runpy, sys
if %(pyhoc)r:
    import pyhoc
    pyhoc.install_neuron_alias()
sys.argv = [%(main)r]
sys.path.insert(0, os.getcwd())
%(pre)s
runpy.run_path(%(main)r, run_name='__main__')
from neuron import h
%(post)s
print("CORPUS t %%.10g" %% h.t)
for i, sec in enumerate(h.allsec()):
    name = sec.name()
    if name.startswith('__nrnsec_'):    # an unnamed Python section: its address differs
        name = 'pysec%%d' %% i
    print("CORPUS v %%s %%.10g" %% (name, sec(0.5).v))
%(probe)s
'''


class Model:
    """One line of the model list: ``acc | main | builtin|mod | flags | pre | post | probe | notes``.

    ``flags`` (space-separated): ``gui`` runs both simulators without ``-nogui``;
    ``timeout=S`` overrides the timeout; ``stdout`` compares everything the two print, line
    by line (for a model that prints its results, spike times, and quits before the probe).
    """

    def __init__(self, fields: list[str]):
        fields = fields + [''] * (8 - len(fields))
        (self.acc, self.main, self.mechs, flags, self.pre, self.post, self.probe,
         self.notes) = fields[:8]
        self.flags = flags.split()
        self.pre = self.pre.replace('\\n', '\n')     # a literal \n separates statements
        self.post = self.post.replace('\\n', '\n')
        self.builtin = self.mechs == 'builtin'
        self.timeout = None
        for f in self.flags:
            if f.startswith('timeout='):
                self.timeout = float(f.split('=', 1)[1])


def read_models(path: str) -> list[Model]:
    models = []
    with open(path) as f:
        for line in f:
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            models.append(Model([x.strip() for x in line.rstrip('\n').split('|')]))
    return models


def probe_lines(probe: str, python: bool) -> str:
    """The model's own probe expressions (``;``-separated) as printing statements."""
    out = []
    for expr in [e.strip() for e in probe.split(';') if e.strip()]:
        if python:
            out.append('print("CORPUS x %s %%.10g" %% (%s))' % (expr.replace('"', "'"), expr))
        else:
            out.append('{printf("CORPUS x %s %%.10g\\n", %s)}' % (expr.replace('"', "'"), expr))
    return '\n'.join(out)


def pyhoc_env() -> dict:
    env = dict(os.environ)
    env['PYTHONPATH'] = ROOT + os.pathsep + env.get('PYTHONPATH', '')
    env.pop('DISPLAY', None)
    return env


def run(cmd: list[str], cwd: str, timeout: float, env=None) -> tuple[int, str]:
    try:
        p = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout, env=env)
        return p.returncode, p.stdout.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired as e:
        return 124, (e.stdout or b'').decode('utf-8', 'replace') + '\n[timeout]'


def commands(m: Model, mdir: str, tmp: str, which: str) -> list[str]:
    """The command line that runs model ``m`` headless in ``which`` ('pyhoc' or 'neuron')."""
    if m.main.endswith('.py'):
        wrapper = os.path.join(tmp, 'wrap_%s_%s.py' % (m.acc, which))
        with open(wrapper, 'w') as f:
            f.write(PY_WRAPPER % dict(pyhoc=which == 'pyhoc', main=m.main, pre=m.pre,
                                      post=m.post, probe=probe_lines(m.probe, True)))
        return [sys.executable if which == 'pyhoc' else NEURON_PYTHON, wrapper]
    probe = os.path.join(tmp, 'probe_%s.hoc' % m.acc)
    with open(probe, 'w') as f:
        f.write((m.post + '\n' if m.post else '') + HOC_PROBE % probe_lines(m.probe, False))
    pre = ['-c', m.pre] if m.pre else []
    opts = ['-nobanner'] + ([] if 'gui' in m.flags else ['-nogui'])
    if which == 'pyhoc':
        return [sys.executable, '-m', 'pyhoc'] + opts + pre + [m.main, probe]
    nrniv = NRNIV if os.path.exists(NRNIV) else None
    if nrniv is None:
        raise SystemExit('no nrniv beside %s' % NEURON_PYTHON)
    return [nrniv] + opts + pre + [m.main, probe]


def numbers(text: str) -> dict:
    """The probe's ``CORPUS kind key value`` lines as {(kind, key): value}."""
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == 'CORPUS':
            key = (parts[1], ' '.join(parts[2:-1]))
            try:
                out[key] = float(parts[-1])
            except ValueError:
                out[key] = parts[-1]
    return out


def compare(a: dict, b: dict) -> tuple[bool, str]:
    """pyhoc's numbers ``a`` against NEURON's ``b``: same keys, values within TOL."""
    if not b:
        return False, 'NEURON printed no probe values'
    missing = [k for k in b if k not in a]
    extra = [k for k in a if k not in b]
    bad = []
    for k, vb in b.items():
        va = a.get(k)
        if va is None:
            continue
        if isinstance(va, float) and isinstance(vb, float):
            if not abs(va - vb) <= TOL * max(1.0, abs(vb)):
                bad.append('%s %s: %.10g vs %.10g' % (k[0], k[1], va, vb))
        elif va != vb:
            bad.append('%s %s: %s vs %s' % (k[0], k[1], va, vb))
    if not (missing or extra or bad):
        return True, '%d values equal' % len(b)
    msg = []
    if missing:
        msg.append('%d missing (%s)' % (len(missing), ', '.join(' '.join(k) for k in missing[:3])))
    if extra:
        msg.append('%d extra' % len(extra))
    if bad:
        msg.append('%d differ (%s)' % (len(bad), '; '.join(bad[:3])))
    return False, ', '.join(msg)


def compare_text(a: str, b: str) -> tuple[bool, str]:
    """pyhoc's printed lines ``a`` against NEURON's ``b`` (trailing blanks and empty lines
    aside): equal, else the first that differs."""
    la = [x.rstrip() for x in a.splitlines() if x.strip()]
    lb = [x.rstrip() for x in b.splitlines() if x.strip()]
    if not lb:
        return False, 'NEURON printed nothing'
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return False, 'line %d: %r vs %r' % (i + 1, x[:60], y[:60])
    if len(la) != len(lb):
        return False, '%d lines vs %d' % (len(la), len(lb))
    return True, '%d printed lines equal' % len(lb)


def first_error(text: str) -> str:
    """The first error message of a run: ``pyhoc: ...``/``nrniv: ...`` or a Python exception."""
    lines = text.strip().splitlines()
    if any(line.startswith('Traceback') for line in lines):
        return '[python] ' + lines[-1][:160]
    for line in lines:
        if re.match(r'(pyhoc|\S*nrniv|NEURON): ', line) or '[timeout]' in line:
            near = ''
            i = lines.index(line)
            if i + 2 < len(lines) and lines[i + 1].strip().startswith('near line'):
                near = '  @ ' + lines[i + 2].strip()[:60]
            return (line.strip()[:140] + near).replace(NRNIV, 'nrniv')
    return lines[-1][:160] if lines else '(no output)'


def check_syntax(mdir: str, timeout: float) -> tuple[int, int, list[str]]:
    """``pyhoc --check`` on every .hoc file of the model: (files, files with errors, messages)."""
    files = sorted(os.path.relpath(p, mdir) for p in glob.glob(os.path.join(mdir, '**', '*.hoc'),
                                                               recursive=True))
    if not files:
        return 0, 0, []
    rc, out = run([sys.executable, '-m', 'pyhoc', '--check'] + files, mdir, timeout, pyhoc_env())
    msgs = [line for line in out.splitlines() if line.strip()]
    bad = {line.split(':', 1)[0] for line in msgs}
    if rc and not msgs:
        msgs = ['--check exited %d with no message' % rc]
    return len(files), len(bad), msgs


def mod_names(mdir: str) -> list[str]:
    """The names the model's .mod files define: mechanisms, and their FUNCTIONs/PROCEDUREs."""
    names = []
    for path in glob.glob(os.path.join(mdir, '**', '*.mod'), recursive=True):
        try:
            text = open(path, errors='replace').read()
        except OSError:
            continue
        mechs = re.findall(r'\b(?:SUFFIX|POINT_PROCESS|ARTIFICIAL_CELL)\s+(\w+)', text)
        names += mechs
        # FUNCTION/PROCEDURE names are HOC functions too (``f_suffix``, or plain ``f``)
        names += re.findall(r'^\s*(?:FUNCTION|PROCEDURE)\s+(\w+)', text, re.M)
    return sorted(set(names), key=len, reverse=True)


def check_model(m: Model, corpus: str, tmp: str, timeout: float, verbose: bool) -> tuple[bool, str]:
    mdir = os.path.join(corpus, m.acc)
    if not os.path.isdir(mdir):
        return False, 'not extracted in %s' % corpus
    nfiles, nbad, msgs = check_syntax(mdir, timeout)
    notes = ['check %d/%d .hoc ok' % (nfiles - nbad, nfiles)]
    ok = nbad == 0
    for line in msgs[:4]:
        notes.append('  ' + line)
    if len(msgs) > 4:
        notes.append('  ... %d more' % (len(msgs) - 4))
    main_dir = os.path.join(mdir, os.path.dirname(m.main))
    main = Model([m.acc, os.path.basename(m.main), m.mechs, ' '.join(m.flags), m.pre, m.post,
                  m.probe, m.notes])
    timeout = m.timeout or timeout
    rc_p, out_p = run(commands(main, main_dir, tmp, 'pyhoc'), main_dir, timeout, pyhoc_env())
    if verbose:
        sys.stdout.write(out_p[-3000:] + '\n')
    if not m.builtin:
        # Needs NMODL: pyhoc should get as far as the first name a .mod file defines.
        if rc_p == 0:
            notes.append('pyhoc ran to the end')
        else:
            err = first_error(out_p)
            names = mod_names(mdir)
            hit = [n for n in names if re.search(r'(\b|_)%s\b' % re.escape(n), err)]
            ok = ok and bool(hit)
            notes.append('pyhoc stops at NMODL %s: %s' % (hit[0], err) if hit
                         else 'pyhoc fails before any NMODL name: %s' % err)
        return ok, notes[0] + ''.join('\n      ' + n for n in notes[1:])
    rc_n, out_n = run(commands(main, main_dir, tmp, 'neuron'), main_dir, timeout)
    if verbose:
        sys.stdout.write(out_n[-3000:] + '\n')
    if rc_n:
        notes.append('NEURON rc=%d: %s' % (rc_n, first_error(out_n)))
    if rc_p:
        ok = False
        notes.append('pyhoc rc=%d: %s' % (rc_p, first_error(out_p)))
    if 'stdout' in m.flags:
        same, why = compare_text(out_p, out_n)
    else:
        same, why = compare(numbers(out_p), numbers(out_n))
    ok = ok and same and rc_p == 0
    notes.append(('equal: ' if same else 'compare: ') + why)
    return ok, notes[0] + ''.join('\n      ' + n for n in notes[1:])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('corpus', help='folder with one extracted model per accession')
    ap.add_argument('accessions', nargs='*', help='only these models')
    ap.add_argument('--models', default=os.path.join(ROOT, 'tools', 'corpus_models.txt'))
    ap.add_argument('--timeout', type=float, default=300)
    ap.add_argument('-v', '--verbose', action='store_true', help='show each run\'s output')
    args = ap.parse_intermixed_args(argv)
    models = read_models(args.models)
    if args.accessions:
        models = [m for m in models if m.acc in args.accessions]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for m in models:
            ok, text = check_model(m, os.path.abspath(args.corpus), tmp, args.timeout,
                                   args.verbose)
            passed += ok
            failed += not ok
            print('%-8s %-28s %-7s %s  %s' % (m.acc, m.main[:28], m.mechs,
                                              'PASS' if ok else 'FAIL', text), flush=True)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
