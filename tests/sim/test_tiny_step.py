"""A tiny model's fixed step takes the axial, capacitance and tree-solve terms element by
element (fixed_step.TINY, hines._TINY): the same numbers as the NumPy calls, bit for bit."""
import numpy as np
import pytest

from pyhoc import Interpreter
from pyhoc.sim import fixed_step, hines

CELL = '''
create soma, dend
connect dend(0), soma(1)
soma { L = 20  diam = 20  insert hh }
dend { L = 100  diam = 2  nseg = %d  insert pas  insert hh  gnabar_hh = .05 }
objref ic, syn, ns, nc, vv, vs, vc, vm
soma ic = new IClamp(.5)
ic.del = .5
ic.dur = 1
ic.amp = .3
dend syn = new ExpSyn(.5)
ns = new NetStim()
ns.start = 1
ns.number = 3
ns.interval = 2
nc = new NetCon(ns, syn, 0, 0, .005)
secondorder = %d
objref cv
cv = new CVode()
cv.use_fast_imem(%d)
vv = new Vector()
vs = new Vector()
vc = new Vector()
vv.record(&dend.v(.5))
vs.record(&soma.v(.5))
vc.record(&soma.i_cap(.5))
%s
finitialize(-65)
while (t < 8) fadvance()
'''


def _traces(nseg: int, secondorder: int, imem: int) -> list:
    interp = Interpreter()
    extra = 'vm = new Vector()\nvm.record(&dend.i_membrane_(.5))' if imem else ''
    interp.run_text(CELL % (nseg, secondorder, imem, extra))
    syms = interp.top.syms
    return [np.array(list(syms[n].value), dtype=float)
            for n in ('vv', 'vs', 'vc') + (('vm',) if imem else ())]


@pytest.mark.parametrize('nseg, secondorder, imem', [(1, 0, 0), (3, 0, 0), (1, 2, 0),
                                                     (1, 1, 1), (20, 0, 0)])
def test_tiny_step_is_the_numpy_step(monkeypatch, nseg, secondorder, imem):
    tiny = _traces(nseg, secondorder, imem)
    monkeypatch.setattr(fixed_step, 'TINY', -1)
    monkeypatch.setattr(hines, '_TINY', 0)
    numpy_path = _traces(nseg, secondorder, imem)
    for a, b in zip(tiny, numpy_path):
        assert len(a) == len(b) > 300
        assert np.array_equal(a, b)
    assert tiny[0].max() > 0 and tiny[1].max() > 0        # both fired


def test_tiny_step_follows_a_geometry_change(monkeypatch):
    """diam changed between steps: the axial terms take the new a and b."""
    text = '''
create soma, dend
connect dend(0), soma(1)
soma { L = 20  diam = 20  insert hh }
dend { L = 200  diam = 2  nseg = 3  insert pas }
objref ic, vv
soma ic = new IClamp(.5)
ic.del = .5
ic.dur = 3
ic.amp = .3
vv = new Vector()
vv.record(&dend.v(.9))
finitialize(-65)
while (t < 2) fadvance()
dend.diam = 6
while (t < 4) fadvance()
'''

    def run():
        interp = Interpreter()
        interp.run_text(text)
        return np.array(list(interp.top.syms['vv'].value), dtype=float)

    tiny = run()
    monkeypatch.setattr(fixed_step, 'TINY', -1)
    monkeypatch.setattr(hines, '_TINY', 0)
    assert np.array_equal(tiny, run())
