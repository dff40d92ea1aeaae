"""The HOC ``List`` class: an ordered list of object references."""
from __future__ import annotations

from typing import Any

from ...errors import HocError
from ...base.objects import HocObject


class List(HocObject):
    """``List()`` or ``List("Template")`` (then it lists that template's live instances);
    ``List(1)`` (stdrun.hoc's graph lists) is an ordinary list."""

    __slots__ = ('_items', '_template', '_selected', '_accept', '_select_action', '_scroll')

    def __init__(self, template: Any = None, *ignored: Any):
        self._items: list = []
        self._template = None
        self._selected = -1
        self._accept = ''
        self._select_action = ''
        self._scroll = 0.0
        if isinstance(template, str):
            if not _is_class(self, template):
                raise HocError('%s is not a template name' % template)
            self._template = template
        elif isinstance(template, (float, int)):     # (a count, as in List(1): no effect)
            if not 0 <= template <= 1e8:
                raise HocError('Arg out of range in user function')
        elif template is not None:
            raise HocError('List: argument must be a template name')

    def _all(self) -> list:
        if self._template is None:
            return self._items
        from ...base.context import current
        return current(self).instances_of(self._template)

    def _template_registry(self):
        """The template's instances' registry, read by index without listing them all (a
        loop over ``List("NetCon")`` by index was quadratic); None for a plain list."""
        if self._template is None:
            return None
        from ...base.context import current
        return current(self).registry_of(self._template)

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(list(self._all()))

    def __getitem__(self, i: int) -> Any:
        """``lst[i]`` from Python, as NEURON's: a negative index counts from the end, one
        outside is IndexError (named by the list), not HOC's range error."""
        if type(i) is int:
            n = self.count()
            k = i + n if i < 0 else i
            if not 0 <= k < n:
                raise IndexError(self.hoc_name())
            i = k
        return self.object(i)

    def count(self) -> int:
        reg = self._template_registry()
        return reg.count() if reg is not None else len(self._all())

    def append(self, obj: Any) -> float:
        if isinstance(obj, (float, int, str)):      # (NEURON's words: its stack's check)
            raise HocError('bad stack access: expecting Object**; really %s'
                           % ('char**' if isinstance(obj, str) else 'double %g' % obj))
        self._items.append(obj)
        return float(len(self._items))

    def prepend(self, obj: Any) -> float:
        self._items.insert(0, obj)
        return float(len(self._items))

    def insrt(self, i: float, obj: Any) -> float:
        k = int(i)
        if k < 0 or k > len(self._items):
            raise HocError('List.insrt: index %d out of range' % k)
        self._items.insert(k, obj)
        return float(len(self._items))

    def _index(self, i: float) -> int:
        items = self._all()
        k = int(i)
        if k < 0 or k >= len(items):
            raise HocError('Arg out of range in user function')
        return k

    def object(self, i: float) -> Any:
        reg = self._template_registry()
        if reg is not None:
            k = int(i)
            if not 0 <= k < reg.count():
                raise HocError('Arg out of range in user function')
            obj = reg.nth(k)
            if obj is not None:
                return obj
        return self._all()[self._index(i)]

    o = object

    def remove(self, i: float) -> float:
        del self._items[self._index(i)]
        return float(len(self._items))

    def remove_all(self) -> float:
        self._items.clear()
        return 0.0

    def index(self, obj: Any) -> int:
        for k, x in enumerate(self._all()):
            if x is obj:
                return k
        return -1

    def swap(self, i: float, j: float) -> float:
        a, b = self._index(i), self._index(j)
        self._items[a], self._items[b] = self._items[b], self._items[a]
        return 0.0

    # GUI-side state, kept headless
    def browser(self, *args: Any) -> float:
        return 0.0

    def select(self, i: float) -> float:
        self._selected = int(i)
        return 0.0

    def selected(self, *args: Any) -> int:
        return int(self._selected)

    def select_action(self, action: Any = '', *args: Any) -> float:
        self._select_action = action
        return 0.0

    def accept_action(self, action: Any = '') -> float:
        self._accept = action
        return 0.0

    def scroll_pos(self, *args: Any) -> float:
        if args:
            self._scroll = float(args[0])
        return self._scroll


def _is_class(lst: List, name: str) -> bool:
    """Whether ``name`` is a template or class of the list's interpreter (NEURON's List
    refuses any other name)."""
    from ...base.context import current
    from ..symbols import Kind
    interp = current(lst)
    sym = interp.top.syms.get(name)
    if sym is not None:
        return sym.kind is Kind.TEMPLATE
    sym = interp.builtins.get(name)
    if sym is not None:
        return sym.kind is Kind.CLASS
    sym = interp.sim.resolve(name)
    return sym is not None and sym.kind is Kind.SIMCLASS
