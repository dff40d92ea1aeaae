"""A TABLE is built again at the next step after a DEPEND value changed between fadvance
calls: a GLOBAL (vs_tabdep), the first instance's RANGE parameter (vh_tabdep), celsius (the
check before each step compares every DEPEND value at once: pyhoc.nmodl.runtime's
_check_tables).  Expected values: NEURON 9.0.2 with tabdep.mod (nrnivmodl)."""
from __future__ import annotations

import io
import os

from pyhoc.hoc.interpreter import Interpreter
from pyhoc.nmodl.load import load_into

MOD = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mod')

SCRIPT = r'''
create soma
soma { L = 10  diam = 10  insert tabdep  insert pas  g_pas = 1e-4  e_pas = -65 }
proc go() {
    while (t < $1 - 1e-9) { fadvance() }
    printf("t=%g v=%.12g m=%.12g\n", t, soma.v(.5), soma.m_tabdep(.5))
}
{finitialize(-65)}
go(2)
vs_tabdep = 5
go(4)
soma.vh_tabdep = -60
go(6)
celsius = 30
go(8)
'''

WANT = '''t=2 v=-42.2226031454 m=0.232376368324
t=4 v=14.9451333118 m=0.861344100257
t=6 v=36.0097499557 m=0.981234945655
t=8 v=39.0863323467 m=0.997460423606
'''


def test_a_depend_changed_between_steps_rebuilds_the_table():
    out = io.StringIO()
    interp = Interpreter(stdout=out, stderr=io.StringIO())
    load_into(interp.sim.model, [os.path.join(MOD, 'tabdep.mod')])
    interp.execute('~' + SCRIPT)
    assert out.getvalue() == WANT
