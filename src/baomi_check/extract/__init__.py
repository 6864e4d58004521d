"""File → :class:`Document` (text + locations), one module per format.

``extract_file(path)`` picks the extractor by extension (and refuses what it cannot read with a
message that says what to do), enforces the size limit before reading, and never writes to the
input: files are opened read-only and only regular files are opened at all (a FIFO or device
would block or stream forever).  ``annotate(doc, report)`` then puts the document's knowledge
back into a report: each finding's location and ``tampering`` findings for hidden HTML content.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import Finding, Report, Severity
from .document import Document, HiddenSpan, Segment, TextBuilder
from .errors import ExtractError, FileTimeout

if TYPE_CHECKING:
    from ..report.common import Masker

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".csv": "csv",
                 ".tsv": "csv"}  # fmt: skip
HTML_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html"}
LEGACY_SUFFIXES = {
    ".doc": "旧版 Word 二进制格式（.doc）无法直接检查，请用 Word 或 WPS 另存为 .docx 后再检查",
    ".wps": "WPS 文字格式（.wps）无法直接检查，请用 WPS 另存为 .docx 后再检查",
    ".xls": "旧版 Excel 二进制格式（.xls）无法直接检查，请用 Excel 或 WPS 另存为 .xlsx 后再检查",
    ".et": "WPS 表格格式（.et）无法直接检查，请用 WPS 另存为 .xlsx 后再检查",
}
IMAGE_SUFFIXES = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".tif": "tiff",
                  ".tiff": "tiff", ".bmp": "bmp"}  # fmt: skip
"""Images, read by recognition (OCR, the ``[ocr]`` extra): see :mod:`.images`."""
SUPPORTED_SUFFIXES = (
    set(TEXT_SUFFIXES) | set(HTML_SUFFIXES) | set(LEGACY_SUFFIXES) | set(IMAGE_SUFFIXES)
    | {".docx", ".xlsx", ".pdf"}
)
"""Extensions a folder walk picks up by default (legacy ones so that they get their message)."""

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def kind_of(path: str | Path) -> str:
    """The extractor kind for a path; unknown extensions are read as plain text."""
    suffix = Path(path).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return TEXT_SUFFIXES[suffix]
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in LEGACY_SUFFIXES:
        return suffix[1:]
    if suffix in (".docx", ".xlsx", ".pdf"):
        return suffix[1:]
    if suffix in IMAGE_SUFFIXES:
        return IMAGE_SUFFIXES[suffix]
    return "txt"


def _extractor(kind: str) -> Callable[[bytes, str], Document]:
    # Imported lazily: a pre-commit run on three Markdown files should not import lxml, pypdf,
    # python-docx and openpyxl.
    if kind == "html":
        from .html import extract_html

        return extract_html
    if kind == "docx":
        from .docx import extract_docx

        return extract_docx
    if kind == "xlsx":
        from .xlsx import extract_xlsx

        return extract_xlsx
    if kind == "pdf":
        from .pdf import extract_pdf

        return extract_pdf
    if kind in ("png", "jpeg", "tiff", "bmp"):
        from .images import extract_image

        return extract_image
    from .text import extract_text

    return extract_text


def format_size(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def extract_bytes(data: bytes, kind: str) -> Document:
    """Extract already-read bytes as ``kind`` (``txt``, ``md``, ``csv``, ``html``, ``docx`` …)."""
    if kind in ("doc", "wps", "xls", "et"):
        raise ExtractError(LEGACY_SUFFIXES["." + kind])
    if kind in ("docx", "xlsx", "pdf") and not data:
        raise ExtractError(f"文件为空（0 字节），不是有效的 .{kind} 文件")
    if kind in ("docx", "xlsx") and data.startswith(_OLE_MAGIC):
        target = "docx" if kind == "docx" else "xlsx"
        raise ExtractError(
            f"文件是设置了打开密码的 Office 文档或旧版二进制格式（只是扩展名为 .{kind}），"
            f"请去除密码或另存为 .{target} 后再检查"
        )
    if kind in ("docx", "xlsx"):
        _check_expansion(data, kind)
    return _extractor(kind)(data, kind)


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
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the extractor reports a broken package with its own message
    total = sum(i.file_size for i in infos)
    bomb = any(
        i.file_size > (64 << 20) and i.file_size > _BOMB_RATIO * max(i.compress_size, 1)
        for i in infos
    )
    if bomb or total > MAX_UNPACKED_BYTES:
        raise ExtractError(
            f".{kind} 文件解压后过大（{format_size(total)}），疑似压缩炸弹或异常文件，已跳过"
        )


def extract_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and extract one file.  Raises :class:`ExtractError` with a user-facing message."""
    p = Path(path)
    kind = kind_of(p)
    if kind in ("doc", "wps", "xls", "et"):
        raise ExtractError(LEGACY_SUFFIXES["." + kind])
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise ExtractError("文件不存在") from None
    except OSError as exc:
        raise ExtractError(f"无法访问文件：{exc.strerror or exc}") from exc
    if not stat.S_ISREG(st.st_mode):
        raise ExtractError("不是普通文件（目录、管道或设备文件），已跳过")
    if st.st_size > max_bytes:
        raise ExtractError(
            f"文件过大（{format_size(st.st_size)}，上限 {format_size(max_bytes)}），已跳过；"
            "可用 --max-file-size 调整上限"
        )
    try:
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise ExtractError(f"无法读取文件：{exc.strerror or exc}") from exc
    if len(data) > max_bytes:  # grew between stat and read
        raise ExtractError(f"文件过大（超过上限 {format_size(max_bytes)}），已跳过")
    return extract_bytes(data, kind)


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
    extra = hidden_findings(doc, report.findings) if doc.hidden else []
    findings = sorted([*report.findings, *extra], key=lambda f: (f.start, f.end, f.rule_id))
    for f in findings:
        if f.location is None:
            f.location = doc.location_at(f.start)
    if doc.ocr:
        _place_on_pages(doc, findings)
    return report.with_findings(findings, warnings=[*doc.warnings, *report.warnings])


def _place_on_pages(doc: Document, findings: list[Finding]) -> None:
    """Page, box and confidence of findings on recognised text: the box is the union of the
    recognised boxes the evidence touches (on the page where it starts), and the confidence is
    the detector's times the lowest recognition confidence among them — a checksum-valid ID read
    at 0.6 is less certain than one read at 0.99."""
    from bisect import bisect_right

    starts = [s.start for s in doc.ocr]
    for f in findings:
        k = max(0, bisect_right(starts, f.start) - 1)
        hit = []
        while k < len(doc.ocr) and doc.ocr[k].start < max(f.end, f.start + 1):
            span = doc.ocr[k]
            if span.end > f.start:
                hit.append(span)
            k += 1
        if not hit:
            continue
        page = hit[0].page
        boxes = [s.box for s in hit if s.page == page]
        f.page = page
        f.box = (min(b[0] for b in boxes), min(b[1] for b in boxes),
                 max(b[2] for b in boxes), max(b[3] for b in boxes))
        f.confidence = round(f.confidence * min(s.confidence for s in hit), 3)


__all__ = [
    "DEFAULT_MAX_BYTES",
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
