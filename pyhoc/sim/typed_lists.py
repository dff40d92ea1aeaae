"""numba typed Lists of float arrays made by compiled code cached on disk: a typed List
made from Python compiles its methods for the item type in every fresh process (about half
a second), one made by a cached compiled function costs nothing after its first run."""
from __future__ import annotations

import warnings

from numba import njit
from numba.core.errors import NumbaPendingDeprecationWarning
from numba.typed import List


@njit(cache=True)
def _from_list(xs):
    out = List()
    for x in xs:
        out.append(x)
    return out


def array_list(arrays):
    """A typed List of the (non-empty list of) 1-d float64 arrays ``arrays``."""
    with warnings.catch_warnings():         # (a reflected list, read once)
        warnings.simplefilter('ignore', NumbaPendingDeprecationWarning)
        return _from_list(list(arrays))
