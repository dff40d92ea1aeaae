"""The Random class, the RNG builtins and the low-level generators against NEURON 9.0.2.

The goldens in golden/random/ were written by tools/gen_random_golden.py from NEURON itself;
every value is compared exactly (NaN equal to NaN, nothing approximate).
"""
from __future__ import annotations

import json
import math
import os

import pytest

from pyhoc.errors import HocError
from pyhoc.base import rng
from pyhoc.hoc.builtins import FUNCTIONS
from pyhoc.hoc.builtins import random as hrandom
from pyhoc.hoc.builtins.random import Random
from pyhoc.base.refs import BoxRef

GOLDEN = os.path.join(os.path.dirname(__file__), 'golden', 'random')
GROUPS = ['distributions', 'random123', 'mcellran4', 'builtins', 'normal_cache', 'play', 'edge']


@pytest.fixture(autouse=True)
def fresh_state():
    rng.reset_globals()
    hrandom.random_play_clear()
    yield
    rng.reset_globals()
    hrandom.random_play_clear()


def same(a, b) -> bool:
    """Exact equality of numbers (and lists of them); NaN equals NaN."""
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return (isinstance(a, (list, tuple)) and isinstance(b, (list, tuple))
                and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b)))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b and type(a) is float


def replay(name: str) -> int:
    with open(os.path.join(GOLDEN, name + '.json')) as f:
        ops = json.load(f)
    r = None
    checked = 0
    for i, op in enumerate(ops):
        kind = op[0]
        where = '%s.json op %d: %r' % (name, i, op[:3])
        if kind == 'new':
            r = Random(*op[1])
            continue
        if kind == 'm':
            got = getattr(r, op[1])(*op[2])
            want = op[3]
        elif kind == 'rep':
            got = [r.repick() for _ in range(op[1])]
            want = op[2]
        elif kind == 'f':
            args = [BoxRef(float(a['ref'])) if isinstance(a, dict) else a for a in op[2]]
            got = FUNCTIONS[op[1]](None, *args)
            refs = [a for a in args if isinstance(a, BoxRef)]
            if refs:
                got = [got, float(refs[0].get())]
            want = op[3]
        elif kind == 'play':
            x = BoxRef(-1.0)
            r.play(x)
            got = []
            for _ in op[1]:  # finitialize, then one per fadvance
                hrandom.random_play()
                got.append(x.get())
            want = op[1]
        else:
            raise AssertionError(where)
        assert same(got, want), '%s\n got  %r\n want %r' % (where, got, want)
        checked += len(want) if isinstance(want, list) else 1
    return checked


@pytest.mark.parametrize('group', GROUPS)
def test_golden(group):
    assert replay(group) > 0


# ---------------------------------------------------------------------------------------------
# low-level generators


def test_philox_known_answer():
    # Random123's published known-answer vectors for philox4x32-10
    assert rng.philox4x32((0, 0, 0, 0), (0, 0)) == (0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8)
    assert rng.philox4x32((0xffffffff,) * 4, (0xffffffff,) * 2) == (
        0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd)
    assert rng.philox4x32((0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344),
                          (0xa4093822, 0x299f31d0)) == (
        0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1)


def test_stream_layout_and_seq():
    s = rng.Random123Stream(1, 2, 3)
    assert s.ids() == (1, 2, 3)
    assert s.r == rng.iran(0, 1, 2, 3)
    words = [s.ipick() for _ in range(6)]
    assert words[:4] == list(rng.iran(0, 1, 2, 3))
    assert words[4:] == list(rng.iran(1, 1, 2, 3))[:2]
    assert s.getseq() == (1, 2) and s.seq() == 6.0
    s.setseq(5.0)
    assert s.ipick() == words[5]
    s.setseq2(0, 0)
    assert s.uniform01() == (words[0] + 1.0) * (1.0 / 4294967297.0)
    s.reset()
    assert s.ipick() == words[0]


def test_stream_uniform_matches_random_class():
    s = rng.Random123Stream(42, 55, 0)
    r = Random(42)
    assert r.uniform(0, 1) == s.uniform01()
    assert [r.repick() for _ in range(40)] == [s.uniform01() for _ in range(40)]


def test_netstim_stream_api():
    # NetStim's RANDOM ranvar: ids (1, 0, n) in creation order, seed(0) at INITIAL,
    # erand() = negexp(1).  Oracle: NetStim(noise=1, interval=10, start=0) first events.
    a = rng.new_auto_stream()
    b = rng.new_auto_stream()
    assert a.ids() == (1, 0, 1) and b.ids() == (1, 0, 2)
    a.setseq(0)
    t = 0.0
    events = []
    for _ in range(5):
        t += 10 * a.negexp(1.0) * 1.0 + 0.0
        events.append(t)
    want = [7.42548410828236, 17.687848365455338, 26.888465842272055, 28.208186693310086,
            34.10959171599554]
    assert events == want


def test_stream_seq4which_forms():
    s = rng.Random123Stream(1)
    s.setseq(23.0)
    assert s.getseq() == (5, 3)
    s.setseq(-4.0)
    assert s.getseq() == (0, 0)
    s.setseq(2.0 ** 41)
    assert s.getseq() == (0, 0)
    s.setseq(17179869183.0)
    assert s.getseq() == (0xffffffff, 3)
    s.setseq2(7, 9)
    assert s.getseq() == (7, 0)


def test_mcellran4_generator():
    g = rng.MCellRan4Generator()
    assert g.orig == 3276331375
    g2 = rng.MCellRan4Generator()
    assert g2.orig == 3743725032
    g = rng.MCellRan4Generator(1)
    assert g.as_double() == 0.7628303428646177 and g.ihigh == 2
    g.reset()
    assert g.ihigh == 1
    assert rng.nrn_ran4_dbl(7, 0) == (0.4629788885358721, 8)
    assert rng.nrn_ran4_int(0xffffffff, 0)[1] == 0


def test_globalindex_is_shared():
    r1 = Random(1)
    assert r1.Random123_globalindex() == 0.0
    assert r1.Random123_globalindex(9) == 9.0
    assert Random().Random123_globalindex() == 9.0
    assert rng.get_globalindex() == 9


def test_conversions():
    assert rng.double_to_uint32(-1.0) == 0xffffffff
    assert rng.double_to_uint32(4294967296.5) == 0
    assert rng.double_to_uint32(float('nan')) == 0
    assert rng.double_to_int(1e99) == -2**31
    assert rng.double_to_long(-2.9) == -2


# ---------------------------------------------------------------------------------------------
# the Random class surface


def test_public_methods():
    names = {n for n in dir(Random) if not n.startswith('_')}
    expected = {'MCellRan4', 'Random123', 'Random123_globalindex', 'seq', 'repick', 'uniform',
                'discunif', 'normal', 'lognormal', 'binomial', 'poisson', 'geometric',
                'hypergeo', 'negexp', 'erlang', 'weibull', 'play'}
    assert expected <= names
    assert not ({'ACG', 'MLCG', 'Isaac64'} & names)  # gone in NEURON 9
    from pyhoc.base.objects import PYTHON_ONLY     # hname, same...: Python's, as in NEURON
    extra = names - expected - {'hoc_name', 'hoc_index', 'hoc_class_name'} - PYTHON_ONLY
    assert not extra


def test_return_types_and_defaults():
    r = Random()
    assert type(r.MCellRan4(5)) is float
    assert type(r.Random123(1)) is float and r.Random123(1) == 0.0
    assert type(r.seq()) is float
    assert type(r.uniform(0, 1)) is float
    assert type(r.discunif(0, 3)) is float
    assert type(r.poisson(2)) is float
    r.discunif(0, 3)
    assert all(v in (0.0, 1.0, 2.0, 3.0) for v in (r.repick() for _ in range(50)))
    assert str(r).startswith('Random[')


@pytest.mark.parametrize('call', [
    lambda: Random(1, 5),
    lambda: Random(1, 99),
    lambda: Random().binomial(-1, 0.5),
    lambda: Random().binomial(3, 1.5),
    lambda: Random().geometric(1.5),
    lambda: Random().seq(-1),
    lambda: Random().seq(17179869184),
    lambda: Random().MCellRan4(-1),
    lambda: Random().MCellRan4(1, 4294967296),
    lambda: Random().Random123(1, -1),
    lambda: Random().Random123_globalindex(-1),
    lambda: FUNCTIONS['use_mcell_ran4'](None, 2),
    lambda: FUNCTIONS['mcell_ran4_init'](None, -1),
])
def test_arg_out_of_range(call):
    with pytest.raises(HocError) as e:
        call()
    assert str(e.value) == 'Arg out of range in user function'


def test_not_enough_arguments():
    with pytest.raises(HocError) as e:
        Random().uniform(1)
    assert str(e.value) == 'uniform not enough arguments'
    with pytest.raises(HocError) as e:
        Random().poisson()
    assert str(e.value) == 'poisson not enough arguments'


def test_mcell_ran4_needs_pointer():
    with pytest.raises(HocError) as e:
        FUNCTIONS['mcell_ran4'](None, 5.0)
    assert str(e.value) == ('bad stack access: expecting neuron::container::generic_data_handle; '
                            'really double 5')


def test_play_targets_follow_object_lifetime():
    x = BoxRef(0.0)
    r = Random(3)
    r.uniform(0, 1)
    r.play(x)
    hrandom.random_play()
    first = x.get()
    assert 0 < first < 1
    r._play_step()
    assert x.get() != first
    del r
    x.set(-5.0)
    hrandom.random_play()
    assert x.get() == -5.0


def test_hooks():
    r = Random(4)
    assert r._ran123_ids() == (4, 55, 0)
    a = [r.uniform(0, 1)] + [r.repick() for _ in range(5)]
    r._reset()
    assert [r._pick() for _ in range(6)] == a
    r.MCellRan4(8)
    assert r._ran123_ids() is None
    assert isinstance(r._generator, rng.MCellRan4Generator)
    v = r._pick()
    r._reset()
    assert r._pick() == v


def test_module_import_is_light():
    import subprocess
    import sys
    code = ('import sys, pyhoc.hoc.builtins.random; '
            'print("numpy" in sys.modules)')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                         cwd=os.path.join(os.path.dirname(__file__), '..', '..'))
    assert out.stdout.strip() == 'False', out.stderr
