"""Golden for tests/plot/test_seed.py: the seed lecture's figure under NEURON 9.0.2.

Run with NEURON's Python (plotly, matplotlib and anywidget installed there):
    /work/nrnenv/bin/python tools/gen_seed_golden.py
It writes tests/plot/data/seed-neuron.json.  ``run_seed`` is the example, shared with the test.
"""
from __future__ import annotations

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SES = os.path.join(HERE, '..', 'tests', 'sessions', 'data', 'c91662.ses')
OUT = os.path.join(HERE, '..', 'tests', 'plot', 'data', 'seed-neuron.json')


def run_seed(h, ses=SES):
    """c91662.ses, hh everywhere, IClamp at the soma, 2 ms; returns the figure's traces."""
    import plotly
    from matplotlib import cm
    h.load_file('stdrun.hoc')
    cwd = os.getcwd()
    os.chdir(os.path.dirname(os.path.abspath(ses)))
    try:
        h.load_file(os.path.basename(ses))
    finally:
        os.chdir(cwd)
    h.hh.insert(h.allsec())
    ic = h.IClamp(h.soma(0.5))
    ic.delay, ic.dur, ic.amp = 1, 1, 10
    h.finitialize(-65)
    h.continuerun(2)
    ps = h.PlotShape(False)
    ps.variable('v')
    fig = ps.plot(plotly, cmap=cm.cool)
    return {'soma_v': h.soma(0.5).v,
            'traces': [dict(x=list(t.x), y=list(t.y), z=list(t.z), color=t.line.color)
                       for t in fig.data]}


def main():
    from neuron import h
    out = run_seed(h)
    with open(OUT, 'w') as f:
        json.dump(out, f)
    print('wrote %d traces, soma v %.6f' % (len(out['traces']), out['soma_v']))


if __name__ == '__main__':
    main()
