"""The simulator's seams to the layers above: each Model's own section stack, the host it is
handed (what prints, runs HOC statements and calls back), and the library registry."""
import io

from pyhoc.base.context import current, running
from pyhoc.bridge import HocTop
from pyhoc.hoc import library
from pyhoc.hoc.interpreter import Interpreter
from pyhoc.sim import Model
from pyhoc.sim.events import run_action
from pyhoc.sim.sectionlist import SectionList


class _Host:
    """A host that is not an interpreter: what the simulator asks of one, recorded."""

    def __init__(self):
        self.written, self.executed, self.called = [], [], []
        self.model = Model(host=self)

    def write(self, text):
        self.written.append(text)

    def execute(self, code, obj=None):
        self.executed.append(code)

    def call(self, fn, *args):
        self.called.append((fn, args))


def test_a_models_section_stack_is_its_own():
    m = Model()
    a, b = m.new_section('a'), m.new_section('b')
    assert m.stack.current() is a            # nothing accessed: the first section made
    m.stack.access(b)
    assert m.stack.current() is b
    a.push()                                 # Python's sec.push(): this model's stack
    assert m.stack.current() is a and m.stack.items == [a]
    m.stack.pop()
    assert m.stack.current() is b and m.stack.items == []


def test_the_host_handed_to_a_model_gets_its_hoc_work():
    host = _Host()
    m = host.model
    assert current(m) is host
    s = m.new_section('soma')
    s.push()
    assert m.stack.current() is s
    run_action('x = 1', model=m)
    run_action(7.0, model=m)                 # not text, not callable: a HOC callable object
    assert host.executed == ['x = 1'] and host.called == [(7.0, ())]
    with running(host):                      # objects made now belong to the host
        sl = SectionList()
    sl.append(s)
    sl.printnames()
    assert host.written == ['soma\n']


def test_interpreters_keep_separate_section_stacks():
    h1 = HocTop(Interpreter(stdout=io.StringIO(), stderr=io.StringIO()))
    h2 = HocTop(Interpreter(stdout=io.StringIO(), stderr=io.StringIO()))
    h1('create a, b')
    h2('create c, d')
    h1.b.push()
    assert h1.secname() == 'b' and h2.secname() == 'c'
    h2.d.push()
    assert h1.secname() == 'b' and h2.secname() == 'd'
    h1.pop_section()
    h2.pop_section()
    assert h1.secname() == 'a' and h2.secname() == 'c'


def test_library_registry_holds_both_libraries():
    files = library.files()
    # the run system is the native library's; its GUI half and the GUI files are sessions'
    assert files['stdrun.hoc'].__module__ == 'pyhoc.stdlib.stdrun'
    assert files['nrngui.hoc'].__module__ == 'pyhoc.sessions.library'
    assert files['netparmpi.hoc'].__module__ == 'pyhoc.stdlib.parallel'
    assert library.function('xpanel') == 'pyhoc.sessions.panels:xpanel'
    assert library.class_path('Graph') == 'pyhoc.sessions.graph:Graph'
    h = HocTop(Interpreter(stdout=io.StringIO(), stderr=io.StringIO()))
    h.load_file('stdrun.hoc')
    # stdlib's procs and what sessions added to the same file (a varmeth1.hoc template)
    assert h.name_declared('run') == 1 and h.name_declared('NumericalMethodPanel') == 1
    assert h.name_declared('String') == 1         # stdlib.hoc, loaded first by stdrun.hoc
