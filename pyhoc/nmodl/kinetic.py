"""KINETIC blocks: the reaction scheme as nocmodl writes it, solved as NEURON's sparse solver does.

A KINETIC block solved ``METHOD sparse`` becomes, in the generated module (pyhoc.nmodl.codegen):

* ``<P>kfun_<blk>``: nocmodl's ``fun`` of the block: the backward Euler residual ``_b`` and its
  Jacobian matrix ``_A`` at the current states (old states in ``_s0``): each row
  ``-(s - s0)/dt`` (times its COMPARTMENT volume) on the right, ``1/dt`` (times the volume) on
  the diagonal, then each reaction's flux ``f_flux - b_flux`` on the rows of its species and
  the partial derivatives of the fluxes in the matrix, each CONSERVE law replacing the row of
  one state; the block's other statements run in place.  Every expression has nocmodl's shape
  (the rate written before the species, reactants in reverse order, ``2.0*(f_flux - b_flux)``
  for a stoichiometry of 2, textual concatenation ``kf * A * B`` even where ``kf`` is a sum);
* ``<P>ksolve_<blk>``: scopmath's ``sparse_thread``: Newton steps ``s += A^-1 b`` (one step for
  a linear scheme; otherwise until the sum of |changes| is at most 1e-6, at most 22 steps,
  negative states set to 0), then ``fun`` once more so the block's assignments see the new
  states.  The matrix is solved by :func:`pyhoc.sim.contract.lu_solve` in the pivot order of
  scopmath's minimum-ordering (:func:`pivot_order`, computed here from the matrix structure),
  so the factorisation does NEURON's operations in NEURON's order;
* ``<P>kss_<blk>``: ``SOLVE ... STEADYSTATE sparse`` (scopmath's ``_ss_sparse_thread``): the same
  solve with dt = 1e9, iterated (a linear scheme) or after up to 7 single steps that keep the
  states non-negative (a nonlinear one);
* for CVode, the derivative of each state (the fluxes summed on each species, divided by its
  volume; CONSERVE ignored, as NEURON's CVode does) and the Jacobian's diagonal.

The state order (the rows) is nocmodl's: one state per CONSERVE (its last term) first, the last
CONSERVE's first, then the others by the first character of their names, names with the same
first character in reverse order of their first appearance in the file.
"""
from __future__ import annotations

import re

from . import ast

CONVERGE = 1e-6          # scopmath's CONVERGE and MAXSTEPS
MAXSTEPS = 20
SS_DT = 1e9              # _ss_sparse_thread's dt
SS_TRIES = 7             # its NIT

_LOW = frozenset(('+', '-', '<', '>', '<=', '>=', '==', '!=', '&&', '||'))


def attach(e, factors):
    """``e * f1 * f2 ...`` as C reads nocmodl's text ``e * f1 * f2`` (a sum in ``e`` takes the
    factors on its last term: nocmodl does not parenthesise the rate)."""
    for f in factors:
        e = _attach1(e, f)
    return e


def _attach1(e, f):
    if isinstance(e, ast.BinOp) and e.op in _LOW:
        return ast.BinOp(e.op, e.left, _attach1(e.right, f), pos=e.pos)
    return ast.BinOp('*', e, f, pos=e.pos)


def _num(x, pos):
    return ast.Num(repr(float(x)), None, pos=pos)


def pivot_order(n, elems):
    """The pivot sequence (rows) of scopmath's spar_minorder for an n x n structure ``elems``
    (a set of (row, col), diagonal implied): rows ordered by their number of elements (ties:
    the row entered last first), each pivot's fill-in counted as it is made."""
    rows = [set([r]) for r in range(n)]
    for r, c in elems:
        rows[r].add(c)
    norder = [len(x) for x in rows]
    orderlist: list = []

    def insert(r):
        for k, q in enumerate(orderlist):
            if norder[q] >= norder[r]:
                orderlist.insert(k, r)
                return
        orderlist.append(r)

    def move(r, d):
        orderlist.remove(r)
        norder[r] += d
        insert(r)

    for r in range(n):
        insert(r)
    pos = list(range(n))                     # pos[k]: the row in solution place k
    for i in range(n):
        r = orderlist[0]
        j = pos.index(r)
        if j != i:
            del pos[j]
            pos.insert(i, r)
        place = {q: k for k, q in enumerate(pos)}
        right = sorted((c for c in rows[r] if place[c] > i), key=place.get)
        below = sorted((q for q in pos[i + 1:] if r in rows[q]), key=place.get)
        for q in below:
            for c in right:
                if c not in rows[q]:
                    rows[q].add(c)
                    move(q, 1)
            move(q, -1)
        orderlist.remove(r)
    return pos


def name_order(path):
    """Names in the order of their first appearance in the ``.mod`` file (nocmodl installs a
    symbol when its lexer first reads it); {} when the file cannot be read."""
    from .lexer import ModLexer
    try:
        with open(path, 'rb') as f:
            text = f.read().decode('latin-1')
        lx = ModLexer(text, path)
        seen: dict = {}
        while True:
            tok = lx.token()
            if tok is None:
                break
            if tok.type in ('NAME', 'PRIME'):
                seen.setdefault(str(tok.value).rstrip("'"), len(seen))
        return seen
    except Exception:       # an unreadable file: declaration order then
        return {}


class Scheme:
    """One KINETIC block: its states (rows), conservation rows, volumes and linearity."""

    def __init__(self, gen, name):
        self.g = gen
        self.name = name
        m = gen.m
        self.block = m.kinetics[name]
        self.stmts = _unroll(gen, self.block.body.stmts)
        items = [st for st in self.stmts
                 if isinstance(st, (ast.Reaction, ast.Conserve, ast.Compartment,
                                    ast.LongDiffusion))]
        states = []
        for it in items:
            if isinstance(it, ast.Reaction):
                for _, v in it.lhs + it.rhs:
                    if self._is_state(v) and _key(v) not in states:
                        states.append(_key(v))
            elif isinstance(it, ast.Conserve):
                for _, v in it.terms:
                    if not self._is_state(v):
                        gen.fail('CONSERVE: %s is not a STATE' % _vname(v), it.pos)
                    if _key(v) not in states:
                        states.append(_key(v))
        first = name_order(m.file)
        decl = list(m.symbols)

        def order_key(s):
            b = _base(s)
            k = int(s[len(b) + 1:-1]) if '[' in s else 0
            return (ord(b[0]), -first.get(b, len(first) + decl.index(b)), k)
        # an array species is all its elements, as nocmodl's _slist (rows consecutive)
        for s in list(states):
            n = gen.dims.get(_base(s)) if '[' in s else None
            for k in range(n or 0):
                if '%s[%d]' % (_base(s), k) not in states:
                    states.append('%s[%d]' % (_base(s), k))
        order = sorted(states, key=order_key)
        self.conserved = []
        for it in items:
            if isinstance(it, ast.Conserve):
                last = [_key(v) for _, v in it.terms if _key(v) not in self.conserved]
                if not last:
                    gen.fail('CONSERVE: every state is already conserved', it.pos)
                s = last[-1]
                self.conserved.append(s)
                order.remove(s)
                order.insert(0, s)
        self.slist = order
        self.row = {s: k for k, s in enumerate(order)}
        self.nc = len(self.conserved)
        self.volume = {}
        for it in items:
            if isinstance(it, ast.Compartment):
                for nm in it.names:
                    sym = m.symbols.get(nm.name)
                    if sym is None or sym.kind != 'state':
                        continue        # (nocmodl drops a name that is not a STATE)
                    n = gen.dims.get(nm.name)
                    if it.index is None and n is None:
                        self.volume[nm.name] = it.volume
                    elif it.index is None:
                        gen.fail('COMPARTMENT: %s is an array: give an index' % nm.name,
                                 it.pos)
                    elif n is None:
                        gen.fail('COMPARTMENT %s: %s is not an array' % (it.index, nm.name),
                                 it.pos)
                    else:       # nocmodl: for each element, the volume at that index
                        for k in range(n):
                            self.volume['%s[%d]' % (nm.name, k)] = \
                                _subst(it.volume, it.index, k)
        self.ldifus = []        # (species element, diffusion constant, volume): nocmodl's order
        for it in items:
            if isinstance(it, ast.LongDiffusion):
                for nm in it.names:
                    for k in range(gen.dims.get(nm.name) or 1):
                        e = nm.name if nm.name not in gen.dims else '%s[%d]' % (nm.name, k)
                        sym = m.symbols.get(nm.name)
                        if sym is None or sym.kind != 'state':
                            gen.fail('%s must be a STATE in a LONGITUDINAL_DIFFUSION statement'
                                     % nm.name, it.pos)
                        if e not in self.volume:
                            gen.fail('%s must be declared in COMPARTMENT' % nm.name, it.pos)
                        rate = it.rate if it.index is None else _subst(it.rate, it.index, k)
                        self.ldifus.append((e, rate, self.volume[e]))
        self.linear = all(sum(k for k, _ in side) <= 1 for it in items
                          if isinstance(it, ast.Reaction) for side in (it.lhs, it.rhs))

    def _is_state(self, v):
        if isinstance(v, ast.Indexed) and isinstance(v.base, ast.Name):
            s = self.g.m.symbols.get(v.base.name)
            if s is None or s.kind != 'state':
                return False
            k = _const(self.g, v.index)
            if k is None:
                self.g.fail('%s: the index of an array species must be a constant or a '
                            'FROM loop variable' % _vname(v), v.pos)
            n = self.g.dims.get(v.base.name)
            if n is None or not 0 <= int(k) < n:
                self.g.fail('%s[%d]: index out of range' % (v.base.name, int(k)), v.pos)
            return True
        if not isinstance(v, ast.Name):
            return False
        s = self.g.m.symbols.get(v.name)
        return s is not None and s.kind == 'state'

    def cons_row(self, k):
        """The row of the k-th CONSERVE statement (the last one's state is row 0)."""
        return self.nc - 1 - k

    # ---- nocmodl's fun: residual and matrix, with row/column markers for the pivot order
    def fun_text(self):
        """The body of kfun (markers @R<row>@ for matrix places) and the matrix structure."""
        g = self.g
        P = g.P
        save, g.out = g.out, []
        elems = set()
        scope = _flux_scope(g, self.block.body)
        X = {s: g.name_expr(s, {}, self.block.pos) for s in self.slist}
        g.emit('_dt1 = 1.0/dt', 1)
        for s in self.slist[self.nc:]:
            r = self.row[s]
            g.emit('_b[@R%d@] = -_dt1*(%s - _s0[%d])' % (r, X[s], r), 1)
            g.emit('_A[@R%d@, @R%d@] = _dt1' % (r, r), 1)
        for s in self.slist[self.nc:]:
            if s in self.volume:
                r = self.row[s]
                vol = g.expr(self.volume[s], scope)
                g.emit('_b[@R%d@] *= %s' % (r, vol), 1)
                g.emit('_A[@R%d@, @R%d@] *= %s' % (r, r, vol), 1)
        ncons = 0
        for st in self.stmts:
            if isinstance(st, ast.Reaction):
                self.reaction(st, scope, X, 'fun', 1, elems)
            elif isinstance(st, ast.Conserve):
                r = self.cons_row(ncons)
                ncons += 1
                g.emit('_b[@R%d@] = %s' % (r, g.expr(st.expr, scope)), 1)
                for coef, v in reversed(st.terms):
                    c = self.row[_key(v)]
                    elems.add((r, c))
                    vol = self.volume.get(_key(v))
                    volx = g.expr(vol, scope) if vol is not None else None
                    a = repr(float(coef)) if volx is None else '%r*(%s)' % (float(coef), volx)
                    g.emit('_A[@R%d@, @R%d@] = %s' % (r, c, a), 1)
                    val = X[_key(v)] if volx is None else '%s*(%s)' % (X[_key(v)], volx)
                    if coef != 1:
                        val = '%s*%r' % (val, float(coef))
                    g.emit('_b[@R%d@] -= %s' % (r, val), 1)
            elif isinstance(st, (ast.Compartment, ast.LongDiffusion)):
                continue
            else:
                g.stmt(st, scope, 1, 'plain')
        text = ''.join(g.out)
        g.out = save
        return text, elems

    def reaction(self, st, scope, X, mode, ind, elems=None):
        """One ``~`` statement in ``mode`` 'fun' (rows of _b and _A) or 'ode' (_D and _J)."""
        g = self.g
        pos = st.pos
        if st.op == '<<':
            if mode == 'mat':       # (no state in the rate: nothing in the matrix)
                return
            (coef, v), = st.lhs
            g.emit('_f_flux = 0.0', ind)
            g.emit('_b_flux = %s' % g.expr(ast.Paren(st.rates[0], pos=pos), scope), ind)
            if self._is_state(v):
                r = self.row[_key(v)]
                if mode == 'ode':
                    g.emit('_D%d += _b_flux' % r, ind)
                elif r >= self.nc:
                    g.emit('_b[@R%d@] += _b_flux' % r, ind)
            return
        lhs = list(reversed(st.lhs))
        rhs = list(reversed(st.rhs))
        if st.op == '->':
            kf = ast.Paren(st.rates[0], pos=pos)
            kb = None
        else:
            kf, kb = st.rates
        facs_l = [v for k, v in lhs for _ in range(k)]
        facs_r = [v for k, v in rhs for _ in range(k)]
        if mode != 'mat':
            g.emit('_f_flux = %s' % g.expr(attach(kf, facs_l), scope), ind)
            g.emit('_b_flux = %s' % (g.expr(attach(kb, facs_r), scope) if kb is not None
                                     else '0.0'), ind)
        rows = [(k, v, -1) for k, v in lhs] + [(k, v, 1) for k, v in rhs]
        for k, v, sign in rows:
            if not self._is_state(v) or mode == 'mat':
                continue
            r = self.row[_key(v)]
            op = '+=' if sign > 0 else '-='
            val = '(_f_flux - _b_flux)' if k == 1 else '%r*(_f_flux - _b_flux)' % float(k)
            if mode == 'ode':
                g.emit('_D%d %s %s' % (r, op, val), ind)
            elif r >= self.nc:
                g.emit('_b[@R%d@] %s %s' % (r, op, val), ind)
        cols = [(k, v, kf, lhs, 1) for k, v in lhs]
        if kb is not None:
            cols += [(k, v, kb, rhs, -1) for k, v in rhs]
        for k, v, rate, side, sign in cols:
            if not self._is_state(v):
                continue
            c = self.row[_key(v)]
            rest = [u for kk, u in side for _ in range(kk)]
            for q, u in enumerate(rest):
                if isinstance(u, (ast.Name, ast.Indexed)) and _same(u, v):
                    del rest[q]
                    break
            facs = ([_num(k, pos)] if k != 1 else []) + rest
            g.emit('_term = %s' % g.expr(attach(rate, facs), scope), ind)
            for kr, u, rsign in rows:
                if not self._is_state(u):
                    continue
                r = self.row[_key(u)]
                # d(flux)/d(col) enters row r with the sign: + for the side that loses
                plus = (rsign < 0) == (sign > 0)
                val = '_term' if kr == 1 else '%r*_term' % float(kr)
                if mode == 'ode':
                    if r == c:
                        g.emit('_J%d %s %s' % (r, '+=' if plus else '-=', val), ind)
                elif r >= self.nc or mode == 'mat':
                    elems.add((r, c))
                    g.emit('_A[@R%d@, @R%d@] %s %s' % (r, c, '+=' if plus else '-=', val),
                           ind)

    # ---- the module's functions
    def define(self):
        g = self.g
        P = g.P
        n = len(self.slist)
        text, elems = self.fun_text()
        order = pivot_order(n, elems)
        place = {r: k for k, r in enumerate(order)}
        text = re.sub(r'@R(\d+)@', lambda mm: str(place[int(mm.group(1))]), text)
        B = _ident(self.name)
        X = [g.name_expr(s, {}, self.block.pos) for s in self.slist]
        g.emit('def %skfun_%s(t, dt, _v, data, j, glob, tab, _A, _b, _s0):' % (P, B), 0)
        g.emit('_f_flux = 0.0', 1)
        g.emit('_b_flux = 0.0', 1)
        g.emit('_term = 0.0', 1)
        g.out.append(text)
        g.emit('return 0', 1)
        g.emit('', 0)
        g.emit('def %sksolve_%s(t, dt, _v, data, j, glob, tab, single, dtsec):' % (P, B), 0)
        g.emit('_s0 = np.empty(%d)' % n, 1)
        for r, x in enumerate(X):
            g.emit('_s0[%d] = %s' % (r, x), 1)
        g.emit('err = 1.0', 1)
        g.emit('it = 0', 1)
        g.emit('while err > %r:' % CONVERGE, 1)
        g.emit('_A = np.zeros((%d, %d))' % (n, n), 2)
        g.emit('_b = np.zeros(%d)' % n, 2)
        g.emit('%skfun_%s(t, dt, _v, data, j, glob, tab, _A, _b, _s0)' % (P, B), 2)
        g.emit('if not lu_solve(_A, _b):', 2)
        g.emit('return 1', 3)
        g.emit('err = 0.0', 2)
        for r, x in enumerate(X):
            g.emit('%s += _b[%d]' % (x, place[r]), 2)
            g.emit('if single == 0 and %s < 0.0:' % x, 2)
            g.emit('%s = 0.0' % x, 3)
            g.emit('err += abs(_b[%d])' % place[r], 2)
        g.emit('if it > %d:' % MAXSTEPS, 2)
        g.emit('return 1', 3)
        g.emit('it += 1', 2)
        g.emit('if single != 0:', 2)
        g.emit('break', 3)
        g.emit('_A = np.zeros((%d, %d))' % (n, n), 1)
        g.emit('_b = np.zeros(%d)' % n, 1)
        g.emit('%skfun_%s(t, dt, _v, data, j, glob, tab, _A, _b, _s0)' % (P, B), 1)
        g.emit('if dtsec != 0.0:', 1)      # secondorder: s += dt*(s - s_old)/dt_solve
        for r, x in enumerate(X):
            g.emit('%s += dtsec*((%s - _s0[%d])/dt)' % (x, x, r), 2)
        g.emit('return 0', 1)
        g.emit('', 0)
        g.emit('def %skss_%s(t, dt, _v, data, j, glob, tab):' % (P, B), 0)
        so = g.name_expr('secondorder', {}, self.block.pos)
        sec = '(dt if %s != 0.0 else 0.0)' % so
        if self.linear:
            g.emit('return %sksolve_%s(t, %r, _v, data, j, glob, tab, 0, %s)'
                   % (P, B, SS_DT, sec), 1)
        else:
            g.emit('for _i in range(%d):' % SS_TRIES, 1)
            g.emit('if %sksolve_%s(t, %r, _v, data, j, glob, tab, 1, 0.0) != 0:'
                   % (P, B, SS_DT), 2)
            g.emit('return 1', 3)
            g.emit('ok = True', 2)
            for x in X:
                g.emit('if %s < -1e-6:' % x, 2)
                g.emit('%s = 0.0' % x, 3)
                g.emit('ok = False', 3)
            g.emit('if ok:', 2)
            g.emit('return %sksolve_%s(t, %r, _v, data, j, glob, tab, 0, %s)'
                   % (P, B, SS_DT, sec), 3)
            g.emit('return 1', 1)
        g.emit('', 0)

    def step_call(self, ind):
        """nrn_state's call: one backward Euler step (NEURON ignores its error code); under
        secondorder a step of dt/2 extrapolated to dt, as nocmodl's nrn_state does."""
        g = self.g
        so = g.name_expr('secondorder', {}, self.block.pos)
        g.emit('_dts = dt*0.5 if %s != 0.0 else dt' % so, ind)
        g.emit('%sksolve_%s(t, _dts, _v, data, j, glob, tab, %d, _dts if %s != 0.0 else 0.0)'
               % (g.P, _ident(self.name), 1 if self.linear else 0, so), ind)

    def ss_call(self, ind):
        self.g.emit('%skss_%s(t, dt, _v, data, j, glob, tab)' % (self.g.P, _ident(self.name)),
                    ind)

    def ode_body(self, ind):
        """CVode's right-hand side: each state's derivative and Jacobian diagonal."""
        g = self.g
        scope = _flux_scope(g, self.block.body, ind)
        X = {s: g.name_expr(s, {}, self.block.pos) for s in self.slist}
        for r in range(len(self.slist)):
            g.emit('_D%d = 0.0' % r, ind)
            g.emit('_J%d = 0.0' % r, ind)
        g.emit('_f_flux = 0.0', ind)
        g.emit('_b_flux = 0.0', ind)
        for st in self.stmts:
            if isinstance(st, ast.Reaction):
                self.reaction(st, scope, X, 'ode', ind)
            elif isinstance(st, (ast.Conserve, ast.Compartment, ast.LongDiffusion)):
                continue
            else:
                g.stmt(st, scope, ind, 'plain')
        for s in self.slist:
            r = self.row[s]
            k = g.states.index(s)
            vol = self.volume.get(s)
            if vol is not None:
                vx = g.expr(vol, scope)
                g.emit('_D%d /= %s' % (r, vx), ind)
                g.emit('_J%d /= %s' % (r, vx), ind)
            g.emit('ydot[off + %d*cnt + j] = _D%d' % (k, r), ind)
            g.emit('diag[off + %d*cnt + j] = -_J%d' % (k, r), ind)

    def matsol_body(self, ind):
        """CVode's ode_matsol (nocmodl's _ode_matsol1 through _cvode_sparse): the state part
        of b solved with (1/dt - J) x = b/dt, dt the integrator's gamma: the reactions' matrix
        terms, volumes on the diagonal and the right side, no CONSERVE rows, in the minimum
        ordering of that structure."""
        g = self.g
        n = len(self.slist)
        save, g.out = g.out, []
        elems = set()
        scope = _flux_scope(g, self.block.body, ind)
        X = {s: g.name_expr(s, {}, self.block.pos) for s in self.slist}
        g.emit('_dt1 = 1.0/dt', ind)
        g.emit('_A = np.zeros((%d, %d))' % (n, n), ind)
        g.emit('_b = np.empty(%d)' % n, ind)
        g.emit('_term = 0.0', ind)
        g.emit('_f_flux = 0.0', ind)       # (the block's statements may read the fluxes)
        g.emit('_b_flux = 0.0', ind)
        for s in self.slist:
            r = self.row[s]
            g.emit('_b[@R%d@] = _dt1*bvec[off + %d*cnt + j]' % (r, g.states.index(s)), ind)
            g.emit('_A[@R%d@, @R%d@] = _dt1' % (r, r), ind)
        for s in self.slist:
            if s in self.volume:
                r = self.row[s]
                vol = g.expr(self.volume[s], scope)
                g.emit('_b[@R%d@] *= %s' % (r, vol), ind)
                g.emit('_A[@R%d@, @R%d@] *= %s' % (r, r, vol), ind)
        for st in self.stmts:
            if isinstance(st, ast.Reaction):
                self.reaction(st, scope, X, 'mat', ind, elems)
            elif isinstance(st, (ast.Conserve, ast.Compartment, ast.LongDiffusion)):
                continue
            else:
                g.stmt(st, scope, ind, 'plain')
        g.emit('if not lu_solve(_A, _b):', ind)
        g.emit('code = 1', ind + 1)
        for s in self.slist:
            g.emit('bvec[off + %d*cnt + j] = _b[@R%d@]' % (g.states.index(s), self.row[s]), ind)
        text = ''.join(g.out)
        g.out = save
        place = {r: k for k, r in enumerate(pivot_order(n, elems))}
        g.out.append(re.sub(r'@R(\d+)@', lambda mm: str(place[int(mm.group(1))]), text))


def matsol_kernel(g, scheme) -> None:
    """``<P>matsol(..., bvec, off)``: each instance's states of CVode's b solved in place
    (Scheme.matsol_body); called with dt = gamma (pyhoc.sim.cvode lsolve)."""
    g.emit('def %smatsol(%s, bvec, off):' % (g.P, g.SIG), 0)
    g.emit('cnt = node.shape[0]', 1)
    g.emit('code = 0', 1)
    g.loop_head()
    g.iteration(lambda: scheme.matsol_body(2))
    g.emit('return code', 1)
    g.emit('', 0)


def _flux_scope(g, body, ind=1):
    """The scope of a KINETIC body: its LOCALs (set to 0) and f_flux/b_flux."""
    from .codegen import _Scope
    scope = _Scope()
    for n in body.locals:
        if n.dim is not None:
            g.fail('LOCAL array %s is not translated yet' % n.name, n.pos)
        scope[n.name] = '_l_' + _ident(n.name)
        g.emit('%s = 0.0' % scope[n.name], ind)
    scope['f_flux'] = '_f_flux'
    scope['b_flux'] = '_b_flux'
    return scope


def _key(v):
    """The species name of a reaction term: ``ca``, or ``ca[2]`` for an array element."""
    if isinstance(v, ast.Indexed):
        return '%s[%d]' % (v.base.name, int(float(v.index.text)))
    return v.name


def _base(s):
    return s.split('[', 1)[0]


def _same(u, v):
    try:
        return _key(u) == _key(v)
    except (AttributeError, ValueError):
        return False


def _const(g, e):
    """The value of a constant expression (numbers, DEFINEs, + - * /), None otherwise."""
    t = type(e)
    if t is ast.Num:
        return float(e.text)
    if t is ast.Name:
        d = g.m.defines.get(e.name)
        return None if d is None else float(d)
    if t is ast.Paren:
        return _const(g, e.expr)
    if t is ast.UnaryOp and e.op == '-':
        x = _const(g, e.operand)
        return None if x is None else -x
    if t is ast.BinOp and e.op in ('+', '-', '*', '/'):
        a, b = _const(g, e.left), _const(g, e.right)
        if a is None or b is None:
            return None
        return {'+': a + b, '-': a - b, '*': a * b}[e.op] if e.op != '/' else \
            (a / b if b else None)
    return None


def _subst(node, var, k):
    """A copy of ``node`` with the name ``var`` replaced by the number ``k``."""
    if isinstance(node, ast.Name) and node.name == var:
        return ast.Num(repr(float(k)), None, pos=node.pos)
    if isinstance(node, ast.Node):
        return type(node)(*[_subst(getattr(node, f), var, k) for f in node._fields],
                          pos=node.pos)
    if isinstance(node, list):
        return [_subst(x, var, k) for x in node]
    if isinstance(node, tuple):
        return tuple(_subst(x, var, k) for x in node)
    return node


def _has_reaction(st):
    if isinstance(st, (ast.Reaction, ast.Conserve, ast.Compartment)):
        return True
    return isinstance(st, ast.Node) and any(_has_reaction(c) for c in st.children())


def _fold_index(node, g):
    """Array species' index expressions folded to numbers (``ca[1.0 + 1.0]`` -> ``ca[2.0]``)."""
    if isinstance(node, ast.Indexed) and isinstance(node.base, ast.Name):
        k = _const(g, node.index)
        if k is not None and not isinstance(node.index, ast.Num):
            return ast.Indexed(node.base, ast.Num(repr(float(k)), None, pos=node.index.pos),
                               pos=node.pos)
    return node


def _unroll(g, stmts):
    """The KINETIC body with each FROM loop that holds reactions unrolled (its bounds must be
    constants): nocmodl's loop over the rows of array species, in the same order."""
    out = []
    for st in stmts:
        if isinstance(st, ast.FromLoop) and _has_reaction(st):
            lo, hi = _const(g, st.lo), _const(g, st.hi)
            by = 1.0 if st.by is None else _const(g, st.by)
            if lo is None or hi is None or not by:
                g.fail('a FROM loop over reactions needs constant bounds', st.pos)
            k = lo
            while k <= hi:
                out.extend(_unroll(g, _subst(st.body, st.var, k).stmts))
                k += by
        elif isinstance(st, ast.Reaction):
            out.append(type(st)([(c, _fold_index(v, g)) for c, v in st.lhs], st.op,
                                [(c, _fold_index(v, g)) for c, v in st.rhs], st.rates,
                                pos=st.pos))
        elif isinstance(st, ast.Conserve):
            out.append(type(st)([(c, _fold_index(v, g)) for c, v in st.terms], st.expr,
                                pos=st.pos))
        elif _has_reaction(st) and not isinstance(st, ast.Compartment):
            g.fail('a reaction inside %s is not translated' % type(st).__name__, st.pos)
        else:
            out.append(st)
    return out


def _vname(v):
    return v.name if isinstance(v, ast.Name) else getattr(v.base, 'name', '?')


def _ident(name):
    return re.sub(r'\W', '_', name)


def ldifus_kernel(g, schemes):
    """``<P>ldifus(..., w, dc, vol, dfdc)``: nocmodl's ``_difcoef`` of LONGITUDINAL_DIFFUSION
    species element ``w`` for every instance: its volume (the COMPARTMENT expression), its
    diffusion constant times cross-section, and (CVode's matsol) d(flux)/d(conc) of the ion
    current flowing into it: the flux with the current replaced by its dI/dv (the caller
    multiplies by the ion's ktf/charge, nrn_nernst_coef).  Returns the spec, one
    (state, its ion's position or -1, 'ci'/'co'/'', the flux current's ion position or -1)
    per element; () if none."""
    items = [it for sc in schemes for it in sc.ldifus]
    if not items:
        return ()
    from .codegen import _Scope
    g.emit('def %sldifus(%s, w, dc, vol, dfdc):' % (g.P, g.SIG), 0)
    g.loop_head()
    ions = list(g.m.ions)
    spec = []
    for w, (e, rate, volume) in enumerate(items):
        g.emit('%s w == %d:' % ('if' if w == 0 else 'elif', w), 2)
        g.emit('vol[j] = %s' % g.expr(volume, _Scope()), 3)
        g.emit('dc[j] = %s' % g.expr(rate, _Scope()), 3)
        dfdc, fion = '0.0', -1
        sc = next(sc for sc in schemes if any(it[0] == e for it in sc.ldifus))
        for st in sc.stmts:
            if isinstance(st, ast.Reaction) and st.op == '<<' and _key(st.lhs[0][1]) == e:
                cur = [n for n in _names(st.rates[0]) if n in g.ionvars and
                       n == 'i' + g.ionvars[n] and n in g.m.ions[g.ionvars[n]].read]
                if cur:
                    k = ions.index(g.ionvars[cur[0]])
                    scope = _Scope()
                    scope[cur[0]] = 'ions[%d][ION_DIDV, ix[%d, j]]' % (k, k)
                    dfdc, fion = g.expr(st.rates[0], scope), k
        g.emit('dfdc[j] = %s' % dfdc, 3)
        ion = g.ionvars.get(e) if e in g.states else None
        if ion is not None:
            spec.append((e, ions.index(ion), 'ci' if e == ion + 'i' else 'co', fion))
        else:
            spec.append((e, -1, '', fion))
    g.emit('return 0', 1)
    g.emit('', 0)
    return tuple(spec)


def _names(e):
    """The names an expression reads."""
    if isinstance(e, ast.Name):
        yield e.name
    elif isinstance(e, ast.Node):
        for c in e.children():
            yield from _names(c)
