"""Suppressions: the author's own "this one is fine" — inline comments and an allow-list file.

Inline, in drafts kept as Markdown, HTML or plain text::

    办公室电话 010-60000000  <!-- baomi-check: allow landline -->
    <!-- baomi-check: allow-next-line marking -- 已于2020年解密 -->
    # baomi-check: allow
    // baomi-check: allow-next-line spam.lottery

``allow`` covers findings on the directive's own line, ``allow-next-line`` those on the line
after it.  The names after the keyword limit the directive to some findings: a rule id
(``spam.lottery``), a rule-id prefix (``spam`` covers ``spam.*``), a category (``landline``) or
``*``; no names means every finding.  Text after ``--`` is a free reason.  A directive counts only
inside a comment (``<!--``, ``#``, ``//`` or ``/*`` earlier on its line), so prose that merely
quotes the syntax suppresses nothing.

Cost: directives are found by ``str.find`` on the literal ``baomi-check:``, never by running a
regular expression over every line — detect-secrets once spent 69 % of its CPU on exactly that
per-line directive regex.  A document without the literal pays one substring scan.

The allow-list file holds phrases and values, one per line::

    # comment
    秘密武器                    (a bare line is a phrase)
    phrase: 内部资料汇编目录
    value: 010-60000000
    value[mobile_phone]: 13800000000
    hmac: 5f0c…(64 hex digits)

A *phrase* suppresses findings that lie inside an occurrence of it (matched on the normalized
term view, like the rule pack's own ``allow`` phrases).  A *value* suppresses findings whose
normalized value equals it (separators and width ignored: ``010 6000 0000`` is the same value).
An *hmac* entry is a value stored as its keyed hash (:func:`baomi_check.baseline.value_hmac`
under the baseline key), for identifiers that must not sit in a file in the clear.  Brackets
restrict an entry to rule ids, prefixes or categories.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .baseline import (
    KEY_ENV,
    KEY_FILE_NAME,
    BaselineError,
    load_key,
    normalize_value,
    normalized_value,
    report_with_findings,
    value_hmac,
)
from .models import (
    Finding,
    MaskedRecord,
    Report,
    Severity,
    expand_findings,
    group_repeats,
)
from .normalize import normalize

MARKER = "baomi-check:"
_COMMENT_OPENERS = ("<!--", "#", "//", "/*")
_DIRECTIVE = re.compile(r"\s*(allow-next-line|allow)(?![A-Za-z0-9_-])")
_TOKEN = re.compile(r"[A-Za-z_*][A-Za-z0-9_.*]*", re.ASCII)
_LINE_BREAK = re.compile(r"\r\n|\n|\r")


class Suppressed(BaseModel):
    """A finding that was not reported, and what kept it out (for ``--list-suppressed``)."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    finding: Finding
    kind: Literal["inline", "allowlist", "baseline"]
    by: str
    """Human-readable cause, e.g. ``baomi-check: allow-next-line landline (第12行)`` or
    ``allow-list value (allow.txt:3)``; never contains the suppressed value itself."""


def rule_selected(tokens: Iterable[str], finding: Finding) -> bool:
    """Whether a list of names (rule ids, prefixes, categories, ``*``) covers ``finding``.

    An empty list selects everything."""
    tokens = list(tokens)
    if not tokens:
        return True
    rid = finding.rule_id
    for t in tokens:
        if t in ("*", "all") or t == rid or t == finding.category:
            return True
        prefix = t[:-1] if t.endswith("*") else t + "."
        if rid.startswith(prefix):
            return True
    return False


# --- inline directives ---------------------------------------------------------------------


@dataclass(frozen=True)
class Directive:
    line: int
    """1-based line the comment is on."""
    target: int
    """1-based line whose findings it covers."""
    kind: Literal["allow", "allow-next-line"]
    rules: tuple[str, ...]

    def describe(self) -> str:
        names = " ".join(self.rules)
        return f"baomi-check: {self.kind}{' ' + names if names else ''}（第{self.line}行）"


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def find_directives(text: str) -> list[Directive]:
    """Every suppression directive in ``text`` (empty, fast, when the marker is absent)."""
    if MARKER not in text:
        return []
    starts = _line_starts(text)
    out: list[Directive] = []
    pos = text.find(MARKER)
    while pos >= 0:
        line = bisect_right(starts, pos)
        line_start = starts[line - 1]
        m = _LINE_BREAK.search(text, pos)
        line_end = m.start() if m else len(text)
        before = text[line_start:pos]
        d = _DIRECTIVE.match(text, pos + len(MARKER), line_end)
        if d and any(op in before for op in _COMMENT_OPENERS):
            rest = text[d.end() : line_end]
            for stop in ("-->", "*/", "--"):
                cut = rest.find(stop)
                if cut >= 0:
                    rest = rest[:cut]
            kind: Literal["allow", "allow-next-line"] = (
                "allow-next-line" if d.group(1) == "allow-next-line" else "allow"
            )
            out.append(
                Directive(
                    line=line,
                    target=line + 1 if kind == "allow-next-line" else line,
                    kind=kind,
                    rules=tuple(_TOKEN.findall(rest)),
                )
            )
        pos = text.find(MARKER, line_end)
    return out


# --- allow-list file -----------------------------------------------------------------------


@dataclass(frozen=True)
class AllowEntry:
    kind: Literal["phrase", "value", "hmac"]
    value: str
    """The phrase or value as written (``hmac``: the lower-case hex digest)."""
    origin: str
    """``file:line`` where the entry was written."""
    rules: tuple[str, ...] = ()

    def describe(self) -> str:
        scope = f"[{','.join(self.rules)}]" if self.rules else ""
        if self.kind == "phrase":
            return f"allow-list phrase{scope} “{self.value}”（{self.origin}）"
        # values are identifiers: the description never repeats them
        return f"allow-list {self.kind}{scope}（{self.origin}）"


_ENTRY = re.compile(r"^(phrase|value|hmac)\s*(?:\[([^\]]*)\])?\s*[:：]\s*(.*)$")


class AllowlistError(ValueError):
    """A malformed allow-list line, reported as ``file:line: problem``."""


@dataclass
class Allowlist:
    entries: list[AllowEntry] = field(default_factory=list)
    key: bytes | None = None
    warnings: list[str] = field(default_factory=list)
    _value_forms: dict[tuple[int, str], str] = field(default_factory=dict, repr=False)
    _phrase_terms: dict[int, str] = field(default_factory=dict, repr=False)

    @classmethod
    def parse(cls, text: str, origin: str = "<allowlist>", key: bytes | None = None) -> Allowlist:
        entries: list[AllowEntry] = []
        errors: list[str] = []
        for n, raw in enumerate(text.splitlines(), 1):
            line = raw.strip().lstrip("\ufeff")
            if not line or line.startswith("#"):
                continue
            where = f"{origin}:{n}"
            m = _ENTRY.match(line)
            if m is None:
                entries.append(AllowEntry("phrase", line, where))
                continue
            kind, scope, value = m.group(1), m.group(2), m.group(3).strip()
            rules = tuple(t.strip() for t in (scope or "").split(",") if t.strip())
            if not value:
                errors.append(f"{where}: empty {kind}")
                continue
            if kind == "hmac":
                value = value.lower()
                if not re.fullmatch(r"[0-9a-f]{64}", value):
                    errors.append(f"{where}: hmac needs 64 hex digits (HMAC-SHA256)")
                    continue
            entries.append(AllowEntry(kind, value, where, rules))  # type: ignore[arg-type]
        if errors:
            raise AllowlistError("\n".join(errors))
        out = cls(entries=entries, key=key)
        if key is None and any(e.kind == "hmac" for e in entries):
            out.warnings.append(
                f"{origin}: hmac 条目需要密钥（${KEY_ENV} 或 {KEY_FILE_NAME}），已忽略"
            )
        return out

    @classmethod
    def load(cls, path: str | Path, key: bytes | None = None) -> Allowlist:
        """Read an allow-list file; the hmac key defaults to the baseline key lookup, trying a
        key file next to the allow-list before the working directory."""
        p = Path(path)
        try:
            text = p.read_text("utf-8-sig")
        except OSError as exc:
            raise AllowlistError(f"{p}: cannot read the allow-list: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise AllowlistError(f"{p}: the allow-list must be UTF-8: {exc}") from exc
        if key is None and "hmac" in text:
            try:
                beside = p.resolve().parent / KEY_FILE_NAME
                key = load_key(key_file=beside if beside.is_file() else None)
            except BaselineError as exc:
                raise AllowlistError(str(exc)) from exc
        return cls.parse(text, str(p), key)

    # -- matching ---------------------------------------------------------------------------
    def _value_form(self, i: int, entry: AllowEntry, category: str) -> str:
        k = (i, category)
        form = self._value_forms.get(k)
        if form is None:
            form = self._value_forms[k] = normalize_value(category, entry.value)
        return form

    def _phrase_spans(self, text: str) -> list[tuple[int, int, AllowEntry]]:
        phrases = [(i, e) for i, e in enumerate(self.entries) if e.kind == "phrase"]
        if not phrases:
            return []
        doc = normalize(text)
        spans: list[tuple[int, int, AllowEntry]] = []
        for i, e in phrases:
            needle = self._phrase_terms.get(i)
            if needle is None:
                needle = self._phrase_terms[i] = normalize(e.value, None).terms
            if not needle:
                continue
            pos = doc.terms.find(needle)
            while pos >= 0:
                a, b = doc.terms_to_original(pos, pos + len(needle))
                spans.append((a, b, e))
                pos = doc.terms.find(needle, pos + 1)
        return spans

    def matcher(self, text: str) -> _AllowMatcher:
        return _AllowMatcher(self, self._phrase_spans(text) if self.entries else [])


@dataclass
class _AllowMatcher:
    allow: Allowlist
    phrase_spans: list[tuple[int, int, AllowEntry]]
    _hmacs: dict[str, str] = field(default_factory=dict)

    def match(self, f: Finding) -> AllowEntry | None:
        for a, b, e in self.phrase_spans:
            if a <= f.start and f.end <= b and rule_selected(e.rules, f):
                return e
        value: str | None = None
        for i, e in enumerate(self.allow.entries):
            if e.kind == "phrase" or not rule_selected(e.rules, f):
                continue
            if value is None:
                value = normalized_value(f)
            if e.kind == "value":
                if self.allow._value_form(i, e, f.category) == value:
                    return e
            elif self.allow.key is not None:
                h = self._hmacs.get(value)
                if h is None:
                    h = self._hmacs[value] = value_hmac(self.allow.key, value)
                if h == e.value:
                    return e
        return None


# --- the one entry point -------------------------------------------------------------------


def apply_suppressions(
    text: str, report: Report, allowlist: Allowlist | None = None
) -> tuple[Report, list[Suppressed]]:
    """Drop the findings that inline directives or the allow-list cover.

    ``text`` must be the string the report was made from (the offsets point into it).  The
    returned report has its verdict and counts recomputed; the list says what was dropped and
    why, in document order."""
    if not report.findings:
        return report, []
    # Directives cover lines, so a repeated finding is judged occurrence by occurrence: the
    # occurrences left are grouped again (a repeat allowed on one line stays on the others).
    findings = expand_findings(report.findings)
    directives = find_directives(text)
    by_line: dict[int, list[Directive]] = {}
    for d in directives:
        by_line.setdefault(d.target, []).append(d)
    matcher = allowlist.matcher(text) if allowlist is not None and allowlist.entries else None
    starts = _line_starts(text) if by_line else []
    kept: list[Finding] = []
    dropped: list[Suppressed] = []
    for f in findings:
        hit: Suppressed | None = None
        if by_line:
            first = bisect_right(starts, f.start)
            last = bisect_right(starts, max(f.start, f.end - 1))
            for ln in range(first, last + 1):
                d = next((d for d in by_line.get(ln, ()) if rule_selected(d.rules, f)), None)
                if d is not None:
                    hit = Suppressed(finding=f, kind="inline", by=d.describe())
                    break
        if hit is None and matcher is not None:
            e = matcher.match(f)
            if e is not None:
                hit = Suppressed(finding=f, kind="allowlist", by=e.describe())
        if hit is None:
            kept.append(f)
        else:
            dropped.append(hit)
    if not dropped and not (allowlist and allowlist.warnings):
        return report, []
    out = report_with_findings(report, group_repeats(kept)) if dropped else report
    if allowlist is not None and allowlist.warnings:
        new = [w for w in allowlist.warnings if w not in out.warnings]
        if new:
            out = out.model_copy(update={"warnings": [*out.warnings, *new]})
    return out, dropped


def unsuppressed_masks(
    text: str, records: list[MaskedRecord], allowlist: Allowlist | None = None
) -> list[MaskedRecord]:
    """The masked values of ``text`` that a batch may still pair with other files'.

    A cross-file ``pii.inconsistent_mask`` is made in the parent process, which no longer has
    the text; so each masked value is tried here as if it were that finding, and the ones an
    inline directive or the allow-list covers are dropped before they leave the worker."""
    if not records:
        return records
    pseudo = [
        Finding.model_construct(
            rule_id="pii.inconsistent_mask", category=r.category,
            severity=Severity.REVIEW, start=r.start, end=r.end, text=r.text, line=r.line,
            column=r.column, message="", matched=r.text, masked=r.text,
        )
        for r in records
    ]
    probe = Report.model_construct(verdict="review", findings=pseudo, stats={}, warnings=[])
    kept, dropped = apply_suppressions(text, probe, allowlist)
    if not dropped:
        return records
    spans = {(f.start, f.end) for f in expand_findings(kept.findings)}
    return [r for r in records if (r.start, r.end) in spans]
