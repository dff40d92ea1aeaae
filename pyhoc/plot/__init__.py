"""Figures of shape plots and space plots with plotly, matplotlib or bokeh.

Imported only when ``ps.plot(...)`` or ``rvp.plot(...)`` is called; the libraries are the
optional extra ``pip install 'pyhoc-sim[plot]'``.
"""
from __future__ import annotations

import importlib


def need(module: str, what: str):
    """Import module, or raise an ImportError that names the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise ImportError("%s needs the Python package '%s', which is not installed; "
                          "install it with: pip install 'pyhoc-sim[plot]'"
                          % (what, module.split('.')[0])) from e


def kind(graph) -> str:
    """Which library graph belongs to: 'plotly', 'plotly-figure', 'pyplot', 'mpl-figure',
    'mpl-axes', 'bokeh', 'bokeh-figure', 'hoc' or ''."""
    name = getattr(graph, '__name__', None)
    if isinstance(name, str) and type(graph).__name__ == 'module':
        if name == 'plotly' or name.startswith('plotly.'):
            return 'plotly'
        if name == 'matplotlib.pyplot':
            return 'pyplot'
        if name == 'bokeh' or name.startswith('bokeh.'):
            return 'bokeh'
        return ''
    mod = type(graph).__module__ or ''
    if mod.startswith('plotly.'):
        return 'plotly-figure'
    if mod.startswith('matplotlib.'):
        if hasattr(graph, 'add_subplot'):
            return 'mpl-figure'
        if hasattr(graph, 'plot'):
            return 'mpl-axes'
    if mod.startswith('bokeh.'):
        return 'bokeh-figure'
    from ..base.objects import HocObject
    if isinstance(graph, HocObject):
        return 'hoc'
    return ''
