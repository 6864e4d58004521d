"""Masks that recombine across the files of a batch (the resolve stage, one level up).

cn-formats §5.5: with no national masking format, one site publishes ``110101********0011`` and
another ``1101011880******11`` for the same person, and together they reveal the number.  Inside
one document the identifier detector already reports such pairs (``pii.inconsistent_mask``);
this module does the same across the files of one run, as their results stream past.

Every report carries the masked identifiers its text holds (``Report._masked``, compliant ones
included, since a compliant mask recombines with a different compliant mask just as well).  For
each file, its masked values are compared with those of the files seen before it: same kind and
length, different visible positions (neither a subset of the other), and the same digits where
both show one.  Only a pairing with exactly one partner in the batch is reported; a key shared by
several people (a roster whose masks show only the region code and the last digits) pairs
nobody.  The finding goes to the later file and names the earlier one, so with ``--jobs`` above
1 it may land on either file of a pair (completion order), never on both.

Cost: each value is looked up in one dictionary per other mask pattern of its kind, and a batch
holds a handful of patterns, so the work is linear in the number of masked values.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .models import FileResult, Finding, MaskedRecord, Severity, group_repeats

if TYPE_CHECKING:
    from .detectors.identifiers.masked import MaskedFinder

MAX_REMEMBERED = 500_000
"""Masked values kept for comparison (about 150 MB); later files are still compared with them
but not remembered, so memory stays bounded on archives of millions of pages."""


_Group = tuple[str, int]
"""(kind, length): only values of one kind and length can be the same number."""
_Pattern = frozenset[int]
"""The visible positions of a mask."""
_Key = tuple[str, ...]
"""The characters a value shows at the positions two patterns share."""


@dataclass(frozen=True)
class _Seen:
    path: str
    record: MaskedRecord


class BatchMasks:
    """Remembers the masked identifiers of the files seen so far and adds a
    ``pii.inconsistent_mask`` finding to a file whose masked value recombines with one masked
    differently in an earlier file.

    ``finder`` is the identifier detector's masked-value finder: its mask policy and its
    judgement of a pair (:meth:`MaskedFinder.recombine`) are the ones used inside documents."""

    def __init__(self, finder: MaskedFinder) -> None:
        self._finder = finder
        self._values: dict[_Group, dict[_Pattern, list[_Seen]]] = {}
        self._count = 0
        self._index: dict[tuple[_Group, _Pattern, _Pattern], dict[_Key, list[_Seen]]] = {}

    @classmethod
    def for_checker(cls, checker: object) -> BatchMasks | None:
        """The comparison with ``checker``'s mask policy, or ``None`` when it has no identifier
        detector (a user's checker built without one)."""
        from .detectors.identifiers import IdentifierDetector

        for det in getattr(checker, "detectors", ()):
            if isinstance(det, IdentifierDetector):
                return cls(det.masked)
        return None

    def apply(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        for r in results:
            yield self.add(r)

    def add(self, result: FileResult) -> FileResult:
        """``result``, with findings for its masked values that recombine with earlier files'."""
        report = result.report
        records = report._masked if report is not None else []
        if report is None or not records:
            return result
        new: list[Finding] = []
        for rec in records:
            partner = self._partner(result.path, rec)
            if partner is not None:
                new.append(self._finding(rec, partner))
        for rec in records:
            if self._count >= MAX_REMEMBERED:
                break
            self._remember(_Seen(result.path, rec))
            self._count += 1
        if not new:
            return result
        findings = group_repeats([*report.findings, *new])
        return result.model_copy(update={"report": report.with_findings(findings)})

    # -- matching -------------------------------------------------------------------------------

    def _partner(self, path: str, rec: MaskedRecord) -> _Seen | None:
        group = (rec.kind, rec.length)
        mine = _positions(rec)
        found: _Seen | None = None
        for pattern in self._values.get(group, {}):
            if pattern <= mine or mine <= pattern:
                continue  # one shows nothing the other does not
            inter = mine & pattern
            bucket = self._bucket(group, pattern, inter).get(_key(rec, inter), [])
            others = [s for s in bucket if s.path != path]
            if len(others) == 1 and found is None:
                found = others[0]
            elif others:
                return None  # the digits both show are shared by several values: nobody
        return found

    def _bucket(
        self, group: _Group, pattern: _Pattern, inter: _Pattern
    ) -> dict[_Key, list[_Seen]]:
        key = (group, pattern, inter)
        index = self._index.get(key)
        if index is None:
            index = self._index[key] = {}
            for seen in self._values[group][pattern]:
                index.setdefault(_key(seen.record, inter), []).append(seen)
        return index

    def _remember(self, seen: _Seen) -> None:
        rec = seen.record
        group = (rec.kind, rec.length)
        pattern = _positions(rec)
        self._values.setdefault(group, {}).setdefault(pattern, []).append(seen)
        for (g, p, inter), index in self._index.items():
            if g == group and p == pattern:
                index.setdefault(_key(rec, inter), []).append(seen)

    # -- the finding ----------------------------------------------------------------------------

    def _finding(self, rec: MaskedRecord, other: _Seen) -> Finding:
        recombines, suggestion, wording = self._finder.recombine(
            rec.kind, rec.length, other.record.visible, rec.visible
        )
        return Finding.model_construct(
            rule_id="pii.inconsistent_mask",
            category=rec.category,
            severity=Severity.BLOCK if recombines else Severity.REVIEW,
            start=rec.start,
            end=rec.end,
            text=rec.text,
            line=rec.line,
            column=rec.column,
            end_line=rec.line,
            end_column=rec.column + len(rec.text),
            message=(
                f"与 {other.path} 第{other.record.line}行的{wording}；请在各文件中统一遮蔽规则"
            ),
            suggestion=suggestion,
            confidence=0.8,
            matched=rec.text,
            masked=rec.text,
        )


def _positions(rec: MaskedRecord) -> _Pattern:
    return frozenset(p for p, _ in rec.visible)


def _key(rec: MaskedRecord, positions: _Pattern) -> _Key:
    shown = dict(rec.visible)
    return tuple(shown[p] for p in sorted(positions))
