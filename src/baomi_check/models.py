"""Public data models (the contract in ``api-contract.md``).

These are what a CMS, the pre-commit hook and the evaluation scripts consume, so they are
plain pydantic v2 models that round-trip through JSON unchanged.  Offsets always point into the
*original* string given to :func:`baomi_check.check`; no model ever carries normalized-view
offsets, which is how the "offsets are sacred" rule is kept by construction.

Validation is for data from outside (JSON read back, a caller's own models).  The engine builds
its findings and reports with ``model_construct`` from values it computed itself, and every model
defers building its validator (``defer_build``) until something first validates or serializes
it: building pydantic validators is most of a small file's start-up otherwise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
)

Category = Literal[
    "classified_marking",
    "internal_marking",
    "id_card",
    "mobile_phone",
    "landline",
    "bank_card",
    "travel_document",
    "license_plate",
    "email",
    "ip_address",
    "credit_code",
    "personal_info",
    "spam",
    "sensitive_term",
    "wrong_expression",
    "tampering",
]

CATEGORIES: tuple[str, ...] = get_args(Category)
"""Every value the ``category`` field may take, in report order."""

IDENTIFIER_CATEGORIES: frozenset[str] = frozenset(
    {
        "id_card",
        "mobile_phone",
        "landline",
        "bank_card",
        "travel_document",
        "license_plate",
        "email",
        "ip_address",
        "credit_code",
    }
)
"""Categories whose evidence is a value (a number, an address) rather than wording: outputs
mask them, baselines key them by a keyed hash of the value."""

Verdict = Literal["block", "review", "pass"]


class Severity(str, Enum):
    """How urgent a finding is: ``block`` must not be published, ``review`` needs a human,
    ``info`` is normally fine (an office landline, an organisation's credit code)."""

    BLOCK = "block"
    REVIEW = "review"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe; used for ``--fail-on`` and verdicts."""
        return {"info": 0, "review": 1, "block": 2}[self.value]

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise ValueError(
                f"unknown severity {value!r}: expected one of block, review, info"
            ) from None

    def lowered(self) -> Severity:
        """One step down (block → review → info); used when evidence is weaker."""
        return {Severity.BLOCK: Severity.REVIEW}.get(self, Severity.INFO)


class Occurrence(BaseModel):
    """One place a repeated finding's evidence appears (see :attr:`Finding.occurrences`).

    No text: every occurrence of a finding has exactly the finding's ``text``, so there is no
    second copy of a value to mask."""

    model_config = ConfigDict(defer_build=True, frozen=False, extra="forbid")

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    end_line: int = Field(default=1, ge=1)
    end_column: int = Field(default=1, ge=1)
    location: str | None = None
    page: int | None = None
    """As :attr:`Finding.page` (recognised text only)."""
    box: tuple[float, float, float, float] | None = None
    """As :attr:`Finding.box` (recognised text only)."""


def shows_values(info: SerializationInfo) -> bool:
    """Did the caller opt in to raw identifier values (``context={"show_values": True}``)?

    Serialization masks by default (api-contract v1.1): a system that logs
    ``report.model_dump_json()`` must never log a raw ID.  The masking itself is the report
    writers' (:func:`baomi_check.report.common.masked_report`): one place decides what is shown."""
    ctx = info.context
    return isinstance(ctx, dict) and bool(ctx.get("show_values"))


def _raw_context(info: SerializationInfo) -> dict[str, Any]:
    ctx = dict(info.context) if isinstance(info.context, dict) else {}
    ctx["show_values"] = True
    return ctx


class Finding(BaseModel):
    """One piece of evidence in the original text, with what to do about it.

    **Repeats are one finding**: the same evidence (``text``) under the same rule with the same
    severity in one document is one finding with ``count`` and every place in ``occurrences``;
    ``start``/``end``/``line``/``column``/``location`` are those of the first.  An office
    landline printed on 5,600 rows of a spreadsheet is one ``info`` finding ×5,600, so the one
    ``block`` of the file is not drowned.  Severity is part of the key: a number that is a
    roster entry (block) on one line and a contact (review) on another stays two findings."""

    model_config = ConfigDict(defer_build=True, frozen=False, extra="forbid")

    @model_serializer(mode="wrap")
    def _serialize(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, Any]:
        """Masked unless ``context={"show_values": True}``; ``text`` in memory stays exact."""
        if shows_values(info):
            return handler(self)  # type: ignore[no-any-return]
        from .report.common import Masker, masked_finding

        shown = masked_finding(self, Masker([self], show_values=False))
        return shown.model_dump(mode=info.mode, context=_raw_context(info),
                                exclude_none=info.exclude_none)  # fmt: skip

    rule_id: str
    category: Category
    severity: Severity
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    end_line: int = Field(default=1, ge=1)
    end_column: int = Field(default=1, ge=1)
    message: str
    suggestion: str | None = None
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    location: str | None = None
    """Where in a document the finding is (``第3页``, ``Sheet1!B7``, ``段落12``) when the text
    came from an extractor; ``None`` for plain strings."""
    page: int | None = None
    """1-based page of a finding on recognised (OCR) text; ``None`` otherwise."""
    box: tuple[float, float, float, float] | None = None
    """``(x0, y0, x1, y1)`` of the recognised text on that page, from its top left: PDF points
    (1/72 inch) for a PDF page, pixels for an image file; ``None`` for text that was not
    recognised.  Optional and additive (v1.2): older consumers may ignore it."""
    matched: str | None = None
    """The normalized form that matched (e.g. the simplified term for a Traditional hit)."""
    masked: str | None = None
    """The evidence with identifiers masked; outputs show this unless raw values are asked for."""
    count: int = Field(default=1, ge=1)
    """How many times this evidence appears under this rule (see the class docstring)."""
    occurrences: list[Occurrence] = Field(default=[])
    """Every place of a repeated finding, in document order, the first being this finding's
    own; empty when ``count`` is 1 (the finding's own position is then the only one).
    ``default=[]``, not ``default_factory=list``: pydantic copies a mutable default per
    instance, and a default factory costs an ``inspect.signature`` call in every
    ``model_construct`` (a millisecond per finding: seconds on a large roster)."""

    def places(self) -> list[Occurrence]:
        """Every occurrence, also for a finding that appears once."""
        if self.occurrences:
            return self.occurrences
        return [Occurrence.model_construct(
            start=self.start, end=self.end, line=self.line, column=self.column,
            end_line=self.end_line, end_column=self.end_column, location=self.location,
            page=self.page, box=self.box)]

    def expanded(self) -> list[Finding]:
        """One finding per occurrence (what stages that work place by place — suppressions by
        line, baselines by count, redaction — see); :func:`group_repeats` undoes it."""
        if not self.occurrences:
            return [self]
        return [
            self.model_copy(update={
                "start": o.start, "end": o.end, "line": o.line, "column": o.column,
                "end_line": o.end_line, "end_column": o.end_column, "location": o.location,
                "page": o.page, "box": o.box, "count": 1, "occurrences": [],
            })
            for o in self.occurrences
        ]


def masked_kind_category(kind: str) -> Category:
    """The category of a masked value's kind (``id18``/``id15`` → ``id_card`` …)."""
    if kind == "mobile":
        return "mobile_phone"
    return "bank_card" if kind == "card" else "id_card"


@dataclass(frozen=True, slots=True)
class MaskedRecord:
    """An already-masked identifier seen in a text (``110101********0011``): not a finding by
    itself, but kept with the report so that a batch can notice the same number masked
    differently in another file (two masks that together reveal it).

    Compact on purpose (slots, two short strings): a large roster holds thousands of these,
    and a 50 MB export hundreds of thousands."""

    kind: str
    """``id18``, ``id15``, ``mobile`` or ``card``."""
    shown: str
    """The number as published, separators dropped, ``*`` for every hidden character."""
    start: int
    end: int
    """Offsets into the original text; ``text`` is ``original[start:end]``."""
    text: str
    line: int
    column: int

    @property
    def length(self) -> int:
        """Characters of the unmasked number (separators not counted)."""
        return len(self.shown)

    @property
    def category(self) -> Category:
        return masked_kind_category(self.kind)

    @property
    def visible(self) -> tuple[tuple[int, str], ...]:
        """``(position, character)`` of every shown character."""
        return tuple((i, c) for i, c in enumerate(self.shown) if c != "*")


class Report(BaseModel):
    """The result of checking one text."""

    model_config = ConfigDict(defer_build=True, extra="forbid")
    @model_serializer(mode="wrap")
    def _serialize(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, Any]:
        """Identifier values masked in every finding and warning, unless the caller opts in
        with ``model_dump_json(context={"show_values": True})`` (api-contract v1.1)."""
        if shows_values(info):
            return handler(self)  # type: ignore[no-any-return]
        from .report.common import masked_report

        shown = masked_report(self, show_values=False)[0]
        return shown.model_dump(mode=info.mode, context=_raw_context(info),
                                exclude_none=info.exclude_none)  # fmt: skip

    def __eq__(self, other: object) -> bool:
        """Equal when the public fields are: the private masked records (kept only between
        batch processes) made a report unequal to itself read back from JSON."""
        if not isinstance(other, Report):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # mutable, like every pydantic model

    _masked: list[MaskedRecord] = PrivateAttr(default_factory=list)
    """Masked identifiers of the text (see :class:`MaskedRecord`); in memory and between batch
    processes only, never serialized."""

    source: str | None = None
    verdict: Verdict
    findings: list[Finding]
    stats: dict[str, int | float]
    warnings: list[str] = Field(default_factory=list)
    """Problems met while checking (a rule pattern that timed out, a detector error)."""
    incomplete: bool = False
    """A detector failed on this text or the time budget ran out (``check(text, timeout=…)``):
    findings may be missing, so the text must not be taken as clean — the verdict is never
    ``pass`` then, and the command line reports such a file as an error, exit 2."""

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.BLOCK]

    def with_findings(self, findings: list[Finding], **update: Any) -> Report:
        """A copy holding ``findings`` with verdict and counts recomputed.

        Suppressions, baselines and extractors change the findings after the engine ran; the
        verdict and counts must follow, or a fully suppressed file would still "block"."""
        stats = {k: v for k, v in self.stats.items() if k != "findings" and k not in CATEGORIES}
        stats.update(category_counts(findings))
        incomplete = bool(update.get("incomplete", self.incomplete))
        return self.model_copy(
            update={"findings": findings, "verdict": verdict_for(findings, incomplete),
                    "stats": stats, **update}
        )

    def at_or_above(self, level: Severity | str) -> list[Finding]:
        threshold = Severity.parse(level).rank
        return [f for f in self.findings if f.severity.rank >= threshold]


def category_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """``findings`` (the total, a repeated finding counted once), ``occurrences`` (every place)
    and the count of findings of every category, zeros included, so a consumer can read
    ``stats["id_card"]`` of any report."""
    counts: Counter[str] = Counter()
    places = 0
    for f in findings:
        counts[f.category] += 1
        places += f.count
    return {"findings": sum(counts.values()), "occurrences": places,
            **{c: counts[c] for c in CATEGORIES}}


def expand_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Every occurrence of ``findings`` as a finding of its own, in document order."""
    out = [x for f in findings for x in f.expanded()]
    out.sort(key=lambda f: (f.start, f.end, f.rule_id))
    return out


def group_repeats(findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` with repeats made one: same ``rule_id``, ``category``, ``severity`` and
    evidence ``text`` → one finding (the first occurrence's position, message and confidence)
    with ``count`` and ``occurrences``.  Idempotent, and takes grouped findings too (their
    occurrences are merged), so every stage that adds findings can call it again.  Sorted by
    ``(start, end, rule_id)`` as reports are."""
    heads: dict[tuple[str, str, str, str], Finding] = {}
    places: dict[tuple[str, str, str, str], list[Occurrence]] = {}
    for f in sorted(findings, key=lambda f: (f.start, f.end, f.rule_id)):
        key = (f.rule_id, f.category, f.severity.value, f.text)
        head = heads.get(key)
        if head is None:
            heads[key] = f
            places[key] = list(f.places())
        else:
            places[key].extend(f.places())
    out: list[Finding] = []
    for key, head in heads.items():
        occ = places[key]
        if len(occ) == 1:
            out.append(head if head.count == 1 else head.model_copy(
                update={"count": 1, "occurrences": []}))
            continue
        occ.sort(key=lambda o: (o.start, o.end))
        first = occ[0]
        out.append(head.model_copy(update={
            "start": first.start, "end": first.end, "line": first.line,
            "column": first.column, "end_line": first.end_line,
            "end_column": first.end_column, "location": first.location,
            "page": first.page, "box": first.box, "count": len(occ), "occurrences": occ,
        }))
    out.sort(key=lambda f: (f.start, f.end, f.rule_id))
    return out


def verdict_for(findings: list[Finding], incomplete: bool = False) -> Verdict:
    """``block`` if any finding blocks, ``review`` if any needs review, else ``pass`` — but
    never ``pass`` for an incomplete review (a detector failed or the time budget ran out):
    what was not looked at cannot be declared clean."""
    best = max((f.severity.rank for f in findings), default=0)
    if incomplete:
        best = max(best, 1)
    return "block" if best == 2 else "review" if best == 1 else "pass"


class FileResult(BaseModel):
    """One file of a batch: its report, or the error that kept it from being checked.

    The command line streams these to the report writers as files finish; an unreadable file is
    an error row, never the end of the batch."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    path: str
    report: Report | None = None
    error: str | None = None
    kind: str | None = None
    """What the extractor saw: ``txt``, ``docx``, ``xlsx``, ``pdf``, ``html`` …"""
    encoding: str | None = None
    elapsed_ms: float = 0.0
