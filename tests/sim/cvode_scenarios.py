"""Variable step (CVode) scenarios shared by tools/gen_cvode_golden.py (under NEURON) and
tests/sim/test_cvode.py (under pyhoc).  Each function takes ``h`` (NEURON's h or a pyhoc
Model), runs with ``cvode.active(1)`` and returns plain lists: values sampled at fixed times
with ``cvode.solve(t)`` (which interpolates to t exactly), spike times, and step counts.
"""
from __future__ import annotations

import os

from events_scenarios import _cell, _fih, _is_pyhoc, _netcon, _pp, _vec

MOD = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'nmodl', 'mod')
# the .mod files a scenario needs (tests/nmodl/mod): the generator builds them with nrnivmodl
# and runs NEURON in their folder; pyhoc translates them (_load)
MODS = {'pulse_at_time': ['pulseat.mod'], 'attime_kicks': ['attime.mod']}


def _load(h, fn):
    if _is_pyhoc(h):
        from pyhoc.nmodl.load import load_into
        load_into(h, [os.path.join(MOD, f) for f in MODS[fn]])


def _cvode(h):
    if _is_pyhoc(h):
        from pyhoc.sim.cvode_object import CVode
        return CVode(model=h)
    return h.CVode()


def _sample(h, cv, probes, times):
    out = {k: [] for k in probes}
    nstep = 0
    for tt in times:
        while h.t < tt:
            h.fadvance()
            nstep += 1
        for k, f in probes.items():
            out[k].append(f())
    return out, nstep


def _solve_samples(h, cv, probes, times):
    out = {k: [] for k in probes}
    for tt in times:
        cv.solve(tt)
        for k, f in probes.items():
            out[k].append(f())
    return out


def _steps(h, tstop):
    """fadvance to tstop: the time after each (each is one step, or a stop at an event)."""
    ts = []
    while h.t < tstop:
        h.fadvance()
        ts.append(h.t)
    return ts


def hh_iclamp(h, amp=0.3, atol=1e-5):
    soma = _cell(h, 'soma')
    stim = _pp(h, 'IClamp', soma(0.5))
    stim.delay, stim.dur, stim.amp = 1., 10., amp
    cv = _cvode(h)
    cv.active(1)
    cv.atol(atol)
    spk = _vec(h)
    nc = _netcon(h, soma(0.5)._ref_v, None, sec=soma)
    nc.record(spk)
    h.finitialize(-65.)
    times = [0.25 * k for k in range(1, 61)]
    out = _solve_samples(h, cv, {'v': lambda: soma(0.5).v, 'm': lambda: soma(0.5).hh.m,
                                 'n': lambda: soma(0.5).hh.n}, times)
    # the steps of a fadvance run of the same model
    h.finitialize(-65.)
    out['tsteps'] = _steps(h, 15.)
    out['spikes'] = list(spk)
    out['nfadvance'] = [len(out['tsteps'])]
    out['t_end'] = [h.t]
    cv.active(0)
    return out


def network(h, atol=1e-5):
    """Two HH cells (one with a dendrite), ExpSyn and Exp2Syn driven by NetCons."""
    pre = _cell(h, 'pre')
    post = _cell(h, 'post')
    dend = h.Section(name='dend')
    dend.connect(post(1))
    dend.L, dend.diam, dend.nseg = 200., 2., 5
    dend.insert('pas')
    stim = _pp(h, 'IClamp', pre(0.5))
    stim.delay, stim.dur, stim.amp = 1., 20., 0.2
    syn = _pp(h, 'ExpSyn', post(0.5))
    syn.tau, syn.e = 2., 0.
    syn2 = _pp(h, 'Exp2Syn', dend(0.8))
    syn2.tau1, syn2.tau2, syn2.e = .5, 3., 0.
    nc = _netcon(h, pre(0.5)._ref_v, syn, sec=pre)
    nc.threshold, nc.delay, nc.weight[0] = -20., 2.5, .01
    nc2 = _netcon(h, pre(0.5)._ref_v, syn2, sec=pre)
    nc2.delay, nc2.weight[0] = 1., .005
    pre_t, post_t = _vec(h), _vec(h)
    nc.record(pre_t)
    det = _netcon(h, post(0.5)._ref_v, None, sec=post)
    det.record(post_t)
    cv = _cvode(h)
    cv.active(1)
    cv.atol(atol)
    h.finitialize(-65.)
    times = [0.5 * k for k in range(1, 51)]
    out = _solve_samples(h, cv, {'v_pre': lambda: pre(0.5).v, 'v_post': lambda: post(0.5).v,
                                 'v_dend': lambda: dend(0.8).v, 'g': lambda: syn.g,
                                 'g2': lambda: syn2.g}, times)
    out['pre_t'] = list(pre_t)
    out['post_t'] = list(post_t)
    h.finitialize(-65.)
    out['tsteps'] = _steps(h, 25.)
    cv.active(0)
    return out


def event_callback(h, atol=1e-5):
    """cvode.event(t, callback): the callback runs at t exactly and may change a parameter."""
    soma = _cell(h, 'soma')
    stim = _pp(h, 'IClamp', soma(0.5))
    stim.delay, stim.dur, stim.amp = 0., 1e9, 0.
    cv = _cvode(h)
    cv.active(1)
    cv.atol(atol)
    log = []

    def cb(tag, amp):
        def f():
            log.append([tag, h.t, soma(0.5).v])
            stim.amp = amp
            cv.re_init()
        return f

    def at_init():
        cv.event(2.0, cb(1, 0.3))
        cv.event(2.75, cb(2, 0.0))
    keep = _fih(h, 1, at_init)
    h.finitialize(-65.)
    out = _solve_samples(h, cv, {'v': lambda: soma(0.5).v}, [0.5 * k for k in range(1, 25)])
    out['log'] = log
    del keep
    cv.active(0)
    return out


def reinit_state(h, atol=1e-5):
    """Changing v and a gate in mid-run, then cvode.re_init()."""
    soma = _cell(h, 'soma')
    cv = _cvode(h)
    cv.active(1)
    cv.atol(atol)
    h.finitialize(-65.)
    out = _solve_samples(h, cv, {'v': lambda: soma(0.5).v, 'h': lambda: soma(0.5).hh.h},
                         [0.5, 1., 2.])
    soma(0.5).v = -40.
    soma(0.5).hh.h = 0.3
    cv.re_init()
    more = _solve_samples(h, cv, {'v': lambda: soma(0.5).v, 'h': lambda: soma(0.5).hh.h},
                          [2. + 0.25 * k for k in range(1, 41)])
    for k in out:
        out[k] += more[k]
    cv.active(0)
    return out


def axon(h, nseg=201, tstop=20., atol=1e-5):
    """The HH axon of bench B2 (shorter): IClamp at axon(0), the zero-area root node, whose
    voltage CVode computes from the tree equations with the clamp's current."""
    ax = h.Section(name='axon')
    ax.L, ax.diam, ax.Ra, ax.cm, ax.nseg = 10000., 1., 100., 1., nseg
    ax.insert('hh')
    stim = _pp(h, 'IClamp', ax(0))
    stim.delay, stim.dur, stim.amp = 1., 98., 0.2
    xs = (0., 0.5, 1.)
    vecs, keep = [], []
    for x in xs:
        nc = _netcon(h, ax(x)._ref_v, None, sec=ax)
        nc.threshold = 0.
        vec = _vec(h)
        nc.record(vec)
        keep.append(nc)
        vecs.append(vec)
    cv = _cvode(h)
    cv.active(1)
    cv.atol(atol)
    h.finitialize(-65.)
    out = _solve_samples(h, cv, {'v0': lambda: ax(0).v, 'v5': lambda: ax(0.5).v,
                                 'v1': lambda: ax(1).v},
                         [0.5 * k for k in range(1, int(tstop / 0.5) + 1)])
    for x, vec in zip(xs, vecs):
        out['spikes_%g' % x] = list(vec)
    h.finitialize(-65.)
    out['tsteps'] = _steps(h, tstop)
    out['nfadvance'] = [len(out['tsteps'])]
    cv.active(0)
    return out


def thresholds(h, order=1, atol=1e-5):
    """Spike detection under condition_order 1 or 2: a NetCon and an APCount on a driven HH
    cell, whose spikes reach a second cell through an ExpSyn.  Run to tstop, then again in
    chunks each ending just after one of the first run's spikes: the crossing inside the last
    step of a chunk is found in that chunk (counts), at the same time as in one run."""
    pre, post = _cell(h, 'pre'), _cell(h, 'post')
    stim = _pp(h, 'IClamp', pre(0.5))
    stim.delay, stim.dur, stim.amp = 1., 20., 0.3
    syn = _pp(h, 'ExpSyn', post(0.5))
    syn.tau, syn.e = 2., 0.
    nc = _netcon(h, pre(0.5)._ref_v, syn, sec=pre)
    nc.threshold, nc.delay, nc.weight[0] = -20., 1., .02
    pre_t, post_t, apc_t = _vec(h), _vec(h), _vec(h)
    nc.record(pre_t)
    det = _netcon(h, post(0.5)._ref_v, None, sec=post)
    det.record(post_t)
    apc = _pp(h, 'APCount', pre(0.5))
    apc.record(apc_t)
    cv = _cvode(h)
    cv.active(1)
    cv.atol(atol)
    cv.condition_order(order)
    tstop = 25.
    h.finitialize(-65.)
    cv.solve(tstop)
    out = {'pre_t': list(pre_t), 'post_t': list(post_t), 'apc_t': list(apc_t)}
    for eps in (5e-4, 5e-3):
        h.finitialize(-65.)
        counts = []
        for x in out['pre_t']:
            cv.solve(x + eps)
            counts.append(len(pre_t))
        cv.solve(tstop)
        out['chunk_pre_t_%g' % eps] = list(pre_t)
        out['chunk_post_t_%g' % eps] = list(post_t)
        out['chunk_counts_%g' % eps] = counts
    cv.condition_order(1)
    cv.active(0)
    return out


def _strdef(h):
    """A string argument and how to read it back."""
    if _is_pyhoc(h):
        from pyhoc.base.refs import StrRef
        box = ['']
        return StrRef('', lambda v: box.__setitem__(0, v)), lambda: box[0]
    r = h.ref('')
    return r, lambda: r[0]


def state_vector(h, atol=1e-5):
    """The integrator's state vector as NEURON orders it: cvode.states, dstates, f at other
    states (which sets them) and statename in styles 0, 1 and 2, on two cells (one with a
    dendrite, built after the other, so cell order differs from creation order) with synapses."""
    post = _cell(h, 'post')
    dend = h.Section(name='dend')
    dend.L, dend.diam, dend.nseg = 200., 2., 3
    dend.insert('pas')
    pre = _cell(h, 'pre')
    dend.connect(post(1))
    stim = _pp(h, 'IClamp', pre(0.5))
    stim.delay, stim.dur, stim.amp = .1, 5., 0.3
    syn = _pp(h, 'ExpSyn', post(0.5))
    syn2 = _pp(h, 'Exp2Syn', dend(0.5))
    nc = _netcon(h, pre(0.5)._ref_v, syn2, sec=pre)
    nc.delay, nc.weight[0] = 1., .005
    cv = _cvode(h)
    cv.active(1)
    cv.atol(atol)
    h.finitialize(-65.)
    while h.t < 3.:
        h.fadvance()
    y, yp, yp2 = _vec(h), _vec(h), _vec(h)
    cv.states(y)
    cv.dstates(yp)
    out = {'y': list(y), 'ydot': list(yp)}
    sref, read = _strdef(h)
    for style in (0, 1, 2):
        names = []
        for i in range(len(y)):
            cv.statename(i, sref, style)
            names.append(read())
        out['names_%d' % style] = names
    y2 = _vec(h)
    y2.from_python([x * 1.01 for x in out['y']])
    cv.f(h.t, y2, yp2)
    out['f_ydot'] = list(yp2)
    cv.states(y)
    out['y_after_f'] = list(y)
    cv.active(0)
    return out


def dstates_last_f(h, atol=1e-5):
    """cvode.dstates gives what the last f left: after HOC's f(t', y', yp) that f's yp (at
    t', where the IClamp is off), t itself unchanged; states the integrator's own y; both
    empty once CVode is off.  Also the step count: dstates takes no f of the integrator's."""
    soma = _cell(h, 'soma')
    stim = _pp(h, 'IClamp', soma(0.5))
    stim.delay, stim.dur, stim.amp = .5, 2., 0.3
    cv = _cvode(h)
    cv.active(1)
    cv.atol(atol)
    h.finitialize(-65.)
    for _ in range(20):
        h.fadvance()
    y, yp, y2, yp2 = _vec(h), _vec(h), _vec(h), _vec(h)
    cv.states(y)
    cv.dstates(yp)
    out = {'t': [h.t], 'dt': [h.dt], 'y': list(y), 'ydot': list(yp)}
    y2.from_python([x * 1.01 for x in out['y']])
    cv.f(h.t + 10., y2, yp2)
    out['f_ydot'] = list(yp2)
    out['t_after_f'] = [h.t, h.dt]
    cv.dstates(yp)
    out['ydot_after_f'] = list(yp)
    cv.states(y)
    out['y_after_f'] = list(y)
    h.fadvance()
    cv.dstates(yp)
    out['ydot_after_step'] = list(yp)
    out['t_after_step'] = [h.t, h.dt]
    cv.active(0)
    cv.dstates(yp)
    cv.states(y)
    out['sizes_off'] = [yp.size(), y.size()]
    return out


def vclamp_off(h, dur=-1., atol=1e-5):
    """A VClamp that is off (its levels' dur <= 0: NEURON's INITIAL refuses CVode only for a
    level that is on) beside an IClamp, as electrod.hoc leaves it in IClamp mode: its update
    runs before each step (do_nonode), its current is 0 once t > tc (the summed dur)."""
    soma = _cell(h, 'soma')
    stim = _pp(h, 'IClamp', soma(0.5))
    stim.delay, stim.dur, stim.amp = 1., 5., 0.3
    vc = _pp(h, 'VClamp', soma(0.5))
    for j, a in enumerate((-65., 10., -65.)):
        vc.dur[j] = dur
        vc.amp[j] = a
    cv = _cvode(h)
    cv.active(1)
    cv.atol(atol)
    h.finitialize(-65.)
    out = {'i0': [vc.i], 'e0': [vc.e0, vc.vo0, vc.vi0]}
    times = [0.25 * k for k in range(1, 33)]
    out.update(_solve_samples(h, cv, {'v': lambda: soma(0.5).v, 'i': lambda: vc.i,
                                      'vo': lambda: vc.vo}, times))
    h.finitialize(-65.)
    out['tsteps'] = _steps(h, 8.)
    out['nfadvance'] = [len(out['tsteps'])]
    cv.active(0)
    return out


def pulse_at_time(h, amp=0.1, local=0, atol=1e-5):
    """A translated .mod's at_time: PulseAT's current switches on t in its BREAKPOINT, with
    at_time(onset) and at_time(onset + dur), on an HH soma (it fires after the pulse), and a
    second, passive cell.  NEURON's CVode stops just before each time and initializes again
    just after it (the f of that initialization is where at_time is 1); the local step
    (``local``) stops only the cell of the pulse.  Each step's t, the step size (dt) and the
    dt the BREAKPOINT read (dtseen); v by solve(t)."""
    _load(h, 'pulse_at_time')
    soma = _cell(h, 'soma')
    other = h.Section(name='other')
    other.L = other.diam = 10.
    other.insert('pas')
    st = _pp(h, 'PulseAT', soma(0.5))
    st.onset, st.dur, st.amp = 1., 2., amp
    st2 = _pp(h, 'PulseAT', other(0.5))
    st2.onset, st2.dur, st2.amp = 0.7, 0.5, 0.01
    cv = _cvode(h)
    cv.active(1)
    cv.use_local_dt(local)
    cv.atol(atol)
    h.finitialize(-65.)
    out = _solve_samples(h, cv, {'v': lambda: soma(0.5).v, 'i': lambda: st.i,
                                 'v2': lambda: other(0.5).v}, [0.25 * k for k in range(1, 25)])
    h.finitialize(-65.)
    ts, dts, seen, seen2 = [], [], [], []
    while h.t < 6.:
        h.fadvance()
        ts.append(h.t)
        dts.append(h.dt)
        seen.append(st.dtseen)
        seen2.append(st2.dtseen)
    out['tsteps'] = ts
    out['nfadvance'] = [len(ts)]
    out['dt'] = dts
    out['dtseen'] = seen
    out['dtseen2'] = seen2
    cv.use_local_dt(0)
    cv.active(0)
    return out


def attime_kicks(h, atol=1e-5):
    """tests/nmodl/mod/attime.mod under CVode: at_time(te) is 1 in the f of the initialization
    at te, where the BREAKPOINT counts it (nseen, twice: nrn_cur's two evaluations) and its
    state_discontinuity changes the model's copy of g, which CVODE's y overwrites (g stays)."""
    _load(h, 'attime_kicks')
    soma = h.Section(name='soma')
    soma.L = soma.diam = 20.
    soma.insert('pas')
    soma.insert('attime')
    for seg in soma:
        seg.pas.g, seg.pas.e = 1e-4, -65.
        seg.attime.start, seg.attime.interval = 0., 1.3
    cv = _cvode(h)
    cv.active(1)
    cv.atol(atol)
    h.finitialize(-65.)
    out = {'tsteps': [], 'nseen': [], 'g': []}
    while h.t < 5.:
        h.fadvance()
        out['tsteps'].append(h.t)
        out['nseen'].append(soma(0.5).attime.nseen)
        out['g'].append(soma(0.5).attime.g)
    out['nfadvance'] = [len(out['tsteps'])]
    cv.active(0)
    return out


CASES = {
    'cvode_hh_iclamp': ('hh_iclamp', {}),
    'cvode_hh_sub': ('hh_iclamp', {'amp': 0.02}),
    'cvode_network': ('network', {}),
    'cvode_event_callback': ('event_callback', {}),
    'cvode_reinit_state': ('reinit_state', {}),
    'cvode_axon': ('axon', {}),
    'cvode_thresh_o1': ('thresholds', {'order': 1}),
    'cvode_thresh_o2': ('thresholds', {'order': 2}),
    'cvode_state_vector': ('state_vector', {}),
    'cvode_vclamp_off': ('vclamp_off', {}),
    'cvode_pulse_at_time': ('pulse_at_time', {}),
    'cvode_pulse_at_time_spike': ('pulse_at_time', {'amp': 0.3}),
    'lvardt_pulse_at_time': ('pulse_at_time', {'local': 1}),
    'cvode_attime_kicks': ('attime_kicks', {}),
    'cvode_dstates_last_f': ('dstates_last_f', {}),
}
