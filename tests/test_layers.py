"""The package's layers hold: import-linter's contracts in setup.cfg (``[importlinter]``).

``pyhoc.sim`` and ``pyhoc.base`` import no language, front end or library; ``pyhoc.hoc``
imports neither the bridge nor the libraries above it; ``pyhoc.stdlib`` and
``pyhoc.sessions`` are independent (both register into ``pyhoc.hoc.library``).
"""
import os

from importlinter.cli import lint_imports

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_import_contracts_kept(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(ROOT)      # the checkout's pyhoc, whatever is installed
    code = lint_imports(config_filename=os.path.join(ROOT, 'setup.cfg'), no_cache=True,
                        no_logo=True)
    out = capsys.readouterr().out
    assert code == 0, out
    assert 'KEPT' in out and 'BROKEN' not in out
