"""Building the Model's structure-of-arrays from its sections, and taking it apart again.

Node order is NEURON's (treeset.cpp, solve.cpp ``section_order``): the root nodes of all cells
first, then the sections breadth first from the roots (children in sibling order), nseg+1
nodes per section in pnode order.  Mechanism instances are stored in node order, so each
section's instances of a mechanism form one contiguous slice of the block.
"""
from __future__ import annotations

import array
import math
import types
import weakref

from typing import TYPE_CHECKING

import numpy as np

from . import geometry
from .mechanisms.base import Block
from .mechanisms.structural import Capacitance
from .section import DEF_V, IN_MODEL, MechValues, value_rows

if TYPE_CHECKING:
    from .model import Model
    from .section import Section


_NONE = array.array('i', [-1])


def section_order(model: 'Model') -> list['Section']:
    """Roots in creation order, then breadth first through children (sibling order)."""
    return _order_and_roots(model)[0]


def _order_and_roots(model: 'Model') -> tuple[list, list]:
    order = [s for s in model.sections if s._parent is None]
    roots = order[:]
    i = 0
    while i < len(order):
        order.extend(order[i]._children)
        i += 1
    return order, roots


def build(model: 'Model') -> None:
    """Allocate node arrays and mechanism blocks and move every value into them."""
    order, roots = _order_and_roots(model)
    ncell = len(roots)
    nsegs, node0s = [], []          # each section's nseg and first node, in build order
    inode = ncell
    for k, s in enumerate(order):
        ns = s._nseg
        s._root_index = -1
        s._oidx = k          # (its offsets in the blocks' sec_off: see Offsets)
        s._node0 = inode
        nsegs.append(ns)
        node0s.append(inode)
        inode += ns + 1
    for k, s in enumerate(roots):
        s._root_index = k
    n = inode
    pl = [-1] * n
    for s, i0, ns in zip(order, node0s, nsegs):
        owner, j = s._parent_node_owner()
        pl[i0] = owner._root_index if j == -1 else owner._node0 + j
        pl[i0 + 1:i0 + ns + 1] = range(i0, i0 + ns)
    parent = np.array(pl, dtype=np.intp)
    # the roots' nodes, then each section's nseg + 1 nodes in order
    v = np.full(n, DEF_V)
    v[:ncell] = [s._root_v for s in roots]
    for s, i0, ns in zip(order, node0s, nsegs):
        if s._v is not None:    # (a section's own voltages only once one was written)
            v[i0:i0 + ns + 1] = s._v
            s._v = None
    model.v, model.parent, model.ncell = v, parent, ncell
    model.order = order
    model.rhs = np.zeros(n)
    model.d = np.zeros(n)
    model.a = np.zeros(n)
    model.b = np.zeros(n)
    model.area = np.full(n, 100.)
    model.rinv = np.zeros(n)
    nd = model.node_diam = np.zeros(n)      # each section's diam at its segments' nodes
    if order:
        nd[_node_index(node0s, nsegs)] = np.concatenate([s._dm for s in order])
    for s in order:
        s._dm = IN_MODEL

    blocks: dict[str, Block] = {}
    # the sections of each density mechanism, in node order (one pass over the sections)
    holders: dict[str, list] = {}   # name -> the build indices of the sections with it
    mechs = [s._mechs for s in order]
    for k, m in enumerate(mechs):
        for name in m:
            holders.setdefault(name, []).append(k)
    names = ['capacitance'] + [mt.name for mt in model.type_order if not mt.point]
    for name in names:
        ks = holders.get(name)
        if not ks:
            continue
        mt = model.mech_types.get(name)
        ns_of = [nsegs[k] for k in ks]
        if mt is None:      # (capacitance: a structural type, not in mech_types)
            mt = Capacitance(model)
        blk = Block(mt, sum(ns_of))
        off = 0
        sec_off = blk.sec_off = array.array('i', _NONE) * len(order)
        for k, ns in zip(ks, ns_of):
            sec_off[k] = off
            off += ns
        blk.node[:] = _node_index([node0s[k] for k in ks], ns_of)
        secs = [order[k] for k in ks]
        vals = [mechs[k][name] for k in ks]
        rows = vals[0].rows
        blocks[name] = blk
        if all(x.rows is rows for x in vals) and list(rows) == list(blk.arrays):
            _gather_columns(vals, blk.data)
        else:
            _copy_rows(blk, secs, vals)
        del vals
    for name in names:      # instance -> ion instance maps
        mt = model.mech_types.get(name)
        if mt is None or not mt.ions or name not in blocks:
            continue
        ks = holders[name]
        for ion in mt.ions:
            sec_off = blocks[ion + '_ion'].sec_off
            blocks[name].ion_index[ion] = _node_index([sec_off[k] for k in ks],
                                                      [nsegs[k] for k in ks])
    # point processes, per type, in node order; within a node the one located last comes
    # first (NEURON prepends a point process's property to its node's list: the INITIAL,
    # BREAKPOINT and current-sum order of point processes sharing a node)
    for mt in model.type_order:
        if not mt.point:
            continue
        pps = [p for p in model.points if p._mtype is mt and p._sec is not None]
        if not pps:
            continue
        nodes = [_pp_node(p) for p in pps]
        perm = sorted(range(len(pps)), key=lambda k: (nodes[k], -k))
        blk = Block(mt, len(pps))
        for slot, k in enumerate(perm):
            p = pps[k]
            blk.node[slot] = nodes[k]
            for var, val in p._values.items():
                blk.arrays[var][slot] = val
            object.__setattr__(p, '_values', _names_only(p._values))   # (values in the block)
            object.__setattr__(p, '_slot', slot)
            blk.objects.append(weakref.ref(p))
        for ion in mt.ions:     # the ion instance of the segment it is in (an end: the nearest)
            sec_off = blocks[ion + '_ion'].sec_off
            blk.ion_index[ion] = np.array(
                [sec_off[pps[k]._sec._oidx] + min(max(pps[k]._j, 0), pps[k]._sec._nseg - 1)
                 for k in perm], dtype=np.intp)
        blocks[mt.name] = blk
    model.blocks = blocks
    for s in order:
        s._mechs = None
    model._built = True
    model.layout_version += 1
    model._geom_dirty = True


_NAMES: dict = {}


def _names_only(values: dict):
    """A read-only mapping of ``values``' names (to None), shared by every point process
    with those names: a built point process's values live in its block."""
    key = tuple(values)
    m = _NAMES.get(key)
    if m is None:
        m = _NAMES[key] = types.MappingProxyType(dict.fromkeys(key))
    return m


def _node_index(starts: list, counts: list) -> np.ndarray:
    """start, start + 1, ..., start + count - 1 of each (start, count), as one index array."""
    if all(c == 1 for c in counts):
        return np.array(starts, dtype=np.intp)
    out: list = []
    for i0, c in zip(starts, counts):
        out.extend(range(i0, i0 + c))
    return np.array(out, dtype=np.intp)


def _gather_columns(vals, out: np.ndarray) -> None:
    """out = the MechValues ``vals``' columns side by side, in one gather from the pool's
    chunks they live in (a section's values are a view of a chunk: see MechValues)."""
    bases: dict = {}
    chunks: list = []
    width = 0
    idx: list = []
    for x in vals:
        ch = x.chunk
        b = bases.get(id(ch))
        if b is None:
            b = bases[id(ch)] = width
            chunks.append(ch)
            width += ch.shape[1]
        k = b + x.start
        if x.n == 1:
            idx.append(k)
        else:
            idx.extend(range(k, k + x.n))
    src = chunks[0] if len(chunks) == 1 else np.concatenate(chunks, axis=1)
    np.take(src, idx, axis=1, out=out)


def _copy_rows(blk, secs, vals) -> None:
    """The sections' values into ``blk``, each variable in one copy (a variable some section
    lacks keeps the block's default)."""
    for var, row in blk.arrays.items():
        parts = [x.get(var) for x in vals]
        if any(p is None for p in parts):
            off = 0
            for s, p in zip(secs, parts):
                if p is not None:
                    row[off:off + s._nseg] = p
                off += s._nseg
        elif len(parts) == 1:
            row[:] = parts[0]
        else:
            np.concatenate(parts, out=row)


def _pp_node(p) -> int:
    sec, j = p._sec, p._j
    if j == -1:
        owner, jj = sec._parent_node_owner()
        return owner._root_index if jj == -1 else owner._node0 + jj
    return sec._node0 + j


def _pp_ion(p, ion: str) -> int:
    sec = p._sec
    return sec._offsets[ion + '_ion'] + min(max(p._j, 0), sec._nseg - 1)


def unbuild(model: 'Model') -> None:
    """Move every value back into the sections and point processes; drop the arrays."""
    if not model._built:
        return
    v = model.v
    for s in model.order:
        s._v = v[s._node0:s._node0 + s._nseg + 1].copy()
        if s._dm is IN_MODEL:
            s._dm = model.node_diam[s._node0:s._node0 + s._nseg].copy()
        if s._area is IN_MODEL:         # its geometry cache back from the model's arrays
            i0, n1 = s._node0, s._nseg + 1
            s._area = np.array((model.area[i0:i0 + n1], model.rinv[i0:i0 + n1]))
        if s._root_index >= 0:       # (a root when built: a dropped parent leaves none)
            s._root_v = float(v[s._root_index])
        mechs = {}
        for name in s._prop_order:
            if name == 'morphology':
                continue
            blk = model.blocks[name]
            off = s._offsets[name]
            mechs[name] = MechValues(value_rows(blk.arrays), np.array(
                [arr[off:off + s._nseg] for arr in blk.arrays.values()]).reshape(
                    len(blk.arrays), s._nseg))
        s._mechs = mechs
    for s in model.order:
        s._oidx = -1
    for p in model.points:
        slot = p._slot
        if slot >= 0:
            blk = model.blocks[p._mtype.name]
            object.__setattr__(p, '_values', {var: float(blk.arrays[var][slot])
                                              for var in p._values})
            object.__setattr__(p, '_slot', -1)
    model.blocks = {}
    model._built = False
    model.layout_version += 1


def recalc_geometry(model: 'Model') -> None:
    """Node areas, axial conductances and the a, b coefficients (treeset.cpp connection_coef)."""
    area, rinv, parent = model.area, model.rinv, model.parent
    nc = model.ncell
    area[:nc] = 100.
    rinv[:nc] = 0.
    rall = np.ones(len(area))
    first, ralls = [], []
    ix, va, vr = [], [], []             # the nodes recomputed, their areas and rinv
    batch = _frusta_batch(model)        # sections with 3-D points, computed at once
    bdone = []                          # (those taken, in order)
    try:
        for s in model.order:
            i0 = s._node0
            first.append(i0)
            ralls.append(s.rallbranch)
            g = s._area
            if g is IN_MODEL:               # (unchanged since the last time)
                continue
            if batch is not None and s in batch[0]:
                bdone.append(s)
            else:
                sa, sr = s._geometry_values() if g is None else (g[0], g[1])
                ix.extend(range(i0, i0 + s._nseg + 1))
                va.extend(sa)
                vr.extend(sr)
            s._area = IN_MODEL              # (its cache goes: the model's arrays hold it)
    finally:                                # (a zero diam stops it: what was done stays)
        if ix:
            ixa = np.array(ix, dtype=np.intp)
            area[ixa] = va
            rinv[ixa] = vr
        if bdone:
            _frusta_store(model, batch, bdone)
    rall[first] = ralls
    a, b = model.a, model.b
    a[:] = 0.
    b[:] = 0.
    p = parent[nc:]
    a[nc:] = -1.e2 * rall[nc:] * rinv[nc:] / area[p]
    b[nc:] = -1.e2 * rinv[nc:] / area[nc:]
    model._geom_dirty = False


def _frusta_batch(model: 'Model'):
    """The areas, rinv and diams of the sections whose geometry comes from their 3-D points,
    computed together (geometry.frusta_many): (places by section, area, rinv, diam), or None
    where fewer than two such sections are due (one at a time is cheaper)."""
    if model.spine_area:
        return None
    secs = [s for s in model.order if s._area is None and len(s._pts[0]) > 1
            and 0. < s._pts[4][-1] < math.inf]
    if len(secs) < 2:
        return None
    node_diam = model.node_diam
    ok, barea, brinv, bdiam = geometry.frusta_many(
        [s._pts[4] for s in secs], [s._pts[3] for s in secs], [s._nseg for s in secs],
        [s._Ra for s in secs], node_diam[_node_index([s._node0 for s in secs],
                                                     [s._nseg for s in secs])])
    places = {}
    a = d = 0
    for s, good in zip(secs, ok.tolist()):
        n = s._nseg
        if good:
            places[s] = (a, d)
        a += n + 1
        d += n
    return places, barea, brinv, bdiam


def _frusta_store(model: 'Model', batch, secs: list) -> None:
    """Write the batch's values of ``secs`` into the model's area, rinv and node_diam."""
    places, barea, brinv, bdiam = batch
    nodes, at, dnodes, dat = [], [], [], []
    for s in secs:
        a, d = places[s]
        i0, n = s._node0, s._nseg
        nodes.extend(range(i0, i0 + n + 1))
        at.extend(range(a, a + n + 1))
        dnodes.extend(range(i0, i0 + n))
        dat.extend(range(d, d + n))
    model.area[nodes] = barea[at]
    model.rinv[nodes] = brinv[at]
    model.node_diam[dnodes] = bdiam[dat]
