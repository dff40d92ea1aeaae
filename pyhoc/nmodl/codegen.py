"""Code generation: a resolved ``.mod`` Mechanism as a Python module on the mechanism contract.

``generate(mech)`` returns the source text of one module that defines the mechanism's
:class:`~pyhoc.sim.mechanisms.base.MechanismType` subclass (its spec from the NEURON block and
the declarations) and its kernels (INITIAL, BREAKPOINT's current, the SOLVEd states, the
DERIVATIVE right-hand side for CVode) written as loops over instances in nocmodl's expression
shapes: the current and its conductance by the difference quotient at v+.001, the cnexp update
x + (1 - exp(dt*B))*(-(A)/(B) - x) of x' = A + B*x with A and B derived from the equation
(B by symbolic differentiation, A by x = 0), derivimplicit as a Newton solve of the backward
Euler step, euler as a forward step.  Globals live in one array (``glob``) that HOC reads
and writes through ``global_values``; every name in the text carries the mechanism's prefix,
so that many generated mechanisms share the compiled driver's module.  The text runs as plain
Python (the NumPy path) and is what the contract's driver compiles with numba.
"""
from __future__ import annotations

import re

from . import arrays, ast, cnexp, functable, kinetic, newton, pointers as ptrgen, promote, \
    runge, verbatim, watch as watchgen
from .model import SolveInfo
from .verbatim import SCOP_CALLS
from .errors import ModSemanticError

MATH1 = {'fabs': 'math.fabs', 'sqrt': 'c_sqrt', 'sin': 'math.sin', 'cos': 'math.cos',
         'tan': 'math.tan', 'acos': 'c_acos', 'asin': 'c_asin', 'atan': 'math.atan',
         'atan2': 'math.atan2', 'sinh': 'c_sinh', 'cosh': 'c_cosh',
         'tanh': 'math.tanh', 'floor': 'c_floor', 'ceil': 'c_ceil',
         'fmod': 'c_fmod', 'log10': 'c_log10', 'log': 'c_log', 'pow': 'c_pow',
         'exp': 'hoc_exp', 'erf': 'math.erf', 'INT': 'float_int', 'gauss': 'scop_gauss'}
# (c_*: C's answers where Python's math raises, pyhoc.nmodl.runtime)
C_MATH = ('c_sqrt, c_acos, c_asin, c_sinh, c_cosh, c_floor, c_ceil, c_fmod, c_log10, c_log, '
          'c_pow, c_round, c_trunc, c_fmin, c_fmax')
# functions NMODL does not know that the C++ compiler finds in <math.h>/<stdlib.h> (nocmodl
# leaves the call as written; abs of a double is std::abs(double))
C_LIBRARY = {'abs': 'math.fabs', 'round': 'c_round', 'trunc': 'c_trunc', 'fmin': 'c_fmin',
             'fmax': 'c_fmax', 'hypot': 'math.hypot'}
_NAN = "float('nan')"     # deriv's answer where it cannot differentiate
SUPPORTED_METHODS = ('cnexp', 'derivimplicit', 'euler', 'runge', None)


class Unsupported(ModSemanticError):
    """A construct the code generator does not translate (named with file and line)."""


def _ident(name: str) -> str:
    return re.sub(r'\W', '_', name)


class _Scope(dict):
    """name -> Python expression of a name in the body being written (``dims``: the sizes
    of its LOCAL arrays)."""

    def __init__(self, *a):
        super().__init__(*a)
        self.dims = dict(a[0].dims) if a and isinstance(a[0], _Scope) else {}


class Gen:
    def __init__(self, mech):
        self.m = mech
        self.P = 'M_' + _ident(mech.name) + '_'
        m = mech
        self.point = m.point_process
        self.artificial = m.kind == 'ARTIFICIAL_CELL'
        self.in_callable = None         # the FUNCTION/PROCEDURE being written
        self.where = None           # INITIAL, NET_RECEIVE: where net_send & co. may be
        self.verbatim_setup()
        self.zero_elem = self.diff_elem = None     # cnexp's A (element at 0), its B (d/d element)
        self.dread = _prime_reads(m)    # states whose x' is read: a hidden row _Dx (nocmodl's Dx)
        self.pre = {}                   # id(expr) -> Python text already computed
        self.promo = None               # a kernel's variables in locals (pyhoc.nmodl.promote)
        self.discon = None              # the condition of a state_discontinuity, if any
        self.at_time = _at_time_uses(m)
        if m.linears or m.nonlinears or m.discretes:
            b = next(iter((m.linears or m.nonlinears or m.discretes).values()))
            self.fail('%s block %s is not translated yet' % (b.kind, b.name), b.pos)
        self.randoms = []
        for s in m.symbols.values():
            if s.kind == 'random' or s.storage == 'random':      # NEURON 9: a stream each
                if not self.point:
                    self.fail('RANDOM %s in a density mechanism is not translated yet'
                              % s.name, s.pos)
                self.randoms.append(s.name)
                continue
                self.fail('%s %s is not translated yet' % (s.kind.upper(), s.name), s.pos)
        # storage: data rows (range), glob slots (global), constants
        self.params, self.assigned, self.states, self.hidden = {}, [], [], []
        self.globals = {}              # name -> default
        ionvars = {}
        for ion in m.ions.values():
            for n in ion.read + ion.write:
                ionvars[n] = ion.name
        self.ionvars = ionvars
        self.consts = {}
        self.dims = {}              # array variables (range, global, file LOCAL): name -> size
        self.garrays = {}           # GLOBAL arrays: name -> size (glob slots name[k])
        for s in m.symbols.values():
            if s.kind in ('unit_factor', 'constant'):
                self.consts[s.name] = s.default if s.default is not None else 0.0
            elif s.kind == 'state' and s.name in ionvars:
                self.states.append(s.name)
            elif s.storage in ptrgen.KINDS and s.name not in self.handles:
                # (a POINTER: the value read through it is a data row)
                self.assigned.append(s.name)
                if s.storage == 'external':
                    self.hidden.append(s.name)
            elif s.storage == 'range':
                names = arrays.elements(s.name, s.dim)
                if s.dim is not None:
                    self.dims[s.name] = s.dim
                for n in names:
                    if s.kind == 'parameter':
                        self.params[n] = _param_default(s.default)
                    elif s.kind == 'state':
                        self.states.append(n)
                    else:
                        self.assigned.append(n)
                    if not (s.public or s.kind == 'state' or s.name in
                            m.lists['NONSPECIFIC_CURRENT'] + m.lists['ELECTRODE_CURRENT']):
                        self.hidden.append(n)
            elif s.storage == 'global' and s.dim is not None:
                self.dims[s.name] = self.garrays[s.name] = s.dim
            elif s.storage == 'global':
                self.globals[s.name] = _param_default(s.default) if s.kind == 'parameter' \
                    else s.default if s.default is not None else 0.0
        for x in sorted(self.dread):
            self.assigned.append('_D' + x)
            self.hidden.append('_D' + x)
        for n in ionvars:
            if n not in self.params and n not in self.assigned and n not in self.states:
                self.assigned.append(n)
            if n not in self.hidden and n not in m.lists['RANGE']:
                self.hidden.append(n)
        for n in sorted(self.handles) + self.randoms:    # random handles: hidden rows
            self.assigned.append(n)
            self.hidden.append(n)
        if 'diam' in m.symbols and m.symbols['diam'].storage not in ('range', 'global'):
            # the node's diameter: a hidden row the runtime fills (nocmodl reads the section's)
            self.assigned.append('diam')
            self.hidden.append('diam')
        for name, v in m.defines.items():
            self.consts[name] = float(v)
        self.state0 = {}            # <state>0: the value a state has before INITIAL, one for
        for st in self.states:      # all the elements of an array; nocmodl's file static
            st = arrays.base(st)    # (not in HOC) unless declared
            if st + '0' not in m.symbols and st + '0' not in self.globals and st not in ionvars:
                self.state0[st + '0'] = m.symbols[st].start or 0.0
        self.currents = []          # (name, ion or None)
        for ion in m.ions.values():
            for n in ion.write:
                if n == 'i' + ion.name:
                    self.currents.append((n, ion.name))
        for n in m.lists['NONSPECIFIC_CURRENT']:
            self.currents.append((n, None))
        self.electrode = bool(m.lists['ELECTRODE_CURRENT'])
        for n in m.lists['ELECTRODE_CURRENT']:
            self.currents.append((n, None))
        self.at_time_fn = _calls_at_time(m)     # at_time anywhere: its function, a row
        if self.at_time_fn:         # each instance's next at_time (see at_time_def)
            self.assigned.append('_at_next')
            self.hidden.append('_at_next')
        self.watch_items = watchgen.items(m)
        for n in range(1, len(self.watch_items) + 1):   # WATCH n: active, above (hidden)
            for r in watchgen.rows(n):
                self.assigned.append(r)
                self.hidden.append(r)
        self.pointers = [p for p in ptrgen.pointer_names(m) if p not in self.handles]
        self.pointer_args = verbatim.pointer_address_callables(m, self.pointers)
        self.pointers_written = ptrgen.assigned_names(m) & set(self.pointers)
        self.tables = dict(m.tables)
        for name in self.tables:
            self.globals['usetable'] = 1.0
        # top-level LOCALs: nocmodl's file-static doubles, shared by all instances, not in HOC
        self.private = list(self.c_slots)      # (and VERBATIM's C statics)
        for n, node in m.top_locals.items():
            if n not in self.globals:
                dim = arrays.size(node.dim, m.defines)
                if dim is not None:
                    self.dims[n] = dim
                self.private.extend(arrays.elements(n, dim))
        # CVode's mode (0: the fixed step, 1: CVode, 2: CVode's initialization), which the
        # mechanisms that ask for it read from their globals (GeneratedMechanism.set_vcv):
        # at_time (at_time_def), a current READ and WRITE (cur_kernel)
        if self.at_time_fn or self.at_time or self.rw_current():
            self.private.append('_vcv')
        if self.execerror_used:         # (pyhoc.nmodl.verbatim: which hoc_execerror raised)
            self.private.append('_execerr')
        # scopmath's random functions run compiled over the generator's value in a slot
        # (runtime._Scop): the mechanism stays on the compiled loop
        self.rng_used = _uses_scop_random(m)
        if self.rng_used:
            self.private.append('_rng')
        self.gslots = list(self.globals) + [e for n, k in self.garrays.items()
                                            for e in arrays.elements(n, k)] + \
            list(self.state0) + self.private + ['secondorder', 'celsius']
        self.rows = list(self.params) + [a for a in self.assigned] + self.states
        self.funcs = dict(m.functions)
        self.procs = dict(m.procedures)
        self.out: list = []
        self.tmp = 0
        self.schemes = {}           # KINETIC name -> kinetic.Scheme
        self.python_calls = False   # the kernels call Python (stepforce): the NumPy path

    def fail(self, msg, pos):
        raise Unsupported(msg, pos)

    def verbatim_setup(self):
        """VERBATIM (pyhoc.nmodl.verbatim): the handles and HOC-argument callables it
        implies; top-level C checked now (declarations only), in-block C when written."""
        m = self.m
        self.handles = verbatim.handle_names(m)
        self.dhandles = verbatim.double_handle_names(m)
        self.hoc_args = verbatim.hoc_arg_callables(m)
        self.c_macros = verbatim.initial_macros()
        self.vb_blocks = verbatim.block_verbatims(m)
        verbatim.file_scope(self)

    # ---- names ---------------------------------------------------------------------------
    def R(self, name):
        return '%sR_%s' % (self.P, _ident(name))

    def G(self, name):
        return '%sG_%s' % (self.P, _ident(name))

    def name_expr(self, name, scope, pos):
        if name in scope:
            return scope[name]
        x = self.memory_expr(name, pos)
        return x if self.promo is None else self.promo.local(name, x)

    def memory_expr(self, name, pos):
        if name == 'v':
            return '_v'
        if name == 't':
            return 't'
        if name == 'dt':
            return 'dt'
        if name == 'celsius':
            return 'glob[%s]' % self.G('celsius')
        if name in self.consts:
            return repr(float(self.consts[name]))
        if name in self.rows:
            return 'data[%s, j]' % self.R(name)
        if name in self.globals or name in self.private or name in self.state0 or \
                '[' in name and name in self.gslots:
            return 'glob[%s]' % self.G(name)
        if name in ('area', 'diam') and name in self.m.symbols:
            return '_' + name
        if name == 'secondorder':
            return 'glob[%s]' % self.G('secondorder')
        c = verbatim.c_name(self, name)
        if c is not None:
            return c
        self.fail('%s: a name the code generator cannot place (VERBATIM, POINTER?)' % name,
                  pos)

    # ---- expressions ---------------------------------------------------------------------
    def expr(self, e, scope) -> str:
        if id(e) in self.pre:
            return self.pre[id(e)]
        t = type(e)
        if t is ast.Prime and e.name in self.dread and e.order == 1:
            return 'data[%s, j]' % self.R('_D' + e.name)
        if t is ast.Num:
            return repr(float(e.text))
        if t is ast.Name:
            return self.name_expr(e.name, scope, e.pos)
        if t is ast.Paren:
            return '(%s)' % self.expr(e.expr, scope)
        if t is ast.UnaryOp:
            if e.op == '-':
                return '(-%s)' % self.expr(e.operand, scope)
            return '(not %s)' % self.expr(e.operand, scope)
        if t is ast.BinOp:
            a, b = self.expr(e.left, scope), self.expr(e.right, scope)
            op = e.op
            if op == '^':
                return 'c_pow(%s, %s)' % (a, b)
            if op == '&&':
                return '(%s and %s)' % (a, b)
            if op == '||':
                return '(%s or %s)' % (a, b)
            if op == '!=':
                return '(%s != %s)' % (a, b)
            return '(%s %s %s)' % (a, op, b)
        if t is ast.Call:
            return self.call(e, scope)
        if t is ast.Indexed and isinstance(e.base, ast.Name):
            x = arrays.element(self, e.base.name, self.expr(e.index, scope), scope, e.pos)
            return '0.0' if x == self.zero_elem else x
        self.fail('%s is not translated here' % t.__name__, e.pos)

    def call(self, e, scope) -> str:
        name = e.name
        if name == 'printf':            # C's printf (Python: pyhoc.nmodl.randoms)
            return verbatim.printf_call(self, e, scope)
        if name == 'stepforce':         # scopmath's data file function (pyhoc.nmodl.forcing)
            if len(e.args) != 2 or not isinstance(e.args[1], ast.Str):
                self.fail('stepforce(t, "file") takes a time and a file name', e.pos)
            self.python_calls = True
            return '_sf.stepforce(%s, %r)' % (self.expr(e.args[0], scope), e.args[1].value)
        args = [self.expr(a, scope) for a in e.args]
        if name in self.m.function_tables:
            return functable.call_expr(self, e, args)
        if name in self.funcs or name in self.procs:
            if self.promo is not None:
                self.promo.called(name)
            return '%sf_%s(t, dt, _v, data, j, glob, tab%s)' % (
                self.P, _ident(name), ''.join(', ' + a for a in args))
        if name in MATH1:
            return '%s(%s)' % (MATH1[name], ', '.join(args))
        if name in verbatim.RANDOM_FUNCS:     # scopmath's, NEURON's generator
            return self.scop_call(name, args)
        if name.startswith('random_') and name[7:] in verbatim.RANDOM_OPS:
            if not (e.args and isinstance(e.args[0], ast.Name) and e.args[0].name in
                    self.randoms):
                self.fail('%s: the first argument is not a RANDOM variable' % name, e.pos)
            return '_rnd.nmodl_random(%r, %s)' % (name[7:], ', '.join(args))
        if name == 'at_time':       # (see at_time_def)
            if len(e.args) != 1:
                self.fail('at_time takes one argument, a time', e.pos)
            return '%sat_time(%s, t, dt, glob, data, j)' % (self.P, args[0])
        if name in ('net_send', 'net_event', 'net_move') and not (
                self.where == 'NET_RECEIVE' or (self.where == 'INITIAL' and name == 'net_send'
                                                and self.point)):
            self.fail('%s allowed only in %s' % (name, 'INITIAL and NET_RECEIVE blocks'
                                                 if name == 'net_send' else
                                                 'NET_RECEIVE block'), e.pos)
        if name == 'net_send' and len(e.args) == 2:     # nocmodl writes "t + " before it
            return "_nr.net_send_at(%s, %s)" % (self.expr(_after_t(e.args[0]), scope), args[1])
        if name == 'net_event':
            return "_nr.net_event(%s)" % ', '.join(args)
        if name == 'net_move':
            return "_nr.net_move(%s)" % ', '.join(args)
        if name in C_LIBRARY and name not in self.m.symbols:
            return '%s(%s)' % (C_LIBRARY[name], ', '.join(args))
        self.fail('call of %s: no FUNCTION or PROCEDURE of that name (nor a built-in we '
                  'know; nocmodl would leave it to the C compiler)' % name, e.pos)

    def scop_call(self, name: str, args) -> str:
        """A call of scopmath's random function ``name`` (runtime._Scop: compiled over the
        generator's value in slot _rng; Python only where the slot was not foreseen)."""
        if not self.rng_used:
            return '_rnd.%s(%s)' % (name, ', '.join(args))
        return '%s(glob, %s%s)' % (SCOP_CALLS[name], self.G('_rng'),
                                   ''.join(', ' + a for a in args))

    # symbolic d/dx (None: zero), for cnexp's B and the CVode Jacobian's diagonal
    def deriv(self, e, x, scope):
        t = type(e)
        if t is ast.Num:
            return None
        if t is ast.Name:
            return '1.0' if e.name == x and e.name not in scope else None
        if t is ast.Indexed:
            return '1.0' if self.diff_elem is not None and \
                self.expr(e, scope) == self.diff_elem else None
        if t is ast.Paren:
            d = self.deriv(e.expr, x, scope)
            return None if d is None else '(%s)' % d
        if t is ast.UnaryOp:
            d = self.deriv(e.operand, x, scope)
            return None if d is None else '(-%s)' % d
        if t is ast.BinOp:
            da, db = self.deriv(e.left, x, scope), self.deriv(e.right, x, scope)
            if da is None and db is None:
                return None
            a, b = self.expr(e.left, scope), self.expr(e.right, scope)
            if e.op in '+-':
                if db is None:
                    return da
                if da is None:
                    return db if e.op == '+' else '(-%s)' % db
                return '(%s %s %s)' % (da, e.op, db)
            if e.op == '*':
                if da is None:
                    return '(%s)*(%s)' % (a, db)
                if db is None:
                    return '(%s)*(%s)' % (da, b)
                return '((%s)*(%s) + (%s)*(%s))' % (a, db, da, b)
            if e.op == '/':
                if db is None:
                    return '(%s) / %s' % (da, b)
                num = '((%s)*(%s) - (%s)*(%s))' % (da, b, a, db) if da is not None else \
                    '(-(%s)*(%s))' % (a, db)
                return '(%s / (%s*%s))' % (num, b, b)
            if e.op == '^' and db is None:
                return '(%s)*c_pow(%s, %s - 1.0)*(%s)' % (b, a, b, da)
            return _NAN
        if t is ast.Call:
            if e.name == 'exp' and len(e.args) == 1:
                d = self.deriv(e.args[0], x, scope)
                return None if d is None else '(hoc_exp(%s)*(%s))' % (
                    self.expr(e.args[0], scope), d)
            if all(self.deriv(a, x, scope) is None for a in e.args):
                return None
            return _NAN
        return None

    # ---- statements ----------------------------------------------------------------------
    def emit(self, line, ind):
        self.out.append('    ' * ind + line + '\n')

    def body(self, body, scope, ind, mode):
        """Statements of a block; ``mode``: 'plain', 'cnexp', 'euler', 'ode', 'newton'
        (how Prime assignments are written), 'current' (SOLVE skipped)."""
        scope = _Scope(scope)
        for n in body.locals:
            scope[n.name] = '_l_' + _ident(n.name)
            dim = arrays.size(n.dim, self.m.defines)
            if dim is not None:
                scope.dims[n.name] = dim
            self.emit('%s = %s' % (scope[n.name], '0.0' if dim is None else
                                   'np.zeros(%d)' % dim), ind)
        nout = len(self.out)
        for st in body.stmts:
            self.stmt(st, scope, ind, mode)
        if len(self.out) == nout:      # (empty, or only what this mode skips: a SOLVE)
            self.emit('pass', ind)

    def stmt(self, st, scope, ind, mode):
        t = type(st)
        if self.promo is not None:
            if t in (ast.Assign, ast.ExprStmt):
                promote.statement(self, st, scope, ind, mode, self._stmt)
                return
            if t is ast.Watch or (t is ast.Verbatim and not verbatim.is_noop(st.text)) or \
                    (t is ast.Solve and mode != 'current'):
                self.promo.failed = True        # (memory accesses promote cannot see)
                return
        self._stmt(st, scope, ind, mode)

    def _stmt(self, st, scope, ind, mode):
        t = type(st)
        if t is ast.Assign:
            tg = st.target
            if isinstance(tg, ast.Prime):
                self.prime(tg.name, st.expr, scope, ind, mode, st.pos)
                return
            if isinstance(tg, ast.Indexed) and isinstance(tg.base, ast.Prime):
                self.prime(tg.base.name, st.expr, scope, ind, mode, st.pos,
                           self.expr(tg.index, scope))
                return
            if isinstance(tg, ast.Indexed) and isinstance(tg.base, ast.Name):
                self.emit('%s = %s' % (self.expr(tg, scope), self.expr(st.expr, scope)), ind)
                return
            if not isinstance(tg, ast.Name):
                self.fail('assignment to %s is not translated' % type(tg).__name__, st.pos)
            lhs = self.name_expr(tg.name, scope, st.pos)
            if lhs in ('t', 'dt') or lhs.startswith('_v'):
                if lhs == '_v':
                    self.emit('_v = %s' % self.expr(st.expr, scope), ind)
                    return
                self.fail('assignment to %s is not translated' % tg.name, st.pos)
            self.emit('%s = %s' % (lhs, self.expr(st.expr, scope)), ind)
        elif t is ast.Protect:
            self.stmt(st.assign, scope, ind, mode)
        elif t is ast.ExprStmt:
            e = st.expr
            if isinstance(e, ast.Call) and e.name == 'state_discontinuity' and \
                    len(e.args) == 2 and isinstance(e.args[0], ast.Name):
                if self.discon is not None:     # a current evaluation (see _at_time_uses)
                    self.emit('if %s:' % self.discon, ind)
                    ind += 1
                self.emit('%s = %s' % (self.name_expr(e.args[0].name, scope, e.pos),
                                       self.expr(e.args[1], scope)), ind)
                return
            self.emit(self.expr(st.expr, scope), ind)
        elif t is ast.If:
            self.emit('if %s:' % self.expr(st.cond, scope), ind)
            self.body(st.body, scope, ind + 1, mode)
            for c, b in st.elifs:
                self.emit('elif %s:' % self.expr(c, scope), ind)
                self.body(b, scope, ind + 1, mode)
            if st.orelse is not None:
                self.emit('else:', ind)
                self.body(st.orelse, scope, ind + 1, mode)
        elif t is ast.While:
            self.emit('while %s:' % self.expr(st.cond, scope), ind)
            self.body(st.body, scope, ind + 1, mode)
        elif t is ast.FromLoop:
            var = '_i_' + _ident(st.var)
            inner = _Scope(scope)
            inner[st.var] = var
            by = self.expr(st.by, scope) if st.by is not None else '1.0'
            hi = '_hi%d' % self.newtmp()
            self.emit('%s = float(%s)' % (var, self.expr(st.lo, scope)), ind)
            self.emit('%s = float(%s)' % (hi, self.expr(st.hi, scope)), ind)
            self.emit('while %s <= %s:' % (var, hi), ind)
            self.body(st.body, inner, ind + 1, mode)
            self.emit('%s += %s' % (var, by), ind + 1)
        elif t is ast.Body:
            self.body(st, scope, ind, mode)
        elif t in (ast.Solve, ast.Table, ast.Conductance, ast.Comment, ast.Mutex,
                   ast.UnitsSwitch):
            if t is ast.Solve and mode != 'current':
                sch = self.schemes.get(st.name)
                if sch is None or st.method != 'sparse':
                    self.fail('SOLVE outside BREAKPOINT is not translated', st.pos)
                if st.how == 'STEADYSTATE':
                    sch.ss_call(ind)
                else:
                    sch.step_call(ind)
        elif t is ast.Local:
            pass
        elif t is ast.Watch:
            watchgen.statement(self, st, scope, ind)
        elif t is ast.Verbatim:
            if not verbatim.is_noop(st.text):
                info = self.vb_blocks.get(id(st), (None, False, None, None))
                verbatim.in_block(self, st, scope, ind, {'callable': self.in_callable,
                                                         'last': info[1], 'block': info[3]})
        else:
            self.fail('%s is not translated' % t.__name__, st.pos)

    def newtmp(self):
        self.tmp += 1
        return self.tmp

    def prime(self, x, rhs, scope, ind, mode, pos, idx=None):
        """x' = rhs (``idx``: the Python text of the index of an array state's element)."""
        if x in self.dread and idx is None and mode != 'cnexp' and id(rhs) not in self.pre:
            D = 'data[%s, j]' % self.R('_D' + x)    # x' read elsewhere: stored, as nocmodl's Dx
            self.emit('%s = %s' % (D, self.expr(rhs, scope)), ind)
            self.pre[id(rhs)] = D
            try:
                return self.prime(x, rhs, scope, ind, mode, pos)
            finally:
                del self.pre[id(rhs)]
        if idx is None:
            X = self.name_expr(x, {}, pos)
            k, D = None, '_D_%s' % _ident(x)
        else:
            if x not in self.dims:
                self.fail("%s is not an array" % x, pos)
            X = arrays.element(self, x, idx, {}, pos)
            k, D = 'int(%s)' % idx, '_D_%s[int(%s)]' % (_ident(x), idx)
        if mode == 'cnexp':
            if idx is None:
                B = self.deriv(rhs, x, scope)
            else:
                self.diff_elem = X
                B = self.deriv(rhs, None, scope)
            if B is not None and _NAN in B:
                self.diff_elem = None
                self.fail("cnexp: %s' is not linear in %s" % (x, x), pos)
            if B is None:               # x' free of x: nocmodl's Euler step (cnexp.py)
                self.emit('%s = %s - dt*(- (%s))' % (X, X, self.expr(rhs, scope)), ind)
                self.diff_elem = None
                return
            if re.search(r'(?<!\w)%s(?!\w)' % re.escape(X), B):   # nonlinear: nocmodl drops
                # A (cnexp.py); (X as a whole name: _y_m is not in _y_mtau)
                self.diff_elem = None
                self.emit('%s = %s + (1. - hoc_exp(dt*(%s)))*(- %s)' % (X, X, B, X), ind)
                return
            sub = _Scope(scope)
            if idx is None:
                sub[x] = '0.0'
            self.zero_elem, self.diff_elem = self.diff_elem, None
            A = self.expr(rhs, sub)
            self.zero_elem = None
            self.emit('%s = %s + (1. - hoc_exp(dt*(%s)))*(- (%s) / (%s) - %s)'
                      % (X, X, B, A, B, X), ind)
        elif mode == 'euler':
            self.emit('%s = %s' % (D, self.expr(rhs, scope)), ind)
        elif mode == 'ode':
            k = self.states.index(x) if idx is None else \
                '%d + %s' % (self.states.index(x + '[0]'), k)
            self.emit('ydot[off + (%s)*cnt + j] = %s' % (k, self.expr(rhs, scope)), ind)
            self.diff_elem = X if idx is not None else None
            B = self.deriv(rhs, x if idx is None else None, scope)
            self.diff_elem = None
            self.emit('diag[off + (%s)*cnt + j] = %s' % (
                k, '0.0' if B is None or _NAN in B else B), ind)
        elif mode == 'runge':
            k = self.dstates.index(x) if idx is None else \
                '%d + %s' % (self.dstates.index(x + '[0]'), k)
            self.emit('_D[%s] = %s' % (k, self.expr(rhs, scope)), ind)
        elif mode == 'newton':      # (a read x': the row _Dx, set at each evaluation)
            k = self.dstates.index(x) if idx is None else \
                '%d + %s' % (self.dstates.index(x + '[0]'), k)
            self.emit('_D[%s] = %s' % (k, self.expr(rhs, scope)), ind)
            self.emit('_F[%s] = _D[%s] - (%s - _S0[%s])/dt' % (k, k, X, k), ind)
        else:
            self.fail("a derivative (%s') outside a solved DERIVATIVE block" % x, pos)

    # ---- functions and procedures ---------------------------------------------------------
    def callable_def(self, b, is_func):
        P = self.P
        scope = _Scope()
        args = []
        for a in b.args:
            scope[a.name] = '_a_' + _ident(a.name)
            args.append(scope[a.name])
        ret = '_r_' + _ident(b.name)
        if is_func:
            scope[b.name] = ret
        fname = '%sf_%s' % (P, _ident(b.name))
        tab = self.tables.get(b.name)
        raw = fname + '_raw' if tab is not None else fname
        self.emit('def %s(t, dt, _v, data, j, glob, tab%s%s%s):' % (
            raw, ''.join(', ' + a for a in args), ', _h=()' if b.name in self.hoc_args else '',
            ', _p=()' if b.name in self.pointer_args else ''), 0)
        if is_func:
            self.emit('%s = 0.0' % ret, 1)
        self.in_callable = b
        self.body(b.body, scope, 1, 'plain')
        self.in_callable = None
        self.emit('return %s' % (ret if is_func else '0.0'), 1)
        self.emit('', 0)
        if tab is not None:
            self.table_def(b, fname, raw, args, is_func, tab)

    def table_def(self, b, fname, raw, args, is_func, tab):
        """TABLE: the lookup of nocmodl's _f_/_n_ (linear interpolation in a table built
        by the mechanism type when a DEPEND value changed); usetable 0 calls the function."""
        k = list(self.tables).index(b.name)
        names = [e for n in tab.names for e in arrays.elements(n.name, self.dims.get(n.name))
                 ] or [b.name]
        nrows = len(names)
        self.table_info.append((b.name, names, tab, is_func, k))
        x = args[0]
        T = '%sTAB_%s' % (self.P, _ident(b.name))
        self.emit('def %s(t, dt, _v, data, j, glob, tab%s):' % (
            fname, ''.join(', ' + a for a in args)), 0)
        self.emit('if glob[%s] == 0.0:' % self.G('usetable'), 1)
        self.emit('return %s(t, dt, _v, data, j, glob, tab, %s)' % (raw, ', '.join(args)), 2)
        base = '%s_ROW' % T
        self.emit('mfac = glob[%s_MFAC]' % T, 1)
        self.emit('xi = mfac*(%s - glob[%s_TMIN])' % (x, T), 1)
        n = '%s_N' % T
        outs = []
        for r, nm in enumerate(names):
            tgt = '_r' if is_func else self.name_expr(nm, {}, b.pos)
            outs.append((tgt, '%s + %d' % (base, r)))
        self.emit('if xi != xi:', 1)
        for tgt, row in outs:
            self.emit('%s = xi' % tgt, 2)
        self.emit('elif xi <= 0.:', 1)
        for tgt, row in outs:
            self.emit('%s = tab[%s, 0]' % (tgt, row), 2)
        self.emit('elif xi >= %s:' % n, 1)
        for tgt, row in outs:
            self.emit('%s = tab[%s, %s]' % (tgt, row, n), 2)
        self.emit('else:', 1)
        self.emit('i = int(xi)', 2)
        self.emit('theta = xi - float(i)', 2)
        for tgt, row in outs:
            self.emit('%s = tab[%s, i] + theta*(tab[%s, i + 1] - tab[%s, i])'
                      % (tgt, row, row, row), 2)
        self.emit('return %s' % ('_r' if is_func else '0.0'), 1)
        self.emit('', 0)
        self.emit('def %s_RANGE(glob):' % T, 0)
        self.emit('return (float(%s), float(%s))' % (self.expr(tab.lo, {}), self.expr(tab.hi, {})),
                  1)
        self.emit('', 0)

    # ---- kernels ---------------------------------------------------------------------------
    def ion_rows(self):
        """(ion position, name, ION row) of each ion variable the mechanism reads."""
        out = []
        ions = list(self.m.ions)
        for k, ion in enumerate(self.m.ions.values()):
            for n in ion.read + ion.write:
                row = ('ION_E' if n == 'e' + ion.name else 'ION_I' if n == 'i' + ion.name
                       else 'ION_CI' if n == ion.name + 'i' else 'ION_CO')
                out.append((k, n, row, n in ion.read, n in ion.write))
        return out, ions

    def read_ions(self, ind, needed=None):
        """The ion variables into their rows (``needed``: the names a promoted kernel reads;
        a hidden ion variable it only reads and does not need is left out)."""
        rows, _ = self.ion_rows()
        for k, n, row, rd, wr in rows:
            if needed is not None and not wr and n not in needed and n in self.hidden:
                continue
            if rd or (wr and row != 'ION_I'):
                self.emit('data[%s, j] = ions[%d][%s, ix[%d, j]]' % (self.R(n), k, row, k),
                          ind)

    def write_concs(self, ind):
        rows, _ = self.ion_rows()
        for k, n, row, rd, wr in rows:
            if wr and row != 'ION_I':
                self.emit('ions[%d][%s, ix[%d, j]] = data[%s, j]' % (k, row, k, self.R(n)),
                          ind)

    def loop_head(self, ind=1):
        self.emit('for j in range(node.shape[0]):', ind)
        self.emit('_v = 0.0' if self.artificial else '_v = v[node[j]]', ind + 1)
        if 'area' in self.m.symbols:
            self.emit('_area = area[node[j]]', ind + 1)

    SIG = 't, dt, v, rhs, area, node, data, g, ix, ions, glob, tab'

    def iteration(self, write, promoted=False):
        """An instance's iteration of a kernel: ions and pointers in, ``write()``'s statements
        (``promoted``: their variables in locals where pyhoc.nmodl.promote can), pointers and
        ions out."""
        def before(needed):
            self.read_ions(2, needed)
            ptrgen.read(self, 2)

        def after():
            ptrgen.write(self, 2)
            self.write_concs(2)
        return promote.iteration(self, 2, write, before, after, promoted)

    def init_kernel(self):
        P = self.P
        self.emit('def %sinit(%s):' % (P, self.SIG), 0)
        self.loop_head()

        def write():
            for s in self.states:   # nocmodl: s = s0 (a declared s0 wins); an ion's from it
                if s not in self.ionvars:
                    self.emit('%s = %s' % (self.name_expr(s, {}, None),
                                           self.name_expr(arrays.base(s) + '0', {}, None)), 2)
            b = self.m.blocks.get('INITIAL')
            if b is not None and not self.initial_per_instance():
                self.where = 'INITIAL'
                self.body(b.body, _Scope(), 2, 'plain')
                self.where = None
        self.iteration(write)
        self.emit('return 0', 1)
        self.emit('', 0)

    def current_fn(self):
        """_nrn_current: the BREAKPOINT body (without SOLVE) at _v, the total current."""
        self.emit('def %scurrent(t, dt, _v, data, j, glob, tab%s):'
                  % (self.P, ', _disc' if self.at_time else ''), 0)
        b = self.m.blocks.get('BREAKPOINT')
        if b is not None:
            self.discon = '_disc' if self.at_time else None
            self.body(b.body, _Scope(), 1, 'current')
            self.discon = None
        parts = ['data[%s, j]' % self.R(n) for n, _ in self.currents]
        self.emit('return %s' % (' + '.join(parts) if parts else '0.0'), 1)
        self.emit('', 0)

    def rw_current(self) -> bool:
        """Whether an ion current is both READ and WRITE (nocmodl's cvode_rw_cur): then, in
        the variable step's f, nrn_cur first runs the ode block (``if (_nt->_vcv)
        _ode_spec()``), which may compute part of the current (``ipump`` of a KINETIC
        block read by ``ica = ipump``)."""
        return any(n in ion.read for ion in self.m.ions.values() for n in ion.write
                   if n == 'i' + ion.name)

    def cur_kernel(self) -> bool:
        """nrn_cur: the BREAKPOINT body at v + .001 and at v (written out twice in the loop
        when its variables can be locals, else calls of _nrn_current: True if not).  The
        variable step's f calls it with dt its step size and glob's _vcv set (cvode_numba.cv_f,
        cvode's f): there a mechanism with a current it READs and WRITEs runs its ode kernel
        first (rw_current), its derivatives into scratch."""
        P = self.P
        self.emit('def %scur(%s):' % (P, self.SIG), 0)
        if self.ode_in_cur:
            self.emit('if glob[%s] != 0.0:' % self.G('_vcv'), 1)
            self.emit('_scr = np.empty(%d * node.shape[0])' % max(1, len(self.states)), 2)
            self.emit('%sode(t, dt, v, rhs, area, node, data, g, ix, ions, glob, tab, _scr, '
                      '_scr, 0)' % P, 2)
        if self.at_time:        # no state_discontinuity now (see _at_time_uses)
            self.emit('_disc = dt > 0.0 and glob[%s] == 0.0' % self.G('_vcv'), 1)
            self.emit('dt = abs(dt)', 1)
        self.loop_head()
        ionc = [(n, ion) for n, ion in self.currents if ion is not None]
        b = self.m.blocks.get('BREAKPOINT')
        inline = [True]

        def total():
            parts = [self.name_expr(n, {}, None) for n, _ in self.currents]
            return ' + '.join(parts) if parts else '0.0'

        def write():
            if inline[0] and self.promo is not None:
                self.emit('_v0 = _v', 2)
                self.emit('_v = _v0 + .001', 2)
                if b is not None:
                    self.discon = '_disc' if self.at_time else None
                    self.body(b.body, _Scope(), 2, 'current')
                self.emit('g_local = %s' % total(), 2)
            else:
                inline[0] = False
                self.emit('g_local = %scurrent(t, dt, _v + .001, data, j, glob, tab%s)'
                          % (P, ', _disc' if self.at_time else ''), 2)
            for n, ion in ionc:
                self.emit('_d_%s = %s' % (n, self.name_expr(n, {}, None)), 2)
            if inline[0]:
                self.emit('_v = _v0', 2)
                if b is not None:
                    self.discon = 'False' if self.at_time else None
                    self.body(b.body, _Scope(), 2, 'current')
                    self.discon = None
                self.emit('r = %s' % total(), 2)
            else:
                self.emit('r = %scurrent(t, dt, _v, data, j, glob, tab%s)'
                          % (P, ', False' if self.at_time else ''), 2)
            ions = list(self.m.ions)
            for n, ion in ionc:     # a point process's: x * 1.e2/area, as nocmodl writes it
                k = ions.index(ion)
                f = ' * 1.e2/area[node[j]]' if self.point else ''
                x = self.name_expr(n, {}, None)
                self.emit('ions[%d][ION_DIDV, ix[%d, j]] += (_d_%s - %s)/.001%s'
                          % (k, k, n, x, f), 2)
                self.emit('ions[%d][ION_I, ix[%d, j]] += %s%s' % (k, k, x, f), 2)
            if self.point:
                self.emit('point_onto(rhs, g, area, node, j, r, g_local, %s)' % self.electrode,
                          2)
            else:
                self.emit('density_onto(rhs, g, node, j, r, g_local)', 2)
        self.iteration(write, True)
        self.emit('return 0', 1)
        self.emit('', 0)
        return not inline[0]

    def solves(self):
        out = []
        for s in self.m.solves:
            if s.where != 'BREAKPOINT':
                continue
            if s.kind == 'DERIVATIVE' and s.method == 'cnexp' and \
                    cnexp.needs_derivimplicit(self.m, s.block):
                s = SolveInfo(s.block, s.kind, 'derivimplicit', s.steadystate, s.pos, s.where)
            if s.kind == 'DERIVATIVE':
                if s.method not in SUPPORTED_METHODS:
                    self.fail('SOLVE %s METHOD %s is not translated yet' % (s.block, s.method),
                              s.pos)
                out.append(s)
            elif s.kind == 'PROCEDURE':
                out.append(s)
            elif s.kind == 'KINETIC' and s.method == 'sparse' and not s.steadystate:
                out.append(s)
            elif s.kind == 'KINETIC':
                self.fail('SOLVE %s %s %s of a KINETIC block is not translated (sparse is)'
                          % (s.block, 'STEADYSTATE' if s.steadystate else 'METHOD',
                             s.method or '(no METHOD: _advance)'), s.pos)
            else:
                self.fail('SOLVE of a %s block is not translated yet' % s.kind, s.pos)
        return out

    def state_kernel(self, solves):
        P = self.P
        self.emit('def %sstate(%s):' % (P, self.SIG), 0)
        self.emit('code = 0', 1)
        self.loop_head()
        ALL = [promote.ALL]         # (the solvers' functions: effects not followed)

        def write():
            for s in solves:
                if s.kind == 'PROCEDURE':
                    promote.call(self, [promote.effects(self, s.block)], lambda: self.emit(
                        '%sf_%s(t, dt, _v, data, j, glob, tab)' % (P, _ident(s.block)), 2), 2)
                    continue
                if s.kind == 'KINETIC':
                    promote.call(self, ALL, lambda: self.schemes[s.block].step_call(2), 2)
                    continue
                b = self.m.derivatives[s.block]
                method = s.method or 'derivimplicit'
                if method == 'cnexp':
                    self.body(b.body, _Scope(), 2, 'cnexp')
                elif method == 'runge':
                    promote.call(self, ALL, lambda: runge.call(self, s, 2), 2)
                elif method == 'euler':
                    for x, n in arrays.derivative_arrays(self, s.block):
                        self.emit('_D_%s = np.zeros(%d)' % (_ident(x), n), 2)
                    self.body(b.body, _Scope(), 2, 'euler')
                    for x, d in arrays.derivative_states(self, s.block):
                        X = self.name_expr(x, {}, b.pos)
                        self.emit('%s = %s + dt*%s' % (X, X, d), 2)
                else:
                    def solve_newton():
                        self.emit('if %snewton_%s(t, %s, _v, data, j, glob, tab) != 0:'
                                  % (P, _ident(s.block), newton.step_dt(self)), 2)
                        self.emit('code = 1', 3)
                    promote.call(self, ALL, solve_newton, 2)
            if self.bp_in_state is not None:
                self.body(self.bp_in_state.body, _Scope(), 2, 'current')
        self.iteration(write)
        self.emit('return code', 1)
        self.emit('', 0)

    def newton_def(self, s):
        """derivimplicit: x_new = x_old + dt*f(x_new), solved as scopmath's Newton iteration
        (pyhoc.nmodl.newton)."""
        P = self.P
        b = self.m.derivatives[s.block]
        self.dstates = [x for x, _ in arrays.derivative_states(self, s.block)]
        R = [self.name_expr(x, {}, b.pos) for x in self.dstates]
        self.emit('def %sresid_%s(t, dt, _v, data, j, glob, tab, _S0, _F, _D):'
                  % (P, _ident(s.block)), 0)
        self.body(b.body, _Scope(), 1, 'newton')
        self.emit('return 0', 1)
        self.emit('', 0)
        newton.define(self, s, R)

    def state_tolerances(self) -> dict:
        """Each state's ``<abstol>`` (CVode's default atolscale; NEURON keeps it as a float)."""
        import struct
        out = {}
        for s in self.states:
            sym = self.m.symbols.get(arrays.base(s))
            if sym is not None and sym.abstol is not None:
                out[s] = struct.unpack('f', struct.pack('f', float(sym.abstol)))[0]
        return out

    def ode_kernel(self, solves):
        P = self.P
        self.emit('def %sode(%s, ydot, diag, off):' % (P, self.SIG), 0)
        self.emit('cnt = node.shape[0]', 1)
        self.loop_head()

        def write():
            for s in solves:
                if s.kind == 'DERIVATIVE':
                    self.body(self.m.derivatives[s.block].body, _Scope(), 2, 'ode')
                elif s.kind == 'KINETIC':
                    self.schemes[s.block].ode_body(2)

        def before(needed):
            self.read_ions(2, needed)
            ptrgen.read(self, 2)
        def after():        # (a concentration the block assigns: the ion's, as nocmodl's)
            ptrgen.write(self, 2)
            self.write_concs(2)
        promote.iteration(self, 2, write, before, after, False)
        self.emit('return 0', 1)
        self.emit('', 0)

    def synonym_kernel(self) -> bool:
        """nocmodl's ``_ode_synonym``: an ion concentration the mechanism WRITEs that is not a
        STATE gets, each time CVode places y (scatter_y), the value of its first assignment in
        the generated procedures (``cai = ca[0]`` in a KINETIC block), so that the currents
        see it.  True if there is one (``<P>synonym``, with the kernel signature)."""
        m = self.m
        found = []
        for ion in m.ions.values():
            for n in ion.write:
                if n in (ion.name + 'i', ion.name + 'o') and n not in self.states:
                    e = _first_assignment(m, n)
                    if e is not None:
                        found.append((list(m.ions).index(ion.name), n, e))
        if not found:
            return False
        self.emit('def %ssynonym(%s):' % (self.P, self.SIG), 0)
        self.loop_head()
        for k, n, e in found:
            row = 'ION_CI' if n.endswith('i') else 'ION_CO'
            self.emit('ions[%d][%s, ix[%d, j]] = %s' % (k, row, k, self.expr(e, _Scope())), 2)
        self.emit('return 0', 1)
        self.emit('', 0)
        return True

    def at_time_def(self) -> None:
        """<P>at_time(te, t, dt, glob, data, j): NEURON's at_time.  On the fixed step (glob's
        _vcv 0; dt < 0 in finitialize and fcurrent) 1 when te - 1e-11 lies in (t - |dt|, t].
        Under the variable step it is 0, except in the f evaluation of CVode's initialization
        at t (_vcv 2: Cvode::at_time), where it is 1 for te less than 100 roundoffs of t away
        (MyMath::eq: never at t = 0) and the instance's earliest te > t is kept in its row
        _at_next: CVode (the instance's cell's, under the local step) stops just before it
        and initializes again just after it, where at_time(te) is 1."""
        P = self.P
        nxt = self.R('_at_next')
        for ln, ind in (('def %sat_time(te, t, dt, glob, data, j):' % P, 0),
                        ('mode = glob[%s]' % self.G('_vcv'), 1),
                        ('if mode == 0.0:', 1),
                        ('x = te - 1e-11', 2),
                        ('return 1.0 if x <= t and x > t - abs(dt) else 0.0', 2),
                        ('if mode != 2.0:', 1),
                        ('return 0.0', 2),
                        ('if t < te and te < data[%s, j]:' % nxt, 1),
                        ('data[%s, j] = te' % nxt, 2),
                        ('e = %r * abs(t)' % (100.0 * 2.220446049250313e-16), 1),
                        ('return 1.0 if te - t < e and t - te < e else 0.0', 1),
                        ('', 0)):
            self.emit(ln, ind)

    # ---- the module ----------------------------------------------------------------------
    def module(self) -> str:
        m = self.m
        P = self.P
        self.table_info = []
        functable.define(self)
        if self.at_time_fn:
            self.at_time_def()
        for s in m.solves:              # KINETIC schemes first: any block may SOLVE one
            if s.kind == 'KINETIC' and s.block not in self.schemes:
                self.schemes[s.block] = kinetic.Scheme(self, s.block)
                self.schemes[s.block].define()
        verbatim.c_functions(self)
        for name, b in self.funcs.items():
            self.callable_def(b, True)
        for name, b in self.procs.items():
            self.callable_def(b, False)
        solves = self.solves()
        self.init_kernel()
        has_cur = bool(self.currents) and not self.artificial
        self.ode_in_cur = has_cur and self.rw_current() and \
            any(s.kind in ('DERIVATIVE', 'KINETIC') for s in solves)
        if has_cur and self.cur_kernel():
            self.current_fn()
        for s in solves:
            if s.kind == 'DERIVATIVE' and (s.method or 'derivimplicit') == 'derivimplicit':
                self.newton_def(s)
            elif s.kind == 'DERIVATIVE' and s.method == 'runge':
                runge.define(self, s)
        # nocmodl: a mechanism with no current runs its BREAKPOINT statements in nrn_state,
        # after the SOLVE (there is no nrn_cur to hold them)
        bp = m.blocks.get('BREAKPOINT')
        self.bp_in_state = bp if (not has_cur and not self.artificial and bp is not None and
                                  any(not isinstance(st, (ast.Solve, ast.Comment, ast.Conductance, ast.UnitsSwitch, ast.Local))
                                      for st in bp.body.stmts)) else None
        if solves or self.bp_in_state:
            self.state_kernel(solves)
        has_ode = any(s.kind in ('DERIVATIVE', 'KINETIC') for s in solves)
        if has_ode:
            self.ode_kernel(solves)
        kin = [s for s in solves if s.kind in ('DERIVATIVE', 'KINETIC')]
        matsol = len(kin) == 1 and kin[0].kind == 'KINETIC'   # (else the diagonal)
        if matsol:
            kinetic.matsol_kernel(self, self.schemes[kin[0].block])
        synonym = has_ode and self.synonym_kernel()
        ldifus = kinetic.ldifus_kernel(self, [self.schemes[s.block] for s in solves
                                              if s.kind == 'KINETIC'])
        watch_conds = watchgen.definitions(self)
        body = ''.join(self.out)
        head = ['# generated by pyhoc.nmodl.codegen from %s (mechanism %s)\n' % (
            m.file, m.name),
            'import math\nimport numpy as np\n',
            'from pyhoc.sim.contract import Kernels, density_onto, point_onto, hoc_exp, '
            'simeq, lu_solve, rows\n',
            'from pyhoc.nmodl.runtime import GeneratedMechanism, float_int, scop_gauss, %s\n'
            % C_MATH,
            'from pyhoc.nmodl import randoms as _rnd\n',
            'from pyhoc.nmodl.runtime import ExecError\n' if self.execerror_used else '',
            'from pyhoc.nmodl.runtime import %s\n' % ', '.join(sorted(SCOP_CALLS.values()))
            if self.rng_used else '',
            'from pyhoc.nmodl import forcing as _sf\n' if self.python_calls else '',
            'from pyhoc.sim.mechanisms.ions import ION_E, ION_CI, ION_CO, ION_I, ION_DIDV\n\n']
        for k, gname in enumerate(self.gslots):
            if verbatim.slot_named(gname):
                head.append('%s = %d\n' % (self.G(gname), k))
        trow = 0
        tabs = []
        for name, names, tab, is_func, k in self.table_info:
            T = '%sTAB_%s' % (P, _ident(name))
            nslot = len(self.gslots) + 2 * k
            head.append('%s_ROW = %d\n%s_N = %d\n%s_MFAC = %d\n%s_TMIN = %d\n' % (
                T, trow, T, int(tab.n), T, nslot, T, nslot + 1))
            tabs.append((name, names, trow, int(tab.n),
                         [d.name for d in tab.depend], is_func, nslot, T + '_RANGE'))
            trow += len(names)
        ft_lines, ft_rows = functable.row_constants(self, trow)
        head.extend(ft_lines)
        head.append('\n')
        cls = []
        cname = 'Mech_' + _ident(m.name)
        K = 'Kernels(init=%sinit' % P
        if has_cur:
            K += ', cur=%scur' % P
        if solves or self.bp_in_state:
            K += ', state=%sstate' % P
        if has_ode:
            K += ', ode=%sode' % P
        if watch_conds:
            K += ', watch=%swatch' % P
        K += ')'
        pub_assigned = [a for a in self.assigned if a not in self.hidden or True]
        cls.append('\n\nclass %s(GeneratedMechanism):\n' % cname)
        cls.append('    name = %r\n' % (m.name,))
        cls.append('    point = %r\n' % (self.point,))
        cls.append('    artificial = %r\n' % (self.artificial,))
        cls.append('    electrode_current = %r\n' % (self.electrode,))
        if self.at_time:
            cls.append('    at_time_current = True\n')
        cls.append('    parameters = %r\n' % ({k: float(v) for k, v in self.params.items()},))
        cls.append('    assigned = %r\n' % (tuple(pub_assigned),))
        cls.append('    states = %r\n' % (tuple(self.states),))
        cls.append('    state_tolerances = %r\n' % (self.state_tolerances(),))
        cls.append('    hidden = %r\n' % (tuple(self.hidden),))
        cls.append('    ions = %r\n' % (tuple(m.ions),))
        cls.append('    pointers = %r\n' % (tuple(self.pointers),))
        cls.append('    externals = %r\n' % (tuple(p for p in self.pointers if
                                                    m.symbols[p].storage == 'external'),))
        cls.append('    pointers_written = %r\n' % (tuple(p for p in self.pointers
                                                           if p in self.pointers_written),))
        unused = ptrgen.unused_names(m, self.pointers)
        cls.append('    pointers_unused = %r\n' % (tuple(p for p in self.pointers
                                                          if p in unused),))
        cls.append('    ion_use = %r\n' % ({i.name: _ion_use(i) for i in m.ions.values()},))
        cls.append('    ion_valence = %r\n' % ({i.name: i.valence for i in m.ions.values()
                                                 if i.valence is not None},))
        sfx = '' if m.library else '_' + m.name     # a point process's too: gmax_PP
        cls.append('    library = %r\n    hoc_suffix = %r\n' % (m.library, sfx))
        cls.append('    globals = %r\n' % ({g + sfx: float(v) for g, v in self.globals.items()},))
        cls.append('    glob_names = %r\n' % (tuple(g + sfx for g in self.globals),))
        cls.append('    glob_init = %r\n' % ({self.gslots.index(n): float(v) for n, v in
                                               list(self.state0.items()) +
                                               list(self.c_init.items()) if v},))
        cls.append('    glob_size = %d\n' % len(self.gslots))
        cls.append(arrays.class_attrs(self, sfx))
        cls.append('    glob_slots = %r\n' % ({g: k for k, g in enumerate(self.gslots)
                                                if verbatim.slot_named(g)},))
        cls.append('    tables = %r\n' % (tuple(self.tables),))
        cls.append('    table_specs = %r\n' % (tuple(tabs),))
        # nocmodl checks a mechanism's tables at each call when it is not thread safe: the
        # first, in INITIAL, sees the GLOBALs INITIAL assigned (runtime.tables_after_initial)
        cls.append('    tables_after_initial = %r\n' % bool(tabs and m.assigned_globals))
        cls.append('    table_rows = %d\n' % (trow + ft_rows))
        cls.append('    function_table_rows = %r\n' % {
            n: trow + 3 * k for k, n in enumerate(m.function_tables)})
        cls.append('    net_receive_nargs = %d\n' % (
            len(m.blocks['NET_RECEIVE'].args) if 'NET_RECEIVE' in m.blocks else 0))
        cls.append('    has_current = %r\n' % (has_cur,))
        cls.append('    python_only = %r\n' % (self.python_calls or verbatim.python_only(
            body, [P + 'cur', P + 'state', P + 'ode']),))
        cls.append('    hoc_args = %r\n' % (tuple(sorted(self.hoc_args)),))
        if self.pointer_args:
            cls.append('    pointer_args = %r\n' % (tuple(sorted(self.pointer_args)),))
        cls.append('    randoms = %r\n' % (tuple(self.randoms),))
        cls.append('    has_diam = %r\n' % ('diam' in self.assigned,))
        if matsol:
            cls.append('    matsol = staticmethod(%smatsol)\n' % P)
        if len(kin) == 1:       # NEURON's y: nocmodl's _slist1, the scheme's rows or the
            sl = (self.schemes[kin[0].block].slist if matsol else  # order of the x' equations
                  [x for x, _ in arrays.derivative_states(self, kin[0].block)])
            order = [self.states.index(s) for s in sl if s in self.states]
            order += [k for k in range(len(self.states)) if k not in order]
            if order != list(range(len(self.states))):
                cls.append('    cvode_order = %r\n' % (tuple(order),))
        if synonym:
            cls.append('    ode_synonym = staticmethod(%ssynonym)\n' % P)
        if ldifus:
            cls.append('    ldifus = %r\n    ldifus_kernel = staticmethod(%sldifus)\n'
                       % (ldifus, P))
        cls.append('    watch_conds = {%s}\n' % watch_conds)
        cls.append('    source_file = %r\n' % (m.file,))
        cls.append('    kernels = %s\n' % K)
        cls.append('    callables = {%s}\n' % ', '.join(
            '%r: (%sf_%s%s, %d, %r)' % (n, P, _ident(n), '_raw' if n in self.tables else '',
                                        len(b.args), n in self.funcs)
            for n, b in list(self.funcs.items()) + list(self.procs.items())))
        nr = self.net_receive()
        cls.append(nr)
        cls.append(self.artificial_initial())
        cls.append(self.constructor())
        rows_line = '\n\n(%s,) = rows(%s, %s)\n' % (
            ', '.join(self.R(r) for r in self.rows) or '_', cname,
            ', '.join(repr(r) for r in self.rows) or "'_'") if self.rows else '\n'
        return ''.join(head) + body + ''.join(cls) + rows_line + self.execerror_defs(cname) + \
            'MECHANISM = %s\n' % cname

    def execerror_defs(self, cname: str) -> str:
        """The functions of VERBATIM's hoc_execerror calls (pyhoc.nmodl.verbatim), one per
        call: its number into glob, then its ExecError (the compiled loop catches the raise
        and reads the number; Python and a compiled copy's wrapper pass the error on)."""
        sites = self.execerror_sites
        if self.rng_used:
            cname_rng = '\n%s.rng_slot = %s\n' % (cname, self.G('_rng'))
        else:
            cname_rng = ''
        if not sites:
            return cname_rng
        slot = self.G('_execerr')
        out = ['\n']
        for k, msg in enumerate(sites, 1):
            out.append('\ndef %sexecerror_%d(glob):\n    glob[%s] = %r\n'
                       '    raise ExecError(%r)\n\n' % (self.P, k, slot, float(k), msg))
        out.append('\n%s.execerror_slot = %s\n%s.execerror_messages = %r\n\n'
                   % (cname, slot, cname, tuple(sites)))
        return ''.join(out) + cname_rng

    def constructor(self) -> str:
        """CONSTRUCTOR as a method run in Python when HOC makes an instance (its VERBATIM
        may read the arguments of ``new``: ifarg, *getarg); DESTRUCTOR frees C memory only."""
        b = self.m.blocks.get('CONSTRUCTOR')
        if b is None or not b.body.stmts:
            return ''
        save = self.out
        self.out = []
        self.in_callable = b
        self.emit('def _constructor_body(self, t, dt, _v, data, j, glob, tab, _h):', 1)
        self.body(b.body, _Scope(), 2, 'plain')
        self.emit('return 0', 2)
        self.in_callable = None
        text = ''.join(self.out)
        self.out = save
        return text

    def initial_per_instance(self) -> bool:
        """Whether INITIAL runs per instance in Python rather than in the init kernel: an
        artificial cell's (it has no block), and a point process's that sends events."""
        b = self.m.blocks.get('INITIAL')
        if b is None or not self.point:
            return False
        if self.artificial:
            return True
        sends = any(type(n) is ast.Call and n.name in ('net_send', 'net_event', 'net_move')
                    for n in b.body.walk())
        if sends and any(w for ion in self.m.ions.values() for w in ion.write
                         if w != 'i' + ion.name):
            self.fail('net_send in the INITIAL of a mechanism writing concentrations is not '
                      'translated', b.pos)
        return sends

    def artificial_initial(self) -> str:
        """INITIAL as a method run per instance in Python (initial_per_instance: it may
        net_send), as NEURON initialises artificial cells and point processes."""
        b = self.m.blocks.get('INITIAL')
        if b is None or not self.initial_per_instance():
            return ''
        save = self.out
        self.out = []
        self.emit('def _initial_body(self, _nr, t, dt, _v, data, j, glob, tab):', 1)
        self.where = 'INITIAL'
        self.body(b.body, _Scope(), 2, 'plain')
        self.where = None
        self.emit('return 0', 2)
        text = ''.join(self.out)
        self.out = save
        return text

    def net_receive(self) -> str:
        """NET_RECEIVE (and its INITIAL) as methods run per event in Python: the instance's
        row j of data, the weight vector as arguments, flag and net_send through ``_nr``."""
        b = self.m.blocks.get('NET_RECEIVE')
        if b is None:
            return ''
        save = self.out
        self.out = []
        self.where = 'NET_RECEIVE'
        P = self.P
        scope = _Scope()
        for k, a in enumerate(b.args):
            scope[a.name] = '_w[%d]' % k
        scope['flag'] = '_flag'
        init_stmts = [s for s in b.body.stmts if isinstance(s, ast.NetInitial)]
        rest = ast.Body(b.body.locals, [s for s in b.body.stmts
                                        if not isinstance(s, ast.NetInitial)], pos=b.pos)
        self.emit('def _net_receive_body(self, _nr, t, dt, _v, data, j, glob, tab, _w, _flag):',
                  1)
        self.body(rest, scope, 2, 'plain')
        # v assigned here is the node's voltage: nocmodl's NET_RECEIVE ends NODEV(node) = v
        sets_v = any(isinstance(n, ast.Assign) and isinstance(n.target, ast.Name)
                     and n.target.name == 'v' for n in rest.walk())
        self.emit('return _v' if sets_v else 'return 0', 2)
        if sets_v:
            self.emit('net_receive_sets_v = True', 1)
        if init_stmts:
            self.emit('def _net_init_body(self, _nr, t, dt, _v, data, j, glob, tab, _w):', 1)
            for s in init_stmts:
                self.body(s.body, scope, 2, 'plain')
            self.emit('return 0', 2)
            self.emit('has_net_init = True', 1)
        text = ''.join(self.out)
        self.out = save
        self.where = None
        return text


_SCOP_RE = re.compile(r'\b(%s)\s*\(' % '|'.join(verbatim.RANDOM_FUNCS))


def _uses_scop_random(m) -> bool:
    """Whether the mechanism's NMODL or VERBATIM calls scopmath's random functions."""
    for table in (m.blocks, m.functions, m.procedures, m.derivatives, m.kinetics):
        for b in table.values():
            body = getattr(b, 'body', None)
            for n in (body.walk() if body is not None else ()):
                if type(n) is ast.Call and n.name in verbatim.RANDOM_FUNCS:
                    return True
    return any(_SCOP_RE.search(text) for _, text in m.verbatim)


def _at_time_uses(m) -> bool:
    """Whether the BREAKPOINT calls at_time or state_discontinuity.  NEURON's at_time(te) on
    the fixed step is 1 when te - 1e-11 lies in (t - dt, t] (t: t0 + dt/2 in the currents,
    t0 + dt in nrn_state), and a state_discontinuity in the currents applies only in the
    v + .001 evaluation of a step, never at finitialize or fcurrent.  The cur kernel of such a
    mechanism reads dt < 0 as "no discontinuity now" (finitialize, fcurrent) and its glob's
    _vcv (CVode's mode) as the variable step, where at_time is 1 only in CVode's
    initialization at te (at_time_def) and a state_discontinuity is not applied: NEURON
    applies it to the model's copy there, which CVODE's y overwrites at the next f (NEURON
    9.0.2: the state is unchanged).  (GeneratedMechanism.current)"""
    b = m.blocks.get('BREAKPOINT')
    return b is not None and any(type(n) is ast.Call and n.name in ('at_time',
                                                                   'state_discontinuity')
                                 for n in b.body.walk())


def _calls_at_time(m) -> bool:
    """Whether any block, FUNCTION or PROCEDURE calls at_time."""
    blocks = list(m.blocks.values()) + list(m.functions.values()) + \
        list(m.procedures.values())
    return any(type(n) is ast.Call and n.name == 'at_time'
               for b in blocks for n in b.body.walk())


def _after_t(e):
    """``t + <delay>`` as C parses the text nocmodl writes for net_send: ``t +`` joins the
    leftmost operand of the delay's top-level + and - chain (t + a + b is (t + a) + b)."""
    if type(e) is ast.BinOp and e.op in ('+', '-'):
        return ast.BinOp(e.op, _after_t(e.left), e.right, pos=e.pos)
    return ast.BinOp('+', ast.Name('t', None, pos=e.pos), e, pos=e.pos)


def _first_assignment(m, name):
    """The expression of the first ``name = ...`` in nocmodl's procedure text: the
    FUNCTION, PROCEDURE, DERIVATIVE, KINETIC ... blocks in file order, then INITIAL."""
    blocks = [b for t in (m.derivatives, m.kinetics, m.linears, m.nonlinears, m.functions,
                          m.procedures) for b in t.values()]
    blocks.sort(key=lambda b: (b.pos.line, b.pos.column))
    if 'INITIAL' in m.blocks:
        blocks.append(m.blocks['INITIAL'])
    todo = []
    for b in blocks:
        todo.append(b.body)
    for body in todo:
        stack = [body]
        while stack:
            n = stack.pop()
            if isinstance(n, ast.Assign) and isinstance(n.target, ast.Name) and \
                    n.target.name == name:
                return n.expr
            if isinstance(n, ast.Node):
                stack.extend(reversed(list(n.children())))
    return None


def _prime_reads(m) -> set:
    """The scalar states whose derivative x' an expression reads (not only assigns)."""
    targets, out = set(), set()
    for b in m.derivatives.values():
        for n in b.body.walk():
            if isinstance(n, ast.Assign):
                targets.add(id(n.target))
        for n in b.body.walk():
            if isinstance(n, ast.Prime) and id(n) not in targets and \
                    m.symbols.get(n.name) is not None and m.symbols[n.name].dim is None:
                out.add(n.name)
    return out


def _param_default(x) -> float:
    """A PARAMETER's default as NEURON has it: nocmodl prints it with %g (6 significant
    digits: ``f = 0.277130485`` is 0.27713 in NEURON)."""
    return float('%g' % x) if x is not None else 0.0


def _ion_use(ion) -> tuple:
    """nrn_promote's (conc, rev) codes of a USEION statement, as nocmodl computes them."""
    n = ion.name
    conc = 3 if (n + 'i' in ion.write or n + 'o' in ion.write) else \
        1 if (n + 'i' in ion.read or n + 'o' in ion.read) else 0
    if 'e' + n in ion.write:
        rev = 3
    elif conc:
        rev = 2
    elif 'e' + n in ion.read:
        rev = 1
    else:
        rev = 0
    return (conc, rev)


def generate(mech) -> str:
    """The Python module text of a resolved Mechanism (raises Unsupported)."""
    return Gen(mech).module()
