"""Candidates → findings: map back to the original text, settle overlaps, compute positions.

Overlap policy: candidates compete only inside one *group* (by default their category; the
identifier detectors share the group ``pii`` so that a valid ID number is not also reported as
a bank card or a phone number inside it).  Inside a group the winner has the higher priority,
then the higher severity, then the longer span.  Different groups never suppress each other: a
spam title that also carries a secrecy marking shows both.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from .detectors.base import Candidate
from .models import Finding, MaskedRecord
from .normalize import Normalized


def original_span(doc: Normalized, c: Candidate) -> tuple[int, int]:
    if c.space == "terms":
        return doc.terms_to_original(c.start, c.end)
    if c.space == "view":
        return doc.to_original(c.start, c.end)
    return c.start, c.end


class _Intervals:
    """Non-overlapping accepted spans of one group, kept sorted for O(log n) checks."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, a: int, b: int) -> bool:
        k = bisect_left(self.starts, b)  # spans starting before b
        return k > 0 and self.ends[k - 1] > a

    def add(self, a: int, b: int) -> None:
        k = bisect_left(self.starts, a)
        self.starts.insert(k, a)
        self.ends.insert(k, b)


def resolve(doc: Normalized, candidates: Iterable[Candidate]) -> list[Finding]:
    placed: list[tuple[int, int, Candidate]] = []
    n = len(doc.original)
    for c in candidates:
        a, b = original_span(doc, c)
        a, b = max(0, min(a, n)), max(0, min(b, n))
        if b <= a:
            continue
        placed.append((a, b, c))
    placed.sort(key=lambda t: (-t[2].priority, -t[2].severity.rank, -(t[1] - t[0]), t[0]))
    groups: dict[str, _Intervals] = {}
    kept: list[tuple[int, int, Candidate]] = []
    for a, b, c in placed:
        g = groups.setdefault(c.group or c.category, _Intervals())
        if g.overlaps(a, b):
            continue
        g.add(a, b)
        kept.append((a, b, c))
    kept.sort(key=lambda t: (t[0], t[1], t[2].rule_id))
    return [_finding(doc, a, b, c) for a, b, c in kept]


def _finding(doc: Normalized, a: int, b: int, c: Candidate) -> Finding:
    line, col = doc.line_col(a)
    end_line, end_col = doc.line_col(b)
    return Finding.model_construct(
        rule_id=c.rule_id,
        category=c.category,
        severity=c.severity,
        start=a,
        end=b,
        text=doc.original[a:b],
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        message=c.message,
        suggestion=c.suggestion,
        confidence=round(c.confidence, 3),
        matched=c.matched,
        masked=c.masked,
    )


def masked_records(doc: Normalized) -> list[MaskedRecord]:
    """The masked identifiers the identifier detector saw in ``doc``, in original offsets (kept
    with the report for the batch-level comparison of masks across files)."""
    from .detectors.identifiers.masked import MASKED_VALUES

    out: list[MaskedRecord] = []
    for v in doc.derived.get(MASKED_VALUES) or ():
        a, b = doc.to_original(v.start, v.end)
        line, col = doc.line_col(a)
        shown = ["*"] * v.length
        for i, c in v.visible:
            shown[i] = c
        out.append(MaskedRecord(v.kind, "".join(shown), a, b, doc.original[a:b], line, col))
    return out
