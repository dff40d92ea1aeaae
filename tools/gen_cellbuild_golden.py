#!/usr/bin/env python3
"""Goldens for tests/sessions/test_cellbuild.py: NEURON's end state after loading CellBuilder
session files (tests/sessions/data/<name>.ses -> <name>-cellbuild-neuron.json).

Run with NEURON's Python, one process per session (sections are global):
    /work/nrnenv/bin/python tools/gen_cellbuild_golden.py c91662
    /work/nrnenv/bin/python tools/gen_cellbuild_golden.py cbspec
    /work/nrnenv/bin/python tools/gen_cellbuild_golden.py cbdomain
"""
import json
import os
import sys

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'sessions', 'data')
SUBSETS = ('all', 'somatic', 'axonal', 'basaldend', 'apical', 'dends', 'distal')
RANGES = ('gnabar_hh', 'gkbar_hh', 'gl_hh')


def snapshot(h):
    """Sections (order, topology, 3-D points, geometry, Ra/cm), SectionLists, accessed section."""
    secs = []
    for sec in h.allsec():
        ps = sec.parentseg()
        secs.append({
            'name': sec.name(), 'parent': ps.sec.name() if ps is not None else None,
            'parent_x': ps.x if ps is not None else -1., 'orientation': sec.orientation(),
            'nseg': sec.nseg, 'n3d': sec.n3d(), 'L': sec.L, 'Ra': sec.Ra,
            'diam': [seg.diam for seg in sec], 'cm': [seg.cm for seg in sec],
            'area': sum(seg.area() for seg in sec),
            'pts': [[sec.x3d(i), sec.y3d(i), sec.z3d(i), sec.diam3d(i)]
                    for i in range(sec.n3d())]})
    lists = {}
    for name in SUBSETS:
        if h.name_declared(name) == 2:     # an objref at the top level
            lists[name] = [s.name() for s in getattr(h, name)]
    out = {'sections': secs, 'subsets': lists, 'cas': h.secname()}
    ranges = {}         # (hh's conductances, where a session sets them per segment)
    for sec in h.allsec():
        if sec.has_membrane('hh'):
            for name in RANGES:
                ranges['%s.%s' % (sec.name(), name)] = [getattr(seg, name) for seg in sec]
    if ranges:
        out['ranges'] = ranges
    return out


def main(name):
    from neuron import h
    os.chdir(DATA)
    h.load_file(name + '.ses')
    out = snapshot(h)
    with open(os.path.join(DATA, name + '-cellbuild-neuron.json'), 'w') as f:
        json.dump(out, f, indent=0)
    print(name, len(out['sections']), 'sections', sorted(out['subsets']))


if __name__ == '__main__':
    main(sys.argv[1])
