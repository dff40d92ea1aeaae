"""HOC's SectionList and SectionRef: lists of and handles to sections.

Both take the currently accessed section (``append()``, ``SectionRef()``) from the running
interpreter's section stack.
"""
from __future__ import annotations

import itertools
import weakref
from typing import Any

from ..errors import HocError
from ..base.objects import HocObject


def _current_section(owner=None):
    """The currently accessed section of the interpreter ``owner`` (a SectionList...) is in."""
    from ..base.context import current
    return current(owner).model.stack.current()


def _arg_section(sec, owner=None):
    return _current_section(owner) if sec is None else _object_arg(sec)


def _object_arg(x: Any) -> Any:
    """An object argument: a number or a string is NEURON's 'bad stack access' error."""
    if isinstance(x, (float, int, str)):
        raise HocError('bad stack access: expecting Object**; really %s' % (
            'char**' if isinstance(x, str) else 'double %g' % x))
    return x


class SectionList(HocObject):
    """An ordered list of sections (``forsec sl``, ``for sec in sl``).

    It refers to its sections weakly: a section made in Python leaves the list when Python's
    last reference to it goes, as in NEURON."""

    __slots__ = ('_refs',)

    def __init__(self, sections: Any = None):
        self._refs: list = []
        if sections is not None:
            self._extend(list(_object_arg(sections)))

    @property
    def _secs(self) -> list:
        return [r() for r in self._refs]

    def _live(self) -> list:
        refs, out = [], []
        for r in self._refs:
            s = r()
            if s is not None and not s.deleted:
                refs.append(r)
                out.append(s)
        self._refs = refs
        return out

    def __iter__(self):
        return iter(list(self._live()))

    def __len__(self) -> int:
        return len(self._live())

    def append(self, sec=None) -> float:
        self._refs.append(weakref.ref(_arg_section(sec, self)))
        return 1.0

    def remove(self, what=None) -> float:
        if isinstance(what, SectionList):
            drop = set(map(id, what._live()))
        else:
            drop = {id(_arg_section(what, self))}
        live = self._live()
        self._refs = [weakref.ref(s) for s in live if id(s) not in drop]
        return float(len(live) - len(self._refs))

    def _extend(self, secs) -> float:
        self._refs.extend(weakref.ref(s) for s in secs)
        return float(len(secs))

    def subtree(self, sec=None) -> float:
        return self._extend(_arg_section(sec, self).subtree_breadth_first())

    def wholetree(self, sec=None) -> float:
        return self._extend(_arg_section(sec, self)._root().subtree_breadth_first())

    def children(self, sec=None) -> float:
        return self._extend(_arg_section(sec, self).children())

    def allroots(self) -> float:
        from ..base.context import current
        model = current(self).model
        return self._extend([s for s in model.sections if s.is_root()])

    def unique(self) -> int:
        seen, out = set(), []
        live = self._live()
        for s in live:
            if id(s) not in seen:
                seen.add(id(s))
                out.append(weakref.ref(s))
        self._refs = out
        return len(live) - len(out)

    def contains(self, sec=None) -> bool:
        sec = _arg_section(sec, self)
        return any(s is sec for s in self._live())

    def size(self) -> int:
        """The number of sections in the list (as len())."""
        return len(self._live())

    def printnames(self) -> float:
        from ..base.context import current
        for s in self._live():
            current(self).write(s.name() + '\n')
        return 1.0


class SectionRef(HocObject):
    """A handle to one section (``sr.sec``, ``sr.parent``, ``sr.child[i]``)."""

    __slots__ = ('_ref',)

    def __init__(self, sec=None):
        self._ref = weakref.ref(_arg_section(sec, self))

    @property
    def _sec(self):
        """The section, weakly held: a Python-made one goes with its last Python reference."""
        s = self._ref()
        if s is None:
            from .section import DeletedSectionError
            raise DeletedSectionError('Section was deleted')
        return s

    @property
    def sec(self):
        if self._sec.deleted:
            raise HocError('SectionRef: the section was deleted')
        return self._sec

    @property
    def parent(self):
        p = self._sec.parentseg()
        if p is None:
            raise HocError('SectionRef.parent: %s has no parent' % self._sec.name())
        return p.sec

    @property
    def trueparent(self):
        p = self._sec.trueparentseg()
        if p is None:
            raise HocError('SectionRef.trueparent: %s has no parent' % self._sec.name())
        return p.sec

    @property
    def root(self):
        s = self._sec
        while s.parentseg() is not None:
            s = s.parentseg().sec
        return s

    @property
    def child(self):
        return self._sec.children()

    def nchild(self) -> int:
        return len(self._sec.children())

    def has_parent(self) -> bool:
        return self._sec.parentseg() is not None

    def has_trueparent(self) -> bool:
        return self._sec.trueparentseg() is not None

    def exists(self) -> bool:
        s = self._ref()
        return s is not None and not s.deleted

    def is_cas(self) -> bool:
        return _current_section(self) is self._sec


# ---- section-stack builtins (registry.FUNCTIONS): fn(interp, *args) ------------------------------
def _hoc_secname(sec) -> str:
    return sec.name() if sec.hoc_name is not None else '_pysec.' + sec.name()


def sectionname(interp, target, hoc_form=1.0):
    """``sectionname(strdef)``: the currently accessed section's name (a section prefix counts);
    returns 1.  With a second argument 0 a Python-made section is named as secname(0) does."""
    from ..base.refs import set_string
    sec = interp.model.stack.current()
    name = sec.name() if float(hoc_form) != 0 else _hoc_secname(sec)
    set_string(target, name)
    return 1.0


def this_section(interp, *args):
    """A number standing for the currently accessed section, for ``push_section(number)``."""
    return float(id(interp.model.stack.current()))


def parent_section(interp, *args):
    """this_section()'s number for the accessed section's parent, 0 for a root section."""
    parent = interp.model.stack.current()._parent
    return 0. if parent is None else float(id(parent))


def parent_connection(interp, *args):
    """Where on its parent the accessed section connects (``connect child(y), parent(x)``: x)."""
    return float(interp.model.stack.current()._parent_x)


def section_orientation(interp, *args):
    """Which end of the accessed section (0 or 1) is its connected end (y above)."""
    return float(interp.model.stack.current()._orient)


_NODE_NUMBERS: 'weakref.WeakKeyDictionary' = weakref.WeakKeyDictionary()


def this_node(interp, x):
    """A number standing for the node at x of the accessed section (node_exact: x=0 or 1 at the
    connected end is the parent's node), equal wherever the same node is reached."""
    sec = interp.model.stack.current()
    j = sec._x_to_node(float(x))
    if j == -1:
        sec, j = sec._parent_node_owner()
    numbers = _NODE_NUMBERS.setdefault(sec, {})
    if j not in numbers:
        numbers[j] = float(next(_NODE_SEQ))
    return numbers[j]


_NODE_SEQ = itertools.count(1)


def push_section(interp, which):
    """``push_section("name")`` (the name secname() gives) or ``push_section(this_section())``:
    push a section onto the section stack, as a prefix does; ``pop_section()`` undoes it."""
    model = interp.model
    sec = None
    if isinstance(which, str):
        for s in model.sections:
            if not s.deleted and (s.name() == which or _hoc_secname(s) == which):
                sec = s
                break
        if sec is None:
            raise HocError('push_section: arg not a sectionname: %s' % which)
    else:
        key = float(which)
        for s in model.sections:
            if not s.deleted and float(id(s)) == key:
                sec = s
                break
        if sec is None:
            raise HocError('Not a Section pointer')
    interp.model.stack.push(sec)
    return 1.0
