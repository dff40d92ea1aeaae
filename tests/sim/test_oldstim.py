"""Mechanism FUNCTIONs/PROCEDUREs and NEURON's old-style stimuli (fstim, fsyn, fclamp):
NEURON 9.0.2's values (tests/golden/sim/oldstim.json from tools/gen_oldstim_golden.py)."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

import oldstim_case  # noqa: E402  (tests/sim is on sys.path under pytest)

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim', 'oldstim.json')


def _golden(case: str):
    with open(GOLDEN) as f:
        return json.load(f)[case]


def _same(got, want, path=''):
    if isinstance(want, dict):
        assert set(got) == set(want), path
        for k in want:
            _same(got[k], want[k], path + '.' + k)
    elif isinstance(want, list) and want and _numeric(want):
        np.testing.assert_allclose(np.array(got, dtype=float), np.array(want, dtype=float),
                                   rtol=0, atol=oldstim_case.TOL.get(path.split('.')[1], 0),
                                   err_msg=path)
    elif isinstance(want, list):
        assert len(got) == len(want), path
        for k, (g, w) in enumerate(zip(got, want)):
            _same(g, w, '%s.%d' % (path, k))
    else:
        assert got == want, path


def _numeric(x) -> bool:
    if isinstance(x, list):
        return all(_numeric(y) for y in x)
    return isinstance(x, (float, int)) and not isinstance(x, bool)


@pytest.mark.parametrize('case', oldstim_case.CASES)
def test_equals_neuron(h, case):
    _same(getattr(oldstim_case, case)(h), _golden(case), '.' + case)


def test_cvode_equals_neuron(h):
    """fstim and fsyn under CVode (at_time stops at the pulse edges and synapse onsets):
    pyhoc's distance from the accurate solution (NEURON at atol 1e-9) is at most NEURON's
    own at atol 1e-5 (the largest within two samples, as in test_cvode: the step sequences
    differ by round-off) plus 10 x atol; the probes' values agree as closely."""
    want = _golden('stims_cvode')
    got = oldstim_case.stims_cvode(h, (1e-5,))
    ref, nrn, mine = want['atol_1e-09'], want['atol_1e-05'], got['atol_1e-05']
    np.testing.assert_array_equal(mine['t'], nrn['t'])
    for key in ('v_soma', 'v_dend1', 'probes'):
        r = np.array(ref[key])
        err = np.abs(np.array(nrn[key]) - r)
        bound = np.array([err[max(0, i - 2):i + 3].max(axis=0) for i in range(len(err))]) + 1e-4
        assert (np.abs(np.array(mine[key]) - r) <= bound).all(), key


def test_point_types_as_neuron(h):
    """MechanismType(1) lists NEURON's point processes, in its order; their variables are
    NEURON's (ASSIGNED but not RANGE ones unlisted) but for NetStim's RANDOM ranvar and
    IntFire4's order and internal variables."""
    want = _golden('point_types')
    got = oldstim_case.point_types(h)
    assert list(got) == list(want)
    for name in want:
        if name not in ('NetStim', 'IntFire4'):
            assert got[name] == want[name], name


def test_mechfunc_errors(h):
    """NEURON's refusals: no setdata yet, the instance gone, too few arguments, x out of
    range, the mechanism not in the section."""
    h('create s')
    with pytest.raises(RuntimeError, match='hh mechanism not inserted in section s'):
        h.setdata_hh(0.5, sec=h.s)
    h.s.insert('hh')
    with pytest.raises(RuntimeError, match='No data for rates_hh. Requires prior call to '
                                           'setdata_hh'):
        h.rates_hh(-60)
    h.setdata_hh(0.5, sec=h.s)
    assert h.rates_hh(-60) == 1.0
    h.s.uninsert('hh')
    h.s.insert('hh')
    with pytest.raises(RuntimeError, match='No data for rates_hh'):
        h.rates_hh(-60)
    with pytest.raises(RuntimeError, match='vtrap_hh not enough arguments'):
        h.vtrap_hh(1)
    with pytest.raises(RuntimeError, match='Arg out of range in user function'):
        h.setdata_hh(2, sec=h.s)
    names = dir(h)
    assert {'rates_hh', 'vtrap_hh', 'setdata_hh', 'setdata_pas'} <= set(names)
    assert 'rates' in dir(h.s(0.5).hh)


def _clamped(hoc, clamp: str, cur: str):
    hoc.execute('''~create soma
    soma { L = 20  diam = 20  nseg = 3  insert hh }
    clamp_resist = 0.01
    ''' + clamp + '''
    objref vs, ic
    vs = new Vector()
    ic = new Vector()
    finitialize(-65)
    while (t < 6) { fadvance()  vs.append(soma.v(0.5))  ic.append(CUR) }
    '''.replace('CUR', cur))
    return np.array(hoc.eval_string('vs').to_python()), np.array(hoc.eval_string('ic').to_python())


def test_fclamp_is_a_series_resistance_clamp(hoc, h):
    """fclamp's levels (NEURON 9.0.2 crashes when one is set: its fclamp pushes two return
    values) against SEClamp with rs = clamp_resist: the same voltages and currents, up to
    SEClamp's finite-difference conductance; off after the last level, as SEClamp."""
    import io
    from pyhoc.hoc.interpreter import Interpreter
    other = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    v1, i1 = _clamped(hoc, '''soma fclamp(3, 0.5)
    fclamp(0, 1, -65)
    fclamp(1, 2, -20)
    t_last = fclamp(2, 1.5, -80)
    ''', 'fclampi()')
    v2, i2 = _clamped(other, '''objref se
    soma se = new SEClamp(0.5)
    {se.rs = 0.01  se.dur1 = 1  se.amp1 = -65  se.dur2 = 2  se.amp2 = -20  se.dur3 = 1.5}
    {se.amp3 = -80}''', 'se.i')
    assert hoc.eval_string('t_last') == pytest.approx(3 - 1e-9, abs=1e-15)
    np.testing.assert_allclose(v1, v2, rtol=0, atol=1e-9)
    # fclampi() is the current at the present t and v; se.i the one of the last step's
    # midpoint: they differ at the level changes (t = 1, 3, 4.5) only; i = (vc - v)/rs
    # scales v's round-off by 1/rs = 100
    keep = np.ones(len(i1), bool)
    keep[[39, 119, 179]] = False
    np.testing.assert_allclose(i1[keep], i2[keep], rtol=0, atol=1e-7)
    assert v1[100] == pytest.approx(-20, abs=0.1) and v1[160] == pytest.approx(-80, abs=0.1)
    assert v1[-1] != pytest.approx(-80, abs=1)          # off after the last level


def test_prstim_and_refusals(hoc):
    hoc.execute('''~create soma, dend
    soma fstim(1)
    soma fstim(0, 0.5, 1, 0.5, 0.3)
    dend fsyn(1)
    dend fsyn(0, 0.7, 2, 0.5, 0.01, 0)
    soma fclamp(2, 0.25)
    prstim()
    ''')
    assert hoc.stdout.getvalue() == (
        'fstim(1)\n/* section\tfstim( #, loc, delay(ms), duration(ms), magnitude(namp)) */\n'
        'soma            fstim( 0, 0.5,         1,          0.5,             0.3)\n'
        'soma fclamp(2, 0.25) /* Second arg is location */\n'
        '/* fclamp( #, duration(ms), magnitude(mV)) ; clamp_resist = 0.001 */\n'
        '   fclamp( 0,            0,             0)\n'
        '   fclamp( 1,            0,             0)\n'
        'fsyn(1)\n/* section\tfsyn( #, loc, delay(ms), tau(ms), conduct(uS), erev(mV)) */\n'
        'dend            fsyn( 0, 0.7,         2,     0.5,          0.01,        0)\n\t1 \n')
    for stmt, msg in (('fstim(1, 0.5, 1, 1, 1)', 'index out of range'),
                      ('fstimi(1)', 'Arg out of range in user function'),
                      ('soma fstim(0, 1.5, 1, 1, 1)', 'Arg out of range in user function'),
                      ('fclamp(5, 1, -65)', 'level index out of range')):
        with pytest.raises(Exception, match=msg):
            hoc.execute(stmt)


def test_structural_names(h):
    """h.capacitance and h.morphology are listed but not accessible (NEURON's TypeError);
    nlayer_extracellular() is NEURON's 2 and refuses another number; ca_ion is listed once
    ion_register makes it, as in NEURON 9."""
    for name in ('capacitance', 'morphology'):
        assert name in dir(h)
        with pytest.raises(TypeError, match='Cannot access %s \\(NEURON type 311\\) '
                                            'directly.' % name):
            getattr(h, name)
    assert h.nlayer_extracellular(2) == 2
    with pytest.raises(RuntimeError, match='nlayer_extracellular'):
        h.nlayer_extracellular(3)
    assert 'ca_ion' not in dir(h) and 'cai' not in dir(h)
    assert h.ion_register('ca', 2) == 24
    assert {'ca_ion', 'cai', 'eca', 'cai0_ca_ion'} <= set(dir(h))


def test_stims_in_multi_step_runs(h):
    """A run of many steps (the compiled loop's entry) still applies the old-style stimuli."""
    want = _golden('stims_fixed')
    h.load_file('stdrun.hoc')
    h('create soma, dend')
    h('soma { L = 20  diam = 20  insert hh  nseg = 3 }')
    h('dend { L = 200  diam = 2  nseg = 5  insert pas  g_pas = 1e-4  e_pas = -65 }')
    h('connect dend(0), soma(1)')
    h('soma fstim(3)')
    h('soma fstim(0, 0.5, 1, 0.5, 0.3)')
    h('dend fstim(1, 1, 3, 2, 0.05)')
    h('fsyn(2)')
    h('dend fsyn(0, 0.7, 2, 0.5, 0.01, 0)')
    h('soma fsyn(1, 0.5, 6, 1.0, 0.005, -80)')
    vs = h.Vector().record(h.soma(0.5)._ref_v)
    h.finitialize(-65)
    h.continuerun(10)
    got = np.array(vs)          # (the golden's while (t < 10) loop takes one more step)
    np.testing.assert_array_equal(got, np.array(want['v_soma'])[:len(got)])


def test_point_process_mark_is_a_point_process(h):
    """PointProcessMark (ppmark.mod) is located like any point process and changes nothing:
    a run with marks on the cell keeps the compiled loop and its voltages."""
    from pyhoc.sim import fused
    s = h.Section(name='s')
    s.insert('hh')
    ic = h.IClamp(s(0.5))
    ic.delay, ic.dur, ic.amp = 0.5, 1, 0.3
    v = h.Vector().record(s(0.5)._ref_v)
    h.finitialize(-65)
    for _ in range(100):
        h.fadvance()
    plain = np.array(v)
    marks = [h.PointProcessMark(s(x)) for x in (0, 0.5, 1)]
    assert [m.get_segment().x for m in marks] == [0, 0.5, 1] and marks[1].has_loc()
    h.finitialize(-65)
    for _ in range(100):
        h.fadvance()
    np.testing.assert_array_equal(np.array(v), plain)
    assert fused._plan(marks[0]._model) is not None
