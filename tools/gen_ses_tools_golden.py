#!/usr/bin/env python3
"""Goldens for tests/sessions/test_tools.py: NEURON's end state after loading session files
that use the GUI tools (PointProcessManager, Electrode, SingleCompartment, Inserter,
PointProcessGroupManager, VectorPlay, Grapher, MakeCurve, the CellBuilder's membrane part),
and the somatic voltage of a short run afterwards.

tests/sessions/data/<name>.ses -> <name>-tools-neuron.json.  Run with NEURON's Python, one
process per session (sections are global):

    for n in ses_ppm ses_ppm_dend ses_electrode ses_single ses_inserter ses_ppgm ses_vplay \\
             cbmemb; do /work/nrnenv/bin/python tools/gen_ses_tools_golden.py $n; done

The same ``snapshot`` is taken by the test with pyhoc's ``h``.
"""
import json
import os
import sys

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'sessions', 'data')

# name: (load tools_cell.hoc first, HOC expressions to read afterwards)
FIXTURES = {
    'ses_ppm': (True, ['o PointProcessManager[0].pp', 'o PointProcessManager[1].pp',
                       'n PointProcessManager[0].pp.amp', 'n PointProcessManager[1].pp.gmax']),
    'ses_ppm_dend': (True, ['o PointProcessManager[1].pp']),
    'ses_electrode': (True, ['o Electrode[0].stim', 'o Electrode[0].vc',
                             'n Electrode[0].vc.dur[0]', 'n Electrode[0].vc.dur[1]',
                             'n Electrode[0].vc.dur[2]', 'n Electrode[0].vc.amp[1]',
                             'n Electrode[0].stim.amp']),
    'ses_single': (False, ['o PointProcessManager[0].pp']),
    'ses_inserter': (True, []),
    'ses_ppgm': (True, []),
    'ses_vplay': (True, ['s VectorPlay[0].sname', 'n VectorPlay[0].vy.size',
                         'n VectorPlay[0].oldval', 'n VectorPlay[0].contin',
                         'n MakeCurve[0].vx.size', 'n MakeCurve[0].vy.x[1]']),
    'cbmemb': (False, []),
}
TOOLS = ('PointProcessManager', 'Electrode', 'SingleCompartment', 'Inserter',
         'PointProcessGroupManager', 'VectorPlay', 'Grapher', 'MakeCurve', 'CellBuild')
MECHS = {'pas': ('g_pas', 'e_pas'), 'hh': ('gnabar_hh', 'gkbar_hh', 'gl_hh', 'el_hh'),
         'extracellular': ('xraxial[0]', 'xraxial[1]', 'xg[0]', 'xg[1]', 'xc[0]', 'xc[1]',
                           'e_extracellular')}
POINT_PARMS = {'IClamp': ('del', 'dur', 'amp'), 'AlphaSynapse': ('onset', 'tau', 'gmax', 'e'),
               'ExpSyn': ('tau', 'e'), 'Exp2Syn': ('tau1', 'tau2', 'e'),
               'VClamp': ('dur[0]', 'dur[1]', 'dur[2]', 'amp[0]', 'amp[1]', 'amp[2]', 'gain',
                          'rstim', 'tau1', 'tau2'),
               'SEClamp': ('dur1', 'amp1', 'dur2', 'amp2', 'dur3', 'amp3', 'rs')}


def _val(h, sec, x, name):
    sec.push()
    try:
        h('ses_val_ = %s(%.17g)' % (name, x))
    finally:
        h.pop_section()
    return h.ses_val_


def _expr(h, typed):
    """The value of a HOC expression written 'n expr' (number), 's expr' (string) or
    'o expr' (an object: its name)."""
    kind, text = typed.split(' ', 1)
    if kind == 'n':
        h('ses_val_ = %s' % text)
        return h.ses_val_
    if kind == 's':
        h('strdef ses_str_')
        h('ses_str_ = %s' % text)
        return str(h.ses_str_)
    h('objref ses_obj_')
    h('ses_obj_ = %s' % text)
    return str(h.ses_obj_)


def snapshot(h, exprs=()):
    h('ses_val_ = 0')
    secs = []
    for sec in h.allsec():
        xs = [seg.x for seg in sec]
        mechs = {}
        for m, names in MECHS.items():
            if h.ismembrane(m, sec=sec):
                mechs[m] = {n: [_val(h, sec, x, n) for x in xs] for n in names}
        points = []
        for seg in sec:
            for pp in seg.point_processes():
                name = pp.hname()
                kind = name.split('[')[0]
                points.append({'name': name, 'x': pp.get_segment().x,
                               'parms': {p: _expr(h, 'n %s.%s' % (name, p))
                                         for p in POINT_PARMS.get(kind, ())}})
        secs.append({'name': sec.name(), 'nseg': sec.nseg, 'L': sec.L, 'Ra': sec.Ra,
                     'diam': [seg.diam for seg in sec], 'cm': [seg.cm for seg in sec],
                     'mechs': mechs, 'points': points})
    counts = {}
    for t in TOOLS:
        if h.name_declared(t):
            counts[t] = h.List(t).count()
    return {'sections': secs, 'counts': counts, 'cas': h.secname(),
            'exprs': {e: _expr(h, e) for e in exprs}}


def run_trace(h):
    """v at the accessed section's middle every 0.25 ms of a run to tstop."""
    v = h.Vector()
    tv = h.Vector()
    v.record(h.cas()(0.5)._ref_v, 0.25)
    tv.record(h._ref_t, 0.25)
    h.run()
    return {'t': list(tv), 'v': list(v), 'tstop': h.tstop}


def main(name):
    from neuron import h
    os.chdir(DATA)
    cell, exprs = FIXTURES[name]
    h.load_file('stdrun.hoc')
    if cell:
        h.load_file('tools_cell.hoc')
    h.load_file(name + '.ses')
    out = snapshot(h, exprs)
    out['run'] = run_trace(h)
    with open(os.path.join(DATA, name + '-tools-neuron.json'), 'w') as f:
        json.dump(out, f, indent=0)
    print(name, len(out['sections']), 'sections', out['counts'])


if __name__ == '__main__':
    main(sys.argv[1])
