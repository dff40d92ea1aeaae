"""Low-level random number generators, bit for bit with NEURON 9.0.2.

Pure-Python integer arithmetic only (no numpy): exactness matters more than speed here, and the
module is imported at interpreter start-up.

Random123 (Philox4x32-10), as NEURON's ``nrnran123`` layer uses it
------------------------------------------------------------------
A stream is a 4x32-bit counter ``c`` plus the cached 4-word block ``r = philox(c, key)`` and
the index ``which`` (0..3) of the next word of ``r`` to hand out.  The counter layout is::

    c[0] = sequence number     c[1] = id3     c[2] = id1     c[3] = id2

and the key is ``(globalindex, 0)``, the global index being shared by every stream in the
process (``Random.Random123_globalindex``).  A block is only recomputed when the sequence is set
or when the four words of the current block are used up, so changing the global index affects
an existing stream from its next block on, as in NEURON.  The 32-bit word ``u`` becomes the
double ``(u + 1) / (2**32 + 1)`` (never 0, never 1).

MCellRan4
---------
``nrn_ran4_int(high, low)`` is the 64-bit hash NEURON took from BayeSys (two 16-bit Feistel
style rounds); ``high`` is the running index that is post-incremented on every draw, ``low`` a
fixed second index (0 means: use the process-wide ``mcell_ran4_init`` low index).  Doubles are
``hash * 2**-32``.

Process-wide state (as in NEURON, where these are C statics): the Random123 global index, the
MCellRan4 low index (``mcell_ran4_init``), the ``use_mcell_ran4`` flag, the instance counter
that seeds ``MCellRan4`` generators created with seed 0, and the counter that numbers
automatically created streams (NMODL ``RANDOM`` variables such as NetStim's ``ranvar``).
``reset_globals()`` puts all of them back to their start-up values (for tests).
"""
from __future__ import annotations

import math

__all__ = [
    'philox4x32', 'Random123Stream', 'new_auto_stream', 'iran',
    'get_globalindex', 'set_globalindex',
    'nrn_ran4_int', 'nrn_ran4_dbl', 'MCellRan4Generator',
    'mcell_lowindex', 'mcell_ran4_init', 'mcell_ran4a',
    'use_mcell_ran4', 'set_use_mcell_ran4',
    'double_to_uint32', 'reset_globals',
]

_M32 = 0xFFFFFFFF
_TWO63 = 9.223372036854775808e18

# ---------------------------------------------------------------------------------------------
# conversions as the C code performs them (x86-64)


def double_to_uint32(x: float) -> int:
    """C's ``(uint32_t) x`` for a double as gcc on x86-64 does it (through a 64-bit integer).

    In-range values truncate toward zero; other finite values wrap modulo 2**32 as long as they
    fit in 64 bits; NaN, infinities and huge values give 0.
    """
    x = float(x)
    if not -_TWO63 <= x < _TWO63:  # also NaN and infinities
        return 0
    return int(x) & _M32


def double_to_long(x: float) -> int:
    """C's ``(long) x`` on x86-64: truncation; NaN/inf/out of range give LONG_MIN."""
    x = float(x)
    if not -_TWO63 <= x < _TWO63:  # also NaN and infinities
        return -0x8000000000000000
    return int(x)


def double_to_int(x: float) -> int:
    """C's ``(int) x`` on x86-64: truncation; NaN/inf/out of range give INT_MIN."""
    x = float(x)
    if x != x or not -2147483649.0 < x < 2147483648.0:
        return -0x80000000
    return int(x)


# ---------------------------------------------------------------------------------------------
# Philox4x32-10

_PHILOX_M0 = 0xD2511F53
_PHILOX_M1 = 0xCD9E8D57
_PHILOX_W0 = 0x9E3779B9
_PHILOX_W1 = 0xBB67AE85


def philox4x32(ctr, key) -> tuple[int, int, int, int]:
    """Philox4x32 with 10 rounds: 4 counter words and 2 key words in, 4 words out."""
    c0, c1, c2, c3 = ctr
    k0, k1 = key
    for _ in range(9):
        p0 = _PHILOX_M0 * c0
        p1 = _PHILOX_M1 * c2
        c0, c1, c2, c3 = ((p1 >> 32) ^ c1 ^ k0, p1 & _M32, (p0 >> 32) ^ c3 ^ k1, p0 & _M32)
        k0 = (k0 + _PHILOX_W0) & _M32
        k1 = (k1 + _PHILOX_W1) & _M32
    p0 = _PHILOX_M0 * c0
    p1 = _PHILOX_M1 * c2
    return ((p1 >> 32) ^ c1 ^ k0, p1 & _M32, (p0 >> 32) ^ c3 ^ k1, p0 & _M32)


_globalindex = 0


def get_globalindex() -> int:
    """The Random123 global index (key word 0 shared by all streams)."""
    return _globalindex


def set_globalindex(gix: int) -> None:
    """Set the global index.  Existing streams pick it up at their next block."""
    global _globalindex
    _globalindex = int(gix) & _M32


def iran(seq: int, id1: int, id2: int = 0, id3: int = 0) -> tuple[int, int, int, int]:
    """The stateless block for one sequence number (``nrnran123_iran``)."""
    return philox4x32((seq & _M32, id3 & _M32, id1 & _M32, id2 & _M32), (_globalindex, 0))


_SHIFT123 = 1.0 / 4294967297.0  # 1/(2^32 + 1)


class Random123Stream:
    """One nrnran123 stream: ``Random123Stream(id1, id2=0, id3=0)`` starts at sequence 0.

    ``ipick()`` returns the next 32-bit word, ``uniform01()`` (alias ``dblpick``) the next
    double in (0, 1).  ``seq()``/``setseq()`` read and write the position as the single number
    ``sequence*4 + which`` that HOC's ``Random.seq()`` uses; ``getseq()``/``setseq2()`` as the
    pair.  ``negexp``/``normal``/``uniform`` are nrnran123's own transforms (those NMODL
    ``RANDOM`` variables use: ``random_negexp`` etc.), not libg++'s.
    """

    __slots__ = ('c0', 'c1', 'c2', 'c3', 'r', 'which')

    def __init__(self, id1: int = 0, id2: int = 0, id3: int = 0):
        self.c1 = int(id3) & _M32
        self.c2 = int(id1) & _M32
        self.c3 = int(id2) & _M32
        self.setseq2(0, 0)

    # -- identity
    def ids(self) -> tuple[int, int, int]:
        """(id1, id2, id3)."""
        return (self.c2, self.c3, self.c1)

    def setids(self, id1: int, id2: int = 0, id3: int = 0) -> None:
        """Change the identifiers; the current block is kept until the next setseq or block."""
        self.c1 = int(id3) & _M32
        self.c2 = int(id1) & _M32
        self.c3 = int(id2) & _M32

    # -- position
    def getseq(self) -> tuple[int, int]:
        """(sequence, which)."""
        return (self.c0, self.which)

    def setseq2(self, seq: int, which: int = 0) -> None:
        """``nrnran123_setseq(s, seq, which)``: which outside 0..3 means 0."""
        self.which = which if 0 <= which <= 3 else 0
        self.c0 = int(seq) & _M32
        self._block()

    def seq(self) -> float:
        """Position as ``sequence*4 + which``."""
        return self.c0 * 4.0 + self.which

    def setseq(self, seq4which: float) -> None:
        """``nrnran123_setseq(s, double)``: position from ``sequence*4 + which`` (34 bits).

        Negative values and values above 2**40-1 mean 0 (NMODL ``random_setseq`` and NetStim's
        ``seed(x)`` use this form).
        """
        x = float(seq4which)
        if x < 0.0 or x > 1099511627775.0:
            x = 0.0
        n = int(x) & 0x3FFFFFFFF if x == x else 0
        self.setseq2(n >> 2, n & 3)

    def _block(self) -> None:
        self.r = philox4x32((self.c0, self.c1, self.c2, self.c3), (_globalindex, 0))

    # -- drawing
    def ipick(self) -> int:
        """Next 32-bit word."""
        which = self.which
        value = self.r[which]
        which += 1
        if which > 3:
            which = 0
            # 128-bit counter increment with carry from word 0 upward
            self.c0 = (self.c0 + 1) & _M32
            if self.c0 == 0:
                self.c1 = (self.c1 + 1) & _M32
                if self.c1 == 0:
                    self.c2 = (self.c2 + 1) & _M32
                    if self.c2 == 0:
                        self.c3 = (self.c3 + 1) & _M32
            self._block()
        self.which = which
        return value

    def uniform01(self) -> float:
        """Next double in (0, 1): ``(u + 1) / (2**32 + 1)``."""
        return (self.ipick() + 1.0) * _SHIFT123

    dblpick = uniform01

    def uniform(self, a: float = 0.0, b: float = 1.0) -> float:
        return a + self.uniform01() * (b - a)

    def negexp(self, mean: float = 1.0) -> float:
        """``-log(u) * mean`` (NetStim's ``erand()`` is ``negexp(1)``)."""
        return -math.log(self.uniform01()) * mean

    def normal(self, mu: float = 0.0, sigma: float = 1.0) -> float:
        """Polar method without caching the second value (nrnran123_normal)."""
        while True:
            u1 = 2.0 * self.uniform01() - 1.0
            u2 = 2.0 * self.uniform01() - 1.0
            w = u1 * u1 + u2 * u2
            if not w > 1:
                break
        y = math.sqrt((-2.0 * math.log(w)) / w)
        return mu + u1 * y * sigma

    # -- RNG protocol shared with MCellRan4Generator (used by the libg++ distributions)
    def as_long(self) -> int:
        return self.ipick()

    def as_double(self) -> float:
        return (self.ipick() + 1.0) * _SHIFT123

    def reset(self) -> None:
        self.setseq2(0, 0)

    def __repr__(self) -> str:
        return 'Random123Stream(ids=%r, seq=%r, which=%r)' % (self.ids(), self.c0, self.which)


_auto_stream_id3 = 0


def new_auto_stream(myid: int = 0) -> Random123Stream:
    """A stream as ``nrnran123_newstream()`` makes one for every NMODL ``RANDOM`` variable.

    ids are ``(1, myid, n)`` where n counts the streams created this way in the process,
    starting at 1 (NetStim instances get (1, 0, 1), (1, 0, 2), ... in creation order).
    """
    global _auto_stream_id3
    _auto_stream_id3 = (_auto_stream_id3 + 1) & _M32
    return Random123Stream(1, myid, _auto_stream_id3)


# ---------------------------------------------------------------------------------------------
# MCellRan4


def nrn_ran4_int(high: int, low: int) -> tuple[int, int]:
    """The ran4 hash of (high, low).  Returns (value, high + 1 mod 2**32)."""
    n = high & _M32
    nxt = (n + 1) & _M32
    m = low & _M32
    w = n ^ 0xBAA96887
    v = w >> 16
    w &= 0xFFFF
    u = ~((v - w) * (v + w)) & _M32
    m ^= ((((u >> 16) | (u << 16)) & _M32) ^ 0x4B0F3B58) + w * v
    m &= _M32
    w = m ^ 0x1E17D32C
    v = w >> 16
    w &= 0xFFFF
    u = ~((v - w) * (v + w)) & _M32
    n ^= ((((u >> 16) | (u << 16)) & _M32) ^ 0xE874F0C3) + w * v
    return n & _M32, nxt


_SHIFT_RAN4 = 1.0 / 4294967296.0


def nrn_ran4_dbl(high: int, low: int) -> tuple[float, int]:
    """``hash * 2**-32`` in [0, 1).  Returns (value, high + 1 mod 2**32)."""
    value, nxt = nrn_ran4_int(high, low)
    return value * _SHIFT_RAN4, nxt


_lowindex = 0


def mcell_lowindex() -> int:
    return _lowindex


def mcell_ran4_init(low: int) -> None:
    """Set the process-wide low index used by generators whose own ilow is 0."""
    global _lowindex
    _lowindex = int(low) & _M32


def mcell_ran4a(high: int) -> tuple[float, int]:
    """One double using the global low index.  Returns (value, next high)."""
    return nrn_ran4_dbl(high, _lowindex)


_mcell_count = 0


class MCellRan4Generator:
    """``MCellRan4(ihigh=0, ilow=0)`` as Random.MCellRan4 creates it.

    ``ihigh`` is the running index (post-incremented per draw); with ihigh 0 the start index is
    chosen from a process-wide instance counter (the hash of the counter value).  ``ilow`` 0
    means the global ``mcell_ran4_init`` low index, read at each draw.  ``orig`` is the start
    index, returned by HOC's MCellRan4() and restored by ``reset()``.
    """

    __slots__ = ('ihigh', 'ilow', 'orig')

    def __init__(self, ihigh: int = 0, ilow: int = 0):
        global _mcell_count
        _mcell_count = (_mcell_count + 1) & _M32
        self.ilow = int(ilow) & _M32
        self.ihigh = int(ihigh) & _M32
        if self.ihigh == 0:
            self.ihigh = _mcell_count
            self.ihigh = self.as_long()
        self.orig = self.ihigh

    def as_long(self) -> int:
        value, self.ihigh = nrn_ran4_int(self.ihigh, self.ilow or _lowindex)
        return value

    def as_double(self) -> float:
        value, self.ihigh = nrn_ran4_int(self.ihigh, self.ilow or _lowindex)
        return value * _SHIFT_RAN4

    uniform01 = as_double

    def reset(self) -> None:
        self.ihigh = self.orig

    def __repr__(self) -> str:
        return 'MCellRan4Generator(ihigh=%r, ilow=%r, orig=%r)' % (self.ihigh, self.ilow, self.orig)


# ---------------------------------------------------------------------------------------------
# use_mcell_ran4 flag (selects the generator behind NMODL scop_random/normrand)

_use_mcell_ran4 = 0


def use_mcell_ran4() -> int:
    return _use_mcell_ran4


def set_use_mcell_ran4(flag: int) -> None:
    global _use_mcell_ran4
    _use_mcell_ran4 = int(flag)


def reset_globals() -> None:
    """Back to NEURON's start-up state (all process-wide generator state)."""
    global _globalindex, _lowindex, _mcell_count, _use_mcell_ran4, _auto_stream_id3
    _globalindex = 0
    _lowindex = 0
    _mcell_count = 0
    _use_mcell_ran4 = 0
    _auto_stream_id3 = 0
