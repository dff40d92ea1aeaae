"""What nocmodl's cnexp does with an equation that is not x' = A + B*x (NEURON 9.0.2's output):

* x' independent of x: ``x = x - dt*(-(f))`` (a forward Euler step);
* a polynomial in x (sums, products, division by terms free of x): B = df/dx at the current
  x, and ``x = x + (1. - exp(dt*B))*(-x)`` (nocmodl drops the A term there);
* x in a function's argument, a divisor or a power: "Could not translate using cnexp method;
  using derivimplicit" - the whole SOLVE becomes derivimplicit.
"""
from __future__ import annotations

from . import ast


def _has(e, x) -> bool:
    return any(isinstance(n, ast.Name) and n.name == x for n in e.walk())


def _not_polynomial(e, x) -> bool:
    """x where nocmodl's cnexp cannot differentiate: a call's argument, a divisor, a power."""
    for n in e.walk():
        if isinstance(n, ast.Call) and any(_has(a, x) for a in n.args):
            return True
        if isinstance(n, ast.BinOp) and n.op == '/' and _has(n.right, x):
            return True
        if isinstance(n, ast.BinOp) and n.op == '^' and (_has(n.left, x) or _has(n.right, x)):
            return True
    return False


def needs_derivimplicit(m, block) -> bool:
    """Whether nocmodl turns ``SOLVE block METHOD cnexp`` into derivimplicit."""
    return any(x is not None and _not_polynomial(rhs, x)
               for x, _, rhs, _ in m.equations.get(block, ()))
