"""Record NEURON's Import3d (SWC and Neurolucida .asc) results as golden files for tests/sessions/test_import3d.py.

Run with NEURON's Python:  /work/nrnenv/bin/python tools/gen_import3d_golden.py
For each SWC fixture in tests/sessions/data it imports the morphology at the top level
(instantiate(nil)) and into a cell template, and writes <name>-neuron.json next to it: for each
section in creation order its name, parent, parent_x, orientation, nseg, 3-D points (as NEURON
stores them, float32 widened to double), L and area; the template instance's subset lists; and
what the reader printed.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'tests', 'sessions', 'data')
FIXTURES = ('c91662.swc', 'multisoma.swc', 'threepoint.swc', 'hay_trim.asc', 'stack.asc')

CELL = '''
begintemplate Cell
public all, somatic, axonal, basal, apical
public dendritic_5, dendritic_6, dendritic_7, dendritic_8, dendritic_9, dendritic_10
objref all, somatic, axonal, basal, apical
objref dendritic_5, dendritic_6, dendritic_7, dendritic_8, dendritic_9, dendritic_10
create soma[1], axon[1], dend[1], apic[1], dend_7[1], dend_10[1]
proc init() {
    all = new SectionList() somatic = new SectionList() axonal = new SectionList()
    basal = new SectionList() apical = new SectionList()
    dendritic_5 = new SectionList() dendritic_6 = new SectionList()
    dendritic_7 = new SectionList() dendritic_8 = new SectionList()
    dendritic_9 = new SectionList() dendritic_10 = new SectionList()
}
endtemplate Cell
'''
SUBSETS = ('all', 'somatic', 'axonal', 'basal', 'apical', 'dendritic_7', 'dendritic_10')


def reader(h, fname):
    """The Import3d reader of the file's format (.swc or Neurolucida's .asc)."""
    return h.Import3d_Neurolucida3() if fname.endswith('.asc') else h.Import3d_SWC_read()


def one(fname, mode):
    """Runs in a fresh NEURON process: mode 'nil' or 'cell'."""
    from neuron import h
    h.load_file('import3d.hoc')
    h(CELL)
    r = reader(h, fname)
    r.input(fname)
    gui = h.Import3d_GUI(r, 0)
    cell = None
    if mode == 'cell':
        cell = h.Cell()
        gui.instantiate(cell)
    else:
        gui.instantiate(None)
    out = {'sections': []}
    for sec in h.allsec():
        ps = sec.parentseg()
        pts = [[sec.x3d(i), sec.y3d(i), sec.z3d(i), sec.diam3d(i)] for i in range(sec.n3d())]
        out['sections'].append({
            'name': sec.name(), 'parent': ps.sec.name() if ps is not None else None,
            'parent_x': ps.x if ps is not None else -1., 'orientation': sec.orientation(),
            'nseg': sec.nseg, 'n3d': sec.n3d(), 'L': sec.L,
            'area': sum(seg.area() for seg in sec), 'pts': pts,
        })
    if cell is not None:
        out['subsets'] = {n: [s.name() for s in getattr(cell, n)] for n in SUBSETS}
    else:
        out['accessed'] = h.secname()
    return out


def main():
    if len(sys.argv) == 3:
        json.dump(one(sys.argv[1], sys.argv[2]), sys.stdout)
        return
    for fx in FIXTURES:
        golden = {}
        for mode in ('nil', 'cell'):
            p = subprocess.run([sys.executable, __file__, fx, mode], cwd=DATA,
                               capture_output=True, check=True)
            # NEURON's own printout (chk_valid messages) precedes the JSON
            text = p.stdout.decode()      # (bytes: the .asc reader's progress line has '\r')
            k = text.rindex('{"sections"')
            golden[mode] = json.loads(text[k:])
            golden[mode]['printed'] = text[:k]
        path = os.path.join(DATA, fx.rsplit('.', 1)[0] + '-neuron.json')
        with open(path, 'w') as f:
            json.dump(golden, f, indent=0)
        print('wrote', path, len(golden['nil']['sections']), 'sections')


if __name__ == '__main__':
    main()
