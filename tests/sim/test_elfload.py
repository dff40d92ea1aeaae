"""pyhoc.sim.elfload: the pure-Python linker of numba's ELF objects, on objects made here
(hand-assembled x86-64, in the large code model's shape: .ltext, .lrodata, R_X86_64_64)."""
from __future__ import annotations

import ctypes
import os
import struct
import sys

import pytest

from pyhoc.sim.elfload import Linker, Refused, prelink

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith('linux') or os.uname().machine != 'x86_64',
    reason='x86-64 Linux objects')

_R64, _PC32 = 1, 2


def _elf(code: bytes, rodata: bytes, symbols, relocs, text_flags=0x10000006) -> bytes:
    """An x86-64 relocatable object: .ltext ``code``, .lrodata ``rodata``, ``symbols``
    (name, bind, type, section index or 'und'/'common', value, size) after the null symbol
    and a section symbol of .lrodata (index 1), ``relocs`` (offset in .ltext, type, symbol
    index, addend)."""
    names = bytearray(b'\0')

    def name(s):
        if not s:
            return 0
        names.extend(s.encode() + b'\0')
        return len(names) - len(s) - 1

    sec_names = [name(n) for n in ('.strtab', '.ltext', '.lrodata', '.rela.ltext', '.symtab')]
    shn = {'und': 0, 'common': 0xFFF2}
    syms = [struct.pack('<IBBHQQ', 0, 0, 0, 0, 0, 0),
            struct.pack('<IBBHQQ', 0, 3, 0, 3, 0, 0)]      # .lrodata's section symbol
    for nm, bind, typ, sec, value, size in symbols:
        syms.append(struct.pack('<IBBHQQ', name(nm), bind << 4 | typ, 0, shn.get(sec, sec),
                                value, size))
    symtab = b''.join(syms)
    rela = b''.join(struct.pack('<QQq', off, sym << 32 | typ, add)
                    for off, typ, sym, add in relocs)
    body = bytearray(64)
    offs = []
    for blob in (bytes(names), code, rodata, rela, symtab):
        body.extend(bytes(-len(body) % 16))
        offs.append(len(body))
        body.extend(blob)
    body.extend(bytes(-len(body) % 8))
    shoff = len(body)
    shdr = [bytes(64),
            struct.pack('<IIQQQQIIQQ', sec_names[0], 3, 0, 0, offs[0], len(names), 0, 0, 1, 0),
            struct.pack('<IIQQQQIIQQ', sec_names[1], 1, text_flags, 0, offs[1], len(code), 0, 0,
                        16, 0),
            struct.pack('<IIQQQQIIQQ', sec_names[2], 1, 0x10000002, 0, offs[2], len(rodata), 0,
                        0, 16, 0),
            struct.pack('<IIQQQQIIQQ', sec_names[3], 4, 0x40, 0, offs[3], len(rela), 5, 2, 8,
                        24),
            struct.pack('<IIQQQQIIQQ', sec_names[4], 2, 0, 0, offs[4], len(symtab), 1, 2, 8,
                        24)]
    body.extend(b''.join(shdr))
    struct.pack_into('<4sBBBBB7xHHIQQQIHHHHHH', body, 0, b'\x7fELF', 2, 1, 1, 0, 0, 1, 62, 1,
                     0, 0, shoff, 0, 64, 0, 0, 64, len(shdr), 1)
    return bytes(body)


_GLOBAL, _WEAK, _FUNC, _OBJECT = 1, 2, 2, 1

# answer(): *(int64*)(.lrodata + 8) + *ext + *shared
_ANSWER = (b'\x48\xB8' + bytes(8) + b'\x48\x8B\x00' + b'\x48\xB9' + bytes(8) + b'\x48\x03\x01'
           + b'\x48\xBA' + bytes(8) + b'\x48\x03\x02' + b'\xC3')
# put(x): *shared = x
_PUT = b'\x48\xBA' + bytes(8) + b'\x48\x89\x3A' + b'\xC3'


def _answer_obj(reloc_type=_R64, text_flags=0x10000006, name='answer'):
    return _elf(_ANSWER, struct.pack('<qq', -1, 42),
                [(name, _GLOBAL, _FUNC, 2, 0, len(_ANSWER)),
                 ('ext', _GLOBAL, 0, 'und', 0, 0),
                 ('shared', _GLOBAL, _OBJECT, 'common', 8, 8)],
                [(2, reloc_type, 1, 8), (15, _R64, 3, 0), (28, _R64, 4, 0)], text_flags)


def _put_obj():
    return _elf(_PUT, b'', [('put', _GLOBAL, _FUNC, 2, 0, len(_PUT)),
                            ('shared', _GLOBAL, _OBJECT, 'common', 8, 8)], [(2, _R64, 3, 0)])


_EXT = ctypes.c_int64(100)


def _linker():
    return Linker(lambda n: ctypes.addressof(_EXT) if n == 'ext' else 0)


def _perms(addr: int) -> str:
    with open('/proc/self/maps') as f:
        for ln in f:
            lo, hi = (int(x, 16) for x in ln.split()[0].split('-'))
            if lo <= addr < hi:
                return ln.split()[1]
    return ''


def test_links_relocates_and_shares_common_symbols():
    """Absolute relocations against a section (with addend), an outside symbol and a COMMON
    symbol land where they should: the code runs and reads them; a second object's COMMON
    of the same name is the same storage; code pages end read+execute, never writable."""
    lk = _linker()
    a = lk.load(_answer_obj(), ['answer'])
    p = lk.load(_put_obj(), ['put'])
    answer = ctypes.CFUNCTYPE(ctypes.c_int64)(a['answer'])
    put = ctypes.CFUNCTYPE(None, ctypes.c_int64)(p['put'])
    assert answer() == 142
    put(7)
    assert answer() == 149
    assert lk.symbols['shared'] % 8 == 0
    assert _perms(a['answer']) == 'r-xp'
    assert _perms(lk.symbols['shared']) == 'rw-p'


def test_refuses_what_it_does_not_handle():
    """An unknown relocation type (PC-relative here), writable code, an unresolved symbol,
    a second strong definition of a name, an entry the object lacks: None, nothing mapped
    to run (the caller loads such an object with llvmlite or numba)."""
    lk = _linker()
    assert lk.load(_answer_obj(reloc_type=_PC32), ['answer']) is None
    assert lk.load(_answer_obj(text_flags=0x10000007), ['answer']) is None
    assert Linker(lambda n: 0).load(_answer_obj(), ['answer']) is None
    assert lk.load(_answer_obj(), ['nothing']) is None
    assert 'answer' not in lk.symbols
    assert lk.load(_answer_obj(), ['answer']) is not None
    assert lk.load(_answer_obj(), ['answer']) is None         # (defined twice)
    assert lk.load(b'MZ' + bytes(62)) is None


_GET_HELPER = b'\x48\xB8' + bytes(8) + b'\xC3'      # f(): return &helper


def _weak_obj(entry):
    """An object with entry ``entry`` returning the address of its weak ``helper``."""
    return _elf(_GET_HELPER + b'\xC3', b'',
                [(entry, _GLOBAL, _FUNC, 2, 0, len(_GET_HELPER)),
                 ('helper', _WEAK, _FUNC, 2, len(_GET_HELPER), 1)],
                [(2, _R64, 3, 0)])


def test_weak_definitions_first_one_serves():
    """A weak definition repeated in a later object (numba's NRT helpers) binds to the
    first object's copy, in the later object too."""
    lk = _linker()
    f1 = lk.load(_weak_obj('f1'), ['f1'])['f1']
    f2 = lk.load(_weak_obj('f2'), ['f2'])['f2']
    first = ctypes.CFUNCTYPE(ctypes.c_int64)(f1)()
    assert first == f1 + len(_GET_HELPER) == lk.symbols['helper']
    assert ctypes.CFUNCTYPE(ctypes.c_int64)(f2)() == first


def test_prelinked_objects_map_in_one_go():
    """Objects linked together at address 0 (prelink) and mapped at once run as the same
    objects loaded one by one do: a relocation against a section, an outside symbol and
    a COMMON symbol shared by both (and with an object loaded later on its own); a name
    that two objects define strongly is refused, as is a pack defining a name this
    process has already."""
    pre = prelink([(_answer_obj(), ['answer']), (_put_obj(), ['put'])])
    assert pre['strong'] == ['answer', 'put'] and len(pre['entries']) == 2
    lk = _linker()
    a, p = lk.load_prelinked(pre)
    answer = ctypes.CFUNCTYPE(ctypes.c_int64)(a['answer'])
    put = ctypes.CFUNCTYPE(None, ctypes.c_int64)(p['put'])
    assert answer() == 142
    put(7)
    assert answer() == 149
    assert _perms(a['answer']) == 'r-xp' and _perms(lk.symbols['shared']) == 'rw-p'
    later = lk.load(_answer_obj(name='again'), ['again'])     # (the same COMMON storage)
    assert ctypes.CFUNCTYPE(ctypes.c_int64)(later['again'])() == 149
    assert lk.load_prelinked(pre) is None                       # (answer, put: defined)
    with pytest.raises(Refused):
        prelink([(_answer_obj(), ['answer']), (_answer_obj(), ['answer'])])
    with pytest.raises(Refused):
        prelink([(_answer_obj(reloc_type=_PC32), ['answer'])])


def test_prelinked_weak_definitions_bind_to_one_copy():
    """numba's weak helpers repeated in each object bind to one copy in a prelinked pack."""
    lk = _linker()
    e1, e2 = lk.load_prelinked(prelink([(_weak_obj('f1'), ['f1']), (_weak_obj('f2'), ['f2'])]))
    first = ctypes.CFUNCTYPE(ctypes.c_int64)(e1['f1'])()
    assert first == e1['f1'] + len(_GET_HELPER) == lk.symbols['helper']
    assert ctypes.CFUNCTYPE(ctypes.c_int64)(e2['f2'])() == first
