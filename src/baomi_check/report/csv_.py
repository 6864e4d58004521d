"""CSV for spreadsheets: one row per finding, one row per file that could not be checked.

A repeated finding (the same evidence under one rule, see :class:`~baomi_check.models.Finding`)
is one row: ``count`` says how often, ``places`` lists every place (``location line:column``,
joined by ``；``) — cut with ``…`` before Excel's 32,767-character cell limit, the count staying
exact.  The two columns come last, so tools reading the earlier columns by position still work.

Written for Excel and WPS as reviewers use them: UTF-8 *with* a byte-order mark (without it both
open UTF-8 as the local code page and the Chinese turns to mojibake), CRLF line ends, and cells
that would start a formula (``=``, ``+``, ``-``, ``@``; e.g. ``+86 138…``) prefixed with ``'`` so
a crafted document cannot inject a formula into the reviewer's spreadsheet (CSV injection).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from ..models import FileResult, Finding
from .common import Masker, RenderOptions, mask_long_digits

COLUMNS = (
    "path",
    "location",
    "line",
    "column",
    "end_line",
    "end_column",
    "severity",
    "category",
    "rule_id",
    "text",
    "message",
    "suggestion",
    "confidence",
    "verdict",
    "error",
    "count",
    "places",
)

_MAX_PLACES_CELL = 30_000
"""Characters of the ``places`` cell (Excel cuts cells at 32,767)."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    s = str(value)
    if s.startswith(_FORMULA_START):
        return "'" + s
    return s


def _places(f: Finding) -> str:
    if f.count <= 1:
        return ""
    parts: list[str] = []
    size = 0
    for o in f.occurrences:
        p = f"{o.location or f'第{o.line}行'} {o.line}:{o.column}"
        size += len(p) + 1
        if size > _MAX_PLACES_CELL:
            parts.append("…")
            break
        parts.append(p)
    return "；".join(parts)


def write(results: Iterable[FileResult], out: TextIO, opts: RenderOptions) -> None:
    out.write("\ufeff")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in results:
        if r.report is None:
            err = r.error if opts.show_values else mask_long_digits(r.error or "")
            w.writerow([_cell(r.path), *[""] * (len(COLUMNS) - 5), "error", _cell(err), "", ""])
            out.flush()
            continue
        m = Masker(r.report.findings, opts.show_values)
        for f in opts.visible(r.report.findings):
            location = f.location or f"第{f.line}行"
            w.writerow(
                [
                    _cell(r.path),
                    _cell(location),
                    f.line,
                    f.column,
                    f.end_line,
                    f.end_column,
                    f.severity.value,
                    f.category,
                    _cell(f.rule_id),
                    _cell(m.finding_text(f)),
                    _cell(m.scrub(f.message)),
                    _cell(m.scrub(f.suggestion)),
                    f.confidence,
                    r.report.verdict,
                    "",
                    f.count,
                    _cell(_places(f)),
                ]
            )
        out.flush()
