"""NetCon.srcgid, get_recordvec and the NetCon lists (prelist, synlist, precelllist,
postcelllist) against NEURON 9.0.2's output of the same script (hand-checked)."""
from __future__ import annotations

import io

from pyhoc.hoc.interpreter import Interpreter

SCRIPT = r'''
begintemplate C
public soma, syn, syn2
create soma
objref syn, syn2
proc init() { soma { insert hh  syn = new ExpSyn(.5)  syn2 = new ExpSyn(.5) } }
endtemplate C
objref c[3], ncs[8], l, nil, pc, ns, tv
for i=0,2 c[i] = new C()
ns = new NetStim()
c[0].soma ncs[0] = new NetCon(&v(.5), c[1].syn)
c[0].soma ncs[1] = new NetCon(&v(.5), c[2].syn)
c[1].soma ncs[2] = new NetCon(&v(.5), c[2].syn)
c[0].soma ncs[3] = new NetCon(&v(1), c[2].syn2)
ncs[4] = new NetCon(ns, c[1].syn)
ncs[5] = new NetCon(nil, c[1].syn)
c[2].soma ncs[6] = new NetCon(&v(.5), nil)
pc = new ParallelContext()
{pc.set_gid2node(7, 0)}
c[2].soma {pc.cell(7, ncs[6])}
c[2].soma ncs[7] = new NetCon(&v(.5), c[0].syn)
proc show() { local i
  printf("%s:", $s1)
  for i=0, $o2.count-1 printf(" %s", $o2.object(i))
  printf("\n")
}
for i=0,7 {
  printf("%d %g\n", i, ncs[i].srcgid())
  show("pre", ncs[i].prelist())
  show("syn", ncs[i].synlist())
  show("precell", ncs[i].precelllist())
  show("postcell", ncs[i].postcelllist())
}
l = new List()
{l.append(ns)}
{ncs[0].prelist(l)}
show("prelist(l)", l)
{ncs[0].synlist(l)}
show("synlist(l)", l)
tv = new Vector()
{ncs[0].record(tv)}
print ncs[0].get_recordvec(), tv, ncs[3].get_recordvec(), ncs[1].get_recordvec()
print ncs[4].get_recordvec()
'''

WANT = '''0 -1
pre: NetCon[0] NetCon[1]
syn: NetCon[0] NetCon[4] NetCon[5]
precell: NetCon[0] NetCon[1] NetCon[3]
postcell: NetCon[0] NetCon[4] NetCon[5]
1 -1
pre: NetCon[0] NetCon[1]
syn: NetCon[1] NetCon[2]
precell: NetCon[0] NetCon[1] NetCon[3]
postcell: NetCon[1] NetCon[2] NetCon[3]
2 -1
pre: NetCon[2]
syn: NetCon[1] NetCon[2]
precell: NetCon[2]
postcell: NetCon[1] NetCon[2] NetCon[3]
3 -1
pre: NetCon[3]
syn: NetCon[3]
precell: NetCon[0] NetCon[1] NetCon[3]
postcell: NetCon[1] NetCon[2] NetCon[3]
4 -1
pre: NetCon[4]
syn: NetCon[0] NetCon[4] NetCon[5]
precell:
postcell: NetCon[0] NetCon[4] NetCon[5]
5 -1
pre: NetCon[5]
syn: NetCon[0] NetCon[4] NetCon[5]
precell:
postcell: NetCon[0] NetCon[4] NetCon[5]
6 7
pre: NetCon[6] NetCon[7]
syn: NetCon[6]
precell: NetCon[6] NetCon[7]
postcell:
7 7
pre: NetCon[6] NetCon[7]
syn: NetCon[7]
precell: NetCon[6] NetCon[7]
postcell: NetCon[7]
prelist(l): NetStim[0] NetCon[0] NetCon[1]
synlist(l): NetStim[0] NetCon[0] NetCon[1] NetCon[0] NetCon[4] NetCon[5]
Vector[0] Vector[0] NULLobject Vector[0]
NULLobject
'''


def test_netcon_lists_and_srcgid():
    out = io.StringIO()
    interp = Interpreter(stdout=out, stderr=io.StringIO())
    interp.execute('~' + SCRIPT)
    assert [ln.rstrip() for ln in out.getvalue().splitlines()] == WANT.splitlines()


def test_netcon_lists_from_python():
    from pyhoc import h
    s = h.Section(name='s')
    syn = h.ExpSyn(s(.5))
    a = h.NetCon(s(.5)._ref_v, syn, sec=s)
    b = h.NetCon(s(.5)._ref_v, None, sec=s)
    assert list(a.prelist()) == [a, b] and list(a.synlist()) == [a]
    assert a.srcgid() == -1 and b.get_recordvec() is None
