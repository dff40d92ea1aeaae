"""HOC language corpus: run every ``tests/hoc/scripts/<feature>/<case>.hoc``
through pyhoc and compare with NEURON's goldens.

* ``<case>.expected`` -- NEURON 9.0.2's exact stdout (trailing blank lines are
  ignored on both sides);
* ``<case>.err`` (optional) -- NEURON's exit status on the first line and the
  error message on the second; the message must appear in our stderr.
  Without it the exit status must be 0.

Files whose name starts with ``_`` are helpers (xopen/load_file targets).
Goldens are regenerated with ``tools/regen_script_goldens.py``.

Set ``PYHOC_TEST_CMD`` to a command prefix (e.g. ``/work/nrnenv/bin/nrniv``)
to run the corpus with another interpreter instead of ``python -m pyhoc``;
pointed at nrniv, every case must pass.
"""
from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent / "scripts"
CASES = sorted(
    p for p in SCRIPTS.rglob("*.hoc") if not p.name.startswith("_")
)


def _command() -> list[str]:
    cmd = os.environ.get("PYHOC_TEST_CMD")
    if cmd:
        return shlex.split(cmd)
    return [sys.executable, "-m", "pyhoc"]


def _strip_trailing_blank_lines(text: str) -> str:
    lines = text.split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines)


def _case_id(path: Path) -> str:
    return path.relative_to(SCRIPTS).with_suffix("").as_posix()


@pytest.mark.parametrize("case", CASES, ids=[_case_id(p) for p in CASES])
def test_script(case: Path) -> None:
    env = dict(os.environ)
    if not os.environ.get("PYHOC_TEST_CMD"):
        # Make `python -m pyhoc` importable from the case folder without installing.
        root = str(SCRIPTS.parents[2])
        env["PYTHONPATH"] = root + (
            os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""
        )
    proc = subprocess.run(
        _command() + ["-nobanner", "-nogui", case.name, "-c", "quit()"],
        cwd=case.parent,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=60,
        env=env,
    )
    stdout = proc.stdout.decode("utf-8", "backslashreplace")
    stderr = proc.stderr.decode("utf-8", "backslashreplace")
    expected = case.with_suffix(".expected").read_bytes().decode("utf-8", "backslashreplace")
    assert _strip_trailing_blank_lines(stdout) == _strip_trailing_blank_lines(expected), (
        f"stdout differs; stderr was:\n{stderr}"
    )
    err_file = case.with_suffix(".err")
    if err_file.exists():
        status_line, _, message = err_file.read_text().partition("\n")
        message = message.strip()
        assert proc.returncode == int(status_line.strip()), (
            f"exit status {proc.returncode}, expected {status_line.strip()}; stderr:\n{stderr}"
        )
        assert message in stderr, f"error message {message!r} not in stderr:\n{stderr}"
    else:
        assert proc.returncode == 0, f"exit status {proc.returncode}; stderr:\n{stderr}"
