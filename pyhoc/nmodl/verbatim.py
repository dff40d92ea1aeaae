"""VERBATIM blocks: the C that ModelDB's ``.mod`` files use most, translated to the generated
Python; every other block refused with the file, line and the C it could not take.

What is taken (docs/nmodl.md counts them on the corpus):

* top level: ``#include``, ``extern`` declarations and prototypes, constant strings such as
  rcsid, ``#define`` macros (object- and function-like), ``#if``/``#ifdef`` on NEURON 9's
  macros (NRNBBCORE 0, NRN_VERSION_GTEQ...), and CoreNEURON's ``bbcore_write``/
  ``bbcore_read`` (only used when a model moves to CoreNEURON: skipped);
* file-level C variables of numbers (scalars and arrays, with start values) and C functions
  of numbers (:func:`c_functions`), ``extern`` C functions of another file;
* in blocks: C statements (declarations of scalars, pointers and small arrays, ``static``
  ones kept between calls, assignments with ``= += -= *= /=`` & co., ``++``/``--``, if/else,
  while, for, do-while, switch, return, break) over C expressions (assignments inside them
  hoisted, the comma operator, ``float`` as np.float32); NMODL names as nocmodl's macros
  give them (``_l<local>``, range variables, globals, ``t``, ``dt``, ``v``); calls of the
  FUNCTIONs/PROCEDUREs (``_threadargscomma_``), C math (``exp`` is hoc_Exp as in nocmodl),
  scopmath's random functions, ``printf``, ``hoc_execerror``; the HOC arguments of a call
  from HOC (``ifarg``, ``*getarg``, ``vector_arg``/``vector_vec``/``vector_capacity``,
  ``nrn_random_arg``); random-number handles in a POINTER or BBCOREPOINTER (``_p_name``,
  ``(void**)(&_p_name)``, ``nrn_random_pick``, ``nrnran123_*``: :mod:`pyhoc.nmodl.randoms`).
* NEURON's C interface as Vector-method libraries (vecst.mod, matrix.mod...) use it: C
  functions of a Vector (``void*``) installed by ``install_vector_method``, a ``double*`` to a
  Vector's elements (``vector_instance_px``, ``vector_arg_px``, ``vector_vec``: its NumPy
  buffer), ``vector_resize``/``vector_newsize``/``vector_buffer_size``; pointers as Python
  values (file-level ones in the module's ``_cp``, heap arrays from ``calloc``/``malloc``/
  ``ecalloc`` with ``sizeof``, NULL tests, ``&x`` arguments as one-element boxes the callee
  writes through ``*p``/``T**``); HOC's objects, strings and functions (``*hoc_objgetarg``,
  ``hoc_is_*_arg``, ``gargstr``, Lists, ``hoc_lookup``/``hoc_pushx``/``hoc_call_func``),
  ``strcpy``/``strcmp``/``strlen``, ``drand48``; ``#include "x.h"`` beside the file (its
  macros and number typedefs).
* C the mechanism's blocks never run -- a C function (or a struct type, a variable of a type
  not taken) that INITIAL, BREAKPOINT, NET_RECEIVE... do not reach, a VERBATIM in a
  FUNCTION/PROCEDURE only HOC calls -- does not stop the file: running it is a HOC error
  naming the file, line and C (and a warning of the translation: pyhoc-modl prints it).  C a block needs is refused at once.

The C is parsed here (a small recursive-descent parser) and written as Python through the code
generator's names (``Gen.name_expr``).  Code that reaches :mod:`~pyhoc.nmodl.randoms` is
Python-only: a mechanism whose cur/state/ode kernels reach it says ``python_only`` and the
model runs its steps in Python (NET_RECEIVE, INITIAL and HOC calls always do).
"""
from __future__ import annotations

import ast as pyast
import math
import re

import numpy as np

from . import ast

# scopmath's functions over scop_random, callable from NMODL code and from C
RANDOM_FUNCS = {'scop_random': 0, 'set_seed': 1, 'exprand': 1, 'normrand': 2, 'poisrand': 1}
# ... as the generated code calls them with a mechanism's rng slot (pyhoc.nmodl.runtime._Scop)
SCOP_CALLS = {'scop_random': 'scop_uniform', 'set_seed': 'scop_set_seed',
              'exprand': 'scop_exprand', 'normrand': 'scop_normrand',
              'poisrand': 'scop_poisrand'}
# NEURON 9's random_<op>(ranvar, ...) on RANDOM variables
RANDOM_OPS = ('uniform', 'negexp', 'normal', 'setseq', 'setids', 'ipick')
_HOCARG_RE = re.compile(r'\b(ifarg|getarg|nrn_random_arg|vector_arg|vector_arg_px|'
                        r'hoc_is_\w+_arg|gargstr|hoc_pgetarg|hoc_objgetarg|hoc_obj_file_arg)\s*\(')
_HOC_CALLS = {'ifarg', 'getarg', 'nrn_random_arg', 'vector_arg', 'vector_arg_px', 'gargstr',
              'hoc_is_double_arg', 'hoc_is_object_arg', 'hoc_is_str_arg', 'hoc_pgetarg',
              'hoc_objgetarg', 'hoc_is_pdouble_arg', 'hoc_obj_file_arg'}
_EXECERROR = re.compile(r'\bhoc_execerror\s*\(')
_HANDLE_RE = r'(nrn_random_pick|nrn_random_arg|nrnran123_\w+|\(\s*void\s*\*\*\s*\))'
# NEURON 9.0.2's macros as VERBATIM sees them (t and dt: defined, for #if only)
_DEFINED = {'NRN_VERSION_GTEQ_8_2_0': '1', 'NRN_VERSION_GTEQ_9_0_0': '1',
            'NRN_MECHANISM_DATA_IS_SOA': '1', 'NRNBBCORE': '0', 'RANDCAST': '',
            'NRN_VECTORIZED': '1', 't': '1', 'dt': '1'}
_VERSION = (9, 0, 2)
SET_ASIDE = 'VERBATIM C not translated (a HOC error if it runs):'
_DIR, _INCLUDED, _HEADERS = ' dir', ' included', ' headers'     # (keys of the macros: not C names)
_TYPES = {'double', 'float', 'int', 'long', 'short', 'unsigned', 'signed', 'char', 'void',
          'static', 'const', 'register', 'extern', 'size_t', 'uint32_t', 'int32_t',
          'Rand', 'Object', 'nrnran123_State', 'IvocVect', 'volatile', 'inline', 'Symbol',
          'FILE'}
_INT_TYPES = {'int', 'long', 'short', 'unsigned', 'signed', 'char', 'size_t', 'uint32_t',
              'int32_t'}
_MATH = {'fabs': 'math.fabs', 'sqrt': 'c_sqrt', 'sin': 'math.sin', 'cos': 'math.cos',
         'tan': 'math.tan', 'acos': 'c_acos', 'asin': 'c_asin', 'atan': 'math.atan',
         'atan2': 'math.atan2', 'sinh': 'math.sinh', 'cosh': 'math.cosh', 'tanh': 'math.tanh',
         'floor': 'math.floor', 'ceil': 'math.ceil', 'fmod': 'np.fmod',
         'log10': 'c_log10', 'log': 'c_log', 'pow': 'c_pow', 'exp': 'hoc_exp',
         'hoc_Exp': 'hoc_exp', 'erf': 'math.erf', 'fmax': 'max', 'fmin': 'min'}
_RND = {'nrn_random_pick': ('random_pick', 1), 'nrnran123_dblpick': ('ran123_uniform', 1),
        'nrnran123_uniform': ('ran123_uniform', 1), 'nrnran123_negexp': ('ran123_negexp', 1),
        'nrnran123_normal': ('ran123_normal', 1), 'nrnran123_ipick': ('ran123_ipick', 1),
        'nrnran123_setseq': ('ran123_setseq', 3), 'nrnran123_deletestream': ('ran123_delete', 1),
        'nrnran123_newstream': ('ran123_new', 2), 'nrnran123_newstream3': ('ran123_new', 3),
        'nrn_get_random_sequence': ('random_seq', 1),
        'nrn_set_random_sequence': ('random_seq', 2)}
_THREADARGS = {'_threadargs_', '_threadargscomma_', '_threadargsproto_',
               '_threadargsprotocomma_'}
_TOKEN = re.compile(r'''
    (?P<ws>\s+|\\\n)
  | (?P<num>(?:0[xX][0-9a-fA-F]+|(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?)[uUlLfF]*)
  | (?P<name>[A-Za-z_]\w*)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<chr>'(?:[^'\\\n]|\\.)+')
  | (?P<op><<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^]=|[-+*/%<>=!~&|^?:;,.(){}\[\]])
''', re.X)


_C_FUNCS = {'abs', 'labs', 'ifarg', 'getarg', 'nrn_random_arg', 'vector_arg', 'vector_vec',
            'vector_capacity', 'printf', 'fprintf', 'fflush', 'hoc_execerror', 'time'}
# NEURON's C interface to HOC: name -> ('arg', randoms function, kind) of an argument of the
# HOC call, or ('', randoms function, kind)
_HOC_API = {
    'hoc_objgetarg': ('arg', 'objgetarg', 'ptr'), 'gargstr': ('arg', 'gargstr', 'ptr'),
    'hoc_is_object_arg': ('arg', 'is_object_arg', 'int'),
    'hoc_is_double_arg': ('arg', 'is_double_arg', 'int'),
    'hoc_is_str_arg': ('arg', 'is_str_arg', 'int'),
    'hoc_is_pdouble_arg': ('arg', 'is_pdouble_arg', 'int'),
    'hoc_pgetarg': ('arg', 'pgetarg', 'ptr'),
    'ivoc_list_count': ('', 'list_count', 'int'), 'ivoc_list_item': ('', 'list_item', 'ptr'),
    'hoc_object_name': ('', 'object_name', 'ptr'), 'hoc_lookup': ('', 'hoc_lookup', 'ptr'),
    'hoc_pushx': ('', 'pushx', 'int'), 'hoc_call_func': ('', 'call_func', 'double'),
    'strcmp': ('', 'strcmp', 'int'), 'strncmp': ('', 'strncmp', 'int'),
    'strlen': ('', 'strlen', 'int'), 'strcpy': ('', '', 'ptr'), 'sprintf': ('', '', 'int'),
    'drand48': ('', 'drand48', 'double'), 'srand48': ('', 'srand48', 'int'),
    'access': ('', 'access', 'int'), 'fopen': ('', 'fopen', 'ptr'),
    'fclose': ('', 'fclose', 'int'), 'hoc_obj_file_arg': ('arg', 'obj_file_arg', 'ptr'),
    'hoc_oc': ('', 'hoc_oc', 'int'), 'getcwd': ('', '', 'ptr'),
}
# NEURON's Vector interface from C, the C heap
_VEC_CALLS = {'install_vector_method', 'vector_instance_px', 'vector_arg_px', 'vector_resize',
              'vector_newsize', 'vector_buffer_size', 'ecalloc', 'calloc', 'emalloc',
              'malloc', 'hoc_Ecalloc', 'hoc_Emalloc', 'free', 'realloc'}
_ASSIGN = ('=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '|=', '^=')
_ZERO = {'int': '0', 'double': '0.0', 'float': 'np.float32(0.0)', 'void': '0.0', 'ptr': 'None'}


_LIMITS = {'F_OK': 0, 'R_OK': 4, 'W_OK': 2, 'X_OK': 1, 'INT_MAX': 2147483647, 'INT_MIN': -2147483648, 'UINT_MAX': 4294967295,
           'LONG_MAX': 9223372036854775807, 'LONG_MIN': -9223372036854775808,
           'RAND_MAX': 2147483647}


def _rv(x: str, k: str):
    """(text, kind) of reading x: a C int or float kept in a glob slot (a double) read as
    one."""
    if x.startswith('glob[') and k == 'int':
        return 'int(%s)' % x, k
    if x.startswith('glob[') and k == 'float':
        return 'np.float32(%s)' % x, k
    return x, k


def _garray(kind: str) -> str:
    return 'garray' if kind == 'double' else 'garray:' + kind


def _kind_of(words) -> str:
    """The kind of a C type's words: 'double', 'float', 'int' or 'void'."""
    w = set(words)
    if 'double' in w:
        return 'double'
    if 'float' in w:
        return 'float'
    if _INT_TYPES & w:
        return 'int'
    return 'void' if 'void' in w else 'double'


class CError(Exception):
    """C the translator cannot take: the message says what (``line``: where, when known)."""

    line = None


# ---------------------------------------------------------------- preprocessor and tokens
def _pp_value(expr: str, macros: dict) -> bool:
    e = re.sub(r'defined\s*\(\s*(\w+)\s*\)|defined\s+(\w+)',
               lambda m: ' 1 ' if _defined(m.group(1) or m.group(2), macros) else ' 0 ', expr)
    e = re.sub(r'NRN_VERSION_(GTEQ|GT|LT|LTEQ|EQ|NEQ)\s*\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)',
               lambda m: ' %d ' % _version_cmp(m.group(1), tuple(int(m.group(i))
                                                                 for i in (2, 3, 4))), e)
    e = re.sub(r'\b[A-Za-z_]\w*\b', lambda m: ' %s ' % (macros.get(m.group(0)) or '0'), e)
    e = e.replace('&&', ' and ').replace('||', ' or ')
    e = re.sub(r'!(?!=)', ' not ', e)
    try:
        return bool(eval(e, {'__builtins__': {}}))        # noqa: S307 (digits and operators)
    except Exception:
        raise CError('#if %s' % expr.strip()) from None


def _defined(name: str, macros: dict) -> bool:
    return name in macros or name in macros.get(_FN, {})


def _version_cmp(op: str, v: tuple) -> bool:
    return {'GTEQ': _VERSION >= v, 'GT': _VERSION > v, 'LT': _VERSION < v,
            'LTEQ': _VERSION <= v, 'EQ': _VERSION == v, 'NEQ': _VERSION != v}[op]


# strings, // and /* */ comments, in C's order (a /* inside a // comment opens nothing)
_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|//[^\n]*|/\*.*?\*/', re.S)


def _uncomment(m) -> str:
    s = m.group(0)
    if s.startswith('//'):
        return ''
    if s.startswith('/*'):
        return '\n' * s.count('\n') or ' '
    return s


def preprocess(text: str, macros: dict) -> str:
    """The C text with comments removed, #if-families resolved and #define'd macros
    recorded in ``macros`` (name -> replacement text); #include lines dropped."""
    text = _COMMENT.sub(_uncomment, text)
    text = _typedefs(text, macros)
    lines = text.split('\n')
    for k in range(len(lines) - 1):     # a line continued by a backslash: joined (its
        if lines[k].endswith('\\'):      # continuation blank, so lines keep their numbers)
            lines[k + 1], lines[k] = lines[k][:-1] + ' ' + lines[k + 1], ''
    out, stack = [], []         # stack: (taking, taken-already) per open #if
    for k, line in enumerate(lines):
        try:
            _pp_line(line, out, stack, macros)
        except CError as e:
            e.line = k
            raise
    if stack:
        raise CError('#if without #endif')
    return '\n'.join(out)


def _include(name: str, macros: dict) -> None:
    """#include "name" of a header beside the .mod file: its macros and typedefs now, its C
    (declarations, functions) at file level after the VERBATIM that includes it."""
    import os
    path = os.path.join(macros.get(_DIR) or '.', name)
    if not os.path.isfile(path) or path in macros.setdefault(_INCLUDED, set()):
        return
    macros[_INCLUDED].add(path)
    with open(path, errors='replace') as f:
        text = f.read()
    preprocess(text, macros)
    macros.setdefault(_HEADERS, []).append((path, text))


def _typedefs(text: str, macros: dict) -> str:
    """``typedef unsigned int ui4;``: ui4 a macro of its C number type (the line blanked)."""
    def sub(m):
        words = m.group(1).split()
        if not set(words) <= _TYPES:
            return m.group(0)
        macros[m.group(2)] = ' '.join(words)
        return ''
    return re.sub(r'\btypedef\s+([\w\s]+?)\s+(\w+)\s*;', sub, text)


def _pp_line(line: str, out: list, stack: list, macros: dict) -> None:
    """One line through the preprocessor (out: the lines kept, blank where dropped)."""
    s = line.strip()
    live = all(t for t, _ in stack)
    out.append(line if live and not s.startswith('#') else '')     # (lines kept)
    if s.startswith('#'):
        d = s[1:].strip()
        word = re.match(r'\w*', d).group(0)
        rest = d[len(word):].strip()
        if word in ('if', 'ifdef', 'ifndef'):
            if not live:
                stack.append((False, True))
                return
            v = (_pp_value(rest, macros) if word == 'if' else
                 _defined(rest.split()[0], macros) == (word == 'ifdef'))
            stack.append((v, v))
        elif word in ('elif', 'else'):
            if not stack:
                raise CError('#%s without #if' % word)
            _, done = stack.pop()
            outer = all(t for t, _ in stack)
            v = outer and not done and (word == 'else' or _pp_value(rest, macros))
            stack.append((v, done or v))
        elif word == 'endif':
            if not stack:
                raise CError('#endif without #if')
            stack.pop()
        elif live and word == 'include' and rest.startswith('"'):
            _include(rest.strip('"'), macros)
        elif not live or word in ('include', 'pragma'):
            pass
        elif word == 'define':
            m = re.match(r'(\w+)(\(.*?\))?\s*(.*)$', rest)
            if m is None:
                raise CError(s)
            if m.group(2):          # NAME(a, b) body
                params = [x.strip() for x in m.group(2)[1:-1].split(',') if x.strip()]
                if '#' in m.group(3) or '...' in params:
                    raise CError('a #define of # or ## or ... %s' % m.group(1))
                macros.pop(m.group(1), None)
                macros.setdefault(_FN, {})[m.group(1)] = (params, m.group(3))
            else:
                macros.get(_FN, {}).pop(m.group(1), None)
                macros[m.group(1)] = m.group(3)
        elif word == 'undef':
            macros.pop(rest.split()[0], None)
            macros.get(_FN, {}).pop(rest.split()[0], None)
        else:
            raise CError(s)


def tokens(text: str, macros: dict, line: int = 0) -> list:
    """(kind, text, line) tokens of preprocessed C (line: from 0 at the text's start),
    object-like macros expanded."""
    out, pos, n = [], 0, len(text)
    while pos < n:
        m = _TOKEN.match(text, pos)
        if m is None:
            raise CError('cannot read %r' % text[pos:pos + 20])
        pos = m.end()
        kind = m.lastgroup
        s = m.group(0)
        if kind == 'ws':
            line += s.count('\n')
            continue
        if kind == 'name' and s in macros and s not in ('t', 'dt'):
            out.extend(tokens(macros[s], {k: v for k, v in macros.items() if k != s}, line))
            continue
        fn = macros.get(_FN, {}).get(s) if kind == 'name' else None
        if fn is not None and re.match(r'\s*\(', text[pos:]):
            at = pos
            args, pos = _macro_args(text, text.index('(', pos) + 1)
            params, body = fn
            if len(args) != len(params) and not (params == [] and args == ['']):
                raise CError('the macro %s with %d arguments' % (s, len(args)))
            sub = dict(zip(params, args))
            body = re.sub(r'\b[A-Za-z_]\w*\b', lambda x: ' %s ' % sub[x.group(0)]
                          if x.group(0) in sub else x.group(0), body)
            inner = dict(macros)
            inner[_FN] = {k: v for k, v in macros[_FN].items() if k != s}
            out.extend(tokens(body, inner, line))
            line += text[at:pos].count('\n')
            continue
        out.append((kind, s, line))
    return out


_FN = '\0function-like'      # macros[_FN]: NAME -> (parameters, body) of NAME(a, b)


def _macro_args(text: str, pos: int):
    """The argument texts of a macro call whose '(' ends before pos, and the position
    after its ')'."""
    args, depth, start = [], 0, pos
    while pos < len(text):
        c = text[pos]
        if c in '"\'':
            m = re.compile(r'%s(?:[^%s\\]|\\.)*%s' % (c, c, c)).match(text, pos)
            pos = m.end() if m else pos + 1
            continue
        if c == '(':
            depth += 1
        elif c == ')' and depth == 0:
            args.append(text[start:pos].strip())
            return args, pos + 1
        elif c == ')':
            depth -= 1
        elif c == ',' and depth == 0:
            args.append(text[start:pos].strip())
            start = pos + 1
        pos += 1
    raise CError('a macro call without its )')


_ION_COPY = re.compile(r'^(\w+)\s*=\s*_ion_\1$')


def is_noop(text: str) -> bool:
    """C that changes nothing in the generated code: blank, #include of a system header,
    and ``cai = _ion_cai;`` (the generated code reads the ion variables anyway)."""
    code = re.sub(r'/\*.*?\*/|//[^\n]*', '', text, flags=re.S)
    code = re.sub(r'^\s*#\s*include\s*<[^\n]*', '', code, flags=re.M)
    return all(not s.strip() or _ION_COPY.match(s.strip()) for s in code.split(';'))


# ---------------------------------------------------------------- scanning a whole mechanism
def initial_macros() -> dict:
    """The macros a mechanism's C sees before its own #defines (NEURON 9.0.2's)."""
    return dict(_DEFINED)


def block_verbatims(m) -> dict:
    """id(Verbatim node) -> (kind of the enclosing block, whether it is the block's last
    statement, its position, id of the block: C locals are shared within one block) for
    every VERBATIM inside a block with statements."""
    out = {}
    blocks = list(m.blocks.items()) + [('FUNCTION', b) for b in m.functions.values()] + \
        [('PROCEDURE', b) for b in m.procedures.values()] + \
        [('DERIVATIVE', b) for b in m.derivatives.values()]
    for kind, b in blocks:
        body = getattr(b, 'body', None)
        if body is None:
            continue
        last = body.stmts[-1] if body.stmts else None
        for n in body.walk():
            if isinstance(n, ast.Verbatim):
                out[id(n)] = (kind, n is last, n.pos, id(b))
    return out


def handle_names(m) -> set:
    """POINTER/BBCOREPOINTER names that VERBATIM uses as random-number handles."""
    text = '\n'.join(t for _, t in m.verbatim)
    out = set()
    for s in m.symbols.values():
        kind = s.storage if s.storage in ('pointer', 'bbcorepointer') else s.kind
        if kind == 'bbcorepointer' or (kind == 'pointer' and re.search(
                _HANDLE_RE + r'[^;]*\b_p_%s\b' % re.escape(s.name), text)):
            out.add(s.name)
    return out


class _DHandle(str):
    """The lvalue text of a double that keeps a C pointer (an alias's target): ``*pp = p``
    stores p's key there, ``*pp`` reads the pointer back."""


def double_handle_names(m) -> set:
    """RANGE variables (not POINTERs) whose double VERBATIM keeps a C pointer in through
    ``(void**)(&x)`` (a Vector kept by a point process: APCount-like recorders); the double
    holds a key of pyhoc.nmodl.randoms' handles, 0 for NULL."""
    text = '\n'.join(t for _, t in m.verbatim)
    out = set()
    for s in m.symbols.values():
        if s.storage == 'range' and s.kind != 'state' and s.dim is None and re.search(
                r'\(\s*void\s*\*\s*\*\s*\)\s*\(?\s*&\s*%s\b' % re.escape(s.name), text):
            out.add(s.name)
    return out


def _callables_whose_verbatim(m, rx) -> set:
    """FUNCTIONs/PROCEDUREs with a VERBATIM block that regular expression ``rx`` finds in."""
    return {name for name, b in list(m.functions.items()) + list(m.procedures.items())
            if any(isinstance(n, ast.Verbatim) and rx.search(n.text) for n in b.body.walk())}


def hoc_arg_callables(m) -> set:
    """FUNCTIONs/PROCEDUREs whose VERBATIM reads the HOC call's arguments."""
    return _callables_whose_verbatim(m, _HOCARG_RE)


def pointer_address_callables(m, pointers) -> set:
    """FUNCTIONs/PROCEDUREs whose VERBATIM passes a POINTER's address on (``&vec1``, the
    callee reading or writing the array that starts at its target): HOC's calls of them
    give each pointer's target as an array view (``_p``)."""
    if not pointers:
        return set()
    return _callables_whose_verbatim(
        m, re.compile(r'(?<![&\w])&\s*(%s)\b' % '|'.join(map(re.escape, pointers))))


def file_scope(gen) -> None:
    """The C of the whole file, before any block is written: top-level VERBATIM (checked
    now; its variables and functions recorded) and the ``static`` variables of the blocks'
    VERBATIM, which live in ``glob`` slots (``gen.c_slots``, start values ``gen.c_init``)
    as C keeps them between calls."""
    m = gen.m
    gen.c_vars = {}         # file-level C variable -> (Python text, kind)
    gen.c_funcs = {}        # C function defined here -> ret, params, body tokens, text, pos
    gen.c_protos = {}       # C function declared, maybe defined in another file -> (ret, params)
    gen.c_statics = {}      # (block key, name) -> (first slot, kind, size, start values)
    gen.c_slots, gen.c_init = [], {}
    gen.c_ptrs = {}         # file-level C pointer -> None, or the size of an array of them
    gen.c_bad = {}          # a C type or file-level variable not taken -> why
    gen.mech_callables = mechanism_callables(m)
    if getattr(m, 'file', None):
        import os
        gen.c_macros[_DIR] = os.path.dirname(os.path.abspath(m.file))   # (#include "x.h")
    inside = {info[2] for info in gen.vb_blocks.values()}
    for pos, text in sorted((p, t) for p, t in m.verbatim if p not in inside):
        if not is_noop(text):
            top_level(gen, text, pos, gen.c_macros)
        while gen.c_macros.get(_HEADERS):        # the C of the headers it included
            path, htext = gen.c_macros[_HEADERS].pop(0)
            top_level(gen, htext, ast.Pos(path, 1, 1), gen.c_macros)
    blocks = {}
    for b in list(m.blocks.values()) + list(m.functions.values()) + \
            list(m.procedures.values()) + list(m.derivatives.values()):
        body = getattr(b, 'body', None)
        for n in (body.walk() if body is not None else ()):
            if isinstance(n, ast.Verbatim) and not is_noop(n.text):
                blocks.setdefault(id(b), []).append(n)
    # hoc_execerror with literal messages: generated functions compiled code can raise
    # (Translator.execerror_site), which leave their number in glob slot _execerr
    gen.execerror_sites = []
    gen.execerror_used = any(_EXECERROR.search(text) for _, text in m.verbatim) or \
        any(_EXECERROR.search(f.get('text') or '') for f in gen.c_funcs.values())
    for key, nodes in list(blocks.items()) + [(('cfunc', f), [c]) for f, c in
                                               gen.c_funcs.items()]:
        for n in nodes:
            try:
                toks = n['body'] if isinstance(n, dict) else \
                    tokens(preprocess(n.text, dict(gen.c_macros)), gen.c_macros)
                _block_statics(gen, toks, key)
            except CError:
                pass        # (refused where the block is written, naming the C)


def _block_statics(gen, toks, key) -> None:
    i = 0
    while i < len(toks):
        if toks[i][1] == 'static':
            words = []
            while i < len(toks) and toks[i][1] in _TYPES:
                words.append(toks[i][1])
                i += 1
            decls, i = _declarators(gen, toks, i)
            for name, stars, size, init in decls:
                if not stars:
                    _add_static(gen, key, name, _kind_of(words), size, init)
        else:
            i += 1


def _declarators(gen, toks, i):
    """``a, *b, c[3] = {1, 2, 3}, d = 2;`` from toks[i]: ([(name, stars, size or None,
    start values or None)], index after the ';')."""
    out = []
    while True:
        stars = 0
        while i < len(toks) and toks[i][1] == '*':
            stars += 1
            i += 1
        if i >= len(toks) or toks[i][0] != 'name':
            raise CError('a C declaration')
        name = toks[i][1]
        i += 1
        size = None
        if i < len(toks) and toks[i][1] == '[':
            j = _until(toks, i + 1, (']',))
            size = int(_const(gen, toks[i + 1:j])) if j > i + 1 else None
            i = j + 1
            if size is None:
                raise CError('a C array without a size')
        init = None
        if i < len(toks) and toks[i][1] == '=':
            i += 1
            if toks[i][1] == '{':
                j = _until(toks, i + 1, ('}',))
                init, k = [], i + 1
                while k < j:
                    e = _until(toks, k, (',', '}'))
                    if e > k:
                        init.append(_const(gen, toks[k:e]))
                    k = e + 1
                i = j + 1
            elif toks[i][0] == 'str':
                raise CError('a C string variable %s' % name)
            else:
                j = _until(toks, i, (',', ';'))
                init = [_const(gen, toks[i:j])] if not stars else None
                i = j
        out.append((name, stars, size, init))
        if i < len(toks) and toks[i][1] == ',':
            i += 1
            continue
        if i < len(toks) and toks[i][1] == ';':
            return out, i + 1
        raise CError('a C declaration')


def _until(toks, i, stops):
    """The index of the first of ``stops`` at depth 0 from i."""
    depth = 0
    while i < len(toks):
        s = toks[i][1]
        if depth == 0 and s in stops:
            return i
        depth += {'(': 1, '[': 1, '{': 1, ')': -1, ']': -1, '}': -1}.get(s, 0)
        i += 1
    raise CError('unexpected end of the C text')


def _const(gen, toks) -> float:
    """The value of a C constant expression (literals, macros, operators)."""
    tr = Translator(gen, {}, list(toks), {'block': ('const',)}, const=True)
    text, _ = tr.expr()
    if tr.i != len(tr.t):
        raise CError('a C constant expression')
    try:
        return float(eval(text, {'__builtins__': {}, 'int': int, 'float': float,  # noqa: S307
                                 'math': math, 'np': np}))
    except Exception:
        raise CError('a C constant expression: %s' % text) from None


def _add_static(gen, key, name, kind, size, init) -> None:
    slot = ('_c_%s' if key is None else '_c%d_%%s' % len(gen.c_statics)) % name
    elems = [slot] if size is None else ['%s[%d]' % (slot, k) for k in range(size)]
    gen.c_slots.extend(elems)
    for e, v in zip(elems, init or ()):
        if v:
            gen.c_init[e] = int(v) if kind == 'int' else v
    gen.c_statics[(key, name)] = (elems[0], kind, size, init)
    if key is None:
        gen.c_vars[name] = (gen.G(elems[0]), _garray(kind)) if size is not None else \
            ('glob[%s]' % gen.G(elems[0]), kind)


def top_level(gen, text: str, pos, macros: dict) -> None:
    """A VERBATIM outside any block: declarations, C variables and C functions."""
    top = None
    try:
        top = _TopLevel(gen, tokens(preprocess(text, macros), macros), text, pos)
        top.run()
    except CError as e:
        line = top.t[min(top.start, len(top.t) - 1)][2] if top is not None and top.t else 0
        _refuse(gen, e, text, pos, line)


def _refuse(gen, e, text, pos, line):
    if e.line is not None:
        line = e.line
    lines = text.split('\n')
    src = lines[line].strip() if line < len(lines) else ''
    gen.fail('VERBATIM block (C code) is not translated: %s (%s)' % (e, src[:70]),
             pos._replace(line=pos.line + line, column=1))


_API = re.compile(r'^(hoc_|nrn|vector_|ivoc|_|get|install_|chk_|section)')


class _TopLevel:
    def __init__(self, gen, toks, text, pos):
        self.g, self.t, self.text, self.pos = gen, toks, text, pos
        self.i = self.start = 0

    def run(self):
        while self.i < len(self.t):
            start = self.start = self.i
            try:
                self.item(start)
            except CError as e:
                if not self.set_aside(start, e):
                    raise

    def set_aside(self, start, e) -> bool:
        """C that a translated file can do without until it is used: a C function (its
        call a HOC error naming the C refused, unless a block of the mechanism calls it:
        c_functions), a struct/union type and the file-level variables of a type not taken
        (their use refused where it is). False for anything else."""
        t, g = self.t, self.g
        words0 = [x[1] for x in t[start:start + 3]]
        line = e.line if e.line is not None else t[min(self.i, len(t) - 1)][2]
        lines = self.text.split('\n')
        why = '%s (%s)' % (e, lines[line].strip()[:70] if line < len(lines) else '')
        where = self.pos._replace(line=self.pos.line + line, column=1)
        # a function definition: a name, its parameters, then (after K&R declarations) {
        k = start
        while k + 1 < len(t) and not (t[k][0] == 'name' and t[k + 1][1] == '(') and \
                t[k][1] not in (';', '{', '='):
            k += 1
        if k + 1 < len(t) and t[k + 1][1] == '(' and words0[0] not in (
                'struct', 'union', 'typedef', 'enum'):
            name = t[k][1]
            close = _until(t, k + 2, (')',))
            if close + 1 < len(t) and t[close + 1][1] not in (';', ','):
                j = close + 1
                while j < len(t) and t[j][1] != '{':
                    j += 1
                if j >= len(t):
                    return False
                self.i = j
                self.skip_braces()
                g.c_funcs[name] = dict(refused=(why, where), ret='double', params=None,
                                       hoc=False, body=[], text=self.text, pos=self.pos,
                                       line=line)
                g.c_protos.pop(name, None)
                return True
        # a struct/union/enum type (and the variables declared with it), or variables of a
        # type not taken: up to the ';' at depth 0
        j, depth, body = start, 0, False
        while j < len(t) and not (depth == 0 and t[j][1] == ';'):
            depth += {'{': 1, '(': 1, '[': 1, '}': -1, ')': -1, ']': -1}.get(t[j][1], 0)
            body |= t[j][1] == '{'
            j += 1
        if j >= len(t):
            return False
        if not body:            # variables of a type not taken: ``static vpt *vp;``
            k = start
            while k < j and t[k][1] in _TYPES:
                k += 1
            if not (k + 1 < j and t[k][0] == 'name' and t[k][1] != 'extern' and
                    (t[k + 1][1] == '*' or t[k + 1][0] == 'name')):
                return False
            why = '%s, of the C type %s (%s)' % (e, t[k][1], g.c_bad.get(t[k][1], 'unknown'))
            start = k + 1
        depth = 0
        for k in range(start, j):
            s = t[k][1]
            depth += {'{': 1, '}': -1}.get(s, 0)
            if depth == 0 and t[k][0] == 'name' and s not in _TYPES and s not in (
                    'struct', 'union', 'enum', 'typedef') and \
                    t[k + 1][1] in (',', ';', '[', '=', '{'):
                g.c_bad[s] = why        # the type's tag or alias, or a variable of it
        self.i = j + 1
        return True

    def item(self, start):
        t = self.t
        depth = 0
        # one declaration: up to ';' at depth 0, or a function body's closing brace
        while self.i < len(t):
            s = t[self.i][1]
            if s in '([':
                depth += 1
            elif s in ')]':
                depth -= 1
            elif s == '{' and depth == 0:
                name = self.func_name(start)
                if name in ('bbcore_write', 'bbcore_read'):
                    self.skip_braces()
                    break
                if name is None and '=' in [x[1] for x in t[start:self.i]]:
                    self.i = _until(t, self.i, (';',))     # an array's start values
                    continue
                if name is None:
                    raise CError('a C %s' % ('type definition' if t[start][1] in (
                        'struct', 'union', 'typedef', 'enum') else 'block at file level'))
                self.function(start, name)
                break
            elif s == ';' and depth == 0:
                self.i += 1
                break
            self.i += 1
        else:
            if start < len(t):
                raise CError('a C declaration without its ;')
        decl = t[start:self.i]
        if decl and decl[-1][1] == ';':
            self.declaration(decl)

    def declaration(self, decl):
        words = [x[1] for x in decl]
        name = self.func_name(0, decl)
        if name is not None and '=' not in words:          # a prototype
            self.prototype(decl, name)
            return
        if words[0] == 'extern':
            return
        if 'char' in words and '=' in words and any(x[0] == 'str' for x in decl):
            return                                           # rcsid & co.: nobody reads it
        k = 0
        while k < len(decl) and decl[k][1] in _TYPES:
            k += 1
        if k == 0 or k == len(decl) or decl[k][1] not in ('*',) and decl[k][0] != 'name':
            raise CError(' '.join(words)[:60])
        decls, _ = _declarators(self.g, decl, k)
        for n, stars, size, init in decls:
            if stars > 1:
                raise CError('a file-level C pointer %s' % n)
            if stars:           # a pointer (an array of pointers): a value of the module
                self.g.c_ptrs[n] = size
                self.g.c_vars[n] = ('%s_cp[%r]' % (self.g.P, n),
                                    'parray' if size is not None else 'ptr')
                continue
            _add_static(self.g, None, n, _kind_of(words[:k]), size, init)

    def prototype(self, decl, name):
        """A C function declared (``extern``, or a prototype): recorded when it takes and
        returns numbers (NEURON's own functions are not: they stay refused where called)."""
        words = [x[1] for x in decl]
        k = words.index(name)
        ret = [w for w in words[:k] if w not in ('extern', 'static', 'inline')]
        inner = [x for x in decl[k + 2:_until(decl, k + 2, (')',))] if x[1] != ',']
        if words[-2] != ')' and inner and all(x[0] == 'name' and x[1] not in _TYPES
                                              for x in inner):
            raise CError('a C function %s in the old (K&R) style' % name)
        if _API.match(name) or '*' in ret or not set(ret) <= _TYPES or \
                name in self.g.c_funcs:
            return
        params = self.params(decl[k + 2:len(decl) - 2] if words[-2] == ')' else [])
        if params is False:
            return
        self.g.c_protos[name] = (_kind_of(ret), params)

    def params(self, toks):
        """[(name, kind)] of a parameter list (None: ``()``, any; False: not numbers)."""
        if not toks:
            return None
        if [x[1] for x in toks] == ['void']:
            return []
        out, k = [], 0
        while k < len(toks):
            e = k
            while e < len(toks) and toks[e][1] != ',':
                e += 1
            ws = [x[1] for x in toks[k:e]]
            types = [w for w in ws if w in _TYPES]
            names = [w for w in ws if w not in _TYPES and w not in ('*', '[', ']')]
            stars = ws.count('*') + ws.count('[')
            if stars > 2 or len(names) > 1 or not types or len(types) + len(names) + \
                    stars + ws.count(']') != len(ws):
                return False
            out.append((names[0] if names else '_%d' % len(out),
                        ('', 'ptr', 'pptr')[stars] or _kind_of(types)))
            k = e + 1
        return out

    def function(self, start, name):
        """A C function's definition: translated when its blocks' functions are written
        (c_functions); its parameters and value must be numbers."""
        t = self.t
        words = [x[1] for x in t[start:self.i]]
        k = words.index(name)
        ret = [w for w in words[:k] if w not in ('static', 'inline', 'extern')]
        close = start + words.index(')')
        params = self.params(t[start + k + 2:close])
        if ret.count('*') > 1 or not set(ret) - {'*'} <= _TYPES or params is False or \
                close != self.i - 1:
            raise CError('C function %s' % name)      # (structs, K&R parameters)
        body_at = self.i
        self.skip_braces()
        body = t[body_at + 1:self.i - 1]
        self.g.c_funcs[name] = dict(ret='ptr' if '*' in ret else _kind_of(ret) if ret else 'int',
                                    params=params or [],
                                    body=body, text=self.text, pos=self.pos, line=t[start][2],
                                    hoc=any(x[1] in _HOC_CALLS for x in body))
        self.g.c_protos.pop(name, None)

    def func_name(self, start, toks=None):
        words = toks if toks is not None else self.t[start:self.i]
        for k in range(len(words) - 1):
            if words[k][0] == 'name' and words[k + 1][1] == '(':
                return words[k][1]
        return None

    def skip_braces(self):
        depth = 0
        while self.i < len(self.t):
            s = self.t[self.i][1]
            self.i += 1
            if s == '{':
                depth += 1
            elif s == '}':
                depth -= 1
                if depth == 0:
                    return


def slot_named(slot: str) -> bool:
    """Whether a glob slot gets a name in the generated module: not the elements after the
    first of a C array (read as first slot + index; a C array may be large)."""
    return not (slot.startswith('_c') and '[' in slot and not slot.endswith('[0]'))


def c_functions(gen) -> None:
    """The file's C functions as Python functions ``<P>c_<name>`` with the generated
    functions' arguments and the C parameters; one that reads no mechanism data is also
    given to the other files' ``extern`` (randoms.c_export)."""
    if gen.c_ptrs:
        gen.emit('%s_cp = {%s}' % (gen.P, ', '.join(
            '%r: %s' % (n, 'None' if k is None else '[None] * %d' % k)
            for n, k in gen.c_ptrs.items())), 0)
        gen.emit('', 0)
    needed = _called_from_blocks(gen)
    for name, f in gen.c_funcs.items():
        if 'refused' in f:
            _set_aside(gen, name, f, needed, *f['refused'])
            continue
        params = ['_c_' + p for p, _ in f['params']]
        hoc = f['hoc']
        at = len(gen.out)
        gen.emit('def %sc_%s(t, dt, _v, data, j, glob, tab%s%s):' % (
            gen.P, name, ''.join(', ' + p for p in params), ', _h=()' if hoc else ''), 0)
        n0 = len(gen.out)
        tr = None
        try:
            key = ('cfunc', name)
            locs = gen.__dict__.setdefault('_c_scopes', {}).setdefault(key, ({}, {}))[0]
            for (p, k), py in zip(f['params'], params):
                locs[p] = (py, k)
                if k not in ('double', 'ptr', 'pptr'):
                    gen.emit('%s = %s' % (py, Translator.convert(py, 'double', k)), 1)
            tr = Translator(gen, {}, f['body'], {'callable': None, 'block': key,
                                                 'cfunc': (name, f['ret']), 'pos': f['pos'],
                                                 'hocargs': hoc})
            tr.run(1)
        except CError as e:
            line = tr.t[min(tr.i, len(tr.t)) - 1][2] if tr is not None and tr.t else f['line']
            if name in needed:
                _refuse(gen, e, f['text'], f['pos'], line)
            line = e.line if e.line is not None else line
            lines = f['text'].split('\n')
            del gen.out[at:]
            _set_aside(gen, name, f, needed, '%s (%s)' % (
                e, lines[line].strip()[:70] if line < len(lines) else ''),
                f['pos']._replace(line=f['pos'].line + line, column=1))
            continue
        gen.emit('return %s' % _ZERO[f['ret']], 1)
        gen.emit('', 0)
        code = ''.join(gen.out[n0:])
        if not re.search(r'\b(glob|data|_v|t|dt|tab)\b(?!,)', code.replace(
                't, dt, _v, data, j, glob, tab', '')):
            gen.emit('_rnd.c_export(%r, %sc_%s)' % (name, gen.P, name), 0)
            gen.emit('', 0)


def mechanism_callables(m) -> set:
    """The FUNCTIONs/PROCEDUREs the mechanism's own blocks (INITIAL, BREAKPOINT, NET_RECEIVE,
    DERIVATIVE...) call, directly or through others; the rest only HOC calls."""
    callables = dict(m.functions, **m.procedures)
    roots = [b for d in (m.blocks, m.derivatives, m.kinetics, m.linears, m.nonlinears,
                         m.discretes) for b in d.values()]
    seen, todo = set(), list(roots)
    while todo:
        b = todo.pop()
        body = getattr(b, 'body', None)
        for n in (body.walk() if body is not None else ()):
            names = [n.name] if isinstance(n, ast.Call) else re.findall(
                r'\b(\w+)\s*\(', n.text) if isinstance(n, ast.Verbatim) else ()
            for x in names:
                if x in callables and x not in seen:
                    seen.add(x)
                    todo.append(callables[x])
    return seen


def _called_from_blocks(gen) -> set:
    """The C functions the mechanism's blocks call (their VERBATIM, or that of a FUNCTION
    or PROCEDURE they call), directly or through other C functions: these must translate."""
    funcs = gen.c_funcs
    hoc_only = set(gen.m.functions) | set(gen.m.procedures)
    hoc_only -= gen.mech_callables

    def called(text):
        return set(re.findall(r'\b(\w+)\s*\(', text)) & set(funcs)
    todo = set()
    for kind, b in [('', b) for d in (gen.m.blocks, gen.m.derivatives, gen.m.kinetics)
                    for b in d.values()] + [('f', b) for b in list(gen.m.functions.values())
                                            + list(gen.m.procedures.values())]:
        body = getattr(b, 'body', None)
        if body is None or kind and b.name in hoc_only:
            continue
        for n in body.walk():
            if isinstance(n, ast.Verbatim):
                todo |= called(n.text)
    seen = set()
    while todo:
        f = todo.pop()
        seen.add(f)
        todo |= called(' '.join(x[1] for x in funcs[f].get('body', ()))) - seen
    return seen


def _set_aside(gen, name, f, needed, why, where) -> None:
    """A C function that did not translate: refused now when a block calls it, else
    written as one whose call is a HOC error naming the file, line and the C refused
    (a library of C functions, such as Vector methods, works without the ones not used)."""
    if name in needed:
        gen.fail('VERBATIM block (C code) is not translated: %s' % why, where)
    msg = '%s:%d: VERBATIM C function %s is not translated: %s' % (
        where.file, where.line, name, why)
    _note_set_aside(gen, where, 'C function %s: %s' % (name, why))
    gen.emit('def %sc_%s(*_a, **_k):' % (gen.P, name), 0)
    gen.emit('return _rnd.c_refused(%r)' % msg, 1)
    gen.emit('', 0)


def _note_set_aside(gen, where, what) -> None:
    """A warning of the translation (pyhoc-modl prints it): C written as an error."""
    gen.m.warnings.append((where, '%s %s' % (SET_ASIDE, what)))


def c_name(gen, name):
    """An NMODL name nocmodl leaves to C ("declared within VERBATIM?"): a file-level C
    variable, a #define'd constant, or a C local of the VERBATIM of the FUNCTION/PROCEDURE
    being written."""
    if name in getattr(gen, 'c_vars', {}):
        x, k = gen.c_vars[name]
        return _rv(x, k)[0] if not k.startswith('garray') else None
    macros = getattr(gen, 'c_macros', {})
    if isinstance(macros.get(name), str) and name not in _DEFINED:   # a #define'd constant
        try:
            return repr(_const(gen, tokens(macros[name], macros)))
        except CError:
            pass
    b = gen.in_callable
    scopes = getattr(gen, '_c_scopes', {})
    if b is not None and name in scopes.get(id(b), ({}, {}))[0]:
        py, k = scopes[id(b)][0][name]
        return py if k in ('int', 'double', 'float') else None
    return None


# ---------------------------------------------------------------- statements and expressions
class Translator:
    """One in-block VERBATIM (or a file-level C function's body) written as Python lines
    through ``gen.emit``.  Expressions are (Python text, C kind): 'int', 'double', 'float'
    (C's single precision, as np.float32), 'ptr', 'str', 'array' (a NumPy array of the
    function), 'garray' (a C static array in ``glob``: the text is its first slot)."""

    def __init__(self, gen, scope, toks, ctx, const=False):
        self.g, self.scope, self.t, self.i = gen, scope, toks, 0
        self.ctx = ctx              # dict: callable (Block or None), last (bool), pos, block
        self.const = const          # a constant expression: C's literals and macros only
        b = ctx.get('callable')
        # the HOC call's arguments (_h): a FUNCTION/PROCEDURE called from HOC, CONSTRUCTOR
        self.hocargs = b is not None and (b.kind == 'CONSTRUCTOR' or b.name in gen.hoc_args) \
            or bool(ctx.get('hocargs'))
        # the POINTERs' targets as array views (_p): a callable that passes their addresses
        self.ptrargs = b is not None and b.name in getattr(gen, 'pointer_args', ())
        # per enclosing block (C's function scope): name -> (py, kind), pointer -> lvalue
        self.clocals, self.alias = gen.__dict__.setdefault('_c_scopes', {}).setdefault(
            ctx.get('block'), ({}, {}))
        self.float_ptrs = gen.__dict__.setdefault('_c_float_ptrs', {}).setdefault(
            ctx.get('block'), set())
        self.hoist = []             # statements an expression's assignments need first
        self.cond_depth = 0         # > 0: in a part of an expression C may not evaluate
        self.was_assign = False     # the last expression was an assignment
        self.sizeof = None          # the type of the last sizeof(T): 'int', 'double', 'ptr'

    # -- token helpers
    def peek(self, k=0):
        j = self.i + k
        return self.t[j][1] if j < len(self.t) else ''

    def kind(self, k=0):
        j = self.i + k
        return self.t[j][0] if j < len(self.t) else ''

    def next(self):
        s = self.peek()
        if not s:
            raise CError('unexpected end of the C text')
        self.i += 1
        return s

    def expect(self, s):
        got = self.next()
        if got != s:
            raise CError('expected %r, got %r' % (s, got))

    def flush(self, ind):
        """The hoisted assignments of the expression just read, before its statement."""
        for line in self.hoist:
            self.g.emit(line, ind)
        self.hoist = []

    # -- statements
    def run(self, ind):
        while self.i < len(self.t):
            self.statement(ind)

    def statement(self, ind):
        s = self.peek()
        if s == ';':
            self.i += 1
        elif s == '{':
            self.i += 1
            n0 = len(self.g.out)
            while self.peek() != '}':
                self.statement(ind)
            self.i += 1
            if len(self.g.out) == n0:
                self.g.emit('pass', ind)
        elif s == 'if':
            self.i += 1
            self.if_stmt(ind, 'if')
        elif s == 'while':
            self.i += 1
            c = self.cond()
            self.loop_head(c, ind)
            self.sub(ind + 1, loop=True)
        elif s == 'do':
            self.i += 1
            self.g.emit('while True:', ind)
            self.sub(ind + 1, loop=True, no_continue=True)
            self.expect('while')
            c = self.cond()
            self.expect(';')
            self.flush(ind + 1)
            self.g.emit('if not (%s):' % c, ind + 1)
            self.g.emit('break', ind + 2)
        elif s == 'for':
            self.i += 1
            self.expect('(')
            if self.peek() in _TYPES:
                self.declaration(ind)
            else:
                if self.peek() != ';':
                    self.simple(ind)
                    while self.peek() == ',':
                        self.i += 1
                        self.simple(ind)
                self.expect(';')
            c = self.expr()[0] if self.peek() != ';' else 'True'
            self.expect(';')
            step_at = self.i
            depth = 0
            while not (self.peek() == ')' and depth == 0):
                depth += {'(': 1, ')': -1}.get(self.next(), 0)
            step_end = self.i
            self.expect(')')
            out = self.g.out
            head_at = len(out)
            self.loop_head(c, ind)
            body_at = len(out)
            self.sub(ind + 1, loop=True, no_continue=False)
            body_end = self.i
            if any(x.strip() == 'continue' for x in out[body_at:]):
                # continue must run the step: the step at the top of every pass but the first
                head, body = out[head_at:body_at], out[body_at:]
                del out[head_at:]
                first = '_f%d' % self.g.newtmp()
                self.g.emit('%s = False' % first, ind)
                self.g.emit('while True:', ind)
                if step_end > step_at:
                    self.g.emit('if %s:' % first, ind + 1)
                    self.step(step_at, ind + 2)
                self.g.emit('%s = True' % first, ind + 1)
                if len(head) == 1:
                    self.g.emit('if not (%s):' % c, ind + 1)
                    self.g.emit('break', ind + 2)
                else:
                    out.extend(head[1:])
                out.extend(body)
            elif step_end > step_at:
                self.step(step_at, ind + 1)
            self.i = body_end
        elif s == 'switch':
            self.i += 1
            self.switch(ind)
        elif s == 'return':
            self.i += 1
            val = None if self.peek() == ';' else self.expr()
            self.expect(';')
            self.flush(ind)
            self.ret(val, ind)
        elif s in ('break', 'continue'):
            self.i += 1
            self.expect(';')
            if s == 'continue' and self.ctx.get('no_continue'):
                raise CError('continue in a for or do loop' if self.ctx['no_continue'] is True
                             else 'continue in a switch')
            self.g.emit(s, ind)
        elif s in ('goto', 'case', 'default'):
            raise CError(s)
        elif s in _TYPES:
            self.declaration(ind)
        elif s in self.g.c_bad:
            raise CError('%s: its C definition was not taken: %s' % (s, self.g.c_bad[s]))
        else:
            self.simple(ind)
            while self.peek() == ',':
                self.i += 1
                self.simple(ind)
            self.expect(';')

    def step(self, at, ind):
        """A for loop's step expressions (from token ``at``)."""
        self.i = at
        self.simple(ind)
        while self.peek() == ',':
            self.i += 1
            self.simple(ind)

    def cond(self):
        self.expect('(')
        c, k = self.expr()
        self.expect(')')
        return '(%s is not None)' % c if k == 'ptr' else c

    def loop_head(self, c, ind):
        """while (c): a condition with assignments is evaluated at the top of each pass."""
        if not self.hoist:
            self.g.emit('while %s:' % c, ind)
            return
        self.g.emit('while True:', ind)
        self.flush(ind + 1)
        self.g.emit('if not (%s):' % c, ind + 1)
        self.g.emit('break', ind + 2)

    def if_stmt(self, ind, kw):
        c = self.cond()
        if self.hoist and kw == 'elif':     # else { assignments; if (c) ... }
            self.g.emit('else:', ind)
            ind, kw = ind + 1, 'if'
        self.flush(ind)
        self.g.emit('%s %s:' % (kw, c), ind)
        self.sub(ind + 1)
        if self.peek() == 'else':
            self.i += 1
            if self.peek() == 'if':
                self.i += 1
                self.if_stmt(ind, 'elif')
            else:
                self.g.emit('else:', ind)
                self.sub(ind + 1)

    def switch(self, ind):
        """switch: one pass of a loop (break leaves it); each case's statements run from
        the first label that matches on (C's fall-through), default when none does."""
        c = self.cond()
        self.flush(ind)
        n = self.g.newtmp()
        sw, on = '_sw%d' % n, '_on%d' % n
        self.g.emit('%s = %s' % (sw, c), ind)
        self.g.emit('%s = False' % on, ind)
        self.expect('{')
        start, labels, depth = self.i, [], 0
        while depth >= 0:               # the labels first: default needs them all
            s = self.next()
            depth += {'{': 1, '}': -1}.get(s, 0)
            if s == 'case' and depth == 0:
                labels.append(self.ternary()[0])
                self.expect(':')
        self.i = start
        self.g.emit('while True:', ind)
        save = self.ctx.get('no_continue')
        self.ctx['no_continue'] = 'switch'
        first = True
        while self.peek() != '}':
            s = self.peek()
            if s in ('case', 'default'):
                self.i += 1
                if s == 'case':
                    test = '%s == %s' % (sw, self.ternary()[0])
                else:
                    test = 'not (%s)' % ' or '.join('%s == %s' % (sw, x) for x in labels) \
                        if labels else 'True'
                self.expect(':')
                self.g.emit('if %s or %s:' % (on, test), ind + 1)
                self.g.emit('%s = True' % on, ind + 2)
                first = False
            elif first:
                raise CError('a statement before the first case of a switch')
            else:
                self.statement(ind + 2)
        self.i += 1
        self.ctx['no_continue'] = save
        self.g.emit('break', ind + 1)

    def sub(self, ind, loop=False, no_continue=False):
        save = self.ctx.get('no_continue')
        if loop:
            self.ctx['no_continue'] = no_continue
        n0 = len(self.g.out)
        self.statement(ind)
        if len(self.g.out) == n0:
            self.g.emit('pass', ind)
        self.ctx['no_continue'] = save

    def ret(self, val, ind):
        cf = self.ctx.get('cfunc')
        if cf is not None:              # a file-level C function: (name, return kind)
            if cf[1] == 'void' or val is None:
                self.g.emit('return %s' % _ZERO[cf[1]], ind)
            else:
                self.g.emit('return %s' % self.convert(val[0], val[1], cf[1]), ind)
            return
        b = self.ctx.get('callable')
        if b is None:
            if not (self.ctx.get('last') and self.i >= len(self.t)):
                raise CError('return inside a block other than a FUNCTION or PROCEDURE')
            return      # the block's last statement: nothing after it to skip
        if b.name in self.g.funcs:
            self.g.emit('return %s' % ('float(%s)' % val[0] if val is not None
                                       else self.scope[b.name]), ind)
        else:
            self.g.emit('return 0.0', ind)

    def declaration(self, ind):
        words = []
        while self.peek() in _TYPES:
            words.append(self.next())
        if 'extern' in words:
            depth = 0
            while not (self.peek() == ';' and depth == 0):
                depth += {'(': 1, ')': -1}.get(self.next(), 0)
            self.i += 1
            return
        k0 = _kind_of(words)
        while True:
            stars = 0
            while self.peek() == '*':
                self.i += 1
                stars += 1
            if self.kind() != 'name':
                raise CError('a declaration: %s' % ' '.join(words + [self.peek()]))
            name = self.next()
            if self.peek() == '(':          # a prototype inside a block
                depth = 0
                while not (self.peek() in (';', ',') and depth == 0):
                    depth += {'(': 1, ')': -1}.get(self.next(), 0)
            elif 'static' in words and not stars:     # kept between calls: slots of glob
                got = self.g.c_statics.get((self.ctx.get('block'), name))
                if got is None:             # (its start value was not a constant)
                    raise CError('static %s' % name)
                slot, k, size, _ = got
                self.clocals[name] = (self.g.G(slot), _garray(k)) if size is not None else \
                    ('glob[%s]' % self.g.G(slot), k)
                self.skip_init()            # (the start value: glob_init)
            elif self.peek() == '[':
                self.i += 1
                size = self.expr()[0]
                self.expect(']')
                py = '_c_' + name
                self.clocals[name] = (py, 'parray' if stars else 'array')
                self.flush(ind)
                if stars:
                    self.g.emit('%s = [None] * int(%s)' % (py, size), ind)
                elif self.peek() == '=' and self.kind(1) == 'str' and 'char' in words:
                    self.i += 1
                    self.clocals[name] = (py, 'ptr')        # a C string: a Python str
                    self.g.emit('%s = %s' % (py, self.expr()[0]), ind)
                elif 'char' in words:
                    self.clocals[name] = (py, 'ptr')
                    self.g.emit("%s = ''" % py, ind)
                elif self.peek() == '=':
                    self.i += 1
                    vals = self.initialiser()
                    self.g.emit('%s = np.zeros(int(%s))' % (py, size), ind)
                    for n, v in enumerate(vals):
                        self.g.emit('%s[%d] = %s' % (py, n, v), ind)
                else:
                    self.g.emit('%s = np.zeros(int(%s))' % (py, size), ind)
            else:
                py = '_c_' + name
                k = 'ptr' if stars else k0
                self.clocals[name] = (py, k)
                if stars == 1 and k0 == 'float':    # float *p: its elements read as floats
                    self.float_ptrs.add(py)
                if self.peek() == '=':
                    self.i += 1
                    if stars == 2 or (stars and self.addr_of_handle()):
                        self.alias[name] = self.addr_target()
                        self.clocals.pop(name)
                    else:
                        v, vk = self.expr()
                        self.flush(ind)
                        self.g.emit('%s = %s' % (py, self.convert(v, vk, k)), ind)
                else:
                    self.g.emit('%s = %s' % (py, _ZERO[k]), ind)
            if self.peek() == ',':
                self.i += 1
                continue
            self.expect(';')
            return

    def initialiser(self):
        """{a, b, ...} of an array: the values' texts (a string: refused)."""
        if self.peek() != '{':
            raise CError('an initialised C array (%s)' % self.peek())
        self.i += 1
        vals = []
        while self.peek() != '}':
            vals.append(self.expr()[0])
            if self.peek() == ',':
                self.i += 1
        self.i += 1
        return vals

    def skip_init(self):
        depth = 0
        while not (self.peek() in (';', ',') and depth == 0):
            depth += {'(': 1, ')': -1, '{': 1, '}': -1}.get(self.next(), 0)

    def _handle_name(self, s: str) -> bool:
        return s.startswith('_p_') or s in getattr(self.g, 'dhandles', ())

    def addr_of_handle(self):
        j = self.i
        while j < len(self.t) and self.t[j][1] in ('(', 'void', '*', ')', '&'):
            j += 1
        if j < len(self.t) and self.t[self.i][1] == '*' and \
                not self.t[j][1].startswith('_p_'):
            return False                # *((void**)(&x)): the pointer x keeps (deref_dhandle)
        return j < len(self.t) and self._handle_name(self.t[j][1]) and \
            any(self.t[k][1] == '&' for k in range(self.i, j))

    def addr_target(self):
        """(void**)(&_p_x): the lvalue text of the handle _p_x (or of a double x that keeps
        a C pointer: double_handle_names)."""
        toks = []
        depth = 0
        while not (self.peek() in (';', ',') and depth == 0):
            s = self.next()
            depth += {'(': 1, ')': -1}.get(s, 0)
            toks.append(s)
        names = [s for s in toks if self._handle_name(s)]
        if len(names) != 1 or '&' not in toks:
            raise CError('a pointer to %s' % ' '.join(toks))
        if not names[0].startswith('_p_'):
            return _DHandle(self.g.name_expr(names[0], {}, self.ctx['pos']))
        return self.handle(names[0])

    def deref_dhandle(self):
        """``*((void**)(&x))`` of a double x that keeps a C pointer: the pointer (None for
        NULL); None where the tokens ahead are not that."""
        j, depth, toks = self.i, 0, []
        while j < len(self.t):
            s = self.t[j][1]
            if s == '(':
                depth += 1
            elif s == ')':
                depth -= 1
            elif s not in ('void', '*', '&') and not self._handle_name(s):
                return None
            toks.append(s)
            j += 1
            if depth == 0:
                break
        names = [s for s in toks if s in getattr(self.g, 'dhandles', ())]
        if depth or len(names) != 1 or '&' not in toks or toks.count('*') != 2:
            return None
        self.i = j
        return '_rnd.deref_or_none(%s)' % self.g.name_expr(names[0], {}, self.ctx['pos'])

    @staticmethod
    def convert(v, vk, k):
        """The value v (of kind vk) as C stores it in a k."""
        if k == 'handle':           # a C pointer kept in a double: its key
            return v if vk != 'ptr' else '_rnd.handle_of(%s)' % v
        if k == 'ptr' and v in ('0', '0.0'):
            return 'None'               # NULL
        if k == 'int' and vk != 'int':
            return 'int(%s)' % v
        if k == 'float' and vk != 'float':
            return 'np.float32(%s)' % v
        if k == 'double' and vk == 'float':
            return 'float(%s)' % v
        return v

    def simple(self, ind):
        """An expression statement: assignment, ++/--, or a call."""
        start = self.i
        name = self.peek()
        if self.clocals.get(name, ('', ''))[1] == 'ptr' and self.peek(1) == '=':
            self.i += 2
            if self.addr_of_handle():          # ppr = (void**)(&_p_x): *ppr is _p_x
                self.alias[name] = self.addr_target()
                return
            self.i = start
        if self.peek() not in ('++', '--'):
            try:
                lv, k = self.lvalue()
            except CError:
                lv = None
            if lv is not None and self.peek() in ('++', '--') and \
                    self.peek(1) in (';', ',', ')'):
                op = self.next()
                self.flush(ind)
                self.g.emit('%s = %s' % (lv, self.convert('%s %s 1' % (_rv(lv, k)[0], op[0]),
                                                          k, k)), ind)
                return
            self.i = start
            self.hoist = []
        v, _ = self.expr()
        assigned = self.was_assign or self.i > start and self.t[self.i - 1][1] in ('++', '--') \
            and self.t[start][1] in ('++', '--')
        self.flush(ind)
        if not assigned:
            self.g.emit(v, ind)

    def assignment(self, lv, k, op, v, vk):
        """The Python statement of lv op= v (k, vk: their kinds)."""
        if op == '=':
            return '%s = %s' % (lv, self.convert(v, vk, k))
        o = op[:-1]
        x = _rv(lv, k)[0]
        if o in ('<<', '>>', '&', '|', '^'):
            if k != 'int' or vk != 'int':
                raise CError('%s on doubles' % op)
            e, ek = '(%s %s %s)' % (x, o, v), 'int'
        elif o == '%':
            if k != 'int' or vk != 'int':
                raise CError('%= on doubles')
            e, ek = 'int(np.fmod(%s, %s))' % (x, v), 'int'
        else:
            e, ek = self.binop(o, (x, k), ('(%s)' % v, vk))
        return '%s = %s' % (lv, self.convert(e, ek, k))

    def lvalue(self):
        """(text, kind) of an assignable: a name, *alias, name[index]."""
        if self.peek() == '*':
            self.i += 1
            name = self.next()
            if name == '(' and self.peek() == 'hoc_pgetarg':   # *(hoc_pgetarg(i)) = x
                p, _ = self.postfix()
                self.expect(')')
                return '%s[0]' % p, 'double'
            if name == 'hoc_pgetarg' and self.peek() == '(':   # *hoc_pgetarg(i) = x
                self.i -= 1
                p, _ = self.postfix()
                return '%s[0]' % p, 'double'
            if name == '(':
                raise CError('assignment through a pointer expression')
            if name in self.alias:
                a = self.alias[name]
                return (str(a), 'handle') if isinstance(a, _DHandle) else (a, 'double')
            k = self.clocals.get(name, ('', ''))[1]
            if k in ('ptr', 'pptr'):        # *p = x: p[0] (p: an array, or a caller's box)
                return '%s[0]' % self.clocals[name][0], 'ptr' if k == 'pptr' else 'double'
            raise CError('assignment through the pointer %s' % name)
        paren = self.peek() == '(' and self.kind(1) == 'name' and self.peek(2) == ')'
        if paren:                       # (x)[0] = ... of a macro's body
            self.i += 1
        if self.kind() != 'name':
            raise CError('not an lvalue: %s' % self.peek())
        name = self.next()
        if paren:
            self.i += 1
        if self.peek() == '[':
            base, bk = self.name(name, lv=True)
            while self.peek() == '[':
                self.i += 1
                idx, ik = self.expr()
                self.expect(']')
                base, bk = self.subscript(base, bk, idx, ik, lv=True)
            return base, bk
        if self.peek() in ('(', '->', '.'):
            raise CError('not an lvalue: %s%s' % (name, self.peek()))
        return self.name(name, lv=True)

    def subscript(self, base, bk, idx, ik, lv=False):
        i = idx if ik == 'int' else 'int(%s)' % idx
        if bk.startswith('garray'):     # garray:int, garray:float: its elements' C type
            x, k = 'glob[%s + %s]' % (base, i), bk[7:] or 'double'
            return (x, k) if lv else _rv(x, k)
        if bk == 'parray':              # an array of C pointers: its element, a pointer
            return '%s[%s]' % (base, i), 'ptr'
        if bk == 'narray':              # an NMODL array (its element as pyhoc.nmodl.arrays)
            from .arrays import element
            return element(self.g, base, idx, self.scope, self.ctx['pos']), 'double'
        return '%s[%s]' % (base, i), 'float' if base in self.float_ptrs else 'double'

    # -- expressions: (text, kind)
    def expr(self):
        """An assignment expression: an assignment is hoisted before the statement (where
        C surely evaluates it), its value is the variable's."""
        start, nh = self.i, len(self.hoist)
        if self.kind() == 'name' or self.peek() in ('*', '('):
            try:
                lv, k = self.lvalue()
            except CError:
                lv = None
            if lv is not None and self.peek() in _ASSIGN:
                op = self.next()
                self.no_side_effect('an assignment')
                v, vk = self.expr()
                self.hoist.append(self.assignment(lv, k, op, v, vk))
                self.was_assign = True
                return _rv(lv, k)
            self.i = start
            del self.hoist[nh:]
        a = self.ternary()
        self.was_assign = False
        return a

    def no_side_effect(self, what):
        if self.const:
            raise CError('%s in a constant expression' % what)
        if self.cond_depth:
            raise CError('%s in a part of an expression C may not evaluate' % what)

    def ternary(self):
        c = self.binary(0)
        if self.peek() == '?':
            self.i += 1
            self.cond_depth += 1
            a = self.expr()
            self.expect(':')
            b = self.ternary()
            self.cond_depth -= 1
            k = a[1] if a[1] == b[1] else 'double'
            return '(%s if %s else %s)' % (self.convert(a[0], a[1], k),
                                           c[0], self.convert(b[0], b[1], k)), k
        return c

    _PREC = [('||',), ('&&',), ('|',), ('^',), ('&',), ('==', '!='), ('<', '>', '<=', '>='),
             ('<<', '>>'), ('+', '-'), ('*', '/', '%')]

    def binary(self, level):
        if level == len(self._PREC):
            return self.unary()
        a = self.binary(level + 1)
        while self.peek() in self._PREC[level]:
            op = self.next()
            lazy = op in ('&&', '||')
            self.cond_depth += lazy
            b = self.binary(level + 1)
            self.cond_depth -= lazy
            a = self.binop(op, a, b)
        return a

    @staticmethod
    def binop(op, a, b):
        ints = a[1] == 'int' and b[1] == 'int'
        if op in ('==', '!=') and 'ptr' in (a[1], b[1]):
            x, y = (a, b) if a[1] == 'ptr' else (b, a)
            if y[0] in ('0', '0.0', 'None'):    # p == NULL
                return '(%s %s None)' % (x[0], 'is' if op == '==' else 'is not'), 'int'
            return '(%s %s %s)' % (x[0], 'is' if op == '==' else 'is not', y[0]), 'int'
        if op == '&&':
            return '(%s and %s)' % (a[0], b[0]), 'int'
        if op == '||':
            return '(%s or %s)' % (a[0], b[0]), 'int'
        if op in ('|', '^', '&', '<<', '>>'):
            if not ints:
                raise CError('%s on doubles' % op)
            return '(%s %s %s)' % (a[0], op, b[0]), 'int'
        if op == '%':
            if not ints:
                raise CError('%% on doubles')
            return 'int(np.fmod(%s, %s))' % (a[0], b[0]), 'int'
        if op == '/' and ints:
            return 'int(%s / %s)' % (a[0], b[0]), 'int'
        k = 'int' if ints else 'double'
        if 'float' in (a[1], b[1]):     # float with float or int: float; with double: double
            other = b if a[1] == 'float' else a
            if other[1] in ('float', 'int'):
                k = 'float'
                a, b = [(('np.float32(%s)' % x[0]) if x[1] == 'int' else x[0], x[1])
                        for x in (a, b)]
            else:
                a, b = [(('float(%s)' % x[0]) if x[1] == 'float' else x[0], x[1])
                        for x in (a, b)]
        if op in ('==', '!=', '<', '>', '<=', '>='):
            return '(%s %s %s)' % (a[0], op, b[0]), 'int'
        return '(%s %s %s)' % (a[0], op, b[0]), k

    def unary(self):
        s = self.peek()
        if s == '-':
            self.i += 1
            a = self.unary()
            return '(-%s)' % a[0], a[1]
        if s == '+':
            self.i += 1
            return self.unary()
        if s == '!':
            self.i += 1
            a = self.unary()
            return '(%s is None)' % a[0] if a[1] == 'ptr' else '(not %s)' % a[0], 'int'
        if s == '*':
            self.i += 1
            if self.peek() in ('getarg', 'hoc_objgetarg', 'hoc_pgetarg') and \
                    self.peek(1) == '(':
                if self.peek() == 'hoc_pgetarg':
                    p, _ = self.postfix()
                    return '%s[0]' % p, 'double'
                return self.postfix()
            name = self.peek()
            if name in self.alias:
                self.i += 1
                a = self.alias[name]
                return ('_rnd.deref_or_none(%s)' % a, 'ptr') if isinstance(a, _DHandle) \
                    else (a, 'double')
            if name == '(':
                got = self.deref_dhandle()
                if got is not None:
                    return got, 'ptr'
            k = self.clocals.get(name, ('', ''))[1]
            if not k and self.peek(1) != '(' and \
                    getattr(self.g, 'c_vars', {}).get(name, ('', ''))[1] == 'ptr':
                self.i += 1             # *p of a file-level pointer (hoc_pgetarg's, say)
                return '_rnd.c_deref(%s)' % self.g.c_vars[name][0], 'double'
            if k == 'pptr' and self.peek(1) != '(':
                self.i += 1             # *pp: the pointer in the caller's box
                return '%s[0]' % self.clocals[name][0], 'ptr'
            if k == 'ptr' and self.peek(1) != '(':
                self.i += 1             # *p: p[0] (a string's first character, 0 if empty)
                return '_rnd.c_deref(%s)' % self.clocals[name][0], 'double'
            ahead = [x[1] for x in self.t[self.i:self.i + 12]]
            held = [x for x in ahead if x.startswith('_p_')]
            if held and '&' in ahead and held[0][3:] not in self.g.handles:
                raise CError('*(T**)&%s: C data kept in the POINTER variable %s (a C pointer '
                             "in NEURON's instance data: not supported)" % (held[0], held[0][3:]))
            raise CError('a pointer dereference (*%s)' % name)
        if s in ('++', '--'):           # ++x: x = x + 1 first, its value x
            self.i += 1
            self.no_side_effect(s)
            lv, k = self.lvalue()
            self.hoist.append('%s = %s' % (lv, self.convert('%s %s 1' % (_rv(lv, k)[0], s[0]),
                                                            k, k)))
            return _rv(lv, k)
        if s == '~':
            self.i += 1
            a = self.unary()
            if a[1] != 'int':
                raise CError('~ on a double')
            return '(~%s)' % a[0], 'int'
        if s == 'sizeof' and self.peek(1) == '(' and self.peek(2) in _TYPES:
            self.i += 2             # sizeof(T): its bytes (T remembered for an allocation)
            words = []
            while self.peek() != ')':
                words.append(self.next())
            self.i += 1
            k = 'ptr' if '*' in words else _kind_of(words)
            self.sizeof = k
            return ('4' if k in ('int', 'float') else '8'), 'int'
        if s in ('&', 'sizeof'):
            raise CError('%s in an expression' % s)
        if s == '(' and self.is_cast():
            self.i += 1
            words = []
            while self.peek() != ')':
                words.append(self.next())
            self.i += 1
            a = self.unary()
            if '*' in words:
                return a
            k = _kind_of(words)
            if k == 'void':
                return a
            return self.convert(a[0], a[1], k), k
        return self.postfix()

    def is_cast(self):
        j = self.i + 1
        words = 0
        while j < len(self.t) and (self.t[j][1] in _TYPES or self.t[j][1] == '*'):
            j += 1
            words += 1
        return words > 0 and j < len(self.t) and self.t[j][1] == ')'

    def postfix(self):
        start = self.i
        a = self.primary()
        while True:
            s = self.peek()
            if s == '[':
                self.i += 1
                idx, ik = self.expr()
                self.expect(']')
                a = self.subscript(a[0], a[1], idx, ik)
            elif s in ('++', '--') and self.t[start][0] == 'name' and \
                    a[1] in ('int', 'double', 'float'):     # x++: its value before
                end = self.i
                self.i = start
                lv, k = self.lvalue()
                self.i = end + 1
                self.no_side_effect(s)
                tmp = '_pv%d' % self.g.newtmp()
                self.hoist.append('%s = %s' % (tmp, a[0]))
                self.hoist.append('%s = %s' % (lv, self.convert('%s %s 1' % (a[0], s[0]),
                                                                k, k)))
                return tmp, a[1]
            elif s == '->' and a[1] == 'ptr' and [self.peek(k) for k in (1, 2, 3)] == [
                    'u', '.', 'this_pointer']:
                self.i += 4             # an Object's C++ object: here the object itself
            elif s in ('++', '--', '->', '.'):
                raise CError('%s in an expression' % s)
            else:
                return a

    def primary(self):
        k, s = self.kind(), self.next()
        if k == 'num':
            return self.number(s)
        if k == 'str':
            return repr(pyast.literal_eval(s)), 'str'
        if k == 'chr':
            return str(ord(pyast.literal_eval(s))), 'int'
        if s == '(':
            a = self.expr()
            while self.peek() == ',':       # (a, b): a's assignments, b's value
                self.i += 1
                a = self.expr()
            self.expect(')')
            return '(%s)' % a[0], a[1]
        if k != 'name':
            raise CError('unexpected %r' % s)
        if self.peek() == '(':
            if self.const:
                raise CError('a call in a constant expression')
            return self.call(s)
        return self.name(s)

    @staticmethod
    def number(s):
        s = s.rstrip('uUlL')
        if s.lower().startswith('0x'):
            return str(int(s, 16)), 'int'
        if re.fullmatch(r'\d+', s):
            return str(int(s)), 'int'
        if s[-1] in 'fF':
            return 'np.float32(%r)' % float(s[:-1]), 'float'
        return repr(float(s)), 'double'

    def name(self, s, lv=False):
        """A C name as Python: C locals, nocmodl's _l names and _p_ handles, NMODL names
        (``lv``: to assign to; else a C int or float kept in ``glob`` is read as one)."""
        if s in self.clocals:
            py, k = self.clocals[s]
            return (py, k) if lv else _rv(py, 'ptr' if k == 'array' else k)
        if s in ('NULL', 'nil'):
            return '0.0', 'double'
        if s == 'M_PI' or s == 'PI' and (self.const or 'PI' not in self.g.m.symbols):
            return repr(3.141592653589793), 'double'      # (a PI of the .mod's own wins)
        if s in _LIMITS:
            return str(_LIMITS[s]), 'int'
        if s == 'hoc_epsilon' and not self.const:
            return '_rnd.hoc_epsilon()', 'double'
        if self.const:
            raise CError('%s in a constant expression' % s)
        if s in self.g.c_bad:
            raise CError('%s: its C definition was not taken: %s' % (s, self.g.c_bad[s]))
        if s in self.g.c_vars:              # a file-level C variable
            return self.g.c_vars[s] if lv else _rv(*self.g.c_vars[s])
        if s.startswith('_p_'):
            return self.handle(s), 'double'
        if s.startswith('_l') and len(s) > 2:
            n = s[2:]
            if n in getattr(self.scope, 'dims', {}):
                return n, 'narray'
            if n in self.scope:
                return self.scope[n], 'double'
            raise CError('%s: no LOCAL or argument %s here' % (s, n))
        if s in _THREADARGS or s.startswith('_') or s == 'nrn_threads':
            raise CError('%s (NEURON internals)' % s)
        if s in self.g.dims and s not in self.scope:
            return s, 'narray'
        from .codegen import Unsupported
        try:
            return self.g.name_expr(s, self.scope, self.ctx['pos']), 'double'
        except Unsupported:
            raise CError('%s: not a name of the mechanism' % s) from None

    def handle(self, s):
        n = s[3:]
        if n not in self.g.handles:
            raise CError('%s: C data kept in the POINTER variable %s (a C pointer in '
                         "NEURON's instance data: not supported)" % (s, n))
        return self.g.name_expr(n, {}, self.ctx['pos'])

    def args(self):
        self.expect('(')
        out = []
        if self.peek() in _THREADARGS:
            self.i += 1
        while self.peek() != ')':
            out.append(self.expr())
            if self.peek() == ',':
                self.i += 1
        self.i += 1
        return out

    def hocarg(self, a, fname):
        if not self.hocargs:
            raise CError('%s outside a FUNCTION or PROCEDURE called from HOC' % fname)
        if a[1] != 'int':
            raise CError('%s with a computed argument number' % fname)
        return '_h[%d]' % (int(a[0]) - 1) if a[0].isdigit() else '_h[%s - 1]' % a[0]

    def call(self, f):
        g = self.g
        if f in _VEC_CALLS:
            return self.vector_call(f)
        if f in _HOC_API:
            return self.hoc_api(f)
        if not (f in g.funcs or f in g.procs or f in _MATH or f in RANDOM_FUNCS or f in _RND
                or f in _C_FUNCS or f in g.c_funcs or f in g.c_protos):
            raise CError('call of the C function %s' % f)
        if f in g.c_funcs or f in g.c_protos:
            return self.c_call(f)
        args = self.args()
        A = [a[0] for a in args]
        if f in g.funcs or f in g.procs:
            return '%sf_%s(t, dt, _v, data, j, glob, tab%s)' % (
                g.P, re.sub(r'\W', '_', f), ''.join(', ' + a for a in A)), 'double'
        if f in _MATH:
            return '%s(%s)' % (_MATH[f], ', '.join(self.convert(a, ak, 'double')
                                                   for a, ak in args)), 'double'
        if f in ('abs', 'labs'):
            return 'abs(%s)' % A[0], args[0][1]
        if f in RANDOM_FUNCS:
            return self.g.scop_call(f, A), 'double'
        if f in _RND:
            fn, n = _RND[f]
            if f == 'nrn_set_random_sequence' or len(A) == n or f.startswith('nrnran123_new'):
                return '_rnd.%s(%s)' % (fn, ', '.join(A)), 'double'
            raise CError('%s with %d arguments' % (f, len(A)))
        if f == 'ifarg':
            if not self.hocargs:
                raise CError('ifarg outside a FUNCTION or PROCEDURE called from HOC')
            return '(_rnd.nargs(_h) >= %s)' % A[0], 'int'      # (Python only, as _h)
        if f == 'getarg':
            self.hocarg(args[0], f)
            return '_rnd.getarg(_h, %s)' % A[0], 'double'
        if f == 'nrn_random_arg':
            return '_rnd.random_arg(%s)' % self.hocarg(args[0], f), 'double'
        if f == 'vector_arg':
            return '_rnd.vector_arg(%s)' % self.hocarg(args[0], f), 'ptr'
        if f in ('vector_vec', 'vector_capacity'):
            return '_rnd.%s(%s)' % (f, A[0]), 'ptr' if f == 'vector_vec' else 'int'
        if f in ('printf', 'fprintf'):      # (fprintf to stdout/stderr, tokens 0: stdout)
            return '_rnd.%s(%s)' % (f, ', '.join(
                a if n == 0 and f == 'fprintf' else self.convert(a, ak, 'double')
                for n, (a, ak) in enumerate(args))), 'int'
        if f == 'fflush':
            return '_rnd.fflush(%s)' % (A[0] if A else '0'), 'int'
        if f == 'hoc_execerror':
            site = self.execerror_site(args)
            if site is not None:
                return site, 'int'
            return '_rnd.execerror(%s)' % ', '.join(A), 'int'
        if f == 'time':
            return '_rnd.c_time()', 'int'
        raise CError('call of the C function %s' % f)


    def execerror_site(self, args):
        """hoc_execerror with literal messages (strings, 0 or NULL) as a call of its own
        generated function (codegen: ``<P>execerror_<k>(glob)``, numbered from 1), which
        numba compiles: the kernels that reach it stay on the compiled loop; None where a
        message is computed (that call stays Python: ``_rnd.execerror``)."""
        g = self.g
        if not getattr(g, 'execerror_used', False) or len(args) > 2:
            return None
        parts = []
        for text, kind in args:
            if kind == 'str':
                parts.append(pyast.literal_eval(text))
            elif text in ('0', '0.0', 'None'):
                parts.append(None)
            else:
                return None
        g.execerror_sites.append(' '.join(str(x) for x in parts if x))   # (as _rnd.execerror)
        return '%sexecerror_%d(glob)' % (g.P, len(g.execerror_sites))

    def c_call(self, f):
        """A C function of this file, or another's (``extern``); ``&x`` arguments are
        boxes (a one-element list) the callee writes through, copied back to x after."""
        g = self.g
        self.expect('(')
        args, boxes = [], []
        if self.peek() in _THREADARGS:
            self.i += 1
        while self.peek() != ')':
            if self.peek() == '(' and self.is_cast():       # (IvocVect**)&vv: the cast kept
                j = self.i
                while self.t[j][1] != ')':
                    j += 1
                if j + 1 < len(self.t) and self.t[j + 1][1] == '&':
                    self.i = j + 1
            if self.peek() == '&':
                self.i += 1
                self.no_side_effect('&%s' % self.peek())
                ptr = self.peek() if self.ptrargs and self.peek(1) in (',', ')') else None
                lv, _ = self.lvalue()
                box = '_bx%d' % g.newtmp()
                if ptr in g.pointers:   # &vec1: the array from its target on (HOC's call)
                    self.hoist.append('%s = _p[%d] if _p else [%s]'
                                      % (box, g.pointers.index(ptr), lv))
                else:
                    self.hoist.append('%s = [%s]' % (box, lv))
                boxes.append((lv, box))
                args.append((box, 'ptr'))
            else:
                args.append(self.expr())
            if self.peek() == ',':
                self.i += 1
        self.i += 1
        fn = g.c_funcs.get(f)
        params = fn['params'] if fn is not None else g.c_protos[f][1]
        if params is not None and len(params) != len(args):
            raise CError('%s with %d arguments' % (f, len(args)))
        A = [self.convert(a, ak, params[n][1] if params else 'double')
             for n, (a, ak) in enumerate(args)]
        callee = '%sc_%s' % (g.P, f) if fn is not None else '_rnd.c_extern(%r)' % f
        rk = fn['ret'] if fn is not None else g.c_protos[f][0]
        if fn is not None and fn['hoc'] and self.hocargs:
            A.append('_h=_h')           # (C's HOC argument stack: the same call's)
        call = '%s(t, dt, _v, data, j, glob, tab%s)' % (callee, ''.join(', ' + a for a in A))
        rk = 'double' if rk == 'void' else rk
        if not boxes:
            return call, rk
        tmp = '_cr%d' % g.newtmp()
        self.hoist.append('%s = %s' % (tmp, call))
        self.hoist.extend('%s = %s[0]' % (lv, box) for lv, box in boxes)
        return tmp, rk

    def vector_call(self, f):
        """NEURON's C interface to Vectors (a Vector is its HOC object; a ``double*`` into
        its elements is its NumPy buffer), memory of the C heap (NumPy arrays), and
        install_vector_method (a C function of this file as a method of every Vector)."""
        self.expect('(')
        if f == 'install_vector_method':
            meth = self.next()
            self.expect(',')
            fn = self.next()
            self.expect(')')
            c = self.g.c_funcs.get(fn)
            if c is not None and 'refused' in c:    # (its call: the HOC error naming it)
                return '_rnd.install_vector_method(%s, %sc_%s, False)' % (
                    meth, self.g.P, fn), 'int'
            if c is None or not c['params'] or c['params'][0][1] != 'ptr':
                raise CError('install_vector_method of %s: not a C function (void*) here'
                             % fn)
            return '_rnd.install_vector_method(%s, %sc_%s, %r, t, dt, _v, data, j, glob, ' \
                'tab)' % (meth, self.g.P, fn, c['hoc']), 'int'
        if f in ('vector_instance_px', 'vector_arg_px'):
            a, ak = self.expr()
            if f == 'vector_arg_px':
                a = '_rnd.vector_arg(%s)' % self.hocarg((a, ak), f)
            self.expect(',')
            if self.peek() != '&' and self.clocals.get(self.peek(), ('', ''))[1] == 'pptr':
                lv = '%s[0]' % self.clocals[self.next()][0]     # (a double** passed on)
            else:
                self.expect('&')
                lv, k = self.lvalue()
            self.expect(')')
            self.no_side_effect(f)
            tmp = '_vx%d' % self.g.newtmp()
            self.hoist.append('%s = %s' % (tmp, a))
            self.hoist.append('%s = _rnd.vector_buf(%s)' % (lv, tmp))
            return '_rnd.vector_size(%s)' % tmp, 'int'
        self.sizeof = None
        self.i -= 1
        args = self.args()
        A = [a for a, _ in args]
        if f == 'vector_resize':
            return '_rnd.vector_resize(%s, %s)' % (A[0], A[1]), 'ptr'
        if f == 'vector_newsize':           # (its elements)
            return '_rnd.vector_buf(_rnd.vector_resize(%s, %s))' % (A[0], A[1]), 'ptr'
        if f == 'vector_buffer_size':
            return '_rnd.vector_buffer_size(%s)' % A[0], 'int'
        if f == 'free':
            return '0', 'int'
        if f == 'realloc':                  # realloc(p, bytes): p's elements kept
            return '_rnd.c_realloc(%s, int(%s), %r)' % (A[0], A[1], self.sizeof or ''), 'ptr'
        # calloc(n, sizeof(T)), malloc(n * sizeof(T)): an array of zeros of T
        nbytes = 'int(%s)' % ' * '.join('(%s)' % a for a in A)
        return '_rnd.c_alloc(%s, %r)' % (nbytes, self.sizeof or 'double'), 'ptr'


    def hoc_api(self, f):
        """NEURON's C interface to the HOC call and to HOC: the arguments' kinds, objects
        (``*hoc_objgetarg``), strings (``gargstr``), Lists, calling a HOC function by its
        Symbol (``hoc_lookup``, ``hoc_pushx``, ``hoc_call_func``); C's string functions and
        drand48 (:mod:`randoms`)."""
        if f in ('strcpy', 'sprintf', 'getcwd'):    # strcpy(dst, src): dst is src's text
            self.no_side_effect(f)
            self.expect('(')
            lv, _ = self.lvalue()
            args = []
            while self.peek() == ',':
                self.i += 1
                args.append(self.expr()[0])
            self.expect(')')
            if f == 'sprintf':
                v = '_rnd.sprintf(%s)' % ', '.join(args)
                self.hoist.append('%s = %s' % (lv, v))
                return 'len(%s)' % lv, 'int'
            if f == 'getcwd':               # getcwd(buf, size): buf is the working folder
                self.hoist.append('%s = _rnd.getcwd()' % lv)
                return lv, 'ptr'
            self.hoist.append('%s = %s' % (lv, args[0]))
            return lv, 'ptr'
        args = self.args()
        A = [a for a, _ in args]
        spec = _HOC_API[f]
        if spec[0] == 'arg':                # (argument number): of the HOC call
            if len(A) != 1:
                raise CError('%s with %d arguments' % (f, len(A)))
            if not self.hocargs:
                raise CError('%s outside a function called from HOC' % f)
            return '_rnd.%s(_h, %s)' % (spec[1], self.convert(A[0], args[0][1], 'int')), \
                spec[2]
        return '_rnd.%s(%s)' % (spec[1], ', '.join(A)), spec[2]


def in_block(gen, node, scope, ind, ctx) -> None:
    """An in-block VERBATIM node written through ``gen.emit`` (fails naming the file, the
    line of the C it could not take and that line)."""
    tr = None
    at = len(gen.out)
    try:
        toks = tokens(preprocess(node.text, gen.c_macros), gen.c_macros)
        toks = [('num', '0', x[2]) if x[1] in ('stderr', 'stdout') else x for x in toks]
        tr = Translator(gen, scope, toks, dict(ctx, pos=node.pos))
        tr.run(ind)
    except CError as e:
        line = 0
        if tr is not None and tr.t:
            line = tr.t[min(tr.i, len(tr.t)) - 1][2] if tr.i else tr.t[0][2]
        b = ctx.get('callable')
        if b is None or b.name in gen.mech_callables or b.kind not in ('FUNCTION',
                                                                          'PROCEDURE'):
            _refuse(gen, e, node.text, node.pos, line)
        # a FUNCTION/PROCEDURE only HOC calls (no block of the mechanism needs it): running
        # this C is a HOC error naming it
        if e.line is not None:
            line = e.line
        lines = node.text.split('\n')
        msg = '%s:%d: VERBATIM block (C code) is not translated: %s (%s)' % (
            node.pos.file, node.pos.line + line, e,
            lines[line].strip()[:70] if line < len(lines) else '')
        del gen.out[at:]
        _note_set_aside(gen, node.pos._replace(line=node.pos.line + line, column=1),
                        msg.split(': ', 2)[-1])
        gen.emit('return _rnd.c_refused(%r)' % msg, ind)


def printf_call(gen, e, scope) -> str:
    """NMODL's printf("format", args): C's format through randoms.printf (Python only)."""
    args = []
    for a in e.args:
        if isinstance(a, ast.Str):
            try:
                args.append(repr(pyast.literal_eval('"%s"' % a.value)))
            except (SyntaxError, ValueError):
                gen.fail('printf: a C string Python cannot read: "%s"' % a.value, a.pos)
        else:
            args.append(gen.expr(a, scope))
    return '_rnd.printf(%s)' % ', '.join(args)


def python_only(text: str, roots) -> bool:
    """Whether the generated functions ``roots`` reach :mod:`randoms` (``_rnd.``), directly
    or through the module's other functions."""
    defs = {}
    for m in re.finditer(r'^def (\w+)\(.*?(?=^\S|\Z)', text, re.S | re.M):
        defs[m.group(1)] = m.group(0)       # (to the next line at column 0)
    seen, todo = set(), [r for r in roots if r in defs]
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        body = defs[f]
        if '_rnd.' in body or '_cp[' in body:      # (C pointers: Python values)
            return True
        todo.extend(n for n in re.findall(r'\b(\w+)\(', body) if n in defs and n not in seen)
    return False
