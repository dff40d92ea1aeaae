"""Golden for the Network Builder session fixture (tests/sessions/data/ses_netgui.ses).

NEURON 9.0.2 (``nrniv -nogui``) loads the session, which builds its network of artificial
cells (NetStim, IntFire1/2/4) and NetCons through NetGUI's create1; ``SCRIPT`` then prints the
cells, their parameters, the NetCons and the spike times of a 50 ms run, one line each.  The
lines are stored in tests/sessions/data/ses_netgui-net-neuron.json; tests/sessions/test_tools.py
runs the same SCRIPT with pyhoc and compares.

    python tools/gen_ses_net_golden.py [path/to/nrniv]
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'tests', 'sessions', 'data')
NAME = 'ses_netgui'

SCRIPT = r'''
load_file("ses_netgui.ses")
objref nil, tvec, idvec, tmpnc, rec, cell, ms
strdef mname, pname
tvec = new Vector()
idvec = new Vector()
rec = new List()
for i = 0, NetData[0].sources.count - 1 {
    cell = NetData[0].sources.object(i).cell.real
    printf("cell %s %s %g %g\n", cell, cell.pp, cell.x, cell.y)
    sprint(mname, "%s", cell.pp)
    {hoc_sf_.head(mname, "\\[", mname)}
    ms = new MechanismStandard(mname)
    ms.in(cell.pp)
    for j = 0, ms.count() - 1 {
        ms.name(pname, j)
        printf("parm %s %s %.10g\n", cell.pp, pname, ms.get(pname))
    }
    tmpnc = new NetCon(cell.pp, nil)
    tmpnc.record(tvec, idvec, i)
    rec.append(tmpnc)
}
for i = 0, NetData[0].edges.count - 1 {
    tmpnc = NetData[0].edges.object(i).netcon
    printf("netcon %s %s %s %.10g %.10g %.10g\n", tmpnc, tmpnc.pre(), tmpnc.syn(), tmpnc.weight[0], tmpnc.delay, tmpnc.threshold)
}
objref tmpnc, cell, ms
tstop = 50
run()
for i = 0, tvec.size - 1 { printf("spike %.10g %d\n", tvec.x[i], idvec.x[i]) }
'''


def lines(text: str) -> list:
    """The result lines of SCRIPT's output (what statements echo left out)."""
    return [ln.strip() for ln in text.splitlines()
            if ln.split(' ', 1)[0] in ('cell', 'parm', 'netcon', 'spike')]


def main(nrniv: str = '/work/nrnenv/bin/nrniv') -> None:
    with tempfile.NamedTemporaryFile('w', suffix='.hoc', delete=False) as f:
        f.write(SCRIPT)
    try:
        out = subprocess.run([nrniv, '-nobanner', '-nogui', f.name, '-c', 'quit()'], cwd=DATA,
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(f.name)
    with open(os.path.join(DATA, NAME + '-net-neuron.json'), 'w') as f:
        json.dump({'nrniv': '9.0.2', 'lines': lines(out)}, f, indent=0)
        f.write('\n')


if __name__ == '__main__':
    main(*sys.argv[1:])
