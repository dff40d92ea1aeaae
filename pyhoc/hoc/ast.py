"""The HOC abstract syntax tree: one small dataclass per construct.

The parser builds these; ``compiler.py`` turns them into Python closures and ``unparse.py``
writes them back as HOC text.  Every node carries ``line``, the source line it started on.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Optional


@dataclass(eq=True)
class Node:
    def children(self):
        for f in fields(self):
            if f.name == 'line':
                continue
            v = getattr(self, f.name)
            if isinstance(v, Node):
                yield v
            elif isinstance(v, list):
                for x in v:
                    if isinstance(x, Node):
                        yield x


# ---- expressions -----------------------------------------------------------------------
@dataclass(eq=True)
class Num(Node):            # 3.5
    value: float
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Str(Node):            # "text"
    value: str
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Name(Node):           # x
    name: str
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Arg(Node):            # $1  $s1  $o1  $&1  ($i with kind and a Name index)
    kind: str               # '' | 's' | 'o' | '&'
    index: Any              # int or Name
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Index(Node):          # a[i]
    target: Node
    index: Node
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Member(Node):         # a.b
    target: Node
    name: str
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Call(Node):           # f(args)  a.f(args)  v(0.5)
    func: Node
    args: list
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class AddressOf(Node):      # &x  &a[i]  &sec.v(.5)
    target: Node
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class New(Node):            # new Name(args)
    name: str
    args: list
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Unary(Node):          # -x  !x
    op: str
    operand: Node
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class BinOp(Node):          # a + b
    op: str
    left: Node
    right: Node
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Assign(Node):         # a = b   a += b
    op: str
    target: Node
    value: Node
    line: int = field(default=0, compare=False)


# ---- statements ------------------------------------------------------------------------
@dataclass(eq=True)
class ExprStmt(Node):
    expr: Node
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Block(Node):          # { stmts }
    body: list
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class If(Node):
    cond: Node
    then: Node
    orelse: Optional[Node]
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class While(Node):
    cond: Node
    body: Node
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class ForC(Node):           # for (init; cond; step) body
    init: Optional[Node]
    cond: Optional[Node]
    step: Optional[Node]
    body: Node
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class ForRange(Node):       # for i = a, b body
    var: Node
    start: Node
    stop: Node
    body: Node
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class ForIter(Node):        # for iter(args) body
    call: Node
    body: Node
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class ForSegments(Node):    # for (x) body   for (x, 0) body
    var: str
    ends: Optional[Node]
    body: Node
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Break(Node):
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Continue(Node):
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Stop(Node):
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Return(Node):
    value: Optional[Node]
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class IteratorStatement(Node):
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Print(Node):          # print a, "b", c
    items: list
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Delete(Node):
    name: str
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Declare(Node):        # double a[3]  strdef s  objref o[2]  create soma, dend[3]
    kind: str               # 'double' | 'strdef' | 'objref' | 'create'
    items: list             # of (name, [dim expressions])
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Local(Node):          # local a, b   localobj o
    kind: str               # 'local' | 'localobj'
    names: list
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class FuncDef(Node):        # proc / func / obfunc / iterator
    kind: str
    name: str
    body: Block
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class BeginTemplate(Node):
    name: str
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class EndTemplate(Node):
    name: str
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Public(Node):
    names: list
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class External(Node):
    names: list
    line: int = field(default=0, compare=False)


# ---- NEURON section statements ------------------------------------------------------------
@dataclass(eq=True)
class SectionPrefix(Node):  # soma stmt   cell.dend[2] { ... }
    section: Node
    body: Node
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Access(Node):
    section: Node
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Connect(Node):        # connect child(x), parent(y)  /  connect child(x), y
    child: Node             # Call(section, [x]) or section expression
    parent: Optional[Node]  # Call(section, [y]) or None when only a number is given
    x: Optional[Node]       # the parent location when parent is None
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Insert(Node):         # insert hh   uninsert pas
    mech: str
    remove: bool = False
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class ForAll(Node):
    body: Node
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class ForSec(Node):         # forsec "re" stmt  /  ifsec sl stmt
    kind: str               # 'forsec' | 'ifsec'
    selector: Node
    body: Node
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class RangeTaper(Node):     # diam(0:1) = 2:6
    target: Node            # Name or Member (the range variable)
    x1: Node
    x2: Node
    y1: Node
    y2: Node
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class SetPointer(Node):     # setpointer a, b
    target: Node
    source: Node
    line: int = field(default=0, compare=False)


@dataclass(eq=True)
class Empty(Node):
    line: int = field(default=0, compare=False)
