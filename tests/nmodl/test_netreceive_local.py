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


SCRIPT0 = r'''
create a, b
forall { L = 10  diam = 10  insert hh }
objref r, ic, nc, cv, tv
b r = new onsyn(.5)
a ic = new IClamp(.5)
ic.del = 1
ic.dur = 0.5
ic.amp = 0.3
a nc = new NetCon(&v(.5), r, 0, 0, 0.002)
tv = new Vector()
{nc.record(tv)}
cv = new CVode()
proc go() {
    cv.active(1)
    cv.use_local_dt($1)
    cv.condition_order($2)
    finitialize(-65)
    cv.solve(6)
    printf("%d %d %.10g %.10g %.10g %.10g\n", $1, $2, a.v(.5), r.g, b.v(.5), tv.x[0])
}
go(0, 1)
go(0, 2)
go(1, 1)
go(1, 2)
'''

WANT0 = '''0 1 -75.61107697 0.001999740408 -71.21740077 1.525323524
0 2 -75.61112945 0.001999741844 -71.20807737 1.522340809
1 1 -75.61158012 0.001999741695 -71.21347692 1.523151298
1 2 -75.61158012 0.001999741629 -71.21137893 1.52256901
'''


def test_a_crossing_sent_through_a_netcon_of_delay_0_restarts_the_target():
    """condition_order 2: the queued crossing's send puts a delay-0 event at its own time;
    the target's cell is brought back there and restarts (global and local steps), as
    ModelDB 37819's TC->RE NetCon of delay 0 needs."""
    out = io.StringIO()
    interp = Interpreter(stdout=out, stderr=io.StringIO())
    load_into(interp.sim.model, [os.path.join(MOD, 'onsyn.mod')])
    interp.execute('~' + SCRIPT0)
    assert out.getvalue() == WANT0
