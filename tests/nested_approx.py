"""Approximate comparison of nested golden data (pytest.approx takes no nesting)."""
from __future__ import annotations

import pytest


def _shape(x):
    """The structure of nested dicts/lists with each number replaced by 0."""
    if isinstance(x, dict):
        return {k: _shape(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_shape(v) for v in x]
    return 0 if isinstance(x, (int, float)) and not isinstance(x, bool) else x


def _leaves(x):
    if isinstance(x, dict):
        return [v for k in sorted(x) for v in _leaves(x[k])]
    if isinstance(x, (list, tuple)):
        return [v for e in x for v in _leaves(e)]
    return [x]


def assert_close(got, want, **tol):
    """pytest.approx over nested dicts and lists (which approx itself refuses)."""
    assert _shape(got) == _shape(want)
    assert _leaves(got) == pytest.approx(_leaves(want), **tol)
