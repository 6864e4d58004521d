"""Normalization with one offset map back to the original text.

Detectors never see the original string: they see a *view* in which full-width forms are folded
(NFKC), invisible format characters (zero-width, bidi, BOM) are gone, Traditional characters are
replaced by Simplified ones one character at a time, and — when a document shows the
machine-conversion artefact of cn-formats §7 — inline pinyin annotations such as ``鎮(zhèn)``
are removed.  Every character of the view remembers which original characters it came from, so
a finding on the view is always reported as ``original[start:end]``.

Term matching uses a second, derived view (:attr:`Normalized.terms`): ASCII letters lower-cased
and short runs of noise characters between two Han characters dropped (``赌*博``, ``六-合-彩``),
never across sentence punctuation or line breaks.

Why per-character: phrase-level conversion (OpenCC's default) may change lengths and merge
characters, which would make offsets ambiguous.  The per-character table is derived from OpenCC's
own data at first use, never typed by hand.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter

from . import levers

# --- the per-character fold -------------------------------------------------------------------

# Characters that are invisible or merely shape text: removed from the view.  Category Cf covers
# zero-width space/joiners, bidi controls, BOM, soft hyphen and word joiner; the rest are
# invisible fillers that Cf misses.
_EXTRA_INVISIBLE = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u180e"}
_VARIATION_SELECTORS = {chr(c) for c in range(0xFE00, 0xFE10)}


@lru_cache(maxsize=1)
def _t2s_chars() -> dict[str, str]:
    """Traditional→Simplified for single characters, from OpenCC's t2s configuration.

    Only conversions that map one character to exactly one character are kept, so positions
    never move.  Built once per process (about 0.1 s)."""
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a declared dependency
        return {}
    conv = opencc.OpenCC("t2s")
    table: dict[str, str] = {}
    ranges = (range(0x3400, 0x4DC0), range(0x4E00, 0xA000), range(0xF900, 0xFB00))
    for rng in ranges:
        chunk = "".join(chr(c) for c in rng)
        # Converting characters separated by newlines keeps OpenCC from applying phrase rules.
        out = conv.convert("\n".join(chunk)).split("\n")
        if len(out) != len(chunk):  # pragma: no cover - defensive: fall back to char by char
            out = [conv.convert(ch) for ch in chunk]
        for ch, simp in zip(chunk, out, strict=True):
            if simp != ch and len(simp) == 1:
                table[ch] = simp
    return table


def fold_char(ch: str) -> str:
    """The view's form of one original character (may be empty or several characters)."""
    if ch in _EXTRA_INVISIBLE or ch in _VARIATION_SELECTORS:
        return ""
    cp = ord(ch)
    if 0xD800 <= cp <= 0xDFFF:  # lone surrogate: keep as is, never raise
        return ch
    if unicodedata.category(ch) == "Cf":
        return ""
    out = unicodedata.normalize("NFKC", ch)
    t2s = _t2s_chars()
    if any(c in t2s for c in out):
        out = "".join(t2s.get(c, c) for c in out)
    return out


@dataclass(frozen=True)
class _FoldTables:
    translate: dict[int, str]
    """Every BMP character whose fold differs from itself (for ``str.translate``)."""
    edit_class: str
    """A regex character class of the characters whose fold changes the length."""


@lru_cache(maxsize=1)
def _fold_tables() -> _FoldTables:
    """The fold tables, from the on-disk cache when possible: building them walks the whole BMP
    through NFKC and OpenCC (~0.2 s), which would dominate the start-up of every process."""
    import sys

    from . import cache

    return cache.cached("fold", cache.fold_key(sys.modules[__name__]), _build_fold_tables)


@lru_cache(maxsize=1)
def _fold_sequence() -> list[str]:
    """The fold as a list indexed by code point, for ``str.translate``.

    Same mapping as :attr:`_FoldTables.translate`, but ``str.translate`` with a dict raises and
    swallows a ``KeyError`` for every unchanged character; a full list never misses inside the
    BMP, which makes the pass about 2.5× faster.  (Astral characters never reach it: they are
    always edits.)"""
    seq = [chr(cp) for cp in range(0x10000)]
    for cp, rep in _fold_tables().translate.items():
        seq[cp] = rep
    return seq


def _build_fold_tables() -> _FoldTables:
    translate: dict[int, str] = {}
    edits: list[int] = []
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        f = fold_char(ch)
        if f != ch:
            translate[cp] = f
            if len(f) != 1:
                edits.append(cp)
    return _FoldTables(translate, _ranges_class(edits))


def _ranges_class(cps: Iterable[int]) -> str:
    """A compact ``[...]`` class for a sorted list of code points."""
    parts: list[str] = []
    run_start = prev = None
    for cp in sorted(cps):
        if prev is not None and cp == prev + 1:
            prev = cp
            continue
        if run_start is not None:
            parts.append(_class_range(run_start, prev))  # type: ignore[arg-type]
        run_start = prev = cp
    if run_start is not None:
        parts.append(_class_range(run_start, prev))  # type: ignore[arg-type]
    return "[" + "".join(parts) + "]"


def _class_range(a: int, b: int) -> str:
    return f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}"


# --- the identity fast path (lever ``identity``) ------------------------------------------------
#
# Real Chinese text needs almost no edit: no invisible character, no Traditional character, no
# pinyin; only a handful of distinct full-width punctuation marks (，：（）；) that fold one to
# one.  One character-class scan over the text finds every character that could matter, each
# distinct one-to-one fold character is then replaced by ``str.replace`` (a C pass per character,
# ~30× faster than ``str.translate`` with a table), and the rest — offset maps, pinyin, edits,
# lower-casing — is computed only when the scan saw a character that calls for it.

_EDITS, _TONE = 1, 2
"""What the scan saw: a character whose fold changes the length, an astral character or a
combining mark (edits and an offset map needed); a tone mark (pinyin annotations possible)."""
_FAST_MAX_REPLACE = 24
"""Distinct one-to-one fold characters replaced one by one at most: beyond that (a Traditional
text) one ``str.translate`` pass is cheaper."""
_FAST_MAX_HITS = 256
"""Scan hits that are not fold characters (capitals, tone marks …) tolerated before the scan
gives up: each is a Python-level step, and the exact plain computations are cheaper then."""


@dataclass(frozen=True)
class _FastData:
    """The fast path's tables, as stored in the on-disk cache (everything but the compiled
    scan, which ``re`` cannot store)."""

    scan_class: str
    """Every character that is folded, marks an edit, a tone or an ASCII capital."""
    one: dict[str, str]
    """The one-to-one folds (character → character)."""
    kinds: dict[str, int]
    """``_EDITS``/``_TONE`` bits of the scan's other BMP characters (0 for the ASCII capitals,
    which the scan collects for the term view's lower-casing)."""
    chained: frozenset[str]
    """Fold characters whose fold is again a fold character (``薴``→``苧``→``苎``): replacing
    them one by one would fold twice, so they send the text to ``str.translate``."""
    lines_kept: bool
    """No one-to-one fold makes or removes a line break (true of Unicode's data): a view
    without edits then has the original's lines."""


@dataclass(frozen=True)
class _FastTables:
    scan: re.Pattern[str]
    data: _FastData


@lru_cache(maxsize=1)
def _fast_tables() -> _FastTables:
    """The scan and its tables; derived from the fold tables, through the on-disk cache like
    them (building costs about as much as compiling the scan, both at a process's first
    normalize())."""
    import sys

    from . import cache

    data = cache.cached("fold-fast", cache.fold_key(sys.modules[__name__]), _build_fast_data)
    return _FastTables(re.compile(data.scan_class), data)


def _build_fast_data() -> _FastData:
    tables = _fold_tables()
    one = {chr(cp): rep for cp, rep in tables.translate.items() if len(rep) == 1}
    kinds: dict[str, int] = {}
    for cp, rep in tables.translate.items():
        if len(rep) != 1:
            kinds[chr(cp)] = _EDITS
    for cp in [*range(0x300, 0x370), 0x3099, 0x309A]:  # _COMBINING_MARK
        kinds[chr(cp)] = kinds.get(chr(cp), 0) | _EDITS
    for ch in _TONED + _COMBINING_TONES:
        kinds[ch] = kinds.get(ch, 0) | _TONE
    for cp in range(ord("A"), ord("Z") + 1):
        kinds.setdefault(chr(cp), 0)
    chained = frozenset(ch for ch, rep in one.items() if rep in one)
    lines_kept = not any(ch in "\r\n" or rep in "\r\n" for ch, rep in one.items())
    scan_class = _literal_class({*map(ord, one), *map(ord, kinds)}, "\\U00010000-\\U0010ffff")
    return _FastData(scan_class, one, kinds, chained, lines_kept)


def _literal_class(cps: set[int], extra: str = "") -> str:
    """A ``[...]`` class of BMP code points written as the characters themselves: ``re``
    parses it 3× faster than ``\\uXXXX`` escapes, which matters at each process's first
    normalize() (the class has ~2,700 ranges)."""

    def lit(cp: int) -> str:
        ch = chr(cp)
        return "\\" + ch if cp < 0x80 and not ch.isalnum() else ch

    parts: list[str] = []
    ordered = sorted(cps)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        a, b = ordered[i], ordered[j]
        parts.append(lit(a) if a == b else f"{lit(a)}-{lit(b)}")
        i = j + 1
    return "[" + "".join(parts) + extra + "]"


def _fast_fold(text: str) -> tuple[str, int, str] | None:
    """``text`` with every one-to-one fold applied (the same string as the plain path's
    ``str.translate`` outside the edits), the ``_EDITS``/``_TONE`` bits of what the
    text holds and the distinct ASCII capitals it holds after folding — or ``None`` when the
    plain path is cheaper (many distinct fold characters, many capitals) or a chained fold makes
    one-by-one replacing wrong.

    A bit may be set without need (a combining mark that folds one to one); it only switches on
    an exact computation.  A bit or a capital is never missing: the scan has seen every
    character of ``text`` before the position it moves past, and a replacement rewrites only the
    characters equal to the one just found, none of them before it (its capital, if any, is
    recorded on the spot)."""
    ft = _fast_tables()
    search = ft.scan.search
    one, kinds, chained = ft.data.one, ft.data.kinds, ft.data.chained
    flags = replaced = hits = pos = 0
    uppers = ""
    s = text
    while (m := search(s, pos)) is not None:
        ch = m.group()
        rep = one.get(ch)
        if rep is not None:
            if replaced == _FAST_MAX_REPLACE or ch in chained:
                return None
            replaced += 1
            s = s.replace(ch, rep)
            flags |= kinds.get(ch, 0)
            if "A" <= rep <= "Z" and rep not in uppers:
                uppers += rep
        else:
            hits += 1
            if hits > _FAST_MAX_HITS:
                return None
            flags |= kinds.get(ch, _EDITS)  # not in kinds: an astral character
            if "A" <= ch <= "Z" and ch not in uppers:
                uppers += ch
        pos = m.end()
    return s, flags, uppers


# --- offset maps -------------------------------------------------------------------------------


class OffsetMap:
    """Maps positions in a derived string back to the string it was derived from.

    Stored piecewise: a *linear* piece maps view characters one-to-one onto source characters;
    a *collapsed* piece maps several view characters (an NFKC expansion such as ``…``→``...``)
    onto one source range.  Deleted source characters simply fall between pieces.  The number of
    pieces grows with the number of edits, not with the text, so a clean text costs nothing.
    """

    __slots__ = ("_identity", "_linear", "_o", "_o_end", "_src_end", "_v", "view_len")

    def __init__(self, src_len: int, view_len: int) -> None:
        self._v: list[int] = []
        self._o: list[int] = []
        self._o_end: list[int] = []
        self._linear: list[bool] = []
        self._src_end = src_len
        self.view_len = view_len
        self._identity = True

    @classmethod
    def identity(cls, n: int) -> OffsetMap:
        return cls(n, n)

    def _add(self, v: int, o: int, o_end: int, linear: bool) -> None:
        self._identity = False
        self._v.append(v)
        self._o.append(o)
        self._o_end.append(o_end)
        self._linear.append(linear)

    def start(self, v: int) -> int:
        """Source index where view character ``v`` begins (``v == len(view)`` allowed)."""
        if self._identity:
            return v
        if v >= self.view_len:
            return self._src_end
        k = bisect_right(self._v, v) - 1
        if self._linear[k]:
            return self._o[k] + (v - self._v[k])
        return self._o[k]

    def end(self, v: int) -> int:
        """Source index just past the source of view character ``v``."""
        if self._identity:
            return v + 1
        k = bisect_right(self._v, v) - 1
        if self._linear[k]:
            return self._o[k] + (v - self._v[k]) + 1
        return self._o_end[k]

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Source span of the view span ``[a, b)``."""
        if b <= a:
            s = self.start(a)
            return s, s
        return self.start(a), self.end(b - 1)


def _build(
    src: str,
    edits: list[tuple[int, int, str]],
    translate: dict[int, str] | list[str] | None,
) -> tuple[str, OffsetMap]:
    """Apply sorted, non-overlapping ``(start, end, replacement)`` edits to ``src``.

    Untouched stretches are passed through ``str.translate`` (which never changes their length
    when ``translate`` only holds one-to-one entries)."""
    if not edits:
        view = src.translate(translate) if translate else src
        return view, OffsetMap.identity(len(src))
    pieces: list[str] = []
    omap = OffsetMap(len(src), 0)
    v = 0
    pos = 0
    for a, b, rep in edits:
        if a > pos:
            chunk = src[pos:a]
            if translate:
                chunk = chunk.translate(translate)
            omap._add(v, pos, a, True)
            pieces.append(chunk)
            v += len(chunk)
        if rep:
            omap._add(v, a, b, len(rep) == b - a)
            pieces.append(rep)
            v += len(rep)
        pos = b
    if pos < len(src):
        chunk = src[pos:]
        if translate:
            chunk = chunk.translate(translate)
        omap._add(v, pos, len(src), True)
        pieces.append(chunk)
        v += len(chunk)
    if not omap._v:  # everything was deleted
        omap._add(0, len(src), len(src), True)
    omap.view_len = v
    return "".join(pieces), omap


# --- pinyin annotation artefact (cn-formats §7) --------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_COMBINING_TONES = "\u0300\u0301\u0304\u030c"
_LET = "a-zü" + _TONED + "êɑɡ" + _COMBINING_TONES
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
PINYIN_ANNOTATION = re.compile(
    rf"[(（](?<=[{_HAN}][(（])(?=[^)）]{{0,8}}[{_TONED}{_COMBINING_TONES}])[{_LET}]{{1,8}}[)）]"
)
"""An opening bracket right after a Han character, a toned pinyin syllable, a closing bracket.
The lookahead demands a tone mark, so ``(一)``, ``(试行)``, ``(2)`` and ``(men)`` never match."""

_NEUTRAL = "men|de|le|me|zi|ma|ne|ba|men|ge|zhe|li|tou|shang|xia"
PINYIN_NEUTRAL = re.compile(rf"(?<=[{_HAN}])[(（](?:{_NEUTRAL})[)）]")
"""Toneless annotations, stripped only in documents already shown to carry the artefact."""


PINYIN_BARE = re.compile(
    rf"(?<=[{_HAN}])(?=[a-zü]{{0,5}}[{_TONED}{_COMBINING_TONES}])[{_LET}]{{1,8}}(?![A-Za-z0-9{_LET}])"
)
"""A toned pinyin syllable written straight after a Han character, without brackets
(``机jī密mì★5年``, ``镇zhèn人民政府``): the same conversion artefact when the brackets were lost.
A tone mark is required and the syllable must end before any other Latin letter or digit, so
``Běijīng`` (capitalised, too long), ``A类`` or ``3号`` never match.  It counts towards the
per-document gate like a bracketed annotation and is stripped only in gated documents."""


@dataclass(frozen=True)
class PinyinPolicy:
    """When to treat inline pinyin as a conversion artefact (cn-formats §7.3 step 2)."""

    min_count: int = 3
    per_chars: int = 500
    strip_neutral: bool = True
    force: bool = False
    """Strip whatever annotations the text holds, without the gate: for a window of a larger
    document already known to carry the artefact (chunked checking)."""


def pinyin_gated(n: int, chars: int, policy: PinyinPolicy = PinyinPolicy()) -> bool:
    """Does a document of ``chars`` characters with ``n`` strict annotations carry the
    artefact?  (Separate so that chunked checking can make the same whole-document decision.)"""
    if n == 0:
        return False
    dense = n >= 2 and n * policy.per_chars >= chars
    # One annotation alone is never enough: a short notice may explain one rare character.
    return n >= policy.min_count or dense


def pinyin_annotations(text: str, policy: PinyinPolicy = PinyinPolicy()) -> list[tuple[int, int]]:
    """Spans of the annotations to strip, or ``[]`` when the document is not gated in.

    A single annotation in a notice explaining a rare character in a name is legitimate; the
    artefact is a document-level pattern, so the decision is made per document."""
    strict = [m.span() for m in PINYIN_ANNOTATION.finditer(text)]
    strict += [m.span() for m in PINYIN_BARE.finditer(text)] if _has_toned(text) else []
    if not (policy.force or pinyin_gated(len(strict), len(text), policy)):
        return []
    spans = sorted(strict)
    if policy.strip_neutral:
        spans = sorted(set(strict) | {m.span() for m in PINYIN_NEUTRAL.finditer(text)})
    return spans


_TONED_ANY = re.compile(f"[{_TONED}{_COMBINING_TONES}]")


def _has_toned(text: str) -> bool:
    """Any tone mark at all?  Almost no document has one, and this scan is far cheaper than the
    look-behind of :data:`PINYIN_BARE` tried at every character."""
    return _TONED_ANY.search(text) is not None


# --- noise skipping for terms ----------------------------------------------------------------

NOISE_CHARS = " \t*-_.·•~#+=/\\|^`'\"@$%&★☆◆◇■□●○▲△♦♥♠♣"
_NOISE_RUN = re.compile(
    rf"[{re.escape(NOISE_CHARS)}](?<=[{_HAN}][{re.escape(NOISE_CHARS)}])"
    rf"[{re.escape(NOISE_CHARS)}]{{0,2}}(?=[{_HAN}])"
)
"""1–3 noise characters between two Han characters.  Written to start with the noise class
(the Han lookbehind comes after the first character) so that ``re`` can skip ahead to candidate
characters instead of trying a lookbehind at every position: 3× faster, same matches."""
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_ASCII_UPPER_RUN = re.compile(r"[A-Z]+")


def _lower_ascii(s: str) -> str:
    """``s.translate(_ASCII_LOWER)``, but an order of magnitude faster on Chinese text, where
    upper-case Latin letters are rare (a regex scan instead of a dict lookup per character)."""
    return _ASCII_UPPER_RUN.sub(lambda m: m.group().lower(), s)


# --- the normalized document -----------------------------------------------------------------


@dataclass
class Normalized:
    """The original text, the matching view, the term view and the maps between them."""

    original: str
    text: str
    """The view: NFKC, no invisible characters, Simplified, pinyin annotations removed."""
    map: OffsetMap
    terms: str
    """The term view: :attr:`text` lower-cased (ASCII) with noise between Han characters dropped."""
    terms_map: OffsetMap
    """Maps :attr:`terms` positions to :attr:`text` positions."""
    pinyin: list[tuple[int, int]] = field(default_factory=list)
    """Original spans of stripped pinyin annotations."""
    warnings: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    """Detectors that raised on this document: its review is incomplete."""
    """Problems met while checking this document (a pattern that timed out, …)."""
    _line_starts: list[int] | None = None
    _view_lines: list[tuple[int, int]] | None = None
    _view_line_starts: list[int] | None = None
    header_spans: list[tuple[int, int]] = field(default_factory=list)
    """Original spans that are a header zone whatever their line number: the top area of a
    recognised (OCR) page (:func:`baomi_check.detectors.zones.header_lines` adds their lines)."""
    derived: dict[object, object] = field(default_factory=dict)
    """Facts about this document that several detectors need (the header zone …), computed by
    the first one that asks; keys are chosen by the computing module."""

    def view_lines(self) -> list[tuple[int, int]]:
        """``(start, end)`` of every line of the view, line breaks excluded."""
        if self._view_lines is None:
            out: list[tuple[int, int]] = []
            if levers.active.identity and "\r" not in self.text:
                out = _split_spans(self.text)
            else:
                pos = 0
                for m in re.finditer(r"\r\n|\n|\r", self.text):
                    out.append((pos, m.start()))
                    pos = m.end()
                out.append((pos, len(self.text)))
            self._view_lines = out
        return self._view_lines

    def to_original(self, a: int, b: int) -> tuple[int, int]:
        """Original span of a view span."""
        return self.map.span(a, b)

    def terms_to_view(self, a: int, b: int) -> tuple[int, int]:
        return self.terms_map.span(a, b)

    def terms_to_original(self, a: int, b: int) -> tuple[int, int]:
        va, vb = self.terms_map.span(a, b)
        return self.map.span(va, vb)

    def view_line_index(self, pos: int) -> int:
        """Index into :meth:`view_lines` of the line holding view position ``pos``."""
        if self._view_line_starts is None:
            self._view_line_starts = list(map(itemgetter(0), self.view_lines()))
        return max(0, bisect_right(self._view_line_starts, pos) - 1)

    def line_col(self, pos: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an original position."""
        if self._line_starts is None:
            starts = [0]
            if levers.active.identity and "\r" not in self.original:
                if (self.map._identity and len(self.text) == len(self.original)
                        and _fast_tables().data.lines_kept):
                    # One-to-one folds never touch a line break: the view's lines are the
                    # original's (the detectors have usually asked for them already).
                    starts = list(map(itemgetter(0), self.view_lines()))
                else:
                    starts = list(map(itemgetter(0), _split_spans(self.original)))
            else:
                starts.extend(m.end() for m in re.finditer(r"\r\n|\n|\r", self.original))
            self._line_starts = starts
        k = bisect_right(self._line_starts, pos) - 1
        return k + 1, pos - self._line_starts[k] + 1


def _split_spans(s: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every ``\\n``-separated line of ``s``: ``str.split`` and a running
    sum instead of a regex match per line — real documents have a line every 40 characters or
    so.  (Measured faster than ``accumulate``/``map`` or a ``str.find`` loop.)"""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in s.split("\n"):
        end = pos + len(line)
        out.append((pos, end))
        pos = end + 1
    return out


def normalize(
    text: str,
    pinyin_policy: PinyinPolicy | None = PinyinPolicy(),
    ocr: Sequence[tuple[int, int]] = (),
    header: Sequence[tuple[int, int]] = (),
) -> Normalized:
    """Build the views of ``text``.  Never raises on any ``str``.

    ``ocr``: original spans that were recognised from images, where :func:`ocr_digit_fix`
    repairs letters misread in number runs before folding; ``header``: original spans that are
    header zones (the top of a recognised page)."""
    source = text
    if ocr:
        text = ocr_digit_fix(text, ocr)
    fast = _fast_fold(text) if levers.active.identity else None
    if fast is None:
        flags = _EDITS | _TONE
        folded = None
        uppers = ""
    else:
        folded, flags, uppers = fast
    tables = _fold_tables()
    if not pinyin_policy or not (flags & _TONE or pinyin_policy.force):
        # Without any tone mark no strict annotation exists, and without one the document is
        # gated in only by force.
        pinyin = []
    else:
        pinyin = pinyin_annotations(text, pinyin_policy)

    edits: list[tuple[int, int, str]] = []
    if flags & _EDITS:
        edit_re = _edit_regex(tables.edit_class, _COMBINING_MARK.search(text) is not None)
        edits = _char_edits(text, edit_re, tables)
    if pinyin:
        # Merge pinyin deletions with the character-level edits, in order.
        edits = _merge_edits(edits, [(a, b, "") for a, b in pinyin])

    if folded is None:
        view, vmap = _build(text, edits, _fold_sequence())
    else:
        # ``folded`` is ``text`` translated one to one; the edits' positions are unchanged.
        view, vmap = _build(folded, edits, None)

    # Lower-casing is one-to-one, so it can follow the deletions without moving any offset.
    if folded is None:
        term_edits = [(m.start(), m.end(), "") for m in _NOISE_RUN.finditer(view)]
        terms, tmap = _build(view, term_edits, None)
    else:
        terms, tmap = _delete(view, [m.span() for m in _NOISE_RUN.finditer(view)])
    if flags & _EDITS or folded is None:  # an edit may bring capitals of its own (Ⅱ → II)
        terms = _lower_ascii(terms)
    else:
        # Every capital of the view is one the scan saw: a few ``str.replace`` passes.
        for ch in uppers:
            terms = terms.replace(ch, ch.lower())
    return Normalized(source, view, vmap, terms, tmap, pinyin, header_spans=list(header))


def _delete(src: str, spans: list[tuple[int, int]]) -> tuple[str, OffsetMap]:
    """``_build(src, [(a, b, "") ...], None)`` for deletions only, with the map's pieces made
    by list operations instead of a method call per piece (real text has a noise run every few
    hundred characters).  ``spans``: sorted, non-overlapping, non-empty."""
    if not spans:
        return src, OffsetMap.identity(len(src))
    n = len(src)
    starts = [0, *(b for _, b in spans)]
    ends = [*(a for a, _ in spans), n]
    kept = [(a, b) for a, b in zip(starts, ends, strict=True) if b > a]
    omap = OffsetMap(n, 0)
    omap._identity = False
    if not kept:  # everything was deleted
        omap._v, omap._o, omap._o_end, omap._linear = [0], [n], [n], [True]
        return "", omap
    lens = [b - a for a, b in kept]
    omap._v = [0, *accumulate(lens[:-1])]
    omap._o = [a for a, _ in kept]
    omap._o_end = [b for _, b in kept]
    omap._linear = [True] * len(kept)
    omap.view_len = sum(lens)
    return "".join([src[a:b] for a, b in kept]), omap


_COMBINING_MARK = re.compile(r"[\u0300-\u036f\u3099\u309a]")


@lru_cache(maxsize=8)
def _edit_regex(edit_class: str, clusters: bool = True) -> re.Pattern[str]:
    # A base character followed by combining marks is folded as one cluster (NFKC composes it);
    # astral characters are folded one by one (the translate table covers only the BMP).
    # Without the cluster alternative (a text with no combining mark at all, the usual case) the
    # pattern is a plain character class that ``re`` scans about 8× faster.
    if not clusters:
        return re.compile(rf"{edit_class}|[\U00010000-\U0010ffff]")
    return re.compile(
        rf"[^\n\r][\u0300-\u036f\u3099\u309a]+|{edit_class}|[\U00010000-\U0010ffff]"
    )


def _char_edits(
    text: str, edit_re: re.Pattern[str], tables: _FoldTables
) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    for m in edit_re.finditer(text):
        s = m.group()
        if len(s) == 1:
            rep = tables.translate.get(ord(s))
            if rep is None:
                rep = _fold_astral(s)
        else:
            rep = _fold_cluster(s)
        edits.append((m.start(), m.end(), rep))
    return edits


@lru_cache(maxsize=4096)
def _fold_astral(ch: str) -> str:
    return fold_char(ch)


@lru_cache(maxsize=4096)
def _fold_cluster(s: str) -> str:
    composed = unicodedata.normalize("NFKC", s)
    return "".join(fold_char(c) for c in composed)


def _merge_edits(
    a: list[tuple[int, int, str]], b: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Merge two sorted edit lists; where they overlap the wider (pinyin) edit wins."""
    merged = sorted(a + b, key=lambda e: (e[0], -(e[1] - e[0])))
    out: list[tuple[int, int, str]] = []
    for e in merged:
        if out and e[0] < out[-1][1]:
            if e[1] > out[-1][1]:
                out[-1] = (out[-1][0], e[1], "")
            continue
        out.append(e)
    return out


# --- recognised (OCR) text ------------------------------------------------------------------

_OCR_RUN = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9OoIl|]{17}[0-9OoIl|Xx×]|[0-9OoIl|]{15}|[0-9OoIl|]{11})"
    r"(?![0-9A-Za-z×])"
)
_OCR_DIGIT = {"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"}
OCR_MAX_FIXES = 3
"""Letters repaired in one number run at most: a run with more letters than this is a word or
a code, not a misread number."""


def ocr_digit_fix(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with the letters that recognition typically confuses with digits (``O``/``o``
    for 0, ``l``/``I``/``|`` for 1, ``×`` for the check character X) repaired inside runs of the
    lengths of an ID number (15, 18) or a mobile number (11) — and only inside ``spans``, the
    recognised parts of the text.

    One character for one character, so every offset stays where it was: the finding's evidence
    is still the recognised text as read.  The repaired run is then judged by the detectors like
    any number: an ID only with a valid date, region and check character, so noise that happens
    to look like digits never becomes an ID unless the checksum says so."""
    if not spans or not _OCR_RUN.search(text):
        return text
    chars: list[str] | None = None
    for a, b in spans:
        for m in _OCR_RUN.finditer(text, a, b):
            run = m.group()
            n = len(run)
            if n not in (11, 15, 18):
                continue
            fixes = [(i, ch) for i, ch in enumerate(run)
                     if not ch.isdigit() and not (i == 17 and ch in "Xx")]
            if not fixes or len(fixes) > OCR_MAX_FIXES:
                continue
            repl: list[tuple[int, str]] = []
            for i, ch in fixes:
                if ch == "×":
                    if n != 18 or i != 17:
                        break
                    repl.append((i, "X"))
                else:
                    repl.append((i, _OCR_DIGIT[ch]))
            else:
                if chars is None:
                    chars = list(text)
                for i, ch in repl:
                    chars[m.start() + i] = ch
    return text if chars is None else "".join(chars)
