"""NEURON's MechanismStandard and MechanismType classes, against pyhoc's simulator.

``MechanismStandard("hh"[, vartype])`` is a bag of the values of one mechanism's variables
(vartype 1, the default: PARAMETERs; 2 ASSIGNED; 3 STATE; 0 all three; -1 GLOBALs), with
defaults from the mechanism; ``in()`` copies values from the accessed section (its first
segment), ``in(x)`` from the segment at x, ``in(pp)`` from a point process, ``in(ms)`` from
another MechanismStandard of the same mechanism; ``out`` copies the other way (``out()``: every
segment of the accessed section, and only where the mechanism is inserted).  The CellBuilder's
membrane part, the PointProcessManager and the Inserter keep their values in these.

``MechanismType(0)`` lists the density mechanisms, ``MechanismType(1)`` the point processes,
in NEURON's type order; ``select``/``selected`` name one, ``make`` inserts or creates it,
``remove`` uninserts it.

Behaviour checked against NEURON 9.0.2 (``tests/sessions/test_tools.py``).
"""
from __future__ import annotations

import math

import re
from typing import Any

from ..errors import HocError, chkarg
from ..base.objects import HocObject

_ARRAY = re.compile(r'^(.+)\[(\d+)\]$')


def _interp(owner: Any = None):
    """The interpreter ``owner`` belongs to (else the running one)."""
    from ..base.context import current
    return current(owner)


def _model(owner: Any = None):
    return _interp(owner).sim.model


def _accessed(owner: Any = None):
    """The accessed section, or None when there is none (nrn_noerr_access)."""
    try:
        return _interp(owner).sim.current()
    except HocError:
        return None


def _set_str(target: Any, text: str) -> None:
    if target is not None and hasattr(target, 'set'):
        target.set(text)


def _catalogue(mt, vartype: int) -> list:
    """[(hoc name, default values)] of a mechanism type's variables of one kind, in order."""
    if vartype == -1:
        names = [(n, v) for n, v in mt.global_values.items()]
        return [(n, [float(v)]) for n, v in names]
    kinds = (1, 2, 3) if vartype == 0 else (vartype,)
    defaults = mt.all_defaults()
    raw: list[str] = []
    for k in kinds:
        if k == 1:
            raw.extend(mt.parameters)
        elif k == 2:
            hidden = getattr(mt, 'hidden', ())      # (hh's ina, ik: the ions' variables)
            raw.extend(n for n in mt.assigned if not n.startswith('_') and n not in hidden)
        elif k == 3:
            raw.extend(mt.states)
    out: list = []
    index: dict[str, int] = {}
    for var in raw:
        name = mt.hoc_name(var)
        m = _ARRAY.match(name)
        base = m.group(1) if m else name
        if base in index:
            out[index[base]][1].append(float(defaults.get(var, 0.)))
        else:
            index[base] = len(out)
            out.append((base, [float(defaults.get(var, 0.))]))
    return out


# the values an ion's MechanismStandard starts with (NEURON's registered parameter defaults:
# na's own, every other ion the generic 0 mV, 1 mM, 1 mM)
_ION_BAG_DEFAULTS = {'na': (50., 10., 140.)}
_OTHER_ION_BAG_DEFAULTS = (0., 1., 1.)


def _ion_kinds(mt, sec) -> list:
    """nrn_vartype of an ion's variables: e<ion>, <ion>i, <ion>o are ambiguous and take their
    kind from the ion's style in the accessed section (1 when there is no section, 5 when
    the ion is not in it); the current and its derivative are ASSIGNED (2)."""
    if sec is None:
        amb = (1, 1, 1)
    elif not sec.has_mech(mt.name):
        amb = (5, 5, 5)
    else:
        from ..sim.mechanisms.ions import STYLE
        arr, off = sec._slot(mt.name, STYLE)
        style = int(arr[off])
        amb = ((style & 0o30) >> 3, style & 0o3, style & 0o3)
    return list(amb) + [2, 2]


def _ion_catalogue(mt, vartype: int, sec) -> tuple:
    """(all the variables with their starting values, the indices listed, the names copied
    by in() and out()) of an ion's MechanismStandard.  NEURON counts the variables of kind
    ``vartype`` and of the kinds below it, then lists that many from that offset in
    declaration order, whatever their own kinds (so ``na_ion`` under hh lists ``nao`` as its
    PARAMETER); it copies by kind, and every variable is in the bag for get and set."""
    ion = mt.ion
    names = ['e' + ion, ion + 'i', ion + 'o', 'i' + ion, 'di%s_dv_' % ion]
    values = list(_ION_BAG_DEFAULTS.get(ion, _OTHER_ION_BAG_DEFAULTS)) + [0., 0.]
    kinds = _ion_kinds(mt, sec)
    offset = sum(1 for k in kinds if k < vartype)
    count = sum(1 for k in kinds if vartype == 0 or k == vartype)
    copied = {n for n, k in zip(names, kinds) if vartype == 0 or k == vartype}
    return [(n, [v]) for n, v in zip(names, values)], range(offset, offset + count), copied


def _elem(name: str, size: int, i: int) -> str:
    return '%s[%d]' % (name, i) if size > 1 else name


def _is_point(obj: Any) -> bool:
    return obj is not None and hasattr(obj, '_mtype') and hasattr(obj, 'hoc_get')


class MechanismStandard(HocObject):
    """MechanismStandard("name"[, vartype]): values of one mechanism's variables."""

    def __init__(self, name: Any = None, vartype: Any = 1., *args: Any):
        if not isinstance(name, str):
            raise HocError('MechanismStandard: a mechanism name is required')
        from ..sim.mechtype import catalogued_type
        mt = catalogued_type(_model(self), str(name))
        if mt is None:
            raise HocError('%s is not a Mechanism or Point Process' % name)
        self._mech = str(name)
        self._vartype = int(float(vartype))
        if mt.is_ion and self._vartype != -1:
            self._vars, self._shown, self._copied = _ion_catalogue(mt, self._vartype,
                                                                   _accessed(self))
        else:
            self._vars = _catalogue(mt, self._vartype)
            self._shown, self._copied = range(len(self._vars)), None
        self._index = {n: k for k, (n, _) in enumerate(self._vars)}
        self._action = ''
        self._action_obj = None
        self.saved: list[str] = []

    def _type(self, name: str):
        from ..sim.mechtype import catalogued_type
        return catalogued_type(_model(self), name)

    # ---- names and values
    def count(self, *args) -> int:
        return len(self._shown)

    def name(self, target: Any = None, i: Any = None, *args) -> int:
        """name(strdef): the mechanism's name; name(strdef, i): the i-th variable's (returns
        its array size)."""
        if target is None:
            raise HocError('name not enough arguments')
        if i is None:
            _set_str(target, self._mech)
            return 0
        k = int(float(i))
        if not 0 <= k < len(self._shown):
            raise HocError('MechanismStandard.name: index %d out of range' % k)
        name, values = self._vars[self._shown[k]]
        _set_str(target, name)
        return len(values)

    def is_array(self, i: Any = None, *args) -> bool:
        """Whether the i-th variable is an array (NEURON's range error past the last)."""
        k = chkarg(math.nan if i is None else i, 0, len(self._shown) - 1)
        name, values = self._vars[self._shown[int(k)]]
        if len(values) > 1:
            return True
        mt = self._type(self._mech)
        names = [mt.hoc_name(v) for v in (*mt.parameters, *mt.assigned, *mt.states)] \
            if mt is not None and self._vartype != -1 else ()
        return name + '[0]' in names

    def _slot(self, name: Any, i: Any) -> tuple:
        k = self._index.get(str(name))
        if k is None:
            raise HocError('%s not in this property' % name)
        values = self._vars[k][1]
        j = int(float(i)) if i is not None else 0
        if not 0 <= j < len(values):
            raise HocError('%s[%d] out of range' % (name, j))
        return values, j

    def get(self, name: Any, i: Any = None, *args) -> float:
        if self._vartype == -1:
            raise HocError('get  MechanismStandard method not implemented for GLOBAL type')
        values, j = self._slot(name, i)
        return values[j]

    def set(self, name: Any, value: Any, i: Any = None, *args) -> float:
        values, j = self._slot(name, i)
        values[j] = float(value)
        return 0.

    # ---- copying from and to the model
    def _elements(self):
        """(name, values, j, element name) of each variable in() and out() copy."""
        for name, values in self._vars:
            if self._copied is not None and name not in self._copied:
                continue
            for j in range(len(values)):
                yield name, values, j, _elem(name, len(values), j)

    def _check_same(self, other: 'MechanismStandard') -> None:
        if other._mech != self._mech:
            raise HocError('MechanismStandard: %s and %s are different mechanisms'
                           % (self._mech, other._mech))

    def _section_values(self, sec, x: float):
        model = sec.model
        for name, values, j, elem in self._elements():
            values[j] = float(model.range_get(sec, elem, x))

    def in_(self, src: Any = None, *args) -> float:
        if isinstance(src, MechanismStandard):
            self._check_same(src)
            for name, values in self._vars:
                k = src._index.get(name)
                if k is not None:
                    values[:] = list(src._vars[k][1])
            return 0.
        if _is_point(src):
            if src._mtype.name != self._mech:
                raise HocError('%s is not a %s' % (src.hoc_name(), self._mech))
            for name, values, j, elem in self._elements():
                values[j] = float(src.hoc_get(elem))
            return 0.
        if self._vartype == -1:
            mt = self._type(self._mech)
            for name, values in self._vars:
                values[0] = float(mt.global_values.get(name, values[0]))
            return 0.
        sec = _interp(self).sim.current()
        if not sec.has_mech(self._mech):
            return 0.
        nseg = int(sec.nseg)
        x = (0.5 / nseg) if src is None else float(src)
        self._section_values(sec, x)
        return 0.

    def out(self, dst: Any = None, *args) -> float:
        if isinstance(dst, MechanismStandard):
            dst._check_same(self)
            for name, values in dst._vars:
                k = self._index.get(name)
                if k is not None:
                    values[:] = list(self._vars[k][1])
            return 0.
        if _is_point(dst):
            if dst._mtype.name != self._mech:
                raise HocError('%s is not a %s' % (dst.hoc_name(), self._mech))
            for name, values, j, elem in self._elements():
                dst.hoc_set(elem, values[j])
            return 0.
        if self._vartype == -1:
            mt = self._type(self._mech)
            for name, values in self._vars:
                mt.global_values[name] = values[0]
            return 0.
        sec = _interp(self).sim.current()
        if not sec.has_mech(self._mech):
            return 0.
        model = sec.model
        nseg = int(sec.nseg)
        xs = [(2 * i + 1) / (2. * nseg) for i in range(nseg)] if dst is None else [float(dst)]
        for name, values, j, elem in self._elements():
            for x in xs:
                model.range_set(sec, elem, x, values[j])
        return 0.

    # ---- display and session
    def panel(self, *args) -> float:
        return 0.

    def action(self, cmd: Any = '', obj: Any = None, *args) -> float:
        self._action = str(cmd) if isinstance(cmd, str) else ''
        self._action_obj = obj
        return 0.

    def save(self, objname: Any = 'ms', *args) -> float:
        """The session lines that rebuild this MechanismStandard as ``objname``."""
        objname = str(objname)
        vt = '' if self._vartype == 1 else ', %d' % self._vartype
        lines = ['%s = new MechanismStandard("%s"%s)' % (objname, self._mech, vt)]
        for name, values, j, elem in self._elements():
            lines.append('%s.set("%s", %s, %d)' % (objname, name, '%g' % values[j], j))
        self.saved = lines
        return 0.

    def values(self) -> dict:
        """{name: value or [values]} (for Python and the tests)."""
        return {n: (v[0] if len(v) == 1 else list(v)) for n, v in self._vars}


# HOC spells the method ``in``, a Python keyword
setattr(MechanismStandard, 'in', MechanismStandard.in_)


class MechanismType(HocObject):
    """MechanismType(0): density mechanisms; MechanismType(1): point processes."""

    def __init__(self, point: Any = 0., *args: Any):
        self._point = bool(float(point))
        self._sel = 0           # NEURON selects the first mechanism at once
        self._action = ''
        self._pp_iter: list = []
        self._pp_k = 0

    def _names(self) -> list[str]:
        from ..sim.mechtype import catalogued
        return [mt.name for mt in catalogued(_model(self), self._point)]

    def _type(self, name: str):
        from ..sim.mechtype import catalogued_type
        return catalogued_type(_model(self), name)

    def count(self, *args) -> int:
        return len(self._names())

    def select(self, which: Any = 0., *args) -> float:
        names = self._names()
        if isinstance(which, str):      # (an unknown name leaves the selection, as NEURON)
            if which in names:
                self._sel = names.index(which)
        else:                           # past the end: the last one, as NEURON
            k = int(float(which))
            self._sel = min(k, len(names) - 1)
        return 0.

    def selected(self, target: Any = None, *args) -> int:
        if self._sel >= 0 and target is not None:
            _set_str(target, self._names()[self._sel])
        return int(self._sel)

    def _selected_name(self) -> str:
        if self._sel < 0:
            raise HocError('MechanismType: no mechanism selected')
        return self._names()[self._sel]

    def internal_type(self, *args) -> float:
        return float(self._type(self._selected_name()).type_index)

    def is_artificial(self, i: Any = None, *args) -> bool:
        names = self._names()
        k = self._sel if i is None else int(float(i))
        if not 0 <= k < len(names):
            return False
        return bool(getattr(self._type(names[k]), 'artificial', False))

    def is_ion(self, *args) -> bool:
        """Whether the selected mechanism is an ion (na_ion)."""
        mt = self._type(self._selected_name())
        return bool(getattr(mt, 'is_ion', False))

    def is_netcon_target(self, i: Any = None, *args) -> bool:
        names = self._names()
        k = self._sel if i is None else int(float(i))
        if not 0 <= k < len(names):
            return False
        mt = self._type(names[k])
        return bool(mt.point and hasattr(mt, 'net_receive'))

    def has_net_event(self, i: Any = None, *args) -> bool:
        names = self._names()
        k = self._sel if i is None else int(float(i))
        if not 0 <= k < len(names):
            return False
        return bool(getattr(self._type(names[k]), 'artificial', False) or
                    names[k] == 'APCount')

    def make(self, target: Any = None, *args) -> float:
        """Insert the selected density mechanism into the accessed section, or (point
        processes) ``make(objref)``: a new one at the accessed section's middle."""
        name = self._selected_name()
        interp = _interp(self)
        if self._point:
            from ..hoc.interpreter import Frame
            obj = interp.new_object(Frame(interp.top), name, 0.5)
            if target is not None and hasattr(target, 'set'):
                target.set(obj)
            return 0.
        sec = interp.sim.current()
        sec.model.insert(sec, name)
        return 0.

    def remove(self, *args) -> float:
        if self._point:
            return 0.
        sec = _interp(self).sim.current()
        sec.model.uninsert(sec, self._selected_name())
        return 0.

    def menu(self, *args) -> float:
        return 0.

    def action(self, cmd: Any = '', *args) -> float:
        self._action = str(cmd) if isinstance(cmd, str) else ''
        return 0.

    def pp_begin(self, *args):
        name = self._selected_name()
        sec = _interp(self).sim.current()
        self._pp_iter = [p for p in list(sec.points) if p._mtype.name == name]
        self._pp_k = 0
        return self.pp_next()

    def pp_next(self, *args):
        if self._pp_k < len(self._pp_iter):
            p = self._pp_iter[self._pp_k]
            self._pp_k += 1
            return p
        return None


__all__ = ['MechanismStandard', 'MechanismType']
