"""Progress of long runs (pyhoc.stdlib.progress) with a fake clock: shown only when the
interpreter is interactive (or PYHOC_PROGRESS=1), never for short runs, silent in scripts."""
from __future__ import annotations

import io

import pytest

from pyhoc.stdlib import progress


class FakeClock:
    def __init__(self, step: float):
        self.now = 0.
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def fake(monkeypatch):
    """Every reading of the clock advances 0.1 s; progress goes to a StringIO."""
    out = io.StringIO()
    monkeypatch.setattr(progress, 'clock', FakeClock(.1))
    monkeypatch.setattr(progress, 'stream', out)
    monkeypatch.delenv('PYHOC_PROGRESS', raising=False)
    return out


MODEL = '''
load_file("stdrun.hoc")
create soma
access soma
insert hh
tstop = 20
'''


def test_progress_unit():
    out = io.StringIO()
    clk = FakeClock(0.)
    p = progress.Progress(0, 100, clock=clk, out=out, delay=3, interval=1)
    clk.now = 2.9
    p.update(10)
    assert out.getvalue() == ''
    clk.now = 4.
    p.update(40)
    assert out.getvalue() == '\rt = 40 ms of 100 (40%), 10 ms/s, 6s left'
    clk.now = 4.5
    p.update(45)                       # within the interval: nothing new
    assert out.getvalue().count('\r') == 1
    clk.now = 10.
    p.finish(100)
    lines = out.getvalue().split('\r')
    assert lines[-1] == 't = 100 ms of 100 (100%), 10 ms/s, 10s  \n'   # padded over the last


def test_short_run_prints_nothing():
    out = io.StringIO()
    p = progress.Progress(0, 100, clock=FakeClock(.001), out=out)
    for t in range(100):
        p.update(t)
    p.finish(100)
    assert out.getvalue() == ''


def test_durations():
    assert progress._duration(5) == '5s'
    assert progress._duration(125) == '2m05s'
    assert progress._duration(7300) == '2h01m'
    assert progress._duration(float('inf')) == '?'


def test_interactive_run_reports(h, hoc, fake):
    hoc.interactive = True
    h(MODEL)
    h.run()
    text = fake.getvalue()
    assert text.startswith('\rt = ')
    assert text.endswith('\n') and text.count('\n') == 1
    assert 't = 20 ms of 20 (100%)' in text.split('\r')[-1]
    assert ' ms/s' in text and 'left' in text


def test_continuerun_reports(h, hoc, fake):
    hoc.interactive = True
    h(MODEL)
    h.stdinit()
    h.continuerun(5)
    assert 't = 5 ms of 5 (100%)' in fake.getvalue().split('\r')[-1]


def test_scripts_stay_silent(h, hoc, fake):
    assert not getattr(hoc, 'interactive', False)
    h(MODEL)
    h.run()
    assert fake.getvalue() == ''


def test_environment_overrides(h, hoc, fake, monkeypatch):
    h(MODEL)
    monkeypatch.setenv('PYHOC_PROGRESS', '1')
    h.run()
    assert fake.getvalue().endswith('\n')
    fake.seek(0)
    fake.truncate()
    hoc.interactive = True
    monkeypatch.setenv('PYHOC_PROGRESS', '0')
    h.run()
    assert fake.getvalue() == ''


def test_repl_makes_interactive(hoc):
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput
    from pyhoc.repl import run_repl
    with create_pipe_input() as inp:
        inp.send_text('x = 1\n')
        inp.close()
        run_repl(hoc, input=inp, output=DummyOutput(), history_file=None)
    assert hoc.interactive is True
