"""The language's interface to the simulator: section statements and range variables.

Compiled statements call these methods; they translate HOC's section stack, range-variable
syntax (``diam = 2``, ``v(.5)``, ``diam(0:1) = 2:6``), ``forall``/``forsec``/``ifsec`` and
``for (x)`` into operations on the interpreter's ``pyhoc.sim.Model``, created on first use so
that programs without sections never import the simulator.
"""
from __future__ import annotations

import re
from functools import cached_property
from typing import Any, Callable, Iterable

from ..errors import HocError
from .symbols import Array, Kind, Sym

from ..base.lazy import load
from ..base.regex import section_pattern
from ..sim import registry
from . import library


class _Absent:
    """SimGlue.resolve's answer None, while the names it was made from stay as they were."""
    __slots__ = ('names',)

    def __init__(self, names: tuple):
        self.names = names


def _names_known() -> tuple:
    """What more a name could come to mean (mechanisms, range variables, functions added)."""
    return (len(registry.MECHANISMS), len(registry.RANGE_NAMES), len(registry.FUNCTIONS),
            len(library.FUNCTIONS))


SECTION_PROPS = ('L', 'nseg', 'Ra', 'rallbranch')
_BUILT_IN_MECHANISMS = frozenset(registry.MECHANISMS)   # (before any .mod file is loaded)
_BUILT_IN_POINT_PROCESSES = frozenset(registry.POINT_PROCESSES)
_BUILT_IN_GLOBALS = frozenset(registry.GLOBALS)


class SimGlue:
    """Section statements of one interpreter, over its simulator Model."""

    def __init__(self, interp):
        self.interp = interp
        self._model = None
        self._functions: dict = {}    # the simulator's built-in functions' symbols, by name
        self._fixed: dict = {}        # those of them that no other name can hide
        self._found: dict = {}        # resolve's other answers, while _found_key holds
        self._found_key = None

    @cached_property
    def model(self):
        """The simulator Model (made on first use; then a plain attribute)."""
        if self._model is None:
            from ..sim import Model
            self._model = Model(host=self.interp)     # its sections' calls go to this interpreter
        return self._model

    # ---- names ------------------------------------------------------------------------------
    def resolve(self, name: str):
        """The simulator's meaning of ``name`` (a global, function, class, range variable),
        or None.  A name found is remembered until a mechanism or global is added or removed
        (HOC code asks for ``v``, ``e_pas``, ``ismembrane`` at every use)."""
        sym = self._fixed.get(name)
        if sym is not None:
            return sym
        m = self._model
        key = None if m is None else (m.type_order, len(m.mech_types), len(m._range_index),
                                      len(registry.GLOBALS), len(registry.POINT_PROCESSES),
                                      len(m.libraries))
        if key != self._found_key:
            self._found.clear()
            self._found_key = key
        sym = self._found.get(name)
        if sym is not None:
            if sym.__class__ is not _Absent:
                return sym
            if sym.names == _names_known():
                return None
        sym = self._resolve(name)
        if key is not None:     # (None is an answer too: a template's members ask per object)
            self._found[name] = sym if sym is not None else _Absent(_names_known())
        return sym

    def _resolve(self, name: str):
        if self.is_global(name) or self.is_mechanism_global(name):
            from .interpreter import ComputedSym
            model = self.model
            return ComputedSym(name, lambda: float(model.global_get(name)),
                               lambda v: model.global_set(name, v))
        arr = self._mechanism_global_array(name)
        if arr is not None:
            return Sym(name, Kind.ARRAY, arr)
        fn = registry.FUNCTIONS.get(name) or library.function(name)
        if fn is not None and fn.__class__ is not str and not self._loaded_here(name):
            fn = None       # (a .mod file's function, loaded into another interpreter's model)
        if fn is not None:
            sym = self._functions.get(name)
            if sym is None:
                sym = self._functions[name] = Sym(name, Kind.BUILTIN, load(fn))
                if '_' not in name:         # never a GLOBAL of a mechanism: always this
                    self._fixed[name] = sym
            return sym
        if (name in registry.POINT_PROCESSES and self._point_process_here(name)) or \
                _class_path(name) is not None:
            return Sym(name, Kind.SIMCLASS, name)
        if registry.has_mechanism_suffix(name):      # rates_hh, setdata_pas
            sym = self._functions.get(name)
            if sym is None:
                from ..sim.mechfuncs import hoc_function
                fn = hoc_function(self.model, name, self.current)
                if fn is not None:
                    sym = self._functions[name] = Sym(name, Kind.BUILTIN, fn)
            if sym is not None:
                return sym
        if (registry.is_range_name(name) or name.endswith('_dv_')) and \
                self.model.is_range_var(name) or name in SECTION_PROPS:
            return Sym(name, Kind.RANGE, name)
        if self._layered(name):
            return Sym(name, Kind.RANGE, name)      # xraxial[0](x), ca_cadifus[2](x): arrays
        return None

    def _loaded_here(self, name: str) -> bool:
        """Whether ``name``, a function a .mod file added to the process's table
        (``rates_kd``, ``setdata_kd``, a SUFFIX nothing library's ``f``), belongs to a
        mechanism or library loaded into this interpreter's Model."""
        m = self._model
        if m is None:
            return False
        k = name.find('_')
        while k > 0:
            if name[k + 1:] in m.mech_types:
                return True
            k = name.find('_', k + 1)
        for lib in m.libraries.values():
            rows = lib.function_table_rows
            if name in lib.callables or name in rows or name == 'setdata_' + lib.name or \
                    name.startswith('table_') and name[6:] in rows:
                return True
        return False

    def _layered(self, name: str) -> bool:
        """Whether ``name`` is an array range variable (extracellular's ``xraxial``, a .mod
        file's ``ca_cadifus``): its elements are the range variables ``name[k]``.  Before
        the Model exists only the built-in mechanisms' names can be one: asking about any
        other name does not make the Model (and import NumPy)."""
        if self._model is None and not registry.is_range_name(name):
            return False
        return '[' not in name and name + '[0]' in self.model._range_index

    def _mechanism_global_array(self, name: str):
        """A GLOBAL array of a mechanism (``inf_hh3``) or of a SUFFIX nothing library (no
        suffix) as a HOC array over its storage."""
        if self._model is None:
            return None
        owners = self._model.libraries.values()
        if '_' in name:
            owners = list(self._model.type_order) + list(owners)
        for mt in owners:
            if name in getattr(mt, 'global_arrays', ()):
                arr = Array(name, [mt.global_arrays[name][1]], 0.0)
                arr.data = mt.global_array(name)
                return arr
        return None

    def is_mechanism_global(self, name: str) -> bool:
        """``usetable_hh``, ``taueps_IntFire4``: a GLOBAL of a mechanism."""
        k = name.find('_')
        while k > 0:
            suffix = name[k + 1:]
            if suffix in registry.MECHANISMS or suffix in registry.POINT_PROCESSES:
                return name in self.model.global_names()
            k = name.find('_', k + 1)
        return False

    def names(self) -> set[str]:
        """Every name ``resolve`` knows: simulator functions, classes, mechanisms, range
        variables and globals (for ``dir(h)`` and completion)."""
        model = self.model
        names = set(_BUILT_IN_GLOBALS) | set(SECTION_PROPS) | {
            n for n, fn in registry.FUNCTIONS.items()
            if fn.__class__ is str or self._loaded_here(n)}
        names |= {n for n in registry.POINT_PROCESSES if self._point_process_here(n)}
        names |= set(registry.CLASSES) | library.names()
        from ..sim.mechfuncs import hoc_names
        from ..sim.mechtype import catalogued, unlisted_names
        names |= {n for n in model._range_index if '[' not in n} | set(model.global_names())
        names |= {mt.name for mt in catalogued(model, False)} | set(hoc_names(model))
        names -= unlisted_names(model)
        names |= {n[:-3] for n in model._range_index if n.endswith('[0]')}
        return names

    def section_members(self) -> set[str]:
        """Names after ``sec.`` in HOC: the section's properties and range variables."""
        return set(SECTION_PROPS) | {n for n in self.model._range_index if '[' not in n}

    SECTION_PROPS = SECTION_PROPS

    def is_mechanism_name(self, name: str) -> bool:
        """A density mechanism's name (hh, na_ion): NEURON's parser reads it as such.  One
        a .mod file added (the process's table has it) only where this Model loaded it."""
        if name not in registry.MECHANISMS:
            return False
        if name in _BUILT_IN_MECHANISMS:
            return True
        m = self._model
        return m is not None and name in m.mech_types

    def is_global(self, name: str) -> bool:
        """A simulator global (t, dt, celsius, nai0_na_ion) or a GLOBAL of a mechanism or
        library that this Model loaded (the process's table holds every interpreter's: in
        another, ``depth_cabuf`` is no name, as in a fresh NEURON)."""
        if name not in registry.GLOBALS:
            return False
        if name in _BUILT_IN_GLOBALS:
            return True
        m = self._model
        return m is not None and any(name in mt.global_values for mt in m._global_owners())

    def function_here(self, name: str) -> bool:
        """A built-in function of the simulator, or one that a .mod file loaded into this
        Model added (rates_kd, a library's FUNCTION)."""
        fn = registry.FUNCTIONS.get(name)
        return fn is not None and (fn.__class__ is str or self._loaded_here(name))

    def knows(self, name: str) -> bool:
        """Whether ``name`` is one of the simulator's names here (a class, point process,
        function, mechanism, global, range variable): NEURON's built-in table has it."""
        return (name in registry.CLASSES or (name in registry.POINT_PROCESSES and
                                             self._point_process_here(name))
                or self.function_here(name) or self.is_mechanism_name(name)
                or self.is_builtin_name(name))

    def _point_process_here(self, name: str) -> bool:
        """A built-in point process, or one a .mod file added to this Model (the process's
        table holds every interpreter's: ``objref syn`` stays a variable where none loaded it)."""
        if name in _BUILT_IN_POINT_PROCESSES:
            return True
        m = self._model
        return m is not None and name in m.mech_types

    def is_builtin_name(self, name: str) -> bool:
        """A simulator global, or a name a mechanism defines (gbar_nap, rates_hh); not any
        name that only ends in a mechanism's suffix (a model's strdef soma_gbar_nap)."""
        return self.is_global(name) or (registry.is_range_name(name) and
                                         self.resolve(name) is not None)

    def is_section(self, value: Any) -> bool:
        global _Section
        if _Section is None:
            from ..sim import Section
            _Section = Section
        return isinstance(value, _Section)

    def as_section(self, value: Any):
        if not self.is_section(value):
            raise HocError('not a section')
        if value.deleted:
            raise HocError('%s : section was deleted' % (value.hoc_name or value._name))
        return value

    def section_value(self, value: Any) -> Any:
        return value

    def reset_stack(self) -> None:
        if self._model is not None:
            self._model.stack.clear()

    def registry_of(self, name: str):
        """The ClassRegistry of simulator class ``name`` (NetCon, a point process), or None."""
        path = _class_path(name) or registry.POINT_PROCESSES.get(name)
        if path is None:
            return None
        cls = load(path)
        if getattr(cls, '_hoc_registry', None) is None:
            return None
        from ..base.objects import class_registry
        return class_registry(cls, self.interp)

    def instances_of(self, name: str) -> list:
        """Live instances of a simulator class (``new List("NetCon")``), oldest first."""
        reg = self.registry_of(name)
        return [] if reg is None else reg.instances()

    # ---- the section stack (the Model's: pyhoc.sim.sectionstack) ----------------------------
    @property
    def stack(self) -> list:
        """The pushed sections, innermost last (empty while there is no Model)."""
        return self._model.stack.items if self._model is not None else []

    def push(self, sec) -> None:
        self.model.stack.push(self.as_section(sec))

    def pop(self) -> None:
        if self._model is not None:
            self._model.stack.pop()

    def access(self, sec) -> None:
        self.model.stack.access(sec)

    def current(self):
        if self._model is None:
            raise HocError('Section access unspecified')
        return self._model.stack.current()

    # ---- declarations -----------------------------------------------------------------------------
    def delete_sections_of(self, owner: Any) -> None:
        """Delete the sections an object created (it is being destroyed)."""
        if self._model is not None:
            for sec in self._model.sections_of(owner):
                self._model.delete_section(sec)

    def create(self, fr, name: str, dims: list[int]) -> None:
        ns = fr.ns
        owner = ns.owner
        old = ns.syms.get(name)
        if old is not None:
            if old.kind is not Kind.SEC:
                raise HocError('%s already declared' % name)
            olds = old.value.data if isinstance(old.value, Array) else [old.value]
            for s in olds:
                if s is not None and not s.deleted:
                    self.model.delete_section(s)
        prefix = owner.hoc_name() + '.' if owner is not None else ''
        model = self.model
        if dims:
            arr = Array(name, dims, None)
            for k in range(len(arr.data)):
                subscripts, rest = '', k
                for d in reversed(dims):        # row-major: dend[1][2] of dend[2][3] is 5
                    subscripts = '[%d]' % (rest % d) + subscripts
                    rest //= d
                sec = model.new_section(prefix + name + subscripts, owner)
                sec.hoc_name = prefix + name + subscripts
                arr.data[k] = sec
            ns.declare(name, Kind.SEC, arr)
        else:
            sec = model.new_section(prefix + name, owner)
            sec.hoc_name = prefix + name
            ns.declare(name, Kind.SEC, sec)
        self.interp.section_names_any.add(name)

    def not_a_mechanism(self, mech: str) -> HocError:
        """``insert``'s error for a name that is no mechanism: one whose .mod file could not
        be translated says which file and why (pyhoc.nmodl.load.note_untranslated)."""
        why = self.model.__dict__.get('untranslated', {}).get(mech)
        return HocError('%s is not a MECHANISM%s' % (
            mech, ' (its .mod file was not translated: %s)' % why if why else ''))

    def is_mechanism(self, mech: str) -> bool:
        """Whether ``mech`` names a density mechanism (what ``insert`` accepts), counting the
        capacitance and morphology that every section has."""
        if mech in ('capacitance', 'morphology'):
            return True
        model = self.model
        t = model.mech_types.get(mech)
        if t is None or t.point:
            return False
        if getattr(t, 'is_ion', False) and not t.registered:
            # NEURON makes an ion when a mechanism that uses it is registered (hh: na, k) or
            # at ion_register; before that ``insert ca_ion`` is "not a MECHANISM"
            ion = t.ion
            return any(ion in getattr(m, 'ions', ()) for m in model.type_order)
        return True

    def insert(self, mech: str) -> None:
        sec = self.current()
        if sec.has_membrane(mech):
            return
        if not self.is_mechanism(mech):
            raise self.not_a_mechanism(mech)
        self.model.insert(sec, mech)

    def uninsert(self, mech: str) -> None:
        self.model.uninsert(self.current(), mech)

    def connect_stmt(self, child: Any, parent: Any) -> None:
        from ..sim import Segment
        if isinstance(child, tuple):
            csec, cx = child
        elif isinstance(child, Segment):
            csec, cx = child.sec, child.x
        elif self.is_section(child):
            csec, cx = child, 0.0
        else:
            raise HocError('connect: the child must be a section')
        if isinstance(parent, tuple):
            psec, px = parent
        elif isinstance(parent, Segment):
            psec, px = parent.sec, parent.x
        elif isinstance(parent, (float, int)):
            psec, px = self.current(), float(parent)
        else:
            raise HocError('connect: the parent must be a section location')
        old = csec.parentseg() if cx in (0., 1.) and 0. <= px <= 1. else None
        if old is not None:
            # NEURON's notice (stderr) when a connected section is moved: its end as it was
            interp = self.interp
            interp.stdout.flush()
            interp.stderr.write('Notice: %s(%g) had previously been connected to parent '
                                '%s(%g)\n' % (csec.name(), csec.orientation(), old.sec.name(),
                                              old.x))
        self.model.connect(csec, cx, psec, px)

    # ---- range variables ----------------------------------------------------------------------------
    def _get(self, sec, name: str, x: float = 0.5) -> float:
        if self._layered(name):     # (an array range variable without index: its [0], as NEURON)
            return self._get(sec, _layer_name(name, ()), x)
        if name == 'L' and not sec.n3d():
            sec._check()
            return float(sec._L)        # HOC reads the stored length (NEURON's dparam)
        if name in SECTION_PROPS:
            return float(getattr(sec, name))
        if not self.model.is_range_var(name):
            raise HocError('%s not a section variable' % name)
        return self._range_get(sec, name, x)

    def _range_get(self, sec, name: str, x: float) -> float:
        """A range variable's value at ``x`` (``name`` known to be one, not an array's)."""
        try:
            return float(self.model.range_get(sec, name, x))
        except (KeyError, AttributeError):
            raise HocError('%s, the mechanism does not exist at %s(%g)' % (name, sec.name(), x)) from None

    def _set_all(self, sec, name: str, value: Any, combine: Any) -> Any:
        if name in SECTION_PROPS:
            if combine is not None:
                value = combine(float(getattr(sec, name)), value)
            if name == 'nseg':
                sec._check()
                n = _c_int(value)
                if n > 32767:          # nrn_change_nseg: a message, a warning, then 1
                    interp = self.interp
                    interp.stdout.flush()
                    interp.stderr.write('requesting %s.nseg=1 but the maximum value is '
                                        '32767.\n' % sec.name())
                    interp.warning('nseg too large, setting to 1.')
                    n = 1
                if n < 1:
                    raise HocError('nseg  must be positive')
                self.model.change_nseg(sec, n)
            elif name == 'L':
                sec.set_L(float(value))
            elif name == 'Ra':              # (HOC takes any Ra; Python's sec.Ra checks)
                sec.set_Ra(float(value))
            elif name == 'rallbranch':      # (the same)
                sec.set_rallbranch(float(value))
            else:
                setattr(sec, name, float(value))
            return value
        for x in sec.rangeconst_xs(name):
            v = value
            if combine is not None:
                v = combine(self._get(sec, name, x), value)
            self.model.range_set(sec, name, x, float(v))
        return value

    def sym_value(self, sym: Sym) -> Any:
        return self._get(self.current(), sym.value)

    def assign_sym(self, fr, sym: Sym, indices, v, combine) -> Any:
        if sym.kind is not Kind.RANGE:
            raise HocError('%s: cannot assign' % sym.name)
        if self._layered(sym.value):
            return self._set_all(self.current(), _layer_name(sym.value, indices), _num(v), combine)
        return self._set_all(self.current(), sym.value, _num(v), combine)

    def call_range(self, fr, sym: Sym, name: str, args: list) -> Any:
        if sym.kind is not Kind.RANGE:
            raise HocError('%s is not a function' % name)
        if name in SECTION_PROPS:       # (L, nseg, Ra: no range variables, no position)
            from .interpreter import undefined_function
            raise undefined_function(name, args)
        x = float(args[0]) if args else 0.5
        if self._layered(name):
            name = _layer_name(name, ())
        elif name not in SECTION_PROPS and self.model.is_range_var(name):
            return self._range_get(self.current(), name, x)     # (_get's last case)
        return self._get(self.current(), name, x)

    def range_ref(self, fr, target: Any, name: str, args: list):
        sec = self.current() if target is None else self.as_section(target)
        x = float(args[0]) if args else 0.5
        if name in SECTION_PROPS:
            from ..base.refs import CallbackRef
            return CallbackRef(lambda: self._get(sec, name), lambda v: self._set_all(sec, name, v, None))
        if self._layered(name):
            name = _layer_name(name, ())
        if not self.model.is_range_var(name):
            raise HocError('%s not a section variable' % name)
        return self.model.ref(sec, name, x)

    def sym_ref(self, fr, sym: Sym, indices):
        if sym.kind is Kind.RANGE:
            return self.range_ref(fr, None, sym.value, [])
        raise HocError('%s: cannot take its address' % sym.name)

    def section_attr(self, sec, name: str) -> Any:
        return self._get(self.as_section(sec), name)

    def sym_index_value(self, sym: Sym, indices) -> Any:
        """``xraxial[1]``: a layer of the current section's array range variable."""
        if self._layered(sym.value) and len(indices) == 1:
            return _Layers(self, self.current(), sym.value)[indices[0]]
        raise HocError('%s not an array variable' % sym.name)

    def section_index_attr(self, sec, name: str, indices) -> Any:
        if self._layered(name) and len(indices) == 1:
            return _Layers(self, self.as_section(sec), name)[indices[0]]
        if name in SECTION_PROPS:
            raise HocError('syntax error')
        if not self.model.is_range_var(name):
            raise HocError('%s not a section variable' % name)
        raise HocError('%s not an array variable' % name)

    def assign_section_attr(self, sec, name: str, indices, v, combine) -> Any:
        if self._layered(name):
            name = _layer_name(name, indices)
        elif name not in SECTION_PROPS and not self.model.is_range_var(name):
            raise HocError('%s not a section variable' % name)
        elif indices:
            raise HocError('syntax error' if name in SECTION_PROPS
                           else '%s not an array variable' % name)
        return self._set_all(self.as_section(sec), name, _num(v), combine)

    def section_call(self, sec, name: str, args: list) -> Any:
        sec = self.as_section(sec)
        if self._layered(name):
            name = _layer_name(name, ())
        elif name not in SECTION_PROPS and self.model.is_range_var(name):
            return self._range_get(sec, name, float(args[0]) if args else 0.5)  # (_get's)
        if name in SECTION_PROPS:       # (soma.L(0.5): NEURON calls L, which has no code)
            from .interpreter import undefined_function
            raise undefined_function(name, args)
        if self.model.is_range_var(name):
            return self._get(sec, name, float(args[0]) if args else 0.5)
        raise HocError('%s not a section variable' % name)

    def section_ref(self, sec, name: str, indices):
        return self.range_ref(None, sec, name, [])

    def call_section(self, sec, args: list) -> Any:
        sec = self.as_section(sec)
        x = float(args[0]) if args else 0.5
        if not 0. <= x <= 1.:       # (the segment's own check is Python's ValueError)
            raise HocError('segment position range is 0 <= x <= 1')
        return sec(x)

    def python_value(self, sym: Sym) -> Any:
        """``h.L``, ``h.nseg``: the current section's (the bridge lets Python read no other
        range variable through ``h``, as NEURON)."""
        return self.sym_value(sym)

    def range_taper(self, sec, name: str, x1: float, x2: float, y1: float, y2: float,
                    combine=None) -> None:
        """``name(x1:x2) = y1:y2``, NEURON's range_interpolate: the nodes from the one holding
        x1 to the one holding x2, each whose centre lies between x1 and x2 given
        y1*(1 - thet) + y2*thet (v: also the end nodes at x1 or x2 = 0 or 1); with
        ``combine`` (``+=`` ...) each node's value combined with it."""
        def put(x, y):
            if combine is not None:
                y = combine(self._range_get(sec, name, x), y)
            model.range_set(sec, name, x, y)

        sec = self.current() if sec is None else self.as_section(sec)
        dx = x2 - x1
        if dx < 1e-10:
            raise HocError('range variable notation r(x1:x2) requires  x1 > x2')
        model = self.model
        if name == 'v':
            for x, y in ((x1, y1), (x2, y2)):
                if x == 0. or x == 1.:
                    put(x, y)
        n = sec.nseg
        di = -1 if sec._orient else 1
        i, i2 = sec._x_to_j(x1), sec._x_to_j(x2) + di
        while i != i2:
            x = (i + .5) / n
            if di < 0:
                x = 1. - x
            thet = (x - x1) / dx
            if -1e-9 <= thet <= 1. + 1e-9:
                put(x, y1 * (1. - thet) + y2 * thet)
            i += di

    def segment_positions(self, include_ends: bool) -> list[float]:
        return for_x_positions(self.current().nseg, include_ends)

    # ---- iteration over sections -------------------------------------------------------------------
    def _run_on(self, fr, sections: Iterable, body: Callable) -> None:
        from .signals import BreakSignal, ContinueSignal
        for sec in list(sections):
            if sec.deleted:
                continue
            self.stack.append(sec)
            try:
                body(fr)
            except BreakSignal:
                break
            except ContinueSignal:
                pass
            finally:
                self.stack.pop()

    def _owned(self, fr) -> list:
        if self._model is None:
            return []
        owner = fr.ns.owner
        if owner is not None:
            return self._model.sections_of(owner)
        return list(self._model.sections)

    def forall(self, fr, body: Callable) -> None:
        self._run_on(fr, self._owned(fr), body)

    def _matcher(self, fr, pattern: str):
        owner = fr.ns.owner
        prefix = owner.hoc_name() if owner is not None else ''   # (NEURON: "%s.*%s.*")
        return re.compile(section_pattern(prefix + '.*' + pattern + '.*'))

    def forsec(self, fr, selector: Any, body: Callable) -> None:
        if isinstance(selector, str):
            rx = self._matcher(fr, selector)
            secs = [s for s in self._owned(fr) if rx.fullmatch(s.name())]
        else:
            secs = list(selector)
        self._run_on(fr, secs, body)

    def ifsec(self, fr, selector: Any, body: Callable) -> None:
        sec = self.current()
        if isinstance(selector, str):
            ok = re.fullmatch(section_pattern('.*' + selector + '.*'), sec.name()) is not None
        else:
            ok = any(s is sec for s in selector)
        if ok:
            body(fr)

    def setpointer(self, target, source) -> None:
        from ..sim.pointers import setpointer
        setpointer(self.model, target, source)

    # ---- objects -------------------------------------------------------------------------------------
    def class_of(self, name: str) -> type:
        """The Python class behind a simulator or session class name (``Graph[1]``)."""
        path = _class_path(name) or registry.POINT_PROCESSES.get(name)
        if path is None:
            raise HocError('%s is not a template' % name)
        return load(path)

    def new_object(self, fr, name: str, args: list) -> Any:
        path = _class_path(name)
        if path is not None:
            self.model
            return load(path)(*args)
        path = registry.POINT_PROCESSES.get(name)
        if path is None:
            return None
        mt = self.model.mech_types.get(name)
        seg = None
        if args and not getattr(mt, 'artificial', False):     # (an artificial cell: no place)
            arg = args[0]
            if isinstance(arg, (float, int)):
                from ..sim.pointprocess import position     # (load(path) needs it next)
                arg = self.current()(position(arg))
            seg = arg
        pp = load(path)(seg, model=self.model)
        construct = getattr(mt, 'construct', None)      # a .mod CONSTRUCTOR (pyhoc.nmodl)
        if construct is not None:
            construct(pp, args)
        return pp


def for_x_positions(n: int, include_ends: bool) -> list[float]:
    """The values ``for (x)`` gives x: dx/2, then dx added at each segment, as NEURON's
    for_segment2 accumulates them (0.30000000000000004, not 0.3, for the second of five),
    with 0 and 1 around them when ``include_ends``."""
    dx = 1. / float(n)
    x = dx / 2.
    xs = []
    for _ in range(n):
        xs.append(x)
        x += dx
    return [0.0] + xs + [1.0] if include_ends else xs


def _class_path(name: str) -> str | None:
    """Where the simulator's (pyhoc.sim.registry) or a library's class ``name`` lives."""
    return registry.CLASSES.get(name) or library.class_path(name)


def _num(v: Any) -> float:
    if isinstance(v, (float, int)):
        return float(v)
    from .expressions import ObjArg, expecting_double
    raise expecting_double(v.obj if isinstance(v, ObjArg) else v)


def _c_int(x: float) -> int:
    """C's (int) of a double on x86-64: truncation; out of range (or NaN) gives INT_MIN."""
    if x != x or not -2147483649. < x < 2147483648.:
        return -2147483648
    return int(x)


# ---- array range variables (extracellular's xraxial[0](x), sec.xg[1] = v; .mod arrays)
_Section = None      # pyhoc.sim.Section, imported on first use


def _layer_name(name: str, indices) -> str:
    """``vext[1]``'s storage name; without a subscript HOC means layer 0."""
    if len(indices) > 1:
        raise HocError('%s is an array range variable: %s[layer]' % (name, name))
    return '%s[%d]' % (name, int(indices[0]) if indices else 0)


class _Layers:
    """``xraxial`` of a section: subscripting gives a layer (its value at .5, callable with x)."""

    def __init__(self, glue, sec, name):
        self.glue, self.sec, self.name = glue, sec, name

    def __len__(self):
        n = 0
        while '%s[%d]' % (self.name, n) in self.glue.model._range_index:
            n += 1
        return n

    def __getitem__(self, k):
        n = len(self)
        if not 0 <= int(k) < n:
            raise HocError('subscript 0 index %d of %s out of range %d' % (int(k), self.name, n))
        name = '%s[%d]' % (self.name, int(k))
        glue, sec = self.glue, self.sec
        return _LayerValue(glue._get(sec, name, .5), lambda x: glue._get(sec, name, float(x)))


class _LayerValue(float):
    """A float (the value at .5) that can be called with x (``xraxial[0](.3)``)."""

    def __new__(cls, value, at):
        obj = float.__new__(cls, value)
        obj._at = at
        return obj

    def __call__(self, x=.5):
        return float(self._at(x))
