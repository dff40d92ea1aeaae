"""HOC functions for ions: ion_style, ion_register, ion_charge, nernst, ghk (nrn eion.cpp).

Each takes the interpreter first, as every HOC built-in does.
"""
from __future__ import annotations

import math

from ..errors import HocError
from .mechanisms import ions
from .mechanisms.ions import STYLE


def _model(interp):
    return interp.model


def _str(x) -> str:
    return x if isinstance(x, str) else str(x)


def _chkarg(x, lo: float, hi: float) -> float:
    x = float(x)
    if x < lo or x > hi:
        raise HocError('arg out of range')
    return x


def _ion_type(model, name: str):
    mt = model.mech_types.get(name)
    return mt if mt is not None and mt.is_ion else None


def ion_style(interp, name, c_style=None, e_style=None, einit=None, eadvance=None,
              cinit=None):
    """ion_style("na_ion", [c, e, einit, eadvance, cinit]): the style of the section's first
    segment before the call (-1 when the ion is absent); with arguments, set it everywhere."""
    model = _model(interp)
    name = _str(name)
    mt = _ion_type(model, name)
    if mt is None:
        raise HocError('%s  is not an ion' % name)
    return set_ion_style(model, interp.model.stack.current(), name, c_style, e_style, einit,
                         eadvance, cinit)


def set_ion_style(model, sec, name, c_style=None, e_style=None, einit=None, eadvance=None,
                  cinit=None) -> float:
    """ion_style on section ``sec`` (Model-level form of the HOC function)."""
    name = _str(name)
    if _ion_type(model, name) is None:
        raise HocError('%s  is not an ion' % name)
    sec._check()
    old = -1.0
    if sec.has_mech(name):
        arr, off = sec._slot(name, STYLE)
        old = float(int(arr[off]))
    if c_style is not None:
        istyle = int(_chkarg(c_style, 0., 3.))
        istyle += 0o10 * int(_chkarg(e_style, 0., 3.))
        istyle += 0o40 * int(_chkarg(einit, 0., 1.))
        istyle += 0o100 * int(_chkarg(eadvance, 0., 1.))
        istyle += 0o4 * int(_chkarg(cinit, 0., 1.))
        if sec.has_mech(name):
            arr, off = sec._slot(name, STYLE)
            for j in range(sec._nseg):
                arr[off + j] = float((int(arr[off + j]) & 0o600) + istyle)
    return old


def ion_charge(interp, name):
    model = _model(interp)
    name = _str(name)
    mt = _ion_type(model, name)
    if mt is None:
        raise HocError('%s is not an ion mechanism' % name)
    return float(mt.charge)


def ion_register(interp, name, charge):
    """ion_register("ca", 2): the type index of ``<name>_ion``, creating it if needed
    (-1 when one of its names is already used otherwise)."""
    model = _model(interp)
    name = _str(name)
    charge = float(charge)
    ion_name = name + '_ion'
    mt = model.mech_types.get(ion_name)
    if mt is not None and mt.is_ion:
        if charge != mt.charge:
            raise HocError('%s already defined with charge %g, cannot redefine with charge %g'
                           % (ion_name, mt.charge, charge))
        mt.registered = True
        return float(mt.type_index)
    names = [ion_name, 'e' + name, name + 'i', name + 'o', 'i' + name, 'di%s_dv_' % name]
    if any(_name_in_use(interp, model, n) for n in names):
        return -1.0
    return float(ions.register_ion(model, name, charge))


def _name_in_use(interp, model, n: str) -> bool:
    if n in model.mech_types or model.is_range_var(n):
        return True
    from . import registry
    if n in registry.CLASSES or registry.FUNCTIONS.get(n).__class__ is str or \
            registry.POINT_PROCESSES.get(n).__class__ is str:
        return True     # (built in; a .mod file's names count where their Model loaded them)
    try:
        model.global_get(n)
        return True
    except HocError:
        pass
    lookup = getattr(interp, 'lookup', None)
    if callable(lookup):
        try:
            return lookup(n) is not None
        except Exception:
            return False
    return False


def nernst(interp, *args):
    """nernst(ci, co, z) or nernst("ena"|"nai"|"nao" [, x]) at the current section."""
    model = _model(interp)
    if args and isinstance(args[0], str) or (args and not isinstance(args[0], (int, float))
                                               and hasattr(args[0], 'set')):
        var = _str(args[0])
        x = _chkarg(args[1], 0., 1.) if len(args) > 1 else .5
        mech = None
        if model.is_range_var(var):
            mech, v = model.range_var_mechanism(var), model._range_index[var][1]
        mt = _ion_type(model, mech) if mech else None
        if mt is not None:
            ion = mt.ion
            kind = {'e' + ion: 0, ion + 'i': 1, ion + 'o': 2}.get(v)
            if kind is not None:
                sec = interp.model.stack.current()
                ci = model.range_get(sec, ion + 'i', x)
                co = model.range_get(sec, ion + 'o', x)
                e = model.range_get(sec, 'e' + ion, x)
                z = mt.charge
                ktf = ions.ktf(model.celsius)
                if kind == 0:
                    return ions.nernst(ci, co, z, model.celsius)
                if kind == 1:
                    return co * math.exp(-z / ktf * e)
                return ci * math.exp(z / ktf * e)
        raise HocError('%s  not a reversal potential or concentration' % var)
    if len(args) < 3:
        raise HocError('nernst: not enough arguments')
    return ions.nernst(float(args[0]), float(args[1]), float(args[2]), model.celsius)


def ghk(interp, v, ci, co, z):
    return ions.ghk(float(v), float(ci), float(co), float(z), _model(interp).celsius)
