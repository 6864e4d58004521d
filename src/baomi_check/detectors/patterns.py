"""Regular-expression rules from the pack (``patterns:``), with a scope and a timeout.

Internal-use markings (工作秘密, 内部资料　注意保存, （此件不公开）, 不得外传 …) and any customer
pattern are data in ``rules/``.  A rule's ``scope`` says where a match counts: ``any`` place,
only as a whole short ``line`` (a stamp or 附注 line, not a sentence that mentions the words), or
only as a whole line in the ``header`` zone.  Matches outside the scope are ignored unless the
rule gives an ``elsewhere`` severity.

Each pattern runs once over the whole view (one pass per rule, never per line × per rule), with
the ``regex`` module's timeout so a catastrophic pattern in a user's pack cannot hang a scan.

Most documents hold no match of any rule, so what decides the cost is how quickly a rule is ruled
out.  With the ``combined_patterns`` lever (the default) one pass answers that for all rules: an
Aho-Corasick automaton over the *anchors'* spellings (see :mod:`baomi_check.literals`: a stretch
of each alternative, such as ``内\\s*部\\s*(?:资\\s*料|文\\s*件)``, spelt ``内部资料``/``内部文件``)
walks the text with its whitespace removed, and a rule none of whose anchors occurs is skipped;
a line-scoped rule whose anchor occurs is then tried on the lines where an anchor match starts,
not on every short line, and a whole-text rule only at the positions where a match can start
(an anchor match, minus the bounded width its pattern allows in front), not at every position.
A rule without anchors (a user's pattern the analysis does not understand) takes the plain
path, which stays as the reference: the per-rule character prefilter, then every eligible line
or one scan of the whole text.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, Literal, overload

from .. import levers
from ..config import CheckConfig
from ..literals import (
    anchor_keys,
    literal_matches,
    may_match,
    required_anchors,
    required_literals,
)
from ..mask import mask_codes
from ..normalize import Normalized
from ..rulepack import PatternRule, RulePack
from .base import Candidate
from .zones import TRIM, header_lines, is_whole_line, line_index

if TYPE_CHECKING:
    import ahocorasick_rs
    import regex

log = logging.getLogger(__name__)

_SCAN_RATIO = 16
"""Replay a scan at the possible match starts only while they are fewer than one in this many
characters of the text (a ``match`` call costs about as much as scanning a few dozen)."""

_DFA_WORDS = 5000
"""Up to this many anchor spellings the automaton is a DFA (fastest; its size grows with the
spellings, a user pack with tens of thousands of patterns gets the library's default)."""


COMBINED_AFTER_CHARS = 50_000
"""Characters a detector checks on the plain path before it builds the combined automaton.
Building it costs ~13 ms, what the plain path spends on ~50k characters of clean text: a
one-file command-line run or a short service request never pays for it, a batch or a long
document builds it at once (same candidates either way; ``tests/speed``)."""
COMBINED_MIN_TEXT = 2_000
"""Only a text at least this long triggers the build (a stream of short requests stays plain)."""


class PatternDetector:
    name: ClassVar[str] = "patterns"

    def __init__(self, rules: list[PatternRule], header_n: int, timeout: float) -> None:
        self.rules = rules
        self.header_n = header_n
        self.timeout = timeout
        # Characters each pattern's matches must contain: a pattern whose characters are absent
        # is skipped without a regex pass (see literals.py; sound, so results are unchanged).
        self._needs = [required_literals(r.regex) for r in rules]
        # Compiled on first use: most texts rule most patterns out by their literals alone, and
        # compiling all of them costs more than checking a small file.  The pack's loader has
        # already compiled each once to validate it, so this cannot fail here.
        self._compiled: list[regex.Pattern[str] | None] = [None] * len(rules)
        self._combined: _Combined | None = None
        self._scanned = 0

    def __getstate__(self) -> dict[str, object]:
        # The automaton does not pickle; a copy of the detector (a process pool's, say)
        # builds its own on first use.
        return {**self.__dict__, "_combined": None}

    @classmethod
    def build(cls, pack: RulePack, config: CheckConfig) -> PatternDetector:
        return cls(list(pack.patterns), config.header_lines, config.regex_timeout)

    def _pattern(self, i: int) -> regex.Pattern[str]:
        pat = self._compiled[i]
        if pat is None:
            import regex

            pat = self._compiled[i] = regex.compile(self.rules[i].regex, regex.V1)
        return pat

    def detect(self, doc: Normalized) -> list[Candidate]:
        n = len(doc.text)
        self._scanned += n  # unlocked: a lost update only delays the build a little
        if levers.active.combined_patterns and (
            self._combined is not None
            or (n >= COMBINED_MIN_TEXT and self._scanned >= COMBINED_AFTER_CHARS)
        ):
            return self._detect_combined(doc)
        return self._detect_plain(doc)

    def _detect_plain(self, doc: Normalized) -> list[Candidate]:
        """One prefilter and one scan per rule: the reference for :meth:`_detect_combined`."""
        out: list[Candidate] = []
        text = doc.text
        lines = doc.view_lines()
        chars = set(text)
        for i, (rule, need) in enumerate(zip(self.rules, self._needs, strict=True)):
            if not may_match(need, text, chars):
                continue
            spans = None
            if rule.scope != "any" and rule.elsewhere is None:
                # Only whole short lines can count: run the pattern on those lines alone
                # instead of trying it at every position of every paragraph.
                header = header_lines(doc, self.header_n) if rule.scope != "line" else None
                spans = [lines[li] for li in _eligible(doc, rule, header)]
            self._run(doc, i, spans, out)
        return out

    def _detect_combined(self, doc: Normalized) -> list[Candidate]:
        """The candidates of :meth:`_detect_plain`, ruling rules out with one pass for all."""
        combined = self._combined
        if combined is None:
            combined = self._combined = _Combined(self.rules)
        out: list[Candidate] = []
        text = doc.text
        present = combined.present(text)
        for i in combined.candidates(present):
            rule, need = self.rules[i], self._needs[i]
            line_scoped = rule.scope != "any" and rule.elsewhere is None
            ids = combined.anchors[i]
            spans: list[tuple[int, int]] | None = None
            starts: list[int] | None = None
            if ids is None:  # no anchors: the plain path's prefilter and lines
                if not may_match(need, text):
                    continue
                if line_scoped:
                    header = header_lines(doc, self.header_n) if rule.scope != "line" else None
                    lines = doc.view_lines()
                    spans = [lines[li] for li in _eligible(doc, rule, header)]
            else:
                live = [k for k in ids if k in present]
                if not live:
                    continue  # no anchor occurs: the rule has no match
                if line_scoped:
                    spans = self._anchor_lines(doc, rule, combined, live)
                    if not spans:
                        continue
                elif not may_match(need, text):
                    continue
                else:
                    starts = self._match_starts(text, i, combined, live)
            self._run(doc, i, spans, out, starts)
        return out

    def _match_starts(
        self, text: str, i: int, combined: _Combined, live: list[int]
    ) -> list[int] | None:
        """Every position where a match of rule ``i`` can start, in order: a match holds a match
        of its alternative's anchor at ``p`` and starts at most ``before`` characters earlier.
        ``None`` (scan everything) when some anchor has no such bound, the rule uses ``\\G``
        (whose meaning depends on where a search starts), an anchor timed out, or there are so
        many positions that one scan is cheaper."""
        before = combined.before[i]
        if before is None or any(before[k] is None for k in live):
            return None
        found = combined.starts(text, live, self.timeout, per_anchor=True)
        if found is None:
            return None
        got: set[int] = set()
        for k, positions in zip(live, found, strict=True):
            w, spaced = before[k]  # type: ignore[misc]
            for p in positions:
                if not spaced:
                    got.update(range(max(0, p - w), p + 1))
                    continue
                s, seen = p, 0  # back over whitespace and at most w other characters
                while s > 0 and (text[s - 1].isspace() or seen < w):
                    seen += not text[s - 1].isspace()
                    s -= 1
                got.update(range(s, p + 1))
            if len(got) * _SCAN_RATIO > len(text):
                return None
        return sorted(got)

    def _anchor_lines(
        self, doc: Normalized, rule: PatternRule, combined: _Combined, live: list[int]
    ) -> list[tuple[int, int]]:
        """The eligible lines (in order) where a match of one of the anchors ``live`` starts:
        a match of the rule inside a line holds an anchor match starting in that line."""
        text = doc.text
        lines = doc.view_lines()
        header = header_lines(doc, self.header_n) if rule.scope != "line" else None
        starts = combined.starts(text, live, self.timeout)
        if starts is None:  # an anchor timed out: every eligible line, as the plain path does
            return [lines[li] for li in _eligible(doc, rule, header)]
        spans = []
        for li in sorted({doc.view_line_index(p) for p in starts}):
            a, b = lines[li]
            if _is_short(text, a, b, rule.max_line_length) and (header is None or li in header):
                spans.append((a, b))
        return spans

    def _run(
        self,
        doc: Normalized,
        i: int,
        spans: list[tuple[int, int]] | None,
        out: list[Candidate],
        starts: list[int] | None = None,
    ) -> None:
        """Rule ``i`` over the whole view (``spans`` is ``None``) or over each of ``spans``
        that holds its literals; its matches, judged against its scope, go to ``out``.  With
        ``starts`` (every position where a match can start) the whole-view scan is replayed
        there alone: the same matches, in order, without the positions in between."""
        rule, need = self.rules[i], self._needs[i]
        text = doc.text
        pat = self._pattern(i)
        try:
            got = _matches_at(pat, text, starts, self.timeout) if starts is not None else None
            if got is not None:
                matches = got
            elif spans is None:
                matches = list(pat.finditer(text, timeout=self.timeout))
            else:
                matches = []
                for a, b in spans:
                    # A match lies inside its line, so the line must hold the literals.
                    if may_match(need, text[a:b]):
                        matches.extend(pat.finditer(text, a, b, timeout=self.timeout))
        except TimeoutError:
            msg = f"规则 {rule.id} 的正则表达式超时（{self.timeout}s），已跳过"
            log.warning(msg)
            doc.warnings.append(msg)
            return
        lines = doc.view_lines() if matches and rule.scope != "any" else []
        for m in matches:
            a, b = m.span()
            # A pattern that allows spacing at its edges (``[(（]?\s*此件…``) may begin on
            # the previous line when run over the whole text: the finding, and the line it
            # is judged on, start at its first visible character.
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a == b:
                continue
            sev = rule.severity
            if rule.scope != "any":
                li = line_index(doc, a)
                la, lb = lines[li]
                if rule.scope == "in_header":
                    ok = b <= lb and (lb - la) <= rule.max_line_length
                else:
                    ok = b <= lb and is_whole_line(text[la:lb], a - la, b - la,
                                                   rule.max_line_length)
                if ok and rule.scope in ("header", "in_header"):
                    ok = li in header_lines(doc, self.header_n)
                if not ok:
                    if rule.elsewhere is None:
                        continue
                    sev = rule.elsewhere
            out.append(
                Candidate(
                    rule_id=rule.id,
                    category=rule.category,
                    severity=sev,
                    start=a,
                    end=b,
                    message=rule.message.replace("{match}", m.group().strip()),
                    suggestion=rule.suggestion,
                    confidence=rule.confidence if sev == rule.severity
                    else min(rule.confidence, 0.6),
                    matched=text[a:b],
                    masked=mask_codes(text[a:b]) if rule.mask else None,
                )
            )


class _Combined:
    """The anchors of a detector's rules and one automaton over all their spellings, built once
    per detector (the built-in pack's and each user pack's own) on first use."""

    def __init__(self, rules: list[PatternRule]) -> None:
        self.anchors: list[tuple[int, ...] | None] = []
        """Per rule, the ids of its anchors; ``None`` when it has none (the plain path)."""
        self.before: list[dict[int, tuple[int, bool] | None] | None] = []
        """Per rule and anchor id, how many characters of a match can precede the anchor's
        piece and whether whitespace besides (:attr:`Anchor.before`, :attr:`Anchor.spaced`;
        the widest over the rule's alternatives with that anchor); ``None`` for the rule when
        it uses ``\\G``."""
        self._regexes: list[str] = []
        self._compiled: list[regex.Pattern[str] | None] = []
        self._literal: list[frozenset[str] | None] = []
        """Per anchor, the strings it matches when it is plain text (found by ``str.find``)."""
        ids: dict[str, int] = {}
        keys: dict[str, set[int]] = {}
        for rule in rules:
            found = required_anchors(rule.regex)
            spelt = [anchor_keys(a) for a in found] if found is not None else None
            if found is None or spelt is None or any(k is None for k in spelt):
                self.anchors.append(None)
                self.before.append(None)
                continue
            mine: list[int] = []
            before: dict[int, tuple[int, bool] | None] = {}
            for anchor, words in zip(found, spelt, strict=True):
                k = ids.setdefault(anchor.regex, len(ids))
                if k == len(self._regexes):
                    self._regexes.append(anchor.regex)
                    self._compiled.append(None)
                    self._literal.append(literal_matches(anchor))
                for w in words or ():
                    keys.setdefault(w, set()).add(k)
                bound = None if anchor.before is None else (anchor.before, anchor.spaced)
                if k not in before:
                    mine.append(k)
                    before[k] = bound
                elif (was := before[k]) is not None:
                    before[k] = None if bound is None else (max(was[0], bound[0]),
                                                            was[1] or bound[1])
            self.anchors.append(tuple(mine))
            self.before.append(None if "\\G" in rule.regex else before)
        self._unanchored = [i for i, a in enumerate(self.anchors) if a is None]
        self._rules_of: list[list[int]] = [[] for _ in self._regexes]
        for i, a in enumerate(self.anchors):
            for k in a or ():
                self._rules_of[k].append(i)
        self._words = [tuple(sorted(v)) for v in keys.values()]
        """Per spelling (in the automaton's order), the anchors it belongs to."""
        self._words_text = list(keys)
        self._automaton: ahocorasick_rs.BytesAhoCorasick | None = None
        if keys:
            import ahocorasick_rs

            # UTF-16 code units, because in UTF-8 every Han character starts with one of a few
            # lead bytes, which defeats the automaton's byte-level skipping; a match at an odd
            # offset is a false alarm at worst (the rule then runs and finds nothing).
            self._automaton = ahocorasick_rs.BytesAhoCorasick(
                [w.encode("utf-16-le", "surrogatepass") for w in keys],
                implementation=ahocorasick_rs.Implementation.DFA if len(keys) <= _DFA_WORDS
                else None,
            )

    def present(self, text: str) -> set[int]:
        """Ids of the anchors that may match somewhere in ``text``: one pass over the text
        with its whitespace removed (``str.split`` removes what :func:`str.isspace` calls
        whitespace, a superset of the ``regex`` module's ``\\s``)."""
        found: set[int] = set()
        if self._automaton is not None:
            flat = "".join(text.split()).encode("utf-16-le", "surrogatepass")
            for w, _, _ in self._automaton.find_matches_as_indexes(flat, overlapping=True):
                found.update(self._words[w])
        return found

    def candidates(self, present: set[int]) -> list[int]:
        """Indices of the rules that may match, in pack order: those without anchors and those
        with an anchor in ``present``."""
        if not present:
            return self._unanchored
        got = set(self._unanchored)
        for k in present:
            got.update(self._rules_of[k])
        return sorted(got)

    @overload
    def starts(
        self, text: str, ids: list[int], timeout: float, per_anchor: Literal[False] = False
    ) -> list[int] | None: ...

    @overload
    def starts(
        self, text: str, ids: list[int], timeout: float, per_anchor: Literal[True]
    ) -> list[list[int]] | None: ...

    def starts(
        self, text: str, ids: list[int], timeout: float, per_anchor: bool = False
    ) -> list[int] | list[list[int]] | None:
        """Every position of ``text`` where one of the anchors ``ids`` matches (a list per
        anchor with ``per_anchor``); ``None`` when a search timed out."""
        out: list[int] = []
        each: list[list[int]] = []
        for k in ids:
            words = self._literal[k]
            if words is not None:
                mine = sorted({p for w in words for p in _occurrences(text, w)})
                out.extend(mine)
                each.append(mine)
                continue
            pat = self._compiled[k]
            if pat is None:
                import regex

                pat = self._compiled[k] = regex.compile(self._regexes[k], regex.V1)
            pos = 0
            mine: list[int] = []
            try:
                while (m := pat.search(text, pos, timeout=timeout)) is not None:
                    mine.append(m.start())
                    pos = m.start() + 1
            except TimeoutError:
                return None
            out.extend(mine)
            each.append(mine)
        return each if per_anchor else out


def _occurrences(text: str, word: str) -> Iterator[int]:
    """Every position where ``word`` starts in ``text``, overlapping ones included."""
    p = text.find(word)
    while p >= 0:
        yield p
        p = text.find(word, p + 1)


def _matches_at(
    pat: regex.Pattern[str], text: str, starts: list[int], timeout: float
) -> list[regex.Match[str]] | None:
    """What ``pat.finditer(text)`` yields when no match can start outside ``starts``: at each
    start not inside the previous match, the match there if any (``match`` at a position sees
    the whole text around it, as the scan does).  One time limit for all the tries, as for the
    one scan.  ``None`` if a match is empty (the scan's rule for empty matches is not replayed;
    a rule with anchors never matches empty)."""
    deadline = time.monotonic() + timeout
    out = []
    end = 0
    for s in starts:
        if s < end:
            continue
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("regex timed out")
        m = pat.match(text, s, timeout=left)
        if m is not None:
            if m.end() == s:
                return None
            out.append(m)
            end = m.end()
    return out


def _eligible(doc: Normalized, rule: PatternRule, header: set[int] | None) -> list[int]:
    """Indices of the lines where a match of a line- or header-scoped rule could count."""
    ordered, short = _short_lines(doc, rule.max_line_length)
    if rule.scope != "line" and header is not None:
        return [li for li in sorted(header) if li in short]
    return ordered


def _is_short(text: str, a: int, b: int, max_len: int) -> bool:
    """Is the line ``text[a:b]`` no longer than ``max_len`` without its padding?  (The test
    :func:`_short_lines` applies to every line.)"""
    return b - a <= max_len or len(text[a:b].strip(TRIM)) <= max_len


def _short_lines(doc: Normalized, max_len: int) -> tuple[list[int], frozenset[int]]:
    """Lines no longer than ``max_len`` without padding (in order, and as a set), once per
    document and length: most rules share the default length."""
    key = ("short_lines", max_len)
    got = doc.derived.get(key)
    if got is None:
        text = doc.text
        ordered = [
            li for li, (a, b) in enumerate(doc.view_lines())
            if b - a <= max_len or len(text[a:b].strip(TRIM)) <= max_len
        ]
        got = doc.derived[key] = (ordered, frozenset(ordered))
    return got  # type: ignore[return-value]
