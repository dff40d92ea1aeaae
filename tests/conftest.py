"""Shared fixtures: a fresh interpreter and its ``h`` for each test (never the default one)."""
import gc
import io
import os

import pytest

from pyhoc.bridge import HocTop
from pyhoc.hoc.interpreter import Interpreter

# no background compiles left by the suite's processes (pyhoc.sim.precompile); the test of
# it turns it on for its own
os.environ['PYHOC_PRECOMPILE'] = '0'


@pytest.fixture
def hoc():
    """A fresh Interpreter writing to StringIO buffers (``hoc.stdout.getvalue()``)."""
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    yield interp
    del interp
    gc.collect()


@pytest.fixture
def h(hoc):
    """The ``h`` view of a fresh interpreter."""
    return HocTop(hoc)
