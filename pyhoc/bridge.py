"""The ``h`` object: Python's view of one interpreter's namespace.

``h.name`` reads the same symbol the HOC code sees, ``h.name = v`` assigns it, ``h('code')``
runs HOC text (printing errors and returning 0, as NEURON does), and calling ``h.proc(...)`` or
``h.Vector(...)`` calls into the same interpreter.  Values are converted only at this
boundary: HOC objects, sections and vectors pass through as the same Python objects.
"""
from __future__ import annotations

import weakref
from typing import Any

from .errors import Coord, HocError, python_error_message
from .base.context import _current, running
from .hoc.expressions import expecting_double
from .hoc.interpreter import _NO_FRAME, Frame, Interpreter, _pyvalue
from .hoc.pyaccess import ArrayView, python_assign
from .base.refs import BoxRef
from .hoc.signals import NOVALUE, StopSignal
from .hoc.symbols import Array, Kind
from .hoc.templates import Template, TemplateInstance


class _HocObjectType(type):
    """The type of NEURON's ``hoc.HocObject`` (h's type): every HOC object (a Vector, a
    point process, a template's instance, ``h.ref(1)``) is an instance; sections, segments
    and classes (``h.Vector``) are not, as in NEURON."""

    def __instancecheck__(cls, obj: Any) -> bool:
        from .base.objects import HocObject
        return type.__instancecheck__(cls, obj) or isinstance(obj, (HocObject, BoxRef))


class HocTop(metaclass=_HocObjectType):
    """``h``: attribute access to an Interpreter's top-level namespace (Python sees its type
    as NEURON's, ``hoc.HocObject``)."""

    __slots__ = ('_interp',)

    def __init__(self, interp: Interpreter | None = None):
        object.__setattr__(self, '_interp', interp if interp is not None else Interpreter())

    @property
    def interpreter(self) -> Interpreter:
        return self._interp

    def __call__(self, code: str) -> bool:
        """Run HOC code; print any error and return False, else True (as NEURON 9)."""
        interp = self._interp
        with running(interp):
            try:
                interp.run_text(str(code) + '\n')
            except HocError as e:
                interp.error_message(e)
                interp.reset_after_error()
                return False
        return True

    def __getattr__(self, name: str) -> Any:
        if name.startswith('__'):
            raise AttributeError(name)
        interp = self._interp
        token = _current.set(interp)    # (running(interp) without a context manager's cost:
        try:                            # h.fadvance() in a Python loop comes here each step)
            special = _SPECIAL.get(name)
            if special is not None:
                return special(interp)
            if name.startswith('_ref_'):
                return _hoc_ref(interp, name[5:])
            sym = interp.resolve(Frame(interp.top), name)
            if sym is None:
                mech = _mechanism(interp, name)
                if mech is not None:
                    return mech
                number = _KEYWORD_TYPES.get(name)
                if number is not None:
                    raise TypeError('Cannot access %s (NEURON type %d) directly.' % (name, number))
                raise AttributeError("'hoc.HocObject' object has no attribute '%s'" % name)
            return _from_sym(interp, sym)
        finally:
            _current.reset(token)

    def __setattr__(self, name: str, value: Any) -> None:
        """``h.name = value`` as NEURON 9: only a name HOC has declared (LookupError), a
        number to a variable, a string to a strdef, anything to an objref (a Python value
        wrapped); functions, classes, sections, range variables are TypeError's."""
        interp = self._interp
        with running(interp):
            fr = Frame(interp.top)
            sym = interp.resolve(fr, name)
            if sym is None or sym.kind is Kind.THIS:
                if interp.sim.is_mechanism_name(name):
                    raise TypeError('not assignable')
                raise LookupError("'%s' is not a defined hoc variable name." % name)
            python_assign(interp, fr, sym, value, wrap=True)

    def __dir__(self):
        """What NEURON's dir(h) lists (see top_names), and the object's own methods."""
        return sorted(top_names(self._interp) | set(object.__dir__(self)))

    def __repr__(self) -> str:
        return '<TopLevelHocInterpreter>'

    # NEURON's Python methods of hoc.HocObject, which h is too
    def hname(self) -> str:
        return '<TopLevelHocInterpreter>'

    def same(self, other: Any) -> bool:
        return other is self

    def hocobjptr(self) -> int:
        raise TypeError('HocObject does not wrap a Hoc Object')

    def baseattr(self, name: str) -> Any:
        """``h.baseattr('t')``: the top-level name itself."""
        if not isinstance(name, str):
            raise TypeError('attribute name must be a string')
        return self.__getattr__(name)

    def setpointer(self, *args: Any) -> None:
        """``h.setpointer(h._ref_x, 'p', pp)``: NEURON's Python method, whose every failure
        is the TypeError that shows its signature."""
        usage = "setpointer(_ref_hocvar, 'POINTER_name', point_process or nrn.Mechanism))"
        interp = self._interp
        with running(interp):
            try:
                if len(args) != 3:
                    raise TypeError(usage)
                interp.call_builtin(interp.resolve(Frame(interp.top), 'setpointer'), list(args))
            except Exception:       # noqa: BLE001 -- NEURON says only how to call it
                raise TypeError(usage) from None

    def libpython_path(self) -> Any:
        """The shared Python library this interpreter runs in, or None (a static Python)."""
        import os
        import sysconfig
        libdir, lib = sysconfig.get_config_var('LIBDIR'), sysconfig.get_config_var('LDLIBRARY')
        if libdir and lib and lib.endswith(('.so', '.dylib', '.dll')) or '.so.' in (lib or ''):
            path = os.path.join(libdir, lib)
            if os.path.exists(path):
                return path
        return None


HocTop.__name__ = HocTop.__qualname__ = 'HocObject'
HocTop.__module__ = 'hoc'


def top_names(interp: Interpreter) -> set[str]:
    """Every name ``h.name`` and HOC's top level know: the user's and built-in symbols,
    keywords, simulator functions and classes, mechanisms, range variables and globals
    (``dir(h)`` and the REPL's completion)."""
    from .hoc.lexer import KEYWORDS
    names = set(interp.top.syms) | set(interp.builtins) | interp.sim.names()
    return names | set(KEYWORDS) | set(_SPECIAL)


def _to_hoc(value: Any) -> Any:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int):
        return float(value)
    return value


def _hoc_ref(interp: Interpreter, var: str) -> Any:
    """``h._ref_t``, ``h._ref_x``: a pointer to a simulator global or a HOC variable."""
    if interp.sim.is_global(var):       # (a .mod file's: only where it was loaded)
        return interp.sim.model.ref_global(var)
    sym = interp.resolve(Frame(interp.top), var)
    if sym is None or sym.kind not in (Kind.NUM, Kind.ARRAY):
        raise AttributeError("'hoc.HocObject' object has no attribute '_ref_%s'" % var)
    if sym.kind is Kind.ARRAY:
        return ArrayPointer(interp, sym, ())
    return interp.sym_ref(Frame(interp.top), sym, [])


class ArrayPointer:
    """``h._ref_arr``: NEURON's incomplete pointer to a HOC double array; subscripting it
    once per dimension gives the pointer to that element (``h._ref_arr[2]``)."""

    __slots__ = ('interp', 'sym', 'indices')

    def __init__(self, interp: Interpreter, sym, indices: tuple):
        self.interp, self.sym, self.indices = interp, sym, indices

    def __getitem__(self, i: int) -> Any:
        idx = self.indices + (float(i),)
        if len(idx) < len(self.sym.value.dims):
            return ArrayPointer(self.interp, self.sym, idx)
        try:
            return self.interp.sym_ref(Frame(self.interp.top), self.sym, list(idx))
        except HocError as e:
            raise IndexError(str(e)) from None

    def __repr__(self) -> str:
        return '<incomplete pointer to hoc array %s>' % self.sym.name


def _mechanism(interp: Interpreter, name: str) -> Any:
    """``h.hh``: the mechanism object of a density mechanism, or None."""
    if not interp.sim.is_mechanism_name(name):      # (a .mod file's: where it was loaded)
        return None
    from .sim.mechtype import density_mechanism
    return density_mechanism(interp.sim.model, name)


def python_call(fn, args: tuple, kwargs: dict, interp: Interpreter | None = None) -> Any:
    """Call ``fn(*args)`` for Python, as NEURON calls any HOC function or method: ``sec=``
    makes that section the currently accessed one for the duration of the call; other keywords
    are passed on, and are an error (RuntimeError) where ``fn`` has no such parameter."""
    if not kwargs:
        return fn(*args)
    if 'sec' not in kwargs:
        return _keywords(fn, args, kwargs)
    kwargs = dict(kwargs)
    sec = kwargs.pop('sec')
    if interp is None:          # a method: the interpreter the section belongs to
        from .base.context import current
        interp = current(getattr(sec, 'model', None))
    glue = interp.sim
    if not glue.is_section(sec):
        raise TypeError('sec is not a Section')
    sec._check()
    depth = len(glue.stack)
    glue.push(sec)
    try:
        return _keywords(fn, args, kwargs) if kwargs else fn(*args)
    finally:
        if len(glue.stack) > depth:
            glue.stack.pop()        # NEURON pops the top: get_loc(sec=s) leaves s pushed


def _keywords(fn, args: tuple, kwargs: dict) -> Any:
    import inspect      # (here: with ast, dis and tokenize it costs ~4 ms of the first `h`)
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        params = {}
    if not any(p.kind is p.VAR_KEYWORD for p in params.values()):
        for k in kwargs:
            p = params.get(k)
            if p is None or p.kind is p.POSITIONAL_ONLY:
                raise HocError('invalid keyword argument')
    return fn(*args, **kwargs)


def hoc_call(fn, args: tuple, kwargs: dict, interp: Interpreter) -> Any:
    """Call a HOC function, procedure or class from Python, as NEURON's hocobj_call does:
    what goes wrong inside is a HOC error (RuntimeError: NEURON pushes the arguments as they
    are and the callee's own checks fail with hoc_execerror); a Python error inside pyhoc's
    built-in gets the message HOC code would show for it.  Only the ``sec=`` keyword's
    checks (TypeError, ReferenceError) are Python's, as in NEURON."""
    if not kwargs:      # (no closure, no context manager: h.fadvance() in a Python loop)
        token = _current.set(interp)
        try:
            return _guarded(fn, args, interp)
        finally:
            _current.reset(token)

    def guarded(*a, **kw):
        return _guarded(fn, a, interp, kw)
    guarded.__wrapped__ = fn        # (python_call checks keywords against fn's parameters)
    with running(interp):
        return python_call(guarded, args, kwargs, interp)


def _guarded(fn, args: tuple, interp: Interpreter, kwargs=None) -> Any:
    """``fn(*args, **kwargs)`` with hoc_call's errors."""
    try:
        try:
            return fn(*args, **kwargs) if kwargs else fn(*args)
        except HocError:
            raise
        except StopSignal:      # HOC's ``stop`` ends the call, quietly, as in NEURON
            return 0.0
        except RecursionError:
            raise HocError('call nested too deeply') from None
        except Exception as e:      # noqa: BLE001 -- (not KeyboardInterrupt, SystemExit)
            raise HocError(python_error_message(e)) from e
    except HocError as e:
        raise _reported(interp, e) from None


def python_method(method, obj: Any, args: tuple, kwargs: dict) -> Any:
    """A HOC object's method called from Python (``v.get(7)``, no HOC running): it runs in
    the object's interpreter (what it makes is numbered with that interpreter's objects:
    ``v.c()`` after ``h.Vector()`` is Vector[1]) and its HOC error is reported as NEURON's
    hocobj_call reports it, then raised (RuntimeError "hocobj_call error: ...")."""
    from .base.context import current
    interp = current(obj)
    with running(interp):
        try:
            return method(obj, *args, **kwargs)
        except StopSignal:      # HOC's ``stop`` ends the call, quietly, as in NEURON
            return 0.0
        except HocError as e:
            name = getattr(method, '_hoc_name', None) or getattr(method, '__name__', None)
            if name is not None and not isinstance(obj, TemplateInstance) and \
                    getattr(e, 'python_message', None) is None and len(e.stack) < 10:
                e.stack.append(_python_call_text(obj, name, args))
            raise _reported(interp, e) from None


def _python_call_text(obj: Any, name: str, args: tuple) -> str:
    """A call from Python as NEURON's error shows it: ``Vector[0].get(7)``, ``Vector(-1)``
    (``obj`` None); an object argument as ``...`` (Python's temporary object, not a HOC
    object variable), an ``h.ref('')`` as its string."""
    parts = []
    for a in args:
        if isinstance(a, BoxRef) and isinstance(a.value, str):
            a = a.value
        if isinstance(a, str):
            parts.append('"%s"' % (a if len(a) <= 15 else a[:10] + '...'))
        elif isinstance(a, (int, float)):
            parts.append('%g' % a)
        else:
            parts.append('...')
    if obj is None:
        return '%s(%s)' % (name, ', '.join(parts))
    return '%s.%s(%s)' % (obj.hoc_name(), name, ', '.join(parts))


def _add_call(e: HocError, name: str, args: tuple) -> None:
    """Put the Python call of built-in function or class ``name`` on error ``e``'s call
    stack, as NEURON's hocobj_call shows it (not on an error already reported)."""
    if getattr(e, 'python_message', None) is None and len(e.stack) < 10:
        e.stack.append(_python_call_text(None, name, args))


def _framed_class(cls: Any, name: str):
    """Calling class ``cls`` from Python: its constructor's HOC error shows the call."""
    def construct(*args, **kwargs):
        try:
            return cls(*args, **kwargs)
        except HocError as e:
            _add_call(e, name, args)
            raise
    construct.__wrapped__ = cls       # (python_call checks keywords against its parameters)
    return construct


def _reported(interp: Interpreter, e: HocError) -> HocError:
    """NEURON's hocobj_call on a HOC error: the error is reported (stderr, its layout and
    calls) and Python gets RuntimeError("hocobj_call error: hoc_execerror: <message>").
    An error of no HOC statement is shown where NEURON's empty line buffer stands: "near
    line 0" and a bare caret."""
    if getattr(e, 'python_message', None) is not None:
        return e
    if e.coord is None:
        e.coord = Coord(None, 0, '', 0)
        e.shows_line = False
    interp.error_message(e)
    interp.reset_after_error()
    err = HocError(_HOCOBJ_CALL + e.message, e.coord, e.stack)
    err.python_message = err.message
    return err


_HOCOBJ_CALL = 'hocobj_call error: hoc_execerror: '


_BUILTINS: 'weakref.WeakKeyDictionary' = weakref.WeakKeyDictionary()


def _builtin_function(interp: Interpreter, sym) -> Any:
    """``h.fadvance``: the Python function that calls built-in ``sym``, made once per
    interpreter and built-in (``h.fadvance()`` in a Python loop asks at every step)."""
    fns = _BUILTINS.get(interp)
    if fns is None:
        fns = _BUILTINS[interp] = {}
    got = fns.get(sym.name)
    if got is not None and got[0] is sym:
        return got[1]

    framed = sym.name not in _NO_FRAME

    def run(*a):
        try:
            return interp.call_builtin(sym, [_to_hoc(x) for x in a], framed=False)
        except HocError as e:
            if e.message == 'syntax error':     # (HOC's parser refuses sin("a"); a Python
                for x in a:                     # string reaches the call: NEURON's bad stack)
                    if isinstance(x, str):
                        e.message = str(expecting_double(x))
                        e.args = (e.message,)
                        break
            if framed:
                _add_call(e, sym.name, a)
            raise
        except RecursionError:
            raise
        except Exception as e:      # noqa: BLE001 -- a Python error of the built-in's: its
            err = HocError(python_error_message(e))     # HOC message (as _guarded), framed
            if framed:
                _add_call(err, sym.name, a)
            raise err from e

    def call_builtin(*args, **kwargs):
        return hoc_call(run, args, kwargs, interp)
    call_builtin.__name__ = call_builtin.__qualname__ = sym.name
    call_builtin.__doc__ = sym.value.__doc__ or 'HOC built-in function %s()' % sym.name
    fns[sym.name] = (sym, call_builtin)
    return call_builtin


def _from_sym(interp: Interpreter, sym) -> Any:
    kind = sym.kind
    if kind is Kind.NUM or kind is Kind.STR:
        return sym.value
    if kind is Kind.OBJ:
        v = sym.value
        if isinstance(v, Array):
            return ArrayView(interp, sym, Frame(interp.top), sym.name)
        if getattr(v, 'hoc_any_member', False) and isinstance(v._pyobj, (int, float, str)):
            return v._pyobj         # (``h.o = 1``: the Python value it was given)
        return v
    if kind is Kind.ARRAY:
        return ArrayView(interp, sym, Frame(interp.top), sym.name)
    if kind in (Kind.PROC, Kind.FUNC, Kind.OBFUNC):
        func = sym.value

        def call_user(*args, **kwargs):
            r = hoc_call(lambda *a: interp.call_function(
                func, [_to_hoc(x) for x in a], interp.top, Frame(interp.top)),
                args, kwargs, interp)
            return 0.0 if r is NOVALUE else r
        call_user.__name__ = call_user.__qualname__ = sym.name
        call_user.__doc__ = 'HOC %s %s' % (kind.name.lower(), sym.name)
        return call_user
    if kind is Kind.BUILTIN:
        return _builtin_function(interp, sym)
    if kind is Kind.CLASS:
        return _BuiltinClass(interp, interp.get_class(sym.name))
    if kind is Kind.TEMPLATE:
        return _TemplateClass(interp, sym.value)
    if kind is Kind.SEC:    # a section array from Python is the array (h.dend[1][2])
        return interp.sim.section_value(sym.value) if not isinstance(sym.value, Array) \
            else ArrayView(interp, sym, Frame(interp.top), sym.name)
    if kind is Kind.ITER:       # (an iterator runs only in HOC's for statement)
        raise TypeError('Cannot access %s (NEURON type %d) directly.' % (sym.name, _ITERATOR))
    if kind is Kind.RANGE:
        return _range_value(interp, sym)
    if kind is Kind.SIMCLASS:
        name = sym.name

        def new(*a):
            try:
                return interp.sim.new_object(Frame(interp.top), name, list(a))
            except HocError as e:
                _add_call(e, name, a)
                raise

        def construct(*args, **kwargs):
            return hoc_call(new, args, kwargs, interp)
        cls = interp.sim.class_of(name)
        construct.__name__ = construct.__qualname__ = name
        construct.__doc__ = _class_doc(interp, name, cls)
        construct.__wrapped__ = cls       # help() and inspect show the class's signature
        return construct
    return interp.sim.python_value(sym)


def _range_value(interp: Interpreter, sym) -> Any:
    """``h.L``, ``h.nseg``: the currently accessed section's (TypeError where there is none,
    as NEURON); ``h.v``, ``h.diam``: a range variable is reached only through a section or
    segment (NEURON's TypeError)."""
    from .hoc.sectionstmt import SECTION_PROPS
    if sym.name not in SECTION_PROPS:
        raise TypeError('Cannot access %s directly; it is a range variable and may be accessed '
                        'via a section or segment.' % sym.name)
    try:
        return interp.sim.python_value(sym)
    except HocError as e:
        raise TypeError(str(e)) from None


# NEURON's symbol type of the HOC keywords (its parser's token numbers), which h.name
# reports: "Cannot access for (NEURON type 269) directly." (a TypeError)
_KEYWORD_TYPES = {
    'print': 261, 'delete': 262, 'while': 266, 'if': 267, 'else': 268, 'for': 269,
    'return': 272, 'func': 273, 'proc': 274, 'obfunc': 275, 'read': 276, 'double': 277,
    'debug': 278, 'depvar': 281, 'eqn': 282, 'local': 283, 'break': 285, 'continue': 286,
    'strdef': 288, 'stop': 289, 'help': 291, 'iterator': 293, 'iterator_statement': 294,
    'localobj': 297, 'create': 306, 'connect': 308, 'access': 309, 'insert': 312,
    'forall': 313, 'forsec': 315, 'ifsec': 316, 'uninsert': 317, 'begintemplate': 321,
    'endtemplate': 322, 'new': 323, 'objectvar': 326, 'objref': 326, 'public': 327,
    'external': 328,
}
_ITERATOR = 292


def _class_doc(interp: Interpreter, name: str, cls) -> str:
    """``help(h.IClamp)``: the class's docstring, and for a point process its variables."""
    doc = cls.__doc__ if cls.__dict__.get('__doc__') else ''
    mt = interp.sim.model.mech_types.get(name)
    if mt is None:
        return doc
    from .sim.mechanisms.artificial import Artificial
    if issubclass(cls, Artificial):
        head = '%s: an artificial cell, h.%s() (never located).' % (name, name)
    else:
        head = '%s: a point process. h.%s(seg) makes one at seg (h.%s(x, sec=s): at s(x)).' % (
            name, name, name)
    names = [n for n in mt.range_names()]
    if names:
        head += '\nVariables: %s.' % ', '.join(names)
    return head + ('\n\n' + doc if doc else '')


class _BuiltinClass:
    """``h.Vector``: the built-in class, whose instances made through it belong to this
    interpreter (``isinstance(v, h.Vector)`` works as with the class itself)."""

    __slots__ = ('_interp', '_cls')

    def __init__(self, interp: Interpreter, cls: type):
        self._interp = interp
        self._cls = cls

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        cls = self._cls
        return hoc_call(_framed_class(cls, cls.hoc_class_name), args, kwargs, self._interp)

    def __instancecheck__(self, obj: Any) -> bool:
        return isinstance(obj, self._cls)

    def __mro_entries__(self, bases: tuple) -> tuple:
        return (self._cls,)          # class MyVector(h.Vector): subclasses the class itself

    def __getattr__(self, name: str) -> Any:
        try:
            return getattr(self._cls, name)
        except AttributeError:
            raise AttributeError("type object 'hoc.%s' has no attribute '%s'"
                                 % (self._cls.hoc_class_name, name)) from None

    def __eq__(self, other: Any) -> bool:
        return other is self._cls or (isinstance(other, _BuiltinClass) and other._cls is self._cls)

    def __hash__(self) -> int:
        return hash(self._cls)

    def __repr__(self) -> str:
        return "<class 'hoc.%s'>" % self._cls.hoc_class_name


_BuiltinClass.__name__ = _BuiltinClass.__qualname__ = 'HocClass'    # (NEURON's type of h.Vector)
_BuiltinClass.__module__ = 'hoc'


def python_type(name: str) -> Any:
    """What NEURON's ``hoc`` module has by ``name`` (None: nothing): HocObject (h's type),
    HocClass (h.Vector's) and the built-in classes (``hoc.Vector``, the type of a Vector)."""
    if name == 'HocObject':
        return HocTop
    if name == 'HocClass':
        return _BuiltinClass
    from .hoc import builtins
    if name in builtins.CLASSES:
        return builtins.load_class(name)
    return None


class _TemplateClass:
    """``h.Cell``: calling it makes a new instance of the HOC template."""

    def __init__(self, interp: Interpreter, template: Template):
        self._interp = interp
        self._template = template

    def __call__(self, *args: Any, **kwargs: Any) -> TemplateInstance:
        interp = self._interp
        return hoc_call(lambda *a: interp.instantiate(self._template, [_to_hoc(x) for x in a]),
                        args, kwargs, interp)

    def __getitem__(self, i: int) -> TemplateInstance:
        obj = self._template.registry.get(int(i))
        if obj is None:
            raise IndexError('%s[%d] does not exist' % (self._template.name, i))
        return obj

    def __repr__(self) -> str:
        return 'Template %s' % self._template.name

    def __getattr__(self, name: str) -> Any:
        if name.startswith('__'):
            raise AttributeError(name)
        raise AttributeError("'hoc.HocObject' object has no attribute '%s'" % name)


def _ref(interp: Interpreter):
    def ref(*args):
        """``h.ref(x)``: a reference HOC code may read and write (``$&1``, a strdef
        argument, ``$o1``): a number (as a float), a string or an object; any other Python
        value is wrapped, as NEURON wraps it."""
        if len(args) != 1:
            raise TypeError('single arg must be number, string, or Object')
        value = args[0]
        if isinstance(value, (bool, int, float)):
            value = float(value)
        elif not isinstance(value, (str, HocTop)) and value is not None:
            from .hoc.builtins.pyobject import PythonObject
            with running(interp):
                value = PythonObject(_wrap=value)
        return BoxRef(value)
    return ref


def _nil(interp: Interpreter):
    return None


def _section(interp: Interpreter):
    def make_section(name=None, cell=None):
        if name is not None and not isinstance(name, str):       # (NEURON's message)
            raise TypeError('argument 1 must be str, not %s' % type(name).__name__)
        if cell is not None:
            weakref.ref(cell)       # NEURON's TypeError where cell can't be weakly referenced
        if name is not None:
            name = str(name)
            if cell is not None:
                name = '%s.%s' % (cell, name)
        return interp.sim.model.new_section(name, cell, python_owned=True)
    return make_section


def _allsec(interp: Interpreter):
    def allsec(*args):
        """Every section (NEURON's ignores any arguments)."""
        return iter([s for s in interp.sim.model.sections if not s.deleted])
    return allsec


def _cas(interp: Interpreter):
    def cas(*args):
        """The currently accessed section (NEURON's ignores any arguments); none is its
        TypeError."""
        try:
            return interp.sim.current()
        except HocError as e:
            raise TypeError(str(e)) from None
    return cas


_SPECIAL = {
    'ref': _ref,
    'nil': _nil,
    'NULLobject': _nil,
    'Section': _section,
    'allsec': _allsec,
    'cas': _cas,
}
