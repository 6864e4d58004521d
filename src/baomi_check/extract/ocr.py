"""Text recognition (OCR) of page images: the offline engine, and text in reading order.

Why: a scanned 红头文件 or an image print of a notice has no text layer, and it is exactly where a
``机密★5年`` in the top corner or a 公示名单 of ID numbers hides.  Reading it "clean" would be a
false pass, so such pages are recognised here, and where recognition is not installed they stay
an error naming the extra to install (:class:`OcrUnavailable`).

Engine: ``rapidocr-onnxruntime`` (PaddleOCR PP-OCRv4 detection and recognition models run by
ONNX Runtime).  Its wheel *contains* the models and the package has no download code at all, so
recognition works on a machine with no network; nothing here ever fetches a model.  It is an
optional extra (``pip install 'baomi-check[ocr]'``) because it brings OpenCV and ONNX Runtime
(about 80 MB).

Layout: the engine returns text boxes in no useful order.  :func:`assemble` puts them into
reading order — rows top to bottom (boxes that overlap vertically are one row), boxes left to
right inside a row — and joins the cells of a row with a tab, as the other table readers do, so a
row of a 名单 (序号, 姓名, 身份证号, 电话) stays one line that the table-aware detectors read as
one record.  Every box keeps its position and its recognition confidence, which end up on the
findings (``第2页（识别）``, ``box``, ``confidence``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal

from .document import OcrSpan, TextBuilder
from .errors import ExtractError

if TYPE_CHECKING:
    from PIL.Image import Image

OcrMode = Literal["auto", "always", "never"]
OCR_MODES: tuple[str, ...] = ("auto", "always", "never")

EXTRA_HINT = "pip install 'baomi-check[ocr]'"
"""How to get recognition; every "cannot recognise" message names it."""

PDF_SCALE = 2.0
"""Render scale of a PDF page for recognition (2.0 = 144 dpi; an A4 page is 1191 × 1684 px).

Measured (``benchmarks/ocr.py``, section ``scales``): on a blurred synthetic roster, scale 1.25
missed 18-digit IDs set in 5.5 pt (4/6 and 5/6 in two runs); 1.5, 2.0 and 2.5 read all 18 IDs
in 5.5–7.5 pt.  2.0 keeps a margin for real scans, which are worse than synthetic ones, at about
1.6× the time of 1.5 (unloaded run); above 2 the detector downsizes to 2000 px anyway.  Small
print (table footnotes, 小五 and 六号 type) is where rosters live."""

MAX_SIDE_PX = 4000
"""Longest side of an image given to the engine: larger scans and posters are scaled down
(the detector resizes to at most 2000 px anyway; this bounds memory for the crops)."""

HEADER_FRACTION = 0.15
"""The top of a recognised page that counts as its 版头 (header zone): GB/T 9704 puts 份号, 密级
and 紧急程度 in the top left or right above the 发文机关标志, within the first ~15 % of an A4 page
(37 mm top margin)."""


class OcrUnavailable(ExtractError):
    """Recognition is needed but the optional engine is not installed (or failed to load)."""


@dataclass(frozen=True)
class OcrBox:
    """One recognised text box: its text, its confidence and its rectangle in page units."""

    text: str
    confidence: float
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class OcrLine:
    """One row in reading order: its boxes left to right and the separators between them."""

    boxes: tuple[OcrBox, ...]
    seps: tuple[str, ...]
    """``seps[i]`` goes between ``boxes[i]`` and ``boxes[i + 1]``: a tab between cells (a wide
    gap), nothing between two pieces of one phrase the detector split."""

    @property
    def text(self) -> str:
        parts = [self.boxes[0].text]
        for sep, box in zip(self.seps, self.boxes[1:], strict=True):
            parts.append(sep)
            parts.append(box.text)
        return "".join(parts)


@dataclass(frozen=True)
class OcrPage:
    """The recognised lines of one page, with the page's size in the same units as the boxes."""

    number: int
    width: float
    height: float
    lines: tuple[OcrLine, ...]

    def in_header(self, line: OcrLine) -> bool:
        """Is this line in the page's header zone (its top :data:`HEADER_FRACTION`)?"""
        return min(b.y0 for b in line.boxes) < self.height * HEADER_FRACTION


# --- settings ---------------------------------------------------------------------------------

_mode: OcrMode = "auto"
_threads: int | None = None
_defer = False
_provided: dict[int, OcrPage] | None = None


class NeedsRecognition(ExtractError):
    """Raised by a reader, instead of recognising, when this process defers recognition to the
    batch pool (:func:`deferring`): a multi-page scan is then recognised page by page on every
    core, and read again with the pages :func:`provided`.  Never reaches a user: the batch
    catches it (its message is only a fallback)."""

    def __init__(self, kind: str, pages: list[int], digest: str) -> None:
        super().__init__("需要文字识别的页面被分派到进程池")
        self.kind = kind
        """``pdf`` or ``image``: which recogniser a page task runs."""
        self.pages = pages
        """0-based pages to recognise."""
        self.digest = digest
        """Of the bytes being read: the batch checks they are the file's own (a scan inside
        an archive is recognised where it is read instead)."""


def digest(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=16).hexdigest()


class deferring:
    """Within this block, a reader that needs two or more pages recognised raises
    :class:`NeedsRecognition` instead (the batch pool recognises them in parallel)."""

    def __enter__(self) -> None:
        global _defer
        self._old = _defer
        _defer = True

    def __exit__(self, *exc: object) -> None:
        global _defer
        _defer = self._old


class provided:
    """Within this block, readers take recognised pages (by 1-based number) from ``pages``
    instead of recognising them."""

    def __init__(self, pages: dict[int, OcrPage]) -> None:
        self.pages = pages

    def __enter__(self) -> None:
        global _provided
        self._old = _provided
        _provided = self.pages

    def __exit__(self, *exc: object) -> None:
        global _provided
        _provided = self._old


def obtain(data: bytes, kind: str, wanted: Sequence[int],
           recognise: Callable[[int], OcrPage]) -> list[OcrPage]:
    """The recognised pages ``wanted`` (0-based): from :class:`provided` pages, deferred to the
    pool (:class:`deferring`, two pages or more), or recognised here."""
    if _provided is not None:
        return [_provided.get(i + 1) or recognise(i) for i in wanted]
    if _defer and len(wanted) > 1:
        raise NeedsRecognition(kind, list(wanted), digest(data))
    return [recognise(i) for i in wanted]


def configure(mode: str | None = None, threads: int | None = None) -> None:
    """Set the recognition mode of this process (``auto``/``always``/``never``) and the engine's
    threads.  Readers have a ``(bytes, kind)`` signature shared by every format, so the mode is
    process state, set once by the command line, the batch workers and the service."""
    global _mode, _threads
    if mode is not None:
        if mode not in OCR_MODES:
            raise ValueError(f"unknown OCR mode {mode!r}: expected one of {', '.join(OCR_MODES)}")
        _mode = mode  # type: ignore[assignment]
    if threads is not None:
        _threads = max(1, threads)


def mode() -> OcrMode:
    return _mode


def available() -> bool:
    """Is the optional engine importable (without loading its models)?"""
    import importlib.util

    try:
        return importlib.util.find_spec("rapidocr_onnxruntime") is not None
    except (ImportError, ValueError):
        return False


# --- the engine ---------------------------------------------------------------------------------

_engine: Any = None
_engine_lock = threading.Lock()


def engine() -> Any:
    """The process's engine, loaded once (about a second: three ONNX models).

    The models are the files inside the installed package; the engine has no download code, so
    this works offline (a test loads it with sockets disabled)."""
    global _engine
    if _engine is not None:
        return _engine
    with _engine_lock:
        if _engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as exc:
                raise OcrUnavailable(
                    f"需要文字识别（OCR），但未安装识别组件：请运行 {EXTRA_HINT}"
                    f"（{type(exc).__name__}: {exc}）"
                ) from exc
            threads = _threads if _threads is not None else _default_threads()
            try:
                _engine = RapidOCR(
                    intra_op_num_threads=threads, inter_op_num_threads=1, print_verbose=False
                )
            except Exception as exc:  # a broken install: missing model file, bad ONNX Runtime
                raise OcrUnavailable(
                    f"文字识别组件无法加载：{type(exc).__name__}: {exc}；请重新安装 {EXTRA_HINT}"
                ) from exc
    return _engine


def _default_threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def prepare(image: Image) -> tuple[Any, float]:
    """A PIL image as the engine's input (8-bit RGB array), scaled so that its longest side is at
    most :data:`MAX_SIDE_PX`; returns the array and the factor from array pixels back to the
    image's own pixels."""
    import numpy as np
    from PIL import Image as PILImage

    if image.mode not in ("RGB", "L"):
        if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
            # Transparent pixels are white paper, not black ink.
            rgba = image.convert("RGBA")
            base = PILImage.new("RGB", rgba.size, (255, 255, 255))
            base.paste(rgba, mask=rgba.getchannel("A"))
            image = base
        else:
            image = image.convert("RGB")
    factor = 1.0
    longest = max(image.size)
    if longest > MAX_SIDE_PX:
        factor = longest / MAX_SIDE_PX
        image = image.resize(
            (max(1, round(image.width / factor)), max(1, round(image.height / factor))),
            PILImage.Resampling.LANCZOS,
        )
    if image.mode == "L":
        image = image.convert("RGB")
    return np.asarray(image), factor


def recognize(image: Image, unit: float = 1.0) -> list[OcrBox]:
    """Recognise the text boxes of an image.  ``unit`` converts image pixels to the page units
    the boxes are reported in (``72 / dpi`` for PDF points; 1 for an image file's pixels)."""
    array, factor = prepare(image)
    result, _elapsed = engine()(array)
    boxes: list[OcrBox] = []
    for points, text, score in result or []:
        text = str(text).strip()
        if not text:
            continue
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        k = factor * unit
        boxes.append(
            OcrBox(
                text=text,
                confidence=max(0.0, min(1.0, float(score))),
                x0=round(min(xs) * k, 1),
                y0=round(min(ys) * k, 1),
                x1=round(max(xs) * k, 1),
                y1=round(max(ys) * k, 1),
            )
        )
    return boxes


# --- reading order ------------------------------------------------------------------------------

ROW_OVERLAP = 0.5
"""Two boxes are in one row when their vertical overlap is at least this share of the smaller
height: a row of cells that the detector sees with slightly different tops stays together, and
two lines of running text (no overlap) never merge."""
PHRASE_GAP = 0.6
"""A gap narrower than this many line heights is inside one phrase (the detector split it at a
wide space or a punctuation mark); wider gaps separate cells or columns and become a tab."""


def assemble(boxes: Sequence[OcrBox]) -> list[OcrLine]:
    """Boxes in reading order: rows top to bottom, boxes left to right within a row.

    Rows are built greedily in order of their top edge: a box joins the row whose vertical band
    it overlaps most (by :data:`ROW_OVERLAP` of the smaller height), so a 名单 row whose cells the
    detector boxes at slightly different heights stays one line.  A page tilted by a degree keeps
    its rows because a cell is compared with the row's band, which grows with its members."""
    rows: list[list[OcrBox]] = []
    bands: list[tuple[float, float]] = []
    for box in sorted(boxes, key=lambda b: (b.y0, b.x0)):
        best, best_share = -1, 0.0
        for i, (top, bottom) in enumerate(bands):
            overlap = min(bottom, box.y1) - max(top, box.y0)
            if overlap <= 0:
                continue
            row_h = _median([b.height for b in rows[i]])
            share = overlap / max(1e-6, min(box.height, row_h))
            if share >= ROW_OVERLAP and share > best_share and not _collides(rows[i], box):
                best, best_share = i, share
        if best < 0:
            rows.append([box])
            bands.append((box.y0, box.y1))
        else:
            rows[best].append(box)
            top, bottom = bands[best]
            # The band is the members' median extent, not their union: one tall box (a stamp,
            # a merged cell) must not swallow the next line.
            members = rows[best]
            bands[best] = (_median([b.y0 for b in members]), _median([b.y1 for b in members]))
    lines: list[OcrLine] = []
    for row in sorted(rows, key=lambda r: (_median([b.cy for b in r]), min(b.x0 for b in r))):
        row.sort(key=lambda b: b.x0)
        h = _median([b.height for b in row])
        seps = tuple(
            "" if nxt.x0 - cur.x1 < PHRASE_GAP * h else "\t"
            for cur, nxt in pairwise(row)
        )
        lines.append(OcrLine(tuple(row), seps))
    return lines


def _collides(row: list[OcrBox], box: OcrBox) -> bool:
    """Would ``box`` overlap a member horizontally?  Then it is the next line of a multi-line
    cell, not another cell of this row."""
    return any(min(b.x1, box.x1) - max(b.x0, box.x0) > 0.3 * min(b.width, box.width)
               for b in row)


def _median(values: Sequence[float]) -> float:
    s = sorted(values)
    n = len(s)
    if not n:
        return 0.0
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def recognize_page(image: Image, number: int, unit: float = 1.0) -> OcrPage:
    """Recognise one page image and assemble its lines; sizes in page units (``unit`` per
    image pixel)."""
    lines = assemble(recognize(image, unit))
    return OcrPage(number, round(image.width * unit, 1), round(image.height * unit, 1),
                   tuple(lines))


def add_page(out: TextBuilder, page: OcrPage, spans: list[OcrSpan],
             header: list[tuple[int, int]]) -> None:
    """Append a recognised page to a document being built: one part per line, located
    ``第N页（识别）``; every box's span with its rectangle and confidence goes to ``spans``, and the
    lines in the page's header zone to ``header`` (original offsets)."""
    location = f"第{page.number}页（识别）"
    for line in page.lines:
        start, end = out.add(line.text, location)
        if end <= start:
            continue
        pos = start
        for i, box in enumerate(line.boxes):
            spans.append(OcrSpan(pos, pos + len(box.text), page.number,
                                 (box.x0, box.y0, box.x1, box.y1), box.confidence))
            pos += len(box.text) + (len(line.seps[i]) if i < len(line.seps) else 0)
        if page.in_header(line):
            header.append((start, end))


# --- PDF pages ----------------------------------------------------------------------------------

MIN_TEXT_CHARS = 40
"""A page whose text layer has fewer characters than this and whose images cover most of it
(:data:`MIN_IMAGE_COVER`) is a scan with a stray text object (a page number, a stamp's caption,
an invisible OCR layer of a few words): it is recognised like a page with no text at all."""
MIN_IMAGE_COVER = 0.5


def needs_ocr(text_chars: int, image_cover: float) -> bool:
    """Does a PDF page with this much text and this image coverage need recognition (in
    ``auto`` mode)?"""
    if text_chars == 0:
        return True
    return text_chars < MIN_TEXT_CHARS and image_cover >= MIN_IMAGE_COVER


def pdf_page_facts(data: bytes) -> list[tuple[int, float]]:
    """``(text characters, share of the page covered by images)`` for every page, from
    pypdfium2 (the renderer used for recognition; its text layer agrees with what the reader
    extracts).  Raises :class:`ExtractError` if the file cannot be opened."""
    from .pdf import _PDFIUM_LOCK  # PDFium is not thread-safe (the service uses threads)

    with _PDFIUM_LOCK:
        return _page_facts(data)


def _page_facts(data: bytes) -> list[tuple[int, float]]:
    pdf = _open_pdf(data)
    out: list[tuple[int, float]] = []
    try:
        import pypdfium2.raw as raw

        for i in range(len(pdf)):
            page = pdf[i]
            try:
                width, height = page.get_size()
                area = max(1.0, width * height)
                textpage = page.get_textpage()
                chars = len(textpage.get_text_range().strip())
                textpage.close()
                cover = 0.0
                for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
                    # pypdfium2 5 calls it get_bounds, 4 get_pos.
                    bounds = getattr(obj, "get_bounds", None) or obj.get_pos
                    left, bottom, right, top = bounds()
                    w = max(0.0, min(right, width) - max(left, 0.0))
                    h = max(0.0, min(top, height) - max(bottom, 0.0))
                    cover += w * h / area
                out.append((chars, min(1.0, cover)))
            finally:
                page.close()
    finally:
        pdf.close()
    return out


def _open_pdf(data: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data, password="")
    except Exception as exc:  # PdfiumError: damaged, or a password is needed
        raise ExtractError(f"无法打开 PDF 以识别扫描页：{type(exc).__name__}: {exc}") from exc


def pdf_page_image(data: bytes, index: int) -> tuple[Image, float]:
    """Page ``index`` (0-based) rendered at :data:`PDF_SCALE` (capped at
    :data:`MAX_SIDE_PX`), and the size of one pixel in PDF points."""
    from .pdf import _PDFIUM_LOCK

    with _PDFIUM_LOCK:
        return _render(data, index)


def _render(data: bytes, index: int) -> tuple[Image, float]:
    pdf = _open_pdf(data)
    try:
        page = pdf[index]
        try:
            width, height = page.get_size()
            scale = min(PDF_SCALE, MAX_SIDE_PX / max(1.0, width, height))
            image = page.render(scale=scale, grayscale=True).to_pil()
        finally:
            page.close()
    finally:
        pdf.close()
    return image, 1.0 / scale


def ocr_pdf_page(data: bytes, index: int) -> OcrPage:
    """Recognise page ``index`` of a PDF; boxes in PDF points from the page's top left."""
    engine()  # fail with the "install the extra" message before rendering anything
    image, unit = pdf_page_image(data, index)
    return recognize_page(image, index + 1, unit)


def pdf_pages_to_recognise(data: bytes, texts: Sequence[str]) -> list[int]:
    """0-based pages of a PDF to recognise, given the text the reader got from each page:
    none with ``--ocr never``; every page with ``always``; in ``auto`` the pages with no text
    layer and the pages whose little text sits on a page-sized image (:func:`needs_ocr`)."""
    if _mode == "never" or not texts:
        return []
    if _mode == "always":
        return list(range(len(texts)))
    empty = [i for i, t in enumerate(texts) if not t.strip()]
    short = [i for i, t in enumerate(texts) if t.strip() and len(t.strip()) < MIN_TEXT_CHARS]
    if short:
        try:
            facts = pdf_page_facts(data)
        except ExtractError:
            facts = []
        if len(facts) == len(texts):
            short = [i for i in short if needs_ocr(len(texts[i].strip()), facts[i][1])]
        else:
            short = []
    return sorted({*empty, *short})


def recognise_pdf(data: bytes, texts: Sequence[str]) -> tuple[list[OcrPage], list[str]]:
    """Recognise the pages :func:`pdf_pages_to_recognise` picks; returns the pages and
    warnings.  Raises :class:`OcrUnavailable` when pages need recognition and the engine is not
    installed — the caller decides whether that makes the whole file unreadable."""
    wanted = pdf_pages_to_recognise(data, texts)
    if not wanted:
        return [], []
    if not available():
        raise OcrUnavailable(
            f"PDF 有 {len(wanted)} 页没有文字层（可能是扫描件），需要文字识别（OCR），"
            f"但未安装识别组件：请运行 {EXTRA_HINT}，或人工审查这些页"
        )
    pages = obtain(data, "pdf", wanted, lambda i: ocr_pdf_page(data, i))
    blank = [p.number for p in pages if not p.lines]
    warnings = [f"PDF 第{_page_list([p.number for p in pages])}页的内容由文字识别（OCR）得到，"
                "识别可能有误；结论请对照原件核实"]
    if blank:
        warnings.append(
            f"PDF 第{_page_list(blank)}页没有文字层，文字识别也未识别出文字（空白页或无法识别），"
            "请人工核对"
        )
    return pages, warnings


def _page_list(numbers: Sequence[int]) -> str:
    shown = "、".join(str(n) for n in numbers[:10])
    return shown + ("等" if len(numbers) > 10 else "")


def recognise_file_page(path: str, kind: str, index: int, max_bytes: int) -> OcrPage:
    """Page ``index`` (0-based) of the file at ``path``, recognised: one task of the batch pool
    (see :class:`NeedsRecognition`).  The file is read again by each task: cheaper than sending
    its bytes between processes, and PDFium and Pillow only decode the page asked for."""
    from ..walk import read_input

    data = read_input(path, max_bytes)
    if kind == "pdf":
        return ocr_pdf_page(data, index)
    from .images import ocr_page

    return ocr_page(data, index)
