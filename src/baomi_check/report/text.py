"""Plain text for people at a terminal: one block per file, worst first within the file's order.

Colour (ANSI) only when asked — the command line asks when standard output is a terminal and
``NO_COLOR`` is unset — so piped output and files stay plain.  Files without findings, errors or
warnings are not listed one by one; the closing summary counts them.

A repeated finding is one entry: ``×42`` after the evidence and a line with its next places
(``另见 5:3、9:3 …（共 42 处）``), so a landline on every row of a sheet costs three lines, not
5,600.  ``--min-severity`` leaves the findings below it out of the listing; the file's head
line and the closing summary still count them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ..models import FileResult, Finding
from .common import (
    PLACES_SHOWN,
    SEVERITY_LABEL,
    VERDICT_LABEL,
    Masker,
    RenderOptions,
    Tally,
    extra_location,
    mask_long_digits,
    one_line,
    place_label,
)

_RESET = "\033[0m"
_STYLE = {
    "block": "\033[1;31m",
    "review": "\033[33m",
    "info": "\033[36m",
    "pass": "\033[32m",
    "path": "\033[1m",
    "dim": "\033[2m",
    "error": "\033[1;35m",
}


class _Paint:
    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, style: str, s: str) -> str:
        return f"{_STYLE[style]}{s}{_RESET}" if self.on else s


def _where(f: Finding) -> str:
    pos = f"{f.line}:{f.column}"
    loc = one_line(extra_location(f)) or None
    return f"{loc} {pos}" if loc else pos


def write(results: Iterable[FileResult], out: TextIO, opts: RenderOptions) -> None:
    paint = _Paint(opts.color)
    tally = Tally()
    for r in results:
        tally.add(r)
        if r.report is None:
            msg = mask_long_digits(r.error or "无法检查") if not opts.show_values else r.error
            path = paint("path", one_line(r.path))
            out.write(f"{path}  {paint('error', '错误')}  {one_line(msg)}\n\n")
            out.flush()
            continue
        rep = r.report
        listed = opts.visible(rep.findings)
        if not listed and not rep.warnings and r.error is None:
            continue
        m = Masker(rep.findings, opts.show_values)
        counts = {s: 0 for s in SEVERITY_LABEL}
        for f in rep.findings:
            counts[f.severity.value] += 1
        parts = " · ".join(f"{SEVERITY_LABEL[s]} {n}" for s, n in counts.items() if n)
        path = paint("path", one_line(r.path))
        if r.error is not None:
            # Checked only in part: never shown with a verdict ("通过 0 处" would read as clean).
            msg = mask_long_digits(r.error) if not opts.show_values else r.error
            head = f"{path}  {paint('error', '错误')}  {one_line(msg)}\n  已发现"
        else:
            head = f"{path}  {paint(rep.verdict, VERDICT_LABEL[rep.verdict])}"
        out.write(f"{head}  {len(rep.findings)} 处" + (f"（{parts}）" if parts else ""))
        if len(listed) < len(rep.findings):
            out.write(f"，未列出低于{SEVERITY_LABEL[opts.min_severity.value]}的 "
                      f"{len(rep.findings) - len(listed)} 处")
        out.write("\n")
        for f in listed:
            sev = f.severity.value
            times = f"  ×{f.count}" if f.count > 1 else ""
            out.write(
                f"  {_where(f):<10} {paint(sev, SEVERITY_LABEL[sev])}  "
                f"{one_line(f.rule_id)}  {one_line(m.finding_text(f))}{times}\n"
            )
            out.write(f"             {one_line(m.scrub(f.message))}")
            if f.suggestion:
                out.write(f"  → {one_line(m.scrub(f.suggestion))}")
            out.write("\n")
            if f.count > 1:
                others = "、".join(place_label(o.line, o.column, o.location)
                                  for o in f.occurrences[1:PLACES_SHOWN])
                more = " …" if f.count > PLACES_SHOWN else ""
                out.write(f"             另见 {others}{more}（共 {f.count} 处）\n")
        for w in rep.warnings:
            out.write(f"  {paint('dim', '警告')} {one_line(m.scrub(w))}\n")
        out.write("\n")
        out.flush()
    v = tally.verdicts
    files = (
        f"共 {tally.files} 个文件：不得公开 {v['block']} · 需人工审查 {v['review']} · "
        f"通过 {v['pass']}" + (f" · 出错 {tally.errors}" if tally.errors else "")
    )
    sev = " · ".join(f"{SEVERITY_LABEL[s]} {n}" for s, n in tally.severities.items())
    out.write(f"{files}；结果 {tally.findings} 处（{sev}）\n")
    out.flush()
