"""Colours of a shape plot: the value scaled into 256 entries of a colormap, as hex text."""
from __future__ import annotations


def default_cmap():
    """matplotlib's ``cool``, NEURON's default."""
    from . import need
    cm = need('matplotlib.cm', 'colouring a shape plot by a variable')
    return cm.cool


def to_hex(col) -> str:
    """'#rrggbb' from an (r, g, b, a) tuple of 0..1 floats (alpha dropped, truncated)."""
    return '#' + ''.join('%02x' % int(255 * c) for c in tuple(col)[:3])


def color_of(val, cmap, lo: float, hi: float) -> str:
    """The colour of val on [lo, hi]; black where there is no value."""
    if val is None:
        return 'black'
    rng = hi - lo
    if rng == 0:
        idx = 0 if val < lo else (255 if val > hi else 128)
    else:
        idx = int(255 * (min(max(val, lo), hi) - lo) / rng)
    return to_hex(cmap(idx))
