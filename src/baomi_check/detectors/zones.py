"""Line geometry shared by the line-oriented detectors: which lines are short, which are in a
header zone.

GB/T 9704-2012 puts 份号, 密级和保密期限 and 紧急程度 in the first lines of a document, and every
attachment (附件) starts its own header.  A marking in that zone is a marking; the same words in
running text are usually a sentence *about* secrecy (加强保密工作), which is why zone matters.
"""

from __future__ import annotations

import re

from .. import levers
from ..normalize import Normalized

_ATTACHMENT = re.compile(r"^\s*附\s*件\s*\d{0,3}\s*[:：]?\s*$")
_BREAK = re.compile(r"\r\n|\n|\r")
"""A line break as :meth:`Normalized.view_lines` splits on."""
TRIM = " \t\u3000()（）【】[]〔〕<>《》\"'“”‘’:：。.,，;；、!！?？-—_"


def header_lines(doc: Normalized, n: int) -> set[int]:
    """Indices (into ``doc.view_lines()``) of the lines in a header zone.

    Computed once per document (the marking grammar and the pattern rules both ask).  Without
    an attachment heading (no ``附`` anywhere, the usual case) the zone is the first ``n``
    non-empty lines and the walk stops there instead of visiting every line.  With the
    ``anchors`` lever (:func:`_header_lines_anchored`) even a document with attachments is read
    only at its first lines and around its ``附`` characters."""
    key = ("header_lines", n)
    got = doc.derived.get(key)
    if got is None:
        zone = _header_lines_anchored if levers.active.anchors else _header_lines
        got = doc.derived[key] = zone(doc, n)
    return got  # type: ignore[return-value]


def _header_lines(doc: Normalized, n: int) -> set[int]:
    lines = doc.view_lines()
    text = doc.text
    zone: set[int] = set()
    remaining = n
    attachments = "附" in text
    for i, (a, b) in enumerate(lines):
        if remaining <= 0 and not attachments:
            break
        content = text[a:b]
        if _ATTACHMENT.match(content):
            remaining = n
            zone.add(i)
            continue
        if not content.strip():
            continue
        if remaining > 0:
            zone.add(i)
            remaining -= 1
    if doc.header_spans:
        zone |= _span_lines(doc)
    return zone


def _header_lines_anchored(doc: Normalized, n: int) -> set[int]:
    """:func:`_header_lines` without the line list: the same zone, found by walking lines from
    the top while the zone is open and, once it is closed, jumping to the next ``附`` (an
    attachment heading is the only thing that opens it again).  A line's index is the number of
    line breaks before it, counted by ``str.count`` between the places visited.

    The plain walk visits every line of a document that mentions 附件 anywhere (most notices
    do): thousands of regex calls for a zone of a dozen lines."""
    text = doc.text
    end = len(text)
    zone: set[int] = set()
    pos = 0  # start of the current line
    i = 0  # its index in view_lines()
    remaining = n
    while True:
        # The zone is open: every line counts (blank ones are skipped, attachments reopen it).
        while remaining > 0:
            m = _BREAK.search(text, pos)
            b = m.start() if m else end
            content = text[pos:b]
            if _ATTACHMENT.match(content):
                remaining = n
                zone.add(i)
            elif content.strip():
                zone.add(i)
                remaining -= 1
            if m is None:
                return _with_spans(doc, zone)
            pos = m.end()
            i += 1
        # The zone is closed: only an attachment heading matters, and it holds a 附.
        q = text.find("附", pos)
        while q >= 0:
            a = line_start(text, q, pos)
            m = _BREAK.search(text, q)
            b = m.start() if m else end
            if _ATTACHMENT.match(text[a:b]):
                i += _breaks(text, pos, a)
                zone.add(i)
                remaining = n
                if m is None:
                    return _with_spans(doc, zone)
                pos = m.end()
                i += 1
                break
            q = text.find("附", b)
        else:
            return _with_spans(doc, zone)


def line_start(text: str, pos: int, lo: int = 0) -> int:
    """Start of the view line holding ``pos`` (not a line break), no earlier than ``lo``.  Each
    search reads back to the nearest break only: a text without ``\\r`` is not read back to
    ``lo`` for one."""
    nl = text.rfind("\n", lo, pos)
    return max(nl, text.rfind("\r", max(nl, lo), pos), lo - 1) + 1


def _breaks(text: str, a: int, b: int) -> int:
    """Line breaks in ``text[a:b]`` (``\\r\\n`` is one), ``a`` and ``b`` being line starts."""
    return text.count("\n", a, b) + text.count("\r", a, b) - text.count("\r\n", a, b)


def _with_spans(doc: Normalized, zone: set[int]) -> set[int]:
    if doc.header_spans:
        zone |= _span_lines(doc)
    return zone


def _span_lines(doc: Normalized) -> set[int]:
    """Lines whose start lies in one of the document's header spans (the top area of a
    recognised page): a scanned page's 版头 is where it is on the page, not in the first lines
    of the text."""
    from bisect import bisect_right

    spans = sorted(doc.header_spans)
    starts = [a for a, _ in spans]
    out: set[int] = set()
    for i, (a, b) in enumerate(doc.view_lines()):
        if b <= a:
            continue
        o = doc.to_original(a, b)[0]
        k = bisect_right(starts, o) - 1
        if k >= 0 and o < spans[k][1]:
            out.add(i)
    return out


def line_index(doc: Normalized, pos: int) -> int:
    """Index of the view line holding view position ``pos``."""
    return doc.view_line_index(pos)


def is_whole_line(line: str, a: int, b: int, max_len: int) -> bool:
    """Is ``line[a:b]`` all there is on a short line, apart from brackets and punctuation?"""
    if len(line.strip(TRIM)) > max_len:
        return False
    rest = line[:a] + line[b:]
    return not rest.strip(TRIM)
