"""The NMODL abstract syntax tree: one small class per construct, as the parser builds it.

Every node carries ``pos``, a ``Pos(file, line, column)`` (1-based line and column) of the
token it starts at, so that every later error can name the place in the ``.mod`` file.
Equality compares the fields and ignores ``pos`` (tests compare trees).
"""
from __future__ import annotations

from typing import NamedTuple


class Pos(NamedTuple):
    """A place in a ``.mod`` file."""
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return '%s:%d:%d' % (self.file, self.line, self.column)


NOPOS = Pos('<none>', 0, 0)


class Node:
    """Base of all nodes: ``_fields`` names the constructor's arguments, in order."""

    _fields: tuple = ()

    def __init__(self, *args, pos: Pos = NOPOS):
        if len(args) != len(self._fields):
            raise TypeError('%s takes %d fields' % (type(self).__name__, len(self._fields)))
        for n, v in zip(self._fields, args):
            setattr(self, n, v)
        self.pos = pos

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and all(
            getattr(self, n) == getattr(other, n) for n in self._fields)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return '%s(%s)' % (type(self).__name__,
                           ', '.join('%s=%r' % (n, getattr(self, n)) for n in self._fields))

    def children(self):
        """The nodes directly below this one, in source order."""
        for n in self._fields:
            v = getattr(self, n)
            if isinstance(v, Node):
                yield v
            elif isinstance(v, (list, tuple)):
                for x in v:
                    if isinstance(x, Node):
                        yield x
                    elif isinstance(x, (list, tuple)):
                        for y in x:
                            if isinstance(y, Node):
                                yield y

    def walk(self):
        """This node and every node below it, depth first in source order."""
        stack = [self]
        while stack:
            n = stack.pop()
            yield n
            stack.extend(reversed(list(n.children())))


def _node(name: str, fields: str, doc: str):
    cls = type(name, (Node,), {'_fields': tuple(fields.split()), '__doc__': doc,
                                '__slots__': ()})
    cls.__module__ = __name__
    return cls


# ---- the file and its top-level items ------------------------------------------------------
Program = _node('Program', 'items', 'A whole .mod file: its top-level items in order.')
Title = _node('Title', 'text', 'TITLE: the rest of its line.')
Comment = _node('Comment', 'text', 'COMMENT ... ENDCOMMENT (the text between).')
Verbatim = _node('Verbatim', 'text', 'VERBATIM ... ENDVERBATIM: raw C, kept as text.')
Define = _node('Define', 'name value', 'DEFINE name integer.')
Include = _node('Include', 'path', 'INCLUDE "file".')
UnitsSwitch = _node('UnitsSwitch', 'on', 'UNITSON (on=True) or UNITSOFF.')

# NEURON block
NeuronBlock = _node('NeuronBlock', 'stmts', 'NEURON { ... }.')
Suffix = _node('Suffix', 'kind name',
               "SUFFIX / POINT_PROCESS / ARTIFICIAL_CELL name (kind is the keyword).")
UseIon = _node('UseIon', 'ion read write valence ontology',
               'USEION ion READ names WRITE names VALENCE z REPRESENTS id.')
NameList = _node('NameList', 'kind names',
                 'RANGE, GLOBAL, POINTER, BBCOREPOINTER, EXTERNAL, NONSPECIFIC_CURRENT, '
                 'ELECTRODE_CURRENT or RANDOM with its names (Name nodes).')
ThreadSafe = _node('ThreadSafe', '', 'THREADSAFE.')
Represents = _node('Represents', 'ontology', 'REPRESENTS ontology-id.')

# declaration blocks
DeclBlock = _node('DeclBlock', 'kind items',
                  'PARAMETER, ASSIGNED, STATE, CONSTANT or INDEPENDENT with its items.')
VarDecl = _node('VarDecl', 'name dim value units limits from_to start abstol',
                'One declared name: dim (int, DEFINE name or None), value (Num or None), '
                'units (str or None), limits ((lo, hi) Nums or None), from_to ((lo, hi) or '
                'None), start (Num or None), abstol (Num or None).')
IndepDecl = _node('IndepDecl', 'name lo hi with_ start units sweep',
                  'INDEPENDENT: name FROM lo TO hi WITH n [START x] (units).')
UnitsBlock = _node('UnitsBlock', 'items', 'UNITS { ... }.')
UnitDef = _node('UnitDef', 'name unit', '(name) = (unit): a new unit name.')
FactorDef = _node('FactorDef', 'name value unit1 unit2',
                  'name = value (unit) | name = (unit1) (unit2) | name = (unit1) -> (unit2).')
Local = _node('Local', 'names', 'LOCAL names (Name nodes, with dim for arrays).')

# blocks with statements
Block = _node('Block', 'kind name args units solvefor body sub',
              'A block of statements: kind is INITIAL, BREAKPOINT, DERIVATIVE, KINETIC, '
              'LINEAR, NONLINEAR, DISCRETE, FUNCTION, PROCEDURE, NET_RECEIVE, CONSTRUCTOR, '
              'DESTRUCTOR, BEFORE or AFTER (sub: BREAKPOINT/SOLVE/INITIAL/STEP), '
              'FUNCTION_TABLE (body None); args are Arg nodes.')
Arg = _node('Arg', 'name units', 'A formal argument with its units (or None).')
Body = _node('Body', 'locals stmts', 'A braced statement list; locals: its LOCAL names.')

# statements
Assign = _node('Assign', 'target expr', 'target = expr (target: Name, Prime or Indexed).')
Protect = _node('Protect', 'assign', 'PROTECT assignment.')
ExprStmt = _node('ExprStmt', 'expr', 'A function call as a statement.')
If = _node('If', 'cond body elifs orelse',
           'if (cond) {body} else if (c) {b} ... else {orelse}; elifs: [(cond, Body)].')
While = _node('While', 'cond body', 'while (cond) {body}.')
FromLoop = _node('FromLoop', 'var lo hi by body', 'FROM var = lo TO hi [BY by] {body}.')
Solve = _node('Solve', 'name how method',
              'SOLVE name [METHOD m | STEADYSTATE m]; how is METHOD, STEADYSTATE or None.')
Table = _node('Table', 'names depend lo hi n',
              'TABLE names DEPEND names FROM lo TO hi WITH n.')
Reaction = _node('Reaction', 'lhs op rhs rates',
                 '~ lhs <-> rhs (kf, kb), ~ lhs << (flux), ~ lhs -> (rate); lhs/rhs are '
                 '[(stoichiometry, variable)].')
Equation = _node('Equation', 'lhs rhs add',
                 '~ lhs = rhs in LINEAR/NONLINEAR/DERIVATIVE (add: the ~+ form).')
Conserve = _node('Conserve', 'terms expr', 'CONSERVE terms = expr.')
Compartment = _node('Compartment', 'index volume names',
                    'COMPARTMENT [index,] volume {names}.')
LongDiffusion = _node('LongDiffusion', 'index rate names',
                      'LONGITUDINAL_DIFFUSION [index,] rate {names}.')
Lag = _node('Lag', 'name by', 'LAG name BY name.')
Conductance = _node('Conductance', 'name ion', 'CONDUCTANCE name [USEION ion].')
NetInitial = _node('NetInitial', 'body', 'INITIAL {body} inside NET_RECEIVE.')
Watch = _node('Watch', 'items', 'WATCH (lhs > rhs) flag, ...; items are WatchItem.')
WatchItem = _node('WatchItem', 'lhs op rhs flag', 'One WATCH condition.')
ForNetcons = _node('ForNetcons', 'args body', 'FOR_NETCONS(args) {body}.')
Mutex = _node('Mutex', 'lock', 'MUTEXLOCK (lock=True) or MUTEXUNLOCK.')

# expressions
Num = _node('Num', 'text units', 'A number as written (text), with its units or None.')
Name = _node('Name', 'name dim', 'A variable (dim: the array size in a declaration).')
Prime = _node('Prime', 'name order', "x' (order 1), x'' (order 2).")
Indexed = _node('Indexed', 'base index', 'base[index]; base is a Name or Prime.')
At = _node('At', 'name step index', 'name@step[index] (DISCRETE).')
Call = _node('Call', 'name args', 'name(args); an argument may be a Str.')
Str = _node('Str', 'value', 'A string literal (in printf and the like).')
BinOp = _node('BinOp', 'op left right', 'left op right (op as written: + - * / ^ < && ...).')
UnaryOp = _node('UnaryOp', 'op operand', '-x or !x.')
Paren = _node('Paren', 'expr', '(expr): kept so a writer can put the text back.')


def num_value(n) -> float:
    """The float a Num stands for."""
    return float(n.text)
