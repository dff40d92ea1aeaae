"""Model: the one owner of a simulation's state (sections, mechanisms, point processes, t, dt).

The interpreter and the Python bridge reach the simulator only through a Model: sections are
created with ``new_section``, range variables go through ``range_get``/``range_set``/``ref``,
and time advances with ``finitialize``/``fadvance``.  Structure changes (sections, nseg,
connections, inserts, point processes) take the structure-of-arrays apart; the next operation
that needs it rebuilds it (``structure_version`` and ``layout_version`` count both).
"""
from __future__ import annotations

import gc
import math
import sys
import weakref
from typing import Callable

import numpy as np

from ..errors import HocError
from . import backend, fixed_step, topology, tree
from .mechanisms import BUILTIN_TYPES
from .mechanisms.base import memb_order
from .mechanisms import ions
from .pointprocess import POINT_CLASSES, PointProcess
from .refs import ModelAttrRef, SimRef
from .section import MechValues, RangeIndex, Section, prop_order
from .sectionstack import SectionStack
from .weaklist import WeakList
from ..base.objects import HocObject

_sum = np.add.reduce       # (ndarray.sum goes through a Python wrapper: every step asks)

_SCALARS = ('t', 'dt', 'celsius', 'secondorder', 'diam_changed', 'nrn_shape_changed_',
            'clamp_resist')



_collecting = False     # the garbage collector is running (see Model._section_gone)


def _gc_phase(phase: str, info: dict) -> None:
    global _collecting
    _collecting = phase == 'start'


gc.callbacks.append(_gc_phase)

class Model:
    """All simulator state of one interpreter.

    Attributes
    ----------
    t, dt, celsius, secondorder : NEURON's globals of the same names.
    exact_exp : True: the C library's exp in mechanism kernels (bit-identical to NEURON);
        False: NumPy's exp (may differ by an ulp); None (default): libm's where it is
        compiled (numba backend), NumPy's on the NumPy path (within about 1e-11 mV).
    sections : live sections in creation order (NEURON's section_list order).
    stack : the section stack (``pyhoc.sim.sectionstack.SectionStack``).

    ``host`` (a ``pyhoc.base.context.Host``: the interpreter) is where HOC-level work goes --
    printing, HOC statements, callbacks; ``pyhoc.base.context.current(model)`` finds it, or
    without one the interpreter running now.
    """

    def __init__(self, host=None):
        self._owner = host          # what pyhoc.base.context.current(model) returns
        self.stack = SectionStack(self)
        self.t = 0.0
        self.dt = 0.025
        self.celsius = 6.3
        self.secondorder = 0
        self.pt3dconst = 0          # pt3dconst(1): diam and L changes leave the 3-D points
        self.keep_nseg_parm = 1     # keep_nseg_parm(0): an nseg change resets diam and cm
        self.spine_area = 0.0       # setSpineArea (NEURON 9 stores it; areas do not use it)
        self.nrn_shape_changed_ = 0  # counts changes of the 3-D shapes (for redrawing)
        self.clamp_resist = 1e-3     # fclamp's series resistance (MOhm, pyhoc.sim.oldstim)
        self.exact_exp = None
        self._secs: list = []         # Section (held) or weakref (made in Python), creation order
        self._by_owner: dict = {}     # id(owner) -> its sections' weakrefs, creation order
        self._sections_died = False
        self._secs_stale = False      # _secs holds deleted sections (dropped when next read)
        self._sources_unknown = False  # sections went whose spike sources are not yet dropped
        self._points_died = False
        self._orphans: list = []      # sections whose owning object went (deleted when safe)
        self.points = WeakList()      # (a point process's __del__ sets _points_died)
        self.mech_types = {cls.name: cls(self) for cls in BUILTIN_TYPES}
        self.libraries: dict = {}     # SUFFIX nothing .mod files: their GLOBALs are HOC's too
        self.type_order = memb_order(self.mech_types.values())
        self._range_index: dict[str, tuple[str, str]] = RangeIndex({
            'v': ('v', 'v'), 'diam': ('morphology', 'diam'),
            'cm': ('capacitance', 'cm'), 'i_cap': ('capacitance', 'i_cap'),
            'i_membrane_': ('fast_imem', 'i_membrane_')})
        for mt in self.type_order:
            if not mt.point:
                for var in mt.range_names():
                    self._range_index[mt.hoc_name(var)] = (mt.name, var)
        self.structure_version = 0
        self.layout_version = 0
        self._built = False
        self._geom_dirty = True
        self.geometry_version = 0
        self.builds = 0
        self.blocks: dict = {}
        self._order_refs: list = []   # the built node order (weakly: see Section links)
        self._records: list = []
        self.playrec = None     # pyhoc.sim.record.PlayRecords once a Vector records/plays
        self.fast_imem = False  # cvode.use_fast_imem(1): i_membrane_ computed at every step
        self._fim = None
        self._unnamed = 0
        self._allocated: dict = {}    # (property list, inserted name, type) -> property list
        self.distance_origin = None

    @property
    def diam_changed(self) -> int:
        """NEURON's diam_changed: 1 until the areas and resistances are recomputed; setting
        it to 1 makes them recomputed."""
        return 1 if self._geom_dirty else 0

    @diam_changed.setter
    def diam_changed(self, value) -> None:
        if int(value):
            self._geom_dirty = True

    def memory_usage(self) -> str:
        """print_local_memory_usage: bytes held by the sections' node and mechanism arrays."""
        nodes = mechs = 0
        if self._built:         # (the values live in the model's arrays, not the sections')
            nodes = sum(a.nbytes for a in (self.v, self.rhs, self.d, self.a, self.b,
                                           self.area, self.rinv))
            mechs = sum(b.data.nbytes for b in self.blocks.values())
        else:
            for sec in self.sections:
                nodes += (sec._nseg + 1) * 8 + sec._diam.nbytes
                for arrs in sec._mechs.values():
                    mechs += sum(a.nbytes for a in arrs.values() if hasattr(a, 'nbytes'))

        def row(label, n):
            return '%-22s%6d%14d   \n' % (label, n, n)
        return ('                             size     capacity \nModel \n  nodes \n'
                + row('    data', nodes) + '  mechanisms \n' + row('    data', mechs)
                + '\n' + row('total', nodes + mechs) + '\n')

    def initnrn(self) -> None:
        """t, dt, celsius and secondorder back to NEURON's defaults."""
        self.t, self.dt, self.celsius, self.secondorder = 0.0, 0.025, 6.3, 0

    # ------------------------------------------------------------------ structure
    def _structure_changed(self) -> None:
        tree.unbuild(self)
        self.structure_version += 1

    def ensure_built(self) -> None:
        """Build the arrays and geometry if anything changed since the last build."""
        if self._points_died:
            self._points_died = False
            self._structure_changed()
        if self._sections_died:
            self._forget_dead_sections()
        if not self._built:
            tree.build(self)
            self.builds += 1        # (CVode.structure_change_count)
        if self._geom_dirty:        # (every change of a section's geometry sets it)
            tree.recalc_geometry(self)
            self.geometry_version += 1      # a, b, area changed (cached plans check it)

    @property
    def sections(self) -> list[Section]:
        """The live sections in creation order."""
        if self._secs_stale:
            self._compact_sections()
        out = []
        for e in self._secs:
            if type(e) is weakref.ref:
                e = e()
                if e is None:
                    continue
            out.append(e)
        return out

    @property
    def order(self) -> list[Section]:
        out = []
        for r in self._order_refs:
            s = r()
            if s is not None:
                out.append(s)
        return out

    @order.setter
    def order(self, secs: list[Section]) -> None:
        self._order_refs = [weakref.ref(s) for s in secs]

    def new_section(self, name: str | None = None, cell=None, python_owned: bool = False
                    ) -> Section:
        """Create a section (``create soma``, ``h.Section(name='soma')``).

        The Model keeps it unless ``python_owned``: then it is deleted when Python's last
        reference to it goes, as NEURON deletes a Section made in Python."""
        self._structure_changed()
        if name is None:
            name = '__nrnsec_%d' % self._unnamed
            self._unnamed += 1
        sec = Section(self, name, cell)
        if python_owned:
            sec._py_owned = True            # (Section.__del__ tells _section_gone)
            self._secs.append(weakref.ref(sec))
        else:
            self._secs.append(sec)
        if cell is not None and not python_owned:       # (held: the owner deletes them)
            self._by_owner.setdefault(id(cell), []).append(sec)
            try:            # (not at exit: a process that ends deletes nothing one by one)
                weakref.finalize(cell, self._owner_gone, weakref.ref(sec),
                                 id(cell)).atexit = False
            except TypeError:
                pass
        elif cell is not None and isinstance(cell, HocObject):  # (a HOC object's forall)
            self._by_owner.setdefault(id(cell), []).append(weakref.ref(sec))
        return sec

    def sections_of(self, owner) -> list[Section]:
        """The live sections ``owner`` created, in creation order: what ``forall`` in a
        template's code runs over (an index, not a scan of every section of the model)."""
        held = self._by_owner.get(id(owner))
        if not held:
            return []
        out = [s for s in (e() if type(e) is weakref.ref else e for e in held)
               if s is not None and not s.deleted and s._cell is owner]
        if len(out) != len(held):
            keep = set(map(id, out))
            held[:] = [e for e in held if id(e() if type(e) is weakref.ref else e) in keep]
        return out

    def _owner_gone(self, secref, key: int) -> None:
        """The object that created a section was destroyed: the section goes with it, as in
        NEURON (at once, or at the next build when the garbage collector freed the object)."""
        self._by_owner.pop(key, None)
        sec = secref()
        if sec is None or sec.deleted:
            return
        self._orphans.append(sec)
        self._sections_died = True
        if not _collecting:
            self._forget_dead_sections()

    def _section_gone(self, sec=None) -> None:
        """A Python-made section (``sec``, in its __del__) is going: it leaves the model
        with its spike sources, and its children are roots (their parent link is weak).
        When the garbage collector freed it (which may happen anywhere, in a build or a
        step) the arrays are rebuilt at the next ensure_built instead of now."""
        if sec is not None and not _collecting:
            self._secs_stale = True
            self._drop_presyns(sec)
            self._structure_changed()
            return
        self._sections_died = True
        self._sources_unknown = True
        if not _collecting:
            self._forget_dead_sections()

    def _forget_dead_sections(self) -> None:
        self._sections_died = False
        orphans, self._orphans = self._orphans, []
        for sec in orphans:
            self.delete_section(sec)
        self._secs_stale = True
        if self._sources_unknown:       # (sections the collector freed: a scan finds theirs)
            self._sources_unknown = False
            self._drop_presyns()
        self._structure_changed()

    def _compact_sections(self) -> None:
        """_secs without the deleted sections (deleting one only marks the list stale: a
        network torn down deletes thousands in a row)."""
        self._secs_stale = False
        self._secs = [e for e in self._secs if type(e) is not weakref.ref and not e.deleted
                      or type(e) is weakref.ref and e() is not None and not e().deleted]

    def _drop_presyns(self, sec=None) -> None:
        """Spike sources watching a variable of section ``sec`` (None: of any deleted
        section) go too (NEURON deletes a section's PreSyns with it); their NetCons keep no
        source."""
        net = self.__dict__.get('_net')
        if net is not None:
            net.drop_dead_sources(sec)

    # NEURON's Python spelling
    def Section(self, name: str | None = None, cell=None) -> Section:
        return self.new_section(name, cell)

    def delete_section(self, sec: Section) -> None:
        """Delete a section; its children become roots, its point processes lose location."""
        if sec.deleted:
            return
        self._structure_changed()
        for ch in list(sec._children):
            self._detach(ch)
        if sec._parent is not None:
            self._detach(sec)
        for p in list(sec.points):
            p._sec = None
        sec.points = ()
        sec.deleted = True
        self._secs_stale = True
        self._drop_presyns(sec)
        if self.distance_origin is not None and self.distance_origin[0] is sec:
            self.distance_origin = None

    def _detach(self, sec: Section) -> None:
        p = sec._parent
        p._prune_children().remove(weakref.ref(sec))
        sec._parent = None

    def connect(self, child: Section, y: float, parent: Section, x: float) -> None:
        """``connect child(y), parent(x)`` (cabcode.cpp connectsec_impl)."""
        for s in (child, parent):
            s._check()
        if y != 0. and y != 1.:
            raise HocError('%s  must connect at position 0 or 1' % child.name())
        if x < 0. or x > 1.:
            raise HocError('%s  must connect from 0<=x<=1 of parent' % child.name())
        if parent in child.subtree():
            raise HocError('%s connection will form loop' % child.name())
        self._structure_changed()
        if child._parent is not None:
            child._parent._prune_children().remove(weakref.ref(child))
        if child._orient != y:
            child._prune_children().reverse()
            self._reverse_nodes(child)
        child._parent_x = x
        child._orient = y
        child._parent = parent
        self._add_sibling(child)
        child._geometry_changed()

    def _add_sibling(self, sec: Section) -> None:
        def ncp_abs(s):
            x = s._parent_x
            return 1. - x if s._parent._orient else x
        sibs = sec._parent._prune_children()
        x = ncp_abs(sec)
        for k, r in enumerate(sibs):
            if x <= ncp_abs(r()):
                sibs.insert(k, weakref.ref(sec))
                return
        sibs.append(weakref.ref(sec))

    def _reverse_nodes(self, sec: Section) -> None:
        n = sec._nseg
        if sec._v is not None:
            sec._v[:n] = sec._v[:n][::-1].copy()
        sec._diam[:] = sec._diam[::-1].copy()
        for vals in sec._mechs.values():
            vals.reverse()
        for p in sec.points:
            if 0 <= p._j < n:
                object.__setattr__(p, '_j', n - 1 - p._j)
        sec._area = None

    def disconnect(self, sec: Section) -> None:
        if sec._parent is None:
            return
        self._structure_changed()
        self._detach(sec)
        sec._geometry_changed()

    def change_nseg(self, sec: Section, n: int) -> None:
        """Set nseg keeping range values and point processes as node_realloc does (the
        callers refuse n out of 1 .. 32767 in their language's words)."""
        if not 1 <= n <= 32767:
            raise HocError('nseg  must be positive' if n < 1 else 'nseg too large')
        n1 = sec._nseg
        if n == n1:
            return
        self._structure_changed()
        src = list(range(n))
        if n1 < n:
            used = [False] * n
            for i1 in range(n1):
                i2 = int(n * ((i1 + .5) / n1))
                src[i2] = i1
                used[i2] = True
            for i2 in range(n):
                if not used[i2]:
                    src[i2] = int(n1 * ((i2 + .5) / n))
            moves = {i1: int(n * ((i1 + .5) / n1)) for i1 in range(n1)}
        else:
            kept = {}
            for i2 in range(n):
                i1 = int(n1 * ((i2 + .5) / n))
                src[i2] = i1
                kept[i1] = i2
            moves = dict(kept)
            i1 = 0
            for i2 in range(n):
                x2 = (i2 + 1.) / n
                while i1 < n1:
                    if (i1 + .5) / n1 > x2:
                        break
                    if i1 not in kept:
                        moves[i1] = i2
                    i1 += 1
        idx = np.array(src, dtype=np.intp)
        if sec._v is not None:
            sec._v = np.concatenate([sec._v[:n1][idx], sec._v[n1:]])
        sec._diam = sec._diam[idx].copy()
        for name, vals in list(sec._mechs.items()):
            sec._mechs[name] = vals.take(idx)
        relocated = []
        for p in sec.points:
            if p._j == n1:
                object.__setattr__(p, '_j', n)
            elif p._j >= 0:
                if n < n1 and p._j not in kept:
                    relocated.append(p)
                object.__setattr__(p, '_j', moves.get(p._j, n - 1))
        sec._nseg = n
        self._realloc_orders(sec, n1, src, used if n1 < n else None)
        for p in relocated:     # nrn_relocate_old_points puts them at the head of the list
            sec._stamp(p)
        if not self.keep_nseg_parm:
            self._fresh_nodes(sec)
        sec._geometry_changed()

    def _fresh_nodes(self, sec: Section) -> None:
        """keep_nseg_parm(0): after an nseg change the nodes are new ones, with only the
        default diameter and capacitance (the mechanisms and ions are gone)."""
        for name in list(sec._mechs):
            if name != 'capacitance':
                self._remove_mech(sec, name)
        sec._diam[:] = 500.0
        if 'capacitance' in sec._mechs:
            sec._mechs['capacitance']['cm'][:] = 1.0

    def _realloc_orders(self, sec: Section, n1: int, src: list, used) -> None:
        """Per-node property lists after node_realloc: reused nodes keep theirs, new nodes are
        clones of an old one (whose list comes out in a different order)."""
        old = sec._orders or [tuple(sec._prop_order)] * n1
        clones: dict = {}
        orders = []
        for i2, i1 in enumerate(src):
            o = old[i1]
            if used is not None and not used[i2]:
                if id(o) not in clones:
                    clones[id(o)] = tuple(self._clone_order(o))
                o = clones[id(o)]
            orders.append(o)
        if tuple(orders[0]) != sec._prop_order:
            sec._prop_order = prop_order(orders[0])
            for name in reversed(orders[0]):
                sec._stamp(name)
        sec._orders = None if all(o == orders[0] for o in orders) else orders

    def insert(self, sec: Section, name: str) -> None:
        """Insert density mechanism ``name`` (and the ions it uses) into a section."""
        if sec.has_mech(name):      # also capacitance and morphology, which every section has
            return
        mt = self.mech_types.get(name)
        if mt is None or mt.point:
            raise ValueError('argument not a density mechanism name.')
        self._structure_changed()
        self._add_prop(sec, name)
        for ion in mt.ions:
            ion_name = sys.intern(ion + '_ion')     # (one string in every section)
            if not sec.has_mech(ion_name):
                self._add_prop(sec, ion_name)
            sec._stamp(ion_name)
            ions.promote(sec, ion_name, mt)
        if sec._orders is None:     # (every node alike: the common case, one lookup)
            key = (sec._prop_order, name, mt)
            new = self._allocated.get(key)
            if new is None:
                new = self._allocated[key] = prop_order(
                    self._prop_alloc(list(sec._prop_order), name))
            sec._prop_order = new
        else:
            self._reorder(sec, lambda order: self._prop_alloc(order, name))
        mt.inserted(sec)        # (a mechanism made from a HOC template makes its objects)

    def _prop_alloc(self, order: list, name: str) -> list:
        """A node's property list after prop_alloc of ``name``: it goes to the head, then the
        ions it needs move (or are added) to the head in USEION order (NEURON's need_memb)."""
        order = [name] + [m for m in order if m != name]
        mt = self.mech_types.get(name)
        for ion in mt.ions if mt is not None else ():
            ion_name = sys.intern(ion + '_ion')     # (one string in every section)
            if ion_name in order:
                order.remove(ion_name)
            order.insert(0, ion_name)
        return order

    def _clone_order(self, order) -> list:
        """The property list of a node that node_realloc clones from one with ``order``."""
        new: list = []
        for name in order:
            new = self._prop_alloc(new, name)
        return new

    @staticmethod
    def _reorder(sec: Section, fn) -> None:
        """Apply ``fn`` (list -> list) to every node's property list of ``sec``."""
        sec._prop_order = prop_order(fn(list(sec._prop_order)))
        if sec._orders is not None:
            done: dict = {}
            for j, o in enumerate(sec._orders):
                if id(o) not in done:
                    done[id(o)] = (o, tuple(fn(list(o))))
                sec._orders[j] = done[id(o)][1]

    def _add_prop(self, sec: Section, name: str) -> None:
        mt = self.mech_types[name]
        sec._mechs[name] = MechValues.defaults_of(mt, sec._nseg)
        sec._stamp(name)

    def uninsert(self, sec: Section, name: str) -> None:
        mt = self.mech_types.get(name)
        if name in ('morphology', 'extracellular') or (mt is not None and mt.is_ion):
            from ..base.context import current      # NEURON warns and keeps them
            current(self).warning("Not allowed to uninsert ions at this time %s" % name
                                  if name not in ('morphology', 'extracellular')
                                  else "Can't uninsert mechanism %s" % name)
            return
        self._remove_mech(sec, name)

    def _remove_mech(self, sec: Section, name: str) -> None:
        if not sec.has_mech(name):
            return
        self._structure_changed()
        del sec._mechs[name]
        if sec._stamps is None:     # a later insert is told apart (setdata): see Section._stamp
            sec._stamps = {}
        sec._stamp(name)
        self._reorder(sec, lambda order: [m for m in order if m != name])

    def mechanism_names(self, point: bool | None = None) -> list[str]:
        """Mechanism names in NEURON's type order (density only, point only, or all)."""
        return [mt.name for mt in sorted(self.type_order, key=lambda m: m.type_index)
                if point is None or mt.point == point]

    # ------------------------------------------------------------------ point processes
    def new_point_process(self, name: str, seg=None) -> PointProcess:
        """Create a point process of a built-in type (``IClamp(seg)``)."""
        return POINT_CLASSES[name](seg, model=self)

    def IClamp(self, seg=None) -> PointProcess:
        return self.new_point_process('IClamp', seg)

    def AlphaSynapse(self, seg=None) -> PointProcess:
        return self.new_point_process('AlphaSynapse', seg)

    # events and synapses (pyhoc.sim.netcon, events, mechanisms.synapses/artificial)
    def ExpSyn(self, seg=None) -> PointProcess:
        return self.new_point_process('ExpSyn', seg)

    def Exp2Syn(self, seg=None) -> PointProcess:
        return self.new_point_process('Exp2Syn', seg)

    def APCount(self, seg=None) -> PointProcess:
        return self.new_point_process('APCount', seg)

    def NetStim(self) -> PointProcess:
        return self.new_point_process('NetStim')

    def IntFire1(self) -> PointProcess:
        return self.new_point_process('IntFire1')

    def IntFire2(self) -> PointProcess:
        return self.new_point_process('IntFire2')

    def IntFire4(self) -> PointProcess:
        return self.new_point_process('IntFire4')

    def NetCon(self, source=None, target=None, *args):
        from .netcon import NetCon
        return NetCon(source, target, *args, model=self)

    def FInitializeHandler(self, *args):
        from .events import FInitializeHandler
        return FInitializeHandler(*args, model=self)

    def cvode_event(self, tt: float, action=None) -> float:
        """``cvode.event(tt[, action])`` in fixed step."""
        from .events import cvode_event
        return cvode_event(self, tt, action)

    def _add_point(self, p: PointProcess) -> None:
        self._structure_changed()
        self.points.append(p)

    def locate_point(self, p: PointProcess, sec: Section, x: float) -> None:
        sec._check()
        sec._stamp(p)
        self._structure_changed()
        if p._sec is not None:
            p._sec.points.remove(p)
        if not (p._mtype is not None and p._mtype.artificial):
            self.points.move_to_end(p)  # (the newest located is the first at its node)
        p._sec = sec
        object.__setattr__(p, '_j', sec._x_to_node(x))
        if type(sec.points) is tuple:
            sec.points = WeakList()
        sec.points.append(p)
        for ion in p._mtype.ions if p._mtype is not None else ():
            self._point_ion(sec, sys.intern(ion + '_ion'), p._mtype)

    def _point_ion(self, sec: Section, ion_name: str, mt) -> None:
        """A point process's USEION: NEURON's need_memb inserts the ion in its section (at
        the head of the property list) and promotes its style."""
        if not sec.has_mech(ion_name):
            self._add_prop(sec, ion_name)
            self._reorder(sec, lambda order: [ion_name] + [m for m in order if m != ion_name])
        sec._stamp(ion_name)
        ions.promote(sec, ion_name, mt)

    def remove_point(self, p: PointProcess) -> None:
        """Forget a point process (when the HOC object is destroyed)."""
        self._structure_changed()
        if p._sec is not None:
            p._sec.points.remove(p)
            p._sec = None
        if p in self.points:
            self.points.remove(p)

    def pp_get(self, p: PointProcess, var: str) -> float:
        if var in p._mtype.pointers:        # a POINTER reads its target
            from .pointers import point_target
            return float(point_target(p, var).get())
        if p._slot >= 0:
            return float(self.blocks[p._mtype.name].arrays[var][p._slot])
        return p._values[var]

    def pp_set(self, p: PointProcess, var: str, value) -> None:
        if var in p._mtype.pointers:
            from .pointers import point_target
            point_target(p, var).set(value)
            return
        if p._slot >= 0:
            self.blocks[p._mtype.name].arrays[var][p._slot] = float(value)
        else:
            p._values[var] = float(value)

    # ------------------------------------------------------------------ range variables
    def is_range_var(self, name: str) -> bool:
        return name in self._range_index

    def range_var_mechanism(self, name: str) -> str:
        """The mechanism a range variable belongs to (``'hh'`` for ``gnabar_hh``)."""
        return self._range_index[name][0]

    def _resolve(self, sec: Section, name: str) -> tuple[str, str]:
        try:
            mech, var = self._range_index[name]
        except KeyError:
            raise HocError('%s not a range variable' % name) from None
        if mech == 'fast_imem':
            if not self.fast_imem:
                raise HocError('cvode.use_fast_imem(1) has not been executed so i_membrane_ '
                               'does not exist')
            return mech, var
        if mech not in ('v', 'morphology') and not sec.has_mech(mech):
            raise HocError('%s mechanism not inserted in section %s' % (mech, sec.name()))
        return mech, var

    def range_slot(self, sec: Section, name: str, x: float):
        """(array, index) where the value of ``name`` at ``sec(x)`` lives now."""
        sec._check()
        mech, var = self._resolve(sec, name)
        if mech == 'v':
            return sec._v_slot(sec._x_to_node(x))
        if mech == 'morphology':
            return sec._diam, sec._x_to_j(x)
        if mech == 'fast_imem':         # one value per node, like v
            self.ensure_built()
            _, i = sec._v_slot(sec._x_to_node(x))
            return self.fast_imem_arrays()[2], i
        mt = self.mech_types.get(mech)
        if mt is not None and var in mt.pointers:       # a POINTER: where it points
            from .pointers import density_target, slot_of
            return slot_of(density_target(self, sec, mech, var, sec._x_to_j(x)))
        arr, off = sec._slot(mech, var)
        return arr, off + sec._x_to_j(x)

    def fast_imem_arrays(self):
        """(sav_rhs, sav_d, i_membrane_) over the nodes while cvode.use_fast_imem(1) is on,
        else None.  i_membrane_ (nA) is the membrane current, capacitive included, of each
        node: NEURON's (sav_d*dv + sav_rhs)*area*0.01 after a step."""
        if not self.fast_imem:
            return None
        n = len(self.v)
        f = self._fim
        if f is None or f[3] != (n, self.layout_version):
            f = self._fim = (np.zeros(n), np.zeros(n), np.zeros(n), (n, self.layout_version))
        return f

    def range_get(self, sec: Section, name: str, x: float) -> float:
        """Value of range variable ``name`` (``v``, ``diam``, ``gnabar_hh``, ``ena``) at x."""
        if name == 'diam':          # nrn_area_ri first, as reading a MORPHOLOGY variable does
            sec._geometry()
        arr, i = self.range_slot(sec, name, x)
        return float(arr[i])

    def range_set(self, sec: Section, name: str, x: float, value) -> None:
        arr, i = self.range_slot(sec, name, x)
        arr[i] = float(value)
        if name == 'diam':          # a diam <= 0 is refused when the areas are computed
            sec._diam_change()
            sec._geometry_changed()

    def ref(self, sec: Section, name: str, x: float) -> SimRef:
        """A pointer to a range variable (``&v(.5)``, ``seg._ref_v``)."""
        self._resolve(sec, name)
        return SimRef(self, sec, name, float(x))

    def ref_global(self, name: str) -> ModelAttrRef:
        """A pointer to ``t``, ``dt``, ``celsius`` or a mechanism global (``h._ref_t``)."""
        self.global_get(name)
        return ModelAttrRef(self, name)

    def _global_owners(self) -> list:
        return list(self.type_order) + list(self.libraries.values())

    def global_names(self) -> list[str]:
        names = list(_SCALARS)
        for mt in self._global_owners():
            names.extend(mt.global_values)
        return names

    def global_get(self, name: str) -> float:
        if name in _SCALARS:
            return float(getattr(self, name))
        for mt in self._global_owners():
            if name in mt.global_values:
                return float(mt.global_values[name])
        raise HocError('%s not a simulator global' % name)

    def global_set(self, name: str, value) -> None:
        if name in ('secondorder', 'diam_changed', 'nrn_shape_changed_'):
            setattr(self, name, int(value))
            return
        if name in _SCALARS:
            setattr(self, name, float(value))
            return
        for mt in self._global_owners():
            if name in mt.global_values:
                mt.global_values[name] = float(value)
                return
        raise HocError('%s not a simulator global' % name)

    # ------------------------------------------------------------------ geometry queries
    def seg_area(self, sec: Section, x: float) -> float:
        """Membrane area (um2) of the segment containing x; 0 at x == 0 or 1."""
        if x == 0. or x == 1.:
            return 0.
        area, _ = sec._geometry()
        return float(area[sec._x_to_j(x)])

    def seg_ri(self, sec: Section, x: float) -> float:
        """Axial resistance (MOhm) from the node at x to its parent node (1e30 for a root)."""
        j = sec._x_to_node(x)
        if j == -1:
            owner, j = sec._parent_node_owner()
            if j == -1:
                return 1e30
            sec = owner
        _, rinv = sec._geometry()
        r = float(rinv[j])
        return 1. / r if r else 1e30

    def seg_volume(self, sec: Section, x: float) -> float:
        return topology.segment_volume(sec, x)

    def topology(self) -> str:
        """The text NEURON's ``topology()`` prints."""
        return topology.topology_text(self)

    def psection(self, sec: Section) -> str:
        """The text HOC's ``psection()`` prints."""
        return topology.psection_text(self, sec)

    def psection_dict(self, sec: Section) -> dict:
        return topology.psection_dict(self, sec)

    def distance(self, sec: Section | None = None, x: float = 0.5, origin=None) -> float:
        """NEURON's distance(): with no origin set one is needed (see topology.distance)."""
        return topology.distance(self, sec, x, origin)

    def define_shape(self) -> None:
        topology.define_shape(self)

    # ------------------------------------------------------------------ simulation
    def finitialize(self, v: float | None = None) -> None:
        self.check_dt()
        with np.errstate(all='ignore'):         # a NaN is reported by check_finite below
            fixed_step.finitialize(self, v)
            cv = self.__dict__.get('_cvode')
            if cv is not None and cv.active:   # variable step (pyhoc.sim.cvode)
                cv.after_finitialize()
        self.check_finite()

    def fadvance(self, errors_off: bool = False) -> None:
        """One step.  ``errors_off``: the caller has NumPy's floating-point warnings off
        already (a loop of steps enters np.errstate once: it costs about a tenth of a small
        model's step)."""
        cv = self.__dict__.get('_cvode')
        if cv is not None and cv.active:       # variable step (pyhoc.sim.cvode)
            cv.fadvance()
            self.check_finite()
            return
        self.check_dt()
        backend.spend_step(self)
        try:
            if errors_off:
                fixed_step.fadvance(self)
            else:
                with np.errstate(all='ignore'):     # a NaN is reported by check_finite below
                    fixed_step.fadvance(self)
        except (IndexError, ValueError, OverflowError):
            self.check_finite()     # a NaN voltage breaks the rate tables: say where it is
            raise
        self.check_finite()

    def check_dt(self) -> None:
        """A HocError unless dt > 0 (NEURON would divide by it or run backwards)."""
        if not self.dt > 0.:
            raise HocError('dt must be positive (dt = %g)' % self.dt)

    def check_finite(self) -> None:
        """A HocError naming the first node whose voltage is NaN or infinite (cheap if none)."""
        v = getattr(self, 'v', None)
        if not self._built or v is None or math.isfinite(
                _sum(v) if len(v) > 16 else sum(v.tolist())):    # (a few: no NumPy call)
            return
        bad = None
        for sec in self.order:
            n = sec._nseg
            nodes = [(sec._node0 + j, (j + .5) / n) for j in range(n)] + [(sec._node0 + n, 1.)]
            if sec._parent is None:
                nodes.append((sec._root_index, 0.))
            for i, x in nodes:     # segment centres first: the ends follow them
                if not np.isfinite(v[i]):
                    bad = (sec, 1. - x if sec._orient else x, v[i])
                    break
            if bad is not None:
                break
        if bad is not None:
            sec, x, val = bad
            raise HocError('the simulation became unstable: v = %g at %s(%g) at t = %g '
                           '(dt = %g too large, or a bad parameter?)' %
                           (val, sec.name(), x, self.t, self.dt))

    def fcurrent(self) -> None:
        fixed_step.fcurrent(self)

    # ------------------------------------------------------------------ recording
    def add_record(self, ref, sink: Callable[[float], None],
                   reset: Callable[[], None] | None = None) -> object:
        """Sample ``ref.get()`` into ``sink`` at finitialize and after every fadvance.

        ``reset`` (if given) is called at the start of each finitialize, before the first
        sample (Vector.record empties the vector there).  Returns a handle for
        ``remove_record``.
        """
        handle = (ref, sink, reset)
        self._records.append(handle)
        return handle

    def remove_record(self, handle) -> None:
        if handle in self._records:
            self._records.remove(handle)

    def _sample_records(self) -> None:
        for ref, sink, _ in self._records:
            sink(ref.get())
