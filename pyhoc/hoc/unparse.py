"""Write a HOC AST back as HOC text.

``unparse(node)`` returns text that parses back to an equal tree (nodes compare equal ignoring
``line``).  Expressions get the fewest parentheses the grammar needs; statements inside a
block go one per line, and no statement is ever split across lines outside its own braces
(NEURON's grammar takes a newline inside braces as a statement separator), so ``else`` stays
on the line where the ``then`` branch ends.  ``unparse`` of a list writes one top-level
statement per line.
"""
from __future__ import annotations

from typing import Iterable

from . import ast

INDENT = '    '

# binding strength: higher binds tighter
_ASSIGN, _OR, _AND, _CMP, _ADD, _MUL, _UNARY, _POW, _POSTFIX = range(1, 10)

_BINARY = {
    '||': _OR, '&&': _AND,
    '==': _CMP, '!=': _CMP, '<': _CMP, '<=': _CMP, '>': _CMP, '>=': _CMP,
    '+': _ADD, '-': _ADD, '*': _MUL, '/': _MUL, '%': _MUL,
    '^': _POW,
}

_STR_ESCAPES = {'\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\b': '\\b',
                '\f': '\\f', '\r': '\\r'}


def unparse(node) -> str:
    """HOC text for an AST node (expression or statement) or a list of top-level statements."""
    if isinstance(node, (list, tuple)):
        return ''.join(_Writer().top(n) + '\n' for n in node)
    if isinstance(node, ast.Node) and _is_expr(node):
        return _Writer().expr(node)
    return _Writer().top(node)


def unparse_program(nodes: Iterable[ast.Node]) -> str:
    """A whole program: each top-level statement on its own line(s), newline-terminated."""
    return unparse(list(nodes))


_EXPR_TYPES = (ast.Num, ast.Str, ast.Name, ast.Arg, ast.Index, ast.Member, ast.Call,
               ast.AddressOf, ast.New, ast.Unary, ast.BinOp, ast.Assign, ast.Read)


def _is_expr(node) -> bool:
    return isinstance(node, _EXPR_TYPES)


def format_number(value: float) -> str:
    """A literal that the lexer reads back as exactly ``value`` (no sign: negation is Unary)."""
    v = float(value)
    if v != v or v in (float('inf'), float('-inf')):
        raise ValueError('HOC has no literal for %r' % v)
    if v < 0 or (v == 0 and str(v).startswith('-')):
        # not produced by the parser; spell it as an expression the parser folds into Unary
        raise ValueError('HOC has no negative literal: %r' % v)
    if v == int(v) and abs(v) < 1e16:
        return '%d' % int(v)
    return repr(v)


def format_string(value: str) -> str:
    return '"' + ''.join(_STR_ESCAPES.get(c, c) for c in value) + '"'


class _Writer:
    def __init__(self):
        self.level = 0

    # ---- expressions ----------------------------------------------------------------
    def expr(self, node, need: int = _ASSIGN) -> str:
        text, strength = self._expr(node)
        if strength < need:
            return '(' + text + ')'
        return text

    def postfix(self, node) -> str:
        return self.expr(node, _POSTFIX)

    def _expr(self, node):
        if isinstance(node, ast.Num):
            return format_number(node.value), _POSTFIX
        if isinstance(node, ast.Str):
            return format_string(node.value), _POSTFIX
        if isinstance(node, ast.Name):
            return node.name, _POSTFIX
        if isinstance(node, ast.Arg):
            index = node.index.name if isinstance(node.index, ast.Name) else str(node.index)
            return '$' + node.kind + index, _POSTFIX
        if isinstance(node, ast.Index):
            return '%s[%s]' % (self.postfix(node.target), self.expr(node.index)), _POSTFIX
        if isinstance(node, ast.Member):
            return '%s.%s' % (self.postfix(node.target), node.name), _POSTFIX
        if isinstance(node, ast.Call):
            return '%s(%s)' % (self.postfix(node.func), self.args(node.args)), _POSTFIX
        if isinstance(node, ast.Read):
            return 'read(%s)' % self.expr(node.target), _POSTFIX
        if isinstance(node, ast.New):
            return 'new %s(%s)' % (node.name, self.args(node.args)), _POSTFIX
        if isinstance(node, ast.AddressOf):
            # only valid as a call argument; callers that reach here get the same spelling
            return '&' + self.postfix(node.target), _POSTFIX
        if isinstance(node, ast.Unary):
            return node.op + self.expr(node.operand, _UNARY), _UNARY
        if isinstance(node, ast.BinOp):
            if node.op == '^':
                # grammar: postfix '^' expr  (right associative, unary allowed on the right)
                return '%s^%s' % (self.postfix(node.left), self.expr(node.right, _UNARY)), _POW
            strength = _BINARY[node.op]
            left = self.expr(node.left, strength)
            right = self.expr(node.right, strength + 1)
            return '%s %s %s' % (left, node.op, right), strength
        if isinstance(node, ast.Assign):
            return '%s %s %s' % (self.postfix(node.target), node.op,
                                 self.expr(node.value, _ASSIGN)), _ASSIGN
        raise TypeError('not an expression node: %r' % (node,))

    def args(self, args) -> str:
        return ', '.join(self.expr(a) for a in args)

    # ---- statements -------------------------------------------------------------------
    def top(self, node) -> str:
        if isinstance(node, ast.Empty):
            return ''
        return self.stmt(node)

    def block(self, node: ast.Block) -> str:
        if not node.body:
            return '{}'
        self.level += 1
        pad = INDENT * self.level
        lines = [pad + self.stmt(s) for s in node.body]
        self.level -= 1
        return '{\n' + '\n'.join(lines) + '\n' + INDENT * self.level + '}'

    def stmt(self, node) -> str:
        m = getattr(self, '_s_' + type(node).__name__, None)
        if m is None:
            if _is_expr(node):
                return self.expr(node)
            raise TypeError('cannot unparse %r' % (node,))
        return m(node)

    def _s_ExprStmt(self, node):
        return self.expr(node.expr)

    def _s_Block(self, node):
        return self.block(node)

    def _s_SharedBlock(self, node: ast.SharedBlock) -> str:
        from .shapes import unpacked
        return self.block(unpacked(node))

    def _s_If(self, node):
        text = 'if (%s) %s' % (self.expr(node.cond), self.stmt(node.then))
        if node.orelse is not None:
            text += ' else ' + self.stmt(node.orelse)
        return text

    def _s_While(self, node):
        return 'while (%s) %s' % (self.expr(node.cond), self.stmt(node.body))

    def _s_ForC(self, node):
        init = self.stmt(node.init) if node.init is not None else ''
        cond = self.expr(node.cond) if node.cond is not None else ''
        step = self.stmt(node.step) if node.step is not None else ''
        return 'for (%s; %s; %s) %s' % (init, cond, step, self.stmt(node.body))

    def _s_ForRange(self, node):
        return 'for %s = %s, %s %s' % (self.postfix(node.var), self.expr(node.start),
                                       self.expr(node.stop), self.stmt(node.body))

    def _s_ForIter(self, node):
        return 'for %s %s' % (self.postfix(node.call), self.stmt(node.body))

    def _s_ForSegments(self, node):
        if node.ends is None:
            return 'for (%s) %s' % (node.var, self.stmt(node.body))
        return 'for (%s, %s) %s' % (node.var, self.expr(node.ends), self.stmt(node.body))

    def _s_Break(self, node):
        return 'break'

    def _s_Continue(self, node):
        return 'continue'

    def _s_Stop(self, node):
        return 'stop'

    def _s_IteratorStatement(self, node):
        return 'iterator_statement'

    def _s_Return(self, node):
        return 'return' if node.value is None else 'return ' + self.expr(node.value)

    def _s_Print(self, node):
        return 'print ' + ', '.join(self.expr(e) for e in node.items)

    def _s_Delete(self, node):
        return 'delete ' + node.name

    def _s_Declare(self, node):
        items = []
        for name, dims in node.items:
            items.append(name + ''.join('[%s]' % self.expr(d) for d in dims))
        return '%s %s' % (node.kind, ', '.join(items))

    def _s_Local(self, node):
        return '%s %s' % (node.kind, ', '.join(node.names))

    def _s_FuncDef(self, node):
        body = node.body.body
        k = 0       # NEURON takes local, then localobj, only on the line of the body's '{'
        if body and isinstance(body[0], ast.Local):
            k = 1
            if body[0].kind == 'local' and len(body) > 1 and isinstance(body[1], ast.Local) \
                    and body[1].kind == 'localobj':
                k = 2
        if k == 0:
            return '%s %s() %s' % (node.kind, node.name, self.block(node.body))
        head = ' '.join(self._s_Local(n) for n in body[:k])
        rest = self.block(ast.Block(body[k:], line=node.body.line))
        return '%s %s() { %s%s' % (node.kind, node.name, head,
                                   '\n}' if rest == '{}' else rest[1:])

    def _s_BeginTemplate(self, node):
        return 'begintemplate ' + node.name

    def _s_EndTemplate(self, node):
        return 'endtemplate ' + node.name

    def _s_Public(self, node):
        return 'public ' + ', '.join(node.names)

    def _s_External(self, node):
        return 'external ' + ', '.join(node.names)

    def _s_SectionPrefix(self, node):
        return '%s %s' % (self.postfix(node.section), self.stmt(node.body))

    def _s_Access(self, node):
        return 'access ' + self.postfix(node.section)

    def _s_Connect(self, node):
        where = node.parent if node.parent is not None else node.x
        return 'connect %s, %s' % (self.postfix(node.child), self.expr(where))

    def _s_Insert(self, node):
        return ('uninsert ' if node.remove else 'insert ') + node.mech

    def _s_ForAll(self, node):
        return 'forall ' + self.stmt(node.body)

    def _s_ForSec(self, node):
        sel = node.selector
        text = format_string(sel.value) if isinstance(sel, ast.Str) else self.postfix(sel)
        return '%s %s %s' % (node.kind, text, self.stmt(node.body))

    def _s_RangeTaper(self, node):
        return '%s(%s:%s) %s %s:%s' % (self.postfix(node.target), self.expr(node.x1),
                                       self.expr(node.x2), node.op, self.expr(node.y1),
                                       self.expr(node.y2))

    def _s_SetPointer(self, node):
        return 'setpointer %s, %s' % (self.expr(node.target), self.expr(node.source))

    def _s_DepVar(self, node):
        return 'depvar ' + ', '.join(self._var(item) for item in node.items)

    def _s_Eqn(self, node):
        lhs = self.expr(node.lhs) + ' ' if node.lhs is not None else ''
        rhs = ' ' + self.expr(node.rhs) if node.rhs is not None else ''
        return 'eqn %s:%s %s=%s' % (self._var(node.name), ':' if node.init else '', lhs, rhs)

    def _var(self, item):
        name, dims = item
        return name + ''.join('[%s]' % self.expr(d) for d in dims)

    def _s_Empty(self, node):
        # nested empties come only from `help`/`debug`, which the parser folds into Empty
        return 'debug'
