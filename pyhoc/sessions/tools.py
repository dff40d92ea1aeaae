"""The GUI tools that session (.ses) files save, headless: PointProcessManager, Electrode,
Inserter, SingleCompartment, PointProcessGroupManager, VectorPlay, Grapher, MakeCurve,
VecWrap, and the constructors of the network builder, the linear circuit builder, the channel
builder and the multiple run fitter.

Each is pyhoc's own HOC template (so that a session's ``{object_push(ocbox_)}`` block reaches
its fields by name, and a model can redefine it).  The public names, the fields a session sets
and the simulation objects a tool makes are NEURON 9.0.2's: a PointProcessManager creates its
point process with the MechanismStandard values the session gives, at the location it gives,
and keeps it as ``pp``; an Electrode creates its IClamp (``stim``) and VClamp (``vc``) and
leaves the VClamp off after ``glyph()`` as NEURON does; a SingleCompartment creates ``soma``;
an Inserter inserts what the session checks; a VectorPlay plays its Vector into the variable
it names.  Nothing is displayed: boxes and decks are the headless ones of
:mod:`pyhoc.sessions.boxes`, so they remember how they were mapped.

``LIBRARY_FILES`` maps NEURON's library file names (``load_file("electrod.hoc")``) to the
installers here.
"""
from __future__ import annotations

from .library import _declared, _define

# ---- pointman.hoc -----------------------------------------------------------------------------------
POINTMAN = r'''
begintemplate PointProcessManager
public v1, pp, move, maction, dist, mt, ms, sec, d1, save, xloc, ppindex, i, map
external hoc_ac_
objref pp, mt, sec, ms[1], v1, d1, shape, this, sf
strdef mname, tstr, ppname, sloc
proc init() {
    i = 0
    ppindex = -1
    xloc = 0.5
    sec = new SectionRef()
    sf = new StringFunctions()
    mt = new MechanismType(1)
    objref ms[mt.count()]
    v1 = new VBox()
    v1.ref(this)
    v1.save("save()")
    d1 = new Deck()
    shape = new Shape(0)
    shape.action("move()")
    d1.flip_to(0)
    maction(-1)
    make_sloc()
    if (numarg() == 1) { if ($1 == 0) { return } }
    v1.map("PointProcessManager")
}
proc map() { v1.map("PointProcessManager") }
proc make_sloc() {
    sec.sec { sprint(tstr, "%s", secname()) }
    sprint(sloc, "at: %s(%g)", tstr, xloc)
}
func dist() { local d
    sec.root distance(0, 0)
    sec.sec { d = distance(1, xloc) }
    return d
}
proc move() {
    xloc = hoc_ac_
    sec = new SectionRef()
    if (object_id(pp)) {
        if (!sf.is_artificial(pp)) { pp.loc(xloc) }
    }
    make_sloc()
}
proc maction() { local k
    k = $1
    if (ppindex != -1) {
        ms[ppindex].in(pp)
        shape.point_mark_remove(pp)
        objref pp
    }
    if (k != -1) {
        mt.select(k)
        mt.selected(mname)
        if (object_id(ms[k]) == 0) { ms[k] = new MechanismStandard(mname) }
        if (mt.is_artificial(k)) {
            sprint(tstr, "pp = new %s()", mname)
        } else {
            sprint(tstr, "pp = new %s(%g)", mname, xloc)
        }
        sec.sec execute(tstr, this)
        ms[k].out(pp)
        sprint(ppname, "%s", pp)
        shape.point_mark(pp, 3)
        d1.flip_to(1)
    } else {
        ppname = "None"
    }
    ppindex = k
}
proc save() { local k
    v1.save("load_file(\"pointman.hoc\")\n}\n{")
    sec.sec { sprint(tstr, "%s ocbox_ = new PointProcessManager(0)", secname()) }
    v1.save(tstr)
    v1.save("}\n{object_push(ocbox_)}\n{")
    for k = 0, mt.count() - 1 { if (object_id(ms[k])) {
        if (ppindex == k) { ms[k].in(pp) }
        mt.select(k)
        mt.selected(mname)
        sprint(tstr, "mt.select(\"%s\") i = mt.selected()", mname)
        v1.save(tstr)
        ms[k].save("ms[i]")
    } }
    if (ppindex != -1) {
        mt.select(ppindex)
        mt.selected(mname)
        sprint(tstr, "mt.select(\"%s\") i = mt.selected() maction(i)", mname)
        v1.save(tstr)
    }
    sprint(tstr, "hoc_ac_ = %g", xloc)
    v1.save(tstr)
    v1.save("sec.sec move() d1.flip_to(0)")
    v1.save("}\n{object_pop() doNotify()}\n{")
    v1.save("ocbox_ = ocbox_.v1")
}
endtemplate PointProcessManager
'''

# ---- electrod.hoc ---------------------------------------------------------------------------------------
ELECTROD = r'''
begintemplate Electrode
public stim, vc, v1, d1, map, unmap, installIclamp, installVclamp, installFamily, locate
public move, glyph, store_vclamp, set_vclamp, save, can_locate, sec, xloc, samp, vcsteps
public vcincrement, is_cl, vdur, vamp, location
external hoc_ac_
objref stim, vc, v1, d1, shape, this
strdef sec, location, tstr
double vdur[3], vamp[3]
proc init() {
    can_locate = 1
    is_cl = 0
    samp = 0
    sprint(sec, "%s", secname())
    xloc = 0.5
    sprint(location, "%s(%g)", sec, xloc)
    stim = new IClamp(0.5)
    stim.del = 0.1  stim.dur = 0.1  stim.amp = 0
    vc = new VClamp(0.5)
    vc.dur[0] = 0.1  vc.amp[0] = -65
    vc.dur[1] = 2.5  vc.amp[1] = 10
    vc.dur[2] = 100  vc.amp[2] = -65
    vcincrement = 10
    vcsteps = 5
    if (numarg() == 1) { if ($1 == 0) { return } }
    map()
}
proc store_vclamp() { local k
    for k = 0, 2 { vdur[k] = vc.dur[k]  vamp[k] = vc.amp[k] }
}
proc set_vclamp() { local k
    for k = 0, 2 { vc.dur[k] = vdur[k]  vc.amp[k] = vamp[k] }
}
proc installVclamp() {
    set_vclamp()
    if (is_cl == 0) {
        samp = stim.amp
        stim.amp = 0
        is_cl = 1
    }
    d1.flip_to(0)
}
proc installIclamp() { local k
    if (is_cl == 1) {
        stim.amp = samp
        for k = 0, 2 { vc.dur[k] = -1 }
        is_cl = 0
    }
    d1.flip_to(1)
}
proc installFamily() {
    installVclamp()
    d1.flip_to(2)
}
proc locate() {
    if ($1 == 1 && can_locate == 1) {
        d1.flip_to(3)
    } else {
        hoc_ac_ = xloc
        sprint(tstr, "%s %s.move()", sec, this)
        execute(tstr)
    }
}
proc move() {
    xloc = hoc_ac_
    stim.loc(xloc)
    vc.loc(xloc)
    sprint(sec, "%s", secname())
    sprint(location, "%s(%g)", sec, xloc)
}
proc glyph() {
    v1 = new VBox()
    v1.ref(this)
    v1.save("save()")
    d1 = new Deck()
    if (can_locate) {
        shape = new Shape(0)
        shape.point_mark(stim, 3)
        shape.action("move()")
        locate(0)
    }
    installVclamp()
    installIclamp()
    if (can_locate) { d1.flip_to(3) }
}
proc map() {
    samp = stim.amp
    store_vclamp()
    glyph()
    if (numarg() == 2) {
        v1.map("I/V Clamp Electrode", $1, $2, 100, 100)
    } else {
        v1.map("I/V Clamp Electrode")
    }
}
proc unmap() { v1.unmap() }
proc save() { local k
    v1.save("load_file(\"electrod.hoc\")\n}\n{")
    v1.save("ocbox_=new Electrode(0)")
    sprint(tstr, "can_locate=%d sec=\\\"%s\\\" xloc=%g locate(0)", can_locate, sec, xloc)
    v1.save(tstr, "ocbox_")
    installVclamp()
    for k = 0, 2 {
        sprint(tstr, "vc.dur[%d]=%g vc.amp[%d]=%g", k, vc.dur[k], k, vc.amp[k])
        v1.save(tstr, "ocbox_")
    }
    installIclamp()
    sprint(tstr, "stim.del=%g stim.dur=%g stim.amp=%g", stim.del, stim.dur, stim.amp)
    v1.save(tstr, "ocbox_")
    sprint(tstr, "vcsteps=%g", vcsteps)
    v1.save(tstr, "ocbox_")
    v1.save("samp=stim.amp  store_vclamp() glyph()", "ocbox_")
    v1.save("ocbox_ = ocbox_.v1")
}
endtemplate Electrode
'''

# ---- inserter.hoc / single.hoc -----------------------------------------------------------------------
INSERTER = r'''
begintemplate Inserter
public v1, dsave, mt, ms, mstate, maction, sec, i, save
objref mt, sec, ms[1], v1, this
strdef mname, tstr
double mstate[1]
proc init() { local k
    i = 0
    sec = new SectionRef()
    v1 = new VBox()
    v1.ref(this)
    v1.save("save()")
    mt = new MechanismType(0)
    double mstate[mt.count()]
    objref ms[mt.count()]
    for k = 0, mt.count() - 1 {
        mt.select(k)
        mt.selected(mname)
        sec.sec { if (ismembrane(mname)) {
            mstate[k] = 1
            ms[k] = new MechanismStandard(mname)
            ms[k].in()
        } }
    }
    if (numarg() == 1) { if ($1 == 0) { return } }
    v1.map("Insert/Remove Mechanisms")
}
proc maction() { local k
    k = $1
    mt.select(k)
    mt.selected(mname)
    if (object_id(ms[k]) == 0) { ms[k] = new MechanismStandard(mname) }
    if (mstate[k]) {
        sec.sec { mt.make() ms[k].out() }
    } else {
        sec.sec { ms[k].in() mt.remove() }
    }
}
proc save() {
    v1.save("load_file(\"inserter.hoc\", \"Inserter\")\n}\n{")
    sec.sec { sprint(tstr, "%s ocbox_ = new Inserter(0)", secname()) }
    v1.save(tstr)
    v1.save("}\n{object_push(ocbox_)}\n{")
    dsave(v1)
    v1.save("{\nocbox_ = ocbox_.v1")
}
proc dsave() { local k
    for k = 0, mt.count() - 1 { if (object_id(ms[k])) {
        sec.sec { ms[k].in() }
        ms[k].name(mname)
        sprint(tstr, "mt.select(\"%s\") i = mt.selected()", mname)
        $o1.save(tstr)
        ms[k].save("ms[i]")
        sprint(tstr, "mstate[i]= %d", mstate[k])
        $o1.save(tstr)
        if (mstate[k]) { $o1.save("maction(i)") }
    } }
    $o1.save("}\n{object_pop() doNotify()}")
}
endtemplate Inserter
'''

SINGLE = r'''
begintemplate SingleCompartment
public vbox, inserter, startbox, endbox, save
objref this, vbox, inserter
strdef tstr
proc init() {
    if (!name_declared("soma")) {
        execute("~create soma")
    } else {
        sprint(tstr, "%s warning: soma already exists at top level.", this)
        continue_dialog(tstr)
    }
    execute("access soma")
    execute("soma { diam = 10  L = 10/PI }")
    startbox()
    if (numarg() == 0) {
        inserter = new Inserter()
        endbox()
        vbox.map("SingleCompartment")
    }
}
proc startbox() {
    vbox = new VBox()
    vbox.save("save()")
    vbox.ref(this)
    vbox.intercept(1)
}
proc endbox() { vbox.intercept(0) }
proc save() {
    vbox.save("load_file(\"single.hoc\")\n}")
    vbox.save("ocbox_ = new SingleCompartment(0)")
    vbox.save("ocbox_.inserter = new Inserter(0)")
    vbox.save("{object_push(ocbox_.inserter)}\n{")
    inserter.dsave(vbox)
    vbox.save("{object_push(ocbox_)}")
    vbox.save("{inserter.v1.map()}")
    vbox.save("{endbox()}")
    vbox.save("{object_pop() doNotify()}\n{")
    vbox.save("ocbox_ = ocbox_.vbox")
}
endtemplate SingleCompartment
'''

# ---- pointgrp.hoc --------------------------------------------------------------------------------------
POINTGRP = r'''
begintemplate PPItem
public pp, s, move, name, save, type, xloc, sec
objref pp, sec, this
strdef s, name, tstr
proc init() {
    if ($1 >= 0) {
        type = $1
        pp = $o2
    } else {
        type = $o2.selected(tstr)
        sprint(tstr, "pp = new %s(0.5)", tstr)
        execute(tstr, this)
        pp.loc(0.5)
    }
    sprint(name, "%s", pp)
    sloc()
    if (numarg() > 2) { $o3.out(pp) }
}
proc sloc() {
    xloc = pp.get_loc()
    sec = new SectionRef()
    pop_section()
    sec.sec { sprint(tstr, "%s", secname()) }
    sprint(s, "%s at %s(%g)", pp, tstr, xloc)
}
proc move() {
    pp.loc($1)
    sloc()
}
proc save() {
    sec.sec { sprint(tstr, "execute(\"%s ocbox_.move(%g)\")", secname(), xloc) }
    $o1.save(tstr)
}
endtemplate PPItem

begintemplate PointProcessGroupManager
public v1, move, plist, mt, ms, mnew, mnews, select, remove, save, ppindex, map
objref mt, v1, this, plist, tobj, ms, d1, shape
strdef tstr, ppname
proc init() {
    plist = new List()
    ppindex = -1
    ppname = "None"
    mt = new MechanismType(1)
    v1 = new VBox()
    v1.ref(this)
    v1.save("save()")
    d1 = new Deck()
    shape = new Shape(0)
    shape.action("move(hoc_ac_)")
    if (numarg() == 1) { if ($1 == 0) { return } }
    mnew(0)
    v1.map("PointProcessGroupManager")
}
proc map() { v1.map("PointProcessGroupManager") }
proc additem() {
    plist.append($o1)
    shape.point_mark($o1.pp, 3)
}
proc mnew() {
    mt.select($1)
    if (numarg() == 2) { tobj = new PPItem(-1, mt, $o2) } else { tobj = new PPItem(-1, mt) }
    additem(tobj)
    select(plist.count - 1)
    objref tobj
}
proc mnews() {
    mt.select($s1)
    if (numarg() == 2) { tobj = new PPItem(-1, mt, $o2) } else { tobj = new PPItem(-1, mt) }
    additem(tobj)
    select(plist.count - 1)
    objref tobj
}
proc select() {
    ppindex = $1
    if (ppindex >= plist.count) { ppindex = -1 }
    if (ppindex >= 0) {
        ppname = plist.object(ppindex).s
        d1.flip_to(0)
    } else {
        ppname = "None"
        d1.flip_to(-1)
    }
}
proc move() {
    if (ppindex >= 0) {
        plist.object(ppindex).move($1)
        ppname = plist.object(ppindex).s
    }
}
proc remove() { local k
    k = ppindex
    select(-1)
    if (k >= 0) { plist.remove(k) }
}
proc save() { local k
    v1.save("load_file(\"pointgrp.hoc\")\n}\n{")
    v1.save("ocbox_ = new PointProcessGroupManager(0)")
    v1.save("}\n{object_push(ocbox_)}\n{")
    for k = 0, plist.count - 1 {
        tobj = plist.object(k)
        mt.select(tobj.type)
        mt.selected(tstr)
        ms = new MechanismStandard(tstr)
        ms.in(tobj.pp)
        ms.save("ms")
        sprint(tstr, "mnews(\"%s\", ms)", tstr)
        v1.save(tstr)
        sprint(tstr, "select(%d)", k)
        v1.save(tstr)
        tobj.save(v1)
    }
    objref tobj
    v1.save("}\n{object_pop() doNotify()}\n{")
    v1.save("ocbox_ = ocbox_.v1")
}
endtemplate PointProcessGroupManager
'''

# ---- vplay.hoc, grapher.hoc, mkcurve.hoc, vecwrap.hoc --------------------------------------------------
VPLAY = r'''
begintemplate VectorPlay
public b, g, vx, vy, sname, set_vec, oldval, con1, contin, scale, have_name, is_con, state, i
objref b, g, this, vx, vy
strdef sname, tstr
proc init() {
    i = 0
    oldval = 0
    have_name = 0
    is_con = 0
    state = 0
    contin = 0
    sname = "Choose Variable Name in Graph menu"
    b = new VBox()
    b.ref(this)
    b.save("save()")
    g = new Graph(0)
    if (numarg() == 0) {
        sprint(tstr, "%s", this)
        b.map(tstr)
    }
}
proc set_vec() {
    vx = $o1.c
    vy = $o2.c
    vy.plot(g, vx)
}
proc scale() {
    if (object_id(vy)) {
        vy.mul($1)
        g.erase()
        vy.plot(g, vx)
    }
}
proc con1() {
    if (object_id(vy)) {
        if (is_con) {
            vy.play_remove()
            sprint(tstr, "%s = %g", sname, oldval)
            execute(tstr)
            is_con = 0
            state = 0
        }
        if ($1) {
            if (contin) {
                sprint(tstr, "{%s.vy.play(&%s, %s.vx, 1)}", this, sname, this)
            } else {
                sprint(tstr, "{%s.vy.play(&%s, %s.vx)}", this, sname, this)
            }
            if (execute1(tstr)) {
                sprint(tstr, "%s.oldval = %s", this, sname)
                execute(tstr)
                is_con = 1
                state = 1
            } else {
                continue_dialog("Invalid Variable name")
            }
        }
    }
}
proc save() { local k
    b.save("load_file(\"vplay.hoc\")\n}\n{")
    b.save("ocbox_=new VectorPlay(1)")
    b.save("}\n{object_push(ocbox_)}")
    if (object_id(vy)) {
        sprint(tstr, "vy = new Vector(%d)", vy.size)
        b.save(tstr)
        sprint(tstr, "vx = new Vector(%d)", vx.size)
        b.save(tstr)
        sprint(tstr, "for i=0,%d { vx.x[i]=fscan() vy.x[i]=fscan()}", vx.size - 1)
        b.save(tstr)
        for k = 0, vx.size - 1 {
            sprint(tstr, "%g %g", vx.x[k], vy.x[k])
            b.save(tstr)
        }
        b.save("{vy.plot(g, vx)}")
    }
    sprint(tstr, "{sname = \"%s\"  have_name = %d  contin = %d con1(%d)}", sname, have_name, contin, is_con)
    b.save(tstr)
    b.save("{object_pop()}\n{")
    g.save_name("ocbox_.g", 1)
    b.save("ocbox_ = ocbox_.b")
}
endtemplate VectorPlay
'''

GRAPHER = r'''
begintemplate Grapher
public vbox, info, save, g, doplt, indep, xexpr, generate, x1, x2, steps, big
objref vbox, g, this
strdef indep, xexpr, generate, tstr
proc init() {
    indep = "t"
    xexpr = "t"
    generate = ""
    x1 = 0
    x2 = 10
    steps = 100
    big = 0
    if (numarg() == 1) { big = $1 }
    vbox = new VBox()
    vbox.ref(this)
    vbox.save("save()")
    g = new Graph(0)
    if (numarg() == 0) { vbox.map("Grapher") }
}
proc info() {
    indep = $s1
    xexpr = $s2
    generate = $s3
    g.size($4, $5, $6, $7)
    steps = $8
    x1 = $9
    x2 = $10
}
proc doplt() { local k, n
    n = steps
    if (n < 1) { n = 1 }
    g.erase()
    g.begin()
    for k = 0, n {
        sprint(tstr, "%s = %.17g", indep, x1 + k*(x2 - x1)/n)
        execute(tstr)
        if (strcmp(generate, "") != 0) { execute(generate) }
        g.plot(x1 + k*(x2 - x1)/n)
    }
    g.flush()
}
proc save() {
    vbox.save("load_file(\"grapher.hoc\")}\n{")
    sprint(tstr, "ocbox_=new Grapher(%d)", big)
    vbox.save(tstr)
    sprint(tstr, "ocbox_.info(\"%s\",\"%s\", \"%s\", %g, %g, %g, %g, %d, %g, %g)", indep, xexpr, generate, g.size(1), g.size(2), g.size(3), g.size(4), steps, x1, x2)
    vbox.save(tstr)
    g.save_name("ocbox_.g", 1)
    vbox.save("ocbox_ = ocbox_.vbox")
}
endtemplate Grapher
'''

MKCURVE = r'''
begintemplate MakeCurve
public vx, vy, b, map, g, set, res, draw, honly_, vonly_, hres_, vres_, i
objref vx, vy, b, g, this
strdef sres_, tstr
proc init() {
    i = 0
    honly_ = 0
    vonly_ = 0
    hres_ = 0.1
    vres_ = 0.01
    vx = new Vector()
    vy = new Vector()
    b = new VBox()
    b.ref(this)
    b.save("save()")
    g = new Graph(0)
    res()
    if (numarg() == 0) { map() }
}
proc map() { sprint(tstr, "%s", this) b.map(tstr) }
proc set() {
    vx = $o1
    vy = $o2
    draw()
}
proc res() { sprint(sres_, "Resolution %g %g", hres_, vres_) }
proc draw() {
    g.erase()
    if (vx.size > 0) {
        vy.line(g, vx)
        vy.mark(g, vx, "s", 8)
    }
}
proc save() { local k
    b.save("load_file(\"mkcurve.hoc\", \"MakeCurve\")\n}\n{")
    b.save("ocbox_=new MakeCurve(1)")
    b.save("}\n{object_push(ocbox_)}")
    sprint(tstr, "{honly_=%g vonly_=%g hres_=%g vres_=%g res()}", honly_, vonly_, hres_, vres_)
    b.save(tstr)
    sprint(tstr, "{vx.resize(%d) vy.resize(%d)}", vx.size, vy.size)
    b.save(tstr)
    sprint(tstr, "for i=0,%d { vx.x[i]=fscan() vy.x[i]=fscan()}", vx.size - 1)
    b.save(tstr)
    for k = 0, vx.size - 1 {
        sprint(tstr, "%g %g", vx.x[k], vy.x[k])
        b.save(tstr)
    }
    b.save("{draw() object_pop()}\n{")
    g.save_name("ocbox_.g", 1)
}
endtemplate MakeCurve
'''

VECWRAP = r'''
begintemplate VecWrap
public input, list, lines, g, b, map, vx, vy
objref list, g, b, this, vx, vy
strdef tstr
proc init() {
    list = new List()
    b = new VBox()
    b.ref(this)
    g = new Graph(0)
    if (numarg() == 0) { map() }
}
proc map() { sprint(tstr, "%s", this) b.map(tstr) }
proc input() {
    vy = $o1
    if (numarg() > 1) { vx = $o2 }
    list.append(vy)
}
func lines() { return list.count }
endtemplate VecWrap
'''

# ---- the large builders: what their sessions' first lines need ---------------------------------------
# NetGUI/ArtCellGUI/SpikePlot (netbild.hoc) build the network of artificial cells their sessions
# describe (NEURON's create1: a template <name>_<mech> per cell type, NetCons with the session's
# weights and delays); cells made with the CellBuilder (NetReadyCell) are pyhoc.sessions.netready's.  LinearCircuit and
# MulRunFitter: constructor, box, map; the data statements of their sessions do nothing yet.
LARGE = r'''
begintemplate ArtCell
public name, ms, is_art, index, classname, create1, define_class, tobj
strdef name, tstr, mech, cname
objref ms, tobj, this
proc init() {
    $o1.name(name)
    ms = new MechanismStandard(name)
    if (numarg() == 2) { name = $s2 } else { ms.name(name) }
    ms.in($o1)
    is_art = 1
    index = -1
}
proc classname() { ms.name(mech)  sprint($s1, "%s_%s", name, mech) }
proc define_class() {
    classname(cname)
    if (name_declared(cname)) { return }
    sprint(tstr, "~begintemplate %s\npublic pp, connect2target, x, y, z, position, is_art\nobjref pp\nproc init() { pp = new %s() }\nfunc is_art() { return 1 }\nobfunc connect2target() { localobj nc\n  nc = new NetCon(pp, $o1)\n  if (numarg() == 2) { $o2 = nc }\n  return nc\n}\nproc position() { x = $1  y = $2  z = $3 }\nendtemplate %s\n", cname, mech, cname)
    execute(tstr)
}
proc create1() {
    define_class()
    classname(tstr)
    sprint(tstr, "%s.tobj = new %s()", this, tstr)
    execute(tstr)
    $o1 = tobj
    objref tobj
    ms.out($o1.pp)
}
endtemplate ArtCell

begintemplate ArtCellGUI
public name, save, save_data, map, actypelist, hb, append, mslist
objref actypelist, hb, this, tobj, mslist
strdef name, tstr
proc init() {
    actypelist = new List()
    mslist = new List()
    hb = new HBox()
    hb.ref(this)
    hb.save("save()")
    if (numarg() == 0) { map() }
}
proc map() {
    sprint(tstr, "%s", this)
    if (numarg() > 1) { hb.map(tstr, $2, $3, $4, $5) } else { hb.map(tstr) }
}
proc append() { actypelist.append(new ArtCell($o1, $s2)) }
proc save() {
    hb.save("load_file(\"netbild.hoc\")\n}")
    save_data(hb, "ocbox_")
    hb.save("{")
}
proc save_data() { local i
    sprint(tstr, "%s = new ArtCellGUI(1)", $s2)  $o1.save(tstr)
    sprint(tstr, "{object_push(%s)}", $s2)  $o1.save(tstr)
    for i = 0, actypelist.count - 1 {
        tobj = actypelist.object(i)
        $o1.save("{")
        tobj.ms.save("tobj")
        $o1.save("}")
        sprint(tstr, "{append(tobj, \"%s\")}", tobj.name)
        $o1.save(tstr)
    }
    objref tobj
    $o1.save("{object_pop()}")
}
endtemplate ArtCellGUI

begintemplate NetCell
public type, x, y, index, real, name, create1
objref type, real
proc init() { type = $o1  x = $2  y = $3  index = -1 }
proc name() { sprint($s1, "%s%d", type.name, index) }
proc create1() { type.create1(real)  real.position(x, y, 0) }
endtemplate NetCell

begintemplate NetSource
public cell, edges
objref cell, edges
proc init() { cell = $o1  edges = new List() }
endtemplate NetSource

begintemplate NetTarget
public cell, syn, edges, synindex
objref cell, syn, edges
proc init() {
    cell = $o1  synindex = $2  edges = new List()
    if (cell.type.is_art == 0) { syn = cell.type.synlist.object(synindex) }
}
endtemplate NetTarget

begintemplate NetEdge
public source, target, w, d, netcon, create1, change, name
objref source, target, netcon
proc init() { source = $o1  target = $o2  w = $3  d = $4 }
proc create1() {
    if (target.cell.type.is_art) {
        netcon = source.cell.real.connect2target(target.cell.real.pp)
    } else {
        netcon = source.cell.real.connect2target(target.cell.real.synlist.object(target.synindex))
    }
    netcon.weight = w
    netcon.delay = d
}
proc change() { if (object_id(netcon)) { netcon.weight = w  netcon.delay = d } }
proc name() {
    source.cell.name($s1)
    if (target.cell.type.is_art) {
        sprint($s1, "%s->%s%d", $s1, target.cell.type.name, target.cell.index)
    } else {
        sprint($s1, "%s->%s%d.%s%d", $s1, target.cell.type.name, target.cell.index, target.syn.stype.name, target.syn.index)
    }
}
endtemplate NetEdge

begintemplate NetData
public sources, targets, edges, add_edge, add_cell, cel2tar, create1, created_
objref sources, targets, edges
proc init() {
    created_ = 0
    sources = new List()
    targets = new List()
    edges = new List()
}
func add_edge() {
    edges.append($o1)
    $o1.source.edges.append($o1)
    $o1.target.edges.append($o1)
    if (created_) { $o1.create1() }
    return edges.count - 1
}
proc add_cell() { local i
    sources.append(new NetSource($o1))
    if ($o1.type.is_art) {
        targets.append(new NetTarget($o1, 0))
    } else {
        for i = 0, $o1.type.synlist.count - 1 { targets.append(new NetTarget($o1, i)) }
    }
    $o1.index = sources.count - 1
    if (created_) { $o1.create1() }
}
func cel2tar() { local i
    for i = 0, targets.count - 1 {
        if (targets.object(i).cell.index == $1 && targets.object(i).synindex == $2) { return i }
    }
    return -1
}
proc create1() { local i
    created_ = 1
    for i = 0, sources.count - 1 { sources.object(i).cell.create1() }
    for i = 0, edges.count - 1 { edges.object(i).create1() }
}
endtemplate NetData

begintemplate NetGUI
public net, aliases, save_data, save, map, create1, b, g, mapold2new, missing, create_
public created_, use_alias_, original_type, newnode, newedge, set_alias, actypes, nrctypes
public oldnodecnt
objref net, aliases, b, g, this, mapold2new, missing, actypes, nrctypes, tobj
strdef tstr
proc init() {
    use_alias_ = 0
    create_ = 0
    created_ = 0
    oldnodecnt = 0
    actypes = new List("ArtCell")
    nrctypes = new List("NetReadyCell")
    net = new NetData()
    b = new HBox(3)
    b.ref(this)
    b.save("save()")
    g = new Graph(0)
    if (numarg() == 0) { map() }
}
proc map() {
    sprint(tstr, "%s", this)
    if (numarg() > 1) { b.map(tstr, $2, $3, $4, $5) } else { b.map(tstr) }
}
proc original_type() { local i, n
    n = nrctypes.count
    for i = 0, n - 1 {
        if (strcmp(nrctypes.object(i).name, $s1) == 0) { mapold2new.append(i)  return }
    }
    for i = 0, actypes.count - 1 {
        if (strcmp(actypes.object(i).name, $s1) == 0) { mapold2new.append(i + n)  return }
    }
    mapold2new.append(-1)
    missing.append(new String($s1))
}
proc newnode() { local i
    oldnodecnt += 1
    i = mapold2new.x[$1]
    if (i > -1) {
        if (i < nrctypes.count) { tobj = nrctypes.object(i) } else {
            tobj = actypes.object(i - nrctypes.count)
        }
        net.add_cell(new NetCell(tobj, $2, $3))
        objref tobj
    }
}
proc newedge() { local j
    if (oldnodecnt != net.sources.count) { return }    // (a cell type was missing)
    j = net.cel2tar($2, $3)
    net.add_edge(new NetEdge(net.sources.object($1), net.targets.object(j), $4, $5))
}
proc set_alias() { use_alias_ = $1 }
proc create1() { local i
    if (create_ == 0 || created_) { return }
    tobj = actypes
    actypes = new List()
    for i = 0, tobj.count - 1 { actypes.append(tobj.object(i)) }
    objref tobj
    tobj = nrctypes
    nrctypes = new List()
    for i = 0, tobj.count - 1 { nrctypes.append(tobj.object(i)) }
    objref tobj
    for i = 0, nrctypes.count - 1 { nrctypes.object(i).define_class() }
    for i = 0, actypes.count - 1 { actypes.object(i).define_class() }
    created_ = 1
    net.create1()
}
proc save() {
    b.save("load_file(\"netbild.hoc\")\n}")
    save_data(b, "ocbox_")
    b.save("{")
}
proc save_data() { local i, n
    sprint(tstr, "{%s = new NetGUI(1)}", $s2)  $o1.save(tstr)
    sprint(tstr, "{object_push(%s)}", $s2)  $o1.save(tstr)
    $o1.save("{mapold2new = new Vector()  missing = new List()}")
    n = nrctypes.count
    for i = 0, n - 1 {
        nrctypes.object(i).index = i
        sprint(tstr, "original_type(\"%s\")", nrctypes.object(i).name)  $o1.save(tstr)
    }
    for i = 0, actypes.count - 1 {
        actypes.object(i).index = i + n
        sprint(tstr, "original_type(\"%s\")", actypes.object(i).name)  $o1.save(tstr)
    }
    for i = 0, net.sources.count - 1 {
        tobj = net.sources.object(i).cell
        sprint(tstr, "newnode(%d, %g, %g)", tobj.type.index, tobj.x, tobj.y)  $o1.save(tstr)
    }
    for i = 0, net.edges.count - 1 {
        tobj = net.edges.object(i)
        sprint(tstr, "newedge(%d, %d, %d, %g, %g)", tobj.source.cell.index, tobj.target.cell.index, tobj.target.synindex, tobj.w, tobj.d)
        $o1.save(tstr)
    }
    objref tobj
    if (create_) { $o1.save("{create_ = 1  create1()}") }
    sprint(tstr, "{g.size(%g,%g,%g,%g)}", g.size(1), g.size(2), g.size(3), g.size(4))
    $o1.save(tstr)
    sprint(tstr, "{set_alias(%d)}", use_alias_)  $o1.save(tstr)
    $o1.save("{object_pop()}")
}
endtemplate NetGUI

begintemplate SpikePlot
public net, vecs, g, update, map, save_data, save, b, build, mode, spikeplotstyle, marksize
public markcolor, useline, fwindow, binwidth, subset_start, subset_end, flush, begin, plot
public size, view_count, fastflush, simgraph, high
objref net, vecs[1], g, this, b, tobj
strdef tstr
proc init() {
    fwindow = 100  binwidth = 10  high = 1000  mode = 1  spikeplotstyle = 0
    marksize = 4  markcolor = 1  useline = 1  subset_start = -1  subset_end = -1
    net = $o1
    if (numarg() == 1) { build()  map() }
}
proc build() {
    b = new VBox(3)
    b.save("save()")
    b.ref(this)
    g = new Graph(0)
}
proc map() {
    sprint(tstr, "%s for %s staf/elburg", this, net)
    if (numarg() > 1) { b.map(tstr, $2, $3, $4, $5) } else { b.map(tstr) }
    update()
}
// headless (nrniv -nogui) the spike recording NetCons of update() are freed at once, so
// nothing is recorded: the vectors stay empty
proc update() { local i, n
    n = 0
    if (net.created_) { n = net.sources.count }
    if (n < subset_end || subset_end == -1) { subset_end = n }
    if (n < subset_start || subset_start == -1) { subset_start = 0 }
    if (n == 0) { return }
    objref vecs[n]
    for i = 0, n - 1 {
        vecs[i] = new Vector(0)
        net.sources.object(i).cell.name(tstr)
        vecs[i].label(tstr)
    }
}
proc flush() {}
proc begin() {}
proc plot() {}
proc fastflush() {}
proc simgraph() {}
func view_count() { return 0 }
func size() {
    if (numarg() == 4) { g.size($1, $2, $3, $4)  return 1 }
    return g.size($1)
}
proc save() {
    b.save("load_file(\"netbild.hoc\")\n}")
    save_data(b, "ocbox_")
    b.save("{")
}
proc save_data() {
    sprint(tstr, "{%s = new SpikePlot(%s,1)}", $s2, net)  $o1.save(tstr)
    sprint(tstr, "{object_push(%s)}", $s2)  $o1.save(tstr)
    sprint(tstr, "mode = %g", mode)  $o1.save(tstr)
    sprint(tstr, "spikeplotstyle= %g", spikeplotstyle)  $o1.save(tstr)
    sprint(tstr, "marksize= %g", marksize)  $o1.save(tstr)
    sprint(tstr, "markcolor= %g", markcolor)  $o1.save(tstr)
    sprint(tstr, "useline= %g", useline)  $o1.save(tstr)
    sprint(tstr, "fwindow = %g", fwindow)  $o1.save(tstr)
    sprint(tstr, "binwidth = %g", binwidth)  $o1.save(tstr)
    $o1.save("build()")
    sprint(tstr, "subset_start=%g", subset_start)  $o1.save(tstr)
    sprint(tstr, "subset_end = %g", subset_end)  $o1.save(tstr)
    sprint(tstr, "{g.size(%g,%g,%g,%g)}", g.size(1), g.size(2), g.size(3), g.size(4))
    $o1.save(tstr)
    $o1.save("{object_pop()}")
}
endtemplate SpikePlot

begintemplate LinearCircuit
public map, b, g, tool, mkelm, mklabel, set_alias, con1, restore, endbox, save, version
public sel, graphlist, parasitic_, noconsist_, restore_ic
objref b, g, this, sel, graphlist, nil
proc init() {
    parasitic_ = 0  noconsist_ = 0
    graphlist = new List()
    b = new VBox()
    b.ref(this)
    g = new Graph(0)
    if (numarg() == 0) { map() }
}
proc map() { if (numarg() > 0) { b.map($s1) } else { b.map("LinearCircuit") } }
proc version() {}
proc tool() {}
proc mkelm() {}
proc mklabel() {}
proc restore_ic() {}
proc set_alias() {}
proc con1() {}
proc restore() {}
proc endbox() {}
proc save() {}
endtemplate LinearCircuit

begintemplate MulRunFitter
public map, b, p, opt, optrestore, spec_fit_var, spec_parms, read_data, read_data1
public init_weights, build_deck, save, version, ranfac, fspec, fdat, build
objref b, this, p, opt, fspec, fdat
proc init() {
    ranfac = 2
    b = new VBox()
    b.ref(this)
    if (numarg() == 0) { map() }
}
proc map() { if (numarg() > 0) { b.map($s1) } else { b.map("MulRunFitter") } }
proc version() {}
proc build() {}
proc optrestore() {}
proc spec_fit_var() {}
proc spec_parms() {}
proc read_data() {}
proc read_data1() {}
proc init_weights() {}
proc build_deck() {}
proc save() {}
endtemplate MulRunFitter
'''


def _installer(name: str, text: str, needs: tuple = ()):
    def install(interp) -> None:
        from ..hoc.files import load_file
        for dep in needs:
            load_file(interp, dep)
        if not _declared(interp, name):
            _define(interp, text)
    install.__name__ = 'install_' + name
    return install


install_pointman = _installer('PointProcessManager', POINTMAN)
install_inserter = _installer('Inserter', INSERTER)
install_electrod = _installer('Electrode', ELECTROD)
install_single = _installer('SingleCompartment', SINGLE, ('stdgui.hoc', 'inserter.hoc'))
install_pointgrp = _installer('PointProcessGroupManager', POINTGRP)
install_vplay = _installer('VectorPlay', VPLAY)
install_grapher = _installer('Grapher', GRAPHER)
install_mkcurve = _installer('MakeCurve', MKCURVE)
install_vecwrap = _installer('VecWrap', VECWRAP)


def _large(name: str):
    def install(interp) -> None:
        if name == 'netbild.hoc':
            from ..hoc.files import load_file
            load_file(interp, 'celbild.hoc')        # netbild.hoc loads it
        if not _declared(interp, 'NetGUI'):
            _define(interp, LARGE)
            from .netready import NETREADY
            _define(interp, NETREADY)
    return install


LIBRARY_FILES = {
    'pointman.hoc': install_pointman,
    'inserter.hoc': install_inserter,
    'electrod.hoc': install_electrod,
    'single.hoc': install_single,
    'single1.hoc': install_single,
    'pointgrp.hoc': install_pointgrp,
    'vplay.hoc': install_vplay,
    'grapher.hoc': install_grapher,
    'mkcurve.hoc': install_mkcurve,
    'vecwrap.hoc': install_vecwrap,
    'netbild.hoc': _large('netbild.hoc'),
    'lincir.hoc': _large('lincir.hoc'),
    'mulfit.hoc': _large('mulfit.hoc'),
}
