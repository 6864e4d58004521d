"""``--list-suppressed``: what was left out of the report, and by what.

Suppressions are applied inside the batch workers (they need the extracted text), and the
workers return only :class:`~baomi_check.models.FileResult` s, so the list of suppressed
findings is rebuilt here in the main process: :func:`rederive` extracts and checks a file again
and applies the same suppressions.  That second pass is paid only when the flag is given.
Baseline matches are collected directly from :meth:`~baomi_check.baseline.Baseline.filter`.

The listing masks values like every other output (``show_values`` opts in), and names the cause
without repeating an allow-list value (:meth:`~baomi_check.suppress.AllowEntry.describe`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ..engine import Checker
from ..models import FileResult, Finding
from ..suppress import Allowlist, Suppressed, apply_suppressions
from .common import SEVERITY_LABEL, Masker, extra_location, one_line


def rederive(
    result: FileResult,
    checker: Checker,
    allowlist: Allowlist | None,
    max_bytes: int | None = None,
) -> list[Suppressed]:
    """The findings inline directives and the allow-list removed from ``result``'s file.

    Returns an empty list for error rows and for files that can no longer be read."""
    if result.report is None:
        return []
    try:
        from ..extract import annotate, check_kind, extract_file

        doc = extract_file(result.path, max_bytes) if max_bytes else extract_file(result.path)
        report = annotate(
            doc, checker.check(doc.text, source=result.path, **check_kind(doc))
        )
    except Exception:
        return []
    return apply_suppressions(doc.text, report, allowlist)[1]


def baseline_suppressed(known: Iterable[Finding], baseline_path: str) -> list[Suppressed]:
    return [Suppressed(finding=f, kind="baseline", by=f"基线 {baseline_path}") for f in known]


def write_suppressed(
    items: Iterable[tuple[str, list[Suppressed]]], out: TextIO, show_values: bool = False
) -> int:
    """Write one line per suppressed finding, grouped by file; returns how many."""
    n = 0
    lines: list[str] = []
    for path, suppressed in items:
        if not suppressed:
            continue
        m = Masker([s.finding for s in suppressed], show_values)
        for s in suppressed:
            f = s.finding
            loc = extra_location(f)
            where = f"{loc + ' ' if loc else ''}{f.line}:{f.column}"
            line = (
                f"  {path} {where}  {SEVERITY_LABEL[f.severity.value]}  {f.rule_id}  "
                f"{m.finding_text(f)}  ← {s.by}"
            )
            lines.append(one_line(line))  # a terminal reads this: no escapes, no forged lines
            n += 1
    out.write(f"已抑制 {n} 处" + ("：\n" if n else "。\n"))
    for line in lines:
        out.write(line + "\n")
    out.flush()
    return n


def list_suppressed(
    results: Iterable[FileResult],
    baseline_known: Iterable[tuple[str, list[Finding]]],
    checker: Checker,
    allowlist: Allowlist | None,
    out: TextIO,
    *,
    max_bytes: int | None = None,
    baseline_path: str | None = None,
    show_values: bool = False,
) -> int:
    """Everything ``--list-suppressed`` prints: inline and allow-list suppressions (re-derived
    per file) and baseline matches, grouped by file in batch order; returns the count."""
    known: dict[str, list[Finding]] = {}
    for path, findings in baseline_known:
        known.setdefault(path, []).extend(findings)
    items: list[tuple[str, list[Suppressed]]] = []
    for r in results:
        found = rederive(r, checker, allowlist, max_bytes)
        found += baseline_suppressed(known.pop(r.path, []), baseline_path or "")
        found.sort(key=lambda s: (s.finding.start, s.finding.end))
        items.append((r.path, found))
    return write_suppressed(items, out, show_values)
