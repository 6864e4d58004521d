"""What every identifier check shares: one scan of the document's number-like clusters, the
context-word index, boundaries and the small arithmetic (checksums) the validators use.

Why one scan: most identifiers are digit runs.  Running a dozen full-text regexes (ID, mobile,
landline, card, IP, masked forms …) costs a dozen passes over every document, most of which has
no digits at all.  Instead :data:`CLUSTER` finds, in one pass, the maximal stretches made of
digits, the check letters ``X``/``x``/``χ``/``×``, mask characters and the separators that may
sit inside a written number (space, ``-``, ``—``, ``.``, brackets, ``+``).  Each specific
pattern then runs only inside those windows (``pattern.finditer(text, a, b)``), where its own
lookarounds still see the real neighbours, so boundaries stay exact.

Boundaries are explicit ASCII-alphanumeric lookarounds, never ``\\b``: CJK characters are word
characters to Python, so ``电话13800000000`` has no ``\\b`` between ``话`` and ``1``.  A number
glued to a longer digit run by ``.`` or ``-`` (a decimal such as ``0.13812345678``, a dashed
order number ``2024-0312-13800000000``) is part of that longer token, not an identifier.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import ahocorasick

from ...mask import MaskPolicy, mask_value
from ...models import Category, Severity
from ...normalize import Normalized
from ..base import Candidate
from ..tables import TableIndex

LEFT = r"(?<![0-9A-Za-z])(?<![0-9][.\-])"
"""Start of a number token: no ASCII letter/digit before it, and not the tail of a dotted or
dashed digit run (decimals, dashed order numbers)."""

RIGHT = r"(?![0-9A-Za-z])(?![.\-][0-9])"
"""End of a number token, symmetric to :data:`LEFT`."""

MASK_CHARS = "*×●#■○"
"""Characters that stand for hidden digits in a masked value (``138****0000``, ``138####0000``,
``110101188001●●●●``); ＊ and ＃ reach the view as ``*`` and ``#`` through NFKC."""

CLUSTER = re.compile(r"[+(（]*[0-9][0-9Xxχ×*●#■○()（）.\- —+]*")
"""Number-like windows: every identifier pattern that starts with a digit (or ``+``/bracket)
consumes only characters of this class, so it can be confined to these windows."""

MIN_CLUSTER_DIGITS = 4
"""Shorter clusters (day numbers, section numbers, small amounts) hold no identifier we report;
four is the fewest digits of an IPv4 address (``8.8.8.8``)."""

MIN_BARE_DIGITS = 5
"""A bare digit run shorter than this is no identifier we report (the shortest, a local
landline number, has 7 digits); years alone are a quarter of all clusters in a typical text."""

_LONG_CLUSTER = re.compile(CLUSTER.pattern[:-1] + f"{{{MIN_CLUSTER_DIGITS - 1},}}")
""":data:`CLUSTER`, but only the clusters at least :data:`MIN_CLUSTER_DIGITS` characters long.
A cluster is a maximal run of its class, so the long ones are found at the same places with
the same ends; dates and section numbers (most clusters of a text) never reach Python."""

_DIGIT = re.compile(r"[0-9]")
NON_DIGIT = re.compile(r"[^0-9]")


class Window(NamedTuple):
    """One number-like cluster of the view, with enough room for the lookahead after it."""

    start: int
    end: int
    """End of the cluster itself."""
    endpos: int
    """``end`` plus the next character, so ``(?!…)`` sees the real neighbour."""
    digits: int
    """How many digits the cluster holds."""
    plain: bool
    """Only digits: no separators, no mask characters, no check letter."""
    masked: bool
    """Holds a mask character (``*``, ``×``, ``●``) or an ``X``/``x`` run."""


@dataclass
class ContextIndex:
    """Positions of context words per key (``id_card``, ``mobile_phone``, ``negative`` …)."""

    starts: dict[str, list[int]] = field(default_factory=dict)
    ends: dict[str, list[int]] = field(default_factory=dict)

    def nearest_before(self, key: str, pos: int, window: int) -> int | None:
        """Distance from the end of the closest ``key`` word ending at or before ``pos``."""
        ends = self.ends.get(key)
        if not ends:
            return None
        k = bisect_right(ends, pos) - 1
        if k < 0:
            return None
        dist = pos - ends[k]
        return dist if dist <= window else None

    def nearest_after(self, key: str, pos: int, window: int) -> int | None:
        """Distance to the start of the closest ``key`` word starting at or after ``pos``."""
        starts = self.starts.get(key)
        if not starts:
            return None
        k = bisect_left(starts, pos)
        if k >= len(starts):
            return None
        dist = starts[k] - pos
        return dist if dist <= window else None

    def any_in(self, key: str, a: int, b: int) -> bool:
        """Does a ``key`` word start inside ``[a, b)``?"""
        starts = self.starts.get(key)
        if not starts:
            return False
        k = bisect_left(starts, a)
        return k < len(starts) and starts[k] < b

    def near(self, key: str, a: int, b: int, before: int, after: int) -> bool:
        return (
            self.nearest_before(key, a, before) is not None
            or self.nearest_after(key, b, after) is not None
        )


class ContextMatcher:
    """All context words of all categories in one Aho–Corasick automaton, found in one pass.

    Why an automaton: a regex alternation of ~150 words is tried at every position of the text
    by Python's ``re`` (measured at ~1.5 M chars/s on the real-text set, more than the rest of
    the identifier scan together); pyahocorasick walks the text once in C.  ASCII words are
    added in their lower, upper and capitalised forms (lower-casing the text would cost another
    pass), and must not touch other ASCII letters (``IP`` is not in ``SHIP``, ``tel`` not in
    ``hotel``)."""

    def __init__(self, words: dict[str, list[str]]) -> None:
        by_word: dict[str, set[str]] = {}
        for key, ws in words.items():
            for w in ws:
                w = w.strip()
                if not w:
                    continue
                forms = {w, w.lower(), w.upper(), w.capitalize()} if w.isascii() else {w}
                for form in forms:
                    by_word.setdefault(form, set()).add(key)
        self.automaton: ahocorasick.Automaton | None = None
        if by_word:
            auto = ahocorasick.Automaton()
            for w, keys in by_word.items():
                auto.add_word(w, (len(w), w.isascii(), tuple(sorted(keys))))
            auto.make_automaton()
            self.automaton = auto

    def index(self, text: str) -> ContextIndex:
        idx = ContextIndex()
        if self.automaton is None:
            return idx
        hits: list[tuple[int, int, tuple[str, ...]]] = []
        n = len(text)
        for end, (length, ascii_word, keys) in self.automaton.iter(text):
            start = end - length + 1
            if ascii_word and (
                (start > 0 and _is_ascii_letter(text[start - 1]))
                or (end + 1 < n and _is_ascii_letter(text[end + 1]))
            ):
                continue
            hits.append((start, end + 1, keys))
        hits.sort()
        for start, end, keys in hits:
            for key in keys:
                idx.starts.setdefault(key, []).append(start)
                idx.ends.setdefault(key, []).append(end)
        for key in idx.ends:
            idx.ends[key].sort()
        return idx


def _is_ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


@dataclass
class Scan:
    """Per-document shared state: the view, its number windows and its context words."""

    doc: Normalized
    windows: list[Window]
    context: ContextIndex
    masked: list[tuple[int, int, str]] = field(default_factory=list)
    """View spans and categories of already-masked values (set by the masked-value finder)."""
    masked_values: list[Any] = field(default_factory=list)
    """The masked values themselves (``masked.MaskedValue``), set by the same finder."""
    tables: TableIndex | None = None
    """The document's tables (header cells give a column its context; rosters block)."""
    _by_digits: dict[int, list[Window]] = field(default_factory=dict)

    def windows_with(self, min_digits: int) -> list[Window]:
        """The windows holding at least ``min_digits`` digits (cached per threshold)."""
        got = self._by_digits.get(min_digits)
        if got is None:
            got = [w for w in self.windows if w.digits >= min_digits]
            self._by_digits[min_digits] = got
        return got

    @property
    def text(self) -> str:
        return self.doc.text

    def finditer(self, pattern: re.Pattern[str], min_digits: int = 0) -> Iterator[re.Match[str]]:
        """``pattern`` matches inside every window with at least ``min_digits`` digits."""
        text = self.doc.text
        for w in self.windows_with(min_digits):
            yield from pattern.finditer(text, w.start, w.endpos)

    def line_bounds(self, pos: int) -> tuple[int, int]:
        """View span of the line holding ``pos``."""
        lines = self.doc.view_lines()
        return lines[self.doc.view_line_index(pos)]


def scan(doc: Normalized, matcher: ContextMatcher, tables: TableIndex | None = None) -> Scan:
    """The shared pass: number windows plus context-word positions."""
    text = doc.text
    n = len(text)
    windows: list[Window] = []
    for m in _LONG_CLUSTER.finditer(text):
        a, b = m.span()
        # Trailing separators belong to the surrounding text, not the number.
        while b > a and text[b - 1] in " .-—+(（":
            b -= 1
        s = text[a:b]
        if s.isdigit():  # the common case: a bare digit run
            if b - a < MIN_BARE_DIGITS:
                continue  # a year (2024年) or an amount: no identifier is this short
            windows.append(Window(a, b, b + 1 if b < n else n, b - a, True, False))
            continue
        d = len(_DIGIT.findall(s))
        if d >= MIN_CLUSTER_DIGITS:
            masked = any(c in s for c in MASK_CHARS) or "XX" in s.upper()
            windows.append(Window(a, b, b + 1 if b < n else n, d, False, masked))
    return Scan(doc, windows, matcher.index(text), tables=tables)


_URL_CHARS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/#[]@!$&'*+,;=%"
)
_URL_LOOKBACK = 300


def in_url_path(text: str, a: int) -> bool:
    """Is the number starting at ``a`` a segment of a URL's path (``…/art/2024/13800000000.html``,
    ``…/post_6222020000000000000.html``)?

    Content-management systems name pages and uploads by long serial numbers, which look like
    mobiles and card numbers.  Only the *path* is exempt: a query value (``?tel=…``) may be a
    real identifier, and callers keep ID numbers (an upload named by an ID number is a leak)."""
    if a == 0 or text[a - 1] not in "/_-":
        return False
    i = a
    stop = max(0, a - _URL_LOOKBACK)
    # ``?`` is not a URL character here, so a query value never reaches the scheme.
    while i > stop and text[i - 1] in _URL_CHARS:
        i -= 1
    token = text[i:a]
    return "://" in token or token.lower().startswith("www.")


def digits_only(s: str) -> str:
    return NON_DIGIT.sub("", s)


def luhn_ok(number: str) -> bool:
    """The Luhn (mod 10) check used by most bank cards."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check_char(body17: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) of a 17-digit body."""
    s = sum((ord(c) - 48) * w for c, w in zip(body17, _ID_WEIGHTS, strict=True))
    return "10X98765432"[s % 11]


def followed_by_unit(text: str, end: int, units: tuple[str, ...]) -> bool:
    """Is the number at ``text[:end]`` an amount or a quantity (``…元``, ``…万元``, ``…%``)?"""
    rest = text[end : end + 4].lstrip(" ")
    return rest.startswith(units)


# --- candidates ------------------------------------------------------------------------------

PRIORITY: dict[str, int] = {
    "id_card": 50,
    "masked": 45,
    "credit_code": 40,
    "travel_document": 35,
    "bank_card": 30,
    "mobile_phone": 20,
    "email": 15,
    "landline": 10,
    "ip_address": 8,
    "license_plate": 5,
}
"""Overlap priority inside the shared ``pii`` group: a valid ID number beats a card number or a
phone number found inside it (the resolver keeps the higher priority)."""


def pii_candidate(
    *,
    rule_id: str,
    category: Category,
    severity: Severity,
    start: int,
    end: int,
    value: str,
    message: str,
    confidence: float,
    policy: MaskPolicy,
    priority_key: str | None = None,
    masked: str | None = None,
) -> Candidate:
    """A view-space candidate whose display form and suggestion are the masked value.

    ``message`` must not contain the raw value; reports print ``masked`` unless asked."""
    shown = masked if masked is not None else mask_value(category, value, policy)
    return Candidate(
        rule_id=rule_id,
        category=category,
        severity=severity,
        start=start,
        end=end,
        message=message,
        space="view",
        suggestion=shown,
        confidence=confidence,
        matched=shown,
        masked=shown,
        priority=PRIORITY.get(priority_key or category, 0),
        group="pii",
    )


def labels(scan: Scan, key: str, a: int, b: int, before: int, after: int) -> tuple[bool, bool]:
    """``(has_context, negated)`` for a number at view ``[a, b)``.

    ``negated`` means the nearest label before the number names something that is *not* a
    personal identifier (订单号, 准考证号 …), is closer than any ``key`` context word, stands on
    the number's own line, and no other number stands between that label and this one.

    In a table, the header cell of the number's column decides instead: ``银行卡号`` above a
    column gives every row context, ``金额（元）`` above it negates it.  (Before, the last header
    cell of a 补贴花名册 — 金额 — was "the nearest label" of the first row's phone and card, and
    hid them, while rows further down had no context at all.)"""
    ctx = scan.context
    text = scan.doc.text
    pos_before = ctx.nearest_before(key, a, before)
    has = pos_before is not None or ctx.nearest_after(key, b, after) is not None
    neg = ctx.nearest_before("negative", a, before)
    negated = (
        neg is not None
        and (pos_before is None or neg < pos_before)
        # The label names the number right after it, not a second number further on, and not
        # one on the next line (a table header's last cell is no label of the first row).
        and _DIGIT.search(text, a - neg, a) is None
        and "\n" not in text[a - neg : a]
        and "\r" not in text[a - neg : a]
    )
    cell = column_header(scan, a)
    if cell is not None:
        hs, he = cell
        if ctx.any_in(key, hs, he):
            return True, False
        if ctx.any_in("negative", hs, he):
            return has, True
    return has, negated


def column_header(scan: Scan, pos: int) -> tuple[int, int] | None:
    """View span of the header cell above the table cell holding ``pos``, or ``None`` when
    ``pos`` is not in an aligned row of a table (:mod:`..tables`, the one table model)."""
    if scan.tables is None:
        return None
    return scan.tables.header_cell(pos)


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(_USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_ok(code: str) -> bool:
    """The GB 32100-2015 check character of an upper-case 18-character credit code.

    Only a fast first filter: an 18-digit ID number or order number also fits the credit-code
    shape, and one in 31 of those passes this check by chance, so callers still validate
    survivors fully (python-stdnum, which also checks the embedded organization code)."""
    if len(code) != 18:
        return False
    total = 0
    for ch, w in zip(code[:17], _USCC_WEIGHTS, strict=True):
        v = _USCC_VALUE.get(ch)
        if v is None:
            return False
        total += v * w
    return _USCC_ALPHABET[(31 - total % 31) % 31] == code[17]
