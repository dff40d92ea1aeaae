"""HOC-visible point processes (IClamp, AlphaSynapse): located objects with range variables.

Values live in the object while the Model is not built and in the type's block afterwards;
``Model.pp_get``/``pp_set`` hide which.  The location is (section, node j), j = -1 being the
section's parent node and j = nseg its 1-end, exactly NEURON's node_exact choice.
"""
from __future__ import annotations

import numbers
import weakref

from ..errors import HocError
from ..base.objects import HocObject, no_attribute
from .events import own_attr
from .refs import PointRef

_ALIASES = {'delay': 'del'}   # Python cannot spell IClamp.del


def position(x) -> float:
    """``x`` as a point process's position on the current section: NEURON's argument error
    outside 0 <= x <= 1 (a section's own ``sec(x)`` says otherwise)."""
    x = float(x)
    if not 0. <= x <= 1.:
        raise HocError('Arg out of range in user function')
    return x


class PointProcess(HocObject):
    """Base class; subclasses set ``mech_name``."""

    mech_name = ''
    _python_type_name = 'hoc.HocObject'     # (NEURON's Python has no type of its own for it)

    def __init__(self, seg=None, *, model=None):
        if model is None:
            if seg is None:
                raise HocError('%s needs a model or a segment' % self.mech_name)
            model = seg.sec.model
        # (object.__setattr__, never self.__dict__: reading an instance's __dict__ makes
        # Python keep a dict object for it, 64 bytes a point process)
        set_ = object.__setattr__
        set_(self, '_model', model)
        mt = model.mech_types[self.mech_name]
        set_(self, '_mtype', mt)
        set_(self, '_values', dict(mt.all_defaults()))
        set_(self, '_slot', -1)
        set_(self, '_sec_ref', None)
        set_(self, '_j', 0)
        model._add_point(self)
        if seg is not None:
            self.loc(seg)

    def __del__(self):
        model = own_attr(self, '_model')
        if model is not None:       # rebuild the arrays without it (see WeakList)
            model._points_died = True
        ps = own_attr(self, '_presyn')
        if ps is not None:          # its NetCons lose their source
            try:
                ps.source_gone()
            except Exception:       # (at interpreter exit)
                pass
        super().__del__()

    # ---- location
    @property
    def _sec(self):
        """The section it is in, held weakly: when a Python-made section goes, its point
        processes are no longer located, as in NEURON."""
        r = self._sec_ref
        return None if r is None else r()

    @_sec.setter
    def _sec(self, sec) -> None:
        object.__setattr__(self, '_sec_ref', None if sec is None else weakref.ref(sec))

    def loc(self, seg):
        """Move to ``seg`` (or to x on the current section, which ``sec=`` sets); returns x.

        Without a section, NEURON's HOC ``pp.loc(x)`` uses the currently pushed section: a
        section prefix (``dend pp.loc(.3)``), else the accessed one (nrniv 9.0.2).
        """
        if not hasattr(seg, 'sec'):
            x = position(seg)
            seg = self._model.stack.current()(x)
            self._model.locate_point(self, seg.sec, seg.x)
            return x
        self._model.locate_point(self, seg.sec, seg.x)
        return self._x()

    def _x(self) -> float:
        """The arc position of the node this point process is in (-1 when not located)."""
        sec = self._sec
        if sec is None:
            return -1.0
        j, n = self._j, sec.nseg
        x = 0. if j == -1 else (1. if j == n else (j + .5) / n)
        return 1. - x if sec._orient else x

    def get_loc(self) -> float:
        """x of the location, pushing its section (pop it with pop_section()), as NEURON."""
        if self._sec is None:
            raise HocError('point process not located in a section')
        self._model.stack.push(self._sec)
        return self._x()

    def get_segment(self):
        return None if self._sec is None else self._sec(self._x())

    def has_loc(self) -> bool:
        return self._sec is not None

    def get_sec(self):
        return self._sec

    # ---- range variables
    def __getattr__(self, name: str):
        mt = own_attr(self, '_mtype')
        values = own_attr(self, '_values', ())
        if name.startswith('_ref_'):
            var = _ALIASES.get(name[5:], name[5:])
            if var in values and var not in mt.hidden:
                return PointRef(self, var)
            n = mt.array_params.get(var)
            if n is not None:           # pp._ref_w[2]: an array's element pointers
                return _PointArray(self, var, n, True)
        var = _ALIASES.get(name, name)
        if mt is not None and name in mt.randoms:     # a .mod's RANDOM variable
            from ..base.nmodlrandom import NMODLRandom
            return NMODLRandom._wrap(self, '_rand_' + name)
        if var in values and var not in mt.hidden:
            return self._model.pp_get(self, var)    # (not an ASSIGNED that is not RANGE)
        n = mt.array_params.get(name) if mt is not None else None
        if n is not None:           # an array PARAMETER (VClamp's dur[3], amp[3])
            return _PointArray(self, name, n)
        if mt is not None and name in mt.functions:    # FUNCTION/PROCEDURE
            from .mechfuncs import point_method
            return point_method(self, name)
        if mt is not None and name in mt.callables:     # a .mod FUNCTION/PROCEDURE
            return mt.method_of(self, name)
        raise AttributeError(no_attribute(self, name))

    def __setattr__(self, name: str, value) -> None:
        var = _ALIASES.get(name, name)
        if name.startswith('_ref_') and name[5:] in getattr(own_attr(self, '_mtype'),
                                                              'pointers', ()):
            from .pointers import set_point         # pp._ref_vgap = seg._ref_v
            set_point(self, name[5:], value)
        elif var in own_attr(self, '_values', ()) and var not in self._mtype.hidden:
            if not isinstance(value, numbers.Real):     # NEURON's Python words
                kind = type(value).__name__
                raise TypeError('must be real number, not %s'
                                % ('hoc.' + kind if isinstance(value, HocObject) else kind))
            self._model.pp_set(self, var, value)
        elif var in own_attr(self, '_values', ()):      # ASSIGNED, not RANGE
            raise AttributeError(no_attribute(self, name))
        else:
            HocObject.__setattr__(self, name, value)

    def __dir__(self):
        """Methods and range variables, Python's spelling (``delay`` for IClamp.del)."""
        back = {v: k for k, v in _ALIASES.items()}
        mt = own_attr(self, '_mtype')
        hidden = mt.hidden if mt is not None else ()        # ASSIGNED but not RANGE (OClamp's onflag)
        return sorted(set(object.__dir__(self)) | set(mt.functions if mt else ()) |
                      {back.get(n, n) for n in own_attr(self, '_values', ())
                       if n not in hidden})

    def hoc_get(self, name: str) -> float:
        return self._model.pp_get(self, name)

    def hoc_set(self, name: str, value) -> None:
        self._model.pp_set(self, name, value)

    def range_names(self) -> tuple[str, ...]:
        return self._mtype.range_names()


POINT_CLASSES: dict[str, type] = {}


def point_class(name: str) -> type:
    """The HOC/Python class of point process ``name``, made from its spec (once per name)."""
    cls = POINT_CLASSES.get(name)
    if cls is None:
        cls = POINT_CLASSES[name] = type(name, (PointProcess,), {'mech_name': name})
    return cls


IClamp = point_class('IClamp')
AlphaSynapse = point_class('AlphaSynapse')
SEClamp = point_class('SEClamp')
VClamp = point_class('VClamp')
OClamp = point_class('OClamp')
PointProcessMark = point_class('PointProcessMark')


class _PointArray:
    """``vc.dur``: an array variable of a point process (values in ``name[k]``; ``ref``: their
    pointers, ``pp._ref_w[2]``)."""

    __slots__ = ('pp', 'name', 'n', 'ref')

    def __init__(self, pp, name: str, n: int, ref: bool = False):
        self.pp, self.name, self.n, self.ref = pp, name, n, ref

    def _var(self, k) -> str:
        k = int(k)
        if k < 0 or k >= self.n:
            raise IndexError(k)
        return '%s[%d]' % (self.name, k)

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, k):
        if self.ref:
            return PointRef(self.pp, self._var(k))
        return self.pp._model.pp_get(self.pp, self._var(k))

    def __setitem__(self, k, value) -> None:
        self.pp._model.pp_set(self.pp, self._var(k), value)

    def __iter__(self):
        return iter([self[k] for k in range(self.n)])
