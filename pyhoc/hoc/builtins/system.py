"""Interpreter built-ins: arguments, objects, declarations, timing, errors, process control."""
from __future__ import annotations

import os
import platform
import re
import sys
import time

from ...errors import HocError, HocExit
from ...base.objects import HocObject
from ...base.refs import Ref
from ..safety import refuse
from ..symbols import Array, Kind
from . import builtin

NRN_VERSION = '9.0.2'


@builtin('numarg')
def numarg(interp):
    fr = interp.frame
    return float(len(fr.args)) if fr is not None and fr.func is not None else 0.0


@builtin('argtype')
def argtype(interp, i):
    fr = interp.frame
    if fr is None or fr.func is None:
        return -1.0
    k = int(i)
    if k < 1 or k > len(fr.args):
        return -1.0
    a = fr.args[k - 1]
    if isinstance(a, Ref):
        return 3.0
    if isinstance(a, str):
        return 2.0
    if isinstance(a, (float, int)):
        return 0.0
    return 1.0


@builtin('name_declared')
def name_declared(interp, name, top_only=0.0):
    name = str(name)
    code = interp.name_declared(name, bool(top_only))
    if code == 0 and (not top_only or not interp.obj_stack):
        # the simulator's names are built in (NEURON: IClamp, MechanismType, finitialize, hh 1;
        # t 5), though pyhoc's tables (pyhoc.sim.registry) make them only when first used
        from ...sim import registry
        from .. import library
        if name in registry.GLOBALS:
            code = 5
        elif (name in registry.CLASSES or name in registry.POINT_PROCESSES
              or name in registry.FUNCTIONS or name in registry.MECHANISMS
              or library.function(name) or library.class_path(name)
              or registry.is_range_name(name)):
            code = 1
    return float(code)


@builtin('section_exists')
def section_exists(interp, name, *rest):
    """section_exists("name"[, index][, obj]): 1 if that section (of obj, else at top level)
    exists and was not deleted; "name[i]" names an element of a section array too."""
    index, obj = 0, None
    for a in rest:
        if isinstance(a, (float, int)):
            index = int(a)
        else:
            obj = a
    name = str(name)
    m = re.fullmatch(r'(\w+)\[(\d+)\]', name)
    if m:
        name, index = m.group(1), int(m.group(2))
    ns = obj.ns if obj is not None else interp.top
    sym = ns.syms.get(name)
    if sym is None or sym.kind is not Kind.SEC:
        return 0.0
    sec = sym.value
    if isinstance(sec, Array):
        if not 0 <= index < len(sec.data):
            return 0.0
        sec = sec.data[index]
    return 0.0 if sec is None or sec.deleted else 1.0


@builtin('object_id')
def object_id(interp, obj=None, index=0.0):
    if obj is None:
        return -1.0 if index else 0.0
    if index:
        idx = getattr(obj, 'hoc_index', None)
        return float(idx()) if idx is not None else -1.0
    return float(id(obj))


@builtin('object_push')
def object_push(interp, obj):
    if obj is None:
        raise HocError('object_push: nil object')
    interp.obj_stack.append(obj)
    return 0.0


@builtin('object_pop')
def object_pop(interp):
    if not interp.obj_stack:
        raise HocError('object_pop: no object pushed')
    interp.obj_stack.pop()
    return 0.0


@builtin('object_pushed')
def object_pushed(interp, i=0.0):
    k = int(i)
    if k < 0 or k >= len(interp.obj_stack):
        return None
    return interp.obj_stack[-1 - k]


@builtin('startsw')
def startsw(interp):
    interp.stopwatch = time.time()
    return interp.stopwatch


@builtin('stopsw')
def stopsw(interp):
    now = time.time()
    elapsed = now - interp.stopwatch
    interp.stopwatch = now
    return elapsed


@builtin('quit')
def hoc_quit(interp, status=0.0):
    try:
        interp.stdout.flush()
    except Exception:
        pass
    raise HocExit(int(status))


@builtin('execerror')
def execerror(interp, msg='', detail=''):
    raise HocError(('%s %s' % (msg, detail)).strip())


@builtin('unix_mac_pc')
def unix_mac_pc(interp):
    return 4.0 if sys.platform == 'darwin' else (3.0 if sys.platform.startswith('win') else 1.0)


@builtin('nrnversion')
def nrnversion(interp, i=None):
    if i is None:
        return 'NEURON -- VERSION %s (pyhoc) 2026-11-25' % NRN_VERSION
    k = int(i)
    if k == 5:
        return NRN_VERSION
    if k in (0, 1):
        return NRN_VERSION
    return 'NEURON -- VERSION %s (pyhoc)' % NRN_VERSION


@builtin('neuronhome')
def neuronhome(interp):
    from ..files import neuronhome as home
    return home()


@builtin('machine_name')
def machine_name(interp, target=None):
    from ...base.refs import set_string
    name = platform.node()
    if target is not None:
        set_string(target, name)
    return 0.0


@builtin('units')
def units(interp, *args):
    return ''


@builtin('variable_domain')
def variable_domain(interp, *args):
    return 0.0


@builtin('nrn_load_dll')
def nrn_load_dll(interp, path=''):
    interp.stderr.write('nrn_load_dll: pyhoc cannot load compiled mechanisms (%s)\n' % path)
    return 0.0


@builtin('nrnpython')
def nrnpython(interp, code):
    refuse(interp, 'nrnpython')
    namespace = interp.python_namespace()
    try:
        exec(str(code), namespace)
    except Exception as e:  # a Python error in user code: report, return 0 as NEURON does
        interp.stderr.write('nrnpython: %s: %s\n' % (type(e).__name__, e))
        return 0.0
    return 1.0


@builtin('coredump_on_error')
def coredump_on_error(interp, *args):
    return 0.0


@builtin('show_winio')
def show_winio(interp, show):
    """Shows or hides the console window on MS Windows; elsewhere does nothing, returns 0."""
    return 0.0


@builtin('show_errmess_always')
def show_errmess_always(interp, *args):
    return 0.0


@builtin('use_exp_pow_precision')
def use_exp_pow_precision(interp, *args):
    return 0.0


@builtin('allobjects')
def allobjects(interp, name=None, count_only=None):
    objs = interp.all_objects(None if name is None else str(name))
    for o in objs:
        interp.write('%s with %d refs\n' % (o.hoc_name(), interp.hoc_refcount(o)))
    return 0.0


@builtin('allobjectvars')
def allobjectvars(interp):
    for name, sym in sorted(interp.top.syms.items()):
        if sym.kind is Kind.OBJ:
            values = sym.value.data if isinstance(sym.value, Array) else [sym.value]
            for k, v in enumerate(values):
                label = name if not isinstance(sym.value, Array) else '%s[%d]' % (name, k)
                interp.write('obp hoc_obj_[%s] -> %s\n' % (label, 'NULL' if v is None
                                                          else v.hoc_name()))
    return 0.0
