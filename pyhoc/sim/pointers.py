"""POINTER variables of mechanisms: where each instance's pointer points, and how kernels reach it.

A mechanism's spec lists its POINTERs in ``pointers``; each is also a data row of its block,
the value read through the pointer, which the kernels copy in before an instance's body and
(when the mechanism assigns it) out again after it, instance by instance, so reads and writes
go through the pointer as in nocmodl's ``#define vgap *_ppvar[2]``.  Where an instance's
pointer points is a Ref kept with the instance: a point process's in ``pp.__dict__['_ptrs']``,
a density mechanism's in ``sec._ptrs[(mech, var, j)]``.  HOC and Python read and
write a POINTER variable through its target (``Model.range_slot`` and ``pp_get`` resolve it).
A HOC scalar or double array element (or Vector element) as a target is moved into a float64
array by its Ref's ``buffer()`` when the pointer is set, and kept as a BufferRef to it.

Kernels get each target as a (source array, index) pair: the block's ``ions`` argument gains
one element after the ions' arrays, the list of source arrays (a numba typed List when the
compiled backend is in use), and ``ix`` two rows per pointer after the ions' rows (the
source's number in that list, the index in it).  The pairs are resolved again whenever the
model's layout (arrays reallocated) or a pointer changes.
"""
from __future__ import annotations

import numpy as np

from ..base.refs import Ref
from ..errors import HocError
from . import backend
from .refs import BufferRef, PointRef, SimRef


# ---------------------------------------------------------------- setting pointers
def _bump(model) -> None:
    model.__dict__['_ptr_version'] = model.__dict__.get('_ptr_version', 0) + 1


def _not_a_pointer(name: str) -> HocError:
    return HocError('setpointer: %s is not a POINTER variable' % name)


def set_point(pp, var: str, source) -> None:
    """Make POINTER ``var`` of point process ``pp`` point at ``source`` (a Ref)."""
    if var not in pp._mtype.pointers:
        raise _not_a_pointer(var)
    source = _check_source(source)
    pp.__dict__.setdefault('_ptrs', {})[var] = source
    _bump(pp._model)


def set_density(model, sec, mech: str, var: str, x: float, source) -> None:
    """Make POINTER ``var`` of density mechanism ``mech`` at ``sec(x)`` point at ``source``."""
    mt = model.mech_types[mech]
    if var not in mt.pointers:
        raise _not_a_pointer(mt.hoc_name(var))
    if not sec.has_mech(mech):
        raise HocError('%s mechanism not inserted in section %s' % (mech, sec.name()))
    source = _check_source(source)
    if sec._ptrs is None:
        sec._ptrs = {}
    sec._ptrs[(mech, var, sec._x_to_j(x))] = source
    _bump(model)


def _check_source(source):
    """The Ref a POINTER keeps for ``source``: a range or point process variable as it is;
    a HOC scalar or double array element at the float64 array its value now lives in."""
    if isinstance(source, (SimRef, PointRef, BufferRef)):
        return source
    place = source.buffer() if isinstance(source, Ref) else None
    if place is None:
        raise HocError('setpointer: pyhoc points a POINTER only at a range variable, a point '
                       'process variable, a HOC scalar or a double array element (%s)'
                       % type(source).__name__)
    return BufferRef(*place)


def setpointer(model, target, source) -> None:
    """HOC's ``setpointer target, source``: target a POINTER variable (``pp.vgap``,
    ``vgap_gap(x)``), source what it should point at."""
    if isinstance(target, PointRef):
        set_point(target.pp, target.name, source)
        return
    if isinstance(target, SimRef):
        mech, var = model._range_index.get(target.name, (None, None))
        mt = model.mech_types.get(mech)     # (None: v, diam, cm... no mechanism type's)
        if mt is None or var not in mt.pointers:
            raise _not_a_pointer(target.name)
        set_density(model, target.sec, mech, var, target.x, source)
        return
    raise HocError('setpointer: the first argument is not a POINTER variable')


def py_setpointer(model, source, name: str, obj) -> None:
    """Python's ``h.setpointer(source_ref, 'name', pp_or_seg.mech)``."""
    from .section import MechView
    if isinstance(obj, MechView):
        set_density(model, obj.seg.sec, obj.mech, name, obj.seg.x, source)
    elif hasattr(obj, '_mtype'):
        set_point(obj, name, source)
    else:
        raise HocError('setpointer: the third argument must be a point process or a '
                       'mechanism of a segment')


# ---------------------------------------------------------------- reading through them
def point_target(pp, var: str):
    ref = pp.__dict__.get('_ptrs', {}).get(var)
    if ref is None:
        raise HocError("%s wasn't made to point to anything" % var)
    return ref


def density_target(model, sec, mech: str, var: str, j: int):
    ref = (sec._ptrs or {}).get((mech, var, j))
    if ref is None:
        raise HocError("%s wasn't made to point to anything"
                       % model.mech_types[mech].hoc_name(var))
    return ref


class RefSlot:
    """(array, index)-like access to a Ref that has no array (a point process not built)."""

    __slots__ = ('ref',)

    def __init__(self, ref):
        self.ref = ref

    def __getitem__(self, i):
        return self.ref.get()

    def __setitem__(self, i, value):
        self.ref.set(value)


class _External:
    """An EXTERNAL variable's target: the mechanism GLOBAL of that HOC name."""

    __slots__ = ('model', 'name')

    def __init__(self, model, name: str):
        self.model, self.name = model, name

    def slot(self):
        for mt in self.model.type_order:
            gv = mt.global_values
            if self.name in gv and hasattr(gv, 'slot'):
                return gv.slot(self.name)
        raise HocError('EXTERNAL %s: no mechanism has a GLOBAL of that name' % self.name)


def slot_of(ref):
    """(array, index) where a pointer's target lives now."""
    if isinstance(ref, _External):
        return ref.slot()
    if isinstance(ref, SimRef):
        return ref._resolve()
    if isinstance(ref, BufferRef):
        return ref.array, ref.index
    pp = ref.pp
    if pp._slot >= 0:
        if ref.name in pp._mtype.pointers:
            return slot_of(point_target(pp, ref.name))
        return pp._model.blocks[pp._mtype.name].arrays[ref.name], pp._slot
    return RefSlot(ref), 0


# ---------------------------------------------------------------- the kernels' part
def _instance_refs(mt, blk):
    """Each instance's pointer Refs, one list per pointer variable (block order)."""
    model = mt.model
    out = {var: [] for var in mt.pointers}
    ext = {var: _External(model, var) for var in mt.externals}
    if ext:
        for var in mt.pointers:
            if var in ext:
                out[var] = [ext[var]] * blk.n
        if len(ext) == len(mt.pointers):
            return out
    if mt.point:
        for r in blk.objects:
            pp = r()
            for var in mt.pointers:
                if var not in ext:
                    out[var].append(None if pp is None else _target_or_nothing(
                        mt, var, pp.__dict__.get('_ptrs', {}).get(var)))
        return out
    for sec in model.order:
        if not sec.has_mech(mt.name):
            continue
        ptrs = sec._ptrs or {}
        for j in range(sec._nseg):
            for var in mt.pointers:
                if var in ext:
                    continue
                out[var].append(_target_or_nothing(mt, var, ptrs.get((mt.name, var, j))))
    return out


def _target_or_nothing(mt, var: str, ref):
    """An instance's pointer ``var``'s Ref: its target, a zero of its own where the .mod file
    never uses the pointer (``pointers_unused``), else the HOC error of a pointer not set."""
    if ref is not None:
        return ref
    if var in mt.pointers_unused:
        return BufferRef(np.zeros(1), 0)
    raise HocError("%s wasn't made to point to anything" % mt.hoc_name(var))


def _source_list(compiled: bool):
    if compiled:
        from numba import types
        from numba.typed import List
        return List.empty_list(types.float64[::1])
    return []


def _compiled(mt) -> bool:
    """Whether ``mt``'s kernels may run compiled (numba loaded, not python_only): their
    pointer sources are then a numba typed List, else a plain list.  A python_only
    mechanism's kernels run in Python only (pyhoc.sim.stepcompile; the compiled loop refuses
    them), where indexing a typed List costs tens of microseconds, at every instance."""
    return backend.current() is not None and not mt.python_only


def kernel_part(mt, blk, base: tuple) -> tuple:
    """kernel_args's (node, data, g, ix, ions) with the pointers' rows and sources added."""
    model = mt.model
    compiled = _compiled(mt)
    key = (model.layout_version, model.__dict__.get('_ptr_version', 0), compiled,
           id(base[3]))
    c = blk.cache.get('pointer_args')
    if c is not None and c[0] == key:
        return c[1]
    node, data, g, ix, ions = base
    ni = len(mt.ions)
    srcs = _source_list(compiled)
    seen: dict = {}
    rows = np.zeros((2 * len(mt.pointers), blk.n), dtype=np.intp)
    for k, (var, refs) in enumerate(_instance_refs(mt, blk).items()):
        for j, ref in enumerate(refs):
            if ref is None:
                continue
            arr, i = slot_of(ref)
            if not (isinstance(arr, np.ndarray) and arr.dtype == np.float64 and arr.ndim == 1
                    and arr.flags.c_contiguous):
                raise HocError('%s: pyhoc cannot point a POINTER at this variable' % var)
            s = seen.get(id(arr))
            if s is None:
                s = seen[id(arr)] = len(srcs)
                srcs.append(arr)
            rows[2 * k, j] = s
            rows[2 * k + 1, j] = i
    full_ix = np.ascontiguousarray(np.concatenate([ix[:ni], rows]))
    full_ions = tuple(ions[:ni]) + (srcs,)
    out = (node, data, g, full_ix, full_ions)
    blk.cache['pointer_args'] = (key, out)
    return out


def empty_part(mt, base: tuple) -> tuple:
    """empty_args's part for a mechanism type with pointers and no instances."""
    compiled = _compiled(mt)
    c = mt.__dict__.get('_empty_pointer_args')
    if c is None or c[0] != compiled:
        node, data, g, ix, ions = base
        ni = len(mt.ions)
        ix = np.zeros((ni + 2 * len(mt.pointers), 0), dtype=np.intp)
        c = mt.__dict__['_empty_pointer_args'] = (
            compiled, (node, data, g, ix, tuple(ions[:ni]) + (_source_list(compiled),)))
    return c[1]


def hoc_setpointer(interp, source, name, obj) -> float:
    """``h.setpointer(source_ref, 'name', pp_or_seg.mech)`` (HOC spells it as a statement)."""
    py_setpointer(interp.sim.model, source, str(name), obj)
    return 0.0
