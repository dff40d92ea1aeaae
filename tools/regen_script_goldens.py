#!/usr/bin/env python3
"""Regenerate the NEURON goldens of the HOC language test corpus.

For every ``tests/hoc/scripts/<feature>/<case>.hoc`` (names starting with ``_``
are helper files and are skipped) this runs

    nrniv -nobanner -nogui <case>.hoc -c 'quit()'

with cwd = the case's folder and stdin closed, and writes

* ``<case>.expected`` -- NEURON's exact stdout;
* ``<case>.err``      -- only when NEURON exits non-zero: the exit status on the
  first line and the message part of NEURON's first stderr line (program path
  and ``": "`` stripped, cut before any ``0x...`` pointer value) on the second.  A stale ``.err`` is removed when the
  case now succeeds.

Usage: tools/regen_script_goldens.py [--nrniv PATH] [CASE_OR_DIR ...]
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "tests" / "hoc" / "scripts"
DEFAULT_NRNIV = "/work/nrnenv/bin/nrniv"


def case_files(paths: list[str]) -> list[Path]:
    if not paths:
        paths = [str(SCRIPTS)]
    out: list[Path] = []
    for p in paths:
        path = Path(p).resolve()
        if path.is_dir():
            out.extend(sorted(path.rglob("*.hoc")))
        else:
            out.append(path)
    return [p for p in out if not p.name.startswith("_")]


def error_message(stderr: str, prog: str) -> str:
    """Message part of the first non-empty stderr line."""
    for line in stderr.splitlines():
        if not line.strip():
            continue
        for prefix in (prog + ": ", os.path.basename(prog) + ": "):
            if line.startswith(prefix):
                return line[len(prefix):].strip()
        m = re.match(r"^\S*nrniv: (.*)$", line)
        if m:
            return m.group(1).strip()
        return line.strip()
    return ""


def normalise(msg: str) -> str:
    """Drop run-specific parts (C pointer values) from a message."""
    m = re.search(r"\s*0x[0-9a-fA-F]+", msg)
    return msg[: m.start()].rstrip() if m else msg


def regen(case: Path, nrniv: str) -> tuple[int, str]:
    proc = subprocess.run(
        [nrniv, "-nobanner", "-nogui", case.name, "-c", "quit()"],
        cwd=case.parent,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=120,
    )
    case.with_suffix(".expected").write_bytes(proc.stdout)
    err = case.with_suffix(".err")
    msg = ""
    if proc.returncode != 0:
        msg = normalise(error_message(proc.stderr.decode("utf-8", "replace"), nrniv))
        err.write_text(f"{proc.returncode}\n{msg}\n")
    elif err.exists():
        err.unlink()
    return proc.returncode, msg


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nrniv", default=os.environ.get("NRNIV", DEFAULT_NRNIV))
    ap.add_argument("paths", nargs="*", help="case files or folders (default: all)")
    args = ap.parse_args()
    cases = case_files(args.paths)
    for case in cases:
        rc, msg = regen(case, args.nrniv)
        rel = case.relative_to(SCRIPTS) if case.is_relative_to(SCRIPTS) else case
        print(f"{rel}: rc={rc}" + (f"  [{msg}]" if rc else ""))
    print(f"{len(cases)} cases regenerated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
