"""Generate NEURON 9.0.2 goldens for Vector.record/play and the standard run system.

Run with NEURON's interpreter:  /work/nrnenv/bin/python tools/gen_record_golden.py
Each scenario is plain HOC (SCENARIOS below, shared with tests/stdlib/test_stdrun.py and
tests/sim/test_record_play.py); its stdout under ``nrniv -nobanner -nogui`` is stored in
tests/golden/record/NAME.txt.  The tests run the same HOC with pyhoc and compare numbers.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'tests', 'golden', 'record')

_CELL = '''
create soma
access soma
soma { L = 20 diam = 20 nseg = 1 insert hh }
objref stim
stim = new IClamp(0.5)
{ stim.del = 1 stim.dur = 1 stim.amp = 0.3 }
proc pv() { local i
    for i = 0, $o1.size() - 1 printf("%.10g ", $o1.x[i])
    printf("\\n")
}
'''

SCENARIOS = {
    # every step, resized at each finitialize; &t and a range variable
    'rec_every': _CELL + '''
objref vv, tv, mv
{ vv = new Vector() tv = new Vector() mv = new Vector() }
{ vv.record(&soma.v(0.5)) tv.record(&t) mv.record(&m_hh(0.5)) }
finitialize(-65)
print vv.size(), tv.size()
for i = 1, 10 fadvance()
print vv.size(), tv.size(), mv.size()
{ pv(tv) pv(vv) pv(mv) }
finitialize(-60)
print vv.size(), vv.x[0]
for i = 1, 3 fadvance()
pv(vv)
''',
    # Dt on and off the dt grid; recording t with a Dt stores the event times
    'rec_dt_grid': _CELL + '''
objref a, b, c, ta, tc
{ a = new Vector() b = new Vector() c = new Vector() ta = new Vector() tc = new Vector() }
dt = 0.025
{ a.record(&v(0.5), 0.1) ta.record(&t, 0.1) }
b.record(&v(0.5), 0.03)
{ c.record(&v(0.5), 0.0375) tc.record(&t, 0.0375) }
finitialize(-65)
print a.size(), b.size(), c.size()
while (t < 1.5 - dt/2) fadvance()
print a.size(), b.size(), c.size(), t
{ pv(a) pv(ta) pv(b) pv(c) pv(tc) }
dt = 0.1
finitialize(-65)
while (t < 1.5 - dt/2) fadvance()
print a.size(), b.size(), c.size()
{ pv(a) pv(b) pv(tc) }
''',
    # record at the times of a vector, on and off the step grid; &t lags by a step at the end
    'rec_tvec': _CELL + '''
objref y, tt, y2, t2
{ y = new Vector() y2 = new Vector() }
{ tt = new Vector(6) tt.x[0] = 0 tt.x[1] = 0.0125 tt.x[2] = 0.3 }
{ tt.x[3] = 0.31249 tt.x[4] = 1.0376 tt.x[5] = 5 }
{ t2 = new Vector(3) t2.x[0] = 0.5 t2.x[1] = 0.6 t2.x[2] = 0.7 }
y.record(&v(0.5), tt)
y2.record(&t, t2)
dt = 0.025
finitialize(-65)
print y.size(), y2.size()
while (t < 2 - dt/2) fadvance()
print y.size(), y2.size()
{ pv(y) pv(y2) }
''',
    # discrete play with Dt and with a time vector into a point-process parameter
    'play_step': _CELL + '''
objref amp, ta, ir, tr, amp2
{ amp = new Vector(5) amp.x[0] = 0 amp.x[1] = 0.1 amp.x[2] = 0.4 amp.x[3] = -0.2 amp.x[4] = 0.05 }
amp.play(&stim.amp, 0.33)
{ stim.del = 0 stim.dur = 100 }
{ ir = new Vector() tr = new Vector() }
{ ir.record(&stim.i) tr.record(&t) }
finitialize(-65)
print stim.amp
while (t < 2 - dt/2) fadvance()
pv(ir)
amp.play_remove()
{ amp2 = new Vector(3) amp2.x[0] = 0.2 amp2.x[1] = 0.3 amp2.x[2] = 0.0 }
{ ta = new Vector(3) ta.x[0] = 0.1 ta.x[1] = 0.26251 ta.x[2] = 0.61 }
amp2.play(&stim.amp, ta)
finitialize(-65)
while (t < 1 - dt/2) fadvance()
pv(ir)
print v(0.5)
''',
    # continuous play (linear interpolation), with and without discontinuity indices
    'play_cont': _CELL + '''
objref amp, ta, ir, d, el
{ stim.del = 0 stim.dur = 100 }
{ amp = new Vector(4) amp.x[0] = 0 amp.x[1] = 0.5 amp.x[2] = 0.5 amp.x[3] = 0 }
{ ta = new Vector(4) ta.x[0] = 0.2 ta.x[1] = 0.7 ta.x[2] = 0.7 ta.x[3] = 1.31 }
amp.play(&stim.amp, ta, 1)
ir = new Vector()
ir.record(&stim.i)
finitialize(-65)
while (t < 2 - dt/2) fadvance()
pv(ir)
print v(0.5)
amp.play_remove()
{ d = new Vector(1) d.x[0] = 2 }
amp.play(&stim.amp, ta, d)
finitialize(-65)
while (t < 2 - dt/2) fadvance()
pv(ir)
print v(0.5)
amp.play_remove()
{ el = new Vector(3) el.x[0] = -65 el.x[1] = -40 el.x[2] = -90 }
{ ta = new Vector(3) ta.x[0] = 0 ta.x[1] = 0.5 ta.x[2] = 1 }
{ insert pas g_pas = 0.001 }
el.play(&e_pas(0.5), ta, 1)
stim.amp = 0
finitialize(-65)
while (t < 1.5 - dt/2) fadvance()
print e_pas(0.5), v(0.5)
''',
    # frecord_init after changing a state; a new record replaces the old on the same vector
    'rec_reinit': _CELL + '''
objref y, tv
{ y = new Vector() tv = new Vector() }
{ y.record(&v(0.5)) tv.record(&t) }
finitialize(-65)
{ fadvance() fadvance() }
v(0.5) = -50
frecord_init()
print y.size(), y.x[0], tv.size(), tv.x[0]
fadvance()
{ pv(y) pv(tv) }
y.record(&m_hh(0.5))
finitialize(-65)
fadvance()
pv(y)
nseg = 3
finitialize(-65)
fadvance()
print y.size(), tv.size()
pv(y)
''',
    # stdrun: defaults, setdt's dt changes, continuerun's stopping rule, steprun
    'stdrun_basic': 'load_file("stdrun.hoc")\n' + _CELL + '''
print tstop, v_init, steps_per_ms, dt, stoprun, running_, using_cvode_, nstep_steprun
print screen_update_invl, stdrun_quiet, realtime, runStopAt, runStopIn, global_ra
objref y
y = new Vector()
y.record(&v(0.5))
tstop = 1
run()
print t, y.size(), running_, nstep_steprun
dt = 0.01
run()
print dt, t, y.size(), nstep_steprun
{ steps_per_ms = 10 dt = 0.1 }
run()
print dt, t, y.size()
{ steps_per_ms = 40 dt = 0.03 }
run()
print dt, t, y.size()
dt = 0.025
stdinit()
print t, y.size()
continuerun(0.5)
print t, y.size()
continuerun(0.5124)
print t, y.size()
continuerun(0.5126)
print t, y.size()
steprun()
print t, y.size()
step()
print t
steps_per_ms = 20
setdt()
print dt, nstep_steprun
steprun()
print t
print stoppedrun(), set_v_init(-70), v_init
stdinit()
print v(0.5)
''',
    # user overrides of init/advance are used by run(); stoprun inside advance stops continuerun
    'stdrun_override': 'load_file("stdrun.hoc")\n' + _CELL + '''
nadv = 0
ninit = 0
proc init() {
    ninit += 1
    finitialize(v_init)
    v(0.5) = -60
    fcurrent()
}
proc advance() {
    nadv += 1
    fadvance()
    if (t > 0.6) stoprun = 1
}
tstop = 1
run()
print ninit, nadv, t, v(0.5), stoprun
stoprun = 0
continuerun(0.8)
print nadv, t, stoprun
proc advance() { nadv += 1 fadvance() }
run()
print ninit, nadv, t
proc step() { advance() advance() }
run()
print nadv, t
''',
}


def run_nrniv(code: str, nrniv: str) -> str:
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, 'case.hoc')
        with open(p, 'w') as f:
            f.write(code)
        r = subprocess.run([nrniv, '-nobanner', '-nogui', p, '-c', 'quit()'], cwd=d,
                           capture_output=True, text=True, timeout=120)
        return r.stdout


def main() -> None:
    nrniv = os.environ.get('NRNIV', '/work/nrnenv/bin/nrniv')
    os.makedirs(OUT, exist_ok=True)
    for name, code in SCENARIOS.items():
        out = run_nrniv(code, nrniv)
        with open(os.path.join(OUT, name + '.txt'), 'w') as f:
            f.write(out)
        print(name, len(out.splitlines()), 'lines', file=sys.stderr)


if __name__ == '__main__':
    main()
