"""A NetCon does not keep its source alive: a freed NetStim (or any point process source)
leaves its NetCons without a source, with nothing recorded or sent from it, as in NEURON
9.0.2 (its output for these scripts is written in the asserts)."""
from __future__ import annotations

import pytest


def test_sources_freed_by_redeclaring_their_array(hoc, h):
    assert h('''
objref s[4], nc[3], vec[3], nil
for i=0,2 { s[i] = new NetStim()  s[i].start = 1+i  s[i].number = 3  s[i].interval = 2
  vec[i] = new Vector()  nc[i] = new NetCon(s[i], nil)  nc[i].record(vec[i]) }
objref s[3]
tstop = 10
load_file("stdrun.hoc")
run()
for i=0,2 printf("%d %d %d\\n", i, vec[i].size, nc[i].valid())
for i=0,2 print nc[i].pre()
''') == 1
    assert hoc.stdout.getvalue().split()[-12:] == [
        '0', '0', '0', '1', '0', '0', '2', '0', '0', 'NULLobject', 'NULLobject', 'NULLobject']


def test_a_kept_source_still_drives_its_target(h):
    s = h.Section(name='s')
    s.insert('pas')
    syn = h.ExpSyn(s(0.5))
    nc = h.NetCon(h.NetStim(), syn)          # the NetStim goes at once
    assert nc.pre() is None and not nc.valid()
    with pytest.raises(RuntimeError, match=r'NetCon\[0\] source is missing'):
        nc.record(h.Vector())
    keep = h.NetStim()
    keep.number, keep.start = 2, 1
    nc2 = h.NetCon(keep, syn)
    nc2.weight[0] = 0.01
    v2 = h.Vector()
    nc2.record(v2)
    h.load_file('stdrun.hoc')
    h.tstop = 5
    h.run()
    assert v2.size() == 1 and abs(s(0.5).v - -69.961347) < 5e-7


def test_a_deleted_sections_netcons_lose_their_source(hoc, h):
    assert h('''
create a, b
objref nc, nil, vec
vec = new Vector()
a nc = new NetCon(&v(.5), nil)
nc.record(vec)
delete_section()
print nc.valid(), nc.preseg()
''') == 1
    assert hoc.stdout.getvalue().split()[-2:] == ['0', 'NULLobject']
