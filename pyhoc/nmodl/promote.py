"""A kernel's range and global variables held in Python locals for one instance's iteration.

In a generated kernel every read and write of a variable is a memory access (``data[R_x, j]``,
``glob[G_x]``), and numba's LLVM cannot keep such values in registers: it cannot tell the
rows of ``data`` and the slots of ``glob`` apart, so each store forces the later loads again.
With promotion the code generator writes the variable as the local ``_y_x`` instead, loaded
at the start of the instance's iteration, stored at its end (only the variables the kernel
assigns), and around each call of a FUNCTION or PROCEDURE that reads or writes it: stored
before the call, loaded after it.  nrn_cur is written so (its BREAKPOINT twice, at v + .001
and at v, in registers); the other kernels only use the first pass's list of the variables
they read, to leave out the ion variables they do not need.  The memory holds the same values at every point where
other code can see it, so the results are those of the memory accesses, bit for bit.

``iteration`` writes an instance's statements twice: a first pass finds the variables used
and assigned (and whether the kernel can be promoted: no VERBATIM, WATCH, ... nor a call with
effects inside a condition), the second writes them with the loads and stores.  A kernel that
cannot be promoted is written as before, with memory accesses.
"""
from __future__ import annotations

import re

from . import ast

PREFIX = '_y_'
_LOCAL = re.compile(r'\b%s\w+' % PREFIX)
_TARGET = re.compile(r'^\s*(%s\w+)\s*([-+*/]?)=(?!=)' % PREFIX)
ALL = None          # the effects of a call the generator cannot see through


def iteration(gen, ind: int, write, before, after, promote: bool = True) -> bool:
    """Write one instance's iteration at indentation ``ind``: ``before(needed)`` (the ions
    and pointers read into the rows; ``needed``: the names the iteration reads, None for
    all), ``write()`` (its statements), ``after()`` (the rows written out to ions and
    pointers).  With ``promote`` the statements have the kernel's variables in locals where
    they can; True if so.  (Not where values would live across calls of exp: in a register
    that no call keeps, spilled to the stack, they cost more than memory: the state kernels.)
    """
    start = len(gen.out)
    first = gen.promo = Promotion(gen)
    try:
        write()
    finally:
        gen.promo = None
    lines = gen.out[start:]
    del gen.out[start:]
    used, assigned = _scan(lines)
    needed = None if first.failed or first.mem_reads is ALL else \
        set(used) | first.mem_reads | first.cond_reads
    if first.cond_reads & set(assigned):
        promote = False
    if not promote or needed is None or not used:
        before(needed)
        write()
        after()
        return False
    before(needed)
    p = gen.promo = Promotion(gen, used, assigned, first.mem)
    try:
        p.load(p.used, ind)
        write()
        p.store(p.assigned, ind)
    finally:
        gen.promo = None
    after()
    return True


def call(gen, effs, write, ind: int) -> None:
    """Lines of a kernel that call generated functions of effects ``effs`` (a list of
    effects; ALL for one the generator cannot see through: a KINETIC or Newton solve), with
    their stores and loads when the kernel is promoted."""
    p = gen.promo
    if p is None:
        write()
        return
    start = len(gen.out)
    write()
    lines = gen.out[start:]
    del gen.out[start:]
    p.note(effs)
    p.around(effs, lines, ind)


def _scan(lines) -> tuple:
    """The promoted names a kernel's lines use (in order of first use) and assign."""
    used, assigned = {}, {}
    for ln in lines:
        for tok in _LOCAL.findall(ln):
            used.setdefault(tok[len(PREFIX):], None)
        m = _TARGET.match(ln)
        if m:
            assigned.setdefault(m.group(1)[len(PREFIX):], None)
    return list(used), list(assigned)


class Promotion:
    """The state of one kernel's promotion (first pass: ``used`` None)."""

    def __init__(self, gen, used=None, assigned=None, mem=None):
        self.gen = gen
        self.used = used
        self.assigned = assigned
        self.mem = dict(mem or {})      # name -> its memory expression
        self.calls = None               # effects of the calls in the statement being written
        self.failed = False
        self.mem_reads = set()          # what called functions read from memory (or ALL)
        self.cond_reads = set()         # what those called in conditions read

    @staticmethod
    def local_name(name: str) -> str:
        return PREFIX + name

    def local(self, name: str, x: str) -> str:
        """name_expr's answer ``x`` for ``name``, as a local when it is a scalar variable in
        memory (a data row or a glob slot; array elements stay in memory: their index may
        be computed)."""
        g = self.gen
        if '[' in name or not (x == 'data[%s, j]' % g.R(name) or x == 'glob[%s]' % g.G(name)):
            return x
        self.mem[name] = x
        return self.local_name(name)

    def called(self, fname: str) -> None:
        """A FUNCTION or PROCEDURE call is being written (inside the present statement)."""
        eff = effects(self.gen, fname)
        if eff is not ALL and not eff[0] and not eff[1]:
            return
        if self.calls is None:          # in a condition, a loop's bounds...: promoted only
            if eff is ALL or eff[1]:    # if it writes nothing and reads no variable assigned
                self.failed = True
            else:
                self.cond_reads |= eff[0]
        else:
            self.calls.append(eff)
            self.note([eff])

    def note(self, effs) -> None:
        for e in effs:
            if e is ALL:
                self.mem_reads = ALL
            elif self.mem_reads is not ALL:
                self.mem_reads |= e[0]

    def store(self, names, ind: int) -> None:
        for n in names:
            self.gen.emit('%s = %s' % (self.mem[n], self.local_name(n)), ind)

    def load(self, names, ind: int) -> None:
        for n in names:
            self.gen.emit('%s = %s' % (self.local_name(n), self.mem[n]), ind)

    def around(self, effs, lines, ind: int) -> None:
        """Emit ``lines`` (a statement with calls of effects ``effs``) between the stores of
        the assigned variables the calls may read or write and the loads of the used ones
        they may write (not the statement's own target: it is assigned after the calls)."""
        if self.used is None:
            self.gen.out.extend(lines)
            return
        if any(e is ALL for e in effs):
            touched = written = None
        else:
            touched = set().union(*(e[0] | e[1] for e in effs))
            written = set().union(*(e[1] for e in effs))
        targets = set()
        for ln in lines:
            m = _TARGET.match(ln)
            if m and not m.group(2):
                targets.add(m.group(1)[len(PREFIX):])
        self.store([n for n in self.assigned if touched is None or n in touched], ind)
        self.gen.out.extend(lines)
        self.load([n for n in self.used if (written is None or n in written) and
                   n not in targets], ind)


def statement(gen, st, scope, ind, mode, write) -> None:
    """An assignment or call statement under promotion: ``write`` emits it; the calls of
    FUNCTIONs and PROCEDUREs in it get their stores and loads around it."""
    p = gen.promo
    outer, p.calls = p.calls, []
    start = len(gen.out)
    try:
        write(st, scope, ind, mode)
    finally:
        effs, p.calls = p.calls, outer
    if not effs:
        return
    lines = gen.out[start:]
    del gen.out[start:]
    # a variable the statement reads that a call may write: the order of the read and the
    # call would matter (the memory version reads the call's value if it comes after)
    written = None if any(e is ALL for e in effs) else set().union(*(e[1] for e in effs))
    for ln in lines:
        m = _TARGET.match(ln)
        rest = ln[m.end():] if m and not m.group(2) else ln
        for tok in _LOCAL.findall(rest):
            if written is None or tok[len(PREFIX):] in written:
                p.failed = True
    p.around(effs, lines, ind)


def effects(gen, fname: str, _seen=None):
    """(names read, names assigned) of the module's variables by FUNCTION or PROCEDURE
    ``fname`` and what it calls; ALL where it has VERBATIM or is recursive."""
    cache = gen.__dict__.setdefault('_effects', {})
    if fname in cache:
        return cache[fname]
    seen = _seen if _seen is not None else set()
    if fname in seen:
        return ALL
    seen.add(fname)
    b = gen.funcs.get(fname) or gen.procs.get(fname)
    own = {a.name for a in b.args} | {n.name for n in b.body.locals} | {fname}
    reads, writes = set(), set()
    result = (reads, writes)
    for n in b.body.walk():
        t = type(n)
        if t is ast.Verbatim:
            result = ALL
            break
        if t is ast.Name and n.name not in own:
            reads.add(n.name)
        elif t is ast.Assign and type(n.target) is ast.Name and n.target.name not in own:
            writes.add(n.target.name)
        elif t is ast.Table:
            writes.update(x.name for x in n.names)
            reads.add('usetable')
        elif t is ast.Call and n.name == 'state_discontinuity' and n.args and \
                type(n.args[0]) is ast.Name:
            writes.add(n.args[0].name)
        elif t is ast.Call and (n.name in gen.funcs or n.name in gen.procs):
            e = effects(gen, n.name, seen)
            if e is ALL:
                result = ALL
                break
            reads |= e[0]
            writes |= e[1]
    seen.discard(fname)
    if _seen is None or result is ALL:
        cache[fname] = result
    return result
