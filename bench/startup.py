"""Start-up time: ``pyhoc -c 'quit()'`` against ``python -c "from neuron import h"``.

Runs both interleaved, prints medians and the ratio.  NEURON is looked for in this Python or
in the interpreter named by ``--neuron-python`` (e.g. a separate virtualenv); without it only
pyhoc is timed.

    python bench/startup.py [--runs 15] [--neuron-python /path/to/venv/bin/python]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time


def fresh_env() -> dict:
    """This environment without PYTHONDONTWRITEBYTECODE: both sides use bytecode caches, as
    an installed package does (NEURON's wheel ships its .pyc files; pyhoc's are written by
    the warm-up run)."""
    env = dict(os.environ)
    env.pop('PYTHONDONTWRITEBYTECODE', None)
    return env


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True, env=fresh_env())
    return time.perf_counter() - t0


def neuron_python(explicit: str | None) -> str | None:
    candidates = [explicit] if explicit else [sys.executable]
    for py in candidates:
        if py and subprocess.run([py, '-c', 'import neuron'], capture_output=True).returncode == 0:
            return py
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--runs', type=int, default=15)
    ap.add_argument('--neuron-python')
    a = ap.parse_args()
    pyhoc_cmd = [sys.executable, '-m', 'pyhoc', '-nobanner', '-c', 'quit()']
    npy = neuron_python(a.neuron_python)
    nrn_cmd = [npy, '-c', 'from neuron import h'] if npy else None
    env_note = os.environ.get('PYHOC_BACKEND', '')
    times: dict[str, list[float]] = {'pyhoc': [], 'neuron': []}
    timed(pyhoc_cmd)
    for _ in range(a.runs):
        times['pyhoc'].append(timed(pyhoc_cmd))
        if nrn_cmd:
            times['neuron'].append(timed(nrn_cmd))
    p = statistics.median(times['pyhoc'])
    print('%-28s %8s %8s %6s' % ('model', 'pyhoc s', 'NEURON s', 'ratio'))
    if nrn_cmd:
        n = statistics.median(times['neuron'])
        print('%-28s %8.3f %8.3f %6.2f' % ('start-up (quit)', p, n, p / n))
    else:
        print('%-28s %8.3f %8s %6s' % ('start-up (quit)', p, '-', '-'))
    if env_note:
        print('PYHOC_BACKEND=%s' % env_note)


if __name__ == '__main__':
    main()
