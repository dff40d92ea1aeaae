"""HOC code that runs repeatedly (function bodies, loops) written out as one Python function.

A statement tree becomes the source of one function ``f(frame)``: numbers, names, ``$1``,
arithmetic, comparisons, assignments to names, ``if``, ``while`` and ``for`` are written inline,
each with the fast path its closure takes (a float in a scalar's symbol) and that closure as
the slow path, so values, evaluation order and error messages stay the closures' own.  Every
other node runs its closure (expressions.py, statements.py).  One compiled code object serves
every tree of the same shape: the objects a tree needs are the function's globals.
"""
from __future__ import annotations

import builtins
import marshal
import os
import sys
import types
import zlib
from typing import Any, Callable, Optional

from . import ast, parsecache
from ..errors import HocError
from .expressions import _divide, _equal, _index_chain, _mod, _num, _pow
from .signals import EMPTY_RETURN, NOVALUE, BreakSignal, ContinueSignal
from .symbols import Kind

_CODE: dict = {}            # source -> the code object of its function
_CODE_MAX = 4096            # entries kept in a process
MAX_FILES = 4000            # kept on disk
FORMAT = 2                  # (of the generated source: a change starts the disk folder afresh)
_pruned: set = set()         # folders thinned by this process

FELL = object()             # what a function body returns when it ends without ``return``
BARE = object()             # what it returns for ``return`` of NULLobject (signals.EMPTY_RETURN:
#                             for ``return`` without a value)

_MAX_LOOPS = 8              # (each a while and a try block: Python allows 20 blocks)
_MAX_INDENT = 40
_LOOPS = (ast.While, ast.ForC, ast.ForRange)

_COMBINE = {'+=': '+', '-=': '-', '*=': '*', '/=': '/'}
_COMPARE = {'<': '%s < %s - %s', '<=': '%s <= %s + %s', '>': '%s > %s + %s',
            '>=': '%s >= %s - %s'}


class PyCode:
    """The source of one function being written for a Compiler (its locals, its ``$``)."""

    def __init__(self, comp):
        self.comp = comp
        interp = comp.interp
        self.env: dict[str, Any] = {
            '__builtins__': builtins, '_num': _num, '_NUM': Kind.NUM, '_HocError': HocError,
            '_Break': BreakSignal, '_Continue': ContinueSignal, '_mod': _mod, '_pow': _pow,
            '_equal': _equal, '_eps': interp.epsilon_sym, '_interp': interp, '_FELL': FELL,
            '_argv': interp.arg_value, '_symv': interp.sym_value, '_divide': _divide,
            '_BARE': BARE, '_EMPTY': EMPTY_RETURN, '_NOVALUE': NOVALUE, '_add': _add, '_sub': _sub, '_mul': _mul}
        self.lines: list[str] = []
        self.nk = 0
        self.nt = 0
        self.uses: set[str] = set()
        self.returns = False        # ``return`` is Python's (a function body, not a loop's)
        self.loops = 0              # loops open where the next statement is written

    # ---- writing ------------------------------------------------------------------------------
    def bind(self, obj: Any) -> str:
        name = '_k%d' % self.nk
        self.nk += 1
        self.env[name] = obj
        return name

    def tmp(self) -> str:
        self.nt += 1
        return 't%d' % self.nt

    def emit(self, ind: int, text: str) -> None:
        self.lines.append('    ' * ind + text)

    def function(self, body: ast.Node, function_body: bool = False) -> Callable[[Any], Any]:
        """The statement ``body`` as a function of the frame; a function body returns its
        ``return`` value, or FELL where it ends without one."""
        self.returns = function_body
        self.stmt(body, 1)
        self.emit(1, 'return _FELL' if function_body else 'return None')
        head = ['def _hoc(fr):']
        if 'syms' in self.uses:
            head.append('    _syms = fr.ns.syms')
        if 'loc' in self.uses:
            head.append('    _loc = fr.locals')
        if 'args' in self.uses:
            head.append('    _args = fr.args')
        src = '\n'.join(head + self.lines) + '\n'
        code = _CODE.get(src)
        if code is None:
            code = _compile(src)
        return types.FunctionType(code, self.env, '_hoc')


    # ---- expressions: each gives (Python expression, is it a float) ---------------------------
    def value(self, node: ast.Node, ind: int) -> tuple[str, bool]:
        t = type(node)
        if t is ast.Num:
            v = node.value
            if type(v) is ast.NumSlot:
                return '%s[%d]' % (self.bind(v.cell), v.index), True
            return self.bind(v), type(v) is float
        if t is ast.Name:
            return self.name(node, ind), False
        if t is ast.Arg and node.kind == '' and type(node.index) is int and node.index >= 1 \
                and self.comp.in_function:
            return self.arg(node.index, ind), True
        if t is ast.BinOp:
            return self.binop(node, ind), True
        if t is ast.Call and type(node.func) in (ast.Name, ast.Member):
            return self.call(node, True, ind), False
        if t is ast.Member:
            target = self.value(node.target, ind)[0]
            v = self.tmp()
            self.emit(ind, '%s = _interp.member_value(fr, %s, %r)' % (v, target, node.name))
            return v, False
        if t is ast.Index:
            base, indices = _index_chain(node)
            if type(base) is ast.Member:        # v.x[i], m.x[i][j]: member_index_value
                target = self.value(base.target, ind)[0]
                idx = [self.num(i, ind) for i in indices]
                v = self.tmp()
                self.emit(ind, '%s = _interp.member_index_value(fr, %s, %r, [%s])'
                          % (v, target, base.name, ', '.join(idx)))
                return v, False
        if t is ast.Unary:
            x = self.num(node.operand, ind)
            if node.op == '-':
                return '(-%s)' % x, True
            return '(1.0 if %s == 0.0 else 0.0)' % x, True
        v = self.tmp()
        self.emit(ind, '%s = %s(fr)' % (v, self.bind(self.comp.expr(node))))
        return v, False

    def num(self, node: ast.Node, ind: int) -> str:
        """``node`` as a float, checked as _num checks it (before what follows is evaluated)."""
        v, is_float = self.value(node, ind)
        if is_float:
            return v
        if not (v[0] == 't' and v[1:].isdigit()):
            t = self.tmp()
            self.emit(ind, '%s = %s' % (t, v))
            v = t
        self.emit(ind, 'if type(%s) is not float: %s = _num(%s)' % (v, v, v))
        return v

    def name(self, node: ast.Name, ind: int) -> str:
        v = self.tmp()
        slow = self.bind(self.comp.x_Name(node))
        if node.name in self.comp.locals:
            self.uses.add('loc')
            self.emit(ind, '_s = _loc[%r]' % node.name)
            self.emit(ind, '%s = _s.value if _s.kind is _NUM else _symv(_s, fr)' % v)
        else:
            self.uses.add('syms')
            self.emit(ind, '_s = _syms.get(%r)' % node.name)
            self.emit(ind, '%s = (_s.value if _s.kind is _NUM else _symv(_s, fr)) '
                      'if _s is not None else %s(fr)' % (v, slow))
        return v

    def arg(self, i: int, ind: int) -> str:
        """``$i`` as a number (expressions.py's num_arg)."""
        self.uses.add('args')
        v = self.tmp()
        self.emit(ind, '%s = _args[%d] if len(_args) >= %d else None' % (v, i - 1, i))
        self.emit(ind, 'if type(%s) is not float: %s = _argv(fr, %d, "")' % (v, v, i))
        return v

    def binop(self, node: ast.BinOp, ind: int) -> str:
        op = node.op
        if op in ('==', '!='):
            x, xf = self.value(node.left, ind)
            y, yf = self.value(node.right, ind)
            r = self.tmp()
            want = op == '=='
            fast = 'abs(%s - %s) <= _eps.value' % (x, y)
            if not (xf and yf):
                fast = '(%s if type(%s) is float and type(%s) is float else _equal(%s, %s, _eps))' \
                    % (fast, x, y, x, y)
            self.emit(ind, '%s = %s if %s else %s' % (r, '1.0' if want else '0.0', fast,
                                                       '0.0' if want else '1.0'))
            return r
        x = self.num(node.left, ind)
        y = self.num(node.right, ind)
        if op in ('+', '-', '*'):
            return '(%s %s %s)' % (x, op, y)
        r = self.tmp()
        if op == '/':
            self.emit(ind, "if %s == 0.0: raise _HocError('division by zero')" % y)
            self.emit(ind, '%s = %s / %s' % (r, x, y))
        elif op == '%':
            self.emit(ind, '%s = _mod(%s, %s)' % (r, x, y))
        elif op == '^':
            self.emit(ind, '%s = _pow(%s, %s)' % (r, x, y))
        elif op == '&&':
            self.emit(ind, '%s = 1.0 if (%s != 0.0 and %s != 0.0) else 0.0' % (r, x, y))
        elif op == '||':
            self.emit(ind, '%s = 1.0 if (%s != 0.0 or %s != 0.0) else 0.0' % (r, x, y))
        else:
            self.emit(ind, '%s = 1.0 if %s else 0.0' % (r, _COMPARE[op] % (x, y, '_eps.value')))
        return r

    def call(self, node: ast.Call, value: bool, ind: int) -> str:
        """``f(args)`` or ``obj.f(args)``: the arguments evaluated here (a variable passed by
        name as its closure, which passes a strdef or objref as itself)."""
        func = node.func
        target = self.value(func.target, ind)[0] if type(func) is ast.Member else None
        args = []
        for a in node.args:
            if type(a) is ast.Name:     # a number variable's value, else as arg() passes it
                v = self.tmp()
                slow = self.bind(self.comp.arg(a))
                if a.name in self.comp.locals:
                    self.uses.add('loc')
                    self.emit(ind, '_s = _loc[%r]' % a.name)
                    self.emit(ind, '%s = _s.value if _s.kind is _NUM else %s(fr)' % (v, slow))
                else:
                    self.uses.add('syms')
                    self.emit(ind, '_s = _syms.get(%r)' % a.name)
                    self.emit(ind, '%s = _s.value if _s is not None and _s.kind is _NUM else %s(fr)'
                              % (v, slow))
            elif type(a) in (ast.Index, ast.Member, ast.AddressOf) or (
                    type(a) is ast.Arg and a.kind in ('s', 'o')):
                v = self.tmp()
                self.emit(ind, '%s = %s(fr)' % (v, self.bind(self.comp.arg(a))))
            else:
                v = self.value(a, ind)[0]
            args.append(v)
        r = self.tmp()
        if type(func) is ast.Name:
            call = self.bind(self.comp.name_caller(func.name, node.args, value))
            self.emit(ind, '%s = %s(fr, [%s])' % (r, call, ', '.join(args)))
        else:
            self.emit(ind, '%s = _interp.call_member(fr, %s, %r, [%s])'
                      % (r, target, func.name, ', '.join(args)))
            if value:
                self.emit(ind, 'if %s is _NOVALUE: %s = 0.0' % (r, r))
        return r

    def cond(self, node: ast.Node, ind: int) -> str:
        """A Python condition true where HOC's ``node`` is (``_num(node) != 0.0``)."""
        if type(node) is ast.BinOp and node.op in _COMPARE:
            x = self.num(node.left, ind)
            y = self.num(node.right, ind)
            return _COMPARE[node.op] % (x, y, '_eps.value')
        return '%s != 0.0' % self.num(node, ind)

    # ---- statements ---------------------------------------------------------------------------
    def stmt(self, node: ast.Node, ind: int) -> None:
        t = type(node)
        n = len(self.lines)
        if ind > _MAX_INDENT or (self.loops >= _MAX_LOOPS and t in _LOOPS):
            # Python refuses deep nesting (20 loop and try blocks, 100 indents): this
            # statement becomes its closure, its loops functions of their own
            self.emit(ind, '%s(fr)' % self.bind(self.comp.stmt(node)))
        elif t is ast.Block:
            if any(isinstance(s, ast.FuncDef) for s in node.body):
                raise HocError('syntax error')   # NEURON defines procs only at the outer level
            for s in node.body:
                if not isinstance(s, ast.Local):
                    self.stmt(s, ind)
        elif t is ast.Empty:
            pass
        elif t is ast.ExprStmt and type(node.expr) is ast.Assign and self.assign(node.expr, ind):
            pass
        elif t is ast.Assign and self.assign(node, ind):
            pass
        elif t is ast.ExprStmt and type(node.expr) is ast.Call and \
                type(node.expr.func) in (ast.Name, ast.Member):
            self.call(node.expr, False, ind)
        elif t is ast.If:
            self.emit(ind, 'if %s:' % self.cond(node.cond, ind))
            self.body(node.then, ind + 1)
            if node.orelse is not None:
                self.emit(ind, 'else:')
                self.body(node.orelse, ind + 1)
        elif t is ast.While:
            self.emit(ind, 'while True:')
            self.emit(ind + 1, 'if not (%s): break' % self.cond(node.cond, ind + 1))
            self.loop_body(node.body, ind + 1)
        elif t is ast.ForC:
            if node.init is not None:
                self.stmt(node.init, ind)
            self.emit(ind, 'while True:')
            if node.cond is not None:
                self.emit(ind + 1, 'if not (%s): break' % self.cond(node.cond, ind + 1))
            step: list = []
            if node.step is not None:     # compiled before the body, as statements.py does
                saved, self.lines = self.lines, step
                self.stmt(node.step, ind + 1)
                self.lines = saved
            self.loop_body(node.body, ind + 1)
            self.lines.extend(step)
        elif t is ast.ForRange:
            self.for_range(node, ind)
        elif t is ast.Return and self.returns:
            if node.value is None:
                self.emit(ind, 'return _EMPTY')
            else:
                v, is_float = self.value(node.value, ind)
                if is_float:
                    self.emit(ind, 'return %s' % v)
                else:
                    self.emit(ind, 'return _BARE if %s is None else %s' % (v, v))
        else:
            self.emit(ind, '%s(fr)' % self.bind(self.comp.stmt(node)))
        if len(self.lines) == n:
            self.emit(ind, 'pass')

    def body(self, node: ast.Node, ind: int) -> None:
        n = len(self.lines)
        self.stmt(node, ind)
        if len(self.lines) == n:
            self.emit(ind, 'pass')

    def loop_body(self, node: ast.Node, ind: int) -> None:
        """One pass of a loop's body: interrupts checked, break and continue caught (they are
        raised by the statements that run as closures)."""
        self.emit(ind, 'if _interp.interrupted: _interp.check_interrupt()')
        self.emit(ind, 'try:')
        self.loops += 1
        self.body(node, ind + 1)
        self.loops -= 1
        self.emit(ind, 'except _Break: break')
        self.emit(ind, 'except _Continue: pass')

    def for_range(self, node: ast.ForRange, ind: int) -> None:
        """``for i = a, b stmt``: the variable is read back each pass, as statements.py does."""
        store = self.bind(self.comp.store(node.var))
        a = self.num(node.start, ind)
        b = self.tmp()
        self.emit(ind, '%s = %s' % (b, self.num(node.stop, ind)))
        self.store(node.var, store, a, ind)
        self.emit(ind, 'while True:')
        i = self.num(node.var, ind + 1)
        self.emit(ind + 1, 'if not %s <= %s + _eps.value: break' % (i, b))
        self.loop_body(node.body, ind + 1)
        i = self.num(node.var, ind + 1)
        self.store(node.var, store, '%s + 1.0' % i, ind + 1)

    def store(self, target: ast.Node, store: str, v: str, ind: int) -> None:
        """Store the float ``v`` in ``target`` (store_name's fast case, else its closure)."""
        if type(target) is ast.Name:
            if target.name in self.comp.locals:
                self.uses.add('loc')
                self.emit(ind, '_s = _loc[%r]' % target.name)
                self.emit(ind, 'if _s.kind is _NUM: _s.value = %s' % v)
            else:
                self.uses.add('syms')
                self.emit(ind, '_s = _syms.get(%r)' % target.name)
                self.emit(ind, 'if _s is not None and _s.kind is _NUM: _s.value = %s' % v)
            self.emit(ind, 'else: %s(fr, %s, None)' % (store, v))
        else:
            self.emit(ind, '%s(fr, %s, None)' % (store, v))

    def assign(self, node: ast.Assign, ind: int) -> bool:
        """A statement ``name = expr`` (or ``+=`` ...) written inline; False where it is not
        one (it then runs as its closure)."""
        target = node.target
        if type(target) is ast.Index and type(_index_chain(target)[0]) is ast.Member:
            base, indices = _index_chain(target)
            # (the object, its subscripts and their errors first, as NEURON: member_target)
            obj = self.tmp()
            self.emit(ind, '%s = %s' % (obj, self.value(base.target, ind)[0]))
            idx = self.tmp()
            self.emit(ind, '%s = [%s]' % (idx, ', '.join(self.num(i, ind) for i in indices)))
            if not self.comp.quiet(node.value):
                self.emit(ind, '_interp.member_target(fr, %s, %r, %s)' % (obj, base.name, idx))
            if node.op == '=':
                v = self.value(node.value, ind)[0]
                combine = 'None'
            else:
                v = self.num(node.value, ind)
                combine = {'+=': '_add', '-=': '_sub', '*=': '_mul', '/=': '_divide'}[node.op]
            t = self.tmp()
            self.emit(ind, '%s = %s' % (t, v))
            self.emit(ind, '_interp.assign_member(fr, %s, %r, %s, %s, %s)'
                      % (obj, base.name, idx, t, combine))
            return True
        if type(target) is not ast.Name or isinstance(node.value, (ast.New, ast.Str)):
            return False
        name = target.name
        local = name in self.comp.locals
        if local:
            self.uses.add('loc')
            find = '_s = _loc[%r]' % name
            test = '_s.kind is _NUM'
        else:
            self.uses.add('syms')
            find = '_s = _syms.get(%r)' % name
            test = '_s is not None and _s.kind is _NUM'
        if node.op == '=':
            v, is_float = self.value(node.value, ind)
            store = self.bind(self.comp.store(target))
            t = self.tmp()
            self.emit(ind, '%s = %s' % (t, v))
            self.emit(ind, find)
            if not is_float:
                test += ' and type(%s) is float' % t
            self.emit(ind, 'if %s: _s.value = %s' % (test, t))
            self.emit(ind, 'else: %s(fr, %s, None)' % (store, t))
            return True
        op = _COMBINE[node.op]
        t = self.num(node.value, ind)
        store = self.bind(self.comp.store(target))
        combine = {'+': '_add', '-': '_sub', '*': '_mul', '/': '_divide'}[op]
        self.emit(ind, find)
        self.emit(ind, 'if %s and type(_s.value) is float%s:' % (
            test, ' and %s != 0.0' % t if op == '/' else ''))
        self.emit(ind + 1, '_s.value = _s.value %s %s' % (op, t))
        self.emit(ind, 'else: %s(fr, %s, %s)' % (store, t, combine))
        return True


def _add(a: float, b: float) -> float:
    return a + b


def _sub(a: float, b: float) -> float:
    return a - b


def _mul(a: float, b: float) -> float:
    return a * b


def _compile(src: str) -> types.CodeType:
    """The code of the function in ``src``: from this process's table, else kept with the
    file being run (parsecache.py: one read for all of a file's functions), else from the
    folder on disk (Python's compile costs about a third of a millisecond a function, the
    library's and a session's few dozen a noticeable part of loading them), else compiled
    now."""
    code = parsecache.code(src)
    if code is None:
        path = _disk_path(src)
        code = _read_disk(path, src) if path is not None else None
        if code is None:
            module = compile(src, '<hoc>', 'exec')
            code = next(c for c in module.co_consts if isinstance(c, types.CodeType))
            if path is not None:
                _write_disk(path, src, code)
        parsecache.keep_code(src, code)
    if len(_CODE) >= _CODE_MAX:
        _CODE.clear()
    _CODE[src] = code
    return code


def _disk_path(src: str) -> Optional[str]:
    """Where the code of ``src`` is kept (a file per function, named by its source's
    digest), or None when the cache is off."""
    if not parsecache.enabled():
        return None
    data = src.encode()
    folder = 'pycode-%s-%d' % (sys.implementation.cache_tag, FORMAT)
    return os.path.join(parsecache.folder(), folder, '%08x%08x%x.marshal' % (
        zlib.crc32(data), zlib.adler32(data), len(data)))


def _read_disk(path: str, src: str) -> Optional[types.CodeType]:
    try:
        with open(path, 'rb') as f:
            kept, code = marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return code if kept == src and isinstance(code, types.CodeType) else None


def _write_disk(path: str, src: str, code: types.CodeType) -> None:
    """Keep ``code`` (written whole, renamed into place); a process's first write to a
    folder thins it past MAX_FILES (the older half goes)."""
    folder = os.path.dirname(path)
    if folder not in _pruned:
        _pruned.add(folder)
        parsecache.prune(folder, '.marshal', MAX_FILES)
    parsecache.write_whole(path, lambda f: marshal.dump((src, code), f))
