"""Compiling HOC expressions into Python closures ``f(frame) -> value``.

Each AST node is turned once into a closure; running a statement then costs no tree walk or
dispatch.  Names are resolved when the closure runs, against the namespace of the frame
(top level, or the object a method runs in), as HOC does.  Numbers are floats, strings str,
objects HocObject (None is NULLobject).
"""
from __future__ import annotations

import math
from typing import Any, Callable, Optional

from . import ast
from ..errors import HocError
from ..base.objects import HocObject
from ..base.refs import ArrayRef, CallbackRef, Ref, StrRef
from .signals import NOVALUE
from .symbols import Array, Kind, Sym
from .templates import TemplateInstance

Closure = Callable[[Any], Any]
NUM, ARRAY, SEC, BUILTIN = Kind.NUM, Kind.ARRAY, Kind.SEC, Kind.BUILTIN


def expecting_double(v: Any) -> HocError:
    """NEURON's error for a string or object where a number is assigned (a range variable,
    a point process's parameter, nseg ...)."""
    if isinstance(v, str):
        return HocError('bad stack access: expecting double; really char** 0x%x' % id(v))
    if v is None:
        name = 'NULLobject'
    else:
        name = getattr(v, 'hoc_name', None)
        name = name() if callable(name) else type(v).__name__
    return HocError('bad stack access: expecting double; really Object** 0x%x -> %s'
                    % (id(v), name))


def _num(v: Any, what: str = 'number') -> float:
    if isinstance(v, float):
        return v
    if isinstance(v, (int, bool)):
        return float(v)
    if v is NOVALUE:
        return 0.0
    if isinstance(v, str):
        raise HocError('syntax error')
    raise expecting_double(v.obj if isinstance(v, ObjArg) else v)


def _arith(op: str, a: Closure, b: Closure, cell=None) -> Closure:
    """a + b, a - b, a * b of two number closures: floats go straight through, anything else
    through _num, the left operand checked before the right one is evaluated.  ``cell``:
    (list, index) holding b's value where b is a number (_number_cell)."""
    if cell is not None:
        values, i = cell
        if op == '+':
            def add_number(fr):
                x = a(fr)
                return (x if type(x) is float else _num(x)) + values[i]
            return add_number
        if op == '-':
            def sub_number(fr):
                x = a(fr)
                return (x if type(x) is float else _num(x)) - values[i]
            return sub_number

        def mul_number(fr):
            x = a(fr)
            return (x if type(x) is float else _num(x)) * values[i]
        return mul_number
    if op == '+':
        def add(fr):
            x = a(fr)
            if type(x) is not float:
                x = _num(x)
            y = b(fr)
            return x + (y if type(y) is float else _num(y))
        return add
    if op == '-':
        def sub(fr):
            x = a(fr)
            if type(x) is not float:
                x = _num(x)
            y = b(fr)
            return x - (y if type(y) is float else _num(y))
        return sub

    def mul(fr):
        x = a(fr)
        if type(x) is not float:
            x = _num(x)
        y = b(fr)
        return x * (y if type(y) is float else _num(y))
    return mul


def _number_cell(node: ast.Node):
    """(list, index) where a number literal's value is read at run time (a statement-cache
    slot's cell, else a list of its own), or None for any other node."""
    if type(node) is not ast.Num:
        return None
    v = node.value
    if type(v) is ast.NumSlot:
        return v.cell, v.index
    return [float(v)], 0


_ARITH = frozenset('+-*')


def _pow(a: float, b: float) -> float:
    if a < 0 and b != int(b):
        raise HocError('exponentiation argument out of domain')
    if a == 0 and b < 0:
        return _pow_out_of_range(math.inf)        # (C's pow: a pole)
    try:
        r = math.pow(a, b)
    except OverflowError:
        return _pow_out_of_range(math.copysign(math.inf, a) if b == int(b) and b % 2 else
                                 math.inf)
    if r == 0.0 and a != 0.0 and not math.isinf(b):
        return _pow_out_of_range(r)                 # (underflow)
    return r


def _pow_out_of_range(value: float) -> float:
    """``10^400``, ``0^-1``, ``10^-400``: NEURON's warning (errcheck), then C's value."""
    from ..base.context import current
    warn = getattr(current(), 'math_warning', None)
    if warn is not None:
        warn('exponentiation')
    return value


def _mod(a: float, b: float) -> float:
    # HOC: a - b*floor(a/b) with b > 0
    if b <= 0:
        raise HocError('a%b, b<=0')
    r = a - b * math.floor(a / b)
    return r


_X_METHODS: dict = {}     # (compiler class, node class) -> its x_ method, or False


class ExprCompiler:
    """Turns expression nodes into closures; statements.py extends it to statements."""

    def __init__(self, interp, local_names=(), localobj_names=(), in_function=False):
        self.interp = interp
        self.locals = set(local_names) | set(localobj_names)
        self.in_function = in_function

    # ---- dispatch ---------------------------------------------------------------------------
    def expr(self, node: ast.Node) -> Closure:
        key = (type(self), type(node))
        method = _X_METHODS.get(key)
        if method is None:
            method = _X_METHODS[key] = getattr(type(self), 'x_' + type(node).__name__, False)
        if method is False:
            raise HocError('syntax error: %s is not an expression' % type(node).__name__)
        return method(self, node)

    # ---- leaves -------------------------------------------------------------------------------
    def x_Num(self, node: ast.Num) -> Closure:
        v = node.value
        if type(v) is ast.NumSlot:
            cell, i = v.cell, v.index
            return lambda fr: cell[i]
        return lambda fr: v

    def x_Str(self, node: ast.Str) -> Closure:
        v = node.value
        return lambda fr: v

    def x_Name(self, node: ast.Name) -> Closure:
        name = node.name
        interp = self.interp
        if name in self.locals:
            def local(fr):
                return interp.sym_value(fr.locals[name], fr)
            return local

        sym_value = interp.sym_value

        def lookup(fr):
            sym = fr.ns.syms.get(name)
            if sym is not None:                          # (what resolve finds first)
                return sym.value if sym.kind is NUM else sym_value(sym, fr)
            sym = interp.resolve(fr, name)
            if sym is None:
                return interp.undefined_name(fr, name)
            return interp.sym_value(sym, fr)
        return lookup

    def x_Arg(self, node: ast.Arg) -> Closure:
        index = self._arg_index(node)
        kind = node.kind
        interp = self.interp

        if kind == '&':
            def ptr(fr):
                return interp.arg_ref(fr, index(fr)).get()
            return ptr
        if kind == '' and isinstance(node.index, int):
            i = node.index
            arg_value = interp.arg_value

            def num_arg(fr):        # $1: a number passed is returned as it is
                args = fr.args
                if 0 < i <= len(args):
                    a = args[i - 1]
                    if type(a) is float:
                        return a
                return arg_value(fr, i, kind)
            return num_arg

        def arg(fr):
            return interp.arg_value(fr, index(fr), kind)
        return arg

    def _arg_index(self, node: ast.Arg) -> Closure:
        if not self.in_function:
            raise HocError('%s used outside definition' % (
                '$' + node.kind if node.kind in ('s', 'o', '&') else '$'))
        if isinstance(node.index, int):
            i = node.index
            return lambda fr: i
        sub = self.x_Name(node.index)
        return lambda fr: int(_num(sub(fr)))

    # ---- operators ------------------------------------------------------------------------
    def x_Unary(self, node: ast.Unary) -> Closure:
        f = self.expr(node.operand)
        if node.op == '-':
            cell = _number_cell(node.operand)
            if cell is not None:
                values, i = cell
                return lambda fr: -values[i]
            return lambda fr: -_num(f(fr))
        return lambda fr: 1.0 if _num(f(fr)) == 0.0 else 0.0

    def x_BinOp(self, node: ast.BinOp) -> Closure:
        a = self.expr(node.left)
        b = self.expr(node.right)
        op = node.op
        eps = self.interp.epsilon_sym
        if op in _ARITH:
            return _arith(op, a, b, _number_cell(node.right))
        if op == '/':
            def div(fr):
                x = _num(a(fr))
                y = _num(b(fr))
                if y == 0.0:
                    raise HocError('division by zero')
                return x / y
            return div
        if op == '%':
            return lambda fr: _mod(_num(a(fr)), _num(b(fr)))
        if op == '^':
            return lambda fr: _pow(_num(a(fr)), _num(b(fr)))
        if op == '&&':
            def land(fr):
                x = _num(a(fr))
                y = _num(b(fr))
                return 1.0 if (x != 0.0 and y != 0.0) else 0.0
            return land
        if op == '||':
            def lor(fr):
                x = _num(a(fr))
                y = _num(b(fr))
                return 1.0 if (x != 0.0 or y != 0.0) else 0.0
            return lor
        if op in ('==', '!='):
            want = op == '=='

            def eq(fr):
                x = a(fr)
                y = b(fr)
                if type(x) is float and type(y) is float:
                    r = abs(x - y) <= eps.value
                else:
                    r = _equal(x, y, eps)
                return 1.0 if r == want else 0.0
            return eq
        cmp = {
            '<': lambda x, y, e: x < y - e,
            '<=': lambda x, y, e: x <= y + e,
            '>': lambda x, y, e: x > y + e,
            '>=': lambda x, y, e: x >= y - e,
        }[op]

        def compare(fr):
            return 1.0 if cmp(_num(a(fr)), _num(b(fr)), eps.value) else 0.0
        return compare

    def x_Read(self, node: ast.Read) -> Closure:
        """read(x): 1 after reading the input's next number into x, 0 at its end."""
        from .builtins.io import read_number
        target = node.target
        name = target.name if isinstance(target, ast.Name) else 'variable'
        interp = self.interp
        if isinstance(target, ast.Name) and name in self.locals:
            def read_local(fr):     # NEURON's read() takes a global scalar only
                raise HocError('%s is not a scalar variable' % name)
            return read_local
        if isinstance(target, ast.Name):
            def store(fr, v, c):    # the name becomes a variable once a number is read
                sym = interp.resolve(fr, name)
                if sym is None:
                    return interp.assign_new(fr, name, v, c)
                return interp.assign_sym(fr, sym, [], v, c)
        else:
            store = self.store(target)

        def read(fr):
            value = read_number(interp, name)
            if value is None:
                return 0.0
            store(fr, value, None)
            return 1.0
        return read

    # ---- objects and calls ---------------------------------------------------------------------
    def x_New(self, node: ast.New) -> Closure:
        args = self.arglist(node.args)
        name = node.name
        interp = self.interp
        return lambda fr: interp.new_object(fr, name, *args(fr))

    def x_Member(self, node: ast.Member) -> Closure:
        target = self.expr(node.target)
        name = node.name
        interp = self.interp
        return lambda fr: interp.member_value(fr, target(fr), name)

    def x_Index(self, node: ast.Index) -> Closure:
        base, indices = _index_chain(node)
        idx = [self.expr(i) for i in indices]
        interp = self.interp
        if isinstance(base, ast.Name):
            name = base.name
            if name in self.locals:
                def local_index(fr):
                    return interp.index_value(fr, fr.locals[name], [_num(f(fr)) for f in idx])
                return local_index

            if len(idx) == 1:
                f0 = idx[0]
                eps = interp.epsilon_sym

                def name_index1(fr):
                    sym = fr.ns.syms.get(name)
                    if sym is None:
                        sym = interp.resolve(fr, name)
                        if sym is None:
                            return interp.undefined_name(fr, name)
                    i = f0(fr)
                    if type(i) is not float:
                        i = _num(i)
                    kind = sym.kind
                    if kind is ARRAY or kind is SEC:
                        # a one-dimensional array in range: Array.flat_index's element
                        arr = sym.value
                        if type(arr) is Array and len(arr.dims) == 1:
                            k = int(i + eps.value)
                            if 0 <= k < arr.dims[0]:
                                v = arr.data[k]
                                return v if kind is ARRAY else interp.sim.section_value(v)
                    return interp.index_value(fr, sym, [i])
                return name_index1

            def name_index(fr):
                sym = interp.resolve(fr, name)
                if sym is None:
                    return interp.undefined_name(fr, name)
                return interp.index_value(fr, sym, [_num(f(fr)) for f in idx])
            return name_index
        if isinstance(base, ast.Member):
            target = self.expr(base.target)
            mname = base.name

            def member_index(fr):
                return interp.member_index_value(fr, target(fr), mname, [_num(f(fr)) for f in idx])
            return member_index
        if isinstance(base, ast.Arg) and base.kind == '&':
            index = self._arg_index(base)

            def ptr_index(fr):
                ref = interp.arg_ref(fr, index(fr))
                return ref.at(int(_num(idx[0](fr)))).get()
            return ptr_index
        value = self.expr(base)

        def generic(fr):
            v = value(fr)
            for f in idx:
                v = interp.subscript(v, _num(f(fr)))
            return v
        return generic

    def x_Call(self, node: ast.Call) -> Closure:
        args = self.arglist(node.args)
        interp = self.interp
        func = node.func
        if isinstance(func, ast.Name):
            call = self.name_caller(func.name, node.args, True)
            return lambda fr: call(fr, args(fr))
        if isinstance(func, ast.Member):
            target = self.expr(func.target)
            mname = func.name

            def call_member(fr):
                r = interp.call_member(fr, target(fr), mname, args(fr))
                return 0.0 if r is NOVALUE else r
            return call_member
        callee = self.expr(func)
        if isinstance(func, ast.Index):
            # a[1](2), v.x[1](2): NEURON calls ``a`` (a number array: "undefined function");
            # a member's subscript and call are for array range variables only
            base, _ = _index_chain(func)
            if isinstance(base, (ast.Name, ast.Member)):
                bname = base.name
                member = isinstance(base, ast.Member)

                def call_indexed(fr):
                    a = args(fr)
                    v = callee(fr)
                    if isinstance(v, (float, int, str)) and not callable(v):   # (a layer is)
                        if member:
                            raise HocError('[...](...) syntax only allowed for array range '
                                           'variables: %s' % bname)
                        from .interpreter import undefined_function
                        raise undefined_function(bname, a)
                    return interp.call_value(fr, v, a)
                return call_indexed
        return lambda fr: interp.call_value(fr, callee(fr), args(fr))

    def raw_call(self, node: ast.Call) -> Closure:
        """Like x_Call but keeps NOVALUE (top-level echo needs to tell procs from funcs)."""
        args = self.arglist(node.args)
        if isinstance(node.func, ast.Name):
            call = self.name_caller(node.func.name, node.args, False)
            return lambda fr: call(fr, args(fr))
        return self.x_Call(node)

    def name_caller(self, name: str, nodes: list, value: bool) -> Callable[[Any, list], Any]:
        """``name(args)`` as ``f(frame, args)``: built-in functions and HOC procs and funcs
        called straight after resolving, anything else through Interpreter.call_sym.
        ``value``: the call's value is used, and a proc's is a syntax error (NEURON's parser
        refuses one it knows of)."""
        interp = self.interp
        if value:
            known = None if name in self.locals else interp.top.syms.get(name)
            if known is not None and known.kind is Kind.PROC:
                raise HocError('syntax error')
        resolve, call_builtin, call_sym = interp.resolve, interp.call_builtin, interp.call_sym
        call_function = interp.call_function
        top = interp.top
        RANGE = Kind.RANGE

        def call_range(fr, sym, name, a):
            return interp.sim.call_range(fr, sym, name, a)
        PROC, FUNC, OBFUNC = Kind.PROC, Kind.FUNC, Kind.OBFUNC
        # only a variable (or $o) passed by name can come as an ObjArg (arg())
        plain = not any(isinstance(n, (ast.Name, ast.Index, ast.Arg)) for n in nodes)

        def call_name(fr, a):
            sym = resolve(fr, name)
            kind = sym.kind if sym is not None else None
            if kind is BUILTIN:
                r = call_builtin(sym, a, plain)
            elif kind is FUNC or kind is PROC or kind is OBFUNC:
                func = sym.value            # (call_sym and call_user, inline)
                ns = top
                if func.template is not None:
                    owner = fr.ns._owner
                    owner = owner() if owner is not None else None
                    if owner is not None:
                        ns = owner.ns
                r = call_function(func, a, ns, fr)
            elif kind is RANGE:             # v(x), gnabar_hh(x): (call_sym's last case)
                r = call_range(fr, sym, name, [x.obj if type(x) is ObjArg else x for x in a])
            else:
                r = call_sym(fr, name, sym, a)
            if value and r is NOVALUE:  # a proc used as a value: NEURON's parser refuses it
                raise HocError('syntax error')
            return r
        return call_name

    def arglist(self, nodes: list) -> Callable[[Any], list]:
        fs = [self.arg(n) for n in nodes]
        if not fs:
            return lambda fr: []
        if len(fs) == 1:
            f0 = fs[0]
            return lambda fr: [f0(fr)]
        if len(fs) == 2:
            f0, f1 = fs
            return lambda fr: [f0(fr), f1(fr)]
        if len(fs) == 3:
            f0, f1, f2 = fs
            return lambda fr: [f0(fr), f1(fr), f2(fr)]
        if len(fs) == 4:
            f0, f1, f2, f3 = fs
            return lambda fr: [f0(fr), f1(fr), f2(fr), f3(fr)]
        return lambda fr: [f(fr) for f in fs]

    def arg(self, node: ast.Node) -> Closure:
        """An argument: strdef variables pass as StrRef, objref variables as ObjArg."""
        interp = self.interp
        if isinstance(node, ast.AddressOf):
            return self.ref(node.target)
        if isinstance(node, ast.Name):
            name = node.name
            plain = self.x_Name(node)
            is_local = name in self.locals

            def name_arg(fr):
                sym = fr.locals.get(name) if is_local else interp.resolve(fr, name)
                if sym is not None:
                    kind = sym.kind
                    if kind is NUM:             # (what plain finds)
                        return sym.value
                    if kind is Kind.STR:
                        return StrRef(sym.value, _setter(sym), _getter(sym))
                    if sym.kind is Kind.OBJ and not isinstance(sym.value, Array):
                        return ObjArg(sym.value, sym, None)
                return plain(fr)
            return name_arg
        if isinstance(node, ast.Index) and isinstance(node.target, ast.Name) and \
                not isinstance(node.target, ast.Index):
            name = node.target.name
            plain = self.expr(node)
            sub = self.expr(node.index)

            def idx_arg(fr):
                sym = fr.locals.get(name) if name in self.locals else interp.resolve(fr, name)
                if sym is not None and sym.kind is Kind.OBJ and isinstance(sym.value, Array):
                    k = sym.value.flat_index([_num(sub(fr))], interp.epsilon_sym.value)
                    return ObjArg(sym.value.data[k], sym, k)
                return plain(fr)
            return idx_arg
        if isinstance(node, ast.Member):
            target = self.expr(node.target)
            mname = node.name

            def member_arg(fr):     # obj.s passes the strdef itself: sprint(obj.s, ...)
                obj = target(fr)
                if isinstance(obj, TemplateInstance):
                    sym = interp._member_sym(fr, obj, mname)
                    if sym.kind is NUM:
                        return sym.value
                    if sym.kind is Kind.STR:
                        return StrRef(sym.value, _setter(sym), _getter(sym))
                return interp.member_value(fr, obj, mname)
            return member_arg
        if isinstance(node, ast.Arg) and node.kind in ('s', 'o'):
            index = self._arg_index(node)
            kind = node.kind

            def pass_through(fr):
                return interp.arg_passthrough(fr, index(fr), kind)
            return pass_through
        return self.expr(node)

    # ---- references (&x) ---------------------------------------------------------------------------
    def ref(self, node: ast.Node) -> Callable[[Any], Ref]:
        interp = self.interp
        if isinstance(node, ast.Name):
            name = node.name
            is_local = name in self.locals

            def name_ref(fr):
                sym = fr.locals.get(name) if is_local else interp.resolve(fr, name)
                if sym is None:
                    return interp.undefined_name(fr, name)
                return interp.sym_ref(fr, sym, [])
            return name_ref
        if isinstance(node, ast.Index):
            base, indices = _index_chain(node)
            idx = [self.expr(i) for i in indices]
            if isinstance(base, ast.Name):
                name = base.name
                is_local = name in self.locals

                def index_ref(fr):
                    sym = fr.locals.get(name) if is_local else interp.resolve(fr, name)
                    if sym is None:
                        return interp.undefined_name(fr, name)
                    return interp.sym_ref(fr, sym, [_num(f(fr)) for f in idx])
                return index_ref
            if isinstance(base, ast.Member):
                target = self.expr(base.target)
                mname = base.name

                def member_index_ref(fr):
                    return interp.member_ref(fr, target(fr), mname, [_num(f(fr)) for f in idx])
                return member_index_ref
            if isinstance(base, ast.Arg) and base.kind == '&':
                index = self._arg_index(base)
                return lambda fr: interp.arg_ref(fr, index(fr)).at(int(_num(idx[0](fr))))
        if isinstance(node, ast.Member):
            target = self.expr(node.target)
            mname = node.name
            return lambda fr: interp.member_ref(fr, target(fr), mname, [])
        if isinstance(node, ast.Arg):
            index = self._arg_index(node)
            if node.kind == '&':
                return lambda fr: interp.arg_ref(fr, index(fr))
            return lambda fr: interp.arg_slot_ref(fr, index(fr))
        if isinstance(node, ast.Call):
            # &v(0.5), &sec.v(0.5): a simulator variable at a location
            return self.range_ref(node)
        raise HocError('syntax error: cannot take the address of this expression')

    def range_ref(self, node: ast.Call) -> Callable[[Any], Ref]:
        interp = self.interp
        args = self.arglist(node.args)
        func = node.func
        if isinstance(func, ast.Name):
            name = func.name
            return lambda fr: interp.range_ref(fr, None, name, args(fr))
        if isinstance(func, ast.Member):
            target = self.expr(func.target)
            name = func.name
            return lambda fr: interp.range_ref(fr, target(fr), name, args(fr))
        if isinstance(func, ast.Index):
            # &vext[0](.5), xraxial[1](x) = v: an array range variable (extracellular)
            base, indices = _index_chain(func)
            if len(indices) == 1 and isinstance(base, (ast.Name, ast.Member)):
                k = self.expr(indices[0])
                bname = base.name
                target = self.expr(base.target) if isinstance(base, ast.Member) else None

                def layer_ref(fr):
                    name = '%s[%d]' % (bname, int(_num(k(fr))))
                    return interp.range_ref(fr, None if target is None else target(fr), name,
                                            args(fr))
                return layer_ref
        raise HocError('syntax error: cannot take the address of this expression')

    def x_AddressOf(self, node: ast.AddressOf) -> Closure:
        return self.ref(node.target)

    # ---- assignment ------------------------------------------------------------------------------
    def x_Assign(self, node: ast.Assign) -> Closure:
        target = node.target
        if (isinstance(target, ast.Name) and isinstance(node.value, (ast.New, ast.Str))
                and target.name not in self.locals
                and not self.interp.compiled_name_known(target.name)):
            # NEURON's parser: a name not yet declared takes a number, never an object or a
            # string (``{ objref o  o = new List() }`` fails before the block runs)
            raise HocError('syntax error')
        value = self.expr(node.value)
        op = node.op
        member = self._member_assign(target, value, op, self.quiet(node.value))
        if member is not None:
            return member
        store = self.store(node.target)
        if op == '=':
            if isinstance(target, ast.Name) and target.name not in self.locals:
                name = target.name

                def assign_name(fr):
                    v = value(fr)
                    sym = fr.ns.syms.get(name)
                    if sym is not None and sym.kind is NUM and type(v) is float:
                        sym.value = v                    # (store_name's first case)
                        return v
                    return store(fr, v, None)
                return assign_name
            return lambda fr: store(fr, value(fr), None)
        combine = COMBINE[op]
        return lambda fr: store(fr, _num(value(fr)), combine)

    def quiet(self, node: ast.Node) -> bool:
        """Whether evaluating ``node`` can neither fail nor act (a number, a local, their sums
        and products): it may run before or after other code."""
        t = type(node)
        if t is ast.Num:
            return True
        if t is ast.Name:
            return node.name in self.locals
        if t is ast.BinOp:
            return node.op in ('+', '-', '*') and self.quiet(node.left) and \
                self.quiet(node.right)
        if t is ast.Unary:
            return node.op == '-' and self.quiet(node.operand)
        return False

    def _member_assign(self, target: ast.Node, value: Closure, op: str,
                       quiet: bool) -> Optional[Closure]:
        """``obj.name = value``, ``obj.name[i] = value`` (or ``+=`` ...): the object and the
        subscripts first, their errors before the right side runs (NEURON's order: ``a.x =
        b.z`` with both nil is a's error; ``quiet``: the right side cannot tell); None for
        other targets."""
        base, indices = _index_chain(target)
        if type(base) is not ast.Member:
            return None
        interp = self.interp
        obj_of = self.expr(base.target)
        mname = base.name
        idx = [self.expr(i) for i in indices]
        combine = None if op == '=' else COMBINE[op]

        def assign_member(fr):
            obj = obj_of(fr)
            ix = [_num(f(fr)) for f in idx]
            if not quiet:
                interp.member_target(fr, obj, mname, ix)
            v = value(fr)
            return interp.assign_member(fr, obj, mname, ix, v if combine is None else _num(v),
                                        combine)
        return assign_member

    def store(self, node: ast.Node) -> Callable[[Any, Any, Any], Any]:
        """A closure store(frame, value, combine) assigning to the target; returns the value."""
        interp = self.interp
        if isinstance(node, ast.Name):
            name = node.name
            if name in self.locals:
                return lambda fr, v, c: interp.assign_sym(fr, fr.locals[name], [], v, c)
            interp.create_on_assign(name)

            def store_name(fr, v, c):
                sym = fr.ns.syms.get(name)
                if sym is None:
                    sym = interp.resolve(fr, name)
                    if sym is None:
                        return interp.assign_new(fr, name, v, c)
                elif c is None and sym.kind is NUM and type(v) is float:
                    sym.value = v                        # (what assign_sym does with it)
                    return v
                return interp.assign_sym(fr, sym, [], v, c)
            return store_name
        if isinstance(node, ast.Index):
            base, indices = _index_chain(node)
            idx = [self.expr(i) for i in indices]
            if isinstance(base, ast.Name):
                name = base.name
                is_local = name in self.locals

                def store_index(fr, v, c):
                    sym = fr.locals[name] if is_local else interp.resolve(fr, name)
                    if sym is None:
                        return interp.undefined_name(fr, name)
                    return interp.assign_sym(fr, sym, [_num(f(fr)) for f in idx], v, c)
                return store_index
            if isinstance(base, ast.Member):
                target = self.expr(base.target)
                mname = base.name

                def store_member_index(fr, v, c):
                    return interp.assign_member(fr, target(fr), mname, [_num(f(fr)) for f in idx], v, c)
                return store_member_index
            if isinstance(base, ast.Arg) and base.kind == '&':
                index = self._arg_index(base)

                def store_ptr_index(fr, v, c):
                    ref = interp.arg_ref(fr, index(fr)).at(int(_num(idx[0](fr))))
                    return _store_ref(ref, v, c)
                return store_ptr_index
            value = self.expr(base)

            def store_generic(fr, v, c):
                container = value(fr)
                ix = [_num(f(fr)) for f in idx]
                for i in ix[:-1]:
                    container = interp.subscript(container, i)
                return interp.set_subscript(container, ix[-1], v, c)
            return store_generic
        if isinstance(node, ast.Member):
            target = self.expr(node.target)
            mname = node.name
            return lambda fr, v, c: interp.assign_member(fr, target(fr), mname, [], v, c)
        if isinstance(node, ast.Arg):
            index = self._arg_index(node)
            kind = node.kind
            return lambda fr, v, c: interp.assign_arg(fr, index(fr), kind, v, c)
        if isinstance(node, ast.Call):
            ref = self.range_ref(node)
            return lambda fr, v, c: _store_ref(ref(fr), v, c)
        raise HocError('syntax error: cannot assign to this expression')


def _store_ref(ref: Ref, v: Any, combine: Any) -> Any:
    if combine is not None:
        v = combine(_num(ref.get()), v)
    ref.set(_num(v))
    return v


def _equal(x: Any, y: Any, eps: Sym) -> bool:
    """HOC's ``x == y``: numbers within float_epsilon (``eps``'s value), objects the same one."""
    if isinstance(x, float) and isinstance(y, float):
        return abs(x - y) <= eps.value
    if _is_obj(x) and _is_obj(y):
        return x is y
    if isinstance(x, str) or isinstance(y, str):
        raise HocError('syntax error')   # (NEURON's grammar compares no strings: strcmp)
    if _is_obj(x) and isinstance(y, float):
        raise HocError('bad stack access: expecting Object**; really double %s' % _fmt(y))
    if _is_obj(y) and isinstance(x, float):
        raise HocError('bad stack access: expecting Object**; really double %s' % _fmt(x))
    return abs(_num(x) - _num(y)) <= eps.value


def _fmt(x: float) -> str:
    return '%g' % x     # (NEURON writes the double with C++'s stream: 6 digits)


def _divide(a: float, b: float) -> float:
    if b == 0.0:
        raise HocError('Divide by 0')
    return a / b


# HOC's compound assignments: the new value from the old and the right-hand side
COMBINE = {'+=': lambda a, b: a + b, '-=': lambda a, b: a - b,
           '*=': lambda a, b: a * b, '/=': _divide}


def _setter(sym: Sym) -> Callable[[str], None]:
    def set_value(value: str) -> None:
        sym.value = value
    return set_value


def _getter(sym: Sym) -> Callable[[], str]:
    return lambda: sym.value


def _is_obj(v: Any) -> bool:
    return v is None or not isinstance(v, (float, int, str))


def _index_chain(node: ast.Node):
    """a[i][j] -> (a, [i, j])."""
    indices = []
    while isinstance(node, ast.Index):
        indices.append(node.index)
        node = node.target
    indices.reverse()
    return node, indices


class ObjArg:
    """An objref passed as an argument: the object, plus where it came from so that
    ``$o1 = obj`` in the callee can write the caller's variable."""

    __slots__ = ('obj', 'sym', 'index')

    def __init__(self, obj: Any, sym: Sym, index: Any):
        self.obj = obj
        self.sym = sym
        self.index = index

    def assign(self, obj: Any) -> None:
        if self.index is None:
            self.sym.value = obj
        else:
            self.sym.value.data[self.index] = obj
        self.obj = obj
