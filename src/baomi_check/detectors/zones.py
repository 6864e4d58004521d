"""Line geometry shared by the line-oriented detectors: which lines are short, which are in a
header zone.

GB/T 9704-2012 puts 份号, 密级和保密期限 and 紧急程度 in the first lines of a document, and every
attachment (附件) starts its own header.  A marking in that zone is a marking; the same words in
running text are usually a sentence *about* secrecy (加强保密工作), which is why zone matters.
"""

from __future__ import annotations

import re

from ..normalize import Normalized

_ATTACHMENT = re.compile(r"^\s*附\s*件\s*\d{0,3}\s*[:：]?\s*$")
TRIM = " \t\u3000()（）【】[]〔〕<>《》\"'“”‘’:：。.,，;；、!！?？-—_"


def header_lines(doc: Normalized, n: int) -> set[int]:
    """Indices (into ``doc.view_lines()``) of the lines in a header zone.

    Computed once per document (the marking grammar and the pattern rules both ask).  Without
    an attachment heading (no ``附`` anywhere, the usual case) the zone is the first ``n``
    non-empty lines and the walk stops there instead of visiting every line."""
    key = ("header_lines", n)
    got = doc.derived.get(key)
    if got is None:
        got = doc.derived[key] = _header_lines(doc, n)
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
