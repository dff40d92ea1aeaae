"""HOC templates (``begintemplate`` ... ``endtemplate``) and their instances.

A Template keeps the compiled template-level declarations (run once per new instance, before
``init()``; other template-level statements run once, when the template is read), its procs
and funcs, and its public/external name lists.  Instances are numbered
per template exactly as NEURON numbers them.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from ..base.context import _current as _running, current
from ..base.objects import ClassRegistry, HocObject
from .symbols import Kind, Namespace, Sym


class Function:
    """A user-defined proc/func/obfunc/iterator: compiled body plus where it was defined."""

    __slots__ = ('name', 'kind', 'body', 'local_names', 'localobj_names', 'template', 'file')

    def __init__(self, name: str, kind: Kind, body: Callable, local_names: list[str],
                 localobj_names: list[str], template: 'Optional[Template]', file: Optional[str]):
        self.name = name
        self.kind = kind
        self.body = body
        self.local_names = local_names
        self.localobj_names = localobj_names
        self.template = template
        self.file = file


class Template:
    """A HOC class defined by begintemplate/endtemplate."""

    def __init__(self, name: str):
        self.name = name
        self.body: list[Callable] = []          # template-level declarations, run per instance
        self.functions: dict[str, Sym] = {}     # procs/funcs, shared by instances
        self.public: set[str] = set()
        self.external: set[str] = set()
        self.section_names: set[str] = set()
        self.member_names: set[str] = set()     # scalars assigned in the template: members
        self.declared_in_code: set[str] = set()  # strdefs met inside its procs
        self.registry = ClassRegistry(name)
        self.complete = False

    def __repr__(self) -> str:
        return '<template %s>' % self.name


class TemplateInstance(HocObject):
    """An object made by ``new Name()`` for a HOC template."""

    __slots__ = ('template', 'ns', '__dict__')
    _python_keywords = False    # its HOC methods are the template's (Interpreter.get_member)
    _python_type_name = 'hoc.HocObject'     # (NEURON's Python type of an instance)

    def __new__(cls, template: Template):
        self = object.__new__(cls)
        self._hoc_index = template.registry.register(self)
        self._owner = _running.get()
        return self

    def __init__(self, template: Template):
        self.template = template
        self.ns = Namespace(self)

    def _registry(self):
        return self.template.registry

    def hoc_name(self) -> str:
        return '%s[%d]' % (self.template.name, self._hoc_index)

    @property
    def hoc_class_name(self) -> str:  # type: ignore[override]
        return self.template.name

    def lookup(self, name: str) -> Optional[Sym]:
        """A member by name, private members included."""
        sym = self.ns.syms.get(name)
        if sym is None:
            sym = self.template.functions.get(name)
        return sym

    def __repr__(self) -> str:
        return self.hoc_name()

    __str__ = __repr__

    # Python attribute access goes through the bridge; keep the instance opaque here.
    def __getattr__(self, name: str) -> Any:
        if name.startswith('_'):
            raise AttributeError(name)
        return current(self).get_member(self, name)

    def baseattr(self, name: str) -> Any:
        """The template's own member ``name``, past a Python subclass's override."""
        return current(self).get_member(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ('template', 'ns', '_hoc_index') or name.startswith('_'):
            object.__setattr__(self, name, value)
        else:
            current(self).set_member(self, name, value)
