"""POINTER variables in generated mechanisms (pyhoc.nmodl.codegen's part for them).

A POINTER (or a BBCOREPOINTER used as a plain double pointer) is a data row of the block, the
value read through it: each kernel copies it in from its target after reading the ions, per
instance, and copies it out again after the instance's body when the ``.mod`` file assigns
it, so reads and writes reach the target as nocmodl's ``*_ppvar[k]`` does.  The targets come
to the kernels through the contract (pyhoc.sim.pointers): the list of source arrays is
``ions[len(ions of the mechanism)]``, and ``ix`` holds two rows per pointer after the ions'
rows (source number, index).  An EXTERNAL variable (another mechanism's GLOBAL, ``Area_canmda``,
which nocmodl links as a C global) is a pointer that every instance has, at that global.
"""
from __future__ import annotations

from . import ast

KINDS = ('pointer', 'bbcorepointer', 'external')


def pointer_names(mech) -> list:
    """The mechanism's POINTER variables, in declaration order."""
    return [s.name for s in mech.symbols.values() if s.storage in KINDS]


def assigned_names(mech) -> set:
    """Every name the ``.mod`` file assigns to (``x = ...`` anywhere)."""
    out = set()
    todo = [b for group in (mech.blocks, mech.functions, mech.procedures, mech.derivatives)
            for b in group.values()]
    while todo:
        n = todo.pop()
        if isinstance(n, ast.Assign) and isinstance(n.target, ast.Name):
            out.add(n.target.name)
        if isinstance(n, ast.Node):
            todo.extend(n.children())
        elif hasattr(n, 'body'):
            todo.append(n.body)
    return out


def unused_names(mech, names) -> set:
    """Those of ``names`` no block, FUNCTION, PROCEDURE or VERBATIM text of the ``.mod`` file
    mentions: POINTERs a model may leave unset (NEURON never reads them)."""
    import re
    left = set(names)
    todo = [b for group in (mech.blocks, mech.functions, mech.procedures, mech.derivatives,
                            mech.kinetics, mech.linears, mech.nonlinears)
            for b in group.values()]
    texts = [text for _pos, text in mech.verbatim]
    while todo and left:
        n = todo.pop()
        if isinstance(n, (ast.Name, ast.Call)):
            left.discard(n.name)
        elif isinstance(n, ast.Verbatim):
            texts.append(n.text)
        if isinstance(n, ast.Node):
            todo.extend(n.children())
        elif hasattr(n, 'body'):
            todo.append(n.body)
        elif isinstance(n, (list, tuple)):
            todo.extend(n)
    for text in texts:
        left = {p for p in left if not re.search(r'\b_?p?_?%s\b' % re.escape(p), text)}
    return left


def source(gen, k: int) -> str:
    """The expression of pointer k's target in a kernel (instance j)."""
    ni = len(gen.m.ions)
    return 'ions[%d][ix[%d, j]][ix[%d, j]]' % (ni, ni + 2 * k, ni + 2 * k + 1)


def read(gen, ind: int) -> None:
    for k, p in enumerate(gen.pointers):
        gen.emit('data[%s, j] = %s' % (gen.R(p), source(gen, k)), ind)


def write(gen, ind: int) -> None:
    for k, p in enumerate(gen.pointers):
        if p in gen.pointers_written:
            gen.emit('%s = data[%s, j]' % (source(gen, k), gen.R(p)), ind)
