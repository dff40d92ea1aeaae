"""A NetCon does not keep its target alive: the synapse of a NetStim -> ExpSyn connection is
freed in the middle of a run (HOC's objref reassigned), after which the NetCon has no target
(syn() NULLobject, valid() 0, active() 0, postloc() -1), delivers nothing (a spike already
on its way included), and the source goes on recording its spikes.  Shared by
tools/gen_target_gone_golden.py (NEURON's h) and tests/sim/test_target_gone.py (pyhoc's h)."""
from __future__ import annotations

SETUP = '''
create tg_soma
tg_soma { insert pas  g_pas = 1e-3  e_pas = -70 }
objref tg_ns, tg_syn, tg_syn2, tg_nc, tg_nc2, tg_tv, tg_nil
tg_ns = new NetStim()
tg_ns.start = 1
tg_ns.interval = 2
tg_ns.number = 10
tg_soma tg_syn = new ExpSyn(.5)
tg_soma tg_syn2 = new ExpSyn(.5)
tg_syn2.tau = 3
tg_nc = new NetCon(tg_ns, tg_syn, 0, 1, .01)
tg_nc2 = new NetCon(tg_ns, tg_syn2, 0, 1.5, .002)
tg_tv = new Vector()
tg_nc.record(tg_tv)
'''

# (the fixed step only: NEURON 9.0.2 aborts the same scenario under CVode and the local
# step, 'Assertion target_ failed' in NetCon::deliver; tests/sim/test_target_gone.py checks
# pyhoc's variable step runs against the same run with the NetCon's weight set to 0)
CASES = {'target_gone_fixed': ('target_freed', {'method': 0})}


def _state(h) -> dict:
    h('tg_loc_ = tg_nc.postloc()')
    return {'syn': h.tg_nc.syn() is None, 'valid': h.tg_nc.valid(), 'active': h.tg_nc.active(),
            'weight': h.tg_nc.weight[0], 'delay': h.tg_nc.delay, 'postloc': h.tg_loc_,
            'postcell': h.tg_nc.postcell() is None}


def target_freed(h, method: int, free: bool = True) -> dict:
    """method 0 fixed step, 1 CVode (global), 2 local step: v sampled each 0.5 ms, the
    NetCon's state before and after its target is freed at t = 4.5 (no spike on its way to
    it then: NEURON 9.0.2 aborts delivering one, 'Assertion target_ failed'), the spikes."""
    h(SETUP)
    cv = h.CVode()
    cv.active(method > 0)
    cv.use_local_dt(method == 2)
    if method:
        cv.atol(1e-8)
    h.finitialize(-65.)
    out = {'before': _state(h), 'v': [], 't': []}

    def until(t1):
        if method:
            cv.solve(t1)
        else:
            while h.t < t1 - h.dt / 2:
                h.fadvance()
        out['t'].append(h.t)
        out['v'].append(h.tg_soma(0.5).v)

    for k in range(1, 10):
        until(0.5 * k)
    if free:
        h('tg_syn = tg_nil')
    else:                       # (the physics of a freed target: nothing from tg_syn)
        h('tg_nc.weight = 0\ntg_syn.g = 0')
        if method:
            cv.re_init()
    out['after'] = _state(h)
    for k in range(10, 31):
        until(0.5 * k)
    out['spikes'] = list(h.tg_tv)
    out['syn2_g'] = h.tg_syn2.g
    cv.use_local_dt(0)
    cv.active(0)
    return out
