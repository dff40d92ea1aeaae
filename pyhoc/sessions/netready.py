"""The Network Builder's cells made with a CellBuilder (netbild.hoc's NetReadyCellGUI), headless.

A NetReadyCell is a cell type: a CellBuild and a list of synapse types (SynType: a
MechanismStandard of a NetCon target) placed on its sections (SynTypeInstance).  NetGUI's
create1 defines one template per type, ``<name>_<classname>`` as NEURON's does (sections,
subsets, ``synlist``, ``position``, ``connect2target``, ``is_art``), and makes each cell:
the CellBuild builds the instance's sections (CellBuild.instantiate: topology, subsets,
geometry, membrane), then the template's ``synapses()`` puts the synapses on them.

HOC text (installed with netbild.hoc by pyhoc.sessions.tools); what a session restores:
``NetReadyCellGUI(1)`` with its CellBuild in ``tobj``, ``stgui = new SynTypeGUI(1)``,
``nrc = new NetReadyCell(tobj, stgui.stypelist)``, ``nrc.synlist.append(new
SynTypeInstance(...))``.
"""
from __future__ import annotations

NETREADY = r'''
begintemplate SynType
public name, ms, index, change, created_
strdef name
objref ms
proc init() {
    created_ = 0
    index = -1
    $o1.name(name)
    ms = new MechanismStandard(name)
    if (numarg() == 2) { name = $s2 } else { ms.name(name) }
    ms.in($o1)
}
proc change() {}
endtemplate SynType

begintemplate SynTypeGUI
public name, save, save_data, map, stypelist, hb, append
objref stypelist, hb, this, tobj
strdef name, tstr
proc init() {
    stypelist = new List()
    hb = new HBox(3)
    hb.ref(this)
    hb.save("save()")
    if (numarg() == 0) { map() }
}
proc map() {
    sprint(tstr, "%s", this)
    if (numarg() > 1) { hb.map(tstr, $2, $3, $4, $5) } else { hb.map(tstr) }
}
proc append() { stypelist.append(new SynType($o1, $s2)) }
proc save() {
    hb.save("load_file(\"netbild.hoc\")\n}")
    save_data(hb, "ocbox_")
    hb.save("{")
}
proc save_data() { local i
    sprint(tstr, "%s = new SynTypeGUI(1)", $s2)  $o1.save(tstr)
    sprint(tstr, "{object_push(%s)}", $s2)  $o1.save(tstr)
    for i = 0, stypelist.count - 1 {
        tobj = stypelist.object(i)
        tobj.index = i
        $o1.save("{")
        tobj.ms.save("tobj")
        $o1.save("}")
        sprint(tstr, "{append(tobj, \"%s\")}", tobj.name)  $o1.save(tstr)
    }
    objref tobj
    $o1.save("{object_pop()}")
}
endtemplate SynTypeGUI

begintemplate SynTypeInstance
public stype, cbs, x, index, x0, y0, ax, ay
objref stype, cbs
proc init() {
    index = -1
    stype = $o1
    cbs = $o2
    x = $3
    if (numarg() == 5) { ax = $4  ay = $5 } else { ax = .5  ay = -1 }
    x0 = 0  y0 = 0
}
endtemplate SynTypeInstance

begintemplate NetReadyCell
public name, cb, stype, synlist, consist, index, classname, is_art, create1, tobj
public define_class, created_
objref cb, stype, synlist, tobj, nil, this
strdef name, tstr, cname, sname, mname
proc init() {
    created_ = 0
    cb = $o1
    stype = $o2
    synlist = new List()
    name = cb.manage.classname
    index = -1
    is_art = 0
}
proc classname() { sprint($s1, "%s_%s", name, cb.manage.classname) }
proc consist() { local i
    cb.topol.setindex()
    for i = 0, stype.count - 1 { stype.object(i).index = i }
    for i = 0, synlist.count - 1 { synlist.object(i).index = i }
}
// the cell type's template (see pyhoc.sessions.netready); its sections are built by
// cb.instantiate(), so the template text holds only names, synapses and the NetCon source
proc define_class() { local i
    classname(cname)
    if (name_declared(cname)) { return }
    consist()
    sprint(tstr, "~begintemplate %s\npublic is_art, synlist, x, y, z, position, connect2target, synapses\n%s\n", cname, cb.class_text())
    sprint(tstr, "%sobjref synlist, syn_\nproc init() { synlist = new List()  x = y = z = 0 }\nproc synapses() {\n", tstr)
    for i = 0, synlist.count - 1 {
        synlist.object(i).cbs.name(sname)
        synlist.object(i).stype.ms.name(mname)
        sprint(tstr, "%s  %s syn_ = new %s(%g)  synlist.append(syn_)\n", tstr, sname, mname, synlist.object(i).x)
    }
    cb.topol.slist.object(0).name(sname)
    sprint(tstr, "%s}\nproc position() { local i\n  %s for i = 0, n3d()-1 {\n    pt3dchange(i, $1-x+x3d(i), $2-y+y3d(i), $3-z+z3d(i), diam3d(i))\n  }\n  x = $1  y = $2  z = $3\n}\n", tstr, sname)
    cb.topol.slist.object(cb.manage.output_index).name(sname)
    sprint(tstr, "%sobfunc connect2target() { localobj nc\n  %s nc = new NetCon(&v(%g), $o1)\n  nc.threshold = %g\n  if (numarg() == 2) { $o2 = nc }\n  return nc\n}\nfunc is_art() { return 0 }\nendtemplate %s\n", tstr, sname, cb.manage.output_x, cb.manage.thresh, cname)
    execute(tstr)
}
proc create1() { local i
    created_ = 1
    define_class()
    classname(tstr)
    sprint(tstr, "%s.tobj = new %s()", this, tstr)
    execute(tstr)
    cb.instantiate(tobj)
    tobj.synapses()
    for i = 0, synlist.count - 1 {
        synlist.object(i).stype.created_ = 1
        synlist.object(i).stype.ms.out(tobj.synlist.object(i))
    }
    $o1 = tobj
    tobj = nil
}
endtemplate NetReadyCell

begintemplate NetReadyCellGUI
public nrc, save_data, save, map, name, stgui, tobj, b, g
objref nrc, b, this, g, tobj, stgui
strdef tstr, name
proc init() {
    name = "............."
    if (numarg() == 2) {
        stgui = $o2
        nrc = new NetReadyCell($o1, $o2.stypelist)
    }
    b = new VBox(3)
    b.ref(this)
    b.save("save()")
    g = new Graph(0)
    if (numarg() != 1) { map() }
}
proc map() {
    sprint(tstr, "%s", this)
    if (numarg() > 1) { b.map(tstr, $2, $3, $4, $5) } else { b.map(tstr) }
    nrc.consist()
    name = nrc.name
}
proc save() {
    b.save("load_file(\"netbild.hoc\")\n}")
    save_data(b, "ocbox_")
    b.save("{")
}
proc save_data() { local i
    sprint(tstr, "{%s = new NetReadyCellGUI(1)}", $s2)  $o1.save(tstr)
    sprint(tstr, "%s.tobj", $s2)
    nrc.cb.save_data($o1, tstr)
    sprint(tstr, "{object_push(%s)}", $s2)  $o1.save(tstr)
    stgui.save_data($o1, "stgui")
    $o1.save("nrc = new NetReadyCell(tobj, stgui.stypelist)")
    sprint(tstr, "nrc.name = \"%s\"", nrc.name)  $o1.save(tstr)
    nrc.consist()
    for i = 0, nrc.synlist.count - 1 {
        tobj = nrc.synlist.object(i)
        sprint(tstr, "tobj = nrc.cb.topol.slist.object(%d)", tobj.cbs.index)  $o1.save(tstr)
        sprint(tstr, "{nrc.synlist.append(new SynTypeInstance(nrc.stype.object[%d],tobj,%g,%g,%g))}", tobj.stype.index, tobj.x, tobj.ax, tobj.ay)
        $o1.save(tstr)
    }
    objref tobj
    sprint(tstr, "{g.size(%g,%g,%g,%g)}", g.size(1), g.size(2), g.size(3), g.size(4))
    $o1.save(tstr)
    $o1.save("{object_pop()}")
}
endtemplate NetReadyCellGUI
'''
