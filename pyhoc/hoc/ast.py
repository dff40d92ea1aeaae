"""The HOC abstract syntax tree: one small dataclass per construct.

The parser builds these; ``compiler.py`` turns them into Python closures and ``unparse.py``
writes them back as HOC text.  Every node carries ``line``, the source line it started on.
"""
from __future__ import annotations

from typing import Any, Optional

_MISSING = object()


class Node:
    """Base of all nodes: fields come from the class annotations, in order.

    Equality compares the fields and ignores ``line`` (so round-trip tests can compare ASTs);
    a field given a class-level default is optional in the constructor.
    """

    __slots__ = ()
    _fields: tuple = ()
    _defaults: dict = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        names = [n for n in cls.__dict__.get('__annotations__', {}) if n != 'line']
        defaults = {n: cls.__dict__[n] for n in names if n in cls.__dict__}
        for n in names + ['line']:
            if n in cls.__dict__:
                delattr(cls, n)
        cls._fields = tuple(names)
        cls._defaults = defaults
        cls.__init__ = _first_init(cls, names, defaults)

    def __init__(self, *args, line: int = 0, **kwargs):
        fields = self._fields
        if len(args) > len(fields):
            raise TypeError('%s takes %d fields' % (type(self).__name__, len(fields)))
        values = dict(zip(fields, args))
        values.update(kwargs)
        d = self.__dict__
        for n in fields:
            v = values.get(n, _MISSING)
            if v is _MISSING:
                v = self._defaults.get(n, _MISSING)
                if v is _MISSING:
                    raise TypeError('%s needs %s' % (type(self).__name__, n))
            d[n] = v
        d['line'] = line

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and all(
            getattr(self, n) == getattr(other, n) for n in self._fields)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return '%s(%s)' % (type(self).__name__,
                           ', '.join('%s=%r' % (n, getattr(self, n)) for n in self._fields))

    def children(self):
        for n in self._fields:
            v = getattr(self, n)
            if isinstance(v, Node):
                yield v
            elif isinstance(v, list):
                for x in v:
                    if isinstance(x, Node):
                        yield x


def _first_init(cls, names, defaults):
    """A constructor that writes out the class's own (_make_init) when first called and
    hands over to it: a process that unpickles its trees (parsecache.py) compiles none."""
    def __init__(self, *args, **kwargs):
        if cls.__dict__.get('__init__') is __init__:
            cls.__init__ = _make_init(cls, names, defaults)
        cls.__dict__['__init__'](self, *args, **kwargs)
    __init__.__qualname__ = cls.__qualname__ + '.__init__'
    return __init__


def _make_init(cls, names, defaults):
    """The constructor written out for the class's fields (a generic one is slow and the
    parser makes many nodes): ``Cls(*fields, line=0)``; fields may also come by keyword, and
    other keywords are ignored, as the generic ``Node.__init__`` does."""
    params = ''.join('%s=%s, ' % (n, '_D_' + n if n in defaults else '_MISSING')
                     for n in names)
    body = ['    if _extra: raise TypeError(%r)' % ('%s takes %d fields' % (
        cls.__name__, len(names)))]
    for n in names:
        if n not in defaults:
            body.append('    if %s is _MISSING: raise TypeError(%r)' % (
                n, '%s needs %s' % (cls.__name__, n)))
        body.append('    self.%s = %s' % (n, n))
    body.append('    self.line = line')
    src = 'def __init__(self, %s*_extra, line=0, **_ignored):\n%s\n' % (params,
                                                                        '\n'.join(body))
    env = {'_MISSING': _MISSING}
    env.update({'_D_' + n: v for n, v in defaults.items()})
    exec(src, env)
    init = env['__init__']
    init.__qualname__ = cls.__qualname__ + '.__init__'
    return init


# ---- expressions -----------------------------------------------------------------------
class Num(Node):            # 3.5
    value: float
    line: int


class NumSlot(float):
    """A Num's value that is read at run time from ``cell[index]``: a number of a statement
    compiled once for every line of its shape (stmtcache.py)."""

    def __new__(cls, value, cell, index):
        self = float.__new__(cls, value)
        self.cell = cell
        self.index = index
        return self

    def __reduce__(self):
        # (the slots of one shape share their cell in a pickle too: parsecache.py)
        return NumSlot, (float(self), self.cell, self.index)


class Str(Node):            # "text"
    value: str
    line: int


class Name(Node):           # x
    name: str
    line: int


class Arg(Node):            # $1  $s1  $o1  $&1  ($i with kind and a Name index)
    kind: str               # '' | 's' | 'o' | '&'
    index: Any              # int or Name
    line: int


class Index(Node):          # a[i]
    target: Node
    index: Node
    line: int


class Member(Node):         # a.b
    target: Node
    name: str
    line: int


class Call(Node):           # f(args)  a.f(args)  v(0.5)
    func: Node
    args: list
    line: int


class Read(Node):           # read(x): the next number of the input into x
    target: Node
    line: int


class AddressOf(Node):      # &x  &a[i]  &sec.v(.5)
    target: Node
    line: int


class New(Node):            # new Name(args)
    name: str
    args: list
    line: int


class Unary(Node):          # -x  !x
    op: str
    operand: Node
    line: int


class BinOp(Node):          # a + b
    op: str
    left: Node
    right: Node
    line: int


class Assign(Node):         # a = b   a += b
    op: str
    target: Node
    value: Node
    line: int


# ---- statements ------------------------------------------------------------------------
class ExprStmt(Node):
    expr: Node
    line: int


class Block(Node):          # { stmts }
    body: list
    line: int


class SharedBlock(Node):    # a long top-level { stmts } by statement shape (shapes.py)
    shapes: list            # [(a statement with NumSlots, the cell of its slots or None)]
    items: list             # each statement: (its shape's index, its numbers) or (-1, its tree)
    line: int


class If(Node):
    cond: Node
    then: Node
    orelse: Optional[Node]
    line: int


class While(Node):
    cond: Node
    body: Node
    line: int


class ForC(Node):           # for (init; cond; step) body
    init: Optional[Node]
    cond: Optional[Node]
    step: Optional[Node]
    body: Node
    line: int


class ForRange(Node):       # for i = a, b body
    var: Node
    start: Node
    stop: Node
    body: Node
    line: int


class ForIter(Node):        # for iter(args) body
    call: Node
    body: Node
    line: int


class ForSegments(Node):    # for (x) body   for (x, 0) body
    var: str
    ends: Optional[Node]
    body: Node
    line: int


class Break(Node):
    line: int


class Continue(Node):
    line: int


class Stop(Node):
    line: int


class Return(Node):
    value: Optional[Node]
    line: int


class IteratorStatement(Node):
    line: int


class Print(Node):          # print a, "b", c
    items: list
    line: int


class Delete(Node):
    name: str
    line: int


class Declare(Node):        # double a[3]  strdef s  objref o[2]  create soma, dend[3]
    kind: str               # 'double' | 'strdef' | 'objref' | 'create'
    items: list             # of (name, [dim expressions])
    line: int


class Local(Node):          # local a, b   localobj o
    kind: str               # 'local' | 'localobj'
    names: list
    line: int


class FuncDef(Node):        # proc / func / obfunc / iterator
    kind: str
    name: str
    body: Block
    line: int


class BeginTemplate(Node):
    name: str
    line: int


class EndTemplate(Node):
    name: str
    line: int


class Public(Node):
    names: list
    line: int


class External(Node):
    names: list
    line: int


# ---- NEURON section statements ------------------------------------------------------------
class SectionPrefix(Node):  # soma stmt   cell.dend[2] { ... }
    section: Node
    body: Node
    line: int


class Access(Node):
    section: Node
    line: int


class Connect(Node):        # connect child(x), parent(y)  /  connect child(x), y
    child: Node             # Call(section, [x]) or section expression
    parent: Optional[Node]  # Call(section, [y]) or None when only a number is given
    x: Optional[Node]       # the parent location when parent is None
    line: int


class Insert(Node):         # insert hh   uninsert pas
    mech: str
    remove: bool = False
    line: int


class ForAll(Node):
    body: Node
    line: int


class ForSec(Node):         # forsec "re" stmt  /  ifsec sl stmt
    kind: str               # 'forsec' | 'ifsec'
    selector: Node
    body: Node
    line: int


class RangeTaper(Node):     # diam(0:1) = 2:6,  g_pas(0:1) += 1:2
    target: Node            # Name or Member (the range variable)
    x1: Node
    x2: Node
    y1: Node
    y2: Node
    op: str = '='           # or '+=', '-=', '*=', '/='
    line: int


class SetPointer(Node):     # setpointer a, b
    target: Node
    source: Node
    line: int


class DepVar(Node):        # depvar x, a[1]
    items: list            # (name, [index exprs]) as Declare's
    line: int


class Eqn(Node):           # eqn x: lhs =  |  eqn x: = rhs  |  eqn x:: lhs = rhs
    name: tuple            # (name, [index exprs])
    lhs: Optional[Node]
    rhs: Optional[Node]
    init: bool
    line: int


class Empty(Node):
    line: int
