"""pyhoc's own versions of NEURON's parallel library files.

* ``netparmpi.hoc``: ``ParallelNetManager``, the gid-based network manager over
  ParallelContext (cells registered by gid, connections by gid, prun/psolve, spike gathering),
  on every process alike or with the workers in ``pc.runworker()`` run by the master through
  ``pc.context``;
* ``loadbal.hoc``: ``LoadBalance``, the complexity of the cells and their partition among
  threads (one thread: every section in one piece list);
* ``parcom.hoc``: ``ParallelComputeTool``, the panel of threads, load balance and multisplit
  (its thread count is kept and reported; the simulation runs in one thread; multisplit is
  refused);
* ``binfo.hoc``: ``VectorStream`` (reads a Vector's values one after the other), the piece
  of the balance information the multisplit tools use.

They are written anew from what NEURON documents of them; the complexity measure of
LoadBalance is pyhoc's (segments times (1 + the density mechanisms inserted)), not NEURON's
mechanism cost table.
"""
from __future__ import annotations

from typing import Any

from ..errors import HocError
from ..base.objects import HocObject

NETPARMPI = r'''
begintemplate ParallelNetManager
public register_cell, nc_append, splitcell
public set_gid2node, gid_exists, create_cell, pc, maxstepsize
public spikevec, idvec, gatherspikes, want_all_spikes, spike_record
public graphout, wantgraph, set_maxstep, serialize
public prun, pcontinue, pinit, psolve, ncell, doinit, postspikes, postwait
public round_robin, tmpcell
public cells, nclist, myid, nwork, nhost, prstat
external stdinit, hoc_sf_, tstop
objref cells, nclist, tmpcell, nil, pc, spikevec, idvec, this
strdef tstr
proc init() {
    pc = new ParallelContext()
    nhost = pc.nhost
    myid = pc.id
    nwork = nhost
    ncell = $1
    cells = new List()
    nclist = new List()
    spikevec = new Vector()
    idvec = new Vector()
    stepset_ = 0
}
proc set_gid2node() { if ($2 == myid) { pc.set_gid2node($1, myid) } }
proc round_robin() { local gid
    for gid = 0, ncell - 1 { set_gid2node(gid, gid % nwork) }
}
func gid_exists() { return pc.gid_exists($1) }
proc spike_record() { if (gid_exists($1)) { pc.spike_record($1, spikevec, idvec) } }
proc want_all_spikes() { local gid
    for gid = 0, ncell - 1 { spike_record(gid) }
}
proc gatherspikes() {}
obfunc create_cell() { localobj c
    if (gid_exists($1)) {
        sprint(tstr, "%s.tmpcell = %s", this, $s2)
        execute(tstr)
        register_cell($1, tmpcell)
    }
    c = tmpcell
    tmpcell = nil
    return c
}
proc register_cell() { localobj nc
    if (!pc.gid_exists($1)) { pc.set_gid2node($1, myid) }
    cells.append($o2)
    if (hoc_sf_.is_artificial($o2)) {
        nc = new NetCon($o2, nil)
    } else {
        $o2.connect2target(nil, nc)
    }
    pc.cell($1, nc, 1)
}
func nc_append() { local k, owner  localobj nc, syn
    // nc_append(srcgid, targid, synindex (-1: the cell itself), weight, delay)
    k = -1
    if (gid_exists($2)) {
        if ($3 < 0) {
            syn = pc.gid2cell($2)
        } else {
            syn = pc.gid2cell($2).synlist.object($3)
        }
        nc = pc.gid_connect($1, syn)
        nc.weight = $4
        nc.delay = $5
        k = nclist.count
        nclist.append(nc)
    } else {
        owner = gid_exists($1)
        if (owner > 0 && owner != 3) { pc.outputcell($1) }
    }
    return k
}
proc splitcell() { execerror("ParallelNetManager.splitcell", "needs more than one process") }
proc wantgraph() {}
proc graphout() {}
proc set_maxstep() { maxstep_ = pc.set_maxstep(10) }
proc maxstepsize() {
    if (!stepset_) {
        stepset_ = 1
        if (nwork > 1) { pc.context(this, "set_maxstep") }
        set_maxstep()
    }
}
iterator serialize() { local rank
    pc.barrier()
    for rank = 0, pc.nhost {
        if (rank == pc.id) { iterator_statement }
        pc.barrier()
    }
}
// With workers in pc.runworker() (the master-worker way), the master runs them through
// pc.context: every process initializes and integrates, and gatherspikes brings the
// workers' spikes to the master over the bulletin board.
proc doinit() { stdinit() }
proc pinit() {
    maxstepsize()
    if (nwork > 1) { pc.context(this, "doinit") }
    doinit()
}
proc psolve() { pc.psolve($1) }
proc pcontinue() {
    if (nwork > 1) { pc.context(this, "psolve", $1) }
    psolve($1)
}
proc prun() {
    pinit()
    pcontinue(tstop)
}
proc postspikes() { pc.post("postspike", spikevec, idvec) }
proc gatherspikes() { local i  localobj s, id
    if (nwork > 1) {
        s = new Vector()
        id = new Vector()
        pc.context(this, "postspikes")
        for i = 0, nwork - 2 {
            pc.take("postspike", s, id)
            spikevec.append(s)
            idvec.append(id)
        }
    }
}
proc postwait() { pc.post("waittime", myid, pc.wait_time()) }
proc prstat() { local i, id, w
    if (nwork > 1) { pc.context(this, "postwait", 0) }
    postwait()
    for i = 0, nwork - 1 {
        pc.take("waittime", &id, &w)
        printf("%d wait time %g\n", id, w)
    }
}
endtemplate ParallelNetManager
'''

PARCOM = r'''
begintemplate ParallelComputeTool
public nthread, pthread, busywait, multisplit, pinfo
public pct, box, map, np, save, nthread_, lb, printpart, move2part, showshape
objref this, pct, box, pc, lb, shapeplot
strdef tstr, nprocstr, cxtotalstr, ldbalstr, npiecestr
proc init() {
    pinfo = 0
    np = 0
    ispar_ = 1
    multisplit_ = 0
    busywait_ = 0
    pc = new ParallelContext()
    lb = new LoadBalance(pc)
    nthread_ = pc.nthread()
    pct = this
    nprocstr = "?? useful processors"
    totalcx()
    ldbal()
    build()
}
proc build() {
    box = new VBox()
    box.intercept(1)
    box.ref(this)
    box.save("save()")
    xpanel("")
    xvarlabel(nprocstr)
    xvarlabel(cxtotalstr)
    xvarlabel(npiecestr)
    xvarlabel(ldbalstr)
    xpvalue("# threads", &nthread_, 1, "change_nthread(nthread_, ispar_)")
    xcheckbox("Thread Parallel", &ispar_, "change_nthread(nthread_, ispar_)")
    xcheckbox("Use busy waiting", &busywait_, "busywait(busywait_)")
    xcheckbox("Multisplit", &multisplit_, "multisplit(multisplit_)")
    xbutton("Refresh", "howmany() totalcx() ldbal()")
    xpanel()
    box.intercept(0)
}
proc map() {
    if (box.ismapped) return
    sprint(tstr, "%s", this)
    if (numarg() > 1) { box.map(tstr, $2, $3, $4, $5) } else { box.map(tstr) }
}
proc save() {
    box.save("load_file(\"parcom.hoc\", \"ParallelComputeTool\")\n}")
    box.save("{ocbox_ = ParallelComputeTool[0]}")
    box.save("{object_push(ocbox_)}")
    sprint(tstr, "{change_nthread(%d, %d)}", nthread_, ispar_)
    box.save(tstr)
    if (busywait_) { box.save("{busywait(1)}") }
    box.save("{object_pop()}")
    box.save("{\n")
}
proc printpart() { local i
    for i = 0, pc.nthread - 1 {
        forsec lb.slthread.object(i) print secname(), " ", pc.sec_in_thread
    }
}
proc move2part() {}     // one thread: every section is in it
proc howmany() {
    np = pc.thread_how_many_proc()
    if (np == 1) { sprint(nprocstr, "1 useful processor") } else {
        sprint(nprocstr, "%d useful processors", np)
    }
}
proc totalcx() {
    sprint(cxtotalstr, "Total model complexity: %g", lb.cpu_complexity())
}
proc ldbal() {
    lb.thread_partition(pinfo)
    sprint(npiecestr, "%d pieces", lb.npiece_)
    sprint(ldbalstr, "Load imbalance: %.1f%%", (lb.thread_cxbal_ - 1) * 100)
}
proc busywait() { local w
    w = $1
    if (!ispar_) { w = 0 }
    if (w == 1 && np == 0) { howmany() }
    if (nthread_ > np) { w = 0 }
    pc.thread_busywait(w)
    busywait_ = w
}
func nthread() {
    if (numarg()) { change_nthread($1, ispar_) }
    return nthread_
}
func pthread() {
    if (numarg()) { change_nthread(nthread_, $1) }
    return ispar_
}
proc change_nthread() {
    nthread_ = $1
    ispar_ = $2
    pc.nthread(nthread_, ispar_)
    totalcx()
    ldbal()
    busywait(busywait_)
}
proc multisplit() {
    if ($1) { execerror("ParallelComputeTool.multisplit", "pyhoc does not split cells") }
    multisplit_ = 0
}
proc showshape() { local i  localobj roots, piece
    shapeplot = new Shape()
    roots = new SectionList()
    roots.allroots()
    i = 0
    forsec roots {
        i = (i % 8) + 1
        piece = new SectionList()
        piece.wholetree()
        shapeplot.color_list(piece, i)
    }
}
endtemplate ParallelComputeTool
'''

BINFO = r'''
begintemplate VectorStream
public scanvar, i, vec
objref vec
proc init() {
    vec = $o1
    i = 0
}
func scanvar() {
    i += 1
    return vec.x[i - 1]
}
endtemplate VectorStream
'''


def _define(interp, text: str, name: str) -> None:
    from ..hoc.library import declared, define
    if not declared(interp, name):
        define(interp, text)


def install_netparmpi(interp) -> None:
    from ..hoc.files import load_file
    load_file(interp, 'stdlib.hoc')
    _define(interp, NETPARMPI, 'ParallelNetManager')


def install_parcom(interp) -> None:
    """parcom.hoc: the ParallelComputeTool panel (threads accepted: pyhoc integrates in one)
    and its instance ParallelComputeTool[0], made on loading as NEURON's file does."""
    from ..hoc.files import load_file
    load_file(interp, 'loadbal.hoc')
    load_file(interp, 'binfo.hoc')
    from ..hoc.library import declared
    if not declared(interp, 'ParallelComputeTool'):
        _define(interp, PARCOM, 'ParallelComputeTool')
        interp.execute('{ objref tobj\n tobj = new ParallelComputeTool()\n objref tobj }')


def install_binfo(interp) -> None:
    _define(interp, BINFO, 'VectorStream')


def _sections(interp) -> list:
    return [s for s in interp.sim.model.sections if not s.deleted]


def _complexity(sec) -> float:
    nmech = sum(1 for m in dict.fromkeys(sec._prop_order)
                if m not in ('capacitance', 'morphology') and not m.endswith('_ion'))
    return float(sec.nseg * (1 + nmech))


def _root(sec):
    while sec._parent is not None:
        sec = sec._parent
    return sec


class LoadBalance(HocObject):
    """``LoadBalance([pc])``: cell complexities and their partition (one thread here)."""

    def __init__(self, *args: Any):
        self.thread_cxbal_ = 1.0
        self.npiece_ = 0.0
        self.slthread = None
        self.srlist = None

    def _interp(self):
        return getattr(type(self), '_bound_interp', None) or _current()

    def _roots(self) -> list:
        roots = []
        for s in _sections(self._interp()):
            r = _root(s)
            if r not in roots:
                roots.append(r)
        return roots

    def cell_complexity(self, *args: Any) -> float:
        """The complexity of the tree of the accessed section (or of a SectionRef's)."""
        interp = self._interp()
        s = args[0].sec if args and hasattr(args[0], 'sec') else interp.sim.current()
        root = _root(s)
        return sum(_complexity(x) for x in _sections(interp) if _root(x) is root)

    def cpu_complexity(self) -> float:
        return sum(_complexity(s) for s in _sections(self._interp()))

    def thread_partition(self, *args: Any) -> float:
        """All sections in one thread's SectionList; npiece_ is the number of cells (trees)."""
        from ..hoc.builtins.list import List
        from ..sim.sectionlist import SectionList, SectionRef
        roots = self._roots()
        sl = SectionList()
        for s in _sections(self._interp()):
            sl.append(sec=s)
        self.slthread = List()
        self.slthread.append(sl)
        self.srlist = List()
        for r in roots:
            self.srlist.append(SectionRef(sec=r))
        self.npiece_ = float(len(roots))
        self.thread_cxbal_ = 1.0
        return 0.0

    def multisplit(self, *args: Any) -> float:
        raise HocError('LoadBalance.multisplit: pyhoc does not split cells')


def _current():
    from ..base.context import current
    return current()


def install_loadbal(interp) -> None:
    from ..hoc.library import install_classes
    install_classes(interp, __name__, {'LoadBalance': LoadBalance})


FILES = {'netparmpi.hoc': install_netparmpi, 'binfo.hoc': install_binfo,
         'loadbal.hoc': install_loadbal, 'parcom.hoc': install_parcom}
