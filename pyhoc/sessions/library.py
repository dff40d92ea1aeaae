"""Installers for NEURON's GUI library files: ``stdlib.hoc``, ``stdgui.hoc``, ``nrngui.hoc``,
and the GUI half of ``stdrun.hoc`` (menus, tool templates) on top of the native run system.

What each defines was read from NEURON 9.0.2's ``dir(h)`` before/after ``load_file`` (see
docs/design stdrun-and-ses.md §1).  The definitions are pyhoc's own HOC text: ordinary HOC
procs, funcs and templates, so a model can redefine them.  Headless, the menus do nothing; the
tool templates exist so ``.ses`` files can refer to ``NumericalMethodPanel[0]`` and
``WindowMenu[0]``; ``nrnmainmenu()`` creates the same objects (with the same instance numbers)
as NEURON's, so a model's first ``new Vector()`` after ``nrngui.hoc`` is ``Vector[3]`` as there.
"""
from __future__ import annotations

from ..hoc.library import declared as _declared, define as _define


# ---- stdlib.hoc --------------------------------------------------------------------------------
_STDLIB = r'''
begintemplate String
public s
strdef s
proc init() { if (numarg() == 1) { s = $s1 } }     // (NEURON: 2 arguments, none read)
endtemplate String
begintemplate ExecCommand
public cmd, execute, name
strdef cmd, name
proc init() { if (numarg() > 0) { name = $s1 } if (numarg() > 1) { cmd = $s2 } }
proc execute() { if (numarg() > 0) { execute1($s1) } else { execute1(cmd) } }
endtemplate ExecCommand
objref hoc_sf_
hoc_sf_ = new StringFunctions()
strdef tstr
itmp = 0
j = 0
iterator case() { local i_
    for i_ = 2, numarg() { $&1 = $i_  iterator_statement }
}
proc classname() { sprint(tstr, "%s", $o1)  hoc_sf_.head(tstr, "\\[", $s2) }
func object_index() { return object_id($o1, 1) }
func valid_name_syntax() { return hoc_sf_.len($s1) > 0 }
func lambda_f() { local i_, x1, x2, d1, d2, lam
    if (cm == 0) { return 1e10 }
    if (n3d() < 2) { return 1e5*sqrt(diam/(4*PI*$1*Ra*cm)) }
    x1 = arc3d(0)  d1 = diam3d(0)  lam = 0
    for i_ = 1, n3d() - 1 {
        x2 = arc3d(i_)  d2 = diam3d(i_)
        lam += (x2 - x1)/sqrt(d1 + d2)
        x1 = x2  d1 = d2
    }
    lam *= sqrt(2)*1e-5*sqrt(4*PI*$1*Ra*cm)
    return L/lam
}
proc clipboard_set() { hoc_obj_[1] = $o1.c  hoc_obj_[0] = $o2.c }
proc clipboard_get() { $o1 = hoc_obj_[1].c  $o2 = hoc_obj_[0].c }
objref clipboard_file[2]
proc clipboard_save() {}
proc clipboard_retrieve() { local i, n, ok      // (j is the global j, as NEURON's own)
    for i = 0, 1 { hoc_obj_[i] = new Vector(200)  hoc_obj_[i].resize(1) }
    if (!object_id(clipboard_file[1])) {
        clipboard_file[1] = new File()
        clipboard_file[1].chooser("r", "Read clipboard vectors from file", "*.dat", "Read", "Cancel")
    }
    if (numarg() > 0) {
        ok = clipboard_file[1].ropen($s1)
    } else if (clipboard_file[1].chooser()) {
        ok = clipboard_file[1].ropen()
    } else { return }
    if (!ok) { continue_dialog("Clipboard Retrieve failed")  return }
    clipboard_file[1].gets(tstr)                // [label:NAME] then [COUNT], then x y pairs
    if (hoc_sf_.substr(tstr, "label") != -1) {
        if (sscanf(tstr, "label:%s\n", tstr) == 1) { hoc_obj_[0].label(tstr) }
        clipboard_file[1].gets(tstr)
    }
    n = 1e20
    j = 1
    if (sscanf(tstr, "%g %g", &hoc_obj_[1].x[0], &hoc_obj_[0].x[0]) == 1) {
        n = hoc_obj_[1].x[0]
        hoc_obj_[0].resize(0)  hoc_obj_[1].resize(0)
        j = 0
    }
    while (!clipboard_file[1].eof()) {
        hoc_obj_[1].append(clipboard_file[1].scanvar())
        hoc_obj_[0].append(clipboard_file[1].scanvar())
        j += 1
        if (j > n) { break }
    }
    clipboard_file[1].close()
}
proc newcommand() {}
proc graph_menu_remove_most() {}
'''

# ---- the files stdrun.hoc and stdgui.hoc load ------------------------------------------------------
_ATOLTOOL = r"""
begintemplate AtolToolItem
public name, scale
strdef name
proc init() { if (numarg() > 0) { name = $s1 } scale = 1 }
endtemplate AtolToolItem
begintemplate AtolTool
public map, scales, anatol, save, restore
proc init() {}
proc map() {}
proc scales() {}
proc anatol() {}
proc save() {}
proc restore() {}
endtemplate AtolTool
"""

_VARMETH1 = r"""
using_cvode_ = 0
begintemplate NumericalMethodPanel
public varstep, localstep, dae, ode, fixed, map, b1, refresh, rescale, restore, details, save
public atoltool, use_cvode, use_lvardt, atoltool_, ats
objref atoltool_, b1, this
proc init() { use_cvode = 0  use_lvardt = 0  b1 = this }
proc ats() { if ($2 > 0) { CVode[0].atolscale($s1, $2) } }
proc varstep() { use_cvode = 1  execute1("cvode_active(1)") }
proc localstep() { use_lvardt = 1  execute1("cvode_local(1)") }
proc fixed() { use_cvode = 0  execute1("cvode_active(0)") }
proc dae() {}
proc ode() {}
proc map() {       // (b1 is the panel itself until its small window is built, as NEURON's)
    if (b1 == this) { b1 = new VBox()  b1.save("save()")  b1.ref(this) }
}
proc refresh() {}
proc rescale() {}
proc restore() { local m
    CVode[0].condition_order($2)
    m = int($1/100)%10
    if (m == 0) { fixed() } else if (m == 3) { varstep() }
}
proc details() {}
proc save() {}
proc atoltool() {}
endtemplate NumericalMethodPanel
"""

_MOVIERUN = r"""
movie_frame_dur_ = 0.01
objref movie_timer, movierunbox
movie_timer = new Timer("moviestep()")
proc moviestep() {}
proc movierun() {}
proc movierunpanel() {}
proc movierunsave() {}
"""

_POINTBSR = r"""
begintemplate PointBrowser
public map, save
proc init() {}
proc map() {}
proc save() {}
endtemplate PointBrowser
objref tempobj
strdef tempstr1, tempstr2
proc makePointBrowser() {}
proc pointmenu() {}
"""

_WINGROUP = r"""
begintemplate WindowGroup
public name, items, map, unmap
strdef name
objref items
proc init() { items = new List()  if (numarg() > 0) { name = $s1 } }
proc map() {}
proc unmap() {}
endtemplate WindowGroup
begintemplate WindowGroupItem
public name
strdef name
proc init() { if (numarg() > 0) { name = $s1 } }
endtemplate WindowGroupItem
begintemplate WindowGroupManager
public groups, map, ses_gid
objref groups
proc init() { groups = new List() }
proc map() {}
proc ses_gid() {}
endtemplate WindowGroupManager
begintemplate WindowMenu
public pwm, ses_gid, map, update, groups, sf
objref pwm, groups, sf
proc init() { pwm = new PWManager()  groups = new List()  sf = new StringFunctions() }
proc ses_gid() {}
proc map() {}
proc update() {}
endtemplate WindowMenu
"""

_FAMILY = r"""
begintemplate Family
public map
proc map() {}
endtemplate Family
objref tempobj
proc makeFamily() {}
"""

_SHAPEBOX = r"""
begintemplate ShapeBrowser
public map
proc map() {}
endtemplate ShapeBrowser
begintemplate MenuExplore
public map
proc map() {}
endtemplate MenuExplore
begintemplate PointProcessLocator
public map
proc map() {}
endtemplate PointProcessLocator
objectvar tempobj
proc makeMenuExplore() {}
begintemplate ShapeLocation
public map
proc map() {}
endtemplate ShapeLocation
"""

# pcchdir.hoc (MS Windows' start-up folder chooser).  Headless, NEURON's load() finds no recent
# folder list, its chooser answers at once with the list file's name, and it prints the chdir
# to that name (which fails, so the folder stays) and returns 1: the same here.
_PCCHDIR = r"""
pwman_place(0, 20)
{load_file("stdgui.hoc")}
begintemplate StartingDirectory
public load
func load() {
    printf("chdir(\"%s\")\n", "$(NEURONHOME)/rcentdir.txt")
    return 1
}
endtemplate StartingDirectory
"""

# ---- stdrun.hoc's GUI part ----------------------------------------------------------------------
_MENUS = ('nrncontrolmenu', 'buildmenu', 'toolmenu', 'graphmenu', 'vectormenu', 'windowmenu',
          'helpmenu', 'pointprocessesmenu', 'distmechmenu', 'distmechviewers', 'fittingmenu',
          'impedancemenu', 'miscellaneousmenu', 'cbimportmenu', 'celsius_panel',
          'globalra_panel', 'channel_builder', 'prjnrn', 'newshapeplot', 'newvectorplot',
          'newphaseplane', 'addplot')

_STDRUN_GUI = r"""
begintemplate NEURONMainMenu
public map, unmap, save, ses, wm, vlist
objref wm, ses, vlist[3]
proc init() { local i_
    wm = new WindowMenu()  ses = new List()
    for i_ = 0, 2 { vlist[i_] = new Vector() }
}
proc map() {}
proc unmap() {}
proc save() {}
endtemplate NEURONMainMenu
objref numericalmethodpanel, tempobj
numericalmethodpanel = new NumericalMethodPanel()
strdef tempstr1, tempstr2
cnt = 0
mapped_nrnmainmenu_ = 0
rtstart = 0
proc nrnmainmenu() {
    if (object_id(nrnmainmenu_) == 0) { nrnmainmenu_ = new NEURONMainMenu() }
}
proc newPlot() {
    graphItem = new Graph()
    graphItem.size($1, $2, $3, $4)
    graphItem.save_name("graphList[0].")
    graphList[0].append(graphItem)
}
proc newPlotV() { newPlot(0, tstop, -80, 40)  graphItem.addvar("v(.5)", 1, 1) }
proc newPlotI() { newPlot(0, tstop, -1, 1) }
proc newPlotS() { newPlot(0, tstop, 0, 1) }
"""


def _load(interp, name: str, symbol: str = '') -> None:
    """``load_file(name[, symbol])`` as a library file calls it: the model's folder first."""
    from ..hoc.files import load_file
    if symbol:
        load_file(interp, name, symbol)
    else:
        load_file(interp, name)


def _file(text: str):
    """The installer of a library file whose whole content is pyhoc's HOC ``text``."""
    def install(interp) -> None:
        _define(interp, text)
    return install


install_stdlib = _file(_STDLIB)          # String, ExecCommand, case, classname, lambda_f ...
install_atoltool = _file(_ATOLTOOL)
install_varmeth1 = _file(_VARMETH1)      # NumericalMethodPanel
install_movierun = _file(_MOVIERUN)
install_pointbsr = _file(_POINTBSR)      # PointBrowser
install_wingroup = _file(_WINGROUP)      # WindowMenu ...
install_family = _file(_FAMILY)
install_shapebox = _file(_SHAPEBOX)      # MenuExplore, ShapeBrowser ...
install_pcchdir = _file(_PCCHDIR)        # StartingDirectory


def install_stdrun_gui(interp) -> None:
    """stdrun.hoc after the native run system (pyhoc.stdlib.stdrun): the files it loads, its
    menus and templates."""
    for name in ('atoltool.hoc', 'varmeth1.hoc', 'movierun.hoc'):
        _load(interp, name)
    _load(interp, 'pointbsr.hoc', 'PointBrowser')
    _load(interp, 'wingroup.hoc', 'WindowMenu')
    _define(interp, _STDRUN_GUI)
    _define(interp, '\n'.join('proc %s() {}' % name for name in _MENUS
                              if not _declared(interp, name)) + '\n')


def install_stdgui(interp) -> None:
    """stdgui.hoc: loads stdlib, family, shapebox, pointbsr, wingroup, stdrun, inserter and
    pointman.hoc, each found as ``load_file`` finds it (a model's own copy first)."""
    for name in ('stdlib.hoc', 'family.hoc', 'shapebox.hoc'):
        _load(interp, name)
    _load(interp, 'pointbsr.hoc', 'PointBrowser')
    for name in ('wingroup.hoc', 'stdrun.hoc', 'inserter.hoc', 'pointman.hoc'):
        _load(interp, name)


def install_nrngui(interp) -> None:
    """nrngui.hoc = load_file("stdgui.hoc") + nrnmainmenu()."""
    _load(interp, 'stdgui.hoc')
    interp.call('nrnmainmenu')


def install_noload(interp) -> None:
    """noload.hoc: nrngui.hoc without the main menu."""
    _load(interp, 'stdgui.hoc')


def install_import3d(interp) -> None:
    from .import3d import install
    install(interp)


def install_celbild(interp) -> None:
    from .cellbuild import install
    install(interp)


FILES = {'stdlib.hoc': install_stdlib, 'atoltool.hoc': install_atoltool,
         'varmeth1.hoc': install_varmeth1, 'movierun.hoc': install_movierun,
         'pointbsr.hoc': install_pointbsr, 'wingroup.hoc': install_wingroup,
         'family.hoc': install_family, 'shapebox.hoc': install_shapebox,
         'pcchdir.hoc': install_pcchdir,
         'stdgui.hoc': install_stdgui, 'nrngui.hoc': install_nrngui,
         'noload.hoc': install_noload, 'import3d.hoc': install_import3d,
         'celbild.hoc': install_celbild}
