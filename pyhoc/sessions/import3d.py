"""NEURON's Import3d tool for SWC morphologies, implemented natively.

``load_file("import3d.hoc")`` defines ``Import3d_SWC_read``, ``Import3d_Section`` and
``Import3d_GUI``.  The usual, non-graphical use::

    r = new Import3d_SWC_read()
    r.input("cell.swc")
    i3d = new Import3d_GUI(r, 0)
    i3d.instantiate(nil)          // or a cell object: i3d.instantiate(this)

builds the sections NEURON builds: one array per SWC point type (``soma``, ``axon``, ``dend``,
``apic``, ``dend_N`` for other types, ``minus_N`` for negative ones), created in order of type;
unbranched runs of points of one type make one section; a child section starts with a copy of
its parent point (with the diameter of its own first point when a dendrite leaves the soma);
a one-point soma becomes a 3-point cylinder along x with L = diam; the neuromorpho.org 3-point
soma (middle point the root, two children at distance r with equal diameters) is treated as a
one-point soma.  Children attach at 1 (end of the parent), 0 (the first point of the root), or
0.5 (a one-point soma, or the interior of a multi-point soma).  3-D points go through ``%.8g``
as NEURON's generated ``pt3dadd`` commands do, then are stored as float32.

The algorithm follows NEURON 9's read_swc.hoc and import3d_gui.hoc (instantiate); this is an
independent Python implementation.  Contour somas (Neurolucida formats) and the GUI itself are
not implemented.
"""
from __future__ import annotations

import math
import re
from typing import Any, Optional

from ..errors import HocError
from ..base.objects import HocObject

_FLOAT = re.compile(r'\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:inf(?:inity)?|nan))',
                    re.IGNORECASE)


def _interp(obj: Any = None):
    """The interpreter the object's class was installed in (else the running one)."""
    interp = getattr(type(obj), '_bound_interp', None)
    if interp is not None:
        return interp
    from ..base.context import current
    return current()


def _scan_floats(line: str, n: int) -> list[float]:
    """Up to n leading numbers of line, read as sscanf("%f %f ...") reads them."""
    out: list[float] = []
    pos = 0
    while len(out) < n:
        m = _FLOAT.match(line, pos)
        if m is None:
            break
        out.append(float(m.group(1)))
        pos = m.end()
    return out


def _g8(v: float) -> float:
    """A value as it comes back from NEURON's ``sprint("%.8g")`` command text."""
    return float('%.8g' % v)


def type2name(t: int) -> str:
    t = int(t)
    if t == 1:
        return 'soma'
    if t == 2:
        return 'axon'
    if t == 3:
        return 'dend'
    if t == 4:
        return 'apic'
    if t < 0:
        return 'minus_%d' % -t
    return 'dend_%d' % t


def _subset_name(t: int) -> str:
    t = int(t)
    if t == 1:
        return 'somatic'
    if t == 2:
        return 'axonal'
    if t == 3:
        return 'basal'
    if t == 4:
        return 'apical'
    if t < 0:
        return 'minus_%dset' % -t
    return 'dendritic_%d' % t


class Import3d_Section(HocObject):
    """An unbranched run of points: raw coordinates (3 x n), diameters, parent and position."""

    def __init__(self, id: float = 0, n: float = 0):
        self.id = int(id)
        n = int(n)
        self.raw = [[0.] * n, [0.] * n, [0.] * n]
        self.d = [0.] * n
        self.is_subsidiary = 0
        self.ztrans = 0
        self.first = 0
        self.fid = 0
        self.nameindex = 0
        self.parentx = 1.
        self.volatile = 0
        self.volatile2 = 0
        self.pid = -1
        self.iscontour_ = 0
        self.type = 0
        self.parentsec: Optional[Import3d_Section] = None
        self.contour_list: Optional[list] = None

    def set_pt(self, j, x, y, z, d) -> None:
        j = int(j)
        self.raw[0][j] = float(x)
        self.raw[1][j] = float(y)
        self.raw[2][j] = float(z)
        self.d[j] = float(d)

    def append(self, j0, k0, n, x, y, z, d) -> None:
        """Points k0..k0+n-1 of the vectors x, y, z, d into columns j0... ."""
        j0, k0 = int(j0), int(k0)
        for i in range(int(n)):
            k = k0 + i
            self.set_pt(j0 + i, x[k], y[k], z[k], d[k])

    def insrt(self, j, x, y, z, d) -> None:
        """A point inserted before column j."""
        j = int(j)
        for k, v in enumerate((x, y, z)):
            self.raw[k].insert(j, float(v))
        self.d.insert(j, float(d))

    @property
    def ncol(self) -> int:
        return len(self.d)


class Import3d_SWC_read(HocObject):
    """Reads an SWC file into the points and sections that Import3d_GUI instantiates."""

    def __init__(self):
        self.quiet = 0
        self.filetype = 'SWC'
        self.err = 0
        self.header: list[str] = []
        self.lines: list[str] = []
        self.sections: list[Import3d_Section] = []
        self.soma3geom = 0
        self.idoffset = 0
        self.file = ''
        for name in ('id', 'type', 'x', 'y', 'z', 'd', 'pid', 'iline', 'point2sec', 'sec2point',
                     'connect2prox', 'nchild_soma'):
            setattr(self, name, [])
        self._id2index: list[int] = []

    # ---- reading
    def _say(self, text: str) -> None:
        _interp(self).write(text)

    def input(self, filename) -> None:
        self.err = 0
        self._rdfile(str(filename))
        self._check_pid()
        self._sectionify()
        self._mksections()

    def _rdfile(self, filename: str) -> None:
        self.file = filename
        self.id, self.type, self.x, self.y, self.z, self.d, self.pid = [], [], [], [], [], [], []
        self.iline = []
        try:
            with open(filename) as f:
                text = f.read()
        except OSError:
            self.err = 1
            self._say('could not open %s\n' % filename)
            text = ''
        lines = text.splitlines(keepends=True)
        for i, line in enumerate(lines, start=1):
            self._parse(i, line)

    def _parse(self, lineno: int, line: str) -> None:
        a = _scan_floats(line, 7)
        if len(a) == 7:
            a[5] *= 2      # radius to diameter
            for vec, val in zip((self.id, self.type, self.x, self.y, self.z, self.d, self.pid), a):
                vec.append(val)
            self.iline.append(float(lineno))
            self.lines.append(line[:-1] if line.endswith('\n') else line)
        elif re.match(r'[ \t]*#', line):
            self.header.append(line)
        elif line.strip(' \t\n\r\v\f') == '':
            pass
        else:
            self.err = 1
            self._say('error %s line %d: could not parse: %s' % (self.file, lineno, line))

    def pheader(self) -> None:
        for s in self.header:
            self._say(s)

    def _check_pid(self) -> None:
        ids, n = self.id, len(self.id)
        needsort = False
        for i in range(n):
            if i > 0 and ids[i] <= ids[i - 1]:
                needsort = True
            if self.pid[i] >= ids[i]:
                self.err = 1
                self._say('error %s line %d: index %d pid=%d is not less than id=%d\n'
                          % (self.file, self.iline[i], i, self.pid[i], ids[i]))
        if needsort:
            order = sorted(range(n), key=lambda k: ids[k])
            for name in ('id', 'type', 'x', 'y', 'z', 'd', 'pid', 'iline'):
                v = getattr(self, name)
                setattr(self, name, [v[k] for k in order])
            ids = self.id
        roots = [i for i in range(n) if self.pid[i] < 0]
        if len(roots) > 1:
            self.err = 1
            if not self.quiet:
                self._say('warning %s: more than one tree:\n' % self.file)
                for i in roots:
                    self._say('  root at line %d\n' % self.iline[i])
        for i in range(1, n):
            if ids[i] == ids[i - 1]:
                self.err = 1
                self._say('error %s: duplicate id:\n' % self.file)
        size = int(max(ids)) + 1 if n else 0
        self._id2index = [-1] * size
        for i in range(n):
            self._id2index[int(ids[i])] = i

    def id2index(self, i) -> float:
        return float(self._id2index[int(i)])

    def _pix(self, i: int) -> int:
        p = self.pid[i]
        if p < 0:
            return -1
        return self._id2index[int(p)]

    def pix2ix(self, i) -> float:
        return float(self._pix(int(i)))

    def _mark_branch(self) -> list[float]:
        n = len(self.id)
        typ = self.type
        if n > 1 and typ[0] != typ[1]:
            self.err = 1
        self.connect2prox = [0.] * n
        nchild = [0.] * n
        for i in range(n):
            p = self._pix(i)
            if p < 0:
                continue
            nchild[p] += 1
            if p != i - 1:
                nchild[p] += .01
                if p > 1:
                    if typ[p] != 1 and typ[self._pix(p)] == 1:
                        self.connect2prox[i] = 1.
                        nchild[p] = 1
                        self.err = 1
                elif p == 0:
                    if typ[p] != 1:
                        self.connect2prox[i] = 1.
                        nchild[p] = 1
            if typ[p] != typ[i]:
                nchild[p] += .01
        return nchild

    def _neuromorph_3point_soma(self, nchild: list[float]) -> int:
        self.soma3geom = 0
        x, y, z, d = self.x, self.y, self.z, self.d
        if len(self.id) > 2 and self._pix(1) == 0 and self._pix(2) == 0:
            if nchild[1] == 0 and nchild[2] == 0:
                if d[1] == d[0] and d[2] == d[0]:
                    length = 0.
                    for i in (1, 2):
                        length += math.sqrt((x[i] - x[0]) ** 2 + (y[i] - y[0]) ** 2
                                            + (z[i] - z[0]) ** 2)
                    if abs(length / d[0] - 1) < .01:
                        self.soma3geom = 1
                        self.pid[2] = self.id[1]   # one soma section; mksection drops 1 and 2
        return self.soma3geom

    def _sectionify(self) -> None:
        n = len(self.id)
        if n < 1:
            return
        typ = self.type
        nchild = self._mark_branch()
        self.nchild_soma = [0.] * n
        nsoma_pts = 1 if typ[0] == 1 else 0
        for i in range(1, n):
            if typ[i] == 1:
                nsoma_pts += 1
                p = self._pix(i)
                if p >= 0 and typ[p] == 1:
                    self.nchild_soma[p] += 1
        if nsoma_pts == 3:
            self._neuromorph_3point_soma(nchild)
        for i in range(n - 1):
            if typ[i] == 1 and typ[i + 1] == 1 and self._pix(i + 1) == i:
                if not (i != 0 and self.nchild_soma[i] > 1):
                    nchild[i] = 1
        self.sec2point = [float(i) for i in range(n) if nchild[i] != 1]
        self.point2sec = [0.] * n
        si = 0
        for i in range(1, n):
            if i > self.sec2point[si]:
                si += 1
            self.point2sec[i] = float(si)

    def _mksections(self) -> None:
        self.sections = []
        n = len(self.id)
        isec = first = 0
        i = 0
        for i in range(n):
            if self.point2sec[i] > isec:
                self._mksection(isec, first, i)
                isec += 1
                first = i
        if n:
            self._mksection(isec, first, n)

    def _pt2sec(self, i: int) -> Import3d_Section:
        return self.sections[int(self.point2sec[i])]

    def _mksection(self, isec: int, first: int, i: int) -> None:
        x, y, z, d, typ = self.x, self.y, self.z, self.d, self.type
        if isec == 0:
            if self.soma3geom:
                i = 1
            sec = Import3d_Section(first, i - first)
            sec.append(0, first, i - first, x, y, z, d)
        else:
            sec = Import3d_Section(first, i - first + 1)
            pfirst = self._pix(first)
            psec = sec.parentsec = self._pt2sec(pfirst)
            den_con_soma = psec.type == 1 and typ[first] != 1
            con_soma = psec.type == 1
            handled = False
            if psec is self.sections[0]:
                handled = True
                if den_con_soma and len(psec.d) == 1:     # one-point soma
                    sec.parentx = .5
                    if i - first > 1:
                        sec.first = 1                     # connected by a wire
                elif pfirst == psec.id:                   # first point of the root
                    sec.parentx = 0.
                    if typ[first] != 1 and self.nchild_soma[pfirst] > 1:
                        sec.first = 1
                else:
                    handled = False
            if not handled and con_soma:
                offset = -1 if psec.id == 0 else -2
                if pfirst < psec.id + len(psec.d) + offset:   # interior of a multi-point soma
                    sec.parentx = .5
                    if den_con_soma and i - first > 1:
                        sec.first = 1
                elif i - first > 1 and self.nchild_soma[pfirst] > 1:
                    if typ[first] != 1:
                        sec.first = 1
            sec.append(0, pfirst, 1, x, y, z, d)
            sec.append(1, first, i - first, x, y, z, d)
        sec.type = typ[first]
        self.sections.append(sec)
        if sec.parentsec is not None and sec.parentsec.type == 1 and sec.type != 1:
            sec.d[0] = sec.d[1]
        if self.connect2prox[first]:
            sec.pid = sec.parentsec.id
            sec.parentx = 0.

    # ---- HOC-visible helpers of the reader
    def pt2id(self, i) -> float:
        return float(self.id[int(i)])

    def id2line(self, i) -> float:
        return float(i)

    def label(self, i, s=None) -> str:
        text = 'Line %d: %s' % (self.iline[int(i)], self.lines[int(i)])
        if s is not None and hasattr(s, 'set'):
            s.set(text)
        return text


class Import3d_GUI(HocObject):
    """Import3d_GUI(reader, 0): the instantiate() part of NEURON's Import3d tool (no GUI)."""

    def __init__(self, swc=None, show: Any = None):
        self.swc = swc
        self.commands: list[str] = []
        self.types: list[float] = []

    # ---- checks and names
    def _chk_valid(self) -> None:
        secs = self.swc.sections
        for i in range(len(secs) - 1, -1, -1):
            sec = secs[i]
            if sec.parentsec is None:
                continue
            npt = sec.ncol - sec.first
            if npt <= 1:
                _interp(self).write('One point section %s ending at line %d has been removed\n'
                                % (sec, self.swc.iline[sec.id]))
                self._rm0len(i, sec)
            elif npt <= 2:
                a, b = sec.first, sec.first + 1
                if all(sec.raw[k][a] == sec.raw[k][b] for k in range(3)):
                    _interp(self).write('Two point section ending at line %d with 0 length has been '
                                    'removed\n' % self.swc.iline[sec.id])
                    self._rm0len(i, sec)

    def _rm0len(self, i: int, gone: Import3d_Section) -> None:
        secs = self.swc.sections
        del secs[i]
        for sec in secs[i:]:
            if sec.parentsec is gone:
                sec.parentsec = gone.parentsec
                sec.parentx = gone.parentx
                _interp(self).write('\tand child %s reattached\n' % sec)

    def _set_nameindex(self) -> int:
        tmin = int(min(self.swc.type))
        self.types = [0.] * (int(max(self.swc.type)) - tmin + 1)
        for sec in self.swc.sections:
            if sec.is_subsidiary:
                continue
            sec.nameindex = int(self.types[int(sec.type) - tmin])
            self.types[int(sec.type) - tmin] += 1
        return tmin

    def name(self, sec: Import3d_Section) -> str:
        s = type2name(sec.type)
        return '%s[%d]' % (s, sec.nameindex) if sec.nameindex > 0 else s

    # ---- instantiate
    def instantiate(self, cell=None, keep=None) -> None:
        """Create, connect and shape the sections at the top level (nil) or in a cell object."""
        from ..hoc.templates import TemplateInstance
        interp = _interp(self)
        self.commands = []
        if self.swc is None or not self.swc.sections:
            return
        self._chk_valid()
        pycontext = cell is not None and not isinstance(cell, (TemplateInstance, HocObject))
        tmin = self._set_nameindex()
        arrays: dict[int, list] = {}
        for k, count in enumerate(self.types):
            t = tmin + k
            tname = type2name(t)
            if count > 0:
                cmd = '~create %s[%d]\n' % (tname, count)
                self.commands.append(cmd)
                if pycontext:
                    arrays[t] = self._create_py(interp, cell, tname, int(count))
                else:
                    arrays[t] = self._create_hoc(interp, cell, tname, int(count))
            if cell is not None and not pycontext:
                self._mksubset(interp, cell, t, tname)
        if cell is not None and not pycontext:
            self.commands.append('forall all.append\n')
            lst = self._cell_list(cell, 'all')
            if lst is not None:
                for sec in self._cell_sections(interp, cell):
                    lst._extend([sec])
        model = interp.sim.model
        for i, sec in enumerate(self.swc.sections):
            if sec.is_subsidiary:
                continue
            tname = self.name(sec)
            nsec = arrays[int(sec.type)][sec.nameindex]
            if i == 0 and cell is None:
                self.commands.append('access %s' % tname)
                interp.sim.access(nsec)
            if sec.parentsec is not None:
                pname = self.name(sec.parentsec)
                self.commands.append('%s connect %s(0), %g\n' % (pname, tname, sec.parentx))
                psec = arrays[int(sec.parentsec.type)][sec.parentsec.nameindex]
                model.connect(nsec, 0., psec, float(sec.parentx))
            j = sec.first
            if j == 1:
                self.commands.append('%s { pt3dstyle(1, %.8g, %.8g, %.8g) }\n'
                                     % (tname, sec.raw[0][0], sec.raw[1][0], sec.raw[2][0]))
                nsec.pt3dstyle(1, _g8(sec.raw[0][0]), _g8(sec.raw[1][0]), _g8(sec.raw[2][0]))
            xx, yy, zz = (sec.raw[k][j:] for k in range(3))
            dd = sec.d[j:]
            if sec.iscontour_:
                from . import contour
                if sec.contour_list:
                    raws = [sec.raw] + [c.raw for c in sec.contour_list]
                    interp.write('stk_triang_area = %g\n' % contour.stk_triang_area(raws))
                    xx, yy, zz, dd = contour.stack2centroid(raws)
                else:
                    xx, yy, zz, dd = contour.contour2centroid(xx, yy, zz)
            if len(dd) == 1:      # sphere_rep: a cylinder along x with L = diam
                x0, y0, z0, d0 = xx[0], yy[0], zz[0], dd[0]
                xx, yy, zz, dd = [x0 - d0 / 2, x0, x0 + d0 / 2], [y0] * 3, [z0] * 3, [d0] * 3
            for p in zip(xx, yy, zz, dd):
                if not pycontext:
                    self.commands.append('%s { pt3dadd(%.8g, %.8g, %.8g, %.8g) }\n'
                                         % ((tname,) + p))
                    p = tuple(_g8(v) for v in p)
                nsec.pt3dadd(*p)
        if not (keep is not None and float(keep) == 1):
            self.commands = []

    def _create_hoc(self, interp, cell, name: str, count: int) -> list:
        from ..hoc.interpreter import Frame
        ns = interp.top if cell is None else cell.ns
        interp.sim.create(Frame(ns), name, [count])
        return list(ns.syms[name].value.data)

    def _create_py(self, interp, cell, name: str, count: int) -> list:
        model = interp.sim.model
        secs = [model.new_section('%s.%s[%d]' % (cell, name, i), cell) for i in range(count)]
        setattr(cell, name, secs)
        if not isinstance(getattr(cell, 'all', None), list):
            cell.all = []
        cell.all.extend(secs)
        return secs

    @staticmethod
    def _cell_list(cell, name: str):
        sym = cell.ns.syms.get(name)
        return None if sym is None else sym.value

    @staticmethod
    def _cell_sections(interp, cell) -> list:
        return [s for s in interp.sim.model.sections if s.cell() is cell]

    def _mksubset(self, interp, cell, t: int, tname: str) -> None:
        """``forsec "<name>" <subset>.append`` in the cell: a regex search on section names."""
        subset = _subset_name(t)
        self.commands.append('forsec "%s" %s.append\n' % (tname, subset))
        pat = re.compile(tname)
        matched = [s for s in self._cell_sections(interp, cell) if pat.search(s.name())]
        if not matched:
            return
        lst = self._cell_list(cell, subset)
        if lst is None or not hasattr(lst, '_extend'):
            raise HocError('%s not declared in %s (import3d instantiate)' % (subset, cell))
        lst._extend(matched)


_CLASSES = {'Import3d_SWC_read': Import3d_SWC_read, 'Import3d_Section': Import3d_Section,
            'Import3d_GUI': Import3d_GUI}


def install(interp) -> None:
    """``load_file("import3d.hoc")``: make the Import3d classes known to HOC and Python."""
    from ..hoc.library import install_classes
    from .nlcda3 import Import3d_Neurolucida3, Import3d_Spine
    classes = dict(_CLASSES, Import3d_Neurolucida3=Import3d_Neurolucida3,
                   Import3d_Spine=Import3d_Spine)
    install_classes(interp, __name__, classes, ('tobj', 'nil'))
