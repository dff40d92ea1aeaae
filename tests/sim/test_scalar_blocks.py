"""Small blocks run the kernels as plain Python (MechanismType.scalar_max): the same numbers
as the vectorised NumPy twins, bit for bit."""
import numpy as np
import pytest

from pyhoc import Interpreter
from pyhoc.sim.mechanisms.hh import HH
from pyhoc.sim.mechanisms.pas import Pas
from pyhoc.sim.mechanisms.pointprocs import IClampType
from pyhoc.sim.mechanisms.synapses import Exp2SynType, ExpSynType

TYPES = (HH, Pas, IClampType, ExpSynType, Exp2SynType)

CELL = '''
create soma, dend
connect dend(0), soma(1)
soma { L = 20  diam = 20  insert hh }
dend { L = 100  diam = 2  nseg = %d  insert pas  insert hh  gnabar_hh = .05 }
objref ic, syn, syn2, ns, nc, nc2, vec
soma ic = new IClamp(.5)
ic.del = .5
ic.dur = 1
ic.amp = .3
dend syn = new ExpSyn(.5)
dend syn2 = new Exp2Syn(.3)
ns = new NetStim()
ns.start = 1
ns.number = 3
ns.interval = 2
nc = new NetCon(ns, syn, 0, 0, .005)
nc2 = new NetCon(ns, syn2, 0, 0, .003)
vec = new Vector()
vec.record(&dend.v(.5))
finitialize(-65)
while (t < 8) fadvance()
'''


def _trace(nseg: int) -> np.ndarray:
    interp = Interpreter()
    interp.run_text(CELL % nseg)
    return np.array(list(interp.top.syms['vec'].value), dtype=float)


@pytest.mark.parametrize('nseg', [1, 3])
def test_kernels_and_twins_agree(monkeypatch, nseg):
    scalar = _trace(nseg)          # hh in blocks of 2 (kernels) or 4 (twins), pas of 1 or 3
    for t in TYPES:
        monkeypatch.setattr(t, 'scalar_max', 0)
    twins = _trace(nseg)
    assert len(scalar) == len(twins) > 300
    assert np.array_equal(scalar, twins)
    assert scalar.max() > 0                   # it fired: the currents and states all took part
