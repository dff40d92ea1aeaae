"""SaveState: a run continued after restore (from the object or from a file) gives NEURON's
numbers (tests/golden/sim/savestate.json from tools/gen_savestate_golden.py); restore(1)
leaves the events; structure changes and bad files are HOC errors."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

import savestate_case  # noqa: E402  (tests/sim is on sys.path under pytest)
from pyhoc.errors import HocError

GOLDEN = os.path.join(os.path.dirname(__file__), '..', 'golden', 'sim', 'savestate.json')


def _close(got, want, key):
    if isinstance(want, dict):
        assert set(got) == set(want), key
        for k in want:
            _close(got[k], want[k], key + '.' + k)
    elif isinstance(want, list) and want and isinstance(want[0], list):
        assert len(got) == len(want), key
        for k, (g, w) in enumerate(zip(got, want)):
            _close(g, w, '%s[%d]' % (key, k))
    else:      # (bit for bit with the compiled loop; the NumPy path's exp is within 1e-9)
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12, err_msg=key)


def test_continuation_equals_neuron(h, tmp_path):
    with open(GOLDEN) as f:
        want = json.load(f)
    got = savestate_case.run(h, str(tmp_path / 'state.dat'))
    assert set(got) == set(want)
    for key in want:
        _close(got[key], want[key], key)
    # the restored runs repeat the first continuation, spikes and events in flight included
    assert got['again'] == got['first'] == got['from_file']
    assert got['first']['spikes'][2] == [22.0]      # IntFire1, refractory across the save


def test_events_in_flight_are_restored(h, hoc):
    """The queue after restore holds the saved events at their times (NetCon deliveries 5 ms
    after each NetStim event, the NetStim's next self event), not the later ones."""
    from pyhoc.sim import events
    ns = h.NetStim()
    ns.start, ns.interval, ns.number = 1, 2, 5
    fire = h.IntFire1()
    nc = h.NetCon(ns, fire)
    nc.weight[0], nc.delay = 0.2, 5
    h.finitialize(-65)
    while h.t < 4:
        h.fadvance()
    queue = events.state(hoc.sim.model).queue
    saved = queue.times()
    assert saved == [5.0, 6.0, 8.0]
    ss = h.SaveState()
    ss.save()
    while h.t < 12:
        h.fadvance()
    assert queue.times() != saved
    ss.restore()
    assert queue.times() == saved
    assert h.t == pytest.approx(4, abs=1e-9)


def test_structure_change_is_an_error(hoc):
    hoc.execute('~create soma\nobjref ss\nss = new SaveState()\nfinitialize(-65)\nss.save()')
    hoc.execute('~ss.restore()')
    hoc.execute('~create dend\nconnect dend(0), soma(1)')
    with pytest.raises(HocError, match='inconsistent with current neuron structure'):
        hoc.execute('~ss.restore()')


def test_errors(hoc, tmp_path):
    bad = tmp_path / 'bad.dat'
    bad.write_text('not a state\n')
    hoc.execute('~create soma\nobjref ss, f\nss = new SaveState()')
    with pytest.raises(HocError, match='inconsistent'):
        hoc.execute('~ss.restore()')
    with pytest.raises(HocError, match='out of range'):
        hoc.execute('~ss.save()\nss.restore(2)')
    hoc.execute('~f = new File("%s")' % bad)
    with pytest.raises(HocError, match='Bad SaveState'):
        hoc.execute('~ss.fread(f)')
    with pytest.raises(HocError, match='must be a File'):
        hoc.execute('~ss.fwrite(ss)')
