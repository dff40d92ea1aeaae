"""The intermediate form of one ``.mod`` file: a resolved model of the mechanism.

``resolve(program)`` turns the parser's ast.Program into a ``Mechanism``: its name and kind,
every symbol with its kind, units, default, limits and storage (RANGE/GLOBAL/POINTER...),
the ions with what it reads and writes and their valence, the UNITS factors, the blocks by
kind, the SOLVE statements with their methods, the equations of each DERIVATIVE, KINETIC,
LINEAR and NONLINEAR block, the TABLEs and the VERBATIM texts; it checks what nocmodl checks
(raising ModSemanticError with file, line and construct) and records nocmodl's warnings
(an undeclared name may come from VERBATIM C) in ``warnings``.  The result is picklable: the
translation cache stores it for the code generator.
"""
from __future__ import annotations

import os
from typing import Optional

from . import ast
from .ast import Pos
from .errors import ModSemanticError, ModSyntaxError
from .units import UnitError, UnitTable

# functions nocmodl knows without a definition (its external functions, NEURON 9's RANDOM API)
BUILTIN_FUNCTIONS = frozenset((
    'first_time', 'error', 'f_flux', 'b_flux', 'fabs', 'sqrt', 'sin', 'cos', 'tan', 'acos',
    'asin', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'floor', 'ceil', 'fmod', 'log10', 'log',
    'pow', 'printf', 'prterr', 'exp', 'threshold', 'force', 'deflate', 'expfit', 'derivs',
    'spline', 'hyperbol', 'revhyperbol', 'sigmoid', 'revsigmoid', 'harmonic', 'squarewave',
    'sawtooth', 'revsawtooth', 'ramp', 'pulse', 'perpulse', 'step', 'perstep', 'erf',
    'exprand', 'factorial', 'gauss', 'normrand', 'poisrand', 'poisson', 'setseed',
    'scop_random', 'boundary', 'romberg', 'legendre', 'invert', 'stepforce', 'schedule',
    'set_seed', 'nrn_pointing', 'state_discontinuity', 'net_send', 'net_move', 'net_event',
    'nrn_random_play', 'at_time', 'nrn_ghk', 'INT',
    'random_setseq', 'random_setids', 'random_uniform', 'random_negexp', 'random_normal',
    'random_ipick', 'random_dpick', 'random_logpdf'))
# external functions nocmodl does not make thread safe, and those that take an array or a
# function by name
UNSAFE_FUNCTIONS = frozenset((
    'force', 'deflate', 'expfit', 'derivs', 'spline', 'exprand', 'gauss', 'normrand',
    'poisrand', 'poisson', 'setseed', 'scop_random', 'boundary', 'romberg', 'invert',
    'stepforce', 'schedule', 'set_seed', 'nrn_random_play'))
NAME_ARG_FUNCTIONS = frozenset(('romberg', 'legendre', 'deflate'))
# names every mechanism sees without declaring them (NEURON's globals and the independent)
BUILTIN_VARIABLES = frozenset(('t', 'dt', 'celsius', 'secondorder', 'flag', 'f_flux',
                               'b_flux'))
# methods: the block kinds each may solve (nocmodl's table)
METHODS = {
    'adams': ('DERIVATIVE', 'KINETIC'), 'runge': ('DERIVATIVE', 'KINETIC'),
    'euler': ('DERIVATIVE', 'KINETIC'), 'adeuler': ('DERIVATIVE', 'KINETIC'),
    'heun': ('DERIVATIVE', 'KINETIC'), 'adrunge': ('DERIVATIVE', 'KINETIC'),
    'gear': ('DERIVATIVE', 'KINETIC'), 'newton': ('NONLINEAR',), 'simplex': ('NONLINEAR',),
    'simeq': ('LINEAR',), 'seidel': ('LINEAR',), '_advance': ('KINETIC',),
    'sparse': ('KINETIC',), 'derivimplicit': ('DERIVATIVE',), 'cnexp': ('DERIVATIVE',),
    'clsoda': ('DERIVATIVE', 'KINETIC'),
    'after_cvode': ('PROCEDURE',), 'cvode_t': ('PROCEDURE',), 'cvode_t_v': ('PROCEDURE',),
}
# names NEURON provides when a mechanism declares them: the node's voltage, NEURON's own
# globals, the section's geometry at the mechanism's node
SPECIAL_STORAGE = {'v': 'voltage', 'celsius': 'nrn_global', 't': 'nrn_global',
                   'dt': 'nrn_global', 'area': 'geometry', 'diam': 'geometry'}
NRN_LISTS = ('RANGE', 'GLOBAL', 'POINTER', 'BBCOREPOINTER', 'EXTERNAL', 'NONSPECIFIC_CURRENT',
             'ELECTRODE_CURRENT', 'RANDOM')


class Symbol:
    """One name of the mechanism.  ``kind``: parameter, assigned, state, constant,
    independent, unit_factor, define, ion (USEION name not otherwise declared), pointer,
    bbcorepointer, random, external; ``storage``: 'range' or 'global' for variables."""

    __slots__ = ('name', 'kind', 'units', 'default', 'limits', 'dim', 'pos', 'storage',
                 'ion', 'from_to', 'start', 'abstol', 'public')

    def __init__(self, name, kind, pos, units=None, default=None, limits=None, dim=None):
        self.name, self.kind, self.pos = name, kind, pos
        self.units, self.default, self.limits, self.dim = units, default, limits, dim
        self.storage = None
        self.ion = None
        self.from_to = self.start = self.abstol = None
        self.public = False

    def __repr__(self) -> str:
        extra = ''.join(' %s=%r' % (k, getattr(self, k)) for k in (
            'units', 'default', 'limits', 'dim', 'storage', 'ion') if getattr(self, k)
            is not None)
        return '<%s %s%s>' % (self.kind, self.name, extra)


class Ion:
    """USEION: which of its variables the mechanism reads and writes, and the valence."""

    __slots__ = ('name', 'read', 'write', 'valence', 'ontology', 'pos')

    def __init__(self, name, pos):
        self.name, self.pos = name, pos
        self.read: list = []
        self.write: list = []
        self.valence: Optional[float] = None
        self.ontology = None

    def __repr__(self) -> str:
        return '<ion %s read=%s write=%s valence=%s>' % (self.name, self.read, self.write,
                                                          self.valence)


class SolveInfo:
    """One SOLVE statement: the block it names, that block's kind, how and with which method."""

    __slots__ = ('block', 'kind', 'method', 'steadystate', 'pos', 'where')

    def __init__(self, block, kind, method, steadystate, pos, where):
        self.block, self.kind, self.method = block, kind, method
        self.steadystate, self.pos, self.where = steadystate, pos, where

    def __repr__(self) -> str:
        return '<SOLVE %s (%s) %s%s>' % (self.block, self.kind, self.method or '',
                                         ' STEADYSTATE' if self.steadystate else '')


class Mechanism:
    """The resolved model of one ``.mod`` file (see the module docstring)."""

    def __init__(self, file: str):
        self.file = file
        self.title: Optional[str] = None
        self.name: Optional[str] = None
        self.kind = 'SUFFIX'            # or POINT_PROCESS, ARTIFICIAL_CELL
        # SUFFIX nothing: no mechanism, a library of FUNCTIONs, PROCEDUREs and GLOBALs that
        # HOC knows by their plain names; nocmodl names it after the file
        self.library = False
        self.threadsafe = False
        self.assigned_globals: list = []    # GLOBALs a block assigns (without THREADSAFE)
        self.symbols: dict = {}
        self.ions: dict = {}
        self.lists: dict = {k: [] for k in NRN_LISTS}
        self.unit_factors: dict = {}
        self.units = UnitTable()
        self.defines: dict = {}
        self.blocks: dict = {}          # INITIAL, BREAKPOINT, NET_RECEIVE, CONSTRUCTOR, ...
        self.derivatives: dict = {}
        self.kinetics: dict = {}
        self.linears: dict = {}
        self.nonlinears: dict = {}
        self.discretes: dict = {}
        self.functions: dict = {}
        self.procedures: dict = {}
        self.function_tables: dict = {}
        self.before_after: list = []
        self.top_locals: dict = {}
        self.solves: list = []
        self.equations: dict = {}       # DERIVATIVE name -> [(state, order, rhs expr, pos)]
        self.reactions: dict = {}       # KINETIC name -> [Reaction, Conserve, Compartment...]
        self.linear_equations: dict = {}
        self.tables: dict = {}          # FUNCTION/PROCEDURE name -> ast.Table
        self.verbatim: list = []        # (pos, text)
        self.conductance_hints: list = []
        self.warnings: list = []        # (pos, message)
        self.program: Optional[ast.Program] = None

    @property
    def point_process(self) -> bool:
        return self.kind in ('POINT_PROCESS', 'ARTIFICIAL_CELL')

    def of_kind(self, kind: str) -> list:
        """The symbols of one kind, in declaration order."""
        return [s for s in self.symbols.values() if s.kind == kind]

    def __repr__(self) -> str:
        return '<Mechanism %s %s (%s)>' % (self.kind, self.name, self.file)


def _num(n: Optional[ast.Num]):
    return None if n is None else float(n.text)


class _Resolver:
    def __init__(self, program: ast.Program, file: str, lines: Optional[list]):
        self.listed_undeclared: dict = {}     # NEURON-block names no block declares
        self.used: dict = {}                  # name -> Pos of its first use in a statement
        self.assigned: set = set()
        self.called_builtins: dict = {}
        self.called_unknown: dict = {}
        self.unsafe_call = False
        self.m = Mechanism(file)
        self.m.program = program
        self.lines = lines or []
        self.program = program

    def error(self, message: str, pos: Pos):
        text = self.lines[pos.line - 1] if 0 < pos.line <= len(self.lines) and \
            pos.file == self.m.file else ''
        raise ModSemanticError(message, pos, text)

    def warn(self, message: str, pos: Pos):
        self.m.warnings.append((pos, message))

    # ---- declarations ----------------------------------------------------------------------
    def declare(self, name, kind, pos, **kw):
        m = self.m
        old = m.symbols.get(name)
        if old is not None and old.kind not in ('ion',):
            self.error('Multiple declaration of %s (as %s at line %d, now as %s)'
                       % (name, old.kind, old.pos.line, kind), pos)
        s = Symbol(name, kind, pos, **kw)
        if old is not None and old.kind == 'ion':
            s.ion = old.ion
        m.symbols[name] = s
        return s

    def run(self) -> Mechanism:
        items = self.program.items
        m = self.m
        for it in items:
            if isinstance(it, ast.Define):
                m.defines[it.name] = it.value
        for it in items:
            if isinstance(it, ast.NeuronBlock):
                self.neuron(it)
        for it in items:
            t = type(it)
            if t is ast.Title:
                m.title = it.text if m.title is None else m.title
            elif t is ast.DeclBlock:
                self.decl_block(it)
            elif t is ast.UnitsBlock:
                self.units_block(it)
            elif t is ast.Local:
                for n in it.names:
                    m.top_locals[n.name] = n
            elif t is ast.Verbatim:
                m.verbatim.append((it.pos, it.text))
            elif t is ast.Block:
                self.block(it)
        if m.name is None:
            m.name = os.path.splitext(os.path.basename(m.file))[0]
        self.link_nrn_lists()
        self.link_ions()
        self.check_bodies()
        return m

    def neuron(self, blk):
        m = self.m
        for st in blk.stmts:
            t = type(st)
            if t is ast.Suffix:
                name = st.name
                if st.kind == 'SUFFIX' and name == 'nothing':
                    m.library = True
                    name = os.path.splitext(os.path.basename(m.file))[0]
                if m.name is not None and m.name != name:
                    self.error('a second %s (%s) in the NEURON block: the mechanism is '
                               'already %s' % (st.kind, st.name, m.name), st.pos)
                m.name, m.kind = name, st.kind
            elif t is ast.NameList:
                for n in st.names:
                    if n.name not in m.lists[st.kind]:
                        m.lists[st.kind].append(n.name)
            elif t is ast.ThreadSafe:
                m.threadsafe = True
            elif t is ast.UseIon:
                self.useion(st)
            elif t is ast.Verbatim:
                m.verbatim.append((st.pos, st.text))

    def useion(self, st):
        ion = self.m.ions.get(st.ion)
        if ion is None:
            ion = self.m.ions[st.ion] = Ion(st.ion, st.pos)
        valid = ('e' + st.ion, 'i' + st.ion, st.ion + 'i', st.ion + 'o')
        for lst, names in ((ion.read, st.read), (ion.write, st.write)):
            for n in names:
                if n.name not in valid:
                    self.error('%s is not a valid ionic variable for %s (one of %s)'
                               % (n.name, st.ion, ', '.join(valid)), n.pos)
                if n.name not in lst:
                    lst.append(n.name)
        if st.valence is not None:
            ion.valence = _num(st.valence)
        if st.ontology:
            ion.ontology = st.ontology

    def decl_block(self, blk):
        kind = {'PARAMETER': 'parameter', 'ASSIGNED': 'assigned', 'STATE': 'state',
                'CONSTANT': 'constant', 'INDEPENDENT': 'independent'}[blk.kind]
        for d in blk.items:
            if isinstance(d, ast.Verbatim):
                self.m.verbatim.append((d.pos, d.text))
                continue
            if isinstance(d, ast.Comment):
                continue
            if isinstance(d, ast.IndepDecl):
                s = self.declare(d.name, kind, d.pos, units=d.units)
                s.from_to = (_num(d.lo), _num(d.hi))
                continue
            name = d.name
            if name.endswith("'"):
                self.error("a derivative (%s) cannot be declared in %s" % (name, blk.kind),
                           d.pos)
            dim = d.dim
            if isinstance(dim, str):
                if dim not in self.m.defines:
                    self.error('array size %s is not a DEFINEd integer' % dim, d.pos)
                dim = self.m.defines[dim]
            if dim is not None and dim < 1:
                self.error('array size of %s must be > 0' % name, d.pos)
            s = self.declare(name, kind, d.pos, units=d.units, default=_num(d.value),
                             limits=None if d.limits is None else
                             (_num(d.limits[0]), _num(d.limits[1])), dim=dim)
            if d.from_to is not None:
                s.from_to = (_num(d.from_to[0]), _num(d.from_to[1]))
            s.start = _num(d.start)
            s.abstol = _num(d.abstol)

    def units_block(self, blk):
        m = self.m
        for it in blk.items:
            if isinstance(it, ast.UnitDef):
                try:
                    m.units.reduce(it.unit)
                except UnitError as e:
                    self.error('%s in the unit definition (%s)' % (e, it.name), it.pos)
                m.units.define(it.name, it.unit)
            elif isinstance(it, ast.FactorDef):
                try:
                    if it.value is not None:
                        value = _num(it.value)      # nocmodl takes its units as written
                    else:
                        value = m.units.factor(it.unit1, it.unit2)
                        if not m.units.conformable(it.unit1, it.unit2):
                            self.warn('units (%s) and (%s) are not conformable'
                                      % (it.unit1, it.unit2), it.pos)
                except UnitError as e:
                    self.error('%s in the UNITS factor %s' % (e, it.name), it.pos)
                m.unit_factors[it.name] = value
                self.declare(it.name, 'unit_factor', it.pos, default=value,
                             units=it.unit2 or it.unit1)

    def block(self, b):
        m = self.m
        k = b.kind
        table = {'DERIVATIVE': m.derivatives, 'KINETIC': m.kinetics, 'LINEAR': m.linears,
                 'NONLINEAR': m.nonlinears, 'DISCRETE': m.discretes, 'FUNCTION': m.functions,
                 'PROCEDURE': m.procedures, 'FUNCTION_TABLE': m.function_tables}.get(k)
        if k in ('BEFORE', 'AFTER'):
            m.before_after.append(b)
            return
        if table is None:
            if k in m.blocks:
                if k == 'NET_RECEIVE':
                    self.error('a second NET_RECEIVE block (the first at line %d)'
                               % m.blocks[k].pos.line, b.pos)
                # nocmodl appends a later INITIAL/BREAKPOINT/... to the first one
                first = m.blocks[k]
                b = ast.Block(k, None, [], None, [], ast.Body(
                    first.body.locals + b.body.locals, first.body.stmts + [b.body],
                    pos=first.body.pos), None, pos=first.pos)
            m.blocks[k] = b
            if k == 'NET_RECEIVE' and not b.args:
                self.error('the NET_RECEIVE block must have at least one argument', b.pos)
            return
        for other in (m.derivatives, m.kinetics, m.linears, m.nonlinears, m.discretes,
                      m.functions, m.procedures, m.function_tables):
            if b.name in other:
                self.error('%s declared twice (as %s at line %d)'
                           % (b.name, other[b.name].kind, other[b.name].pos.line), b.pos)
        table[b.name] = b

    # ---- NEURON block names against the declarations ------------------------------------
    def link_nrn_lists(self):
        m = self.m
        callables = set(m.functions) | set(m.procedures) | set(m.function_tables)
        for kind, names in m.lists.items():
            for name in names:
                if name in callables:
                    self.error('%s used as both variable and function (%s)'
                               % (name, kind), self.where_listed(name))
                s = m.symbols.get(name)
                if kind in ('POINTER', 'BBCOREPOINTER', 'RANDOM'):
                    if s is None:
                        s = self.declare(name, kind.lower(), self.where_listed(name))
                    s.storage = kind.lower()
                    continue
                if kind == 'EXTERNAL':
                    if s is None:
                        s = self.declare(name, 'external', self.where_listed(name))
                    if s.kind == 'external':    # (another mechanism's GLOBAL: a pointer)
                        s.storage = 'external'
                    continue
                if s is None:
                    self.listed_undeclared[name] = kind
                    self.warn('%s is in %s but not declared' % (name, kind),
                              self.where_listed(name))
                    s = self.declare(name, 'assigned', self.where_listed(name))
                    if kind == 'RANGE':     # nocmodl makes no variable of it: a hidden row
                        s.storage = 'range'     # for code that uses it (a VERBATIM C name)
                        continue
                if kind == 'RANGE':
                    s.storage, s.public = 'range', True
                elif kind == 'GLOBAL':
                    s.storage, s.public = 'global', True
        for s in m.symbols.values():
            if s.storage is None:
                if s.kind in ('state', 'assigned'):
                    s.storage = 'range'
                elif s.kind == 'parameter':
                    s.storage, s.public = 'global', True
        for name, storage in SPECIAL_STORAGE.items():
            s = m.symbols.get(name)
            if s is not None:
                s.storage = storage

    def where_listed(self, name) -> Pos:
        for it in self.program.items:
            if isinstance(it, ast.NeuronBlock):
                for st in it.stmts:
                    if isinstance(st, ast.NameList):
                        for n in st.names:
                            if n.name == name:
                                return n.pos
        return Pos(self.m.file, 0, 0)

    def link_ions(self):
        m = self.m
        for ion in m.ions.values():
            for n in ion.read + ion.write:
                s = m.symbols.get(n)
                if s is None:
                    s = self.declare(n, 'ion', ion.pos)
                s.ion = ion.name
                s.storage = 'ion'

    # ---- statements ------------------------------------------------------------------------
    def check_bodies(self):
        m = self.m
        callables = set(m.functions) | set(m.procedures) | set(m.function_tables)
        self.callables = callables
        self.solvable = {}
        for kind, table in (('DERIVATIVE', m.derivatives), ('KINETIC', m.kinetics),
                            ('LINEAR', m.linears), ('NONLINEAR', m.nonlinears),
                            ('DISCRETE', m.discretes), ('PROCEDURE', m.procedures)):
            for name in table:
                self.solvable[name] = kind
        self.undeclared = set()
        blocks = list(m.blocks.values()) + list(m.before_after)
        for table in (m.derivatives, m.kinetics, m.linears, m.nonlinears, m.discretes,
                      m.functions, m.procedures):
            blocks.extend(table.values())
        blocks.sort(key=lambda b: (b.pos.line, b.pos.column))
        for b in blocks:
            scope = {n: node.dim for n, node in m.top_locals.items()}
            for a in b.args:
                scope[a.name] = None
            if b.kind == 'FUNCTION':
                scope[b.name] = None
            if b.kind == 'DERIVATIVE':
                m.equations[b.name] = []
            elif b.kind == 'KINETIC':
                m.reactions[b.name] = []
            elif b.kind in ('LINEAR', 'NONLINEAR'):
                m.linear_equations[b.name] = []
            for n in b.solvefor:
                s = m.symbols.get(n.name)
                if s is None or s.kind != 'state':
                    self.error('SOLVEFOR %s: not a STATE' % n.name, n.pos)
            self.body(b.body, scope, b)
        self.check_declarations()

    def check_declarations(self):
        """nocmodl's end-of-file checks on names used without a declaration."""
        m = self.m
        for name, pos in self.called_builtins.items():
            if name in self.used:
                self.error('%s used as both variable and function' % name, self.used[name])
        for name, pos in self.called_unknown.items():
            if name in self.used or name in BUILTIN_VARIABLES:
                self.error('%s used as both variable and function' % name, pos)
        if m.threadsafe:
            return
        # a PARAMETER too (GLOBAL or unlisted): nocmodl makes the mechanism not thread safe,
        # its TABLEs checked at each call (one INITIAL uses sees what INITIAL assigned)
        m.assigned_globals = [name for name, s in m.symbols.items() if name in self.assigned
                              and s.storage == 'global' and s.kind in ('assigned', 'parameter')]
        # code nocmodl does not make thread safe needs a real declaration of v and of the
        # GLOBAL names it uses
        unsafe = bool(m.verbatim) or self.unsafe_call or any(m.lists[k] for k in ('POINTER', 'EXTERNAL')) or bool(
            m.assigned_globals)
        for name, pos in self.used.items():
            declared = name in m.symbols and name not in self.listed_undeclared
            if declared:
                continue
            if (name == 'v' and unsafe) or self.listed_undeclared.get(name) == 'GLOBAL':
                self.error('%s does not have a proper declaration' % name, pos)

    def body(self, body, scope, b):
        scope = dict(scope)
        for n in body.locals:
            scope[n.name] = n.dim
        for st in body.stmts:
            self.stmt(st, scope, b)

    def stmt(self, st, scope, b):
        t = type(st)
        m = self.m
        if t is ast.Assign:
            self.target(st.target, scope, b)
            self.expr(st.expr, scope)
            if b.kind == 'DERIVATIVE' and isinstance(_base(st.target), ast.Prime):
                p = _base(st.target)
                m.equations[b.name].append((p.name, p.order, st.expr, st.pos))
        elif t is ast.Protect:
            self.stmt(st.assign, scope, b)
        elif t is ast.ExprStmt:
            self.expr(st.expr, scope)
        elif t is ast.If:
            self.expr(st.cond, scope)
            self.body(st.body, scope, b)
            for c, bd in st.elifs:
                self.expr(c, scope)
                self.body(bd, scope, b)
            if st.orelse is not None:
                self.body(st.orelse, scope, b)
        elif t is ast.While:
            self.expr(st.cond, scope)
            self.body(st.body, scope, b)
        elif t is ast.FromLoop:
            for e in (st.lo, st.hi, st.by):
                if e is not None:
                    self.expr(e, scope)
            self.body(st.body, dict(scope, **{st.var: None}), b)
        elif t is ast.Body:
            self.body(st, scope, b)
        elif t is ast.Solve:
            self.solve(st, b)
        elif t is ast.Table:
            if b.kind not in ('FUNCTION', 'PROCEDURE'):
                self.error('TABLE valid only for FUNCTION or PROCEDURE', st.pos)
            if b.name in m.tables:
                self.error('only one TABLE per function', st.pos)
            if b.kind == 'PROCEDURE' and not st.names:
                self.error('a TABLE statement in a PROCEDURE must have a table name list',
                           st.pos)
            if len(b.args) != 1:
                self.error('a FUNCTION or PROCEDURE containing a TABLE statement must have '
                           'exactly one argument (%s has %d)' % (b.name, len(b.args)), st.pos)
            m.tables[b.name] = st
            for n in st.names + st.depend:
                self.use(n.name, n.pos, scope)
            self.expr(st.lo, scope)
            self.expr(st.hi, scope)
        elif t is ast.Reaction:
            for _, v in st.lhs + st.rhs:
                self.target(v, scope, b)
            for e in st.rates:
                self.expr(e, scope)
            m.reactions[b.name].append(st)
        elif t is ast.Conserve:
            self.only_in(st, b, 'KINETIC', 'CONSERVE')
            for _, v in st.terms:
                self.target(v, scope, b)
            self.expr(st.expr, scope)
            m.reactions[b.name].append(st)
        elif t in (ast.Compartment, ast.LongDiffusion):
            word = 'COMPARTMENT' if t is ast.Compartment else 'LONGITUDINAL_DIFFUSION'
            self.only_in(st, b, 'KINETIC', word)
            inner = dict(scope, **({st.index: None} if st.index else {}))
            self.expr(st.volume if t is ast.Compartment else st.rate, inner)
            m.reactions[b.name].append(st)
        elif t is ast.Equation:
            self.expr(st.lhs, scope)
            self.expr(st.rhs, scope)
            if b.kind in ('LINEAR', 'NONLINEAR'):
                m.linear_equations[b.name].append(st)
            else:
                m.equations[b.name].append((None, 0, st, st.pos))
        elif t is ast.NetInitial:
            self.only_in(st, b, 'NET_RECEIVE', 'INITIAL inside a block')
            self.body(st.body, scope, b)
        elif t is ast.ForNetcons:
            self.only_in(st, b, 'NET_RECEIVE', 'FOR_NETCONS')
            if len(st.args) != len(b.args):
                self.error('FOR_NETCONS and NET_RECEIVE do not have the same number of '
                           'arguments (%d and %d)' % (len(st.args), len(b.args)), st.pos)
            self.body(st.body, dict(scope, **{a.name: None for a in st.args}), b)
        elif t is ast.Watch:
            self.only_in(st, b, 'NET_RECEIVE', 'WATCH')
            for w in st.items:
                self.expr(w.lhs, scope)
                self.expr(w.rhs, scope)
        elif t is ast.Conductance:
            m.conductance_hints.append(st)
        elif t is ast.Verbatim:
            m.verbatim.append((st.pos, st.text))
        elif t is ast.Lag:
            self.use(st.name, st.pos, scope)

    def only_in(self, st, b, kind, word):
        if b.kind != kind:
            self.error('%s is only allowed in a %s block (here in %s)'
                       % (word, kind, b.kind), st.pos)

    def solve(self, st, b):
        m = self.m
        kind = self.solvable.get(st.name)
        if kind is None:
            self.error('SOLVE %s: no DERIVATIVE, KINETIC, LINEAR, NONLINEAR, DISCRETE or '
                       'PROCEDURE block of that name' % st.name, st.pos)
        if st.method is not None:
            fits = METHODS.get(st.method)
            if fits is None:
                self.error('SOLVE %s METHOD %s: unknown method' % (st.name, st.method),
                           st.pos)
            if kind not in fits and not (kind == 'PROCEDURE' and st.method in
                                         ('after_cvode', 'cvode_t', 'cvode_t_v')):
                self.error('Illegal or unimplemented SOLVE type: %s for a %s block (%s)'
                           % (st.method, kind, st.name), st.pos)
        info = SolveInfo(st.name, kind, st.method, st.how == 'STEADYSTATE', st.pos, b.kind)
        if b.kind == 'BREAKPOINT' and kind in ('DERIVATIVE', 'KINETIC') and any(
                x.where == 'BREAKPOINT' and x.kind in ('DERIVATIVE', 'KINETIC')
                for x in m.solves):
            self.warn('more than one integrating SOLVE statement in the BREAKPOINT block',
                      st.pos)
        m.solves.append(info)

    def dim(self, name, scope):
        """The array size of a name where it is used (None: not an array)."""
        if name in scope:
            d = scope[name]
        else:
            s = self.m.symbols.get(name)
            d = s.dim if s is not None else None
        if isinstance(d, str):
            d = self.m.defines.get(d, d)
        return d

    def check_index(self, e, scope, bare_ok=False):
        """nocmodl's 'variable needs an index' / 'variable is not an array'."""
        if isinstance(e, ast.Indexed):
            base = e.base
            if isinstance(base, ast.Name) and self.dim(base.name, scope) is None \
                    and (base.name in scope or base.name in self.m.symbols):
                self.error('%s: variable is not an array' % base.name, e.pos)
        elif isinstance(e, ast.Name) and not bare_ok and self.dim(e.name, scope) is not None:
            self.error('%s: variable needs an index' % e.name, e.pos)

    def target(self, e, scope, b):
        base = _base(e)
        self.check_index(e, scope)
        if isinstance(e, ast.Indexed):
            self.expr(e.index, scope)
        if isinstance(base, ast.Prime):
            s = self.m.symbols.get(base.name)
            if s is None or s.kind != 'state':
                self.error("%s%s: %s is not a STATE" % (base.name, "'" * base.order,
                                                        base.name), base.pos)
            if b.kind not in ('DERIVATIVE',):
                self.error("a derivative (%s') is only allowed in a DERIVATIVE block"
                           % base.name, base.pos)
        elif isinstance(base, ast.Name):
            self.use(base.name, base.pos, scope)
            if base.name not in scope:
                self.assigned.add(base.name)
        elif isinstance(base, ast.At):
            self.use(base.name, base.pos, scope)

    def use(self, name, pos, scope):
        if name in scope:
            return
        self.used.setdefault(name, pos)
        if name in self.m.symbols or name in BUILTIN_VARIABLES:
            return
        if name in self.m.defines:
            return
        if name in self.callables:
            self.error('%s used as both variable and function' % name, pos)
        if name not in self.undeclared:
            self.undeclared.add(name)
            self.warn('%s undefined (declared within VERBATIM?)' % name, pos)
        if name in ('area', 'diam'):     # nocmodl gives a used name the node's geometry too
            s = self.m.symbols[name] = Symbol(name, 'assigned', pos)
            s.storage = SPECIAL_STORAGE[name]

    def expr(self, e, scope):
        bare = set()        # Names that are a base of an index or an array argument
        for n in e.walk():
            t = type(n)
            if t is ast.Indexed:
                self.check_index(n, scope)
                bare.add(id(n.base))
            elif t is ast.Call and n.name in NAME_ARG_FUNCTIONS:
                bare.update(id(a) for a in n.args)
            if t is ast.Name:
                self.use(n.name, n.pos, scope)
                if id(n) not in bare:
                    self.check_index(n, scope)
            elif t is ast.Call:
                name = n.name
                if name in self.callables:
                    pass
                elif name in BUILTIN_FUNCTIONS:
                    self.called_builtins.setdefault(name, n.pos)
                    if name in UNSAFE_FUNCTIONS:
                        self.unsafe_call = True
                elif name in self.m.symbols and self.m.symbols[name].kind not in (
                        'external',):
                    self.error('%s used as both variable and function' % name, n.pos)
                else:
                    self.called_unknown.setdefault(name, n.pos)
                    if name not in self.undeclared:
                        self.undeclared.add(name)
                        self.warn('%s undefined (declared within VERBATIM?)' % name, n.pos)
            elif t is ast.Prime:
                s = self.m.symbols.get(n.name)
                if s is None or s.kind != 'state':
                    self.error("%s': %s is not a STATE" % (n.name, n.name), n.pos)


def _base(e):
    return e.base if isinstance(e, ast.Indexed) else e


def resolve(program: ast.Program, file: Optional[str] = None,
            text: Optional[str] = None) -> Mechanism:
    """The Mechanism of a parsed ``.mod`` file (raises ModSemanticError)."""
    file = file or program.pos.file
    lines = text.splitlines() if text is not None else None
    return _Resolver(program, file, lines).run()


def expand_includes(program: ast.Program, directory: str, parse, search=(), _depth=0):
    """``program`` with each INCLUDE replaced by the items of the file it names (looked for
    next to the ``.mod`` file, then in ``search``); ``parse(path)`` parses one file."""
    items = []
    for it in program.items:
        if isinstance(it, ast.Include):
            if _depth > 20:
                raise ModSemanticError('INCLUDE nested too deeply', it.pos)
            for d in (directory,) + tuple(search):
                path = os.path.join(d, it.path)
                if os.path.isfile(path):
                    break
            else:
                raise ModSemanticError("Couldn't open INCLUDE file %s" % it.path, it.pos)
            sub = expand_includes(parse(path), os.path.dirname(path), parse, search,
                                  _depth + 1)
            items.extend(sub.items)
        else:
            items.append(it)
    return ast.Program(items, pos=program.pos)


__all__ = ['Mechanism', 'Symbol', 'Ion', 'SolveInfo', 'resolve', 'expand_includes',
           'ModSemanticError', 'ModSyntaxError']


def include_path() -> tuple:
    """Where INCLUDE looks after the ``.mod`` file's folder: $MODL_INCLUDE, as for nocmodl."""
    return tuple(p for p in os.environ.get('MODL_INCLUDE', '').split(os.pathsep) if p)


def read_mod(path: str, search=()) -> Mechanism:
    """Parse, expand INCLUDEs and resolve the ``.mod`` file at ``path`` (raises ModError);
    INCLUDE looks next to the file, then in ``search``, then in $MODL_INCLUDE."""
    from .parser import parse_file
    search = tuple(search) + include_path()
    program = parse_file(path)
    if any(isinstance(it, ast.Include) for it in program.items):
        program = expand_includes(program, os.path.dirname(os.path.abspath(path)),
                                  parse_file, search)
    with open(path, 'rb') as f:
        text = f.read().decode('latin-1')
    return resolve(program, path, text.replace('\r\n', '\n').replace('\r', '\n'))
