"""The GUI's section and mechanism menus headless: each records the panel it would show."""
from __future__ import annotations

from pyhoc import Interpreter
from pyhoc.bridge import HocTop
from pyhoc.sessions.panels import panels


def test_menus_record_their_panels():
    interp = Interpreter()
    h = HocTop(interp)
    h('create soma\naccess soma\nsoma insert hh\nobjref ic\nsoma ic = new IClamp(0.5)')
    assert h.nrnsecmenu(0.5, 1) == 1
    assert h.nrnsecmenu(-1, 3) == 1
    assert h.nrnglobalmechmenu('hh') == 1
    assert h.nrnallsectionmenu() == 1 and h.nrnallpointmenu() == 1 and h.nrnmechmenu() == 1
    log = panels(interp)
    params = log.find('soma(0.5) (Parameters)')
    assert [it.label for it in params.items][:3] == ['nseg', 'L', 'Ra']
    assert {'gnabar_hh', 'gkbar_hh', 'gl_hh', 'el_hh'} <= {it.label for it in params.items}
    assert params.find('gnabar_hh').var == 'soma.gnabar_hh(0.5)'
    states = log.find('soma (States)')
    assert [it.label for it in states.items] == ['m_hh', 'h_hh', 'n_hh']
    assert [it.label for it in log.find('hh (Globals)').items] == ['usetable_hh']
    assert [it.label for it in log.find('Section').items] == ['soma']
    assert 'IClamp' in [it.label for it in log.find('Point Processes').items]
