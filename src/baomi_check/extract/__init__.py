"""File → :class:`Document` (text + locations), one module per format.

The layout: :mod:`.registry` says which formats exist and recognises a file by its content
(magic bytes first, the suffix only where content cannot decide); one module per format reads
it (:mod:`.text`, :mod:`.html`, :mod:`.docx`, :mod:`.xlsx`, :mod:`.pdf`, :mod:`.archive` …);
:mod:`baomi_check.walk` decides what is a file and opens it with the input limits.

``extract_file(path)`` = :func:`baomi_check.walk.read_input` (regular files only, size limit)
+ :func:`extract_bytes`, which sniffs the kind, applies the zip-bomb limits of packages, runs
the reader (or LibreOffice for formats without one, when ``soffice`` is installed) and turns
every failure into an :class:`ExtractError` with a plain Chinese message.  A document from
which no text at all could be read always carries a warning: "no findings" must never be the
answer for a file nobody could read.

``annotate(doc, report)`` then puts the document's knowledge back into a report: each
finding's location and ``tampering`` findings for hidden HTML content.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import Finding, Occurrence, Report, Severity, expand_findings, group_repeats
from .document import Document, HiddenSpan, Segment, TextBuilder
from .errors import DEFAULT_MAX_BYTES, ExtractError, FileTimeout, format_size
from .registry import (
    FORMATS,
    OLE_MAGIC,
    WALKED_SUFFIXES,
    describe,
    kind_for_suffix,
    reader_for,
    sniff,
)

if TYPE_CHECKING:
    from ..report.common import Masker

SUPPORTED_SUFFIXES = WALKED_SUFFIXES
"""Extensions a folder walk picks up by default (see :mod:`.registry`)."""
NO_TEXT_WARNING = "未能从文件中读取到任何文字（可能只有图片、内容为空或格式异常），请人工审查"


def kind_of(path: str | Path) -> str:
    """The kind a path's extension claims; unknown extensions are read as plain text (the
    content decides in the end, see :func:`extract_bytes`)."""
    return kind_for_suffix(Path(path).name) or "txt"


def extract_bytes(data: bytes, kind: str) -> Document:
    """Extract already-read bytes claimed to be ``kind`` (``txt``, ``html``, ``docx`` …).

    The content decides the reader (:func:`.registry.sniff`); ``kind`` only where the content
    cannot."""
    claimed = kind
    if claimed in ("docx", "xlsx", "pdf", "pptx", "ofd") and not data:
        raise ExtractError(f"文件为空（0 字节），不是有效的 .{claimed} 文件")
    kind = sniff(data, claimed)
    fmt = FORMATS.get(kind)
    if fmt is not None and fmt.package:
        _check_expansion(data, kind)
    if kind == "encrypted" or (
        claimed in ("docx", "xlsx") and data.startswith(OLE_MAGIC) and reader_for(kind) is None
    ):
        target = claimed if claimed in ("docx", "xlsx") else "docx 或 .xlsx"
        raise ExtractError(
            f"文件是设置了打开密码的 Office 文档或旧版二进制格式（只是扩展名为 .{claimed}），"
            f"请去除密码或另存为 .{target} 后再检查"
        )
    reader = reader_for(kind)
    if reader is None:
        return _without_reader(data, kind, claimed)
    doc = _run(reader, data, kind)
    if not doc.text.strip() and not doc.warnings:
        doc.warnings.append(NO_TEXT_WARNING)
    return doc


def _run(reader: object, data: bytes, kind: str) -> Document:
    """Run a reader; a library's own exception (``XMLSyntaxError``, ``NotImplementedError``,
    ``LimitReachedError`` …) on a damaged file becomes a plain message, not "internal error"."""
    try:
        return reader(data, kind)  # type: ignore[operator, no-any-return]
    except (ExtractError, MemoryError, KeyboardInterrupt):
        raise
    except RecursionError as exc:
        raise ExtractError(
            f"{describe(kind)}结构嵌套过深，无法读取（文件可能已损坏或是恶意构造的）"
        ) from exc
    except Exception as exc:
        raise ExtractError(
            f"无法读取该{describe(kind)}：文件已损坏、被截断或格式不受支持"
            f"（技术信息：{type(exc).__name__}）"
        ) from exc


def _without_reader(data: bytes, kind: str, claimed: str) -> Document:
    """A format with no native reader: LibreOffice when it is installed, else the message."""
    fmt = FORMATS.get(kind)
    if fmt is None:
        raise ExtractError(f"不支持的文件类型：{kind}")
    if fmt.convert_to:
        from . import office

        if office.available():
            converted = office.convert(data, kind, fmt.convert_to)
            doc = extract_bytes(converted, fmt.convert_to)
            doc.kind = kind
            doc.warnings.insert(0, f"{fmt.label}已用 LibreOffice 转换为 .{fmt.convert_to} 后检查")
            return doc
    raise ExtractError(fmt.missing or f"{fmt.label}无法检查")


MAX_UNPACKED_BYTES = 1 << 30
"""Uncompressed size above which an Office package is refused (python-docx holds every part in
memory, and parses the XML into a tree several times its size)."""
_BOMB_RATIO = 200
"""Compression ratio of one part above which, for a part larger than 64 MiB, it is a bomb:
Word and Excel XML compresses 5-30×, a zip bomb 1000× and more."""


def _check_expansion(data: bytes, kind: str) -> None:
    """Refuse a zip bomb *before* a library inflates it: a 2 MB ``.docx`` whose document part
    unpacks to 10 GB would take the worker (and with it the process pool) down by memory."""
    import io
    import zipfile

    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return  # the extractor reports a broken package with its own message
    total = sum(i.file_size for i in infos)
    bomb = any(
        i.file_size > (64 << 20) and i.file_size > _BOMB_RATIO * max(i.compress_size, 1)
        for i in infos
    )
    if bomb or total > MAX_UNPACKED_BYTES:
        raise ExtractError(
            f".{kind} 文件解压后过大（{total:,} 字节，{format_size(total)}），"
            "疑似压缩炸弹或异常文件，已跳过"
        )


def extract_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and extract one file (or archive member ``a.zip!/b.docx``).  Raises
    :class:`ExtractError` with a user-facing message."""
    from ..walk import read_input

    data = read_input(path, max_bytes)
    return extract_bytes(data, kind_of(str(path).rsplit("!/", 1)[-1]))


# --- putting document knowledge into the report ----------------------------------------------

_LONG_DIGITS = re.compile(r"[0-9Xx]{6,}")


def _mask_digits(s: str) -> str:
    return _LONG_DIGITS.sub(lambda m: m.group()[:2] + "*" * (len(m.group()) - 2), s)


def hidden_findings(doc: Document, findings: list[Finding]) -> list[Finding]:
    """``tampering.hidden_content`` for every hidden HTML span that carries spam findings or
    links to hosts the visible page does not link to.

    Hidden text alone is not reported: drop-down menus and image-replaced logos are hidden
    legitimately.  Hidden *spam* or hidden *foreign links* is the 暗链 attack."""
    out: list[Finding] = []
    masker: Masker | None = None
    for span in doc.hidden:
        a, b = _trim(doc.text, span)
        if b <= a:
            continue
        spam = [f for f in findings if f.category == "spam" and a <= f.start and f.end <= b]
        foreign = sorted(
            {h for h in (_host_of(u) for u in span.links) if h and h not in doc.visible_hosts}
        )
        if not spam and not foreign:
            continue
        what = []
        if foreign:
            shown = "、".join(foreign[:3]) + ("等" if len(foreign) > 3 else "")
            what.append(f"{len(span.links)}个指向外部网站的链接（{shown}）")
        if spam:
            what.append(f"{len(spam)}处垃圾推广内容")
        evidence = doc.text[a:b]
        if masker is None:
            from ..report.common import Masker

            masker = Masker(findings, show_values=False)
        # The display form hides every finding inside the block (an e-mail address, a phone
        # number), not just digit runs: outputs trust ``masked`` as the safe form of evidence.
        shown = _mask_digits(masker.span(evidence[:60], a))
        line, col = doc.line_col(a)
        end_line, end_col = doc.line_col(b)
        out.append(
            Finding.model_construct(
                rule_id="tampering.hidden_content",
                category="tampering",
                severity=Severity.REVIEW,
                start=a,
                end=b,
                text=evidence,
                line=line,
                column=col,
                end_line=end_line,
                end_column=end_col,
                message=(
                    f"网页中有访问者看不到的隐藏内容（{span.reason}），含"
                    + "、".join(what)
                    + "，疑似被植入暗链"
                ),
                suggestion="删除该隐藏区块，并排查网站是否被入侵、模板或数据库是否被篡改",
                confidence=0.95 if spam else 0.8,
                masked=shown + ("…" if len(evidence) > 60 else ""),
            )
        )
    return out


def _trim(text: str, span: HiddenSpan) -> tuple[int, int]:
    a, b = span.start, span.end
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _host_of(url: str) -> str | None:
    from .html import _host

    return _host(url)


def annotate(doc: Document, report: Report) -> Report:
    """Locations for every finding, hidden-content findings, extraction warnings; verdict and
    per-category stats recomputed when findings were added."""
    # Hidden blocks are judged by every occurrence inside them, not only a repeat's first.
    extra = hidden_findings(doc, expand_findings(report.findings)) if doc.hidden else []
    findings = group_repeats([*report.findings, *extra]) if extra else list(report.findings)
    for f in findings:
        if f.location is None:
            f.location = doc.location_at(f.start)
        for o in f.occurrences:
            if o.location is None:
                o.location = doc.location_at(o.start)
    if doc.ocr:
        _place_on_pages(doc, findings)
    return report.with_findings(findings, warnings=[*doc.warnings, *report.warnings])


def _place_on_pages(doc: Document, findings: list[Finding]) -> None:
    """Page, box and confidence of findings on recognised text: the box is the union of the
    recognised boxes the evidence touches (on the page where it starts), and the confidence is
    the detector's times the lowest recognition confidence among them — a checksum-valid ID read
    at 0.6 is less certain than one read at 0.99."""
    starts = [s.start for s in doc.ocr]
    for f in findings:
        lowest = _place_one(doc, starts, f)
        if lowest is not None:
            f.confidence = round(f.confidence * lowest, 3)
        # Each place of a repeat has its own page and box (a value on several scanned pages).
        for o in f.occurrences:
            _place_one(doc, starts, o)


def _place_one(doc: Document, starts: list[int], f: Finding | Occurrence) -> float | None:
    """Set the page and box of one finding or occurrence; the lowest recognition confidence of
    the text it touches, or ``None`` when it touches no recognised text."""
    from bisect import bisect_right

    k = max(0, bisect_right(starts, f.start) - 1)
    hit = []
    while k < len(doc.ocr) and doc.ocr[k].start < max(f.end, f.start + 1):
        span = doc.ocr[k]
        if span.end > f.start:
            hit.append(span)
        k += 1
    if not hit:
        return None
    page = hit[0].page
    boxes = [s.box for s in hit if s.page == page]
    f.page = page
    f.box = (min(b[0] for b in boxes), min(b[1] for b in boxes),
             max(b[2] for b in boxes), max(b[3] for b in boxes))
    return min(s.confidence for s in hit)


__all__ = [
    "DEFAULT_MAX_BYTES",
    "NO_TEXT_WARNING",
    "SUPPORTED_SUFFIXES",
    "Document",
    "ExtractError",
    "FileTimeout",
    "HiddenSpan",
    "Segment",
    "TextBuilder",
    "annotate",
    "extract_bytes",
    "extract_file",
    "hidden_findings",
    "kind_of",
]
