"""save_session: the windows of a headless session written as a .ses file that loads back.

What pyhoc has as windows (Graphs that are mapped, the xpanels that were built) is written in
NEURON's .ses layout: the preamble, one block per Graph (size, view, its graphList, its
plotted expressions) and per panel (each variable's current value, then the x* calls as they
were made), then ``{doNotify()}``.
"""
from __future__ import annotations

from typing import Any

from ..errors import HocError
from ..hoc.safety import refuse


def _q(s: str) -> str:
    return '"%s"' % str(s).replace('\\', '\\\\').replace('"', '\\"')


def _num(x: float) -> str:
    return '%g' % float(x)


def _ref_name(ref: Any) -> str | None:
    sym = getattr(ref, 'sym', None)
    return None if sym is None else getattr(sym, 'name', None)


def _arg(a: Any) -> str | None:
    """One argument of a recorded x* call as HOC text (None when it cannot be written)."""
    if isinstance(a, str):
        return _q(a)
    if isinstance(a, (int, float)):
        return _num(a)
    name = _ref_name(a)
    return None if name is None else '&' + name


def _graph_list(interp, graph) -> str | None:
    """'graphList[i]' when the stdrun's graphList[i] holds the graph."""
    from ..hoc.symbols import Array
    sym = interp.top.syms.get('graphList')
    if sym is None or not isinstance(sym.value, Array):
        return None
    for i, lst in enumerate(sym.value.data):
        if lst is not None and hasattr(lst, 'count'):
            for k in range(int(lst.count())):
                if lst.object(k) is graph:
                    return 'graphList[%d]' % i
    return None


def _graph_block(interp, g, k: int) -> list[str]:
    out = ['{', 'save_window_ = new Graph(0)',
           'save_window_.size(%s)' % ','.join(_num(v) for v in g.size_),
           'scene_vector_[%d] = save_window_' % k]
    views = [v for v in g.views if len(v) == 8]
    if views:
        out.append('{save_window_.view(%s)}' % ', '.join(_num(v) for v in views[-1]))
    lst = _graph_list(interp, g)
    if lst is not None:
        out.append('%s.append(save_window_)' % lst)
        out.append('save_window_.save_name("%s.")' % lst)
    for ln in g.items:
        head = _q(ln.expr) if not ln.label or ln.label == ln.expr else \
            '%s, %s' % (_q(ln.label), _q(ln.expr))
        out.append('save_window_.addexpr(%s, %s, %s)' % (head, _num(ln.color), _num(ln.brush)))
    out.append('}')
    return out


def _panel_block(interp, panel) -> list[str]:
    out = ['{', 'xpanel(%s, 0)' % _q(panel.name)]
    for it in panel.items:
        args = [_arg(a) for a in it.args]
        if any(a is None for a in args):
            continue        # a pointer pyhoc cannot name: the item is left out
        var = it.var
        if it.kind in ('value', 'pvalue') and var is not None:
            name = var if isinstance(var, str) else _ref_name(var)
            if name and '(' not in name and '.' not in name:
                try:
                    value = interp.eval_string(name)
                except HocError:
                    value = None
                if isinstance(value, (int, float)):
                    out.append('%s = %s' % (name, _num(value)))
        out.append('x%s(%s)' % (it.kind, ','.join(args)))
    placed = panel.placed
    out.append('xpanel(%s)' % ','.join(_num(v) for v in placed) if placed else 'xpanel()')
    out.append('}')
    return out


def session_text(interp, header: str | None = None) -> str:
    from ..sessions.graph import Graph
    from .panels import panels
    wins = [w for w in getattr(interp, '_pyhoc_windows', []) if isinstance(w, Graph)]
    lines = [header] if header else []
    lines += ['{load_file("nrngui.hoc")}', 'objectvar save_window_, rvp_',
              'objectvar scene_vector_[%d]' % (len(wins) + 1),
              'objectvar ocbox_, ocbox_list_, scene_, scene_list_',
              '{ocbox_list_ = new List()  scene_list_ = new List()}', '{pwman_place(0,0,0)}']
    for k, g in enumerate(wins):
        lines += _graph_block(interp, g, k)
    for p in panels(interp).panels:
        if p.closed and p.items:
            lines += _panel_block(interp, p)
    lines += ['objectvar scene_vector_[1]', '{doNotify()}']
    return '\n'.join(lines) + '\n'


def save_session(interp, filename='', header=None, *args):
    """save_session("file"[, "header"]): the session's Graphs and panels as a .ses file
    (the header text first); returns 0 as NEURON's does."""
    refuse(interp, 'save_session')
    if not isinstance(filename, str) or not filename:
        raise HocError('save_session: a file name is required')
    text = session_text(interp, None if header is None else str(header))
    try:
        with open(filename, 'w') as f:
            f.write(text)
    except OSError as e:
        raise HocError("save_session: can't write %s (%s)" % (filename, e.strerror)) from None
    return 0.0


def print_session(interp, useprinter=None, name=None, useselected=0, *args):
    """print_session(0, "file"[, sel]): the session's Graphs drawn (matplotlib, no window)
    into one PostScript file (another format when the name's extension says so);
    print_session(1, "filter") pipes that PostScript to the filter command;
    print_session() writes ``session.ps`` in the current folder.  Returns 0 as NEURON."""
    import os
    import subprocess
    import tempfile
    from ..plot.graph import plot_matplotlib
    from ..sessions.graph import Graph
    from ..plot import need
    refuse(interp, 'print_session')
    need('matplotlib', 'print_session')
    from matplotlib.figure import Figure
    wins = [w for w in getattr(interp, '_pyhoc_windows', []) if isinstance(w, Graph)]
    fig = Figure(figsize=(8.5, 11) if wins else (1, 1))
    for k, g in enumerate(wins):
        plot_matplotlib(g, fig.add_subplot(len(wins), 1, k + 1))
    pipe = useprinter is not None and float(useprinter) == 1
    target = 'session.ps' if useprinter is None else str(name)
    if pipe:
        with tempfile.NamedTemporaryFile(suffix='.ps', delete=False) as f:
            tmp = f.name
        try:
            fig.savefig(tmp, format='ps')
            with open(tmp, 'rb') as f:
                subprocess.run(target, shell=True, stdin=f, check=False)
        finally:
            os.unlink(tmp)
        return 0.0
    ext = os.path.splitext(target)[1][1:].lower()
    fmt = ext if ext in ('png', 'pdf', 'svg', 'eps', 'ps') else 'ps'
    fig.savefig(target, format=fmt)
    return 0.0
