"""Word 97–2003 ``.doc`` and WPS 文字 ``.wps`` (the same binary format in an OLE compound file),
read natively from the piece table as [MS-DOC] describes it — no office suite needed.

How the text is found ([MS-DOC] 2.4.1 "Retrieving Text"):

* The ``WordDocument`` stream starts with the FIB.  Its ``FibBase`` says whether the file is a
  Word 97+ file at all (``wIdent``/``nFib``; Word 6/95 files are refused with a clear message),
  whether it is encrypted (``fEncrypted``/``fObfuscated``: refused) and which table stream
  (``0Table``/``1Table``) holds the structures.  ``FibRgLw97`` gives the length in characters
  (CPs) of each *story*: the main text, footnotes, headers, comments (annotations), endnotes,
  text boxes and header text boxes, in that order; ``FibRgFcLcb97`` the offsets of the
  structures in the table stream.
* The ``Clx`` in the table stream is a run of ``Prc`` (formatting, skipped) followed by the
  ``Pcdt``, whose ``PlcPcd`` maps CP ranges to *pieces*.  A piece's ``FcCompressed`` says where
  its bytes are in the WordDocument stream and whether they are 8-bit (``fCompressed``: cp1252,
  at ``fc/2``) or UTF-16LE.  Pieces are not in stream order (fast saves append), so the text is
  assembled by CP.
* Each subdocument is cut into its individual stories by its own Plc: ``PlcffndTxt`` (脚注N),
  ``PlcfandTxt`` (批注N), ``PlcfendTxt`` (尾注N), ``PlcfHdd`` (页眉/页脚 per section; the first
  six stories are the note separators, skipped) and ``PlcftxbxTxt`` (文本框N).  A Plc that is
  missing or out of range leaves the subdocument as one story rather than losing it.

Special characters ([MS-DOC] 2.8.x): a field is ``0x13 instructions 0x14 result 0x15`` and only
the result is shown (nested fields too; a field without a result shows nothing), as the docx
reader skips ``w:instrText``; ``\\r`` ends a paragraph, ``\\x07`` a table cell (cells become
tab-separated, a cell mark right after a cell mark ends the row), ``\\x0b`` is a line break,
``\\x0c`` a page or section break; note references, picture and object anchors are dropped.

Locations: ``段落N`` (the N-th paragraph of the main text, a table row counting as one
paragraph and located ``段落N（表格）``), ``页眉（第S节）``, ``页脚（第S节）``, ``脚注N``,
``尾注N``, ``批注N``, ``文本框N``, ``页眉文本框N``, ``文档属性``.

Text that tracked changes deleted stays in a ``.doc``'s piece table (a character property marks
it), so it is read in place: it is part of the published file.
"""

from __future__ import annotations

import itertools
import struct

from .document import Document, TextBuilder, add_properties
from .errors import ExtractError
from .ole import OLE_MAGIC, open_ole, read_stream, summary_properties, truncated_streams

_LABEL = {"doc": ".doc", "wps": ".wps"}
_WORD97_IDENT = 0xA5EC
_WORD6_IDENT = 0xA5DC
_MIN_NFIB = 0x00C0  # Word 97 (some localized Word 97 builds write 0xC0, 0xC2)
_F_ENCRYPTED = 0x0100
_F_WHICH_TABLE = 0x0200
_F_OBFUSCATED = 0x8000
_F_COMPRESSED = 0x40000000
_FC_MASK = 0x3FFFFFFF

# Indexes of (fc, lcb) pairs in FibRgFcLcb97 ([MS-DOC] 2.5.6).
_PLCFFNDTXT = 3
_PLCFANDTXT = 5
_PLCFHDD = 11
_CLX = 33
_PLCFENDTXT = 47
_PLCFTXBXTXT = 56
_PLCFHDRTXBXTXT = 58
_FTXBXS_SIZE = 22  # data element of PlcftxbxTxt / PlcfHdrtxbxTxt
_TXBXHDR_SIZE = 22

_HDD_SEPARATORS = 6
# Per section, after the six separator stories: even header, odd header, even footer, odd
# footer, first-page header, first-page footer ([MS-DOC] 2.8.24 Plcfhdd).
_HDD_KIND = ("页眉", "页眉", "页脚", "页脚", "页眉", "页脚")

_DROP = {chr(c) for c in range(0x20)} - {"\t", "\n"}
_CHAR_MAP = {"\x1e": "-", "\xad": ""}  # non-breaking hyphen; soft hyphen left out


def _u16(b: bytes, off: int) -> int:
    return struct.unpack_from("<H", b, off)[0]


def _u32(b: bytes, off: int) -> int:
    return struct.unpack_from("<I", b, off)[0]


class _Fib:
    """The parts of the FIB the text needs, read by walking its variable-length sections."""

    def __init__(self, word: bytes, label: str) -> None:
        if len(word) < 32:
            raise ExtractError(f"{label} 文件的 WordDocument 流过短（文件被截断或已损坏）")
        ident, nfib = _u16(word, 0), _u16(word, 2)
        self.flags = _u16(word, 0x0A)
        if ident == _WORD6_IDENT or (ident == _WORD97_IDENT and nfib < _MIN_NFIB):
            raise ExtractError(
                f"这是 Word 6.0/95 或更早版本的 {label} 文件，无法直接检查；"
                "请用 Word 或 WPS 打开后另存为 .docx 再检查"
            )
        if ident != _WORD97_IDENT:
            raise ExtractError(f"文件不是 Word 文档（WordDocument 流的标识 0x{ident:04X} 不符）")
        if self.flags & (_F_ENCRYPTED | _F_OBFUSCATED):
            raise ExtractError(
                f"{label} 文档已加密（设置了打开密码），无法读取；请去除密码后另存一份再检查"
            )
        try:
            pos = 32
            csw = _u16(word, pos)
            pos += 2 + 2 * csw
            cslw = _u16(word, pos)
            self._lw = pos + 2
            self._cslw = cslw
            pos = self._lw + 4 * cslw
            self._pairs = _u16(word, pos)
            self._fclcb = pos + 2
            self._word = word
            self.ccp = [self._lw_at(i) for i in range(3, 11)]
            # ccpText, ccpFtn, ccpHdd, (ccpMcr), ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx
        except struct.error as exc:
            raise ExtractError(
                f"{label} 文件的文件信息块（FIB）不完整，文件被截断或已损坏"
            ) from exc

    def _lw_at(self, index: int) -> int:
        if index >= self._cslw:
            return 0
        return _u32(self._word, self._lw + 4 * index)

    def pair(self, index: int) -> tuple[int, int]:
        if index >= self._pairs:
            return 0, 0
        off = self._fclcb + 8 * index
        if off + 8 > len(self._word):
            return 0, 0
        return _u32(self._word, off), _u32(self._word, off + 4)

    @property
    def table_stream(self) -> str:
        return "1Table" if self.flags & _F_WHICH_TABLE else "0Table"


def _pieces(table: bytes, fc: int, lcb: int, label: str) -> list[tuple[int, int, int, bool]]:
    """``(cp_start, cp_end, byte_offset, compressed)`` of every piece, from the Clx."""
    end = fc + lcb
    if lcb == 0 or end > len(table):
        raise ExtractError(f"{label} 文件缺少文本位置表（Clx），文件被截断或已损坏")
    pos = fc
    while pos < end and table[pos] == 0x01:  # Prc: clxt, cbGrpprl, grpprl
        pos += 3 + struct.unpack_from("<h", table, pos + 1)[0]
    if pos >= end or table[pos] != 0x02:
        raise ExtractError(f"{label} 文件的文本位置表（Clx）无法识别，文件可能已损坏")
    size = _u32(table, pos + 1)
    plc = pos + 5
    if size < 4 or plc + size > len(table):
        raise ExtractError(f"{label} 文件的文本位置表（PlcPcd）不完整，文件被截断或已损坏")
    n = (size - 4) // 12
    cps = struct.unpack_from(f"<{n + 1}I", table, plc)
    out = []
    for i in range(n):
        fcc = _u32(table, plc + 4 * (n + 1) + 8 * i + 2)
        compressed = bool(fcc & _F_COMPRESSED)
        offset = (fcc & _FC_MASK) // 2 if compressed else fcc & _FC_MASK
        if cps[i + 1] > cps[i]:
            out.append((cps[i], cps[i + 1], offset, compressed))
    return out


def _all_text(word: bytes, pieces: list[tuple[int, int, int, bool]], label: str) -> str:
    parts: list[str] = []
    expected = 0
    for cp_start, cp_end, offset, compressed in sorted(pieces):
        if cp_start > expected:
            parts.append("\r" * (cp_start - expected))  # a gap: keep CPs aligned
        elif cp_start < expected:
            continue  # overlapping pieces: keep the first
        count = cp_end - cp_start
        size = count if compressed else 2 * count
        raw = word[offset : offset + size]
        if len(raw) < size:
            raise ExtractError(f"{label} 文件的正文数据不完整（文件被截断或已损坏）")
        parts.append(
            raw.decode("cp1252", "replace") if compressed else raw.decode("utf-16-le", "replace")
        )
        expected = cp_end
    return "".join(parts)


def _clean(
    story: str, row_ends: set[int] | None = None, in_cells: set[int] | frozenset[int] = frozenset()
) -> list[tuple[str, bool]]:
    """A story's raw characters → ``(line, is_table_row)`` lines: fields resolved to their
    results, paragraph and cell marks turned into lines and tabs, control characters dropped."""
    lines: list[tuple[str, bool]] = []
    current: list[str] = []
    cells: list[str] = []  # finished cells of the table row being read
    fields: list[bool] = []  # per open field: True once its separator (0x14) was seen
    last_was_cell = False
    for cp, ch in enumerate(story):
        if ch == "\x13":
            fields.append(False)
            continue
        if ch == "\x14":
            if fields:
                fields[-1] = True
            continue
        if ch == "\x15":
            if fields:
                fields.pop()
            continue
        if fields and not all(fields):
            continue  # field instructions (HYPERLINK "…", PAGE …) are not shown
        if ch == "\x07":
            if (cp in row_ends) if row_ends is not None else (last_was_cell and not current):
                # The row-end mark (a TTP paragraph) after the last cell; without paragraph
                # properties, a cell mark right after a cell mark is taken for it.
                lines.append(("\t".join(cells), True))
                cells = []
                last_was_cell = False
                continue
            cells.append("".join(current))
            current = []
            last_was_cell = True
            continue
        last_was_cell = False
        if ch in ("\r", "\x0c", "\x0e"):
            if cells or cp in in_cells:  # a paragraph mark inside a cell: the cell goes on
                current.append("\n")
                continue
            lines.append(("".join(current), False))
            current = []
        elif ch == "\x0b":
            current.append("\n")
        elif ch in _CHAR_MAP:
            current.append(_CHAR_MAP[ch])
        elif ch not in _DROP:
            current.append(ch)
    if cells:
        lines.append(("\t".join([*cells, "".join(current)]).rstrip("\t"), True))
    elif current:
        lines.append(("".join(current), False))
    return lines


_PLCFBTEPAPX = 13
_SPRM_TTP = {0x2417, 0x244C}  # sprmPFTtp, sprmPFInnerTtp: the paragraph ends a table row
_SPRM_IN_TABLE = 0x2416  # sprmPFInTable: the paragraph is inside a table cell
_SPRA_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}


def _table_flags(grpprl: bytes) -> tuple[bool, bool]:
    """``(ends a table row, inside a table)`` from a paragraph's sprms ([MS-DOC] 2.6)."""
    ttp = in_table = False
    pos = 2  # istd
    while pos + 2 <= len(grpprl):
        sprm = _u16(grpprl, pos)
        pos += 2
        spra = sprm >> 13
        if spra == 6:  # variable length: a size byte (two for sprmTDefTable)
            if pos >= len(grpprl):
                break
            if sprm in (0xD606, 0xD608) and pos + 2 <= len(grpprl):
                size = _u16(grpprl, pos) + 1
            else:
                size = grpprl[pos] + 1
        else:
            size = _SPRA_SIZE[spra]
        if pos < len(grpprl) and grpprl[pos]:
            if sprm in _SPRM_TTP:
                ttp = True
            elif sprm == _SPRM_IN_TABLE:
                in_table = True
        pos += size
    return ttp, in_table


def _row_end_marks(
    word: bytes, table: bytes, fib: _Fib, pieces: list[tuple[int, int, int, bool]], limit: int
) -> tuple[set[int], set[int]] | None:
    """CPs (in the main text) of the paragraph marks that end table rows, and of those inside
    table cells, from the paragraph properties in the PAPX FKPs ([MS-DOC] 2.9.175 PlcBtePapx,
    2.9.176 PapxFkp); ``None`` when they cannot be read, and the reader falls back to the
    cell-mark heuristic."""
    fc, lcb = fib.pair(_PLCFBTEPAPX)
    if lcb < 12 or fc + lcb > len(table):
        return None
    n = (lcb - 4) // 8
    marks: set[int] = set()
    cells: set[int] = set()
    try:
        pns = struct.unpack_from(f"<{n}I", table, fc + 4 * (n + 1))
        ends: list[tuple[int, bool]] = []
        for pn in pns:
            page = word[(pn & 0x3FFFFF) * 512 : (pn & 0x3FFFFF) * 512 + 512]
            if len(page) < 512:
                return None
            crun = page[511]
            rgfc = struct.unpack_from(f"<{crun + 1}I", page, 0)
            for i in range(crun):
                offset = page[4 * (crun + 1) + 13 * i] * 2
                if not offset:
                    continue
                cb = page[offset]
                grpprl = (
                    page[offset + 2 : offset + 2 + 2 * page[offset + 1]]
                    if cb == 0
                    else page[offset + 1 : offset + 2 * cb]
                )
                ttp, in_table = _table_flags(grpprl)
                if ttp or in_table:
                    ends.append((rgfc[i + 1], ttp))
    except (struct.error, IndexError, KeyError):
        return None
    for end, ttp in ends:  # the FC after the mark → the mark's CP
        for cp_start, cp_end, offset, compressed in pieces:
            size = 1 if compressed else 2
            at = end - size
            if offset <= at < offset + (cp_end - cp_start) * size:
                cp = cp_start + (at - offset) // size
                if cp < limit:
                    (marks if ttp else cells).add(cp)
                break
    return marks, cells


def _plc_cps(table: bytes, fc: int, lcb: int, data_size: int, limit: int) -> list[int] | None:
    """The CP array of a Plc (``data_size`` bytes per data element), or ``None`` when absent
    or inconsistent with the story it describes."""
    if lcb < 8 or fc + lcb > len(table):
        return None
    n = (lcb - 4) // (4 + data_size)
    cps = list(struct.unpack_from(f"<{n + 1}I", table, fc))
    if any(b < a for a, b in itertools.pairwise(cps)) or cps[0] > limit:
        return None
    return [min(c, limit) for c in cps]


def _stories(text: str, cps: list[int] | None) -> list[str]:
    if not cps:
        return [text] if text else []
    return [text[a:b] for a, b in itertools.pairwise(cps)]


def extract_doc(data: bytes, kind: str = "doc") -> Document:
    label = _LABEL.get(kind, ".doc")
    if not data:
        raise ExtractError(f"文件为空（0 字节），不是有效的 {label} 文件")
    if not data.startswith(OLE_MAGIC):
        if data[:4] == OLE_MAGIC[:4]:
            raise ExtractError(f"{label} 文件不完整（复合文档文件头被截断），文件已损坏")
        if data.startswith(b"PK\x03\x04"):
            raise ExtractError(
                f"文件实际是 .docx 格式（只是扩展名为 {label}），请改扩展名为 .docx 后再检查"
            )
        if data.lstrip().startswith(b"{\\rtf"):
            raise ExtractError(
                f"文件实际是 RTF 格式（只是扩展名为 {label}），请改扩展名为 .rtf 后再检查"
            )
        if kind == "wps":
            raise ExtractError(
                "这是旧版 WPS 文字格式（不是复合文档），无法直接检查；"
                "请用 WPS 打开后另存为 .docx 再检查"
            )
        raise ExtractError(
            "文件不是 Word 97-2003 文档（缺少复合文档文件头），可能已损坏或扩展名有误；"
            "请用 Word 或 WPS 另存为 .docx 后再检查"
        )
    ole = open_ole(data, label)
    try:
        if not ole.exists("WordDocument"):
            if ole.exists("Workbook") or ole.exists("Book"):
                raise ExtractError(
                    f"文件实际是 Excel 工作簿（只是扩展名为 {label}），请改扩展名为 .xls 后再检查"
                )
            raise ExtractError(f"复合文档中没有 Word 正文（WordDocument 流），不是 {label} 文档")
        word = read_stream(ole, "WordDocument", label)
        fib = _Fib(word, label)
        if not ole.exists(fib.table_stream):
            raise ExtractError(f"{label} 文件缺少 {fib.table_stream} 流，文件被截断或已损坏")
        table = read_stream(ole, fib.table_stream, label)
        properties = summary_properties(ole)
        cut = truncated_streams(ole)
    finally:
        ole.close()

    pieces = _pieces(table, *fib.pair(_CLX), label)
    text = _all_text(word, pieces, label)
    ccp_text, ccp_ftn, ccp_hdd, ccp_mcr, ccp_atn, ccp_edn, ccp_txbx, ccp_hdr_txbx = fib.ccp
    bounds = [0]
    for n in (ccp_text, ccp_ftn, ccp_hdd, ccp_mcr, ccp_atn, ccp_edn, ccp_txbx, ccp_hdr_txbx):
        bounds.append(bounds[-1] + n)
    main, ftn, hdd, _mcr, atn, edn, txbx, hdr_txbx = (
        text[a:b] for a, b in itertools.pairwise(bounds)
    )
    warnings: list[str] = []
    if cut:
        warnings.append(f"{label} 文件不完整（被截断），{'、'.join(cut)} 未能读取")
    if len(text) < bounds[-1]:
        warnings.append(f"{label} 文件的正文比文件信息块所述的短，部分内容可能未能读取")

    out = TextBuilder()
    flags = _row_end_marks(word, table, fib, pieces, ccp_text)
    # No row end found in the properties: the heuristic, rather than one endless row.
    row_ends, in_cells = flags if flags and flags[0] else (None, set())
    for paragraph, (line, is_row) in enumerate(_clean(main, row_ends, in_cells), start=1):
        if line.strip():
            out.add(line, f"段落{paragraph}（表格）" if is_row else f"段落{paragraph}")

    def add_stories(stories: list[str], name: str) -> None:
        for n, story in enumerate(stories, start=1):
            for line, _ in _clean(story):
                if line.strip():
                    out.add(line.strip(), f"{name}{n}")

    hdd_stories = _stories(hdd, _plc_cps(table, *fib.pair(_PLCFHDD), 0, ccp_hdd))
    if len(hdd_stories) > 1:
        for i, story in enumerate(hdd_stories[_HDD_SEPARATORS:]):
            where = f"{_HDD_KIND[i % 6]}（第{i // 6 + 1}节）"
            for line, _ in _clean(story):
                if line.strip():
                    out.add(line.strip(), where)
    else:
        add_stories(hdd_stories, "页眉页脚")
    add_stories(_stories(ftn, _plc_cps(table, *fib.pair(_PLCFFNDTXT), 0, ccp_ftn)), "脚注")
    add_stories(_stories(edn, _plc_cps(table, *fib.pair(_PLCFENDTXT), 0, ccp_edn)), "尾注")
    add_stories(_stories(atn, _plc_cps(table, *fib.pair(_PLCFANDTXT), 0, ccp_atn)), "批注")
    add_stories(
        _stories(txbx, _plc_cps(table, *fib.pair(_PLCFTXBXTXT), _FTXBXS_SIZE, ccp_txbx)), "文本框"
    )
    add_stories(
        _stories(
            hdr_txbx, _plc_cps(table, *fib.pair(_PLCFHDRTXBXTXT), _TXBXHDR_SIZE, ccp_hdr_txbx)
        ),
        "页眉文本框",
    )
    add_properties(out, properties)
    result = out.text()
    if not result.strip():
        warnings.append("文档中没有可检查的文字（可能只有图片）")
    return Document(result, kind, segments=out.segments, warnings=warnings)
