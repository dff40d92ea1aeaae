"""Sections, segments and mechanism views: the user-facing cable objects of a Model.

A Section keeps its own copy of its range variables (per-segment arrays in NEURON's node order
``pnode[0..nseg]``) while the model is not built; once the Model builds its structure-of-arrays
the values live there and the section only knows its offsets.  ``Section._slot(mech, var)``
hides which: it returns (array, offset) for node j.
"""
from __future__ import annotations

import itertools
import math
import numbers
import operator
import struct
import weakref
from typing import TYPE_CHECKING, Iterator

import numpy as np

from ..errors import HocError
from . import geometry


_SEQ = itertools.count()     # when a mechanism or point process joined a section (psection order)


_F32X4 = struct.Struct('4f')
_F32X3 = struct.Struct('3f')
_F32X4_PACK, _F32X4_ROUND = _F32X4.pack, _F32X4.unpack
_F32X3_PACK, _F32X3_ROUND = _F32X3.pack, _F32X3.unpack
_sqrt = math.sqrt

class DeletedSectionError(HocError, ReferenceError):
    """Use of a deleted section: a HOC error, and to Python the ReferenceError NEURON raises
    (named so in tracebacks and ``type(e).__name__``)."""


DeletedSectionError.__name__ = DeletedSectionError.__qualname__ = 'ReferenceError'
DeletedSectionError.__module__ = 'builtins'


_ROWS: dict[tuple, dict] = {}     # variable names -> {name: row}, shared by all sections


def value_rows(names) -> dict:
    """The row of each variable ``names`` names (one dict for every section with them)."""
    key = tuple(names)
    rows = _ROWS.get(key)
    if rows is None:
        rows = _ROWS[key] = {name: k for k, name in enumerate(key)}
    return rows


_CHUNK = 256                        # columns per pooled chunk (see MechValues)
_POOL: dict = {}                    # nvar -> [chunk, columns used]


def _pooled(data: np.ndarray, n: int | None = None) -> tuple[np.ndarray, int]:
    """(chunk, start): ``data`` (nvar, n) copied into columns start.. of a shared chunk
    (``n`` given: data is one (nvar, 1) column, repeated n times).
    A chunk never moves, so views of it stay good; it goes with the last values in it."""
    nvar = data.shape[0]
    if n is None:
        n = data.shape[1]
    p = _POOL.get(nvar)
    if p is None or p[1] + n > p[0].shape[1]:
        p = _POOL[nvar] = [np.empty((nvar, max(_CHUNK, n))), 0]
    chunk, start = p[0], p[1]
    p[1] = start + n
    chunk[:, start:start + n] = data
    return chunk, start


class MechValues:
    """One mechanism's range variables in one unbuilt section: (nvar, nseg) values, one row
    per variable, read like a dict of per-segment arrays (views: writes go through).  The
    values are columns of a chunk shared with other sections (``data`` is a view of them):
    an array per section and mechanism cost ~150 bytes beyond its values, ~1 kB a cell until
    the model is built, and that memory was not given back."""

    __slots__ = ('rows', 'chunk', 'start', 'n')

    def __init__(self, rows: dict, data: np.ndarray, n: int | None = None):
        """``n`` given: data is one column, the values of each of n segments."""
        self.rows = rows
        self.chunk, self.start = _pooled(data, n)
        self.n = data.shape[1] if n is None else n

    @property
    def data(self) -> np.ndarray:
        s = self.start
        return self.chunk[:, s:s + self.n]

    @classmethod
    def defaults_of(cls, mt, n: int) -> 'MechValues':
        """Every segment at mechanism type ``mt``'s defaults (its rows and a column of values
        are kept on the type while its defaults stay the same: an insert in every section of
        a cell built the defaults dict and three arrays per mechanism before)."""
        c = mt.__dict__.get('_default_column')
        if c is None or c[0] != mt.parameters or c[1] != mt.assigned or c[2] != mt.states:
            d = mt.all_defaults()
            c = (dict(mt.parameters), mt.assigned, mt.states, value_rows(d),
                 np.array(list(d.values()), dtype=float).reshape(-1, 1))
            mt._default_column = c
        return cls(c[3], c[4], n)

    def __getitem__(self, var: str) -> np.ndarray:
        s = self.start
        return self.chunk[self.rows[var], s:s + self.n]

    def get(self, var: str, default=None):
        r = self.rows.get(var)
        return default if r is None else self[var]

    def __contains__(self, var) -> bool:
        return var in self.rows

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def items(self):
        return ((var, self.data[r]) for var, r in self.rows.items())

    def values(self):
        return (self.data[r] for r in self.rows.values())

    def take(self, idx) -> 'MechValues':
        """The values of the segments ``idx`` (an nseg change)."""
        return MechValues(self.rows, self.data[:, idx])

    def reverse(self) -> None:
        d = self.data
        d[:] = d[:, ::-1].copy()


class Offsets:
    """A built section's offset of its segment 0 in each of its mechanisms' blocks, read like
    a dict.  The offsets live in the blocks (``Block.sec_off``, one int32 per section in the
    build order, -1 for a section without the mechanism); the section keeps only its index
    in that order (a tuple of offsets and a mapping per section cost ~200 bytes a section)."""

    __slots__ = ('blocks', 'k')

    def __init__(self, blocks: dict, k: int):
        self.blocks, self.k = blocks, k

    def __getitem__(self, name: str) -> int:
        off = self.blocks[name].sec_off[self.k]
        if off < 0:
            raise KeyError(name)
        return off

    def get(self, name: str, default=None):
        blk = self.blocks.get(name)
        sec_off = None if blk is None else blk.sec_off      # (None: a point type)
        if sec_off is None or sec_off[self.k] < 0:
            return default
        return sec_off[self.k]

    def __contains__(self, name) -> bool:
        return self.get(name) is not None


NO_OFFSETS = Offsets({}, -1)


def _mech_name(mech) -> str:
    """``'hh'`` from ``'hh'`` or from the mechanism object ``h.hh``."""
    if isinstance(mech, str):
        return mech
    name = getattr(mech, '_mech_name', None)
    if name is None:
        raise TypeError('argument must be a mechanism name or mechanism object')
    return name

if TYPE_CHECKING:
    from .model import Model

DEF_L, DEF_DIAM, DEF_RA, DEF_CM, DEF_V = 100., 500., 35.4, 1., -65.
_CAP_ROWS = value_rows(('cm', 'i_cap'))
_CAP_COLUMN = np.array([[DEF_CM], [0.]])      # (copied into each section's MechValues)
_NO_PTS = ((), (), (), (), ())    # the 3-D points of every section without any
IN_MODEL = 'in model'             # Section._area: the built model's arrays hold its geometry
_ORDERS: dict = {}


def prop_order(names) -> tuple:
    """``names`` as a tuple that every section with the same property list shares."""
    t = tuple(names)
    return _ORDERS.setdefault(t, t)


_CAP_MORPH = prop_order(('capacitance', 'morphology'))


class Section:
    """An unbranched cable (NEURON's Section); create it through ``Model.new_section``."""

    # Slots, so that a section's size does not depend on what Python did before: a shared-key
    # instance dict grows a private table (~800 bytes) when a name arrives after __init__ once
    # the type's shared keys are full, and dir() of one section fills them.  Rare names
    # No __dict__: as NEURON's nrn.Section, a section takes no new attributes (sec.foo = 1
    # is an AttributeError).  _ptrs and _logical_connection are None until used.
    __slots__ = ('model', '_name', '_cell_ref', 'hoc_name', '_nseg', '_L', '_Ra', '_rall',
                 '_parent_ref', '_parent_x', '_orient', '_child_refs', '_v', '_root_v', '_dm',
                 '_mechs', '_prop_order', '_orders', '_oidx', '_node0', '_pts', '_area',
                 'points', 'deleted', '_stamps', '_py_owned', '_root_index',
                 '_ptrs', '_logical_connection', '__weakref__')

    def __init__(self, model: 'Model', name: str, cell=None):
        self.model = model
        self._name = name
        self._cell_ref = _maybe_weak(cell)
        self.hoc_name = None            # set by the interpreter for ``create`` arrays etc.
        self._nseg = 1
        self._L = DEF_L
        self._Ra = DEF_RA
        self._rall = 1.0
        self._parent_ref = None         # weakref to the parent Section (see _parent)
        self._parent_x = 0.0            # connection position on the parent (dparam[1])
        self._orient = 0.0              # end of this section attached (dparam[3])
        self._child_refs = ()           # weakrefs to children, NEURON's sibling list order
        self._v = None                  # pnode[0..nseg] when unbuilt (None: all DEF_V,
                                        # until written: see _v_nodes)
        self._root_v = DEF_V            # this section's root node, when it is a root
        self._dm = np.array([DEF_DIAM])     # diam per segment (IN_MODEL: see _diam)
        self._mechs = {'capacitance': MechValues(_CAP_ROWS, _CAP_COLUMN)}
        self._prop_order = _CAP_MORPH   # node 0's properties, head first (see prop_order)
        self._orders = None             # per-node lists (tuples) when nodes differ from node 0
        self._oidx = -1                 # built: its index in the build order (Offsets)
        self._node0 = -1
        self._pts = _NO_PTS             # x, y, z, d (float32), arc; lists once it has any
        self._area = None               # cached geometry: rows area, rinv (None: recompute;
                                        # IN_MODEL: in the built model's area and rinv)
        self.points = ()                # point processes located here (a WeakList once any)
        self.deleted = False
        self._stamps = None             # mechanism name -> _SEQ value (see _stamp)
        self._py_owned = False          # made in Python: goes with its last reference
        self._root_index = -1           # built, a root: its root node
        self._ptrs = None               # POINTERs of its density mechanisms (pointers.py)
        self._logical_connection = None     # pt3dstyle(1, x, y, z)'s point

    def __del__(self):
        # a Python-made section's last reference went (the Model holds it weakly, without a
        # callback: that weakref and its bound method would cost ~150 bytes per section)
        try:
            if not self._py_owned or self.deleted:
                return
        except AttributeError:          # (its __init__ did not finish)
            return
        self.deleted = True             # (while it goes, its spike sources see it gone)
        try:
            self.model._section_gone(self)
        except Exception:               # (at interpreter exit)
            pass

    # ------------------------------------------------------------------ links
    # Links between sections (and to the owning cell) are weak: a section made in Python
    # lives as long as Python refers to it, as in NEURON (the Model holds HOC's strongly).
    @property
    def _parent(self) -> 'Section | None':
        r = self._parent_ref
        return None if r is None else r()

    @_parent.setter
    def _parent(self, parent: 'Section | None') -> None:
        self._parent_ref = None if parent is None else weakref.ref(parent)

    @property
    def _children(self) -> list['Section']:
        """Live children in sibling order."""
        out = []
        for r in self._child_refs:
            c = r()
            if c is not None:
                out.append(c)
        return out

    def _prune_children(self) -> list:
        """The child weakrefs without dead ones (for Model's list edits)."""
        refs = self._child_refs = [r for r in self._child_refs if r() is not None]
        return refs

    @property
    def _cell(self):
        r = self._cell_ref
        return r() if isinstance(r, weakref.ref) else r

    # ------------------------------------------------------------------ naming
    def name(self) -> str:
        if self.deleted:
            raise DeletedSectionError("can't access a deleted section")
        return self.hoc_name or self._name

    def hname(self) -> str:
        return self.name()

    def is_pysec(self) -> bool:
        """True for sections made in Python (``h.Section``), False for HOC ``create``."""
        return self.hoc_name is None

    def hoc_internal_name(self) -> str:
        return self.hoc_name or '__nrnsec_0x%x' % id(self)

    def same(self, other) -> bool:
        return other is self

    def push(self) -> 'Section':
        """Make this the currently accessed section until ``h.pop_section()``."""
        self._check()
        self.model.stack.push(self)
        return self

    def cell(self):
        """The object that owns this section (``h.Section(cell=obj)``, a HOC template)."""
        return self._cell

    def __repr__(self) -> str:
        if self.deleted:
            return '<deleted section>'
        return self.hoc_name or self._name

    __str__ = __repr__

    def _stamp(self, what) -> None:
        """Note that a mechanism (name) or point process just joined the front of the list.

        The stamps only order mechanisms against point processes (psection), so a section
        keeps none until a mechanism joins it after a point process or is uninserted:
        mechanisms never stamped are older than anything stamped, and among themselves in
        property-list order.  A point process keeps its own stamp.  (setdata's check sees a
        stamp change on uninsert and insert.)"""
        if not isinstance(what, str):
            object.__setattr__(what, '_stamp', next(_SEQ))
            return
        stamps = self._stamps
        if stamps is None:
            if not self.points:
                return
            stamps = self._stamps = {}
        stamps[what] = next(_SEQ)

    def _check(self) -> None:
        if self.deleted:
            raise DeletedSectionError("can't access a deleted section")

    # ------------------------------------------------------------------ Python attributes
    # Range variables (sec.gnabar_hh) are attributes of the class (_RangeAttr, one per name a
    # model knows): Section has no __setattr__, which would make every attribute write a
    # Python call.
    def __getattr__(self, name: str):
        # only reached for names that are not attributes: NEURON's error, sec._ref_v
        if name.startswith('__') or name == 'model':
            raise AttributeError(name)      # (not yet set: still in __init__)
        model = self.model
        if name.startswith('_ref_'):
            self._check()
            return _seg_attr(Segment(self, .5), name)
        if model.is_range_var(name):
            self._check()
            return _seg_attr(Segment(self, .5), name)
        raise AttributeError("'nrn.Section' object has no attribute '%s'" % name)

    def __dir__(self):
        return [n for n in object.__dir__(self) if type(_CLASS_ATTRS.get(n)) is not _RangeAttr]

    def rangeconst_xs(self, name: str) -> list[float]:
        """The positions ``sec.name = value`` (HOC: ``sec name = value``) sets: every segment,
        and for ``v`` the 0 and 1 end nodes too, as NEURON's nrn_rangeconst."""
        n = self._nseg
        xs = [(i + .5) / n for i in range(n)]
        return [0.] + xs + [1.] if name == 'v' else xs

    # ------------------------------------------------------------------ storage
    def _slot(self, mech: str, var: str) -> tuple[np.ndarray, int]:
        """(array, offset): the value for pnode j is array[offset + j]."""
        if mech == 'v':
            if self.model._built:
                return self.model.v, self._node0
            return self._v_nodes(), 0
        if self.model._built:
            blk = self.model.blocks[mech]
            off = blk.sec_off[self._oidx]
            if off < 0:
                raise KeyError(mech)
            return blk.arrays[var], off
        return self._mechs[mech][var], 0

    @property
    def _offsets(self) -> Offsets:
        """Built: the offset of segment 0 in each of its mechanisms' blocks."""
        k = self._oidx
        return NO_OFFSETS if k < 0 else Offsets(self.model.blocks, k)

    def _v_nodes(self) -> np.ndarray:
        """The unbuilt section's own node voltages (made at the first use: most sections
        first get a voltage from finitialize, when the model's array holds it)."""
        v = self._v
        if v is None:
            v = self._v = np.full(self._nseg + 1, DEF_V)
        return v

    def has_mech(self, mech: str) -> bool:
        return mech in self._prop_order

    def _x_to_j(self, x: float) -> int:
        """node_index: the segment containing x (0 <= x <= 1), in pnode order."""
        if not 0. <= x <= 1.:       # (NaN too: a HOC error, not int()'s ValueError)
            raise HocError('range variable domain is 0<=x<=1')
        n = self._nseg
        i = int(n * x)
        if i == n:
            i = n - 1
        if self._orient:
            i = n - i - 1
        return i

    def _x_to_node(self, x: float) -> int:
        """node_exact: like _x_to_j but 0/1 give the end nodes (-1 is the parent node)."""
        if x <= 0. or x >= 1.:
            x = min(max(x, 0.), 1.)
            if self._orient:
                x = 1. - x
            return -1 if x == 0. else self._nseg
        return self._x_to_j(x)

    def _parent_node_owner(self) -> tuple['Section', int]:
        """(section, j) owning this section's parent node; j == -1 means a root node."""
        s, p = self, self._parent
        while p is not None:
            x = s._parent_x
            if x != p._orient:
                if x == 1. or x == 0.:
                    return p, p._nseg
                return p, p._x_to_j(x)
            s, p = p, p._parent
        return s, -1

    def _v_slot(self, j: int) -> tuple[np.ndarray, int]:
        """(array, index) of the voltage of node j (-1 = parent node)."""
        if j == -1:
            owner, jj = self._parent_node_owner()
            if jj == -1:
                if self.model._built:
                    return self.model.v, owner._root_index
                return _RootVProxy(owner), 0
            owner, j = owner, jj
            arr, off = owner._slot('v', 'v')
            return arr, off + j
        arr, off = self._slot('v', 'v')
        return arr, off + j

    # ------------------------------------------------------------------ cable properties
    @property
    def nseg(self) -> int:
        if self.deleted:
            self._check()
        return self._nseg

    @nseg.setter
    def nseg(self, n) -> None:
        self._check()
        if not isinstance(n, numbers.Real) or isinstance(n, float) and n != int(n) or \
                not 1 <= n <= 32767:
            raise ValueError('nseg must be an integer in range 1 to 32767')
        self.model.change_nseg(self, int(n))

    @property
    def L(self) -> float:
        """section_length: a stored length <= 1e-9 becomes 1e-9 once it is used."""
        if self.deleted:
            self._check()
        if len(self._pts[0]) > 0:
            self._L = self._pts[4][-1]
        if self._L <= 1e-9:       # (a nan length stays nan)
            self._L = 1e-9
        return self._L

    @L.setter
    def L(self, value: float) -> None:
        value = float(value) if isinstance(value, numbers.Real) else float('nan')
        if not value > 0.:
            raise ValueError('L must be > 0.')      # (HOC takes any length: set_L)
        self.set_L(value)

    def set_L(self, value: float) -> None:
        """HOC's ``L = value``: any number is stored (read back as is until the length is
        used, then at least 1e-9, as in NEURON)."""
        self._check()
        if len(self._pts[0]) > 0:
            self._length_change(value)
        self._L = float(value)
        self._geometry_changed()

    @property
    def Ra(self) -> float:
        self._check()
        return self._Ra

    @Ra.setter
    def Ra(self, value: float) -> None:
        value = float(value) if isinstance(value, numbers.Real) else float('nan')
        if not value > 0.:
            raise ValueError('Ra must be > 0.')     # (HOC takes any: set_Ra)
        self.set_Ra(value)

    @property
    def rallbranch(self) -> float:
        return self._rall

    @rallbranch.setter
    def rallbranch(self, value: float) -> None:
        value = float(value)
        if not value > 0.:
            raise ValueError('rallbranch must be > 0')  # (HOC takes any: set_rallbranch)
        self._rall = value

    def set_rallbranch(self, value: float) -> None:
        """HOC's ``rallbranch = value``: any number is stored, as in NEURON."""
        self._rall = float(value)

    def set_Ra(self, value: float) -> None:
        """HOC's ``Ra = value``: any number is stored, as in NEURON."""
        self._check()
        self._Ra = float(value)
        self._geometry_changed()

    @property
    def diam(self) -> float:
        return self.model.range_get(self, 'diam', .5)

    @diam.setter
    def diam(self, value: float) -> None:
        if not isinstance(value, numbers.Real):
            raise ValueError('bad value')           # NEURON's Python words
        for seg in self:
            self.model.range_set(self, 'diam', seg.x, value)

    @property
    def cm(self) -> float:
        return self.model.range_get(self, 'cm', .5)

    @cm.setter
    def cm(self, value: float) -> None:
        if not isinstance(value, numbers.Real):
            raise ValueError('bad value')
        for seg in self:
            self.model.range_set(self, 'cm', seg.x, value)

    @property
    def _diam(self) -> np.ndarray:
        """diam of each segment: once built a view of the model's node_diam (the section's
        own array goes: ~120 bytes a section), else the section's own array."""
        d = self._dm
        if d is IN_MODEL:
            i0 = self._node0
            return self.model.node_diam[i0:i0 + self._nseg]
        return d

    @_diam.setter
    def _diam(self, value: np.ndarray) -> None:
        self._dm = value

    def _geometry_changed(self) -> None:
        self._area = None
        self.model._geom_dirty = True

    def _geometry_values(self):
        """(area, rinv) of nodes pnode[0..nseg] computed now (lists or arrays)."""
        if len(self._pts[0]) > 1:
            area, rinv = geometry.frusta_area_ri(self._pts[4], self._pts[3], self._nseg,
                                                 self._Ra, self._diam)
            if self.model.spine_area:
                area = np.asarray(area) + self.model.spine_area * self._spines()
            return area, rinv
        bad = np.flatnonzero(self._diam <= 0.)
        if len(bad):        # nrn_area_ri: one segment per try, the areas still due
            self._diam[bad[0]] = 1e-6
            raise HocError('%s diameter diam = 0. Setting to 1e-6' % self.name())
        return geometry.cylinder_area_ri(self.L, self._diam, self._Ra)

    def _diam_as_stored(self) -> bool:
        """Whether reading diam gives the stored diameters and does nothing else: the geometry
        is current, or there are no 3-D points to take them from and none <= 0 to refuse."""
        return self._area is not None or (
            len(self._pts[0]) < 2 and all(v > 0. for v in self._diam.tolist()))

    def _geometry(self) -> tuple[np.ndarray, np.ndarray]:
        """(area, rinv) of nodes pnode[0..nseg], recomputed when geometry changed."""
        if self._area is None:
            area, rinv = self._geometry_values()
            g = self._area = np.empty((2, self._nseg + 1))     # (one array: half the headers)
            g[0] = area
            g[1] = rinv
        g = self._area
        if g is IN_MODEL:
            i0, model = self._node0, self.model
            return model.area[i0:i0 + self._nseg + 1], model.rinv[i0:i0 + self._nseg + 1]
        return g[0], g[1]

    # ------------------------------------------------------------------ mechanisms
    def insert(self, name) -> 'Section':
        """Insert a density mechanism in every segment (``sec.insert('hh')``, ``sec.insert(h.hh)``)."""
        self._check()
        if not isinstance(name, str):
            if not callable(getattr(name, 'insert', None)):
                raise TypeError('insert argument must be either a string or an object with an '
                                'insert method')
            name.insert(self)       # NEURON: sec.insert(obj) is obj.insert(sec)
            return self
        self.model.insert(self, name)
        return self

    def uninsert(self, name) -> 'Section':
        self._check()
        self.model.uninsert(self, _mech_name(name))
        return self

    def has_membrane(self, name) -> bool:
        self._check()
        return _mech_name(name) in self._prop_order

    def psection(self) -> dict:
        return self.model.psection_dict(self)

    # ------------------------------------------------------------------ segments
    def __call__(self, x: float = .5) -> 'Segment':
        self._check()
        x = float(x)
        if not 0. <= x <= 1.:
            raise ValueError('segment position range is 0 <= x <= 1')
        return Segment(self, x)

    def __iter__(self) -> Iterator['Segment']:
        self._check()
        n = self._nseg
        for i in range(n):
            yield Segment(self, (i + .5) / n)

    def allseg(self) -> Iterator['Segment']:
        yield Segment(self, 0.)
        yield from self
        yield Segment(self, 1.)

    # (no __len__: NEURON's len(sec) is a TypeError; iterate for the segments)

    # A total order, as NEURON's (which compares the sections' addresses): sorted() works.
    def __lt__(self, other):
        return id(self) < id(other) if isinstance(other, Section) else NotImplemented

    def __le__(self, other):
        return id(self) <= id(other) if isinstance(other, Section) else NotImplemented

    def __gt__(self, other):
        return id(self) > id(other) if isinstance(other, Section) else NotImplemented

    def __ge__(self, other):
        return id(self) >= id(other) if isinstance(other, Section) else NotImplemented

    # ------------------------------------------------------------------ topology
    def connect(self, parent, a: float | None = None, b: float | None = None) -> 'Section':
        """NEURON's forms: ``child.connect(parent(x), y)`` or ``child.connect(parent, x, y)``.

        ``y`` (0 or 1, default 0) is the end of this section that attaches; ``x`` (default 1)
        the position on the parent.  Bad arguments raise NEURON's Python TypeError and
        ValueError.
        """
        if isinstance(parent, Segment):
            x, y = parent.x, (0. if a is None else a)
            parent = parent.sec
        elif isinstance(parent, Section):
            x, y = (1. if a is None else a), (0. if b is None else b)
        else:
            raise TypeError('first arg not a nrn.Section or nrn.Segment')
        for v in (x, y):
            if not isinstance(v, numbers.Real):
                raise TypeError('must be real number, not %s' % type(v).__name__)
        x, y = float(x), float(y)
        if not 0. <= x <= 1.:
            raise ValueError('out of range 0 <= parentx <= 1.')
        if y != 0. and y != 1.:
            raise ValueError('child connection end must be  0 or 1')
        self.model.connect(self, y, parent, x)
        return self

    def disconnect(self) -> None:
        self.model.disconnect(self)

    def parentseg(self) -> 'Segment | None':
        if self._parent is None:
            return None
        return Segment(self._parent, self._parent_x)

    def trueparentseg(self) -> 'Segment | None':
        s, p = self, self._parent
        while p is not None:
            if s._parent_x == p._orient:   # attached at the beginning: keep walking
                s, p = p, p._parent
            else:
                return Segment(p, s._parent_x)
        return None

    def orientation(self) -> float:
        return self._orient

    def children(self) -> list['Section']:
        self._check()
        return list(self._children)

    def subtree(self) -> list['Section']:
        """This section and all below it, depth first, as NEURON's Python ``sec.subtree()``."""
        self._check()
        out, todo = [], [self]
        while todo:
            s = todo.pop()
            out.append(s)
            todo.extend(reversed(s._children))
        return out

    def wholetree(self) -> list['Section']:
        """The subtree of this section's root (``sec.wholetree()``), depth first."""
        return self._root().subtree()

    def _root(self) -> 'Section':
        root = self
        while root._parent is not None:
            root = root._parent
        return root

    def subtree_breadth_first(self) -> list['Section']:
        """This section and all below it level by level: SectionList.subtree's order."""
        out = [self]
        i = 0
        while i < len(out):
            out.extend(out[i]._children)
            i += 1
        return out

    def is_root(self) -> bool:
        return self._parent is None

    # ------------------------------------------------------------------ 3-D points
    def pt3dadd(self, x, y, z, d) -> None:
        # _pt3dmodified(n) written out for one appended point (the stored points are float32
        # already, so only the differences are rounded); a morphology file calls this once a
        # point (ModelDB 150551: 5343 calls), so the steps are inline
        pts = self._pts
        if pts is _NO_PTS:
            pts = self._pts = [[], [], [], [], []]
        xs, ys, zs, ds, arc = pts
        try:
            x, y, z, d = _F32X4_ROUND(_F32X4_PACK(x, y, z, d))   # the C casts to float
        except OverflowError:
            f32 = geometry.f32
            x, y, z, d = f32(x), f32(y), f32(z), f32(d)
        except struct.error:        # a string, None...: NEURON's Python TypeError
            bad = next(v for v in (x, y, z, d) if not isinstance(v, numbers.Real))
            raise TypeError('must be real number, not %s' % type(bad).__name__) from None
        if arc:
            try:
                t1, t2, t3 = _F32X3_ROUND(_F32X3_PACK(x - xs[-1], y - ys[-1], z - zs[-1]))
            except OverflowError:
                f32 = geometry.f32
                t1, t2, t3 = f32(x - xs[-1]), f32(y - ys[-1]), f32(z - zs[-1])
            a = arc[-1] + _sqrt(t1 * t1 + t2 * t2 + t3 * t3)
        else:
            a = 0.0
        xs.append(x)
        ys.append(y)
        zs.append(z)
        ds.append(d)
        arc.append(a)
        self._L = a
        self._area = None                   # (_geometry_changed)
        self.model._geom_dirty = True

    def _pt_lists(self) -> list:
        """The 3-D point lists, made for this section when it has none yet."""
        pts = self._pts
        if pts is _NO_PTS:
            pts = self._pts = [[], [], [], [], []]
        return pts

    def pt3dclear(self, buffer_size: int = 0) -> int:
        self._pts = _NO_PTS
        self._geometry_changed()
        return int(buffer_size)

    def pt3dinsert(self, i: int, x, y, z, d) -> None:
        i = int(i)
        if not 0 <= i <= self.n3d():
            raise HocError('arg 1 out of range')
        pts = self._pt_lists()
        for k, val in enumerate((x, y, z, d)):
            pts[k].insert(i, geometry.f32(val))
        pts[4].insert(i, 0.0)
        self._pt3dmodified(i)

    def pt3dremove(self, i: int) -> None:
        i = int(i)
        if not 0 <= i < self.n3d():
            raise HocError('arg 1 out of range')
        for k in range(5):
            del self._pts[k][i]
        if self.n3d():
            self._pt3dmodified(min(i, self.n3d() - 1) if i else 0)
        self._geometry_changed()

    def pt3dchange(self, i: int, *args) -> None:
        i = int(i)
        if not 0 <= i < self.n3d():
            raise HocError('arg 1 out of range')
        if len(args) == 1:
            self._pts[3][i] = geometry.f32(args[0])
            self._geometry_changed()
        else:
            for k, val in enumerate(args[:4]):
                self._pts[k][i] = geometry.f32(val)
            self._pt3dmodified(i)

    def _pt3dmodified(self, i0: int) -> None:
        pts = self._pts
        geometry.arc_lengths(pts[0], pts[1], pts[2], i0, pts[4])
        self._L = pts[4][-1]
        self._geometry_changed()

    def pt3dstyle(self, style=None, x=None, y=None, z=None) -> int:
        """Query (no argument) or set the logical connection point used to draw the section.

        ``pt3dstyle(1, x, y, z)`` sets it, ``pt3dstyle(0)`` removes it; returns the style.
        It changes only the drawing (``define_shape``), never L, areas or the cable.
        """
        if style is not None:
            if int(style) and x is not None:
                f = np.float32
                self._logical_connection = (float(f(x)), float(f(y)), float(f(z)))
            else:
                self._logical_connection = None
            self.model._geom_dirty = True
        return 1 if self._logical_connection is not None else 0

    def n3d(self) -> int:
        return len(self._pts[0])

    def _pt(self, k: int, i: int) -> float:
        """3-D point i's value k.  From Python (sec.x3d(i)) i must be an integer (NEURON's
        TypeError for 1.5) and in range (its plain Exception "Arg out of range")."""
        i = operator.index(i)
        if not 0 <= i < self.n3d():
            raise Exception('Arg out of range\n')
        return self._pts[k][i]

    def x3d(self, i) -> float:
        return self._pt(0, i)

    def y3d(self, i) -> float:
        return self._pt(1, i)

    def z3d(self, i) -> float:
        return self._pt(2, i)

    def diam3d(self, i) -> float:
        return abs(self._pt(3, i))

    def arc3d(self, i) -> float:
        return self._pt(4, i)

    def _spines(self) -> np.ndarray:
        """Spine points (negative 3-D diameters) per node, binned over each segment's two
        half-lengths as diam_from_list counts them (the last point goes to the last segment)."""
        arc, d = self._pts[4], self._pts[3]
        n, npt = self._nseg, len(arc)
        count = np.zeros(n + 1)
        ds = arc[-1] / n
        for k in range(npt - 1):
            if d[k] < 0:
                for inode in range(n):
                    si = inode * ds
                    sip = si + ds / 2.
                    if si <= arc[k] < sip or sip <= arc[k] < sip + ds / 2.:
                        count[inode] += 1
                        break
        if d[npt - 1] < 0:
            count[n - 1] += 1
        return count

    def spine3d(self, i) -> int:
        """1 when 3-D point i is marked as a spine (given a negative diameter), else 0."""
        i = int(i)
        if not 0 <= i < self.n3d():
            raise HocError('arg 1 out of range')
        return 1 if self._pts[3][i] < 0 else 0

    def _length_change(self, length: float) -> None:
        """nrn_length_change: scale the 3-D points about the first one."""
        if self.model.pt3dconst:
            return
        self.model.nrn_shape_changed_ += 1
        x, y, z, d, arc = self._pts
        fac = geometry.cdiv(length, arc[-1])     # 3-D points of no length: nan
        x0, y0, z0 = x[0], y[0], z[0]
        for i in range(len(x)):
            arc[i] = arc[i] * fac
            x[i] = geometry.f32(x0 + (x[i] - x0) * fac)
            y[i] = geometry.f32(y0 + (y[i] - y0) * fac)
            z[i] = geometry.f32(z0 + (z[i] - z0) * fac)

    def _diam_change(self) -> None:
        """nrn_diam_change: rewrite the 3-D diameters as constant-diameter segments."""
        if not self.n3d() or self.model.pt3dconst:
            return
        self.model.nrn_shape_changed_ += 1
        L = self.L
        if abs(L - self._pts[4][-1]) > .001:
            self._length_change(L)
        for i in range(self.n3d()):
            x = min(self._pts[4][i] / L, 1.0)
            self._pts[3][i] = geometry.f32(self._diam[self._x_to_j(x)])


def replace_pt3d(secs: list, points: list) -> None:
    """Give each section ``secs[k]`` the 3-D points ``points[k]`` (x, y, z, d: equal-length
    arrays) in place of its own, as pt3dclear() and a pt3dadd() per point would (the same
    float32 points and float64 arc lengths), computed for all the sections at once."""
    counts = [len(p[0]) for p in points]
    total = sum(counts)
    if total:
        with np.errstate(over='ignore', invalid='ignore'):
            pts = np.concatenate([np.array(p, dtype=float) for p in points if len(p[0])],
                                 axis=1).astype(np.float32).astype(float)     # (the C casts)
            t = (pts[:3, 1:] - pts[:3, :-1]).astype(np.float32).astype(float)
            step = np.empty(total)
            step[0] = 0.
            step[1:] = np.sqrt(t[0] * t[0] + t[1] * t[1] + t[2] * t[2])
            # each section's arc lengths, its first point's 0 and the running sum of its
            # steps, added in order: one row per section, cumsum along it
            rows = np.repeat(np.arange(len(counts)), counts)
            starts = np.cumsum([0] + counts[:-1])
            cols = np.arange(total) - np.repeat(starts, counts)
            step[cols == 0] = 0.
            grid = np.zeros((len(counts), max(counts)))
            grid[rows, cols] = step
            arc = np.cumsum(grid, axis=1)[rows, cols]
        xl, yl, zl, dl = pts.tolist()
        al = arc.tolist()
    i = 0
    for sec, n in zip(secs, counts):
        if n:
            j = i + n
            sec._pts = [xl[i:j], yl[i:j], zl[i:j], dl[i:j], al[i:j]]
            sec._L = al[j - 1]
            i = j
        else:
            sec._pts = _NO_PTS
        sec._geometry_changed()


def _maybe_weak(obj):
    try:
        return None if obj is None else weakref.ref(obj)
    except TypeError:
        return obj


# Section's own attributes: a range variable of the same name stays out of the way
_SECTION_ATTRS = frozenset(('model', 'hoc_name', 'rallbranch', 'points', 'deleted', 'nseg', 'L',
                            'Ra', 'diam', 'cm'))
_CLASS_ATTRS = Section.__dict__


class _RangeAttr:
    """``sec.name`` for a range variable ``name`` of the section's model: read at the middle,
    written in every segment (``v`` in the end nodes too, as HOC's ``sec.v = x``).  Where it
    is not one of the section's model (the name came from another interpreter's model) it is
    NEURON's AttributeError, from Section.__getattr__ when read."""

    __slots__ = ('name',)

    def __init__(self, name: str):
        self.name = name

    def __get__(self, sec, owner=None):
        if sec is None:
            return self
        name = self.name
        if name not in sec.model._range_index:
            raise AttributeError(name)      # (Section.__getattr__ is asked next)
        sec._check()
        return _seg_attr(Segment(sec, .5), name)

    def __set__(self, sec, value) -> None:
        name = self.name
        if name not in sec.model._range_index:
            raise AttributeError("'nrn.Section' object has no attribute '%s'" % name)
        sec._check()
        for x in sec.rangeconst_xs(name):
            _seg_set(Segment(sec, x), name, value)

    def __delete__(self, sec) -> None:
        raise AttributeError(self.name)


_EXPOSED: set = set()


class RangeIndex(dict):
    """A Model's range variable names -> (mechanism, variable).  Each name added also becomes
    a Section attribute (_RangeAttr), unless Section has one of that name already."""

    __slots__ = ()

    def __init__(self, items: dict):
        super().__init__()
        for name, value in items.items():
            self[name] = value

    def __setitem__(self, name: str, value) -> None:
        dict.__setitem__(self, name, value)
        if name not in _EXPOSED:
            _EXPOSED.add(name)
            if not (name[:1] == '_' or name in _SECTION_ATTRS or hasattr(Section, name)):
                setattr(Section, name, _RangeAttr(name))


def _not_there(seg: 'Segment', name: str) -> AttributeError:
    return AttributeError('%s, the mechanism does not exist at %s' % (name, seg))


def _seg_attr(seg: 'Segment', name: str):
    """``seg.name`` for a range variable or pointer, with NEURON's Python errors."""
    sec = seg.sec
    model = sec.model
    ref = name.startswith('_ref_')
    var = name[5:] if ref else name
    try:
        mech = model.range_var_mechanism(var)
    except KeyError:
        from .mechanisms.extracellular import indexed_range
        arr = indexed_range(model, sec, seg.x, name)     # seg.xraxial[0]
        if arr is not None:
            return arr
        raise AttributeError("'nrn.Segment' object has no attribute '%s'" % name) from None
    if mech not in ('v', 'morphology', 'fast_imem') and not sec.has_mech(mech):
        raise _not_there(seg, var)
    if ref:
        return model.ref(sec, var, seg.x)
    return model.range_get(sec, var, seg.x)


def _seg_set(seg: 'Segment', name: str, value) -> None:
    sec = seg.sec
    model = sec.model
    mech = model.range_var_mechanism(name)
    if mech not in ('v', 'morphology') and not sec.has_mech(mech):
        raise _not_there(seg, name)
    if not isinstance(value, numbers.Real):
        raise ValueError('bad value')       # NEURON's Python words
    model.range_set(sec, name, seg.x, value)


class _RootVProxy:
    """Array-like access to an unbuilt root section's root node voltage."""

    def __init__(self, sec: Section):
        self.sec = sec

    def __getitem__(self, i):
        return self.sec._root_v

    def __setitem__(self, i, value):
        self.sec._root_v = float(value)

    def __len__(self):
        return 1


class Segment:
    """A location ``sec(x)``; range variables read and write the segment (or node) there."""

    __slots__ = ('sec', 'x')

    def __init__(self, sec: Section, x: float):
        object.__setattr__(self, 'sec', sec)
        object.__setattr__(self, 'x', x)

    def __repr__(self) -> str:
        return '%s(%g)' % (self.sec.name(), self.x)

    def __eq__(self, other) -> bool:
        return isinstance(other, Segment) and other.sec is self.sec and \
            self.sec._x_to_node(self.x) == other.sec._x_to_node(other.x)

    def __hash__(self) -> int:
        return hash((id(self.sec), self.sec._x_to_node(self.x)))

    # Ordered as NEURON orders segments, by where their nodes are: the section (as Section
    # orders them), then the node; two segments of one node are equal.
    def _key(self):
        return id(self.sec), self.sec._x_to_node(self.x)

    def __lt__(self, other):
        return self._key() < other._key() if isinstance(other, Segment) else NotImplemented

    def __le__(self, other):
        return self._key() <= other._key() if isinstance(other, Segment) else NotImplemented

    def __gt__(self, other):
        return self._key() > other._key() if isinstance(other, Segment) else NotImplemented

    def __ge__(self, other):
        return self._key() >= other._key() if isinstance(other, Segment) else NotImplemented

    def __getattr__(self, name: str):
        if name.startswith('__'):
            raise AttributeError(name)
        sec = self.sec
        sec._check()
        model = sec.model
        mt = model.mech_types.get(name)
        if mt is not None and not mt.point:
            if not sec.has_mech(name):
                raise _not_there(self, name)
            return MechView(self, name)
        return _seg_attr(self, name)

    def __setattr__(self, name: str, value) -> None:
        sec = self.sec
        sec._check()
        if name == 'x':         # NEURON moves the segment object to x in [0, 1]
            x = float(value) if isinstance(value, numbers.Real) else float('nan')
            if not 0. <= x <= 1.:
                raise ValueError('x must be in range 0. to 1.')
            object.__setattr__(self, 'x', x)
            return
        if name.startswith('_ref_') and sec.model.is_range_var(name[5:]):
            mech, var = sec.model._range_index[name[5:]]       # seg._ref_vgap_gap = ref
            from .pointers import set_density
            set_density(sec.model, sec, mech, var, self.x, value)
        elif sec.model.is_range_var(name):
            _seg_set(self, name, value)
        else:
            raise AttributeError("'nrn.Segment' object has no attribute '%s'" % name)

    def __iter__(self) -> Iterator['MechView']:
        sec = self.sec
        orders = sec._orders
        order = sec._prop_order if orders is None else orders[sec._x_to_j(self.x)]
        for name in list(order):    # this node's property list, head first, as NEURON's
            if name not in ('capacitance', 'morphology'):
                yield MechView(self, name)

    def node_index(self) -> int:
        return self.sec._x_to_node(self.x)

    def area(self) -> float:
        return self.sec.model.seg_area(self.sec, self.x)

    def ri(self) -> float:
        return self.sec.model.seg_ri(self.sec, self.x)

    def volume(self) -> float:
        return self.sec.model.seg_volume(self.sec, self.x)

    def point_processes(self) -> list:
        j = self.sec._x_to_node(self.x)
        return [p for p in reversed(self.sec.points) if p._j == j]


class MechView:
    """``seg.hh``: the variables of one mechanism at one segment, without the suffix."""

    __slots__ = ('seg', 'mech')

    def __init__(self, seg: Segment, mech: str):
        object.__setattr__(self, 'seg', seg)
        object.__setattr__(self, 'mech', mech)

    def name(self) -> str:
        return self.mech

    def segment(self) -> Segment:
        return self.seg

    def is_ion(self) -> bool:
        return bool(self.seg.sec.model.mech_types[self.mech].is_ion)

    def __repr__(self) -> str:
        return self.mech

    def __dir__(self):
        from .mechtype import mechanism_member_names
        return sorted(set(mechanism_member_names(self.seg.sec.model, self.mech)) |
                      {'is_ion', 'name', 'segment'})

    def _hoc(self, name: str) -> str:
        return self.seg.sec.model.mech_types[self.mech].hoc_name(name)

    def _live(self):
        sec = self.seg.sec
        sec._check()
        if not sec.has_mech(self.mech):
            raise AttributeError('%s, the mechanism does not exist at %s' % (self.mech, self.seg))
        return sec.model

    def __getattr__(self, name: str):
        if name.startswith('__'):
            raise AttributeError(name)
        model = self._live()
        mt = model.mech_types[self.mech]
        if name.startswith('_ref_') and name[5:] in mt.range_names():
            return model.ref(self.seg.sec, self._hoc(name[5:]), self.seg.x)
        if name in mt.range_names():
            return model.range_get(self.seg.sec, self._hoc(name), self.seg.x)
        var = name[5:] if name.startswith('_ref_') else name
        if var in mt.array_vars:     # seg.extracellular.xraxial[0]
            from .mechanisms.extracellular import indexed_range
            first = var + '[0]' if var + '[0]' in mt.all_defaults() else var + '0'
            hoc = self._hoc(first)[:-3]         # (extracellular stores xg[0] as xg0)
            return indexed_range(model, self.seg.sec, self.seg.x, name[:-len(var)] + hoc)
        gname = '%s_%s' % (name, self.mech)
        if gname in mt.global_values:
            return float(mt.global_values[gname])
        if name in mt.functions:                    # seg.hh.rates(v)
            from .mechfuncs import segment_method
            return segment_method(model, mt, self.seg.sec, self.seg.x, name)
        raise AttributeError("'nrn.Mechanism' object has no attribute '%s'" % name)

    def __setattr__(self, name: str, value) -> None:
        model = self._live()
        mt = model.mech_types[self.mech]
        if name.startswith('_ref_') and name[5:] in mt.pointers:   # seg.gap._ref_vgap = ref
            from .pointers import set_density
            set_density(model, self.seg.sec, self.mech, name[5:], self.seg.x, value)
        elif name in mt.range_names():
            if not isinstance(value, numbers.Real):
                raise ValueError('must be a double')    # NEURON's Python words
            model.range_set(self.seg.sec, self._hoc(name), self.seg.x, value)
        elif '%s_%s' % (name, self.mech) in mt.global_values:
            mt.global_values['%s_%s' % (name, self.mech)] = float(value)
        else:
            raise AttributeError("'nrn.Mechanism' object has no attribute '%s'" % name)


# NEURON's Python types of these are nrn.Section, nrn.Segment and nrn.Mechanism (what type()
# and repr show; pyhoc.nrn is the module ``from neuron import nrn`` gives)
Section.__module__ = Segment.__module__ = MechView.__module__ = 'nrn'
MechView.__name__ = MechView.__qualname__ = 'Mechanism'
