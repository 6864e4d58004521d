"""Minimal ``text``, ``json`` and ``jsonl`` writers, used when ``baomi_check.report`` is absent.

The full report package (CSV, SARIF, HTML, richer text) provides
``write_results(results, fmt, out, *, show_values=False, color=False)``; this module offers the
same signature for the three formats the command line cannot do without, so that a batch scan
and the pre-commit hook work on their own.

Masking: outputs show :attr:`Finding.masked` (identifiers masked by the detector's mask policy)
instead of the raw evidence unless ``show_values`` is set, in every format — JSON included,
where ``text`` is replaced by the masked form.  A CI log is a publication too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from .models import FileResult, Finding, Severity

FORMATS = ("text", "json", "jsonl")

_SEVERITY_LABEL = {Severity.BLOCK: "阻断", Severity.REVIEW: "复核", Severity.INFO: "提示"}
_VERDICT_LABEL = {"block": "阻断", "review": "需复核", "pass": "通过"}
_COLORS = {Severity.BLOCK: "\033[31m", Severity.REVIEW: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"


def shown_value(f: Finding, show_values: bool) -> str:
    """The evidence as outputs display it."""
    return f.text if show_values else (f.masked or f.text)


def _one_line(s: str, limit: int = 80) -> str:
    s = s.replace("\r", " ").replace("\n", "⏎")
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _result_dict(r: FileResult, show_values: bool) -> dict[str, Any]:
    data = r.model_dump(mode="json")
    if not show_values and r.report is not None:
        for fd, f in zip(data["report"]["findings"], r.report.findings, strict=True):
            fd["text"] = shown_value(f, False)
    return data


def write_text(results: Iterable[FileResult], out: TextIO, show_values: bool, color: bool) -> None:
    for r in results:
        if r.error is not None:
            out.write(f"{r.path}: 错误：{r.error}\n")
            out.flush()
            continue
        assert r.report is not None
        rep = r.report
        if not rep.findings and not rep.warnings:
            continue
        out.write(f"{r.path}  [{_VERDICT_LABEL[rep.verdict]}]\n")
        for f in rep.findings:
            where = f"{f.line}:{f.column}"
            if f.location and not f.location.startswith("第"):
                where = f"{f.location} ({where})"
            elif f.location:
                where = f"{f.location}:{f.column}"
            sev = _SEVERITY_LABEL[f.severity]
            if color:
                sev = f"{_COLORS[f.severity]}{sev}{_RESET}"
            out.write(
                f"  {where}  {sev}  {f.rule_id}  “{_one_line(shown_value(f, show_values))}”  "
                f"{f.message}\n"
            )
            if f.suggestion:
                out.write(f"      建议：{f.suggestion}\n")
        for w in rep.warnings:
            out.write(f"  注意：{w}\n")
        out.flush()


def write_results(
    results: Iterable[FileResult],
    fmt: str,
    out: TextIO,
    *,
    show_values: bool = False,
    color: bool = False,
) -> None:
    """Write ``results`` to ``out`` as ``text``, ``json`` (one array) or ``jsonl`` (one file
    per line, flushed as each file finishes)."""
    if fmt == "text":
        write_text(results, out, show_values, color)
    elif fmt == "jsonl":
        for r in results:
            out.write(json.dumps(_result_dict(r, show_values), ensure_ascii=False) + "\n")
            out.flush()
    elif fmt == "json":
        rows = sorted(results, key=lambda r: r.path)
        json.dump([_result_dict(r, show_values) for r in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        raise ValueError(f"format {fmt!r} needs the baomi_check.report package")
