"""ParallelContext scenarios run alike by NEURON (tools/gen_parallel_golden.py) and pyhoc
(tests/sim/test_parallel.py): ``h`` is NEURON's or pyhoc's."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
RING_HOC = os.path.join(HERE, 'parallel', 'ring.hoc')
NETPAR_HOC = os.path.join(HERE, 'parallel', 'netpar.hoc')


def ring_hoc(h):
    """The HOC ring (parallel/ring.hoc): its spike raster."""
    h.load_file(RING_HOC)
    return {'t': h.t, 'tvec': list(h.tvec), 'idvec': list(h.idvec)}


def netpar_hoc(h):
    """A network of netparmpi.hoc's ParallelNetManager (parallel/netpar.hoc)."""
    h.ParallelContext().gid_clear()        # (the generator ran the other rings before)
    h.load_file(NETPAR_HOC)
    return {'t': h.t, 'tvec': list(h.pnm.spikevec), 'idvec': list(h.pnm.idvec)}


class Cell:
    """A ball and stick hh cell with an ExpSyn on the dendrite, in Python."""

    def __init__(self, h, gid):
        self.soma = h.Section(name='soma', cell=self)
        self.dend = h.Section(name='dend', cell=self)
        self.soma.L = self.soma.diam = 20
        self.soma.insert('hh')
        self.dend.L, self.dend.diam, self.dend.nseg = 200, 1, 5
        self.dend.insert('pas')
        for seg in self.dend:
            seg.pas.g, seg.pas.e = .001, -65
        self.dend.connect(self.soma(1))
        self.syn = h.ExpSyn(self.dend(.5))
        self.syn.tau = 2
        self.gid = gid


def ring_python(h, ncell=5, tstop=100., netcon_record=False, cvode=False):
    """The same ring in Python; spikes by pc.spike_record, or by NetCon.record."""
    pc = h.ParallelContext()
    cells, ncs = [], []
    for gid in range(ncell):
        pc.set_gid2node(gid, pc.id())
        c = Cell(h, gid)
        cells.append(c)
        nc = h.NetCon(c.soma(.5)._ref_v, None, sec=c.soma)
        nc.threshold = 10
        pc.cell(gid, nc)
        ncs.append(nc)
    for i in range(ncell):
        nc = pc.gid_connect(i, pc.gid2cell((i + 1) % ncell).syn)
        nc.delay = 1 + i * .1
        nc.weight[0] = .01
        ncs.append(nc)
    stim = h.NetStim()
    stim.number, stim.start = 1, 1
    nc = h.NetCon(stim, cells[0].syn)
    nc.delay, nc.weight[0] = 1, .02
    ncs.append(nc)
    tvec, idvec = h.Vector(), h.Vector()
    if netcon_record:
        for gid in range(ncell):
            ncs[gid].record(tvec, idvec, gid)
    else:
        pc.spike_record(-1, tvec, idvec)
    mindelay = pc.set_maxstep(10)
    if cvode:
        h.CVode().active(1)
    h.finitialize(-65)
    pc.psolve(tstop)
    out = {'t': h.t, 'tvec': list(tvec), 'idvec': list(idvec), 'mindelay': mindelay}
    if cvode:
        h.CVode().active(0)
    pc.gid_clear()
    return out


def collectives(h):
    """allreduce, allgather, alltoall, broadcast and the py_* forms with one process."""
    pc = h.ParallelContext()
    v = h.Vector([1, 2, 3])
    out = {'id': pc.id(), 'nhost': pc.nhost(), 'nthread': pc.nthread()}
    out['allreduce'] = [pc.allreduce(3.5, k) for k in (1, 2, 3)]
    pc.allreduce(v, 2)
    out['allreduce_vec'] = list(v)
    g = h.Vector()
    pc.allgather(2.5, g)
    out['allgather'] = list(g)
    dest = h.Vector()
    pc.alltoall(h.Vector([4, 5, 6]), h.Vector([3]), dest)
    out['alltoall'] = list(dest)
    s = h.ref('abc')
    out['broadcast_str'] = [pc.broadcast(s, 0), s[0]]
    out['broadcast_vec'] = [pc.broadcast(v, 0), list(v)]
    out['py'] = [pc.py_alltoall([5]), pc.py_allgather(7), pc.py_broadcast({'a': 1}, 0),
                 pc.py_gather(3, 0), pc.py_scatter([9], 0)]
    out['maxstep'] = pc.set_maxstep(10)
    out['gid_exists'] = [pc.gid_exists(3)]
    pc.set_gid2node(3, 0)
    out['gid_exists'].append(pc.gid_exists(3))
    ns = h.NetStim()
    pc.cell(3, h.NetCon(ns, None))
    out['gid_exists'].append(pc.gid_exists(3))
    pc.set_gid2node(4, 0)
    ns2 = h.NetStim()
    pc.cell(4, h.NetCon(ns2, None), 0)
    out['gid_exists'].append(pc.gid_exists(4))
    out['gid2cell'] = [pc.gid2cell(3) == ns, pc.gid2obj(3) == ns]
    out['threshold'] = [pc.threshold(3), pc.threshold(3, -20), pc.threshold(3)]
    sec = h.Section(name='s')
    syn = h.ExpSyn(sec(.5))
    nc = pc.gid_connect(99, syn)
    out['input_port'] = [pc.gid_exists(99), pc.set_maxstep(10)]
    nc.delay = 3
    out['input_port'].append(pc.set_maxstep(10))
    pc.gid_clear()
    out['after_clear'] = pc.gid_exists(3)
    return out


def times10(x):
    return x * 10


def bulletin(h):
    """A parameter sweep on the bulletin board, serially: jobs run at working()."""
    pc = h.ParallelContext()
    # (a name no test library defines: tests/nmodl's libfa.mod registers sq for the process)
    h('func bbsq() { return $1*$1 }')
    pc.runworker()
    log = [pc.submit('bbsq', i) for i in (1, 2, 3)]
    log.append(pc.submit(7, 'bbsq', 4))
    while True:
        jid = pc.working()
        if jid == 0:
            break
        log.append([jid, pc.retval(), pc.userid()])
    log.append(pc.submit(times10, 4))
    jid = pc.working()
    log.append([jid, pc.retval(), pc.pyret(), pc.userid(), pc.working()])
    pc.pack(1.5, 'hello', h.Vector([1, 2]))
    pc.pack({'x': 1})
    log.append(pc.post('key1'))
    log.append(pc.look('key1'))
    log.append([pc.upkscalar(), pc.upkstr(h.ref('')), list(pc.upkvec()), pc.upkpyobj()])
    log.append([pc.look('nokey'), pc.take('key1')])
    pc.post('key1', 2.5)
    log.append([pc.look_take('key1'), pc.upkscalar(), pc.look_take('nokey')])
    pc.post('k2', 3, 's')
    log.append([pc.take('k2'), pc.upkscalar(), pc.upkstr(h.ref(''))])
    pc.post(5, 6)
    log.append([pc.take(5), pc.upkscalar()])
    pc.done()
    return log
