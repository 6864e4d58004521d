"""PDF: the text layer, page by page (``第N页``), with pypdf.

The text layer is read, then the annotations of each page (sticky notes and other comments,
located ``第N页（批注）``) and the document properties.  Only text is read: a scanned PDF
(images only) has none, and is reported as an error (exit 2) rather than as clean, because "no
findings" on a picture of a 机密 document would be a dangerous answer; a PDF with some
image-only pages is checked and warns about those pages.  Encrypted PDFs are
opened with the empty user password when that is all they need (owner-password "protection"
against printing is common on published files); anything else is an error that tells the user
to supply a decrypted copy.
"""

from __future__ import annotations

import io
import logging

import pypdf
from pypdf.errors import PdfReadError

from . import ocr
from .document import Document, OcrSpan, TextBuilder, add_properties
from .errors import ExtractError

# pypdf logs every recoverable oddity of real-world PDFs as a warning; they are not the user's
# concern and would garble the progress bar.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _info(info: object, key: str) -> str | None:
    """One entry of the document information dictionary as text (it may be an indirect or
    a malformed object: anything but a string counts as absent)."""
    try:
        value = info.get(key) if hasattr(info, "get") else None
        return str(value) if isinstance(value, str) else None
    except Exception:
        return None


def _annotation_texts(page: pypdf.PageObject) -> list[str]:
    """The text of a page's annotations — sticky notes, free-text boxes, comments on
    highlights (``/Contents``) — which every PDF reader shows and the text layer lacks."""
    out: list[str] = []
    try:
        annots = page.get("/Annots")
        annots = annots.get_object() if annots is not None else []
        for ref in annots or []:
            annot = ref.get_object()
            if annot.get("/Subtype") in ("/Link", "/Popup", "/Widget"):
                continue  # links have no text; a popup repeats its parent's /Contents
            value = annot.get("/Contents")
            if isinstance(value, str) and value.strip():
                out.append(value.strip())
    except Exception:  # a malformed annotation array must not cost the page text
        return out
    return out


def extract_pdf(data: bytes, kind: str = "pdf") -> Document:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ExtractError("文件不是 PDF（缺少 %PDF 文件头），可能已损坏或扩展名有误")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # DependencyError (AES needs 'cryptography'), NotImplemented
                raise ExtractError(
                    f"PDF 已加密，无法读取（{type(exc).__name__}: {exc}）；请提供解密后的副本"
                ) from exc
            if not opened:
                raise ExtractError("PDF 已加密，需要打开密码；请提供解密后的副本再检查")
        pages = len(reader.pages)
        notes: list[tuple[str, str]] = []
        texts: list[str] = []
        for n, page in enumerate(reader.pages, start=1):
            texts.append(page.extract_text() or "")
            notes.extend((f"第{n}页（批注）", t) for t in _annotation_texts(page))
        info = reader.metadata or {}
        properties = [_info(info, k) for k in ("/Title", "/Subject", "/Keywords")]
    except ExtractError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise ExtractError(
            f"无法读取 PDF（文件损坏或被截断）：{type(exc).__name__}: {exc}"
        ) from exc
    warnings: list[str] = []
    try:
        recognised, ocr_warnings = ocr.recognise_pdf(data, texts)
    except ocr.OcrUnavailable as exc:
        if pages and not any(t.strip() for t in texts):
            raise
        recognised, ocr_warnings = [], [str(exc)]
    warnings.extend(ocr_warnings)
    by_page = {p.number: p for p in recognised}
    out = TextBuilder()
    spans: list[OcrSpan] = []
    header: list[tuple[int, int]] = []
    empty_pages = 0
    for n, text in enumerate(texts, start=1):
        if text.strip():
            out.add(text, f"第{n}页")
        if n in by_page:
            ocr.add_page(out, by_page[n], spans, header)
        elif not text.strip():
            empty_pages += 1
    for location, text in notes:
        out.add(text, location)
    add_properties(out, properties)
    if pages and not any(t.strip() for t in texts) and not spans:
        # Nothing of the content could be read: reporting it as clean would be a false pass.
        if recognised:
            raise ExtractError("PDF 没有文字层（可能是扫描件），文字识别也未识别出文字，请人工审查")
        raise ExtractError(
            "PDF 没有文字层（可能是扫描件），内容无法自动检查：已设置 --ocr never；"
            "请开启文字识别（OCR）或人工审查"
        )
    if empty_pages and not recognised and ocr.mode() == "never":
        warnings.append(f"PDF 有 {empty_pages} 页没有文字层（可能是扫描页），这些页未能检查")
    return Document(out.text(), kind, segments=out.segments, warnings=warnings, ocr=spans,
                    header_spans=header)
