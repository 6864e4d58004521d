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
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple

import ahocorasick

from ... import levers
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

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
"""The province characters that open a vehicle plate (GA 36-2018)."""

_LEAD = "+(（"
"""Characters that may open a number before its first digit (``+86``, ``(010)``)."""
_RUN = r"[0-9Xxχ×*●#■○()（）.\- —+]"
"""Characters a written number may hold after its first digit."""
CLUSTER = re.compile(r"[+(（]*[0-9]" + _RUN + "*")
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

_ANCHORS = re.compile(
    r"[0-9A-HJ-NP-Z:](?:(?<=[0-9])(?:" + _RUN + "{4,}"
    r"|(?<=[+(（][0-9])" + _RUN + "{3})"
    rf"|(?<=[{PROVINCES}][A-HJ-NP-Z])"
    r"|(?<=P)(?=<)"
    r"|(?<=[0-9a-fA-F:]:)(?=[0-9a-fA-F:]))"
)
"""The anchor pass (lever ``anchors``): one pass over the text finds every place where an
identifier check can start, and the checks then work only there.

Why one pattern: a pattern that opens with an optional ``[+(（]*`` gives Python's ``re`` no
first character to skip to, so :data:`_LONG_CLUSTER` is tried at every position of the text,
and the plate, IPv6 and passport-zone searches each walked the text again.  This pattern opens
with a character class, which ``re`` skips to in a tight C loop, and a clean page is that one
loop.  Each match is one of:

* a **cluster**, opening with a digit: from its first digit to the end of its run, exactly
  where :data:`_LONG_CLUSTER`'s match ends (both are greedy over the same class, and a run
  whose first digit has too few characters after it fails in both); the ``+``/bracket
  characters before that digit are added back in Python.  Left out: runs of exactly four
  characters from their first digit with no ``+``/bracket before it (``2024年``, two thirds
  of all clusters in government text), which never make a window: four digits are too few
  for a bare run, and a non-digit among the four leaves fewer than four digits;
* a **plate letter** right after a province character (``京A``), or a ``P`` before ``<`` (a
  passport's machine-readable zone): one character, never a digit, never inside a cluster
  (it follows a Han character or stands alone, and clusters are consumed from a digit on);
* an **IPv6 colon**, with a hex digit or a colon on both sides (``fe80::1``): one character,
  which no cluster holds."""


@dataclass
class Anchors:
    """What the anchor pass found besides the clusters (view positions, in text order)."""

    plates: list[int] = field(default_factory=list)
    """Latin letters right after a province character."""
    passports: list[int] = field(default_factory=list)
    """``P`` characters followed by ``<``."""
    colons: list[int] = field(default_factory=list)
    """Colons with a hex digit or a colon on both sides."""


_DIGIT = re.compile(r"[0-9]")
_MASK_CHAR = re.compile(f"[{re.escape(MASK_CHARS)}]")
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

    complete: ClassVar[bool] = True
    """Every word of the text is in :attr:`starts`/:attr:`ends` (a :class:`LazyContextIndex`
    holds only the stretches asked about so far)."""

    def cover(self, a: int, b: int) -> None:
        """Make sure every word starting in ``[a, b)`` is in :attr:`starts`/:attr:`ends`
        before they are read directly (a complete index has them all already)."""

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
        self.longest = max(map(len, by_word), default=0)
        """Length of the longest word (how far a word may reach over a stretch's edge)."""
        firsts: dict[str, set[str]] = {}
        lasts: dict[str, set[str]] = {}
        for w, keys in by_word.items():
            for key in keys:
                firsts.setdefault(key, set()).add(w[0])
                lasts.setdefault(key, set()).add(w[-1])
        self.first_chars = {k: _char_class(cs) for k, cs in firsts.items()}
        """Per key, a class of the characters its words start with: where none occurs, no word
        of the key starts (the lazy index answers without walking the automaton)."""
        self.last_chars = {k: _char_class(cs) for k, cs in lasts.items()}
        """Per key, the characters its words end with."""

    def hits(self, text: str, a: int = 0, b: int | None = None) -> list[_Hit]:
        """``(start, end, keys)`` of every word lying wholly inside ``text[a:b]``, sorted."""
        hits: list[_Hit] = []
        if self.automaton is None:
            return hits
        n = len(text)
        # A slice, not ``iter(text, a, b)``: pyahocorasick converts the whole string on every
        # call (~150 µs for a million characters, however short the stretch).
        found = self.automaton.iter(text) if a == 0 and b is None else self.automaton.iter(
            text[a:b])
        for end, (length, ascii_word, keys) in found:
            end += a
            start = end - length + 1
            if ascii_word and (
                (start > 0 and _is_ascii_letter(text[start - 1]))
                or (end + 1 < n and _is_ascii_letter(text[end + 1]))
            ):
                continue
            hits.append((start, end + 1, keys))
        hits.sort()
        return hits

    def lazy_index(self, text: str) -> ContextIndex:
        """An index that looks words up only where it is asked about (lever ``anchors``)."""
        if self.automaton is None:
            return ContextIndex()
        return LazyContextIndex(self, text)

    def index(self, text: str) -> ContextIndex:
        idx = ContextIndex()
        if self.automaton is None:
            return idx
        hits = self.hits(text)
        for start, end, keys in hits:
            for key in keys:
                idx.starts.setdefault(key, []).append(start)
                idx.ends.setdefault(key, []).append(end)
        for key in idx.ends:
            idx.ends[key].sort()
        return idx


def _is_ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _char_class(chars: set[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


_Hit = tuple[int, int, tuple[str, ...]]

_CHARS_PER_QUERY = 20
"""A lazy query costs about as much as walking this many characters with the automaton
(~1.5 µs against ~70 ns a character): the lazy index's budget is the text's length over it."""
_WALK_COST = 10
"""A walk of one small stretch costs about ten queries."""
_LAZY_MIN_BUDGET = 64
_DENSE_CHARS = 32
"""A text with a number window every this many characters or closer gets the complete
context index at once (lever ``anchors``)."""


class LazyContextIndex(ContextIndex):
    """The context words of the stretches of a text asked about, found when first asked.

    Why: walking the whole text with the automaton costs more than the rest of the identifier
    detector together (pyahocorasick steps through ~14 M chars/s), yet the words only matter
    near a number, a plate or a mobile's line, and a clean page has few of those.  Every query
    (:meth:`nearest_before`, :meth:`nearest_after`, :meth:`any_in`) first covers the stretch
    of word starts its answer depends on, so it answers exactly as the complete index would;
    code that reads :attr:`starts`/:attr:`ends` directly calls :meth:`cover` first.

    Stretches are closed before they are added: their edges are moved until no word crosses
    them.  Then the words of each stretch take the same ranks among its starts as among its
    ends as they do in the whole text, so pairing the ``i``-th start with the ``i``-th end
    (``zip(starts, ends)``, as the travel-document and name-list checks do) pairs the same
    words as in the complete index, overlapping words included.

    A document dense with numbers (a roster, an export) asks about most of its text, and
    thousands of small walks cost more than one whole walk: once the work spent on queries and
    walks exceeds about what one whole walk costs, the index builds the complete one and
    answers from it (so it is never much more than twice as slow as the complete index)."""

    complete: ClassVar[bool] = False

    def __init__(self, matcher: ContextMatcher, text: str) -> None:
        super().__init__()
        self._matcher = matcher
        self._text = text
        self.reach = max(1, matcher.longest)
        """The longest word: how far a word may reach over a stretch's edge."""
        self._xs: list[int] = []
        """Starts of the covered stretches (sorted, disjoint, closed)."""
        self._ys: list[int] = []
        """Their ends."""
        self._whole = False
        """Every word is indexed (the complete index was built)."""
        self._spent = 0
        self._budget = max(_LAZY_MIN_BUDGET, len(text) // _CHARS_PER_QUERY)

    def _charge(self, units: int) -> None:
        self._spent += units
        if self._spent > self._budget:
            whole = self._matcher.index(self._text)
            self.starts, self.ends = whole.starts, whole.ends
            self._whole = True

    def cover(self, a: int, b: int) -> None:
        if self._whole:
            return
        n = len(self._text)
        a = max(0, a)
        b = min(n, b)
        if a >= b:
            return
        xs, ys = self._xs, self._ys
        k = bisect_right(xs, a) - 1
        pos = a
        if k >= 0 and ys[k] > pos:
            pos = ys[k]
        gaps: list[tuple[int, int]] = []
        j = k + 1
        while pos < b:
            nxt = xs[j] if j < len(xs) else n
            if nxt > pos:
                gaps.append((pos, min(b, nxt)))
            if j >= len(xs) or nxt >= b:
                break
            pos = max(pos, ys[j])
            j += 1
        for x, y in gaps:
            self._add(*self._close(x, y))
        if gaps:
            self._charge(_WALK_COST * len(gaps))

    def _close(self, x: int, y: int) -> tuple[int, int, list[_Hit]]:
        """The words starting in ``[x, y)``, the stretch widened until no word crosses its
        edges.  (Never into a covered stretch: a covered stretch's edge is crossed by no word.)"""
        text, n, reach = self._text, len(self._text), self.reach
        while True:
            hits = self._matcher.hits(text, max(0, x - reach + 1), min(n, y + reach - 1))
            nx, ny = x, y
            for s, e, _keys in hits:
                if s < x < e:
                    nx = min(nx, s)
                if s < y < e:
                    ny = max(ny, e)
            if (nx, ny) == (x, y):
                return x, y, [h for h in hits if x <= h[0] < y]
            x, y = nx, ny

    def _add(self, x: int, y: int, hits: list[_Hit]) -> None:
        for start, end, keys in hits:
            for key in keys:
                insort(self.starts.setdefault(key, []), start)
                insort(self.ends.setdefault(key, []), end)
        xs, ys = self._xs, self._ys
        k = bisect_left(xs, x)
        # Merge with the neighbours it touches (stretches are disjoint: it can only touch).
        if k > 0 and ys[k - 1] == x:
            k -= 1
            x = xs[k]
            del xs[k], ys[k]
        if k < len(xs) and xs[k] == y:
            y = ys[k]
            del xs[k], ys[k]
        xs.insert(k, x)
        ys.insert(k, y)

    # Each query first looks for a character a word of the key could end (start) with where
    # the answer's words would have to end (start): near most numbers there is none, and the
    # answer is "none" without walking the automaton or covering anything.

    def nearest_before(self, key: str, pos: int, window: int) -> int | None:
        if self._whole:
            return super().nearest_before(key, pos, window)
        self._charge(1)
        last = self._matcher.last_chars.get(key)
        if last is None or last.search(self._text, max(0, pos - window - 1), max(0, pos)) is None:
            return None
        # A word ending in [pos - window, pos] starts in [pos - window - longest, pos).
        self.cover(pos - window - self.reach, pos)
        return super().nearest_before(key, pos, window)

    def nearest_after(self, key: str, pos: int, window: int) -> int | None:
        if self._whole:
            return super().nearest_after(key, pos, window)
        self._charge(1)
        first = self._matcher.first_chars.get(key)
        if first is None or first.search(self._text, max(0, pos), pos + window + 1) is None:
            return None
        self.cover(pos, pos + window + 1)
        return super().nearest_after(key, pos, window)

    def any_in(self, key: str, a: int, b: int) -> bool:
        if self._whole:
            return super().any_in(key, a, b)
        self._charge(1)
        first = self._matcher.first_chars.get(key)
        if first is None or first.search(self._text, max(0, a), max(0, b)) is None:
            return False
        self.cover(a, b)
        return super().any_in(key, a, b)


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
    anchors: Anchors | None = None
    """What the anchor pass found (lever ``anchors``); ``None``: each check searches the whole
    text itself."""
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
    if not levers.active.anchors:
        windows = _windows(text, (m.span() for m in _LONG_CLUSTER.finditer(text)))
        return Scan(doc, windows, matcher.index(text), tables=tables)
    spans, anchors = _anchor_pass(text)
    windows = _windows(text, spans)
    # A text dense with numbers (a roster, a table of figures) is asked about nearly
    # everywhere: one whole walk is cheaper than thousands of small ones.
    dense = len(windows) * _DENSE_CHARS > len(text)
    context = matcher.index(text) if dense else matcher.lazy_index(text)
    return Scan(doc, windows, context, tables=tables, anchors=anchors)


def _anchor_pass(text: str) -> tuple[list[tuple[int, int]], Anchors]:
    """Spans of the long clusters (exactly those of :data:`_LONG_CLUSTER` that can make a
    window) and the other anchors, in one :data:`_ANCHORS` pass."""
    spans: list[tuple[int, int]] = []
    found = Anchors()
    for m in _ANCHORS.finditer(text):
        a, b = m.span()
        ch = text[a]
        if ch <= "9":
            while a > 0 and text[a - 1] in _LEAD:
                a -= 1
            spans.append((a, b))
        elif ch == ":":
            found.colons.append(a)
        else:
            # A letter: a plate's, a passport zone's ``P``, or both (``京P<``).
            if a > 0 and text[a - 1] in PROVINCES:
                found.plates.append(a)
            if ch == "P" and text.startswith("<", b):
                found.passports.append(a)
    return spans, found


def _windows(text: str, spans: Iterable[tuple[int, int]]) -> list[Window]:
    n = len(text)
    windows: list[Window] = []
    for a, b in spans:
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
            masked = _MASK_CHAR.search(s) is not None or "XX" in s.upper()
            windows.append(Window(a, b, b + 1 if b < n else n, d, False, masked))
    return windows


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
