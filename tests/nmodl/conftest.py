"""Translated mechanisms of every test here go to one cache for the session (tests that test
the cache itself set their own)."""
import os

import pytest

HH_MOD = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'pyhoc', 'nmodl',
                      'builtin_mod', 'hh.mod')


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv('PYHOC_MODL_CACHE', str(tmp_path_factory.getbasetemp() / 'modl'))


@pytest.fixture
def hhmod_cell(tmp_path):
    """make(mech) -> (model, section, IClamp): our hh.mod translated as 'hhmod', and a 3-segment
    section with ``mech`` (hhmod or the built-in hh) driven by an IClamp, dt 0.025."""
    from pyhoc.nmodl.load import load_into
    from pyhoc.sim.model import Model
    with open(HH_MOD) as f:
        (tmp_path / 'hhmod.mod').write_text(f.read().replace('SUFFIX hh', 'SUFFIX hhmod'))

    def make(mech):
        m = Model()
        load_into(m, [str(tmp_path / 'hhmod.mod')])
        s = m.new_section('s')
        s.L = s.diam = 20.
        s.nseg = 3
        s.insert(mech)
        st = m.new_point_process('IClamp', s(.5))
        st.amp, st.delay, st.dur = .3, 1., 100.
        m.dt = .025
        return m, s, st
    return make
