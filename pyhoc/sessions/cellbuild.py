"""NEURON's CellBuilder as session (.ses) files use it, implemented natively (headless).

``load_file("celbild.hoc")`` defines ``CellBuild`` and the classes its session data creates:
``CellBuildSection``, ``P3D``, ``LDiamInfo``, ``SNList``, ``GeoSpec``, ``GeoType``,
``FakeMechStan`` and ``MStanWrap``.  A CellBuilder session block reads like::

    {ocbox_ = new CellBuild(1)}
    {object_push(ocbox_)}  { version(5.7)  continuous = 1 }
    {object_push(topol)}  { first = 0  slist.remove_all()  sname = "basal"  objref tobj }
    { tobj = new CellBuildSection("soma",0, 0, tobj, 1) slist.append(tobj) ... all_init() }
    for i=0, slist.count-1 {slist.object(i).rdses()}      // 3-D points read with fscan()
    {object_pop()}
    {object_push(subsets)} ... {object_push(geom)} ... {object_push(memb)} ...
    {object_push(manage)} ... {object_pop()}
    { cexport() }
    {object_pop()}

so every part (``topol``, ``subsets``, ``geom``, ``memb``, ``manage``) is an object whose
fields and methods the pushed statements reach by name: each part gives ``object_push`` a
namespace (``_hoc_ns``) whose names are the object's public attributes.

``cexport()`` with ``continuous = 1`` does what NEURON's tool does: sections are created at
the top level in the order of the topology list and named per base name (one name: a single
section; several: an array ``basal[0..n-1]`` numbered in list order), connected (0 or 1 end of
the child, ``xparent`` of the parent), given their 3-D points (or two 2-D points from the
drawing when a section has none), ``access``ed (the first section); each subset becomes a
top-level ``SectionList`` (``all`` first); geometry specifications (L, diam, area, circuit,
per-section L/diam, nseg, d_lambda, d_X) and membrane specifications (Ra, cm, mechanisms with
their MechanismStandard values) are applied in NEURON's order.

The behaviour follows NEURON 9's celbild/*.hoc; this is an independent implementation and
has no GUI (``gtopol`` is a headless Graph when one is available).
"""
from __future__ import annotations

import math
import weakref
from typing import Any, Optional

from ..errors import HocError
from ..base.objects import HocObject
from ..hoc.builtins.io import fscan_many
from ..hoc.builtins.list import List
from ..hoc.builtins.vector import Vector
from ..hoc.symbols import Array, Kind, Namespace, Sym
from ..sim.section import replace_pt3d


def _interp(obj: Any = None):
    interp = getattr(type(obj), '_bound_interp', None)
    if interp is not None:
        return interp
    from ..base.context import current
    return current()


# ---------------------------------------------------------------------------------------------
# object_push on a Python object: a namespace whose names are the object's public members
class _AttrSym(Sym):
    """A name of a pushed object's attribute: reads and writes go to the attribute."""

    __slots__ = ('obj',)

    def __init__(self, name: str, kind: Kind, obj: Any):
        self.obj = weakref.ref(obj)   # (Sym.__init__ would write value = None through value)
        self.name = name
        self.kind = kind

    @property
    def value(self):  # type: ignore[override]
        v = getattr(self.obj(), self.name)
        if self.kind is Kind.BUILTIN:
            return lambda interp, *args: v(*args)
        return v

    @value.setter
    def value(self, v):
        if self.kind is Kind.NUM:
            v = float(v)
        setattr(self.obj(), self.name, v)


class _AttrSyms(dict):
    """Declared names (``objref tobj``, ``i``) first, then the object's public attributes."""

    def __init__(self, obj: Any):
        super().__init__()
        self._obj = weakref.ref(obj)
        self._seen: dict[str, Sym] = {}     # an attribute keeps its kind (None: an objref)

    def _attr(self, name: str) -> Optional[Sym]:
        sym = self._seen.get(name)
        if sym is not None:
            return sym
        obj = self._obj()
        if obj is None or name.startswith('_'):
            return None
        try:
            v = getattr(obj, name)
        except AttributeError:
            return None
        if callable(v) and not isinstance(v, HocObject):
            kind = Kind.BUILTIN
        elif isinstance(v, bool) or isinstance(v, (int, float)):
            kind = Kind.NUM
        elif isinstance(v, str):
            kind = Kind.STR
        elif v is None or isinstance(v, HocObject) or hasattr(v, 'hoc_name'):
            kind = Kind.OBJ
        else:
            return None
        sym = _AttrSym(name, kind, obj)
        if kind is not Kind.OBJ or v is not None:
            self._seen[name] = sym
        return sym

    def get(self, name, default=None):
        sym = dict.get(self, name)
        if sym is None:
            sym = self._attr(name)
        return default if sym is None else sym

    def __getitem__(self, name):
        sym = self.get(name)
        if sym is None:
            raise KeyError(name)
        return sym

    def __contains__(self, name):
        return self.get(name) is not None


class PushableObject(HocObject):
    """A native object whose members are visible to statements run after object_push()."""

    @property
    def _hoc_ns(self) -> Namespace:
        ns = self.__dict__.get('_pushed_ns')
        if ns is None:
            ns = Namespace()
            ns.syms = _AttrSyms(self)
            self.__dict__['_pushed_ns'] = ns
        return ns


class _Part(PushableObject):
    """A part of a CellBuild: ``bild`` refers back to the tool weakly, so that the tool goes
    away (and its number is free) when HOC drops it, as NEURON's CellBuild.unref() arranges."""

    @property
    def bild(self):
        ref = self.__dict__.get('_bild')
        return None if ref is None else ref()

    @bild.setter
    def bild(self, obj) -> None:
        self.__dict__['_bild'] = None if obj is None else weakref.ref(obj)


def _noop(*args, **kwargs):
    return 0.0


class _HeadlessView(HocObject):
    """Stands in for the topology Graph when no headless Graph class is installed."""

    hoc_class_name = 'Graph'

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        return _noop


def _new_graph(interp):
    from ..hoc.interpreter import Frame
    try:
        sym = interp.resolve(Frame(interp.top), 'Graph')
        if sym is not None and sym.kind in (Kind.CLASS, Kind.TEMPLATE, Kind.SIMCLASS):
            return interp.new_object(Frame(interp.top), 'Graph', 0.0)
    except HocError:
        pass
    return _HeadlessView()


def _vector(n: int = 0):
    return Vector(float(n))


def _list():
    return List()


def _new(owner: Any, name: str, *args: Any):
    """An instance of the interpreter's class ``name`` (numbered as HOC-made ones are)."""
    interp = _interp(owner)
    cls = interp.classes.get(name) if interp is not None else None
    if cls is None:
        cls = _CLASSES[name]
    return cls(*args)


# ---------------------------------------------------------------------------------------------
# topology
class P3D(HocObject):
    """The 3-D points of one CellBuildSection (Vectors x, y, z, d)."""

    def __init__(self, n: float = 0):
        n = int(n)
        self.x, self.y, self.z, self.d = _vector(n), _vector(n), _vector(n), _vector(n)

    def set(self, i, x, y, z, d) -> None:
        i = int(i)
        self.x.x[i] = x
        self.y.x[i] = y
        self.z.x[i] = z
        self.d.x[i] = d

    def _columns(self, n: int) -> list:
        """The first ``n`` values of x, y, z, d (arrays); IndexError (as ``v.x[i]``) where a
        Vector is shorter."""
        cols = [v.x.array[:n] for v in (self.x, self.y, self.z, self.d)]
        for v, c in zip((self.x, self.y, self.z, self.d), cols):
            if len(c) < n:
                raise IndexError(v.hoc_name() + '.x')
        return cols


class LDiamInfo(HocObject):
    """Distinct L and diam of one section (GeoSpec types 0 and 1)."""

    def __init__(self, L: float = 100., diam: float = 1.):
        self.x = [float(L), float(diam)]
        self.oldx = [float(L), float(diam)]


class CellBuildSection(PushableObject):
    """One section of the topology: CellBuildSection(name, index, proximal, parent, xparent)."""

    def __init__(self, name: str = '', id: float = 0, proximal: float = 0, parent=None,
                 xparent: float = 1):
        self.tmp1 = self.tmp2 = self.tmp3 = 0.
        self.name_ = str(name)
        self.id = float(id)
        self.id_ = float(id)
        self.proximal = float(proximal)
        self.parent = parent
        self.xparent = float(xparent)
        self.selected = 0.
        self.sets = _list()
        self.ml = _list()
        self.geo = _list()
        self.unique_name_index = 0.
        self.i3d = 0.
        self.index = -1.
        self.xmlready = 0.
        self.x0 = self.y0 = self.x1 = self.y1 = self.lx = self.ly = 0.
        self.p3d = None
        self.sref = None
        self.ldiaminfo = None
        self.logpt = None
        self.geobox = None
        self.xml3d = None

    def position(self, x0, y0, x1, y1) -> None:
        self.x0, self.y0, self.x1, self.y1 = float(x0), float(y0), float(x1), float(y1)
        self.lx = (self.x0 + self.x1) / 2
        self.ly = (self.y0 + self.y1) / 2

    def logstyle(self, x, y, z) -> None:
        self.logpt = _vector(0)
        self.logpt.append(float(x), float(y), float(z))

    def _name(self) -> str:
        return '%s[%d]' % (self.name_, int(self.id)) if self.id > 0 else self.name_

    def name(self, s=None) -> str:
        text = self._name()
        if s is not None and hasattr(s, 'set'):
            s.set(text)
        return text

    def panel(self, *args) -> None:
        pass

    def clone(self, target=None):
        c = type(self)(self.name_, self.id, self.proximal, self.parent, self.xparent)
        c.selected = self.selected
        c.position(self.x0, self.y0, self.x1, self.y1)
        c.lx, c.ly = self.lx, self.ly
        for k in ('sets', 'ml', 'geo', 'i3d', 'sref', 'p3d', 'logpt'):
            setattr(c, k, getattr(self, k))
        if target is not None and hasattr(target, 'set'):
            target.set(c)
        return c

    def rdses(self) -> None:
        """The i3d points "x y z d" that follow in the session file, read with fscan()."""
        n = int(self.i3d)
        if n > 0:
            interp = _interp(self)
            p = _new(self, 'P3D', n)
            vals = fscan_many(interp, 4 * n)     # as 4 * n calls of fscan()
            p.x.x[:], p.y.x[:], p.z.x[:], p.d.x[:] = \
                vals[0::4], vals[1::4], vals[2::4], vals[3::4]
            self.p3d = p

    # ---- export to real sections
    def _sec(self):
        return None if self.sref is None else self.sref._sec

    def export_topol(self) -> None:
        sec = self._sec()
        model = _interp(self).sim.model
        model.disconnect(sec)
        if self.parent is None or self.parent._sec() is None:
            return
        model.connect(sec, self.proximal, self.parent._sec(), self.xparent)

    def export_3d(self) -> None:
        todo: list = []
        self._export_3d(todo)
        if todo:
            replace_pt3d(*zip(*todo))

    def _export_3d(self, todo: list) -> None:
        """export_3d, but a section with 3-D points gets them later, with the others of
        ``todo`` (section, points) (replace_pt3d: one computation for all)."""
        sec = self._sec()
        n = int(self.i3d)
        if n <= 0 or not sec._diam_as_stored():
            l, d = sec.L, sec.diam      # (reading diam may take it from 3-D points or refuse it)
        if n > 0:
            todo.append((sec, self.p3d._columns(n)))
            if self.logpt is not None:
                pt = self.logpt.x
                sec._logical_connection = (float(pt[0]), float(pt[1]), float(pt[2]))
        else:
            sec.pt3dclear()
            sec.pt3dadd(self.x0, self.y0, 0., d)
            sec.pt3dadd(self.x1, self.y1, 0., d)
            sec.L = l

    def export(self) -> None:
        self.export_topol()
        self.export_3d()

    def export_rm(self) -> None:
        sec = self._sec()
        if sec is not None and not sec.deleted:
            _interp(self).sim.model.delete_section(sec)

    def get3d(self) -> None:
        sec = self._sec()
        n = sec.n3d()
        self.i3d = float(n)
        self.p3d = _new(self, 'P3D', n)
        for i in range(n):
            self.p3d.set(i, sec.x3d(i), sec.y3d(i), sec.z3d(i), sec.diam3d(i))


class CellBuildTopology(_Part):
    """The ``topol`` part: the list of CellBuildSections and their export."""

    def __init__(self, bild=None):
        self.gridres = 15.
        self.etop = 0.
        self.names_off = 0.
        self.circles_off = 0.
        self.bild = bild
        self.g = None if bild is None else bild.gtopol
        self.first = 1.
        self.sname = 'soma'
        self.nameindex = 0.
        self.slist = _list()
        self.unique_name = None
        self.i = 0.
        # a new CellBuilder starts with one section, the soma drawn from (0, 0) to (15, 0)
        soma = _new(self, 'CellBuildSection', 'soma', 1, 0, None, 1)
        soma.position(0, 0, 15, 0)
        if bild is not None:
            bild.all.add(soma)
        self.slist.append(soma)
        self.sname = 'dend'
        self._validname()

    def all_init(self) -> None:
        for s in list(self.slist):
            self.bild.all.add(s)

    def setindex(self) -> None:
        for i, s in enumerate(self.slist):
            s.index = float(i)

    def consist(self) -> None:
        self._validname()
        self._validposition()

    def update(self) -> None:
        self.first = 0.

    def map(self, *args) -> None:
        pass

    def draw(self, *args) -> None:
        pass

    pl = draw
    sel_all = draw
    sel_only = draw
    sel_xor = draw

    def checkname(self, name, lst=None, kind='', dialog=0) -> float:
        if lst is not None:
            for o in lst:
                if getattr(o, 'name_', None) == name:
                    return 0.
            if lst is self.slist and name == self.sname:
                return 0.
        return 1.

    def cexport(self, etop=0) -> None:
        self.etop = float(etop)
        if not self.bild.continuous:
            self.etop = 0.
        if self.etop:
            self.consist()
            todo: list = []         # the 3-D points, set at once (what is done stays on error)
            try:
                for s in list(self.slist):
                    s.export_topol()
                    s._export_3d(todo)
            finally:
                if todo:
                    replace_pt3d(*zip(*todo))
            if len(self.slist):
                interp = _interp(self)
                interp.sim.access(self.slist.object(0)._sec())

    # ---- naming, section creation
    def _validname(self) -> None:
        self.nameindex = 0.
        slist = list(self.slist)
        unique: list[int] = []          # per base name: index (in slist) of its last section
        for i, s in enumerate(slist):
            s.id = 0.
            self.nameindex += 1
            s.id_ = self.nameindex
            for j, k in enumerate(unique):
                if slist[k].name_ == s.name_:
                    s.id = slist[k].id + 1
                    s.unique_name_index = float(j)
                    unique[j] = i
                    break
            else:
                unique.append(i)
                s.unique_name_index = float(len(unique) - 1)
                s.id = 0.
        self.unique_name = _vector(0)
        for k in unique:
            self.unique_name.append(float(k))
        if self.etop and slist:
            self._export_names(slist, unique)

    def _export_names(self, slist: list, unique: list[int]) -> None:
        from ..sim.sectionlist import SectionRef
        interp = _interp(self)
        model = interp.sim.model
        groups: list[list] = [[] for _ in unique]
        for s in slist:
            sec = s._sec()
            if sec is None or sec.deleted:
                sec = model.new_section('__cellbuild_%d' % id(s), None)
                s.sref = SectionRef(sec)
            groups[int(s.unique_name_index)].append(s)
        top = interp.top
        for j, k in enumerate(unique):
            name = slist[k].name_
            members = groups[j]
            old = top.syms.get(name)
            if old is not None and old.kind is not Kind.SEC:
                raise HocError('%s already declared' % name)
            keep = {id(s._sec()) for s in members}
            if old is not None:
                olds = old.value.data if isinstance(old.value, Array) else [old.value]
                for n, sec in enumerate(olds):
                    if sec is not None and id(sec) not in keep and not sec.deleted:
                        interp.write('Previously existing %s[%d] points to a section which is '
                                     'being deleted\n' % (name, n))
                        model.delete_section(sec)
            if slist[k].id == 0:
                sec = members[0]._sec()
                self._rename(sec, name)
                top.declare(name, Kind.SEC, sec)
            else:
                arr = Array(name, [len(members)], None)
                for n, s in enumerate(members):
                    sec = s._sec()
                    self._rename(sec, '%s[%d]' % (name, n))
                    arr.data[n] = sec
                top.declare(name, Kind.SEC, arr)
            interp.section_names_any.add(name)

    @staticmethod
    def _rename(sec, name: str) -> None:
        sec._name = name
        sec.hoc_name = name

    def _validposition(self) -> None:
        slist = list(self.slist)
        for s in slist[1:]:
            p = s.parent
            if p is None:
                continue
            if s.xparent == 1:
                s.x0, s.y0 = p.x1, p.y1
            elif s.xparent == 0:
                s.x0, s.y0 = p.x0, p.y0
            else:
                s.x0, s.y0 = (p.x0 + p.x1) / 2, (p.y0 + p.y1) / 2
            if self.etop and not s.i3d > 0:
                # (with 3-D points the export that follows sets the same points again)
                s.export_3d()


# ---------------------------------------------------------------------------------------------
# subsets
class SNList(PushableObject):
    """A named subset of CellBuildSections (becomes a top-level SectionList)."""

    def __init__(self, name: str = ''):
        self.name_ = str(name)
        self.parm_ = .5
        self.list = _list()
        self.ml = _list()
        self.geo = _list()
        self.differ = 0.
        self.name_differ = 0.
        self.domainparms = None
        self.sectionlist = None
        self.geobox = None

    def is_subset(self) -> float:
        return 1.

    def remove(self, cbs) -> None:
        self.list._items[:] = [o for o in self.list._items if o is not cbs]

    def add(self, cbs) -> None:
        if cbs is None:
            raise HocError('SNList.add: nil object')
        if all(o is not self for o in cbs.sets._items):
            self.list.append(cbs)
            cbs.sets.append(self)
        else:
            _interp(self).write('Section already present in subset.\n')

    def del_all(self) -> None:
        for cbs in list(self.list._items):
            cbs.sets._items[:] = [o for o in cbs.sets._items if o is not self]
        self.list._items.clear()

    def name(self, s=None) -> str:
        if s is not None and hasattr(s, 'set'):
            s.set(self.name_)
        return self.name_

    def _sections(self) -> list:
        return [s._sec() for s in self.list._items if s._sec() is not None]

    def export(self) -> None:
        from ..sim.sectionlist import SectionList
        interp = _interp(self)
        top = interp.top
        sl = SectionList()
        sym = top.syms.get(self.name_)
        if sym is None or sym.kind is not Kind.OBJ:
            if sym is not None and sym.kind is not Kind.OBJ:
                raise HocError('%s already declared' % self.name_)
            top.declare(self.name_, Kind.OBJ, sl)
        else:
            old = sym.value
            sym.value = sl
            from ..hoc.templates import TemplateInstance
            if isinstance(old, TemplateInstance):
                interp.released(old)
        if self.domainparms is not None:
            self.sectionlist = sl
        sl._extend(self._sections())


class SectionSubsets(_Part):
    """The ``subsets`` part: the list of SNLists (``all`` first)."""

    def __init__(self, bild=None):
        self.esub = 0.
        self.first = 1.
        self.i = 0.
        self.tobj = None
        self.tobj1 = None
        self.snlist = _list()
        self.bild = bild
        if bild is not None:
            self.snlist.append(bild.all)
        self.g = None if bild is None else bild.gtopol

    def remove(self, cbs) -> None:
        for s in list(self.snlist):
            s.remove(cbs)

    def have_domainparm(self) -> float:
        return float(any(s.domainparms is not None for s in self.snlist))

    def add_domainparm(self, snlist, _out=None) -> None:
        """A new DomainParmInfo of ``snlist``: the session's ``add_domainparm(tobj, tobj1)``
        leaves it in ``tobj1`` (the part's own variable, which the session text names)."""
        if snlist.domainparms is None:
            snlist.domainparms = _list()
        self.tobj1 = _new(self, 'DomainParmInfo', snlist, self.bild)
        snlist.domainparms.append(self.tobj1)

    def consist(self) -> None:
        for s in self.snlist:
            s.list._items.clear()
        for cbs in self.bild.topol.slist:
            for s in cbs.sets._items:
                s.list._items.append(cbs)

    def update(self) -> None:
        self.consist()
        self.first = 0.

    def cexport(self, esub=0) -> None:
        self.esub = float(esub)
        if not self.bild.continuous:
            self.esub = 0.
        if self.esub:
            for s in list(self.snlist):
                s.export()


class InhomoFun(HocObject):
    """A named function f(p) of a domain parameter: its argument names (``argstr``, separated
    by spaces), its HOC expression in p, p0, p1 and those names (CellBuild's inhomofuns)."""

    _count = 0

    def __init__(self, argstr: str = '', expr: str = '', name: str = ''):
        self.argstr, self.expr, self.name = str(argstr), str(expr), str(name or expr)
        self._fn = None

    def _args(self) -> list:
        if ',' in self.argstr:
            return ['commas$not$allowed']
        return self.argstr.split()

    def f(self, p, p0, p1, args) -> float:
        """The expression at p (p0, p1: the domain's range), the arguments' values ``args``."""
        interp = _interp(self)
        if self._fn is None:        # a HOC func of its own, made once
            from ..hoc.builtins.io import _run
            name = '_pyhoc_inhomofun%d' % InhomoFun._count
            InhomoFun._count += 1
            names = self._args()
            text = 'func %s() {local %s\n p=$1 p0=$2 p1=$3 %s\n return %s\n}\n' % (
                name, ', '.join(['p', 'p0', 'p1'] + names),
                ' '.join('%s=$%d' % (n, k + 4) for k, n in enumerate(names)), self.expr)
            _run(interp, text, None, braced=False)
            self._fn = interp.top.syms[name].value
        n = len(self._args())
        return float(interp.call(self._fn, float(p), float(p0), float(p1),
                                 *[float(a) for a in list(args)[:n]]))


class InhomoParm(PushableObject):
    """One range variable (``s``) that a DomainParmInfo sets in its subset as f(p): the
    function (``findex`` into CellBuild's inhomofuns) and its arguments' values."""

    def __init__(self, dpi=None, s: str = ''):
        self.dpi = dpi
        self.s = str(s)
        self.ms = self
        self.is_ms = 0.
        self.argvec = _vector(20)
        self.findex = 0.
        self.fun = None
        self.ufun(0)

    def name(self, s=None) -> str:
        if s is not None and hasattr(s, 'set'):
            s.set(self.s)
        return self.s

    def ufun(self, i) -> None:
        self.findex = float(int(i))
        self.fun = self.dpi.bild.inhomofuns.object(int(i))
        if self.dpi.subset.sectionlist is not None:
            self.export()

    def restore(self, findex, size) -> None:
        """The arguments' values that follow in the session file (fscan), then ufun."""
        vals = fscan_many(_interp(self), int(size))
        for k, v in enumerate(vals):
            self.argvec.x[k] = v
        self.ufun(findex)

    def export(self) -> None:
        dpi = self.dpi
        if not dpi.bild.continuous:
            return
        dpi.update()
        model = _interp(self).sim.model
        args = list(self.argvec.x)
        for sec, x, p in dpi._points():
            model.range_set(sec, self.s, x, self.fun.f(p, dpi.p0, dpi.p1, args))


class DomainParmInfo(PushableObject):
    """A subset's domain parameter p (path length from the root, 3-D radial distance or a
    projection), shifted and scaled by the proximal and distal styles, and the range
    variables it sets as functions of p (``using_``)."""

    def __init__(self, subset=None, bild=None):
        self.parm = .5
        self.subset = subset
        self.bild = bild
        self.using_ = _list()
        self.dstyle_ = self.proxstyle_ = self.distalstyle_ = 0.
        self.prox, self.dist = [], []
        self.ox_ = self.oy_ = self.origin_ = 0.
        self.theta_ = 90.
        self.p0 = self.p1 = self.x = self.p = 0.
        self.selih = None

    def is_subset(self) -> float:
        return 0.

    def is_using(self, name) -> float:
        return float(any(u.s == str(name) for u in self.using_))

    def using(self, on, name) -> None:
        items = self.using_._items
        k = next((i for i, u in enumerate(items) if u.s == str(name)), len(items))
        if int(on) == 0 and k < len(items):
            del items[k]
        elif int(on) == 1 and k == len(items):
            self.using_.append(_new(self, 'InhomoParm', self, str(name)))

    def name(self, s=None) -> str:
        i = self.subset.domainparms._items.index(self)
        text = '%s_x' % self.subset.name_ if i == 0 else '%s_x%d' % (self.subset.name_, i)
        if s is not None and hasattr(s, 'set'):
            s.set(text)
        return text

    def styleset(self, d, prox, distal) -> None:
        self.dstyle_, self.proxstyle_, self.distalstyle_ = float(d), float(prox), float(distal)

    def _points(self):
        """(section, x, p) at each segment centre of the subset's sections, in order."""
        secs = self.subset.sectionlist._sections() if hasattr(
            self.subset.sectionlist, '_sections') else list(self.subset.sectionlist)
        from ..hoc.sectionstmt import for_x_positions
        for i, sec in enumerate(secs):
            for x in for_x_positions(int(sec.nseg), False):     # (HOC's for (x, 0))
                yield sec, x, (1 - x) * self.prox[i] + x * self.dist[i]

    def min(self) -> float:
        self.p0 = min(min(self.prox), min(self.dist))
        return self.p0

    def max(self) -> float:
        self.p1 = max(max(self.prox), max(self.dist))
        return self.p1

    def update(self) -> None:
        members = list(self.subset.list)
        if not members:
            self.prox, self.dist = [], []
            return
        d = int(self.dstyle_)
        if d == 0:
            self._path(members)
        elif d in (2, 3):
            self._spatial(members, d)
        else:
            raise HocError('DomainParmInfo: metric %d is not implemented (nor in NEURON)' % d)
        if self.proxstyle_ == 1:
            x = self.min()
            self.prox = [a - x for a in self.prox]
            self.dist = [a - x for a in self.dist]
        if self.distalstyle_ == 1:
            x = self.max()
            self.prox = [a / x for a in self.prox]
            self.dist = [a / x for a in self.dist]
        elif self.distalstyle_ == 2 and d == 0:
            self._alldist1(members)
        self.min()
        self.max()

    def _path(self, members) -> None:
        """Arc length from the root at each section's two ends (proxstyle 2: sections
        outside the subset count 0)."""
        slist = list(self.bild.topol.slist)
        inside = set(id(s) for s in members)
        for i, s in enumerate(slist):
            l = 0. if self.proxstyle_ == 2 and id(s) not in inside else _length(s)
            if i == 0:
                s.tmp1 = 0.
            elif s.xparent == 1:
                s.tmp1 = s.parent.tmp2
            else:
                s.tmp1 = s.parent.tmp1
            s.tmp2 = s.tmp1 + l
        self.prox = [s.tmp1 for s in members]
        self.dist = [s.tmp2 for s in members]

    def _alldist1(self, members) -> None:
        """Each section's ends over the longest distal path from it (all tips at 1)."""
        for s in self.bild.topol.slist:
            s.tmp2 = 0.
        for s, d in zip(members, self.dist):
            s.tmp2 = d
        for s in reversed(members):
            if s.parent is not None and s.parent.tmp2 < s.tmp2:
                s.parent.tmp2 = s.tmp2
        for i, s in enumerate(members):
            self.dist[i] /= s.tmp2
            if s.parent is not None:
                self.prox[i] /= s.parent.tmp2

    def _spatial(self, members, d) -> None:
        c, sn = math.cos(self.theta_ / _DEG), math.sin(self.theta_ / _DEG)
        prox, dist = [], []
        for s in members:
            if not s.i3d > 0:
                raise HocError('3D %s only works with 3-d reconstructions'
                               % ('radial position' if d == 2 else 'projection onto line'))
            px, py, pz = s.p3d.x.x, s.p3d.y.x, s.p3d.z.x
            n = len(px) - 1
            if d == 2:
                for k, out in ((0, prox), (n, dist)):
                    x, y, z = px[k] - self.ox_, py[k] - self.oy_, pz[k]
                    out.append(math.sqrt(x * x + y * y + z * z))
            else:
                prox.append(px[0] * c + py[0] * sn - self.origin_)
                dist.append(px[n] * c + py[n] * sn - self.origin_)
        self.prox, self.dist = prox, dist

    def export(self) -> None:
        self.update()
        for u in list(self.using_):
            u.export()


_DEG = 180. / math.pi


def _length(cbs) -> float:
    """A CellBuildSection's length as the domain parameter counts it: its 3-D path, its
    LDiamInfo, its own L (or sqrt(area/PI)) specification, else 500 with a message."""
    if cbs.i3d > 0:
        p = cbs.p3d
        x, y, z = list(p.x.x), list(p.y.x), list(p.z.x)
        a = 0.
        for k in range(1, len(x)):
            a += math.sqrt(((x[k] - x[k - 1]) ** 2 + (y[k] - y[k - 1]) ** 2)
                           + (z[k] - z[k - 1]) ** 2)
        return a
    if cbs.ldiaminfo is not None:
        return float(cbs.ldiaminfo.x[0])
    for g in list(cbs.geo or ()):
        if int(g.type) == _CONSTL:
            return float(g.value)
        if int(g.type) == _AREA:
            return math.sqrt(float(g.value) / math.pi)
    _interp(cbs).write('cannot determine length of %s, assume 500\n' % cbs._name())
    return 500.


# ---------------------------------------------------------------------------------------------
# geometry
_SEPL, _SEPDIAM, _CONSTL, _CONSTDIAM, _AREA, _CIRCUIT, _NSEG, _DLAMBDA, _DX = range(9)
_GEONAMES = ('L', 'diam', 'L', 'diam', 'area', 'circuit', 'nseg', 'd_lambda', 'd_X')


class GeoType(HocObject):
    def __init__(self, name: str = ''):
        self.name = str(name)


class GeoSpec(PushableObject):
    """One geometry specification: GeoSpec(type) or GeoSpec(type 0|1, subset)."""

    def __init__(self, type: float = 0, snlist=None):
        type = int(type)
        bild = _current_cellbuild()
        if bild is not None and bild.file_version_ < 5.7:
            # older sessions number the CellGeometry types from Ra/cm (two fewer)
            pushed = _interp(self).obj_stack[-1] if _interp(self).obj_stack else None
            if isinstance(pushed, CellGeometry):
                type += 2
        self.type = float(type)
        self.value = 100. if type in (0, 2) else 1.
        self.oldval = self.value
        self.snlist = None
        if type < 2 and snlist is not None:
            self.snlist = snlist
            self.update()
        self.set_default()

    def update(self) -> None:
        if self.snlist is None:
            return
        for cbs in self.snlist.list._items:
            if cbs.ldiaminfo is None:
                cbs.ldiaminfo = _new(self, 'LDiamInfo', 100, 1)

    def set_default(self) -> None:
        self.oldval = self.value
        if self.snlist is not None:
            t = int(self.type)
            for cbs in self.snlist.list._items:
                cbs.ldiaminfo.oldx[t] = cbs.ldiaminfo.x[t]

    def changed(self) -> float:
        if self.snlist is not None:
            t = int(self.type)
            return float(any(c.ldiaminfo.oldx[t] != c.ldiaminfo.x[t]
                             for c in self.snlist.list._items))
        return float(self.oldval != self.value)

    def chk(self) -> None:
        if self.type == _NSEG:
            self.value = float(int(max(self.value, 1.)))
        elif self.value <= 0:
            self.value = 1e-6

    def name(self, s=None) -> str:
        text = 'Ra' if self.type == 0 else 'cm' if self.type == 1 else ''
        if s is not None and hasattr(s, 'set'):
            s.set(text)
        return text

    def panel(self, *args) -> None:
        pass

    def action(self, *args) -> None:
        pass


def lambda_f(sec, freq: float) -> float:
    """stdlib.hoc's lambda_f(freq) for a section: the AC length constant (um)."""
    cm = _seg_value(sec, 'cm')
    if cm == 0:
        return 1e10
    ra = float(sec.Ra)
    n = sec.n3d()
    if n < 2:
        return 1e5 * math.sqrt(_seg_value(sec, 'diam') / (4 * math.pi * freq * ra * cm))
    x1, d1 = sec.arc3d(0), sec.diam3d(0)
    lam = 0.
    for i in range(1, n):
        if d1 == 0:
            raise HocError('lambda_f error: 0 diameter for 3d point %d of %s.'
                           % (i - 1, sec.name()))
        x2, d2 = sec.arc3d(i), sec.diam3d(i)
        lam += (x2 - x1) / math.sqrt(d1 + d2)
        x1, d1 = x2, d2
    lam *= math.sqrt(2) * 1e-5 * math.sqrt(4 * math.pi * freq * ra * cm)
    return sec.L / lam


def _seg_value(sec, name: str) -> float:
    """A range variable at the middle of a section (``cm``, ``diam`` in a section's context)."""
    model = sec.model
    return float(model.range_get(sec, name, 0.5))


def _g(v: float) -> float:
    """A value as it comes back from the tool's ``sprint("%g")`` command text."""
    return float('%g' % v)


def _seg_xs(sec) -> list[float]:
    n = int(sec.nseg)
    return [(2 * i + 1) / (2. * n) for i in range(n)]


class CellGeometry(_Part):
    """The ``geom`` part: geometry specifications attached to subsets and sections."""

    def __init__(self, bild=None):
        self.egeom = 0.
        self.first = 1.
        self.is_auto = 0.
        self.i = 0.
        self.tobj = None
        self.bild = bild
        self.g = None if bild is None else bild.gtopol
        self.setlist = _list()
        self.geolist = _list()

    def consist(self) -> None:
        self.setlist._items.clear()
        self.geolist._items.clear()
        for o in list(self.bild.subsets.snlist) + list(self.bild.topol.slist):
            self.setlist.append(o)
            if len(o.geo):
                self.geolist.append(o)
        self.export()

    def update(self) -> None:
        self.first = 0.

    def set_default(self) -> None:
        self.consist()
        for o in self.setlist:
            for spec in o.geo:
                spec.set_default()
            o.geobox = None
        self.export()

    def changed(self) -> float:
        return float(any(spec.changed() for o in self.geolist for spec in o.geo))

    def cexport(self, egeom=0) -> None:
        self.egeom = float(egeom)
        if not self.bild.continuous:
            self.egeom = 0.
        self.consist()

    @staticmethod
    def _targets(o) -> list:
        if isinstance(o, SNList):
            return o._sections()
        sec = o._sec()
        return [] if sec is None else [sec]

    def export(self, nseg: bool = True) -> None:
        if not self.egeom:
            return
        self.is_auto = 0.
        for o in self.geolist:
            secs = self._targets(o)
            specs = list(o.geo)
            for sec in secs:
                for spec in specs:
                    k = int(spec.type)
                    if k < _CONSTL:
                        continue
                    if k == _AREA:
                        v = _g(math.sqrt(spec.value / math.pi))
                        sec.L = v
                        sec.diam = v
                    elif k == _CIRCUIT:
                        sec.L = 43.0127
                        sec.diam = 100 / sec.L / math.pi
                    elif k in (_DLAMBDA, _DX, _NSEG):
                        self.is_auto = 1.
                    elif k == _CONSTL:
                        sec.L = _g(spec.value)
                    else:
                        sec.diam = _g(spec.value)
            for spec in specs:
                k = int(spec.type)
                if k >= _CONSTL or spec.snlist is None:
                    continue
                for cbs in spec.snlist.list._items:
                    sec = cbs._sec()
                    if sec is None:
                        continue
                    if k == _SEPL:
                        sec.L = _g(cbs.ldiaminfo.x[k])
                    else:
                        sec.diam = _g(cbs.ldiaminfo.x[k])
        if nseg:
            self.export_autonseg()

    def export_autonseg(self) -> None:
        if not (self.egeom and self.is_auto):
            return
        for o in self.geolist:
            for sec in self._targets(o):
                for spec in o.geo:
                    k = int(spec.type)
                    if k == _DLAMBDA:
                        lam = _g(spec.value) * lambda_f(sec, 100.)
                        sec.nseg = int((sec.L / lam + .999) / 2) * 2 + 1
                    elif k == _DX:
                        sec.nseg = int((sec.L / _g(spec.value) + .999) / 2) * 2 + 1
                    elif k == _NSEG:
                        sec.nseg = int(_g(spec.value))


# ---------------------------------------------------------------------------------------------
# membrane
class FakeMechStan(PushableObject):
    """Ra (type 0) or cm (type 1) as a membrane specification."""

    def __init__(self, type: float = 0):
        self.type = float(type)
        self.value = 35.4 if self.type == 0 else 1.
        self.oldval = self.value

    def set_default(self) -> None:
        self.oldval = self.value

    def changed(self) -> float:
        return float(self.oldval != self.value)

    def count(self) -> float:
        return 1.

    def name(self, s=None, *args) -> str:
        text = 'Ra' if self.type == 0 else 'cm' if self.type == 1 else ''
        if s is not None and hasattr(s, 'set'):
            s.set(text)
        return text

    def chk(self) -> None:
        if self.type == 4:
            self.value = float(int(max(self.value, 1.)))
        elif self.value <= 0:
            self.value = 1e-6

    def panel(self, *args) -> None:
        pass

    def action(self, *args) -> None:
        pass


class MStanWrap(PushableObject):
    """MStanWrap(ms, is_ms): a MechanismStandard (is_ms 1) or a FakeMechStan (0)."""

    def __init__(self, ms=None, is_ms: float = 1):
        self.ms = ms
        self.is_ms = float(is_ms)
        self.msold = None
        self.box = None

    def set_default(self) -> None:
        if not self.is_ms and self.ms is not None:
            self.ms.set_default()

    def changed(self) -> float:
        if not self.is_ms and self.ms is not None:
            return self.ms.changed()
        return 0.


class CellMembrane(_Part):
    """The ``memb`` part: mechanisms and Ra/cm attached to subsets and sections."""

    def __init__(self, bild=None):
        self.emem = 0.
        self.first = 1.
        self.i = 0.
        self.tobj = None
        self.bild = bild
        self.g = None if bild is None else bild.gtopol
        self.setlist = _list()
        self.mlist = _list()

    def consist(self) -> None:
        self.setlist._items.clear()
        self.mlist._items.clear()
        subsets = list(self.bild.subsets.snlist)

        def add(o):
            self.setlist.append(o)
            if len(o.ml):
                self.mlist.append(o)
                for w in o.ml:
                    self.mlist.append(w)
        for o in subsets:
            add(o)
            for dpi in o.domainparms or ():     # (each after its subset)
                self.setlist.append(dpi)
        for o in subsets:
            for dpi in o.domainparms or ():
                if len(dpi.using_):
                    self.mlist.append(dpi)
                for u in dpi.using_:
                    self.mlist.append(u)
        for o in self.bild.topol.slist:
            add(o)
        self.export()

    def update(self) -> None:
        self.first = 0.

    def cexport(self, emem=0) -> None:
        self.emem = float(emem)
        if not self.bild.continuous:
            self.emem = 0.
        self.consist()

    def export(self) -> None:
        if not self.emem:
            return
        interp = _interp(self)
        model = interp.sim.model
        for o in self.setlist:
            if isinstance(o, DomainParmInfo) or not len(o.ml):
                continue
            secs = CellGeometry._targets(o)
            for w in o.ml:
                ms = w.ms
                if w.is_ms:
                    mech = _ms_mech_name(ms)
                    values = _ms_values(ms)
                    for sec in secs:
                        if not sec.has_mech(mech):
                            model.insert(sec, mech)
                        for pname, v in values:
                            for x in _seg_xs(sec):
                                model.range_set(sec, pname, x, _g(v))
                else:
                    pname = ms.name()
                    for sec in secs:
                        if pname == 'Ra':
                            sec.Ra = _g(ms.value)
                        else:
                            for x in _seg_xs(sec):
                                model.range_set(sec, pname, x, _g(ms.value))
        for o in self.setlist:              # (NEURON's inhomo_export: after the constants)
            if isinstance(o, DomainParmInfo):
                o.export()


def _strbox():
    from ..base.refs import StrRef
    box = ['']

    def setter(v):
        box[0] = v
    return StrRef('', setter), box


def _ms_mech_name(ms) -> str:
    """The mechanism name of a MechanismStandard (``ms.name(strdef)``)."""
    ref, box = _strbox()
    r = ms.name(ref)
    return box[0] or (r if isinstance(r, str) else '')


def _ms_values(ms) -> list:
    """(range name, value) of each parameter of a MechanismStandard (arrays as name[i])."""
    out = []
    for m in range(int(ms.count())):
        ref, box = _strbox()
        n = int(ms.name(ref, float(m)))
        pname = box[0]
        if n == 1:
            out.append((pname, float(ms.get(pname))))
        else:
            for ii in range(n):
                out.append(('%s[%d]' % (pname, ii), float(ms.get(pname, float(ii)))))
    return out


# ---------------------------------------------------------------------------------------------
# management and the tool
class CellManage(_Part):
    """The ``manage`` part: what cexport() exports, and cell-type (template) options."""

    def __init__(self, bild=None):
        self.thresh = 10.
        self.first = 1.
        self.etop = self.esub = self.egeom = self.emem = 1.
        self.no_warn_ = 0.
        self.itop = self.i3d = 1.
        self.isub = self.igeom = self.imem = 0.
        self.xml_ = 0.
        self.classname = 'Cell'
        self.output_index = 0.
        self.output_str = '***********************'
        self.output_x = 1.
        self.bild = bild
        self.g = None if bild is None else bild.gtopol

    def update(self) -> None:
        self.first = 0.


def _current_cellbuild():
    """The CellBuild whose parts are being pushed (for GeoSpec's old-version rule)."""
    interp = _interp()
    for o in reversed(interp.obj_stack):
        if isinstance(o, CellBuild):
            return o
        b = getattr(o, 'bild', None)
        if isinstance(b, CellBuild):
            return b
    return None


class CellBuild(PushableObject):
    """CellBuild() or CellBuild(1) (not mapped): topol, subsets, geom, memb, manage."""

    def __init__(self, nomap: Any = None):
        # NEURON's CellBuild refers to itself through its parts (topol, subsets ...), so
        # reference counting never frees it: CellBuild[0] outlives the session's objref
        # ocbox_, and models go on with CellBuild[0].cexport()
        _interp(self).__dict__.setdefault('_kept_objects', []).append(self)
        self.geom_cnt_ = 0.
        self.inhomofuns = _list()
        self.append_inhomofun('A0 A k d', 'A0 + A/(1 + exp(k*(d - p)))', 'Boltzmann')
        self.append_inhomofun('b m', 'b + m*p/(p1 - p0)', 'Ramp')
        self.append_inhomofun('A0 A k', 'A0 + A*exp(-k*(p - p0))', 'Exponential')
        self.leave_ = _list()
        self.version_ = 5.7
        self.file_version_ = 5.7
        self.continuous = 0.
        self.changed_ = 0.
        self.page = 0.
        self.vbox = None
        self.all = _new(self, 'SNList', 'all')
        self.gtopol = _new_graph(_interp(self))
        self.topol = _new(self, 'CellBuildTopology', self)
        self.subsets = _new(self, 'SectionSubsets', self)
        self.geom = _new(self, 'CellGeometry', self)
        self.memb = _new(self, 'CellMembrane', self)
        self.manage = _new(self, 'CellManage', self)
        self.changed_ = 0.

    def version(self, v) -> float:
        self.file_version_ = float(v)
        if self.file_version_ > self.version_:
            _interp(self).write('Data format version %g is incompatible with this version %g tool\n'
                                % (float(v), self.version_))
            raise HocError('stop')
        if self.file_version_ < 5.7:
            _interp(self).write(
                'CellBuild data format version %g is compatible with this version %g\n but an '
                'update to the session file is recommended and will\n prevent this message.\n'
                % (float(v), self.version_))
        if self.file_version_ < 5:
            self.all.del_all()
            self.subsets.snlist._items.pop(0)
        return 1.

    def append_inhomofun(self, argstr, expr, name=None) -> None:
        self.inhomofuns.append(_new(self, 'InhomoFun', str(argstr), str(expr),
                                    str(expr if name is None else name)))

    def map(self, *args) -> None:
        pass

    def consist(self) -> None:
        self.topol.consist()
        self.subsets.consist()

    def changed(self) -> float:
        return float(self.changed_ or self.geom.changed())

    def mech_export(self) -> None:
        self.memb.cexport(self.manage.emem)
        self.geom.cexport(self.manage.egeom)

    def _fixall(self) -> None:
        """Sessions older than 5.0 name the ``all`` subset themselves."""
        self.file_version_ = self.version_

    # ---- cell types (the Network Builder's NetReadyCell, pyhoc.sessions.netready)
    def _unique_names(self) -> list:
        """(name, count) of the sections, in the order the type's template creates them."""
        self.topol._validname()
        out: dict = {}
        for s in self.topol.slist:
            out[s.name_] = max(out.get(s.name_, 0), int(s.id) + 1)
        return list(out.items())

    def class_text(self) -> str:
        """The declarations of a cell type's template: its sections and subsets."""
        secs = self._unique_names()
        subsets = [sn.name_ for sn in self.subsets.snlist]
        lines = ['public ' + ', '.join(n for n, _ in secs)]
        if subsets:
            lines.append('public ' + ', '.join(subsets))
            lines.append('objref ' + ', '.join(subsets))
        lines.append('create ' + ', '.join(n if k == 1 else '%s[%d]' % (n, k) for n, k in secs))
        return '\n'.join(lines)

    def instantiate(self, obj) -> None:
        """Build one cell of this type on the sections of template instance ``obj``:
        topology and shape, subsets, geometry (nseg rules last), membrane."""
        from ..sim.sectionlist import SectionList
        self.consist()
        slist = list(self.topol.slist)
        saved = [s.sref for s in slist]
        ns = obj.ns
        try:
            for s in slist:
                v = ns.syms[s.name_].value
                s.sref = _InstanceSection(v.data[int(s.id)] if isinstance(v, Array) else v)
            for s in slist:
                s.export()
            for sn in self.subsets.snlist:
                sym = ns.syms.get(sn.name_)
                if sym is not None:
                    sym.value = SectionList(sn._sections())
            geom, memb = self.geom, self.memb
            flags = geom.egeom, memb.emem
            geom.egeom = 0.
            try:                # NEURON's order: L and diam, membrane, then the nseg rules
                geom.consist()  # (d_lambda needs Ra and cm)
                geom.egeom = memb.emem = 1.
                geom.export(nseg=False)
                memb.consist()
                geom.export_autonseg()
            finally:
                geom.egeom, memb.emem = flags
        finally:
            for s, r in zip(slist, saved):
                s.sref = r

    def cexport(self, *args) -> None:
        if args:
            self.continuous = float(args[0])
        if self.file_version_ < 5:
            self._fixall()
        m = self.manage
        if self.continuous:
            self.topol.cexport(m.etop)
            if not args:
                self.subsets.consist()
            self.subsets.cexport(m.esub)
            self.memb.cexport(m.emem)
            self.geom.cexport(m.egeom)
            if m.esub and m.emem and m.egeom:
                self.memb.cexport(m.emem)
        else:
            self.topol.cexport(0)
            self.subsets.cexport(0)
            self.memb.cexport(0)
            self.geom.cexport(0)


class _InstanceSection:
    """Stands for a CellBuildSection's SectionRef while a cell type's instance is built."""

    __slots__ = ('_sec',)

    def __init__(self, sec):
        self._sec = sec


_CLASSES = {'CellBuild': CellBuild, 'CellBuildSection': CellBuildSection, 'P3D': P3D,
            'LDiamInfo': LDiamInfo, 'SNList': SNList, 'GeoSpec': GeoSpec, 'GeoType': GeoType,
            'FakeMechStan': FakeMechStan, 'MStanWrap': MStanWrap,
            'CellBuildTopology': CellBuildTopology, 'SectionSubsets': SectionSubsets,
            'CellGeometry': CellGeometry, 'CellMembrane': CellMembrane,
            'CellManage': CellManage, 'DomainParmInfo': DomainParmInfo,
            'InhomoParm': InhomoParm, 'InhomoFun': InhomoFun}


def install(interp) -> None:
    """``load_file("celbild.hoc")``: make the CellBuilder classes known to HOC and Python."""
    from ..hoc.library import install_classes
    install_classes(interp, __name__, _CLASSES, ('tobj', 'ocbox_'))
