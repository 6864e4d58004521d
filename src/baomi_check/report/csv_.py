"""CSV for spreadsheets: one row per finding, one row per file that could not be checked.

Written for Excel and WPS as reviewers use them: UTF-8 *with* a byte-order mark (without it both
open UTF-8 as the local code page and the Chinese turns to mojibake), CRLF line ends, and cells
that would start a formula (``=``, ``+``, ``-``, ``@``; e.g. ``+86 138…``) prefixed with ``'`` so
a crafted document cannot inject a formula into the reviewer's spreadsheet (CSV injection).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from ..models import FileResult
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
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    s = str(value)
    if s.startswith(_FORMULA_START):
        return "'" + s
    return s


def write(results: Iterable[FileResult], out: TextIO, opts: RenderOptions) -> None:
    out.write("\ufeff")
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in results:
        if r.report is None:
            err = r.error if opts.show_values else mask_long_digits(r.error or "")
            w.writerow([_cell(r.path), *[""] * (len(COLUMNS) - 3), "error", _cell(err)])
            out.flush()
            continue
        m = Masker(r.report.findings, opts.show_values)
        for f in r.report.findings:
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
                ]
            )
        out.flush()
