"""A zip file that contains itself (a "zip quine"), built at test time.

The construction follows the idea of Russ Cox's "Zip Files All The Way Down" (DEFLATE has a
"print the next n bytes" instruction — a stored block — and a "repeat the last n bytes"
instruction — a back-reference in a compressed block — and those two suffice for a quine); the
instruction sequence and its encoding here are our own.  Every instruction starts and ends on a
byte boundary, so an instruction's bytes can be printed as data by another:

* ``L(n)``: a stored block header (5 bytes) whose n data bytes follow;
* ``R(n)``: a fixed-Huffman block holding one copy of length n at distance n, then an empty
  stored block to return to a byte boundary.

The program, in 40-byte units (P: the local file header; S1 S2: the central directory and its
end record)::

    L2 P L2 | R2 | L1 R2 | L1 L1 | L4 R2 L1 L1 L4 | R4 | L4 R4 L4 R4 L4 | R4 | L4 L0 R3' S1 S2 | R3'

prints ``P`` + itself + ``S1 S2``, R3' being the final block.  The CRC-32
the headers carry is of the file itself, which contains it: CRC-32 is affine over GF(2) in the
bits of the stored value, so the fixed point is found by solving a 32×32 linear system.
"""

from __future__ import annotations

import struct
import zlib

_LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83,
             99, 115, 131, 163, 195, 227, 258]  # fmt: skip
_LEN_EXTRA = [0] * 8 + [1] * 4 + [2] * 4 + [3] * 4 + [4] * 4 + [5] * 4 + [0]
_DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769]
_DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8]


class _Bits:
    def __init__(self) -> None:
        self.value = 0
        self.n = 0

    def put(self, value: int, count: int) -> None:  # LSB first
        self.value |= value << self.n
        self.n += count

    def huff(self, code: int, count: int) -> None:  # Huffman codes go MSB first
        self.put(int(f"{code:0{count}b}"[::-1], 2), count)

    def align(self) -> None:
        self.n = -(-self.n // 8) * 8

    def bytes(self) -> bytes:
        return self.value.to_bytes(self.n // 8, "little")


UNIT = 40
"""Every instruction, the local header (P) and half the tail (S) are 40 bytes: then "print k
units" and "repeat k units" mean the same bytes wherever they stand."""
_EMPTY_FIXED = 0b010  # BFINAL 0, BTYPE 01, then the 7-bit end-of-block code 0: 10 bits


def _padded(b: _Bits, fixed_bits: int) -> None:
    """Empty fixed blocks, so the instruction comes out at exactly :data:`UNIT` bytes."""
    for _ in range(fixed_bits // 10):
        b.put(_EMPTY_FIXED, 10)


def lit(n: int) -> bytes:
    """Print the next ``n`` bytes: empty fixed blocks, then a stored block header."""
    b = _Bits()
    _padded(b, 280)
    b.put(0, 3)  # stored, not final
    b.align()
    out = b.bytes() + struct.pack("<HH", n, n ^ 0xFFFF)
    assert len(out) == UNIT
    return out


def rep(n: int, final: bool = False) -> bytes:
    """Repeat the last ``n`` bytes (distance ``n``, length ``n``), ending byte-aligned."""
    for pad in range(0, 300, 10):
        b = _Bits()
        _padded(b, pad)
        b.put(0, 1)  # BFINAL of the fixed block
        b.put(1, 2)  # BTYPE 01: fixed Huffman
        i = max(k for k, base in enumerate(_LEN_BASE) if base <= n)
        sym = 257 + i
        if sym <= 279:
            b.huff(sym - 256, 7)
        else:
            b.huff(sym - 280 + 0xC0, 8)
        b.put(n - _LEN_BASE[i], _LEN_EXTRA[i])
        j = max(k for k, base in enumerate(_DIST_BASE) if base <= n)
        b.huff(j, 5)
        b.put(n - _DIST_BASE[j], _DIST_EXTRA[j])
        b.huff(0, 7)  # end of block
        b.put(1 if final else 0, 1)  # an empty stored block: back to a byte boundary
        b.put(0, 2)
        b.align()
        out = b.bytes() + struct.pack("<HH", 0, 0xFFFF)
        if len(out) == UNIT:
            return out
    raise ValueError(f"no {UNIT}-byte encoding for a copy of {n}")


def _deflate(prefix: bytes, suffix: bytes) -> bytes:
    """Compressed data that inflates to ``prefix + itself + suffix`` (P is one unit, S two)."""
    assert len(prefix) == UNIT and len(suffix) == 2 * UNIT
    s1, s2 = suffix[:UNIT], suffix[UNIT:]
    l0, l1, l2, l4 = (lit(k * UNIT) for k in (0, 1, 2, 4))
    r2, r4 = rep(2 * UNIT), rep(4 * UNIT)
    r3f = rep(3 * UNIT, final=True)
    program = [
        l2, prefix, l2, r2,
        l1, r2,
        l1, l1,
        l4, r2, l1, l1, l4, r4,
        l4, r4, l4, r4, l4, r4,
        l4, l0, r3f, s1, s2, r3f,
    ]  # fmt: skip
    data = b"".join(program)
    assert zlib.decompress(data, -15) == prefix + data + suffix
    return data


def zip_quine(name: str = "quine1.zip") -> bytes:
    """A valid zip whose one member, ``name`` (10 ASCII characters), is the zip itself."""
    raw = name.encode("ascii")
    assert len(raw) == 10  # 30 + 10: the local header is one unit
    for stamp in range(64):
        data = _attempt(raw, stamp)
        if data is not None:
            return data
    raise RuntimeError("no CRC fixed point found")


def _layout(raw: bytes, stamp: int, crc: int, zsize: int | None) -> tuple[bytes, bytes]:
    p = 30 + len(raw)
    s = 46 + len(raw) + 22 + 2
    comp = zsize or 0
    total = p + comp + s
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, stamp, 0x21, crc, comp, total,
                        len(raw), 0) + raw  # fmt: skip
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, stamp, 0x21, crc,
                          comp, total, len(raw), 0, 0, 0, 0, 0, 0) + raw  # fmt: skip
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), p + comp, 2) + b"qq"
    return local, central + end


def _attempt(raw: bytes, stamp: int) -> bytes | None:
    # The sizes do not depend on the CRC: build once to learn the compressed size.
    local, tail = _layout(raw, stamp, 0, None)
    zsize = len(_deflate(local, tail))

    def build(crc: int) -> bytes:
        local, tail = _layout(raw, stamp, crc, zsize)
        return local + _deflate(local, tail) + tail

    base = zlib.crc32(build(0))
    cols = [zlib.crc32(build(1 << i)) ^ base for i in range(32)]
    # Solve crc(x) == x, i.e. (A + I) x = base over GF(2), by Gaussian elimination.
    rows = []
    for bit in range(32):
        mask = 0
        for i in range(32):
            if ((cols[i] >> bit) & 1) ^ (1 if i == bit else 0):
                mask |= 1 << i
        rows.append([mask, (base >> bit) & 1])
    x = _solve(rows)
    if x is None:
        return None
    data = build(x)
    return data if zlib.crc32(data) == x else None


def _solve(rows: list[list[int]]) -> int | None:
    pivots: list[tuple[int, list[int]]] = []
    for row in rows:
        mask, rhs = row
        for col, prow in pivots:
            if mask >> col & 1:
                mask ^= prow[0]
                rhs ^= prow[1]
        if mask == 0:
            if rhs:
                return None
            continue
        col = mask.bit_length() - 1
        for i, (c, prow) in enumerate(pivots):
            if prow[0] >> col & 1:
                pivots[i] = (c, [prow[0] ^ mask, prow[1] ^ rhs])
        pivots.append((col, [mask, rhs]))
    x = 0
    for col, (_mask, rhs) in pivots:
        if rhs:
            x |= 1 << col
    return x
