"""The HOC object model shared by the interpreter, built-in classes and the Python bridge.

Every HOC-visible instance (a Vector, a List, an instance of a HOC template, a Section's
point process...) derives from HocObject and belongs to the interpreter it was made in.
Instances are numbered per class and interpreter as NEURON numbers them (``Vector[3]``): each
new instance takes the class counter, which goes back to 0 only when the last live instance of
the class is gone.  NULLobject is Python's None.
"""
from __future__ import annotations

import functools
import types
import weakref
from typing import Any, ClassVar, Iterator

from ..errors import HocError, python_error_message
from . import hooks
from .refs import real_number
from .context import _current as _running


class ClassRegistry:
    """Live instances of one HOC class, by instance index (NEURON's ``Name[i]``).

    ``live`` maps index -> weak reference, a plain one (Python shares it with every other
    plain reference to the object, so an instance costs a dict slot here); a dead instance's
    entry goes at once, dropped by ``HocObject.__del__``.  Indices only grow while any
    instance lives, so ``live``'s order is creation order; ``_order`` keeps its references
    as a list for :meth:`nth` (a ``List("NetCon")`` read by index), remade after a change."""

    __slots__ = ('name', 'next_index', 'live', '_order')

    def __init__(self, name: str):
        self.name = name
        self.next_index = 0
        self.live: dict = {}
        self._order: list | None = None

    def register(self, obj: 'HocObject') -> int:
        live = self.live
        if not live:  # NEURON restarts numbering once every instance is gone
            self.next_index = 0
        index = self.next_index
        self.next_index = index + 1
        live[index] = weakref.ref(obj)
        self._order = None
        return index

    def drop(self, obj: 'HocObject') -> None:
        """``obj`` is being freed: its entry goes (its reference may already be dead, in a
        garbage cycle)."""
        live = self.live
        i = obj._hoc_index
        ref = live.get(i)
        if ref is not None:
            o = ref()
            if o is obj or o is None:
                del live[i]
                self._order = None

    def forget(self, obj: 'HocObject') -> None:
        """Drop ``obj`` from the live instances now (its number stays used, as in NEURON)."""
        ref = self.live.get(obj._hoc_index)
        if ref is not None and ref() is obj:
            del self.live[obj._hoc_index]
            self._order = None

    def get(self, index: int) -> 'HocObject | None':
        ref = self.live.get(index)
        return None if ref is None else ref()

    def instances(self) -> list['HocObject']:
        """Live instances in creation order."""
        return [o for o in map(_call, tuple(self.live.values())) if o is not None]

    def count(self) -> int:
        """How many instances live (``List("Name").count()``)."""
        return len(self.live)

    def nth(self, k: int) -> 'HocObject | None':
        """The ``k``-th live instance in creation order (0 <= k < count()), without making
        the list of all of them."""
        order = self._order
        if order is None:
            order = self._order = list(self.live.values())
        return order[k]()


def _call(ref):
    return ref()


def class_registry(cls: type, owner: Any) -> ClassRegistry:
    """The instances of built-in class ``cls`` made in interpreter ``owner``: each interpreter
    numbers its own (``Vector[0]`` in two interpreters side by side); None: made outside any."""
    cls = cls._hoc_base
    if owner is None:
        return cls._hoc_registry
    regs = owner.__dict__.get('_class_registries')
    if regs is None:
        regs = owner.__dict__['_class_registries'] = {}
    reg = regs.get(cls)
    if reg is None:
        reg = regs[cls] = ClassRegistry(cls.hoc_class_name)
    return reg


class HocObject:
    """Base class of all HOC objects.

    Subclasses are numbered within their own HOC class name (``hoc_class_name``, by default the
    Python class name).  Public methods (no leading underscore) are the HOC methods; public
    attributes and properties are the HOC fields.  A method receives HOC numbers as float,
    strings as str (a strdef variable arrives as a StrRef, a str that can also be written with
    ``.set()``), objects as HocObject or None, and ``&x`` pointers as Ref objects.
    """

    __slots__ = ('__weakref__', '_hoc_index', '_owner')
    hoc_class_name: ClassVar[str]
    _hoc_registry: ClassVar[ClassRegistry]    # instances made outside any interpreter

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        own_del = cls.__dict__.get('__del__')
        if own_del is not None and not cls.__module__.startswith('pyhoc.'):
            cls.__del__ = _dropping(own_del)    # a Python subclass's __del__ frees the number
        if not cls.__module__.startswith('pyhoc.') and hasattr(cls, '_hoc_base') \
                and 'hoc_class_name' not in cls.__dict__:
            # a Python subclass (class V(h.Vector)): its instances are the HOC class's own,
            # named and numbered with them (Vector[1]), as in NEURON
            return
        name = cls.__dict__.get('hoc_class_name', cls.__name__)
        cls.hoc_class_name = name
        cls._hoc_registry = ClassRegistry(name)
        cls._hoc_base = cls
        if not cls.__dict__.get('_python_keywords', True):
            return
        for attr, value in list(cls.__dict__.items()):
            if isinstance(value, types.FunctionType) and (attr == '__init__' or attr[0] != '_'):
                wrapped = _python_callable(value)
                if wrapped is not value and attr != value.__name__:
                    wrapped._hoc_name = attr    # (an alias, List.o: its error shows .o(3))
                setattr(cls, attr, wrapped)

    def __new__(cls, *args, **kwargs):
        self = super().__new__(cls)
        owner = _running.get()               # the interpreter it belongs to (context.current)
        self._owner = owner
        self._hoc_index = class_registry(cls, owner).register(self)
        return self

    def _registry(self) -> ClassRegistry:
        return class_registry(type(self), self._owner)

    # Python's attribute assignment as NEURON's hoc.HocObject answers it (a user's Python
    # code setting a public name: HOC's own member assignments and pyhoc's code run with an
    # interpreter current and go straight through)
    _python_type_name: ClassVar[str] = ''    # '' -> 'hoc.<class>'; 'hoc.HocObject': mechanisms'

    # (no __getattr__ here: a class with one pays for it at every attribute read, ~0.3 us;
    # a missing attribute keeps Python's message, 'Vector' for NEURON's 'hoc.Vector')
    def __setattr__(self, name: str, value: Any) -> None:
        if name[0] == '_' or _running.get() is not None:
            try:
                _object_setattr(self, name, value)
            except AttributeError:
                raise AttributeError(no_attribute(self, name)) from None
        else:
            python_setattr(self, name, value)

    def __del__(self):
        try:
            self._registry().drop(self)
        except Exception:       # (at interpreter exit, or freed before it was registered)
            pass

    def hoc_name(self) -> str:
        """NEURON's name for this instance, e.g. ``Vector[0]``."""
        return '%s[%d]' % (self.hoc_class_name, self._hoc_index)

    def hoc_index(self) -> int:
        return self._hoc_index

    def __repr__(self) -> str:
        return self.hoc_name()

    __str__ = __repr__

    # NEURON's Python methods of every HOC object (hoc.HocObject's own: hname, same...)
    def hname(self) -> str:
        """The instance's HOC name, ``Vector[0]``."""
        return self.hoc_name()

    def same(self, other: Any) -> bool:
        """True when ``other`` is this very object (not an equal one)."""
        return other is self

    def hocobjptr(self) -> int:
        """A number that identifies the object while it lives (NEURON: its address)."""
        return id(self)

    def baseattr(self, name: str) -> Any:
        """The HOC class's own attribute ``name``, past a Python subclass's override."""
        for cls in type(self).__mro__:
            if cls.__module__.startswith('pyhoc.') and name in cls.__dict__:
                attr = cls.__dict__[name]
                return attr.__get__(self, type(self)) if hasattr(attr, '__get__') else attr
        raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))


_object_setattr = object.__setattr__


def python_name(obj: Any) -> str:
    """The type NEURON's Python messages name for ``obj``: ``hoc.Vector`` for a built-in
    class's instance, ``hoc.HocObject`` for a mechanism's or a template's."""
    return obj._python_type_name or 'hoc.' + obj.hoc_class_name


def no_attribute(obj: Any, name: str) -> str:
    return "'%s' object has no attribute '%s'" % (python_name(obj), name)


def undefined_name(name: str) -> LookupError:
    """NEURON's error setting a name a mechanism or template instance does not have."""
    return LookupError("'%s' is not a defined hoc variable name." % name)


def python_setattr(obj: Any, name: str, value: Any) -> None:
    """``obj.name = value`` from a user's Python code, as NEURON 9 answers it: a settable
    field is set; a double array member wants a subscript, a method is not assignable
    (TypeError's); an unknown name is an AttributeError (LookupError for a mechanism's
    instance); a Python subclass keeps its own attributes."""
    cls = type(obj)
    for klass in cls.__mro__:
        attr = klass.__dict__.get(name, _MISSING)
        if attr is not _MISSING:
            break
    else:
        klass = None
    if klass is None or not klass.__module__.startswith('pyhoc.'):
        if klass is not None or not cls.__module__.startswith('pyhoc.') or \
                name in getattr(obj, '__dict__', ()):
            _object_setattr(obj, name, value)       # a Python subclass's own attribute, or
            return                                  # a field of a template pyhoc writes natively
        if obj._python_type_name == 'hoc.HocObject':
            raise undefined_name(name)
        raise AttributeError(no_attribute(obj, name))
    if isinstance(attr, property):
        if attr.fset is not None:
            if isinstance(attr.fget(obj), float) if attr.fget is not None else False:
                value = real_number(value)      # (a number field takes a number)
            _object_setattr(obj, name, value)
            return
        if hasattr(attr.fget(obj), '__getitem__'):
            raise TypeError("'%s' requires subscript for assignment" % name)
        raise TypeError('not assignable')
    if hasattr(attr, '__set__'):        # a slot
        _object_setattr(obj, name, value)
        return
    if obj._python_type_name == 'hoc.HocObject' and name in PYTHON_ONLY:
        raise undefined_name(name)
    if callable(attr):
        if name in PYTHON_ONLY:
            raise AttributeError("'%s' object attribute '%s' is read-only"
                                 % (python_name(obj), name))
        raise TypeError('not assignable')
    if obj._python_type_name == 'hoc.HocObject':
        raise undefined_name(name)
    raise AttributeError(no_attribute(obj, name))


_MISSING = object()


def _dropping(own_del):
    """A subclass's ``__del__`` followed by HocObject's."""
    @functools.wraps(own_del)
    def __del__(self):
        try:
            own_del(self)
        finally:
            HocObject.__del__(self)
    return __del__


def _python_callable(fn):
    """``fn`` that also takes Python's keywords (``sl.remove(sec=soma)``): the bridge's
    python_call (lent through ``hooks``) handles them; HOC calls (no keywords) go straight
    through."""
    if getattr(fn, '_hoc_python', False):
        return fn

    if fn.__name__ == '__init__':      # (h.Vector(...) and HOC's new check their own)
        def init(self, *args, **kwargs):
            if kwargs:
                return hooks.python_call(functools.partial(fn, self), args, kwargs)
            return fn(self, *args)
        return _wrapping(init, fn)

    def method(self, *args, **kwargs):
        if _running.get() is None and self._owner is not None:
            # (from Python, an interpreter's object: the bridge comes back here)
            return hooks.python_method(method, self, args, kwargs)
        if kwargs:
            return hooks.python_call(functools.partial(fn, self), args, kwargs)
        try:
            return fn(self, *args)
        except _HOC_ARGUMENT_ERRORS as e:   # (not ImportError, OSError...: Python's own)
            if fn.__name__ in PYTHON_ONLY:  # (v.plot(...): a Python method, not HOC's)
                raise
            if isinstance(e, TypeError) and e.__traceback__.tb_next is None:
                n = _max_args(fn)        # refused at the call: more arguments than it reads
                if n is not None and len(args) > n:
                    return method(self, *args[:n])
            raise _method_error(e, self, fn) from e
    return _wrapping(method, fn)


def _wrapping(wrapper, fn):
    """``wrapper`` named and documented as ``fn`` (functools.wraps' attributes, set directly:
    every public method of every built-in class is wrapped as its class is made, ~400 in
    the seed example's process, where update_wrapper's generic copy cost ~1.5 ms)."""
    wrapper.__name__ = fn.__name__
    wrapper.__qualname__ = fn.__qualname__
    wrapper.__doc__ = fn.__doc__
    wrapper.__module__ = fn.__module__
    if fn.__dict__:
        wrapper.__dict__.update(fn.__dict__)
    wrapper.__wrapped__ = fn
    wrapper._hoc_python = True
    return wrapper


# What a method's wrong argument raises in pyhoc's Python (NEURON: hoc_execerror)
_HOC_ARGUMENT_ERRORS = (TypeError, ValueError, IndexError, KeyError, AttributeError,
                        ZeroDivisionError, OverflowError)


def _max_args(fn) -> int | None:
    """How many arguments method ``fn(self, ...)`` reads at most, or None (any number)."""
    code = getattr(fn, '__code__', None)
    if code is None or code.co_flags & 0x04:        # (CO_VARARGS)
        return None
    return max(code.co_argcount - 1, 0)


def _method_error(e: Exception, obj, fn) -> HocError:
    """A Python error inside a HOC object's method, as the HOC error NEURON gives (its
    methods fail only with hoc_execerror: RuntimeError from Python); surplus arguments are
    ignored, as NEURON's methods read only those they use (v.size(1, 2))."""
    msg = str(e)
    if isinstance(e, TypeError) and 'missing' in msg and 'required' in msg:
        return HocError('%s not enough arguments' % fn.__name__)       # (NEURON's words)
    if isinstance(e, TypeError) and ('argument' in msg or 'takes' in msg or 'missing' in msg):
        return HocError('%s.%s: wrong number or type of arguments'
                        % (type(obj).__name__, fn.__name__))
    return HocError(python_error_message(e))


# NEURON's Python-side methods of every HOC object: not members in HOC ('same' not a public
# member of 'Vector')
PYTHON_ONLY = frozenset(('hname', 'same', 'hocobjptr', 'baseattr'))


def iter_public_names(obj: Any) -> Iterator[str]:
    """Names of the HOC-visible members of a built-in object."""
    for name in dir(obj):
        if not name.startswith('_') and name not in PYTHON_ONLY:
            yield name


def returns_object(method):
    """Mark a built-in method whose None result means NULLobject in HOC (not the number 0)."""
    method.hoc_returns_object = True
    return method
