"""PDF: the text layer, page by page (``第N页``), with PDFium (pypdfium2); pypdf as fallback.

The reader choice is made here and only here (:data:`BACKENDS`): PDFium extracts the text layer
an order of magnitude faster than pypdf (``benchmarks/pdf_readers.py`` measures both on the
same PDFs in one run), so it goes first; a file PDFium cannot open (a damaged cross-reference
table it does not repair) is tried with pypdf before it is called unreadable.

What is read, whatever the backend: the text layer of every page, then the annotations of each
page (sticky notes and other comments, ``第N页（批注）``), then the document properties (title,
subject, keywords).  Each page is a :class:`PdfPage`; a page *without a text layer* (a scanned
page, an image) is a distinct state, ``has_text_layer = False``: such pages (and pages whose few
characters sit on a page-sized image) are recognised by :mod:`.ocr` when the ``[ocr]`` extra is
installed, located ``第N页（识别）``.  A PDF none of whose pages has text (nor recognised
text) is an error (exit 2), not a clean pass, because "no findings" on a picture of a 机密
document would be a dangerous answer; a PDF with 0 pages (a page tree the reader cannot
resolve) likewise.  Encrypted PDFs are opened with the empty user password when that is all
they need (owner-password "protection" against printing is common on published files);
anything else is an error that asks for a decrypted copy.
"""

from __future__ import annotations

import ctypes
import io
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from . import ocr
from .document import Document, OcrSpan, TextBuilder, add_properties
from .errors import ExtractError

# pypdf logs every recoverable oddity of real-world PDFs as a warning; they are not the user's
# concern and would garble the progress bar.
logging.getLogger("pypdf").setLevel(logging.ERROR)

NO_TEXT_LAYER = (
    "PDF 没有文字层（可能是扫描件），内容无法自动检查：请先做文字识别（OCR）或人工审查"
)
NO_TEXT_LAYER_OCR_OFF = (
    "PDF 没有文字层（可能是扫描件），内容无法自动检查：已设置 --ocr never；"
    "请开启文字识别（OCR）或人工审查"
)
NEED_PASSWORD = "PDF 已加密，需要打开密码；请提供解密后的副本再检查"


@dataclass
class PdfPage:
    """One page as read: its text layer (``""`` when it has none) and annotation texts."""

    number: int
    text: str
    notes: list[str] = field(default_factory=list)

    @property
    def has_text_layer(self) -> bool:
        return bool(self.text.strip())


@dataclass
class PdfContent:
    pages: list[PdfPage]
    properties: list[str | None]
    """Title, subject, keywords."""


class _Unopenable(Exception):
    """This backend cannot open the file (the next one may)."""


# --- PDFium ----------------------------------------------------------------------------------

_PDFIUM_LOCK = threading.Lock()
"""PDFium is not thread-safe; the service may call readers from threads."""
_SKIP_ANNOTS = {"Link", "Popup", "Widget"}


def _pdfium_read(data: bytes) -> PdfContent:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    with _PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(data, password="")
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise ExtractError(NEED_PASSWORD) from exc
            raise _Unopenable(str(exc)) from exc
        try:
            pages: list[PdfPage] = []
            for n in range(len(doc)):
                page = doc[n]
                try:
                    textpage = page.get_textpage()
                    try:
                        text = textpage.get_text_range()
                    finally:
                        textpage.close()
                    notes = _pdfium_annotations(raw, page)
                finally:
                    page.close()
                text = text.replace("\r\n", "\n").replace("\r", "\n")
                pages.append(PdfPage(n + 1, text, notes))
            meta = doc.get_metadata_dict(skip_empty=True)
            props = [meta.get("Title"), meta.get("Subject"), meta.get("Keywords")]
        finally:
            doc.close()
    return PdfContent(pages, props)


def _pdfium_annotations(raw: object, page: object) -> list[str]:
    """``/Contents`` of a page's annotations (not links, pop-ups or form widgets)."""
    out: list[str] = []
    r = raw
    handle = page.raw  # type: ignore[attr-defined]
    for i in range(r.FPDFPage_GetAnnotCount(handle)):  # type: ignore[attr-defined]
        annot = r.FPDFPage_GetAnnot(handle, i)  # type: ignore[attr-defined]
        if not annot:
            continue
        try:
            subtype = r.FPDFAnnot_GetSubtype(annot)  # type: ignore[attr-defined]
            if subtype in (r.FPDF_ANNOT_LINK, r.FPDF_ANNOT_POPUP, r.FPDF_ANNOT_WIDGET):  # type: ignore[attr-defined]
                continue
            size = r.FPDFAnnot_GetStringValue(annot, b"Contents", None, 0)  # type: ignore[attr-defined]
            if size <= 2:
                continue
            buf = ctypes.create_string_buffer(size)
            r.FPDFAnnot_GetStringValue(annot, b"Contents", ctypes.cast(buf, ctypes.POINTER(r.FPDF_WCHAR)), size)  # type: ignore[attr-defined]  # noqa: E501
            value = buf.raw[: size - 2].decode("utf-16-le", errors="replace").strip()
            if value:
                out.append(value)
        finally:
            r.FPDFPage_CloseAnnot(annot)  # type: ignore[attr-defined]
    return out


# --- pypdf -----------------------------------------------------------------------------------


def _pypdf_info(info: object, key: str) -> str | None:
    try:
        value = info.get(key) if hasattr(info, "get") else None
        return str(value) if isinstance(value, str) else None
    except Exception:
        return None


def _pypdf_annotations(page: object) -> list[str]:
    out: list[str] = []
    try:
        annots = page.get("/Annots")  # type: ignore[attr-defined]
        annots = annots.get_object() if annots is not None else []
        for ref in annots or []:
            annot = ref.get_object()
            if annot.get("/Subtype") in ("/Link", "/Popup", "/Widget"):
                continue
            value = annot.get("/Contents")
            if isinstance(value, str) and value.strip():
                out.append(value.strip())
    except Exception:  # a malformed annotation array must not cost the page text
        return out
    return out


def _pypdf_read(data: bytes) -> PdfContent:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # DependencyError (AES needs 'cryptography'), NotImplemented
                raise ExtractError(
                    f"PDF 已加密，无法读取（{type(exc).__name__}）；请提供解密后的副本"
                ) from exc
            if not opened:
                raise ExtractError(NEED_PASSWORD)
        pages = [
            PdfPage(n, page.extract_text() or "", _pypdf_annotations(page))
            for n, page in enumerate(reader.pages, start=1)
        ]
        info = reader.metadata or {}
        props = [_pypdf_info(info, k) for k in ("/Title", "/Subject", "/Keywords")]
    except ExtractError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError,
            RecursionError, NotImplementedError) as exc:  # fmt: skip
        raise ExtractError(
            f"无法读取 PDF（文件损坏或被截断）（技术信息：{type(exc).__name__}）"
        ) from exc
    return PdfContent(pages, props)


BACKENDS: dict[str, Callable[[bytes], PdfContent]] = {"pdfium": _pdfium_read, "pypdf": _pypdf_read}
"""Tried in this order; the first that opens the file reads it."""


def read_pages(data: bytes, backend: str | None = None) -> PdfContent:
    """The pages of a PDF (``backend`` forces one, for the benchmark and tests)."""
    if not data.lstrip()[:1024].count(b"%PDF"):
        raise ExtractError("文件不是 PDF（缺少 %PDF 文件头），可能已损坏或扩展名有误")
    order = [backend] if backend else list(BACKENDS)
    last: Exception | None = None
    pageless: PdfContent | None = None
    for name in order:
        try:
            content = BACKENDS[name](data)
        except _Unopenable as exc:
            last = exc
            continue
        except ImportError as exc:  # pypdfium2 missing from an unusual installation
            last = exc
            continue
        if content.pages:
            return content
        pageless = content  # a page tree this backend could not resolve: try the next
    if pageless is not None:
        return pageless
    detail = "PdfiumError" if isinstance(last, _Unopenable) else type(last).__name__
    raise ExtractError(f"无法读取 PDF（文件损坏或被截断）（技术信息：{detail}）")


def extract_pdf(data: bytes, kind: str = "pdf", backend: str | None = None) -> Document:
    content = read_pages(data, backend)
    pages = content.pages
    if not pages:
        raise ExtractError(
            "PDF 中没有可读取的页面（页面树缺失或无法解析），内容无法检查："
            "文件可能已损坏，请人工审查"
        )
    texts = [page.text if page.has_text_layer else "" for page in pages]
    warnings: list[str] = []
    try:
        recognised, ocr_warnings = ocr.recognise_pdf(data, texts)
    except ocr.OcrUnavailable as exc:
        if not any(texts):
            raise  # nothing readable and no recogniser: the error names the extra
        recognised, ocr_warnings = [], [str(exc)]
    warnings.extend(ocr_warnings)
    by_page = {p.number: p for p in recognised}
    out = TextBuilder()
    spans: list[OcrSpan] = []
    header: list[tuple[int, int]] = []
    for page in pages:
        if page.has_text_layer:
            out.add(page.text, f"第{page.number}页")
        if page.number in by_page:
            ocr.add_page(out, by_page[page.number], spans, header)
    for page in pages:
        for note in page.notes:
            out.add(note, f"第{page.number}页（批注）")
    add_properties(out, content.properties)
    empty = [p.number for p in pages if not p.has_text_layer and p.number not in by_page]
    if not any(texts) and not spans:
        # Nothing of the content could be read: reporting it as clean would be a false pass.
        if recognised:
            raise ExtractError(
                "PDF 没有文字层（可能是扫描件），文字识别也未识别出任何文字，请人工审查"
            )
        raise ExtractError(NO_TEXT_LAYER_OCR_OFF if ocr.mode() == "never" else NO_TEXT_LAYER)
    if empty and not ocr_warnings:
        shown = "、".join(str(n) for n in empty[:10]) + ("等" if len(empty) > 10 else "")
        warnings.append(
            f"PDF 有 {len(empty)} 页没有文字层（第{shown}页，可能是扫描页），这些页未能检查"
        )
    return Document(out.text(), kind, segments=out.segments, warnings=warnings, ocr=spans,
                    header_spans=header)
