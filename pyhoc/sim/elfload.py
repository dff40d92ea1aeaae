"""A small static linker/loader for the x86-64 ELF objects numba compiles (pure Python).

:mod:`pyhoc.sim.objload` keeps the machine code numba made for the compiled loop as ELF
relocatable objects; loading them into LLVM's JIT costs a process llvmlite's import and
set-up (tens of milliseconds, more than a short run).  :class:`Linker` maps such an object
itself: its allocated sections copied into fresh pages (written while read-write, then made
read+execute for code and read-only for constants with ``mprotect``: never writable and
executable at once), COMMON symbols given zeroed storage once per name (shared by every
object, as the JIT does), weak definitions bound first-come (numba repeats its NRT helpers
in every object), undefined symbols bound through the caller's resolver, relocations
applied; unwind tables (``.eh_frame``) are not loaded (numba's code never unwinds through
C++ exceptions; the JIT's registration is only for debuggers).

What it relies on: numba compiles for the JIT with LLVM's large code model (``.ltext``,
``.lrodata``; ``codemodel='jitdefault'``) and the static relocation model, so the code and
its constants refer to each other and to outside symbols only by absolute 64-bit addresses
(R_X86_64_64: S + A), which hold wherever the sections are placed.  Anything else — another
relocation type (PC-relative, GOT, TLS...), a section kind or flag it does not know
(TLS, groups, constructors, writable code), an unresolved symbol — makes :meth:`Linker.load`
return None before anything of the object can run, and the caller loads it another way.
"""
from __future__ import annotations

import ctypes
import struct

_SHF_WRITE, _SHF_ALLOC, _SHF_EXEC = 0x1, 0x2, 0x4
_SHF_KNOWN = 0x1 | 0x2 | 0x4 | 0x10 | 0x20 | 0x40 | 0x10000000  # +MERGE STRINGS INFO_LINK LARGE
_SHT_PROGBITS, _SHT_SYMTAB, _SHT_STRTAB, _SHT_RELA, _SHT_NOTE, _SHT_NOBITS = 1, 2, 3, 4, 7, 8
_SHT_UNWIND = 0x70000001
_SHN_UNDEF, _SHN_ABS, _SHN_COMMON = 0, 0xFFF1, 0xFFF2
_STB_LOCAL, _STB_GLOBAL, _STB_WEAK = 0, 1, 2
_STT_KNOWN = (0, 1, 2, 3, 4)            # NOTYPE OBJECT FUNC SECTION FILE
_R_NONE, _R_64 = 0, 1
_PAGE = 4096
_PROT_R, _PROT_W, _PROT_X = 1, 2, 4


class Refused(Exception):
    """The object needs something this loader does not do (the caller loads it otherwise)."""


def _pages(n: int) -> int:
    return (n + _PAGE - 1) & -_PAGE


def map_code(code: bytes) -> int:
    """The address of machine code ``code`` copied into a page of its own (read+execute)."""
    mem = _Pages.get()
    base = mem.map(_pages(len(code)))
    ctypes.memmove(base, code, len(code))
    mem.protect(base, _pages(len(code)), _PROT_R | _PROT_X)
    return base


# cpuid(leaf, subleaf, uint32 out[4]) and xgetbv(0), as the System V ABI calls them
_CPUID = bytes.fromhex('53 89f8 89f1 4989d0 0fa2 418900 41895804 41894808 4189500c 5b c3')
_XGETBV = bytes.fromhex('31c9 0f01d0 48c1e220 4809d0 c3')
_LEAVES = ((0, 0), (1, 0), (7, 0), (7, 1), (0xD, 1), (0x14, 0), (0x19, 0), (0x24, 0),
           (0x80000000, 0), (0x80000001, 0), (0x80000008, 0))


def cpu_identity() -> str:
    """The processor as LLVM reads it to name the host CPU and its features: the CPUID
    leaves it asks (the APIC id, which differs from core to core, left out) and the state
    the OS enables (XCR0).  What this process's instructions see, so an emulator (valgrind)
    counts as the CPU it emulates."""
    cpuid = ctypes.CFUNCTYPE(None, ctypes.c_uint32, ctypes.c_uint32,
                             ctypes.POINTER(ctypes.c_uint32))(map_code(_CPUID))
    out = (ctypes.c_uint32 * 4)()
    regs = []
    for leaf, sub in _LEAVES:
        cpuid(leaf, sub, out)
        r = list(out)
        if leaf == 1:
            r[1] &= 0x00FFFFFF          # (EBX 31:24: this core's APIC id)
            osxsave = r[2] >> 27 & 1
        regs.append(r)
    xcr0 = ctypes.CFUNCTYPE(ctypes.c_uint64)(map_code(_XGETBV))() if osxsave else 0
    return ' '.join('%08x' % x for r in regs for x in r) + ' %x' % xcr0


class _Pages:
    """Anonymous pages from the C library's mmap, their protection set by mprotect."""
    _one = None

    @classmethod
    def get(cls) -> '_Pages':
        if cls._one is None:
            cls._one = cls()
        return cls._one

    def __init__(self):
        lib = self._libc = ctypes.CDLL(None, use_errno=True)
        lib.mmap.restype = ctypes.c_void_p
        lib.mmap.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                             ctypes.c_int, ctypes.c_long)
        lib.mprotect.restype = ctypes.c_int
        lib.mprotect.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)

    def map(self, size: int) -> int:
        addr = self._libc.mmap(None, size, _PROT_R | _PROT_W, 0x02 | 0x20, -1, 0)
        if addr is None or addr == ctypes.c_void_p(-1).value:   # (PRIVATE|ANONYMOUS)
            raise Refused('mmap failed')
        return addr

    def protect(self, addr: int, size: int, prot: int) -> None:
        if size and self._libc.mprotect(addr, size, prot) != 0:
            raise Refused('mprotect failed (errno %d)' % ctypes.get_errno())


def sections(obj: bytes) -> tuple[list, int]:
    """The section headers of x86-64 ELF relocatable object ``obj`` (tuples of the ELF64
    fields, name to entsize) and the index of the section names' table."""
    if obj[:4] != b'\x7fELF' or obj[4:7] != b'\x02\x01\x01' or \
            struct.unpack_from('<HH', obj, 16) != (1, 62):  # ELF64 LE v1, REL, x86-64
        raise Refused('not an x86-64 relocatable ELF object')
    shoff, = struct.unpack_from('<Q', obj, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', obj, 0x3A)
    if shentsize != 64 or not shnum:
        raise Refused('section table')
    return ([struct.unpack_from('<IIQQQQIIQQ', obj, shoff + 64 * i) for i in range(shnum)],
            shstrndx)


def symbols(obj: bytes, secs: list, symtab: int | None = None) -> list:
    """The symbols of ``obj``'s symbol table (section ``symtab``, else the one there is):
    (name, binding, section index, value, size), a local's name left ''."""
    if symtab is None:
        tabs = [i for i, sec in enumerate(secs) if sec[1] == _SHT_SYMTAB]
        if len(tabs) != 1:
            raise Refused('symbol tables')
        symtab = tabs[0]
    _n, _t, _f, _a, off, size, strtab, _i, _al, entsize = secs[symtab]
    if entsize != 24:
        raise Refused('symbol size')
    stroff = secs[strtab][4]
    syms = []
    for st_name, st_info, _other, shndx, value, ssize in struct.iter_unpack(
            '<IBBHQQ', obj[off:off + size - size % 24]):
        bind, typ = st_info >> 4, st_info & 15
        if typ not in _STT_KNOWN or bind not in (_STB_LOCAL, _STB_GLOBAL, _STB_WEAK):
            raise Refused('symbol type %d binding %d' % (typ, bind))
        name = obj[stroff + st_name:obj.index(b'\0', stroff + st_name)].decode() \
            if st_name and bind != _STB_LOCAL else ''     # (locals: by index only)
        syms.append((name, bind, shndx, value, ssize))
    return syms


_MASK = 0xFFFFFFFFFFFFFFFF


def _parse(obj: bytes) -> tuple:
    """What loading x86-64 ELF object ``obj`` takes: (section headers, the allocated
    sections to load as three lists of indices: code, constants, writable data; the
    symbols; the relocations to apply, as (section index, [(offset, symbol index, addend)])
    per relocated loaded section); Refused for anything the loaders do not do."""
    secs, shstrndx = sections(obj)
    names = secs[shstrndx][4]

    def secname(i):
        o = names + secs[i][0]
        return obj[o:obj.index(b'\0', o)].decode()

    groups = ([], [], [])
    symtab = None
    for i, (_n, typ, flags, _a, off, size, link, info, align, _e) in enumerate(secs):
        if flags & ~_SHF_KNOWN:
            raise Refused('section flags %#x' % flags)
        if typ == _SHT_SYMTAB:
            if symtab is not None:
                raise Refused('two symbol tables')
            symtab = i
        if not flags & _SHF_ALLOC:
            if typ not in (0, _SHT_PROGBITS, _SHT_SYMTAB, _SHT_STRTAB, _SHT_RELA, _SHT_NOTE):
                raise Refused('section type %#x' % typ)
            continue
        if typ == _SHT_UNWIND or secname(i) == '.eh_frame':
            continue                    # (unwind tables: not loaded)
        if typ not in (_SHT_PROGBITS, _SHT_NOBITS):
            raise Refused('allocated section type %#x' % typ)
        nm = secname(i)
        if nm.startswith(('.init', '.fini', '.preinit', '.ctors', '.dtors', '.tdata', '.tbss',
                          '.got', '.plt')):
            raise Refused('section %s' % nm)
        if flags & _SHF_WRITE and flags & _SHF_EXEC:
            raise Refused('writable code')
        if align & (align - 1) or align > _PAGE:
            raise Refused('alignment')
        if typ == _SHT_PROGBITS and off + size > len(obj):
            raise Refused('section outside the file')
        groups[0 if flags & _SHF_EXEC else 2 if flags & _SHF_WRITE else 1].append(i)
    if symtab is None:
        raise Refused('no symbol table')
    syms = symbols(obj, secs, symtab)
    loaded = set(groups[0] + groups[1] + groups[2])
    for _nm, _bind, shndx, _v, _s in syms:
        if shndx >= len(secs) and shndx not in (_SHN_ABS, _SHN_COMMON):
            raise Refused('symbol section %#x' % shndx)
    relas = []
    for _n, typ, _f, _a, off, size, link, info, _al, entsize in secs:
        if typ != _SHT_RELA:
            if typ == 9:                # SHT_REL
                raise Refused('REL relocations')
            continue
        if info not in loaded:
            continue                    # (relocations of a section not loaded)
        if link != symtab or entsize != 24:
            raise Refused('relocation table')
        if secs[info][1] == _SHT_NOBITS:
            raise Refused('relocation in a NOBITS section')
        rels = []
        for r_off, r_info, addend in struct.iter_unpack('<QQq', obj[off:off + size - size % 24]):
            rtype, rsym = r_info & 0xFFFFFFFF, r_info >> 32
            if rtype == _R_NONE:
                continue
            if rtype != _R_64:
                raise Refused('relocation type %d' % rtype)
            if r_off + 8 > secs[info][5] or rsym >= len(syms):
                raise Refused('relocation outside its section')
            rels.append((r_off, rsym, addend))
        relas.append((info, rels))
    return secs, groups, syms, relas


def _defined(syms) -> set:
    """The names of the global symbols ``syms`` define (not COMMON)."""
    return {s[0] for s in syms if s[1] == _STB_GLOBAL and s[2] not in (_SHN_UNDEF, _SHN_COMMON)}


def _layout(groups) -> tuple:
    """Where sections go in one mapping: ``groups`` (code, constants, data) of (key, size,
    alignment); (key -> offset, the three groups' page-aligned spans, the total size)."""
    place, spans, at = {}, [], 0
    for g in groups:
        start = at
        for key, size, align in g:
            align = max(align, 1)
            at = (at + align - 1) & -align
            place[key] = at
            at += size
        at = _pages(at)
        spans.append((start, at))
    return place, spans, max(at, _PAGE)


def prelink(objs) -> dict:
    """ELF objects ``objs`` ((object, entry names) pairs) linked together at address 0, for
    :meth:`Linker.load_prelinked` to map in one go: their sections in one image (code,
    constants, data), each name bound to one definition among them (a global one, else the
    first weak one: numba repeats its NRT helpers in every object), the relocations left
    as (place, target) pairs to add the mapping's address to and as outside names (COMMON
    ones with their size and alignment) to bind when it is mapped.  Refused where any of
    them needs what :meth:`Linker.load` would refuse, or two define a name."""
    parsed = [_parse(bytes(obj)) for obj, _e in objs]
    groups = ([], [], [])
    for k, (secs, g, _s, _r) in enumerate(parsed):
        for j in range(3):
            groups[j].extend(((k, i), secs[i][5], secs[i][8]) for i in g[j])
    place, spans, total = _layout(groups)
    image = bytearray(total)
    defs, strong = {}, set()
    for k, ((obj, _e), (secs, _g, syms, _r)) in enumerate(zip(objs, parsed)):
        for (i_k, i), off in place.items():
            if i_k == k and secs[i][1] == _SHT_PROGBITS:
                image[off:off + secs[i][5]] = obj[secs[i][4]:secs[i][4] + secs[i][5]]
        for name, bind, shndx, value, _s in syms:
            if bind == _STB_LOCAL or shndx in (_SHN_UNDEF, _SHN_COMMON):
                continue
            if (k, shndx) not in place:
                raise Refused('global symbol %s outside the loaded sections' % name)
            if bind == _STB_GLOBAL:
                if name in strong:
                    raise Refused('%s defined twice' % name)
                strong.add(name)
                defs[name] = place[k, shndx] + value
            else:
                defs.setdefault(name, place[k, shndx] + value)
    internal, outside = [], []
    for k, (secs, _g, syms, relas) in enumerate(parsed):
        for sec, rels in relas:
            tgt = place[k, sec]
            for r_off, rsym, addend in rels:
                name, bind, shndx, value, ssize = syms[rsym]
                at = tgt + r_off
                if shndx == _SHN_ABS:
                    struct.pack_into('<Q', image, at, (value + addend) & _MASK)
                elif bind != _STB_LOCAL and name in defs and shndx != _SHN_COMMON:
                    internal.append((at, defs[name] + addend))
                elif shndx == _SHN_UNDEF and bind != _STB_LOCAL:
                    outside.append((at, name, addend, None))
                elif shndx == _SHN_COMMON and bind != _STB_LOCAL:
                    outside.append((at, name, addend, (ssize, value)))
                elif bind == _STB_LOCAL and (k, shndx) in place:
                    internal.append((at, place[k, shndx] + value + addend))
                else:
                    raise Refused('relocation against a symbol not loaded')
    entries = []
    for (_o, names), (_s, _g, syms, _r) in zip(objs, parsed):
        if not set(names) <= _defined(syms):
            raise Refused('entry symbols not defined')
        entries.append({n: defs[n] for n in names})
    return {'image': bytes(image), 'spans': spans, 'internal': internal, 'outside': outside,
            'defs': defs, 'strong': sorted(strong), 'entries': entries}


class Linker:
    """Loads objects one after another into this process; later objects see earlier ones'
    global definitions.  Memory it maps is never unmapped (the code may be running)."""

    def __init__(self, resolve):
        self.resolve = resolve          # name -> address (0 or None: unknown)
        self.symbols: dict = {}         # global/weak/common definitions: name -> address
        self.strong: set = set()        # names with a global (not weak/common) definition
        self._mem = _Pages.get()
        self._arena = (0, 0)            # (next free address, end) for COMMON symbols

    def _common(self, name: str, size: int, align: int) -> int:
        addr = self.symbols.get(name)
        if addr is None:
            nxt, end = self._arena
            align = max(align, 1)
            at = (nxt + align - 1) & -align
            if not nxt or at + size > end:
                n = _pages(max(size + align, 1 << 16))
                nxt = self._mem.map(n)
                end, at = nxt + n, (nxt + align - 1) & -align
            self._arena = (at + size, end)
            addr = self.symbols[name] = at
        return addr

    def load(self, obj: bytes, entries=()) -> dict | None:
        """Map ELF object ``obj``; the addresses of its global symbols ``entries``, or None
        (nothing of it will run) where it needs what this loader does not do."""
        try:
            return self._load(bytes(obj), entries)
        except (Refused, struct.error, IndexError, ValueError, UnicodeDecodeError):
            return None

    def load_prelinked(self, pre: dict) -> list | None:
        """Map :func:`prelink`'s ``pre``: for each of its objects the addresses of its entry
        symbols; None (nothing of it will run) where a name it defines is defined here
        already or an outside one cannot be bound."""
        try:
            return self._load_prelinked(pre)
        except (Refused, struct.error, IndexError, ValueError, TypeError, KeyError):
            return None

    def _load_prelinked(self, pre: dict) -> list:
        if not self.strong.isdisjoint(pre['strong']):
            raise Refused('defined twice')
        bound = {}
        for _at, name, _a, common in pre['outside']:
            if common is None and name not in bound:
                bound[name] = self.symbols.get(name) or self.resolve(name)
                if not bound[name]:
                    raise Refused('unresolved symbol %s' % name)
        image = bytearray(pre['image'])
        total = len(image)
        base = self._mem.map(total)
        for at, target in pre['internal']:
            struct.pack_into('<Q', image, at, base + target)
        for at, name, addend, common in pre['outside']:
            addr = bound[name] if common is None else self._common(name, *common)
            struct.pack_into('<Q', image, at, (addr + addend) & _MASK)
        ctypes.memmove(base, bytes(image), total)
        for (start, end), prot in zip(pre['spans'], (_PROT_R | _PROT_X, _PROT_R,
                                                     _PROT_R | _PROT_W)):
            self._mem.protect(base + start, end - start, prot)
        strong = set(pre['strong'])
        for name, off in pre['defs'].items():
            if name in strong:
                self.strong.add(name)
                self.symbols[name] = base + off
            else:
                self.symbols.setdefault(name, base + off)
        return [{n: base + off for n, off in e.items()} for e in pre['entries']]

    def _load(self, obj: bytes, entries) -> dict:
        secs, groups, syms, relas = _parse(obj)
        place, spans, total = _layout([[(i, secs[i][5], secs[i][8]) for i in g]
                                       for g in groups])
        image = bytearray(total)
        for i, off in place.items():
            if secs[i][1] == _SHT_PROGBITS:
                image[off:off + secs[i][5]] = obj[secs[i][4]:secs[i][4] + secs[i][5]]

        # symbols (resolved before mapping: an object that cannot be bound maps nothing)
        outside = {}                    # undefined name -> address
        for name, bind, shndx, _v, _s in syms[1:]:
            if shndx == _SHN_UNDEF and bind != _STB_LOCAL and name not in outside:
                addr = self.symbols.get(name) or self.resolve(name)
                if not addr:
                    raise Refused('unresolved symbol %s' % name)
                outside[name] = addr
            elif bind == _STB_GLOBAL and shndx != _SHN_COMMON and shndx != _SHN_UNDEF and \
                    name in self.strong:
                raise Refused('%s defined twice' % name)
        if not set(entries) <= _defined(syms):
            raise Refused('entry symbols not defined')

        base = self._mem.map(total)
        values = []                     # each symbol's address (None: not loaded)
        for name, bind, shndx, value, ssize in syms:
            if shndx == _SHN_UNDEF:
                values.append(outside.get(name) if bind != _STB_LOCAL else None)
            elif shndx == _SHN_ABS:
                values.append(value)
            elif shndx == _SHN_COMMON:
                values.append(self._common(name, ssize, value) if bind != _STB_LOCAL
                              else None)
            elif shndx in place:
                have = self.symbols.get(name) if bind == _STB_WEAK else None
                values.append(have or base + place[shndx] + value)  # (weak: first serves)
            elif shndx < len(secs):
                values.append(None)     # (in a section not loaded: unwind tables)
            else:
                raise Refused('symbol section %#x' % shndx)
        for sec, rels in relas:           # (absolute 64-bit: S + A)
            tgt = place[sec]
            for r_off, rsym, addend in rels:
                v = values[rsym]
                if v is None:
                    raise Refused('relocation against a symbol not loaded')
                struct.pack_into('<Q', image, tgt + r_off, (v + addend) & _MASK)

        ctypes.memmove(base, bytes(image), total)
        for (start, end), prot in zip(spans, (_PROT_R | _PROT_X, _PROT_R, _PROT_R | _PROT_W)):
            self._mem.protect(base + start, end - start, prot)
        for (name, bind, shndx, _v, _s), addr in zip(syms, values):
            if bind == _STB_LOCAL or shndx in (_SHN_UNDEF, _SHN_COMMON) or addr is None:
                continue
            if bind == _STB_GLOBAL:
                self.strong.add(name)
                self.symbols[name] = addr
            else:
                self.symbols.setdefault(name, addr)     # (weak: the first one serves)
        return {s: self.symbols[s] for s in entries}
