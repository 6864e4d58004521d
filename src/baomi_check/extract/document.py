"""What an extractor returns: the text to check plus where each part of it came from.

The engine only ever sees a ``str``; reviewers, however, need to find a finding in the *file*:
"第3页", "Sheet1!B7", "段落12", "页眉（第1节）".  An extractor therefore builds the text as a
sequence of :class:`Segment` parts, each remembering its location, and a finding's original
offset is mapped back to that location with a binary search.  The text is the only thing the
offsets refer to, so ``document.text[f.start:f.end] == f.text`` holds for every finding.

HTML pages additionally record :class:`HiddenSpan` s: stretches of text that a browser would not
show (``display:none``, off-screen, zero size …).  They stay in the text (hidden spam is still
spam) and let the command line add ``tampering`` findings for them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

_LINE_BREAK = re.compile(r"\r\n|\n|\r")


@dataclass(frozen=True)
class Segment:
    """``text[start:end]`` came from ``location`` of the file."""

    start: int
    end: int
    location: str


@dataclass(frozen=True)
class HiddenSpan:
    """Text a browser would not display, with why and which links it holds."""

    start: int
    end: int
    reason: str
    """The CSS or attribute that hides it, e.g. ``display:none`` or ``left:-9999px``."""
    links: tuple[str, ...] = ()
    """Absolute ``href`` targets of the ``<a>`` elements inside the hidden element."""


@dataclass(frozen=True)
class OcrSpan:
    """``text[start:end]`` was recognised (OCR) from a box on a page image: where, and how
    sure the engine was.  Findings on it carry the page, the box and a confidence that includes
    this one."""

    start: int
    end: int
    page: int
    box: tuple[float, float, float, float]
    """``(x0, y0, x1, y1)`` from the page's top left: PDF points (1/72 inch) for a PDF page,
    pixels for an image file."""
    confidence: float


@dataclass
class Document:
    """Extracted text of one file with locations, hidden spans and extraction warnings."""

    text: str
    kind: str
    """``txt``, ``md``, ``csv``, ``html``, ``docx``, ``xlsx`` or ``pdf``."""
    encoding: str | None = None
    segments: list[Segment] = field(default_factory=list)
    hidden: list[HiddenSpan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    line_locations: bool = False
    """Plain-text files have no structure beyond lines: their location is ``第N行``."""
    visible_hosts: frozenset[str] = frozenset()
    """HTML: hosts linked from visible content (the site's own links are not suspicious)."""
    ocr: list[OcrSpan] = field(default_factory=list)
    """Recognised text: one span per OCR box, in text order (empty without recognition)."""
    header_spans: list[tuple[int, int]] = field(default_factory=list)
    """Lines in the header zone (版头) of a recognised page: its top area, whatever the line's
    position in the whole text (a scanned page 3 has its own 版头)."""
    _starts: list[int] | None = field(default=None, repr=False, compare=False)
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)

    def line_of(self, offset: int) -> int:
        """1-based line of an offset, counting ``\\r\\n``, ``\\n`` and ``\\r`` like the engine."""
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(self.text))]
        return bisect_right(self._line_starts, offset)

    def line_col(self, offset: int) -> tuple[int, int]:
        line = self.line_of(offset)
        assert self._line_starts is not None
        return line, offset - self._line_starts[line - 1] + 1

    def location_at(self, offset: int) -> str | None:
        """Where in the file the character at ``offset`` came from, or ``None`` if unknown.

        Offsets that fall on a separator between two segments belong to the segment before."""
        if self.segments:
            if self._starts is None:
                self._starts = [s.start for s in self.segments]
            k = bisect_right(self._starts, offset) - 1
            if k >= 0:
                return self.segments[k].location
            return self.segments[0].location
        if self.line_locations:
            return f"第{self.line_of(offset)}行"
        return None


class TextBuilder:
    """Accumulates located parts into one text, one part per line (or block).

    Parts are joined with ``sep``; a part's own line breaks are kept, so a multi-line cell or
    paragraph keeps the line structure the marking detectors rely on (header zone, whole-line
    marks)."""

    def __init__(self, sep: str = "\n") -> None:
        self._parts: list[str] = []
        self._len = 0
        self.sep = sep
        self.segments: list[Segment] = []

    def add(self, text: str, location: str, sep: str | None = None) -> tuple[int, int]:
        """Append ``text`` from ``location``, after ``sep`` (default: the builder's) unless it
        is the first part; returns its span.  Empty parts are skipped."""
        if not text:
            return self._len, self._len
        if self._parts:
            joint = self.sep if sep is None else sep
            self._parts.append(joint)
            self._len += len(joint)
        start = self._len
        self._parts.append(text)
        self._len += len(text)
        self.segments.append(Segment(start, self._len, location))
        return start, self._len

    @property
    def length(self) -> int:
        return self._len

    def text(self) -> str:
        return "".join(self._parts)


def add_properties(out: TextBuilder, values: list[str | None]) -> None:
    """The document properties (title, subject, keywords …) as one ``文档属性`` part, last.

    They travel with the file and are shown by Explorer, Finder, WPS and PDF readers: a
    ``机密`` title is published like the body.  Author names are left out (not something any
    detector looks for), and so are free comments (tools stamp them: "generated by …")."""
    seen: list[str] = []
    for value in values:
        text = (value or "").strip() if isinstance(value, str) else ""
        if text and text not in seen:
            seen.append(text)
    if seen:
        out.add("\n".join(seen), "文档属性")


@dataclass
class Piece:
    """``text[start:end]`` of a redaction text came from ``elem`` (a ``w:t`` element, an
    openpyxl cell holder …), which the writer rewrites; ``None`` for separators that exist only
    in the checked text."""

    start: int
    end: int
    elem: Any | None


class PieceText:
    """Text assembled from a document's parts for redaction, remembering which element each
    stretch came from, so a span found in the text can be written back into the runs or cells
    that hold it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pieces: list[Piece] = []
        self.pos = 0

    def add(self, s: str, elem: Any | None) -> None:
        self.parts.append(s)
        self.pieces.append(Piece(self.pos, self.pos + len(s), elem))
        self.pos += len(s)

    def result(self) -> tuple[str, list[Piece]]:
        return "".join(self.parts), self.pieces
