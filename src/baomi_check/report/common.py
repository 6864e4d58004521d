"""What every report format shares: masking of displayed values, snippets, document texts.

The output is where a review tool most often becomes the leak (a full ID number in a CI log, in
a SARIF file uploaded to a code host), so the writers never format ``Finding.text`` themselves:
they ask this module for the *display* of a finding or of a stretch of text.  By default that
display hides

* every finding whose mask differs from its evidence (``Finding.masked``, set by the identifier
  detectors), and any identifier-category finding without one (masked here by the policy);
* every such finding *inside* another span shown — a context snippet or a long ``tampering``
  finding may hold a phone number that is a finding of its own;
* raw values repeated in messages, suggestions, warnings and errors;
* as a last line of defence, any run of 11 or more digits in displayed text that no detector
  claimed (an ID number a detector rejected is still not for a log file).

``show_values=True`` (``--show-values``) turns all of this off and shows the evidence as written.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..mask import DEFAULT_POLICY, display_text, mask_value
from ..models import IDENTIFIER_CATEGORIES, FileResult, Finding, Report, Severity

TextSource = Callable[[FileResult], "str | None"]
"""Returns the exact text a result's offsets refer to, or ``None`` when it is not available."""

_LONG_DIGITS = re.compile(r"(?<!\d)\d{10,}[\dXx](?!\d)")
_MASK = DEFAULT_POLICY.mask_char


@dataclass
class RenderOptions:
    show_values: bool = False
    color: bool = False
    texts: TextSource | None = None
    """Where to get each document's text (HTML document view, SARIF context snippets).  The
    command line passes the texts it checked; ``None`` falls back to :func:`load_text`."""
    fingerprint_key: bytes | None = None
    """Key for SARIF ``partialFingerprints``; ``None`` uses the baseline key lookup."""
    tool_version: str = field(default="")
    min_severity: Severity = Severity.INFO
    """Findings below this are not listed (``--min-severity``); verdicts, counts and summaries
    still include them, so a file's one ``block`` is not drowned by ``info`` and a hidden
    finding is never a silent pass."""

    def visible(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings at or above :attr:`min_severity`."""
        rank = self.min_severity.rank
        return [f for f in findings if f.severity.rank >= rank]


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(s: str | None) -> str:
    """One line of plain text: a file name or document text with an escape sequence
    (``ESC[2J``, a forged colour) or a line break would otherwise drive the reviewer's
    terminal or forge report lines (``\\n  clean.txt  通过``).  Breaks and tabs become spaces,
    other control characters a visible ``\\xNN``."""
    if not s:
        return s or ""
    return _CONTROL.sub(lambda m: " " if m.group() in "\t\n\r\u2028\u2029" else
                        f"\\x{ord(m.group()):02x}", s)  # fmt: skip


def mask_long_digits(s: str) -> str:
    """Hide the middle of unclaimed digit runs of 11+ characters (keep 3 + 4)."""
    return _LONG_DIGITS.sub(lambda m: _hide_middle(m.group(), 3, 4), s)


def _hide_middle(s: str, head: int, tail: int) -> str:
    if len(s) <= head + tail:
        return _MASK * len(s)
    return s[:head] + _MASK * (len(s) - head - tail) + s[len(s) - tail :]


def display(f: Finding, show_values: bool = False) -> str:
    """The evidence of one finding as outputs show it."""
    if show_values:
        return f.text
    shown = display_text(f, False)
    if shown == f.text and f.masked is None and f.category in IDENTIFIER_CATEGORIES:
        shown = mask_value(f.category, f.text)
    return shown


def needs_mask(f: Finding) -> bool:
    return display(f, False) != f.text


class Masker:
    """Display helpers bound to the findings of one report (built once per file).

    Built for batches with thousands of findings per file: raw values are found in messages
    by one Aho–Corasick automaton (not a regex alternation), and the masking findings that
    overlap a span are located by binary search over their starts and a running maximum of
    their ends, so each call costs O(log n + overlaps), not O(n)."""

    def __init__(self, findings: Sequence[Finding], show_values: bool) -> None:
        self.show_values = show_values
        masking = [f for f in findings if not show_values and needs_mask(f)]
        # Every occurrence of a repeated finding is a span to hide, each shown as the
        # finding's own mask (all occurrences have the same evidence).
        spans: list[tuple[int, int, str]] = []
        self._raws: dict[str, str] = {}
        for f in masking:
            shown = display(f)
            spans.extend((o.start, o.end, shown) for o in f.places())
            for raw in (f.text, f.matched):
                if raw and raw.strip() and raw != shown:
                    self._raws.setdefault(raw, shown)
        spans.sort(key=lambda t: (t[0], t[1]))
        self.masking = spans
        self._starts = [a for a, _b, _s in spans]
        self._max_end: list[int] = []
        top = -1
        for _a, b, _s in spans:
            top = max(top, b)
            self._max_end.append(top)
        self._automaton: Any = None

    def _replace_raws(self, s: str) -> str:
        if self._automaton is None:
            import ahocorasick

            auto = ahocorasick.Automaton()
            for raw, shown in self._raws.items():
                auto.add_word(raw, (len(raw), shown))
            auto.make_automaton()
            self._automaton = auto
        out: list[str] = []
        pos = 0
        for end, (n, shown) in self._automaton.iter_long(s):
            start = end - n + 1
            if start < pos:
                continue
            out.append(s[pos:start])
            out.append(shown)
            pos = end + 1
        if not out:
            return s
        out.append(s[pos:])
        return "".join(out)

    def scrub(self, s: str | None) -> str | None:
        """``s`` (a message, suggestion, warning) with raw values replaced by their masks."""
        if s is None or self.show_values:
            return s
        if self._raws:
            s = self._replace_raws(s)
        return mask_long_digits(s)

    def _overlapping(self, a: int, b: int) -> list[tuple[int, int, str]]:
        """Masking spans ``(start, end, shown)`` with ``start < b`` and ``end > a``, in start
        order."""
        j = bisect_right(self._max_end, a)  # first index whose running max end exceeds a
        k = bisect_left(self._starts, b)
        return [g for g in self.masking[j:k] if g[1] > a]

    def span(self, text: str, base: int = 0) -> str:
        """``text`` — which is ``original[base:base+len(text)]`` — for display: every masking
        finding overlapping it replaced by its mask (partly overlapping ones hidden entirely),
        the rest passed through :func:`mask_long_digits`."""
        if self.show_values:
            return text
        end = base + len(text)
        out: list[str] = []
        pos = base
        for gs, ge, shown in self._overlapping(base, end):
            if ge <= pos:
                continue
            ga, gb = max(gs, pos), min(ge, end)
            out.append(mask_long_digits(text[pos - base : ga - base]))
            if ga == gs and gb == ge:
                out.append(shown)
            else:
                part = text[ga - base : gb - base]
                out.append("".join(c if c.isspace() else _MASK for c in part))
            pos = gb
        out.append(mask_long_digits(text[pos - base :]))
        return "".join(out)

    def finding_text(self, f: Finding) -> str:
        """A finding's evidence with itself and any finding inside it masked."""
        if self.show_values:
            return f.text
        if needs_mask(f):
            return display(f)
        return self.span(f.text, f.start)

    def snippet(self, text: str, f: Finding, width: int = 30) -> tuple[str, int, int]:
        """Context around ``f`` in ``text``: ``(display, start, end)`` of the window, cut at
        line breaks and about ``width`` characters either side."""
        a = max(0, f.start - width)
        b = min(len(text), f.end + width)
        nl = max(text.rfind("\n", a, f.start), text.rfind("\r", a, f.start))
        if nl >= 0:
            a = nl + 1
        cut = [i for i in (text.find("\n", f.end, b), text.find("\r", f.end, b)) if i >= 0]
        if cut:
            b = min(cut)
        return self.span(text[a:b], a), a, b


def masked_finding(f: Finding, m: Masker) -> Finding:
    """A copy of ``f`` safe to serialise: evidence, normalized match, message and suggestion
    masked.  Offsets, lines and ids are kept, so a tool can still point at the place."""
    if m.show_values:
        return f
    shown = m.finding_text(f)
    return f.model_copy(
        update={
            "text": shown,
            "matched": shown if f.matched is not None and needs_mask(f) else m.scrub(f.matched),
            "message": m.scrub(f.message) or "",
            "suggestion": m.scrub(f.suggestion),
            "masked": m.scrub(f.masked),
        }
    )


ALREADY_MASKED = {"show_values": True}
"""Serialization context for a result :func:`masked_result` has already made safe (or that
``--show-values`` asked to show raw): the models' own default masking is not applied again."""


def masked_report(report: Report, show_values: bool) -> tuple[Report, Masker]:
    m = Masker(report.findings, show_values)
    if show_values:
        return report, m
    return (
        report.model_copy(
            update={
                "findings": [masked_finding(f, m) for f in report.findings],
                "warnings": [m.scrub(w) or "" for w in report.warnings],
            }
        ),
        m,
    )


def masked_result(
    result: FileResult, show_values: bool, min_severity: Severity = Severity.INFO
) -> FileResult:
    """The result as every serialising format writes it (JSON, JSONL): masked, and without the
    findings below ``min_severity`` (masking is decided with all of them, so a value of a
    finding not listed is still hidden in the ones listed; ``stats`` and ``verdict`` keep
    counting everything)."""
    if show_values and min_severity is Severity.INFO:
        return result
    update: dict[str, object] = {}
    if not show_values:
        update["error"] = mask_long_digits(result.error) if result.error else None
    if result.report is not None:
        report = masked_report(result.report, show_values)[0]
        if min_severity is not Severity.INFO:
            rank = min_severity.rank
            report = report.model_copy(update={
                "findings": [f for f in report.findings if f.severity.rank >= rank]})
        update["report"] = report
    return result.model_copy(update=update)


_LINE_LOCATION = re.compile(r"第\d+行")


def extra_location(f: Finding) -> str | None:
    """The document location when it says more than the line number (``Sheet1!B7``, ``第3页``);
    ``None`` for plain-text files, whose location is just ``第N行``."""
    return extra_location_of(f.location)


def extra_location_of(location: str | None) -> str | None:
    """:func:`extra_location` of a bare location (an occurrence's)."""
    if location is None or _LINE_LOCATION.fullmatch(location):
        return None
    return location


PLACES_SHOWN = 5
"""How many places of a repeated finding the text and HTML reports list (the count says how
many there are; JSON, CSV and SARIF carry them all)."""


def place_label(line: int, column: int, location: str | None) -> str:
    """``Sheet1!B7 12:3`` or ``12:3``: one place as reports print it."""
    loc = one_line(extra_location_of(location)) or None
    return f"{loc} {line}:{column}" if loc else f"{line}:{column}"


def load_text(result: FileResult) -> str | None:
    """Re-extract a file's text for the document views, trusting it only if every finding's
    offsets still hold (the file may have changed since it was checked)."""
    if result.report is None or any(f.box is not None for f in result.report.findings):
        return None  # nothing to re-read, or recognised text (reading it again means OCR again)
    try:
        from ..extract import extract_file

        text = extract_file(result.path).text
    except Exception:  # unreadable now, or no extractor: the views degrade to snippets
        return None
    return text if offsets_hold(text, result.report.findings) else None


def offsets_hold(text: str, findings: Iterable[Finding]) -> bool:
    return all(text[f.start : f.end] == f.text for f in findings)


def text_for(result: FileResult, opts: RenderOptions) -> str | None:
    if result.report is None:
        return None
    source = opts.texts or load_text
    try:
        text = source(result)
    except Exception:
        return None
    if text is None or not offsets_hold(text, result.report.findings):
        return None
    return text


SEVERITY_ORDER = ("block", "review", "info")
VERDICT_LABEL = {"block": "不得公开", "review": "需人工审查", "pass": "通过"}
SEVERITY_LABEL = {"block": "阻断", "review": "审查", "info": "提示"}
CATEGORY_LABEL = {
    "classified_marking": "国家秘密标志",
    "internal_marking": "内部事项标志",
    "id_card": "身份证号",
    "mobile_phone": "手机号码",
    "landline": "固定电话",
    "bank_card": "银行卡号",
    "travel_document": "出入境证件",
    "license_plate": "车牌号",
    "email": "电子邮箱",
    "ip_address": "IP地址",
    "credit_code": "统一社会信用代码",
    "personal_info": "个人信息",
    "spam": "垃圾信息",
    "sensitive_term": "敏感词",
    "wrong_expression": "表述错误",
    "tampering": "篡改痕迹",
}


@dataclass
class Tally:
    """Counts for the closing summary lines (text, HTML)."""

    files: int = 0
    errors: int = 0
    verdicts: dict[str, int] = field(default_factory=lambda: {"block": 0, "review": 0, "pass": 0})
    severities: dict[str, int] = field(default_factory=lambda: {"block": 0, "review": 0, "info": 0})
    categories: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, result: FileResult) -> None:
        self.files += 1
        if result.error is not None or result.report is None:
            # An incomplete check (timeout, failed detector) keeps its findings but is an
            # error, never counted as a verdict: the command line's summary counts it so too.
            self.errors += 1
            if result.report is None:
                return
        else:
            self.verdicts[result.report.verdict] += 1
        for f in result.report.findings:
            sev = f.severity.value
            self.severities[sev] += 1
            row = self.categories.setdefault(f.category, {"block": 0, "review": 0, "info": 0})
            row[sev] += 1

    @property
    def findings(self) -> int:
        return sum(self.severities.values())
