"""Golden for the Network Builder session with CellBuilder cells (tests/sessions/data/
ses_netready.ses: a NetReadyCellGUI with two synapse types, an ArtCellGUI NetStim, a NetGUI
that creates the network).

NEURON 9.0.2 (``nrniv -nogui``) loads the session; ``SCRIPT`` prints the topology, every
section's geometry and membrane, the synapses, the NetCons and the spike times of a 40 ms run,
one line each (and topology()'s lines).  The lines are stored in tests/sessions/data/ses_netready-neuron.json;
tests/sessions/test_netready.py runs the same SCRIPT with pyhoc and compares.

    python tools/gen_ses_netready_golden.py [path/to/nrniv]
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'tests', 'sessions', 'data')
NAME = 'ses_netready'

SCRIPT = r'''
load_file("ses_netready.ses")
objref nil, tvec, idvec, tmpnc, rec, cell, syn, sf
strdef sname
sf = new StringFunctions()
tvec = new Vector()
idvec = new Vector()
rec = new List()
topology()
forall {
    printf("sec %s %d %.10g %.10g %.10g %.10g %d %d\n", secname(), nseg, L, diam, Ra, cm, ismembrane("hh"), ismembrane("pas"))
    if (ismembrane("pas")) { printf("pas %s %.10g %.10g\n", secname(), g_pas, e_pas) }
    if (ismembrane("hh")) { printf("hh %s %.10g %.10g %.10g\n", secname(), gnabar_hh, gkbar_hh, gl_hh) }
}
for i = 0, NetData[0].sources.count - 1 {
    cell = NetData[0].sources.object(i).cell.real
    if (cell.is_art) {
        printf("cell %s %s\n", cell, cell.pp)
        tmpnc = new NetCon(cell.pp, nil)
    } else {
        printf("cell %s %d\n", cell, cell.synlist.count)
        for j = 0, cell.synlist.count - 1 {
            syn = cell.synlist.object(j)
            x = syn.get_loc()
            printf("syn %s %s %.10g %.10g %.10g\n", syn, secname(), x, syn.tau, syn.e)
            pop_section()
        }
        tmpnc = cell.connect2target(nil)
    }
    tmpnc.record(tvec, idvec, i)
    rec.append(tmpnc)
}
for i = 0, NetData[0].edges.count - 1 {
    tmpnc = NetData[0].edges.object(i).netcon
    printf("netcon %s %s %.10g %.10g %.10g\n", tmpnc.pre(), tmpnc.syn(), tmpnc.weight[0], tmpnc.delay, tmpnc.threshold)
}
objref tmpnc, cell, syn
tstop = 40
run()
for i = 0, tvec.size - 1 { printf("spike %.10g %d\n", tvec.x[i], idvec.x[i]) }
'''

KINDS = ('sec', 'pas', 'hh', 'cell', 'syn', 'netcon', 'spike')


def lines(text: str) -> list:
    """The result lines of SCRIPT's output (what statements echo left out)."""
    return [ln.rstrip() for ln in text.splitlines()
            if ln.split(' ', 1)[0] in KINDS or ln.lstrip()[:1] in ('|', '`')]


def main(nrniv: str = '/tmp/nrnlib-neuron/bin/nrniv') -> None:
    with tempfile.NamedTemporaryFile('w', suffix='.hoc', delete=False) as f:
        f.write(SCRIPT)
    try:
        out = subprocess.run([nrniv, '-nobanner', '-nogui', f.name, '-c', 'quit()'], cwd=DATA,
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(f.name)
    with open(os.path.join(DATA, NAME + '-neuron.json'), 'w') as f:
        json.dump({'nrniv': '9.0.2', 'lines': lines(out)}, f, indent=0)
        f.write('\n')


if __name__ == '__main__':
    main(*sys.argv[1:])
