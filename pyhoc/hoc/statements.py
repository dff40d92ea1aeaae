"""Compiling HOC statements into closures ``f(frame) -> None``.

Control flow uses the private signals of ``signals.py``.  Section statements (access,
connect, insert, forall, forsec, ``for (x)``, range tapers) call the interpreter's simulator
glue, so the language does not depend on how the simulator stores its data.
"""
from __future__ import annotations

from typing import Any, Callable

from . import ast, shapes
from ..errors import HocError
from .expressions import COMBINE, ExprCompiler, _num
from .signals import (BreakSignal, ContinueSignal, EMPTY_RETURN, IterBreak, ReturnSignal,
                      StopSignal)
from .pycode import PyCode
from .symbols import Array, Kind

Stmt = Callable[[Any], None]


def _noop(fr: Any) -> None:
    return None


_S_METHODS: dict = {}     # (compiler class, node class) -> its s_ method, or False


class Compiler(ExprCompiler):
    """Compiles statements (and, through ExprCompiler, expressions)."""

    def stmt(self, node: ast.Node) -> Stmt:
        key = (type(self), type(node))
        method = _S_METHODS.get(key)
        if method is None:
            method = _S_METHODS[key] = getattr(type(self), 's_' + type(node).__name__, False)
        if method is False:
            return self.expr(node)
        return method(self, node)

    def s_Empty(self, node) -> Stmt:
        return _noop

    def s_ExprStmt(self, node: ast.ExprStmt) -> Stmt:
        # (what a statement's closure returns is never used)
        return self.raw_call(node.expr) if isinstance(node.expr, ast.Call) else self.expr(node.expr)

    def s_Block(self, node: ast.Block) -> Stmt:
        if any(isinstance(s, ast.FuncDef) for s in node.body):
            raise HocError('syntax error')   # NEURON defines procs only at the outer level
        stmts = [s for s in node.body if not isinstance(s, ast.Local)]
        if len(stmts) >= shapes.SHARE_MIN and not self.in_function:
            return self.s_SharedBlock(shapes.pack(stmts, node.line))
        body = [self.stmt(s) for s in stmts]
        if not body:
            return _noop
        if len(body) == 1:
            return body[0]

        def block(fr):
            for s in body:
                s(fr)
        return block

    def s_SharedBlock(self, node: ast.SharedBlock) -> Stmt:
        """A long top-level block: each statement shape compiled once (in the order the
        statements come, as a block compiled statement by statement), its numbers put in
        the shape's slots before each statement of it runs."""
        codes: list = [None] * len(node.shapes)
        items = []
        for k, nums in node.items:
            if k < 0:
                items.append((self.stmt(nums), None, None))
                continue
            code = codes[k]
            tree, cell = node.shapes[k]
            if code is None:
                code = codes[k] = self.stmt(tree)
            items.append((code, cell, nums))

        def block(fr):
            for code, cell, nums in items:
                if cell is not None:
                    cell[:] = nums
                code(fr)
        return block

    def s_If(self, node: ast.If) -> Stmt:
        cond = self.expr(node.cond)
        then = self.stmt(node.then)
        orelse = self.stmt(node.orelse) if node.orelse is not None else None
        if orelse is None:
            def if_(fr):
                if _num(cond(fr)) != 0.0:
                    then(fr)
            return if_

        def if_else(fr):
            if _num(cond(fr)) != 0.0:
                then(fr)
            else:
                orelse(fr)
        return if_else

    def s_While(self, node: ast.While) -> Stmt:
        return self.hot(node)

    def s_ForC(self, node: ast.ForC) -> Stmt:
        return self.hot(node)

    def s_ForRange(self, node: ast.ForRange) -> Stmt:
        return self.hot(node)

    def hot(self, node: ast.Node) -> Stmt:
        """A statement that runs many times (a loop, a loop's body) as one Python function
        (pycode.py)."""
        return PyCode(self).function(node)

    def s_ForIter(self, node: ast.ForIter) -> Stmt:
        if not isinstance(node.call, ast.Call):
            raise HocError('syntax error: for needs an iterator call')
        args = self.arglist(node.call.args)
        body = self.hot(node.body)
        interp = self.interp
        func = node.call.func
        if isinstance(func, ast.Name):
            name = func.name
            target = None
        elif not isinstance(func, ast.Member):     # (for 0(x): no iterator there)
            raise HocError('syntax error')
        else:
            name = func.name
            target = self.expr(func.target)

        def for_iter(fr):
            obj = target(fr) if target is not None else None
            try:
                interp.run_iterator(fr, obj, name, args(fr), body)
            except IterBreak:
                pass
        return for_iter

    def s_Break(self, node) -> Stmt:
        def brk(fr):
            raise BreakSignal()
        return brk

    def s_Continue(self, node) -> Stmt:
        def cont(fr):
            raise ContinueSignal()
        return cont

    def s_Stop(self, node) -> Stmt:
        def stop(fr):
            raise StopSignal()
        return stop

    def s_Return(self, node: ast.Return) -> Stmt:
        if node.value is None:
            def ret(fr):
                raise ReturnSignal(EMPTY_RETURN)
            return ret
        f = self.expr(node.value)

        def ret_value(fr):
            raise ReturnSignal(f(fr))
        return ret_value

    def s_IteratorStatement(self, node) -> Stmt:
        interp = self.interp
        return lambda fr: interp.iterator_statement(fr)

    def s_Print(self, node: ast.Print) -> Stmt:
        items = [self.expr(i) for i in node.items]
        interp = self.interp

        def print_(fr):
            # each item is written as soon as it is evaluated (an error leaves a partial line)
            for f in items:
                interp.write(interp.print_piece(f(fr)))
            interp.write('\n')
        return print_

    def s_Delete(self, node: ast.Delete) -> Stmt:
        name = node.name
        interp = self.interp
        return lambda fr: interp.delete_name(fr, name)

    def s_Declare(self, node: ast.Declare) -> Stmt:
        items = [(name, [self.expr(d) for d in dims]) for name, dims in node.items]
        kind = node.kind
        interp = self.interp
        if kind == 'strdef':            # NEURON installs only a strdef while parsing a body
            for name, _ in node.items:
                interp.note_declared(name)

        def declare(fr):
            for name, dims in items:
                interp.declare(fr, kind, name, _dimensions(name, [d(fr) for d in dims],
                                                           interp.epsilon_sym.value))
        return declare

    def s_Local(self, node: ast.Local) -> Stmt:
        if not self.in_function:
            # NEURON accepts "local" only at the start of a proc body (the parser's feeder
            # refuses it elsewhere)
            def bad(fr):
                raise HocError('syntax error')
            return bad
        return _noop

    def s_FuncDef(self, node: ast.FuncDef) -> Stmt:
        interp = self.interp
        return lambda fr: interp.define_function(fr, node)

    def s_BeginTemplate(self, node) -> Stmt:
        interp = self.interp
        return lambda fr: interp.begin_template(node.name)

    def s_EndTemplate(self, node) -> Stmt:
        interp = self.interp
        return lambda fr: interp.end_template(node.name)

    def s_Public(self, node) -> Stmt:
        interp = self.interp
        return lambda fr: interp.declare_public(node.names)

    def s_External(self, node) -> Stmt:
        interp = self.interp
        return lambda fr: interp.declare_external(node.names)

    def s_SetPointer(self, node: ast.SetPointer) -> Stmt:
        target = self.ref(node.target)
        source = self.ref(node.source)
        interp = self.interp
        return lambda fr: interp.sim.setpointer(target(fr), source(fr))

    def s_DepVar(self, node: ast.DepVar) -> Stmt:
        from .builtins import equations
        interp = self.interp
        items = [self._unknown(item) for item in node.items]
        for name, _ in node.items:      # NEURON declares them when it compiles the statement
            if name not in self.locals:
                interp.create_on_assign(name)

        def depvar(fr):
            s = equations.system(interp)
            for find in items:
                s.depvar(*find(fr), interp.epsilon_sym.value)
        return depvar

    def s_Eqn(self, node: ast.Eqn) -> Stmt:
        from .builtins import equations
        interp = self.interp
        find = self._unknown(node.name)
        lhs = self.expr(node.lhs) if node.lhs is not None else None
        rhs = self.expr(node.rhs) if node.rhs is not None else None
        init = node.init

        def eqn(fr):
            s = equations.system(interp)
            row = s.row_of(*find(fr), interp.epsilon_sym.value)
            if init:
                s.clear_row(row)
            if lhs is not None:
                s.side(row, lambda: _num(lhs(fr)), True)
            if rhs is not None:
                s.side(row, lambda: _num(rhs(fr)), False)
        return eqn

    def _unknown(self, item) -> Callable[[Any], tuple]:
        """``x`` or ``a[i]`` of depvar/eqn: a closure giving (name, symbol, subscripts)."""
        name, dims = item
        subs = [self.expr(d) for d in dims]
        interp = self.interp
        local = name in self.locals

        def find(fr):
            sym = fr.locals.get(name) if local else interp.resolve(fr, name)
            return name, sym, [_num(f(fr)) for f in subs]
        return find

    # ---- section statements ------------------------------------------------------------------
    def s_SectionPrefix(self, node: ast.SectionPrefix) -> Stmt:
        section = self.expr(node.section)
        body = self.stmt(node.body)
        glue = self.interp.sim          # (an interpreter's one SimGlue)
        is_section, push, pop = glue.is_section, glue.push, glue.pop

        def prefix(fr):
            sec = section(fr)
            if isinstance(sec, Array) and sec.data:     # an array named alone: its first
                sec = sec.data[0]                       # section (dend stmt = dend[0] stmt)
            if is_section(sec):
                push(sec)
                try:
                    body(fr)
                finally:
                    pop()
            else:
                body(fr)
        return prefix

    def s_Access(self, node: ast.Access) -> Stmt:
        section = self.expr(node.section)
        interp = self.interp
        return lambda fr: interp.sim.access(interp.sim.as_section(section(fr)))

    def s_Connect(self, node: ast.Connect) -> Stmt:
        if not isinstance(node.child, ast.Call):    # (NEURON's child is always sec(x))
            raise HocError('syntax error')
        child = self.located(node.child)
        parent = self.located(node.parent)
        interp = self.interp
        return lambda fr: interp.sim.connect_stmt(child(fr), parent(fr))

    def located(self, node: ast.Node):
        """connect's ``sec(x)``: the section and x as a pair, x not yet checked (the connect
        says what is wrong with it, as NEURON does); any other expression's value."""
        if not (isinstance(node, ast.Call) and len(node.args) == 1):
            return self.expr(node)
        whole, sec, x = self.expr(node), self.expr(node.func), self.expr(node.args[0])
        is_section = self.interp.sim.is_section

        def at(fr):
            try:
                s = sec(fr)
            except HocError:
                return whole(fr)
            return (s, float(x(fr))) if is_section(s) else whole(fr)
        return at

    def s_Insert(self, node: ast.Insert) -> Stmt:
        interp = self.interp
        mech = node.mech
        if not interp.sim.is_mechanism(mech):      # checked as parsed, as NEURON does
            err = HocError('syntax error') if node.remove else interp.sim.not_a_mechanism(mech)
            err.coord = _parsed_at(interp, node, mech)
            raise err
        if node.remove:
            return lambda fr: interp.sim.uninsert(mech)
        return lambda fr: interp.sim.insert(mech)

    def s_ForAll(self, node: ast.ForAll) -> Stmt:
        body = self.hot(node.body)
        interp = self.interp
        return lambda fr: interp.sim.forall(fr, body)

    def s_ForSec(self, node: ast.ForSec) -> Stmt:
        selector = self.expr(node.selector)
        body = self.hot(node.body)
        interp = self.interp
        if node.kind == 'forsec':
            return lambda fr: interp.sim.forsec(fr, selector(fr), body)
        return lambda fr: interp.sim.ifsec(fr, selector(fr), body)

    def s_ForSegments(self, node: ast.ForSegments) -> Stmt:
        store = self.store(ast.Name(node.var))
        ends = self.expr(node.ends) if node.ends is not None else None
        body = self.hot(node.body)
        interp = self.interp

        def for_x(fr):
            include_ends = True if ends is None else abs(_num(ends(fr))) > interp.epsilon_sym.value
            for x in interp.sim.segment_positions(include_ends):
                store(fr, x, None)
                try:
                    body(fr)
                except BreakSignal:
                    break
                except ContinueSignal:
                    pass
        return for_x

    def s_RangeTaper(self, node: ast.RangeTaper) -> Stmt:
        parts = [self.expr(n) for n in (node.x1, node.x2, node.y1, node.y2)]
        interp = self.interp
        target = node.target
        if isinstance(target, ast.Member):
            sec = self.expr(target.target)
            name = target.name
        elif isinstance(target, ast.Name):
            sec = None
            name = target.name
        else:
            raise HocError('syntax error: bad range variable assignment')

        combine = None if node.op == '=' else COMBINE[node.op]

        def taper(fr):
            s = sec(fr) if sec is not None else None
            x1, x2, y1, y2 = (_num(p(fr)) for p in parts)
            interp.sim.range_taper(s, name, x1, x2, y1, y2, combine)
        return taper


def _parsed_at(interp, node: ast.Insert, mech: str):
    """Where NEURON's parser stood on ``insert mech``'s name (its caret under the name's last
    character), or None (then the error is placed where the statement ran)."""
    text = node.__dict__.get('text')
    if not text:
        return None
    import re
    m = re.search(r'\b%s[ \t]+%s(?![A-Za-z0-9_])' % ('uninsert' if node.remove else 'insert',
                                                    re.escape(mech)), text)
    if m is None:
        return None
    from ..errors import Coord
    stream = interp.sources[-1] if interp.sources else None
    return Coord(stream.name if stream is not None else None, node.line, text, m.end() - 1)


def function_locals(body: ast.Block) -> tuple[list[str], list[str]]:
    """The ``local`` and ``localobj`` names declared at the start of a function body."""
    local_names: list[str] = []
    localobj_names: list[str] = []
    for s in body.body:
        if not isinstance(s, ast.Local):
            break
        (local_names if s.kind == 'local' else localobj_names).extend(s.names)
    return local_names, localobj_names


USER_KINDS = {'proc': Kind.PROC, 'func': Kind.FUNC, 'obfunc': Kind.OBFUNC, 'iterator': Kind.ITER}


def _dimensions(name: str, values: list, eps: float) -> list[int]:
    """The sizes in ``double a[n][m]``: each at least 1, their product an int (NEURON's checks)."""
    dims = []
    total = 1
    for v in values:
        n = _num(v) + eps
        if not n >= 1:
            raise HocError('subscript < 1 %s' % name)
        total *= n
        if total > 2147483647:
            raise HocError('%s :total subscript too large' % name)
        dims.append(int(n))
    return dims
