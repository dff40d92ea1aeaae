"""NEURON's Import3d_Neurolucida3: the reader of Neurolucida V3 text files (.asc).

The file is a tree of parenthesized objects: contours (``("CellBody" (Color ...) (x y z d)
...)``; only ones named CellBody, Cell Body or Soma are kept, as soma outlines), trees
(``( (Color ...) (Dendrite) (x y z d) ... ( branch | branch ) )``: Axon, Dendrite and Apical
set the type, others give type 0), markers, text, sets and properties (read and dropped), and
spines (``<(...)>``, recorded in ``spines``).  Each unbranched run of tree points is one
Import3d_Section; a branch whose first point is not its parent's last point starts with a copy
of that point.  Trees whose first point lies inside a soma outline's bounding box (0.5 um
margin) hang from the soma center at 0.5; others go to the nearest soma center with a warning.
Outlines whose xy bounding boxes overlap the previous one's make one soma (a stack).

Tokens are read as NEURON's reader reads them (sscanf over a line: ``;`` starts a comment,
numbers, ``( ) , | < >``, set, RGB, "strings", labels), and the grammar is the same recursive
descent with two tokens of look-ahead, so point and line numbers agree with NEURON's.  An
independent Python implementation.
"""
from __future__ import annotations

import re
import struct
from typing import Any, Optional

from ..errors import HocError
from ..hoc.signals import StopSignal
from ..base.objects import HocObject
from .import3d import Import3d_Section, _interp
from . import contour

EOF, NUMBER, LEFTPAR, RIGHTPAR, COMMA, BAR, SET, RGB, STRING, LABEL, ERR, LEFTSP, RIGHTSP = \
    range(13)
_NAMES = ('eof', 'number', 'leftpar', 'rightpar', 'comma', 'bar', 'set', 'rgb', 'string',
          'label', 'err', 'leftsp', 'rightsp')
_WS = ' \t\n\v\f\r'
_NUM = re.compile(r'[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)',
                  re.IGNORECASE)
_WORD = re.compile(r'[A-Za-z0-9_]+')
_PUNCT = {'(': LEFTPAR, ')': RIGHTPAR, ',': COMMA, '|': BAR, '<': LEFTSP, '>': RIGHTSP}


class _Token:
    __slots__ = ('kind', 'x', 's', 'itok', 'iline', 'fline')

    def __init__(self, kind: int, x: float, s: str, itok: int, iline: int, fline: str):
        self.kind, self.x, self.s, self.itok, self.iline, self.fline = kind, x, s, itok, iline, fline


def _rest(text: str) -> Optional[str]:
    """What ``%[^@]`` takes of text: up to an '@', None when that is nothing."""
    k = text.find('@')
    if k >= 0:
        text = text[:k]
    return text or None


def _f32(v: float) -> float:
    return struct.unpack('f', struct.pack('f', v))[0]


class _Lexer:
    """Turns the lines of a file into tokens, one sscanf pattern after another."""

    def __init__(self, reader: 'Import3d_Neurolucida3', lines: list[str]):
        self.reader, self.lines = reader, lines
        self.iline = 0          # lines read so far (NEURON's iline_)
        self.line = ''
        self.fline = ''
        self.itok = 0

    def _getline(self) -> bool:
        r = self.reader
        if self.iline >= len(self.lines):
            if not r.quiet:
                r._say('\r%d lines read\n' % self.iline)
            return False
        self.fline = self.lines[self.iline]
        self.iline += 1
        if self.iline % 1000 == 0 and not r.quiet:
            r._say('\r%d lines read' % self.iline)
        return True

    def _token(self, kind: int, x: float = 0., s: str = '') -> _Token:
        self.itok += 1
        return _Token(kind, x, s, self.itok, self.iline, self.fline)

    def next(self) -> _Token:
        while True:
            line = self.line
            if len(line) > 1:
                t = line.lstrip(_WS)
                if not (t.startswith(';') and _rest(t[1:]) is not None):
                    break
            if not self._getline():
                return self._token(EOF)
            self.line = self.fline.rstrip(_WS) + '\n'
        t = self.line.lstrip(_WS)
        m = _NUM.match(t)
        if m is not None and _rest(t[m.end():]) is not None:
            self.line = _rest(t[m.end():])
            return self._token(NUMBER, float(m.group()))
        c = t[:1]
        if c in _PUNCT and _rest(t[1:]) is not None:
            self.line = _rest(t[1:])
            return self._token(_PUNCT[c])
        for word, kind in (('set', SET), ('Set', SET), ('SET', SET), ('RGB', RGB)):
            if t.startswith(word):
                r = _rest(t[len(word):].lstrip(_WS))
                if r is not None:
                    self.line = r
                    return self._token(kind)
        if c == '"':
            k = t.find('"', 1)
            if k > 1:
                r = _rest(t[k + 1:])
                if r is not None:
                    self.line = r
                    return self._token(STRING, s=t[1:k])
                reader = self.reader
                reader._say('Lexical error: no closing \'"\' in string. The entire line %d in ||is\n'
                            % self.iline)
                reader._say('|%s|\n' % self.fline)
                self.line = ''
                return self._token(ERR, s=t[1:k])
            if k < 0 and len(t) > 1:
                reader = self.reader
                reader._say('Lexical error: no closing \'"\' in string. The entire line %d in ||is\n'
                            % self.iline)
                reader._say('|%s|\n' % self.fline)
                self.line = ''
                return self._token(ERR, s=_rest(t[1:]) or '')
            if k == 1:
                r = _rest(t[2:])
                if r is not None:
                    self.line = r
                    return self._token(STRING)
        m = _WORD.match(t)
        if m is not None and _rest(t[m.end():]) is not None:
            self.line = _rest(t[m.end():])
            return self._token(LABEL, s=m.group())
        return self._token(ERR)


class Import3d_Spine(HocObject):
    """A spine: its base point (on the dendrite) and its tip, with its class if given."""

    def __init__(self):
        self.class_type = 0
        self.class_label = ''
        self.color = ''
        self.generated = 0
        self.iline = 0
        self.baseindex = 0
        self.fline = ''
        self.x, self.y, self.z, self.d = [], [], [], []

    def append_point(self, x, y, z, d) -> None:
        self.x.append(float(x))
        self.y.append(float(y))
        self.z.append(float(z))
        self.d.append(float(d))


class Import3d_Neurolucida3(HocObject):
    """Reads a Neurolucida V3 file into the sections that Import3d_GUI instantiates."""

    def __init__(self):
        self.quiet = 0
        self.filetype = 'Neurolucida V3'
        self.err = 0
        self.file = ''
        self.sections: list[Import3d_Section] = []
        self.type: list[float] = []
        self.x, self.y, self.z, self.d, self.iline = [], [], [], [], []
        self.lines: list[str] = []
        self.spines: list[Import3d_Spine] = []
        self.firstpoints: list[float] = []

    def _say(self, text: str) -> None:
        _interp(self).write(text)

    # ---- reading
    def input(self, filename) -> None:
        self.b2serr: list[str] = []
        self.nspine = 0
        self.err = 0
        self.type = []
        self.sections = []
        self.x, self.y, self.z, self.d, self.iline = [], [], [], [], []
        self.lines = []
        self.spines = []
        self._rdfile(str(filename))
        self._set_firstpoints()
        self._connect2soma()
        if self.nspine > 0 and not self.quiet:
            self._say('%d spines\n' % self.nspine)
        if self.err:
            self._errout()

    def _rdfile(self, filename: str) -> None:
        self.file = filename
        try:
            with open(filename, newline='') as f:
                text = f.read()
        except OSError:
            self.err = 1
            self._say('could not open %s\n' % filename)
            text = ''
        lines = text.split('\n')
        if lines and lines[-1] == '':
            lines.pop()
        if not self.quiet:
            self._say('\n')
        lex = _Lexer(self, lines)
        toks = []
        while True:
            t = lex.next()
            toks.append(t)
            if t.kind == EOF:
                break
        self._toks = toks
        self._pos = 0
        self._far = min(2, len(toks) - 1)
        self._plist: list[list[_Token]] = []
        self._parentsec: Optional[Import3d_Section] = None
        self._cursec: Optional[Import3d_Section] = None
        self._sectype = 0
        self._objects()
        del self._toks

    # ---- tokens: current and two of look-ahead
    @property
    def _cur(self) -> _Token:
        return self._toks[min(self._pos, len(self._toks) - 1)]

    @property
    def _la(self) -> _Token:
        return self._toks[min(self._pos + 1, len(self._toks) - 1)]

    @property
    def _la2(self) -> _Token:
        return self._toks[min(self._pos + 2, len(self._toks) - 1)]

    def _read(self) -> None:
        if self._pos < len(self._toks) - 1:
            self._pos += 1
        self._far = max(self._far, min(self._pos + 2, len(self._toks) - 1))

    def _lexline(self) -> tuple[int, str]:
        """NEURON's iline_ and fline: where the lexer, two tokens ahead, has got to."""
        t = self._toks[self._far]
        return t.iline, t.fline

    def _err(self) -> None:
        c = self._cur
        iline, fline = self._lexline()
        self._say('\nparse error\n')
        self._say('itok=%d on line %d token=%s x=%g s=%s\n'
                  % (c.itok, c.iline, _NAMES[c.kind], c.x, c.s))
        self._say('line %d: %s\n' % (iline, fline))
        raise StopSignal()      # NEURON's reader executes ``stop``

    def _chk(self, kind: int) -> None:
        if self._cur.kind != kind:
            self._err()

    def _demand(self, kind: int) -> None:
        self._read()
        self._chk(kind)

    def _comma(self) -> None:
        if self._cur.kind == COMMA:
            self._read()

    # ---- the grammar
    def _objects(self) -> None:
        self._object()
        while True:
            self._comma()
            if self._cur.kind != LEFTPAR:
                break
            self._object()

    def _object(self) -> None:
        if self._cur.kind != LEFTPAR:
            self._err()
        k = self._la.kind
        if k == STRING:
            self._contour()
        elif k == LABEL:
            self._marker_or_property()
        elif k == LEFTPAR:
            self._tree_or_text()
        elif k == SET:
            self._set()
        else:
            self._err()

    def _marker_or_property(self) -> None:
        if self._la2.kind == LEFTPAR:
            self._marker()
        else:
            self._property()

    def _tree_or_text(self) -> None:
        # a tree and a text both start ( properties point: try text, else read again as a tree
        saved = self._pos
        if not self._text():
            self._pos = saved
            self._tree()

    def _properties(self) -> None:
        self._plist = []
        if self._cur.kind == LEFTPAR and self._la.kind in (LABEL, SET):
            self._property_or_set()
            while True:
                self._comma()
                if self._cur.kind != LEFTPAR or self._la.kind not in (LABEL, SET):
                    break
                self._property_or_set()

    def _property_or_set(self) -> None:
        if self._la.kind == LABEL:
            self._property()
        else:
            self._set()

    def _property(self) -> None:
        self._chk(LEFTPAR)
        self._demand(LABEL)
        prop = [self._cur]
        self._plist.append(prop)
        self._read()
        if self._cur.kind in (NUMBER, STRING, LABEL, RGB):
            self._value(prop)
            while self._cur.kind in (NUMBER, STRING, LABEL, RGB):
                self._value(prop)
        self._chk(RIGHTPAR)
        self._read()

    def _value(self, prop: list) -> None:
        c = self._cur.kind
        if c in (NUMBER, STRING, LABEL):
            prop.append(self._cur)
        elif c == RGB:
            self._demand(LEFTPAR)
            self._demand(NUMBER)
            self._read()
            self._comma()
            self._chk(NUMBER)
            self._read()
            self._comma()
            self._chk(NUMBER)
            self._demand(RIGHTPAR)
        else:
            self._err()
        self._read()

    def _set(self) -> None:
        self._chk(LEFTPAR)
        self._demand(SET)
        self._demand(STRING)
        self._read()
        if self._cur.kind != RIGHTPAR:
            self._objects()
        self._chk(RIGHTPAR)
        self._read()

    def _contour(self) -> None:
        self._chk(LEFTPAR)
        begin = len(self.x)
        self._demand(STRING)
        keep = self._cur.s in ('CellBody', 'Cell Body', 'Soma')
        il = self._cur.iline
        self._read()
        self._properties()
        self._points()
        if keep:
            end = len(self.x)
            if end - begin > 2:
                self._sectype = 1
                self._newsec(begin, end)
                self._cursec.iscontour_ = 1
            else:
                self.b2serr.append('CellBody contour has less than three points at line %d. '
                                   'Ignoring.' % il)
        self._chk(RIGHTPAR)
        self._read()

    def _markerlist(self) -> None:
        self._chk(LEFTPAR)
        depth = 1
        while depth != 0:
            self._read()
            if self._cur.kind == RIGHTPAR:
                depth -= 1
            elif self._cur.kind == LEFTPAR:
                depth += 1
            elif self._cur.kind == EOF:
                self._err()
        self._read()

    def _tree(self) -> None:
        self._parentsec = None
        self._chk(LEFTPAR)
        self._read()
        self._properties()
        self._sectype = 0
        if self._plist:
            s = self._plist[-1][0].s
            self._sectype = {'Axon': 2, 'Dendrite': 3, 'Apical': 4}.get(s, 0)
        self._branch()
        self._chk(RIGHTPAR)
        self._read()
        self._parentsec = None

    def _branch(self) -> None:
        psav = self._parentsec
        begin = len(self.x)
        self._treepoint()
        while True:
            self._comma()
            if self._cur.kind != LEFTPAR or self._la.kind != NUMBER:
                break
            self._treepoint()
        self._newsec(begin, len(self.x))
        self._cursec.parentsec = self._parentsec
        self._parentsec = self._cursec
        self._branchend()
        self._parentsec = psav

    def _treepoint(self) -> None:
        if self._la.kind == LABEL:
            self._marker_or_property()
        else:
            self._point()
            while self._cur.kind == LEFTSP:
                self._spine()

    def _spine(self) -> None:
        self._chk(LEFTSP)
        self._read()
        self.nspine += 1
        sp = Import3d_Spine()
        sp.baseindex = ix = len(self.x) - 1
        sp.append_point(self.x[ix], self.y[ix], self.z[ix], self.d[ix])
        self._properties()
        if self._plist and self._plist[0][0].s == 'Class':
            items = self._plist[0]
            sp.class_type = items[1].x if len(items) > 1 else 0
            sp.class_label = items[2].s if len(items) > 2 else ''
        self._chk(LEFTPAR)
        self._demand(NUMBER)
        xv = self._cur.x
        sp.iline, sp.fline = self._lexline()
        xyzd = self._rest_of_point(xv)
        sp.append_point(*xyzd)
        self.spines.append(sp)
        self._chk(RIGHTSP)
        self._read()

    def _branchend(self) -> None:
        self._comma()
        if self._cur.kind == LEFTPAR:
            while self._la.kind == LABEL:
                self._markerlist()
        self._comma()
        if self._cur.kind == LEFTPAR:
            self._read()
            self._branch()
            while self._cur.kind == BAR:
                self._read()
                self._branch()
            self._chk(RIGHTPAR)
            self._read()
        elif self._cur.kind == LABEL:
            self._read()

    def _marker(self) -> None:
        self._chk(LEFTPAR)
        self._demand(LABEL)
        self._read()
        self._properties()
        self._points()
        self._chk(RIGHTPAR)
        self._read()

    def _text(self) -> bool:
        self._chk(LEFTPAR)
        self._read()
        self._properties()
        self._point()
        if self._cur.kind != STRING:
            return False
        self._read()
        if self._cur.kind != RIGHTPAR:
            return False
        self._read()
        return True

    def _points(self) -> None:
        self._point()
        while True:
            self._comma()
            if self._cur.kind != LEFTPAR:
                break
            self._point()

    def _point(self) -> None:
        self._chk(LEFTPAR)
        self._demand(NUMBER)
        xv = self._cur.x
        iline, fline = self._lexline()
        self.iline.append(float(iline))
        self.lines.append(fline)
        x, y, z, d = self._rest_of_point(xv)
        self.x.append(x)
        self.y.append(y)
        self.z.append(z)
        self.d.append(d)

    def _rest_of_point(self, xv: float) -> tuple[float, float, float, float]:
        """After a point's x: y [z [d [label] [(bezier)]]] and the closing parenthesis."""
        self._read()
        self._comma()
        self._chk(NUMBER)
        yv = self._cur.x
        zv = dv = 0.
        self._read()
        self._comma()
        if self._cur.kind == NUMBER:
            zv = self._cur.x
            self._read()
            self._comma()
            if self._cur.kind == NUMBER:
                dv = self._cur.x
                self._read()
                self._comma()
                if self._cur.kind == LABEL:
                    self._read()
                self._comma()
                if self._cur.kind == LEFTPAR:
                    self._demand(NUMBER)
                    for _ in range(3):
                        self._read()
                        self._comma()
                        self._chk(NUMBER)
                    self._demand(RIGHTPAR)
                    self._read()
        self._chk(RIGHTPAR)
        self._read()
        return xv, yv, zv, dv

    # ---- sections
    def _newsec(self, begin: int, end: int) -> None:
        n = end - begin
        p = self._parentsec
        extra = p is not None and not (p.raw[0][-1] == self.x[begin] and p.raw[1][-1] == self.y[begin]
                                       and p.raw[2][-1] == self.z[begin])
        if extra:
            sec = Import3d_Section(begin, n + 1)
            sec.fid = 1
            sec.set_pt(0, p.raw[0][-1], p.raw[1][-1], p.raw[2][-1], self.d[begin])
        else:
            sec = Import3d_Section(begin, n)
        sec.type = self._sectype
        self.type.append(float(self._sectype))
        self.sections.append(sec)
        sec.append(1 if extra else 0, begin, n, self.x, self.y, self.z, self.d)
        self._cursec = sec

    def _set_firstpoints(self) -> None:
        self.firstpoints = [float(s.id) for s in self.sections]

    def _connect2soma(self) -> None:
        secs = self.sections
        self.centers: list[list[float]] = []
        somas = [s for s in secs if s.iscontour_]
        others = [s for s in secs if not s.iscontour_]
        secs[:] = somas + others
        self.somas = somas
        self._soma_contour_stack()
        roots = [s for s in secs if not s.iscontour_ and s.parentsec is None]
        if not somas:
            return
        for soma in somas:
            self._connect2soma_2(soma, roots)
        for sec in roots:
            first = [sec.raw[k][0] for k in range(3)]
            dmin, imin = 1e9, 0
            for j, c in enumerate(self.centers):
                dist = _mag([first[k] - c[k] for k in range(3)])
                if dist < dmin:
                    imin, dmin = j, dist
            self.err = 1
            c = self.centers[imin]
            self.b2serr.append('\nMain branch starting at line %d is outside the soma bounding '
                               'boxes' % self.pt2id(sec.id))
            self.b2serr.append('  Making a logical connection to center of nearest soma')
            sec.parentsec = somas[imin]
            sec.parentx = .5
            sec.insrt(0, c[0], c[1], c[2], .01)
            sec.first = 1
            sec.fid = 1

    def _soma_contour_stack(self) -> None:
        somas = self.somas
        if not somas:
            return
        first = somas[0]
        bb1 = _bbox(first)
        j = 0
        for _ in range(1, len(somas)):
            j += 1
            nxt = somas[j]
            bb2 = _bbox(nxt)
            if _xy_intersect(bb1, bb2):
                if first.contour_list is None:
                    first.contour_list = []
                first.contour_list.append(nxt)
                nxt.is_subsidiary = 1
                del somas[j]
                j -= 1
            else:
                first = nxt
            bb1 = bb2
        for soma in somas:
            if soma.contour_list:
                self._somastack_makes_sense(soma)
                self._somastack_process(soma)

    def _somastack_makes_sense(self, first: Import3d_Section) -> None:
        """Warnings (shown unless quiet) for a stack whose outlines are not each at one z,
        or not in z order."""
        err = self.b2serr
        z = first.raw[2][0]
        if any(v != z for v in first.raw[2][1:]):
            err.append('Soma stack contour %s does not have constant z value.' % first)
            err.append('    Soma area calculation may be serious in error.')
            return
        dz = 0
        for j, sec in enumerate(first.contour_list):
            z2 = sec.raw[2][0]
            if z2 == z:
                err.append('Adjacent contour %d of soma stack %s has same z coordinate and '
                           'previous.' % (j, first))
                return
            dz2 = 1 if z2 > z else -1
            if dz == 0:
                dz = dz2
            elif dz != dz2:
                err.append('Contour %d of the Soma stack %s is not monotonic in z.' % (j, first))
                err.append('    Manually edit the neurolucida file and reorder or eliminate '
                           'some contours.')
                err.append('    Presently the soma surface is nonsense.')
                return
            z = z2
            if any(v != z for v in sec.raw[2][1:]):
                err.append('contour %d of the Soma stack %s does not have constant z value.'
                           % (j, first))
                err.append('    Soma area calculation may be serious in error.')
                return

    def _somastack_process(self, first: Import3d_Section) -> None:
        """NEURON's report of a stack: the center and principal axes of the first three
        points of each outline (printed only; the values' order and the axes' signs are
        LAPACK's, which may differ from Eigen's)."""
        import numpy as np
        outlines = [first] + first.contour_list
        self._say('somastack_process %d\n' % len(outlines))
        rows = [[], [], []]
        for sec in outlines:
            for k in range(3):
                rows[k].extend(sec.raw[k][:3])
        center = [contour._mean(r) for r in rows]
        self._say('center\n' + _vprintf(center))
        pts = [[v - center[k] for v in rows[k]] for k in range(3)]
        m = np.zeros((3, 3))
        for i in range(3):
            for j in range(i, 3):
                m[i, j] = m[j, i] = contour._dot(pts[i], pts[j])
        w, vecs = np.linalg.eig(m)      # (unsorted, as NEURON's general Eigen solver)
        w, vecs = w.real, vecs.real
        self._say('Principle values\n' + _vprintf([float(v) for v in w]))
        self._say('Principle axes\n' + ''.join(
            ''.join(' %-8.3g' % vecs[i, j] for j in range(3)) + '\n' for i in range(3)))

    def _connect2soma_2(self, soma: Import3d_Section, roots: list) -> None:
        if soma.contour_list:
            outlines = [soma] + soma.contour_list
            center = contour.stk_center([s.raw for s in outlines])
            bbs = [_bbox(s) for s in outlines]
            xmin, ymin = min(b[0] for b in bbs), min(b[1] for b in bbs)
            xmax, ymax = max(b[3] for b in bbs), max(b[4] for b in bbs)
        else:
            xc, yc, zc = (list(soma.raw[k]) for k in range(3))
            xmin, xmax = min(xc) - .5, max(xc) + .5
            ymin, ymax = min(yc) - .5, max(yc) + .5
            center = contour.contourcenter(xc, yc, zc)[0]
        self.centers.append(center)
        lo_x, hi_x, lo_y, hi_y = _f32(xmin), _f32(xmax), _f32(ymin), _f32(ymax)
        for i in range(len(roots) - 1, -1, -1):
            sec = roots[i]
            x, y = _f32(sec.raw[0][0]), _f32(sec.raw[1][0])
            if lo_x <= x <= hi_x and lo_y <= y <= hi_y:
                sec.parentsec = soma
                sec.parentx = .5
                sec.insrt(0, center[0], center[1], center[2], .01)
                sec.first = 1
                sec.fid = 1
                del roots[i]

    def _errout(self) -> None:
        if self.quiet:
            return
        self._say('\n%s problems\n\n' % self.file)
        for s in self.b2serr:
            self._say('%s\n' % s)

    # ---- HOC-visible helpers of the reader
    def id2pt(self, i) -> float:
        for k, v in enumerate(self.iline):
            if v >= float(i):
                return float(k)
        return float(len(self.iline) - 1)

    def id2line(self, i) -> float:
        return float(i)

    def pt2id(self, i) -> float:
        i = int(i)
        if i >= len(self.iline):
            i = len(self.iline) - 1
        return float(self.iline[i])

    def label(self, i, s=None) -> str:
        text = 'Line %d: %s' % (self.iline[int(i)], self.lines[int(i)])
        if s is not None and hasattr(s, 'set'):
            s.set(text)
        return text


def _vprintf(v: list) -> str:
    """Vector.printf(): "%g\\t" each, a newline after every fifth and at the end."""
    out = []
    for i, a in enumerate(v):
        out.append('%g\t' % a)
        if (i + 1) % 5 == 0:
            out.append('\n')
    return ''.join(out) + '\n'


def _mag(v) -> float:
    s = 0.
    for a in v:
        s += a * a
    return s ** .5


def _bbox(sec: Import3d_Section) -> list[float]:
    r = sec.raw
    return [min(r[0]), min(r[1]), min(r[2]), max(r[0]), max(r[1]), max(r[2])]


def _xy_intersect(b1: list, b2: list) -> bool:
    for i in (0, 1):
        if b1[i] > b2[3 + i] or b2[i] > b1[3 + i]:
            return False
    return True
