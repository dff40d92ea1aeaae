"""Several interpreters in one process: each object's calls go to the interpreter it belongs
to, whichever ``h`` Python used last and in whatever thread (no process-wide "last served")."""
import io
import threading

import pytest

from pyhoc.bridge import HocTop
from pyhoc.hoc.interpreter import Interpreter


def _model(tag: float):
    """An interpreter whose func f, soma and Vector are its own (f(x) = x + tag)."""
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    h = HocTop(interp)
    h('func f() { return $1 + %g }' % tag)
    h('create soma')
    h('soma { L = %g }' % (10 * tag))
    h('objref vec')
    h('vec = new Vector(3)')
    return interp, h


def test_objects_call_back_into_their_own_interpreter():
    i1, h1 = _model(1)
    i2, h2 = _model(2)
    v1, v2 = h1.vec, h2.vec
    s1 = h1.soma
    h2('x = 0')                       # h2 used last: v1 and soma still belong to h1
    v1.apply('f')
    assert list(v1) == [1.0, 1.0, 1.0]
    w1 = h1.Vector([5, 6])           # made through h1.Vector: belongs to h1
    h2('y = 0')
    w1.apply('f')
    assert list(w1) == [6.0, 7.0]
    v2.apply('f')
    assert list(v2) == [2.0, 2.0, 2.0]
    s1.push()
    h2('z = 1')
    assert h1.secname() == 'soma' and h1.L == 10.0
    h1.pop_section()
    v1.printf()
    assert i1.stdout.getvalue().split() == ['1', '1', '1']
    assert i2.stdout.getvalue() == ''


def test_template_members_read_in_their_own_interpreter():
    _, h1 = _model(1)
    _, h2 = _model(2)
    src = 'begintemplate T\npublic a\nexternal f\nproc init() { a = f(0) }\nendtemplate T\n'
    h1(src)
    h2(src)
    t1 = h1.T()
    t2 = h2.T()
    h2('q = 0')
    assert t1.a == 1.0 and t2.a == 2.0


def test_two_interpreters_in_two_threads():
    """Two models run side by side in threads give the same answers as each alone."""
    def work(tag, out):
        interp, h = _model(tag)
        for k in range(200):
            v = h.Vector([k, k + 1])
            v.apply('f')
            h.soma.push()
            out.append((v[0] - k, v[1] - k, h.L))
            h.pop_section()
    results = {1: [], 2: []}
    threads = [threading.Thread(target=work, args=(t, results[t])) for t in (1, 2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for tag in (1, 2):
        assert results[tag] == [(tag, tag + 1, 10.0 * tag)] * 200


def test_failed_new_leaves_nothing_behind():
    """A ``new`` whose init() fails leaves no instance, section or member object behind; its
    number stays used while another instance lives (NEURON 9.0.2: C1[2] next)."""
    interp = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    h = HocTop(interp)
    h('''begintemplate C1
public soma, v, ext
create soma, dend[2]
objref v, stim, ext
proc init() {
  v = new Vector(5)
  ext = $o2
  soma stim = new IClamp(0.5)
  if ($1) { execerror("init failed") }
}
endtemplate C1
objref a, b, c, keep
keep = new Vector(1)
a = new C1(0, keep)
''')
    assert h('b = new C1(1, keep)') == 0
    assert 'init failed' in interp.stderr.getvalue()
    h('c = new C1(0, keep)')
    assert str(h.c) == 'C1[2]' and h.b is None
    h('objref sl')
    h('sl = new SectionList()')
    h('forall sl.append()')
    names = [s.name() for s in h.sl]
    assert names == ['C1[0].soma', 'C1[0].dend[0]', 'C1[0].dend[1]',
                     'C1[2].soma', 'C1[2].dend[0]', 'C1[2].dend[1]']
    assert len(h.List('C1')) == 2
    assert len(h.List('IClamp')) == 2
    assert len(h.List('Vector')) == 3            # keep, a.v, c.v
    h('begintemplate C2\nproc init() { if ($1) { execerror("no") } }\nendtemplate C2')
    assert h('b = new C2(1)') == 0   # none left: the next one is C2[0] again
    h('c = new C2(0)')
    assert str(h.c) == 'C2[0]'


def test_simulator_objects_use_their_own_model():
    """cvode.event, FInitializeHandler and SectionList called from Python act on the model of
    the interpreter they came from."""
    i1, h1 = _model(1)
    i2, h2 = _model(2)
    cv1 = h1.CVode()
    sl1 = h1.SectionList()
    h1('objref fired')
    h1('fired = new Vector()')
    h1.finitialize(-65)
    h2.finitialize(-65)
    h2('q = 1')                        # h2 used last
    cv1.event(0.1, 'fired.append(t)')
    h1.soma.push()
    sl1.append()                       # the accessed section of h1
    h1.pop_section()
    assert [s.name() for s in sl1] == ['soma'] and sl1.contains(h1.soma) == 1.0
    h2('while (t < 0.3) fadvance()')
    assert h1.fired.size() == 0        # h2's run does not deliver h1's event
    h1('while (t < 0.3) fadvance()')
    assert list(h1.fired) == pytest.approx([0.1])


def test_each_interpreter_numbers_its_own_objects():
    """Objects are numbered per interpreter as NEURON numbers them in its one process, so a
    model's output does not depend on what another interpreter made meanwhile."""
    i1, h1 = _model(1)
    i2, h2 = _model(2)
    names = []
    for _ in range(2):
        for h in (h1, h2):
            names.append(h.Vector().hoc_name())
    h1('objref l\nl = new List("Vector")')
    assert names == ['Vector[1]', 'Vector[1]', 'Vector[2]', 'Vector[2]']   # vec is Vector[0]
    assert h1.l.count() == 1           # only its vec: the others were dropped
    h2('objref w\nw = Vector[0]')
    assert h2.w is h2.vec


def test_h_class_stays_usable_as_a_class():
    _, h1 = _model(1)
    from pyhoc.hoc.builtins.vector import Vector
    v = h1.Vector(3)
    assert isinstance(v, h1.Vector) and isinstance(v, Vector) and type(v) is Vector
    assert h1.Vector == Vector and h1.Vector.__name__ == 'Vector'

    class Doubled(h1.Vector):
        pass
    assert issubclass(Doubled, Vector) and len(Doubled(4)) == 4


def test_a_mod_files_functions_belong_to_the_interpreter_that_loaded_it():
    # a .mod file's FUNCTION (sinf_cachan) is in the process's function table once loaded;
    # another interpreter, whose model has no cachan, must not see it
    import os
    from pyhoc.nmodl.load import load_into
    mod = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'nmodl', 'mod', 'cachan.mod')
    a = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    b = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    ha, hb = HocTop(a), HocTop(b)
    load_into(a.sim.model, [mod], quiet=True)
    assert hb('x = sinf_cachan(1)') is False
    assert 'sinf_cachan undefined function' in b.stderr.getvalue()
    assert 'sinf_cachan' not in dir(hb)
    ha('create soma\naccess soma\ninsert cachan\ny = sinf_cachan(-20)')
    assert ha.y == 0.5 and 'sinf_cachan' in dir(ha)


def test_a_mod_files_mechanism_name_is_free_in_another_interpreter(tmp_path):
    # (cachan, loaded by one interpreter, is in the process's mechanism table: another
    # interpreter may still name an objref so, as a fresh NEURON may)
    import os
    from pyhoc.nmodl.load import load_into
    mod = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'nmodl', 'mod', 'cachan.mod')
    a = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    b = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    load_into(a.sim.model, [mod], quiet=True)
    assert HocTop(b)('objref cachan') is True
    assert HocTop(a)('objref cachan') is False
    assert 'cachan : Redeclaring at top level' in a.stderr.getvalue()


def test_a_mod_files_point_process_is_a_class_only_where_it_was_loaded(tmp_path):
    # (tests/nmodl/mod/stim.mod's POINT_PROCESS stim is in the process's table once any
    # interpreter loaded it: in another, stim is still free, as in a fresh NEURON, and
    # new stim() is no class there)
    import os
    from pyhoc.nmodl.load import load_into
    mod = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'nmodl', 'mod', 'stim.mod')
    a = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    b = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    load_into(a.sim.model, [mod], quiet=True)
    hb = HocTop(b)
    assert hb('objref stim\nstim = new Vector(2)') is True and hb.stim.size() == 2
    assert hb('create s\nobjref p\ns p = new stim(.5)') is False
    assert 'stim' in dir(ha := HocTop(a)) and 'stim' not in dir(HocTop(Interpreter()))
    assert ha('objref stim') is False
    assert 'stim : Redeclaring at top level' in a.stderr.getvalue()
    assert ha('create s\nobjref p\ns p = new stim(.5)') is True


def test_a_mod_files_globals_and_mechanism_are_names_only_where_it_was_loaded(tmp_path):
    # (tests/nmodl/mod/cabuf.mod's GLOBAL depth is in the process's GLOBALS table once any
    # interpreter loaded it: another one answers as a fresh NEURON does -- checked with
    # nrniv 9.0.2: "undefined variable depth_cabuf", name_declared 0, no h.cabuf)
    import os
    from pyhoc.nmodl.load import load_into
    mod = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'nmodl', 'mod', 'cabuf.mod')
    a = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    b = Interpreter(stdout=io.StringIO(), stderr=io.StringIO())
    load_into(a.sim.model, [mod], quiet=True)
    ha, hb = HocTop(a), HocTop(b)
    assert hb('print depth_cabuf') is False
    assert 'undefined variable depth_cabuf' in b.stderr.getvalue()
    assert hb.name_declared('depth_cabuf') == 0 and hb.name_declared('cabuf') == 0
    assert not hasattr(hb, 'cabuf') and not hasattr(hb, '_ref_depth_cabuf')
    assert hb('cabuf = 1') is True and hb.cabuf == 1      # (a free name there)
    # NEURON's built-in globals stay names everywhere (celsius 5, usetable_hh 5, hh 1)
    assert [hb.name_declared(n) for n in ('celsius', 'usetable_hh', 'hh')] == [5, 5, 1]
    assert ha('x = depth_cabuf') is True and ha.x == 0.2
    assert ha.name_declared('depth_cabuf') == 5 and ha.name_declared('cabuf') == 1
    assert ha._ref_depth_cabuf[0] == 0.2
    assert ha('cabuf = 1') is False         # (a mechanism's name: NEURON's syntax error)


def test_renaming_a_channel_leaves_another_interpreters_channel_of_that_name():
    # (a KSChan renamed in one interpreter forgets its old name there only: the other's
    # channel "kx" stays a mechanism, as in its own NEURON)
    hs = [HocTop(Interpreter(stdout=io.StringIO(), stderr=io.StringIO())) for _ in range(2)]
    for h in hs:
        h('create soma\nobjref ks\nks = new KSChan()\nks.name("kx")')
    a, b = hs
    a('ks.name("ky")')
    assert (a.name_declared('kx'), a.name_declared('ky')) == (0, 1)
    assert (b.name_declared('kx'), b.name_declared('ky')) == (1, 0)
    assert b('soma insert kx') is True
    assert a('soma insert kx') is False
