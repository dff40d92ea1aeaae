"""NMODL array variables in the generated code: ``STATE { ca[N] }``, ``ASSIGNED``, ``PARAMETER``
and GLOBAL arrays, file-level and block ``LOCAL`` arrays, element reads and writes, and the
derivatives of array states (``ca'[i] = ...`` in a FROM loop).

Storage: element k of a RANGE array ``x`` is the data row ``x[k]`` (rows of one array are
consecutive, so an element is ``data[row of x[0] + int(i), j]``); of a GLOBAL or file-level
LOCAL array the ``glob`` slot ``x[k]`` (also consecutive); a LOCAL array of a block is a NumPy
array of the function.  An index is a double in NMODL and truncated to an int, as C's
subscript of nocmodl's code.  HOC and Python see ``x_mech[k]`` (``seg.mech.x[k]``, ``pp.x[k]``)
through the mechanism class's ``array_vars`` and ``global_arrays``.
"""
from __future__ import annotations


def size(dim, defines):
    """The size of a declared array (an int, or a DEFINE name), None for a scalar."""
    if dim is None:
        return None
    return int(defines[dim]) if isinstance(dim, str) else int(dim)


def elements(name: str, dim) -> list:
    """The storage names of a variable: ``[name]``, or ``name[0]``... of an array."""
    return [name] if dim is None else ['%s[%d]' % (name, k) for k in range(dim)]


def base(name: str) -> str:
    """``ca`` of the element name ``ca[2]`` (a scalar's name itself)."""
    return name.split('[', 1)[0]


def element(gen, name: str, index: str, scope, pos) -> str:
    """The Python expression of element ``index`` (Python text) of array ``name``."""
    k = 'int(%s)' % index
    if name in scope:
        if name not in getattr(scope, 'dims', {}):
            gen.fail('%s is not an array' % name, pos)
        return '%s[%s]' % (scope[name], k)
    if name not in gen.dims:
        gen.fail('%s is not an array' % name, pos)
    first = name + '[0]'
    if first in gen.rows:
        return 'data[%s + %s, j]' % (gen.R(first), k)
    return 'glob[%s + %s]' % (gen.G(first), k)


def derivative_states(gen, block) -> list:
    """(element name, Python text of its euler derivative) of each state the DERIVATIVE
    block ``block`` has an equation for, in order, an array's elements all at once."""
    out, seen = [], set()
    for x, _, _, _ in gen.m.equations[block]:
        if x is None or x in seen:
            continue
        seen.add(x)
        n = gen.dims.get(x)
        if n is None:
            out.append((x, '_D_%s' % _ident(x)))
        else:
            out.extend(('%s[%d]' % (x, k), '_D_%s[%d]' % (_ident(x), k)) for k in range(n))
    return out


def derivative_arrays(gen, block) -> list:
    """(name, size) of the array states of a DERIVATIVE block."""
    seen = []
    for x, _, _, _ in gen.m.equations[block]:
        if x is not None and x in gen.dims and x not in [a for a, _ in seen]:
            seen.append((x, gen.dims[x]))
    return seen


def _ident(name: str) -> str:
    import re
    return re.sub(r'\W', '_', name)


def class_attrs(gen, sfx: str) -> str:
    """The generated class's ``array_vars`` (RANGE arrays HOC and Python see: name -> size;
    a point process's ``array_params`` too) and ``global_arrays`` (HOC name -> (first glob
    slot, size))."""
    vis = {n: k for n, k in gen.dims.items()
           if n + '[0]' in gen.rows and n + '[0]' not in gen.hidden}
    glob = {n + sfx: (gen.gslots.index(n + '[0]'), k) for n, k in gen.garrays.items()}
    out = '    array_vars = %r\n    global_arrays = %r\n' % (vis, glob)
    if gen.point:
        out += '    array_params = array_vars\n'
    return out
