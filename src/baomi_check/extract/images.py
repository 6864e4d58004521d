"""Images (``.png .jpg .jpeg .tif .tiff .bmp``, multi-page TIFF): text by recognition (OCR).

A photo or scan of a notice is published as often as the notice itself, and has no text at all
without recognition.  Each frame of the file is a page (``第N页（识别）``); the text is assembled
in reading order by :mod:`.ocr`.  Without the ``[ocr]`` extra, or with ``--ocr never``, an
image is an error (exit 2) whose message says so: an image that was not read is never a pass.

Redaction of images is out of scope: ``redact`` refuses them with a message.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from . import ocr
from .document import Document, TextBuilder
from .errors import ExtractError

if TYPE_CHECKING:
    from PIL.Image import Image

IMAGE_KINDS = frozenset(("png", "jpeg", "tiff", "bmp"))

MAX_FRAMES = 2000
"""Frames of a multi-page TIFF read at most (a fax archive has hundreds; a crafted file with a
million empty frames would otherwise run until the timeout)."""

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"BM", "bmp"),
)


def sniff_image(data: bytes) -> str | None:
    """The image kind from the file's first bytes, or ``None``."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def _require_ocr(what: str) -> None:
    if ocr.mode() == "never":
        raise ExtractError(
            f"{what}只能通过文字识别（OCR）检查，但已设置 --ocr never；请人工审查或开启识别"
        )
    if not ocr.available():
        raise ocr.OcrUnavailable(
            f"{what}需要文字识别（OCR）才能检查，但未安装识别组件：请运行 {ocr.EXTRA_HINT}，"
            "或人工审查"
        )


def _open(data: bytes) -> Image:
    try:
        from PIL import Image as PILImage
    except ImportError as exc:  # the [ocr] extra brings Pillow
        raise ocr.OcrUnavailable(f"读取图片需要 Pillow：请运行 {ocr.EXTRA_HINT}") from exc
    try:
        img = PILImage.open(io.BytesIO(data))
        img.load()
    except PILImage.DecompressionBombError as exc:
        raise ExtractError(f"图片像素过多（{exc}），疑似异常文件，已跳过") from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ExtractError(
            f"无法读取图片（文件损坏或格式不支持）：{type(exc).__name__}: {exc}"
        ) from exc
    return img


def page_count(data: bytes) -> int:
    """Frames (pages) of an image file."""
    _require_ocr("图片")
    img = _open(data)
    return max(1, min(MAX_FRAMES, int(getattr(img, "n_frames", 1) or 1)))


def page_image(data: bytes, index: int) -> Image:
    """Frame ``index`` (0-based) of an image file."""
    img = _open(data)
    if index:
        try:
            img.seek(index)
            img.load()
        except (EOFError, OSError, ValueError) as exc:
            raise ExtractError(
                f"无法读取图片第 {index + 1} 页：{type(exc).__name__}: {exc}"
            ) from exc
    return img


def ocr_page(data: bytes, index: int) -> ocr.OcrPage:
    """Recognise frame ``index``; boxes in the image's pixels."""
    _require_ocr("图片")
    return ocr.recognize_page(page_image(data, index), index + 1)


def document_from_pages(pages: list[ocr.OcrPage], kind: str, what: str) -> Document:
    """A :class:`Document` of recognised pages (shared by images and scanned PDFs)."""
    out = TextBuilder()
    spans: list = []
    header: list[tuple[int, int]] = []
    for page in pages:
        ocr.add_page(out, page, spans, header)
    warnings = [f"{what}内容由文字识别（OCR）得到，识别可能有误；结论请对照原件核实"]
    if not spans:
        # Nothing recognised: a blank page, a photo, or text the engine could not read.  Not a
        # pass: the reviewer must look at it.
        raise ExtractError(f"{what}中未识别出任何文字（空白页、照片或无法识别的内容），请人工审查")
    return Document(out.text(), kind, segments=out.segments, warnings=warnings, ocr=spans,
                    header_spans=header)


def extract_image(data: bytes, kind: str = "png") -> Document:
    """Read an image file by recognising each of its frames."""
    if not data:
        raise ExtractError("文件为空（0 字节），不是有效的图片")
    n = page_count(data)
    pages = ocr.obtain(data, "image", range(n), lambda i: ocr_page(data, i))
    return document_from_pages(pages, sniff_image(data) or kind, "图片")
