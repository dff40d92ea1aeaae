"""A long top-level block as statement shapes: ``{ ... }`` of a session file's CellBuild or a
morphology's section repeats a few shapes that differ in their numbers
(``tobj.position(0, 0, -8.7, 8.7)``, ``tobj.lx = -4.3``...).  All its statements are compiled
before the first runs, against the same names, so statements of one shape compile alike:
``pack`` makes the block an ast.SharedBlock, each shape once with its numbers read from slots
(ast.NumSlot), and each statement its shape and its own numbers.  The parse cache keeps blocks
packed (parsecache.py), so that a warm run neither unpickles a tree per statement nor keys
them again; the compiler (statements.py) compiles each shape once.
"""
from __future__ import annotations

from . import ast

SHARE_MIN = 8           # statements in a block worth keying


class _NotShared(Exception):
    pass


# _shape by node type: fn(node, nums, slot) -> the node's shape.  A type missing here is not
# shared (a block's statement with one is compiled on its own).
def _k_num(n, nums, slot):
    v = n.value
    if slot and type(v) is float:
        nums.append(n)
        return 0
    return (1, v)


def _k_unary(n, nums, slot):
    o = n.operand
    return (2, n.op, _K[type(o)](o, nums, slot and n.op == '-'))


def _k_call(n, nums, slot):
    f = n.func
    return (3, _K[type(f)](f, nums, False), tuple([_K[type(a)](a, nums, True) for a in n.args]))


def _k_new(n, nums, slot):
    return (4, n.name, tuple([_K[type(a)](a, nums, True) for a in n.args]))


def _k_assign(n, nums, slot):
    t, v = n.target, n.value
    fixed: list = []
    key = (5, n.op, _K[type(t)](t, fixed, False), _K[type(v)](v, nums, True))
    if fixed:           # (a call's arguments in a target: a range variable's x)
        raise _NotShared
    return key


def _k_member(n, nums, slot):
    t = n.target
    return (6, _K[type(t)](t, nums, False), n.name)


def _k_index(n, nums, slot):
    t, i = n.target, n.index
    return (7, _K[type(t)](t, nums, False), _K[type(i)](i, nums, False))


def _k_binop(n, nums, slot):
    a, b = n.left, n.right
    return (8, n.op, _K[type(a)](a, nums, False), _K[type(b)](b, nums, False))


def _k_expr(n, nums, slot):
    e = n.expr
    return (9, _K[type(e)](e, nums, False))


def _k_prefix(n, nums, slot):
    a, b = n.section, n.body
    return (10, _K[type(a)](a, nums, False), _K[type(b)](b, nums, False))


_K = {ast.Num: _k_num, ast.Unary: _k_unary, ast.Call: _k_call, ast.New: _k_new,
      ast.Assign: _k_assign, ast.Member: _k_member, ast.Index: _k_index, ast.BinOp: _k_binop,
      ast.ExprStmt: _k_expr, ast.SectionPrefix: _k_prefix,
      ast.Name: lambda n, nums, slot: n.name, ast.Str: lambda n, nums, slot: (11, n.value)}


def _shape(node: ast.Node, nums: list):
    """``node``'s shape: its tree with the numbers that become slots left out (their Num
    nodes go to ``nums``): only arguments of calls and values assigned, a number or its
    negation, are slots; a number anywhere else is part of the shape.  _NotShared for a
    statement with a node of a type outside _K."""
    try:
        return _K[type(node)](node, nums, False)
    except KeyError:
        raise _NotShared from None


def _copied(node: ast.Node, num) -> ast.Node:
    """A copy of ``node`` with ``num(n)`` in place of each of its Num nodes ``n``."""
    t = type(node)
    if t is ast.Num:
        return num(node)
    new = object.__new__(t)
    d = new.__dict__
    d.update(node.__dict__)
    for name in t._fields:
        v = d[name]
        if isinstance(v, ast.Node):
            d[name] = _copied(v, num)
        elif type(v) is list:
            d[name] = [_copied(x, num) if isinstance(x, ast.Node) else x for x in v]
    return new


def _slotted(node: ast.Node, slots: dict) -> ast.Node:
    """A copy of ``node`` whose Num nodes in ``slots`` (id -> its NumSlot) read their slot."""
    def num(n):
        v = slots.get(id(n))
        return n if v is None else ast.Num(v, line=n.line)
    return _copied(node, num)


def pack(stmts: list, line: int) -> ast.SharedBlock:
    """The statements of a block (no FuncDef, no Local among them) by shape."""
    shapes: list = []
    index: dict = {}            # shape -> its index in shapes
    items = []
    for s in stmts:
        nodes: list = []
        try:
            key = _shape(s, nodes)
        except _NotShared:
            items.append((-1, s))
            continue
        nums = tuple([n.value for n in nodes])
        k = index.get(key)
        if k is None:
            k = index[key] = len(shapes)
            cell = list(nums) if nodes else None
            slots = {id(n): ast.NumSlot(v, cell, j) for j, (n, v) in enumerate(zip(nodes, nums))}
            shapes.append((_slotted(s, slots) if slots else s, cell))
        items.append((k, nums))
    return ast.SharedBlock(shapes, items, line=line)


def packed(node: ast.Node) -> ast.Node:
    """A file's top-level statement as the parse cache keeps it: a long block packed (as the
    compiler would pack it: see Compiler.s_Block), any other statement as it is."""
    if type(node) is not ast.Block or len(node.body) < SHARE_MIN:
        return node
    stmts = []
    for s in node.body:
        t = type(s)
        if t is ast.FuncDef:
            return node             # (the compiler's syntax error)
        if t is not ast.Local:
            stmts.append(s)
    return pack(stmts, node.line) if len(stmts) >= SHARE_MIN else node


def _filled(node: ast.Node, nums: tuple) -> ast.Node:
    """A copy of a shape's tree with ``nums`` for its slots."""
    return _copied(node, lambda n: ast.Num(nums[n.value.index], line=n.line)
                   if type(n.value) is ast.NumSlot else n)


def unpacked(node: ast.SharedBlock) -> ast.Block:
    """The block a SharedBlock was packed from (its Local statements left out)."""
    return ast.Block([tree if k < 0 else _filled(node.shapes[k][0], tree)
                      for k, tree in node.items], line=node.line)
