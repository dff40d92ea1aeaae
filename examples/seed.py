"""The seed lecture's example: the CA1 cell c91662 coloured by membrane potential.

Loads the cell (the CellBuilder session c91662.ses, or the same cell as an SWC morphology
when run with --swc), puts hh everywhere, stimulates the soma, runs 2 ms, and draws
the cell with PlotShape through plotly into seed.html, plus a RangeVarPlot from the soma
along an apical path into seed_rvp.html.

    python examples/seed.py [--swc] [--show]
"""
import argparse
import os
import sys

from pyhoc import h
from pyhoc.units import ms, mV

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'tests', 'sessions', 'data')


def load_cell(use_swc: bool):
    h.load_file('stdrun.hoc')
    if use_swc:
        h.load_file('import3d.hoc')
        reader = h.Import3d_SWC_read()
        reader.input(os.path.join(DATA, 'c91662.swc'))
        h.Import3d_GUI(reader, 0).instantiate(None)
        return h.soma[0], h.apic[10]
    h.load_file(os.path.join(DATA, 'c91662.ses'))
    return h.soma, h.apic[10]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--swc', action='store_true', help='build the cell from c91662.swc')
    ap.add_argument('--show', action='store_true', help='open the figures in a browser')
    a = ap.parse_args()
    soma, apic = load_cell(a.swc)
    h.hh.insert(h.allsec())
    ic = h.IClamp(soma(0.5))
    ic.delay, ic.dur, ic.amp = 1 * ms, 1 * ms, 10
    h.finitialize(-65 * mV)
    h.continuerun(2 * ms)
    print('%d sections; t = %g ms; soma v = %.6f mV' % (len(list(h.allsec())), h.t, soma(0.5).v))

    import plotly
    from matplotlib import cm
    ps = h.PlotShape(False)
    ps.variable('v')
    fig = ps.plot(plotly, cmap=cm.cool)
    fig.write_html('seed.html')
    rvp = h.RangeVarPlot('v', soma(0.5), apic(1))
    rvp.plot(plotly).write_html('seed_rvp.html')
    print('wrote seed.html and seed_rvp.html')
    if a.show:
        fig.show()


if __name__ == '__main__':
    sys.exit(main())
