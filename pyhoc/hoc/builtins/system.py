"""Interpreter built-ins: arguments, objects, declarations, timing, errors, process control."""
from __future__ import annotations

import os
import re
import sys
import time

from ...errors import HocError, HocExit, chkarg, traceback_from
from ...base.objects import HocObject
from ...base.refs import Ref
from ..safety import refuse
from ..symbols import Array, Kind
from . import builtin, object_arg, string_arg

NRN_VERSION = '9.0.2'


@builtin('numarg')
def numarg(interp):
    fr = interp.frame
    return float(len(fr.args)) if fr is not None and fr.func is not None else 0.0


@builtin('argtype')
def argtype(interp, i):
    fr = interp.frame
    if fr is None or fr.func is None:
        raise HocError('argtype can only be called in a func or proc')
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
    name = string_arg(name)
    code = interp.name_declared(name, bool(top_only))
    if code == 0 and (not top_only or not interp.obj_stack):
        # the simulator's names are built in (NEURON: IClamp, MechanismType, finitialize, hh 1;
        # t 5), though pyhoc's tables (pyhoc.sim.registry) make them only when first used
        # (those a .mod file added count only in the interpreter that loaded it)
        from .. import library
        sim = interp.sim
        if sim.is_global(name) or sim.is_mechanism_global(name):
            code = 5
        elif sim.knows(name) or library.function(name) or library.class_path(name):
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
    name = string_arg(name)
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
def object_id(interp, obj, index=0.0):
    if object_arg(obj) is None:
        return -1.0 if index else 0.0
    if index:
        idx = getattr(obj, 'hoc_index', None)
        return float(idx()) if idx is not None else -1.0
    return float(id(obj))


@builtin('object_push')
def object_push(interp, obj):
    if object_arg(obj) is None:
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
def object_pushed(interp, i):
    k = int(chkarg(i, 0.0, len(interp.obj_stack)))       # (NEURON's range: 0..pushed count)
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
    import platform
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
    """Load the mechanisms of a NEURON-compiled library by translating the .mod files it was
    built from (the folder above x86_64/), or of a .mod file or folder (pyhoc.nmodl.load)."""
    from ...nmodl.load import load_path
    return 1.0 if load_path(interp.sim.model, str(path)) else 0.0


@builtin('nrnpython')
def nrnpython(interp, code):
    refuse(interp, 'nrnpython')
    namespace = interp.python_namespace()
    try:
        exec(compile(str(code), '<string>', 'exec'), namespace)
    except Exception as e:  # a Python error in user code: its traceback, 0, as NEURON's
        import traceback
        tb = traceback_from(e.__traceback__, '<string>')    # (as Python's C API shows it)
        interp.stderr.write(''.join(traceback.format_exception(type(e), e, tb)))
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


@builtin('nrn_mallinfo')
def nrn_mallinfo(interp, item):
    """nrn_mallinfo(i): bytes of the C heap (glibc's mallinfo2: 0 in use + mmapped, 1 in use,
    2 mmapped, 3 arena, 4 free, 5 mmapped blocks, 6 mmapped + arena); 0 where unsupported."""
    i = int(chkarg(item, 0, 6))
    m = _mallinfo()
    if m is None:
        return 0.0
    fields = {1: m.uordblks, 2: m.hblkhd, 3: m.arena, 4: m.fordblks, 5: m.hblks,
              6: m.hblkhd + m.arena}
    return float(fields.get(i, m.hblkhd + m.uordblks))


def _mallinfo():
    import ctypes
    import ctypes.util

    class Mallinfo2(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in (
            'arena', 'ordblks', 'smblks', 'hblks', 'hblkhd', 'usmblks', 'fsmblks',
            'uordblks', 'fordblks', 'keepcost')]
    try:
        libc = ctypes.CDLL(ctypes.util.find_library('c'))
        fn = libc.mallinfo2
    except (OSError, AttributeError, TypeError):
        return None
    fn.restype = Mallinfo2
    return fn()


_FE_MASK = 13    # FE_DIVBYZERO | FE_INVALID | FE_OVERFLOW on x86, as NEURON enables them


@builtin('nrn_feenableexcept')
def nrn_feenableexcept(interp, on=1.0):
    """nrn_feenableexcept([1|0]): make floating-point division by zero, invalid operations and
    overflow stop the computation with an error (NumPy's ``seterr``; the compiled fixed-step
    loop is not checked) or, with 0, let them give inf/nan again.  Returns the previous mask,
    as feenableexcept does."""
    import numpy as np
    on = chkarg(on, 0, 1)
    old = np.geterr()
    prev = _FE_MASK if all(old[k] == 'raise' for k in ('divide', 'invalid', 'over')) else 0
    if on:
        np.seterr(divide='raise', invalid='raise', over='raise')
    else:
        np.seterr(divide='warn', invalid='warn', over='warn')
    return float(prev)


def config_items() -> list[tuple[str, str]]:
    """nrn_get_config_key/val: how this pyhoc is built, under NEURON's CMake option names."""
    import importlib.util
    import platform
    import sysconfig
    have = lambda m: 'ON' if importlib.util.find_spec(m) is not None else 'OFF'  # noqa: E731
    return [
        ('NRN_ENABLE_INTERVIEWS', 'OFF'),
        ('NRN_ENABLE_MECH_DLL_STYLE', 'OFF'),
        ('NRN_ENABLE_PYTHON', 'ON'),
        ('NRN_ENABLE_MUSIC', 'OFF'),
        ('NRN_ENABLE_THREADS', 'OFF'),
        ('NRN_ENABLE_MPI', have('mpi4py')),
        ('NRN_ENABLE_RX3D', 'OFF'),
        ('NRN_ENABLE_CORENEURON', 'OFF'),
        ('NRN_ENABLE_NUMBA', have('numba')),
        ('PYTHON_EXECUTABLE', sys.executable),
        ('PYTHON_VERSION', platform.python_version()),
        ('PLATFORM', sysconfig.get_platform()),
        ('PYHOC_VERSION', _pyhoc_version()),
    ]


def _pyhoc_version() -> str:
    try:
        from importlib.metadata import version
        return version('pyhoc-sim')
    except Exception:
        return 'unknown'


@builtin('nrn_num_config_keys')
def nrn_num_config_keys(interp):
    return float(len(config_items()))


def _config(i) -> tuple[str, str]:
    items = config_items()
    return items[int(chkarg(i, 0, len(items) - 1))]


@builtin('nrn_get_config_key')
def nrn_get_config_key(interp, i):
    return _config(i)[0]


@builtin('nrn_get_config_val')
def nrn_get_config_val(interp, i):
    return _config(i)[1]


@builtin('nrniv_bind_thread')
def nrniv_bind_thread(interp, *args):
    """Binds the GUI to the calling thread on MS Windows; elsewhere nothing (NEURON 9's
    returns 0 there)."""
    return 0.0


@builtin('nrnunit_use_legacy')
def nrnunit_use_legacy(interp, legacy=None):
    """Only modern units exist (as in NEURON 9): warns, refuses 1, returns 0."""
    interp.warning('nrnunit_use_legacy() is deprecated as only modern units are supported. '
                   'If you want to still use legacy unit you can use a version of nrn < 9.')
    if legacy is not None and chkarg(legacy, 0, 1) == 1:
        raise HocError("'nrnunit_use_legacy(1)' have been called but legacy units are no more"
                       " supported.")
    return 0.0


@builtin('coreneuron_handle')
def coreneuron_handle(interp):
    """1 when CoreNEURON's library can be loaded: pyhoc has no CoreNEURON, so 0."""
    return 0.0
