"""Legacy binary Office files built at test time, written from the published specifications
([MS-CFB] compound files, [MS-OLEPS] summary properties, [MS-DOC] Word 97 FIB and piece table,
[MS-XLS] FILEPASS) — no office suite is needed and no binary blob hides what a test reads.

The writers are deliberately small: one FAT, no mini stream (every stream is padded to the
4 096-byte cutoff so it lives in regular sectors, which readers accept), no DIFAT sectors.  They
are test helpers, not a product: the reader is exercised against what the specification says a
file holds, and the ``.xls`` fixtures in ``data/legacy`` (written by xlwt, see
``data/make_legacy_xls.py``) come from an independent writer.
"""

from __future__ import annotations

import itertools
import struct
from dataclasses import dataclass, field

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENDOFCHAIN = 0xFFFFFFFE
FREESECT = 0xFFFFFFFF
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
SECTOR = 512


def _cfb_key(name: str) -> tuple[int, str]:
    return len(name), name.upper()


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A version-3 compound file holding ``streams`` (all in the root storage)."""
    names = sorted(streams, key=_cfb_key)
    padded = {}
    for name in names:
        data = streams[name]
        if len(data) < 4096:
            data = data + b"\0" * (4096 - len(data))
        padded[name] = data + b"\0" * (-len(data) % SECTOR)
    entries = 1 + len(names)
    dir_sectors = -(-entries * 128 // SECTOR)
    data_sectors = sum(len(d) // SECTOR for d in padded.values())
    nfat = 1
    while nfat * 128 < nfat + dir_sectors + data_sectors:
        nfat += 1
    assert nfat <= 109
    fat = [FATSECT] * nfat
    first_dir = len(fat)
    fat += [*range(first_dir + 1, first_dir + dir_sectors), ENDOFCHAIN]
    starts: dict[str, int] = {}
    for name in names:
        n = len(padded[name]) // SECTOR
        starts[name] = len(fat)
        fat += [*range(len(fat) + 1, len(fat) + n), ENDOFCHAIN]
    fat += [FREESECT] * (nfat * 128 - len(fat))

    # A balanced binary tree of the streams under the root (all black: readers only walk it).
    left = {i: NOSTREAM for i in range(entries)}
    right = dict(left)

    def build(lo: int, hi: int) -> int:
        if lo >= hi:
            return NOSTREAM
        mid = (lo + hi) // 2
        left[mid + 1] = build(lo, mid)
        right[mid + 1] = build(mid + 1, hi)
        return mid + 1

    root_child = build(0, len(names))

    def entry(name: str, kind: int, lt: int, rt: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le")
        return (
            (raw + b"\0\0").ljust(64, b"\0")
            + struct.pack("<HBBIII", len(raw) + 2, kind, 1, lt, rt, child)
            + b"\0" * 16 + struct.pack("<I", 0) + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )  # fmt: skip

    directory = entry("Root Entry", 5, NOSTREAM, NOSTREAM, root_child, ENDOFCHAIN, 0)
    for i, name in enumerate(names, start=1):
        directory += entry(name, 2, left[i], right[i], NOSTREAM, starts[name], len(padded[name]))
    directory = directory.ljust(dir_sectors * SECTOR, b"\0")
    difat = list(range(nfat)) + [FREESECT] * (109 - nfat)
    header = (
        MAGIC + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, nfat, first_dir, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
        + struct.pack("<109I", *difat)
    )  # fmt: skip
    assert len(header) == SECTOR
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    return header + fat_bytes + directory + b"".join(padded[n] for n in names)


def summary_information(
    title: str = "", subject: str = "", author: str = "", keywords: str = "", codepage: int = 936
) -> bytes:
    """A ``\\x05SummaryInformation`` property set: code page plus string properties (VT_LPSTR
    in that code page)."""
    codec = "gbk" if codepage == 936 else f"cp{codepage}"
    props: list[tuple[int, bytes]] = [(1, struct.pack("<IhH", 2, codepage, 0))]
    for pid, value in ((2, title), (3, subject), (4, author), (5, keywords)):
        if value:
            raw = value.encode(codec) + b"\0"
            raw += b"\0" * (-len(raw) % 4)
            props.append((pid, struct.pack("<II", 0x1E, len(value.encode(codec)) + 1) + raw))
    head_len = 8 + 8 * len(props)
    offsets, body = [], b""
    for pid, raw in props:
        offsets.append((pid, head_len + len(body)))
        body += raw
    section = struct.pack("<II", head_len + len(body), len(props))
    section += b"".join(struct.pack("<II", pid, off) for pid, off in offsets) + body
    fmtid = bytes.fromhex("e0859ff2f94f6810ab9108002b27b3d9")
    return (
        struct.pack("<HHI", 0xFFFE, 0, 0x00020006)
        + b"\0" * 16
        + struct.pack("<I", 1)
        + fmtid
        + struct.pack("<I", 48)
        + section
    )


# --- Word 97 ------------------------------------------------------------------------------


@dataclass
class WordDoc:
    """What a minimal Word 97 file holds; ``build()`` writes it."""

    paragraphs: list[str]
    footnotes: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    endnotes: list[str] = field(default_factory=list)
    header: str = ""
    footer: str = ""
    textboxes: list[str] = field(default_factory=list)
    title: str = ""
    keywords: str = ""
    encrypted: bool = False
    nfib: int = 0x00C1
    papx: bool = True
    """Write the paragraph properties of table-row ends (a PAPX FKP with sprmPFTtp), as Word
    does; ``False`` leaves the reader with its cell-mark heuristic."""
    piece_chars: int = 7
    """Pieces are cut every this many characters (and written to the stream in reverse order),
    so that text crosses piece boundaries and stream order differs from text order."""


def _stories(texts: list[str], prefix: str) -> tuple[str, list[int]]:
    """The stories of a subdocument, each ending with a paragraph mark, and their start CPs
    (plus the end)."""
    cps, out = [0], ""
    for t in texts:
        out += prefix + t + "\r"
        cps.append(len(out))
    return out, cps


def build_doc(d: WordDoc) -> bytes:
    # A table row written as cells ending in \x07 already ends with its row mark.
    main = "".join(p if p.endswith("\x07") else p + "\r" for p in d.paragraphs)
    ftn, ftn_cps = _stories(d.footnotes, "\x02 ")
    atn, atn_cps = _stories(d.comments, "\x05")
    edn, edn_cps = _stories(d.endnotes, "\x02 ")
    txbx, txbx_cps = _stories(d.textboxes, "")
    if d.header or d.footer:
        # Six separator stories, then one section: even/odd header, even/odd footer, first
        # header/footer ([MS-DOC] 2.8.x Plcfhdd).
        stories = ["\x03\r", "\x04\r", "", "", "", "", "", d.header + "\r" if d.header else "",
                   "", d.footer + "\r" if d.footer else "", "", ""]  # fmt: skip
        hdd, hdd_cps = "", [0]
        for s in stories:
            hdd += s
            hdd_cps.append(len(hdd))
        hdd += "\r"
        hdd_cps.append(len(hdd))
    else:
        hdd, hdd_cps = "", []
    subdocs = [ftn, hdd, "", atn, edn, txbx, ""]
    text = main + "".join(subdocs)
    if any(subdocs):
        text += "\r"

    # Pieces: cut every piece_chars; each piece compressed (cp1252) when it can be.
    bounds = [*range(0, len(text), d.piece_chars), len(text)]
    stream_text = b""
    pieces: list[tuple[int, int, int, bool]] = []
    base = 2048
    chunks = []
    for a, b in itertools.pairwise(bounds):
        chunk = text[a:b]
        try:
            raw = chunk.encode("cp1252")
            compressed = True
        except UnicodeEncodeError:
            raw = chunk.encode("utf-16-le")
            compressed = False
        chunks.append((a, b, raw, compressed))
    for a, b, raw, compressed in reversed(chunks):  # stream order != CP order
        fc = base + len(stream_text)
        if not compressed and fc % 2:
            stream_text += b"\0"
            fc += 1
        pieces.append((a, b, fc, compressed))
        stream_text += raw
    pieces.sort()
    cps = [p[0] for p in pieces] + [pieces[-1][1]]
    pcds = b""
    for _a, _b, fc, compressed in pieces:
        fcc = (fc * 2) | 0x40000000 if compressed else fc
        pcds += struct.pack("<HIH", 0, fcc, 0)
    plcpcd = struct.pack(f"<{len(cps)}I", *cps) + pcds
    prc = b"\x01" + struct.pack("<h", 3) + b"\x00\x00\x00"  # one Prc to skip
    clx = prc + b"\x02" + struct.pack("<I", len(plcpcd)) + plcpcd

    table = b"\0" * 16
    fclcb = [(0, 0)] * 93
    fkp_pages: list[bytes] = []

    def put(index: int, payload: bytes) -> None:
        nonlocal table
        if payload:
            fclcb[index] = (len(table), len(payload))
            table += payload

    def plc(cps_: list[int], data_size: int = 0) -> bytes:
        if len(cps_) < 2:
            return b""
        return struct.pack(f"<{len(cps_)}I", *cps_) + b"\0" * (data_size * (len(cps_) - 1))

    put(33, clx)
    if d.papx:
        # Row-end marks: the last \x07 of each table-row paragraph of the main text.
        row_ends, cp = [], 0
        for para in d.paragraphs:
            cp += len(para) if para.endswith("\x07") else len(para) + 1
            if para.endswith("\x07"):
                row_ends.append(cp - 1)
        ends = []
        for mark in row_ends:
            for a, b, fc, compressed in pieces:
                if a <= mark < b:
                    size = 1 if compressed else 2
                    ends.append(fc + (mark - a) * size + size)
        if ends:
            ends.sort()
            rgfc = [ends[0] - 1, *ends]  # entry i ends with the mark at rgfc[i + 1]
            crun = len(ends)
            page = bytearray(512)
            struct.pack_into(f"<{crun + 1}I", page, 0, *rgfc)
            papx_at = 0x1F0
            grpprl = struct.pack("<HHB", 0, 0x2417, 1)  # istd 0, sprmPFTtp = 1
            page[papx_at] = (len(grpprl) + 1) // 2
            page[papx_at + 1 : papx_at + 1 + len(grpprl)] = grpprl
            for i in range(crun):
                page[4 * (crun + 1) + 13 * i] = papx_at // 2
            page[511] = crun
            fkp_pages.append(bytes(page))
            put(13, struct.pack("<III", rgfc[0], rgfc[-1], 0))  # pn patched below
    put(3, plc(ftn_cps))
    put(5, plc(atn_cps))
    put(11, plc(hdd_cps))
    put(47, plc(edn_cps))
    put(56, plc(txbx_cps, 22))

    flags = 0x0200 | (0x0100 if d.encrypted else 0) | 0x0004
    fib = struct.pack("<HHHHH", 0xA5EC, d.nfib, 0, 0x0804, 0) + struct.pack("<H", flags)
    fib += struct.pack("<HIBBHHII", 0x00BF, 0, 0, 0, 0, 0, 0, 0)
    assert len(fib) == 32
    fib += struct.pack("<H", 14) + b"\0" * 28
    lw = [0] * 22
    lw[0] = base + len(stream_text)
    lw[3:11] = [len(main), len(ftn), len(hdd), 0, len(atn), len(edn), len(txbx), 0]
    fib += struct.pack("<H", 22) + struct.pack("<22I", *lw)
    fib += struct.pack("<H", 93) + b"".join(struct.pack("<II", fc, lcb) for fc, lcb in fclcb)
    fib += struct.pack("<H", 0)
    word = fib.ljust(base, b"\0") + stream_text
    if fkp_pages:
        word += b"\0" * (-len(word) % 512)
        pn = len(word) // 512
        word += fkp_pages[0]
        at, _size = fclcb[13]
        table = table[: at + 8] + struct.pack("<I", pn) + table[at + 12 :]
    streams = {"WordDocument": word, "1Table": table}
    if d.title or d.keywords:
        streams["\x05SummaryInformation"] = summary_information(
            title=d.title, keywords=d.keywords, author="张三"
        )
    return compound_file(streams)


# --- Excel ----------------------------------------------------------------------------------


def with_filepass(xls: bytes) -> bytes:
    """The workbook with a FILEPASS record (RC4 encryption header, [MS-XLS] 2.4.117) right after
    the globals BOF: what "password to open" writes.  The rest stays plain, which is enough
    for a reader to have to refuse it."""
    import olefile

    ole = olefile.OleFileIO(xls)
    streams = {}
    for entry in ole.listdir():
        name = "/".join(entry)
        streams[name] = ole.openstream(entry).read()
    ole.close()
    book = streams["Workbook"]
    _, size = struct.unpack_from("<HH", book, 0)
    bof_end = 4 + size
    filepass = struct.pack("<HH", 0x002F, 54) + struct.pack("<HHH", 1, 1, 1) + b"\x11" * 48
    streams["Workbook"] = book[:bof_end] + filepass + book[bof_end:]
    return compound_file(streams)
