"""Under local steps a NetCon event restarts its target's cell even where NET_RECEIVE changes
no state: onsyn.mod's events change only an ASSIGNED (on) its DERIVATIVE reads, as ModelDB
37819's AMPA/GABA synapses (synon) do; a cell that went on from the end of a step taken before
the event missed the synapse (37819's RE cells stayed at rest, up to 105 mV from NEURON).
Expected values: NEURON 9.0.2 with onsyn.mod (nrnivmodl)."""
from __future__ import annotations

import io
import os

from pyhoc.hoc.interpreter import Interpreter
from pyhoc.nmodl.load import load_into

MOD = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mod')

SCRIPT = r'''
create a, b
forall { L = 10  diam = 10  insert hh }
objref r, ns, nc, ns2, nc2, cv
a r = new onsyn(.5)
ns = new NetStim()
ns.start = 1
ns.number = 1
nc = new NetCon(ns, r, 0, 0.5, 0.002)
ns2 = new NetStim()
ns2.start = 2
ns2.number = 1
nc2 = new NetCon(ns2, r, 0, 0.5, -0.002)
cv = new CVode()
proc go() {
    cv.active($1)
    cv.use_local_dt($2)
    finitialize(-65)
    cv.solve(6)
    printf("%d %d %.10g %.10g %.10g\n", $1, $2, a.v(.5), r.g, b.v(.5))
}
go(1, 0)
go(1, 1)
'''

WANT = '''1 0 -76.17739168 1.577449549e-06 -64.9545726
1 1 -76.16857856 1.577932688e-06 -64.95429568
'''


def test_an_event_that_changes_only_an_assigned_restarts_the_cell():
    out = io.StringIO()
    interp = Interpreter(stdout=out, stderr=io.StringIO())
    load_into(interp.sim.model, [os.path.join(MOD, 'onsyn.mod')])
    interp.execute('~' + SCRIPT)
    assert out.getvalue() == WANT
