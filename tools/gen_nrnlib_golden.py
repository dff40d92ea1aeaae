"""Generate the library-file goldens (tests/golden/stdlib/<scenario>.txt): NEURON's stdout.

Run with a Python that has NEURON (``/tmp/nrnlib-neuron/bin/python tools/gen_nrnlib_golden.py``).
Each scenario runs in a scratch folder holding its own small stand-in files (never NEURON's
library files), with ``HOC_LIBRARY_PATH`` naming its ``lib`` sub-folder: how ``load_file`` looks
for a file (folder, library path, built-in library), which names NEURON's nrngui.hoc defines,
and the small built-ins the library files call.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'tests', 'golden', 'stdlib')

# names whose kind (name_declared) after nrngui.hoc the 'nrngui_names' scenario prints
NAMES = [
    'hoc_obj_', 'movierunbox', 'movie_timer', 'movie_frame_dur_', 'using_cvode_',
    'clipboard_file', 'clipboard_set', 'clipboard_get', 'numericalmethodpanel',
    'NumericalMethodPanel', 'AtolTool', 'AtolToolItem', 'PointBrowser', 'WindowMenu',
    'WindowGroupManager', 'Family', 'MenuExplore', 'ShapeBrowser', 'ShapeLocation',
    'PointProcessLocator', 'Inserter', 'PointProcessManager', 'NEURONMainMenu', 'String',
    'ExecCommand', 'PPItem', 'PointProcessGroupManager', 'GatherVec', 'StartingDirectory',
    'CellBuild', 'Electrode', 'VectorPlay', 'Grapher', 'MulRunFitter', 'NetGUI',
    'Import3d_GUI', 'ParallelComputeTool', 'CoreNeuronRun', 'makePointBrowser', 'pointmenu',
    'makeFamily', 'makeMenuExplore', 'moviestep', 'movierun', 'movierunpanel', 'movierunsave']

# name: (files in the folder, files in lib/, the script)
SCENARIOS = {
    'load_file_order': ({
        'a.hoc': 'print "folder a"\n',
    }, {
        'a.hoc': 'print "lib a"\n',
        'b.hoc': 'print "lib b"\n',
        'stdrun.hoc': 'print "lib stdrun"\nproc run() { print "lib run" }\n',
    }, r'''
print load_file("a.hoc")
print load_file("b.hoc")
print load_file("a.hoc")
print load_file("stdrun.hoc")
run()
print name_declared("steps_per_ms"), name_declared("NumericalMethodPanel")
print load_file("no_such_file.hoc")
'''),
    'local_stdrun': ({
        'stdrun.hoc': 'print "folder stdrun"\nproc run() { print "my run" }\n',
    }, {
        'stdrun.hoc': 'print "lib stdrun"\n',
    }, r'''
print load_file("stdrun.hoc")
run()
print name_declared("steps_per_ms"), name_declared("NumericalMethodPanel")
'''),
    # nrngui.hoc loads its parts from its own folder: a stdrun.hoc beside the model is not used
    'local_stdrun_in_nrngui': ({
        'stdrun.hoc': 'print "folder stdrun"\nproc nrnmainmenu() { print "my menu" }\n'
                      'proc run() { print "my run" }\n',
    }, {}, r'''
load_file("nrngui.hoc")
run()
print name_declared("steps_per_ms"), name_declared("NumericalMethodPanel")
print name_declared("Inserter"), name_declared("PointProcessManager"), name_declared("String")
'''),
    'local_pointgrp': ({
        'pointgrp.hoc': 'print "folder pointgrp"\n'
                        'begintemplate PPItem\npublic s\nstrdef s\n'
                        'proc init() { s = $s1 }\nendtemplate PPItem\n',
    }, {}, r'''
load_file("nrngui.hoc")
print name_declared("PPItem"), name_declared("PointProcessGroupManager")
print load_file("pointgrp.hoc")
objref p
p = new PPItem("x")
print p, p.s
'''),
    'nrngui_names': ({
        'movierun.hoc': 'print "folder movierun"\n',
        'stdlib.hoc': 'print "folder stdlib"\n',
    }, {}, r'''
load_file("nrngui.hoc")
print load_file("movierun.hoc"), load_file("stdlib.hoc"), load_file("stdgui.hoc")
strdef nm
objref names
names = new List()
''' + ''.join('names.append(new String("%s"))\n' % n for n in NAMES) + r'''
for i = 0, names.count - 1 { print names.object(i).s, " ", name_declared(names.object(i).s) }
print numericalmethodpanel, movie_timer, movie_frame_dur_, using_cvode_
objref vq
vq = new Vector()
print vq
'''),
    'stdlib_builtins': ({}, {}, r'''
print show_winio(0), show_winio(1)
print hoc_obj_[0], hoc_obj_[1]
objref l, x, y, x2, y2
l = new List(1)
x = new Vector(3)
x.indgen()
l.append(x)
print l.count(), l.object(0)
load_file("stdlib.hoc")
y = x.c.mul(2)
clipboard_set(x, y)
print hoc_obj_[0].sum, hoc_obj_[1].sum, hoc_obj_[0] == y
clipboard_get(x2, y2)
print x2.sum, y2.sum, x2 == hoc_obj_[1]
'''),
    'vector_fitness': ({}, {}, r'''
objref x, y, yv, xv
x = new Vector(201)
x.indgen(0.05)
y = new Vector(201)
for i = 0, 200 { y.x[i] = -65 + 100*exp(-(x.x[i] - 4)^2) - 30*exp(-(x.x[i] - 7)^2/4) }
print install_vector_fitness()
print y.firstpeak(), y.width(x, -20), y.width(x, 0), y.width(x, 30)
yv = new Vector()
xv = new Vector()
yv.append(-20, 0, 30, 30, 0, -20)
xv.append(-0.8, -0.6, -0.4, 0.45, 0.65, 0.75)
print y.xfitness(x, 4, yv, xv), y.yfitness(x, 4, yv, xv)
xv.x[5] = 9
print y.xfitness(x, 4, yv, xv), y.yfitness(x, 4, yv, xv)
yv.resize(2)
xv.resize(2)
print y.xfitness(x, 0, yv, xv), y.yfitness(x, 0.2, yv, xv)
y.x[0] = 10
print y.firstpeak()
y.fill(-50)
print y.firstpeak()
y.resize(3)
print y.width(x, 0)
'''),
    'current_method': ({}, {}, r'''
objref cv
cv = new CVode()
print cv.current_method(), cv.use_mxb()
create soma
print cv.current_method()
secondorder = 2
print cv.current_method()
secondorder = 1
print cv.current_method()
secondorder = 0
print cv.use_mxb(1), cv.current_method(), cv.use_mxb(0)
cv.active(1)
print cv.current_method()
cv.use_local_dt(1)
print cv.current_method()
cv.use_local_dt(0)
cv.active(0)
soma insert extracellular
print cv.current_method()
'''),
    # subiter.hoc's SubsetDomainIterator: path distance, 3-D radial and projected metrics,
    # proximal and distal normalisation, loop(&x, &p), the distance origin left at the root;
    # an unimplemented path style is an error
    'subset_domain_iterator': ({}, {}, r'''
load_file("subiter.hoc")
create soma, a, b, c
connect a(0), soma(1)
connect b(0), a(1)
connect c(0), a(1)
soma { pt3dclear() pt3dadd(0,0,0,10) pt3dadd(10,0,0,10) nseg = 1 }
a { pt3dclear() pt3dadd(10,0,0,2) pt3dadd(40,20,0,2) pt3dadd(60,20,5,2) nseg = 3 }
b { pt3dclear() pt3dadd(60,20,5,1) pt3dadd(90,50,5,1) nseg = 4 }
c { pt3dclear() pt3dadd(60,20,5,1) pt3dadd(60,-30,5,1) nseg = 2 }
objref sl, it, it2, it3, it4
xx = pp = 0
sl = new SectionList()
a sl.append()
b sl.append()
c sl.append()
it = new SubsetDomainIterator(sl, 0, 0, 0)
it2 = new SubsetDomainIterator(sl, 0, 1, 1)
it3 = new SubsetDomainIterator(sl, 2, 1, 0, 5, 5, 0)
it4 = new SubsetDomainIterator(sl, 3, 0, 1, 3, 30)
it.update()
printf("p0 %g p1 %g\n", it.p0, it.p1)
for it.loop() { printf("%s %g %.12g\n", secname(), it.x, it.p) }
for it2.loop(&xx, &pp) { printf("%s %g %.12g %g %.12g\n", secname(), xx, pp, it2.x, it2.p) }
printf("p0 %.12g p1 %.12g\n", it2.p0, it2.p1)
for it3.loop() { printf("%s %g %.12g\n", secname(), it3.x, it3.p) }
printf("p0 %.12g p1 %.12g\n", it3.p0, it3.p1)
for it4.loop() { printf("%s %g %.12g\n", secname(), it4.x, it4.p) }
printf("p0 %.12g p1 %.12g\n", it4.p0, it4.p1)
soma distance(0, 0.5)
b print distance(0.5)
objref bad
bad = new SubsetDomainIterator(sl, 1, 0, 0)
print "not reached"
'''),
}


def run_neuron(name: str) -> str:
    folder, lib, script = SCENARIOS[name]
    d = tempfile.mkdtemp()
    try:
        os.makedirs(os.path.join(d, 'lib'))
        for sub, files in (('', folder), ('lib', lib)):
            for f, text in files.items():
                with open(os.path.join(d, sub, f), 'w') as fh:
                    fh.write(text)
        with open(os.path.join(d, 'case.hoc'), 'w') as fh:
            fh.write(script)
        nrniv = os.path.join(os.path.dirname(sys.executable), 'nrniv')
        env = dict(os.environ, HOC_LIBRARY_PATH=os.path.join(d, 'lib'))
        r = subprocess.run([nrniv, '-nobanner', '-nogui', 'case.hoc', '-c', 'quit()'], cwd=d,
                           env=env, capture_output=True, text=True, timeout=120)
        return r.stdout
    finally:
        shutil.rmtree(d)


def main() -> None:
    from neuron import h
    os.makedirs(OUT, exist_ok=True)
    for name in sys.argv[1:] or SCENARIOS:
        out = run_neuron(name)
        with open(os.path.join(OUT, name + '.txt'), 'w') as f:
            f.write(out)
        print('wrote', name, '(NEURON %s)' % h.nrnversion())


if __name__ == '__main__':
    main()
