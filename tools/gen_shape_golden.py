"""Goldens for tests/plot/test_shape.py: PlotShape.plot(plotly) and RangeVarPlot under NEURON.

Run with NEURON's Python (plotly and matplotlib installed there):
    /work/nrnenv/bin/python tools/gen_shape_golden.py
It writes tests/plot/data/shape-neuron.json.  ``build`` makes the same models under pyhoc.
"""
from __future__ import annotations

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'tests', 'plot', 'data')
SWC = os.path.join(HERE, '..', 'tests', 'sessions', 'data', 'c91662.swc')


def build_small(h):
    """A soma with 3-D points, two dendrites (one with points, one placed by define_shape)."""
    soma = h.Section(name='soma')
    for x, d in ((0, 12), (6, 14), (12, 12)):
        h.pt3dadd(x, 0, 0, d, sec=soma)
    soma.insert('hh')
    d1 = h.Section(name='d1')
    d1.connect(soma(1))
    for x, y, z, d in ((12, 0, 0, 3), (40, 20, 5, 2.5), (70, 25, 10, 2), (110, 60, 12, 1.5)):
        h.pt3dadd(x, y, z, d, sec=d1)
    d1.nseg = 5
    d1.insert('pas')
    d2 = h.Section(name='d2')
    d2.L, d2.diam, d2.nseg = 80, 1.2, 3
    d2.connect(soma(0))
    h.define_shape()
    return [soma, d1, d2]


def build_swc(h, path=SWC):
    h.load_file('import3d.hoc')
    r = h.Import3d_SWC_read()
    r.input(path)
    h.Import3d_GUI(r, 0).instantiate(None)
    secs = list(h.allsec())
    for s in secs:
        s.nseg = 1 + 2 * int(s.L / 40)
    return secs


def set_voltages(secs):
    """Deterministic voltages from -90 to +50 mV spread over the segments."""
    segs = [seg for s in secs for seg in s]
    for i, seg in enumerate(segs):
        seg.v = -90 + 140 * ((i * 37) % len(segs)) / max(1, len(segs) - 1)


def traces(fig):
    return [dict(x=list(t.x), y=list(t.y), z=list(t.z), color=t.line.color,
                 width=float(t.line.width), hover=t.hovertemplate) for t in fig.data]


def rvp(h, sec_a, xa, sec_b, xb):
    r = h.RangeVarPlot('v', sec_a(xa), sec_b(xb))
    y, x = h.Vector(), h.Vector()
    r.to_vector(y, x)
    return dict(x=list(x), y=list(y), left=r.left(), right=r.right())


def main():
    from neuron import h
    import plotly
    out = {}
    secs = build_small(h)
    set_voltages(secs)
    ps = h.PlotShape(False)
    out['small_plain'] = traces(ps.plot(plotly))
    ps.variable('v')
    ps.scale(-80, 40)
    out['small_v'] = traces(ps.plot(plotly))
    sl = h.SectionList()
    sl.append(sec=secs[1])
    ps2 = h.PlotShape(sl, False)
    ps2.variable('v')
    ps2.show(0)
    out['small_list_diam'] = traces(ps2.plot(plotly))
    out['small_rvp'] = rvp(h, secs[2], 1, secs[1], 1)
    for s in secs:
        h.delete_section(sec=s)
    secs = build_swc(h)
    set_voltages(secs)
    ps = h.PlotShape(False)
    ps.variable('v')
    ps.scale(-80, 40)
    out['c91662_v'] = traces(ps.plot(plotly))
    names = [s.name() for s in secs]
    out['c91662_rvp'] = rvp(h, secs[-1], 1, secs[names.index('axon[0]')] if 'axon[0]' in names
                            else secs[1], 1)
    os.makedirs(DATA, exist_ok=True)
    with open(os.path.join(DATA, 'shape-neuron.json'), 'w') as f:
        json.dump(out, f)
    print('wrote', {k: len(v) for k, v in out.items()})


if __name__ == '__main__':
    main()
