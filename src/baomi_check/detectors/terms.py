"""Term detection: one Aho–Corasick pass over the term view, then precision filters.

Catches every ``terms:`` entry of the pack (spam, wrong wording, customer lists) written in
Traditional characters, full-width letters, with zero-width characters or noise between the
characters (赌*博).  Then, in this order, it drops:

* Latin hits that are part of a longer Latin word (``av`` in ``have``);
* hits inside one of the term's allow phrases (黄片 in 三黄片);
* hits whose sentence contains one of the term's ``unless_near`` words (六合彩 in 打击六合彩);
* hits that jieba says cut through words (法轮 in 办法|轮流, 口交 in 地铁口|交易), or keeps them
  one severity lower when the rule's boundary mode is ``downgrade``;
* ``weak`` spam terms standing alone (精品, 在线观看): they count only inside a spam run.

Spam runs — three or more spam terms within 40 characters of one line, the shape of an
injected SEO title (``免费av_国产精品_一区二区``) — become one ``spam.title_run`` finding that
replaces the individual hits in it.

Overlaps are resolved here, not with ``pyahocorasick.iter_long`` (which has had correctness
bugs with Chinese keys): a hit contained in a longer hit of the same category is dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import ClassVar

import ahocorasick

from .. import levers
from ..config import CheckConfig
from ..models import Severity
from ..normalize import Normalized, normalize
from ..rulepack import RulePack, TermRule
from ..segment import Segmenter, shared_segmenter
from .base import Candidate
from .term_dfa import TermScanner

SENTENCE_END = frozenset("。！？!?；;\n\r")
_MAX_SENTENCE = 80
RUN_MIN_TERMS = 3
RUN_WINDOW = 40
RUN_MAX_GAP = 12
SPAM_HITS_KEY = "terms.spam_hits"
"""``doc.derived`` key: ``(start, end, rule, severity, confidence)`` of every spam hit."""
RUNS_KEY = "terms.spam_runs"
"""``doc.derived`` key: term-view spans of the credible spam title runs (the spam structure
detector judges brands outside them)."""
DRAW_WORDS_KEY = "terms.draw_words"
"""``doc.derived`` key: whether the term view holds one of the lottery detector's draw words
(``spam.DRAW_NEEDLES``), found by the fast term scan in the same pass (lever ``term_scan``).  A
word in the view is in the term view too, so ``False`` proves the view has none."""
SEGMENT_STOP = frozenset("。！？!?；;，,、：:“”\"‘’'《》〈〉【】()（）[]<>|丨_\n\r\t")
SEGMENT_MAX = 16
SCAN_AFTER_CHARS = 60_000
SCAN_CHARS_PER_KEY = 4
"""Characters a detector scans with ``pyahocorasick`` before it builds its
:class:`~.term_dfa.TermScanner` (lever ``term_scan``): ``SCAN_AFTER_CHARS`` plus this many per
key.  Building costs about as much as ``pyahocorasick`` takes for that much text (~20 ms for
the built-in pack's 2,200 keys, ~80 ms for 20,000), so a one-file run keeps the cached
automaton and a batch switches after its first pages."""
SCAN_MIN_VIEW = 2_000
"""The scanner is built while scanning a text of at least this many characters, never for a
line or two: a service's short request must not pay for it within its time limit."""


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _glued(a: str, b: str) -> bool:
    """Are two adjacent characters part of one Latin word (``av`` in ``have``)?  A change
    between digits and letters is a boundary (``bet365app``, ``k8娱乐``), as in brand strings."""
    return _is_latin(a) and _is_latin(b) and a.isdigit() == b.isdigit()


def term_key(text: str) -> str:
    """The form a term or allow phrase takes in the term view."""
    return normalize(text, pinyin_policy=None).terms


@dataclass
class _Hit:
    start: int  # term-view coordinates
    end: int
    idx: int  # index into the pack's terms
    severity: Severity
    confidence: float


class TermDetector:
    name: ClassVar[str] = "terms"

    def __init__(
        self,
        terms: list[TermRule],
        automaton: ahocorasick.Automaton | None,
        allow_keys: list[list[str]],
        near_keys: list[list[str]],
        segmenter: Segmenter,
        window: int,
    ) -> None:
        self.terms = terms
        self._auto = automaton
        self._allow_keys = allow_keys
        self._near_keys = near_keys
        self._seg = segmenter
        self._window = window
        self._scanner: TermScanner | None = None
        self._scanned = 0

    @classmethod
    def build(cls, pack: RulePack, config: CheckConfig) -> TermDetector:
        auto, allow_keys, near_keys = _compiled(pack)
        return cls(
            list(pack.terms),
            auto,
            allow_keys,
            near_keys,
            pack_segmenter(pack),
            config.boundary_window,
        )

    # -- matching ------------------------------------------------------------------------

    def _raw(
        self, view: str, derived: dict[str, object] | None = None
    ) -> tuple[list[_Hit], dict[int, list[tuple[int, int]]]]:
        hits: list[_Hit] = []
        allows: dict[int, list[tuple[int, int]]] = {}
        if self._auto is None or not view:
            return hits, allows
        found = self._auto.iter(view)
        if levers.active.term_scan:
            scanner = self.scanner(len(view))
            if scanner is not None:
                try:
                    found, probed = scanner.scan(view)
                except UnicodeEncodeError:
                    pass  # lone surrogates have no UTF-8 form: pyahocorasick takes them
                else:
                    if derived is not None:
                        derived[DRAW_WORDS_KEY] = probed
        for end_idx, (n, vals) in found:
            start, end = end_idx - n + 1, end_idx + 1
            for kind, i in vals:
                if kind == "a":
                    allows.setdefault(i, []).append((start, end))
                    continue
                t = self.terms[i]
                hits.append(_Hit(start, end, i, t.severity, t.confidence))
        return hits, allows

    def scanner(self, chars: int = 0, force: bool = False) -> TermScanner | None:
        """The pack's fast scanner, built once this detector has scanned
        :data:`SCAN_AFTER_CHARS` (plus per key) characters (``chars`` more now, at least
        :data:`SCAN_MIN_VIEW`), or at once with ``force``."""
        if self._scanner is None and self._auto is not None:
            self._scanned += chars
            if force or (chars >= SCAN_MIN_VIEW and self._scanned >= SCAN_AFTER_CHARS
                         + SCAN_CHARS_PER_KEY * len(self._auto)):
                from .spam import DRAW_NEEDLES  # spam imports this module

                self._scanner = TermScanner(self._auto.items(), [w for w, _ in DRAW_NEEDLES])
        return self._scanner

    def detect(self, doc: Normalized) -> list[Candidate]:
        hits = self.hits(doc)
        # The spam structure detector scores combinations of these same hits: hand them over
        # instead of scanning the document with the automaton a second time.
        doc.derived[SPAM_HITS_KEY] = [
            (h.start, h.end, self.terms[h.idx], h.severity, h.confidence)
            for h in hits if self.terms[h.idx].category == "spam"
        ]
        return self._emit(doc, hits)

    def hits(self, doc: Normalized) -> list[_Hit]:
        """Term hits that survive every filter (weak ones included), in term-view coordinates.

        Also used by the spam structure detector, which scores combinations of these hits."""
        view = doc.terms
        raw, allows = self._raw(view, doc.derived)
        kept: list[_Hit] = []
        excused: list[tuple[int, int, str]] = []
        for h in raw:
            t = self.terms[h.idx]
            if h.start > 0 and _glued(view[h.start - 1], view[h.start]):
                continue
            if h.end < len(view) and _glued(view[h.end - 1], view[h.end]):
                continue
            if any(a <= h.start and h.end <= b for a, b in allows.get(h.idx, ())):
                continue
            s0, s1 = _sentence(view, h.start, h.end)
            if self._near_keys[h.idx] and any(
                k in view[s0:s1] for k in self._near_keys[h.idx]
            ):
                excused.append((h.start, h.end, t.category))
                continue
            if t.wrong_since is not None and _latest_year(doc) < t.wrong_since:
                continue
            if t.boundary != "none" and not self._aligned(doc, h, s0, s1):
                if t.boundary == "strict":
                    continue
                h.severity = h.severity.lowered()
                h.confidence = min(h.confidence, 0.4)
            kept.append(h)
        if excused:
            # A longer term excused by its context (谨防“真人百家乐”) excuses the shorter terms
            # inside it too (百家乐), whatever their own lists say.
            kept = [h for h in kept if not any(
                a <= h.start and h.end <= b and c == self.terms[h.idx].category
                for a, b, c in excused)]
        return _drop_contained(kept, self.terms)

    def _aligned(self, doc: Normalized, h: _Hit, s0: int, s1: int) -> bool:
        """Does the hit start and end on word boundaries?

        A separator the term view dropped (``网投_人妻``: ``_`` between two Han characters) is a
        boundary by itself; elsewhere jieba decides."""
        view = doc.terms
        if _is_latin(view[h.start]) and _is_latin(view[h.end - 1]):
            return True  # Latin words were already checked against ASCII neighbours
        start_ok = h.start == 0 or _dropped_before(doc, h.start)
        end_ok = h.end == len(view) or _dropped_before(doc, h.end)
        if start_ok and end_ok:
            return True
        w0 = max(s0, h.start - self._window)
        w1 = min(s1, h.end + self._window)
        cuts = self._seg.boundaries(view[w0:w1])
        return (start_ok or (h.start - w0) in cuts) and (end_ok or (h.end - w0) in cuts)

    # -- spam runs and output ------------------------------------------------------------

    def _emit(self, doc: Normalized, hits: list[_Hit]) -> list[Candidate]:
        out: list[Candidate] = []
        spam = sorted((h for h in hits if self.terms[h.idx].category == "spam"),
                      key=lambda h: h.start)
        in_run: set[int] = set()
        run_spans: list[tuple[int, int]] = []
        starts = [h.start for h in spam]
        for a, b in _runs(doc.terms, spam):
            # Only the hits starting inside the run (bisect): scanning every spam hit per run
            # was quadratic on a long single-line page full of spam words.
            first, last = bisect_left(starts, a), bisect_left(starts, b)
            members = [h for h in spam[first:last] if h.end <= b]
            if not _credible_run(doc, a, b, [self.terms[h.idx] for h in members]):
                continue
            in_run.update(id(h) for h in members)
            run_spans.append((a, b))
            words = "、".join(dict.fromkeys(doc.terms[h.start:h.end] for h in members))
            va, vb = whole_segments(doc, *doc.terms_to_view(a, b))
            out.append(
                Candidate(
                    rule_id="spam.title_run",
                    category="spam",
                    severity=Severity.BLOCK,
                    start=va,
                    end=vb,
                    space="view",
                    message=f"疑似被植入的色情/赌博推广标题串（{words}），网页可能被篡改",
                    suggestion="删除该段内容，排查网站是否被入侵或被镜像",
                    confidence=0.97,
                    matched=doc.text[va:vb],
                )
            )
        doc.derived[RUNS_KEY] = run_spans
        for h in hits:
            t = self.terms[h.idx]
            if id(h) in in_run or t.strength == "weak" or t.role == "brand":
                # Brands are judged in their sentence by the spam detector (prose → review,
                # promotion → block), so they are not reported here on their own.
                continue
            surface = doc.terms[h.start:h.end]
            out.append(
                Candidate(
                    rule_id=f"{t.rule}",
                    category=t.category,
                    severity=h.severity,
                    start=h.start,
                    end=h.end,
                    space="terms",
                    message=t.message.replace("{term}", t.term),
                    suggestion=t.suggestion,
                    confidence=h.confidence,
                    matched=surface,
                )
            )
        return out


_Compiled = tuple["ahocorasick.Automaton | None", list[list[str]], list[list[str]]]


def _compile(terms: list[TermRule]) -> _Compiled:
    """The automaton over every term and allow phrase (in term-view form) and the keys of the
    allow phrases and ``unless_near`` words, per term."""
    auto = ahocorasick.Automaton()
    allow_keys: list[list[str]] = []
    near_keys: list[list[str]] = []
    entries: dict[str, list[tuple[str, int]]] = {}
    for i, t in enumerate(terms):
        key = term_key(t.term)
        if key:
            entries.setdefault(key, []).append(("t", i))
        akeys = [k for k in (term_key(a) for a in t.allow) if k]
        allow_keys.append(akeys)
        for k in akeys:
            entries.setdefault(k, []).append(("a", i))
        near_keys.append([k for k in (term_key(w) for w in t.unless_near) if k])
    for key, vals in entries.items():
        auto.add_word(key, (len(key), tuple(vals)))
    if entries:
        auto.make_automaton()
    return (auto if entries else None), allow_keys, near_keys


def _compiled(pack: RulePack) -> _Compiled:
    """:func:`_compile` through the on-disk cache (a fresh process then skips normalizing every
    term and building the automaton).  Keyed by exactly what the result depends on: the terms,
    allow phrases and ``unless_near`` words in order, this module's and the normalizer's source
    and the fold tables' key."""
    import sys

    from .. import cache
    from .. import normalize as norm

    content = repr([(t.term, t.allow, t.unless_near) for t in pack.terms])
    digest = cache.key(
        "terms", content, cache.source_digest(sys.modules[__name__], norm), cache.fold_key(norm),
        cache.installed("ahocorasick"),  # the automaton is pickled in its own format
    )
    return cache.cached("terms", digest, lambda: _compile(pack.terms))


def pack_segmenter(pack: RulePack) -> Segmenter:
    """The process's segmenter for this pack: the ``segmentation`` words and every term (one
    instance per word set, shared by every detector and checker that asks)."""
    user_words = tuple(
        w for sec in pack.sections.get("segmentation", []) for w in _words(sec[0])
    ) + _cached_segmentation_words(pack)
    return shared_segmenter(user_words)


_SEG_WORDS: dict[str, tuple[str, ...]] = {}


def _cached_segmentation_words(pack: RulePack) -> tuple[str, ...]:
    """:func:`segmentation_words` once per pack and process (the term and prose detectors both
    ask), and through the on-disk cache across processes: normalizing every term costs more
    than checking a small file."""
    import sys

    from .. import cache
    from .. import normalize as norm

    content = repr([t.term for t in pack.terms])
    got = _SEG_WORDS.get(content)
    if got is None:
        digest = cache.key("segwords", content,
                           cache.source_digest(sys.modules[__name__], norm), cache.fold_key(norm))
        got = cache.cached("segwords", digest, lambda: segmentation_words(pack.terms))
        if len(_SEG_WORDS) > 16:
            _SEG_WORDS.clear()
        _SEG_WORDS[content] = got
    return got


def segmentation_words(terms: list[TermRule]) -> tuple[str, ...]:
    """Every configured term, in term-view form, as a word for the segmenter's dictionary.

    jieba does not know a unit's code names (``长江一号工程``) and happily cuts
    ``长江|一号|工程建设|进展``, so a strict boundary check would veto the term in almost every
    sentence that continues after it.  Known to the dictionary (with jieba's own suggested
    frequency, just enough to keep the word whole against its own pieces), the term is one
    token wherever it really is one, while 办法|轮流 still cuts 法轮 and 地铁口|交易 still cuts
    口交: the neighbouring words outweigh the term there (tests/core/test_terms.py).  Pure Latin
    keys are left out: jieba keeps Latin runs whole anyway.  So are ``weak`` spam words: they
    only count inside spam structures, where title separators already mark their edges, and two
    thousand of them in the dictionary would glue ordinary words to their neighbours
    (赌博网站 would swallow a customer's 赌博)."""
    out: dict[str, None] = {}
    for t in terms:
        if t.strength == "weak":
            continue
        key = term_key(t.term)
        if len(key) >= 2 and not key.isascii():
            out[key] = None
    return tuple(out)


def _words(section: object) -> list[str]:
    if isinstance(section, dict):
        words = section.get("words", [])
        return [str(w) for w in words] if isinstance(words, list) else []
    return []


def _dropped_before(doc: Normalized, i: int) -> bool:
    """Did the term view drop separators between term-view characters ``i - 1`` and ``i``?"""
    return doc.terms_map.start(i) > doc.terms_map.end(i - 1)


_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年")


def _latest_year(doc: Normalized) -> int:
    """The latest year written in the document (``2009年``), or a large number when it names
    none: a text without a date cannot be shown to be historical."""
    key = "latest_year"
    got = doc.derived.get(key)
    if got is None:
        years = [int(m.group(1)) for m in _YEAR.finditer(doc.text)]
        got = doc.derived[key] = max(years) if years else 9999
    return got  # type: ignore[return-value]


def _sentence(view: str, a: int, b: int) -> tuple[int, int]:
    """The sentence around ``[a, b)``, bounded to :data:`_MAX_SENTENCE` characters each way."""
    s = a
    lim = max(0, a - _MAX_SENTENCE)
    while s > lim and view[s - 1] not in SENTENCE_END:
        s -= 1
    e = b
    lim = min(len(view), b + _MAX_SENTENCE)
    while e < lim and view[e] not in SENTENCE_END:
        e += 1
    return s, e


def _drop_contained(hits: list[_Hit], terms: list[TermRule]) -> list[_Hit]:
    """Leftmost-longest within a category: drop a hit inside a longer hit of the same category."""
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[_Hit] = []
    reach: dict[str, int] = {}
    strong_reach: dict[str, int] = {}
    for h in hits:
        cat = terms[h.idx].category
        strong = terms[h.idx].strength == "strong"
        # A weak longer hit (赌博网站, counted only in spam structures) must not hide a strong
        # term inside it (赌博 of a customer list): only an equal or stronger hit absorbs.
        if (strong_reach if strong else reach).get(cat, -1) >= h.end:
            continue
        # Same span, same category, different entries: keep the first (most specific wins by
        # file order).
        if out and out[-1].start == h.start and out[-1].end == h.end and \
                terms[out[-1].idx].category == cat:
            continue
        out.append(h)
        reach[cat] = max(reach.get(cat, -1), h.end)
        if strong:
            strong_reach[cat] = max(strong_reach.get(cat, -1), h.end)
    return out


TITLE_SEPARATORS = "_|"


def _credible_run(doc: Normalized, a: int, b: int, members: list[TermRule]) -> bool:
    """A run of weak words only (精品节目，支持在线观看，配有中文字幕) is ordinary prose; it counts
    when one member is a strong term or the words are joined by SEO title separators (``_``,
    ``|``), which the term view drops, so they are counted in the view."""
    if any(t.strength == "strong" for t in members):
        return True
    va, vb = doc.terms_to_view(a, b)
    return sum(doc.text[va:vb].count(c) for c in TITLE_SEPARATORS) >= RUN_MIN_TERMS - 1


def whole_segments(doc: Normalized, va: int, vb: int) -> tuple[int, int]:
    """Widen a view span to the title segments it touches: a run found from ``免费av`` to
    ``一区二区`` in ``中文字幕免费av专区_…_一区二区三区`` covers whole segments, so that redaction
    leaves no tail of the injected title behind.  Never crosses punctuation, separators or a
    line break, and never widens by more than :data:`SEGMENT_MAX` characters on a side."""
    text = doc.text
    lim = max(0, va - SEGMENT_MAX)
    while va > lim and text[va - 1] not in SEGMENT_STOP and not text[va - 1].isspace():
        va -= 1
    lim = min(len(text), vb + SEGMENT_MAX)
    while vb < lim and text[vb] not in SEGMENT_STOP and not text[vb].isspace():
        vb += 1
    return va, vb


def _runs(view: str, spam: list[_Hit]) -> list[tuple[int, int]]:
    """Spans of spam runs: ≥3 spam hits, each within a short gap of the previous, on one line,
    with three of them inside a 40-character window."""
    runs: list[tuple[int, int]] = []
    group: list[_Hit] = []

    def flush() -> None:
        if len(group) >= RUN_MIN_TERMS and any(
            group[i + RUN_MIN_TERMS - 1].end - group[i].start <= RUN_WINDOW
            for i in range(len(group) - RUN_MIN_TERMS + 1)
        ):
            runs.append((group[0].start, max(h.end for h in group)))

    for h in spam:
        if group:
            prev_end = max(g.end for g in group)
            gap = view[prev_end:h.start] if h.start > prev_end else ""
            if len(gap) > RUN_MAX_GAP or any(c in "\n\r。！？!?" for c in gap):
                flush()
                group = []
        group.append(h)
    flush()
    return runs
