"""HOC's SectionList and SectionRef: lists of and handles to sections.

Both take the currently accessed section (``append()``, ``SectionRef()``) from the running
interpreter's section stack.
"""
from __future__ import annotations

from typing import Any

from ..errors import HocError
from ..hoc.objects import HocObject


def _current_section():
    from ..hoc.context import current
    return current().sim.current()


def _arg_section(sec):
    return _current_section() if sec is None else sec


class SectionList(HocObject):
    """An ordered list of sections (``forsec sl``, ``for sec in sl``)."""

    __slots__ = ('_secs',)

    def __init__(self, sections: Any = None):
        self._secs: list = []
        if sections is not None:
            for s in sections:
                self._secs.append(s)

    def _live(self) -> list:
        self._secs = [s for s in self._secs if not s.deleted]
        return self._secs

    def __iter__(self):
        return iter(list(self._live()))

    def __len__(self) -> int:
        return len(self._live())

    def append(self, sec=None) -> float:
        self._secs.append(_arg_section(sec))
        return 1.0

    def remove(self, what=None) -> float:
        if isinstance(what, SectionList):
            drop = set(map(id, what._live()))
        else:
            drop = {id(_arg_section(what))}
        before = len(self._secs)
        self._secs = [s for s in self._secs if id(s) not in drop]
        return float(before - len(self._secs))

    def _extend(self, secs) -> float:
        self._secs.extend(secs)
        return float(len(secs))

    def subtree(self, sec=None) -> float:
        return self._extend(_arg_section(sec).subtree_breadth_first())

    def wholetree(self, sec=None) -> float:
        return self._extend(_arg_section(sec)._root().subtree_breadth_first())

    def children(self, sec=None) -> float:
        return self._extend(_arg_section(sec).children())

    def allroots(self) -> float:
        from ..hoc.context import current
        model = current().sim.model
        return self._extend([s for s in model.sections if s.is_root()])

    def unique(self) -> float:
        seen, out = set(), []
        for s in self._live():
            if id(s) not in seen:
                seen.add(id(s))
                out.append(s)
        removed = len(self._secs) - len(out)
        self._secs = out
        return float(removed)

    def contains(self, sec=None) -> float:
        sec = _arg_section(sec)
        return 1.0 if any(s is sec for s in self._live()) else 0.0

    def printnames(self) -> float:
        from ..hoc.context import current
        for s in self._live():
            current().write(s.name() + '\n')
        return 1.0


class SectionRef(HocObject):
    """A handle to one section (``sr.sec``, ``sr.parent``, ``sr.child[i]``)."""

    __slots__ = ('_sec',)

    def __init__(self, sec=None):
        self._sec = _arg_section(sec)

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
        return not self._sec.deleted

    def is_cas(self) -> bool:
        return _current_section() is self._sec


# ---- section-stack builtins (registry.FUNCTIONS): fn(interp, *args) ------------------------------
def _hoc_secname(sec) -> str:
    return sec.name() if sec.hoc_name is not None else '_pysec.' + sec.name()


def sectionname(interp, target, hoc_form=1.0):
    """``sectionname(strdef)``: the currently accessed section's name (a section prefix counts);
    returns 1.  With a second argument 0 a Python-made section is named as secname(0) does."""
    from ..hoc.refs import set_string
    sec = interp.sim.current()
    name = sec.name() if float(hoc_form) != 0 else _hoc_secname(sec)
    set_string(target, name)
    return 1.0


def this_section(interp, *args):
    """A number standing for the currently accessed section, for ``push_section(number)``."""
    return float(id(interp.sim.current()))


def push_section(interp, which):
    """``push_section("name")`` (the name secname() gives) or ``push_section(this_section())``:
    push a section onto the section stack, as a prefix does; ``pop_section()`` undoes it."""
    model = interp.sim.model
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
    interp.sim.push(sec)
    return 1.0
