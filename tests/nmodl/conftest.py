"""Translated mechanisms of every test here go to one cache for the session (tests that test
the cache itself set their own)."""
import os

import pytest

MOD = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mod')
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


@pytest.fixture
def mod_folder(tmp_path, monkeypatch):
    """make(*names) -> a model folder holding those .mod files of tests/nmodl/mod, with its own
    translation cache (as a user's model folder before pyhoc-modl or nrn_load_dll)."""
    import shutil
    monkeypatch.setenv('PYHOC_MODL_CACHE', str(tmp_path / 'cache'))

    def make(*names):
        d = tmp_path / 'model'
        d.mkdir()
        for m in names:
            shutil.copy(os.path.join(MOD, m), d)
        return d
    return make


@pytest.fixture
def mechanism_type_names():
    """names(h) -> the names MechanismType(0) lists, in its order (HOC's own select/selected)."""
    def names(h) -> list:
        h('objref mt_\nmt_ = new MechanismType(0)\nstrdef s_')
        out = []
        for i in range(int(h.mt_.count())):
            h.mt_.select(i)
            h('mt_.selected(s_)')
            out.append(h.s_)
        return out
    return names
