"""v assigned in a point process's NET_RECEIVE sets its node's voltage (nocmodl ends the block
with NODEV(node) = v): ModelDB 39948's Izhikevich cells reset v at each spike.  Expected
values: NEURON 9.0.2 with vreset.mod (nrnivmodl), hand-checked."""
from __future__ import annotations

import io
import os

from pyhoc.hoc.interpreter import Interpreter
from pyhoc.nmodl.load import load_into

MOD = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mod')

SCRIPT = r'''
create soma
soma { L = 10  diam = 10  insert pas  g_pas = 1e-3  e_pas = -65 }
objref r, ns, nc, vv, cvode
cvode = new CVode()
soma r = new vreset(.5)
ns = new NetStim()
ns.start = 1
ns.interval = 2
ns.number = 3
nc = new NetCon(ns, r, 0, 0, 5)
vv = new Vector()
{vv.record(&soma.v(.5))}
proc go() {
    cvode.active($1)
    finitialize(-65)
    while (t < 8) { fadvance() }
    printf("%d %.12g %g\n", $1, soma.v(.5), r.n)
    if (!$1) { printf("%.12g %.12g %.12g\n", vv.x[40], vv.x[41], vv.x[121]) }
}
go(0)
go(1)
'''

WANT = '''0 -61.900530241 3
-65 -16.2195121951 -11.3414634146
1 -62.0495495462 3
'''


def test_net_receive_sets_the_node_voltage_fixed_step_and_cvode():
    out = io.StringIO()
    interp = Interpreter(stdout=out, stderr=io.StringIO())
    load_into(interp.sim.model, [os.path.join(MOD, 'vreset.mod')])
    interp.execute('~' + SCRIPT)
    assert out.getvalue() == WANT
