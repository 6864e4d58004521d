"""Anchor index: the term automaton's hits, found only where one of its rare anchors occurs.

Why (issue 17, lever ``term_scan``): ``pyahocorasick`` looks every character up among the
children of its root, one by one; with two thousand terms starting with ~570 different
characters that is a few hundred nanoseconds per character, on text that almost never holds a
term.  A compiled ``re`` character class, by contrast, is tested in a tight C loop.

How: every key of the automaton (terms and allow phrases, in term-view form) gets one *anchor*:
a character of the key (the *trigger*) and one neighbour inside the key (the character before
or after it), or the trigger alone for a one-character key.  The triggers are a small set of
characters that are rare in general Chinese — a weighted greedy hitting set over the keys, with
character frequencies taken from jieba's dictionary (general Chinese, never from the texts we
check) — so the scan stops at few places.  One regular expression finds exactly the positions
where a trigger stands next to one of *its own* neighbours (a lookbehind dispatch per trigger,
see :func:`_pattern`), and only there are the keys anchored on that bigram compared with
``str.startswith``.  The result is the very list ``automaton.iter`` yields: the same
occurrences, ordered by end and, at one end, longest first (the order of the automaton's
output links), with the automaton's own values.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

Value = tuple[int, tuple[tuple[str, int], ...]]
"""The automaton's value of a key: its length and its ``(kind, term index)`` entries."""

_ENGLISH = "etaoinsrhldcumfpgwybvkxjqz"
"""English letters, most frequent first (latin keys prefer their rarest letter as trigger)."""
_LATIN_WEIGHT = 5_000_000.0
"""Weight of an ASCII letter or digit: as common as a very common Han character (Latin runs,
numbers and dates are everywhere in official text), so a key with a Han character is
anchored on it.  Letters are graded by English frequency."""
_OTHER_WEIGHT = 50_000_000.0
"""Weight of punctuation and other symbols absent from jieba's dictionary: never a trigger
when the key has anything else."""
_GROUP_FIRST = 16
_GROUP_GROWTH = 1.5


@lru_cache(maxsize=1)
def char_weights() -> dict[str, float]:
    """How common each Han character is in general Chinese: the sum of the dictionary
    frequencies of jieba's words containing it (through the on-disk cache; jieba's dictionary
    is 5 MB of text, the table a few hundred kB)."""
    from importlib.util import find_spec

    from .. import cache

    try:
        spec = find_spec("jieba")
        origin = spec.origin if spec is not None else None
        dict_file = Path(origin).with_name("dict.txt") if origin else None
        st = dict_file.stat() if dict_file is not None else None
    except (ImportError, ValueError, OSError):
        dict_file, st = None, None
    if dict_file is None or st is None:
        return {}

    def build() -> dict[str, float]:
        out: dict[str, float] = {}
        with dict_file.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) < 2 or not parts[1].isdigit():
                    continue
                f = float(parts[1])
                for c in parts[0]:
                    out[c] = out.get(c, 0.0) + f
        return out

    import sys

    digest = cache.key("charfreq", str(dict_file), f"{st.st_size}:{st.st_mtime_ns}",
                       cache.source_digest(sys.modules[__name__]))
    return cache.cached("charfreq", digest, build)


def weight(c: str, table: dict[str, float]) -> float:
    """Expected frequency of ``c`` in ordinary text (higher: more stops if it were a trigger)."""
    if c.isascii():
        if c.isalpha():
            rank = _ENGLISH.find(c.lower())
            return _LATIN_WEIGHT * (1.0 + (26 - rank if rank >= 0 else 0) / 26)
        return _LATIN_WEIGHT * 2 if c.isdigit() else _OTHER_WEIGHT
    got = table.get(c)
    if got is not None:
        return got + 1.0
    # Not in the dictionary: a rare ideograph (1) or punctuation/symbols (common in text).
    return 1.0 if c.isalpha() else _OTHER_WEIGHT


def _triggers(keys: list[str], w: dict[str, float]) -> set[str]:
    """A weighted greedy hitting set: characters such that every key contains one, chosen by
    keys covered per unit of weight (lazy greedy with a heap; ties by character)."""
    holders: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        for c in set(k):
            holders.setdefault(c, []).append(i)
    uncovered = [True] * len(keys)
    count = {c: len(ix) for c, ix in holders.items()}
    heap = [(-count[c] / w[c], c) for c in holders]
    heapq.heapify(heap)
    chosen: set[str] = set()
    left = len(keys)
    while left and heap:
        score, c = heapq.heappop(heap)
        now = -count[c] / w[c]
        if now != score:
            if count[c]:
                heapq.heappush(heap, (now, c))
            continue
        if not count[c]:
            continue
        chosen.add(c)
        for i in holders[c]:
            if uncovered[i]:
                uncovered[i] = False
                left -= 1
                for d in set(keys[i]):
                    count[d] -= 1
    return chosen


class AnchorIndex:
    """Finds every occurrence of an automaton's keys, as ``automaton.iter`` reports them."""

    def __init__(self, items: Iterable[tuple[str, Value]]) -> None:
        table = char_weights()
        entries = [(k, v) for k, v in items if k]
        keys = [k for k, _ in entries]
        w = {c: weight(c, table) for k in keys for c in k}
        trig = _triggers(keys, w)
        # Per anchor bigram (or single trigger): the keys anchored there, with the trigger's
        # offset in the key.  Two dictionaries because a bigram can be anchored on its first
        # character for one key and on its second for another.
        self._after: dict[str, list[tuple[int, str, Value]]] = {}  # trigger + next char
        self._before: dict[str, list[tuple[int, str, Value]]] = {}  # previous char + trigger
        self._single: dict[str, list[tuple[str, Value]]] = {}
        nxt: dict[str, set[str]] = {}
        prv: dict[str, set[str]] = {}
        for k, v in entries:
            if len(k) == 1:
                self._single.setdefault(k, []).append((k, v))
                continue
            best: tuple[float, int, int] | None = None  # (neighbour weight, offset, side)
            for i, c in enumerate(k):
                if c not in trig:
                    continue
                for side in (1, -1):
                    j = i + side
                    if 0 <= j < len(k):
                        cand = (w[k[j]], i, side)
                        if best is None or cand < best:
                            best = cand
            assert best is not None  # every key holds a trigger
            _, i, side = best
            t = k[i]
            if side == 1:
                self._after.setdefault(k[i:i + 2], []).append((i, k, v))
                nxt.setdefault(t, set()).add(k[i + 1])
            else:
                self._before.setdefault(k[i - 1:i + 1], []).append((i, k, v))
                prv.setdefault(t, set()).add(k[i - 1])
        self.triggers = sorted(set(nxt) | set(prv) | set(self._single),
                               key=lambda c: (-w.get(c, 1.0), c))
        self._rx = re.compile(_pattern(self.triggers, nxt, prv, set(self._single))) \
            if self.triggers else None

    def iter(self, view: str) -> list[tuple[int, Value]]:
        """``list(automaton.iter(view))`` for the automaton these keys came from."""
        if self._rx is None or not view:
            return []
        out: list[tuple[int, Value]] = []
        after, before, single = self._after, self._before, self._single
        for m in self._rx.finditer(view):
            q = m.start()
            for _k, v in single.get(view[q], ()):
                out.append((q, v))
            for i, k, v in after.get(view[q:q + 2], ()):
                s = q - i
                if s >= 0 and view.startswith(k, s):
                    out.append((s + len(k) - 1, v))
            if q:
                for i, k, v in before.get(view[q - 1:q + 1], ()):
                    s = q - i
                    if s >= 0 and view.startswith(k, s):
                        out.append((s + len(k) - 1, v))
        if len(out) > 1:
            # The automaton reports by end position and, at one end, along its output links:
            # longest key first.  Two keys with the same end and length are the same key.
            out.sort(key=lambda r: (r[0], -r[1][0]))
        return out


def _cls(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def _pattern(triggers: list[str], nxt: dict[str, set[str]], prv: dict[str, set[str]],
             single: set[str]) -> str:
    """One regular expression matching exactly the trigger positions where an anchor occurs.

    It starts with the class of all triggers, so ``re`` skips ahead to candidate characters in
    its C loop.  A cheap union test (any trigger's next or previous neighbour) drops most
    stops; the rest are dispatched in a lookbehind: first to a group of triggers (a class test
    on the trigger, most frequent triggers first, in groups growing from
    :data:`_GROUP_FIRST`), then to the trigger itself (a literal), whose own neighbour classes
    decide.  Every alternative starts with a class or a literal, which ``re`` tests before
    entering it.  The match is the trigger alone: lookarounds consume nothing, so no trigger
    is skipped."""

    def cond(t: str) -> str:
        if t in single:
            return ""
        parts = []
        if t in nxt:
            parts.append(f"(?={_cls(nxt[t])})")
        if t in prv:
            parts.append(f"(?<={_cls(prv[t])}.)")
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    pre = []
    if nxt:
        pre.append(f"(?={_cls(set().union(*nxt.values()))})")
    if prv:
        pre.append(f"(?<={_cls(set().union(*prv.values()))}.)")
    if single:
        pre.append(f"(?<={_cls(single)})")
    groups: list[list[str]] = []
    i, size = 0, _GROUP_FIRST
    while i < len(triggers):
        groups.append(triggers[i:i + size])
        i += size
        size = int(size * _GROUP_GROWTH) + 1
    branches = []
    for g in groups:
        inner = "|".join(f"{re.escape(t)}{cond(t)}" for t in g)
        branches.append(f"{_cls(g)}(?<={inner})")
    return f"{_cls(triggers)}(?:{'|'.join(pre)})(?<={'|'.join(branches)})"
