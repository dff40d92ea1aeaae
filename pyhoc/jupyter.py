"""IPython / Jupyter extension: ``%load_ext pyhoc``.

* ``%%hoc`` runs the cell as HOC in the interpreter behind ``pyhoc.h`` (the process's default
  interpreter), as typed at the ``hoc>`` prompt: top-level expressions print their value, and
  a HOC error prints NEURON's message and stops the cell (and a "run all").  ``%hoc stmt`` does
  the same for one line.
* Graphs whose lines change during a ``%%hoc`` cell are shown below it (``%%hoc -q``: not);
  a Graph as a cell's value displays as its figure.  Figures are plotly's when plotly is
  installed, else a matplotlib PNG.
* The interpreter becomes interactive: long runs show their progress.
* ``import neuron`` / ``from neuron import h, gui`` in later cells mean pyhoc, as in scripts
  run by ``pyhoc script.py`` (unless NEURON itself was imported first).

IPython is imported only here, never by ``import pyhoc``.
"""
from __future__ import annotations

from typing import Any

__all__ = ['load_ipython_extension', 'unload_ipython_extension', 'figure_of']


class HocCellError(Exception):
    """A HOC error in a %%hoc cell; its message was already printed in NEURON's layout."""

    def _render_traceback_(self):      # IPython: no Python traceback for HOC errors
        return []


def figure_of(graph) -> Any:
    """The figure shown for graph: plotly's when available, else a PNG Image (matplotlib)."""
    try:
        import plotly
    except ImportError:
        plotly = None
    if plotly is not None:
        return graph.plot(plotly)
    import io
    from IPython.display import Image
    from .plot.graph import save_png
    buf = io.BytesIO()
    save_png(graph, buf)
    return Image(data=buf.getvalue(), format='png')


def _show(graph) -> None:
    from IPython.display import display
    display(figure_of(graph))


def _graphs(interp) -> list:
    from .sessions.graph import Graph
    wins = getattr(interp, '_pyhoc_windows', None) or []
    return [w for w in wins if isinstance(w, Graph)]


def _signature(graph) -> tuple:
    return tuple((id(ln), len(ln.x)) for ln in graph.lines()) + (len(graph.labels),)


def run_cell(interp, text: str, show: bool = True) -> None:
    """Run HOC text at the top level; show the Graphs it changed; raise HocCellError on error."""
    before = {id(g): _signature(g) for g in _graphs(interp)}
    ok = interp.interactive_line(text)
    if show:
        for g in _graphs(interp):
            if any(ln.x for ln in g.lines()) and before.get(id(g)) != _signature(g):
                _show(g)
    if not ok:
        raise HocCellError('HOC error')


def load_ipython_extension(ipython) -> None:
    import pyhoc
    from .sessions.graph import Graph
    pyhoc.install_neuron_alias()
    interp = pyhoc._default_interpreter()
    interp.interactive = True

    def hoc(line: str, cell: Any = None) -> None:
        if cell is None:
            run_cell(interp, line, show=False)
            return
        flags = line.split()
        run_cell(interp, cell, show='-q' not in flags)

    hoc.__doc__ = ('Run HOC in the interpreter of pyhoc.h: %hoc statement, or a %%hoc cell '
                   '(%%hoc -q: do not show the Graphs the cell changed).')
    ipython.register_magic_function(hoc, 'line_cell', 'hoc')
    ipython.display_formatter.ipython_display_formatter.for_type(Graph, _show)


def unload_ipython_extension(ipython) -> None:
    import sys
    import pyhoc
    from .sessions.graph import Graph
    ipython.display_formatter.ipython_display_formatter.type_printers.pop(Graph, None)
    if sys.modules.get('neuron') is pyhoc:       # the alias load_ipython_extension made
        for name in ('neuron', 'neuron.units', 'neuron.gui'):
            sys.modules.pop(name, None)
