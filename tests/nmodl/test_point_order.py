"""The order of point processes that share a node: NEURON prepends each one's property to its
node's list, so the one located last runs its INITIAL (and BREAKPOINT) first.  ModelDB 106551
draws exprand() for NetStims in that order.  Expected orders: NEURON 9.0.2 with tick.mod
(nrnivmodl), hand-checked."""
from __future__ import annotations

import io
import os

from pyhoc.hoc.interpreter import Interpreter
from pyhoc.nmodl.load import load_into

MOD = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mod')

SCRIPT = r'''
create soma, dend
soma nseg = 3
objref s[6], nc[6], tv, idv, nil
tv = new Vector()
idv = new Vector()
soma s[0] = new tick(.5)
soma s[1] = new tick(.1)
soma s[2] = new tick(.5)
soma s[3] = new tick(.9)
dend s[4] = new tick(.1)
soma s[5] = new tick(.5)
for i = 0, 5 {
    nc[i] = new NetCon(s[i], nil)
    nc[i].record(tv, idv, i)
}
proc go() {
    finitialize(-65)
    fadvance()
    idv.printf("%g ")
}
go()
soma s[2].loc(.5)
soma s[3].loc(.5)
go()
'''


def test_point_processes_at_one_node_run_newest_located_first():
    out = io.StringIO()
    interp = Interpreter(stdout=out, stderr=io.StringIO())
    load_into(interp.sim.model, [os.path.join(MOD, 'tick.mod')])
    interp.execute('~' + SCRIPT)
    assert out.getvalue().split() == '1 5 2 0 3 4 1 3 2 5 0 4'.split()
