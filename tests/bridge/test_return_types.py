"""Built-in methods return what NEURON 9.0.2 returns to Python: an int or a bool where its C++
sets ``hoc_return_type_code`` to integer or boolean (a float elsewhere), while HOC still sees
numbers.  The expected types and values were read from NEURON 9.0.2 (``from neuron import h``)."""
import pytest

# (name, call, NEURON 9.0.2's value: its type is what Python sees)
CASES = [
    ('Vector.size', lambda o: o['v'].size(), 3),
    ('Vector.buffer_size', lambda o: o['v'].buffer_size(), 3),
    ('Vector.min_ind', lambda o: o['v'].min_ind(), 0),
    ('Vector.max_ind', lambda o: o['v'].max_ind(), 1),
    ('Vector.contains', lambda o: o['v'].contains(3), True),
    ('Vector.indwhere', lambda o: o['v'].indwhere('>', 1), 1),
    ('Matrix.nrow', lambda o: o['m'].nrow(), 2),
    ('Matrix.ncol', lambda o: o['m'].ncol(), 3),
    ('Matrix.sprowlen', lambda o: o['m2'].sprowlen(0), 0),
    ('List.count', lambda o: o['L'].count(), 1),
    ('List.index', lambda o: o['L'].index(o['v']), 0),
    ('SectionList.size', lambda o: o['sl'].size(), 1),
    ('SectionList.contains', lambda o: o['sl'].contains(sec=o['s']), True),
    ('SectionList.unique', lambda o: o['sl'].unique(), 0),
    ('SectionRef.nchild', lambda o: o['sr'].nchild(), 0),
    ('SectionRef.has_parent', lambda o: o['sr'].has_parent(), True),
    ('SectionRef.has_trueparent', lambda o: o['sr'].has_trueparent(), True),
    ('SectionRef.exists', lambda o: o['sr'].exists(), True),
    ('SectionRef.is_cas', lambda o: o['sr'].is_cas(), False),
    ('ParallelContext.id', lambda o: o['pc'].id(), 0),
    ('ParallelContext.nhost', lambda o: o['pc'].nhost(), 1),
    ('ParallelContext.nhost(1)', lambda o: o['pc'].nhost(1), 1),
    ('ParallelContext.id_world', lambda o: o['pc'].id_world(), 0),
    ('ParallelContext.nhost_world', lambda o: o['pc'].nhost_world(), 1),
    ('ParallelContext.id_bbs', lambda o: o['pc'].id_bbs(), 0),
    ('ParallelContext.nhost_bbs', lambda o: o['pc'].nhost_bbs(), 1),
    ('ParallelContext.gid_exists', lambda o: o['pc'].gid_exists(5), 0),
    ('ParallelContext.nthread', lambda o: o['pc'].nthread(), 1),
    ('ParallelContext.nworker', lambda o: o['pc'].nworker(), 0),
    ('ParallelContext.optimize_node_order', lambda o: o['pc'].optimize_node_order(), 0),
    ('ParallelContext.spike_statistics', lambda o: o['pc'].spike_statistics(), 0),
    ('ParallelContext.working', lambda o: o['pc'].working(), 0),
    ('ParallelContext.look', lambda o: o['pc'].look('x'), False),
    ('ParallelContext.look_take', lambda o: o['pc'].look_take('x'), False),
    ('ParallelContext.sec_in_thread', lambda o: o['pc'].sec_in_thread(sec=o['s']), False),
    ('CVode.active', lambda o: o['cv'].active(), False),
    ('CVode.active(0)', lambda o: o['cv'].active(0), False),
    ('CVode.stiff', lambda o: o['cv'].stiff(), 2),
    ('CVode.maxorder', lambda o: o['cv'].maxorder(), 5),
    ('CVode.jacobian', lambda o: o['cv'].jacobian(), 0),
    ('CVode.use_local_dt', lambda o: o['cv'].use_local_dt(), False),
    ('CVode.use_daspk', lambda o: o['cv'].use_daspk(), False),
    ('CVode.use_mxb', lambda o: o['cv'].use_mxb(), False),
    ('CVode.cache_efficient', lambda o: o['cv'].cache_efficient(), True),
    ('CVode.condition_order', lambda o: o['cv'].condition_order(), 1),
    ('CVode.current_method', lambda o: o['cv'].current_method(), 1),
    ('CVode.use_fast_imem', lambda o: o['cv'].use_fast_imem(), False),
    ('CVode.queue_mode', lambda o: o['cv'].queue_mode(), 0),
    ('CVode.use_long_double', lambda o: o['cv'].use_long_double(), False),
    ('CVode.order', lambda o: o['cv'].order(), 0),
    ('CVode.debug_event', lambda o: o['cv'].debug_event(), 0),
    ('CVode.structure_change_count', lambda o: o['cv'].structure_change_count(), 0),
    ('CVode.diam_change_count', lambda o: o['cv'].diam_change_count(), 0),
    ('MechanismStandard.is_array', lambda o: o['ms'].is_array(0), False),
    ('MechanismType.is_ion', lambda o: o['mt'].is_ion(), False),
    ('StringFunctions.is_point_process', lambda o: o['sf'].is_point_process(o['syn']), 3),
    ('StringFunctions.is_artificial', lambda o: o['sf'].is_artificial(o['ns']), 9),
    ('NetCon.valid', lambda o: o['nc'].valid(), True),
    ('NetCon.active', lambda o: o['nc'].active(), True),
    ('NetCon.srcgid', lambda o: o['nc'].srcgid(), -1),
    ('StringFunctions.substr', lambda o: o['sf'].substr('abc', 'b'), 1),
    ('StringFunctions.len', lambda o: o['sf'].len('abc'), 3),
    ('StringFunctions.head', lambda o: o['sf'].head('abc', 'b', o['h'].ref('')), 1),
    ('StringFunctions.tail', lambda o: o['sf'].tail('abc', 'b', o['h'].ref('')), 2),
    ('StringFunctions.is_name', lambda o: o['sf'].is_name('v'), True),
    ('MechanismStandard.count', lambda o: o['ms'].count(), 4),
    ('MechanismStandard.name', lambda o: o['ms'].name(o['h'].ref(''), 0), 1),
    ('MechanismType.count', lambda o: o['mt'].count(), 8),
    ('MechanismType.selected', lambda o: o['mt'].selected(), 0),
    ('MechanismType.is_netcon_target', lambda o: o['mt'].is_netcon_target(0), False),
    ('MechanismType.has_net_event', lambda o: o['mt'].has_net_event(0), False),
    ('MechanismType.is_artificial', lambda o: o['mt'].is_artificial(0), False),
    ('PtrVector.size', lambda o: o['pv'].size(), 2),
    ('GUIMath.inside', lambda o: o['h'].GUIMath().inside(1, 1, 0, 0, 2, 2), True),
    ('GUIMath.feround', lambda o: o['h'].GUIMath().feround(), 2),
    ('PWManager.count', lambda o: o['h'].PWManager().count(), 0),
    ('PWManager.is_mapped', lambda o: o['h'].PWManager().is_mapped(0), False),
    ('PWManager.leader', lambda o: o['h'].PWManager().leader(0), -1),
    ('PWManager.manager', lambda o: o['h'].PWManager().manager(0), -1),
    ('VBox.ismapped', lambda o: o['h'].VBox().ismapped(), False),
    ('Graph.view_count', lambda o: o['h'].Graph(0).view_count(), 0),
    ('PlotShape.show', lambda o: o['h'].PlotShape(0).show(), 1),
    ('StateTransitionEvent.state', lambda o: o['h'].StateTransitionEvent(2).state(), 0),
    # floats stay floats (NEURON's default return type)
    ('Vector.sum', lambda o: o['v'].sum(), 6.0),
    ('List.append', lambda o: o['h'].List().append(o['v']), 1.0),
    ('CVode.atol', lambda o: o['cv'].atol(), 0.001),
]


@pytest.fixture
def objs(h):
    s = h.Section(name='soma')
    d = h.Section(name='dend')
    d.connect(s(1))
    s.insert('hh')
    syn = h.ExpSyn(s(0.5))
    ns = h.NetStim()
    o = dict(h=h, s=s, d=d, syn=syn, ns=ns, v=h.Vector([1, 3, 2]), m=h.Matrix(2, 3),
             m2=h.Matrix(3, 3, 2), L=h.List(), sl=h.SectionList(), sr=h.SectionRef(sec=d),
             pc=h.ParallelContext(), cv=h.CVode(), nc=h.NetCon(ns, syn),
             sf=h.StringFunctions(), ms=h.MechanismStandard('hh'), mt=h.MechanismType(0),
             pv=h.PtrVector(2))
    o['L'].append(o['v'])
    o['sl'].append(sec=s)
    return o


@pytest.mark.parametrize('name,call,want', CASES, ids=[c[0] for c in CASES])
def test_return_type_is_neurons(objs, name, call, want):
    got = call(objs)
    assert type(got) is type(want), (name, got)
    assert got == want


def test_file_tell_is_an_int(h, tmp_path):
    f = h.File()
    f.wopen(str(tmp_path / 'x.txt'))
    assert repr(f.tell()) == '0'
    f.close()


def test_range_idiom_over_gids(h):
    """``range(pc.id(), ncell, pc.nhost())``: the common round-robin gid loop."""
    pc = h.ParallelContext()
    assert list(range(pc.id(), 5, pc.nhost())) == [0, 1, 2, 3, 4]
    assert [i for i in range(int(pc.nhost()))] == [0]
    pc.set_gid2node(3, pc.id())
    assert repr(pc.gid_exists(3)) == '1'         # (3 once it has a spike source)


def test_hoc_prints_them_as_numbers(h, hoc):
    """HOC sees the same numbers as before (print, arithmetic, printf %d and %g): NEURON's
    output."""
    for line in ('objref pc, cv, sf, lst', 'pc = new ParallelContext()', 'cv = new CVode()',
                 'sf = new StringFunctions()', 'lst = new List()',
                 'print pc.id(), pc.nhost(), cv.active(), cv.cache_efficient(), sf.len("abc")',
                 'x = pc.nhost() / 2 + cv.cache_efficient()', 'print x, lst.count() - 1',
                 'printf("%d %g %d\\n", pc.nhost(), sf.is_name("x"), lst.index(pc))'):
        assert h(line) == 1, line
    assert hoc.stdout.getvalue() == '0 1 0 1 3 \n1.5 -1 \n1 1 -1\n\t7 \n'   # (printf's value)
