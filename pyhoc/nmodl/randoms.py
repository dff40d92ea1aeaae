"""The random numbers translated ``.mod`` files draw, as NEURON 9.0.2 makes them, and the
run-time side of VERBATIM C.

scopmath's functions over one process-wide generator (``scop_random``: the 32-bit linear
congruence a*x + c of NEURON's scoprand.cpp, or mcell_ran4 once ``use_mcell_ran4(1)``;
``set_seed``; ``exprand``, ``normrand`` (polar method), ``poisrand``), and the handles VERBATIM
code keeps in a POINTER or BBCOREPOINTER (a HOC Random object from ``nrn_random_arg``, a
Random123 stream from ``nrnran123_newstream``): the handle's variable holds a key into a
process-wide table (0 is NULL), so it lives in the instance's data row like any variable.
Also the rest of what VERBATIM C calls at run time (pyhoc.nmodl.verbatim writes the calls):
the HOC call's arguments, NEURON's Vector/List/HOC interface from C, install_vector_method,
C's heap, strings, stdio and drand48, and the error of C set aside.
Everything here is plain Python: generated code that calls it runs outside numba.
"""
from __future__ import annotations

import math

import numpy as np

from ..base import rng

_M32 = 0xFFFFFFFF
_state = [1]        # scop_random's uint32 value (a C static in NEURON, shared by all .mod)


def scop_random() -> float:
    """Uniform on [0, 1]: NEURON's scop_random."""
    if rng.use_mcell_ran4():
        x, _state[0] = rng.mcell_ran4a(_state[0])
        return x
    v = (2147437301 * _state[0] + 453816981) & _M32
    _state[0] = v
    return v / 4294967295.0


def set_seed(seed: float) -> float:
    """set_seed(x): the generator's value becomes (uint32_t) x."""
    _state[0] = rng.double_to_uint32(seed)
    return 0.0


def _log(x: float) -> float:
    return math.log(x) if x > 0.0 else (-math.inf if x == 0.0 else math.nan)


def exprand(mean: float) -> float:
    return -mean * _log(scop_random())


def normrand(mean: float, std_dev: float) -> float:
    s = 1.0
    while s >= 1.0:
        v1 = 2.0 * scop_random() - 1.0
        v2 = 2.0 * scop_random() - 1.0
        s = v1 * v1 + v2 * v2
    v2 = v1 * math.sqrt(-2.0 * _log(s) / s)
    return v2 * std_dev + mean


def poisrand(mean: float) -> float:
    n = 0
    s = math.exp(-mean)
    q = 1.0
    while q >= s:
        q *= scop_random()
        n += 1
    return float(n - 1)


def reset() -> None:
    """The generator as at start-up (value 1), for tests."""
    _state[0] = 1


# ---------------------------------------------------------------- handles (VERBATIM pointers)
_handles: dict = {}         # key -> object
_keys: dict = {}            # id(object) -> key


def handle(obj) -> float:
    """The key (a positive double) a handle variable stores for ``obj``."""
    k = _keys.get(id(obj))
    if k is None or _handles.get(k) is not obj:
        k = float(len(_handles) + 1)
        _handles[k] = obj
        _keys[id(obj)] = k
    return k


def deref(key: float):
    obj = _handles.get(key)
    if obj is None:
        from ..errors import HocError
        raise HocError('a random-number handle of a .mod file is NULL or stale')
    return obj


def handle_of(obj) -> float:
    """``*(void**)(&x) = p``: the key a double keeps for the C pointer p (0 for NULL)."""
    return 0.0 if obj is None else handle(obj)


def deref_or_none(key: float):
    """``*(void**)(&x)``: the C pointer a double keeps (None for NULL: a key of 0)."""
    if key == 0.0:
        return None
    return deref(key)


def random_arg(arg) -> float:
    """nrn_random_arg(i): the i-th argument, a HOC Random object, as a handle."""
    if type(arg).__name__ != 'Random':
        from ..errors import HocError
        raise HocError('nrn_random_arg: the argument is not a Random object')
    return handle(arg)


def random_pick(key: float) -> float:
    """nrn_random_pick(r): the Random object's last distribution drawn again (.5 for NULL)."""
    if key == 0.0:
        return 0.5
    return float(deref(key).repick())


def random_seq(key: float, seq=None) -> float:
    """nrn_get_random_sequence / nrn_set_random_sequence of an MCellRan4 Random."""
    r = deref(key)
    return float(r.seq() if seq is None else r.seq(seq))


def ran123_new(id1: float, id2: float = 0.0, id3: float = 0.0) -> float:
    """nrnran123_newstream(3): a Random123 stream as a handle."""
    return handle(rng.Random123Stream(int(id1) & _M32, int(id2) & _M32, int(id3) & _M32))


def ran123_uniform(key: float) -> float:
    return deref(key).uniform01()


def ran123_negexp(key: float) -> float:
    return deref(key).negexp(1.0)


def ran123_normal(key: float) -> float:
    return deref(key).normal(0.0, 1.0)


def ran123_setseq(key: float, seq: float, which: float) -> float:
    deref(key).setseq2(int(seq) & _M32, int(which))
    return 0.0


def ran123_ipick(key: float) -> float:
    return float(deref(key).ipick())


def ran123_delete(key: float) -> float:
    obj = _handles.pop(key, None)
    if obj is not None:
        _keys.pop(id(obj), None)
    return 0.0


def nmodl_random(op: str, key: float, *args) -> float:
    """NEURON 9's random_<op>(ranvar, ...) on a RANDOM variable's Random123 stream."""
    s = deref(key)
    if op == 'setseq':
        s.setseq(args[0])
    elif op == 'setids':
        s.setids(*(rng.double_to_uint32(a) for a in args))
    elif op == 'ipick':
        return float(s.ipick())
    else:
        return {'uniform': s.uniform, 'negexp': s.negexp, 'normal': s.normal}[op](*args)
    return 0.0


def new_random(model) -> tuple:
    """The stream of a RANDOM variable of a new instance in ``model`` and its handle: ids
    (1, 0, n), n counting the model's RANDOM streams from 1 in creation order (as NEURON's
    nrnran123_newstream() does in a process, and as NetStim's ranvar here)."""
    d = model.__dict__
    n = d.get('_ranvar_count', 0) + 1
    d['_ranvar_count'] = n
    s = rng.Random123Stream(1, 0, n)
    return s, handle(s)


# ---------------------------------------------------------------- HOC arguments from C
def vector_arg(arg):
    """vector_arg(i): the i-th argument, a HOC Vector."""
    if type(arg).__name__ != 'Vector':
        from ..errors import HocError
        raise HocError('vector_arg: the argument is not a Vector')
    return arg


def vector_vec(vec):
    """vector_vec(v): the Vector's elements (writes go to the Vector)."""
    return vec._buf


def vector_capacity(vec) -> int:
    return int(len(vec))


def vector_buf(vec):
    """The ``double*`` of vector_instance_px/vector_arg_px: the Vector's buffer (its
    elements first; writes go to the Vector until it grows past its capacity)."""
    return vec._buf


def vector_size(vec) -> int:
    return int(vec._n)


def vector_resize(vec, n):
    """vector_resize(v, n): v with n elements (new ones zero), as std::vector::resize."""
    vec._resize(int(n))
    return vec


def vector_buffer_size(vec) -> int:
    return int(len(vec._buf))


_C_DTYPES = {'int': np.int32, 'float': np.float32, 'double': np.float64, 'ptr': object}


def c_alloc(nbytes: int, kind: str):
    """calloc/malloc of ``nbytes`` for elements of C type ``kind``: an array of zeros."""
    size = 4 if kind in ('int', 'float') else 8
    return np.zeros(max(int(nbytes) // size, 0), dtype=_C_DTYPES[kind])


_vector_methods: dict = {}      # Vector method name -> the C function installed


def install_vector_method(name: str, fn, hoc: bool, *ctx) -> int:
    """install_vector_method("name", f): ``v.name(args)`` calls the C function f(v) (with
    the call's arguments when ``hoc``: f reads them) (a name the Vector class already has is a HOC error, as in
    NEURON; a library's second install replaces its own)."""
    from ..base import context
    Vector = type(context.current().eval_string('new Vector()'))    # (the host's class)
    if name not in _vector_methods and hasattr(Vector, name):
        from ..errors import HocError
        raise HocError('%s already a Vector method' % name)

    def method(self, *args):
        return float(fn(*ctx, self, _h=args) if hoc else fn(*ctx, self))
    method.__name__ = name
    _vector_methods[name] = fn
    setattr(Vector, name, method)
    return 0


def nargs(args) -> int:
    """How many arguments the HOC call gave (ifarg(i) is nargs >= i)."""
    return len(args)


def getarg(args, i: int) -> float:
    """*getarg(i) of the HOC call's arguments ``args``."""
    if i > len(args):
        from ..errors import HocError
        raise HocError('getarg: argument %d not given' % i)
    return float(args[i - 1])


def printf(fmt: str, *args) -> float:
    """C's printf (the formats ModelDB uses: %d %g %f %e %s %c) onto stdout."""
    import sys
    sys.stdout.write(_cformat(fmt, args))
    return 0.0


def _cformat(fmt: str, args) -> str:
    import re
    out, k = [], 0
    pos = 0
    for m in re.finditer(r'%([-+ #0]*\d*(?:\.\d+)?)(l{0,2}|h)?([diouxXeEfgGcs%])', fmt):
        out.append(fmt[pos:m.start()])
        pos = m.end()
        conv = m.group(3)
        if conv == '%':
            out.append('%')
            continue
        a = args[k] if k < len(args) else 0
        k += 1
        if conv in 'diouxX':
            a = int(a)
            if conv == 'u':
                conv = 'd'
        elif conv == 'c':
            a = chr(int(a))
        elif conv == 's':
            a = str(a)
        else:
            a = float(a)
        out.append(('%' + m.group(1) + conv) % a)
    out.append(fmt[pos:])
    return ''.join(out)


def execerror(s1, s2=None) -> float:
    """hoc_execerror(s1, s2): a HOC error with the two messages."""
    from ..errors import HocError
    raise HocError(' '.join(str(s) for s in (s1, s2) if s))


# ---------------------------------------------------------------- C functions across files
_c_exports: dict = {}       # C function name -> the generated function (the last file's)


def c_export(name: str, fn) -> None:
    """A C function a translated file defines, for the ``extern`` of the others (NEURON links
    all the .mod files of a build into one library)."""
    _c_exports[name] = fn


def c_extern(name: str):
    """The C function ``name`` another translated file defines (a HOC error if none)."""
    fn = _c_exports.get(name)
    if fn is None:
        from ..errors import HocError
        raise HocError('VERBATIM calls the C function %s, which no loaded .mod file defines'
                       % name)
    return fn


def c_time() -> int:
    """C's time(0): seconds since the epoch."""
    import time
    return int(time.time())


# ---------------------------------------------------------------- HOC from C
def _arg(args, i: int):
    if not 1 <= i <= len(args):
        from ..errors import HocError
        raise HocError('arg %d out of range' % i)
    return args[i - 1]


def objgetarg(args, i: int):
    """*hoc_objgetarg(i): the object argument i (a HOC error if it is not one)."""
    a = _arg(args, i)
    if not is_object_arg(args, i) and a is not None:
        from ..errors import HocError
        raise HocError('arg %d: expected an object' % i)
    return a


def gargstr(args, i: int) -> str:
    a = _arg(args, i)
    a = getattr(a, 'value', a)          # (a strdef given by reference)
    if not isinstance(a, str):
        from ..errors import HocError
        raise HocError('arg %d: expected a string' % i)
    return a


def is_object_arg(args, i: int) -> int:
    from ..base.objects import HocObject
    a = _arg(args, i)
    return int(a is None or isinstance(a, HocObject))


def is_double_arg(args, i: int) -> int:
    return int(isinstance(_arg(args, i), (int, float)))


def is_str_arg(args, i: int) -> int:
    a = _arg(args, i)
    return int(isinstance(getattr(a, 'value', a), str) and not isinstance(a, (int, float)))


def is_pdouble_arg(args, i: int) -> int:
    from ..base.refs import Ref
    return int(isinstance(_arg(args, i), Ref))


def list_count(lst) -> int:
    return int(lst.count())


def list_item(lst, i):
    return lst.object(float(i))


def object_name(obj) -> str:
    return obj.hoc_name()


def hoc_lookup(name: str):
    """hoc_lookup(name): the HOC function of that name (None if HOC has no such name)."""
    from ..base import context
    interp = context.current()
    return name if name in interp.top.syms or interp.builtin_sym(name) is not None else None


_stack: list = []       # hoc_pushx's arguments for the next hoc_call_func


def pushx(x: float) -> int:
    _stack.append(float(x))
    return 0


def call_func(fn, n: int) -> float:
    """hoc_call_func(sym, n): the HOC function with the last n values pushed."""
    from ..base import context
    n = int(n)
    args = _stack[len(_stack) - n:] if n else []
    del _stack[len(_stack) - n:]
    return float(context.current().call(fn, *args))


def strcmp(a: str, b: str) -> int:
    return (a > b) - (a < b)


def strncmp(a: str, b: str, n: int) -> int:
    return strcmp(a[:int(n)], b[:int(n)])


def strlen(a: str) -> int:
    return len(a)


_drand = [0x1234ABCD330E]   # drand48's 48-bit state (C's default seed)


def drand48() -> float:
    """C's drand48: x = (0x5DEECE66D x + 0xB) mod 2^48, returned as x / 2^48."""
    _drand[0] = (0x5DEECE66D * _drand[0] + 0xB) & 0xFFFFFFFFFFFF
    return _drand[0] / 281474976710656.0


def srand48(seed) -> int:
    _drand[0] = ((int(seed) & 0xFFFFFFFF) << 16) | 0x330E
    return 0


def c_deref(p) -> float:
    """*p: the first element (a C string's first character code; 0 for an empty one)."""
    if isinstance(p, str):
        return float(ord(p[0])) if p else 0.0
    return float(p[0])


def access(path: str, mode: int) -> int:
    """C's access(path, mode): 0 when allowed, else -1."""
    import os
    return 0 if os.access(path, int(mode) or os.F_OK) else -1


def c_refused(msg: str) -> float:
    """The call of a C function the translator could not take (msg: file, line, the C)."""
    from ..errors import HocError
    raise HocError(msg)


def pgetarg(args, i: int):
    """hoc_pgetarg(i): the pointer argument i (``&x`` in HOC), read and written by [k]."""
    a = _arg(args, i)
    if not is_pdouble_arg(args, i):
        from ..errors import HocError
        raise HocError('arg %d: expected a pointer (&x)' % i)
    return a


def hoc_epsilon() -> float:
    """HOC's float_epsilon (the tolerance of its comparisons)."""
    from ..base import context
    return float(context.current().epsilon_sym.value)


def sprintf(fmt: str, *args) -> str:
    return _cformat(fmt, args)


def fprintf(stream, fmt: str, *args) -> float:
    """C's fprintf: onto a file fopen or a HOC File gave, else (stdout, stderr) stdout."""
    if not hasattr(stream, 'write'):
        return printf(fmt, *args)
    text = _cformat(fmt, args)
    stream.write(text.encode() if 'b' in getattr(stream, 'mode', '') else text)
    return 0.0


def getcwd() -> str:
    """C's getcwd: the working folder (HOC's chdir moves it)."""
    import os
    return os.getcwd()


def hoc_oc(text: str) -> int:
    """hoc_oc(text): HOC runs the text at its top level, as a file (0: done)."""
    from ..base import context
    context.current().execute(text, braced=False)
    return 0


def fopen(name: str, mode: str):
    """C's fopen: a binary Python file (None where C gives NULL)."""
    try:
        return open(name, mode.replace('b', '').replace('t', '') + 'b')
    except OSError:
        return None


def fclose(f) -> int:
    if f is not None:
        f.close()
    return 0


def fflush(f) -> int:
    if hasattr(f, 'flush'):
        f.flush()
    return 0


def obj_file_arg(args, i: int):
    """hoc_obj_file_arg(i): the open file of the HOC File argument i."""
    f = _arg(args, i)
    fh = getattr(f, '_fh', None)
    if fh is None:
        from ..errors import HocError
        raise HocError('arg %d: expected an open File' % i)
    return fh


def c_realloc(p, nbytes: int, kind: str):
    """realloc(p, nbytes): an array of the new size holding p's elements (zeros after)."""
    if p is None:
        return c_alloc(nbytes, kind or 'double')
    a = np.zeros(max(int(nbytes) // p.itemsize, 0), dtype=p.dtype)
    n = min(len(a), len(p))
    a[:n] = p[:n]
    return a
